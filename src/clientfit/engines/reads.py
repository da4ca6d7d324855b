"""The few store reads an assessment makes besides the signals (store.queries,
store.decisions), as Ibis expressions over an engine's tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def _records(expression: Any) -> list[dict[str, Any]]:
    """Rows as plain Python values (Arrow gives dates, datetimes and ints as they are)."""
    return expression.to_pyarrow().to_pylist()


def latest_record_date(connection: Any) -> date | None:
    """The newest date on any dated record (store.queries.latest_record_date)."""
    parts = [connection.table(table)[column].max().name("latest")
             for table, column in (("invoices", "issue_date"), ("payments", "paid_on"),
                                   ("time_entries", "work_date"), ("milestones", "delivered_on"))]
    found: list[date] = [value for part in parts
                         if (value := _scalar(part)) is not None]
    latest_message = _scalar(connection.table("messages").sent_at.max())
    if isinstance(latest_message, datetime):
        found.append(latest_message.date())
    return max(found) if found else None


def _scalar(expression: Any) -> Any:
    value = expression.to_pyarrow().as_py()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value


def staff_names(connection: Any) -> dict[str, str]:
    staff = connection.table("staff")
    return {row["staff_id"]: row["name"] for row in _records(staff.select("staff_id", "name"))}


def assignment_pairs(connection: Any) -> list[dict[str, Any]]:
    table = connection.table("assignments")
    return _records(table.select("client_id", "staff_id").distinct()
                    .order_by("client_id", "staff_id"))


def exchange_rates(connection: Any, currencies: set[str]) -> list[dict[str, Any]]:
    rates = connection.table("exchange_rates")
    return _records(rates.filter(rates.currency.isin(sorted(currencies))))


def active_overrides(connection: Any) -> dict[str, dict[str, Any]]:
    """The newest unrevoked override of each client (store.decisions.active_overrides)."""
    overrides = connection.table("overrides")
    rows = _records(overrides.filter(overrides.revoked_at.isnull())
                    .order_by("created_at", "override_id"))
    return {row["client_id"]: row for row in rows}
