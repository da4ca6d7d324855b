"""Value signals: revenue, collected cash, cost-to-serve (see docs/metrics.md)."""

from __future__ import annotations

from ibis.expr.types import Table

from clientfit.domain import Window
from clientfit.signals.tables import Tables, in_window, net_amount


def revenue(tables: Tables, window: Window) -> Table:
    """Invoiced amounts issued in the window, credit notes (negative invoices) included: net of
    sales tax (`revenue_minor`, the revenue) and gross (`invoiced_gross_minor`, what the client
    is asked to pay)."""
    invoices = tables.invoices.filter(in_window(tables.invoices.issue_date, window))
    return invoices.group_by("client_id").aggregate(
        revenue_minor=net_amount(invoices).sum(),
        invoiced_gross_minor=invoices.amount_minor.sum(),
        invoice_count=(invoices.amount_minor > 0).sum(),
        credit_note_count=(invoices.amount_minor < 0).sum(),
    )


def collected(tables: Tables, window: Window) -> Table:
    """Payments received in the window, whatever invoice they settle (gross: cash in)."""
    payments = tables.payments.filter(in_window(tables.payments.paid_on, window))
    joined = payments.join(tables.invoices, "invoice_id")
    return joined.group_by("client_id").aggregate(collected_minor=joined.amount_minor.sum())


def work(tables: Tables, window: Window) -> Table:
    """Minutes worked in the window and their cost at each staff member's hourly cost rate.

    `cost_rate_minutes` is the exact integer sum of minutes x rate (minor units per hour, in
    the reporting currency); cost-to-serve is that divided by 60.
    """
    entries = tables.time_entries.filter(in_window(tables.time_entries.work_date, window))
    # converted entries (signals.conversion) carry the cost rate of their day already
    joined = entries if "hourly_cost_minor" in entries.columns else entries.join(
        tables.staff.select("staff_id", "hourly_cost_minor"), "staff_id")
    return joined.group_by("client_id").aggregate(
        minutes=joined.minutes.sum(),
        nonbillable_minutes=joined.minutes.sum(where=~joined.billable),
        cost_rate_minutes=(joined.minutes.cast("int64") * joined.hourly_cost_minor).sum(),
        time_entry_count=joined.count(),
    )


def recent_work(tables: Tables, window: Window) -> Table:
    """Minutes and time entries of the recent period (`window` is that period), billable or not:
    non-billable work that grew lately shows here before it moves the whole window's share."""
    entries = tables.time_entries.filter(in_window(tables.time_entries.work_date, window))
    return entries.group_by("client_id").aggregate(
        minutes_recent=entries.minutes.sum(),
        nonbillable_minutes_recent=entries.minutes.sum(where=~entries.billable),
        time_entry_count_recent=entries.count(),
    )
