"""WATCH for genuinely mixed signals (issue 14, e14h): every KEEP floor met, but a little worse
than a typical client of the same portfolio on complaints, lateness and margin together."""

from __future__ import annotations

import copy
from datetime import date

from clientfit.assessment import load_policy
from clientfit.assessment.mixed import tail_share
from clientfit.assessment.policy import Policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Window

POLICY = load_policy()
WINDOW = Window(date(2025, 7, 1), date(2026, 6, 30))
# 40 clients: margins 0.40-0.79, days late 0-9.75; 3,000 messages with 9 % complaints
SPREAD = {"margin_pct": tuple(0.40 + i / 100 for i in range(40)),
          "days_late": tuple(i / 4 for i in range(40))}
NORMS = {"response_p90_hours_recent": 6.0, "response_median_hours_recent": 2.0,
         "unanswered_recent": 40.0, "apologies_recent": 20.0, "inbound_messages_recent": 1000.0,
         "inbound_messages": 60.0, "inbound_messages_total": 3000.0,
         "complaints_total": 270.0}


def _metrics(**changes):
    base = {"client_id": "C1", "name": "Client", "owner_staff_id": "S1", "kind": "retainer",
            "due_invoice_count": 20, "margin_pct": 0.65, "margin_minor": 650000,
            "revenue_minor": 1000000, "cost_to_serve_minor": 350000, "hours": 100.0,
            "days_late": 3.0, "late_invoice_count": 10, "late_invoice_share": 0.5,
            "hours_per_1000_revenue": 10.0, "effective_hourly_rate_minor": 10000,
            "nonbillable_share": 0.05, "missed_milestone_share": 0.0, "missed_milestone_count": 0,
            "milestone_count": 4, "overdue_minor": 0, "overdue_invoice_count": 0,
            "revenue_share": 0.02, "inbound_messages": 60, "inbound_messages_recent": 10,
            "complaints": 5, "praise": 21, "complaints_recent": 1,
            "negative_share_recent": 0.1, "response_p90_hours_recent": 6.0,
            "response_median_hours_recent": 2.0, "unanswered_recent": 0,
            "repeated_unanswered_recent": 0, "apologies_recent": 0}
    return {**base, **changes}


def _assess(metrics, policy=POLICY):
    context = PortfolioContext(10.0, "PLN", {"S1": "Anna"}, NORMS, SPREAD)
    return assess_client(metrics, {}, context, policy, WINDOW)


def _policy(value: float) -> Policy:
    settings = copy.deepcopy(POLICY.settings)
    settings["watch"]["mixed_alpha"] = value
    return Policy(settings, "test")


MIXED = {"complaints": 14, "days_late": 8.0, "margin_pct": 0.46}


def test_tail_share_is_how_many_clients_here_are_at_least_as_far_out():
    assert tail_share(SPREAD["days_late"], 9.0, upper=True) == 4 / 40
    assert tail_share(SPREAD["margin_pct"], 0.45, upper=False) == 6 / 40
    assert tail_share(SPREAD["margin_pct"], 0.10, upper=False) == 1 / 40  # never zero
    assert tail_share((), 3.0, upper=True) == 1.0


def test_a_little_worse_on_three_counts_at_once_is_mixed_signals():
    said = _assess(_metrics(**MIXED))
    assert said.decision.value == "WATCH"
    mixed = said.reasons[0]
    assert mixed.code == "MIXED_SIGNALS"
    assert "complaints in 14 of 60 messages" in mixed.text and "8.0 days late" in mixed.text
    assert mixed.metrics["mixed_probability"] < POLICY.get("watch", "mixed_alpha")
    assert _assess(_metrics(**MIXED), policy=_policy(0)).decision.value == "KEEP"


def test_one_count_alone_or_an_ordinary_client_is_kept():
    assert _assess(_metrics()).decision.value == "KEEP"
    # as many complaints, but paying and earning like a typical client here
    assert _assess(_metrics(complaints=14)).decision.value == "KEEP"
    # later and thinner, but no more complaints than the rest
    assert _assess(_metrics(complaints=5, days_late=8.0, margin_pct=0.46)).decision.value \
        == "KEEP"


def test_a_large_client_paying_late_through_its_payables_cycle_is_not_mixed():
    big = _metrics(**{**MIXED, "days_late": 30.0}, revenue_share=0.2)
    assert _assess(big).decision.value == "KEEP"
