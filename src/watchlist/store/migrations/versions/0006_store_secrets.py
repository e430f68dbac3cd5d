"""Secrets the store keeps for itself: the key of the opaque references to restricted hits.

Made once, here, so every process on one store (servers, Spark workers, the CLI on any
machine) gives the same reference for the same hit without a key to distribute.
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_secrets",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.bulk_insert(
        table,
        [
            {
                "name": "reference_key",
                "value": secrets.token_hex(32),
                "created_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("store_secrets")
