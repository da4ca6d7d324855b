"""Reading and writing playbook cases, and erasing a client's personal data.

Only rows are handled here; the rules (which transitions are allowed, what a step needs) live in
clientfit.playbooks.machine and clientfit.cases. Every write goes with an audit-log entry written
by the caller in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import ClientfitError
from clientfit.store import schema
from clientfit.store.schema_cases import case_notes, case_referrals, case_steps, cases

OPEN_STATES = ("open", "in_progress")


def insert_case(connection: Connection, values: dict[str, Any],
                steps: Iterable[dict[str, Any]]) -> int:
    result = connection.execute(sa.insert(cases).values(**values))
    case_id = int(result.inserted_primary_key[0])
    rows = [{**step, "case_id": case_id} for step in steps]
    if rows:
        connection.execute(sa.insert(case_steps), rows)
    return case_id


def case_row(connection: Connection, case_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    statement = sa.select(cases).where(cases.c.case_id == case_id)
    if lock and connection.dialect.name == "postgresql":
        statement = statement.with_for_update()
    row = connection.execute(statement).mappings().first()
    return dict(row) if row else None


def step_rows(connection: Connection, case_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    ids = sorted(set(case_ids))
    found: dict[int, list[dict[str, Any]]] = {case_id: [] for case_id in ids}
    if not ids:
        return found
    statement = (sa.select(case_steps).where(case_steps.c.case_id.in_(ids))
                 .order_by(case_steps.c.case_id, case_steps.c.position))
    for row in connection.execute(statement).mappings():
        found[row["case_id"]].append(dict(row))
    return found


def note_rows(connection: Connection, case_id: int) -> list[dict[str, Any]]:
    statement = (sa.select(case_notes).where(case_notes.c.case_id == case_id)
                 .order_by(case_notes.c.note_id))
    return [dict(row) for row in connection.execute(statement).mappings()]


def referral_rows(connection: Connection, case_id: int) -> list[dict[str, Any]]:
    statement = (sa.select(case_referrals).where(case_referrals.c.case_id == case_id)
                 .order_by(case_referrals.c.referral_id))
    return [dict(row) for row in connection.execute(statement).mappings()]


def case_rows(connection: Connection, *, states: Iterable[str] | None = None,
              client_id: str | None = None) -> list[dict[str, Any]]:
    statement = sa.select(cases).order_by(cases.c.case_id)
    if states is not None:
        statement = statement.where(cases.c.state.in_(list(states)))
    if client_id is not None:
        statement = statement.where(cases.c.client_id == client_id)
    return [dict(row) for row in connection.execute(statement).mappings()]


def update_case(connection: Connection, case_id: int, **values: Any) -> None:
    connection.execute(sa.update(cases).where(cases.c.case_id == case_id).values(**values))


def update_step(connection: Connection, step_id: int, **values: Any) -> None:
    connection.execute(
        sa.update(case_steps).where(case_steps.c.step_id == step_id).values(**values))


def insert_note(connection: Connection, *, case_id: int, at: datetime, author: str,
                text: str) -> int:
    result = connection.execute(sa.insert(case_notes).values(
        case_id=case_id, at=at, author=author, text=text))
    return int(result.inserted_primary_key[0])


def insert_referral(connection: Connection, *, case_id: int, at: datetime, recorded_by: str,
                    referred: str, note: str | None) -> int:
    result = connection.execute(sa.insert(case_referrals).values(
        case_id=case_id, at=at, recorded_by=recorded_by, referred=referred, note=note))
    return int(result.inserted_primary_key[0])


def client_row(connection: Connection, client_id: str) -> dict[str, Any] | None:
    row = connection.execute(
        sa.select(schema.clients).where(schema.clients.c.client_id == client_id)
    ).mappings().first()
    return dict(row) if row else None


def staff_rows(connection: Connection) -> dict[str, dict[str, Any]]:
    return {row["staff_id"]: dict(row)
            for row in connection.execute(sa.select(schema.staff)).mappings()}


# --- erasure (GDPR / RODO) ----------------------------------------------------------------

# Every table with a `client_id` column must be named here, either as erased or as kept, so a
# new table cannot silently keep personal data: erasure refuses to run on an unknown one.
ERASED_TABLES = {
    "messages": "deleted: subjects, bodies and addresses of every message with the client",
    "client_identities": "deleted, except tax-ID and name identities (kept for invoices)",
    "clients": "email_domain cleared; name, legal name and tax ID kept for the accounts",
    "cases": "contact name and e-mail cleared; message records removed from the snapshot",
}
KEPT_TABLES = {
    "invoices": "accounting law: invoices are kept for the statutory period",
    "payments": "accounting law",
    "time_entries": "our own work records behind the invoices",
    "milestones": "our own delivery records",
    "assignments": "who served the client",
    "overrides": "decisions people made, with their reasons",
    "client_links": "merge / split choices (ids only)",
}
KEPT_IDENTITY_KINDS = ("tax", "nip", "vat", "name", "legal")


def unclassified_tables(connection: Connection) -> list[str]:
    """Tables holding client rows that the erasure plan does not name (should be empty)."""
    inspector = sa.inspect(connection)
    known = set(ERASED_TABLES) | set(KEPT_TABLES)
    found = []
    for table in inspector.get_table_names():
        columns = {column["name"] for column in inspector.get_columns(table)}
        if columns & {"client_id", "client_a"} and table not in known:
            found.append(table)
    return sorted(found)


def erase_client_personal_data(connection: Connection, client_id: str) -> dict[str, int]:
    """Delete or clear the client's personal data in every table; returns rows touched."""
    unknown = unclassified_tables(connection)
    if unknown:
        raise ClientfitError(
            "erasure refused: table(s) " + ", ".join(unknown) + " hold client rows but are not "
            "in the erasure plan (clientfit/store/cases.py ERASED_TABLES / KEPT_TABLES)")
    counts: dict[str, int] = {}
    message_ids = list(connection.execute(
        sa.select(schema.messages.c.message_id).where(schema.messages.c.client_id == client_id)
    ).scalars())
    tables = sa.MetaData()
    tables.reflect(connection)
    for name, table in tables.tables.items():  # rows hanging off the messages, e.g. labels
        for key in table.foreign_keys:
            if (key.column.table.name == "messages" and name != "messages"
                    and message_ids):
                result = connection.execute(
                    sa.delete(table).where(key.parent.in_(message_ids)))
                counts[name] = counts.get(name, 0) + result.rowcount
    if "record_keys" in tables.tables and message_ids:
        keys = tables.tables["record_keys"]
        result = connection.execute(sa.delete(keys).where(
            keys.c.record_table == "messages", keys.c.record_id.in_(message_ids)))
        counts["record_keys"] = result.rowcount
    result = connection.execute(
        sa.delete(schema.messages).where(schema.messages.c.client_id == client_id))
    counts["messages"] = result.rowcount
    if "client_identities" in tables.tables:
        identities = tables.tables["client_identities"]
        kept = sa.or_(*(sa.func.lower(identities.c.kind).like(f"%{kind}%")
                        for kind in KEPT_IDENTITY_KINDS))
        result = connection.execute(sa.delete(identities).where(
            identities.c.client_id == client_id, sa.not_(kept)))
        counts["client_identities"] = result.rowcount
    result = connection.execute(sa.update(schema.clients).where(
        schema.clients.c.client_id == client_id).values(email_domain=None))
    counts["clients"] = result.rowcount
    result = connection.execute(sa.update(cases).where(cases.c.client_id == client_id).values(
        contact_name=None, contact_email=None))
    counts["cases"] = result.rowcount
    return counts


def compact(store_engine: sa.Engine) -> None:
    """Make deleted rows unrecoverable from the database files (store/compaction.py)."""
    from clientfit.store.compaction import compact as compact_tables

    compact_tables(store_engine, [*ERASED_TABLES, "case_notes", "message_analyses",
                                  "record_keys"])


def step_due_rows(connection: Connection, *, due_before: date) -> list[dict[str, Any]]:
    """Pending steps of open cases due before a date (the overdue list)."""
    statement = (
        sa.select(case_steps, cases.c.client_id, cases.c.playbook)
        .join(cases, cases.c.case_id == case_steps.c.case_id)
        .where(cases.c.state.in_(OPEN_STATES), case_steps.c.status == "pending",
               case_steps.c.due_date < due_before)
        .order_by(case_steps.c.due_date, case_steps.c.case_id, case_steps.c.position)
    )
    return [dict(row) for row in connection.execute(statement).mappings()]


def personal_data(connection: Connection, client_id: str) -> dict[str, Any]:
    """Everything erasure will remove, for the export that comes before it."""
    client = client_row(connection, client_id) or {}
    messages = [dict(row) for row in connection.execute(
        sa.select(schema.messages).where(schema.messages.c.client_id == client_id)
        .order_by(schema.messages.c.sent_at)).mappings()]
    identities: list[dict[str, Any]] = []
    if sa.inspect(connection).has_table("client_identities"):
        table = sa.Table("client_identities", sa.MetaData(), autoload_with=connection)
        identities = [dict(row) for row in connection.execute(
            sa.select(table).where(table.c.client_id == client_id)).mappings()]
    contacts = [dict(row) for row in connection.execute(
        sa.select(cases.c.case_id, cases.c.contact_name, cases.c.contact_email)
        .where(cases.c.client_id == client_id)).mappings()]
    return {"client": client, "messages": messages, "identities": identities,
            "case_contacts": contacts}
