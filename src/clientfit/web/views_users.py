"""Users: the admin page (list, grants, disable/enable, password reset) and everyone's own
"change password" form. Admin pages answer 403 to managers, like the import page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from clientfit.store import web_reads
from clientfit.web import auth
from clientfit.web.deps import AdminUser, CurrentUser, csrf_protect, web_state
from clientfit.web.errors import BadRequest
from clientfit.web.render import page, render_html

router = APIRouter(include_in_schema=False)
SAVED = ("grant", "revoke", "disable", "enable", "password")


def users_data(request: Request) -> dict[str, Any]:
    state = web_state(request)
    with state.store.reading() as connection:
        staff = web_reads.staff_rows(connection)
    users = auth.list_users(state.store)
    names = {s["staff_id"]: s["name"] for s in staff}
    return {
        "users": [{"username": u["username"], "display_name": u["display_name"],
                   "role": u["role"], "staff_id": u["staff_id"],
                   "staff_name": names.get(u["staff_id"] or ""), "locale": u["locale"],
                   "created_at": u["created_at"], "disabled_at": u["disabled_at"],
                   "grants": [{"kind": k, "value": v, "name": names.get(v) if k == "staff"
                               else None} for k, v in u["grants"]]}
                  for u in users],
        "staff": [{"staff_id": s["staff_id"], "name": s["name"]} for s in staff],
    }


@router.get("/admin/users")
@router.get("/admin/users.json")
def users_page(request: Request, user: AdminUser) -> Response:
    saved = request.query_params.get("saved")
    return page(request, "users.html", users_data(request),
                saved=saved if saved in SAVED else None, who=request.query_params.get("who"))


def _done(action: str, username: str) -> Response:
    return RedirectResponse(f"/admin/users?saved={action}&who={username}", status_code=303)


def _check_grant_target(request: Request, kind: str, value: str) -> None:
    """A grant names a staff member or a client that exists (a typo grants nothing)."""
    state = web_state(request)
    with state.store.reading() as connection:
        if kind == "staff":
            known = {s["staff_id"] for s in web_reads.staff_rows(connection)}
            known |= {u["staff_id"] for u in auth.list_users(state.store) if u["staff_id"]}
            if value not in known:
                raise BadRequest(f"no staff member with id {value!r}")
        elif kind == "client" and web_reads.client_row(connection, value) is None:
            raise BadRequest(f"no client with id {value!r}")


@router.post("/admin/users/{username}/grant", dependencies=[Depends(csrf_protect)])
def grant(request: Request, user: AdminUser, username: str, kind: Annotated[str, Form()],
          value: Annotated[str, Form()]) -> Response:
    value = value.strip()
    if kind not in auth.GRANT_KINDS:
        raise BadRequest(f"unknown grant {kind!r}; valid: {', '.join(auth.GRANT_KINDS)}")
    _check_grant_target(request, kind, value)
    auth.grant(web_state(request).store, username, kind, value, actor=user.username)
    return _done("grant", username)


@router.post("/admin/users/{username}/revoke", dependencies=[Depends(csrf_protect)])
def revoke(request: Request, user: AdminUser, username: str, kind: Annotated[str, Form()],
           value: Annotated[str, Form()]) -> Response:
    auth.revoke_grant(web_state(request).store, username, kind, value, actor=user.username)
    return _done("revoke", username)


@router.post("/admin/users/{username}/disable", dependencies=[Depends(csrf_protect)])
def disable(request: Request, user: AdminUser, username: str) -> Response:
    if username == user.username:
        raise BadRequest("you cannot disable yourself")
    auth.set_disabled(web_state(request).store, username, True, actor=user.username)
    return _done("disable", username)


@router.post("/admin/users/{username}/enable", dependencies=[Depends(csrf_protect)])
def enable(request: Request, user: AdminUser, username: str) -> Response:
    auth.set_disabled(web_state(request).store, username, False, actor=user.username)
    return _done("enable", username)


@router.post("/admin/users/{username}/password", dependencies=[Depends(csrf_protect)])
def reset_password(request: Request, user: AdminUser, username: str,
                   password: Annotated[str, Form()]) -> Response:
    auth.set_password(web_state(request).store, username, password, actor=user.username)
    return _done("password", username)


@router.get("/account/password")
def password_page(request: Request, user: CurrentUser) -> Response:
    return render_html(request, "password.html", {"done": False, "problem": None})


@router.post("/account/password", dependencies=[Depends(csrf_protect)])
def change_password(request: Request, user: CurrentUser, current: Annotated[str, Form()],
                    new: Annotated[str, Form()], confirm: Annotated[str, Form()]) -> Response:
    problem = None
    if new != confirm:
        problem = "mismatch"
    else:
        try:
            mark = auth.change_own_password(web_state(request).store, user, current, new)
            request.session["pw"] = mark  # this session stays; the user's others end
        except auth.PasswordRejected as exc:
            problem = exc.code
    return render_html(request, "password.html", {"done": problem is None, "problem": problem},
                       status=200 if problem is None else 400)
