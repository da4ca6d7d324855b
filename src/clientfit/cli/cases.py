"""Case commands: `clientfit cases` and `clientfit case open|show|step|note|close|reopen|
referral|export|erase`. Each parses its options, calls clientfit.cases, and prints a table or,
with --json, the case as JSON (its `case_id` among the fields)."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from clientfit.cli import app, console
from clientfit.cli.lazy import lazy_function, lazy_module
from clientfit.cli.options import (
    AsOfOption,
    DbOption,
    JsonOption,
    PolicyOption,
    WindowOption,
    as_date,
)

cases = lazy_module("clientfit.cases")
load_policy = lazy_function("clientfit.assessment", "load_policy")
open_store = lazy_function("clientfit.store", "open_store")

case_app = typer.Typer(help="Open and work a playbook case.", no_args_is_help=True)
app.add_typer(case_app, name="case")

ActorOption = Annotated[str, typer.Option(
    "--actor", envvar="CLIENTFIT_USER",
    help="Who does it, for the audit log (default: $CLIENTFIT_USER, else your login).")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (in the audit log).")]
CaseId = Annotated[int, typer.Argument(help="Case id.")]
DateOption = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])]


def _actor(actor: str) -> str:
    return actor or getpass.getuser()


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _show(case: cases.Case, as_json: bool, *, extra: dict[str, Any] | None = None,
          today: date | None = None) -> None:
    if as_json:
        _print_json({**cases.case_dict(case, today), **(extra or {})})
        return
    today = today or datetime.now(UTC).date()
    console.print(Text(f"Case {case.case_id}: {case.playbook} for {case.client_name} "
                       f"({case.client_id})", style="bold"))
    console.print(Text(f"State: {case.state}" + (f" ({case.outcome})" if case.outcome else "")
                       + f"  Owner: {case.owner}  Language: {case.language}  "
                       f"Start: {case.start_date}"
                       + (f"  End: {case.end_date}" if case.end_date else "")
                       + (f"  Colleague: {case.colleague}" if case.colleague else "")))
    if case.decision:
        console.print(Text(f"Assessed decision at opening: {case.decision}"))
    table = Table(show_header=True)
    for column in ("step", "title", "owner", "due", "status", "note"):
        table.add_column(column, overflow="fold")
    for step in case.steps:
        status = step.status + (" (overdue)" if step.overdue(today) and case.is_open else "")
        style = "red" if "overdue" in status else ("green" if step.status == "done" else "")
        table.add_row(step.key + (" *" if step.required else ""), step.title, step.owner,
                      str(step.due_date), Text(status, style=style), step.reason or "")
    console.print(table)
    console.print("* required before the case can close")
    for note in case.notes:
        console.print(Text(f"[{note.at:%Y-%m-%d %H:%M}] {note.author}: {note.text}"))
    for referral in case.referrals:
        console.print(Text(f"Referral {referral.at:%Y-%m-%d}: {referral.referred}"
                           + (f" ({referral.note})" if referral.note else "")))


@app.command("cases")
def list_cases(
    include_closed: Annotated[bool, typer.Option("--all", help="Closed cases too.")] = False,
    client: Annotated[str | None, typer.Option("--client", help="Only this client.")] = None,
    today: DateOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List open cases and the steps that are overdue."""
    store = open_store(db)
    day = as_date(today) or datetime.now(UTC).date()
    found = cases.list_cases(store, include_closed=include_closed, client_id=client)
    overdue = cases.overdue_steps(store, day)
    if as_json:
        _print_json({"today": day, "cases": [cases.case_dict(c, day) for c in found],
                     "overdue": [{"case_id": case_id, "client_id": client_id,
                                  "step": step.key, "title": step.title, "owner": step.owner,
                                  "due_date": step.due_date}
                                 for case_id, client_id, step in overdue]})
        return
    table = Table(title=f"Cases ({len(found)})")
    for column in ("case", "client", "playbook", "state", "owner", "next step", "overdue"):
        table.add_column(column, overflow="fold")
    for case in found:
        pending = [s for s in case.steps if s.status == "pending"]
        upcoming = f"{pending[0].key} ({pending[0].due_date})" if pending else "-"
        late = len(case.overdue_steps(day))
        table.add_row(str(case.case_id), f"{case.client_name} ({case.client_id})", case.playbook,
                      case.state + (f" ({case.outcome})" if case.outcome else ""), case.owner,
                      upcoming, Text(str(late), style="red" if late else ""))
    console.print(table)
    for case_id, client_id, step in overdue:
        console.print(Text(f"overdue: case {case_id} ({client_id}) {step.key} due "
                           f"{step.due_date}, {step.owner}: {step.title}", style="red"))


@case_app.command("open")
def open_case(
    client: Annotated[str, typer.Argument(help="Client id.")],
    playbook: Annotated[str | None, typer.Option(
        "--playbook", help="KEEP, RESET, REASSIGN, RECOVER, RENEGOTIATE or RELEASE.")] = None,
    from_assessment: Annotated[bool, typer.Option(
        "--from-assessment", help="Use the client's assessed (or overridden) decision.")] = False,
    owner: Annotated[str | None, typer.Option(help="Case owner (default: the account owner)."
                                              )] = None,
    colleague: Annotated[str | None, typer.Option(
        help="REASSIGN: staff id of the colleague who takes over.")] = None,
    language: Annotated[str | None, typer.Option(
        help="en or pl (default: the client's language).")] = None,
    start: DateOption = None,
    end_date: Annotated[datetime | None, typer.Option(
        "--end-date", formats=["%Y-%m-%d"], help="RELEASE: the last day.")] = None,
    contact_name: Annotated[str | None, typer.Option(help="The client's contact person.")] = None,
    contact_email: Annotated[str | None, typer.Option(help="The contact's address (drafts' To)."
                                                      )] = None,
    actor: ActorOption = "",
    as_of: AsOfOption = None,
    window: WindowOption = "12m",
    policy: PolicyOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open a case: its steps, owners, due dates, and a snapshot of the assessment."""
    store = open_store(db)
    case = cases.open_case(
        store, client, actor=_actor(actor), playbook=playbook, from_assessment=from_assessment,
        owner=owner, colleague=colleague, language=language, start_date=as_date(start),
        end_date=as_date(end_date), contact_name=contact_name, contact_email=contact_email,
        as_of=as_date(as_of), window=window, policy=load_policy(policy))
    if not as_json:
        console.print(f"Opened case {case.case_id}.")
    _show(case, as_json)


@case_app.command("show")
def show(case_id: CaseId, history: Annotated[bool, typer.Option(
        "--history", help="Also print the audit log of the case.")] = False,
         today: DateOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Print one case: steps, owners, due dates, status, notes, referrals."""
    store = open_store(db)
    case = cases.get_case(store, case_id)
    log = cases.case_history(store, case_id) if history else None
    _show(case, as_json, extra={"history": log} if history else None, today=as_date(today))
    if log is not None and not as_json:
        for entry in log:
            console.print(Text(f"{entry['at']:%Y-%m-%d %H:%M} {entry['actor']} {entry['action']}"
                               f" {json.dumps(entry['details'], ensure_ascii=False)}"
                               + (f" - {entry['reason']}" if entry["reason"] else "")))


@case_app.command("step")
def step(
    case_id: CaseId,
    key: Annotated[str, typer.Argument(help="Step key, as `case show` lists it.")],
    done: Annotated[bool, typer.Option("--done", help="Mark the step done.")] = False,
    skip: Annotated[bool, typer.Option("--skip", help="Skip it (needs --reason).")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="Back to pending (needs --reason)."
                                         )] = False,
    assign: Annotated[str | None, typer.Option("--assign", help="Give the step to someone."
                                               )] = None,
    reason: ReasonOption = None,
    actor: ActorOption = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change one step: --done, --skip --reason, --reopen --reason, or --assign PERSON."""
    if sum([done, skip, reopen, assign is not None]) != 1:
        raise typer.BadParameter("give exactly one of --done, --skip, --reopen, --assign")
    store = open_store(db)
    who = _actor(actor)
    if done:
        case = cases.complete_step(store, case_id, key, actor=who, reason=reason)
    elif skip:
        case = cases.skip_step(store, case_id, key, actor=who, reason=reason or "")
    elif reopen:
        case = cases.reopen_step(store, case_id, key, actor=who, reason=reason or "")
    else:
        case = cases.assign_step(store, case_id, key, assign or "", actor=who, reason=reason)
    _show(case, as_json)


@case_app.command("note")
def note(case_id: CaseId, text: Annotated[str, typer.Argument(help="The note.")],
         actor: ActorOption = "", db: DbOption = None, as_json: JsonOption = False) -> None:
    """Add a note to a case."""
    _show(cases.add_note(open_store(db), case_id, text, actor=_actor(actor)), as_json)


@case_app.command("close")
def close(
    case_id: CaseId,
    outcome: Annotated[str, typer.Option("--outcome", help="One of the playbook's outcomes.")],
    reason: ReasonOption = None,
    actor: ActorOption = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close a case with an outcome (unfinished required steps need --reason)."""
    _show(cases.close_case(open_store(db), case_id, outcome=outcome, actor=_actor(actor),
                           reason=reason), as_json)


@case_app.command("reopen")
def reopen(case_id: CaseId, reason: ReasonOption = None, actor: ActorOption = "",
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Reopen a closed case (needs --reason)."""
    _show(cases.reopen_case(open_store(db), case_id, actor=_actor(actor), reason=reason or ""),
          as_json)


@case_app.command("referral")
def referral(case_id: CaseId, referred: Annotated[str, typer.Argument(
        help="Who the ex-client referred to us.")],
             note: Annotated[str | None, typer.Option(help="Anything to remember.")] = None,
             actor: ActorOption = "", db: DbOption = None, as_json: JsonOption = False) -> None:
    """Record a referral that came back from a (former) client."""
    _show(cases.record_referral(open_store(db), case_id, referred, actor=_actor(actor),
                                note=note), as_json)


@case_app.command("export")
def export(case_id: CaseId,
           out: Annotated[Path, typer.Option("--out", help="Directory to write into.")],
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Write the case's drafts (.eml) and schedule (.ics). Nothing is sent."""
    result = cases.export_case(open_store(db), case_id, out)
    if as_json:
        _print_json({"case_id": case_id, "directory": str(result.directory),
                     "drafts": [str(p) for p in result.drafts],
                     "calendar": str(result.calendar), "case": str(result.case_json)})
        return
    console.print(f"Case {case_id}: {len(result.drafts)} drafts, schedule {result.calendar}, "
                  f"in {result.directory}. Nothing was sent.")


@case_app.command("erase")
def erase(case_id: CaseId,
          export_dir: Annotated[Path, typer.Option(
              "--export", help="Where the personal-data export is written before erasure.")],
          today: DateOption = None, actor: ActorOption = "", db: DbOption = None,
          as_json: JsonOption = False) -> None:
    """RELEASE, on the scheduled date: export, then erase the client's personal data."""
    result = cases.erase_personal_data(open_store(db), case_id, actor=_actor(actor),
                                       export_dir=export_dir, today=as_date(today))
    if as_json:
        _print_json({"case_id": case_id, "client_id": result.client_id,
                     "export": str(result.export), "rows": result.rows})
        return
    console.print(f"Exported to {result.export}; erased: "
                  + ", ".join(f"{n} {table}" for table, n in result.rows.items()))
