"""The store: schema, migrations and the only code that talks SQL to the database."""

from clientfit.store.database import Store, default_db_url, open_store

__all__ = ["Store", "default_db_url", "open_store"]
