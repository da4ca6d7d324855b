"""`clientfit users ...` as a user runs it; `serve --help` documents its options."""

from __future__ import annotations

from typer.testing import CliRunner

from clientfit.cli import app
from clientfit.store import open_store
from clientfit.web import auth

runner = CliRunner()


def test_users_add_grant_token_list(tmp_path):
    db = f"sqlite:///{tmp_path / 'cf.db'}"
    added = runner.invoke(app, ["users", "add", "anna", "--staff", "S1", "--locale", "pl",
                                "--db", db], env={"CLIENTFIT_PASSWORD": "anna-pass-123"})
    assert added.exit_code == 0, added.output
    assert "Added manager 'anna' (staff S1)" in added.output
    prompted = runner.invoke(app, ["users", "add", "boss", "--role", "admin", "--db", db],
                             input="boss-pass-123\nboss-pass-123\n")
    assert prompted.exit_code == 0, prompted.output
    store = open_store(db)
    assert auth.authenticate(store, "boss", "boss-pass-123").is_admin
    assert auth.authenticate(store, "anna", "anna-pass-123").locale == "pl"

    granted = runner.invoke(app, ["users", "grant", "anna", "--client", "C7", "--db", db])
    assert granted.exit_code == 0 and "client C7" in granted.output
    token = runner.invoke(app, ["users", "token", "anna", "--db", db])
    assert token.exit_code == 0
    assert auth.user_for_token(store, token.output.strip()).username == "anna"
    listed = runner.invoke(app, ["users", "list", "--db", db])
    assert "anna\tmanager\tS1\tpl" in listed.output and "argon2" not in listed.output

    bad = runner.invoke(app, ["users", "add", "x", "--role", "owner", "--db", db],
                        env={"CLIENTFIT_PASSWORD": "long-enough"})
    assert bad.exit_code != 0


def test_serve_help_lists_its_options():
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--demo-login"):
        assert option in result.output


def test_users_disable_enable_set_password_revoke(tmp_path):
    db = f"sqlite:///{tmp_path / 'cf.db'}"
    for name, role in (("boss", "admin"), ("anna", "manager")):
        added = runner.invoke(app, ["users", "add", name, "--role", role, "--staff", "S1",
                                    "--db", db], env={"CLIENTFIT_PASSWORD": "first-pass-1"})
        assert added.exit_code == 0, added.output
    store = open_store(db)
    token = auth.create_token(store, "anna")

    disabled = runner.invoke(app, ["users", "disable", "anna", "--db", db])
    assert disabled.exit_code == 0 and "Disabled 'anna'" in disabled.output
    assert auth.user_for_token(store, token) is None
    assert "anna\tmanager\tS1\ten\tdisabled" in runner.invoke(
        app, ["users", "list", "--db", db]).output
    last_admin = runner.invoke(app, ["users", "disable", "boss", "--db", db])
    assert last_admin.exit_code != 0 and "last enabled admin" in str(last_admin.exception)
    assert runner.invoke(app, ["users", "enable", "anna", "--db", db]).exit_code == 0
    assert auth.user_for_token(store, token).username == "anna"

    # from standard input (scripts), or asked for twice with the input hidden
    piped = runner.invoke(app, ["users", "set-password", "anna", "--stdin", "--db", db],
                          input="piped-pass-123\n")
    assert piped.exit_code == 0, piped.output
    assert "piped-pass-123" not in piped.output
    assert auth.authenticate(store, "anna", "piped-pass-123") is not None
    asked = runner.invoke(app, ["users", "set-password", "anna", "--db", db],
                          input="asked-pass-123\nasked-pass-123\n")
    assert asked.exit_code == 0 and "asked-pass-123" not in asked.output
    assert auth.authenticate(store, "anna", "asked-pass-123") is not None
    assert auth.authenticate(store, "anna", "piped-pass-123") is None
    short = runner.invoke(app, ["users", "set-password", "anna", "--stdin", "--db", db],
                          input="short\n")
    assert short.exit_code != 0 and "at least 8" in str(short.exception)
    # there is no way to pass the secret as an argument
    argv = runner.invoke(app, ["users", "set-password", "anna", "argv-pass-123", "--db", db])
    assert argv.exit_code != 0
    assert auth.authenticate(store, "anna", "argv-pass-123") is None

    runner.invoke(app, ["users", "grant", "anna", "--staff", "S2", "--db", db])
    revoked = runner.invoke(app, ["users", "revoke", "anna", "--staff", "S2", "--db", db])
    assert revoked.exit_code == 0 and "Revoked staff S2" in revoked.output
    assert auth.load_user(store, auth.authenticate(store, "anna", "asked-pass-123")
                          .user_id).grants == frozenset()
    store.dispose()
