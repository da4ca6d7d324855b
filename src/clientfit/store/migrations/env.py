"""Alembic environment: clientfit passes its own connection in `config.attributes`."""

from alembic import context

# Every schema module adds its tables to the one `metadata`; import each here, one line each.
# isort: off
from clientfit.store import schema_decisions  # noqa: F401
from clientfit.store import schema_identity  # noqa: F401
from clientfit.store import schema_cases  # noqa: F401
from clientfit.store import schema_users  # noqa: F401
from clientfit.store import schema_text  # noqa: F401
from clientfit.store import schema_rates  # noqa: F401
# isort: on
from clientfit.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through clientfit (Store.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
