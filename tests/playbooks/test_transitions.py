"""Invalid transitions are refused with a clear message and change nothing; valid ones are
audited. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from clientfit import cases, service
from clientfit.errors import ClientfitError, InvalidTransition, NotFound
from clientfit.playbooks import PlaybookError
from clientfit.store import open_store
from tests.playbooks.small import small_bundle

pytestmark = pytest.mark.slow  # real stores and an assessment per test

START = date(2026, 7, 1)


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, small_bundle(tmp_path / "bundle"))
    yield store
    store.dispose()


def state_of(store, case_id):
    """Everything a refused change must leave alone: the case, its steps, its audit log."""
    return cases.case_dict(cases.get_case(store, case_id), START), \
        cases.case_history(store, case_id)


def refused(store, case_id, call, match):
    before = state_of(store, case_id)
    with pytest.raises(InvalidTransition, match=match):
        call()
    assert state_of(store, case_id) == before


def test_invalid_step_changes_are_refused_and_change_nothing(store):
    case = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START)
    cid = case.case_id
    refused(store, cid, lambda: cases.skip_step(store, cid, "exit_letter", actor="anna",
                                                reason=" "), "needs a reason")
    refused(store, cid, lambda: cases.complete_step(store, cid, "no_such_step", actor="anna"),
            "has no step 'no_such_step'; its steps: exit_conversation")
    refused(store, cid, lambda: cases.complete_step(store, cid, "erase_personal_data",
                                                    actor="anna"), "clientfit case erase")
    refused(store, cid, lambda: cases.reopen_step(store, cid, "exit_letter", actor="anna",
                                                  reason="why not"), "already pending")
    cases.complete_step(store, cid, "exit_letter", actor="anna")
    refused(store, cid, lambda: cases.complete_step(store, cid, "exit_letter", actor="anna"),
            "already done")
    refused(store, cid, lambda: cases.reopen_step(store, cid, "exit_letter", actor="anna",
                                                  reason=""), "needs a reason")
    case = cases.reopen_step(store, cid, "exit_letter", actor="anna", reason="sent too early")
    assert case.step("exit_letter").status == "pending" and case.state == "in_progress"


def test_offboarding_cannot_close_with_unfinished_handover_unless_someone_says_why(store):
    case = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START)
    cid = case.case_id
    for key in ("exit_conversation", "exit_letter", "deliverables"):
        cases.complete_step(store, cid, key, actor="anna")
    refused(store, cid, lambda: cases.close_case(store, cid, outcome="released", actor="anna"),
            r"required step\(s\) not finished: handover_data .*final_invoice")
    refused(store, cid, lambda: cases.close_case(store, cid, outcome="fired", actor="anna"),
            "unknown outcome 'fired' for a RELEASE case; valid: released, retained, withdrawn")
    refused(store, cid, lambda: cases.close_case(store, cid, outcome="withdrawn", actor="anna"),
            "withdrawing a case needs a reason")
    case = cases.close_case(store, cid, outcome="released", actor="anna",
                            reason="client took the files themselves; final invoice by court")
    assert case.state == "closed" and case.close_reason.startswith("client took")
    closing = cases.case_history(store, cid)[-1]
    assert closing["action"] == "case.close"
    assert "handover_data" in closing["details"]["unfinished_required"]
    assert closing["reason"].startswith("client took")
    refused(store, cid, lambda: cases.complete_step(store, cid, "handover_data", actor="anna"),
            "is closed")
    refused(store, cid, lambda: cases.close_case(store, cid, outcome="released", actor="anna"),
            "already closed")
    refused(store, cid, lambda: cases.reopen_case(store, cid, actor="anna", reason=""),
            "needs a reason")
    case = cases.reopen_case(store, cid, actor="anna", reason="client came back to us")
    assert case.state == "in_progress" and case.outcome is None


def test_one_open_case_per_client_and_clear_opening_errors(store):
    case = cases.open_case(store, "C1", actor="anna", playbook="RESET", start_date=START)
    with pytest.raises(InvalidTransition, match=f"already has open case {case.case_id}"):
        cases.open_case(store, "C1", actor="anna", playbook="RELEASE")
    with pytest.raises(PlaybookError, match="valid: KEEP, RESET, REASSIGN"):
        cases.open_case(store, "C2", actor="anna", playbook="FIRE")
    with pytest.raises(ClientfitError, match="needs the colleague"):
        cases.open_case(store, "C2", actor="anna", playbook="REASSIGN")
    with pytest.raises(NotFound, match="no staff member 'S9'"):
        cases.open_case(store, "C2", actor="anna", playbook="REASSIGN", colleague="S9")
    with pytest.raises(ClientfitError, match="valid: en, pl"):
        cases.open_case(store, "C2", actor="anna", playbook="KEEP", language="de")
    with pytest.raises(NotFound):
        cases.open_case(store, "C404", actor="anna", playbook="KEEP")
    with pytest.raises(ClientfitError, match="not both"):
        cases.open_case(store, "C2", actor="anna", playbook="KEEP", from_assessment=True)
    assert [c.case_id for c in cases.list_cases(store)] == [case.case_id]
    cases.close_case(store, case.case_id, outcome="escalated_to_release", actor="anna",
                     reason="the conversation showed it cannot be fixed")
    again = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START)
    assert again.case_id != case.case_id and again.language == "pl"


def test_notes_assignments_and_overdue_steps(store):
    case = cases.open_case(store, "C2", actor="anna", playbook="RECOVER", start_date=START)
    cid = case.case_id
    case = cases.add_note(store, cid, "Called, left a voicemail", actor="ben")
    assert [(n.author, n.text) for n in case.notes] == [("ben", "Called, left a voicemail")]
    case = cases.assign_step(store, cid, "fix", "S2", actor="anna", reason="Ben has time")
    assert case.step("fix").owner == "S2"
    overdue = cases.overdue_steps(store, today=date(2026, 7, 5))
    assert [(c, s.key) for c, _client, s in overdue] == [(cid, "acknowledge"), (cid, "fix_plan")]
    cases.complete_step(store, cid, "acknowledge", actor="anna")
    assert [s.key for _c, _cl, s in cases.overdue_steps(store, date(2026, 7, 5))] == ["fix_plan"]
    actions = [e["action"] for e in cases.case_history(store, cid)]
    assert actions == ["case.open", "case.note", "step.assign", "step.done"]


def test_opening_from_the_assessment_follows_a_persons_override(store):
    service.override_decision(store, "C2", "RELEASE", reason="values clash", actor="anna")
    case = cases.open_case(store, "C2", actor="ben", from_assessment=True, start_date=START)
    assert (case.playbook, case.decision, case.opened_by) == ("RELEASE", "RELEASE", "ben")
    assert case.snapshot["assessment"]["override"]["reason"] == "values clash"
    drafts = cases.case_drafts(store, case.case_id)
    assert [d.step_key for d in drafts] == [s.key for s in case.steps if s.draft]
    assert {d.language for d in drafts} == {"en"} and all(d.body.strip() for d in drafts)
    service.override_decision(store, "C1", "WATCH", reason="new contract pending", actor="anna")
    with pytest.raises(ClientfitError, match="on WATCH: there is no playbook"):
        cases.open_case(store, "C1", actor="ben", from_assessment=True)


def test_keep_account_plan_quotes_the_hours_freed_by_offboarding(store):
    released = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START)
    hours = released.snapshot["assessment"]["metrics"]["hours"]
    keep = cases.open_case(store, "C2", actor="anna", playbook="KEEP", start_date=START)
    plan = next(d for d in cases.case_drafts(store, keep.case_id) if d.step_key == "account_plan")
    assert f"{hours:,.1f} hours of work in the assessed period, freed by 1 offboarding" in plan.body
    assert "\n- Check-ins: " in plan.body


def test_the_database_itself_refuses_a_second_open_case(store):
    import sqlalchemy as sa

    from clientfit.store import cases as case_rows

    case = cases.open_case(store, "C2", actor="anna", playbook="KEEP", start_date=START)
    row = {k: v for k, v in vars(cases.get_case(store, case.case_id)).items()
           if k in ("client_id", "playbook", "playbook_version", "language", "owner",
                    "opened_at", "opened_by", "start_date")}
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as connection:
        case_rows.insert_case(connection, {**row, "state": "open"}, [])
    with store.transaction() as connection:  # a closed one is fine
        case_rows.insert_case(connection, {**row, "state": "closed", "outcome": "withdrawn"}, [])
