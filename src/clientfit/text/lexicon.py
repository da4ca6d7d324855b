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
# A third-party lexicon's score counts this much (chosen on the blind corpus's tuning part and
# the airline tweets' dev split: their words widen coverage but read business mail less well).
THIRD_PARTY_WEIGHT: Final = 0.6
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
    curated: bool = True  # from the hand-written lexicon, not a third-party one


class Lexicon:
    """Looks up folded tokens: exact term, inflected form -> lemma, stem prefix, "nie-" prefix."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.terms: dict[str, float] = {}
        self.stems: dict[str, float] = {}
        self.third_party: set[str] = set()  # terms only a third-party lexicon lists
        for name in (*EXTRA.get(lang, ()), f"lexicon_{lang}.txt"):
            extra = name != f"lexicon_{lang}.txt"
            for term, score, *_ in read_table(name):
                key = fold(term.strip())
                value = float(score) * THIRD_PARTY_WEIGHT if extra else float(score)
                if key.endswith("*"):
                    self.stems[key[:-1]] = value
                else:
                    self.terms[key] = value
                    if extra:
                        self.third_party.add(key)
                    else:
                        self.third_party.discard(key)
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
            if word not in self.third_party:
                return Hit(score, word)
            return self._stem(word) or Hit(score, word, False, False)
        lemma = self.forms.get(word)
        if lemma is not None and lemma in self.terms:
            if lemma not in self.third_party:
                return Hit(self.terms[lemma], lemma)
            return self._stem(word) or Hit(self.terms[lemma], lemma, False, False)
        return self._stem(word)

    def _stem(self, word: str) -> Hit | None:
        """The hand-written stem entry a word starts with (the longest), or None."""
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
                hit = Hit(-inner.score * 0.9, _NEGATED_PREFIX + inner.term, True, inner.curated)
        if len(self._cache) < 200_000:
            self._cache[folded] = hit
        return hit


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The shared lexicon for "en" or "pl"."""
    return Lexicon(lang)
