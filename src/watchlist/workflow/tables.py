"""Workflow tables: versioned customers, screening runs, alerts and their append-only events."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

_Id = BigInteger().with_variant(Integer, "sqlite")

# A customer edit inserts a new version row; old versions stay, and alerts point at the version
# they were raised on.
customers = Table(
    "customers",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("customer_id", String(255), nullable=False),
    Column("version", Integer, nullable=False),
    Column("schema", String(40), nullable=True),
    Column("name", Text, nullable=False),
    Column("data", Text, nullable=False),  # canonical JSON of every field and attribute
    Column("data_hash", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    UniqueConstraint("customer_id", "version", name="uq_customer_version"),
    Index("ix_customers_customer", "customer_id"),
)

# What a run screened, against which releases and with which matcher settings: enough to
# explain and re-run it. Written once, when the run has recorded its alerts.
screening_runs = Table(
    "screening_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("mode", String(20), nullable=False),  # full | incremental
    Column("releases", Text, nullable=False),  # JSON {source: seq} screened against
    Column("customers_upto", BigInteger, nullable=False),  # customer rows up to this id
    Column("matcher", Text, nullable=False),  # JSON of the matcher settings
    Column("customers", Integer, nullable=False),
    Column("entities", Integer, nullable=False),
    Column("hits", Integer, nullable=False),
    Column("opened", Integer, nullable=False),
    Column("closed", Integer, nullable=False),
)

# One row per (customer version x entity version) alert; never updated. A change on either side
# raises a new alert that points at the one before it.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("screening_runs.id"), nullable=True),
    Column("customer_id", String(255), nullable=False),
    Column("customer_row", _Id, ForeignKey("customers.id"), nullable=False),
    Column("customer_version", Integer, nullable=False),
    Column("source", String(100), nullable=False),
    Column("source_id", String(255), nullable=False),
    Column("classification", String(20), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("entity_hash", String(64), nullable=False),
    Column("entity", Text, nullable=False),  # JSON snapshot of the entity as screened
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("previous_id", Integer, ForeignKey("alerts.id"), nullable=True),
    Column("changes", Text, nullable=False),  # JSON: what changed since previous_id
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_alerts_pair", "customer_id", "source", "source_id"),
    Index("ix_alerts_entity", "source", "source_id"),
)

# The life of an alert: opened, decisions, closing. The status of an alert is the status of its
# latest event; (alert_id, seq) is unique, so two writers deciding at once cannot both win.
alert_events = Table(
    "alert_events",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("action", String(30), nullable=False),
    Column("status", String(30), nullable=False),
    Column("reason", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("screening_runs.id"), nullable=True),
    # an "assigned" event names the analyst the alert is now assigned to
    Column("assignee", String(255), nullable=True),
    UniqueConstraint("alert_id", "seq", name="uq_alert_event_seq"),
)
