"""Separate the author's own words from quoted replies, signatures and legal footers.

English and Polish mail conventions: "On … wrote:", "W dniu … pisze:", "-----Original Message-----",
"-----Wiadomość oryginalna-----", "From:/Od:" header blocks, "> " lines, sign-offs such as
"Best regards" / "Pozdrawiam" / "Z poważaniem", "Sent from my iPhone" / "Wysłane z iPhone'a",
confidentiality footers and disclaimers ("This message and any attachments are confidential …",
"Informacja zawarta w tej wiadomości jest poufna …", "Administratorem danych osobowych jest …"),
and a trailing contact block (phone, e-mail, web, address, NIP/KRS lines and the name and title
just above them). Only the text analysed is cut: the stored body keeps the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from clientfit.text.normalize import CONTEXT_FOLDED, fold
from clientfit.text.prefilter import LiteralGate, ascii_bytes

# Patterns run on folded (lower-case, diacritic-free) lines.
_REPLY_HEADER: Final = re.compile(
    r"^(on\b.{0,250}\bwrote:?|w dniu\b.{0,250}\b(pisze|napisal\(a\)|napisal|napisala):?"
    r"|dnia\b.{0,250}\b(pisze|napisal\(a\)|napisal|napisala):?)\s*$")
_SEPARATOR: Final = re.compile(
    r"^\s*(-{2,}\s*(original message|wiadomosc oryginalna|oryginalna wiadomosc|forwarded message"
    r"|wiadomosc przekazana dalej|reply message)\s*-{2,}|_{10,})\s*$")
_HEADER_FIELD: Final = re.compile(
    r"^\s*\*?(from|od|sent|wyslano|date|data|to|do|subject|temat|cc|dw)\*?:")
_HEADER_START: Final = re.compile(r"^\s*\*?(from|od)\*?:\s*\S")
_FOOTER: Final = re.compile(
    r"(this (e-?mail|message|communication)\b.{0,80}\b(confidential|privileged)"
    r"|confidentiality notice"
    r"|the (information|contents?) (contained )?(in|of) this (e-?mail|message)"
    r"|intended (solely|only) for the (use of the )?(addressee|recipient|individual)"
    r"|if you (have )?received this (e-?mail|message|communication) (in error|by mistake)"
    r"|please consider the environment before printing"
    r"|(tresc|informacje zawarte w) tej wiadomosci\b.{0,60}\bpoufn"
    r"|wiadomosc\b.{0,40}\b(jest|moze byc|moze zawierac)\b.{0,30}\bpoufn"
    r"|przeznaczona (wylacznie|jedynie) dla adresata"
    r"|jezeli (nie (sa|jest) (panstwo|pan|pani) adresatem|otrzymali panstwo te wiadomosc)"
    r"|zanim wydrukujesz|sad rejonowy\b.{0,80}\bkrs|kapital zakladowy"
    r"|(this|the) (e-?mail|message)( and any (attachments?|files?)( transmitted with it)?)?"
    r" (is|are|may be|may contain)\b.{0,40}\b(confidential|privileged)"
    r"|^\s*(disclaimer|legal notice|important notice|privacy notice)\s*:"
    r"|any (views|opinions) (or opinions )?(expressed|presented) in this"
    r"|this (e-?mail|message) has been (scanned|checked)"
    r"|(informacja|informacje|tresc) (zawart[aey] )?w (tej|niniejszej) wiadomosci\b.{0,80}\bpoufn"
    r"|(niniejsza|ta) wiadomosc( e-?mail)?( (oraz|i) (wszelkie |jej )?zalaczniki)?"
    r" (jest|sa|moze|moga|zawiera)\b.{0,40}\bpoufn"
    r"|administratorem (\S+ ){0,2}danych\b"
    r"|klauzula (informacyjna|poufnosci)|\brodo\b.{0,60}\b(dane|danych|informuj)"
    r"|nie drukuj (tej wiadomosci|tego maila)|zastanow sie, zanim wydrukujesz)")
# Lines of a contact block (phone, e-mail, web, address, company registration numbers).
_CONTACT: Final = re.compile(
    r"^\s*((tel|tel\.|phone|mob|mobile|cell|kom|komorka|fax|t|m|p|e|w|direct|office|biuro)"
    r"\s*[.:]\s*\S.*|\+?\(?\d[\d ()./-]{7,}\d\s*$|\S+@\S+\.\S+\s*$|(https?://|www\.)\S+\s*$"
    r"|(ul|al|pl|os)\.\s+\S.*|.*\b\d{2}-\d{3}\s+\w+.*|(nip|regon|krs|vat( id| no)?|company"
    r" (no|number)|registered (in|office)|bdo)\b\s*[.:]?\s*[\w-]+.*|.*\blinkedin\.com\b.*)$")
_MAX_CONTACT_NAME_LINES: Final = 3
# Something in the last lines that a contact block would have (the gate for `_CONTACT`).
_CONTACT_HINT: Final = re.compile(r"\d{3}|@|www\.|https?:")
_SIGN_OFF: Final = re.compile(
    r"^\s*((best|kind|warm|warmest|many)?\s*regards|best wishes|best|cheers|sincerely"
    r"|yours sincerely"
    r"|yours faithfully|thanks|thank you|many thanks|all the best|take care"
    r"|pozdrawiam(y)?(\s+serdecznie)?|serdecznie pozdrawiam(y)?|serdeczne pozdrowienia|pozdrowienia"
    r"|z powazaniem|z wyrazami szacunku|z gory dziekuje|dzieki|dziekuje|dziekujemy|milego dnia"
    r"|sent from my \w+|wyslane z (mojego )?\w+.*|--)\s*[,.!]?\s*$")
_MAX_SIGNATURE_LINES: Final = 7


@dataclass(frozen=True, slots=True)
class StrippedMessage:
    """A message body split into the author's own text and what was cut away."""

    own: str
    quoted: str
    signature: str
    footer: str


def _find_quote_start(folded_lines: list[str]) -> int | None:
    for i, line in enumerate(folded_lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _REPLY_HEADER.match(stripped) or _SEPARATOR.match(stripped):
            return i
        if stripped.startswith(("on ", "w dniu ", "dnia ")) and i + 1 < len(folded_lines) \
                and _REPLY_HEADER.match(stripped + " " + folded_lines[i + 1].strip()):
            return i
        if _HEADER_START.match(stripped):
            following = folded_lines[i + 1:i + 5]
            if any(_HEADER_FIELD.match(f) for f in following):
                return i
    return None


def strip_message(body: str) -> StrippedMessage:
    """Split `body` into own text, quoted replies, signature and footer (in that order of the
    original; `own` keeps the author's words only, with `>` lines removed)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _strip_lines(lines, [fold(line) for line in lines], True, True)[0]


def _strip_lines(lines: list[str], folded_lines: list[str], cut_possible: bool,
                 footer_possible: bool) -> tuple[StrippedMessage, str]:
    """`strip_message` of the message whose lines and folded lines are given, and the folded
    form of its `own` text. `cut_possible` False says no line can be a quote header,
    separator or quoted line (`_CUT_GATE`), `footer_possible` False that none matches
    `_FOOTER`."""
    quoted: list[str] = []
    start = _find_quote_start(folded_lines) if cut_possible else None
    if start is not None:
        quoted = lines[start:]
        lines, folded_lines = lines[:start], folded_lines[:start]
    if cut_possible:
        keep = [(ln, fl) for ln, fl in zip(lines, folded_lines, strict=True)
                if not fl.lstrip().startswith(">")]
        quoted = [ln for ln, fl in zip(lines, folded_lines, strict=True)
                  if fl.lstrip().startswith(">")] + quoted
    else:
        keep = list(zip(lines, folded_lines, strict=True))
    footer: list[str] = []
    for i, (_, fl) in enumerate(keep if footer_possible else ()):
        if _FOOTER.search(fl):
            footer = [ln for ln, _ in keep[i:]]
            keep = keep[:i]
            break
    signature: list[str] = []
    while keep and not keep[-1][0].strip():
        keep.pop()
    contact = _contact_block_start(keep)
    if contact is not None:
        signature = [ln for ln, _ in keep[contact:]]
        keep = keep[:contact]
        while keep and not keep[-1][0].strip():
            keep.pop()
    for i in range(len(keep) - 1, max(-1, len(keep) - 1 - _MAX_SIGNATURE_LINES), -1):
        if _SIGN_OFF.match(keep[i][1]) and i > 0:
            signature = [ln for ln, _ in keep[i:]] + signature
            keep = keep[:i]
            break
    joined = "\n".join(ln for ln, _ in keep)
    own = joined.strip()
    # Folding keeps lengths, so the folded own text is the same slice of the folded lines.
    start = len(joined) - len(joined.lstrip())
    own_folded = "\n".join(fl for _, fl in keep)[start:start + len(own)]
    return StrippedMessage(own, "\n".join(quoted).strip(), "\n".join(signature).strip(),
                           "\n".join(footer).strip()), own_folded


def _contact_block_start(keep: list[tuple[str, str]]) -> int | None:
    """Where a trailing contact block starts (its lines, and up to three short lines of name
    and title just above them), or None when the text does not end in one."""
    i = len(keep)
    found = 0
    while i > 0 and (not keep[i - 1][1].strip() or _CONTACT.match(keep[i - 1][1])):
        found += bool(keep[i - 1][1].strip())
        i -= 1
    if not found:
        return None
    names = 0
    while i > 1 and names < _MAX_CONTACT_NAME_LINES:
        line = keep[i - 1][0].strip()
        if not line or len(line.split()) > 5 or line[-1:] in ".!?:" or line[:1].islower():
            break
        names += 1
        i -= 1
    return i if i > 0 else None


# Literals without which no line is a quote header, separator, quote, footer or sign-off.
_CUT_GATE: Final = LiteralGate([_REPLY_HEADER.pattern, _SEPARATOR.pattern, _HEADER_START.pattern,
                         _FOOTER.pattern, ">"])
_SIGN_OFF_GATE: Final = LiteralGate([_SIGN_OFF.pattern])
_FOOTER_GATE: Final = LiteralGate([_FOOTER.pattern])


def own_text(body: str) -> str:
    """`strip_message(body).own`, without splitting a body into lines when nothing in it can
    be a quote, footer or signature (most short messages)."""
    return own_text_folded(body)[0]


def own_text_folded(body: str) -> tuple[str, str, bytes]:
    """`own_text(body)`, its folded form and that form's `ascii_bytes` (the body is folded
    once, for the quote gates and the analyzer)."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    folded = fold(body)
    data = ascii_bytes(folded)
    cut = _CUT_GATE.may_match(data)
    if cut or ("\n" in body and (
            _SIGN_OFF_GATE.may_match(data) or _CONTACT_HINT.search(body, max(0, len(body) - 300))
            is not None)):
        lines = body.split("\n")
        if CONTEXT_FOLDED in body:  # lower-cased by context: fold each line on its own
            stripped, _ = _strip_lines(lines, [fold(line) for line in lines], True, True)
            own = stripped.own
            folded = fold(own)
        else:  # folding is character by character: the folded body's lines are the lines'
            stripped, folded = _strip_lines(lines, folded.split("\n"), cut,
                                            cut and _FOOTER_GATE.may_match(data))
            own = stripped.own
        return own, folded, ascii_bytes(folded)
    own = body.strip()
    if len(own) == len(body):
        return body, folded, data
    start = len(body) - len(body.lstrip())
    end = start + len(own)
    return own, folded[start:end], data[start:end]


_REPLY_PREFIX: Final = re.compile(r"^\s*((re|odp|fwd?|pd|aw|sv|tr)\s*(\[\d+\])?\s*:\s*)+",
                                   re.IGNORECASE)


def is_reply_subject(subject: str) -> bool:
    """True when the subject comes from an earlier message ("Re:", "Odp:", "Fwd:" …)."""
    return bool(_REPLY_PREFIX.match(subject or ""))


def clean_subject(subject: str) -> str:
    """The subject without reply and forward prefixes."""
    return _REPLY_PREFIX.sub("", subject or "").strip()
