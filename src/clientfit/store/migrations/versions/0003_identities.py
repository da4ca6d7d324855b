"""Identities of clients and staff across sources, source keys of records, invoice provenance.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_identities",
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(320), primary_key=True),
        sa.Column("client_id", sa.String(64), sa.ForeignKey("clients.client_id"), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
    )
    op.create_index("ix_client_identities_client", "client_identities", ["client_id"])
    op.create_table(
        "staff_identities",
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(320), primary_key=True),
        sa.Column("staff_id", sa.String(64), sa.ForeignKey("staff.staff_id"), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
    )
    op.create_table(
        "record_keys",
        sa.Column("record_table", sa.String(32), primary_key=True),
        sa.Column("source_key", sa.String(400), primary_key=True),
        sa.Column("record_id", sa.String(128), nullable=False),
    )
    op.create_index("ix_record_keys_record", "record_keys", ["record_table", "record_id"])
    op.create_table(
        "client_links",
        sa.Column("client_a", sa.String(64), primary_key=True),
        sa.Column("client_b", sa.String(64), primary_key=True),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )
    # Plain ADD COLUMN (nullable, no default) works on SQLite too, without copying the table.
    op.add_column("invoices", sa.Column("seller_tax_id", sa.String(32)))
    op.add_column("invoices", sa.Column("buyer_tax_id", sa.String(32)))
    op.add_column("invoices", sa.Column("kind", sa.String(16)))
    op.add_column("invoices", sa.Column("status", sa.String(16)))
    op.add_column("invoices", sa.Column("source", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        for name in ("source", "status", "kind", "buyer_tax_id", "seller_tax_id"):
            batch.drop_column(name)
    op.drop_table("client_links")
    op.drop_index("ix_record_keys_record", "record_keys")
    op.drop_table("record_keys")
    op.drop_table("staff_identities")
    op.drop_index("ix_client_identities_client", "client_identities")
    op.drop_table("client_identities")
