"""The portfolio page, its JSON twin and its charts.

These are the hot pages: each answer is rendered once per data version, visibility, language
and cleaned query (render.cached) and then served from memory with an ETag."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from clientfit.store import web_reads
from clientfit.web import charts, portfolio, render
from clientfit.web.auth import User
from clientfit.web.deps import CurrentUser, web_state
from clientfit.web.state import RUNNING, AssessmentRunning

router = APIRouter(include_in_schema=False)
REFRESH_SECONDS = 5


@router.get("/")
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/portfolio", status_code=303)


TODAY_SIZE = 5


def open_steps(request: Request) -> dict[str, dict[str, Any]]:
    """Per client with an open case: pending and overdue steps (as of today)."""
    state = web_state(request)
    today = datetime.now(UTC).date()

    def read() -> dict[str, dict[str, Any]]:
        if not render.has_cases():
            return {}
        with state.store.reading() as connection:
            return web_reads.open_case_steps(connection, today)

    return state.memo(("steps", today), read)


def book(request: Request, user: User) -> portfolio.Book | None:
    state = web_state(request)
    run, _ = state.run()
    if run is None:
        return None
    steps = open_steps(request)
    return state.memo(("book", user.visibility, datetime.now(UTC).date()),
                      lambda: portfolio.Book(state.visible(user), run, steps))


def needs_me(found: portfolio.Book, size: int = TODAY_SIZE) -> dict[str, Any]:
    """"What needs me today": the most urgent clients that ask for an action (a decision other
    than KEEP or WATCH, overdue case steps, a churn risk, overdue money) and the totals."""
    rows = found.rows
    urgent = [rows[i] for i in found.order("urgency", "desc")
              if rows[i]["urgency"][0] >= 2 or rows[i]["urgency"][1] > 0]
    return {
        "clients": urgent[:size], "count": len(urgent),
        "overdue_steps": sum((r["case"] or {}).get("overdue", 0) for r in rows),
        "overdue_clients": sum(1 for r in rows if (r["overdue_minor"] or 0) > 0),
        "overdue_minor": sum(max(r["overdue_minor"] or 0, 0) for r in rows),
        "churn_flags": sum(1 for r in rows if r["churn_flag"]),
    }


def portfolio_data(request: Request, user: User, filters: portfolio.Filters, page: int = 1,
                   size: int = portfolio.PAGE_SIZE, offset: int | None = None) -> dict[str, Any]:
    """One page of the visible clients (by `page` of `size`, or from `offset`), with the
    summary over all of them. Raises AssessmentRunning before the first assessment."""
    state = web_state(request)
    run, problem = state.run()
    size = min(max(1, size), portfolio.MAX_PAGE_SIZE)
    if run is None:
        if problem == RUNNING:
            raise AssessmentRunning(RUNNING)
        return {"problem": problem, "clients": [], "filters": filters.as_dict(), "page": 1,
                "pages": 1, "size": size, "offset": 0, "matching": 0, "links": {},
                "summary": None, "window": None, "currency": None, "owners": {},
                "today": None}
    found = book(request, user)
    assert found is not None
    owners = state.memo(("owners", user.visibility), lambda: dict(sorted(
        {r["owner"]["staff_id"]: r["owner"]["name"] for r in found.rows
         if r["owner"]["staff_id"]}.items())))
    selected = found.select(filters)
    matching = len(selected)
    if offset is None:
        page, pages = portfolio.page_bounds(matching, page, size)
        offset = (page - 1) * size
    else:
        pages = max(1, -(-matching // size))
        page = offset // size + 1
    clients = [found.rows[i] for i in selected[offset:offset + size]]
    return {
        "problem": None,
        "window": {"start": run.window.start, "as_of": run.window.as_of},
        "currency": run.currency,
        "filters": filters.as_dict(),
        "summary": summary_of(request, user),
        "today": needs_me(found),
        "owners": owners,
        "page": page, "pages": pages, "size": size, "offset": offset, "matching": matching,
        "links": portfolio.links(request.url.path, filters, page, pages, size),
        "clients": clients,
    }


def summary_of(request: Request, user: User) -> dict[str, Any]:
    state = web_state(request)
    return state.memo(("summary", user.visibility),
                      lambda: portfolio.summary(state.visible(user)))


@router.get("/portfolio.json")
@router.get("/portfolio")
async def portfolio_page(
    request: Request, user: CurrentUser, decision: str = "", owner: str = "", q: str = "",
    sort: str = "urgency", order: str = "desc", page: int = Query(1, ge=1, le=1_000_000),
    size: int = Query(portfolio.PAGE_SIZE, ge=1, le=portfolio.MAX_PAGE_SIZE),
) -> Response:
    filters = portfolio.Filters.clean(decision, owner, q, sort, order)

    def build() -> Response:
        try:
            data = portfolio_data(request, user, filters, page, size)
        except AssessmentRunning:
            if render.wants_json(request):
                raise
            response = render.render_html(request, "portfolio.html", {
                "running": True, "problem": RUNNING, "filters": filters.as_dict()})
            response.headers["Refresh"] = str(REFRESH_SECONDS)
            response.headers["Cache-Control"] = "no-store"
            return response
        shown, size_ = data["page"], data["size"]
        return render.page(
            request, "portfolio.html", data, decisions=portfolio.DECISIONS,
            sort_keys=portfolio.SORT_KEYS, running=False,
            page_query=portfolio.query(filters, shown, size_),
            page_url=lambda p: f"/portfolio?{portfolio.query(filters, p, size_)}",
            page_numbers=portfolio.page_numbers(shown, data["pages"]))

    return await render.cached(request, (filters, page, size, datetime.now(UTC).date()), build)


@router.get("/portfolio/charts/{name}.svg")
async def portfolio_chart(request: Request, user: CurrentUser, name: str) -> Response:
    state = web_state(request)
    lang = request.state.lang

    def build() -> Response:
        run, _ = state.run()
        svg = state.memo(("chart", name, user.visibility, lang), lambda: charts.portfolio_chart(
            name, state.visible(user), run, lang))
        return Response(svg, media_type="image/svg+xml",
                        headers={} if run else {"Cache-Control": "no-store"})

    return await render.cached(request, (name,), build)
