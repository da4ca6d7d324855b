"""The record tables: staff, clients, assignments, time, invoices, payments, messages, milestones.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("staff_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("hourly_cost_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
    )
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("legal_name", sa.String(300)),
        sa.Column("tax_id", sa.String(32)),
        sa.Column("email_domain", sa.String(255)),
        sa.Column("country", sa.String(2)),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("started_on", sa.Date),
        sa.Column("ended_on", sa.Date),
        sa.Column("owner_staff_id", sa.String(64), sa.ForeignKey("staff.staff_id")),
    )
    op.create_table(
        "assignments",
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), primary_key=True),
        sa.Column("staff_id", sa.String(64), sa.ForeignKey("staff.staff_id"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("start_date", sa.Date, primary_key=True),
        sa.Column("end_date", sa.Date),
    )
    op.create_table(
        "time_entries",
        sa.Column("entry_id", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("staff_id", sa.String(64), sa.ForeignKey("staff.staff_id"), nullable=False),
        sa.Column("work_date", sa.Date, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("billable", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
    )
    op.create_index("ix_time_entries_client", "time_entries", ["client_id", "work_date"])
    op.create_table(
        "invoices",
        sa.Column("invoice_id", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
    )
    op.create_index("ix_invoices_client", "invoices", ["client_id", "issue_date"])
    op.create_table(
        "payments",
        sa.Column("payment_id", sa.String(64), primary_key=True),
        sa.Column(
            "invoice_id", sa.String(64), sa.ForeignKey("invoices.invoice_id"), nullable=False
        ),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
    )
    op.create_index("ix_payments_invoice", "payments", ["invoice_id"])
    op.create_table(
        "messages",
        sa.Column("message_id", sa.String(128), primary_key=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("staff_id", sa.String(64), sa.ForeignKey("staff.staff_id")),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("thread_id", sa.String(128)),
        sa.Column("in_reply_to", sa.String(128)),
    )
    op.create_index("ix_messages_client", "messages", ["client_id", "sent_at"])
    op.create_table(
        "milestones",
        sa.Column("milestone_id", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("delivered_on", sa.Date),
    )
    op.create_index("ix_milestones_client", "milestones", ["client_id"])
    op.create_table(
        "imports",
        sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "imports",
        "milestones",
        "messages",
        "time_entries",
        "payments",
        "invoices",
        "assignments",
        "clients",
        "staff",
    ):
        op.drop_table(table)
