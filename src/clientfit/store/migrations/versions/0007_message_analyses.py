"""Each message's text analysis, stored once per analyzer version; stale rows dropped by trigger.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TRIGGER = "message_analyses_stale"
# The analysis depends on these columns of the message; a change to any of them drops it.
WATCHED = ("subject", "body", "language", "direction")

SQLITE_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} AFTER UPDATE OF {", ".join(WATCHED)} ON messages
FOR EACH ROW WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)}
BEGIN
    DELETE FROM message_analyses WHERE message_id = OLD.message_id;
END
"""

POSTGRES_FUNCTION = f"""
CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM message_analyses WHERE message_id = OLD.message_id;
    RETURN NEW;
END
$$
"""

POSTGRES_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} AFTER UPDATE OF {", ".join(WATCHED)} ON messages
FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)})
EXECUTE FUNCTION {TRIGGER}()
"""


def upgrade() -> None:
    op.create_table(
        "message_analyses",
        sa.Column("message_id", sa.String(128),
                  sa.ForeignKey("messages.message_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("analyzer", sa.String(32), primary_key=True),
        sa.Column("version", sa.String(64), primary_key=True),
        sa.Column("lang_hint", sa.String(8), primary_key=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("tone", sa.String(8), nullable=False),
        sa.Column("tone_score", sa.Double, nullable=False),
        sa.Column("labels", sa.Text, nullable=False),
        sa.Column("kinds", sa.Text, nullable=False),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("says_repeat", sa.Boolean, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_TRIGGER)
    elif dialect == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON messages")
        op.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
    op.drop_table("message_analyses")
