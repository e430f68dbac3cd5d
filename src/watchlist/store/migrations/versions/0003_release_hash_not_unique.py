"""A list may return to the content of an earlier release: release hashes need not be unique."""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("releases") as batch:
        batch.drop_constraint("uq_release_hash", type_="unique")
        batch.create_index("ix_release_hash", ["source", "content_hash"])


def downgrade() -> None:
    with op.batch_alter_table("releases") as batch:
        batch.drop_index("ix_release_hash")
        batch.create_unique_constraint("uq_release_hash", ["source", "content_hash"])
