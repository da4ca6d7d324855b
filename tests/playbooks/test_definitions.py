"""Playbook files: every shipped one loads and renders in both languages; broken ones fail
with plain messages."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from clientfit.domain import Decision
from clientfit.playbooks import LANGUAGES, PlaybookError, available_playbooks, load_playbook
from clientfit.playbooks.context import money, number, percent
from clientfit.playbooks.definitions import TEMPLATES_DIR, load_playbook_file
from clientfit.playbooks.drafts import render_step
from clientfit.playbooks.machine import Case, Step

START = date(2026, 7, 1)


def test_every_decision_but_watch_has_a_playbook():
    assert set(available_playbooks()) == set(Decision) - {Decision.WATCH}
    with pytest.raises(PlaybookError, match="WATCH has none"):
        load_playbook("WATCH")


def fake_case(playbook, language: str) -> Case:
    end = START.fromordinal(START.toordinal() + (playbook.end_after_days or 0)) \
        if playbook.end_after_days else None
    steps = tuple(
        Step(step_id=n, key=key, title=spec.title[language], owner="S1", due_date=due,
             required=spec.required, group=spec.group, draft=spec.draft,
             audience=spec.audience, status="pending")
        for n, (spec, key, due) in enumerate(playbook.expanded_steps(START, end), start=1))
    return Case(case_id=1, client_id="C1", client_name="Żuraw Sp. z o.o.",
                playbook=playbook.decision.value, playbook_version=1, language=language,
                state="open", owner="S1", colleague="S2", opened_at=None, opened_by="a",
                start_date=START, end_date=end, decision=None, snapshot=None,
                contact_name=None, contact_email=None, outcome=None, closed_at=None,
                closed_by=None, close_reason=None, erased_at=None, steps=steps)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("decision", [d for d in Decision if d is not Decision.WATCH])
def test_every_draft_renders_without_a_snapshot(decision, language):
    playbook = load_playbook(decision)
    assert "withdrawn" in playbook.outcomes
    case = fake_case(playbook, language)
    staff = {"S1": {"staff_id": "S1", "name": "Anna", "email": "anna@x.example"},
             "S2": {"staff_id": "S2", "name": "Ben", "email": None}}
    drafted = [render_step(case, s, staff) for s in case.steps if s.draft]
    assert drafted
    for draft in drafted:
        assert draft.subject and "\n" not in draft.subject
        assert "{{" not in draft.body and "[[" not in draft.body
        if draft.audience == "client":
            assert draft.body.startswith({"en": "Dear ", "pl": "Dzień dobry"}[language])


def test_release_plans_updates_every_two_weeks_until_the_end():
    playbook = load_playbook("RELEASE")
    end = date(2026, 8, 30)
    rows = playbook.expanded_steps(START, end)
    updates = [(key, due) for _spec, key, due in rows if key.startswith("update_")]
    assert updates == [("update_1", date(2026, 7, 15)), ("update_2", date(2026, 7, 29)),
                       ("update_3", date(2026, 8, 12)), ("update_4", date(2026, 8, 26))]
    due = {key: due for _spec, key, due in rows}
    assert due["final_invoice"] == end and due["referral_follow_up"] == date(2026, 12, 28)
    assert due["export_personal_data"] <= due["erase_personal_data"]
    handover = {spec.key for spec in playbook.steps if spec.group == "handover"}
    assert handover == {"deliverables", "handover_data", "final_invoice"}
    assert all(spec.required for spec in playbook.steps if spec.group == "handover")


@pytest.mark.parametrize(("edit", "message"), [
    (('title.pl = "Wyślij ankietę na zakończenie"\n', ""), "needs exactly the languages en, pl"),
    (('due = "end+3"', 'due = "tomorrow"'), "must look like 'start\\+3'"),
    (('owner = "finance"', 'owner = "intern"'), "valid: owner, colleague, finance, manager"),
    (('draft = "release_exit_survey"', 'draft = "missing_template"'),
     "no draft template en/missing_template.txt.j2"),
    (('decision = "RELEASE"', 'decision = "FIRE"'), "valid: KEEP, RESET"),
])
def test_broken_playbook_files_fail_with_plain_messages(tmp_path, edit, message):
    shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    path = tmp_path / "templates" / "release.toml"
    text = path.read_text(encoding="utf-8")
    old, new = edit
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PlaybookError, match=message):
        load_playbook_file(path)


def test_edited_copy_of_the_templates_is_used(tmp_path):
    shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    path = tmp_path / "templates" / "keep.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("every_days = 91",
                                                             "every_days = 30"),
                    encoding="utf-8")
    playbook = load_playbook("KEEP", tmp_path / "templates")
    check_ins = [k for _s, k, _d in playbook.expanded_steps(START, date(2027, 7, 1))
                 if k.startswith("check_in")]
    assert len(check_ins) == 12


def test_number_formats_follow_the_language():
    assert money(123456789, "EUR", "en") == "EUR 1,234,567.89"
    assert money(-123456789, "PLN", "pl") == "-1\u00a0234\u00a0567,89\u00a0PLN"
    assert percent(0.5644, "pl") == "56,4%" and percent(0.5644, "en") == "56.4%"
    assert number(1234.5, "pl") == "1\u00a0234,5"


def test_reassign_takes_the_colleague_the_attribution_model_proposes():
    from clientfit.cases import _proposed_colleague

    snapshot = {"assessment": {"reasons": [
        {"code": "PAIR_FRICTION", "metrics": {"staff_id": "S5"}},
        {"code": "BEST_FIT_COLLEAGUE", "metrics": {"staff_id": "S4"}}]}}
    assert _proposed_colleague(snapshot) == "S4"
    assert _proposed_colleague({"assessment": {"reasons": []}}) is None
    assert _proposed_colleague(None) is None


def test_every_step_outcome_and_command_is_documented():
    from pathlib import Path

    from typer.testing import CliRunner

    from clientfit.cli import app

    docs = (Path(__file__).parents[2] / "docs" / "playbooks.md").read_text(encoding="utf-8")
    for decision in available_playbooks():
        playbook = load_playbook(decision)
        for spec in playbook.steps:
            assert spec.key in docs, f"{decision.value} step {spec.key} is not in the docs"
    commands = ["open", "show", "step", "note", "close", "reopen", "referral", "export", "erase"]
    for command in commands:
        assert f"clientfit case {command}" in docs
        result = CliRunner().invoke(app, ["case", command, "--help"])
        assert result.exit_code == 0 and "--json" in result.output
    assert "--json" in CliRunner().invoke(app, ["cases", "--help"]).output


def test_every_reason_code_has_a_polish_description_in_the_drafts():
    from clientfit.assessment.reasons import REASON_CODES

    text = (TEMPLATES_DIR / "pl" / "_common.txt.j2").read_text(encoding="utf-8")
    missing = [code for code in REASON_CODES if f'reason.code == "{code}"' not in text]
    assert missing == [], "add these codes to the `opis` macro in templates/pl/_common.txt.j2"
