"""One healthy retainer client owned by S1 (best colleague S2), assessed with given friction
counts: the shared case of the tests on messages about a person and curt staff."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from clientfit.assessment import load_policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Assessment, FrictionCounts, FrictionFindings, Window

POLICY = load_policy()
METRICS = {"client_id": "C1", "name": "Client", "owner_staff_id": "S1", "kind": "retainer",
           "due_invoice_count": 8, "margin_pct": 0.45, "margin_minor": 450000,
           "revenue_minor": 1000000, "cost_to_serve_minor": 550000, "hours": 100.0,
           "days_late": 2.0, "late_invoice_count": 0, "late_invoice_share": 0.0,
           "hours_per_1000_revenue": 10.0, "effective_hourly_rate_minor": 10000,
           "nonbillable_share": 0.05, "missed_milestone_share": 0.0,
           "missed_milestone_count": 0, "milestone_count": 4, "overdue_minor": 0,
           "overdue_invoice_count": 0, "revenue_share": 0.02,
           "inbound_messages_recent": 16, "complaints_recent": 0}


def assess_owned_client(counts: FrictionCounts | None,
                        staff_names: Mapping[str, str]) -> Assessment:
    """The client's assessment with these friction counts; `staff_names` names S1 and S2."""
    context = PortfolioContext(10.0, "EUR", dict(staff_names),
                               {"response_p90_hours_recent": 8.0})
    return assess_client(dict(METRICS), {}, context, POLICY,
                         Window(date(2025, 7, 1), date(2026, 6, 30)),
                         FrictionFindings(counts=counts, best_colleague="S2"))
