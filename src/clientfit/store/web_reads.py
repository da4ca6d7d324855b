"""Read queries behind the web pages: one client's row, its records over time, messages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.domain import EvidenceKind
from clientfit.store import schema


def client_row(connection: Connection, client_id: str) -> dict[str, Any] | None:
    found = connection.execute(
        sa.select(schema.clients).where(schema.clients.c.client_id == client_id)
    ).mappings().first()
    return dict(found) if found else None


def client_owners(connection: Connection) -> dict[str, str | None]:
    rows = connection.execute(sa.select(schema.clients.c.client_id,
                                        schema.clients.c.owner_staff_id))
    return {client_id: owner for client_id, owner in rows}


def staff_rows(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(sa.select(schema.staff).order_by(schema.staff.c.staff_id))
    return [dict(row) for row in rows.mappings()]


def record_client(connection: Connection, kind: EvidenceKind, record_id: str) -> str | None:
    """The client a stored record belongs to (payments through their invoice)."""
    if kind is EvidenceKind.PAYMENT:
        statement = (sa.select(schema.invoices.c.client_id)
                     .join(schema.payments,
                           schema.payments.c.invoice_id == schema.invoices.c.invoice_id)
                     .where(schema.payments.c.payment_id == record_id))
        return connection.execute(statement).scalar()
    table, key = {
        EvidenceKind.INVOICE: (schema.invoices, "invoice_id"),
        EvidenceKind.TIME_ENTRY: (schema.time_entries, "entry_id"),
        EvidenceKind.MESSAGE: (schema.messages, "message_id"),
        EvidenceKind.MILESTONE: (schema.milestones, "milestone_id"),
    }[kind]
    return connection.execute(sa.select(table.c.client_id).where(table.c[key] == record_id)
                              ).scalar()


def _month(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def client_monthly(connection: Connection, client_id: str,
                   convert: Callable[[str, str, float], float] | None = None
                   ) -> list[dict[str, Any]]:
    """Per calendar month: revenue (invoiced, net of sales tax), invoiced (gross), collected
    (gross: the cash in), hours, cost of those hours, messages in/out.

    `convert(kind, record_id, amount)` gives an amount in the reporting currency (the
    assessment's conversion); without it amounts are as stored. The net and the gross of an
    invoice convert at its one rate, each rounded on its own, as the revenue metric does."""
    def same(_kind: str, _record: str, amount: float) -> float:
        return amount

    convert = convert or same
    months: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "revenue_minor": 0, "invoiced_minor": 0, "collected_minor": 0, "minutes": 0,
        "cost_minor": 0.0,
        "messages_in": 0, "messages_out": 0,
    })
    invoices = schema.invoices
    for record_id, issued, amount, net in connection.execute(
            sa.select(invoices.c.invoice_id, invoices.c.issue_date, invoices.c.amount_minor,
                      invoices.c.net_minor)
            .where(invoices.c.client_id == client_id)):
        month = months[_month(issued)]
        month["invoiced_minor"] += convert("invoice", record_id, amount)
        # a row written without a net reads as its gross (signals.tables.net_amount)
        month["revenue_minor"] += convert("invoice", record_id, amount if net is None else net)
    payments = schema.payments
    for record_id, paid, amount in connection.execute(
            sa.select(payments.c.payment_id, payments.c.paid_on, payments.c.amount_minor)
            .join(invoices, invoices.c.invoice_id == payments.c.invoice_id)
            .where(invoices.c.client_id == client_id)):
        months[_month(paid)]["collected_minor"] += convert("payment", record_id, amount)
    entries, staff = schema.time_entries, schema.staff
    for record_id, worked, minutes, rate in connection.execute(
            sa.select(entries.c.entry_id, entries.c.work_date, entries.c.minutes,
                      staff.c.hourly_cost_minor)
            .join(staff, staff.c.staff_id == entries.c.staff_id)
            .where(entries.c.client_id == client_id)):
        month = months[_month(worked)]
        month["minutes"] += minutes
        month["cost_minor"] += minutes * convert("time_entry", record_id, rate) / 60
    messages = schema.messages
    for sent, direction in connection.execute(
            sa.select(messages.c.sent_at, messages.c.direction)
            .where(messages.c.client_id == client_id)):
        months[_month(sent.date())]["messages_" + ("in" if direction == "in" else "out")] += 1
    series = []
    for month in sorted(months):
        values = months[month]
        values["cost_minor"] = round(values["cost_minor"])
        series.append({"month": month, **values})
    return series


def client_messages(connection: Connection, client_id: str, limit: int = 50
                    ) -> list[dict[str, Any]]:
    messages = schema.messages
    rows = connection.execute(
        sa.select(messages).where(messages.c.client_id == client_id)
        .order_by(messages.c.sent_at.desc()).limit(limit)).mappings()
    return [dict(row) for row in rows]


def data_version(connection: Connection) -> tuple[Any, ...]:
    """Changes whenever an import or an override changes what an assessment would say, or a
    case changes what the portfolio's action columns show (one round trip: it runs on every
    request)."""
    from clientfit.store.schema_decisions import audit_log, overrides

    statement = sa.select(
        sa.select(sa.func.max(schema.imports.c.import_id)).scalar_subquery(),
        sa.select(sa.func.max(overrides.c.override_id)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(overrides)
        .where(overrides.c.revoked_at.is_not(None)).scalar_subquery(),
        sa.select(sa.func.max(audit_log.c.entry_id))
        .where(audit_log.c.subject_kind.in_(("case", "step"))).scalar_subquery(),
    )
    return tuple(connection.execute(statement).one())


def open_case_steps(connection: Connection, today: date) -> dict[str, dict[str, Any]]:
    """Per client with an open case: {case_id, pending, overdue (pending and due before
    today), next_due} — what the portfolio's action columns show."""
    from clientfit.store.schema_cases import case_steps, cases

    pending = case_steps.c.status == "pending"
    statement = (
        sa.select(cases.c.client_id, cases.c.case_id,
                  sa.func.count().filter(pending).label("pending"),
                  sa.func.count().filter(pending & (case_steps.c.due_date < today))
                  .label("overdue"),
                  sa.func.min(case_steps.c.due_date).filter(pending).label("next_due"))
        .select_from(cases.outerjoin(case_steps, case_steps.c.case_id == cases.c.case_id))
        .where(cases.c.state.in_(("open", "in_progress")))
        .group_by(cases.c.client_id, cases.c.case_id))
    return {row["client_id"]: {"case_id": row["case_id"], "pending": int(row["pending"] or 0),
                               "overdue": int(row["overdue"] or 0), "next_due": row["next_due"]}
            for row in connection.execute(statement).mappings()}

