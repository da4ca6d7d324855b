"""A mismatch over months read from the tone of every message, not only the few the reader
labels: the client's messages to the person over the recent and history periods are colder than
its messages to the colleagues over the same months *and* colder than the person's messages
from their other clients (each a Mann-Whitney rank comparison of the reader's tone scores).

The messages about a person that the blind authors plant are polite ("I feel my questions are
not heard"), so the reader labels few of them a complaint about the person, and a negative
tone only on some; but its tone score still places them below the same client's messages to a
colleague it is warm with. Both comparisons must hold (the larger of the two chances is the
test's): colder than to the colleagues but not than the person's other clients is a client cold
with whoever serves it lately, or the person's style; colder than the person's other clients but
not than to the colleagues is a client cold with everyone. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from clientfit.assessment.shares import colder_chance
from clientfit.assessment.turn import Setting, about_colleagues_too, curt_with_everyone
from clientfit.domain import Count, FrictionCounts, PairCounts, ToneRanks


@dataclass(frozen=True)
class ColderTone:
    """The pair's messages over the span, colder than both comparisons."""

    colleagues: ToneRanks  # against the same client's messages to the colleagues (span)
    staff_others: ToneRanks  # against the person's messages from their other clients (window)
    colleagues_chance: float
    staff_others_chance: float
    chance: float  # the larger of the two: both must hold
    friction: Count  # the pair's friction over the span (shown beside the tone)
    colleagues_friction: Count  # the client's friction with the colleagues over the span


def colder_with_the_person(pair: PairCounts, counts: FrictionCounts,
                           setting: Setting) -> ColderTone | None:
    """The pair's messages over the span colder than both comparisons, the larger of the two
    one-sided chances below `reset.tone_alpha` (0: off). Needs `reset.min_pair_messages` of the
    pair's scored messages over the span and `reset.min_colleague_messages` to the colleagues;
    not for a person curt with everyone, nor when the client writes as much about the
    colleagues personally. None otherwise."""
    alpha = float(setting("reset", "tone_alpha"))
    colleagues, others = pair.tone_vs_colleagues, pair.tone_vs_staff_others
    if alpha <= 0 or counts.labels != "new" or \
            colleagues.n < int(setting("reset", "min_pair_messages")) or \
            colleagues.m < int(setting("reset", "min_colleague_messages")) or \
            curt_with_everyone(pair, counts, setting):
        return None
    if pair.colleagues_personal.hits and about_colleagues_too(pair, pair.span_personal, counts,
                                                              setting):
        return None
    first, second = colder_chance(colleagues), colder_chance(others)
    if first is None or second is None or max(first, second) >= alpha:
        return None
    friction = Count(pair.pair.hits + pair.earlier_pair.hits, pair.pair.n + pair.earlier_pair.n)
    theirs = Count(pair.others.hits + pair.earlier_others.hits,
                   pair.others.n + pair.earlier_others.n)
    return ColderTone(colleagues, others, first, second, max(first, second), friction, theirs)
