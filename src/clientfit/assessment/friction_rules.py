"""Decisions from communication and friction: RECOVER, RESET, REASSIGN, and the notes on
whose friction it is. Pure, like the rest of the assessment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clientfit.assessment.reasons import percent, reason
from clientfit.domain import (
    Decision,
    EvidenceRef,
    FrictionFindings,
    PairFriction,
    Reason,
)

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]


def _number(value: Any) -> float:
    return 0.0 if value is None or value != value else float(value)


def worst_pair(friction: FrictionFindings | None, setting: Setting) -> PairFriction | None:
    """The pair whose friction is personal: flagged, large, and the client fine with others."""
    if friction is None or not friction.pairs:
        return None
    pair = friction.pairs[0]
    others = friction.others_negative_share
    if not pair.flagged or pair.excess < setting("reset", "min_pair_effect"):
        return None
    if pair.messages < setting("reset", "min_pair_messages"):
        return None
    if pair.effect < setting("reset", "min_own_pair_effect"):
        return None  # the staff member's friction with everyone: a coaching note, not this pair
    if others is not None and others > setting("reset", "max_others_negative_share"):
        return None
    client = friction.client_effect or 0.0
    if client >= setting("reset", "max_client_effect_vs_pair") * pair.excess:
        return None
    return pair


def pair_decision(
    friction: FrictionFindings | None, setting: Setting, staff_names: Mapping[str, str],
    sufficiency: float,
) -> tuple[Decision, float, list[Reason]] | None:
    pair = worst_pair(friction, setting)
    if pair is None or friction is None:
        return None
    name = staff_names.get(pair.staff_id, pair.staff_id)
    others = friction.others_negative_share
    days = setting("communication", "recent_days")
    share = "" if pair.negative_share is None else (
        f"{percent(pair.negative_share)} of the client's {pair.messages} messages to {name} in "
        f"the last {days} days were negative")
    parts = f"+{pair.effect:.2f} this pair"
    if abs(pair.staff_effect) >= 0.005:
        parts += f", {pair.staff_effect:+.2f} {name}'s friction with clients in general"
    text = (f"Friction sits with {name}: {share or f'{pair.messages} messages'}; excess "
            f"friction +{pair.excess:.2f} ({percent(setting('reset', 'interval_level'))} "
            f"interval {pair.lower:.2f} to {pair.upper:.2f}; {parts}), against "
            f"{percent(others or 0.0)} negative with everyone else.")
    reasons = [reason("PAIR_FRICTION", text,
                      {"staff_id": pair.staff_id, "pair_effect": pair.effect,
                       "staff_effect": pair.staff_effect, "excess_friction": pair.excess,
                       "excess_lower": pair.lower, "excess_upper": pair.upper,
                       "pair_negative_share": pair.negative_share,
                       "others_negative_share": others}, pair.evidence)]
    strength = max(0.5, min(1.0, 0.5 + (pair.lower - 0.0) / 0.4))
    persistent = (pair.earlier_lower is not None and pair.earlier_lower > 0
                  and (pair.earlier_effect or 0.0) >= setting("reset", "min_own_pair_effect"))
    if persistent:
        reasons.append(reason(
            "PAIR_FRICTION_PERSISTENT",
            f"The friction with {name} was already there before the last {days} days: "
            "it persists rather than being a recent episode.",
            {"staff_id": pair.staff_id}, pair.evidence))
        if friction.best_colleague:
            colleague = staff_names.get(friction.best_colleague, friction.best_colleague)
            reasons.append(reason(
                "BEST_FIT_COLLEAGUE",
                f"Best fit to take over: {colleague} (the lowest expected friction with this "
                "client among the colleagues).",
                {"staff_id": friction.best_colleague}))
        return Decision.REASSIGN, sufficiency * strength, reasons
    reasons.append(reason(
        "PAIR_FRICTION_RECENT",
        f"It started within the last {days} days: a conversation by {name} can still reset it.",
        {"staff_id": pair.staff_id}))
    return Decision.RESET, sufficiency * strength, reasons


def recover_decision(
    metrics: Mapping[str, Any], setting: Setting, evidence: EvidenceOf, sufficiency: float,
    missed_reason: Callable[[], Reason],
) -> tuple[Decision, float, list[Reason]] | None:
    """Our service failures with the client's complaints rising: the client may fire us."""
    complaints = int(_number(metrics.get("complaints_recent")))
    if complaints < setting("recover", "min_recent_complaints"):
        return None
    days = setting("communication", "recent_days")
    failures: list[Reason] = []
    p90 = metrics.get("response_p90_hours_recent")
    if p90 is not None and p90 > setting("recover", "max_response_p90_hours"):
        failures.append(reason(
            "SLOW_REPLIES",
            f"Our first replies took {p90:.1f} business hours at the 90th percentile in the last "
            f"{days} days (median {_number(metrics.get('response_median_hours_recent')):.1f}).",
            {"response_p90_hours_recent": p90,
             "response_median_hours_recent": metrics.get("response_median_hours_recent")},
            evidence("response_messages_recent")))
    unanswered = int(_number(metrics.get("unanswered_recent")))
    repeats = int(_number(metrics.get("repeated_unanswered_recent")))
    if unanswered + repeats >= setting("recover", "max_unanswered"):
        failures.append(reason(
            "UNANSWERED",
            f"{unanswered} of the client's messages in the last {days} days are still without a "
            f"reply; {repeats} of them repeat a question we never answered.",
            {"unanswered_recent": unanswered, "repeated_unanswered_recent": repeats},
            evidence("unanswered_messages_recent")
            + evidence("repeated_unanswered_messages_recent")))
    missed = _number(metrics.get("missed_milestone_share"))
    if missed > setting("recover", "max_missed_milestone_share"):
        failures.append(missed_reason())
    if not failures:
        return None
    inbound = int(_number(metrics.get("inbound_messages_recent")))
    complaint_reason = reason(
        "RECENT_COMPLAINTS",
        f"{complaints} complaints in the last {days} days, out of {inbound} messages from the "
        "client.", {"complaints_recent": complaints, "inbound_messages_recent": inbound},
        evidence("complaint_messages_recent"))
    strength = max(0.5, min(1.0, 0.4 + 0.1 * complaints + 0.1 * len(failures)))
    return Decision.RECOVER, sufficiency * strength, [complaint_reason, *failures]


def threat_reason(metrics: Mapping[str, Any], evidence: EvidenceOf) -> Reason:
    threats = int(_number(metrics.get("threats")))
    return reason(
        "THREATS",
        f"{threats} threats or escalations in the window (manager, lawyer, bad review, leaving).",
        {"threats": threats}, evidence("threat_messages"))


def whose_friction_notes(
    friction: FrictionFindings | None, staff_names: Mapping[str, str], evidence: EvidenceOf
) -> list[Reason]:
    """Notes that never decide against a client: a difficult client, a staff coaching note."""
    if friction is None:
        return []
    notes = []
    if friction.client_flagged and friction.client_effect is not None:
        notes.append(reason(
            "DIFFICULT_WITH_EVERYONE",
            f"The client's own friction is high with everyone (client effect "
            f"+{friction.client_effect:.2f}, lower bound {friction.client_lower:.2f}): it is "
            "not personal to one colleague.",
            {"client_effect": friction.client_effect}, evidence("negative_messages")))
    for staff_id in friction.flagged_staff:
        name = staff_names.get(staff_id, staff_id)
        notes.append(reason(
            "STAFF_FRICTION",
            f"Coaching note for {name}: friction with many clients, not only this one. This is "
            "not a reason to act against the client.", {"staff_id": staff_id}))
    return notes
