"""The portfolio page, its JSON twin and its charts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from clientfit.web import charts, portfolio, render
from clientfit.web.auth import User
from clientfit.web.deps import CurrentUser, web_state

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/portfolio", status_code=303)


def portfolio_data(request: Request, user: User, filters: portfolio.Filters, page: int = 1
                   ) -> dict:
    state = web_state(request)
    run, problem = state.run()
    if run is None:
        return {"problem": problem, "clients": [], "filters": filters.as_dict(), "page": 1,
                "pages": 1, "matching": 0,
                "summary": None, "window": None, "currency": None, "owners": {}}

    def compute() -> tuple[dict, dict, list]:
        visible = state.visible(user)
        owners = {a.owner: run.owner_name(a) for a in visible if a.owner}
        return (summary_of(request, user), dict(sorted(owners.items())),
                portfolio.rows(visible, run, filters))

    summary, owners, found = state.memo(("portfolio", user.visibility, filters), compute)
    return {
        "problem": None,
        "window": {"start": run.window.start, "as_of": run.window.as_of},
        "currency": run.currency,
        "filters": filters.as_dict(),
        "summary": summary,
        "owners": owners,
        **portfolio.paged(found, page),
    }


def summary_of(request: Request, user: User) -> dict:
    state = web_state(request)
    return state.memo(("summary", user.visibility),
                      lambda: portfolio.summary(state.visible(user)))


@router.get("/portfolio.json")
@router.get("/portfolio")
def portfolio_page(request: Request, user: CurrentUser, decision: str = "",
                   owner: str = "", q: str = "", sort: str = "margin",
                   order: str = "desc", page: int = 1) -> Response:
    filters = portfolio.Filters.clean(decision, owner, q, sort, order)
    data = portfolio_data(request, user, filters, page)
    return render.page(request, "portfolio.html", data, decisions=portfolio.DECISIONS,
                sort_keys=portfolio.SORT_KEYS)


@router.get("/portfolio/charts/{name}.svg")
def portfolio_chart(request: Request, user: CurrentUser, name: str
                    ) -> Response:
    state = web_state(request)
    run, _ = state.run()
    lang = request.state.lang
    svg = state.memo(("chart", name, user.visibility, lang), lambda: charts.portfolio_chart(
        name, state.visible(user), run, lang))
    return Response(svg, media_type="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=60"})
