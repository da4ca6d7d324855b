"""One place that turns a view's data into a response: HTML by Jinja2 (autoescaped), or the
same data as JSON when the URL ends in `.json` (datasette's twins)."""

from __future__ import annotations

import hashlib
import json
import math
import time
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from itsdangerous import BadSignature, TimestampSigner
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from clientfit.web import i18n
from clientfit.web.state import Cached, WebState

# Rendered into cached pages where the session's CSRF token goes, and replaced per response:
# one cached page serves every session of the same user without sharing their tokens.
CSRF_SLOT = "csrf-slot-5c0f0e8a1d7b4e62"
CACHE_CONTROL = "private, no-cache"  # browsers keep the page and revalidate it (ETag, 304)
VARY = "Cookie, Authorization, Accept-Language"
SESSION_COOKIE = "clientfit_session"

env = Environment(
    loader=PackageLoader("clientfit.web", "templates"),
    autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_gettext_callables(i18n.gettext_, i18n.ngettext_, newstyle=True)  # type: ignore[attr-defined]
env.globals.update(money=i18n.money, number=i18n.number, percent=i18n.percent, day=i18n.day)


def has_cases() -> bool:
    """Cases (issue 6) are served when clientfit.cases is installed and imports."""
    try:
        import clientfit.cases  # noqa: F401
    except ImportError:
        return False
    return True


def highlight(text: str | None, phrases: list[str] | tuple[str, ...] | None) -> Markup:
    """`text` escaped, with every whole-word occurrence of the phrases (case-insensitive)
    wrapped in <mark>."""
    text = text or ""
    wanted = sorted({p for p in (phrases or ()) if p and p.strip()}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for phrase in wanted:
        start = 0
        needle = phrase.lower()
        while (found := lowered.find(needle, start)) >= 0:
            end = found + len(needle)
            whole_word = (found == 0 or not (needle[0].isalnum() and lowered[found - 1]
                                             .isalnum())) and (
                end == len(lowered) or not (needle[-1].isalnum() and lowered[end].isalnum()))
            if whole_word and not any(found < e and end > s for s, e in spans):
                spans.append((found, end))
            start = found + 1
    out, cursor = Markup(""), 0
    for start, end in sorted(spans):
        out += escape(text[cursor:start]) + Markup("<mark>") + escape(text[start:end]) \
            + Markup("</mark>")
        cursor = end
    return out + escape(text[cursor:])


env.filters["highlight"] = highlight


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    return value


def render_html(request: Request, template: str, context: dict[str, Any],
                status: int = 200) -> HTMLResponse:
    lang = getattr(request.state, "lang", i18n.DEFAULT)
    token = i18n.current_lang.set(lang)
    try:
        html = env.get_template(template).render(
            request=request, user=getattr(request.state, "user", None), lang=lang,
            csrf_token=(CSRF_SLOT if getattr(request.state, "csrf_slot", False)
                        else request.scope.get("session", {}).get("csrf", "")),
            path=request.url.path, **context)
    finally:
        i18n.current_lang.reset(token)
    return HTMLResponse(html, status_code=status)


def page(request: Request, template: str, data: dict[str, Any], *,
         status: int = 200, **html_only: Any) -> Response:
    """The HTML page, or its JSON twin (`data` only) when the path ends in `.json`."""
    if wants_json(request):
        return JSONResponse(jsonable(data), status_code=status)
    return render_html(request, template, {**data, "data": data, **html_only}, status)


def scope_key(request: Request) -> tuple[Any, ...]:
    """What a cached response may depend on besides the data version and the URL: the
    visibility (which clients) and the language; for HTML also the user shown in the header.
    Users with the same visibility share JSON; nobody shares a page with a different one."""
    user = request.state.user
    lang = getattr(request.state, "lang", i18n.DEFAULT)
    if wants_json(request) or request.url.path.startswith("/api/"):
        return ("data", user.visibility, lang)
    return ("page", user.visibility, lang, user.user_id, user.username, user.display_name,
            user.role)


def _build(request: Request, state: WebState, build: Callable[[], Response]
           ) -> tuple[Any, Response]:
    state.run()
    version = state.version_of_run()
    request.state.csrf_slot = True
    try:
        return version, build()
    finally:  # an error page rendered after this shows the real token
        request.state.csrf_slot = False


async def cached(request: Request, key: tuple[Any, ...], build: Callable[[], Response]
                 ) -> Response:
    """The response of `build()` (run in a worker thread), rendered once per data version,
    scope (`scope_key`) and `key` (the cleaned query), then served from memory with an ETag;
    `If-None-Match` with the same ETag gets 304 and no body. `build` answers with
    `Cache-Control: no-store` (or a status other than 200) for what must not be kept."""
    state: WebState = request.app.state.web
    full = (request.url.path, *scope_key(request), *key)
    hit = state.responses.get(state.serving_version(), full)
    if hit is None:
        version, response = await run_in_threadpool(_build, request, state, build)
        if response.status_code != 200 or response.headers.get("cache-control") == "no-store":
            return _fill_slot(request, response)
        extra = tuple((k, v) for k, v in response.headers.items() if k.lower() not in (
            "content-length", "content-type", "cache-control", "etag", "vary"))
        hit = Cached.of(bytes(response.body), response.media_type or
                        response.headers.get("content-type", "application/octet-stream"), extra)
        state.responses.put(version, full, hit)
    remember_route(request, state, full)
    return respond(request, hit)


def _fill_slot(request: Request, response: Response) -> Response:
    if CSRF_SLOT.encode() not in response.body:
        return response
    token = request.scope.get("session", {}).get("csrf", "")
    body = bytes(response.body).replace(CSRF_SLOT.encode(), token.encode())
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(body, status_code=response.status_code, headers=headers)


def filled(hit: Cached, csrf: str) -> tuple[bytes, str]:
    """The cached body with the session's CSRF token in its slots, and its ETag."""
    body, etag = hit.body, hit.etag
    slot = CSRF_SLOT.encode()
    if slot in body:
        body = body.replace(slot, csrf.encode())
        etag += "-" + hashlib.blake2b(csrf.encode(), digest_size=6).hexdigest()
    return body, f'"{etag}"'


def respond(request: Request, hit: Cached) -> Response:
    body, tag = filled(hit, request.scope.get("session", {}).get("csrf", ""))
    headers = {**dict(hit.headers), "ETag": tag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}
    if _matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=hit.media_type, headers=headers)


def _matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    given = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in given or tag in given


# -- the fast path ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KnownRequest:
    """What one request (path, query, and session contents or bearer token) resolved to the
    last time the full app answered it: the cached response's key and the user it was for."""

    full: tuple[Any, ...]
    user_key: Any
    user: Any
    csrf: str


def session_identity(session: dict[str, Any]) -> tuple[Any, ...]:
    return ("session", *sorted(session.items()))


def remember_route(request: Request, state: WebState, full: tuple[Any, ...]) -> None:
    """Let FastPath answer this request again without routing, dependencies or the session
    middleware, for as long as the session, the user and the data stay the same."""
    user_key = getattr(request.state, "user_key", None)
    if user_key is None or getattr(request.state, "csrf_created", False):
        return  # anonymous, or the answer carries a new session cookie
    if user_key[0] == "token":
        identity: tuple[Any, ...] = ("bearer", request.headers.get("authorization", ""))
    else:
        identity = session_identity(request.session)
    key = (request.url.path, request.scope["query_string"], identity)
    state.remember_request(key, KnownRequest(full, user_key, request.state.user,
                                             request.session.get("csrf", "")))


class FastPath:
    """Pure ASGI middleware in front of the session middleware: a GET the full app already
    answered from the response cache (same path, query, and session contents or bearer token)
    is answered again from memory when the session cookie is valid and not close to its idle
    limit, the login is not too old, the user (role, grants, language, still enabled) is
    unchanged and the data version is the same. Anything else goes through the whole app."""

    def __init__(self, app: ASGIApp, state: WebState) -> None:
        self.app = app
        self.state = state
        settings = state.settings
        self.signer = TimestampSigner(settings.secret_key)
        self.sessions: dict[bytes, tuple[tuple[Any, ...], float] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            identity = self._identity(scope)
            if identity is not None:
                known = self.state.known_request((scope["path"], scope["query_string"],
                                                  identity))
                if known is not None and await self._answer(scope, send, known):
                    return
        await self.app(scope, receive, send)

    def _identity(self, scope: Scope) -> tuple[Any, ...] | None:
        cookie = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                return ("bearer", value.decode("latin-1"))
            if name == b"cookie":
                cookie = value
        if cookie is None:
            return None
        if cookie not in self.sessions:
            if len(self.sessions) > 10_000:
                self.sessions.clear()
            self.sessions[cookie] = self._decode(cookie)
        found = self.sessions[cookie]
        if found is None or time.time() > found[1]:
            return None
        return found[0]

    def _decode(self, header: bytes) -> tuple[tuple[Any, ...], float] | None:
        """(identity, valid until) of a session cookie, as the session middleware reads it."""
        settings = self.state.settings
        value = cookie_parser(header.decode("latin-1")).get(SESSION_COOKIE)
        if not value:
            return None
        try:
            data, signed = self.signer.unsign(value.encode(), max_age=settings.
                                              session_idle_seconds, return_timestamp=True)
            session = json.loads(b64decode(data))
        except (BadSignature, ValueError):
            return None
        if not isinstance(session, dict):
            return None
        # the session middleware renews the cookie on every answer it gives: leave it half
        # the idle time to do that, and never pass the login's own limit
        until = min(signed.timestamp() + settings.session_idle_seconds / 2,
                    float(session.get("at", 0)) + settings.session_max_seconds)
        return session_identity(session), until

    async def _answer(self, scope: Scope, send: Send, known: KnownRequest) -> bool:
        state = self.state
        fresh, user = state.fresh_user(known.user_key)
        if not fresh or user is None or user != known.user:
            return False
        hit = state.responses.get(state.serving_version(), known.full)
        if hit is None:
            return False
        body, tag = filled(hit, known.csrf)
        not_modified = _matches(_header(scope, b"if-none-match"), tag)
        headers = [(k.lower().encode(), v.encode()) for k, v in hit.headers]
        headers += [(b"etag", tag.encode()), (b"cache-control", CACHE_CONTROL.encode()),
                    (b"vary", VARY.encode())]
        if not_modified:
            body = b""
        else:
            headers += [(b"content-type", _content_type(hit.media_type).encode()),
                        (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 304 if not_modified else 200,
                    "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _content_type(media_type: str) -> str:
    if media_type.startswith("text/") and "charset" not in media_type:
        return media_type + "; charset=utf-8"
    return media_type
