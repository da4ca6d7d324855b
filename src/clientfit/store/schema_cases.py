"""Tables for playbook cases: the case, its steps, notes and the referrals that come back.

Every change to these rows is also written to the append-only `audit_log` (schema_decisions).
Personal data lives only in `cases.contact_*`, `cases.snapshot` (message records) and note texts;
erasure (store/cases.py) clears exactly those.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from clientfit.store.schema import metadata

cases = Table(
    "cases",
    metadata,
    Column("case_id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("playbook", String(16), nullable=False),  # a Decision value
    Column("playbook_version", Integer, nullable=False),
    Column("language", String(8), nullable=False),
    Column("state", String(16), nullable=False),  # open, in_progress, closed
    Column("owner", String(200), nullable=False),  # a staff id or a person's name
    Column("colleague", String(200)),  # REASSIGN: who takes the relationship over
    Column("opened_at", DateTime, nullable=False),
    Column("opened_by", String(200), nullable=False),
    Column("start_date", Date, nullable=False),  # the plan's day zero
    Column("end_date", Date),  # RELEASE: the last day of the relationship
    Column("decision", String(16)),  # the assessment's computed decision at opening
    Column("snapshot", Text),  # JSON: the assessment and its evidence records at opening
    Column("contact_name", String(300)),
    Column("contact_email", String(320)),
    Column("outcome", String(32)),
    Column("closed_at", DateTime),
    Column("closed_by", String(200)),
    Column("close_reason", Text),
    Column("erased_at", DateTime),
)
Index("ix_cases_client", cases.c.client_id, cases.c.state)
Index("uq_cases_one_open", cases.c.client_id, unique=True,
      sqlite_where=text("state != 'closed'"), postgresql_where=text("state != 'closed'"))

case_steps = Table(
    "case_steps",
    metadata,
    Column("step_id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.case_id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("key", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("required", Boolean, nullable=False),
    Column("group_name", String(32)),
    Column("draft", String(64)),  # template name of the step's draft, if any
    Column("audience", String(16)),  # who the draft is for: client, internal, colleague
    Column("status", String(16), nullable=False),  # pending, done, skipped
    Column("changed_at", DateTime),
    Column("changed_by", String(200)),
    Column("reason", Text),
    UniqueConstraint("case_id", "key", name="uq_case_steps_key"),
)
Index("ix_case_steps_due", case_steps.c.status, case_steps.c.due_date)

case_notes = Table(
    "case_notes",
    metadata,
    Column("note_id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.case_id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_case_notes_case", case_notes.c.case_id)

case_referrals = Table(
    "case_referrals",
    metadata,
    Column("referral_id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.case_id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("referred", String(300), nullable=False),  # the new prospect the ex-client sent us
    Column("note", Text),
)
Index("ix_case_referrals_case", case_referrals.c.case_id)
