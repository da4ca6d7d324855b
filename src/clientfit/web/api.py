"""The REST API under /api (OpenAPI 3.1 at /api/openapi.json): the same data
and the same authorization as the pages, by session cookie or bearer token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from clientfit import service
from clientfit.domain import Decision
from clientfit.web import portfolio
from clientfit.web.deps import CurrentUser, csrf_protect, web_state
from clientfit.web.render import jsonable
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


@router.get("/clients")
def list_clients(
    request: Request,
    user: CurrentUser,
    decision: str = Query("", description="Only this (effective) decision."),
    owner: str = Query("", description="Only clients owned by this staff id."),
    q: str = Query("", max_length=200, description="Name or id contains."),
    sort: str = Query("margin", description="One of: " + ", ".join(portfolio.SORT_KEYS)),
    order: str = Query("desc", pattern="^(asc|desc)$"),
    page: int = Query(1, ge=1, le=1_000_000, description="Page of 100 clients, from 1."),
) -> dict[str, Any]:
    """The clients the user may see, with decision, value and health; filters and sorting."""
    filters = portfolio.Filters.clean(decision, owner, q, sort, order)
    return jsonable(portfolio_data(request, user, filters, page))


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


@router.get("/portfolio/summary")
def get_summary(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Decision counts, whale curve (peak and the top/bottom sentence) and concentration."""
    return jsonable(summary_of(request, user))
