"""Opening the store: a SQLAlchemy engine for writes, an Ibis connection for analytics."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from clientfit.errors import ClientfitError

DEFAULT_DB_FILE = "clientfit.db"
# Seconds a SQLite write waits for another connection's write transaction to end before failing
# with "database is locked". Long writes (stored analyses) commit every few thousand rows, so a
# web request's write waits at most a fraction of a second in practice.
SQLITE_BUSY_TIMEOUT = 10.0
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def default_db_url() -> str:
    """`CLIENTFIT_DB` if set, else a SQLite file in the current directory."""
    return os.environ.get("CLIENTFIT_DB") or f"sqlite:///{DEFAULT_DB_FILE}"


def normalise_url(url: str) -> str:
    """Accept plain paths and `postgresql://` URLs; pick the drivers clientfit ships with."""
    if "://" not in url:
        return f"sqlite:///{url}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Store:
    """A migrated database. Only this package opens connections to it."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        sqlite = make_url(self.url).get_backend_name() == "sqlite"
        self.engine: Engine = sa.create_engine(
            self.url, future=True,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT} if sqlite else {})
        if sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.notice: str | None = None  # e.g. a pending erasure retried on opening

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One all-or-nothing unit of work."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def ibis(self) -> Any:
        """An Ibis connection to the same database, for the signal expressions."""
        import ibis

        parsed = make_url(self.url)
        if self.dialect == "sqlite":
            return ibis.sqlite.connect(parsed.database or ":memory:")
        if self.dialect == "postgresql":
            return ibis.postgres.connect(
                host=parsed.host or "localhost",
                port=parsed.port or 5432,
                user=parsed.username,
                password=parsed.password,
                database=parsed.database,
            )
        raise ClientfitError(f"no analytical engine for database dialect {self.dialect!r}")

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at `url` or the default location."""
    store = Store(url or default_db_url())
    try:
        if migrate:
            store.migrate()
    except sa.exc.OperationalError as exc:
        raise ClientfitError(f"cannot open the store at {store.engine.url!r}: {exc.orig}") from exc
    if migrate:  # an erasure whose compaction a reader held up: retried by every command
        from clientfit.store.compaction import retry_pending

        store.notice = retry_pending(store.engine)
    return store
