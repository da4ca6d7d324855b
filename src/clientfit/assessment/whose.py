""""Is it just me?" — whose friction it is, judged on counts with their uncertainty.

For the staff member the client's friction concentrates on, three shares of the client's
messages that carried friction (negative tone, complaint, threat, hostility):

- the pair: the client's messages to that person;
- the colleagues: the same client's messages to everyone else;
- the person's other clients: that person's messages from their other clients.

A share of a few messages says little, so every comparison is the lower end of an interval of
the difference of two shares (Agresti-Caffo: one success and one failure added to each side,
then the normal interval at the policy's level). The friction is personal to the pair when the
pair's share is clearly above both the colleagues' and the person's other clients'; the client's
own when it is clearly above the portfolio's share with everyone; the staff member's when their
other clients are clearly above the rest of the portfolio.

Friction of every kind is common (a third of all messages in some portfolios), so a personal
mismatch drowns in it; messages *about the person* (complaint_person) are rare, and a pair with
many of them stands out even when the colleagues have few messages to compare with. So, first,
for the client's owner: the share of the client's messages to that person that are about the
person, against that person's own norm (their other clients, never below the portfolio's
share), as the chance of at least that many at the norm (binomial tail); personal when it is
below `reset.personal_alpha` in the recent period or over the recent period and the history
period before it, unless the client writes as much about the colleagues (a larger share, or a
count unlikely at the portfolio's share: `reset.colleagues_alpha`) — few messages to the
colleagues are no evidence either way, so the person's own norm carries the comparison.
Persistent when the history period alone already shows it (at `reset.persistent_alpha`). For a
person whose replies are curt with all their clients (`curt_with_everyone`) what clients say
about them is mostly that person's style, a coaching note: the pair counts only far beyond the
person's own norm (`reset.curt_personal_alpha`), and the routes below are off.

The reader labels only a few of the messages about a person, so two weak counts are also read
together (Fisher): the messages about the person at the person's norm, with the pair's friction
against the same pair before and the colleagues now (`recent_shift`, a recent turn), or against
the colleagues over the recent and history periods (`span_mismatch`, a mismatch over months).
A pair whose friction now is not clearly above its own then did not turn (`turned`): it
persists. The turn and the mismatch of months live in `assessment.turn`, the statistics on
counts in `assessment.shares`. When no count decides, the reader's probabilities summed over
messages (`assessment.soft_counts`: the expected number of messages about the person, against
the person's other clients and the colleagues); when those do not either, the reader's tone
score of every message is ranked (`assessment.tone_gap`: colder with the owner over months
than with the colleagues and than the owner's other clients). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from statistics import NormalDist

from clientfit.assessment.onset import CALM, PERSONAL, chance_began_by, onset
from clientfit.assessment.reasons import reason
from clientfit.assessment.shares import binomial_tail, gap, gap_lower, share_text, without
from clientfit.assessment.soft_counts import SoftPersonal, soft_personal
from clientfit.assessment.tone_gap import ColderTone, colder_with_the_person
from clientfit.assessment.turn import (
    Setting,
    Shift,
    curt_with_everyone,
    history_elevated,
    onset_shift,
    personal_norm,
    recent_shift,
    span_mismatch,
    turned,
)
from clientfit.domain import Count, FrictionCounts, PairCounts, Reason


def personal_doubt(pair: PairCounts, min_gap: float) -> float:
    """The chance that the pair's share is above both comparisons by more than `min_gap`
    although the interval could not show it: how much a KEEP should doubt itself."""
    chances = [NormalDist().cdf((point - min_gap) / se) for point, se in (
        g for g in (gap(pair.pair, pair.others), gap(pair.pair, pair.staff_others))
        if g is not None)]
    return min(chances) if len(chances) == 2 else 0.0


def keep_doubt(counts: FrictionCounts, setting: Setting) -> float:
    """How much a KEEP should doubt itself: `reset.doubt_weight` times the largest chance, over
    the client's pairs whose friction share (recent or over the window) is at least half of
    `reset.min_pair_share`, that the pair is personal although its interval could not show it
    — read from the recent period and from the whole window, so a pair with few messages now
    but many over the year still counts (a pair of three recent messages is no evidence that
    the relationship is fine)."""
    floor = float(setting("reset", "min_pair_share")) / 2
    min_gap = float(setting("reset", "min_share_gap"))
    chances = [0.0]
    for pair in counts.pairs:
        if max(pair.pair.share or 0.0, pair.window_pair.share or 0.0) < floor:
            continue
        chances.append(personal_doubt(pair, min_gap))
        chances.append(personal_doubt(PairCounts(pair.staff_id, pair.window_pair,
                                                 pair.window_others,
                                                 pair.window_staff_others), min_gap))
    if counts.labels == "new":
        # messages about the person, more than the person's own norm would give, but too few
        # for the tests: the chance that a norm client writes fewer of them
        for pair in counts.pairs:
            if pair.span_personal.hits > 0:
                chances.append(1.0 - binomial_tail(pair.span_personal,
                                                   personal_norm(pair, counts)))
    return float(setting("reset", "doubt_weight")) * max(chances)


@dataclass(frozen=True)
class AboutThePerson:
    """The messages about one person that make a pair personal."""

    period: str  # "recent" (the recent period) or "span" (recent + history periods)
    count: Count  # the pair's messages about the person in that period, of all the pair's
    norm: float  # the person's own norm (personal_norm)
    chance: float  # binomial tail of `count` at `norm`
    history: Count  # the same in the history period alone
    history_chance: float


def about_the_person(pair: PairCounts, counts: FrictionCounts, setting: Setting
                     ) -> AboutThePerson | None:
    """The pair's messages about the person when they are far above the person's own norm
    (see the module doc); None otherwise."""
    if counts.labels != "new" or not counts.portfolio_personal.n:
        return None
    # a person curt with all their clients draws messages about them from many clients: this
    # pair's are its own only far beyond the person's norm (their other clients')
    alpha = float(setting("reset", "curt_personal_alpha" if curt_with_everyone(
        pair, counts, setting) else "personal_alpha"))
    norm = personal_norm(pair, counts)
    least = int(setting("reset", "min_pair_messages"))
    least_hits = int(setting("reset", "min_personal_messages"))
    tried = [(binomial_tail(count, norm), period, count)
             for period, count in (("recent", pair.personal), ("span", pair.span_personal))
             if count.n >= least and count.hits >= least_hits]
    if not tried:
        return None
    chance, period, count = min(tried, key=lambda t: t[0])
    if chance >= alpha:
        return None
    colleagues = pair.colleagues_personal
    if (colleagues.share or 0.0) >= (count.share or 0.0) or binomial_tail(
            colleagues, counts.portfolio_personal.share or 0.0) < float(
            setting("reset", "colleagues_alpha")):
        return None  # the client writes as much about the colleagues: not this pair's
    history = pair.history_personal
    return AboutThePerson(period, count, norm, chance, history, binomial_tail(history, norm))


def _main_contact(counts: FrictionCounts, owner: str | None) -> PairCounts | None:
    """The client's owner's pair; without one, the person the client writes to most."""
    for pair in counts.pairs:
        if owner is not None and pair.staff_id == owner:
            return pair
    if not counts.pairs:
        return None
    return max(counts.pairs, key=lambda p: (p.span_personal.n, p.window_pair.n, p.staff_id))


@dataclass(frozen=True)
class Verdict:
    """Whose friction it is, for one client (None: nothing to say)."""

    pair: PairCounts | None  # the pair the friction concentrates on
    personal: bool  # the friction is personal to that pair
    persistent: bool  # ... and it was there before the recent period too
    gap: float  # lower end of the pair's excess over the larger of its two comparisons
    client_difficult: bool  # the client's friction is clearly above the portfolio's
    client_gap: float | None
    staff_friction: tuple[str, ...]  # staff clearly above the rest of the portfolio
    hostile_with_everyone: bool  # hostile or threatening to at least two people, or to the
    # only person it writes to, more than once
    doubt: float = 0.0  # not shown personal, but it might be: the chance it is (a KEEP doubts)
    about: AboutThePerson | None = None  # set when messages about the person decided it
    shift: Shift | None = None  # set when a recent turn against the person decided it
    began: datetime | None = None  # when the personal friction began (assessment.onset)
    tone: ColderTone | None = None  # set when the tone of every message decided it
    soft: SoftPersonal | None = None  # set when the soft counts (probabilities) decided it


def about_timeline(pair: PairCounts, counts: FrictionCounts
                   ) -> tuple[tuple[tuple[datetime, int], ...], tuple[float, float, float]]:
    """The pair's messages as about the person or not, and the person's own norm as the
    reference (`personal_norm`): what `assessment.onset` dates."""
    norm = personal_norm(pair, counts)
    return (tuple((when, PERSONAL if kind == PERSONAL else CALM) for when, kind in pair.timeline),
            (1.0 - norm, 0.0, norm))


def judge(counts: FrictionCounts | None, setting: Setting,
          owner: str | None = None) -> Verdict | None:
    found = _judge(counts, setting, owner)
    # only a decision on the messages about the person is dated: other friction is common (a
    # third of all messages) and would place the onset wherever the client's mood turned; a
    # recent turn is read against the pair's own past, so it is recent by definition
    if found is None or found.about is None or found.pair is None or counts is None or \
            counts.recent_start is None or not found.pair.timeline:
        return found
    timeline, norm = about_timeline(found.pair, counts)
    start = onset(timeline, norm)
    if start is None:
        return found
    # persistent when the history period's counts already show it, or when the messages about
    # the person more likely than not began well before the recent period (a mismatch of many
    # months whose early messages are few: the history period's counts alone miss it)
    by = counts.recent_start - timedelta(days=int(setting("reset", "persistent_onset_days")))
    chance = chance_began_by(timeline, norm, by)
    return replace(found, began=start, persistent=found.persistent or chance > 0.5)


def _judge(counts: FrictionCounts | None, setting: Setting,
           owner: str | None = None) -> Verdict | None:
    if counts is None or not counts.pairs:
        return None
    found = _judge_friction(counts, setting)
    contact = _main_contact(counts, owner)
    about = about_the_person(contact, counts, setting) if contact is not None else None
    if about is None:
        shift = None
        if contact is not None and not found.personal:
            shift = recent_shift(contact, counts, setting) or \
                span_mismatch(contact, counts, setting) or \
                onset_shift(contact, counts, setting)
        if shift is None and contact is not None and not found.personal and \
                not curt_with_everyone(contact, counts, setting):
            soft = soft_personal(contact, counts, setting)
            if soft is not None:
                persistent = soft.history_chance < float(
                    setting("reset", "soft_persistent_alpha")) or \
                    history_elevated(contact, setting)
                return Verdict(contact, True, persistent, -1.0, False, found.client_gap,
                               found.staff_friction, found.hostile_with_everyone, soft=soft)
        if shift is None and contact is not None and not found.personal:
            tone = colder_with_the_person(contact, counts, setting)
            if tone is not None:
                # the tone is read over the span: it persists unless the pair turned
                persistent = not turned(contact, setting) or history_elevated(contact, setting)
                return Verdict(contact, True, persistent, -1.0, False, found.client_gap,
                               found.staff_friction, found.hostile_with_everyone, tone=tone)
        if shift is None or contact is None:
            return found
        # a turn is recent by construction, unless the pair's friction was already clearly
        # above its comparisons in the history period; a mismatch over both periods persists
        # unless the pair's friction now is clearly above its own then
        persistent = (shift.period == "span" and not turned(contact, setting)) or \
            history_elevated(contact, setting)
        return Verdict(contact, True, persistent, -1.0, False, found.client_gap,
                       found.staff_friction, found.hostile_with_everyone, 0.0, None, shift)
    # persistent when the history period's messages about the person already show it, or its
    # friction was already clearly above both comparisons then (the reader finds few of the
    # messages about a person: a mismatch of months may show in the friction alone)
    persistent = about.history_chance < float(setting("reset", "persistent_alpha")) or \
        history_elevated(contact, setting)
    if found.personal and found.pair is not None and found.pair.staff_id == contact.staff_id:
        persistent = persistent or found.persistent
    return Verdict(contact, True, persistent, found.gap if found.pair is contact else -1.0,
                   False, found.client_gap, found.staff_friction, found.hostile_with_everyone,
                   0.0, about)


def _judge_friction(counts: FrictionCounts, setting: Setting) -> Verdict:
    level = float(setting("reset", "interval_level"))
    min_gap = float(setting("reset", "min_share_gap"))
    # friction with their other clients, or curt replies to everyone: a coaching note
    staff = tuple(sorted(p.staff_id for p in counts.pairs if _staff_gap(p, counts, level)
                         > min_gap or curt_with_everyone(p, counts, setting)))
    # the client with everyone against the rest of the portfolio, in the recent period and
    # over the whole window (a client difficult for a year writes less in some quarters)
    client_gap = _best(gap_lower(counts.client, without(counts.portfolio, counts.client), level),
                       gap_lower(counts.window_client,
                                 without(counts.window_portfolio, counts.window_client), level))
    best: tuple[float, PairCounts] | None = None
    for pair in counts.pairs:
        # judged on the recent period, and on the whole window (a long-standing mismatch has
        # more messages there); the better-supported of the two
        lowest = max(_lowest(pair.pair, pair.others, pair.staff_others, setting),
                     _lowest(pair.window_pair, pair.window_others, pair.window_staff_others,
                             setting))
        # too few recent messages to say anything about this pair now: a share of 2 or 3
        # messages is all-or-nothing, and the whole window alone would decide on the past
        if pair.pair.n < setting("reset", "min_pair_messages"):
            continue
        if best is None or lowest > best[0]:
            best = (lowest, pair)
    if best is None:
        return Verdict(None, False, False, -1.0, _difficult(client_gap, counts, setting),
                       client_gap, staff, _hostile(counts, setting),
                       keep_doubt(counts, setting))
    excess, pair = best
    share = max(pair.pair.share or 0.0, pair.window_pair.share or 0.0)
    personal = excess > min_gap and share >= setting("reset", "min_pair_share")
    persistent = False
    if personal:
        persistent = history_elevated(pair, setting) or not turned(pair, setting)
    difficult = _difficult(client_gap, counts, setting) and not personal
    doubt = 0.0 if personal else keep_doubt(counts, setting)
    return Verdict(pair, personal, persistent, excess, difficult, client_gap, staff,
                   _hostile(counts, setting), doubt)


def _lowest(pair: Count, others: Count, staff_others: Count, setting: Setting) -> float:
    """The pair's excess over the larger of its two comparisons (lower end); -1 when the pair
    or the colleagues have too few messages to compare."""
    level = float(setting("reset", "interval_level"))
    if pair.n < setting("reset", "min_pair_messages") or \
            others.n < setting("reset", "min_colleague_messages"):
        return -1.0
    gaps = [g for g in (gap_lower(pair, others, level), gap_lower(pair, staff_others, level))
            if g is not None]
    return min(gaps) if gaps else -1.0


def _best(*gaps: float | None) -> float | None:
    known = [g for g in gaps if g is not None]
    return max(known) if known else None


def _staff_gap(pair: PairCounts, counts: FrictionCounts, level: float) -> float:
    """The staff member's friction with their other clients against the rest of the
    portfolio (everyone's messages but this person's)."""
    mine = Count(pair.staff_others.hits + pair.pair.hits, pair.staff_others.n + pair.pair.n)
    found = gap_lower(pair.staff_others, without(counts.portfolio, mine), level)
    return -1.0 if found is None else found


def _difficult(client_gap: float | None, counts: FrictionCounts, setting: Setting) -> bool:
    if client_gap is None or client_gap <= float(setting("reset", "min_share_gap")):
        return False
    raised = [p for p in counts.pairs if max(p.pair.share or 0.0, p.window_pair.share or 0.0)
              >= float(setting("reset", "min_pair_share"))]
    return len(raised) >= min(2, len(counts.pairs))


def _hostile(counts: FrictionCounts, setting: Setting) -> bool:
    return counts.hostile.hits >= setting("release", "min_threats") and \
        counts.hostile_staff >= min(2, len(counts.pairs))


def comparison_reason(verdict: Verdict, counts: FrictionCounts,
                      staff_names: Mapping[str, str], days: int) -> Reason | None:
    """The comparison a friction decision rests on, in counts: "friction with Anna 62 % of 40
    messages; with the colleagues 8 % of 25; Anna with her other clients 9 % of 230"."""
    pair = verdict.pair or counts.pairs[0]
    name = staff_names.get(pair.staff_id, pair.staff_id)
    text = (f"In the last {days} days, friction (negative tone, complaints, threats) in the "
            f"client's messages: with {name} {share_text(pair.pair)}; with the colleagues "
            f"{share_text(pair.others)}; {name} with their other clients "
            f"{share_text(pair.staff_others)}; across the portfolio "
            f"{share_text(counts.portfolio)}.")
    if pair.earlier_pair.n:
        text += (f" Before that: with {name} {share_text(pair.earlier_pair)}, with the "
                 f"colleagues {share_text(pair.earlier_others)}.")
    return reason("FRICTION_COMPARISON", text, {
        "staff_id": pair.staff_id,
        "pair_friction_share": pair.pair.share, "pair_messages": pair.pair.n,
        "colleagues_friction_share": pair.others.share, "colleagues_messages": pair.others.n,
        "staff_others_friction_share": pair.staff_others.share,
        "staff_others_messages": pair.staff_others.n,
        "portfolio_friction_share": counts.portfolio.share,
        "earlier_pair_friction_share": pair.earlier_pair.share,
        "earlier_pair_messages": pair.earlier_pair.n,
        "share_gap_lower": round(verdict.gap, 3),
    }, pair.evidence)
