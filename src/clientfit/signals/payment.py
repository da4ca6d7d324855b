"""Payment signals: amount-weighted days late, share paid late, overdue balance."""

from __future__ import annotations

from datetime import date

import ibis
from ibis.expr.types import Table

from clientfit.domain import Window
from clientfit.signals.tables import Tables, in_window


def invoice_lateness(tables: Tables, window: Window) -> Table:
    """Every positive invoice with what was paid by its due date and by the as-of date.

    `late_money_days` counts each unit of money for the days it arrived after the due date;
    money still unpaid on the as-of date counts up to that date.
    """
    as_of = ibis.date(window.as_of)
    # only the columns used: the result is read twice (due and overdue), and an engine that
    # materialises it (DuckDB does) would otherwise copy every text column of every invoice
    invoices = tables.invoices.filter(tables.invoices.amount_minor > 0).select(
        "invoice_id", "client_id", "due_date", "amount_minor")
    payments = tables.payments.filter(tables.payments.paid_on <= as_of)
    paid = payments.join(invoices.select("invoice_id", "due_date"), "invoice_id")
    days_after_due = ibis.greatest(paid.paid_on.delta(paid.due_date, unit="day"), 0)
    per_invoice = paid.group_by("invoice_id").aggregate(
        paid_minor=paid.amount_minor.sum(),
        paid_by_due_minor=paid.amount_minor.sum(where=paid.paid_on <= paid.due_date),
        paid_late_money_days=(paid.amount_minor * days_after_due).sum(),
        last_paid_on=paid.paid_on.max(),
    )
    joined = invoices.left_join(per_invoice, "invoice_id").select(
        invoices, "paid_minor", "paid_by_due_minor", "paid_late_money_days", "last_paid_on"
    )
    paid_minor = joined.paid_minor.fill_null(0)
    unpaid = ibis.greatest(joined.amount_minor - paid_minor, 0)
    days_overdue = ibis.greatest(as_of.delta(joined.due_date, unit="day"), 0)
    settled = unpaid == 0
    return joined.mutate(
        unpaid_minor=unpaid,
        # days from the due date to full settlement, or (unsettled) to the as-of date
        days_late=ibis.greatest(ibis.ifelse(
            settled, joined.last_paid_on.delta(joined.due_date, unit="day"),
            as_of.delta(joined.due_date, unit="day")), 0),
        settled=settled,
        late_money_days=joined.paid_late_money_days.fill_null(0) + unpaid * days_overdue,
        paid_late=joined.paid_by_due_minor.fill_null(0) < joined.amount_minor,
        due_in_window=in_window(joined.due_date, window) & (joined.due_date < as_of),
        overdue=(joined.due_date < as_of) & (unpaid > 0),
    )


def payment_behaviour(tables: Tables, window: Window) -> Table:
    lateness = invoice_lateness(tables, window)
    due = lateness.filter(lateness.due_in_window)
    behaviour = due.group_by("client_id").aggregate(
        due_invoice_count=due.count(),
        due_amount_minor=due.amount_minor.sum(),
        late_money_days=due.late_money_days.sum(),
        late_invoice_count=due.paid_late.sum(),
    )
    overdue = lateness.filter(lateness.overdue)
    balance = overdue.group_by("client_id").aggregate(
        overdue_minor=overdue.unpaid_minor.sum(), overdue_invoice_count=overdue.count()
    )
    return behaviour.outer_join(balance, "client_id").select(
        client_id=ibis.coalesce(behaviour.client_id, balance.client_id),
        due_invoice_count=behaviour.due_invoice_count,
        due_amount_minor=behaviour.due_amount_minor,
        late_money_days=behaviour.late_money_days,
        late_invoice_count=behaviour.late_invoice_count,
        overdue_minor=balance.overdue_minor,
        overdue_invoice_count=balance.overdue_invoice_count,
    )


def payment_trend(tables: Tables, window: Window, recent_start: date, late_days: int) -> Table:
    """Whether the client pays later than it used to: of the invoices due in the window whose
    lateness beyond `late_days` can be told (settled, or due more than `late_days` days before
    the as-of date), how many were settled more than `late_days` days after their due date
    (or are still unpaid that long), in the whole window and among those due from
    `recent_start` on (`_recent`), with the recent ones' amount-weighted days late."""
    lateness = invoice_lateness(tables, window)
    as_of = ibis.date(window.as_of)
    told = lateness.filter(lateness.due_in_window & (
        lateness.settled | (as_of.delta(lateness.due_date, unit="day") > late_days)))
    very_late = told.days_late > late_days
    recent = told.due_date >= ibis.date(recent_start)
    return told.group_by("client_id").aggregate(
        told_invoice_count=told.count(),
        very_late_invoice_count=very_late.sum(),
        told_invoice_count_recent=recent.sum(),
        very_late_invoice_count_recent=(very_late & recent).sum(),
        told_amount_minor_recent=told.amount_minor.sum(where=recent),
        late_money_days_recent=told.late_money_days.sum(where=recent),
    )
