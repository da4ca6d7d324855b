"""Web app users, what they may see beyond their own clients, and their API tokens."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint

from clientfit.store.schema import metadata

users = Table(
    "users",
    metadata,
    Column("user_id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),  # argon2id, encoded with its salt
    Column("role", String(16), nullable=False),  # admin | manager
    # a manager sees the clients whose owner_staff_id is this staff id (no foreign key: users
    # may be created before any data is imported)
    Column("staff_id", String(64)),
    Column("locale", String(8), nullable=False),  # en | pl
    Column("created_at", DateTime, nullable=False),
    Column("disabled_at", DateTime),
)

user_grants = Table(
    "user_grants",
    metadata,
    Column("grant_id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.user_id"), nullable=False),
    Column("kind", String(16), nullable=False),  # staff (all clients owned by) | client
    Column("value", String(64), nullable=False),
    UniqueConstraint("user_id", "kind", "value", name="uq_user_grants"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the secret token
    Column("user_id", Integer, ForeignKey("users.user_id"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime),
    Column("revoked_at", DateTime),
)
