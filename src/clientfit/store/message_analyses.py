"""Writing stored message analyses (schema_text.message_analyses); reads go through Ibis.

A row is written only if the message still holds the text that was analysed: the insert selects
the message by id *and* subject, body, language and direction, so an analysis computed from a
text that an import replaced in the meantime is dropped instead of stored. Together with the
trigger of migration 0007 (which deletes a message's analyses when its text changes) no stored
analysis describes a text the message no longer has.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from clientfit.store import schema
from clientfit.store.schema_text import message_analyses

CHUNK = 5000
# The message's text as it was analysed, checked when the row is written.
SOURCE_COLUMNS = ("subject", "body", "language", "direction")
VALUE_COLUMNS = ("lang", "tone", "tone_score", "labels", "kinds", "questions", "evidence",
                 "words", "says_repeat")
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
    """Store analyses made by `analyzer` at `version`; returns the rows written.

    Each row holds ROW_KEYS: the message id, the language hint ("" for none), the analysis
    values (JSON text for labels, kinds, questions and evidence) and the message's subject,
    body, language and direction as analysed. Rows of messages whose text changed since, or
    that are already stored, are skipped. Analyses of other versions of the same analyzer are
    deleted: they can never be used again.
    """
    if not analyzer or not version:
        raise ValueError("an analysis needs the analyzer's name and version")
    missing = [key for key in ROW_KEYS if rows and key not in rows[0]]
    if missing:
        raise ValueError(f"analysis rows lack: {', '.join(missing)}")
    table = message_analyses
    connection.execute(sa.delete(table).where(table.c.analyzer == analyzer,
                                              table.c.version != version))
    if not rows:
        return 0
    statement = _insert_statement(connection, analyzer, version)
    before = stored_count(connection, analyzer, version)
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        connection.execute(statement, [{f"p_{key}": row[key] for key in ROW_KEYS}
                                       for row in chunk])
    return stored_count(connection, analyzer, version) - before


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
