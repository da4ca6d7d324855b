"""Issue 16: the portfolio opens with what needs an action — urgency order, today's panel, and
the churn risk, overdue balance and case-step columns (kept fresh when a case changes)."""

from __future__ import annotations

import pytest

from clientfit.web import portfolio
from tests.web.conftest import login
from tests.web.test_authz import open_case


def test_urgency_puts_severe_decisions_and_alerts_first():
    quiet = portfolio.urgency("KEEP", 0.9, {"revenue_minor": 10**9}, None, False)
    at_risk = portfolio.urgency("KEEP", 0.5, {"revenue_minor": 100}, None, True)
    overdue = portfolio.urgency("KEEP", 0.5, {"revenue_minor": 100, "overdue_minor": 50}, None,
                                True)
    release = portfolio.urgency("RELEASE", 0.2, {"revenue_minor": 1}, None, False)
    recover = portfolio.urgency("RECOVER", 0.2, {"revenue_minor": 1}, None, False)
    assert sorted([quiet, at_risk, overdue, release, recover], reverse=True) == [
        recover, release, overdue, at_risk, quiet]
    steps = {"case_id": 1, "pending": 3, "overdue": 2, "next_due": None}
    assert portfolio.urgency("KEEP", 0.5, {}, steps, False)[1] == 1
    # value at stake: revenue plus the overdue balance, weighted by the confidence
    assert portfolio.urgency("RESET", 0.5, {"revenue_minor": 100, "overdue_minor": 60}, None,
                             False)[2] == 80.0


def test_an_open_case_shows_its_steps_on_the_portfolio_at_once(admin):
    first = admin.get("/portfolio.json?sort=name&order=asc").json()["clients"]
    client = next(c for c in first if c["case"] is None)
    case_id = open_case(admin, client["client_id"])
    rows = admin.get("/portfolio.json?sort=steps").json()["clients"]
    row = next(c for c in rows if c["client_id"] == client["client_id"])
    assert row["case"]["case_id"] == case_id and row["case"]["pending"] >= 1
    assert rows[0]["case"] is not None  # sorted by open steps, those with a case first
    html = admin.get("/portfolio?sort=steps").text
    assert f'href="/cases/{case_id}"' in html


def test_hostile_portfolio_filters_never_fail(web_app):
    admin = login(web_app, "admin")
    for query in ("sort=urgency&order=sideways", "sort=%00", "decision=%27%22<x>",
                  "owner=" + "x" * 5000, "q=%F0%9F%92%A5", "sort=steps&order=asc",
                  "sort=churn_risk", "sort=overdue&order=asc"):
        for path in ("/portfolio", "/portfolio.json", "/api/clients"):
            response = admin.get(f"{path}?{query}")
            assert response.status_code < 500, (path, query)


def test_whatif_rejects_unbounded_and_non_numeric_price_changes_without_a_500(shared_app):
    anna = login(shared_app, "anna")
    worst = anna.get("/whatif.json").json()["clients"][0]["client_id"]
    for value in ("NaN", "nan", "inf", "-inf", "1e309", "-1000", "1e20", "abc", "%00", "500.01"):
        query = f"act_{worst}=reprice&pct_{worst}={value}"
        page = anna.get(f"/whatif?{query}")
        assert page.status_code == 400, value
        assert "a price change must be a number from -100% to +500%" in page.text
        assert 'id="whatif-form"' in page.text  # the message is on the page it came from
        twin = anna.get(f"/whatif.json?{query}")
        assert twin.status_code == 400 and "price change" in twin.json()["error"], value
    for value in ("-100", "500", "12,5"):
        ok = anna.get(f"/whatif.json?act_{worst}=reprice&pct_{worst}={value}")
        assert ok.status_code == 200, value
    assert pytest.approx(12.5) == anna.get(
        f"/whatif.json?act_{worst}=reprice&pct_{worst}=12,5").json()["actions"][0]["percent"]


def test_whatif_urls_keep_only_what_the_user_set(shared_app):
    anna = login(shared_app, "anna")
    clients = [c["client_id"] for c in anna.get("/whatif.json").json()["clients"][:3]]
    a, b, c = clients
    noisy = (f"/whatif?q=&act_{a}=release&pct_{a}=&to_{a}=&act_{b}=&pct_{b}=5&to_{b}="
             f"&act_{c}=reprice&pct_{c}=10&to_{c}=S1")
    response = anna.get(noisy, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/whatif?act_{a}=release&act_{c}=reprice&pct_{c}=10"
    page = anna.get(response.headers["location"], follow_redirects=False)
    assert page.status_code == 200 and 'id="whatif-summary"' in page.text
    html = page.text
    assert html.index('id="whatif-compute"') < html.index(f'name="act_{a}"')
    assert anna.get("/whatif?q=", follow_redirects=False).headers["location"] == "/whatif"


def test_whatif_errors_are_polish_for_a_polish_reader(shared_app):
    tomasz = login(shared_app, "tomasz")
    worst = tomasz.get("/whatif.json").json()["clients"][0]["client_id"]
    page = tomasz.get(f"/whatif?act_{worst}=reprice&pct_{worst}=inf")
    assert page.status_code == 400 and "zmiana ceny musi być liczbą od" in page.text


def test_the_override_form_starts_from_the_current_decision(shared_app, web_demo):
    admin = login(shared_app, "admin")
    data = admin.get(f"/clients/{web_demo.own_client}.json").json()["assessment"]
    current = (data["override"] or {}).get("decision") or data["decision"]
    html = admin.get(f"/clients/{web_demo.own_client}").text
    form = html[html.index('id="override-decision"'):].split("</select>")[0]
    assert f'<option value="{current}" selected>' in form and form.count("selected") == 1


def test_favicon_is_served_by_the_app(shared_app):
    from tests.web.conftest import make_client

    client = make_client(shared_app)
    assert client.get("/favicon.ico").headers["location"] == "/static/favicon.svg"
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/login").text
