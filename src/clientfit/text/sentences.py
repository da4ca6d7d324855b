"""The pieces the default analyzer works with: the meaning of a listed word, a listed word
found in a text, and the sentences of a text as spans (with what was found in each)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from clientfit.text.lexicon import Hit
from clientfit.text.rules import RuleHit

# End punctuation and the spaces after it, or a run of line breaks: where sentences end (the
# definition; `split_sentences` finds the same ends without running it).
SENTENCE_END: Final = re.compile(r"[.!?\u2026\n](?:(?<=[.!?\u2026])\s+|(?<=\n)\n*)")
_END_CHARS: Final = (".", "!", "?", "\n", "\u2026")


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
    """Sentences at end punctuation followed by white space, and at runs of line breaks, as
    spans of `text` without the spaces around them (what splitting at `SENTENCE_END` gives;
    the ends are found with `str.find`, which skips ahead far faster than the regex engine's
    character-class scan)."""
    out: list[SentenceSpan] = []
    pos = 0
    size = len(text)
    i = _next_end(text, 0)
    while i < size:
        if text[i] == "\n":
            j = i + 1
            while j < size and text[j] == "\n":
                j += 1
            cut = i
        else:
            j = i + 1
            while j < size and text[j].isspace():
                j += 1
            if j == i + 1:  # punctuation inside a sentence ("3.5", "?!", "www.x.pl")
                i = _next_end(text, j)
                continue
            cut = i + 1
        _add_sentence(out, text, pos, cut)
        pos = j
        i = _next_end(text, j)
    _add_sentence(out, text, pos, size)
    return out


def _next_end(text: str, start: int) -> int:
    """The first end-punctuation character or line break at or after `start` (len(text) if
    none)."""
    best = len(text)
    for ch in _END_CHARS:
        at = text.find(ch, start, best)
        if at >= 0:
            best = at
    return best


def _add_sentence(out: list[SentenceSpan], text: str, start: int, end: int) -> None:
    chunk = text[start:end] if start or end < len(text) else text
    stripped = chunk.strip()
    if stripped:
        first = start + chunk.find(stripped[0])
        out.append(SentenceSpan(first, first + len(stripped), stripped))
