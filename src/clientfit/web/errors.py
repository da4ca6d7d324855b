"""Errors that carry their HTTP status; app.py turns every one into a response in one place."""

from __future__ import annotations

from clientfit.errors import ClientfitError, InputError, InvalidTransition, NotFound


class WebError(Exception):
    status = 500

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class BadRequest(WebError):
    status = 400


class LoginRequired(WebError):
    """No valid session or token: HTML pages redirect to /login, JSON answers 401."""

    status = 401


class Forbidden(WebError):
    status = 403


class CsrfFailed(Forbidden):
    """A form or session-authenticated API call without the session's CSRF token."""


class PageNotFound(WebError):
    status = 404


def status_of(exc: Exception) -> int:
    """The HTTP status of any error clientfit raises."""
    if isinstance(exc, WebError):
        return exc.status
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InvalidTransition):
        return 409
    if isinstance(exc, InputError | ClientfitError):
        return 400
    return 500
