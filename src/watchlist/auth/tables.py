"""Tables of API users and their keys; a key is stored only as the SHA-256 of its secret."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("clearance", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
    # the web UI's sign-in: an argon2 hash (None: no password, no sign-in), failures in a row
    # since the last success, and the end of a lock-out after too many of them
    Column("password_hash", String(255), nullable=True),
    Column("failed_signins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)

api_keys = Table(
    "api_keys",
    metadata,
    # the public part of the key, printed in lists and logs; the secret part is never stored
    Column("id", String(40), primary_key=True),
    Column("user_name", String(255), ForeignKey("users.name"), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_api_keys_user", "user_name"),
)

# Signed-in browser sessions of the web UI: the cookie holds a random token, the table only its
# SHA-256, so a copy of the database signs nobody in.
ui_sessions = Table(
    "ui_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_name", String(255), ForeignKey("users.name"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_ui_sessions_user", "user_name"),
)
