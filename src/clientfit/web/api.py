"""The REST API under /api (OpenAPI 3.1 at /api/openapi.json): the same data
and the same authorization as the pages, by session cookie or bearer token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from clientfit import service
from clientfit.domain import Decision
from clientfit.web import portfolio, render
from clientfit.web.deps import CurrentUser, csrf_protect, web_state
from clientfit.web.render import jsonable
from clientfit.web.state import RUNNING, AssessmentRunning
from clientfit.web.views_client import client_data, reason_evidence, set_override
from clientfit.web.views_portfolio import portfolio_data, summary_of

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(csrf_protect)])


class OverrideIn(BaseModel):
    decision: Decision
    reason: str = Field(min_length=1, max_length=5000)


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=5000)


class OverrideOut(BaseModel):
    client_id: str
    decision: str
    computed_decision: str | None
    actor: str


@router.get("/me")
def me(user: CurrentUser) -> dict[str, Any]:
    """The user the request is authenticated as."""
    return user.as_dict()


class Owner(BaseModel):
    staff_id: str | None
    name: str | None


class ClientRow(BaseModel):
    client_id: str
    name: str
    owner: Owner
    decision: str = Field(description="The effective decision (an override wins).")
    computed_decision: str
    overridden: bool
    confidence: float | None
    revenue_minor: int | None = Field(description="Revenue net of sales tax (docs/metrics.md).")
    margin_minor: int | None
    margin_pct: float | None
    hours: float | None
    days_late: float | None
    health: float | None


class ClientPage(BaseModel):
    """One page of the visible clients; `total` counts every client matching the filters."""

    total: int = Field(description="Clients matching the filters (all pages).")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, null on the last one.")
    prev: str | None = Field(description="URL of the previous page, null on the first one.")
    filters: dict[str, str]
    clients: list[ClientRow]


RUNNING_RESPONSE: dict[int | str, dict[str, Any]] = {
    503: {"description": "The first assessment is still running: retry after `Retry-After` "
                         "seconds."}}


@router.get("/clients", responses={200: {"model": ClientPage}, **RUNNING_RESPONSE})
async def list_clients(
    request: Request,
    user: CurrentUser,
    decision: str = Query("", description="Only this (effective) decision."),
    owner: str = Query("", description="Only clients owned by this staff id."),
    q: str = Query("", max_length=200, description="Name or id contains."),
    sort: str = Query("urgency", description="One of: " + ", ".join(portfolio.SORT_KEYS)),
    order: str = Query("desc", pattern="^(asc|desc)$"),
    limit: int = Query(portfolio.PAGE_SIZE, ge=1, le=portfolio.MAX_PAGE_SIZE,
                       description="Clients per page."),
    offset: int = Query(0, ge=0, le=10_000_000, description="Clients to skip (after sorting)."),
) -> Response:
    """The clients the user may see, with decision, value and health: filtered, sorted and
    paginated by `limit` and `offset`; `total` counts all matching clients and `next`/`prev`
    are the URLs of the neighbouring pages. Answers carry an ETag (`If-None-Match` gets 304)."""
    filters = portfolio.Filters.clean(decision, owner, q, sort, order)

    def build() -> Response:
        data = portfolio_data(request, user, filters, size=limit, offset=offset)
        total = data["matching"]

        def url(start: int) -> str:
            query = portfolio.query(filters)
            return f"/api/clients?{query}{'&' if query else ''}limit={limit}&offset={start}"

        return JSONResponse(jsonable({
            "total": total, "limit": limit, "offset": offset,
            "next": url(offset + limit) if offset + limit < total else None,
            "prev": url(max(0, offset - limit)) if offset > 0 else None,
            "filters": data["filters"], "clients": data["clients"]}))

    return await render.cached(request, (filters, limit, offset), build)


@router.get("/clients/{client_id}")
def get_client(request: Request, user: CurrentUser, client_id: str
               ) -> dict[str, Any]:
    """One client: assessment (docs/assessment.schema.json), monthly trend, audit log."""
    data = client_data(request, user, client_id)
    return jsonable(data)


@router.get("/clients/{client_id}/evidence/{code}")
def get_evidence(request: Request, user: CurrentUser, client_id: str, code: str) -> dict[str, Any]:
    """The stored records behind one reason of the client's assessment."""
    return jsonable(reason_evidence(request, user, client_id, code))


@router.post("/clients/{client_id}/override")
def post_override(request: Request, user: CurrentUser, client_id: str,
                  body: OverrideIn) -> OverrideOut:
    """Override the client's decision with a reason (recorded in the audit log)."""
    assessment = set_override(web_state(request), user, client_id, body.decision.value,
                              body.reason)
    return OverrideOut(client_id=client_id, decision=body.decision.value,
                       computed_decision=assessment.decision.value if assessment else None,
                       actor=user.username)


@router.post("/clients/{client_id}/override/revoke")
def post_revoke(request: Request, user: CurrentUser, client_id: str,
                body: RevokeIn) -> dict[str, Any]:
    """Remove the client's active override (recorded in the audit log)."""
    state = web_state(request)
    state.client(user, client_id)
    count = service.revoke_override(state.store, client_id, reason=body.reason,
                                    actor=user.username)
    return {"client_id": client_id, "revoked": count}


class Summary(BaseModel):
    clients: int
    decisions: dict[str, int]
    whale: dict[str, Any] = Field(description="Peak of the whale curve and the top/bottom "
                                              "sentence's numbers (docs/web.md).")
    concentration: dict[str, Any] = Field(description="Top-1/5/10 revenue shares and HHI.")
    revenue_minor: int = Field(description="Revenue net of sales tax (docs/metrics.md).")
    margin_minor: int


@router.get("/portfolio/summary", responses={200: {"model": Summary}, **RUNNING_RESPONSE})
async def get_summary(request: Request, user: CurrentUser) -> Response:
    """Decision counts, whale curve (peak and the top/bottom sentence) and concentration."""

    def build() -> Response:
        if web_state(request).running:
            raise AssessmentRunning(RUNNING)
        return JSONResponse(jsonable(summary_of(request, user)))

    return await render.cached(request, (), build)
