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
