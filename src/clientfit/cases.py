"""Use cases for playbook cases: open, list, show, change steps, note, close, export, erase.

The CLI and the web app call these; every change is validated by clientfit.playbooks.machine
and written, with its audit-log entry, in one transaction. Nothing is ever sent to a client:
clientfit drafts (.eml), schedules (.ics) and reminds (overdue steps).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from clientfit import service
from clientfit.domain import Decision
from clientfit.errors import ClientfitError, InvalidTransition, NotFound
from clientfit.export import assessment_dict
from clientfit.playbooks import machine
from clientfit.playbooks.calendar import case_calendar, ics_bytes
from clientfit.playbooks.definitions import LANGUAGES, Playbook, load_playbook
from clientfit.playbooks.drafts import (
    Draft,
    draft_filename,
    email_message,
    eml_bytes,
    render_step,
)
from clientfit.playbooks.erasure import Erasure, erase_personal_data
from clientfit.playbooks.machine import Case, Step, case_from_rows, step_from_row
from clientfit.playbooks.snapshot import case_dict, snapshot_of
from clientfit.store import Store, queries
from clientfit.store import cases as rows
from clientfit.store.decisions import append_audit, audit_entries, now_utc

__all__ = [
    "Case", "CaseExport", "Draft", "Erasure", "Step", "add_note", "assign_step", "case_dict",
    "case_drafts",
    "case_history", "close_case", "complete_step", "erase_personal_data", "export_case",
    "get_case", "list_cases", "open_case", "overdue_steps", "record_referral", "reopen_case",
    "reopen_step", "skip_step",
]


def _text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise ClientfitError(f"{what} is required")
    return value.strip()


def open_case(
    store: Store, client_id: str, *, actor: str, playbook: Decision | str | None = None,
    from_assessment: bool = False, owner: str | None = None, colleague: str | None = None,
    language: str | None = None, start_date: date | None = None, end_date: date | None = None,
    contact_name: str | None = None, contact_email: str | None = None,
    run: service.AssessmentRun | None = None, **assess_options: Any,
) -> Case:
    """Open a case for a client: with an explicit playbook, or the assessment's (effective)
    decision. Takes a snapshot of the assessment and its evidence at opening: from `run` when
    the caller has assessed the portfolio already, else from a new assessment (`as_of`,
    `window`, `policy` pass through to service.assess)."""
    actor = _text(actor, "the name of the person opening the case")
    if (playbook is None) == (not from_assessment):
        raise ClientfitError("give a playbook, or open from the assessment (not both)")
    with store.reading() as connection:
        client = rows.client_row(connection, client_id)
        staff = rows.staff_rows(connection)
    if client is None:
        raise NotFound(f"no client with id {client_id!r}")
    snapshot, decision = None, None
    try:
        assessment, run, records = _assessed(store, client_id, run, assess_options)
        snapshot = snapshot_of(assessment_dict(assessment, run), run, records)
        decision = assessment.effective_decision
    except ClientfitError:
        if from_assessment:
            raise
    if from_assessment:
        assert decision is not None
        if decision is Decision.WATCH:
            raise ClientfitError(f"{client_id} is on WATCH: there is no playbook to run; "
                                 "re-assess when new data arrives")
        playbook = decision
    book = load_playbook(playbook)  # type: ignore[arg-type]
    owner = owner or client.get("owner_staff_id") or actor
    if book.decision is Decision.REASSIGN:
        colleague = colleague or _proposed_colleague(snapshot)
        if not colleague:
            raise ClientfitError("a REASSIGN case needs the colleague who takes over: "
                                 "give --colleague STAFF_ID")
    if colleague is not None:
        if colleague not in staff:
            raise NotFound(f"no staff member {colleague!r}; known: {', '.join(sorted(staff))}")
        if colleague == owner:
            raise ClientfitError(f"the colleague {colleague} is already the case owner")
    if language is not None and language.lower() not in LANGUAGES:
        raise ClientfitError(f"no templates in {language!r}; valid: {', '.join(LANGUAGES)}")
    language = (language or client.get("language") or "en").lower()
    if language not in LANGUAGES:  # a client language without templates: English drafts
        language = "en"
    start = start_date or datetime.now(UTC).date()
    end = None
    if book.end_after_days:
        end = end_date or date.fromordinal(start.toordinal() + book.end_after_days)
        if end < start:
            raise ClientfitError(f"the end date {end} is before the start {start}")
    elif end_date is not None:
        raise ClientfitError(f"a {book.decision.value} case has no end date")
    steps = _step_rows(book, start, end, owner, colleague, language)
    opened = now_utc()
    with store.transaction() as connection:
        existing = rows.case_rows(connection, states=rows.OPEN_STATES, client_id=client_id)
        if existing:
            other = existing[0]
            raise InvalidTransition(
                f"{client_id} already has open case {other['case_id']} ({other['playbook']}); "
                "close it (e.g. with an escalated_to_... outcome) before opening another")
        try:
            case_id = rows.insert_case(connection, {
                "client_id": client_id, "playbook": book.decision.value,
                "playbook_version": book.version, "language": language, "state": machine.OPEN,
                "owner": owner, "colleague": colleague, "opened_at": opened, "opened_by": actor,
                "start_date": start, "end_date": end,
                "decision": decision.value if decision else None,
                "snapshot": json.dumps(snapshot, ensure_ascii=False, default=str)
                if snapshot else None,
                "contact_name": contact_name, "contact_email": contact_email,
            }, steps)
        except sa.exc.IntegrityError as exc:  # another case was opened at the same moment
            raise InvalidTransition(f"{client_id} already has an open case") from exc
        append_audit(connection, actor=actor, action="case.open", subject_kind="case",
                     subject_id=str(case_id), at=opened, details={
                         "client_id": client_id, "playbook": book.decision.value,
                         "version": book.version, "assessed_decision":
                         decision.value if decision else None, "owner": owner,
                         "colleague": colleague, "language": language,
                         "start_date": start, "end_date": end,
                         "steps": [(s["key"], s["due_date"]) for s in steps]})
    return get_case(store, case_id)


def _proposed_colleague(snapshot: dict[str, Any] | None) -> str | None:
    """The attribution model's best-fit colleague (reason BEST_FIT_COLLEAGUE), if any."""
    for reason in ((snapshot or {}).get("assessment") or {}).get("reasons") or []:
        if reason.get("code") == "BEST_FIT_COLLEAGUE" and reason["metrics"].get("staff_id"):
            return str(reason["metrics"]["staff_id"])
    return None


def _assessed(store: Store, client_id: str, run: service.AssessmentRun | None,
              options: dict[str, Any]) -> tuple[Any, service.AssessmentRun, dict[Any, Any]]:
    if run is None:
        return service.explain(store, client_id, **options)
    found = [a for a in run.assessments if a.client_id == client_id]
    if not found:
        raise NotFound(f"client {client_id} is not in the assessment of {run.window.as_of}")
    refs = [ref for reason in found[0].reasons for ref in reason.evidence]
    with store.reading() as connection:
        records = queries.evidence_records(connection, refs)
    return found[0], run, records


def _step_rows(book: Playbook, start: date, end: date | None, owner: str,
               colleague: str | None, language: str) -> list[dict[str, Any]]:
    people = {"owner": owner, "colleague": colleague or owner}
    return [{
        "position": position, "key": key, "title": spec.title[language],
        "owner": people.get(spec.owner, spec.owner), "due_date": due,
        "required": spec.required, "group_name": spec.group, "draft": spec.draft,
        "audience": spec.audience, "status": machine.PENDING,
    } for position, (spec, key, due) in enumerate(book.expanded_steps(start, end), start=1)]


def _case(connection: sa.Connection, row: dict[str, Any], steps: list[dict[str, Any]],
          *, full: bool = True) -> Case:
    client = rows.client_row(connection, row["client_id"]) or {}
    return case_from_rows(
        row, client.get("name", row["client_id"]), steps,
        rows.note_rows(connection, row["case_id"]) if full else [],
        rows.referral_rows(connection, row["case_id"]) if full else [])


def _load(connection: sa.Connection, case_id: int, *, lock: bool = False) -> Case:
    row = rows.case_row(connection, int(case_id), lock=lock)
    if row is None:
        raise NotFound(f"no case {case_id}")
    return _case(connection, row, rows.step_rows(connection, [row["case_id"]])[row["case_id"]])


def get_case(store: Store, case_id: int) -> Case:
    with store.reading() as connection:
        return _load(connection, case_id)


def list_cases(store: Store, *, include_closed: bool = False,
               client_id: str | None = None) -> list[Case]:
    with store.reading() as connection:
        found = rows.case_rows(connection, states=None if include_closed else rows.OPEN_STATES,
                               client_id=client_id)
        steps = rows.step_rows(connection, [r["case_id"] for r in found])
        return [_case(connection, r, steps[r["case_id"]], full=False) for r in found]


def overdue_steps(store: Store, today: date | None = None) -> list[tuple[int, str, Step]]:
    """(case id, client id, step) for every pending step of an open case due before today."""
    today = today or datetime.now(UTC).date()
    with store.reading() as connection:
        found = rows.step_due_rows(connection, due_before=today)
    return [(r["case_id"], r["client_id"], step_from_row(r)) for r in found]


def _change_step(store: Store, case_id: int, key: str, target: str, *, actor: str,
                 reason: str | None, by_action: bool = False) -> Case:
    actor = _text(actor, "the name of the person changing the step")
    with store.transaction() as connection:
        case = _load(connection, case_id, lock=True)
        step = case.step(key)
        machine.check_step_change(case, step, target, reason, by_action=by_action)
        at = now_utc()
        rows.update_step(connection, step.step_id, status=target, changed_at=at,
                         changed_by=actor, reason=reason.strip() if reason else None)
        state = machine.case_state_after_step(case)
        if state != case.state:
            rows.update_case(connection, case.case_id, state=state)
        append_audit(connection, actor=actor, action=f"step.{target}", subject_kind="case",
                     subject_id=str(case.case_id), reason=reason, at=at, details={
                         "step": key, "from": step.status, "to": target,
                         "case_state": [case.state, state]})
    return get_case(store, case_id)


def complete_step(store: Store, case_id: int, key: str, *, actor: str,
                  reason: str | None = None) -> Case:
    return _change_step(store, case_id, key, machine.DONE, actor=actor, reason=reason)


def skip_step(store: Store, case_id: int, key: str, *, actor: str, reason: str) -> Case:
    return _change_step(store, case_id, key, machine.SKIPPED, actor=actor, reason=reason)


def reopen_step(store: Store, case_id: int, key: str, *, actor: str, reason: str) -> Case:
    return _change_step(store, case_id, key, machine.PENDING, actor=actor, reason=reason)


def assign_step(store: Store, case_id: int, key: str, owner: str, *, actor: str,
                reason: str | None = None) -> Case:
    """Give a step to another person (a staff id or a name)."""
    owner = _text(owner, "the new owner of the step")
    with store.transaction() as connection:
        case = _load(connection, case_id, lock=True)
        step = case.step(key)
        if not case.is_open:
            raise InvalidTransition(f"case {case_id} is closed; reopen it to reassign steps")
        rows.update_step(connection, step.step_id, owner=owner)
        append_audit(connection, actor=_text(actor, "who assigns"), action="step.assign",
                     subject_kind="case", subject_id=str(case_id), reason=reason,
                     details={"step": key, "from": step.owner, "to": owner})
    return get_case(store, case_id)


def add_note(store: Store, case_id: int, text: str, *, actor: str) -> Case:
    text = _text(text, "the note's text")
    with store.transaction() as connection:
        _load(connection, case_id, lock=True)
        at = now_utc()
        note_id = rows.insert_note(connection, case_id=int(case_id), at=at,
                                   author=_text(actor, "the note's author"), text=text)
        append_audit(connection, actor=actor, action="case.note", subject_kind="case",
                     subject_id=str(case_id), at=at, details={"note_id": note_id})
    return get_case(store, case_id)


def record_referral(store: Store, case_id: int, referred: str, *, actor: str,
                    note: str | None = None) -> Case:
    """A referral that came back from the ex-client (allowed on closed cases too)."""
    referred = _text(referred, "who was referred")
    with store.transaction() as connection:
        _load(connection, case_id, lock=True)
        at = now_utc()
        referral_id = rows.insert_referral(connection, case_id=int(case_id), at=at,
                                           recorded_by=_text(actor, "who records it"),
                                           referred=referred, note=note)
        append_audit(connection, actor=actor, action="case.referral", subject_kind="case",
                     subject_id=str(case_id), at=at, details={"referral_id": referral_id})
    return get_case(store, case_id)


def close_case(store: Store, case_id: int, *, outcome: str, actor: str,
               reason: str | None = None) -> Case:
    """Close with an outcome the playbook lists. Required steps must be finished, unless
    `reason` records why they stay unfinished."""
    actor = _text(actor, "the name of the person closing the case")
    with store.transaction() as connection:
        case = _load(connection, case_id, lock=True)
        book = load_playbook(case.playbook)
        unfinished = machine.check_close(case, outcome, book.outcomes, reason)
        at = now_utc()
        rows.update_case(connection, case.case_id, state=machine.CLOSED, outcome=outcome,
                         closed_at=at, closed_by=actor,
                         close_reason=reason.strip() if reason else None)
        append_audit(connection, actor=actor, action="case.close", subject_kind="case",
                     subject_id=str(case_id), reason=reason, at=at, details={
                         "outcome": outcome, "from": case.state,
                         "unfinished_required": [s.key for s in unfinished]})
    return get_case(store, case_id)


def reopen_case(store: Store, case_id: int, *, actor: str, reason: str) -> Case:
    with store.transaction() as connection:
        case = _load(connection, case_id, lock=True)
        machine.check_reopen(case, reason)
        others = [r for r in rows.case_rows(connection, states=rows.OPEN_STATES,
                                            client_id=case.client_id)]
        if others:
            raise InvalidTransition(f"{case.client_id} has open case {others[0]['case_id']}")
        rows.update_case(connection, case.case_id, state=machine.IN_PROGRESS, outcome=None,
                         closed_at=None, closed_by=None, close_reason=None)
        append_audit(connection, actor=_text(actor, "who reopens"), action="case.reopen",
                     subject_kind="case", subject_id=str(case_id), reason=reason,
                     details={"previous_outcome": case.outcome})
    return get_case(store, case_id)


def case_history(store: Store, case_id: int) -> list[dict[str, Any]]:
    """The case's audit-log entries, oldest first: who did what, when and why."""
    with store.reading() as connection:
        _load(connection, case_id)
        return audit_entries(connection, "case", str(case_id))


def case_drafts(store: Store, case_id: int, *, today: date | None = None) -> list[Draft]:
    """Every draft of a case as text (subject, body, sender, recipient), e.g. for the web app."""
    case = get_case(store, case_id)
    with store.reading() as connection:
        staff = rows.staff_rows(connection)
    extra = _portfolio(store)
    return [render_step(case, step, staff, today=today, portfolio=extra)
            for step in case.steps if step.draft]


def _portfolio(store: Store) -> dict[str, Any]:
    """What the KEEP account plan quotes: the hours a year freed by offboardings."""
    released = [c for c in list_cases(store, include_closed=True) if c.playbook == "RELEASE"
                and c.outcome in (None, "released") and c.snapshot]
    hours = sum(c.snapshot["assessment"]["metrics"].get("hours") or 0 for c in released)
    return {"released_clients": len(released), "freed_hours": hours}


@dataclass(frozen=True)
class CaseExport:
    directory: Path
    drafts: tuple[Path, ...]
    calendar: Path
    case_json: Path


def export_case(store: Store, case_id: int, out: str | Path, *,
                created: datetime | None = None) -> CaseExport:
    """Write the case's drafts (.eml, one per step with a draft), its schedule (.ics) and the
    case as JSON into `out`. Nothing is sent."""
    case = get_case(store, case_id)
    with store.reading() as connection:
        staff = rows.staff_rows(connection)
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    created = created or datetime.now(UTC).replace(microsecond=0)
    drafts, portfolio = [], _portfolio(store)
    for position, step in enumerate(case.steps, start=1):
        if not step.draft:
            continue
        draft = render_step(case, step, staff, today=created.date(), portfolio=portfolio)
        path = directory / draft_filename(position, step.key)
        path.write_bytes(eml_bytes(email_message(draft, case, created=created)))
        drafts.append(path)
    calendar = directory / f"case-{case.case_id}.ics"
    calendar.write_bytes(ics_bytes(case_calendar(case, staff, stamp=created)))
    case_json = directory / f"case-{case.case_id}.json"
    case_json.write_text(json.dumps(case_dict(case), ensure_ascii=False, indent=2, default=str),
                         encoding="utf-8")
    return CaseExport(directory, tuple(drafts), calendar, case_json)
