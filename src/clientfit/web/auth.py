"""Users, passwords (argon2id), API tokens, and who may see which client."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from clientfit.errors import ClientfitError
from clientfit.store import Store
from clientfit.store import users as user_store
from clientfit.store.decisions import now_utc

ROLES = ("admin", "manager")
LOCALES = ("en", "pl")
GRANT_KINDS = ("staff", "client")
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,100}$")

_hasher = PasswordHasher()
# verified against when the user does not exist, so both cases take the same time
_DUMMY_HASH = _hasher.hash("clientfit-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_mark(password_hash: str) -> str:
    """A short fingerprint of the stored password hash, kept in the session at login: a
    session whose mark no longer matches (the password was changed or reset) stops working."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class User:
    user_id: int
    username: str
    display_name: str
    role: str
    staff_id: str | None
    locale: str
    grants: frozenset[tuple[str, str]] = frozenset()
    password_mark: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_see(self, client_id: str, owner_staff_id: str | None) -> bool:
        """Admins see every client; a manager sees the clients they own, the clients of staff
        members they were granted, and clients granted one by one."""
        if self.is_admin:
            return True
        if owner_staff_id is not None and (
            owner_staff_id == self.staff_id or ("staff", owner_staff_id) in self.grants
        ):
            return True
        return ("client", client_id) in self.grants

    @property
    def visibility(self) -> tuple[Any, ...]:
        """Users with the same visibility see the same clients (a cache key)."""
        if self.is_admin:
            return ("admin",)
        return ("manager", self.staff_id, tuple(sorted(self.grants)))

    def as_dict(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name, "role": self.role,
                "staff_id": self.staff_id, "locale": self.locale,
                "grants": [{"kind": k, "value": v} for k, v in sorted(self.grants)]}


def _user(store: Store, row: dict[str, Any] | None) -> User | None:
    if row is None or row["disabled_at"] is not None:
        return None
    with store.reading() as connection:
        granted = user_store.grants(connection, row["user_id"])
    return User(row["user_id"], row["username"], row["display_name"], row["role"],
                row["staff_id"], row["locale"], frozenset(granted),
                password_mark(row["password_hash"]))


def load_user(store: Store, user_id: int) -> User | None:
    with store.reading() as connection:
        row = user_store.user_by_id(connection, user_id)
    return _user(store, row)


def authenticate(store: Store, username: str, password: str) -> User | None:
    with store.reading() as connection:
        row = user_store.user_by_name(connection, username)
    if row is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(row["password_hash"], password):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        with store.transaction() as connection:
            user_store.set_password_hash(connection, row["user_id"], hash_password(password))
    return _user(store, row)


def user_for_token(store: Store, token: str) -> User | None:
    with store.reading() as connection:
        row = user_store.user_for_token(connection, hash_token(token))
    return _user(store, row)


def create_user(
    store: Store, username: str, password: str, *, role: str = "manager",
    staff_id: str | None = None, locale: str = "en", display_name: str | None = None,
    actor: str = "cli",
) -> int:
    """Add a user with an argon2id-hashed password; a manager needs a staff id."""
    if not USERNAME.match(username):
        raise ClientfitError("a username is 2-100 letters, digits or _ . @ -")
    if role not in ROLES:
        raise ClientfitError(f"unknown role {role!r}; valid: {', '.join(ROLES)}")
    if locale not in LOCALES:
        raise ClientfitError(f"unknown language {locale!r}; valid: {', '.join(LOCALES)}")
    if role == "manager" and not staff_id:
        raise ClientfitError("a manager sees the clients of one staff member: give --staff")
    _check_password(password)
    with store.transaction() as connection:
        if user_store.user_by_name(connection, username):
            raise ClientfitError(f"user {username!r} already exists")
        return user_store.add_user(
            connection, username=username, display_name=display_name or username,
            password_hash=hash_password(password), role=role, staff_id=staff_id,
            locale=locale, actor=actor)


def _require(connection: Any, username: str) -> dict[str, Any]:
    row = user_store.user_by_name(connection, username)
    if row is None:
        raise ClientfitError(f"no user {username!r}")
    return row


def grant(store: Store, username: str, kind: str, value: str, actor: str = "cli") -> None:
    """Let a manager also see every client of staff member `value`, or client `value`."""
    if kind not in GRANT_KINDS:
        raise ClientfitError(f"unknown grant {kind!r}; valid: {', '.join(GRANT_KINDS)}")
    with store.transaction() as connection:
        row = _require(connection, username)
        user_store.add_grant(connection, row["user_id"], kind, value, actor=actor)


def create_token(store: Store, username: str, label: str = "api", days: int | None = 90,
                 actor: str = "cli") -> str:
    """A new bearer token for the API; only its sha256 is stored, so show it once."""
    token = "cf_" + secrets.token_urlsafe(32)
    expires = now_utc() + timedelta(days=days) if days else None
    with store.transaction() as connection:
        row = _require(connection, username)
        user_store.add_token(connection, user_id=row["user_id"], token_hash=hash_token(token),
                             label=label, expires_at=expires, actor=actor)
    return token


def set_locale(store: Store, user: User, locale: str) -> None:
    if locale not in LOCALES:
        raise ClientfitError(f"unknown language {locale!r}; valid: {', '.join(LOCALES)}")
    with store.transaction() as connection:
        user_store.set_locale(connection, user.user_id, locale)


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every user without the password hash, with `grants` [(kind, value), ...]."""
    with store.reading() as connection:
        granted = user_store.all_grants(connection)
        return [{**{k: v for k, v in row.items() if k != "password_hash"},
                 "grants": granted.get(row["user_id"], [])}
                for row in user_store.list_users(connection)]


class PasswordRejected(ClientfitError):
    """A password change refused; `code` (wrong_current, same, too_short) names why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PasswordRejected("too_short", f"a password needs at least {MIN_PASSWORD} "
                                            "characters")


def set_password(store: Store, username: str, password: str, actor: str = "cli") -> None:
    """Give `username` a new password (an admin's or the CLI's reset)."""
    _check_password(password)
    with store.transaction() as connection:
        row = _require(connection, username)
        user_store.change_password_hash(connection, row["user_id"], hash_password(password),
                                        actor=actor)


def change_own_password(store: Store, user: User, current: str, new: str) -> str:
    """A user's own change: the current password must be right; the new one must differ.
    Returns the new password's mark, so the session that made the change can stay logged in
    while every other session of the user ends."""
    with store.reading() as connection:
        row = user_store.user_by_id(connection, user.user_id)
    if row is None or not verify_password(row["password_hash"], current):
        raise PasswordRejected("wrong_current", "the current password is not right")
    if new == current:
        raise PasswordRejected("same", "the new password is the same as the current one")
    _check_password(new)
    new_hash = hash_password(new)
    with store.transaction() as connection:
        user_store.change_password_hash(connection, user.user_id, new_hash,
                                        actor=user.username)
    return password_mark(new_hash)


def set_disabled(store: Store, username: str, disabled: bool, actor: str = "cli") -> None:
    """Disable or enable a user. A disabled user's sessions and API tokens stop working on
    their next request (within the app's user recheck interval for a change made elsewhere);
    the last enabled admin cannot be disabled (nobody could undo it)."""
    with store.transaction() as connection:
        row = _require(connection, username)
        if disabled and row["role"] == "admin" and row["disabled_at"] is None:
            admins = [u for u in user_store.list_users(connection)
                      if u["role"] == "admin" and u["disabled_at"] is None]
            if len(admins) <= 1:
                raise ClientfitError(f"{username!r} is the last enabled admin: add or enable "
                                     "another admin first")
        if (row["disabled_at"] is not None) != disabled:
            user_store.set_disabled(connection, row["user_id"], disabled, actor=actor)


def revoke_grant(store: Store, username: str, kind: str, value: str,
                 actor: str = "cli") -> bool:
    """Take back a grant; False when the user did not have it."""
    if kind not in GRANT_KINDS:
        raise ClientfitError(f"unknown grant {kind!r}; valid: {', '.join(GRANT_KINDS)}")
    with store.transaction() as connection:
        row = _require(connection, username)
        return user_store.remove_grant(connection, row["user_id"], kind, value, actor=actor)
