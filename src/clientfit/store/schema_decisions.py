"""Tables for what people decide: decision overrides and the append-only audit log."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from clientfit.store.schema import metadata

overrides = Table(
    "overrides",
    metadata,
    Column("override_id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # the assessment it overrode, so the next one can show what changed
    Column("original_decision", String(16)),
    Column("revoked_at", DateTime),
)
Index("ix_overrides_client", overrides.c.client_id, overrides.c.created_at)

audit_log = Table(
    "audit_log",
    metadata,
    Column("entry_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),  # e.g. override.set, case.open, step.done
    Column("subject_kind", String(32), nullable=False),  # client, case, step, user
    Column("subject_id", String(128), nullable=False),
    Column("reason", Text),
    Column("details", Text),  # JSON
)
Index("ix_audit_subject", audit_log.c.subject_kind, audit_log.c.subject_id)
