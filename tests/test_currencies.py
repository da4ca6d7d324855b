"""Portfolios in several currencies: rates imported in their published layouts, every money
figure converted at a documented rate, ratios unchanged, a missing rate a clear error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from clientfit import importing, service
from clientfit.assessment import load_policy
from clientfit.errors import InputError
from clientfit.fx import MissingRateError, RateBook
from clientfit.store import open_store
from clientfit.store.schema_rates import exchange_rates
from tests.bundles import client, write_bundle

RATES = Path(__file__).parent / "data" / "imports" / "rates"
BAD_RATES = Path(__file__).parent / "data" / "imports" / "rates_bad"


def _invoice(invoice_id, amount, issue, due, client_id, currency):
    return {"invoice_id": invoice_id, "client_id": client_id, "number": invoice_id,
            "issue_date": issue, "due_date": due, "amount": amount, "currency": currency}


def _policy(tmp_path: Path, **currency: str) -> object:
    body = "[currency]\n" + "".join(f'{k} = "{v}"\n' for k, v in currency.items())
    path = tmp_path / "policy.toml"
    path.write_text(body, encoding="utf-8")
    return load_policy(path)


def _portfolio(tmp_path: Path, usd_staff: bool = False) -> Path:
    staff = [{"staff_id": "S1", "name": "Anna", "hourly_cost": "100.00", "currency": "PLN"},
             {"staff_id": "S2", "name": "Bob", "hourly_cost": "25.00",
              "currency": "USD" if usd_staff else "PLN"}]
    return write_bundle(
        tmp_path / "bundle", staff=staff,
        clients=[client("C1", currency="PLN", owner_staff_id="S1"),
                 client("C2", currency="USD", owner_staff_id="S2")],
        invoices=[_invoice("I1", "10000.00", "2026-03-04", "2026-03-05", "C1", "PLN"),
                  _invoice("I2", "1000.00", "2026-03-04", "2026-03-05", "C2", "USD")],
        payments=[{"payment_id": "P1", "invoice_id": "I2", "paid_on": "2026-03-05",
                   "amount": "400.00", "currency": "USD"},
                  {"payment_id": "P2", "invoice_id": "I2", "paid_on": "2026-03-05",
                   "amount": "600.00", "currency": "USD"}],
        time_entries=[{"entry_id": "T1", "client_id": "C2", "staff_id": "S2",
                       "date": "2026-03-04", "hours": "10", "billable": "true",
                       "description": "work"}],
    )


@pytest.mark.parametrize("name", sorted(p.name for p in RATES.iterdir()))
def test_every_published_layout_is_recognised_and_read(sqlite_url, name):
    store = open_store(sqlite_url)
    report = importing.import_paths(store, "auto", [RATES / name])
    assert report.count("exchange_rates").added > 0
    with store.reading() as sql:
        rows = {(r.source, r.currency, r.rate_date): r.rate
                for r in sql.execute(exchange_rates.select())}
    assert all(Decimal(rate) > 0 for rate in rows.values())
    if ("nbp", "USD", date(2026, 3, 2)) in rows:
        assert Decimal(rows[("nbp", "USD", date(2026, 3, 2))]) == Decimal("3.962")
    if ("nbp", "HUF", date(2026, 3, 2)) in rows:  # 100 HUF = 1.0990 PLN
        assert Decimal(rows[("nbp", "HUF", date(2026, 3, 2))]) == Decimal("0.01099")
    again = importing.import_paths(store, "rates", [RATES / name])
    assert again.count("exchange_rates").added == 0


def test_malformed_rates_file_names_line_and_field_and_stores_nothing(sqlite_url):
    store = open_store(sqlite_url)
    with pytest.raises(InputError) as error:
        importing.import_paths(store, "rates", [RATES / "eurofxref-hist.csv",
                                                BAD_RATES / "archiwum_bad.csv"])
    assert error.value.line == 2 and error.value.field == "1EUR"
    with store.reading() as sql:
        assert sql.execute(exchange_rates.select()).first() is None


def test_rule_takes_the_last_rate_published_before_the_day():
    rows = [{"source": "nbp", "currency": "USD", "rate_date": date(2026, 3, d),
             "rate": r, "table_no": f"{d}"} for d, r in ((2, "3.9"), (3, "4.0"))]
    book = RateBook(rows)
    assert book.quote("USD", "PLN", date(2026, 3, 3)).factor == Decimal("3.9")
    assert book.quote("USD", "PLN", date(2026, 3, 4)).factor == Decimal("4.0")
    assert RateBook(rows, "same").quote("USD", "PLN", date(2026, 3, 3)).factor == Decimal("4.0")
    assert book.quote("PLN", "USD", date(2026, 3, 4)).factor == Decimal(1) / Decimal("4.0")
    with pytest.raises(MissingRateError, match=r"USD -> PLN .* 2026-03-02.*clientfit import rates"):
        book.quote("USD", "PLN", date(2026, 3, 2), "invoice X")
    with pytest.raises(MissingRateError):  # older than max_rate_age_days
        book.quote("USD", "PLN", date(2026, 3, 20))


def test_ecb_rates_are_units_per_euro():
    """The ECB publishes 1 EUR = rate units of the currency (NBP the other way: PLN per unit):
    EUR -> CAD multiplies by the CAD rate, and a cross rate divides the target's by the
    source's."""
    day = date(2026, 3, 3)
    rows = [{"source": "ecb", "currency": code, "rate_date": date(2026, 3, 2), "rate": rate,
             "table_no": None} for code, rate in (("CAD", "1.5"), ("USD", "1.25"))]
    book = RateBook(rows)
    assert book.quote("EUR", "CAD", day).factor == Decimal("1.5")
    assert book.quote("CAD", "EUR", day).factor == Decimal(1) / Decimal("1.5")
    assert book.quote("USD", "CAD", day).factor == Decimal("1.2")  # 1.5 / 1.25
    assert book.quote("EUR", "CAD", day).convert(10_000) == 15_000
    assert "1 EUR = 1.5 CAD" in book.quote("CAD", "EUR", day).text()


def test_euro_invoices_convert_at_the_ecb_rate(sqlite_url, tmp_path):
    """A CAD business with a EUR client and the ECB's history CSV (hand-made, two days): the
    EUR revenue is worth more CAD, not less, and the margin is the same in either currency."""
    rates = tmp_path / "eurofxref-hist.csv"
    rates.write_text("Date,USD,JPY,PLN,CAD,\n2026-03-03,1.0776,161.25,4.2790,1.5000,\n"
                     "2026-03-02,1.0800,161.00,4.2800,1.5000,\n", encoding="utf-8")
    staff = [{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00", "currency": "CAD"}]
    bundle = write_bundle(
        tmp_path / "bundle", staff=staff,
        clients=[client("C1", currency="CAD", owner_staff_id="S1"),
                 client("C2", currency="EUR", owner_staff_id="S1")],
        invoices=[_invoice("I1", "20000.00", "2026-03-04", "2026-03-05", "C1", "CAD"),
                  _invoice("I2", "1000.00", "2026-03-04", "2026-03-05", "C2", "EUR")],
        time_entries=[{"entry_id": "T1", "client_id": "C2", "staff_id": "S1",
                       "date": "2026-03-04", "hours": "10", "billable": "true",
                       "description": "work"}])
    store = open_store(sqlite_url)
    service.import_bundle(store, bundle)
    importing.import_paths(store, "rates", [rates])
    run = service.assess(store, as_of=date(2026, 3, 31), window="12m")
    assert run.currency == "CAD"
    eur = {a.client_id: a.metrics for a in run.assessments}["C2"]
    assert eur["revenue_minor"] == 150_000  # EUR 1,000 at 1.5 CAD per EUR
    assert eur["cost_to_serve_minor"] == 60_000
    assert eur["margin_pct"] == pytest.approx(0.6)
    in_euro = service.assess(store, as_of=date(2026, 3, 31), window="12m",
                             policy=_policy(tmp_path, reporting="EUR"))
    assert {a.client_id: a.metrics for a in in_euro.assessments}["C2"]["margin_pct"] \
        == pytest.approx(0.6)


def test_mixed_portfolio_converts_every_money_figure(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, _portfolio(tmp_path, usd_staff=True))
    importing.import_paths(store, "rates", [RATES / "archiwum_tab_a_2026.csv"])
    run = service.assess(store, as_of=date(2026, 3, 31), window="12m")
    assert run.currency == "PLN" and run.conversion.chosen_by == "most revenue"
    by_id = {a.client_id: a.metrics for a in run.assessments}
    # I2 issued 2026-03-04: NBP table of 2026-03-03, USD 3.9710
    assert by_id["C2"]["revenue_minor"] == 397_100
    assert by_id["C2"]["collected_minor"] == 397_100  # at the invoice's rate: paid in full
    assert by_id["C2"]["overdue_minor"] == 0
    # cost rate USD 25.00 at the work date's rate (2026-03-03, 3.9710) = PLN 99.275, kept to
    # the grosz (99.28, half-even), x 10 h
    assert by_id["C2"]["cost_to_serve_minor"] == 99_280
    assert by_id["C1"]["revenue_minor"] == 1_000_000
    native = run.conversion.native["C2"]
    assert native == [{"currency": "USD", "revenue_minor": 100_000, "converted_minor": 397_100,
                       "reporting_currency": "PLN"}]
    assert "042/A/NBP/2026" in run.conversion.quotes[("invoice", "I2")].text()
    assert "042/A/NBP/2026" in run.conversion.quotes[("time_entry", "T1")].text()


def test_ratios_do_not_depend_on_the_reporting_currency(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, _portfolio(tmp_path, usd_staff=True))
    importing.import_paths(store, "rates", [RATES / "archiwum_tab_a_2026.csv"])
    runs = {code: service.assess(store, as_of=date(2026, 3, 31), window="12m",
                                 policy=_policy(tmp_path, reporting=code))
            for code in ("PLN", "USD", "EUR")}
    assert {code: run.currency for code, run in runs.items()} == {
        "PLN": "PLN", "USD": "USD", "EUR": "EUR"}
    for name in ("margin_pct", "revenue_share", "late_invoice_share"):
        values = {code: {a.client_id: a.metrics.get(name) for a in run.assessments}
                  for code, run in runs.items()}
        for client_id in values["PLN"]:
            got = [values[code][client_id] for code in runs]
            if got[0] is None:
                assert got == [None, None, None]
            else:
                assert got == pytest.approx([got[0]] * 3, rel=1e-3)
    assert {a.client_id: a.metrics["revenue_minor"] for a in runs["USD"].assessments}["C2"] \
        == 100_000


def test_a_missing_rate_is_an_error_naming_currency_day_and_command(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, _portfolio(tmp_path))
    with pytest.raises(MissingRateError) as error:
        service.assess(store, as_of=date(2026, 3, 31), window="12m")
    message = str(error.value)
    assert "USD" in message and "clientfit import rates" in message


def test_one_currency_needs_no_rates(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    bundle = write_bundle(tmp_path / "b", clients=[client("C1", currency="PLN")],
                          staff=[{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00",
                                  "currency": "PLN"}],
                          invoices=[_invoice("I1", "10.00", "2026-03-04", "2026-03-05", "C1",
                                             "PLN")])
    service.import_bundle(store, bundle)
    run = service.assess(store, as_of=date(2026, 3, 31), window="12m")
    assert run.currency == "PLN" and run.conversion.chosen_by == "only currency"
    assert not run.conversion.converted


def test_ksef_invoices_carry_their_own_rate(sqlite_url, tmp_path):
    """Fa/KursWalutyZ, or the lines' common FaWiersz/KursWaluty, converts the invoice to PLN;
    to another reporting currency onward at the published PLN rate."""
    store = open_store(sqlite_url)
    folder = Path(__file__).parent / "data" / "imports" / "ksef_fx"
    importing.import_paths(store, "auto", [folder, RATES / "archiwum_tab_a_2026.csv"])
    with store.reading() as sql:
        stored = {r.number: (r.currency, r.doc_rate, r.doc_rate_base) for r in sql.execute(
            sa.text("SELECT number, currency, doc_rate, doc_rate_base FROM invoices"))}
    assert stored == {"FV/20/03/2026": ("EUR", "4.279", "PLN"),
                      "FV/21/03/2026": ("USD", "3.971", "PLN")}
    run = service.assess(store, as_of=date(2026, 3, 31), window="12m", currency="PLN")
    (revenue,) = {a.metrics["revenue_minor"] for a in run.assessments}
    (gross,) = {a.metrics["invoiced_gross_minor"] for a in run.assessments}
    # revenue is the net (P_13_1, 10,000.00 of each), converted at the invoice's own rate
    assert revenue == 1_000_000 * 4.279 + 1_000_000 * 3.971
    assert gross == 1_230_000 * 4.279 + 1_230_000 * 3.971
    quotes = [q for (kind, _), q in run.conversion.quotes.items() if kind == "invoice"]
    assert {q.legs[0].source for q in quotes} == {"invoice"}
    usd = service.assess(store, as_of=date(2026, 3, 31), window="12m", currency="USD")
    eur_quote = next(q for (kind, _), q in usd.conversion.quotes.items()
                     if kind == "invoice" and q.currency == "EUR")
    # the invoice's 4.279 PLN per EUR, then PLN -> USD at NBP's last rate before 2026-03-10
    assert [leg.source for leg in eur_quote.legs] == ["invoice", "nbp"]
    assert abs(eur_quote.factor - Decimal("4.279") / Decimal("3.9480")) < Decimal("1e-20")
