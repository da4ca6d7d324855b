"""Playbook cases: cases, case steps, case notes and case referrals.

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("playbook", sa.String(16), nullable=False),
        sa.Column("playbook_version", sa.Integer, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("colleague", sa.String(200)),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("decision", sa.String(16)),
        sa.Column("snapshot", sa.Text),
        sa.Column("contact_name", sa.String(300)),
        sa.Column("contact_email", sa.String(320)),
        sa.Column("outcome", sa.String(32)),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("closed_by", sa.String(200)),
        sa.Column("close_reason", sa.Text),
        sa.Column("erased_at", sa.DateTime),
    )
    op.create_index("ix_cases_client", "cases", ["client_id", "state"])
    # at most one case per client that is not closed, even under concurrent opening
    op.create_index("uq_cases_one_open", "cases", ["client_id"], unique=True,
                    sqlite_where=sa.text("state != 'closed'"),
                    postgresql_where=sa.text("state != 'closed'"))
    op.create_table(
        "case_steps",
        sa.Column("step_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("required", sa.Boolean, nullable=False),
        sa.Column("group_name", sa.String(32)),
        sa.Column("draft", sa.String(64)),
        sa.Column("audience", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime),
        sa.Column("changed_by", sa.String(200)),
        sa.Column("reason", sa.Text),
        sa.UniqueConstraint("case_id", "key", name="uq_case_steps_key"),
    )
    op.create_index("ix_case_steps_due", "case_steps", ["status", "due_date"])
    op.create_table(
        "case_notes",
        sa.Column("note_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_case_notes_case", "case_notes", ["case_id"])
    op.create_table(
        "case_referrals",
        sa.Column("referral_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("referred", sa.String(300), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_case_referrals_case", "case_referrals", ["case_id"])


def downgrade() -> None:
    for table in ("case_referrals", "case_notes", "case_steps", "cases"):
        op.drop_table(table)
