"""The valence lexicon: lemmas and stems with scores, and the table of inflected forms.

Data files (in `clientfit/text/data/`): `lexicon_<lang>.txt` (term, score, hand-written), the
larger third-party lexicons under it (`EXTRA`: VADER's for English, AFINN's Polish translation;
built by `python -m clientfit.text.lexicon_sources`, each with its licence notice), which the
hand-written file overrides term by term, and
`forms_<lang>.txt` (folded form, folded lemma), generated from simplemma's dictionary by
`python -m clientfit.text.forms` for exactly the lemmas in the lexicon. Matching therefore needs
neither simplemma's 400 MB dictionary at run time nor a hand-written list of word forms, and
works the same with and without Polish diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from clientfit.text.normalize import fold

_MIN_STEM: Final = 3
# Third-party lexicons read before the hand-written one (which overrides them).
EXTRA: Final[dict[str, tuple[str, ...]]] = {"en": ("lexicon_en_vader.txt",),
                                             "pl": ("lexicon_pl_afinn.txt",)}
_NEGATED_PREFIX: Final = "nie"


def data_text(name: str) -> str:
    """The text of a data file shipped in `clientfit/text/data/`."""
    return resources.files("clientfit.text").joinpath("data", name).read_text(encoding="utf-8")


def read_table(name: str) -> list[list[str]]:
    rows = []
    for line in data_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon match: the score, the lexicon term, and whether a "nie-" prefix negated it."""

    score: float
    term: str
    prefix_negated: bool = False


class Lexicon:
    """Looks up folded tokens: exact term, inflected form -> lemma, stem prefix, "nie-" prefix."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.terms: dict[str, float] = {}
        self.stems: dict[str, float] = {}
        for name in (*EXTRA.get(lang, ()), f"lexicon_{lang}.txt"):
            for term, score, *_ in read_table(name):
                key = fold(term.strip())
                value = float(score)
                if key.endswith("*"):
                    self.stems[key[:-1]] = value
                else:
                    self.terms[key] = value
        self.forms: dict[str, str] = {}
        try:
            for form, lemma, *_ in read_table(f"forms_{lang}.txt"):
                self.forms.setdefault(form, lemma)
        except FileNotFoundError:
            pass
        self._stem_lengths = sorted({len(s) for s in self.stems}, reverse=True)
        self._cache: dict[str, Hit | None] = {}

    def _plain(self, word: str) -> Hit | None:
        score = self.terms.get(word)
        if score is not None:
            return Hit(score, word)
        lemma = self.forms.get(word)
        if lemma is not None and lemma in self.terms:
            return Hit(self.terms[lemma], lemma)
        n = len(word)
        for length in self._stem_lengths:
            if length <= n and length >= _MIN_STEM:
                stem = word[:length]
                if stem in self.stems:
                    return Hit(self.stems[stem], stem + "*")
        return None

    def lookup(self, folded: str) -> Hit | None:
        """The lexicon entry for a folded token, or None."""
        if folded in self._cache:
            return self._cache[folded]
        hit = self._plain(folded)
        if (hit is None and self.lang == "pl" and folded.startswith(_NEGATED_PREFIX)
                and len(folded) > len(_NEGATED_PREFIX) + 3):
            inner = self._plain(folded[len(_NEGATED_PREFIX):])
            if inner is not None and inner.score != 0:
                hit = Hit(-inner.score * 0.9, _NEGATED_PREFIX + inner.term, prefix_negated=True)
        if len(self._cache) < 200_000:
            self._cache[folded] = hit
        return hit


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The shared lexicon for "en" or "pl"."""
    return Lexicon(lang)
