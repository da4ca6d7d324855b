"""Read queries the service needs besides the signals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.domain import EvidenceKind, EvidenceRef
from clientfit.store import schema


def latest_record_date(connection: Connection) -> date | None:
    """The newest date on any dated record: the data's own as-of date."""
    candidates = [
        sa.select(sa.func.max(schema.invoices.c.issue_date)),
        sa.select(sa.func.max(schema.payments.c.paid_on)),
        sa.select(sa.func.max(schema.time_entries.c.work_date)),
        sa.select(sa.func.max(schema.milestones.c.delivered_on)),
    ]
    found: list[date] = []
    for statement in candidates:
        value = connection.execute(statement).scalar()
        if value is not None:
            found.append(value)
    latest_message = connection.execute(sa.select(sa.func.max(schema.messages.c.sent_at))).scalar()
    if isinstance(latest_message, datetime):
        found.append(latest_message.date())
    return max(found) if found else None


def assignment_pairs(connection: Connection) -> list[dict[str, Any]]:
    """Every (client_id, staff_id) that has worked together, whatever the role or period."""
    table = schema.assignments
    rows = connection.execute(sa.select(table.c.client_id, table.c.staff_id).distinct())
    return [dict(row) for row in rows.mappings()]


def staff_names(connection: Connection) -> dict[str, str]:
    rows = connection.execute(sa.select(schema.staff.c.staff_id, schema.staff.c.name))
    return {staff_id: name for staff_id, name in rows}


def client_exists(connection: Connection, client_id: str) -> bool:
    statement = sa.select(schema.clients.c.client_id).where(
        schema.clients.c.client_id == client_id)
    return connection.execute(statement).first() is not None


def find_clients(connection: Connection, text: str) -> list[dict[str, Any]]:
    """Clients whose id equals `text`, or whose name contains it (case-insensitive)."""
    clients = schema.clients
    exact = connection.execute(sa.select(clients).where(clients.c.client_id == text)).mappings()
    found = [dict(row) for row in exact]
    if found:
        return found
    pattern = f"%{text.lower()}%"
    rows = connection.execute(
        sa.select(clients).where(sa.func.lower(clients.c.name).like(pattern))
        .order_by(clients.c.client_id)
    ).mappings()
    return [dict(row) for row in rows]


EVIDENCE_TABLES = {
    EvidenceKind.INVOICE: (schema.invoices, "invoice_id"),
    EvidenceKind.PAYMENT: (schema.payments, "payment_id"),
    EvidenceKind.TIME_ENTRY: (schema.time_entries, "entry_id"),
    EvidenceKind.MESSAGE: (schema.messages, "message_id"),
    EvidenceKind.MILESTONE: (schema.milestones, "milestone_id"),
}


def evidence_records(
    connection: Connection, refs: Iterable[EvidenceRef]
) -> dict[EvidenceRef, dict[str, Any]]:
    """The stored record behind each reference (payments of invoices included)."""
    wanted: dict[EvidenceKind, set[str]] = {}
    for ref in refs:
        wanted.setdefault(ref.kind, set()).add(ref.record_id)
    records: dict[EvidenceRef, dict[str, Any]] = {}
    for kind, ids in wanted.items():
        table, key = EVIDENCE_TABLES[kind]
        rows = connection.execute(sa.select(table).where(table.c[key].in_(sorted(ids))))
        for row in rows.mappings():
            records[EvidenceRef(kind, row[key])] = dict(row)
    invoice_ids = [ref.record_id for ref in records if ref.kind is EvidenceKind.INVOICE]
    if invoice_ids:
        payments = connection.execute(
            sa.select(schema.payments).where(schema.payments.c.invoice_id.in_(invoice_ids))
            .order_by(schema.payments.c.paid_on)
        ).mappings()
        for payment in payments:
            invoice = records[EvidenceRef(EvidenceKind.INVOICE, payment["invoice_id"])]
            invoice.setdefault("payments", []).append(dict(payment))
    return records


def exchange_rates(connection: Connection, currencies: set[str]) -> list[dict[str, Any]]:
    """The imported exchange rates of these currencies (every source, every day)."""
    from clientfit.store.schema_rates import exchange_rates as rates

    return [dict(row) for row in connection.execute(
        sa.select(rates).where(rates.c.currency.in_(sorted(currencies)))).mappings()]
