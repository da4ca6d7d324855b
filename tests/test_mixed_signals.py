"""WATCH for genuinely mixed signals (issue 14, e14h; e14m): every KEEP floor met, but worse
than most of the portfolio's other such clients on complaints, lateness and margin at once, so
far out that few clients of a portfolio this size would be by chance."""

from __future__ import annotations

import copy
import math
import random
from datetime import date

from clientfit.assessment import load_policy
from clientfit.assessment.mixed import (
    chance_all_three,
    pooled_prior,
    shrunk_share,
    tail_share,
)
from clientfit.assessment.policy import Policy
from clientfit.assessment.portfolio import assess_portfolio
from clientfit.domain import Window

POLICY = load_policy()
WINDOW = Window(date(2025, 7, 1), date(2026, 6, 30))


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
            "repeated_unanswered_recent": 0, "apologies_recent": 0,
            "started_on": date(2023, 1, 1)}
    return {**base, **changes}


def _ordinary(count: int, seed: int = 1) -> list[dict]:
    """`count` ordinary clients that meet every KEEP floor: margins 0.40-0.80, 0-10 days late
    and 5-15 % complaints in 600 messages, each count drawn independently of the others."""
    rng = random.Random(seed)
    margins = [0.40 + 0.40 * i / count for i in range(count)]
    late = [10 * i / count for i in range(count)]
    complaints = [30 + (60 * i) // count for i in range(count)]
    for values in (margins, late, complaints):
        rng.shuffle(values)
    return [_metrics(client_id=f"K{i}", name=f"Keep {i}", margin_pct=margins[i],
                     days_late=late[i], complaints=complaints[i], inbound_messages=600)
            for i in range(count)]


def _decisions(rows: list[dict], policy: Policy = POLICY) -> dict[str, str]:
    said = assess_portfolio(rows, {}, policy, WINDOW, "PLN", {"S1": "Anna"})
    return {a.client_id: a.decision.value for a in said}


def _policy(**watch: float) -> Policy:
    settings = copy.deepcopy(POLICY.settings)
    settings["watch"].update(watch)
    return Policy(settings, "test")


# about the worse 5-7 % of the candidates on each count
MIXED = {"client_id": "M", "complaints": 87, "inbound_messages": 600, "days_late": 9.5,
         "margin_pct": 0.415}


def test_tail_share_is_how_many_clients_here_are_at_least_as_far_out():
    days = tuple(i / 4 for i in range(40))
    margins = tuple(0.40 + i / 100 for i in range(40))
    assert tail_share(days, 9.0, upper=True) == 4 / 40
    assert tail_share(margins, 0.45, upper=False) == 6 / 40
    assert tail_share(margins, 0.10, upper=False) == 1 / 40  # never zero
    assert tail_share((), 3.0, upper=True) == 1.0


def test_chance_all_three_is_the_share_of_random_candidates_as_far_out():
    # one count: the rank itself
    assert math.isclose(chance_all_three((0.1,), 0.34), 0.1)
    # every rank at the edge of the tail: the chance of all three within it
    assert math.isclose(chance_all_three((0.34, 0.34, 0.34), 0.34), 0.34 ** 3)
    rng = random.Random(3)
    ranks = (0.05, 0.1, 0.2)
    draws = [tuple(rng.random() for _ in range(3)) for _ in range(200_000)]
    simulated = sum(1 for d in draws if max(d) <= 0.34 and math.prod(d) <= math.prod(ranks))
    assert abs(chance_all_three(ranks, 0.34) - simulated / len(draws)) < 0.0005


def test_complaint_shares_resting_on_few_messages_are_drawn_to_the_pooled_share():
    spread = [(2, 60), (6, 60), (10, 60), (4, 60), (12, 60), (3, 60)]
    share, weight = pooled_prior(spread)
    assert math.isclose(share, 37 / 360) and 0 < weight < math.inf
    assert abs(shrunk_share(2, 5, (share, weight)) - share) < abs(2 / 5 - share)
    # clients that differ no more than a binomial allows: every share is the pooled one
    assert pooled_prior([(6, 60)] * 6)[1] == math.inf
    assert shrunk_share(30, 60, (0.1, math.inf)) == 0.1


def test_worse_than_most_keep_candidates_on_three_counts_at_once_is_mixed_signals():
    rows = [*_ordinary(40), _metrics(**MIXED)]
    said = assess_portfolio(rows, {}, POLICY, WINDOW, "PLN", {"S1": "Anna"})
    mixed = next(a for a in said if a.client_id == "M")
    assert mixed.decision.value == "WATCH"
    reason = mixed.reasons[0]
    assert reason.code == "MIXED_SIGNALS"
    assert "complaints in 87 of 600 messages" in reason.text and "9.5 days late" in reason.text
    assert reason.metrics["keep_candidates"] == 41
    assert reason.metrics["mixed_expected_by_chance"] <= POLICY.get("watch", "mixed_false_alarms")
    # no ordinary client of the portfolio is flagged, and the rule can be turned off
    assert all(d == "KEEP" for c, d in _decisions(rows).items() if c != "M")
    assert _decisions(rows, _policy(mixed_false_alarms=0))["M"] == "KEEP"


def test_a_bigger_portfolio_asks_more_of_each_client():
    # the same client, as far out among ten times as many candidates: more are tested, and
    # as many would look as mixed by chance
    rows = [*_ordinary(400, seed=2), _metrics(**MIXED)]
    assert _decisions(rows)["M"] == "KEEP"


def test_one_strong_count_does_not_carry_two_ordinary_ones():
    ordinary = _ordinary(40)
    # many complaints, but paying and earning like a typical client here (ranks about one half)
    loud = _metrics(client_id="L", complaints=150, inbound_messages=600, days_late=5.0,
                    margin_pct=0.60)
    # a big client writing a lot: a few more complaints than the rest are highly "significant"
    # on 300 messages, but not far out among the clients here
    big = _metrics(client_id="B", complaints=330, inbound_messages=3000, days_late=9.5,
                   margin_pct=0.415)
    said = _decisions([*ordinary, loud, big])
    assert said["L"] == "KEEP" and said["B"] == "KEEP"
    # later and thinner, but no more complaints than most
    assert _decisions([*ordinary, _metrics(**{**MIXED, "complaints": 50})])["M"] == "KEEP"


def test_clients_the_floors_do_not_keep_are_not_the_yardstick():
    # late payers and thin margins decided by other rules do not make a KEEP candidate's
    # lateness or margin look ordinary
    bad = [_metrics(client_id=f"R{i}", name=f"Late {i}", days_late=45.0 + i, margin_pct=0.05)
           for i in range(20)]
    assert _decisions([*_ordinary(40), *bad, _metrics(**MIXED)])["M"] == "WATCH"


def test_a_large_client_paying_late_through_its_payables_cycle_is_not_mixed():
    big = _metrics(**{**MIXED, "days_late": 30.0}, revenue_share=0.2)
    assert _decisions([*_ordinary(40), big])["M"] == "KEEP"


def test_the_mixed_signals_reason_reads_in_polish_with_its_own_figures():
    from clientfit.web.reason_text import sentence

    rows = [*_ordinary(40), _metrics(**MIXED)]
    said = assess_portfolio(rows, {}, POLICY, WINDOW, "PLN", {"S1": "Anna"})
    mixed = next(a for a in said if a.client_id == "M").reasons[0]
    polish = sentence("MIXED_SIGNALS", mixed.metrics, {}, currency="PLN", lang="pl",
                      fallback="fallback")
    assert polish.startswith("Sygnały są mieszane: skargi w 87 z 600 wiadomości")
    assert "z 41 klientów" in polish
    english = sentence("MIXED_SIGNALS", mixed.metrics, {}, currency="PLN", lang="en",
                       fallback="fallback")
    assert english.startswith("Signals are mixed: complaints in 87 of 600 messages (as many or")
