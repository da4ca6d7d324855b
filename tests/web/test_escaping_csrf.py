"""User-supplied text renders inert; state-changing requests need the session's CSRF token."""

from __future__ import annotations

from clientfit.store import decisions
from tests.web.conftest import PROBE_IMG, PROBE_SCRIPT, csrf_of, login, make_client

RAW = (PROBE_SCRIPT, PROBE_IMG, "<img src=x")


def assert_inert(html: str) -> None:
    for raw in RAW:
        assert raw not in html
    assert "<script>alert" not in html


def test_probe_client_name_is_escaped_on_every_page(shared_app, web_demo):
    admin = login(shared_app, "admin")
    portfolio = admin.get("/portfolio?q=script")
    assert portfolio.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in portfolio.text
    assert_inert(portfolio.text)
    page = admin.get(f"/clients/{web_demo.probe_client}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert_inert(page.text)
    # the JSON twin carries the name as data, exactly as stored
    twin = admin.get(f"/clients/{web_demo.probe_client}.json").json()
    assert twin["client"]["name"] == PROBE_SCRIPT


def test_probe_message_is_escaped_and_still_highlighted(shared_app, web_demo):
    admin = login(shared_app, "admin")
    page = admin.get(f"/clients/{web_demo.probe_message_client}")
    assert page.status_code == 200
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert_inert(page.text)
    messages = admin.get(f"/clients/{web_demo.probe_message_client}.json").json()["messages"]
    probe = next(m for m in messages if m["body"].startswith(PROBE_IMG))
    if probe["analysis"] is not None:  # text analysis installed: triggering words marked
        assert "unacceptable" in probe["analysis"]["phrases"]
        assert "<mark>unacceptable</mark>" in page.text


def test_highlight_escapes_text_and_phrases():
    from clientfit.web.render import highlight

    marked = str(highlight('<b>x</b> call your MANAGER "now"', ["call your manager", "<b>"]))
    assert marked == ('<mark>&lt;b&gt;</mark>x&lt;/b&gt; <mark>call your MANAGER</mark> '
                      '&#34;now&#34;')
    assert str(highlight("Agnieszka: nie teraz", ["nie"])) == "Agnieszka: <mark>nie</mark> teraz"


def test_a_quoted_sentence_does_not_hide_the_trigger_words_inside_it():
    from clientfit.web.messages import finest

    assert finest({"This is Unacceptable.", "unacceptable", "call your manager",
                   "Nothing else here.", " "}) == [
        "Nothing else here.", "call your manager", "unacceptable"]


def test_override_without_csrf_token_is_refused(web_app, web_demo):
    admin = login(web_app, "admin")
    url = f"/clients/{web_demo.own_client}/override"
    refused = admin.post(url, data={"decision": "RELEASE", "reason": "no token"})
    assert refused.status_code == 403
    wrong = admin.post(url, data={"decision": "RELEASE", "reason": "bad token",
                                  "csrf_token": "forged"})
    assert wrong.status_code == 403
    with web_app.state.web.store.reading() as connection:
        assert decisions.audit_entries(connection, "client", web_demo.own_client) == []
    token = csrf_of(admin.get(f"/clients/{web_demo.own_client}").text)
    accepted = admin.post(url, data={"decision": "RELEASE", "reason": "chronic loss",
                                     "csrf_token": token})
    assert accepted.status_code == 303
    twin = admin.get(f"/clients/{web_demo.own_client}.json").json()
    assert twin["assessment"]["effective_decision"] == "RELEASE"
    assert twin["assessment"]["override"]["reason"] == "chronic loss"
    assert twin["assessment"]["override"]["actor"] == "admin"
    assert [e["action"] for e in twin["audit"]] == ["override.set"]


def test_every_form_posts_its_csrf_token(shared_app, web_demo):
    admin = login(shared_app, "admin")
    for url in ("/portfolio", f"/clients/{web_demo.own_client}", "/login", "/import",
                "/admin/users", "/account/password"):
        html = admin.get(url).text if url != "/login" else make_client(shared_app).get(url).text
        forms = html.count('method="post"')
        assert forms >= 1
        assert html.count('name="csrf_token"') >= forms, url


def test_user_names_and_grants_are_escaped_on_the_users_page(web_app):
    from clientfit.web import auth

    store = web_app.state.web.store
    auth.create_user(store, "probe", "probe-pass-123", role="manager", staff_id=PROBE_IMG,
                     display_name=PROBE_SCRIPT)
    auth.grant(store, "probe", "client", PROBE_IMG)
    html = login(web_app, "admin").get("/admin/users").text
    assert PROBE_SCRIPT not in html and PROBE_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    notice = login(web_app, "admin").get("/admin/users", params={"saved": "grant",
                                                                 "who": PROBE_SCRIPT}).text
    assert_inert(notice)


def test_login_language_logout_and_api_writes_need_the_token(shared_app, web_demo):
    anonymous = make_client(shared_app)
    anonymous.get("/login")
    assert anonymous.post("/login", data={"username": "admin",
                                          "password": "admin-pass-123"}).status_code == 403
    admin = login(shared_app, "admin")
    assert admin.post("/language", data={"lang": "pl"}).status_code == 403
    assert admin.post("/logout", data={}).status_code == 403
    api = admin.post(f"/api/clients/{web_demo.own_client}/override/revoke",
                     json={"reason": "no header"})
    assert api.status_code == 403
    assert admin.get("/portfolio").status_code == 200  # still logged in, nothing changed


def test_pages_forbid_inline_and_foreign_scripts(shared_app):
    admin = login(shared_app, "admin")
    response = admin.get("/portfolio")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "onchange=" not in response.text and "<script>" not in response.text
    for src in ("/static/htmx-2.0.11.min.js", "/static/app.js", "/static/app.css"):
        assert src in response.text and admin.get(src).status_code == 200
    assert "cdn" not in response.text.lower()
