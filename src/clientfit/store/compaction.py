"""Compaction after an erasure, proven rather than hoped for (issue 17).

Deleted rows stay readable in the database files until they are overwritten: on SQLite in the
write-ahead log and in freed pages of the main file, on PostgreSQL in the dead tuples of every
table and index that held them (and their TOAST). After an erasure:

- SQLite: deleted content is zeroed as it is deleted (`secure_delete`), the file is rebuilt
  (`VACUUM`) and the WAL checkpointed into it and truncated. A checkpoint cannot pass a reader
  that still holds an older snapshot, so its result `(busy, log, checkpointed)` is checked and
  retried until `ERASE_WAIT` seconds have passed.
- PostgreSQL: `VACUUM FULL` rewrites every table the erasure touched (message_analyses and
  record_keys included), with its indexes and TOAST, waiting for readers' locks up to the limit.

When the limit passes, the command fails loudly (`CompactionPending`) and the audit log records
a pending compaction; every later `open_store` retries it briefly and reports the outcome.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable

import sqlalchemy as sa

from clientfit.errors import ClientfitError
from clientfit.store.decisions import append_audit
from clientfit.store.schema_decisions import audit_log

ERASE_WAIT = float(os.environ.get("CLIENTFIT_ERASE_WAIT", "30"))  # seconds
RETRY_WAIT = 1.0  # a later command's retry: brief, it has its own work to do
SUBJECT = ("store", "compaction")
log = logging.getLogger("clientfit")


class CompactionPending(ClientfitError):
    """Rows were erased but the files may still hold them until a reader lets go."""

    exit_code = 4


def _sqlite(engine: sa.Engine, deadline: float) -> str | None:
    """None when the main file and WAL hold no erased data; else why not."""
    last = "not tried"
    vacuumed = False
    while True:
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                if not vacuumed:
                    connection.exec_driver_sql("VACUUM")
                    vacuumed = True
                busy, log_frames, done = connection.exec_driver_sql(
                    "PRAGMA wal_checkpoint(TRUNCATE)").one()
                if not busy:
                    return None
                last = (f"a reader holds the write-ahead log ({done} of {log_frames} pages "
                        "checkpointed)")
        except sa.exc.OperationalError as exc:
            last = f"the database is busy ({exc.orig})"
        if time.monotonic() >= deadline:
            return last
        time.sleep(0.2)


def _postgres(engine: sa.Engine, tables: Iterable[str], deadline: float) -> str | None:
    pending = sorted(set(tables))
    while pending:
        seconds = max(int((deadline - time.monotonic()) * 1000), 1)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            inspector = sa.inspect(connection)
            try:
                connection.exec_driver_sql(f"SET lock_timeout = {seconds}")
                for table in list(pending):
                    if inspector.has_table(table):
                        connection.exec_driver_sql(f'VACUUM FULL "{table}"')
                    pending.remove(table)
            except sa.exc.OperationalError as exc:
                return f"a reader holds {pending[0]} ({str(exc.orig).splitlines()[0]})"
    return None


def compact(engine: sa.Engine, tables: Iterable[str], *, wait: float | None = None) -> None:
    """Rewrite the database files so erased rows cannot be read back from them; raise
    CompactionPending (after recording it) when readers keep that from finishing in time."""
    tables = sorted(set(tables))
    deadline = time.monotonic() + (ERASE_WAIT if wait is None else wait)
    if engine.dialect.name == "sqlite":
        problem = _sqlite(engine, deadline)
    elif engine.dialect.name == "postgresql":
        problem = _postgres(engine, tables, deadline)
    else:
        problem = None
    with engine.begin() as connection:
        if problem is None:
            if pending(connection) is not None:
                append_audit(connection, actor="clientfit", action="data.compact_done",
                             subject_kind=SUBJECT[0], subject_id=SUBJECT[1],
                             details={"tables": tables})
            return
        append_audit(connection, actor="clientfit", action="data.compact_pending",
                     subject_kind=SUBJECT[0], subject_id=SUBJECT[1],
                     reason=problem, details={"tables": tables})
    raise CompactionPending(
        f"the client's rows are deleted, but the database files may still hold them: {problem}. "
        "A pending erasure is recorded; every later clientfit command retries it and says "
        "when it is done.")


def pending(connection: sa.Connection) -> list[str] | None:
    """The tables of a compaction still pending, or None."""
    row = connection.execute(
        sa.select(audit_log.c.action, audit_log.c.details)
        .where(audit_log.c.subject_kind == SUBJECT[0], audit_log.c.subject_id == SUBJECT[1])
        .order_by(audit_log.c.entry_id.desc()).limit(1)).first()
    if row is None or row.action != "data.compact_pending":
        return None
    return list(json.loads(row.details or "{}").get("tables", []))


def retry_pending(engine: sa.Engine, wait: float = RETRY_WAIT) -> str | None:
    """Retry a pending compaction; a sentence for the user when there was one, else None."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("audit_log"):
            return None
        tables = pending(connection)
    if tables is None:
        return None
    try:
        compact(engine, tables, wait=wait)
    except CompactionPending as exc:
        message = f"an erasure's compaction is still pending: {exc}"
        log.warning(message)
        return message
    message = "a pending erasure's compaction has now completed: the erased data is gone"
    log.warning(message)
    return message
