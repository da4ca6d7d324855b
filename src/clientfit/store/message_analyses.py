"""Writing stored message analyses (schema_text.message_analyses); reads go through Ibis.

A row is written only if the message still holds the text that was analysed: the insert selects
the message by id *and* subject, body, language and direction, so an analysis computed from a
text that an import replaced in the meantime is dropped instead of stored. Together with the
trigger of migration 0007 (which deletes a message's analyses when its text changes) no stored
analysis describes a text the message no longer has.

`store_analyses` writes many rows in short transactions of CHUNK rows each, so a run that stores
a million analyses never holds SQLite's write lock for more than a fraction of a second: the
web app's writes wait for one chunk (the store's busy timeout) instead of failing. The rows are
a cache, so a run stopped between chunks leaves a consistent store and the next run writes
only what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from clientfit.store import schema
from clientfit.store.database import Store
from clientfit.store.schema_text import message_analyses

# Rows per transaction of `store_analyses`: on SQLite ~2,000 inserts (or deletes) take ~30 ms,
# short enough for a concurrent write to wait, long enough that committing is a small cost.
CHUNK = 2000
# The message's text as it was analysed, checked when the row is written.
SOURCE_COLUMNS = ("subject", "body", "language", "direction")
VALUE_COLUMNS = ("lang", "tone", "tone_score", "labels", "kinds", "questions", "evidence",
                 "words", "says_repeat", "probabilities")
# Values a row may leave out (stored as NULL): `probabilities` came with migration 0010.
OPTIONAL_KEYS = ("probabilities",)
ROW_KEYS = ("message_id", "lang_hint", *VALUE_COLUMNS, *SOURCE_COLUMNS)


def _insert_statement(connection: Connection, analyzer: str, version: str) -> Any:
    messages = schema.messages
    table = message_analyses

    def param(name: str, column: sa.Column) -> Any:
        return sa.cast(sa.bindparam(f"p_{name}"), column.type)

    select = sa.select(
        messages.c.message_id,
        sa.literal(analyzer, table.c.analyzer.type),
        sa.literal(version, table.c.version.type),
        param("lang_hint", table.c.lang_hint),
        *(param(name, table.c[name]) for name in VALUE_COLUMNS),
    ).where(
        messages.c.message_id == sa.bindparam("p_message_id"),
        messages.c.subject == sa.bindparam("p_subject"),
        messages.c.body == sa.bindparam("p_body"),
        messages.c.direction == sa.bindparam("p_direction"),
        messages.c.language.is_not_distinct_from(
            sa.cast(sa.bindparam("p_language"), messages.c.language.type)),
    )
    columns = ["message_id", "analyzer", "version", "lang_hint", *VALUE_COLUMNS]
    dialect = connection.dialect.name
    if dialect == "sqlite":
        return sqlite.insert(table).from_select(columns, select).on_conflict_do_nothing()
    if dialect == "postgresql":
        return postgresql.insert(table).from_select(columns, select).on_conflict_do_nothing()
    return sa.insert(table).from_select(columns, select)


def save_analyses(connection: Connection, analyzer: str, version: str,
                  rows: Sequence[dict[str, Any]]) -> int:
    """Store analyses made by `analyzer` at `version` in the caller's transaction; returns the
    rows written.

    Each row holds ROW_KEYS: the message id, the language hint ("" for none), the analysis
    values (JSON text for labels, kinds, questions and evidence) and the message's subject,
    body, language and direction as analysed. Rows of messages whose text changed since, or
    that are already stored, are skipped. Analyses of other versions of the same analyzer are
    deleted: they can never be used again.
    """
    _check(analyzer, version, rows)
    _delete_other_versions(connection, analyzer, version)
    if not rows:
        return 0
    before = stored_count(connection, analyzer, version)
    _insert(connection, analyzer, version, rows)
    return stored_count(connection, analyzer, version) - before


def store_analyses(store: Store, analyzer: str, version: str, rows: Sequence[dict[str, Any]],
                   *, chunk: int = CHUNK,
                   after_chunk: Callable[[int], object] | None = None) -> int:
    """`save_analyses` in short transactions of `chunk` rows each; returns the rows written.

    The other versions' analyses are deleted first, about `chunk` rows per transaction too.
    `after_chunk(rows done)` is called after each committed chunk, with the number of rows
    of `rows` handled so far. (The count of rows written is read before and after: a row
    count of `INSERT ... SELECT` run many times is not reliable on every driver.)
    """
    _check(analyzer, version, rows)
    after: str | None = None
    while True:
        with store.transaction() as connection:
            last = _stale_boundary(connection, analyzer, version, chunk, after)
            _delete_other_versions(connection, analyzer, version, after, last)
        if last is None:
            break
        after = last
    if not rows:
        return 0
    with store.reading() as connection:
        before = stored_count(connection, analyzer, version)
    for start in range(0, len(rows), chunk):
        with store.transaction() as connection:
            _insert(connection, analyzer, version, rows[start:start + chunk])
        if after_chunk is not None:
            after_chunk(min(start + chunk, len(rows)))
    with store.reading() as connection:
        return stored_count(connection, analyzer, version) - before


def _check(analyzer: str, version: str, rows: Sequence[dict[str, Any]]) -> None:
    if not analyzer or not version:
        raise ValueError("an analysis needs the analyzer's name and version")
    missing = [key for key in ROW_KEYS
               if rows and key not in rows[0] and key not in OPTIONAL_KEYS]
    if missing:
        raise ValueError(f"analysis rows lack: {', '.join(missing)}")


def _stale_boundary(connection: Connection, analyzer: str, version: str, count: int,
                    after: str | None) -> str | None:
    """The message id of the `count`-th analysis of another version after message `after` (in
    key order, so each chunk of deletes seeks the primary key); None if fewer are left."""
    table = message_analyses
    query = sa.select(table.c.message_id).where(table.c.analyzer == analyzer,
                                                table.c.version != version)
    if after is not None:
        query = query.where(table.c.message_id > after)
    query = query.order_by(table.c.message_id).offset(count - 1).limit(1)
    return connection.execute(query).scalar_one_or_none()


def _delete_other_versions(connection: Connection, analyzer: str, version: str,
                           after: str | None = None, last: str | None = None) -> int:
    """Delete the analyses of `analyzer` at other versions (of messages after `after`, up to
    `last`, when given); returns the rows deleted."""
    table = message_analyses
    statement = sa.delete(table).where(table.c.analyzer == analyzer, table.c.version != version)
    if after is not None:
        statement = statement.where(table.c.message_id > after)
    if last is not None:
        statement = statement.where(table.c.message_id <= last)
    return int(connection.execute(statement).rowcount or 0)


def _insert(connection: Connection, analyzer: str, version: str,
            rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    statement = _insert_statement(connection, analyzer, version)
    iterator = iter(rows)
    while part := list(islice(iterator, CHUNK)):
        connection.execute(statement, [{f"p_{key}": row.get(key) for key in ROW_KEYS}
                                       for row in part])


def stored_count(connection: Connection, analyzer: str, version: str | None = None) -> int:
    """How many analyses are stored for `analyzer` (at `version`, if given)."""
    table = message_analyses
    query = sa.select(sa.func.count()).select_from(table).where(table.c.analyzer == analyzer)
    if version is not None:
        query = query.where(table.c.version == version)
    return int(connection.execute(query).scalar_one())


def forget_analyses(connection: Connection, analyzer: str | None = None) -> int:
    """Delete stored analyses (of one analyzer, or all); returns the rows deleted."""
    table = message_analyses
    statement = sa.delete(table)
    if analyzer is not None:
        statement = statement.where(table.c.analyzer == analyzer)
    return int(connection.execute(statement).rowcount or 0)
