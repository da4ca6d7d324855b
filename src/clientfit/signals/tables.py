"""The store's record tables as Ibis tables, and the window filters every signal shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
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


def in_window(column: Any, window: Window) -> Any:
    return column.between(ibis.date(window.start), ibis.date(window.as_of))
