"""Learned category heads for the `reader` analyzers: one logistic regression per category on
the message's vector (the subword mean, `subwords.SubwordBag`, for `reader`; the full USE
embedding for `reader-use`), the rules' features and categories
(`features.READER_FEATURES`) and the direction, trained on the blind tuning split
(scripts/train_reader_head.py).

How each category combines with the rules is its `mode`, chosen with its threshold by
leave-one-author-out cross-validation on the tuning split (docs/communication.md):

- `rules`: the rules' finding stands (the head did not beat it on authors it never saw);
- `or`: the rules' finding stands, and the head adds the category when its probability reaches
  the threshold;
- `head`: the head decides — it reads the rules' finding as a feature and may veto it.

A category the head adds quotes as evidence the sentence of the author's own text the head
scores highest; a category the rules found keeps the rules' evidence. Then `settle`: praise is
dropped from a message read as negative or carrying a complaint, hostility or a threat
(politeness inside a complaint is not praise), and our own reply (direction "out") reads
negative exactly when it is defensive, else neutral (what three of the four tuning authors do).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from clientfit.text.analysis import (
    CATEGORIES,
    CATEGORIES_IN,
    CATEGORIES_OUT,
    COMPLAINT_PERSON,
    COMPLAINT_SERVICE,
    DEFENSIVE,
    HOSTILE,
    LABELS,
    LEGACY_LABEL,
    PRAISE,
    QUESTION,
    THREAT,
    MessageAnalysis,
)
from clientfit.text.embeddings import HeadError
from clientfit.text.features import FEATURE_SETS, READER_FEATURES

RESOURCES = {"bag": "heads/reader_categories.json", "use": "heads/reader_categories_use.json"}
RESOURCE = RESOURCES["bag"]
MODES = ("rules", "or", "head")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_EVIDENCE = 200
NO_PRAISE_WITH = frozenset({COMPLAINT_SERVICE, COMPLAINT_PERSON, HOSTILE, THREAT})
NEGATIVE_AT = -0.25  # a reply read as negative scores at most this; a neutral one less than |it|


@dataclasses.dataclass(frozen=True)
class CategoryHeads:
    categories: tuple[str, ...]
    coef: np.ndarray  # categories × (vector + rule features + 2 direction columns)
    intercept: np.ndarray
    thresholds: np.ndarray
    rules_mean: np.ndarray
    rules_scale: np.ndarray
    modes: tuple[str, ...]
    info: dict[str, Any] = dataclasses.field(default_factory=dict)
    features: tuple[str, ...] = READER_FEATURES

    @classmethod
    def load(cls, kind: str = "bag") -> CategoryHeads:
        """The shipped heads on the subword mean ("bag") or the full USE embedding ("use")."""
        if kind not in RESOURCES:
            raise ValueError(f"unknown category heads {kind!r}; valid: {', '.join(RESOURCES)}")
        text = resources.files("clientfit.text").joinpath(RESOURCES[kind]).read_text(
            encoding="utf-8")
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> CategoryHeads:
        cats = tuple(spec["categories"])
        unknown = sorted(set(cats) - set(CATEGORIES))
        if unknown:
            raise HeadError(f"{RESOURCE}: unknown categories {unknown}")
        modes = tuple(spec.get("modes", ["or"] * len(cats)))
        if len(modes) != len(cats) or set(modes) - set(MODES):
            raise HeadError(f"{RESOURCE}: one mode per category, each one of {', '.join(MODES)}")
        names = tuple(spec.get("rule_features", READER_FEATURES))
        if names not in FEATURE_SETS:
            raise HeadError(f"{RESOURCE}: unknown rule_features")
        keys = {"categories", "coef", "intercept", "thresholds", "rules_mean", "rules_scale",
                "modes", "rule_features"}
        return cls(cats, np.asarray(spec["coef"], dtype=np.float32),
                   np.asarray(spec["intercept"], dtype=np.float32),
                   np.asarray(spec["thresholds"], dtype=np.float32),
                   np.asarray(spec["rules_mean"], dtype=np.float32),
                   np.asarray(spec["rules_scale"], dtype=np.float32), modes,
                   {k: v for k, v in spec.items() if k not in keys}, names)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.info)
        out.update(categories=list(self.categories), modes=list(self.modes),
                   rule_features=list(self.features),
                   coef=np.round(self.coef.astype(float), 5).tolist(),
                   intercept=np.round(self.intercept.astype(float), 5).tolist(),
                   thresholds=np.round(self.thresholds.astype(float), 3).tolist(),
                   rules_mean=np.round(self.rules_mean.astype(float), 6).tolist(),
                   rules_scale=np.round(self.rules_scale.astype(float), 6).tolist())
        return out

    def design(self, vectors: np.ndarray, analyses: Sequence[MessageAnalysis],
               directions: Sequence[str | None]) -> np.ndarray:
        """Rows [vector, standardised rule features, direction is "out", is "in"]."""
        return np.hstack([np.asarray(vectors, dtype=np.float32), self.extra(analyses, directions)])

    def extra(self, analyses: Sequence[MessageAnalysis], directions: Sequence[str | None],
              ) -> np.ndarray:
        """The columns after the vector: standardised rule features and the direction."""
        features = FEATURE_SETS[self.features]
        f = np.asarray([features(a) for a in analyses], dtype=np.float32)
        way = np.asarray([[d == "out", d == "in"] for d in directions], dtype=np.float32)
        return np.hstack([(f - self.rules_mean) / self.rules_scale, way.reshape(len(f), 2)])

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))

    def decide(self, probabilities: np.ndarray, analyses: Sequence[MessageAnalysis],
               ) -> list[list[str]]:
        """Per message, the categories each category's mode keeps (before direction limits)."""
        found = np.asarray([[c in a.categories for c in self.categories] for a in analyses],
                           dtype=bool).reshape(len(analyses), len(self.categories))
        hit = probabilities >= self.thresholds
        modes = np.asarray(self.modes)
        keep = np.where(modes == "rules", found, np.where(modes == "or", found | hit, hit))
        return [[c for c, k in zip(self.categories, row, strict=True) if k] for row in keep]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def allowed(direction: str | None) -> tuple[str, ...]:
    """The categories a message of `direction` can carry (our replies may ask, too)."""
    return CATEGORIES_IN if direction == "in" else (*CATEGORIES_OUT, QUESTION) \
        if direction == "out" else CATEGORIES


def with_categories(result: MessageAnalysis, kept: Sequence[str], evidence: dict[str, str],
                    direction: str | None) -> MessageAnalysis:
    """`result` with exactly the categories `kept` (those the rules did not find quote
    `evidence[c]`). An added category sets its schema 1 label; a dropped one takes its label
    away unless another kept category sets it too."""
    cats = {c for c in kept if c in allowed(direction)}
    added, dropped = cats - set(result.categories), set(result.categories) - cats
    backed = {LEGACY_LABEL[c] for c in cats if c in LEGACY_LABEL}
    unbacked = {LEGACY_LABEL[c] for c in dropped if c in LEGACY_LABEL} - backed
    labels = (set(result.labels) - unbacked) | {LEGACY_LABEL[c] for c in added
                                                if c in LEGACY_LABEL}
    # Evidence is keyed by label or category (one key where the names are shared).
    gone = (dropped | unbacked) - cats - labels
    ev = {k: v for k, v in result.evidence.items() if k not in gone}
    for c in sorted(added):
        ev[c] = (evidence[c],)
        legacy = LEGACY_LABEL.get(c)
        if legacy and legacy != c and legacy not in result.labels:
            ev[legacy] = ev.get(legacy, ()) + (evidence[c],)
    kinds = {k: v for k, v in result.kinds.items() if k not in unbacked}
    return dataclasses.replace(
        result, categories=tuple(c for c in CATEGORIES if c in cats),
        labels=tuple(label for label in LABELS if label in labels), evidence=ev, kinds=kinds)


def settle(result: MessageAnalysis, direction: str | None) -> MessageAnalysis:
    """Praise dropped from a negative read or a complaint; our reply negative iff defensive."""
    tone, score = result.tone, result.tone_score
    if direction == "out":
        if DEFENSIVE in result.categories:
            tone, score = "negative", min(score, NEGATIVE_AT)
        else:
            tone, score = "neutral", max(min(score, -NEGATIVE_AT - 0.01), NEGATIVE_AT + 0.01)
    if result.has(PRAISE) and (tone == "negative" or NO_PRAISE_WITH & set(result.categories)):
        result = dataclasses.replace(  # the category and the schema 1 label of that name
            result, categories=tuple(c for c in result.categories if c != PRAISE),
            labels=tuple(label for label in result.labels if label != PRAISE),
            evidence={k: v for k, v in result.evidence.items() if k != PRAISE})
    if (tone, score) != (result.tone, result.tone_score):
        result = dataclasses.replace(result, tone=tone, tone_score=score)
    return result
