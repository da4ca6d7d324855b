"""Paying later than it used to, judged on counts: of the invoices due in the recent period,
how many were settled more than `keep.max_days_late` days late, against the same client's
earlier invoices in the window. Two late invoices after twelve on time say more than one after
two; the comparison is the lower end of the interval of the difference (shares.gap_lower, at
`reset.interval_level`). Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clientfit.assessment.reasons import reason
from clientfit.assessment.shares import gap, gap_lower, share_text
from clientfit.domain import Count, EvidenceRef, FrictionCounts, Reason

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]


def paying_later(metrics: Mapping[str, Any], setting: Setting,
                 evidence: EvidenceOf) -> Reason | None:
    """PAYING_LATER when at least `watch.min_late_invoices` recent invoices were very late and
    the recent share of very late invoices is above the earlier share by more than
    `watch.min_later_gap` (lower end). `watch.min_late_invoices` 0 turns the rule off."""
    late_recent = int(metrics.get("very_late_invoice_count_recent") or 0)
    told_recent = int(metrics.get("told_invoice_count_recent") or 0)
    late_before = int(metrics.get("very_late_invoice_count") or 0) - late_recent
    told_before = int(metrics.get("told_invoice_count") or 0) - told_recent
    needed = int(setting("watch", "min_late_invoices"))
    if needed <= 0 or late_recent < needed:
        return None
    recent, before = Count(late_recent, told_recent), Count(late_before, told_before)
    gap = gap_lower(recent, before, float(setting("reset", "interval_level")))
    if gap is None or gap <= float(setting("watch", "min_later_gap")):
        return None
    days = int(setting("communication", "recent_days"))
    late_days = int(setting("keep", "max_days_late"))
    days_late = metrics.get("days_late_recent")
    return reason(
        "PAYING_LATER",
        f"Lately paying later than it used to: {late_recent} of {told_recent} invoices due in "
        f"the last {days} days were paid more than {late_days} days late"
        + (f" ({float(days_late):.0f} days late on average, amount-weighted)"
           if days_late is not None and days_late == days_late else "")
        + f", against {share_text(before).replace('message', 'invoice')} before. Cash trouble "
        "or the start of leaving: ask before it becomes a habit.",
        {"very_late_invoice_count_recent": late_recent, "told_invoice_count_recent": told_recent,
         "very_late_invoice_count_before": late_before, "told_invoice_count_before": told_before,
         "days_late_recent": days_late, "later_gap_lower": round(gap, 3)},
        evidence("very_late_invoices_recent"))


def tone_soured(counts: FrictionCounts | None) -> bool:
    """The client's friction in the recent period is more likely than not above the rest of
    the portfolio's (the difference of the two shares, one success and one failure added to
    each, above zero): paying later *and* writing worse is not a mixed signal but two pointing
    the same way — a client about to leave (a KEEP with the lateness named, and CHURN_RISK
    when the churn model sees it), not one too early to call. More likely than not, rather
    than the lower end of an interval: a client writes a few messages a quarter, and the
    question is which reading fits better, not whether one can be proved."""
    if counts is None or counts.client.n == 0:
        return False
    rest = Count(counts.portfolio.hits - counts.client.hits,
                 counts.portfolio.n - counts.client.n)
    found = gap(counts.client, rest)
    return found is not None and found[0] > 0
