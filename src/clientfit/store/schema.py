"""The store's schema (SQLAlchemy Core). Migrations in store/migrations build exactly this.

Money is kept in integer minor units (cents, grosze) and durations in whole minutes, so every
engine (SQLite, PostgreSQL, DuckDB, Spark) sums them to the same exact result.
Timestamps are naive UTC.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _gross_when_no_net(context: Any) -> Any:
    """An invoice written without a net amount: net = gross (a source that knows no sales tax)."""
    return context.get_current_parameters().get("amount_minor")


staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("hourly_cost_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
)

clients = Table(
    "clients",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("legal_name", String(300)),
    Column("tax_id", String(32)),
    Column("email_domain", String(255)),
    Column("country", String(2)),
    Column("language", String(8), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("started_on", Date),
    Column("ended_on", Date),
    Column("owner_staff_id", String(64), ForeignKey("staff.staff_id")),
)

assignments = Table(
    "assignments",
    metadata,
    Column("client_id", String(64), ForeignKey("clients.client_id"), primary_key=True),
    Column("staff_id", String(64), ForeignKey("staff.staff_id"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date),
)

time_entries = Table(
    "time_entries",
    metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("staff_id", String(64), ForeignKey("staff.staff_id"), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("billable", Boolean, nullable=False),
    Column("description", Text, nullable=False),
)
Index("ix_time_entries_client", time_entries.c.client_id, time_entries.c.work_date)

invoices = Table(
    "invoices",
    metadata,
    Column("invoice_id", String(64), primary_key=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    # Added by migration 0003 (importers): provenance and what KSeF / invoicing tools know.
    Column("seller_tax_id", String(32)),
    Column("buyer_tax_id", String(32)),
    Column("kind", String(16)),
    Column("status", String(16)),
    Column("source", String(32)),
    # Added by migration 0008 (currencies): the document's own exchange rate (KSeF
    # KursWalutyZ / KursWaluty): `doc_rate` units of `doc_rate_base` per unit of `currency`.
    Column("doc_rate", String(32)),
    Column("doc_rate_base", String(3)),
    # Added by migration 0009 (net revenue): the amount before sales tax (VAT, GST, HST), in the
    # same currency and minor units as `amount_minor` (the gross, which payments settle). A row
    # inserted without it gets the gross (net = gross); a NULL written by other means reads as
    # the gross too (signals.tables.net_amount).
    Column("net_minor", BigInteger, default=_gross_when_no_net),
)
Index("ix_invoices_client", invoices.c.client_id, invoices.c.issue_date)

payments = Table(
    "payments",
    metadata,
    Column("payment_id", String(64), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
)
Index("ix_payments_invoice", payments.c.invoice_id)

messages = Table(
    "messages",
    metadata,
    Column("message_id", String(128), primary_key=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("staff_id", String(64), ForeignKey("staff.staff_id")),
    Column("direction", String(3), nullable=False),
    Column("sent_at", DateTime, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("language", String(8)),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("thread_id", String(128)),
    Column("in_reply_to", String(128)),
)
Index("ix_messages_client", messages.c.client_id, messages.c.sent_at)

milestones = Table(
    "milestones",
    metadata,
    Column("milestone_id", String(64), primary_key=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("name", String(300), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("delivered_on", Date),
)
Index("ix_milestones_client", milestones.c.client_id)

imports = Table(
    "imports",
    metadata,
    Column("import_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(32), nullable=False),
    Column("path", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
)

# Load order respects foreign keys.
RECORD_TABLES: tuple[Table, ...] = (
    staff,
    clients,
    assignments,
    invoices,
    payments,
    time_entries,
    messages,
    milestones,
)
