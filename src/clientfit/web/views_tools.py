"""What-if and import pages."""

from __future__ import annotations

import math
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from clientfit import service, whatif
from clientfit.errors import NotFound
from clientfit.importers.base import Options
from clientfit.store import web_reads
from clientfit.web import i18n, imports, portfolio
from clientfit.web.auth import User
from clientfit.web.deps import AdminUser, CurrentUser, csrf_protect, web_state
from clientfit.web.errors import BadRequest
from clientfit.web.render import page

router = APIRouter(include_in_schema=False)
UPLOAD_TTL_SECONDS = 3600
FORM_ROWS = 200


def parse_actions(params: dict[str, str], lang: str = i18n.DEFAULT
                  ) -> tuple[list[whatif.Action], list[str]]:
    """`act_<client>=release|reprice|reassign`, `pct_<client>=10` (a reprice only, −100 … +500),
    `to_<client>=S2` (a reassign only) → (the valid actions, a translated message for each
    invalid one, in `lang`)."""
    _ = i18n.translations(lang).gettext
    actions, problems = [], []
    for name, kind in params.items():
        if not name.startswith("act_") or not kind:
            continue
        client_id = name[4:]
        if kind not in whatif.ACTIONS:
            problems.append(_("%(client)s: choose release, reprice or reassign.")
                            % {"client": client_id[:64]})
            continue
        percent, staff = 0.0, params.get(f"to_{client_id}") or None
        if kind == "reprice":
            raw = (params.get(f"pct_{client_id}") or "0").strip().replace(",", ".")
            try:
                percent = float(raw)
            except ValueError:
                percent = math.nan
            if not (math.isfinite(percent)
                    and whatif.PRICE_CHANGE_MIN <= percent <= whatif.PRICE_CHANGE_MAX):
                problems.append(_("%(client)s: a price change must be a number from %(lo)s to "
                                  "%(hi)s.") % {
                    "client": client_id[:64],
                    "lo": i18n.percent(whatif.PRICE_CHANGE_MIN / 100, 0, lang),
                    "hi": "+" + i18n.percent(whatif.PRICE_CHANGE_MAX / 100, 0, lang)})
                continue
        if kind == "reassign" and not staff:
            problems.append(_("%(client)s: choose the colleague to move the client to.")
                            % {"client": client_id[:64]})
            continue
        actions.append(whatif.Action(client_id, kind, percent,
                                     staff if kind == "reassign" else None))
    return actions, problems


def short_query(params: dict[str, str]) -> str | None:
    """The what-if URL's query with only what the user set (an action, and its percent or
    colleague), or None when it already is that short."""
    kept: dict[str, str] = {}
    for name, value in params.items():
        if name == "q" and value.strip():
            kept[name] = value
        elif name.startswith("act_") and value:
            client_id = name[4:]
            kept[name] = value
            extra = {"reprice": "pct_", "reassign": "to_"}.get(value)
            if extra and params.get(extra + client_id):
                kept[extra + client_id] = params[extra + client_id]
    if list(kept.items()) == list(params.items()):
        return None
    return urlencode(kept)


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
    converted = run.conversion.staff_rates if run and run.conversion else {}
    rates = {s["staff_id"]: converted.get(s["staff_id"], s["hourly_cost_minor"]) for s in staff}
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
    params = dict(request.query_params)
    if not request.url.path.endswith(".json"):
        shorter = short_query(params)
        if shorter is not None:
            return RedirectResponse(f"/whatif?{shorter}" if shorter else "/whatif",
                                    status_code=303)
    actions, problems = parse_actions(params, getattr(request.state, "lang", i18n.DEFAULT))
    if problems and request.url.path.endswith(".json"):
        raise BadRequest("; ".join(problems))
    try:
        data = whatif_data(request, user, actions)
    except BadRequest as exc:  # e.g. a colleague who does not exist
        if request.url.path.endswith(".json"):
            raise
        problems.append(str(exc))
        actions = []
        data = whatif_data(request, user, actions)
    data["problems"] = problems
    chosen = {a.client_id: a for a in actions}
    response = page(request, "whatif.html", data, chosen=chosen, params=params,
                    pct_min=whatif.PRICE_CHANGE_MIN, pct_max=whatif.PRICE_CHANGE_MAX)
    if problems:
        response.status_code = 400
    return response


def _expire_uploads(uploads: dict[str, dict[str, Any]]) -> None:
    for token, upload in list(uploads.items()):
        if time.time() - upload["at"] > UPLOAD_TTL_SECONDS:
            shutil.rmtree(upload["dir"], ignore_errors=True)
            uploads.pop(token, None)


def _form(request: Request) -> dict[str, Any]:
    return {"sources": imports.sources(), "preview": None, "token": None, "imported": None}


@router.get("/import")
@router.get("/import.json")
def import_page(request: Request, user: AdminUser) -> Response:
    return page(request, "import.html", _form(request))


def _discard(upload: dict[str, Any] | None) -> None:
    if upload is not None:
        shutil.rmtree(upload["dir"], ignore_errors=True)


def _bundle_preview(state: Any, archive: Path, directory: Path) -> dict[str, Any]:
    unpacked = directory / "bundle"
    unpacked.mkdir()
    files = imports.unpack(archive, unpacked, state.settings.max_upload_bytes * 10)
    preview = imports.preview(state.store, unpacked)
    return {**preview, "kind": "bundle", "source": "bundle", "bundle_files": files,
            "bundle": unpacked}


def _options(date_format: str, encoding: str, our_domain: str, our_tax_id: str,
             mapping: Path | None) -> Options:
    domains = frozenset(d.strip().lower() for d in re.split(r"[,\s]+", our_domain) if d.strip())
    return Options(date_format=date_format.strip() or None, encoding=encoding.strip() or None,
                   our_domains=domains, our_tax_id=our_tax_id.strip() or None, mapping=mapping)


@router.post("/import/preview", dependencies=[Depends(csrf_protect)])
def import_preview(
    request: Request, user: AdminUser,
    upload: Annotated[list[UploadFile] | None, File()] = None,
    bundle_zip: Annotated[UploadFile | None, File()] = None,
    source: Annotated[str, Form()] = "auto",
    date_format: Annotated[str, Form()] = "", encoding: Annotated[str, Form()] = "",
    our_domain: Annotated[str, Form()] = "", our_tax_id: Annotated[str, Form()] = "",
    mapping: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Save the uploaded files in a fresh temporary folder and dry-run them: a bundle zip on
    the bundle reader, anything else on `clientfit import SOURCE` (`auto` sniffs each file)."""
    state = web_state(request)
    _expire_uploads(state.uploads)
    files = [f for f in (upload or []) if f.filename] + ([bundle_zip] if bundle_zip else [])
    if bundle_zip is not None:
        source = "bundle"
    if source not in imports.sources():
        raise BadRequest(f"unknown source {source!r}; valid: {', '.join(imports.sources())}")
    if not files:
        raise BadRequest("choose a file to upload")
    limit = state.settings.max_upload_bytes
    directory = Path(tempfile.mkdtemp(prefix="clientfit-upload-"))
    try:
        saved, taken, names = [], set(), {}
        for item in files:
            target = directory / imports.safe_name(item.filename, taken)
            imports.save(item.file, target, limit)
            saved.append(target)
            names[target] = item.filename or target.name
        upload_name = ", ".join(names.values())
        zips = [p for p in saved if p.suffix.lower() == ".zip"]
        if source == "bundle" or (source == "auto" and len(saved) == 1 and zips
                                  and imports.is_bundle_zip(zips[0])):
            if len(saved) != 1 or not zips:
                raise BadRequest("a bundle is one .zip of the bundle's CSV files "
                                 "(docs/bundle.md)")
            preview = _bundle_preview(state, saved[0], directory)
            keep = {"kind": "bundle", "bundle": preview.pop("bundle")}
        else:
            paths = []
            for path in saved:
                if path.suffix.lower() == ".zip" and source == "auto":
                    inner = directory / f"{path.stem}-unzipped"
                    inner.mkdir()
                    unpacked = imports.unpack_exports(path, inner, limit * 10)
                    names.update({p: f"{names[path]}/{p.name}" for p in unpacked})
                    paths += unpacked
                else:
                    paths.append(path)
            mapping_path = None
            if mapping is not None and mapping.filename:
                mapping_path = directory / "mapping.toml"
                imports.save(mapping.file, mapping_path, 1 << 20)
            options = _options(date_format, encoding, our_domain, our_tax_id, mapping_path)
            preview = imports.preview_exports(state.store, source, paths, options, names)
            keep = {"kind": "exports", "source": source, "paths": paths, "options": options}
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    token = None
    if preview["ok"]:
        token = secrets.token_urlsafe(16)
        state.uploads[token] = {**keep, "dir": directory, "user": user.user_id,
                                "at": time.time(), "name": upload_name}
    else:  # nothing can be committed: the files go at once
        shutil.rmtree(directory, ignore_errors=True)
    return page(request, "import.html", {**_form(request), "preview": preview,
                                         "token": token, "upload": upload_name})


@router.post("/import/commit", dependencies=[Depends(csrf_protect)])
def import_commit(request: Request, user: AdminUser, token: Annotated[str, Form()]
                  ) -> Response:
    state = web_state(request)
    upload = state.uploads.get(token)
    if upload is None or upload["user"] != user.user_id:
        raise BadRequest("this preview has expired: upload the files again")
    state.uploads.pop(token, None)
    try:
        if upload["kind"] == "bundle":
            total = service.import_bundle(state.store, upload["bundle"]).total
            imported = {"read": total.read, "added": total.added, "updated": total.updated,
                        "unchanged": total.unchanged}
        else:
            imported = imports.commit_exports(state.store, upload["source"], upload["paths"],
                                              upload["options"])
    finally:
        _discard(upload)
    return page(request, "import.html", {**_form(request), "imported": imported})


@router.post("/import/cancel", dependencies=[Depends(csrf_protect)])
def import_cancel(request: Request, user: AdminUser, token: Annotated[str, Form()]
                  ) -> Response:
    """Drop a preview without importing: its files are deleted now."""
    state = web_state(request)
    upload = state.uploads.get(token)
    if upload is not None and upload["user"] == user.user_id:
        _discard(state.uploads.pop(token, None))
    return RedirectResponse("/import", status_code=303)
