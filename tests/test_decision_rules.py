"""Decisions other than the pair question (issue 14): too little data in the client's own
messages, unbilled work judged on counts, RECOVER against our own norm, paying later."""

from __future__ import annotations

import copy
from datetime import date

from clientfit.assessment import load_policy
from clientfit.assessment.policy import Policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Window

POLICY = load_policy()
WINDOW = Window(date(2025, 7, 1), date(2026, 6, 30))
NORMS = {"response_p90_hours_recent": 6.0, "response_median_hours_recent": 2.0,
         "unanswered_recent": 40.0, "apologies_recent": 20.0, "inbound_messages_recent": 1000.0,
         "inbound_messages": 50.0, "minutes_total": 600000.0, "nonbillable_minutes_total": 48000.0,
         "time_entry_count_total": 5000.0, "minutes_recent_total": 150000.0,
         "nonbillable_minutes_recent_total": 12000.0, "time_entry_count_recent_total": 1250.0,
         "revenue_share": 0.01}


def _metrics(**changes):
    base = {"client_id": "C1", "name": "Client", "owner_staff_id": "S1", "kind": "retainer",
            "due_invoice_count": 10, "margin_pct": 0.45, "margin_minor": 450000,
            "revenue_minor": 1000000, "cost_to_serve_minor": 550000, "hours": 100.0,
            "days_late": 3.0, "late_invoice_count": 1, "late_invoice_share": 0.1,
            "hours_per_1000_revenue": 10.0, "effective_hourly_rate_minor": 10000,
            "nonbillable_share": 0.08, "missed_milestone_share": 0.0, "missed_milestone_count": 0,
            "milestone_count": 4, "overdue_minor": 0, "overdue_invoice_count": 0,
            "revenue_share": 0.02, "inbound_messages": 50, "inbound_messages_recent": 15,
            "complaints_recent": 0, "negative_share_recent": 0.0,
            "response_p90_hours_recent": 6.0, "response_median_hours_recent": 2.0,
            "unanswered_recent": 0, "repeated_unanswered_recent": 0, "apologies_recent": 0,
            "minutes": 6000, "nonbillable_minutes": 480, "time_entry_count": 100,
            "minutes_recent": 1500, "nonbillable_minutes_recent": 120,
            "time_entry_count_recent": 25, "told_invoice_count": 12,
            "very_late_invoice_count": 0, "told_invoice_count_recent": 3,
            "very_late_invoice_count_recent": 0, "days_late_recent": 1.0}
    return {**base, **changes}


def _assess(metrics, norms=None, policy=POLICY):
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, norms or NORMS)
    return assess_client(metrics, {}, context, policy, WINDOW)


def _policy(section: str, name: str, value: float) -> Policy:
    settings = copy.deepcopy(POLICY.settings)
    settings[section][name] = value
    return Policy(settings, "test")


def test_an_ordinary_healthy_client_is_kept():
    assert _assess(_metrics()).decision.value == "KEEP"


def test_a_client_writing_far_less_than_usual_is_too_little_data():
    said = _assess(_metrics(inbound_messages=5))
    assert said.decision.value == "WATCH"
    assert [r.code for r in said.reasons] == ["TOO_LITTLE_DATA"]
    assert said.reasons[0].metrics["inbound_messages_norm"] == 50
    # a portfolio whose mail was not imported is not held to it
    quiet = {**NORMS, "inbound_messages": 3.0}
    assert _assess(_metrics(inbound_messages=5), norms=quiet).decision.value == "KEEP"


def test_a_small_occasional_client_is_too_little_data_relative_to_the_portfolio():
    # a typical client here: 1 invoice due and 4 messages a month
    usual = {**NORMS, "due_invoice_count_per_month": 1.0, "inbound_messages_per_month": 4.0}
    # quarterly invoices and a message a month over the year: both under 40 % of usual
    said = _assess(_metrics(due_invoice_count=4, inbound_messages=12), norms=usual)
    assert said.decision.value == "WATCH"
    assert [r.code for r in said.reasons] == ["TOO_LITTLE_DATA"]
    assert said.reasons[0].metrics["due_invoice_count_norm"] == 12
    assert said.reasons[0].metrics["inbound_messages_norm"] == 48
    # quiet in its mail but invoiced as usual (a seasonal client), or invoiced in lumps but
    # writing as usual: enough to judge
    assert _assess(_metrics(due_invoice_count=12, inbound_messages=12),
                   norms=usual).decision.value == "KEEP"
    assert _assess(_metrics(due_invoice_count=4, inbound_messages=40),
                   norms=usual).decision.value == "KEEP"
    # counted over the months it was a client: a client of half a year with half the counts
    half = _metrics(due_invoice_count=6, inbound_messages=24, started_on=date(2025, 12, 1))
    assert _assess(half, norms=usual).decision.value == "KEEP"
    # off at 0
    off = _policy("data", "sparse_share", 0.0)
    assert _assess(_metrics(due_invoice_count=4, inbound_messages=12), norms=usual,
                   policy=off).decision.value == "KEEP"


def test_unbilled_hours_judged_on_counts_recent_or_window():
    # 40 % of the recent hours unbilled over 25 entries, against 8 % for everyone else
    said = _assess(_metrics(nonbillable_minutes_recent=600,
                            nonbillable_minutes=960, nonbillable_share=0.16))
    assert said.decision.value == "RENEGOTIATE"
    unbilled = next(r for r in said.reasons if r.code == "UNBILLED_WORK")
    assert unbilled.metrics["recent"] is True
    # the same share over three entries is not enough to tell
    few = _metrics(nonbillable_minutes_recent=600, time_entry_count_recent=3,
                   nonbillable_share=0.16, nonbillable_minutes=960)
    assert _assess(few).decision.value == "KEEP"


def test_one_slow_reply_among_quick_ones_is_not_a_recovery():
    unhappy = {"complaints_recent": 4, "negative_share_recent": 0.3}
    one_slow = _metrics(response_p90_hours_recent=40.0, response_median_hours_recent=2.5,
                        **unhappy)
    assert _assess(one_slow).decision.value == "KEEP"
    slow = _metrics(response_p90_hours_recent=60.0, response_median_hours_recent=20.0, **unhappy)
    said = _assess(slow)
    assert said.decision.value == "RECOVER"
    assert [r.code for r in said.reasons][:2] == ["RECENT_COMPLAINTS", "SLOW_REPLIES"]


def test_slow_replies_the_client_does_not_mind_are_not_a_recovery():
    slow = _metrics(response_p90_hours_recent=60.0, response_median_hours_recent=20.0,
                    complaints_recent=1, negative_share_recent=1 / 15)
    assert _assess(slow).decision.value == "KEEP"


def test_negative_messages_count_as_displeasure_when_the_reader_finds_few_complaints():
    slow = _metrics(response_p90_hours_recent=60.0, response_median_hours_recent=20.0,
                    complaints_recent=1, negative_share_recent=5 / 15)
    assert _assess(slow).decision.value == "RECOVER"


def test_unanswered_messages_need_a_repeat_and_apologies_never_decide_alone():
    unhappy = {"complaints_recent": 4, "negative_share_recent": 0.3}
    assert _assess(_metrics(unanswered_recent=6, **unhappy)).decision.value == "KEEP"
    said = _assess(_metrics(unanswered_recent=5, repeated_unanswered_recent=2, **unhappy))
    assert said.decision.value == "RECOVER"
    assert "UNANSWERED" in [r.code for r in said.reasons]
    assert _assess(_metrics(apologies_recent=6, **unhappy)).decision.value == "KEEP"


def test_paying_later_than_it_used_to_is_watch():
    later = _metrics(very_late_invoice_count_recent=3, very_late_invoice_count=3,
                     days_late_recent=31.0)
    said = _assess(later)
    assert said.decision.value == "WATCH"
    assert [r.code for r in said.reasons] == ["MIXED_SIGNALS", "PAYING_LATER"]
    off = _policy("watch", "min_late_invoices", 0)
    assert _assess(later, policy=off).decision.value == "KEEP"
    # a client that always paid that late has not changed
    always = _metrics(very_late_invoice_count_recent=3, very_late_invoice_count=15,
                      told_invoice_count=15, days_late=31.0, revenue_share=0.2)
    assert _assess(always).decision.value == "KEEP"


def test_paying_later_with_the_tone_soured_too_is_a_client_leaving_not_mixed_signals():
    from clientfit.domain import Count, FrictionCounts, FrictionFindings, PairCounts

    later = _metrics(very_late_invoice_count_recent=2, very_late_invoice_count=2,
                     told_invoice_count_recent=2, days_late_recent=30.0)
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, NORMS)

    def said(hits: int, n: int):
        pair = PairCounts("S1", Count(hits, n), Count(), Count(30, 100))
        counts = FrictionCounts((pair,), Count(hits, n), Count(300 + hits, 1000 + n),
                                Count(0, 40), labels="new")
        return assess_client(later, {}, context, POLICY, WINDOW,
                             FrictionFindings(counts=counts))

    # 4 of 6 recent messages with friction against 30 % elsewhere: the signals agree
    soured = said(4, 6)
    assert soured.decision.value == "KEEP"
    assert "PAYING_LATER" in [r.code for r in soured.reasons]
    # 1 of 6: the tone as usual, only the payments changed
    assert said(1, 6).decision.value == "WATCH"


def _hostile_counts(hits: int, inbound: int):
    from clientfit.domain import Count, FrictionCounts, PairCounts

    def pair(staff: str) -> PairCounts:
        return PairCounts(staff, Count(2, 20), Count(2, 20), Count(10, 100), Count(), Count(),
                          Count())

    return FrictionCounts((pair("S1"), pair("S2")), Count(4, 40), Count(100, 1000),
                          Count(hits, inbound), hostile_staff=2)


def test_abuse_counts_when_it_is_above_the_rest_of_the_portfolio_whatever_the_reader_misses():
    from clientfit.domain import FrictionFindings

    norms = {**NORMS, "hostile_messages_total": 60.0, "hostile_inbound_total": 3000.0}
    poor_late = _metrics(margin_pct=0.05, margin_minor=50000, days_late=45.0,
                         late_invoice_count=6, late_invoice_share=0.75)
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna", "S2": "Marek"}, norms)

    def said(hits: int, inbound: int) -> str:
        friction = FrictionFindings(counts=_hostile_counts(hits, inbound))
        return assess_client(poor_late, {}, context, POLICY, WINDOW, friction).decision.value

    # 20 hostile messages of 100 against 2 % elsewhere: abuse, even though the client's share
    # of all friction (4 of 40) is no higher than the portfolio's
    assert said(20, 100) == "RELEASE"
    # two hostile messages in a year of 90 are what the rest of the portfolio writes too
    assert said(2, 90) != "RELEASE"


def test_a_non_billable_share_rising_against_the_clients_own_past_is_renegotiate():
    # the rest of the portfolio as unbilled as this client over the year, but this client's
    # recent quarter (30 % of 40 entries) against its own earlier 5 % of 120
    norms = {**NORMS, "nonbillable_minutes_total": 120000.0,
             "nonbillable_minutes_recent_total": 30000.0}
    rising = _metrics(minutes=8000, nonbillable_minutes=900, time_entry_count=160,
                      minutes_recent=2000, nonbillable_minutes_recent=600,
                      time_entry_count_recent=40, nonbillable_share=0.11)
    said = _assess(rising, norms=norms)
    assert said.decision.value == "RENEGOTIATE"
    unbilled = next(r for r in said.reasons if r.code == "UNBILLED_WORK")
    assert unbilled.metrics["earlier_nonbillable_share"] == 0.05
    steady = _metrics(minutes=8000, nonbillable_minutes=1200, time_entry_count=160,
                      minutes_recent=2000, nonbillable_minutes_recent=300,
                      time_entry_count_recent=40, nonbillable_share=0.15)
    assert _assess(steady, norms=norms).decision.value == "KEEP"


def test_replies_as_slow_all_along_are_the_pace_of_the_relationship_not_a_failure():
    unhappy = {"complaints_recent": 3, "negative_share_recent": 0.3,
               "response_p90_hours_recent": 60.0, "response_median_hours_recent": 24.0}
    lately = _assess(_metrics(response_median_hours=4.0, **unhappy))
    assert lately.decision.value == "RECOVER"
    slow = next(r for r in lately.reasons if r.code == "SLOW_REPLIES")
    assert slow.metrics["response_median_hours"] == 4.0
    always = _metrics(response_median_hours=22.0, **unhappy)
    assert _assess(always).decision.value == "KEEP"
    off = _policy("recover", "slower_than_usual", 0)
    assert _assess(always, policy=off).decision.value == "RECOVER"
