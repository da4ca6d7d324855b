"""An invoice's net amount (before sales tax) beside its gross one (issue 14).

Revenue is the net; payments, balances and lateness keep the gross. Invoices stored before this
revision knew no net figure: they get net = gross, as an import from a source without one would.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invoices", sa.Column("net_minor", sa.BigInteger))
    op.execute("UPDATE invoices SET net_minor = amount_minor WHERE net_minor IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("net_minor")
