"""The app factory: middleware, static files, routers, and the one place errors become
responses."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clientfit import __version__
from clientfit.errors import ClientfitError
from clientfit.store import Store, open_store
from clientfit.web import i18n
from clientfit.web.errors import LoginRequired, WebError, status_of
from clientfit.web.render import FastPath, env, has_cases, render_html
from clientfit.web.state import AssessmentRunning, Settings, WebState

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["Settings", "create_app"]

# Scripts only from the app itself (no inline script can run even if escaping failed).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; img-src 'self' data:; "
                               "style-src 'self' 'unsafe-inline'; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                          "magnetometer=(), microphone=(), payment=(), usb=()",
}
# Behind HTTPS (`serve --secure-cookies`, CLIENTFIT_SECURE_COOKIES=1): browsers keep to HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def create_app(store: Store | str | None = None, settings: Settings | None = None) -> FastAPI:
    """The web app over `store` (a Store, a database URL, or the default store)."""
    if not isinstance(store, Store):
        store = open_store(store)
    settings = settings or Settings(secret_key=secrets.token_urlsafe(32))
    app = FastAPI(
        title="clientfit", version=__version__,
        description="Decide, on evidence, what to do with each client relationship. "
                    "Authenticate with a session cookie (plus the X-CSRF-Token header on "
                    "writes) or `Authorization: Bearer <token>` (`clientfit users token`).",
        # no Swagger UI: FastAPI's loads its scripts from a CDN; the schema is served here
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.web = WebState(store, settings)
    app.add_middleware(
        SessionMiddleware, secret_key=settings.secret_key, session_cookie="clientfit_session",
        max_age=settings.session_idle_seconds, same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    app.add_middleware(FastPath, state=app.state.web)  # in front of the session middleware
    app.add_middleware(HeadersAndWrites, state=app.state.web, hsts=settings.secure_cookies)

    for router in routers():
        app.include_router(router)
    env.globals["has_cases"] = has_cases()
    _error_handlers(app)
    return app


class HeadersAndWrites:
    """Pure ASGI middleware (cheaper than @app.middleware on the hot path): adds the security
    headers to every response (HSTS too behind HTTPS), folds the Vary headers the layers add
    into one, and after any write request (POST, ...) makes the next request read the data
    version and users from the store again (WebState.forget)."""

    def __init__(self, app: ASGIApp, state: WebState, hsts: bool = False) -> None:
        self.app = app
        self.state = state
        self.headers = {**SECURITY_HEADERS, **({"Strict-Transport-Security": HSTS}
                                                 if hsts else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        write = scope["method"] not in ("GET", "HEAD", "OPTIONS")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if write:
                    self.state.forget()
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
                vary = headers.getlist("vary")
                if len(vary) > 1 or (vary and "," in vary[0]):
                    fields: dict[str, str] = {}
                    for value in vary:
                        for field in value.split(","):
                            if field.strip():
                                fields.setdefault(field.strip().lower(), field.strip())
                    del headers["vary"]
                    headers["Vary"] = ", ".join(fields.values())
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if write:
                self.state.forget()


def routers() -> list[APIRouter]:
    from clientfit.web import api, views_auth, views_client, views_portfolio, views_tools

    found = [m.router for m in (views_auth, views_portfolio, views_client, views_tools, api)]
    from clientfit.web.views_users import router as users_router  # users, own password

    found.append(users_router)
    if has_cases():
        from clientfit.web import views_cases

        found.append(views_cases.router)
    return found


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves, static files aside."""
    found = [(method, route.path) for route in app.routes if isinstance(route, Route)
             for method in route.methods or ()]
    found += [(method, route.path) for router in routers() for route in router.routes
              if isinstance(route, Route) for method in route.methods or ()]
    return sorted({(m, p) for m, p in found if m != "HEAD"}, key=lambda item: (item[1], item[0]))


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (path.startswith("/api/") or path.endswith(".json")
            or "application/json" in request.headers.get("accept", ""))


def _error_response(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "status": status, "error": message},
                            status_code=status)
    if status == LoginRequired.status:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    if not hasattr(request.state, "lang"):
        request.state.lang = i18n.pick_language(request.headers.get("accept-language"))
    return render_html(request, "error.html", {"status": status, "message": message}, status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    @app.exception_handler(ClientfitError)
    async def known(request: Request, exc: Exception) -> Response:
        response = _error_response(request, status_of(exc), str(exc))
        if isinstance(exc, AssessmentRunning):
            response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"ok": False, "status": 422, "error": "invalid request",
                                 "detail": jsonable_errors(exc)}, status_code=422)
        return _error_response(request, 400, "invalid request: " + "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
            for e in exc.errors()))


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))}
            for e in exc.errors()]
