"""Overrides and the audit log: the only writes people make to decisions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.store.schema_decisions import audit_log, overrides


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def append_audit(
    connection: Connection,
    *,
    actor: str,
    action: str,
    subject_kind: str,
    subject_id: str,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> int:
    """Add one entry to the append-only audit log (nothing ever updates or deletes it)."""
    result = connection.execute(sa.insert(audit_log).values(
        at=at or now_utc(), actor=actor, action=action, subject_kind=subject_kind,
        subject_id=subject_id, reason=reason,
        details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
    ))
    return int(result.inserted_primary_key[0])


def audit_entries(
    connection: Connection, subject_kind: str | None = None, subject_id: str | None = None
) -> list[dict[str, Any]]:
    statement = sa.select(audit_log).order_by(audit_log.c.entry_id)
    if subject_kind:
        statement = statement.where(audit_log.c.subject_kind == subject_kind)
    if subject_id:
        statement = statement.where(audit_log.c.subject_id == subject_id)
    entries = []
    for row in connection.execute(statement).mappings():
        entry = dict(row)
        entry["details"] = json.loads(entry["details"]) if entry["details"] else None
        entries.append(entry)
    return entries


def insert_override(
    connection: Connection, *, client_id: str, decision: str, reason: str, actor: str,
    original_decision: str | None,
) -> int:
    created = now_utc()
    result = connection.execute(sa.insert(overrides).values(
        client_id=client_id, decision=decision, reason=reason, actor=actor, created_at=created,
        original_decision=original_decision,
    ))
    override_id = int(result.inserted_primary_key[0])
    append_audit(connection, actor=actor, action="override.set", subject_kind="client",
                 subject_id=client_id, reason=reason, at=created,
                 details={"override_id": override_id, "decision": decision,
                          "original_decision": original_decision})
    return override_id


def revoke_overrides(connection: Connection, *, client_id: str, reason: str, actor: str) -> int:
    """Revoke the client's active override(s); returns how many were active."""
    revoked_at = now_utc()
    result = connection.execute(
        sa.update(overrides)
        .where(overrides.c.client_id == client_id, overrides.c.revoked_at.is_(None))
        .values(revoked_at=revoked_at)
    )
    if result.rowcount:
        append_audit(connection, actor=actor, action="override.revoke", subject_kind="client",
                     subject_id=client_id, reason=reason, at=revoked_at)
    return result.rowcount


def active_overrides(connection: Connection) -> dict[str, dict[str, Any]]:
    """The newest unrevoked override of each client."""
    statement = (sa.select(overrides).where(overrides.c.revoked_at.is_(None))
                 .order_by(overrides.c.created_at, overrides.c.override_id))
    return {row["client_id"]: dict(row) for row in connection.execute(statement).mappings()}
