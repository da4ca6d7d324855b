"""Payment signals: amount-weighted days late, share paid late, overdue balance."""

from __future__ import annotations

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
    )
    joined = invoices.left_join(per_invoice, "invoice_id").select(
        invoices, "paid_minor", "paid_by_due_minor", "paid_late_money_days"
    )
    paid_minor = joined.paid_minor.fill_null(0)
    unpaid = ibis.greatest(joined.amount_minor - paid_minor, 0)
    days_overdue = ibis.greatest(as_of.delta(joined.due_date, unit="day"), 0)
    return joined.mutate(
        unpaid_minor=unpaid,
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
