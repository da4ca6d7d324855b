"""RECOVER: our service failing, measured against our own norm with the other clients, and the
client unhappy about it. Pure, like the rest of the assessment.

A complaint alone is not a RECOVER (clients complain; a reader also mistakes some sentences for
complaints), nor is a slow reply the client does not mind. Each failure is the client's figure
against the portfolio's typical client:

- slow first replies: the 90th percentile *and* the median above the typical client's by
  `recover.slow_vs_norm`, and above `recover.max_response_p90_hours` and
  `recover.max_response_median_hours`: one late answer moves a 90th percentile of a few
  replies, not the median; and the median at least `recover.slower_than_usual` times our
  median with the same client over the whole window — replies as slow all along, to a client
  who stayed, are the pace of that relationship, not a service failing now;
- unanswered repeats: the client had to repeat a question we never answered, at least
  `recover.max_unanswered` messages are without a reply, and their share of the client's
  messages is above the rest of the portfolio's (lower end of the interval of the difference
  above zero). A message left without a reply may not have needed one; a repeat did;
- missed milestones: above `recover.max_missed_milestone_share` and the typical client's share
  plus `recover.missed_above_norm`;
- our apologies (named with another failure, never alone: apologising is also good manners):
  at least `recover.min_apologies`, and more often per client message than to the rest of the
  portfolio (lower end above zero).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clientfit.assessment.reasons import reason
from clientfit.assessment.shares import gap_lower, share_text
from clientfit.domain import Count, Decision, EvidenceRef, Reason

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]


def _number(value: Any) -> float:
    return 0.0 if value is None or value != value else float(value)


def _rest(norms: Mapping[str, float], name: str, mine: int, inbound: int) -> Count:
    """The rest of the portfolio's count of `name` per client message (recent)."""
    total = int(norms.get("inbound_messages_recent", 0)) - inbound
    return Count(max(0, min(int(norms.get(name, 0)) - mine, total)), max(0, total))


def recover_decision(
    metrics: Mapping[str, Any], norms: Mapping[str, float], setting: Setting,
    evidence: EvidenceOf, sufficiency: float, missed_reason: Callable[[], Reason],
) -> tuple[Decision, float, list[Reason]] | None:
    """RECOVER when the client complains (at least `recover.min_recent_complaints` recent
    complaints about the service, or negative messages when the reader finds fewer
    complaints) and at least one of our failures stands out against our norm."""
    service = metrics.get("complaints_service_recent")
    complaints = int(_number(metrics.get("complaints_recent") if service is None else service))
    inbound = int(_number(metrics.get("inbound_messages_recent")))
    negative = round(_number(metrics.get("negative_share_recent")) * inbound)
    if max(complaints, negative) < setting("recover", "min_recent_complaints"):
        return None
    days = setting("communication", "recent_days")
    level = float(setting("reset", "interval_level"))
    failures = [found for found in (
        _slow_replies(metrics, norms, setting, evidence, days),
        _unanswered(metrics, norms, setting, evidence, days, level, inbound),
        _missed(metrics, norms, setting, missed_reason),
    ) if found is not None]
    apologies = _apologies(metrics, norms, setting, evidence, days, level, inbound)
    if apologies is not None and failures:  # apologies alone: good manners, not a failure
        failures.append(apologies)
    if not failures:
        return None
    complaint_reason = reason(
        "RECENT_COMPLAINTS",
        f"{complaints} complaints in the last {days} days, out of {inbound} messages from the "
        f"client ({negative} of them negative in tone).",
        {"complaints_recent": complaints, "inbound_messages_recent": inbound,
         "negative_messages_recent": negative},
        evidence("complaint_messages_recent") + evidence("negative_messages_recent"))
    strength = max(0.5, min(1.0, 0.4 + 0.1 * max(complaints, negative) + 0.1 * len(failures)))
    return Decision.RECOVER, sufficiency * strength, [complaint_reason, *failures]


def _slow_replies(metrics: Mapping[str, Any], norms: Mapping[str, float], setting: Setting,
                  evidence: EvidenceOf, days: int) -> Reason | None:
    p90 = metrics.get("response_p90_hours_recent")
    median = metrics.get("response_median_hours_recent")
    norm_p90 = norms.get("response_p90_hours_recent")
    norm_median = norms.get("response_median_hours_recent")
    times = float(setting("recover", "slow_vs_norm"))
    p90_floor = max(float(setting("recover", "max_response_p90_hours")),
                    (norm_p90 or 0.0) * times)
    if p90 is None or p90 <= p90_floor:
        return None
    median_floor = max(float(setting("recover", "max_response_median_hours")),
                       (norm_median or 0.0) * times)
    if median is None or median <= median_floor:
        return None  # one slow answer among quick ones: not a service failing
    usual = metrics.get("response_median_hours")  # with this client over the whole window
    lately = float(setting("recover", "slower_than_usual"))
    if lately > 0 and usual is not None and usual == usual and median < lately * usual:
        return None  # as slow with this client all along: the pace it works at, not a failure
    return reason(
        "SLOW_REPLIES",
        f"Our first replies took {p90:.1f} business hours at the 90th percentile in the last "
        f"{days} days (median {_number(median):.1f}), against {_number(norm_p90):.1f} (median "
        f"{_number(norm_median):.1f}) with a typical client and a median of "
        f"{_number(usual):.1f} with this client over the window.",
        {"response_p90_hours_recent": p90, "response_p90_hours_norm": norm_p90,
         "response_median_hours_recent": median, "response_median_hours_norm": norm_median,
         "response_median_hours": usual},
        evidence("response_messages_recent"))


def _unanswered(metrics: Mapping[str, Any], norms: Mapping[str, float], setting: Setting,
                evidence: EvidenceOf, days: int, level: float, inbound: int) -> Reason | None:
    unanswered = int(_number(metrics.get("unanswered_recent")))
    repeats = int(_number(metrics.get("repeated_unanswered_recent")))
    if not repeats or unanswered + repeats < setting("recover", "max_unanswered"):
        return None  # a message left without reply may not have needed one; a repeat did
    rest = _rest(norms, "unanswered_recent", unanswered, inbound)
    gap = gap_lower(Count(min(unanswered + repeats, inbound), inbound), rest, level)
    if gap is not None and gap <= 0:
        return None
    return reason(
        "UNANSWERED",
        f"{unanswered} of the client's messages in the last {days} days are still without a "
        f"reply; {repeats} of them repeat a question we never answered (across the rest of the "
        f"portfolio {share_text(rest)} are left unanswered).",
        {"unanswered_recent": unanswered, "repeated_unanswered_recent": repeats},
        evidence("unanswered_messages_recent") + evidence("repeated_unanswered_messages_recent"))


def _missed(metrics: Mapping[str, Any], norms: Mapping[str, float], setting: Setting,
            missed_reason: Callable[[], Reason]) -> Reason | None:
    missed = _number(metrics.get("missed_milestone_share"))
    if missed > max(setting("recover", "max_missed_milestone_share"),
                    norms.get("missed_milestone_share", 0.0)
                    + setting("recover", "missed_above_norm")):
        return missed_reason()
    return None


def _apologies(metrics: Mapping[str, Any], norms: Mapping[str, float], setting: Setting,
               evidence: EvidenceOf, days: int, level: float, inbound: int) -> Reason | None:
    apologies = int(_number(metrics.get("apologies_recent")))
    if apologies < setting("recover", "min_apologies"):
        return None
    rest = _rest(norms, "apologies_recent", apologies, inbound)
    gap = gap_lower(Count(min(apologies, inbound), inbound), rest, level)
    if gap is None or gap <= 0:
        return None
    return reason(
        "OUR_APOLOGIES",
        f"We apologised {apologies} times to the client in the last {days} days (across the "
        f"rest of the portfolio, {share_text(rest)} of client messages drew an apology).",
        {"apologies_recent": apologies}, evidence("apology_messages_recent"))
