"""The client page, the evidence behind each reason, and the override form."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clientfit import service, whatif
from clientfit.assessment import evidence_list
from clientfit.domain import Assessment, Decision
from clientfit.export import assessment_dict, quote_dict
from clientfit.store import decisions, queries, web_reads
from clientfit.web import charts, i18n, messages, reason_text
from clientfit.web.auth import User
from clientfit.web.deps import CurrentUser, csrf_protect, web_state
from clientfit.web.errors import PageNotFound
from clientfit.web.reason_text import N_
from clientfit.web.render import has_cases, jsonable, page

router = APIRouter(include_in_schema=False)
DECISIONS = tuple(d.value for d in Decision)


def client_info(row: dict[str, Any], staff: dict[str, str]) -> dict[str, Any]:
    return {"client_id": row["client_id"], "name": row["name"], "language": row["language"],
            "currency": row["currency"], "kind": row["kind"], "country": row["country"],
            "started_on": row["started_on"], "ended_on": row["ended_on"],
            "owner": {"staff_id": row["owner_staff_id"],
                      "name": staff.get(row["owner_staff_id"] or "")}}


def converter(run: Any) -> Any:
    """Amounts of the records the assessment converted, in its reporting currency (the rest,
    outside its window, as stored)."""
    quotes = run.conversion.quotes if run is not None and run.conversion else {}
    if not quotes:
        return None

    def convert(kind: str, record_id: str, amount: float) -> float:
        quote = quotes.get((kind, record_id))
        return float(quote.convert(int(amount))) if quote is not None else amount

    return convert


def client_data(request: Request, user: User, client_id: str) -> dict[str, Any]:
    state = web_state(request)
    row, assessment = state.client(user, client_id)
    run, _ = state.run()
    with state.store.reading() as connection:
        staff = queries.staff_names(connection)
        monthly = web_reads.client_monthly(connection, client_id, converter(run))
        audit = decisions.audit_entries(connection, "client", client_id)
        recent = web_reads.client_messages(connection, client_id, limit=20)
    analyzer = messages.policy_analyzer(run)
    for message in recent:
        message["analysis"] = messages.analysis(message, analyzer)
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


# Model outputs shown when the assessment's metrics hold them: (metric, label, format key).
# Labels name the policy's horizons as %(months)s / %(days)s.
LIFETIME_FIGURES = (
    ("p_alive", N_("Probability the client is still buying, P(alive)"), "p_alive_pct"),
    ("expected_purchases_horizon", N_("Expected purchases in the next %(months)s months"),
     "expected_purchases"),
    ("expected_revenue_horizon_minor", N_("Expected revenue in the next %(months)s months"),
     "expected_revenue_minor"),
    ("clv_minor", N_("Customer lifetime value (CLV)"), "clv_minor"),
    ("weeks_since_last_purchase", N_("Weeks since the last invoice"), "weeks_count"),
)
CHURN_FIGURES = (
    ("churn_risk_90d", N_("Risk of leaving within %(days)s days"), "churn_risk"),
    ("churn_risk_average_90d", N_("An average retainer's risk"), "churn_risk_average"),
    # the two risks' ratio, not the Cox relative hazard: one way to read the same numbers
    ("churn_risk_multiple", N_("Times an average retainer's risk"), "relative_effect"),
)


# The churn model's status lines (signals/churn.py), said in the user's language.
CHURN_NOTES = (
    (re.compile(r"Cox model fitted on (?P<rows>\d+) landmark rows of (?P<retainers>\d+) "
                r"retainers, (?P<ended>\d+) of which ended"),
     N_("Cox model fitted on %(rows)s landmark rows of %(retainers)s retainers, %(ended)s of "
        "which ended.")),
    (re.compile(r"too little history to estimate churn risk: (?P<ended>\d+) ended retainer "
                r"relationships in the records, the policy needs at least (?P<needed>\d+)"),
     N_("Too little history to estimate churn risk: %(ended)s ended retainer relationships in "
        "the records; the policy needs at least %(needed)s.")),
    (re.compile(r"no retainer clients with records to estimate churn risk on"),
     N_("No retainer clients with records to estimate churn risk on.")),
)


def churn_note(note: Any, lang: str) -> str | None:
    """The model's status line in `lang` when it is one we know, else as the model said it."""
    if not isinstance(note, str) or not note:
        return None
    for pattern, template in CHURN_NOTES:
        found = pattern.fullmatch(note.strip().rstrip("."))
        if found:
            return i18n.translations(lang).gettext(template) % found.groupdict()
    return note


def model_outputs(metrics: dict[str, Any], reasons: list[dict[str, Any]],
                  settings: dict[str, Any] | None, currency: str | None, lang: str
                  ) -> dict[str, Any]:
    """The newer models' outputs for the client page, from whatever the assessment holds:
    lifetime value (project clients) and churn risk with its drivers (retainers). Missing
    figures are left out, so the page works with any assessment."""
    catalogue = i18n.translations(lang)
    settings = settings or {}
    horizons = {"months": settings.get("lifetime", {}).get("horizon_months", 12),
                "days": settings.get("churn", {}).get("horizon_days", 90)}

    def rows(figures: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
        found = []
        for key, label, style in figures:
            shown = reason_text.format_value(style, metrics.get(key), currency, lang)
            if shown is not None:
                found.append({"key": key, "label": catalogue.gettext(label) % horizons,
                              "value": shown})
        return found

    churn_reason = next((r for r in reasons if r["code"] == "CHURN_RISK"), None)
    drivers = metrics.get("churn_drivers") or (churn_reason or {}).get("metrics", {}).get(
        "drivers") or []
    days = settings.get("churn", {}).get("lookback_days")
    risk, average = metrics.get("churn_risk_90d"), metrics.get("churn_risk_average_90d")
    if isinstance(risk, int | float) and isinstance(average, int | float) and average > 0:
        metrics = {**metrics, "churn_risk_multiple": risk / average}
    churn = rows(CHURN_FIGURES)
    return {
        "lifetime": rows(LIFETIME_FIGURES),
        "churn": churn,
        "drivers": [reason_text.driver_phrase(d, days, currency, lang) for d in drivers
                    if isinstance(d, dict)],
        "churn_note": churn_note(metrics.get("churn_risk_note"), lang),
        "churn_high": churn_reason is not None,
    }


@router.get("/clients/{client_id}")
@router.get("/clients/{client_id}.json")  # registered first: matched first
def client_page(request: Request, user: CurrentUser, client_id: str
                ) -> Response:
    data = client_data(request, user, client_id)
    assessment = data["assessment"]
    said, models = [], None
    if assessment and not request.url.path.endswith(".json"):
        said = sentences(request, assessment["reasons"], assessment["metrics"],
                         data["currency"])
        run, _ = web_state(request).run()
        models = model_outputs(assessment["metrics"], assessment["reasons"],
                               run.policy.settings if run else None, data["currency"],
                               getattr(request.state, "lang", "en"))
    listed: list[dict[str, Any]] = []
    cited: list[list[int]] = []
    if assessment and not request.url.path.endswith(".json"):
        # each record once, numbered; the reasons cite the numbers (assessment/evidence_list)
        _, computed = web_state(request).client(user, client_id)
        refs, cited = evidence_list.numbered(computed.reasons if computed else ())
        listed = evidence_items(web_state(request), refs)
    return page(request, "client.html", data, decisions=DECISIONS,
                saved=request.query_params.get("saved"), sentences=said, models=models,
                evidence=listed, cited=cited)


def evidence_items(state: Any, refs: Any) -> list[dict[str, Any]]:
    """The stored records behind `refs`, in order, with the rate each was converted at."""
    with state.store.reading() as connection:
        records = queries.evidence_records(connection, refs)
    run, _ = state.run()
    quotes = run.conversion.quotes if run and run.conversion else {}
    analyzer = messages.policy_analyzer(run)
    items = []
    for ref in refs:
        record = records.get(ref)
        item = {"kind": ref.kind.value, "id": ref.record_id, "record": record}
        if ref.kind.value == "message" and record is not None:
            item["analysis"] = messages.analysis(record, analyzer)
        quote = quotes.get((ref.kind.value, ref.record_id))
        if quote is not None and record is not None:
            item["rate"] = quote_dict(quote)
            if "amount_minor" in record:
                item["converted_minor"] = quote.convert(record["amount_minor"])
            if record.get("net_minor") is not None:
                item["converted_net_minor"] = quote.convert(record["net_minor"])
        items.append(item)
    return items


def reason_evidence(request: Request, user: User, client_id: str, code: str
                    ) -> dict[str, Any]:
    state = web_state(request)
    row, assessment = state.client(user, client_id)
    reason = next((r for r in (assessment.reasons if assessment else ()) if r.code == code),
                  None)
    if reason is None or assessment is None:
        raise PageNotFound(f"client {client_id} has no reason {code!r}")
    run, _ = state.run()
    return {"client": {"client_id": row["client_id"], "name": row["name"]},
            "currency": (run.currency if run else None) or row["currency"],
            "reason": {"code": reason.code, "text": reason.text,
                       "metrics": jsonable(reason.metrics)},
            "evidence": evidence_items(state, reason.evidence)}


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
    run, _ = state.run()
    with state.store.reading() as connection:
        monthly = web_reads.client_monthly(connection, client_id, converter(run))
    svg = charts.trend(monthly, (run.currency if run else None) or row["currency"],
                       request.state.lang)
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
