"""Fitting the confidence calibration and judging it on an author it was not fitted on.

The map is the one assessment/calibration.py applies: confidence = sigmoid(slope x
logit(strength) + intercept[decision] + thin x thinness), thinness = 1 / (1 + the client's
inbound messages) (0 for a client who writes a lot; 1 for one who never writes). A Recipe says
how it is fitted: which parameters are free, how hard the per-decision intercepts are pulled to
their shared mean (l2), whether each author weighs the same whatever its number of clients, and
whether the demo is in the fit. `loao` fits on all but one dev author and scores the held-out
one (expected calibration error in the bench's bins, Brier score, log-loss). Pure."""

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
DEV_AUTHORS = ("A", "C", "F", "G")


@dataclass(frozen=True)
class Recipe:
    name: str
    l2: float = 0.1  # pull of each decision's intercept towards the shared one
    free_slope: bool = True  # else the slope stays 1
    by_author: bool = False  # each author (and the demo) weighs the same in the fit
    demo: bool = True  # the demo is in the fit
    thin: bool = False  # a term in the evidence's thinness (few inbound messages)
    temperature: float = 1.0  # the fitted logit divided by this (> 1: less sure)


@dataclass(frozen=True)
class Calibration:
    slope: float
    intercepts: dict[str, float]
    thin: float = 0.0

    def confidence(self, record: Record) -> float:
        clipped = min(max(record.strength, 0.02), 0.98)
        score = self.slope * math.log(clipped / (1 - clipped)) + self.intercepts[record.decision]
        score += self.thin * thinness(record.inbound_messages)
        return round(1.0 / (1.0 + math.exp(-score)), 2)


def thinness(inbound_messages: float) -> float:
    return 1.0 / (1.0 + max(0.0, inbound_messages))


def _arrays(records: Sequence[Record]) -> tuple[np.ndarray, ...]:
    clipped = np.clip(np.array([r.strength for r in records]), 0.02, 0.98)
    x = np.log(clipped / (1 - clipped))
    kind = np.array([DECISIONS.index(r.decision) for r in records])
    thin = np.array([thinness(r.inbound_messages) for r in records])
    y = np.array([r.right for r in records], dtype=float)
    return x, kind, thin, y


def fit(records: Sequence[Record], recipe: Recipe) -> Calibration:
    used = [r for r in records if recipe.demo or r.author != "demo"]
    x, kind, thin, y = _arrays(used)
    weight = np.ones(len(used))
    if recipe.by_author:
        authors = sorted({r.author for r in used})
        sizes = {a: sum(r.author == a for r in used) for a in authors}
        weight = np.array([len(used) / (len(authors) * sizes[r.author]) for r in used])
    count = len(DECISIONS)

    def unpack(params: np.ndarray) -> tuple[float, float, np.ndarray, float]:
        slope = params[0] if recipe.free_slope else 1.0
        return slope, params[1], params[2:2 + count], params[2 + count] if recipe.thin else 0.0

    def loss(params: np.ndarray) -> float:
        slope, shared, offsets, beta = unpack(params)
        z = slope * x + shared + offsets[kind] + beta * thin
        # log(1 + e^-z) for a right decision, log(1 + e^z) for a wrong one, stably
        nll = np.sum(weight * (y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))
        return float(nll + recipe.l2 * np.sum(offsets ** 2))

    start = np.r_[1.0, 0.0, np.zeros(count), 0.0]
    params = minimize(loss, start, method="L-BFGS-B").x
    slope, shared, offsets, beta = unpack(params)
    t = recipe.temperature
    return Calibration(float(slope) / t,
                       {d: float(shared + o) / t for d, o in zip(DECISIONS, offsets, strict=True)},
                       float(beta) / t)


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
        if not test:
            continue
        scores[held] = score(test, fit([r for r in records if r.author != held], recipe))
    return scores
