"""Workflow and audit: customers, screening runs, alerts, alert events, the audit log.

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE on the append-only tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_Id = sa.BigInteger().with_variant(sa.Integer, "sqlite")

APPEND_ONLY = ("audit_log", "alerts", "alert_events", "screening_runs")

REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION watchlist_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'watchlist: % is append-only, % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", _Id, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("schema", sa.String(40), nullable=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("data_hash", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.UniqueConstraint("customer_id", "version", name="uq_customer_version"),
    )
    op.create_index("ix_customers_customer", "customers", ["customer_id"])
    op.create_table(
        "screening_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("releases", sa.Text, nullable=False),
        sa.Column("customers_upto", sa.BigInteger, nullable=False),
        sa.Column("matcher", sa.Text, nullable=False),
        sa.Column("customers", sa.Integer, nullable=False),
        sa.Column("entities", sa.Integer, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.Column("opened", sa.Integer, nullable=False),
        sa.Column("closed", sa.Integer, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id"), nullable=True),
        sa.Column("customer_id", sa.String(255), nullable=False),
        sa.Column("customer_row", _Id, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("customer_version", sa.Integer, nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("source_id", sa.String(255), nullable=False),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("entity_hash", sa.String(64), nullable=False),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=True),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_alerts_pair", "alerts", ["customer_id", "source", "source_id"])
    op.create_index("ix_alerts_entity", "alerts", ["source", "source_id"])
    op.create_table(
        "alert_events",
        sa.Column("id", _Id, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id"), nullable=True),
        sa.UniqueConstraint("alert_id", "seq", name="uq_alert_event_seq"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_FUNCTION)
        for table in APPEND_ONLY:
            # Statement level, so even an UPDATE or DELETE that matches no row is refused.
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION watchlist_append_only()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS watchlist_append_only()")
    op.drop_table("audit_log")
    op.drop_table("alert_events")
    op.drop_table("alerts")
    op.drop_table("screening_runs")
    op.drop_index("ix_customers_customer", "customers")
    op.drop_table("customers")
