"""Mail: mbox (Gmail Takeout included) and .eml files or folders, with the standard library.

An mbox is read in one pass, message by message (`mbox_messages`), so a 2 GB Takeout is never
held in memory. Text is decoded by `encoding.decode_text` (valid UTF-8,
then the declared charset, then the Polish code pages), headers by `email.policy.default`
(RFC 2047) with raw 8-bit headers re-decoded the same way. The body kept is the newest reply:
quoted history ("On … wrote:", "Dnia … napisał(a):", Outlook's "Od:/Wysłano:") is cut off by
mail-parser-reply. Which messages belong to which client is decided at load time from the
correspondents' domains (importing.py): mail with no known client is skipped with that reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC
from email import policy
from email.errors import HeaderParseError
from email.header import Header, decode_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from clientfit.importers.auto_reply import SKIPPED_AUTOMATIC, automatic_reply
from clientfit.importers.base import HEAD_SIZE, Importer, Options, register
from clientfit.importers.encoding import decode_text
from clientfit.importers.records import Item, MessageRecord, Problem, Skipped, stable_key

# compat32 parsing is several times faster than policy.default's header registry; headers are
# decoded here instead, each RFC 2047 word through decode_text so a mislabelled charset is caught.
_PARSER = BytesParser(_class=EmailMessage, policy=policy.compat32)


def _raw(message: EmailMessage, name: str) -> list[str]:
    values = message.get_all(name) or []
    if any(isinstance(v, Header) for v in values):  # raw 8-bit bytes, which compat32 would
        wanted = name.lower()                        # turn into U+FFFD: decode_words reads them
        return [str(v) for key, v in message.raw_items() if key.lower() == wanted]
    return [str(v) for v in values]


def decode_words(text: str) -> str:
    """RFC 2047 encoded words and raw 8-bit bytes in a header, as text."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = decode_text(text.encode("ascii", "surrogateescape"))
    if "=?" not in text:
        return text
    try:
        parts = decode_header(text)
    except HeaderParseError:
        return text
    return "".join(
        chunk if isinstance(chunk, str) else decode_text(chunk, charset)
        for chunk, charset in parts
    )


def header_text(message: EmailMessage, name: str) -> str:
    values = _raw(message, name)
    return " ".join(decode_words(values[0]).split()) if values else ""


def _addresses(message: EmailMessage, *names: str) -> list[tuple[str, str]]:
    raw = [value for name in names for value in _raw(message, name)]
    return [(" ".join(decode_words(display).split()), address.lower())
            for display, address in getaddresses(raw) if "@" in address]


def html_text(html: str) -> str:
    if not html.strip():
        return ""
    from lxml import html as lxml_html

    try:
        return lxml_html.fromstring(html).text_content()
    except Exception:  # noqa: BLE001 - unparsable HTML: keep the raw text rather than fail
        return html


@lru_cache(maxsize=1)
def _reply_parser() -> Any:
    from mailparser_reply import EmailReplyParser

    return EmailReplyParser(languages=["en", "pl"])


def newest_reply(text: str) -> str:
    """The text above the quoted history of a reply (EN and PL quote headers)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return ""
    try:
        reply = _reply_parser().parse_reply(text=text)
    except Exception:  # noqa: BLE001 - the parser's regexes must never sink an import
        return text
    return (reply or text).strip()


def _text_part(message: EmailMessage) -> EmailMessage | None:
    """The first inline text/plain part, else the first inline text/html part."""
    found: dict[str, EmailMessage] = {}
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html") and kind not in found:
            found[kind] = part  # type: ignore[assignment]
    return found.get("text/plain") or found.get("text/html")


def body_text(message: EmailMessage) -> str:
    part = _text_part(message)
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_param("charset")
    text = decode_text(payload, charset if isinstance(charset, str) else None)
    if part.get_content_type() == "text/html":
        text = html_text(text)
    return newest_reply(text)


def thread_id(message: EmailMessage, message_id: str, in_reply_to: str | None) -> str | None:
    """The conversation a message belongs to, from headers every copy of it carries.

    The first id in References (the conversation's first message), else In-Reply-To, else the
    message's own Message-ID (it starts a conversation). Gmail's X-GM-THRID numbers threads per
    mailbox, so the same message read from a colleague's Outlook folder or another Takeout would
    get another thread: it is used only for a message with none of these headers.
    """
    references = header_text(message, "References").split()
    root = references[0].strip("<>") if references else ""
    return (root or in_reply_to or message_id
            or header_text(message, "X-GM-THRID") or None)


def header_line(data: bytes, name: str, first: int = 1) -> int | None:
    """The line of the file on which header `name` starts, or None when the message's header
    block (`data`, whose first line is line `first` of the file) has no such field."""
    wanted = name.lower().encode()
    for number, line in enumerate(data.split(b"\n"), start=first):
        if not line.strip():
            return None  # the end of the header block
        field, colon, _ = line.partition(b":")
        if colon and field.strip().lower() == wanted:
            return number
    return None


def message_record(message: EmailMessage, where: str, data: bytes = b"",
                   first: int | None = None) -> Item:
    """The record of one message; `data` (its bytes) and `first` (the line of the file it
    starts on) let a problem name the line of the header at fault."""

    def problem(name: str, reason: str) -> Problem:
        line = header_line(data, name, first) if first is not None else None
        return Problem(where, line if line is not None else first, name, reason)

    senders = _addresses(message, "From")
    if not senders:
        return problem("From", "no sender address")
    display, sender = senders[0]
    raw_date = header_text(message, "Date")
    try:
        sent = parsedate_to_datetime(raw_date)
    except (TypeError, ValueError, IndexError):
        return problem("Date", f"{raw_date!r} is not a mail date")
    if sent.tzinfo is not None:
        sent = sent.astimezone(UTC).replace(tzinfo=None)
    if automatic_reply(lambda name: header_text(message, name)) is not None:
        return Skipped(where, first, SKIPPED_AUTOMATIC)  # an out-of-office note: no one's conduct
    subject = header_text(message, "Subject")
    recipients = _addresses(message, "To", "Cc")
    message_id = header_text(message, "Message-ID").strip("<> ")
    if message_id:
        key = f"mail:{message_id}" if len(message_id) <= 120 else stable_key("mail", message_id)
    else:
        key = stable_key("mail", sender, sent.isoformat(), subject)
    in_reply_to = header_text(message, "In-Reply-To").strip("<> ") or None
    thread = thread_id(message, message_id, in_reply_to)
    return MessageRecord(
        key=key, line=first, sender=sender,
        recipients=tuple(a for _d, a in recipients),
        recipient_names=tuple(d for d, _a in recipients),
        sent_at=sent, subject=subject, body=body_text(message), thread_id=thread,
        in_reply_to=in_reply_to,
        sender_name=display or None,
    )


MAX_LINE = 1 << 20  # a mail line of a megabyte is no mail (RFC 5322 allows 998 characters)
BOM = b"\xef\xbb\xbf"


class Pathological(ValueError):
    """Input refused before parsing: it could only cost time and memory."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is longer than {MAX_LINE >> 20} MB")
        self.line = line


def _long_line(where: str, line: int) -> Problem:
    return Problem(where, line, None, f"a line longer than {MAX_LINE >> 20} MB: not mail "
                                      "(refused before parsing)")


def read_eml(path: Path, options: Options) -> Iterator[Item]:
    data = path.read_bytes().removeprefix(BOM)  # editors on Windows write one
    if options.on_read:
        options.on_read(len(data))
    start, number = 0, 1
    while start < len(data):  # the longest line, without copying the file into lines
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > MAX_LINE:
            yield _long_line(str(path), number)
            return
        start, number = end + 1, number + 1
    yield from _message(str(path), data, 1)


def mbox_messages(path: Path, on_read: Callable[[int], None] | None = None
                  ) -> Iterator[bytes]:
    """Each message of an mbox as bytes, in one pass with constant memory."""
    for _line, data in numbered_mbox_messages(path, on_read):
        yield data


def numbered_mbox_messages(path: Path, on_read: Callable[[int], None] | None = None
                           ) -> Iterator[tuple[int, bytes]]:
    """Each message of an mbox as (the line of the file its headers start on, its bytes), in
    one pass with constant memory.

    `mailbox.mbox` would first build an in-memory table of every message's offsets (a pass of
    its own, and memory growing with the number of messages); this splits on the same
    separator it uses — a line starting with "From " — while reading, and undoes the mboxrd
    quoting of body lines (">From " → "From ").
    """
    lines: list[bytes] = []
    start = 1  # the line the current message's headers start on
    with path.open("rb") as handle:
        for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE + 1), b""),
                                      start=1):
            if len(line) > MAX_LINE:
                raise Pathological(number)
            if number == 1:
                line = line.removeprefix(BOM)
            if on_read is not None:
                on_read(len(line))
            if line.startswith(b"From "):
                if lines:
                    yield start, b"".join(lines)
                lines, start = [], number + 1
                continue
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            lines.append(line)
    if lines:
        yield start, b"".join(lines)


def read_mbox(path: Path, options: Options) -> Iterator[Item]:
    number = 0
    try:
        for number, (first, data) in enumerate(numbered_mbox_messages(path, options.on_read),
                                               start=1):
            yield from _message(f"{path} [message {number}]", data, first)
    except Pathological as exc:
        yield _long_line(f"{path} [message {number + 1}]", exc.line)


def _message(where: str, data: bytes, first: int) -> Iterator[Item]:
    """One message's record; `where` names the file (and the message of an mbox), `first` the
    line of the file its headers start on."""
    try:
        message = _PARSER.parsebytes(data)
    except Exception as exc:  # noqa: BLE001 - the parser only fails on truly broken input
        yield Problem(where, first, None, f"not a mail message: {exc}")
        return
    yield message_record(message, where, data, first)  # type: ignore[arg-type]


def sniff_mbox(path: Path, head: str) -> bool:
    return head.lstrip("\ufeff").startswith("From ")


# Fields that only a mail message has (RFC 5322 sections 3.6 and 3.6.7): a header block
# needs one of them beside its well-formed fields to be a message rather than, say, a MIME part.
MESSAGE_FIELDS = frozenset({
    "from", "sender", "reply-to", "to", "cc", "bcc", "date", "subject", "message-id",
    "in-reply-to", "references", "received", "return-path", "delivered-to",
})
HEADER_READ = 1 << 16  # the most of a file read to find the end of its header block
_FIELD_NAME = re.compile(r"[!-9;-~]+[ \t]*:")  # RFC 5322 3.6.8 (obsolete space before ':')


def header_names(path: Path, head: str) -> list[str] | None:
    """The field names of the header block at the start of a file, in order, or None when the
    file does not start with one (a line that is neither a field nor a folded continuation
    before the first empty line). At most HEADER_READ bytes are read; a mbox-style envelope
    line ("From sender date") before the fields is allowed, as some exporters write one."""
    text, cut = head, False
    if "\n\n" not in text.replace("\r\n", "\n") and path.stat().st_size > HEAD_SIZE:
        with path.open("rb") as handle:
            data = handle.read(HEADER_READ)
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
        cut = len(data) == HEADER_READ
    lines = text.replace("\r\n", "\n").split("\n")
    if cut and not (lines[-1][:1] in (" ", "\t") or _FIELD_NAME.match(lines[-1])):
        lines = lines[:-1]  # the read ended inside a field name: judge the lines before it
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names: list[str] = []
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":
            if not names:
                return None
            continue
        field = _FIELD_NAME.match(line)
        if field is None:
            return None
        names.append(field.group().rstrip(" \t:").lower())
    return names


def sniff_eml(path: Path, head: str) -> bool:
    """An RFC 5322 message: a header block of well-formed fields, in any order, at least two,
    one of them a message field (From, To, Subject, Date, Message-ID, Received, ...)."""
    names = header_names(path, head.lstrip("\ufeff"))
    return names is not None and len(names) >= 2 and not MESSAGE_FIELDS.isdisjoint(names)


register(Importer(name="mbox", kind="messages", help="mbox mailbox (Gmail Takeout too)",
                  read=read_mbox, sniff=sniff_mbox, suffixes=(".mbox", ".mbx", "")))
register(Importer(name="eml", kind="messages", help=".eml messages (a file or a folder)",
                  read=read_eml, sniff=sniff_eml, suffixes=(".eml",)))
