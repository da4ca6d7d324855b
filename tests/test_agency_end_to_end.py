"""A Polish agency's real exports, end to end (issue 12): clients in PLN (KSeF FA(3) XML and
Fakturownia JSON, paid by bank transfer), USD (Stripe) and EUR (KSeF invoices carrying their own
rate), Harvest time, HubSpot companies, one mbox and the NBP archive CSVs — imported with
`clientfit import auto DIR` and no flags, and assessed; the same results whatever the order the
files are imported in, on SQLite and PostgreSQL; a malformed file changes nothing stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from clientfit import service
from clientfit.cli import app
from clientfit.demo import generate_bundle
from clientfit.errors import InputError
from clientfit.export import run_dict
from clientfit.importers.real_exports import write_agency_exports
from clientfit.importing import import_paths
from clientfit.store import open_store
from tests.importers.helpers import snapshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("agency")
    generate_bundle(root / "bundle", clients=8, seed=5)
    write_agency_exports(root / "bundle", root / "out")
    return root / "out"


def _results(store) -> dict[str, tuple]:
    """Each client's decision and money figures, keyed by its domain (ids and display names
    depend on which source named the client first)."""
    run = service.assess(store)
    with store.reading() as sql:
        domains = dict(sql.execute(sa.text("SELECT client_id, email_domain FROM clients")).all())
    keys = ("revenue_minor", "collected_minor", "cost_to_serve_minor", "margin_minor",
            "overdue_minor", "effective_hourly_rate_minor", "days_late", "clv_minor")
    return {domains[a.client_id]: (a.decision.value, round(a.confidence, 6),
                                   *(round(a.metrics[k], 6) if isinstance(a.metrics.get(k), float)
                                     else a.metrics.get(k) for k in keys))
            for a in run.assessments}


def test_import_auto_with_no_flags_then_assess(agency, tmp_path):
    db = tmp_path / "agency.db"
    runner = CliRunner()
    result = runner.invoke(app, ["import", "auto", str(agency), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Our mail domain: studio.example" in result.output
    assert "WARNING" not in result.output  # no mail skipped
    store = open_store(f"sqlite:///{db}")
    with store.reading() as sql:
        currencies = dict(sql.execute(sa.text(
            "SELECT currency, COUNT(*) FROM clients GROUP BY currency")).all())
        staff = sql.execute(sa.text("SELECT COUNT(*), MIN(currency), MAX(currency), "
                                    "MIN(hourly_cost_minor) FROM staff")).one()
    assert set(currencies) == {"PLN", "USD", "EUR"}  # each client's own
    assert tuple(staff[1:3]) == ("PLN", "PLN") and staff[3] > 0
    run = service.assess(store)
    assert run.currency == "PLN" and run.conversion.chosen_by == "most revenue"
    sources = {leg.source for quote in run.conversion.quotes.values() for leg in quote.legs}
    assert sources == {"nbp", "invoice"}  # the EUR KSeF invoices carry their own rate
    document = run_dict(run)
    assert document["schema_version"] == "1.1" and document["rates"]
    assert any(c["native"] for c in document["clients"])
    shown = runner.invoke(app, ["assess", "--db", str(db)])
    assert "Amounts in PLN (the currency with the most revenue" in shown.output


def test_same_results_whatever_the_import_order_on_sqlite_and_postgres(agency, tmp_path,
                                                                       postgres_url):
    at_once = open_store(f"sqlite:///{tmp_path / 'once.db'}")
    import_paths(at_once, "auto", [agency])
    expected = _results(at_once)
    one_by_one = open_store(f"sqlite:///{tmp_path / 'files.db'}")
    files = sorted(agency.glob("archiwum_*.csv"))
    for path in (agency / "hubspot_companies.csv", agency / "stripe_payments.csv",
                 agency / "stripe_invoices.csv", agency / "fakturownia_invoices.json",
                 agency / "ksef", agency / "bank_payments.csv", agency / "harvest_time.csv",
                 agency / "mail.mbox", *files):
        import_paths(one_by_one, "auto", [path])
    assert _results(one_by_one) == expected
    postgres = open_store(postgres_url)
    import_paths(postgres, "auto", sorted(agency.iterdir(), reverse=True))
    assert _results(postgres) == expected


def test_malformed_rates_or_export_changes_nothing(agency, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'bad.db'}")
    import_paths(store, "auto", [agency])
    before = snapshot(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    rates = sorted(agency.glob("archiwum_*.csv"))[0]
    lines = rates.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b";", b";x", 1)
    (bad / rates.name).write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputError) as error:
        import_paths(store, "auto", [bad / rates.name])
    assert (error.value.line, error.value.field) == (4, "1USD")
    shutil.copy(agency / "bank_payments.csv", bad / "bank_payments.csv")
    with (bad / "bank_payments.csv").open("a", encoding="utf-8") as handle:
        handle.write("FV/1999/01/NOPE,2026-01-05,10.00\n")
    with pytest.raises(InputError) as error:
        import_paths(store, "auto", [bad / "bank_payments.csv"])
    assert error.value.field == "invoice_number"
    assert snapshot(store) == before
