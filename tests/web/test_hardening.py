"""Issue 16 req. 6: login throttling per account and per address (exponential back-off, audit
logged, no user enumeration); --secure-cookies adds HSTS and a Secure cookie;
Permissions-Policy; one Vary header."""

from __future__ import annotations

from clientfit.store import open_store
from clientfit.store.decisions import audit_entries
from clientfit.web import Settings, create_app
from clientfit.web.throttle import LoginThrottle
from tests.web.conftest import PASSWORDS, csrf_of, login, make_client


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_back_off_doubles_per_account_after_the_free_failures():
    clock = Clock()
    throttle = LoginThrottle(free_per_account=3, free_per_address=100, clock=clock)
    waits = [throttle.failed("Anna", "10.0.0.1") for _ in range(6)]
    assert waits == [0, 0, 0, 1, 2, 4]
    assert throttle.check("anna ", "10.0.0.2").wait_seconds == 4  # the account, any address
    assert throttle.check("other", "10.0.0.1").wait_seconds == 0
    clock.now += 4
    assert throttle.check("anna", "10.0.0.1").wait_seconds == 0
    throttle.succeeded("ANNA")
    assert throttle.failed("anna", "10.0.0.1") == 0  # a success starts the account again


def test_an_address_guessing_many_accounts_is_slowed_down_and_capped():
    clock = Clock()
    throttle = LoginThrottle(free_per_account=5, free_per_address=4, cap_seconds=60, clock=clock)
    waits = [throttle.failed(f"user{i}", "10.0.0.9") for i in range(12)]
    assert waits[:4] == [0, 0, 0, 0] and waits[4:8] == [1, 2, 4, 8] and waits[-1] == 60
    verdict = throttle.check("someone-new", "10.0.0.9")
    assert verdict.wait_seconds == 60 and verdict.key == "address" and verdict.first_refusal
    assert not throttle.check("someone-new", "10.0.0.9").first_refusal  # logged once per lock
    clock.now += 3601
    assert throttle.check("someone-new", "10.0.0.9").wait_seconds == 0


def _try(client, username: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_of(page.text), "next": "/"})


def test_the_login_form_throttles_the_same_way_for_real_and_unknown_accounts(web_app,
                                                                              web_db_url):
    web_app.state.web.logins = LoginThrottle(base_seconds=60)  # no race with a slow machine
    client = make_client(web_app)
    answers = {}
    for username in ("anna", "nobody-here"):
        codes = [_try(client, username, "wrong-password").status_code for _ in range(6)]
        refused = _try(client, username, PASSWORDS.get(username, "x"))
        answers[username] = (codes, refused.status_code, refused.headers.get("retry-after"))
        assert "Too many failed logins" in refused.text
        assert "Wrong username or password" not in refused.text
    # five free failures, the sixth locks the account for a minute, then 429 before checking
    assert answers["anna"] == answers["nobody-here"] == ([401] * 6, 429, "60")
    # the other accounts are untouched; a wrong password never says which part was wrong
    assert login(web_app, "tomasz").get("/portfolio").status_code == 200
    store = open_store(web_db_url)
    with store.reading() as connection:
        entries = audit_entries(connection, subject_kind="login")
    actions = [(e["action"], e["subject_id"]) for e in entries]
    assert actions.count(("login.failed", "anna")) == 6
    assert actions.count(("login.throttled", "anna")) == 1
    assert entries[0]["details"]["address"] == "testclient"


def test_security_headers_one_vary_and_no_hsts_without_https(web_app):
    admin = login(web_app, "admin")
    for path in ("/portfolio", "/portfolio.json", "/login", "/api/clients", "/static/app.css"):
        response = admin.get(path)
        assert "camera=()" in response.headers["permissions-policy"], path
        assert len(response.headers.get_list("vary")) <= 1, path
        assert "strict-transport-security" not in response.headers, path
    vary = admin.get("/portfolio").headers["vary"]
    fields = [f.strip().lower() for f in vary.split(",")]
    assert len(fields) == len(set(fields)) and "cookie" in fields


def test_secure_cookies_mark_the_session_cookie_and_add_hsts(web_db_url):
    app = create_app(web_db_url, Settings(secret_key="test-secret", secure_cookies=True))
    client = make_client(app)
    client.base_url = "https://testserver"
    page = client.get("https://testserver/login")
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")
    assert "secure" in page.headers["set-cookie"].lower()
