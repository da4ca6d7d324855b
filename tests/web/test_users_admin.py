"""The users admin page, grants given in the browser, disabling a user (their session stops
at once), and everyone's own password form."""

from __future__ import annotations

from clientfit.store import decisions
from tests.web.conftest import PASSWORDS, csrf_of, login, make_client


def test_admin_lists_users_and_managers_are_refused(shared_app):
    admin, anna = login(shared_app, "admin"), login(shared_app, "anna")
    data = admin.get("/admin/users.json").json()
    users = {u["username"]: u for u in data["users"]}
    assert set(users) == {"admin", "anna", "tomasz"}
    assert users["tomasz"]["staff_id"] == "S2" and users["tomasz"]["disabled_at"] is None
    assert all("password_hash" not in u for u in data["users"])
    assert {s["staff_id"] for s in data["staff"]} >= {"S1", "S2"}
    html = admin.get("/admin/users").text
    assert 'data-username="tomasz"' in html and 'href="/admin/users"' in html
    # a manager: 403 on every admin route, like the import page (docs/web.md); no link shown
    csrf = csrf_of(anna.get("/portfolio").text)
    assert 'href="/admin/users"' not in anna.get("/portfolio").text
    for path in ("/admin/users", "/admin/users.json"):
        assert anna.get(path).status_code == 403, path
    for action, form in (("grant", {"kind": "staff", "value": "S2"}),
                         ("revoke", {"kind": "staff", "value": "S2"}), ("disable", {}),
                         ("enable", {}), ("password", {"password": "taken-over-1"})):
        response = anna.post(f"/admin/users/anna/{action}", data={**form, "csrf_token": csrf})
        assert response.status_code == 403, action
    assert login(shared_app, "anna")  # her password was not changed
    assert make_client(shared_app).get("/admin/users").status_code == 303  # to /login


def test_grant_lets_a_manager_see_another_managers_clients_until_revoked(web_app, web_demo,
                                                                         admin, anna):
    other = web_demo.other_client
    assert anna.get(f"/clients/{other}").status_code == 404
    csrf = csrf_of(admin.get("/admin/users").text)
    no_token = admin.post("/admin/users/anna/grant", data={"kind": "staff", "value": "S2"})
    assert no_token.status_code == 403 and anna.get(f"/clients/{other}").status_code == 404
    typo = admin.post("/admin/users/anna/grant",
                      data={"kind": "staff", "value": "S-NOPE", "csrf_token": csrf})
    assert typo.status_code == 400
    granted = admin.post("/admin/users/anna/grant",
                         data={"kind": "staff", "value": "S2", "csrf_token": csrf})
    assert granted.status_code == 303
    assert anna.get(f"/clients/{other}").status_code == 200
    owners = {c["owner"]["staff_id"] for c in anna.get("/portfolio.json").json()["clients"]}
    assert owners == {"S1", "S2"}
    users = {u["username"]: u for u in admin.get("/admin/users.json").json()["users"]}
    assert users["anna"]["grants"][0]["kind"] == "staff"
    assert users["anna"]["grants"][0]["value"] == "S2"
    page = admin.get(granted.headers["location"]).text
    assert "Grant added for anna." in page
    revoked = admin.post("/admin/users/anna/revoke",
                         data={"kind": "staff", "value": "S2", "csrf_token": csrf})
    assert revoked.status_code == 303
    assert anna.get(f"/clients/{other}").status_code == 404
    with web_app.state.web.store.reading() as connection:
        actions = [(e["actor"], e["action"]) for e in decisions.audit_entries(connection, "user")]
    assert ("admin", "user.grant") in actions and ("admin", "user.revoke") in actions


def test_a_disabled_users_session_and_token_stop_at_once(web_app, web_demo, admin, tomasz):
    api = make_client(web_app)
    bearer = {"Authorization": f"Bearer {web_demo.token_tomasz}"}
    assert tomasz.get("/portfolio.json").status_code == 200
    assert api.get("/api/me", headers=bearer).status_code == 200
    csrf = csrf_of(admin.get("/admin/users").text)
    assert admin.post("/admin/users/admin/disable",
                      data={"csrf_token": csrf}).status_code == 400  # not yourself
    assert admin.post("/admin/users/tomasz/disable",
                      data={"csrf_token": csrf}).status_code == 303
    # the very next request of his open session is a logged-out one
    assert tomasz.get("/portfolio").status_code == 303
    assert tomasz.get("/portfolio.json").status_code == 401
    assert api.get("/api/me", headers=bearer).status_code == 401
    fresh = make_client(web_app)
    page = fresh.get("/login")
    again = fresh.post("/login", data={
        "username": "tomasz", "password": PASSWORDS["tomasz"], "csrf_token": csrf_of(page.text)})
    assert again.status_code == 401
    listed = {u["username"]: u for u in admin.get("/admin/users.json").json()["users"]}
    assert listed["tomasz"]["disabled_at"] is not None
    assert admin.post("/admin/users/tomasz/enable",
                      data={"csrf_token": csrf}).status_code == 303
    assert login(web_app, "tomasz").get("/portfolio.json").status_code == 200
    assert api.get("/api/me", headers=bearer).status_code == 200


def test_admin_resets_a_password(web_app, admin, anna):
    assert anna.get("/portfolio.json").status_code == 200
    csrf = csrf_of(admin.get("/admin/users").text)
    short = admin.post("/admin/users/anna/password", data={"password": "x", "csrf_token": csrf})
    assert short.status_code == 400
    done = admin.post("/admin/users/anna/password",
                      data={"password": "reset-by-admin-1", "csrf_token": csrf})
    assert done.status_code == 303
    # the session anna opened with her old password ends with the reset
    assert anna.get("/portfolio.json").status_code in (303, 401)
    client = make_client(web_app)
    page = client.get("/login")
    assert client.post("/login", data={"username": "anna", "password": "reset-by-admin-1",
                                       "csrf_token": csrf_of(page.text)}).status_code == 303
    assert client.get("/portfolio.json").status_code == 200


def test_own_password_change(web_app, anna):
    elsewhere = login(web_app, "anna")  # the same user logged in on another device
    assert elsewhere.get("/portfolio.json").status_code == 200
    page = anna.get("/account/password")
    assert page.status_code == 200 and 'id="password-form"' in page.text
    csrf = csrf_of(page.text)

    def change(current: str, new: str, confirm: str | None = None, token: str = csrf):
        return anna.post("/account/password", data={
            "current": current, "new": new, "confirm": confirm or new, "csrf_token": token})

    assert change(PASSWORDS["anna"], "brand-new-pass", token="forged").status_code == 403
    wrong = change("not-my-password", "brand-new-pass")
    assert wrong.status_code == 400 and "The current password is not right." in wrong.text
    mismatch = change(PASSWORDS["anna"], "brand-new-pass", "brand-new-typo")
    assert mismatch.status_code == 400 and "The two new passwords differ." in mismatch.text
    assert change(PASSWORDS["anna"], "short").status_code == 400
    done = change(PASSWORDS["anna"], "brand-new-pass")
    assert done.status_code == 200 and 'id="password-changed"' in done.text
    assert anna.get("/portfolio.json").status_code == 200  # still logged in
    assert elsewhere.get("/portfolio.json").status_code in (303, 401)  # the other session ended
    client = make_client(web_app)
    login_page = client.get("/login")
    old = client.post("/login", data={"username": "anna", "password": PASSWORDS["anna"],
                                      "csrf_token": csrf_of(login_page.text)})
    assert old.status_code == 401
    new = client.post("/login", data={"username": "anna", "password": "brand-new-pass",
                                      "csrf_token": csrf_of(login_page.text)})
    assert new.status_code == 303
    assert make_client(web_app).get("/account/password").status_code == 303  # log in first


def test_polish_password_page(web_app, tomasz):
    html = tomasz.get("/account/password").text
    assert "Zmień hasło" in html and "Obecne hasło" in html
