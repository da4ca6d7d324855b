"""What a high churn risk does: a CHURN_RISK reason with its drivers. It never decides.

The risk (P(leaving within the horizon), from the Cox model on the portfolio's own ended
retainers; docs/models.md) is named on every decision but RELEASE — on KEEP and WATCH it tells
the owner to look before the client goes; on RECOVER it supports the recovery (the client's
signals and ours agree). A client we recommend releasing leaving on its own is not a loss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clientfit.assessment.reasons import percent, reason
from clientfit.domain import Decision, EvidenceRef, Reason

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]

EVIDENCE_SETS = {
    "negative_share": "churn_negative_messages",
    "reply_hours": "churn_slow_reply_messages",
    "unanswered_share": "churn_unanswered_messages",
    "days_late": "churn_late_invoices",
    "missed_share": "churn_missed_milestones",
}


def _driver_text(covariate: str, value: Any, days: int) -> str:
    if value is None:
        return f"{covariate} (no value)"
    texts = {
        "negative_share": f"tone: {percent(value)} of the client's messages in the last "
                          f"{days} days negative",
        "inbound_per_month": f"going quiet: {value:.1f} messages a month from the client",
        "reply_hours": f"our replies: first reply after {value:.0f} hours (median)",
        "unanswered_share": f"unanswered: {percent(value)} of the client's messages",
        "days_late": f"payments: {value:.0f} days late on average",
        "missed_share": f"milestones: {percent(value)} missed",
        "tenure_days": f"tenure: a relationship of {value:.0f} days",
    }
    return texts.get(covariate, f"{covariate} = {value}")


def churn_reason(metrics: Mapping[str, Any], decision: Decision, setting: Setting,
                 evidence: EvidenceOf) -> Reason | None:
    """CHURN_RISK when the client's risk reaches `churn.high_risk` and
    `churn.high_risk_vs_average` times an average retainer's."""
    risk = metrics.get("churn_risk_90d")
    if decision is Decision.RELEASE or risk is None or risk != risk:
        return None
    average = metrics.get("churn_risk_average_90d")
    if risk < setting("churn", "high_risk"):
        return None
    if average and risk < setting("churn", "high_risk_vs_average") * average:
        return None
    days = int(setting("churn", "lookback_days"))
    horizon = int(setting("churn", "horizon_days"))
    drivers = list(metrics.get("churn_drivers") or ())
    named = "; ".join(f"{_driver_text(d['covariate'], d['value'], days)} "
                      f"(x{d['factor']:.1f})" for d in drivers)
    text = (f"Risk of leaving within {horizon} days: {percent(risk)}"
            + (f" against {percent(average)} for an average retainer" if average else "")
            + f" ({metrics.get('churn_risk_note', 'Cox model')})."
            + (f" Driven by {named}." if named else ""))
    refs: tuple[EvidenceRef, ...] = ()
    for driver in drivers:
        name = EVIDENCE_SETS.get(driver["covariate"])
        if name:
            refs += evidence(name)
    return reason("CHURN_RISK", text,
                  {"churn_risk_90d": risk, "churn_risk_average_90d": average,
                   "drivers": drivers}, refs)
