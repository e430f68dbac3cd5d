"""SQLAlchemy Core tables of the registry; migrations in `migrations/` create them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
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

sources = Table(
    "sources",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("classification", String(20), nullable=False),
    # rank of the classification, so reads filter by clearance in SQL
    Column("rank", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # seq of the newest release; an import moves it from N-1 to N or loses the race
    Column("latest_seq", Integer, nullable=False, default=0),
)

releases = Table(
    "releases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), ForeignKey("sources.name"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("published", Date, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("files", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("entities", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    UniqueConstraint("source", "seq", name="uq_release_seq"),
    # not unique: a list may return to an earlier release's exact content
    Index("ix_release_hash", "source", "content_hash"),
)

statements = Table(
    "statements",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("source", String(100), ForeignKey("sources.name"), nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    # the statement held in every release of the source from first_seq to last_seq
    Column("first_seq", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Index("ix_statements_current", "source", "last_seq"),
    Index("ix_statements_entity", "source", "entity_id"),
)

# Secrets the store keeps for itself (the reference key); read by the system actor only.
store_secrets = Table(
    "store_secrets",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Requests counted against each API key's rate limit, per minute since the epoch: one row a key
# and minute, shared by every worker and server on the store; rows of past minutes are deleted.
rate_windows = Table(
    "rate_windows",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("minute", BigInteger, primary_key=True),
    Column("used", Integer, nullable=False),
    Index("ix_rate_windows_minute", "minute"),
)
