"""The store's record tables as Ibis tables, and the window filters every signal shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import pyarrow as pa
from ibis.expr.types import Table

from clientfit.domain import Window


@dataclass(frozen=True)
class Tables:
    clients: Table
    staff: Table
    time_entries: Table
    invoices: Table
    payments: Table
    milestones: Table
    messages: Table

    @classmethod
    def from_connection(cls, connection: Any) -> Tables:
        return cls(**{name: connection.table(name) for name in cls.__dataclass_fields__})


def active_clients(tables: Tables, window: Window) -> Table:
    """Clients whose relationship is running on the window's last day."""
    clients = tables.clients
    as_of = ibis.date(window.as_of)
    return clients.filter(
        clients.started_on.isnull() | (clients.started_on <= as_of),
        clients.ended_on.isnull() | (clients.ended_on > as_of),
    )


# Above this many values `among` joins with an in-memory table instead of an IN list: an IN
# list is one expression node per value, and compiling 5,000 of them costs Ibis ~0.6 s of CPU
# a query (benchmarks/RESULTS.md, e15m) — per batch of clients and per query of it.
IN_LIST_LIMIT = 500


def among(table: Table, column: str, values: Sequence[str]) -> Table:
    """The rows of `table` whose string `column` is one of `values` (no null values)."""
    values = list(values)
    if len(values) <= IN_LIST_LIMIT:
        return table.filter(table[column].isin(values))
    chosen = ibis.memtable(pa.table({column: pa.array(values, type=pa.string())}))
    return table.semi_join(chosen, column)


def in_window(column: Any, window: Window) -> Any:
    return column.between(ibis.date(window.start), ibis.date(window.as_of))


def net_amount(invoices: Table) -> Any:
    """An invoice's net amount (before sales tax), the revenue; its gross `amount_minor` when
    the row carries no net (written without one: net = gross). Payments, balances and lateness
    read the gross `amount_minor` (docs/metrics.md)."""
    return ibis.coalesce(invoices.net_minor, invoices.amount_minor)
