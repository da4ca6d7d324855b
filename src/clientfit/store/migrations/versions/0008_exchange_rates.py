"""Exchange rates for portfolios in several currencies, and an invoice's own rate (issue 12).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("source", sa.String(8), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("rate_date", sa.Date, primary_key=True),
        sa.Column("base", sa.String(3), nullable=False),
        sa.Column("rate", sa.String(32), nullable=False),
        sa.Column("table_no", sa.String(32)),
    )
    op.add_column("invoices", sa.Column("doc_rate", sa.String(32)))
    op.add_column("invoices", sa.Column("doc_rate_base", sa.String(3)))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("doc_rate_base")
        batch.drop_column("doc_rate")
    op.drop_table("exchange_rates")
