"""Which encoding a file or mail part is really in: UTF-8 (with or without BOM), UTF-16 with a
BOM, CP1250, ISO-8859-2.

The order follows FORMATS.md: a UTF-8 BOM, then valid UTF-8, then (for mail) the declared
charset if the bytes agree with it, then charset-normalizer restricted to the two Polish
single-byte code pages. charset-normalizer has too little to go on in short texts (a name, a
subject line), and the two code pages differ only in ą ś ź Ą Ś Ź, so a tie-breaker counts Polish
letters against symbols that never occur in Polish text (±, ¶, ¦, Ľ, C1 controls).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

SAMPLE_BYTES = 1 << 20
SINGLE_BYTE = ("cp1250", "iso8859_2")
POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
UNLIKELY = frozenset("±¶¦¬ĽľŤťŞşˇ˘˝´¸˙·") | frozenset(chr(c) for c in range(0x80, 0xA0))


def _is_utf8(sample: bytes) -> bool:
    """Valid UTF-8, allowing a sample cut in the middle of a multi-byte character."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _polish_score(text: str) -> int:
    return sum(ch in POLISH_LETTERS for ch in text) - 3 * sum(ch in UNLIKELY for ch in text)


def detect_single_byte(sample: bytes, preferred: str | None = None) -> str:
    """CP1250 or ISO-8859-2 for bytes that are not UTF-8 (`preferred` wins a tie)."""
    scores = {name: _polish_score(sample.decode(name, errors="replace")) for name in SINGLE_BYTE}
    if scores["cp1250"] != scores["iso8859_2"]:
        return max(scores, key=lambda name: scores[name])
    if preferred in SINGLE_BYTE:
        return preferred
    best = from_bytes(sample, cp_isolation=list(SINGLE_BYTE)).best()
    return best.encoding if best is not None else "cp1250"


def detect_encoding(sample: bytes) -> str:
    """The Python codec name for a file that starts with `sample`."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"; the codec reads and drops the BOM
    if _is_utf8(sample):
        return "utf-8"
    return detect_single_byte(sample)


LATIN_LABELS = frozenset({"ascii", "cp1250", "iso8859_2", "latin_1", "iso8859_1", "cp1252"})


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode a mail part whose declared charset may be wrong (FORMATS.md, communications).

    Stateful and multi-byte charsets (ISO-2022-JP, UTF-16, ...) are trusted when the bytes decode;
    otherwise valid UTF-8 wins over any label, and a Latin label is checked against the Polish
    code pages, because Polish mail declared as Latin-1 or `unknown-8bit` is common.
    """
    name = _codec_name(declared) if declared else None
    if name is not None and name not in LATIN_LABELS and name != "utf_8":
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(detect_single_byte(data, name), errors="replace")


def _codec_name(declared: str) -> str | None:
    try:
        return codecs.lookup(declared.strip().strip('"').lower()).name.replace("-", "_")
    except LookupError:
        return None


class CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes have been read, for the progress bar."""

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None] | None = None) -> None:
        self._raw = raw
        self._on_read = on_read
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.bytes_read += count or 0
        if self._on_read is not None and count:
            self._on_read(count)
        return count or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(
    path: Path, encoding: str | None = None, on_read: Callable[[int], None] | None = None
) -> tuple[io.TextIOWrapper, str]:
    """Open a text file for streaming, detecting its encoding from the first megabyte."""
    if encoding is None:
        with path.open("rb") as handle:
            encoding = detect_encoding(handle.read(SAMPLE_BYTES))
    raw = CountingReader(path.open("rb"), on_read)
    stream = io.TextIOWrapper(
        io.BufferedReader(raw, buffer_size=1 << 16), encoding=encoding, newline=""
    )
    return stream, encoding
