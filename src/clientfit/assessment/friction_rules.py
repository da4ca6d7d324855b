"""Decisions from communication and friction: RECOVER, RESET, REASSIGN, and the notes on
whose friction it is. Pure, like the rest of the assessment."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from statistics import NormalDist
from typing import Any

from clientfit.assessment.client_case import decisiveness
from clientfit.assessment.reasons import reason
from clientfit.assessment.shares import share_text, without
from clientfit.assessment.soft_counts import SoftPersonal, soft_metrics
from clientfit.assessment.tone_gap import ColderTone
from clientfit.assessment.turn import Shift, curt_with_everyone
from clientfit.assessment.whose import AboutThePerson, Verdict, comparison_reason
from clientfit.domain import (
    Count,
    Decision,
    EvidenceRef,
    FrictionCounts,
    FrictionFindings,
    PairCounts,
    Reason,
)

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]


def _number(value: Any) -> float:
    return 0.0 if value is None or value != value else float(value)


def pair_decision(
    friction: FrictionFindings | None, verdict: Verdict | None, setting: Setting,
    staff_names: Mapping[str, str], sufficiency: float,
) -> tuple[Decision, float, list[Reason]] | None:
    """RESET when the friction is personal to one pair and recent, REASSIGN when it persists."""
    if verdict is None or not verdict.personal or verdict.pair is None or friction is None \
            or friction.counts is None:
        return None
    pair = verdict.pair
    name = staff_names.get(pair.staff_id, pair.staff_id)
    days = setting("communication", "recent_days")
    history_days = int(setting("reset", "history_days"))
    if verdict.about is not None:
        first = _about_reason(verdict.about, pair, friction.counts, name, days, history_days)
        alpha = float(setting("reset", "personal_alpha"))
        strength = decisiveness(math.log10(alpha / max(verdict.about.chance, 1e-12)), 2.0)
    elif verdict.soft is not None:
        first = _soft_reason(verdict.soft, pair, name, days, history_days)
        alpha = float(setting("reset", "soft_alpha"))
        strength = decisiveness(math.log10(alpha / max(verdict.soft.chance, 1e-12)), 2.0)
    elif verdict.shift is not None and verdict.shift.period == "span":
        first = _mismatch_reason(verdict.shift, pair, name, days + history_days)
        alpha = float(setting("reset", "personal_alpha"))
        strength = decisiveness(math.log10(alpha / max(verdict.shift.chance, 1e-12)), 2.0)
    elif verdict.tone is not None:
        first = _tone_reason(verdict.tone, pair, name, days + history_days)
        alpha = float(setting("reset", "tone_alpha"))
        strength = decisiveness(math.log10(alpha / max(verdict.tone.chance, 1e-12)), 2.0)
    elif verdict.shift is not None:
        first = _shift_reason(verdict.shift, pair, name, days, history_days)
        alpha = float(setting("reset", "turn_alpha"))
        strength = decisiveness(math.log10(alpha / max(verdict.shift.chance, 1e-12)), 2.0)
    else:
        first = _friction_reason(verdict, name, days, setting)
        strength = decisiveness(verdict.gap, 0.3)
    reasons = [first, *_comparison(verdict, friction, staff_names, days)]
    if verdict.persistent:
        if verdict.about is not None:
            history = verdict.about.history
            before = (f"{history.hits} of {history.n} messages to {name} were about {name} "
                      f"personally then, and {share_text(pair.earlier_pair)} carried friction, "
                      f"against {share_text(pair.earlier_others)} to the colleagues")
        elif verdict.soft is not None:
            history = verdict.soft.history
            before = (f"{history.expected:.1f} expected of {history.n} messages to {name} read "
                      f"about {name} personally then, against {verdict.soft.norm * history.n:.1f} "
                      f"at {name}'s usual rate")
        else:
            before = (f"{share_text(pair.earlier_pair)} then, against "
                      f"{share_text(pair.earlier_others)} to the colleagues")
        if verdict.began is not None:
            before += (f"; the messages about {name} most likely began around "
                       f"{verdict.began:%Y-%m-%d}")
        reasons.append(reason(
            "PAIR_FRICTION_PERSISTENT",
            f"The friction with {name} was already there in the {history_days} days before the "
            f"last {days} ({before}): it persists rather than being a recent episode.",
            {"staff_id": pair.staff_id, "earlier_pair_share": pair.earlier_pair.share,
             "history_days": history_days,
             "began": verdict.began.date().isoformat() if verdict.began else None},
            pair.personal_evidence if verdict.about is not None else pair.evidence))
        best = _best_colleague(friction, pair.staff_id, setting)
        if best:
            colleague, seen = best
            text = (f"Best fit to take over: {staff_names.get(colleague, colleague)} (the lowest "
                    "expected friction with this client among the colleagues")
            text += (f": friction in {seen.hits} of the client's {seen.n} messages to them over "
                     "the window)." if seen is not None else ").")
            reasons.append(reason("BEST_FIT_COLLEAGUE", text, {
                "staff_id": colleague,
                "colleague_friction_share": seen.share if seen is not None else None,
                "colleague_messages": seen.n if seen is not None else None}))
        return Decision.REASSIGN, sufficiency * strength, reasons
    if verdict.about is not None:
        history = verdict.about.history
        before = f"{history.hits} of {history.n} messages about {name} personally"
    elif verdict.soft is not None:
        history = verdict.soft.history
        before = (f"{history.expected:.1f} expected of {history.n} messages read about {name} "
                  "personally")
    else:
        before = f"{share_text(pair.earlier_pair)} with {name}"
    reasons.append(reason(
        "PAIR_FRICTION_RECENT",
        f"It started within the last {days} days ({before} in the {history_days} days "
        f"before): a conversation by {name} can still reset it.",
        {"staff_id": pair.staff_id, "earlier_pair_share": pair.earlier_pair.share}))
    return Decision.RESET, sufficiency * strength, reasons


def _friction_reason(verdict: Verdict, name: str, days: int, setting: Setting) -> Reason:
    pair = verdict.pair
    assert pair is not None
    level = setting("reset", "interval_level")
    text = (f"Friction sits with {name}: {share_text(pair.pair)} to {name} in the last {days} "
            f"days carried friction, against {share_text(pair.others)} to the colleagues and "
            f"{share_text(pair.staff_others)} from {name}'s other clients (the pair's excess is "
            f"at least {verdict.gap * 100:.0f} points at {level * 100:.0f} % confidence).")
    if pair.personal.hits:
        text += f" {pair.personal.hits} of the messages complain about {name} personally."
    return reason("PAIR_FRICTION", text, {
        "staff_id": pair.staff_id, "pair_negative_share": pair.pair.share,
        "pair_messages": pair.pair.n, "others_negative_share": pair.others.share,
        "staff_others_share": pair.staff_others.share, "share_gap_lower": verdict.gap,
        "personal_complaints": pair.personal.hits}, pair.evidence)


def _about_reason(about: AboutThePerson, pair: PairCounts, counts: FrictionCounts, name: str,
                  days: int, history_days: int) -> Reason:
    """The comparison a personal mismatch rests on, in counts: "about Anna personally in 12
    of 40 messages; with the colleagues 1 of 25; Anna with her other clients 2 %"."""
    period_days = days if about.period == "recent" else days + history_days
    colleagues = pair.colleagues_personal
    own = pair.staff_others_personal
    text = (f"About {name} personally: {about.count.hits} of the client's {about.count.n} "
            f"messages to {name} in the last {period_days} days; to the colleagues "
            f"{colleagues.hits} of {colleagues.n} about themselves; {name}'s other clients "
            f"{_percent(own.share)} of {own.n}; across the portfolio "
            f"{_percent(counts.portfolio_personal.share)}. At {name}'s usual "
            f"{_percent(about.norm)}, that many would come by chance "
            + _how_rare(about.chance))
    return reason("PERSONAL_COMPLAINTS", text, {
        "staff_id": pair.staff_id, "personal_messages": about.count.hits,
        "pair_messages": about.count.n, "period_days": period_days,
        "personal_share": about.count.share,
        "colleagues_personal_share": colleagues.share, "colleagues_messages": colleagues.n,
        "staff_others_personal_share": own.share, "staff_others_messages": own.n,
        "portfolio_personal_share": counts.portfolio_personal.share,
        "personal_norm_share": about.norm, "chance_one_in": _one_in(about.chance),
        "history_personal_messages": about.history.hits,
        "history_messages": about.history.n,
    }, pair.personal_evidence)


def _soft_reason(soft: SoftPersonal, pair: PairCounts, name: str, days: int,
                 history_days: int) -> Reason:
    """The comparison a mismatch on soft counts rests on: "messages to Anna read about Anna:
    4.1 expected of 38; to the colleagues 0.6 of 21; Anna's other clients 1.2 per 38"."""
    period_days = days if soft.period == "recent" else days + history_days
    mine, colleagues = soft.mine, soft.colleagues
    labelled = pair.personal.hits if soft.period == "recent" else pair.span_personal.hits
    text = (f"The client's messages to {name} read about {name} personally: "
            f"{mine.expected:.1f} expected of {mine.n} in the last {period_days} days (the "
            f"reader's probabilities summed; {labelled} labelled); to the colleagues "
            f"{colleagues.expected:.1f} of {colleagues.n}; {name}'s other clients "
            f"{soft.norm * mine.n:.1f} per {mine.n}. Messages like {name}'s other clients' "
            "would read that much about them by chance " + _how_rare(soft.chance))
    return reason("PERSONAL_EXPECTED", text, {
        "staff_id": pair.staff_id, "period_days": period_days, **soft_metrics(soft),
        "labelled_personal": labelled, "norm_expected_personal": round(soft.norm * mine.n, 2),
        "chance_one_in": _one_in(soft.chance)}, pair.personal_evidence + pair.evidence)


def _how_rare(chance: float) -> str:
    if chance >= 1 / ONE_IN_CAP:
        return f"about once in {_one_in(chance):,} pairs."
    return f"less than once in {ONE_IN_CAP:,} pairs."


def _shift_reason(shift: Shift, pair: PairCounts, name: str, days: int,
                  history_days: int) -> Reason:
    """A recent turn against the person, in counts: "about Anna personally 2 of 12 messages
    (her usual 3 %); friction with Anna 6 of 12, against 3 of 21 before and to the colleagues"."""
    when = f"since {shift.since:%Y-%m-%d}" if shift.since is not None else \
        f"in the last {days} days"
    before = f"before then (from {history_days} days before the last {days}) and to the " \
        "colleagues since" if shift.since is not None else \
        f"in the {history_days} days before and to the colleagues now"
    text = (f"A recent turn against {name}: {when} {shift.personal.hits} of "
            f"the client's {shift.personal.n} messages to {name} were about {name} personally "
            f"({name}'s usual {_percent(shift.norm)}), and {shift.friction.hits} of "
            f"{shift.friction.n} carried friction, against {shift.before.hits} of "
            f"{shift.before.n} to {name} {before}. Together, that would come by chance "
            + _how_rare(shift.chance))
    if shift.since is not None:
        text = text[:-1] + (", allowing for every day the turn could have begun "
                            "on.")
    return reason("PERSONAL_TURN", text, {
        "staff_id": pair.staff_id, "personal_messages": shift.personal.hits,
        "pair_messages": shift.personal.n, "personal_norm_share": shift.norm,
        "personal_chance": shift.personal_chance, "friction_messages": shift.friction.hits,
        "before_friction_messages": shift.before.hits, "before_messages": shift.before.n,
        "friction_chance": shift.friction_chance, "chance_one_in": _one_in(shift.chance),
        "since": shift.since.date().isoformat() if shift.since is not None else None,
    }, pair.personal_evidence + pair.evidence)


def _mismatch_reason(shift: Shift, pair: PairCounts, name: str, period_days: int) -> Reason:
    """A mismatch over the recent and history periods, in counts: "about Anna personally 3 of
    18 messages (her usual 4 %); friction with Anna 8 of 18, with the colleagues 2 of 18"."""
    text = (f"Over the last {period_days} days {shift.personal.hits} of the client's "
            f"{shift.personal.n} messages to {name} were about {name} personally ({name}'s "
            f"usual {_percent(shift.norm)}), and {shift.friction.hits} of {shift.friction.n} "
            f"carried friction, against {shift.before.hits} of {shift.before.n} to the "
            "colleagues over the same months. Together, that would come by chance "
            + _how_rare(shift.chance))
    return reason("PERSONAL_MISMATCH", text, {
        "staff_id": pair.staff_id, "period_days": period_days,
        "personal_messages": shift.personal.hits, "pair_messages": shift.personal.n,
        "personal_norm_share": shift.norm, "personal_chance": shift.personal_chance,
        "friction_messages": shift.friction.hits, "colleague_friction_messages": shift.before.hits,
        "colleague_messages": shift.before.n, "friction_chance": shift.friction_chance,
        "chance_one_in": _one_in(shift.chance),
    }, pair.personal_evidence + pair.evidence)


def _tone_reason(tone: ColderTone, pair: PairCounts, name: str, period_days: int) -> Reason:
    """A mismatch over months in the tone of every message: "the client's 19 messages to Anna
    read colder than its 19 messages to the colleagues (mean tone -0.31 against +0.42; the
    colder of a pair in 78 % of comparisons) and than the 560 messages Anna had from other
    clients (-0.05; 71 %)"."""
    mine, others = tone.colleagues, tone.staff_others
    text = (f"Over the last {period_days} days the client's {mine.n} messages to {name} read "
            f"colder than its {mine.m} messages to the colleagues (mean tone "
            f"{mine.mean:+.2f} against {mine.other_mean:+.2f}; the colder of a pair in "
            f"{_percent(mine.share)} of comparisons) and than the {others.m} messages {name} had "
            f"from other clients ({others.other_mean:+.2f}; {_percent(others.share)}). Friction "
            f"in the messages to {name} {share_text(tone.friction)}, to the colleagues "
            f"{share_text(tone.colleagues_friction)}. Both together would come by chance "
            + _how_rare(tone.chance))
    return reason("PERSONAL_TONE", text, {
        "staff_id": pair.staff_id, "period_days": period_days, "pair_messages": mine.n,
        "pair_mean_tone": round(mine.mean, 3), "colleague_messages": mine.m,
        "colleague_mean_tone": round(mine.other_mean, 3),
        "colder_than_colleagues_share": mine.share,
        "staff_others_messages": others.m, "staff_others_mean_tone": round(others.other_mean, 3),
        "colder_than_staff_others_share": others.share,
        "colleagues_chance": tone.colleagues_chance,
        "staff_others_chance": tone.staff_others_chance,
        "friction_messages": tone.friction.hits, "friction_of": tone.friction.n,
        "colleague_friction_messages": tone.colleagues_friction.hits,
        "colleague_friction_of": tone.colleagues_friction.n,
        "chance_one_in": _one_in(tone.chance),
    }, pair.personal_evidence + pair.evidence)


def _percent(share: float | None) -> str:
    return "no messages" if share is None else f"{share * 100:.0f} %"


ONE_IN_CAP = 100_000  # "less than once in 100,000": smaller chances are not told apart


def _one_in(chance: float) -> int:
    return int(min(ONE_IN_CAP, round(1 / max(chance, 1 / ONE_IN_CAP))))


def _comparison(verdict: Verdict, friction: FrictionFindings, staff_names: Mapping[str, str],
                days: int) -> list[Reason]:
    if friction.counts is None:
        return []
    found = comparison_reason(verdict, friction.counts, staff_names, days)
    return [found] if found else []


def _best_colleague(friction: FrictionFindings, staff_id: str, setting: Setting
                    ) -> tuple[str, Count | None] | None:
    """The colleague the client already writes to with the least friction we can be sure of:
    the lowest upper end of the interval of their share over the window, among colleagues with
    at least `reset.min_colleague_messages` messages who are not curt with all their clients
    (their messages are the evidence that the client is fine with them). Without one, the
    attribution model's best fit; without that, the colleague with the lowest share."""
    counts = friction.counts
    pairs = [p for p in (counts.pairs if counts else ()) if p.staff_id != staff_id]
    level = float(setting("reset", "interval_level"))
    known = [p for p in pairs if counts is not None
             and p.window_pair.n >= setting("reset", "min_colleague_messages")
             and not curt_with_everyone(p, counts, setting)]
    if known:
        best = min(known, key=lambda p: (_upper(p.window_pair, level), p.staff_id))
        return best.staff_id, best.window_pair
    if friction.best_colleague and friction.best_colleague != staff_id:
        return friction.best_colleague, None
    if not pairs:
        return None
    return min(pairs, key=lambda p: ((p.pair.hits + 1) / (p.pair.n + 2), p.staff_id)).staff_id, \
        None


def _upper(count: Count, level: float) -> float:
    """Upper end of the `level` interval of a share (one success and one failure added)."""
    share = (count.hits + 1) / (count.n + 2)
    return share + NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(
        share * (1 - share) / (count.n + 2))


def threat_reason(metrics: Mapping[str, Any], evidence: EvidenceOf) -> Reason:
    threats = int(_number(metrics.get("threats")))
    return reason(
        "THREATS",
        f"{threats} threats or escalations in the window (manager, lawyer, bad review, leaving).",
        {"threats": threats}, evidence("threat_messages"))


def whose_friction_notes(
    friction: FrictionFindings | None, verdict: Verdict | None,
    staff_names: Mapping[str, str], evidence: EvidenceOf, days: int,
) -> list[Reason]:
    """Notes that never decide against a client: the comparison in counts, a difficult
    client, a staff coaching note."""
    if friction is None:
        return []
    notes = []
    if verdict is not None and friction.counts is not None:
        notes += _comparison(verdict, friction, staff_names, days)
    if verdict is not None and verdict.client_difficult and friction.counts is not None:
        counts = friction.counts
        notes.append(reason(
            "DIFFICULT_WITH_EVERYONE",
            f"The client's friction is high with everyone: {share_text(counts.client)} across "
            f"the staff it writes to, against {share_text(counts.portfolio)} across the "
            "portfolio; it is not personal to one colleague.",
            {"client_friction_share": counts.client.share,
             "portfolio_friction_share": counts.portfolio.share,
             "client_effect": friction.client_effect}, evidence("negative_messages")))
    for staff_id in verdict.staff_friction if verdict is not None else ():
        notes.append(_coaching_note(staff_id, staff_names.get(staff_id, staff_id),
                                    friction.counts))
    return notes


def _coaching_note(staff_id: str, name: str, counts: FrictionCounts | None) -> Reason:
    """The staff member's coaching note; with their short curt replies in counts when those
    are above the rest of the staff's (`turn.curt_with_everyone`)."""
    text = f"Coaching note for {name}: friction with many clients, not only this one."
    metrics: dict[str, Any] = {"staff_id": staff_id}
    pair = next((p for p in counts.pairs if p.staff_id == staff_id), None) \
        if counts is not None else None
    if counts is not None and pair is not None and pair.staff_curt.n:
        rest = without(counts.portfolio_curt, pair.staff_curt)
        if (pair.staff_curt.share or 0.0) > (rest.share or 0.0):
            text = (f"Coaching note for {name}: short, curt replies to their clients, "
                    f"{share_text(pair.staff_curt)} of theirs in the window against "
                    f"{share_text(rest)} of the rest of the staff's; what clients say about "
                    f"{name} is not only this client's.")
            metrics.update(curt_replies=pair.staff_curt.hits, replies=pair.staff_curt.n,
                           rest_curt_share=rest.share)
    return reason("STAFF_FRICTION", text + " This is not a reason to act against the client.",
                  metrics)
