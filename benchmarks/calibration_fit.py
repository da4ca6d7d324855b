"""Fitting the confidence calibration and judging it on an author it was not fitted on.

The map is the one assessment/calibration.py applies (Calibration.confidence calls it):
confidence = sigmoid(slope x logit(strength) + intercept[decision] + messages x log2(1 + the
client's inbound messages in the window, at least messages_from)). A Recipe says how it is
fitted: which terms are free, how hard the per-decision intercepts are pulled to their shared
mean (l2), whether each author (the demo counting as one) weighs the same whatever its number
of clients, whether the demo is in the fit, and a temperature dividing the fitted logit.
`loao` fits on all but one dev author and scores the held-out one (expected calibration error
in the bench's bins, Brier score, log-loss). Pure.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calibration_records import DECISIONS, Record  # noqa: E402

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)  # bench_decisions.BINS
DEV_AUTHORS = ("A", "C", "F", "G", "J")


@dataclass(frozen=True)
class Recipe:
    name: str
    l2: float = 0.1  # pull of each decision's intercept towards the shared one
    free_slope: bool = True  # else the slope stays 1
    by_author: bool = False  # each author (and the demo) weighs the same in the fit
    demo: bool = True  # the demo is in the fit
    messages: bool = False  # a term in log2(1 + the client's inbound messages)
    messages_from: float = 32.0  # fewer messages count as this many (never a gain for few)
    temperature: float = 1.0  # the fitted logit divided by this (> 1: less sure)
    # a random intercept per author: the map is the average author's, and the logit is divided
    # by sqrt(1 + pi sigma^2 / 8), sigma^2 the spread of the authors' intercepts (the chance of
    # being right for an author not yet seen, averaged over how authors differ); the value is
    # the pull of each author's intercept towards the shared one
    author_l2: float = 0.0


@dataclass(frozen=True)
class Calibration:
    slope: float
    intercepts: dict[str, float]
    messages: float = 0.0
    messages_from: float = 32.0

    def setting(self, section: str, name: str) -> float:
        """The [confidence] calibration settings this map stands for."""
        assert section == "confidence", section
        if name == "calibration_slope":
            return self.slope
        if name == "calibration_messages":
            return self.messages
        if name == "calibration_messages_from":
            return self.messages_from
        return self.intercepts[name.removeprefix("calibration_").upper()]

    def confidence(self, record: Record) -> float:
        """What the assessment states for this record's decision with this map."""
        from clientfit.assessment.calibration import calibrated
        from clientfit.domain import Decision

        return round(calibrated(Decision(record.decision), record.strength, self.setting,
                                record.inbound_messages), 2)


def message_term(inbound_messages: float, floor: float) -> float:
    return math.log2(1.0 + max(floor, inbound_messages))


def _arrays(records: Sequence[Record], floor: float) -> tuple[np.ndarray, ...]:
    clipped = np.clip(np.array([r.strength for r in records]), 0.02, 0.98)
    x = np.log(clipped / (1 - clipped))
    kind = np.array([DECISIONS.index(r.decision) for r in records])
    messages = np.array([message_term(r.inbound_messages, floor) for r in records])
    y = np.array([r.right for r in records], dtype=float)
    return x, kind, messages, y


def fit(records: Sequence[Record], recipe: Recipe) -> Calibration:
    used = [r for r in records if recipe.demo or r.author != "demo"]
    x, kind, messages, y = _arrays(used, recipe.messages_from)
    authors = sorted({r.author for r in used})
    who = np.array([authors.index(r.author) for r in used])
    weight = np.ones(len(used))
    if recipe.by_author:
        sizes = {a: sum(r.author == a for r in used) for a in authors}
        weight = np.array([len(used) / (len(authors) * sizes[r.author]) for r in used])
    count = len(DECISIONS)

    def unpack(params: np.ndarray) -> tuple[float, float, np.ndarray, float, np.ndarray]:
        slope = params[0] if recipe.free_slope else 1.0
        beta = params[2 + count] if recipe.messages else 0.0
        effects = params[3 + count:] if recipe.author_l2 else np.zeros(len(authors))
        return slope, params[1], params[2:2 + count], beta, effects

    def loss(params: np.ndarray) -> float:
        slope, shared, offsets, beta, effects = unpack(params)
        z = slope * x + shared + offsets[kind] + beta * messages + effects[who]
        # log(1 + e^-z) for a right decision, log(1 + e^z) for a wrong one, stably
        nll = np.sum(weight * (y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))
        return float(nll + recipe.l2 * np.sum(offsets ** 2)
                     + recipe.author_l2 * np.sum(effects ** 2))

    start = np.r_[1.0, 0.0, np.zeros(count), 0.0, np.zeros(len(authors))]
    params = minimize(loss, start, method="L-BFGS-B").x
    slope, shared, offsets, beta, effects = unpack(params)
    t = recipe.temperature
    if recipe.author_l2:
        shared += float(np.mean(effects))  # the average author's intercept
        t *= math.sqrt(1 + math.pi * float(np.var(effects, ddof=1)) / 8)
    return Calibration(float(slope) / t,
                       {d: float(shared + o) / t for d, o in zip(DECISIONS, offsets, strict=True)},
                       float(beta) / t, recipe.messages_from)


@dataclass(frozen=True)
class Score:
    n: int
    accuracy: float
    stated: float
    ece: float
    brier: float
    log_loss: float


def score(records: Sequence[Record], calibration: Calibration) -> Score:
    p = np.array([calibration.confidence(r) for r in records])
    y = np.array([r.right for r in records], dtype=float)
    ece = 0.0
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = (p >= low) & (p < high)
        if inside.any():
            ece += abs(p[inside].mean() - y[inside].mean()) * inside.sum() / len(p)
    q = np.clip(p, 1e-3, 1 - 1e-3)
    return Score(len(p), float(y.mean()), float(p.mean()), float(ece),
                 float(np.mean((p - y) ** 2)),
                 float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))))


def loao(records: Sequence[Record], recipe: Recipe) -> dict[str, Score]:
    """Each dev author scored by the map fitted on the others (and the demo, if the recipe
    takes it)."""
    scores = {}
    for held in DEV_AUTHORS:
        test = [r for r in records if r.author == held]
        train = [r for r in records if r.author != held and (recipe.demo or r.author != "demo")]
        if test and train:
            scores[held] = score(test, fit(train, recipe))
    return scores
