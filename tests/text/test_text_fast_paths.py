"""The default analyzer's fast paths give exactly what the plain code they replace gave: the
folding by `str.replace`, the reuse of the folded body (quote stripping, subject, language),
and the one-pass language vote. (Whole analyses, before and after a speed change, are compared
by scripts/check_text_outputs.py.)"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from clientfit.text import language as lang_module
from clientfit.text import strip
from clientfit.text.evaluation import load_labelled
from clientfit.text.normalize import fold
from clientfit.text.prefilter import ascii_bytes
from clientfit.text.strip import own_text_folded, strip_message

DATA = Path(__file__).resolve().parents[1] / "data"
EDGE_CASES = [
    "ΟΔΟΣ ΣΟΦΙΑΣ\n> quoted ΣΑΣ\nBest regards,\nΣ",  # capital sigma: lower-cased by context
    "İstanbul Σ office: this e-mail is confidential",  # İ lowers to two characters
    "don´t ¨ ˛ … — “quoted” ’ a\u00a0b ﬁ ㎏ Ａ €5 😀",
    "Dzień dobry,\nfaktura nie działa.\n\nPozdrawiam\nJan Kowalski\ntel. +48 600 100 200",
    "Re: ŻÓŁĆ\r\nOn Mon, 3 Mar 2026, Anna wrote:\r\n> Łódź", "", "   \n  ", "\u2028\u0085x",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    paths = [*sorted((DATA / "blind_text" / "tuning").glob("*.jsonl")),
             DATA / "text_eval" / "messages.jsonl", DATA / "text_tuning" / "messages.jsonl"]
    out = [m.body for p in paths for m in load_labelled(p)]
    out += [m.subject for p in paths for m in load_labelled(p) if m.subject]
    return out + EDGE_CASES


def _fold_char(ch: str) -> str:
    special = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "s", "’": "'",
               "‘": "'", "`": "'", "„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "–": "-",
               "—": "-", "\u00a0": " "}
    if ch in special:
        return special[ch]
    if ord(ch) < 128:
        return ch
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base and ord(base) < 128 else ch


def reference_fold(text: str) -> str:
    """The folding as it was written first: a function call per non-ASCII character."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[:1] for c in text)
    return re.sub(r"[^\x00-\x7f]", lambda m: _fold_char(m.group()), lowered)


def test_fold_gives_the_reference_folding(texts: list[str]) -> None:
    for text in texts:
        assert fold(text) == reference_fold(text), text


def reference_own_text(body: str) -> str:
    """`own_text_folded(body)[0]` as it was before it reused the folded body."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    data = ascii_bytes(fold(body))
    if strip._CUT_GATE.may_match(data) or ("\n" in body and (
            strip._SIGN_OFF_GATE.may_match(data)
            or strip._CONTACT_HINT.search(body, max(0, len(body) - 300)) is not None)):
        return strip_message(body).own
    return body.strip()


def test_own_text_is_folded_exactly_as_folding_it_again(texts: list[str]) -> None:
    for body in texts:
        own, folded, data = own_text_folded(body)
        assert own == reference_own_text(body), body
        assert folded == fold(own), body
        assert data == ascii_bytes(folded), body


def reference_language(text: str, fallback: str | None = None) -> tuple[str, bool]:
    """`detect_language_certainty` as it was before its one-pass vote."""
    m = lang_module
    if "/" in text or "@" in text or "www." in text:
        text = m._ADDRESSES.sub(" ", text)
    words = m._word_list(fold(text))
    if m._NON_LATIN.search(text) and sum(1 for c in text if m._NON_LATIN.match(c)) > len(text) / 4:
        return m.OTHER, True
    if len(words) < m._MIN_WORDS:
        if fallback in m.LANGUAGES:
            return str(fallback), False
        if any(w in m._SHORT_HINTS["pl"] or any(c in "ąćęłńóśźż" for c in text.lower())
               for w in words):
            return "pl", False
        if any(w in m._SHORT_HINTS["en"] for w in words):
            return "en", False
        if not words:
            return fallback or m.OTHER, False
    if m._polish_words(text):
        return "pl", True
    en = sum(map(m._ONLY["en"].__contains__, words))
    pl = sum(map(m._ONLY["pl"].__contains__, words))
    clear = None
    if (en and not pl and len(words) < m._MIN_WORDS_OTHER) or (
            en >= m._CLEAR_HITS and en >= m._CLEAR_RATIO * pl):
        clear = "en"
    elif pl >= m._CLEAR_HITS and pl >= m._CLEAR_RATIO * en:
        clear = "pl"
    lang = clear or m.best_guess(text)
    if len(words) >= m._MIN_WORDS_OTHER and not m._POLISH_LETTERS.search(text):
        shares = [sum(1 for w in words if w in m._COMMON[x]) / len(words) for x in m.LANGUAGES]
        if max(shares) < m._MIN_COMMON_SHARE:
            return m.OTHER, False
    return lang, clear is not None


def test_language_vote_gives_the_reference_decision(texts: list[str]) -> None:
    extra = ["Привет, как дела? Всё хорошо", "das ist nicht gut und wir sind sehr unzufrieden "
             "mit dem Ergebnis", "@united thanks https://t.co/x www.example.com ok great",
             "Mr Wałęsa called", "OK", "Dzięki", "tak", "the a", "merci beaucoup"]
    for text in [*texts, *extra]:
        own, folded, _ = own_text_folded(text)
        want = reference_language(own)
        assert lang_module.detect_language_certainty(own) == want, own
        assert lang_module.detect_language_certainty(own, None, folded) == want, own
        assert lang_module.detect_language_certainty(own, "pl") == reference_language(own, "pl")
