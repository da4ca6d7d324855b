"""Erasure you can prove (issue 17): unique strings are planted, the client is erased while
another connection holds a read transaction, and the raw database files are scanned — the
SQLite main file and WAL, every PostgreSQL relation file found with pg_relation_filepath."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from clientfit import cases, service
from clientfit.store import compaction, open_store
from tests.playbooks.small import small_bundle

pytestmark = pytest.mark.slow  # real stores and an assessment per test

SECRET = "qv42-erase-proof-9w1m"
START = date(2026, 7, 1)


def _sqlite_files(store) -> dict[str, bytes]:
    path = Path(sa.engine.make_url(store.url).database)
    return {p.name: p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal"))
            if p.exists()}


def _postgres_files(store) -> dict[str, bytes]:
    """Every relation file of the store's database (tables, indexes, TOAST), after a
    checkpoint has written the shared buffers out."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("CHECKPOINT")
        root = Path(connection.exec_driver_sql("SHOW data_directory").scalar_one())
        paths = connection.exec_driver_sql(
            "SELECT relname, pg_relation_filepath(oid) FROM pg_class "
            "WHERE relkind IN ('r','i','t','m') AND pg_relation_filepath(oid) IS NOT NULL").all()
    found = {}
    for name, relative in paths:
        base = root / relative
        for segment in [base, *sorted(base.parent.glob(base.name + ".[0-9]*"))]:
            if segment.exists():
                found[f"{name} ({segment.name})"] = segment.read_bytes()
    return found


def holding(store) -> list[str]:
    """The raw database files that hold the planted string."""
    files = _sqlite_files(store) if store.dialect == "sqlite" else _postgres_files(store)
    return sorted(name for name, data in files.items() if SECRET.encode() in data)


class Reader:
    """Another connection inside a read transaction that has read the client's messages."""

    def __init__(self, store) -> None:
        url = sa.engine.make_url(store.url)
        if store.dialect == "sqlite":
            self.connection = sqlite3.connect(url.database, isolation_level=None,
                                              check_same_thread=False)
            self.connection.execute("BEGIN")
        else:
            self.connection = psycopg.connect(host=url.host, port=url.port, user=url.username,
                                              dbname=url.database)
        self.connection.execute("SELECT count(*), max(body) FROM messages").fetchall()

    def close(self) -> None:
        self.connection.rollback()
        self.connection.close()


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, small_bundle(tmp_path / "bundle", secret=SECRET))
    yield store
    store.dispose()


def _case(store):
    case = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START,
                           contact_name="Jan Nowak", contact_email=f"jan@{SECRET}.example")
    return case, case.step("erase_personal_data").due_date


def test_a_reader_that_lets_go_within_the_limit(store, tmp_path, monkeypatch):
    monkeypatch.setattr(compaction, "ERASE_WAIT", 60.0)
    case, due = _case(store)
    assert holding(store)  # the scan sees the planted data before
    reader = Reader(store)
    threading.Timer(2.0, reader.close).start()  # a report that finishes while we erase
    cases.erase_personal_data(store, case.case_id, actor="ben", export_dir=tmp_path / "x",
                              today=due)
    assert holding(store) == []


def test_a_reader_that_holds_on_fails_loudly_and_the_next_command_finishes(
        store, tmp_path, monkeypatch):
    monkeypatch.setattr(compaction, "ERASE_WAIT", 1.5)
    case, due = _case(store)
    reader = Reader(store)
    try:
        with pytest.raises(compaction.CompactionPending, match="pending erasure is recorded"):
            cases.erase_personal_data(store, case.case_id, actor="ben",
                                      export_dir=tmp_path / "x", today=due)
        with store.reading() as connection:
            assert compaction.pending(connection) is not None
        assert cases.get_case(store, case.case_id).erased_at is not None  # rows are gone
        still_held = open_store(store.url)
        assert "still pending" in (still_held.notice or "")
        still_held.dispose()
    finally:
        reader.close()
    later = open_store(store.url)  # any next command
    assert "has now completed" in (later.notice or "")
    with later.reading() as connection:
        assert compaction.pending(connection) is None
    assert holding(later) == []
    assert open_store(store.url).notice is None  # reported once
    later.dispose()
