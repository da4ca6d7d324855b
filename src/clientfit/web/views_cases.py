"""Cases (issue 6): open cases, steps due and overdue, drafts to read or download (.eml, .ics),
notes and state changes. Every case route checks the case's client like the client pages do."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clientfit import cases
from clientfit.errors import ClientfitError, NotFound
from clientfit.playbooks.calendar import case_calendar, ics_bytes
from clientfit.playbooks.definitions import load_playbook
from clientfit.playbooks.drafts import email_message, eml_bytes, render_step
from clientfit.store import web_reads
from clientfit.store.cases import staff_rows
from clientfit.web import case_text, i18n
from clientfit.web.auth import User, list_users
from clientfit.web.deps import CurrentUser, csrf_protect, web_state
from clientfit.web.render import page

router = APIRouter(include_in_schema=False)


def visible_case(request: Request, user: User, case_id: int) -> cases.Case:
    state = web_state(request)
    try:
        case = cases.get_case(state.store, case_id)
    except NotFound:
        raise NotFound(f"no case {case_id}") from None
    try:
        state.client(user, case.client_id)
    except NotFound:
        raise NotFound(f"no case {case_id}") from None
    return case


def people(request: Request) -> case_text.People:
    state = web_state(request)
    with state.store.reading() as connection:
        staff = {r["staff_id"]: r["name"] for r in web_reads.staff_rows(connection)}
    users = {u["username"]: u.get("display_name") or u["username"]
             for u in list_users(state.store)}
    return case_text.People(staff, users, _gettext(request))


def _gettext(request: Request) -> Any:
    return i18n.translations(getattr(request.state, "lang", i18n.DEFAULT)).gettext


@router.get("/cases")
@router.get("/cases.json")
def cases_page(request: Request, user: CurrentUser, closed: bool = False, owner: str = "",
               playbook: str = "", overdue: bool = False) -> Response:
    state = web_state(request)
    with state.store.reading() as connection:
        owners = web_reads.client_owners(connection)
    found = [c for c in cases.list_cases(state.store, include_closed=closed)
             if user.can_see(c.client_id, owners.get(c.client_id))]
    today = datetime.now(UTC).date()
    name = people(request)
    listed = [{"case_id": c.case_id, "client_id": c.client_id, "client_name": c.client_name,
               "playbook": c.playbook, "state": c.state, "owner": c.owner,
               "owner_name": name(c.owner), "opened_at": c.opened_at, "end_date": c.end_date,
               "steps": len(c.steps), "done": sum(s.status != "pending" for s in c.steps),
               "overdue": [s.key for s in c.overdue_steps(today)],
               "next_due": min((s.due_date for s in c.steps if s.status == "pending"),
                               default=None)}
              for c in found]
    choices = {"owners": sorted({(c["owner"], c["owner_name"]) for c in listed},
                                key=lambda item: item[1].lower()),
               "playbooks": sorted({c["playbook"] for c in listed})}
    shown = [c for c in listed if (not owner or c["owner"] == owner)
             and (not playbook or c["playbook"] == playbook) and (not overdue or c["overdue"])]
    return page(request, "cases.html", {
        "cases": shown, "closed": closed, "choices": choices,
        "filters": {"owner": owner[:200], "playbook": playbook[:32], "overdue": overdue}})


def case_data(request: Request, user: User, case_id: int) -> dict[str, Any]:
    """The case with names, step titles, outcomes and history in the reader's words (the raw
    codes stay: `owner`, `action`, `outcome`)."""
    case = visible_case(request, user, case_id)
    data = cases.case_dict(case)
    data.pop("snapshot", None)
    data["history"] = cases.case_history(web_state(request).store, case_id)
    data["outcomes"] = list(load_playbook(case.playbook).outcomes)
    lang = getattr(request.state, "lang", i18n.DEFAULT)
    return case_text.localise(data, lang, people(request), _gettext(request))


@router.get("/cases/{case_id}")
@router.get("/cases/{case_id}.json")  # registered first: matched first
def case_page(request: Request, user: CurrentUser, case_id: int) -> Response:
    return page(request, "case.html", case_data(request, user, case_id),
                saved=request.query_params.get("saved"))


def case_error(request: Request, user: User, case_id: int, message: str,
               form: dict[str, str] | None = None) -> Response:
    """The case page again with `message` at the form it came from (400), never another page."""
    response = page(request, "case.html", case_data(request, user, case_id), saved=None,
                    error=message, form=form or {})
    response.status_code = 400
    return response


def not_made(request: Request, exc: ClientfitError) -> str:
    why = str(exc).replace(" (--reason)", "").replace("with --reason", "with a reason")
    return str(_gettext(request)("The change was not made: %(why)s")) % {"why": why}


def _draft(request: Request, user: User, case_id: int, key: str) -> tuple[Any, Any]:
    case = visible_case(request, user, case_id)
    step = case.step(key)
    if not step.draft:
        raise NotFound(f"step {key} of case {case_id} has no draft")
    with web_state(request).store.reading() as connection:
        staff = staff_rows(connection)
    return case, render_step(case, step, staff)


@router.get("/cases/{case_id}/steps/{key}/draft")
@router.get("/cases/{case_id}/steps/{key}/draft.json")
def draft_page(request: Request, user: CurrentUser, case_id: int, key: str) -> Response:
    case, draft = _draft(request, user, case_id, key)
    data = {"case_id": case.case_id, "client_name": case.client_name, "step": key,
            "language": draft.language, "subject": draft.subject, "body": draft.body,
            "sender": draft.sender, "recipient": draft.recipient}
    return page(request, "draft.html", data)


@router.get("/cases/{case_id}/steps/{key}/draft.eml")
def draft_eml(request: Request, user: CurrentUser, case_id: int, key: str) -> Response:
    case, draft = _draft(request, user, case_id, key)
    return Response(eml_bytes(email_message(draft, case)), media_type="message/rfc822",
                    headers={"Content-Disposition":
                             f'attachment; filename="case-{case_id}-{key}.eml"'})


@router.get("/cases/{case_id}/calendar.ics")
def case_ics(request: Request, user: CurrentUser, case_id: int) -> Response:
    case = visible_case(request, user, case_id)
    with web_state(request).store.reading() as connection:
        staff = staff_rows(connection)
    return Response(ics_bytes(case_calendar(case, staff)), media_type="text/calendar",
                    headers={"Content-Disposition":
                             f'attachment; filename="case-{case_id}.ics"'})


@router.post("/clients/{client_id}/cases", dependencies=[Depends(csrf_protect)])
def open_case(request: Request, user: CurrentUser, client_id: str) -> Response:
    state = web_state(request)
    state.client(user, client_id)
    run, _ = state.run()
    case = cases.open_case(state.store, client_id, actor=user.username, from_assessment=True,
                           run=run)
    return RedirectResponse(f"/cases/{case.case_id}?saved=open", status_code=303)


@router.post("/cases/{case_id}/steps/{key}", dependencies=[Depends(csrf_protect)])
def change_step(request: Request, user: CurrentUser, case_id: int, key: str,
                action: Annotated[str, Form()], reason: Annotated[str, Form()] = ""
                ) -> Response:
    visible_case(request, user, case_id)
    store, why = web_state(request).store, reason.strip() or None
    problem = case_text.step_problem(action, reason, _gettext(request))
    if problem:
        return case_error(request, user, case_id, problem, {"step": key})
    try:
        if action == "done":
            cases.complete_step(store, case_id, key, actor=user.username, reason=why)
        elif action == "skip":
            cases.skip_step(store, case_id, key, actor=user.username, reason=reason)
        else:
            cases.reopen_step(store, case_id, key, actor=user.username, reason=reason)
    except NotFound:
        raise
    except ClientfitError as exc:
        return case_error(request, user, case_id, not_made(request, exc), {"step": key})
    return RedirectResponse(f"/cases/{case_id}?saved=step#step-{key}", status_code=303)


@router.post("/cases/{case_id}/notes", dependencies=[Depends(csrf_protect)])
def add_note(request: Request, user: CurrentUser, case_id: int,
             text: Annotated[str, Form()]) -> Response:
    visible_case(request, user, case_id)
    try:
        cases.add_note(web_state(request).store, case_id, text, actor=user.username)
    except ClientfitError as exc:
        return case_error(request, user, case_id, not_made(request, exc), {"note": text[:2000]})
    return RedirectResponse(f"/cases/{case_id}?saved=note", status_code=303)


@router.post("/cases/{case_id}/close", dependencies=[Depends(csrf_protect)])
def close(request: Request, user: CurrentUser, case_id: int,
          outcome: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    data = case_data(request, user, case_id)
    problem = case_text.close_problem(data, outcome, reason, _gettext(request))
    form = {"close": "1", "outcome": outcome[:64], "reason": reason[:2000]}
    if problem:
        return case_error(request, user, case_id, problem, form)
    try:
        cases.close_case(web_state(request).store, case_id, outcome=outcome, actor=user.username,
                         reason=reason.strip() or None)
    except ClientfitError as exc:
        return case_error(request, user, case_id, not_made(request, exc), form)
    return RedirectResponse(f"/cases/{case_id}?saved=close", status_code=303)
