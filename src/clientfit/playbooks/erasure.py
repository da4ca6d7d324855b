"""GDPR / RODO erasure at the end of an offboarding (a use case of clientfit.cases, which
re-exports it): export the client's personal data, then erase it from every table, keeping what
accounting law requires, and compact the database (docs/playbooks.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from clientfit.errors import ClientfitError, InvalidTransition, NotFound
from clientfit.playbooks import machine
from clientfit.playbooks.machine import Case, case_from_rows
from clientfit.playbooks.snapshot import without_messages
from clientfit.store import Store
from clientfit.store import cases as rows
from clientfit.store.compaction import compact
from clientfit.store.decisions import append_audit, now_utc


def _load(connection: sa.Connection, case_id: int, *, lock: bool = False) -> Case:
    row = rows.case_row(connection, int(case_id), lock=lock)
    if row is None:
        raise NotFound(f"no case {case_id}")
    client = rows.client_row(connection, row["client_id"]) or {}
    return case_from_rows(row, client.get("name", row["client_id"]),
                          rows.step_rows(connection, [row["case_id"]])[row["case_id"]], [], [])


def _text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise ClientfitError(f"{what} is required")
    return value.strip()


@dataclass(frozen=True)
class Erasure:
    case_id: int
    client_id: str
    export: Path
    rows: dict[str, int]


def erase_personal_data(store: Store, case_id: int, *, actor: str, export_dir: str | Path,
                        today: date | None = None) -> Erasure:
    """On or after the scheduled date: export the client's personal data to `export_dir`,
    then erase it from every table (keeping what accounting law requires), and compact the
    database so the erased rows cannot be read back from its files. When a reader keeps the
    compaction from finishing within the limit, CompactionPending is raised after the erasure
    is committed and recorded as pending (store/compaction.py)."""
    actor = _text(actor, "the name of the person erasing the data")
    today = today or datetime.now(UTC).date()
    with store.reading() as connection:
        case = _load(connection, case_id)
    step = case.step("erase_personal_data")
    machine.check_step_change(case, step, machine.DONE, None, by_action=True)
    if today < step.due_date:
        raise InvalidTransition(f"erasure for case {case_id} is scheduled for {step.due_date}; "
                                f"it is {today}")
    with store.reading() as connection:
        data = rows.personal_data(connection, case.client_id)
    directory = Path(export_dir)
    directory.mkdir(parents=True, exist_ok=True)
    export = directory / f"personal-data-{case.client_id}-case{case.case_id}.json"
    export.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                      encoding="utf-8")
    with store.transaction() as connection:
        if store.dialect == "sqlite":  # deleted content is zeroed, not left in freed pages
            connection.exec_driver_sql("PRAGMA secure_delete=ON")
        case = _load(connection, case_id, lock=True)
        counts = rows.erase_client_personal_data(connection, case.client_id)
        for other in rows.case_rows(connection, client_id=case.client_id):
            if other["snapshot"]:
                rows.update_case(connection, other["case_id"], snapshot=json.dumps(
                    without_messages(json.loads(other["snapshot"])), ensure_ascii=False))
        at = now_utc()
        rows.update_case(connection, case.case_id, erased_at=at,
                         state=machine.case_state_after_step(case))
        for key in ("export_personal_data", "erase_personal_data"):
            current = case.step(key)
            if current.status == machine.PENDING:
                rows.update_step(connection, current.step_id, status=machine.DONE,
                                 changed_at=at, changed_by=actor)
                append_audit(connection, actor=actor, action="step.done", subject_kind="case",
                             subject_id=str(case_id), at=at, details={
                                 "step": key, "from": machine.PENDING, "to": machine.DONE,
                                 "case_state": [case.state,
                                                machine.case_state_after_step(case)]})
        append_audit(connection, actor=actor, action="data.export", subject_kind="case",
                     subject_id=str(case_id), at=at,
                     details={"client_id": case.client_id, "file": export.name,
                              "messages": len(data["messages"])})
        append_audit(connection, actor=actor, action="data.erase", subject_kind="case",
                     subject_id=str(case_id), at=at,
                     details={"client_id": case.client_id, "rows": counts})
    # every table the erasure touched, and the ones it may have touched through foreign keys
    compact(store.engine, [*counts, *rows.ERASED_TABLES, "case_notes", "message_analyses"])
    return Erasure(case_id=case.case_id, client_id=case.client_id, export=export, rows=counts)

