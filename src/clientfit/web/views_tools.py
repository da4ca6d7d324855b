"""What-if and import pages."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from clientfit import service, whatif
from clientfit.errors import NotFound
from clientfit.store import web_reads
from clientfit.web import imports, portfolio
from clientfit.web.auth import User
from clientfit.web.deps import AdminUser, CurrentUser, csrf_protect, web_state
from clientfit.web.errors import BadRequest
from clientfit.web.render import page

router = APIRouter(include_in_schema=False)
UPLOAD_TTL_SECONDS = 3600
FORM_ROWS = 200


def parse_actions(params: dict[str, str]) -> list[whatif.Action]:
    """`act_<client>=release|reprice|reassign`, `pct_<client>=10`, `to_<client>=S2`."""
    actions = []
    for name, kind in params.items():
        if not name.startswith("act_") or not kind:
            continue
        client_id = name[4:]
        try:
            percent = float(params.get(f"pct_{client_id}") or 0)
            actions.append(whatif.Action(client_id, kind, percent,
                                         params.get(f"to_{client_id}") or None))
        except ValueError as exc:
            raise BadRequest(f"{client_id}: {exc}") from None
    return actions


def whatif_data(request: Request, user: User, actions: list[whatif.Action]) -> dict[str, Any]:
    state = web_state(request)
    run, problem = state.run()
    visible = state.visible(user)
    items = portfolio.figures(visible)
    seen = {f.client_id for f in items}
    for action in actions:
        if action.client_id not in seen:  # another manager's client: as if it did not exist
            raise NotFound(f"no client with id {action.client_id!r}")
    with state.store.reading() as connection:
        staff = web_reads.staff_rows(connection)
    rates = {s["staff_id"]: s["hourly_cost_minor"] for s in staff}
    try:
        result = whatif.simulate(items, actions, rates)
    except (ValueError, KeyError) as exc:
        raise BadRequest(str(exc)) from None
    return {
        "problem": problem, "currency": run.currency if run else None,
        "actions": [a.__dict__ for a in actions],
        "result": result.as_dict() if actions else None,
        "clients": _listed(items, {a.client_id for a in actions},
                           request.query_params.get("q", "")),
        "staff": [{"staff_id": s["staff_id"], "name": s["name"]} for s in staff],
    }


def _listed(items: list[whatif.ClientFigures], chosen: set[str], q: str) -> list[dict[str, Any]]:
    """The clients to choose from: the chosen ones, then the least profitable matching `q`
    (name or id), at most FORM_ROWS in all."""
    needle = q.strip().lower()
    ranked = sorted(items, key=lambda f: (f.client_id not in chosen, f.margin_minor,
                                          f.client_id))
    shown = [f for f in ranked if f.client_id in chosen or not needle
             or needle in f.name.lower() or needle in f.client_id.lower()][:FORM_ROWS]
    return [{"client_id": f.client_id, "name": f.name, "owner": f.owner,
             "decision": f.decision, "margin_minor": f.margin_minor, "hours": f.hours}
            for f in shown]


@router.get("/whatif")
@router.get("/whatif.json")
def whatif_page(request: Request, user: CurrentUser) -> Response:
    actions = parse_actions(dict(request.query_params))
    data = whatif_data(request, user, actions)
    chosen = {a.client_id: a for a in actions}
    return page(request, "whatif.html", data, chosen=chosen)


def _expire_uploads(uploads: dict[str, dict[str, Any]]) -> None:
    for token, upload in list(uploads.items()):
        if time.time() - upload["at"] > UPLOAD_TTL_SECONDS:
            shutil.rmtree(upload["dir"], ignore_errors=True)
            uploads.pop(token, None)


@router.get("/import")
@router.get("/import.json")
def import_page(request: Request, user: AdminUser) -> Response:
    return page(request, "import.html", {"preview": None, "token": None, "imported": None})


@router.post("/import/preview", dependencies=[Depends(csrf_protect)])
def import_preview(request: Request, user: AdminUser,
                   bundle_zip: Annotated[UploadFile, File()]) -> Response:
    state = web_state(request)
    _expire_uploads(state.uploads)
    directory = Path(tempfile.mkdtemp(prefix="clientfit-upload-"))
    archive = directory / "upload.zip"
    with archive.open("wb") as out:
        shutil.copyfileobj(bundle_zip.file, out)
    if archive.stat().st_size > state.settings.max_upload_bytes:
        shutil.rmtree(directory, ignore_errors=True)
        raise BadRequest("the upload is too large")
    unpacked = directory / "bundle"
    unpacked.mkdir()
    try:
        files = imports.unpack(archive, unpacked, state.settings.max_upload_bytes * 10)
    except BadRequest:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    preview = imports.preview(state.store, unpacked)
    token = secrets.token_urlsafe(16)
    state.uploads[token] = {"dir": directory, "bundle": unpacked, "user": user.user_id,
                            "at": time.time(), "name": bundle_zip.filename}
    return page(request, "import.html", {"preview": preview, "files": files,
                                         "token": token if preview["ok"] else None,
                                         "upload": bundle_zip.filename, "imported": None})


@router.post("/import/commit", dependencies=[Depends(csrf_protect)])
def import_commit(request: Request, user: AdminUser, token: Annotated[str, Form()]
                  ) -> Response:
    state = web_state(request)
    upload = state.uploads.get(token)
    if upload is None or upload["user"] != user.user_id:
        raise BadRequest("this preview has expired: upload the bundle again")
    try:
        summary = service.import_bundle(state.store, upload["bundle"])
    finally:
        state.uploads.pop(token, None)
        shutil.rmtree(upload["dir"], ignore_errors=True)
    total = summary.total
    imported = {"read": total.read, "added": total.added, "updated": total.updated,
                "unchanged": total.unchanged}
    return page(request, "import.html", {"preview": None, "token": None,
                                         "imported": imported})
