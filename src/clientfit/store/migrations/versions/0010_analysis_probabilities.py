"""Each stored message analysis keeps the reader's category probabilities (issue 14).

A JSON object, category -> the learned head's probability, read by the assessment's soft counts
("is it just me?" on the expected number of messages about a person). Rows stored before this
revision keep NULL: they are still read, and the soft counts are simply not available for them
(the analyzer's fingerprint changed with it, so the next assessment analyses them again).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("message_analyses", sa.Column("probabilities", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message_analyses") as batch:
        batch.drop_column("probabilities")
