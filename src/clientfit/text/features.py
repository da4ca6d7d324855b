"""The default analyzer's view of a message as numbers: the inputs the learned heads read next
to a sentence vector (embeddings.py, reader.py, category_head.py).

Three sets, named in each head file (`rule_features`) so a head is read with the features it was
trained on:

- RULE_FEATURES: tone score, schema 1 label flags, evidence/question/"!" counts, length (the
  `embeddings` heads, and heads users train with `clientfit text train-head`);
- READER_FEATURES: those, plus the schema 2 category flags and the threat and demand kinds the
  rules found (the `reader` heads): a head that sees which category the rules found can learn
  when that finding is wrong, which the reader uses to veto a rules' category;
- CATEGORY_FEATURES: READER_FEATURES, plus how often the text uses each construction that
  carries a complaint about a person without a negative word (`constructions.py`: asking for
  someone else, comparing with before, a promise recalled, repetition, feeling unheard, a person
  as the subject of what went wrong) — the `reader` category heads. The tone heads keep
  READER_FEATURES.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from clientfit.text import constructions
from clientfit.text.analysis import (
    CATEGORIES,
    DEMAND_KINDS,
    LABELS,
    THREAT_KINDS,
    MessageAnalysis,
)

RULE_FEATURES: tuple[str, ...] = ("tone_score", *(f"is_{label}" for label in LABELS),
                                  "tone_words", "questions", "exclamations", "log_words")
READER_FEATURES: tuple[str, ...] = (*RULE_FEATURES, *(f"cat_{c}" for c in CATEGORIES),
                                    *(f"threat_{k}" for k in THREAT_KINDS),
                                    *(f"demand_{k}" for k in DEMAND_KINDS))


def rule_features(analysis: MessageAnalysis) -> list[float]:
    """The default analyzer's view of a message as numbers, in the order of RULE_FEATURES."""
    return [analysis.tone_score, *(float(label in analysis.labels) for label in LABELS),
            float(len(analysis.evidence.get("tone", ()))), float(len(analysis.questions)),
            float(min(analysis.text.count("!"), 3)), math.log1p(len(analysis.text.split()))]


def reader_features(analysis: MessageAnalysis) -> list[float]:
    """RULE_FEATURES, then the rules' categories and kinds, in the order of READER_FEATURES."""
    threat = analysis.kinds.get("threat", ())
    demand = analysis.kinds.get("demand", ())
    return [*rule_features(analysis), *(float(c in analysis.categories) for c in CATEGORIES),
            *(float(k in threat) for k in THREAT_KINDS),
            *(float(k in demand) for k in DEMAND_KINDS)]


CATEGORY_FEATURES: tuple[str, ...] = (*READER_FEATURES,
                                      *(f"says_{name}" for name in constructions.NAMES))


def category_features(analysis: MessageAnalysis) -> list[float]:
    """READER_FEATURES, then the constructions' counts, in the order of CATEGORY_FEATURES."""
    return [*reader_features(analysis),
            *constructions.constructions(analysis.text, analysis.lang)]


FEATURE_SETS: dict[tuple[str, ...], Callable[[MessageAnalysis], list[float]]] = {
    RULE_FEATURES: rule_features, READER_FEATURES: reader_features,
    CATEGORY_FEATURES: category_features}
