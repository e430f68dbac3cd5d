"""The audit log table: one row per recorded event, each chained to the previous by SHA-256."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

metadata = MetaData()

# Every content column is text as written, so `audit verify` hashes exactly what is stored and
# still reads a row whose values someone altered into nonsense.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("classification", String(20), nullable=False),
    Column("detail", Text, nullable=False),
)
