"""Overrides: recorded with a reason and an actor, shown in the next assessment, audited."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clientfit import service
from clientfit.cli import app
from clientfit.domain import Decision
from clientfit.errors import ClientfitError, NotFound
from clientfit.store import decisions, open_store
from tests.bundles import client, write_bundle


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    invoices = [{"invoice_id": f"I{n}", "client_id": "C1", "number": str(n),
                 "issue_date": f"2025-0{n}-01", "due_date": f"2025-0{n}-15",
                 "amount": "1000.00", "currency": "EUR"} for n in range(1, 5)]
    service.import_bundle(store, write_bundle(tmp_path / "b", clients=[client("C1")],
                                              invoices=invoices))
    return store


def test_override_shows_in_next_assessment_and_audit_log(store):
    computed = service.assess(store).assessments[0]
    service.override_decision(store, "C1", "release", reason="Owner met them; values clash",
                              actor="anna", computed=computed.decision)
    again = service.assess(store).assessments[0]
    assert again.decision == computed.decision  # the computed decision is kept as it was
    assert again.override.decision is Decision.RELEASE
    assert again.effective_decision is Decision.RELEASE
    assert again.override.reason == "Owner met them; values clash"
    with store.reading() as connection:
        log = decisions.audit_entries(connection, "client", "C1")
    assert [e["action"] for e in log] == ["override.set"]
    assert log[0]["actor"] == "anna" and log[0]["details"]["decision"] == "RELEASE"


def test_new_override_replaces_old_and_revoke_is_audited(store):
    service.override_decision(store, "C1", "KEEP", reason="first", actor="anna")
    service.override_decision(store, "C1", "WATCH", reason="second", actor="ben")
    assert service.assess(store).assessments[0].override.decision is Decision.WATCH
    assert service.revoke_override(store, "C1", reason="data fixed", actor="anna") == 1
    assert service.assess(store).assessments[0].override is None
    with store.reading() as connection:
        actions = [e["action"] for e in decisions.audit_entries(connection, "client", "C1")]
    assert actions == ["override.set", "override.revoke", "override.set", "override.revoke"]


def test_override_needs_reason_valid_decision_and_known_client(store):
    with pytest.raises(ClientfitError, match="needs a reason"):
        service.override_decision(store, "C1", "KEEP", reason="  ", actor="anna")
    with pytest.raises(ClientfitError, match="valid: KEEP, RESET"):
        service.override_decision(store, "C1", "FIRE", reason="x", actor="anna")
    with pytest.raises(NotFound):
        service.override_decision(store, "C404", "KEEP", reason="x", actor="anna")


def test_override_from_cli_appears_in_json(store):
    runner = CliRunner()
    url = store.url
    result = runner.invoke(app, ["override", "C1", "renegotiate", "--reason", "scope grew",
                                 "--actor", "anna", "--db", url])
    assert result.exit_code == 0, result.output
    document = json.loads(runner.invoke(app, ["assess", "--db", url, "--json"]).output)
    entry = document["clients"][0]
    assert entry["effective_decision"] == "RENEGOTIATE"
    assert entry["override"]["reason"] == "scope grew"
