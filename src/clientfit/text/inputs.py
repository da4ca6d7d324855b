"""Read messages to label from JSON Lines or .eml files (used by `clientfit text label`)."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from html import unescape
from pathlib import Path

from clientfit.errors import InputError

LANGS = ("en", "pl", "other")
DIRECTIONS = ("in", "out")
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*: ")


@dataclass(frozen=True)
class InputMessage:
    """One message to analyse: id, subject, body, and optional language and direction."""

    id: str
    subject: str
    body: str
    lang: str | None = None
    direction: str | None = None


def looks_like_email(text: str) -> bool:
    """True when `text` starts with RFC 822 headers rather than a JSON object."""
    first = text.lstrip()[:1]
    return first != "{" and bool(_HEADER_LINE.match(text.lstrip().split("\n", 1)[0]))


def parse_jsonl(text: str, name: str) -> Iterator[InputMessage]:
    """Messages from JSON Lines; a bad line raises InputError naming the line and field.

    Lines end at "\n" only (JSON Lines): U+2028, U+0085 and other characters that
    `str.splitlines` would break at may stand unescaped inside a valid JSON string."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(name, number, None, f"not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(name, number, None, "each line must be a JSON object")
        for field in ("id", "body"):
            if field not in record:
                raise InputError(name, number, field, "is required")
        values: dict[str, str | None] = {}
        for field in ("id", "subject", "body", "lang", "direction"):
            value = record.get(field)
            allowed = (str, int) if field == "id" else (str,)
            if value is not None and (not isinstance(value, allowed) or isinstance(value, bool)):
                raise InputError(name, number, field, "must be a string")
            values[field] = None if value is None else str(value)
        if values["lang"] is not None and values["lang"] not in LANGS:
            raise InputError(name, number, "lang",
                              f"{values['lang']!r} is not one of {', '.join(LANGS)}")
        if values["direction"] is not None and values["direction"] not in DIRECTIONS:
            raise InputError(name, number, "direction",
                              f"{values['direction']!r} is not one of {', '.join(DIRECTIONS)}")
        yield InputMessage(values["id"] or "", values["subject"] or "", values["body"] or "",
                           values["lang"], values["direction"])


def _plain_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", " ", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = unescape(re.sub(r"<[^>]+>", " ", content))
    return str(content)


def parse_eml(data: bytes, name: str) -> InputMessage:
    """One message from the bytes of an .eml file."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or (not msg.keys() and not msg.get_payload()):
        raise InputError(name, None, None, "not an e-mail message")
    lang = (msg.get("Content-Language") or "").split("-")[0].strip().lower() or None
    message_id = str(msg.get("Message-ID") or Path(name).stem)
    return InputMessage(message_id, str(msg.get("Subject") or ""), _plain_text(msg),
                        lang if lang in LANGS else None, None)


def read_messages(path: str, stdin_data: bytes | None = None) -> list[InputMessage]:
    """Messages from `path` (a .jsonl/.json file, an .eml file, a folder of .eml files, or "-"
    for standard input, whose bytes are passed as `stdin_data`)."""
    if path == "-":
        data, name = stdin_data or b"", "<stdin>"
    else:
        p = Path(path)
        if p.is_dir():
            files = sorted(p.glob("*.eml"))
            if not files:
                raise InputError(path, None, None, "folder has no .eml files")
            return [parse_eml(f.read_bytes(), str(f)) for f in files]
        if not p.exists():
            raise InputError(path, None, None, "file not found")
        data, name = p.read_bytes(), path
        if p.suffix.lower() == ".eml":
            return [parse_eml(data, name)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if looks_like_email(data[:200].decode("latin-1")):
            return [parse_eml(data, name)]
        raise InputError(name, None, None, "not UTF-8 text") from None
    if looks_like_email(text):
        return [parse_eml(data, name)]
    return list(parse_jsonl(text, name))
