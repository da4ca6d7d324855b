"""Log in, log out, and the language switch."""

from __future__ import annotations

import math
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clientfit.store.decisions import append_audit
from clientfit.web import auth
from clientfit.web.deps import (
    CurrentUser,
    OptionalUser,
    csrf_protect,
    csrf_token,
    optional_user,
    web_state,
)
from clientfit.web.render import render_html

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //) — never an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico before reading the page's icon link: no 404 in the console."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render_html(request, "login.html", {"next": safe_next(next), "failed": False})


def _audit(request: Request, action: str, username: str, **details: object) -> None:
    address = request.client.host if request.client else None
    with web_state(request).store.transaction() as connection:
        append_audit(connection, actor=f"login from {address or 'unknown'}", action=action,
                     subject_kind="login", subject_id=username.strip()[:128] or "-",
                     details={"address": address, **details})


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    state = web_state(request)
    address = request.client.host if request.client else None
    verdict = state.logins.check(username, address)
    if verdict.wait_seconds > 0:  # refused before the password is checked, user or not
        if verdict.first_refusal:
            _audit(request, "login.throttled", username, locked=verdict.key,
                   wait_seconds=round(verdict.wait_seconds))
        optional_user(request)
        wait = max(1, math.ceil(verdict.wait_seconds))
        response = render_html(request, "login.html", {
            "next": safe_next(next), "failed": False, "wait": wait, "username": username},
            status=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = auth.authenticate(state.store, username.strip(), password)
    if user is None:
        locked = state.logins.failed(username, address)
        _audit(request, "login.failed", username, locked_seconds=round(locked, 1))
        optional_user(request)
        return render_html(request, "login.html", {"next": safe_next(next), "failed": True,
                                                   "username": username}, status=401)
    state.logins.succeeded(username)
    request.session.clear()  # a fresh session at login: no fixation
    request.session.update({"uid": user.user_id, "at": time.time(), "pw": user.password_mark})
    csrf_token(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/language", dependencies=[Depends(csrf_protect)])
def language(request: Request, user: CurrentUser, lang: Annotated[str, Form()],
             next: Annotated[str, Form()] = "/") -> Response:
    auth.set_locale(web_state(request).store, user, lang)
    return RedirectResponse(safe_next(next), status_code=303)
