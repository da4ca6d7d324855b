"""Migration 0003 upgrades a store that already holds records, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from clientfit.store import open_store
from clientfit.store.database import MIGRATIONS_DIR, Store


def test_upgrade_keeps_existing_invoices_and_payments(db_url):
    store = Store(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(sa.text(
            "INSERT INTO staff VALUES ('s1', 'Anna', NULL, 0, 'PLN')"))
        connection.execute(sa.text(
            "INSERT INTO clients (client_id, name, language, currency, kind) "
            "VALUES ('c1', 'Klient', 'pl', 'PLN', 'project')"))
        connection.execute(sa.text(
            "INSERT INTO invoices VALUES ('i1', 'c1', 'FV/1', :d, :d, 100, 'PLN')"),
            {"d": date(2026, 3, 1)})
        connection.execute(sa.text(
            "INSERT INTO payments VALUES ('p1', 'i1', :d, 100, 'PLN')"), {"d": date(2026, 3, 2)})
    store.dispose()
    upgraded = open_store(db_url)
    with upgraded.reading() as connection:
        invoice = connection.execute(sa.text("SELECT * FROM invoices")).mappings().one()
        assert invoice["invoice_id"] == "i1" and invoice["status"] is None
        assert connection.execute(sa.text("SELECT COUNT(*) FROM payments")).scalar_one() == 1
        assert connection.execute(sa.text(
            "SELECT COUNT(*) FROM client_identities")).scalar_one() == 0


def test_net_amounts_migration_gives_stored_invoices_net_equal_to_gross(db_url):
    """A store at revision 0008 (no net amounts) keeps its invoices; each gets net = gross,
    and a re-import of a taxed invoice then writes its true net over it."""
    store = Store(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
        columns = {c["name"] for c in sa.inspect(connection).get_columns("invoices")}
        assert "net_minor" not in columns
        connection.execute(sa.text(
            "INSERT INTO clients (client_id, name, language, currency, kind) "
            "VALUES ('c1', 'Klient', 'pl', 'PLN', 'project')"))
        connection.execute(sa.text(
            "INSERT INTO invoices (invoice_id, client_id, number, issue_date, due_date, "
            "amount_minor, currency) VALUES ('i1', 'c1', 'FV/1', :d, :d, 12300, 'PLN'), "
            "('i2', 'c1', 'FV/2', :d, :d, -2460, 'PLN')"), {"d": date(2026, 3, 1)})
    store.dispose()
    upgraded = open_store(db_url)
    with upgraded.reading() as connection:
        rows = dict(connection.execute(sa.text(
            "SELECT invoice_id, net_minor FROM invoices")).all())
    assert rows == {"i1": 12300, "i2": -2460}
    upgraded.migrate()  # twice: harmless
    with upgraded.reading() as connection:
        assert dict(connection.execute(sa.text(
            "SELECT invoice_id, net_minor FROM invoices")).all()) == rows
    upgraded.dispose()
