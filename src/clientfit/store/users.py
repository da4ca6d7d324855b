"""Web app users, their grants and API tokens: the only SQL about people who log in.

Passwords and tokens never reach this module in clear: callers pass argon2 hashes and
sha256 digests (see clientfit.web.auth).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.store.decisions import append_audit, now_utc
from clientfit.store.schema_users import api_tokens, user_grants, users


def add_user(
    connection: Connection, *, username: str, display_name: str, password_hash: str, role: str,
    staff_id: str | None, locale: str, actor: str,
) -> int:
    result = connection.execute(sa.insert(users).values(
        username=username, display_name=display_name, password_hash=password_hash, role=role,
        staff_id=staff_id, locale=locale, created_at=now_utc(),
    ))
    user_id = int(result.inserted_primary_key[0])
    append_audit(connection, actor=actor, action="user.add", subject_kind="user",
                 subject_id=username, details={"role": role, "staff_id": staff_id})
    return user_id


def user_by_name(connection: Connection, username: str) -> dict[str, Any] | None:
    row = connection.execute(sa.select(users).where(users.c.username == username)).mappings()
    found = row.first()
    return dict(found) if found else None


def user_by_id(connection: Connection, user_id: int) -> dict[str, Any] | None:
    row = connection.execute(sa.select(users).where(users.c.user_id == user_id)).mappings()
    found = row.first()
    return dict(found) if found else None


def list_users(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(sa.select(users).order_by(users.c.username)).mappings()
    return [dict(row) for row in rows]


def set_password_hash(connection: Connection, user_id: int, password_hash: str) -> None:
    connection.execute(sa.update(users).where(users.c.user_id == user_id)
                       .values(password_hash=password_hash))


def set_locale(connection: Connection, user_id: int, locale: str) -> None:
    connection.execute(sa.update(users).where(users.c.user_id == user_id).values(locale=locale))


def add_grant(connection: Connection, user_id: int, kind: str, value: str, *, actor: str) -> None:
    exists = connection.execute(sa.select(user_grants.c.grant_id).where(
        user_grants.c.user_id == user_id, user_grants.c.kind == kind,
        user_grants.c.value == value)).first()
    if exists:
        return
    connection.execute(sa.insert(user_grants).values(user_id=user_id, kind=kind, value=value))
    append_audit(connection, actor=actor, action="user.grant", subject_kind="user",
                 subject_id=str(user_id), details={"kind": kind, "value": value})


def grants(connection: Connection, user_id: int) -> list[tuple[str, str]]:
    rows = connection.execute(sa.select(user_grants.c.kind, user_grants.c.value)
                              .where(user_grants.c.user_id == user_id)
                              .order_by(user_grants.c.grant_id))
    return [(kind, value) for kind, value in rows]


def add_token(
    connection: Connection, *, user_id: int, token_hash: str, label: str,
    expires_at: datetime | None, actor: str,
) -> None:
    connection.execute(sa.insert(api_tokens).values(
        token_hash=token_hash, user_id=user_id, label=label, created_at=now_utc(),
        expires_at=expires_at,
    ))
    append_audit(connection, actor=actor, action="token.add", subject_kind="user",
                 subject_id=str(user_id), details={"label": label})


def user_for_token(connection: Connection, token_hash: str,
                   now: datetime | None = None) -> dict[str, Any] | None:
    """The enabled user owning an unrevoked, unexpired token with this digest."""
    now = now or now_utc()
    statement = (
        sa.select(users).join(api_tokens, api_tokens.c.user_id == users.c.user_id)
        .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None),
               users.c.disabled_at.is_(None),
               sa.or_(api_tokens.c.expires_at.is_(None), api_tokens.c.expires_at > now))
    )
    found = connection.execute(statement).mappings().first()
    return dict(found) if found else None


def set_disabled(connection: Connection, user_id: int, disabled: bool, *, actor: str) -> None:
    """Disable (now) or enable a user; a disabled user's sessions and tokens stop working."""
    connection.execute(sa.update(users).where(users.c.user_id == user_id)
                       .values(disabled_at=now_utc() if disabled else None))
    append_audit(connection, actor=actor, action="user.disable" if disabled else "user.enable",
                 subject_kind="user", subject_id=str(user_id), details={})


def change_password_hash(connection: Connection, user_id: int, password_hash: str, *,
                         actor: str) -> None:
    """A new password (its argon2 hash), recorded in the audit log (never the hash)."""
    set_password_hash(connection, user_id, password_hash)
    append_audit(connection, actor=actor, action="user.password", subject_kind="user",
                 subject_id=str(user_id), details={})


def remove_grant(connection: Connection, user_id: int, kind: str, value: str, *,
                 actor: str) -> bool:
    """Take a grant back; False when the user did not have it."""
    removed = connection.execute(sa.delete(user_grants).where(
        user_grants.c.user_id == user_id, user_grants.c.kind == kind,
        user_grants.c.value == value)).rowcount
    if removed:
        append_audit(connection, actor=actor, action="user.revoke", subject_kind="user",
                     subject_id=str(user_id), details={"kind": kind, "value": value})
    return bool(removed)


def all_grants(connection: Connection) -> dict[int, list[tuple[str, str]]]:
    """Every user's grants, by user id, in the order they were given."""
    found: dict[int, list[tuple[str, str]]] = {}
    rows = connection.execute(sa.select(user_grants.c.user_id, user_grants.c.kind,
                                        user_grants.c.value).order_by(user_grants.c.grant_id))
    for user_id, kind, value in rows:
        found.setdefault(user_id, []).append((kind, value))
    return found
