"""The pure what-if module, on hand-computed portfolios."""

from __future__ import annotations

import pytest

from clientfit.whatif import Action, ClientFigures, concentration, health, simulate, whale_curve


def fig(client_id: str, revenue: float, cost: float, hours: float, decision: str = "KEEP",
        owner: str = "S1") -> ClientFigures:
    return ClientFigures(client_id, f"Client {client_id}", owner, decision, revenue, cost, hours)


PORTFOLIO = [
    fig("A", 1000, 400, 10),  # profit 600, 60/h
    fig("B", 500, 300, 4),  # profit 200, 50/h
    fig("C", 300, 500, 8, "RELEASE", owner="S2"),  # loss 200
    fig("D", 200, 300, 2, "RENEGOTIATE"),  # loss 100
]


def test_whale_curve_peak_and_sentence_numbers():
    curve = whale_curve(PORTFOLIO)
    assert [p.client_id for p in curve.points] == ["A", "B", "D", "C"]
    assert [p.cumulative_minor for p in curve.points] == [600, 800, 700, 500]
    assert curve.peak_minor == 800 and curve.peak_rank == 2
    assert curve.total_minor == 500
    # the top 50% of clients earn 160% of profit; the bottom 50% lose 60%
    assert (curve.top_pct, curve.top_earn_pct) == (50.0, 160.0)
    assert (curve.bottom_pct, curve.bottom_lose_pct) == (50.0, 60.0)


def test_whale_curve_without_profit_has_no_percentages():
    curve = whale_curve([fig("A", 100, 300, 1), fig("B", 100, 200, 1)])
    assert curve.total_minor == -300 and curve.peak_rank == 0
    assert curve.top_earn_pct is None and curve.bottom_lose_pct is None
    assert whale_curve([]).points == ()


def test_concentration_shares_and_hhi():
    measure = concentration(PORTFOLIO)
    # revenue shares 50%, 25%, 15%, 10% -> HHI 2500 + 625 + 225 + 100
    assert measure.hhi == 3450.0
    assert measure.top_shares == {1: 0.5, 5: 1.0, 10: 1.0}
    assert measure.largest[0] == ("A", 0.5)
    assert measure.effective_clients == round(10_000 / 3450, 1)
    negative = concentration([fig("A", 100, 0, 1), fig("B", -100, 0, 1)])
    assert negative.hhi == 10_000.0  # a credit note counts as zero revenue


def test_release_frees_hours_and_removes_the_loss():
    result = simulate(PORTFOLIO, [Action("C", "release")])
    assert result.freed_hours == 8
    assert result.margin_change_minor == 200  # the loss is gone
    assert result.before.margin_minor == 500 and result.after.margin_minor == 700
    assert result.hours_by_staff == {"S2": -8}
    # revenue 1700 over A, B, D -> shares 1000/1700 etc.
    expected_hhi = round(sum((r / 1700 * 100) ** 2 for r in (1000, 500, 200)), 1)
    assert result.after.hhi == expected_hhi
    assert result.hhi_change == round(expected_hhi - 3450.0, 1)
    # the best KEEP client per margin-hour takes the freed capacity: A at 60/h
    assert [c["client_id"] for c in result.candidates] == ["A", "B"]
    assert result.candidates[0]["extra_margin_minor"] == 8 * 60


def test_reprice_and_reassign():
    result = simulate(PORTFOLIO, [Action("D", "reprice", percent=50),
                                  Action("B", "reassign", to_staff="S3")],
                      staff_rates={"S3": 50})
    lines = {line["client_id"]: line for line in result.lines}
    assert lines["D"]["margin_change_minor"] == 100  # 200 -> 300 revenue
    assert lines["B"]["margin_change_minor"] == 100  # cost 300 -> 4 h x 50
    assert result.margin_change_minor == 200
    assert result.freed_hours == 0
    assert result.hours_by_staff == {"S1": -4, "S3": 4}
    assert result.candidates == [] or all(c["client_id"] not in ("B", "D")
                                          for c in result.candidates)


def test_invalid_actions_say_what_is_valid():
    with pytest.raises(ValueError, match="valid: release, reprice, reassign"):
        Action("A", "fire")
    with pytest.raises(ValueError, match="needs the staff member"):
        Action("A", "reassign")
    with pytest.raises(KeyError):
        simulate(PORTFOLIO, [Action("Z", "release")])
    with pytest.raises(ValueError, match="more than one action"):
        simulate(PORTFOLIO, [Action("A", "release"), Action("A", "reprice", 5)])
    with pytest.raises(ValueError, match="no cost rate"):
        simulate(PORTFOLIO, [Action("A", "reassign", to_staff="S9")], staff_rates={})


def test_health_from_payment_delivery_and_effort():
    assert health({}) is None
    assert health({"late_invoice_share": 0.0, "days_late": 0.0}) == 1.0
    # penalties: 0.5, 30/60 = 0.5, 0.0, 1.0 (capped) -> 1 - 2/4
    assert health({"late_invoice_share": 0.5, "days_late": 30.0,
                   "missed_milestone_share": 0.0, "nonbillable_share": 2.0}) == 0.5
    assert health({"late_invoice_share": None, "days_late": float("nan"),
                   "nonbillable_share": 0.25}) == 0.75
