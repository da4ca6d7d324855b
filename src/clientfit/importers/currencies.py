"""Currencies of imported records: the home currency, each client's own, rates as exact text.

A file that names no currency is in the home currency (the one most stored invoices are in);
a client's currency is the one most of its own invoices are in; nothing is assumed.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.store import schema

UNKNOWN_CURRENCY = "XXX"  # ISO 4217 "no currency": a client or cost with no money records yet


def decimal_text(value: Decimal) -> str:
    """A rate as plain decimal text, exactly (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text[:32]


def dominant_currency(connection: Connection) -> str | None:
    """The currency most stored invoices are in: the business's home currency, or None."""
    found = connection.execute(
        sa.select(schema.invoices.c.currency).group_by(schema.invoices.c.currency)
        .order_by(sa.func.count().desc(), schema.invoices.c.currency).limit(1)).scalar()
    return str(found) if found else None


def own_currencies(connection: Connection) -> None:
    """Each client's currency from its own invoices (the one most of them are in); a staff
    member's cost rate with no currency of its own takes the home currency once there is one."""
    invoices, clients, staff = schema.invoices, schema.clients, schema.staff
    counts = connection.execute(
        sa.select(invoices.c.client_id, invoices.c.currency, sa.func.count())
        .group_by(invoices.c.client_id, invoices.c.currency)).all()
    best: dict[str, str] = {}
    for client_id, currency, _number in sorted(counts, key=lambda r: (r[0], -r[2], r[1])):
        best.setdefault(client_id, currency)
    stored = dict(connection.execute(sa.select(clients.c.client_id, clients.c.currency)).all())
    for client_id, currency in best.items():
        if stored.get(client_id) != currency:
            connection.execute(sa.update(clients).where(clients.c.client_id == client_id)
                               .values(currency=currency))
    home = dominant_currency(connection)
    if home:
        connection.execute(sa.update(staff).where(
            staff.c.currency == UNKNOWN_CURRENCY, staff.c.hourly_cost_minor != 0
        ).values(currency=home))
