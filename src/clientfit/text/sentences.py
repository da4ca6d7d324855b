"""The pieces the default analyzer works with: the meaning of a listed word, a listed word
found in a text, and the sentences of a text as spans (with what was found in each)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from clientfit.text.lexicon import Hit
from clientfit.text.rules import RuleHit

# End punctuation and the spaces after it, or a run of line breaks. Written to start with one
# character class, so that the regex engine skips ahead to those characters (2x faster).
_SENTENCE_END: Final = re.compile(r"[.!?\u2026\n](?:(?<=[.!?\u2026])\s+|(?<=\n)\n*)")


@dataclass(frozen=True, slots=True)
class WordMeaning:
    """What one folded word is to the analyzer (NOTHING: it means nothing)."""

    hit: Hit | None  # the lexicon entry, when its score is not 0
    negator: bool
    contrast: bool
    intensifier: bool
    downtoner: bool
    interjection: bool


class ListedWord:
    """A listed word found in a text: its span, folded form and meaning."""

    __slots__ = ("start", "end", "folded", "info")

    def __init__(self, start: int, end: int, folded: str, info: WordMeaning) -> None:
        self.start, self.end, self.folded, self.info = start, end, folded, info


class SentenceSpan:
    """One sentence of a text: a span and what was found in it (lists filled as needed)."""

    # The collections are created when their first item is added (most sentences have none).
    words: list[ListedWord] | None = None  # the listed words only
    values: list[tuple[ListedWord, float]] | None = None
    hits: list[RuleHit] | None = None
    negated_hits: list[RuleHit] | None = None
    sarcasm_evidence: list[str] | None = None
    negated_from: dict[int, int] | None = None
    contrast_at: int | None = None  # character offset of the first "but"
    apology: bool = False
    sarcastic: bool = False

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text


NOTHING: Final = WordMeaning(None, False, False, False, False, False)




def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences at end punctuation and line breaks, as spans of `text` without the spaces
    around them."""
    out: list[SentenceSpan] = []
    pos = 0
    if "." in text or "!" in text or "?" in text or "\n" in text or "\u2026" in text:
        for m in _SENTENCE_END.finditer(text):
            cut = m.start()
            if text[cut] != "\n":
                cut += 1
            chunk = text[pos:cut]
            stripped = chunk.strip()
            if stripped:
                start = pos + chunk.find(stripped[0])
                out.append(SentenceSpan(start, start + len(stripped), stripped))
            pos = m.end()
    chunk = text[pos:] if pos else text
    stripped = chunk.strip()
    if stripped:
        start = pos + chunk.find(stripped[0])
        out.append(SentenceSpan(start, start + len(stripped), stripped))
    return out
