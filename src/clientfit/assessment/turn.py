"""A pair's friction as a recent turn or a mismatch of months, in two counts read together: the
pair's messages about the person (against the person's own norm) and the pair's friction (against
its own past and the colleagues). What `assessment.whose` reads when the messages about the
person alone do not decide. Pure: no I/O.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from clientfit.assessment.onset import CALM, PERSONAL
from clientfit.assessment.shares import binomial_tail, chance_above, fisher, gap_lower, without
from clientfit.domain import Count, FrictionCounts, PairCounts

Setting = Callable[[str, str], Any]


def personal_norm(pair: PairCounts, counts: FrictionCounts) -> float:
    """How often this person's other clients write about them (one added to each side, so a
    person with no such messages yet is not held to zero), never below the portfolio's share."""
    own = pair.staff_others_personal
    mine = (own.hits + 1) / (own.n + 2) if own.n else 0.0
    return max(mine, counts.portfolio_personal.share or 0.0)


@dataclass(frozen=True)
class Shift:
    """A recent turn against the person, in two counts read together: the pair's messages about
    the person (against the person's own norm) and the pair's friction now against the same
    client before (the pair in the history period) and with the colleagues now."""

    personal: Count  # the pair's messages about the person, recent period
    norm: float  # the person's own norm (personal_norm)
    personal_chance: float  # binomial tail of `personal` at `norm`
    friction: Count  # the pair's friction, recent period
    before: Count  # the pair in the history period and the colleagues now, pooled
    friction_chance: float  # one-sided chance of the pair's excess over `before` (normal)
    chance: float  # the two chances combined (Fisher)
    period: str = "recent"  # "recent": a turn; "span": recent + history against the colleagues;
    # "onset": a turn that began inside the recent period, counted from `since` (`onset_shift`)
    since: datetime | None = None


def recent_shift(pair: PairCounts, counts: FrictionCounts, setting: Setting) -> Shift | None:
    """A recent turn against the person (see `Shift`) when the two counts together are below
    `reset.turn_alpha`; needs at least one message about the person, the pair's
    `reset.min_pair_messages` and `reset.min_history_messages` in the history period. None
    otherwise, or when the client writes as much about the
    colleagues, or the person is curt with everyone."""
    if counts.labels != "new" or not counts.portfolio_personal.n or \
            pair.personal.hits < 1 or pair.pair.n < int(setting("reset", "min_pair_messages")) \
            or pair.earlier_pair.n < int(setting("reset", "min_history_messages")) \
            or curt_with_everyone(pair, counts, setting):
        return None  # a turn needs a past of the pair's own to turn from
    if about_colleagues_too(pair, pair.personal, counts, setting):
        return None
    if (pair.others.share or 0.0) >= (pair.pair.share or 0.0):
        return None  # as much friction with the colleagues now: the client turned, not the pair
    norm = personal_norm(pair, counts)
    personal_chance = binomial_tail(pair.personal, norm)
    before = Count(pair.earlier_pair.hits + pair.others.hits,
                   pair.earlier_pair.n + pair.others.n)
    friction_chance = chance_above(pair.pair, before)
    if friction_chance is None:
        return None
    chance = fisher(personal_chance, friction_chance)
    alpha = float(setting("reset", "turn_alpha"))
    if chance >= alpha or robust_turn_chance(pair.personal, pair.pair, before, norm,
                                             setting) >= alpha:
        return None
    return Shift(pair.personal, norm, personal_chance, pair.pair, before, friction_chance,
                 chance)


def robust_turn_chance(personal: Count, friction: Count, before: Count, norm: float,
                       setting: Setting) -> float:
    """The combined chance of a turn (Fisher, as `recent_shift`) with `reset.turn_drop` of the
    messages about the person read as mislabelled: neither about the person nor friction.

    The reader labels a message about a person wrongly now and then (an absence note naming a
    colleague, a service complaint addressed by name), and one such label among a handful of
    recent messages is a binomial tail of a few per cent at the person's norm: a turn must not
    rest on it. Dropping the label also drops what it added to the pair's friction, so a turn
    on one label needs the pair's friction to rise clearly without that message. 0: off."""
    drop = int(setting("reset", "turn_drop"))
    if drop <= 0:
        return 0.0
    drop = min(drop, personal.hits)
    kept = Count(personal.hits - drop, personal.n)
    calmer = Count(max(0, friction.hits - drop), friction.n)
    friction_chance = chance_above(calmer, before)
    if friction_chance is None:
        return 1.0
    return fisher(binomial_tail(kept, norm), friction_chance)


def onset_shift(pair: PairCounts, counts: FrictionCounts, setting: Setting) -> Shift | None:
    """A recent turn that began inside the recent period: the same two counts as `recent_shift`,
    read from each of the pair's recent messages on (a candidate onset, with at least
    `reset.min_turn_messages` of the pair's messages from it), against the pair's own messages
    before it and the client's messages to the colleagues from it. A turn of six weeks drowns in
    a recent period of three months; read from its start it does not. Each candidate onset is one
    more look, so the best one's chance is multiplied by the number of onsets tried
    (Bonferroni) and must stay below `reset.turn_alpha`, the bar of a turn over the whole recent
    period. Needs what `recent_shift` needs,
    and the same vetoes; an onset where the colleagues get as large a share of friction is
    skipped (the client turned, not the pair). None otherwise."""
    if counts.labels != "new" or not counts.portfolio_personal.n or \
            counts.recent_start is None or pair.personal.hits < 1 or \
            pair.pair.n < int(setting("reset", "min_pair_messages")) \
            or pair.earlier_pair.n < int(setting("reset", "min_history_messages")) \
            or curt_with_everyone(pair, counts, setting):
        return None
    if about_colleagues_too(pair, pair.personal, counts, setting):
        return None
    start = counts.recent_start
    since = start - timedelta(days=int(setting("reset", "history_days")))
    mine = [(when, kind) for when, kind in pair.timeline if when >= since]
    theirs = sorted((when, kind) for other in counts.pairs if other.staff_id != pair.staff_id
                    for when, kind in other.timeline if when >= since)
    # running counts, so each candidate onset is read in constant time (bisect for theirs)
    friction_sum, personal_sum, their_friction_sum = [0], [0], [0]
    for _, kind in mine:
        friction_sum.append(friction_sum[-1] + (kind != CALM))
        personal_sum.append(personal_sum[-1] + (kind == PERSONAL))
    for _, kind in theirs:
        their_friction_sum.append(their_friction_sum[-1] + (kind != CALM))
    their_times = [when for when, _ in theirs]
    norm = personal_norm(pair, counts)
    least = max(1, int(setting("reset", "min_turn_messages")))
    tried, best = 0, None
    for i, (when, _) in enumerate(mine):
        if when < start:
            continue
        n = len(mine) - i
        if n < least:
            break
        tried += 1
        friction = Count(friction_sum[-1] - friction_sum[i], n)
        personal = Count(personal_sum[-1] - personal_sum[i], n)
        first = bisect_left(their_times, when)
        others = Count(their_friction_sum[-1] - their_friction_sum[first], len(theirs) - first)
        if personal.hits < 1 or (others.n and (others.share or 0.0) >= (friction.share or 0.0)):
            continue
        before = Count(friction_sum[i] + others.hits, i + others.n)
        friction_chance = chance_above(friction, before)
        if friction_chance is None:
            continue
        personal_chance = binomial_tail(personal, norm)
        # the weaker of the plain and the robust reading: a turn must survive a mislabel
        chance = max(fisher(personal_chance, friction_chance),
                     robust_turn_chance(personal, friction, before, norm, setting))
        if best is None or chance < best.chance:
            best = Shift(personal, norm, personal_chance, friction, before, friction_chance,
                         chance, "onset", when)
    if best is None:
        return None
    best = replace(best, chance=min(1.0, best.chance * tried))
    return best if best.chance < float(setting("reset", "turn_alpha")) else None


def history_elevated(pair: PairCounts, setting: Setting) -> bool:
    """In the history period the pair's friction share was already above both its comparisons
    then — the same client with the colleagues, the person with their other clients — (lower
    end above `reset.min_persistent_gap`, on at least `reset.min_pair_messages` of the pair's
    messages): whatever made the pair personal now, the mismatch was there before."""
    level = float(setting("reset", "interval_level"))
    earlier = [g for g in (gap_lower(pair.earlier_pair, pair.earlier_others, level),
                           gap_lower(pair.earlier_pair, pair.earlier_staff_others, level))
               if g is not None]
    return bool(earlier) and pair.earlier_pair.n >= setting("reset", "min_pair_messages") and \
        min(earlier) > float(setting("reset", "min_persistent_gap"))


def span_mismatch(pair: PairCounts, counts: FrictionCounts, setting: Setting) -> Shift | None:
    """A mismatch over the recent and history periods together, in the same two counts as a
    turn (see `Shift`): the pair's messages about the person at the person's own norm, and the
    pair's friction against the same client's with the colleagues over the same months —
    combined (Fisher) below `reset.personal_alpha`, the bar of the messages about the person
    alone. Needs a message about the person, `reset.min_pair_messages` of the pair's and
    `reset.min_colleague_messages` to the colleagues; the same vetoes as a turn."""
    if counts.labels != "new" or not counts.portfolio_personal.n or \
            pair.span_personal.hits < 1 or \
            pair.span_personal.n < int(setting("reset", "min_pair_messages")) or \
            curt_with_everyone(pair, counts, setting):
        return None
    friction = Count(pair.pair.hits + pair.earlier_pair.hits, pair.pair.n + pair.earlier_pair.n)
    colleagues = Count(pair.others.hits + pair.earlier_others.hits,
                       pair.others.n + pair.earlier_others.n)
    if colleagues.n < int(setting("reset", "min_colleague_messages")) or \
            (colleagues.share or 0.0) >= (friction.share or 0.0):
        return None  # as much friction with the colleagues: the client's, not the pair's
    if about_colleagues_too(pair, pair.span_personal, counts, setting):
        return None
    norm = personal_norm(pair, counts)
    personal_chance = binomial_tail(pair.span_personal, norm)
    friction_chance = chance_above(friction, colleagues)
    if friction_chance is None:
        return None
    chance = fisher(personal_chance, friction_chance)
    if chance >= float(setting("reset", "personal_alpha")):
        return None
    return Shift(pair.span_personal, norm, personal_chance, friction, colleagues,
                 friction_chance, chance, "span")


def turned(pair: PairCounts, setting: Setting) -> bool:
    """The pair's friction now is clearly above the same pair's in the history period (lower
    end of the difference above zero): the friction started recently. Without
    `reset.min_history_messages` messages in the history period there is no past to compare
    with, and a recent start is assumed (the pair may be new)."""
    if pair.earlier_pair.n < int(setting("reset", "min_history_messages")):
        return True
    found = gap_lower(pair.pair, pair.earlier_pair, float(setting("reset", "interval_level")))
    return found is not None and found > 0


def curt_with_everyone(pair: PairCounts, counts: FrictionCounts, setting: Setting) -> bool:
    """The person's replies to all their clients are clearly curter than the rest of the
    staff's (lower end of the difference above `reset.min_share_gap`; a curt reply is short as
    well as read curt: `signals.friction_counts.CURT_MAX_WORDS`): what their clients say about
    them is mostly their style, a coaching note, not this client's mismatch."""
    found = gap_lower(pair.staff_curt, without(counts.portfolio_curt, pair.staff_curt),
                      float(setting("reset", "interval_level")))
    return found is not None and found > float(setting("reset", "min_share_gap"))


def about_colleagues_too(pair: PairCounts, personal: Count, counts: FrictionCounts,
                         setting: Setting) -> bool:
    """The client writes as much about the colleagues as the pair's `personal` count about the
    person (a share as large, or a count unlikely at the portfolio's share:
    `reset.colleagues_alpha`): the client's way of writing, not this pair's mismatch."""
    colleagues = pair.colleagues_personal
    return (colleagues.share or 0.0) >= (personal.share or 0.0) or binomial_tail(
        colleagues, counts.portfolio_personal.share or 0.0) < float(
        setting("reset", "colleagues_alpha"))
