"""Issue 16 req. 4: the case pages name people, translate history and outcomes, show step
titles in the reader's language, list cases with owners and filters, and show a refused change
on the case page, in the web's words and the reader's language."""

from __future__ import annotations

from clientfit.playbooks.definitions import load_playbook
from tests.web.conftest import csrf_of, login
from tests.web.test_authz import open_case


def _case(client, case_id: int) -> dict:
    return client.get(f"/cases/{case_id}.json").json()


def test_names_titles_and_history_in_the_readers_words(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    data = _case(admin, case_id)
    assert data["owner_name"] != data["owner"] or not data["owner"].startswith("S")
    steps = data["steps"]
    roles = {s["owner"] for s in steps}
    assert all(s["owner_name"] != s["owner"] for s in steps if s["owner"] in (
        "manager", "finance", "owner", "colleague")), roles
    book = load_playbook(data["playbook"])
    english = {spec.key: spec.title["en"] for spec in book.steps}
    assert all(s["title"] == english[s["key"]] for s in steps)
    html = admin.get(f"/cases/{case_id}").text
    assert "case.open" not in html and "Ada Admin opened the case" in html
    # the Polish reader sees the Polish titles, history and outcomes on the same case
    tomasz_view = login(web_app, "tomasz")
    polish = {spec.key: spec.title["pl"] for spec in book.steps}
    page = tomasz_view.get(f"/cases/{case_id}")
    if page.status_code == 200:  # tomasz sees the case only if he owns the client
        assert all(polish[s["key"]] in page.text for s in steps)
        assert "otworzył(a) sprawę" in page.text


def test_a_refused_change_stays_on_the_case_page_translated(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    page = admin.get(f"/cases/{case_id}").text
    token = csrf_of(page)
    key = _case(admin, case_id)["steps"][0]["key"]
    skip = admin.post(f"/cases/{case_id}/steps/{key}", data={"csrf_token": token,
                                                             "action": "skip", "reason": ""})
    assert skip.status_code == 400 and 'id="case-error"' in skip.text
    assert "Write in the reason field" in skip.text and "--reason" not in skip.text
    assert 'id="steps"' in skip.text  # the case page itself, not an error page
    data = _case(admin, case_id)
    if data["unfinished_required"]:
        outcome = data["outcomes"][0]
        close = admin.post(f"/cases/{case_id}/close", data={"csrf_token": token,
                                                            "outcome": outcome, "reason": ""})
        assert close.status_code == 400 and "Required steps are not finished" in close.text
        assert "--reason" not in close.text and f'value="{outcome}" selected' in close.text
    bad = admin.post(f"/cases/{case_id}/close", data={"csrf_token": token,
                                                      "outcome": "nonsense", "reason": "x"})
    assert bad.status_code == 400 and "Choose one of the outcomes" in bad.text


def test_polish_errors_and_outcomes(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    token = csrf_of(admin.get("/portfolio").text)
    admin.post("/language", data={"csrf_token": token, "lang": "pl", "next": "/"})
    key = _case(admin, case_id)["steps"][0]["key"]
    token = csrf_of(admin.get(f"/cases/{case_id}").text)
    skip = admin.post(f"/cases/{case_id}/steps/{key}", data={"csrf_token": token,
                                                             "action": "skip", "reason": ""})
    assert skip.status_code == 400 and "Wpisz w polu powodu" in skip.text
    outcome = _case(admin, case_id)["outcomes"][0]
    done = admin.post(f"/cases/{case_id}/close", data={"csrf_token": token, "outcome": outcome,
                                                       "reason": "koniec testu"})
    assert done.status_code == 303
    page = admin.get(f"/cases/{case_id}").text
    assert 'id="case-outcome"' in page and "zamknął(-ęła) sprawę" in page


def test_cases_list_has_owners_and_filters(web_app, web_demo):
    admin = login(web_app, "admin")
    case_id = open_case(admin, web_demo.own_client)
    listed = admin.get("/cases.json").json()
    row = next(c for c in listed["cases"] if c["case_id"] == case_id)
    assert row["owner_name"] and listed["choices"]["owners"]
    assert admin.get(f"/cases.json?owner={row['owner']}").json()["cases"]
    assert admin.get("/cases.json?owner=NOBODY").json()["cases"] == []
    only = admin.get(f"/cases.json?playbook={row['playbook']}").json()["cases"]
    assert only and {c["playbook"] for c in only} == {row["playbook"]}
    overdue = admin.get("/cases.json?overdue=true").json()["cases"]
    assert all(c["overdue"] for c in overdue)
    html = admin.get("/cases").text
    assert 'id="case-filters"' in html and row["owner_name"] in html
