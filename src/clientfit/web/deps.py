"""Request dependencies: who is asking (session or bearer token), in which language, and the
CSRF check every state-changing request passes."""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Annotated

from fastapi import Depends, Request

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
    return token


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def optional_user(request: Request) -> auth.User | None:
    state = web_state(request)
    user = None
    token = _bearer(request)
    if token is not None:
        user = auth.user_for_token(state.store, token)
        if user is None:
            raise LoginRequired("invalid or expired API token")
        request.state.via_token = True
    else:
        csrf_token(request)
        user_id, logged_in_at = request.session.get("uid"), request.session.get("at", 0)
        if user_id is not None:
            if time.time() - float(logged_in_at) > state.settings.session_max_seconds:
                request.session.clear()
            else:
                user = auth.load_user(state.store, int(user_id))
                if user is None:  # deleted or disabled since the login
                    request.session.clear()
    request.state.user = user
    request.state.lang = user.locale if user else (
        request.session.get("lang") if token is None else None
    ) or i18n.pick_language(request.headers.get("accept-language"))
    return user


OptionalUser = Annotated[auth.User | None, Depends(optional_user)]


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
