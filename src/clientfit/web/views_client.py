"""The client page, the evidence behind each reason, and the override form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clientfit import service, whatif
from clientfit.domain import Assessment, Decision
from clientfit.export import assessment_dict
from clientfit.store import decisions, queries, web_reads
from clientfit.web import charts, messages, reason_text
from clientfit.web.app import has_cases
from clientfit.web.auth import User
from clientfit.web.deps import CurrentUser, csrf_protect, web_state
from clientfit.web.errors import PageNotFound
from clientfit.web.render import jsonable, page

router = APIRouter(include_in_schema=False)
DECISIONS = tuple(d.value for d in Decision)


def client_info(row: dict[str, Any], staff: dict[str, str]) -> dict[str, Any]:
    return {"client_id": row["client_id"], "name": row["name"], "language": row["language"],
            "currency": row["currency"], "kind": row["kind"], "country": row["country"],
            "started_on": row["started_on"], "ended_on": row["ended_on"],
            "owner": {"staff_id": row["owner_staff_id"],
                      "name": staff.get(row["owner_staff_id"] or "")}}


def client_data(request: Request, user: User, client_id: str) -> dict[str, Any]:
    state = web_state(request)
    row, assessment = state.client(user, client_id)
    run, _ = state.run()
    with state.store.reading() as connection:
        staff = queries.staff_names(connection)
        monthly = web_reads.client_monthly(connection, client_id)
        audit = decisions.audit_entries(connection, "client", client_id)
        recent = web_reads.client_messages(connection, client_id, limit=20)
    for message in recent:
        message["analysis"] = messages.analysis(message)
    client_cases = None
    if has_cases():
        from clientfit import cases

        client_cases = [{"case_id": c.case_id, "playbook": c.playbook, "state": c.state,
                         "opened_at": c.opened_at}
                        for c in cases.list_cases(state.store, include_closed=True,
                                                  client_id=client_id)]
    return {
        "client": client_info(row, staff),
        "assessment": assessment_dict(assessment, run) if assessment and run else None,
        "health": whatif.health(assessment.metrics) if assessment else None,
        "window": ({"start": run.window.start, "as_of": run.window.as_of} if run else None),
        "currency": (run.currency if run else None) or row["currency"],
        "monthly": monthly,
        "audit": audit,
        "messages": recent,
        "cases": client_cases,
    }


def sentences(request: Request, reasons: list[dict[str, Any]], metrics: dict[str, Any],
              currency: str | None) -> list[str]:
    """Each reason as a sentence in the user's language (web/reason_text.py)."""
    state = web_state(request)
    run, _ = state.run()
    with state.store.reading() as connection:
        staff = queries.staff_names(connection)
    lang = getattr(request.state, "lang", "en")
    return [reason_text.sentence(r["code"], r["metrics"], metrics, currency=currency, lang=lang,
                                 fallback=r["text"], staff_names=staff,
                                 settings=run.policy.settings if run else None)
            for r in reasons]


@router.get("/clients/{client_id}")
@router.get("/clients/{client_id}.json")  # registered first: matched first
def client_page(request: Request, user: CurrentUser, client_id: str
                ) -> Response:
    data = client_data(request, user, client_id)
    assessment = data["assessment"]
    said = sentences(request, assessment["reasons"], assessment["metrics"], data["currency"]
                     ) if assessment and not request.url.path.endswith(".json") else []
    return page(request, "client.html", data, decisions=DECISIONS,
                saved=request.query_params.get("saved"), sentences=said)


def reason_evidence(request: Request, user: User, client_id: str, code: str
                    ) -> dict[str, Any]:
    state = web_state(request)
    row, assessment = state.client(user, client_id)
    reason = next((r for r in (assessment.reasons if assessment else ()) if r.code == code),
                  None)
    if reason is None or assessment is None:
        raise PageNotFound(f"client {client_id} has no reason {code!r}")
    with state.store.reading() as connection:
        records = queries.evidence_records(connection, reason.evidence)
    items = []
    for ref in reason.evidence:
        record = records.get(ref)
        item = {"kind": ref.kind.value, "id": ref.record_id, "record": record}
        if ref.kind.value == "message" and record is not None:
            item["analysis"] = messages.analysis(record)
        items.append(item)
    run, _ = state.run()
    return {"client": {"client_id": row["client_id"], "name": row["name"]},
            "currency": (run.currency if run else None) or row["currency"],
            "reason": {"code": reason.code, "text": reason.text,
                       "metrics": jsonable(reason.metrics)},
            "evidence": items}


@router.get("/clients/{client_id}/evidence/{code}")
@router.get("/clients/{client_id}/evidence/{code}.json")  # registered first: matched first
def evidence_page(request: Request, user: CurrentUser, client_id: str, code: str) -> Response:
    data = reason_evidence(request, user, client_id, code)
    said = []
    if not request.url.path.endswith(".json"):
        _, assessment = web_state(request).client(user, client_id)
        said = sentences(request, [data["reason"]],
                         dict(assessment.metrics) if assessment else {}, data["currency"])
    return page(request, "evidence.html", data, sentence=said[0] if said else None)


@router.get("/clients/{client_id}/charts/trend.svg")
def trend_chart(request: Request, user: CurrentUser, client_id: str
                ) -> Response:
    state = web_state(request)
    row, _ = state.client(user, client_id)
    with state.store.reading() as connection:
        monthly = web_reads.client_monthly(connection, client_id)
    svg = charts.trend(monthly, row["currency"], request.state.lang)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private"})


def set_override(state: Any, user: User, client_id: str, decision: str, reason: str
                 ) -> Assessment | None:
    _, assessment = state.client(user, client_id)
    service.override_decision(state.store, client_id, decision, reason=reason,
                              actor=user.username,
                              computed=assessment.decision if assessment else None)
    return assessment


@router.post("/clients/{client_id}/override", dependencies=[Depends(csrf_protect)])
def override(request: Request, user: CurrentUser, client_id: str, decision: Annotated[str, Form()],
             reason: Annotated[str, Form()]) -> Response:
    set_override(web_state(request), user, client_id, decision, reason)
    return RedirectResponse(f"/clients/{client_id}?saved=override", status_code=303)


@router.post("/clients/{client_id}/override/revoke", dependencies=[Depends(csrf_protect)])
def revoke(request: Request, user: CurrentUser, client_id: str,
           reason: Annotated[str, Form()]) -> Response:
    state = web_state(request)
    state.client(user, client_id)
    service.revoke_override(state.store, client_id, reason=reason, actor=user.username)
    return RedirectResponse(f"/clients/{client_id}?saved=revoke", status_code=303)
