"""Revenue is net of sales tax; payments, balances and lateness keep the gross (issue 14).

A taxed client's margin, effective rate and hours per 1,000 read the net; whether it paid in
full and what it still owes read the gross; the three engines agree on both."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clientfit import importing, service
from clientfit.engines.connect import connect
from clientfit.engines.parquet_export import export_parquet
from clientfit.errors import InputError
from clientfit.signals import compute_signals
from clientfit.store import open_store
from tests.bundles import client, write_bundle
from tests.engines.compare import differences

RATES = Path(__file__).parent / "data" / "imports" / "rates" / "archiwum_tab_a_2026.csv"
AS_OF = date(2026, 3, 31)


def _invoice(invoice_id: str, client_id: str, gross: str, net: str, issued: str, due: str,
             currency: str = "PLN") -> dict[str, str]:
    return {"invoice_id": invoice_id, "client_id": client_id, "number": invoice_id,
            "issue_date": issued, "due_date": due, "amount": gross, "net_amount": net,
            "currency": currency}


def _payment(payment_id: str, invoice_id: str, amount: str, paid_on: str,
             currency: str = "PLN") -> dict[str, str]:
    return {"payment_id": payment_id, "invoice_id": invoice_id, "paid_on": paid_on,
            "amount": amount, "currency": currency}


def _portfolio(directory: Path) -> Path:
    """C1 is invoiced with 23 % VAT, C2 without tax (net column empty: net = gross), C3 in
    EUR with 23 % VAT. Ten hours at 60.00 PLN on C1 and C2."""
    staff = [{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00", "currency": "PLN"}]
    hours = [{"entry_id": f"T{c}{d}", "client_id": c, "staff_id": "S1",
              "date": f"2026-02-{d:02d}", "hours": "5", "billable": "true",
              "description": "work"} for c in ("C1", "C2") for d in (2, 3)]
    return write_bundle(
        directory, staff=staff,
        clients=[client(c, currency=cur, owner_staff_id="S1")
                 for c, cur in (("C1", "PLN"), ("C2", "PLN"), ("C3", "EUR"))],
        invoices=[_invoice("I1", "C1", "1230.00", "1000.00", "2026-01-05", "2026-01-19"),
                  _invoice("I2", "C1", "1230.00", "1000.00", "2026-02-05", "2026-02-19"),
                  _invoice("I3", "C2", "2000.00", "", "2026-02-05", "2026-02-19"),
                  _invoice("I4", "C3", "123.00", "100.00", "2026-03-04", "2026-03-18", "EUR")],
        payments=[_payment("P1", "I1", "1230.00", "2026-01-15"),
                  # I2: the client paid the net only: 230.00 (the VAT) is still owed
                  _payment("P2", "I2", "1000.00", "2026-02-10"),
                  _payment("P3", "I3", "2000.00", "2026-02-10"),
                  _payment("P4", "I4", "123.00", "2026-03-10", "EUR")],
        time_entries=hours,
    )


@pytest.fixture
def store(tmp_path, sqlite_url):
    store = open_store(sqlite_url)
    importing.import_paths(store, "auto", [RATES])
    service.import_bundle(store, _portfolio(tmp_path / "bundle"))
    return store


def test_a_taxed_clients_margin_is_computed_on_net_revenue(store):
    run = service.assess(store, as_of=AS_OF, window="12m", currency="PLN")
    metrics = {a.client_id: a.metrics for a in run.assessments}
    taxed, untaxed = metrics["C1"], metrics["C2"]
    assert (taxed["revenue_minor"], taxed["invoiced_gross_minor"]) == (200000, 246000)
    assert taxed["cost_to_serve_minor"] == 60000
    assert taxed["margin_minor"] == 140000
    assert taxed["margin_pct"] == pytest.approx(0.70)  # on the gross it would read 0.756
    assert taxed["effective_hourly_rate_minor"] == pytest.approx(20000)  # 2,000.00 / 10 h
    assert taxed["hours_per_1000_revenue"] == pytest.approx(5.0)
    # payments keep the gross: collected cash, the unpaid VAT of I2, paid late (not in full)
    assert taxed["collected_minor"] == 223000
    assert taxed["overdue_minor"] == 23000
    assert taxed["late_invoice_share"] == pytest.approx(0.5)
    # without a net figure the net is the gross
    assert (untaxed["revenue_minor"], untaxed["invoiced_gross_minor"]) == (200000, 200000)
    assert untaxed["margin_pct"] == pytest.approx(0.70)
    assert untaxed["overdue_minor"] == 0 and untaxed["late_invoice_share"] == 0


def test_net_and_gross_convert_at_the_invoices_rate(store):
    run = service.assess(store, as_of=AS_OF, window="12m", currency="PLN")
    eur = next(a.metrics for a in run.assessments if a.client_id == "C3")
    quote = next(q for (kind, _), q in run.conversion.quotes.items() if kind == "invoice")
    assert eur["revenue_minor"] == quote.convert(10000)
    assert eur["invoiced_gross_minor"] == quote.convert(12300)
    assert eur["overdue_minor"] == 0  # paid in full in EUR is paid in full in PLN
    natives = run.conversion.native["C3"]
    assert natives == [{"currency": "EUR", "revenue_minor": 10000,
                        "converted_minor": quote.convert(10000), "reporting_currency": "PLN"}]


def test_invoice_evidence_shows_gross_and_net(store):
    from clientfit.cli.render import evidence_line
    from clientfit.domain import EvidenceKind, EvidenceRef
    from clientfit.store import queries

    refs = [EvidenceRef(EvidenceKind.INVOICE, "I2"), EvidenceRef(EvidenceKind.INVOICE, "I3")]
    with store.reading() as connection:
        records = queries.evidence_records(connection, refs)
    taxed = evidence_line(refs[0], records[refs[0]], "PLN")
    assert "1,230.00" in taxed and "net of sales tax" in taxed and "1,000.00" in taxed
    assert "net of sales tax" not in evidence_line(refs[1], records[refs[1]], "PLN")


def test_the_engines_agree_on_net_and_gross(store, tmp_path):
    export_parquet(store, tmp_path / "parquet")
    window = service.assess(store, as_of=AS_OF, window="12m").window
    sqlite = store.ibis()
    duck = connect("duckdb", tmp_path / "parquet")
    try:
        left = compute_signals(sqlite, window, "PLN").rows()
        right = compute_signals(duck, window, "PLN").rows()
    finally:
        sqlite.disconnect()
        duck.disconnect()
    assert differences(left, right) == []
    assert {r["client_id"]: r["revenue_minor"] for r in right}["C1"] == 200000


def test_bundle_net_larger_than_gross_names_file_line_and_column(tmp_path, sqlite_url):
    bundle = write_bundle(tmp_path / "bad", clients=[client("C1")], invoices=[
        _invoice("I1", "C1", "100.00", "90.00", "2026-01-05", "2026-01-19", "EUR"),
        _invoice("I2", "C1", "100.00", "123.00", "2026-01-05", "2026-01-19", "EUR")])
    with pytest.raises(InputError) as caught:
        service.import_bundle(open_store(sqlite_url), bundle)
    assert caught.value.file.endswith("invoices.csv")
    assert (caught.value.line, caught.value.field) == (3, "net_amount")
    bundle = write_bundle(tmp_path / "bad2", clients=[client("C1")], invoices=[
        _invoice("I1", "C1", "100.00", "ninety", "2026-01-05", "2026-01-19", "EUR")])
    with pytest.raises(InputError) as caught:
        service.import_bundle(open_store(sqlite_url), bundle)
    assert (caught.value.line, caught.value.field) == (2, "net_amount")


@pytest.mark.slow
def test_spark_agrees_on_net_and_gross(store, tmp_path):
    pytest.importorskip("pyspark")
    from clientfit.engines.connect import get_spark_session

    export_parquet(store, tmp_path / "parquet")
    window = service.assess(store, as_of=AS_OF, window="12m").window
    session = get_spark_session(cores=2)
    duck = connect("duckdb", tmp_path / "parquet")
    spark = connect("spark", tmp_path / "parquet", spark_session=session)
    try:
        left = compute_signals(duck, window, "PLN").rows()
        right = compute_signals(spark, window, "PLN").rows()
    finally:
        duck.disconnect()
        session.stop()
    assert differences(left, right) == []
    by_client = {r["client_id"]: r for r in right}
    assert (by_client["C1"]["revenue_minor"], by_client["C1"]["invoiced_gross_minor"]) == (
        200000, 246000)


def test_client_page_shows_net_revenue_and_the_gross_invoiced(store, sqlite_url):
    from clientfit.web.app import Settings, create_app
    from clientfit.web.auth import create_user
    from tests.web.conftest import PASSWORDS, login

    create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="Ada Admin")
    admin = login(create_app(sqlite_url, Settings(secret_key="test-secret")), "admin")
    page = admin.get("/clients/C1").text
    assert "net of sales tax" in page and "Invoiced incl. sales tax" in page
    metrics = admin.get("/clients/C1.json").json()["assessment"]["metrics"]
    assert (metrics["revenue_minor"], metrics["invoiced_gross_minor"]) == (200000, 246000)
    assert "Invoiced incl. sales tax" not in admin.get("/clients/C2").text
