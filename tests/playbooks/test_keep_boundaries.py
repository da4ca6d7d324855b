"""A client hostile with everyone but worth keeping: the KEEP account plan sets boundaries."""

from datetime import date
from types import SimpleNamespace

import pytest

from clientfit.playbooks.drafts import render_text


def _context(codes: list[str]) -> dict:
    return {
        "client": {"id": "C1", "name": "Nordbud"}, "case": SimpleNamespace(case_id=7),
        "owner": {"name": "Anna Nowak"}, "m": {"margin_pct": 0.6}, "currency": "PLN",
        "window": {"start": date(2025, 7, 1), "as_of": date(2026, 6, 30)},
        "evidence": {"late_invoices": [], "missed_milestones": [], "messages": []},
        "reasons": [{"code": code, "text": f"{code} text", "metrics": {}} for code in codes],
        "decision": "KEEP", "portfolio": {}, "names": {},
        "steps": {"check_in": {"due_date": date(2026, 7, 14)},
                  "yearly_review": {"due_date": date(2027, 6, 30)}},
    }


@pytest.mark.parametrize(("language", "line"), [("en", "- Boundaries ("),
                                                ("pl", "- Granice (")])
def test_the_account_plan_of_a_hostile_but_profitable_client_sets_boundaries(language, line):
    _, plan = render_text("keep_account_plan", language,
                          _context(["HOSTILE_BUT_PROFITABLE", "HEALTHY_MARGIN"]))
    assert line in plan
    _, clean = render_text("keep_account_plan", language, _context(["HEALTHY_MARGIN"]))
    assert line not in clean
