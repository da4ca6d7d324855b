"""Migrations build exactly the schema the code declares, and are safe to run twice."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from clientfit.store import open_store
from clientfit.store.database import normalise_url
from clientfit.store.schema import metadata


def test_migrations_match_declared_schema(db_url):
    store = open_store(db_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_migrating_twice_is_harmless(db_url):
    store = open_store(db_url)
    store.migrate()
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"clients", "invoices", "overrides", "audit_log", "alembic_version"} <= tables


def test_url_normalisation():
    assert normalise_url("portfolio.db") == "sqlite:///portfolio.db"
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalise_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_migration_history_has_a_single_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from clientfit.store.database import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
