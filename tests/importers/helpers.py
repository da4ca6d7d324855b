"""Paths to the fixtures and a content snapshot of the store, for the importer tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from clientfit.store import Store, open_store
from clientfit.store.schema import metadata

DATA = Path(__file__).parents[1] / "data" / "imports"
REAL = Path(__file__).parents[2] / ".." / "shared" / "formats"

SNAPSHOT_TABLES = (
    "clients", "staff", "time_entries", "invoices", "payments", "messages",
    "client_identities", "staff_identities", "record_keys", "imports",
)


def fresh_store(url: str) -> Store:
    return open_store(url)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the record and identity tables, sorted: equal snapshots, equal content."""
    result = {}
    with store.reading() as connection:
        for name in SNAPSHOT_TABLES:
            table = metadata.tables[name]
            rows = connection.execute(sa.select(table)).all()
            result[name] = sorted(tuple(map(repr, row)) for row in rows)
    return result


def count(store: Store, table: str, where: str = "") -> int:
    with store.reading() as connection:
        return connection.execute(
            sa.text(f"SELECT COUNT(*) FROM {table} {where}")  # noqa: S608 - test helper
        ).scalar_one()


def rows(store: Store, sql: str, **params: Any) -> list[dict[str, Any]]:
    with store.reading() as connection:
        return [dict(r._mapping) for r in connection.execute(sa.text(sql), params)]
