"""One place that turns a view's data into a response: HTML by Jinja2 (autoescaped), or the
same data as JSON when the URL ends in `.json` (datasette's twins)."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from clientfit.web import i18n

env = Environment(
    loader=PackageLoader("clientfit.web", "templates"),
    autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_gettext_callables(i18n.gettext_, i18n.ngettext_, newstyle=True)  # type: ignore[attr-defined]
env.globals.update(money=i18n.money, number=i18n.number, percent=i18n.percent, day=i18n.day)


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
            csrf_token=request.scope.get("session", {}).get("csrf", ""),
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
