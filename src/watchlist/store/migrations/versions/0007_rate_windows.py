"""Requests each API key made in each minute, counted in the store so that every worker and
every server on one store share a key's rate limit."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_windows",
        sa.Column("key_id", sa.String(40), primary_key=True),
        sa.Column("minute", sa.BigInteger, primary_key=True),
        sa.Column("used", sa.Integer, nullable=False),
    )
    op.create_index("ix_rate_windows_minute", "rate_windows", ["minute"])


def downgrade() -> None:
    op.drop_table("rate_windows")
