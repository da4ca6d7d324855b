"""Every revenue figure a user sees is net of sales tax and says so where they could wonder;
what was paid stays the gross (issue 14, e16n).

The portfolio of tests/test_net_revenue.py: C1 invoiced 1,230.00 PLN gross / 1,000.00 net in
January and in February (23 % VAT), C2 2,000.00 without tax, C3 123.00 / 100.00 EUR in March."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from clientfit import importing, service
from clientfit.cli import app as cli_app
from clientfit.store import open_store
from clientfit.web import Settings, create_app
from clientfit.web.auth import create_user
from tests.test_net_revenue import RATES, _portfolio
from tests.web.conftest import PASSWORDS, login


@pytest.fixture
def taxed_url(tmp_path, sqlite_url) -> str:
    store = open_store(sqlite_url)
    importing.import_paths(store, "auto", [RATES])
    service.import_bundle(store, _portfolio(tmp_path / "bundle"))
    create_user(store, "admin", PASSWORDS["admin"], role="admin", display_name="Ada Admin")
    create_user(store, "tomasz", PASSWORDS["tomasz"], role="admin", locale="pl")
    store.dispose()
    return sqlite_url


@pytest.fixture
def admin(taxed_url):
    return login(create_app(taxed_url, Settings(secret_key="test-secret")), "admin")


def test_the_monthly_trend_is_net_revenue_beside_the_gross_collected(admin):
    monthly = {m["month"]: m for m in admin.get("/clients/C1.json").json()["monthly"]}
    assert [monthly[m]["revenue_minor"] for m in ("2026-01", "2026-02")] == [100000, 100000]
    assert [monthly[m]["invoiced_minor"] for m in ("2026-01", "2026-02")] == [123000, 123000]
    # the client paid the gross in January and only the net in February
    assert [monthly[m]["collected_minor"] for m in ("2026-01", "2026-02")] == [123000, 100000]
    untaxed = admin.get("/clients/C2.json").json()["monthly"]
    assert [(m["revenue_minor"], m["invoiced_minor"]) for m in untaxed] == [(200000, 200000)]


def test_the_trend_chart_draws_the_net_and_labels_net_and_gross(admin):
    svg = admin.get("/clients/C1/charts/trend.svg").text
    revenue = re.findall(r'aria-label="2026-01 · Revenue, net of sales tax: ([^"]+)"', svg)
    collected = re.findall(r'aria-label="2026-01 · Collected, incl. sales tax: ([^"]+)"', svg)
    assert len(revenue) == 1 and revenue[0].endswith("1,000.00"), revenue
    assert collected and "1,230.00" in collected[0]
    assert "Invoiced" not in svg


def test_a_converted_clients_trend_is_its_net_at_the_invoices_rate(admin):
    data = admin.get("/clients/C3.json").json()
    (march,) = data["monthly"]
    native = data["assessment"]["native"]
    assert data["currency"] == "PLN" and native[0]["currency"] == "EUR"
    # the month's revenue is the converted net the assessment counted, not the gross
    assert march["revenue_minor"] == native[0]["converted_minor"]
    assert march["revenue_minor"] == data["assessment"]["metrics"]["revenue_minor"]
    assert march["invoiced_minor"] == data["assessment"]["metrics"]["invoiced_gross_minor"]
    assert march["invoiced_minor"] > march["revenue_minor"]


def test_portfolio_whatif_and_client_pages_say_net_and_gross(admin, taxed_url):
    portfolio = admin.get("/portfolio").text
    card = re.search(r'<div class="card" id="revenue-card">.*?</div>', portfolio, re.S).group(0)
    assert "net of sales tax" in card
    summary = admin.get("/api/portfolio/summary").json()
    assert summary["revenue_minor"] == sum(
        r["revenue_minor"] for r in admin.get("/portfolio.json").json()["clients"])
    whatif = admin.get("/whatif?act_C1=release", follow_redirects=True).text
    assert re.search(r"Revenue <span class=\"meta\">\(net of sales tax\)", whatif)
    page = admin.get("/clients/C1").text
    assert re.search(r"Collected <span class=\"meta\">\(incl. sales tax\)", page)
    assert "incl. sales tax)" not in admin.get("/clients/C2").text  # no tax: nothing to explain
    polish = login(create_app(taxed_url, Settings(secret_key="test-secret")), "tomasz")
    svg = polish.get("/clients/C1/charts/trend.svg").text
    assert "Przychód netto (bez VAT)" in svg and "Wpłynęło brutto (z VAT)" in svg


def test_the_cli_says_what_the_revenue_and_margins_are(taxed_url):
    runner = CliRunner()
    shown = runner.invoke(cli_app, ["explain", "C1", "--db", taxed_url, "--as-of", "2026-03-31"])
    assert shown.exit_code == 0, shown.output
    line = next(x for x in shown.output.splitlines() if "net revenue (before sales tax)" in x)
    assert "2,000.00" in line  # two invoices of 1,000.00 net, not 2,460.00
    triage = runner.invoke(cli_app, ["assess", "--db", taxed_url, "--as-of", "2026-03-31"])
    assert triage.exit_code == 0, triage.output
    assert "Margins are on net revenue (before sales tax)." in " ".join(triage.output.split())


@pytest.fixture
def taxed_live_url(live_server, taxed_url) -> str:
    return live_server(taxed_url)


@pytest.mark.slow
def test_in_the_browser_the_trend_shows_the_net_revenue(page, taxed_live_url):
    """Headless Chromium: the client page's inline trend chart, each point's tooltip."""
    from tests.web.test_browser_walk import _login

    page.set_default_timeout(60_000)
    _login(page, taxed_live_url, "admin")
    page.goto(f"{taxed_live_url}/clients/C1")
    page.wait_for_selector("#trend .chart-inline svg [aria-roledescription=point] title",
                           state="attached")
    tips = [t.text_content() for t in
            page.locator("#trend .chart-inline svg [aria-roledescription=point] title").all()]
    revenue = [t for t in tips if "Revenue, net of sales tax" in t]
    assert len(revenue) == 2 and all(t.endswith("1,000.00") for t in revenue), tips
    assert any("Collected, incl. sales tax" in t and "1,230.00" in t for t in tips), tips
    figures = page.locator("#metrics").inner_text()
    assert "net of sales tax" in figures and "incl. sales tax" in figures
