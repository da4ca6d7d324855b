"""Issue 16: the portfolio opens with what needs an action — urgency order, today's panel, and
the churn risk, overdue balance and case-step columns (kept fresh when a case changes)."""

from __future__ import annotations

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
