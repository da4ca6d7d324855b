"""Each metric pinned on tiny hand-computed data (docs/metrics.md), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from clientfit import service
from clientfit.domain import Window
from clientfit.signals import compute_signals
from clientfit.store import open_store
from tests.bundles import client, write_bundle

WINDOW = Window(date(2025, 1, 1), date(2025, 12, 31))


def signals_of(db_url: str, bundle_dir) -> dict[str, dict]:
    store = open_store(db_url)
    service.import_bundle(store, bundle_dir)
    connection = store.ibis()
    try:
        table = compute_signals(connection, WINDOW)
    finally:
        connection.disconnect()
        store.dispose()
    return {row["client_id"]: row for row in table.rows()}


def invoice(invoice_id, amount, issue, due, client_id="C1", currency="EUR"):
    return {"invoice_id": invoice_id, "client_id": client_id, "number": invoice_id,
            "issue_date": issue, "due_date": due, "amount": amount, "currency": currency}


def payment(payment_id, invoice_id, amount, paid_on, currency="EUR"):
    return {"payment_id": payment_id, "invoice_id": invoice_id, "paid_on": paid_on,
            "amount": amount, "currency": currency}


def entry(entry_id, hours, work_date="2025-03-03", billable="true", client_id="C1", staff="S1"):
    return {"entry_id": entry_id, "client_id": client_id, "staff_id": staff, "date": work_date,
            "hours": hours, "billable": billable, "description": ""}


@pytest.fixture
def hand_bundle(tmp_path):
    """C1: two invoices (one paid late in two parts, one unpaid), a credit note, 15 hours.

    Staff S1 costs 60.00/h, S2 40.00/h. C2 has revenue only, C3 has nothing at all.
    """
    return write_bundle(
        tmp_path / "bundle",
        staff=[{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00", "currency": "EUR"},
               {"staff_id": "S2", "name": "Ben", "hourly_cost": "40.00", "currency": "EUR"}],
        clients=[client("C1"), client("C2"), client("C3")],
        invoices=[
            invoice("I1", "1000.00", "2025-03-01", "2025-03-15"),
            invoice("I2", "500.00", "2025-11-01", "2025-12-01"),
            invoice("CN1", "-100.00", "2025-03-20", "2025-03-20"),
            invoice("I0", "999.00", "2024-06-01", "2024-06-15"),  # before the window
            invoice("J1", "3000.00", "2025-05-01", "2025-05-31", client_id="C2"),
        ],
        payments=[
            payment("P1", "I1", "400.00", "2025-03-10"),  # on time
            payment("P2", "I1", "600.00", "2025-04-14"),  # 30 days late
            payment("P0", "I0", "999.00", "2024-06-15"),
            payment("Q1", "J1", "3000.00", "2025-05-31"),
        ],
        time_entries=[
            entry("T1", "10.00", staff="S1"),
            entry("T2", "4.00", staff="S2", billable="false"),
            entry("T3", "1.00", staff="S1"),
            entry("T0", "7.00", work_date="2024-12-31"),  # before the window
        ],
        milestones=[
            {"milestone_id": "D1", "client_id": "C1", "name": "a", "due_date": "2025-02-01",
             "delivered_on": "2025-01-30"},
            {"milestone_id": "D2", "client_id": "C1", "name": "b", "due_date": "2025-05-01",
             "delivered_on": "2025-05-09"},
            {"milestone_id": "D3", "client_id": "C1", "name": "c", "due_date": "2025-10-01",
             "delivered_on": ""},
            {"milestone_id": "D4", "client_id": "C1", "name": "d", "due_date": "2025-12-31",
             "delivered_on": ""},  # due on the as-of date: not missed yet
        ],
    )


def test_value_metrics(db_url, hand_bundle):
    c1 = signals_of(db_url, hand_bundle)["C1"]
    assert c1["revenue_minor"] == 140_000  # 1000 + 500 - 100
    assert c1["invoice_count"] == 2 and c1["credit_note_count"] == 1
    assert c1["collected_minor"] == 100_000  # P1 + P2; P0 falls before the window
    # 11 h x 60.00 + 4 h x 40.00 = 820.00
    assert c1["cost_to_serve_minor"] == 82_000
    assert c1["margin_minor"] == 58_000
    assert c1["margin_pct"] == pytest.approx(58_000 / 140_000)
    assert c1["hours"] == pytest.approx(15.0)
    assert c1["effective_hourly_rate_minor"] == pytest.approx(140_000 / 15)
    # portfolio revenue 1400 + 3000 = 4400
    assert c1["revenue_share"] == pytest.approx(1400 / 4400)


def test_payment_metrics(db_url, hand_bundle):
    c1 = signals_of(db_url, hand_bundle)["C1"]
    # I1: 600.00 arrived 30 days late; I2: 500.00 unpaid, 30 days overdue on 2025-12-31.
    # amount-weighted: (600*30 + 500*30) / (1000 + 500) = 22.0 days
    assert c1["days_late"] == pytest.approx(22.0)
    assert c1["late_invoice_count"] == 2 and c1["due_invoice_count"] == 2
    assert c1["late_invoice_share"] == pytest.approx(1.0)
    assert c1["overdue_minor"] == 50_000


def test_effort_and_delivery_metrics(db_url, hand_bundle):
    c1 = signals_of(db_url, hand_bundle)["C1"]
    assert c1["hours_per_1000_revenue"] == pytest.approx(15 / 1.4)
    assert c1["nonbillable_share"] == pytest.approx(4 / 15)
    # D2 late, D3 undelivered after its due date, D4 due on the as-of date: 2 of 4 missed
    assert c1["missed_milestone_count"] == 2 and c1["milestone_count"] == 4
    assert c1["missed_milestone_share"] == pytest.approx(0.5)


def test_edge_cases_no_invoices_and_zero_hours(db_url, hand_bundle):
    rows = signals_of(db_url, hand_bundle)
    c2, c3 = rows["C2"], rows["C3"]
    assert c2["hours"] == 0 and c2["cost_to_serve_minor"] == 0
    assert c2["effective_hourly_rate_minor"] is None
    assert c2["nonbillable_share"] is None
    assert c2["margin_pct"] == pytest.approx(1.0)
    assert c2["days_late"] == pytest.approx(0.0)  # paid exactly on the due date
    assert c3["revenue_minor"] == 0 and c3["invoice_count"] == 0
    assert c3["margin_pct"] is None and c3["days_late"] is None
    assert c3["hours_per_1000_revenue"] is None and c3["revenue_share"] == pytest.approx(0.0)
    assert c3["missed_milestone_share"] is None


def test_partial_payment_counts_unpaid_rest_until_as_of(sqlite_url, tmp_path):
    bundle = write_bundle(
        tmp_path / "b", clients=[client("C1")],
        invoices=[invoice("I1", "100.00", "2025-12-01", "2025-12-21")],
        payments=[payment("P1", "I1", "25.00", "2025-12-11")],
    )
    c1 = signals_of(sqlite_url, bundle)["C1"]
    # 75.00 unpaid, 10 days past due on 2025-12-31: 75*10/100 = 7.5
    assert c1["days_late"] == pytest.approx(7.5)
    assert c1["overdue_minor"] == 7_500


def test_ended_clients_are_not_assessed(sqlite_url, tmp_path):
    bundle = write_bundle(tmp_path / "b", clients=[client("C1"),
                                                   client("C2", ended_on="2025-06-30")])
    assert set(signals_of(sqlite_url, bundle)) == {"C1"}


def test_project_client_that_stopped_buying_is_watched_as_lost(sqlite_url, tmp_path):
    """Six project clients buy every month; one bought monthly and then went silent."""
    from datetime import timedelta

    clients, invoices = [], []
    for number in range(1, 8):
        clients.append(client(f"P{number}", kind="project", started_on="2024-01-01"))
        last_month = 9 if number == 7 else 24  # P7 stops after September 2024
        for month in range(1, last_month + 1):
            issued = date(2024, 1, 1) + timedelta(days=30 * (month - 1) + number)
            amount = f"{800 + (month * 37 + number * 53) % 500}.00"
            invoices.append(invoice(f"I{number}-{month}", amount, issued.isoformat(),
                                    (issued + timedelta(days=14)).isoformat(),
                                    client_id=f"P{number}"))
    bundle = write_bundle(tmp_path / "b", clients=clients, invoices=invoices)
    store = open_store(sqlite_url)
    service.import_bundle(store, bundle)
    run = service.assess(store, as_of=date(2025, 12, 31), window="24m")
    by_id = {a.client_id: a for a in run.assessments}
    lost = by_id["P7"]
    assert lost.metrics["p_alive"] < 0.3
    assert lost.decision.value == "WATCH" and lost.reasons[0].code == "PROBABLY_LOST"
    assert f"{lost.metrics['p_alive']:.2f}" in lost.reasons[0].text
    assert all(by_id[f"P{n}"].metrics["p_alive"] > 0.9 for n in range(1, 7))
    assert by_id["P1"].metrics["clv_minor"] > 0
