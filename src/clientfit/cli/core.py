"""Core commands: demo, import bundle, assess, explain, quickstart."""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from clientfit import __version__
from clientfit.cli import app, console, err_console
from clientfit.cli.lazy import LazyImportGroup, lazy_function, lazy_module
from clientfit.cli.options import (
    AsOfOption,
    CurrencyOption,
    DbOption,
    JsonOption,
    PolicyOption,
    WindowOption,
    as_date,
)
from clientfit.errors import ClientfitError

service = lazy_module("clientfit.service")
evidence_list = lazy_module("clientfit.assessment.evidence_list")
load_policy = lazy_function("clientfit.assessment", "load_policy")
money = lazy_function("clientfit.assessment.reasons", "money")
currency_note = lazy_function("clientfit.cli.render", "currency_note")
evidence_line = lazy_function("clientfit.cli.render", "evidence_line")
metrics_table = lazy_function("clientfit.cli.render", "metrics_table")
triage_table = lazy_function("clientfit.cli.render", "triage_table")
generate_bundle = lazy_function("clientfit.demo", "generate_bundle")
assessment_dict = lazy_function("clientfit.export", "assessment_dict")
write_run_json = lazy_function("clientfit.export", "write_run_json")
open_store = lazy_function("clientfit.store", "open_store")

import_app = typer.Typer(help="Import data into the store.", no_args_is_help=True,
                         cls=LazyImportGroup)
app.add_typer(import_app, name="import")


@app.command()
def version() -> None:
    """Print clientfit's version."""
    console.print(__version__)


@app.command()
def demo(
    clients: Annotated[int, typer.Option(help="Number of clients.", min=1)] = 60,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 7,
    out: Annotated[Path, typer.Option(help="Directory to write.")] = Path("demo"),
    output_format: Annotated[str, typer.Option(
        "--format", help="bundle: clientfit's own bundle (docs/bundle.md); real: the same "
                         "portfolio as real exports (Harvest time, HubSpot companies, Stripe "
                         "invoices and payments, mbox) plus ground_truth.csv.")] = "bundle",
) -> None:
    """Write a realistic, deterministic demo portfolio (docs/bundle.md)."""
    if output_format not in ("bundle", "real"):
        raise typer.BadParameter(f"{output_format!r}; valid: bundle, real", param_hint="--format")
    with tempfile.TemporaryDirectory() as scratch:
        bundle_dir = out if output_format == "bundle" else Path(scratch) / "bundle"
        summary = generate_bundle(bundle_dir, clients=clients, seed=seed)
        if output_format == "real":
            from clientfit.importers.real_exports import write_real_exports

            written = write_real_exports(bundle_dir, out)
            shutil.copy(bundle_dir / "ground_truth.csv", out / "ground_truth.csv")
            rows = ", ".join(f"{name} ({count} rows)" for name, count in written.items())
        else:
            rows = ", ".join(f"{count} {name.removesuffix('.csv')}" for name, count in
                             summary.rows.items())
    console.print(f"Wrote {out}: {summary.clients} clients and {summary.former} former "
                  f"clients; {rows}.")
    console.print("Planted: " + ", ".join(f"{n} {name}" for name, n in
                                           sorted(summary.archetypes.items())))


@import_app.command("bundle")
def import_bundle(
    directory: Annotated[Path, typer.Argument(help="Bundle directory.")],
    db: DbOption = None,
) -> None:
    """Load a bundle in one transaction: all of it or nothing; re-importing adds nothing."""
    store = open_store(db)
    summary = service.import_bundle(store, directory)
    total = summary.total
    console.print(
        f"Imported {directory}: {total.read} rows read, {total.added} added, "
        f"{total.updated} updated, {total.unchanged} unchanged."
    )


@app.command()
def assess(
    db: DbOption = None,
    as_of: AsOfOption = None,
    window: WindowOption = "12m",
    policy: PolicyOption = None,
    as_json: JsonOption = False,
    currency: CurrencyOption = None,
    engine: Annotated[str, typer.Option(
        help="sqlite: the store itself (default; PostgreSQL too, by --db); duckdb or spark: "
             "a Parquet export given by --data (docs/scale.md).")] = "sqlite",
    data: Annotated[Path | None, typer.Option(
        help="With --engine duckdb|spark: the directory of `clientfit export parquet`.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Also write assessment.json and decisions.parquet into this directory.")] = None,
    cache: Annotated[Path | None, typer.Option(
        help="With --engine duckdb|spark: keep the message analyses made in the engine here "
             "(Parquet), reused by the next run and by a run resuming a stopped one. "
             "Default: OUT/analyses with --out, else none kept.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bars on stderr (none either when stderr is not a "
                              "terminal).")] = False,
) -> None:
    """Compute signals and a decision for every active client."""
    from clientfit.cli.progress import stage_bars

    if engine == "sqlite":
        if data is not None or cache is not None:
            raise typer.BadParameter("--data and --cache go with --engine duckdb or spark",
                                     param_hint="--data")
        with stage_bars(quiet) as progress:
            run = service.assess(open_store(db), as_of=as_date(as_of), window=window,
                                 policy=load_policy(policy), currency=currency,
                                 progress=progress)
    else:
        from clientfit.engines import ENGINES
        from clientfit.engines.run import assess_on_engine

        if engine not in ENGINES:
            raise typer.BadParameter(f"{engine!r}; valid: sqlite, {', '.join(ENGINES)}",
                                     param_hint="--engine")
        if data is None:
            raise typer.BadParameter(f"--engine {engine} needs --data DIR (a Parquet export)",
                                     param_hint="--data")
        if cache is None and out is not None:
            cache = out / "analyses"
        with stage_bars(quiet) as progress:
            run = assess_on_engine(engine, data, as_of=as_date(as_of), window=window,
                                   policy=load_policy(policy), currency=currency, cache=cache,
                                   progress=progress)
    if out is not None:
        from clientfit.cli.engines import write_engine_output

        for path in write_engine_output(run, out):
            err_console.print(f"Wrote {path}")
        if not as_json:
            return
    if as_json:
        write_run_json(run, sys.stdout)  # a client at a time: never the whole document
        sys.stdout.write("\n")
    else:
        console.print(triage_table(run))


@app.command()
def explain(
    client: Annotated[str, typer.Argument(help="Client id, or part of its name.")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    window: WindowOption = "12m",
    policy: PolicyOption = None,
    as_json: JsonOption = False,
    currency: CurrencyOption = None,
) -> None:
    """Print one client's assessment in full, evidence included."""
    store = open_store(db)
    assessment, run, records = service.explain(
        store, client, as_of=as_date(as_of), window=window, policy=load_policy(policy),
        currency=currency,
    )
    if as_json:
        print(json.dumps(assessment_dict(assessment, run), ensure_ascii=False, indent=2,
                         default=str))
        return
    currency = run.currency or ""
    console.print(Text(f"{assessment.client_name} ({assessment.client_id})", style="bold"))
    console.print(Text(f"Owner: {run.owner_name(assessment) or '-'}  "
                       f"Window: {run.window.start} to {run.window.as_of}"))
    console.print(Text(f"Decision: {assessment.decision.value} "
                       f"(confidence {assessment.confidence:.2f}, policy {run.policy.source} "
                       f"v{run.policy.version})", style="bold"))
    if assessment.override:
        override = assessment.override
        console.print(Text(f"Overridden to {override.decision.value} by {override.actor} on "
                           f"{override.created_at:%Y-%m-%d %H:%M} UTC: {override.reason}",
                           style="bold magenta"))
    if run.conversion is not None and run.conversion.currency:
        console.print(Text(currency_note(run)))
        for item in (run.conversion.native.get(assessment.client_id, [])
                     if run.conversion.converted else []):
            if item["currency"] != item["reporting_currency"]:
                console.print(Text(
                    f"Net revenue (before sales tax) invoiced in {item['currency']}: "
                    f"{money(item['revenue_minor'], item['currency'])} = "
                    f"{money(item['converted_minor'], item['reporting_currency'])}"))
    quotes = run.conversion.quotes if run.conversion else {}
    listed, cited = evidence_list.numbered(assessment.reasons)
    for number, (reason, own) in enumerate(zip(assessment.reasons, cited, strict=True), 1):
        console.print(Text(f"\n{number}. [{reason.code}] {reason.text}"))
        if own:
            console.print(Text(f"   evidence: {evidence_list.citation(own)}"))
    if listed:
        console.print(Text("\nEvidence (each record once; the reasons cite these numbers):",
                           style="bold"))
        for number, ref in enumerate(listed, 1):
            console.print(Text(f"[{number}] " + evidence_line(
                ref, records.get(ref), currency, quotes.get((ref.kind.value, ref.record_id)))))
    console.print(metrics_table(assessment, currency))


@app.command()
def override(
    client_id: Annotated[str, typer.Argument(help="Client id.")],
    decision: Annotated[str | None, typer.Argument(
        help="KEEP, RESET, REASSIGN, RECOVER, RENEGOTIATE, RELEASE or WATCH.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (recorded in the audit log).")]
    = "",
    actor: Annotated[str, typer.Option("--actor", envvar="CLIENTFIT_USER",
                                       help="Who decides (default: $CLIENTFIT_USER, $USER).")]
    = "",
    revoke: Annotated[bool, typer.Option("--revoke", help="Remove the active override.")]
    = False,
    db: DbOption = None,
) -> None:
    """Override a client's decision with a recorded reason (or revoke the override)."""
    import getpass

    store = open_store(db)
    who = actor or getpass.getuser()
    if revoke:
        count = service.revoke_override(store, client_id, reason=reason, actor=who)
        console.print(f"Revoked {count} override(s) of {client_id}.")
        return
    if decision is None:
        raise typer.BadParameter("give a DECISION, or --revoke")
    computed = None
    # an inactive client can still be overridden; it just has no computed decision
    with contextlib.suppress(ClientfitError):
        computed = service.explain(store, client_id)[0].decision
    service.override_decision(store, client_id, decision, reason=reason, actor=who,
                              computed=computed)
    console.print(f"{client_id}: decision set to {decision.upper()} by {who} "
                  f"(computed: {computed.value if computed else 'none'}). Reason recorded.")


@app.command()
def quickstart(
    db: Annotated[str, typer.Option("--db", envvar="CLIENTFIT_DB",
                                    help="Store to load the demo into.")] = "clientfit.db",
    out: Annotated[Path, typer.Option(help="Where to write the demo bundle.")] = Path("demo"),
    serve: Annotated[bool, typer.Option("--serve/--no-serve",
                                        help="Serve the web app on the demo afterwards.")] = True,
    host: Annotated[str, typer.Option(help="Interface the web app listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the web app listens on.")] = 8000,
) -> None:
    """The main job on the embedded default: demo portfolio -> SQLite -> triage -> web app."""
    summary = generate_bundle(out, clients=60, seed=7)
    console.print(f"Demo portfolio: {summary.clients} clients, {summary.former} former "
                  f"clients (history for the churn model), {summary.staff} staff -> {out}")
    store = open_store(db)
    loaded = service.import_bundle(store, out).total
    console.print(f"Store {store.engine.url}: {loaded.added} rows added, "
                  f"{loaded.unchanged} already there.")
    run = service.assess(store)
    console.print(triage_table(run))
    console.print(f"Explain any client with: clientfit explain CLIENT_ID --db {db}")
    if serve:
        from clientfit.cli.web import serve as serve_web

        serve_web(host=host, port=port, db=db, demo_login=True, window="12m")
