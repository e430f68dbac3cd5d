"""Registry: sources, releases and statements with release intervals."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest_seq", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), sa.ForeignKey("sources.name"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("entities", sa.Integer, nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.UniqueConstraint("source", "seq", name="uq_release_seq"),
        sa.UniqueConstraint("source", "content_hash", name="uq_release_hash"),
    )
    op.create_table(
        "statements",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("source", sa.String(100), sa.ForeignKey("sources.name"), nullable=False),
        sa.Column("entity_id", sa.String(255), nullable=False),
        sa.Column("prop", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("first_seq", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_index("ix_statements_current", "statements", ["source", "last_seq"])
    op.create_index("ix_statements_entity", "statements", ["source", "entity_id"])


def downgrade() -> None:
    op.drop_table("statements")
    op.drop_table("releases")
    op.drop_table("sources")
