"""Phrase rules and word lists of the default analyzer, loaded from `data/rules_<lang>.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from clientfit.text.lexicon import data_text
from clientfit.text.prefilter import PatternIndex

RULE_LABELS: Final = ("complaint", "complaint_service", "complaint_person", "hostile", "threat",
                      "demand", "scope_request", "praise", "apology", "question", "curt",
                      "defensive", "tone")
# Rule labels that say the author is unhappy (they make praise nearby ironic).
COMPLAINING: Final = frozenset(("complaint", "complaint_service", "complaint_person", "hostile"))


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    kind: str | None
    weight: float
    negatable: bool


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One match of a rule in the folded text: [start, end) in character offsets."""

    rule: Rule
    start: int
    end: int


class RuleSet:
    """The compiled rules and word lists of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        spec = tomllib.loads(data_text(f"rules_{lang}.toml"))
        words = spec.get("words", {})
        self.negators: frozenset[str] = frozenset(words.get("negators", []))
        self.negator_suffix: str = words.get("negator_suffix", "")
        self.skip: frozenset[str] = frozenset(words.get("skip", []))
        self.intensifiers: frozenset[str] = frozenset(words.get("intensifiers", []))
        self.downtoners: frozenset[str] = frozenset(words.get("downtoners", []))
        self.contrast: frozenset[str] = frozenset(words.get("contrast", []))
        self.interjections: frozenset[str] = frozenset(words.get("interjections", []))
        self.rules: list[Rule] = []
        sources: list[str] = []
        self._owner: list[Rule] = []
        # Masked formulae and sarcasm formulae ride in the same index, one pseudo-rule per
        # pattern (so their matches are never merged).
        for label in ("ignore", "sarcasm"):
            for source in words.get(label, []):
                sources.append(source)
                self._owner.append(Rule(label, None, 0.0, False))
        for entry in spec.get("rules", []):
            label = entry["label"]
            if label not in RULE_LABELS:
                raise ValueError(f"rules_{lang}.toml: unknown label {label!r}; "
                                 f"valid: {', '.join(RULE_LABELS)}")
            rule = Rule(label, entry.get("kind"), float(entry.get("weight", 0.0)),
                        bool(entry.get("negatable", False)))
            self.rules.append(rule)
            for source in entry["patterns"]:
                sources.append(source)
                self._owner.append(rule)
        self._index = PatternIndex(sources)

    def find(self, folded: str, data: bytes | None = None) -> list[RuleHit]:
        """Every rule match in `folded`, including the pseudo-rules "ignore" and "sarcasm";
        overlapping matches of one rule are merged into the first, longest one. `data` is
        `prefilter.ascii_bytes(folded)` when the caller has it already."""
        found = self._index.finditer(folded, data)
        if len(found) < 2:
            return [RuleHit(self._owner[i], start, end) for i, start, end in found]
        owner = self._owner
        found.sort(key=_position)
        hits: list[RuleHit] = []
        last_end: dict[int, int] = {}
        for i, start, end in found:
            rule = owner[i]
            key = id(rule)
            if start < last_end.get(key, -1):
                continue
            last_end[key] = end
            hits.append(RuleHit(rule, start, end))
        return hits

    def is_negator(self, folded_word: str) -> bool:
        if folded_word in self.negators:
            return True
        return bool(self.negator_suffix) and folded_word.endswith(self.negator_suffix)


def _position(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[1], -match[2]


@lru_cache(maxsize=4)
def ruleset(lang: str) -> RuleSet:
    """The shared rule set for "en" or "pl"."""
    return RuleSet(lang)
