"""Every route enforces the roles: a manager gets 404 for another manager's client on every
page, JSON twin and API route; anonymous requests never get data."""

from __future__ import annotations

import time

import pytest

from clientfit.store import decisions, open_store
from clientfit.web.app import route_table
from clientfit.web.auth import grant
from tests.web.conftest import csrf_of, login, make_client

PUBLIC = {"/login", "/api/openapi.json", "/favicon.ico"}


def routes(app) -> list[tuple[str, str]]:
    return route_table(app)


def fill(path: str, client_id: str, code: str, case_id: int = 1, key: str = "x") -> str:
    return (path.replace("{client_id}", client_id).replace("{code}", code)
            .replace("{name}", "whale").replace("{case_id}", str(case_id))
            .replace("{key}", key))


def open_case(admin, client_id: str) -> int:
    page = admin.get(f"/clients/{client_id}").text
    response = admin.post(f"/clients/{client_id}/cases", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("/cases/")[1].split("?")[0])


def a_reason_with_evidence(admin, client_id: str) -> str:
    reasons = admin.get(f"/clients/{client_id}.json").json()["assessment"]["reasons"]
    return next(r["code"] for r in reasons if r["evidence"])


def call(client, method: str, url: str, csrf: str | None):
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if url.startswith("/api/"):
        return client.post(url, json={"decision": "KEEP", "reason": "probe"}, headers=headers)
    return client.post(url, data={"decision": "KEEP", "reason": "probe",
                                  "csrf_token": csrf or ""})


def test_a_manager_gets_404_for_another_managers_client_on_every_route(shared_app, web_demo):
    admin, anna = login(shared_app, "admin"), login(shared_app, "anna")
    other = web_demo.other_client
    code = a_reason_with_evidence(admin, other)
    csrf = csrf_of(anna.get("/portfolio").text)
    client_routes = [(m, p) for m, p in routes(shared_app) if "{client_id}" in p]
    assert len(client_routes) >= 9, client_routes
    for method, path in client_routes:
        url = fill(path, other, code)
        response = call(anna, method, url, csrf)
        assert response.status_code == 404, (method, url, response.status_code)
        # and a client id that does not exist gets the very same answer
        missing = call(anna, method, fill(path, "NO-SUCH-CLIENT", code), csrf)
        assert missing.status_code == 404, (method, path)
    with shared_app.state.web.store.reading() as connection:
        assert decisions.audit_entries(connection, "client", other) == []


def test_the_same_routes_work_for_an_admin(web_app, web_demo, admin):
    other = web_demo.other_client
    code = a_reason_with_evidence(admin, other)
    csrf = csrf_of(admin.get("/portfolio").text)
    for method, path in routes(web_app):
        if "{client_id}" not in path:
            continue
        response = call(admin, method, fill(path, other, code), csrf)
        assert response.status_code in (200, 303), (method, path, response.status_code)


def test_a_manager_sees_own_clients_everywhere_and_others_once_granted(
        web_app, web_demo, anna, web_db_url):
    pages = anna.get("/portfolio.json").json()["clients"]
    api = anna.get("/api/clients").json()["clients"]
    assert pages and {c["owner"]["staff_id"] for c in pages} == {"S1"}
    assert [c["client_id"] for c in api] == [c["client_id"] for c in pages]
    assert anna.get(f"/clients/{web_demo.own_client}.json").status_code == 200
    summary = anna.get("/api/portfolio/summary").json()
    assert summary["clients"] == len(pages)

    grant(open_store(web_db_url), "anna", "client", web_demo.other_client)
    # a change made outside the app (the CLI) is seen within Settings.recheck_seconds
    time.sleep(web_app.state.web.settings.recheck_seconds + 0.05)
    assert anna.get(f"/clients/{web_demo.other_client}").status_code == 200
    assert anna.get(f"/api/clients/{web_demo.other_client}").status_code == 200
    ids = {c["client_id"] for c in anna.get("/portfolio.json").json()["clients"]}
    assert web_demo.other_client in ids


def test_admin_only_pages_are_forbidden_to_managers(shared_app):
    admin, anna = login(shared_app, "admin"), login(shared_app, "anna")
    for method, path in routes(shared_app):
        if not path.startswith("/import"):
            continue
        if method == "GET":
            assert anna.get(path).status_code == 403, path
            assert admin.get(path).status_code == 200, path


@pytest.mark.parametrize("public", sorted(PUBLIC))
def test_public_routes_need_no_login(shared_app, public):
    response = make_client(shared_app).get(public)
    assert response.status_code == 200 or (public == "/favicon.ico" and response.status_code == 301
                                           and response.headers["location"].startswith("/static/"))


def test_anonymous_requests_get_no_data_anywhere(shared_app, web_demo):
    anonymous = make_client(shared_app)
    for method, path in routes(shared_app):
        if path in PUBLIC:
            continue
        url = fill(path, web_demo.own_client, "LOSS_MAKING")
        response = call(anonymous, method, url, None)
        if method == "GET" and (url.endswith(".json") or url.startswith("/api/")):
            assert response.status_code == 401, (method, url)
            assert response.json()["ok"] is False
        elif method == "GET":
            assert response.status_code == 303, (method, url)
            assert response.headers["location"].startswith("/login?next=")
        else:  # a POST without session fails the CSRF check before anything else
            assert response.status_code in (401, 403), (method, url, response.status_code)


def test_bearer_tokens_get_the_same_authorization(web_app, web_demo):
    api = make_client(web_app)
    headers = {"Authorization": f"Bearer {web_demo.token_tomasz}"}
    me = api.get("/api/me", headers=headers).json()
    assert me["username"] == "tomasz" and me["role"] == "manager"
    listed = api.get("/api/clients", headers=headers).json()["clients"]
    assert listed and {c["owner"]["staff_id"] for c in listed} == {"S2"}
    assert api.get(f"/api/clients/{web_demo.own_client}", headers=headers).status_code == 404
    assert api.get(f"/clients/{web_demo.own_client}.json", headers=headers).status_code == 404
    assert api.get(f"/clients/{web_demo.other_client}.json",
                   headers=headers).status_code == 200
    # a token needs no CSRF token: there is no cookie to ride on
    posted = api.post(f"/api/clients/{web_demo.other_client}/override", headers=headers,
                      json={"decision": "WATCH", "reason": "checking with the client"})
    assert posted.status_code == 200, posted.text
    assert posted.json()["decision"] == "WATCH"
    bad = api.get("/api/clients", headers={"Authorization": "Bearer cf_not-a-token"})
    assert bad.status_code == 401


def test_sessions_expire(web_db_url):
    from clientfit.web import Settings, create_app

    app = create_app(web_db_url, Settings(secret_key="s", session_max_seconds=0))
    client = login(app, "admin")
    response = client.get("/portfolio")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_wrong_password_is_refused(shared_app):
    client = make_client(shared_app)
    page = client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": "wrong-password",
                                           "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401
    assert client.get("/portfolio").status_code == 303


def test_login_never_redirects_off_site(shared_app):
    client = make_client(shared_app)
    page = client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": "admin-pass-123",
                                           "csrf_token": csrf_of(page.text),
                                           "next": "//evil.example/x"})
    assert response.headers["location"] == "/"


def test_a_manager_gets_404_for_another_managers_case_on_every_case_route(web_app, web_demo):
    if not any("{case_id}" in path for _, path in routes(web_app)):
        pytest.skip("clientfit.cases is not installed")
    admin, anna = login(web_app, "admin"), login(web_app, "anna")
    worst = admin.get("/portfolio.json?owner=S2&sort=margin&order=asc").json()["clients"][0]
    case_id = open_case(admin, worst["client_id"])
    case = admin.get(f"/cases/{case_id}.json").json()
    key = next(s["key"] for s in case["steps"] if s["draft"])
    csrf = csrf_of(anna.get("/portfolio").text)
    case_routes = [(m, p) for m, p in routes(web_app) if "{case_id}" in p]
    assert len(case_routes) >= 8, case_routes
    for method, path in case_routes:
        url = fill(path, worst["client_id"], "", case_id, key)
        data = {"csrf_token": csrf, "action": "done", "text": "probe", "outcome": "x"}
        response = anna.get(url) if method == "GET" else anna.post(url, data=data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert admin.get(url).status_code == 200 if method == "GET" else True, url
    listed = anna.get("/cases.json").json()["cases"]
    assert case_id not in [c["case_id"] for c in listed]
    assert case_id in [c["case_id"] for c in admin.get("/cases.json").json()["cases"]]
    assert admin.get(f"/cases/{case_id}.json").json()["steps"][0]["status"] == "pending"


def test_steps_change_and_are_audited(web_app, web_demo):
    if not any("{case_id}" in path for _, path in routes(web_app)):
        pytest.skip("clientfit.cases is not installed")
    anna = login(web_app, "anna")
    worst = anna.get("/portfolio.json?sort=margin&order=asc").json()["clients"][0]
    case_id = open_case(anna, worst["client_id"])
    csrf = csrf_of(anna.get(f"/cases/{case_id}").text)
    key = anna.get(f"/cases/{case_id}.json").json()["steps"][0]["key"]
    assert anna.post(f"/cases/{case_id}/steps/{key}",
                     data={"action": "done"}).status_code == 403  # no CSRF token
    done = anna.post(f"/cases/{case_id}/steps/{key}", data={"action": "done",
                                                           "csrf_token": csrf})
    assert done.status_code == 303
    case = anna.get(f"/cases/{case_id}.json").json()
    assert case["steps"][0]["status"] == "done" and case["state"] == "in_progress"
    assert [e["action"] for e in case["history"]] == ["case.open", "step.done"]
    again = anna.post(f"/clients/{worst['client_id']}/cases", data={"csrf_token": csrf})
    assert again.status_code == 409  # one open case per client
