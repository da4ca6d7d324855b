"""Phrase rules and word lists of the default analyzer, loaded from `data/rules_<lang>.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from clientfit.text.lexicon import data_text

RULE_LABELS = ("complaint", "threat", "demand", "praise", "apology", "tone")


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    kind: str | None
    weight: float
    negatable: bool
    pattern: re.Pattern[str]


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
        self.ignore = _union(words.get("ignore", []))
        self.sarcasm = _union(words.get("sarcasm", []))
        self.rules: list[Rule] = []
        for entry in spec.get("rules", []):
            label = entry["label"]
            if label not in RULE_LABELS:
                raise ValueError(f"rules_{lang}.toml: unknown label {label!r}; "
                                 f"valid: {', '.join(RULE_LABELS)}")
            pattern = _union(entry["patterns"])
            assert pattern is not None
            self.rules.append(Rule(label, entry.get("kind"), float(entry.get("weight", 0.0)),
                                   bool(entry.get("negatable", False)), pattern))

    def find(self, folded: str) -> list[RuleHit]:
        """Every rule match in `folded` (non-overlapping within a rule)."""
        hits: list[RuleHit] = []
        for rule in self.rules:
            for m in rule.pattern.finditer(folded):
                if m.end() > m.start():
                    hits.append(RuleHit(rule, m.start(), m.end()))
        return hits

    def is_negator(self, folded_word: str) -> bool:
        return folded_word in self.negators or bool(
            self.negator_suffix and folded_word.endswith(self.negator_suffix))


def _union(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=4)
def ruleset(lang: str) -> RuleSet:
    """The shared rule set for "en" or "pl"."""
    return RuleSet(lang)
