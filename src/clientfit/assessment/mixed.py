"""Genuinely mixed signals: a client that passes every KEEP floor (healthy margin, paid on time,
work delivered), but is a little worse than a typical client of the same portfolio on several
counts at once — the floors say keep, the comparison with the rest of the portfolio says not
as it is.

Each count alone is within the ordinary — more complaints than the rest of the portfolio
(one-sided chance of the Agresti–Caffo difference, so a few messages say little), paying later
than most clients here, a thinner margin than most (the share of the portfolio's clients paying
at least as late, or earning at most as much: the chance for a typical client here) — but three
modest signals pointing the same way (each worse than the typical client's, a chance of at
most one half) are unlikely together (Fisher's combination below `watch.mixed_alpha`).
Relative to the portfolio throughout, so no margin or lateness is fitted to one world. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from clientfit.assessment.reasons import percent, reason
from clientfit.assessment.shares import chance_above, fisher
from clientfit.domain import Count, EvidenceRef, Reason

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]


def _rest(norms: Mapping[str, float], name: str, mine: Count) -> Count:
    return Count(int(norms.get(f"{name}_total", 0)) - mine.hits,
                 int(norms.get("inbound_messages_total", 0)) - mine.n)


def tail_share(values: Sequence[float], value: float, upper: bool) -> float:
    """The share of the portfolio's clients at or beyond `value` (above it when `upper`):
    how often a typical client here is at least this far out. 1.0 without values."""
    if not values:
        return 1.0
    beyond = sum(1 for v in values if (v >= value if upper else v <= value))
    return max(beyond, 1) / len(values)


def mixed_signals(metrics: Mapping[str, Any], spread: Mapping[str, Sequence[float]],
                  norms: Mapping[str, float], setting: Setting,
                  evidence: EvidenceOf) -> Reason | None:
    """MIXED_SIGNALS for a client otherwise KEEP (see the module), or None."""
    alpha = float(setting("watch", "mixed_alpha"))
    margin, days_late = metrics.get("margin_pct"), metrics.get("days_late")
    inbound = int(metrics.get("inbound_messages") or 0)
    if alpha <= 0 or inbound <= 0 or margin is None or margin != margin:
        return None
    days_late = float(days_late) if days_late is not None and days_late == days_late else 0.0
    complaints = Count(int(metrics.get("complaints") or 0), inbound)
    rest_complaints = _rest(norms, "complaints", complaints)
    if rest_complaints.n <= 0:
        return None
    above = chance_above(complaints, rest_complaints)
    chances = (1.0 if above is None else above,
               tail_share(spread.get("days_late", ()), days_late, upper=True),
               tail_share(spread.get("margin_pct", ()), float(margin), upper=False))
    together = fisher(*chances)
    # three signals pointing the same way, each worse than the typical client's: not one
    # strong count carrying two ordinary ones (Fisher alone is led by its strongest part)
    if together >= alpha or max(chances) > 0.5:
        return None
    rest_share = rest_complaints.hits / rest_complaints.n
    return reason(
        "MIXED_SIGNALS",
        f"Signals are mixed: complaints in {complaints.hits} of {inbound} messages (the rest of "
        f"the portfolio {percent(rest_share)}), paying {days_late:.1f} days late on average "
        f"(as late or later: {percent(chances[1])} of clients here) and a margin of "
        f"{percent(float(margin))} (as thin or thinner: {percent(chances[2])} of clients "
        f"here). Each is within the ordinary and every KEEP floor is met; together they would come "
        f"by chance for {percent(together)} of clients: not healthy enough to keep as is, "
        "nothing to act on yet. Too early to call.",
        {"complaints": complaints.hits, "inbound_messages": inbound,
         "rest_complaints_share": round(rest_share, 4), "days_late": days_late,
         "late_tail_share": round(chances[1], 4), "margin_pct": margin,
         "margin_tail_share": round(chances[2], 4), "mixed_probability": round(together, 4)},
        evidence("complaint_messages") + evidence("late_invoices"))
