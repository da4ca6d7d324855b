"""Learned category heads for the `reader` analyzers: one logistic regression per category on
the message's subword-mean vector (`subwords.SubwordBag`), the rules' features and the
direction, trained on the blind tuning split (scripts/train_reader_head.py).

How they combine with the rules (measured in docs/communication.md): a category the rules
found stays, with the rules' evidence; a category the rules missed is added when the head's
probability reaches the category's threshold (chosen by cross-validation on the tuning split),
and its evidence is the sentence of the author's own text the head scores highest. Praise the
rules found is dropped when the reader reads the message as negative (politeness inside a
complaint is not praise).
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
    LABELS,
    LEGACY_LABEL,
    PRAISE,
    MessageAnalysis,
)
from clientfit.text.embeddings import HeadError, rule_features

RESOURCE = "heads/reader_categories.json"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_EVIDENCE = 200


@dataclasses.dataclass(frozen=True)
class CategoryHeads:
    categories: tuple[str, ...]
    coef: np.ndarray  # categories × (vector + rule features + 1)
    intercept: np.ndarray
    thresholds: np.ndarray
    rules_mean: np.ndarray
    rules_scale: np.ndarray
    info: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls) -> CategoryHeads:
        text = resources.files("clientfit.text").joinpath(RESOURCE).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> CategoryHeads:
        cats = tuple(spec["categories"])
        unknown = sorted(set(cats) - set(CATEGORIES))
        if unknown:
            raise HeadError(f"{RESOURCE}: unknown categories {unknown}")
        return cls(cats, np.asarray(spec["coef"], dtype=np.float32),
                   np.asarray(spec["intercept"], dtype=np.float32),
                   np.asarray(spec["thresholds"], dtype=np.float32),
                   np.asarray(spec["rules_mean"], dtype=np.float32),
                   np.asarray(spec["rules_scale"], dtype=np.float32),
                   {k: v for k, v in spec.items() if k not in {
                       "categories", "coef", "intercept", "thresholds", "rules_mean",
                       "rules_scale"}})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.info)
        out.update(categories=list(self.categories),
                   coef=np.round(self.coef.astype(float), 5).tolist(),
                   intercept=np.round(self.intercept.astype(float), 5).tolist(),
                   thresholds=np.round(self.thresholds.astype(float), 3).tolist(),
                   rules_mean=np.round(self.rules_mean.astype(float), 6).tolist(),
                   rules_scale=np.round(self.rules_scale.astype(float), 6).tolist())
        return out

    def design(self, vectors: np.ndarray, analyses: Sequence[MessageAnalysis],
               directions: Sequence[str | None]) -> np.ndarray:
        """Rows [vector, standardised rule features, direction is "out"]."""
        return np.hstack([np.asarray(vectors, dtype=np.float32), self.extra(analyses, directions)])

    def extra(self, analyses: Sequence[MessageAnalysis], directions: Sequence[str | None],
              ) -> np.ndarray:
        """The columns after the vector: standardised rule features and the direction."""
        f = np.asarray([rule_features(a) for a in analyses], dtype=np.float32)
        out = np.asarray([[d == "out"] for d in directions], dtype=np.float32)
        return np.hstack([(f - self.rules_mean) / self.rules_scale, out])

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def allowed(direction: str | None) -> tuple[str, ...]:
    return CATEGORIES_IN if direction == "in" else CATEGORIES_OUT if direction == "out" \
        else CATEGORIES


def with_categories(result: MessageAnalysis, found: Sequence[str], evidence: dict[str, str],
                    direction: str | None) -> MessageAnalysis:
    """`result` with the head's categories added (and praise dropped from a negative read)."""
    cats = set(result.categories) | {c for c in found if c in allowed(direction)}
    labels = set(result.labels) | {LEGACY_LABEL[c] for c in cats - set(result.categories)
                                   if c in LEGACY_LABEL}
    ev = dict(result.evidence)
    for c in cats - set(result.categories):
        ev[c] = (evidence[c],)
        legacy = LEGACY_LABEL.get(c)
        if legacy and legacy not in result.labels:
            ev[legacy] = ev.get(legacy, ()) + (evidence[c],)
    if result.tone == "negative" and PRAISE in cats:
        cats.discard(PRAISE)
        labels.discard("praise")
        ev.pop(PRAISE, None)
        ev.pop("praise", None)
    return dataclasses.replace(
        result, categories=tuple(c for c in CATEGORIES if c in cats),
        labels=tuple(label for label in LABELS if label in labels), evidence=ev)
