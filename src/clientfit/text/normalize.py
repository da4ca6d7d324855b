"""Text normalisation shared by the analyzers: diacritic folding, tokens with spans, sentences.

Folding is length-preserving (one character in, one character out), so a match found in the
folded text points at the same characters in the original text; evidence is always quoted from
the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

# Characters whose NFKD decomposition does not drop to a plain letter ("ł" has none).
_SPECIAL: Final = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "s",
            "’": "'", "‘": "'", "`": "'", "„": '"', "”": '"', "“": '"', "«": '"', "»": '"',
            "–": "-", "—": "-", "\u00a0": " "}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ord(ch) < 128:
        return ch
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base and ord(base) < 128 else ch


def fold(text: str) -> str:
    """Lower-case `text` and remove diacritics, keeping its length: "Proszę" -> "prosze"."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c.lower()[:1] for c in text)
    if lowered.isascii():
        return lowered
    # One `str.replace` per distinct non-ASCII character (a message has ~5) instead of a
    # Python call per occurrence (`re.sub` with a function): 2-3 times faster on Polish text.
    folded = _FOLDED
    for ch in set(_NON_ASCII.findall(lowered)):
        to = folded.get(ch)
        if to is None:
            to = _fold_char(ch)
            if len(folded) < 4096:
                folded[ch] = to
        if to != ch:
            lowered = lowered.replace(ch, to)
    return lowered


_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
# The one character `str.lower` lower-cases by its context (capital sigma: final or not). In a
# text without it `fold` maps each character on its own, so the folded parts of a text are
# the parts of the folded text, and folded parts can be joined instead of folding again.
CONTEXT_FOLDED: Final = "\u03a3"
_FOLDED: Final[dict[str, str]] = {}  # a non-ASCII character -> its folded character


_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?…])\s+|\n+")


class Token(NamedTuple):
    """A word with its position in the text it came from."""

    text: str
    start: int
    end: int
    folded: str


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of `text`, with character offsets (plus `offset`) and folded forms."""
    folded = fold(text)
    out = []
    for m in _WORD.finditer(text):
        a, b = m.span()
        out.append(Token(text[a:b], a + offset, b + offset, folded[a:b]))
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int


def sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences at end punctuation and line breaks."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        chunk = text[pos:m.start()]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(chunk.strip(), pos + lead))
        pos = m.end()
    chunk = text[pos:]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(chunk.strip(), pos + lead))
    return out
