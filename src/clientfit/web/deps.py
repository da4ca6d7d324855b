"""Request dependencies: who is asking (session or bearer token), in which language, and the
CSRF check every state-changing request passes."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from clientfit.web import auth, i18n
from clientfit.web.errors import CsrfFailed, Forbidden, LoginRequired
from clientfit.web.state import WebState

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def web_state(request: Request) -> WebState:
    return request.app.state.web


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
        request.state.csrf_created = True
    return token


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _credentials(request: Request) -> tuple[Any, Callable[[], auth.User | None]] | None:
    """(cache key, loader) of the user the request claims to be, None when anonymous or the
    login is too old (the session is then cleared)."""
    state = web_state(request)
    token = _bearer(request)
    if token is not None:
        request.state.via_token = True
        return ("token", auth.hash_token(token)), lambda: auth.user_for_token(state.store, token)
    csrf_token(request)
    user_id, logged_in_at = request.session.get("uid"), request.session.get("at", 0)
    if user_id is None:
        return None
    if time.time() - float(logged_in_at) > state.settings.session_max_seconds:
        request.session.clear()
        return None
    return ("user", int(user_id)), lambda: auth.load_user(state.store, int(user_id))


def _settle(request: Request, found: tuple[Any, Any] | None, user: auth.User | None
            ) -> auth.User | None:
    token = getattr(request.state, "via_token", False)
    request.state.user_key = found[0] if found is not None and user is not None else None
    if user is None and token:
        raise LoginRequired("invalid or expired API token")
    if (user is not None and not token
            and request.session.get("pw") != user.password_mark):
        user = None  # the password was changed or reset since this login
    if user is None and request.session.get("uid") is not None:
        request.session.clear()  # deleted, disabled or password changed since the login
    request.state.user = user
    request.state.lang = user.locale if user else (
        request.session.get("lang") if not token else None
    ) or i18n.pick_language(request.headers.get("accept-language"))
    return user


def _remembered(request: Request) -> tuple[Any, bool, auth.User | None]:
    """(credentials, whether the user is known fresh, that user) without touching the store."""
    found = _credentials(request)
    if found is None:
        return None, True, None
    known, user = web_state(request).fresh_user(found[0])
    return found, known, user


def optional_user(request: Request) -> auth.User | None:
    """The user of the session cookie or bearer token (None when anonymous). Users are read
    from the store at most every `recheck_seconds` (WebState.fresh_user)."""
    found, known, user = _remembered(request)
    if not known:
        user = found[1]()
        web_state(request).remember_user(found[0], user)
    return _settle(request, found, user)


async def optional_user_async(request: Request) -> auth.User | None:
    """optional_user without a worker thread when the user is known (the hot path)."""
    found, known, user = _remembered(request)
    if not known:
        user = await run_in_threadpool(found[1])
        web_state(request).remember_user(found[0], user)
    return _settle(request, found, user)


OptionalUser = Annotated[auth.User | None, Depends(optional_user_async)]


async def require_user(user: OptionalUser) -> auth.User:
    if user is None:
        raise LoginRequired("log in first")
    return user


CurrentUser = Annotated[auth.User, Depends(require_user)]


async def require_admin(user: CurrentUser) -> auth.User:
    if not user.is_admin:
        raise Forbidden("only an admin can do this")
    return user


async def csrf_protect(request: Request) -> None:
    """Refuse a state-changing request unless it carries the session's CSRF token (form field
    `csrf_token` or header `X-CSRF-Token`). Bearer-token API calls carry no cookie: exempt."""
    if request.method in SAFE_METHODS or _bearer(request) is not None:
        return
    expected = request.session.get("csrf")
    given = request.headers.get("x-csrf-token")
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise CsrfFailed("the form has expired or did not come from this site: reload the page "
                         "and try again")


AdminUser = Annotated[auth.User, Depends(require_admin)]
