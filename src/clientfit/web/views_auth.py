"""Log in, log out, and the language switch."""

from __future__ import annotations

import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

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


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render_html(request, "login.html", {"next": safe_next(next), "failed": False})


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    state = web_state(request)
    user = auth.authenticate(state.store, username.strip(), password)
    if user is None:
        optional_user(request)
        return render_html(request, "login.html", {"next": safe_next(next), "failed": True,
                                                   "username": username}, status=401)
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
