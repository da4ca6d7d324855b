"""Tone over time: least-squares slope per month and a single mean-shift change point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAYS_PER_MONTH = 30.4375
MIN_TREND_MESSAGES = 4
MIN_TREND_DAYS = 21.0
MIN_SEGMENT = 3
CHANGE_MIN_DELTA = 0.4
CHANGE_MIN_T = 3.0


def slope_per_month(days: np.ndarray, scores: np.ndarray) -> float:
    """Least-squares slope of tone score against time, in score units per month; NaN with
    fewer than 4 messages or less than 21 days between the first and the last."""
    if len(days) < MIN_TREND_MESSAGES or days.max() - days.min() < MIN_TREND_DAYS:
        return float("nan")
    x = days / DAYS_PER_MONTH
    x = x - x.mean()
    return float((x * (scores - scores.mean())).sum() / (x * x).sum())


@dataclass(frozen=True)
class ChangePoint:
    index: int | None  # first message after the change, in time order
    delta: float  # mean after minus mean before
    t: float


def change_point(scores: np.ndarray) -> ChangePoint:
    """The split of a time-ordered series that best separates two means (least squares).
    Flagged (index not None) when each side has at least 3 messages, the means differ by at
    least 0.4 and Welch's t-statistic is at least 3."""
    n = len(scores)
    best = ChangePoint(None, 0.0, 0.0)
    if n < 2 * MIN_SEGMENT:
        return best
    best_sse = float("inf")
    best_k = None
    for k in _candidate_splits(scores):
        a, b = scores[:k], scores[k:]
        sse = float(((a - a.mean()) ** 2).sum() + ((b - b.mean()) ** 2).sum())
        if sse < best_sse:
            best_sse, best_k = sse, k
    assert best_k is not None
    a, b = scores[:best_k], scores[best_k:]
    delta = float(b.mean() - a.mean())
    se = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
    t = abs(delta) / se if se > 0 else (float("inf") if delta else 0.0)
    if abs(delta) >= CHANGE_MIN_DELTA and t >= CHANGE_MIN_T:
        return ChangePoint(best_k, delta, t)
    return ChangePoint(None, delta, t)


def _candidate_splits(scores: np.ndarray) -> list[int]:
    """The splits whose sum of squares may be the least, in order: all the others are more
    than any rounding error above the least, by prefix sums (one vectorised pass). The loop in
    `change_point` then compares only these, exactly as it compared every split, so it picks
    the same one (the first of equal least sums) in a few steps instead of n."""
    n = len(scores)
    k = np.arange(MIN_SEGMENT, n - MIN_SEGMENT + 1)
    s1 = np.concatenate(([0.0], np.cumsum(scores, dtype=float)))
    s2 = np.concatenate(([0.0], np.cumsum(np.square(scores, dtype=float))))
    approx = (s2[k] - s1[k] ** 2 / k) + ((s2[n] - s2[k]) - (s1[n] - s1[k]) ** 2 / (n - k))
    if not np.isfinite(approx).all():
        return k.tolist()
    # both ways of summing err by at most ~n·eps·Σx² (~1e-13 here); the margin is far above
    margin = 1e-9 * n * (1.0 + float(s2[n]))
    return k[approx <= approx.min() + margin].tolist()
