"""When a pair's personal friction began: a change-point on the pair's messages in time order.

Each of the client's messages to the person is calm, friction, or about the person (the last
implies the second). Before the onset the messages follow a reference — the rates at which the
person's other clients write them — after it, rates of their own (estimated from the messages
after the onset). Every message is a candidate onset, weighed by the likelihood of that split
(a flat prior over the messages); a sequence elevated from its first message has its onset
there. Persistence is then the chance that the onset lies before a given day — read from the
whole history, not from a significance test on one period: a mismatch of nine months whose
early messages happen to be few still most likely began months ago, and one that began a few
weeks before the recent period did not. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

CALM, FRICTION, PERSONAL = 0, 1, 2

Timeline = Sequence[tuple[datetime, int]]


def _log(p: float) -> float:
    return math.log(p) if p > 0 else -math.inf


def scores(timeline: Timeline, reference: tuple[float, float, float]
           ) -> list[tuple[datetime, float]]:
    """(sent at, log-likelihood) of each message as the onset, for the messages after which the
    pair is above the reference; empty when no split explains the messages better than the
    reference throughout (nothing elevated)."""
    kinds = [kind for _, kind in timeline]
    ref = [_log(max(r, 1e-6)) for r in reference]
    prefix = [0.0]
    for kind in kinds:
        prefix.append(prefix[-1] + ref[kind])
    found = []
    for start in range(len(kinds)):
        tail = kinds[start:]
        rates = [sum(1 for k in tail if k == kind) / len(tail)
                 for kind in (CALM, FRICTION, PERSONAL)]
        if rates[PERSONAL] <= reference[PERSONAL] and \
                rates[FRICTION] + rates[PERSONAL] <= reference[FRICTION] + reference[PERSONAL]:
            continue  # not an onset: the messages after it are not above the reference
        # two rates estimated after the split: the AIC's price against the reference
        found.append((timeline[start][0],
                      prefix[start] + sum(_log(rates[kind]) for kind in tail) - 2.0))
    if not found or max(score for _, score in found) <= prefix[-1]:
        return []
    return found


def onset(timeline: Timeline, reference: tuple[float, float, float]) -> datetime | None:
    """The most likely onset, or None when nothing is elevated."""
    found = scores(timeline, reference)
    return max(found, key=lambda pair: pair[1])[0] if found else None


def chance_began_by(timeline: Timeline, reference: tuple[float, float, float],
                    day: datetime) -> float:
    """The chance that the onset lies on or before `day` (0.0 when nothing is elevated)."""
    found = scores(timeline, reference)
    if not found:
        return 0.0
    best = max(score for _, score in found)
    weights = [(when, math.exp(score - best)) for when, score in found]
    return sum(w for when, w in weights if when <= day) / sum(w for _, w in weights)
