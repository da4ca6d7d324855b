"""The case commands as a script uses them: --json everywhere, the case id among the fields."""

from __future__ import annotations

import email
import email.policy
import json

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from clientfit import service
from clientfit.cli import app
from clientfit.errors import InvalidTransition
from clientfit.store import open_store
from tests.playbooks.small import small_bundle

pytestmark = pytest.mark.slow  # real stores and an assessment per test

runner = CliRunner()


@pytest.fixture
def db(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, small_bundle(tmp_path / "bundle"))
    store.dispose()
    return db_url


def run(*args: str) -> dict:
    result = runner.invoke(app, [*args], env={"CLIENTFIT_USER": "anna"})
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def test_case_commands_end_to_end_with_json(db, tmp_path):
    opened = run("case", "open", "C2", "--playbook", "renegotiate", "--start", "2026-07-01",
                 "--contact-email", "cfo@client2.example", "--db", db, "--json")
    case_id = opened["case_id"]
    assert opened["playbook"] == "RENEGOTIATE" and opened["opened_by"] == "anna"
    assert opened["language"] == "en" and opened["state"] == "open"
    listed = run("cases", "--db", db, "--json", "--today", "2026-07-04")
    assert [c["case_id"] for c in listed["cases"]] == [case_id]
    assert [o["step"] for o in listed["overdue"]] == ["prepare_facts"]

    shown = run("case", "step", str(case_id), "prepare_facts", "--done", "--db", db, "--json")
    assert shown["state"] == "in_progress"
    assert shown["steps"][0]["status"] == "done" and shown["steps"][0]["changed_by"] == "anna"
    refused = runner.invoke(app, ["case", "step", str(case_id), "proposal", "--skip",
                                  "--db", db, "--json"])
    assert refused.exit_code != 0 and isinstance(refused.exception, InvalidTransition)
    run("case", "step", str(case_id), "proposal", "--skip", "--reason", "sent in person",
        "--db", db, "--json")
    noted = run("case", "note", str(case_id), "CFO wants option 2", "--db", db, "--json")
    assert noted["notes"][0]["text"] == "CFO wants option 2"

    exported = run("case", "export", str(case_id), "--out", str(tmp_path / "out"), "--db", db,
                   "--json")
    assert exported["case_id"] == case_id and len(exported["drafts"]) == 2
    proposal = next(p for p in exported["drafts"] if p.endswith("proposal.eml"))
    with open(proposal, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "cfo@client2.example"
    with open(exported["calendar"], "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    assert len(calendar.walk("VEVENT")) == len(opened["steps"])

    closed = runner.invoke(app, ["case", "close", str(case_id), "--outcome", "agreed",
                                 "--db", db, "--json"])
    assert isinstance(closed.exception, InvalidTransition)
    assert "meeting" in str(closed.exception)
    closed = run("case", "close", str(case_id), "--outcome", "agreed", "--reason",
                 "agreed by phone, no meeting needed", "--db", db, "--json")
    assert closed["state"] == "closed" and closed["outcome"] == "agreed"
    history = run("case", "show", str(case_id), "--history", "--db", db, "--json")["history"]
    assert [e["action"] for e in history] == [
        "case.open", "step.done", "step.skipped", "case.note", "case.close"]
    assert history[2]["reason"] == "sent in person"
    assert run("cases", "--db", db, "--json")["cases"] == []
    assert len(run("cases", "--all", "--db", db, "--json")["cases"]) == 1


def test_case_show_prints_a_table(db):
    case_id = run("case", "open", "C1", "--playbook", "keep", "--db", db, "--json")["case_id"]
    result = runner.invoke(app, ["case", "show", str(case_id), "--db", db])
    assert result.exit_code == 0, result.output
    assert "KEEP" in result.output and "yearly_review" in result.output
    assert "Proaktywny kontakt" in result.output  # C1 is a Polish client


def test_case_erase_and_referral_from_the_command_line(db, tmp_path):
    opened = run("case", "open", "C1", "--playbook", "release", "--start", "2026-07-01",
                 "--end-date", "2026-08-31", "--db", db, "--json")
    case_id = opened["case_id"]
    erase = next(s for s in opened["steps"] if s["key"] == "erase_personal_data")
    assert erase["due_date"] == "2026-09-30"  # 30 days after the end date given
    early = runner.invoke(app, ["case", "erase", str(case_id), "--export", str(tmp_path),
                                "--today", "2026-09-29", "--db", db])
    assert isinstance(early.exception, InvalidTransition)
    erased = run("case", "erase", str(case_id), "--export", str(tmp_path / "gdpr"),
                 "--today", "2026-09-30", "--db", db, "--json")
    assert erased["rows"]["messages"] == 6 and erased["case_id"] == case_id
    referred = run("case", "referral", str(case_id), "Nowy Klient S.A.", "--db", db, "--json")
    assert [r["referred"] for r in referred["referrals"]] == ["Nowy Klient S.A."]
