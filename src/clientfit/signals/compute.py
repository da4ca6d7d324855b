"""All per-client signals for a window, as one table (see docs/metrics.md for definitions).

Aggregates are exact integers (minor units, minutes); ratios divide two such integers, so every
engine returns the same numbers for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import ibis
import pandas as pd
from ibis.expr.types import Table

from clientfit.domain import Window
from clientfit.signals.delivery import delivery
from clientfit.signals.payment import payment_behaviour, payment_trend
from clientfit.signals.tables import Tables, active_clients
from clientfit.signals.value import collected, recent_work, revenue, work


@dataclass(frozen=True)
class MetricDefinition:
    name: str
    label: str
    unit: str  # "money" (minor units), "ratio", "days", "hours", "count", "money/hour"


METRICS: tuple[MetricDefinition, ...] = (
    MetricDefinition("revenue_minor", "net revenue (before sales tax)", "money"),
    MetricDefinition("invoiced_gross_minor", "invoiced incl. sales tax", "money"),
    MetricDefinition("collected_minor", "collected cash", "money"),
    MetricDefinition("cost_to_serve_minor", "cost-to-serve", "money"),
    MetricDefinition("margin_minor", "margin", "money"),
    MetricDefinition("margin_pct", "margin %", "ratio"),
    MetricDefinition("effective_hourly_rate_minor", "effective hourly rate", "money/hour"),
    MetricDefinition("revenue_share", "share of portfolio net revenue", "ratio"),
    MetricDefinition("days_late", "amount-weighted days late", "days"),
    MetricDefinition("late_invoice_share", "share of invoices paid late", "ratio"),
    MetricDefinition("overdue_minor", "overdue balance", "money"),
    MetricDefinition("hours", "hours worked", "hours"),
    MetricDefinition("hours_per_1000_revenue", "hours per 1,000 of net revenue", "hours"),
    MetricDefinition("nonbillable_share", "non-billable share of hours", "ratio"),
    MetricDefinition("nonbillable_share_recent", "non-billable share of hours, recent period",
                     "ratio"),
    MetricDefinition("days_late_recent", "amount-weighted days late, invoices due recently",
                     "days"),
    MetricDefinition("missed_milestone_share", "missed-milestone share", "ratio"),
    MetricDefinition("invoice_count", "invoices issued", "count"),
    MetricDefinition("due_invoice_count", "invoices falling due", "count"),
    MetricDefinition("late_invoice_count", "invoices paid late", "count"),
    MetricDefinition("milestone_count", "milestones due", "count"),
    MetricDefinition("missed_milestone_count", "milestones missed", "count"),
    MetricDefinition("inbound_messages", "messages from the client", "count"),
    MetricDefinition("negative_share", "negative share of client messages", "ratio"),
    MetricDefinition("complaints", "complaints", "count"),
    MetricDefinition("threats", "threats and escalations", "count"),
    MetricDefinition("demands", "demands", "count"),
    MetricDefinition("praise", "praise", "count"),
    MetricDefinition("scope_requests", "requests to change or extend scope", "count"),
    MetricDefinition("repeated_questions", "repeated questions", "count"),
    MetricDefinition("response_median_hours", "our median first reply (business hours)", "hours"),
    MetricDefinition("response_p90_hours", "our 90th percentile first reply (business hours)",
                     "hours"),
    MetricDefinition("unanswered", "messages without a reply", "count"),
    MetricDefinition("after_hours_demands", "demands after hours", "count"),
    MetricDefinition("tone_slope_per_month", "tone trend per month", "score"),
    MetricDefinition("p_alive", "probability still buying (project clients)", "ratio"),
    MetricDefinition("expected_revenue_horizon_minor", "expected revenue, next 12 months",
                     "money"),
    MetricDefinition("clv_minor", "customer lifetime value (discounted)", "money"),
)

COUNT_COLUMNS = (
    "revenue_minor", "invoiced_gross_minor", "invoice_count", "credit_note_count",
    "collected_minor", "minutes",
    "nonbillable_minutes", "cost_rate_minutes", "time_entry_count", "due_invoice_count",
    "due_amount_minor", "late_money_days", "late_invoice_count", "overdue_minor",
    "overdue_invoice_count", "milestone_count", "missed_milestone_count",
)
# recent work and lateness: a second query (one more join level overflows SQLite's parser)
TREND_COLUMNS = (
    "minutes_recent", "nonbillable_minutes_recent", "time_entry_count_recent",
    "told_invoice_count", "very_late_invoice_count", "told_invoice_count_recent",
    "very_late_invoice_count_recent", "told_amount_minor_recent", "late_money_days_recent",
)
RECENT_DAYS = 90  # the recent period's length by default (policy communication.recent_days)
LATE_DAYS = 15  # an invoice this many days late counts as very late (policy keep.max_days_late)


def ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a float, null when the denominator is not positive.

    Both sides are cast to float first: PostgreSQL divides integers as integers.
    """
    quotient = numerator.cast("float64") / denominator.cast("float64")
    return ibis.ifelse(denominator > 0, quotient, ibis.null("float64"))


def signals_expression(tables: Tables, window: Window) -> Table:
    clients = active_clients(tables, window).select(
        "client_id", "name", "owner_staff_id", "language", "kind", "currency", "started_on"
    )
    joined = clients
    for part in (revenue(tables, window), collected(tables, window), work(tables, window),
                 payment_behaviour(tables, window), delivery(tables, window)):
        joined = joined.left_join(part, "client_id").drop("client_id_right")
    filled = joined.mutate(**{name: joined[name].fill_null(0) for name in COUNT_COLUMNS})
    cost = (filled.cost_rate_minutes + 30) // 60
    margin = filled.revenue_minor - cost
    positive_revenue = ibis.greatest(filled.revenue_minor, 0)
    return filled.mutate(
        cost_to_serve_minor=cost,
        margin_minor=margin,
        margin_pct=ratio(margin, filled.revenue_minor),
        effective_hourly_rate_minor=ratio(filled.revenue_minor * 60, filled.minutes),
        revenue_share=ratio(positive_revenue, positive_revenue.sum().over()),
        days_late=ratio(filled.late_money_days, filled.due_amount_minor),
        late_invoice_share=ratio(filled.late_invoice_count, filled.due_invoice_count),
        hours=filled.minutes.cast("float64") / 60,
        hours_per_1000_revenue=ratio(filled.minutes * 100_000, filled.revenue_minor * 60),
        nonbillable_share=ratio(filled.nonbillable_minutes, filled.minutes),
        missed_milestone_share=ratio(filled.missed_milestone_count, filled.milestone_count),
    ).order_by("client_id")


@dataclass(frozen=True)
class SignalTable:
    frame: pd.DataFrame  # one row per active client
    currency: str | None

    def rows(self) -> list[dict[str, Any]]:
        """Plain Python rows: NaN becomes None, numpy scalars become int/float."""
        records = self.frame.astype(object).where(self.frame.notna(), None)
        return [
            {key: _plain(value) for key, value in row.items()}
            for row in records.to_dict(orient="records")
        ]


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def compute_signals(connection: Any, window: Window, currency: str | None = None,
                    recent_days: int = RECENT_DAYS, late_days: int = LATE_DAYS) -> SignalTable:
    """One row per active client: identity columns, raw aggregates and every metric, money in
    `currency` (the connection converts: signals.conversion). Metrics ending in `_recent` cover
    the last `recent_days` days; an invoice more than `late_days` days late is very late."""
    tables = Tables.from_connection(connection)
    frame = signals_expression(tables, window).to_pandas()
    trend = trend_expression(tables, window, recent_days, late_days).to_pandas()
    frame = frame.merge(trend, on="client_id", how="left")
    frame[list(TREND_COLUMNS)] = frame[list(TREND_COLUMNS)].fillna(0).astype("int64")
    frame["nonbillable_share_recent"] = _share(frame["nonbillable_minutes_recent"],
                                               frame["minutes_recent"])
    frame["days_late_recent"] = _share(frame["late_money_days_recent"],
                                       frame["told_amount_minor_recent"])
    return SignalTable(frame.astype({name: "int64" for name in COUNT_COLUMNS}), currency)


def trend_expression(tables: Tables, window: Window, recent_days: int = RECENT_DAYS,
                     late_days: int = LATE_DAYS) -> Table:
    """Per client: the recent period's work (billable or not) and how late its invoices were
    paid, recently and over the window (signals.value.recent_work, signals.payment.payment_trend).
    """
    recent = Window(max(window.start, window.as_of - timedelta(days=recent_days - 1)),
                    window.as_of)
    work_part = recent_work(tables, recent)
    paid_part = payment_trend(tables, window, recent.start, late_days)
    joined = work_part.outer_join(paid_part, "client_id")
    return joined.select(
        client_id=ibis.coalesce(work_part.client_id, paid_part.client_id),
        **{name: joined[name] for name in TREND_COLUMNS},
    )


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as floats, NaN where the denominator is not positive."""
    return (numerator.astype(float) / denominator.astype(float)).where(denominator > 0)
