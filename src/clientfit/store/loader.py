"""Writing records: insert new rows, update changed ones, count what happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

CHUNK = 2000


@dataclass
class LoadCounts:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: LoadCounts) -> LoadCounts:
        self.read += other.read
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def upsert(connection: Connection, table: sa.Table, rows: Iterable[dict[str, Any]]) -> LoadCounts:
    """Insert rows whose key is new, update rows whose values changed, skip identical ones.

    Re-running the same input therefore adds and updates nothing. Every row read is counted once
    as added, updated or unchanged; a key repeated within the input (the same message in two
    mailboxes) counts as unchanged after its first row.
    """
    key_columns = [column.name for column in table.primary_key.columns]
    counts = LoadCounts()
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        counts += _upsert_chunk(connection, table, key_columns, chunk)
    return counts


def _upsert_chunk(
    connection: Connection, table: sa.Table, key_columns: list[str], chunk: list[dict[str, Any]]
) -> LoadCounts:
    by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in chunk:  # a key repeated within the input: the last row wins
        by_key[tuple(row[name] for name in key_columns)] = row
    key_expr = sa.tuple_(*(table.c[name] for name in key_columns))
    existing = {
        tuple(row[name] for name in key_columns): dict(row)
        for row in connection.execute(
            sa.select(table).where(key_expr.in_(list(by_key)))
        ).mappings()
    }
    new_rows = [row for key, row in by_key.items() if key not in existing]
    changed = [
        row for key, row in by_key.items()
        if key in existing and any(existing[key][name] != value for name, value in row.items())
    ]
    if new_rows:
        connection.execute(sa.insert(table), new_rows)
    if changed:
        value_columns = [name for name in changed[0] if name not in key_columns]
        statement = (
            sa.update(table)
            .where(*(table.c[name] == sa.bindparam(f"key_{name}") for name in key_columns))
            .values({name: sa.bindparam(f"value_{name}") for name in value_columns})
        )
        connection.execute(statement, [
            {**{f"key_{n}": row[n] for n in key_columns},
             **{f"value_{n}": row[n] for n in value_columns}}
            for row in changed
        ])
    return LoadCounts(
        read=len(chunk),
        added=len(new_rows),
        updated=len(changed),
        unchanged=len(chunk) - len(new_rows) - len(changed),
    )


def existing_ids(connection: Connection, table: sa.Table) -> set[Any]:
    """Primary-key values of a single-key table, for reference checks before writing."""
    (key,) = table.primary_key.columns
    return set(connection.execute(sa.select(key)).scalars())
