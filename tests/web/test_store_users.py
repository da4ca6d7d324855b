"""The web app's store modules on SQLite and PostgreSQL: users, grants, tokens, reads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clientfit import service
from clientfit.errors import ClientfitError
from clientfit.store import open_store, web_reads
from clientfit.store import users as user_store
from clientfit.store.decisions import audit_entries, now_utc
from clientfit.web import auth
from tests.bundles import client, write_bundle


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    write_bundle(
        tmp_path / "b",
        clients=[client("C1"), client("C2", owner_staff_id="S1")],
        invoices=[{"invoice_id": "I1", "client_id": "C1", "number": "1",
                   "issue_date": "2026-01-10", "due_date": "2026-02-10", "amount": "100.00",
                   "currency": "EUR"}],
        payments=[{"payment_id": "P1", "invoice_id": "I1", "paid_on": "2026-02-01",
                   "amount": "100.00", "currency": "EUR"}],
        time_entries=[{"entry_id": "T1", "client_id": "C1", "staff_id": "S1",
                       "date": "2026-01-05", "hours": "1.5", "billable": "true"}],
    )
    service.import_bundle(store, tmp_path / "b")
    yield store
    store.dispose()


def test_users_grants_and_tokens(store):
    user_id = auth.create_user(store, "anna", "long-enough", role="manager", staff_id="S9")
    with pytest.raises(ClientfitError, match="already exists"):
        auth.create_user(store, "anna", "long-enough", role="manager", staff_id="S9")
    with pytest.raises(ClientfitError, match="needs at least 8"):
        auth.create_user(store, "bob", "short", role="admin")
    with pytest.raises(ClientfitError, match="give --staff"):
        auth.create_user(store, "bob", "long-enough", role="manager")
    assert auth.authenticate(store, "anna", "wrong-one") is None
    anna = auth.authenticate(store, "anna", "long-enough")
    assert anna is not None and anna.user_id == user_id
    assert not anna.can_see("C1", "S1")
    auth.grant(store, "anna", "staff", "S1")
    auth.grant(store, "anna", "staff", "S1")  # twice is once
    anna = auth.load_user(store, user_id)
    assert anna.can_see("C1", "S1") and anna.grants == frozenset({("staff", "S1")})
    token = auth.create_token(store, "anna", label="ci")
    assert auth.user_for_token(store, token).username == "anna"
    assert auth.user_for_token(store, token + "x") is None
    with store.reading() as connection:
        row = user_store.user_by_name(connection, "anna")
        assert row["password_hash"].startswith("$argon2id$")
        assert "long-enough" not in row["password_hash"]
        actions = [e["action"] for e in audit_entries(connection, "user")]
    assert actions == ["user.add", "user.grant", "token.add"]


def test_expired_tokens_are_refused(store):
    auth.create_user(store, "ops", "long-enough", role="admin")
    with store.transaction() as connection:
        user_id = user_store.user_by_name(connection, "ops")["user_id"]
        user_store.add_token(connection, user_id=user_id, token_hash=auth.hash_token("old"),
                             label="old", expires_at=now_utc() - timedelta(days=1), actor="t")
    assert auth.user_for_token(store, "old") is None


def test_web_reads(store):
    with store.reading() as connection:
        before = web_reads.data_version(connection)
        monthly = web_reads.client_monthly(connection, "C1")
        assert web_reads.client_row(connection, "C1")["owner_staff_id"] == "S1"
        assert web_reads.client_row(connection, "NOPE") is None
    assert [m["month"] for m in monthly] == ["2026-01", "2026-02"]
    assert monthly[0]["invoiced_minor"] == 10000 and monthly[0]["minutes"] == 90
    assert monthly[0]["cost_minor"] == 9000  # 1.5 h at 60.00
    assert monthly[1]["collected_minor"] == 10000
    service.override_decision(store, "C1", "WATCH", reason="new data soon", actor="t")
    with store.reading() as connection:
        after = web_reads.data_version(connection)
    assert after != before and after[0] == before[0]  # an override, not an import


def test_the_app_on_each_engine(store, db_url):
    from clientfit.web import Settings, create_app
    from tests.web.conftest import csrf_of, make_client

    auth.create_user(store, "admin", "admin-pass-123", role="admin")
    app = create_app(db_url, Settings(secret_key="engines"))
    client = make_client(app)
    page = client.get("/login")
    client.post("/login", data={"username": "admin", "password": "admin-pass-123",
                                "csrf_token": csrf_of(page.text)})
    rows = client.get("/portfolio.json").json()["clients"]
    assert {r["client_id"] for r in rows} == {"C1", "C2"}
    html = client.get("/clients/C1").text
    assert client.get("/clients/C1.json").json()["monthly"][0]["invoiced_minor"] == 10000
    saved = client.post("/clients/C1/override", data={"decision": "RELEASE", "reason": "engine",
                                                      "csrf_token": csrf_of(html)})
    assert saved.status_code == 303
    row = next(r for r in client.get("/portfolio.json").json()["clients"]
               if r["client_id"] == "C1")
    assert row["decision"] == "RELEASE" and row["overridden"]
    assert client.get("/portfolio/charts/whale.svg").text.startswith("<svg")


def test_disable_enable_passwords_and_revoking_grants(store):
    auth.create_user(store, "boss", "boss-pass-123", role="admin")
    anna_id = auth.create_user(store, "anna", "anna-pass-123", role="manager", staff_id="S9")
    token = auth.create_token(store, "anna")
    auth.set_disabled(store, "anna", True, actor="boss")
    auth.set_disabled(store, "anna", True, actor="boss")  # twice is once
    assert auth.load_user(store, anna_id) is None
    assert auth.authenticate(store, "anna", "anna-pass-123") is None
    assert auth.user_for_token(store, token) is None
    listed = {u["username"]: u for u in auth.list_users(store)}
    assert listed["anna"]["disabled_at"] is not None and "password_hash" not in listed["anna"]
    auth.set_disabled(store, "anna", False, actor="boss")
    assert auth.user_for_token(store, token).username == "anna"
    with pytest.raises(ClientfitError, match="last enabled admin"):
        auth.set_disabled(store, "boss", True)
    with pytest.raises(ClientfitError, match="no user"):
        auth.set_disabled(store, "nobody", True)

    auth.set_password(store, "anna", "a-new-secret", actor="boss")
    assert auth.authenticate(store, "anna", "anna-pass-123") is None
    anna = auth.authenticate(store, "anna", "a-new-secret")
    with pytest.raises(auth.PasswordRejected, match="not right") as wrong:
        auth.change_own_password(store, anna, "anna-pass-123", "whatever-123")
    assert wrong.value.code == "wrong_current"
    with pytest.raises(auth.PasswordRejected) as short:
        auth.change_own_password(store, anna, "a-new-secret", "short")
    assert short.value.code == "too_short"
    with pytest.raises(auth.PasswordRejected) as same:
        auth.change_own_password(store, anna, "a-new-secret", "a-new-secret")
    assert same.value.code == "same"
    auth.change_own_password(store, anna, "a-new-secret", "mine-only-123")
    assert auth.authenticate(store, "anna", "mine-only-123") is not None

    auth.grant(store, "anna", "staff", "S1")
    granted = {u["username"]: u["grants"] for u in auth.list_users(store)}
    assert granted == {"anna": [("staff", "S1")], "boss": []}
    assert auth.revoke_grant(store, "anna", "staff", "S1", actor="boss") is True
    assert auth.revoke_grant(store, "anna", "staff", "S1") is False
    assert auth.load_user(store, anna_id).grants == frozenset()
    with pytest.raises(ClientfitError, match="unknown grant"):
        auth.revoke_grant(store, "anna", "team", "S1")
    with store.reading() as connection:
        actions = [e["action"] for e in audit_entries(connection, "user")]
        row = user_store.user_by_name(connection, "anna")
    assert "mine-only-123" not in row["password_hash"]
    assert actions == ["user.add", "user.add", "token.add", "user.disable", "user.enable",
                       "user.password", "user.password", "user.grant", "user.revoke"]
