"""The audit log's hashes without a unique index: each commit of audit records wrote a page
of that index for nearly every record (hashes fall anywhere in it) beside the table's last
page, and the chain makes the index needless: a record's hash covers its sequence number
(the primary key) and the hash before it, and `audit verify` recomputes every one."""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: PostgreSQL's name for the column's unique constraint of 0002.
CONSTRAINT = "audit_log_hash_key"


def _audit_log(unique: bool) -> sa.Table:
    return sa.Table(
        "audit_log",
        sa.MetaData(),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        *([sa.UniqueConstraint("hash", name=CONSTRAINT)] if unique else []),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(CONSTRAINT, "audit_log", type_="unique")
        return
    # SQLite keeps a column's unique index with the table: the table is made anew without it
    with op.batch_alter_table("audit_log", recreate="always", copy_from=_audit_log(False)):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_unique_constraint(CONSTRAINT, "audit_log", ["hash"])
        return
    with op.batch_alter_table("audit_log", recreate="always", copy_from=_audit_log(True)):
        pass
