"""`clientfit import SOURCE PATH...` for every registered source, and `clientfit import auto`."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from clientfit.cli import app, console, err_console
from clientfit.cli.core import import_app
from clientfit.cli.lazy import lazy_function, lazy_module
from clientfit.cli.options import DbOption, JsonOption

if TYPE_CHECKING:
    from clientfit.importers.base import Importer

importing = lazy_module("clientfit.importing")
open_store = lazy_function("clientfit.store", "open_store")
Options = lazy_function("clientfit.importers.base", "Options")

PROGRESS_FROM_BYTES = 1 << 20

PathsArgument = Annotated[list[Path], typer.Argument(help="Files or folders to import.")]
DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help="Read and check everything, show what would be added; write nothing.")]
DateFormatOption = Annotated[str | None, typer.Option(
    "--date-format",
    help="Dates of the whole file: iso, dd.mm.yyyy, mm/dd/yyyy or dd/mm/yyyy (default: sniffed).")]
EncodingOption = Annotated[str | None, typer.Option(
    "--encoding", help="Text encoding (default: detected; utf-8, cp1250, iso8859-2, ...).")]
OurDomainOption = Annotated[list[str] | None, typer.Option(
    "--our-domain", help="Our own mail domain (repeatable): mail from it is outgoing.")]
OurTaxIdOption = Annotated[str | None, typer.Option(
    "--our-tax-id", help="Our NIP / VAT number: KSeF invoices from other sellers are skipped.")]
MappingOption = Annotated[Path | None, typer.Option(
    "--mapping", help="Column mapping file (TOML) for the generic CSV importer.")]
CurrencyOption = Annotated[str | None, typer.Option(
    "--currency", help="Currency of amounts in files that name none (default: the currency "
    "most stored invoices are in).")]


def run_import(
    source: str, paths: list[Path], db: str | None, dry_run: bool, date_format: str | None,
    encoding: str | None, our_domain: list[str] | None, our_tax_id: str | None,
    mapping: Path | None = None, currency: str | None = None,
) -> Any:
    planned = importing.plan(source, paths)
    total = sum(path.stat().st_size for _importer, path in planned)
    progress = Progress(
        TextColumn("[bold]importing"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=err_console, transient=True, disable=total < PROGRESS_FROM_BYTES,
    )
    task = progress.add_task("import", total=total)
    options = Options(
        date_format=date_format, encoding=encoding,
        our_domains=frozenset(d.lower() for d in our_domain or ()), our_tax_id=our_tax_id,
        mapping=mapping, on_read=lambda count: progress.advance(task, count),
        currency=currency,
    )
    store = open_store(db)
    with progress if total >= PROGRESS_FROM_BYTES else nullcontext():
        report = importing.import_paths(store, source, paths, options, dry_run=dry_run)
    print_report(report)
    files = " ".join(str(p) for p in paths)
    for note in importing.mail_notes(report, f"clientfit import {source} {files}"):
        console.print(Text(note, style="bold yellow" if note.startswith(("WARNING", "If"))
                           else "bold"))
    return report


def print_report(report: Any) -> None:
    head = "Dry run (nothing written)" if report.dry_run else "Imported"
    console.print(Text(f"{head}: {len(report.files)} file(s), {report.rows_read} rows read, "
                       f"{report.added} added, {report.updated} updated.", style="bold"))
    table = Table("records", "read", "added", "updated", "unchanged")
    for name, counts in sorted(report.counts.items()):
        table.add_row(name, str(counts.read), str(counts.added), str(counts.updated),
                      str(counts.unchanged))
    console.print(table)
    for reason, number in report.skipped.most_common():
        console.print(Text(f"skipped {number}: {reason}"))
    for join in report.joined:
        console.print(Text(f"{join.line()}; undo: clientfit clients split {join.keep} "
                           f"{join.other} --reason \"...\"", style="bold"))
    for suggestion in report.merge_suggestions[:20]:
        console.print(Text(
            f"possibly one client: {suggestion.name_a} ({suggestion.client_a}) and "
            f"{suggestion.name_b} ({suggestion.client_b}): {'; '.join(suggestion.evidence)}"
            f" -> clientfit clients merge {suggestion.client_a} {suggestion.client_b} "
            "--reason \"...\"", style="yellow"))
    if report.dry_run:
        for label, names in (("new clients", report.new_clients),
                             ("new staff", report.new_staff)):
            if names:
                shown = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
                console.print(Text(f"{label} ({len(names)}): {shown}"))
        for problem in report.problems:
            where = problem.file + (f", line {problem.line}" if problem.line else "")
            where += f", field '{problem.field}'" if problem.field else ""
            console.print(Text(f"problem: {where}: {problem.reason}", style="red"))
        if report.problems:
            raise typer.Exit(2)


def _command(importer: Importer | None) -> Callable[..., None]:
    source = importer.name if importer else "auto"

    def command(
        paths: PathsArgument,
        db: DbOption = None,
        dry_run: DryRunOption = False,
        date_format: DateFormatOption = None,
        encoding: EncodingOption = None,
        our_domain: OurDomainOption = None,
        our_tax_id: OurTaxIdOption = None,
        mapping: MappingOption = None,
        currency: CurrencyOption = None,
    ) -> None:
        run_import(source, paths, db, dry_run, date_format, encoding, our_domain, our_tax_id,
                   mapping, currency)

    command.__doc__ = (
        f"Import {importer.help}: one transaction, re-importing adds nothing."
        if importer else "Import exports of any known kind, each file's kind sniffed."
    )
    return command


def format_commands() -> typer.Typer:
    """One `clientfit import <format>` command per importer: the registry loads the importer
    modules, so the `import` group builds these only when one of them is asked for
    (cli/lazy.LazyImportGroup), never for `clientfit --help`."""
    from clientfit.importers.base import importers

    formats = typer.Typer()
    for name, importer in importers().items():
        formats.command(name)(_command(importer))
    return formats


import_app.command("auto")(_command(None))


clients_app = typer.Typer(help="Clients found across sources: suggested merges, merge, split.",
                          no_args_is_help=True)
app.add_typer(clients_app, name="clients")
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")]
ActorOption = Annotated[str, typer.Option("--actor", envvar="USER", help="Who decides.")]


@clients_app.command("merge-suggestions")
def merge_suggestions(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List pairs of clients that look like one, with the evidence (nothing is changed)."""
    found = importing.merge_suggestions(open_store(db))
    if as_json:
        print(json.dumps([s.__dict__ for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        console.print("No suggestions.")
    for s in found:
        console.print(Text(f"{s.client_a} ({s.name_a})  ~  {s.client_b} ({s.name_b})",
                           style="bold"))
        for line in s.evidence:
            console.print(Text(f"    {line}"))


@clients_app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="Client id to keep.")],
    other: Annotated[str, typer.Argument(help="Client id whose records move to KEEP.")],
    reason: ReasonOption, actor: ActorOption = "cli", db: DbOption = None,
) -> None:
    """Merge OTHER into KEEP: its records move, later imports of its names go to KEEP."""
    moved = importing.merge_clients(open_store(db), keep, other, reason, actor)
    console.print(f"Merged {other} into {keep}: {moved} rows moved.")


@clients_app.command("split")
def split(
    a: Annotated[str, typer.Argument(help="Client id.")],
    b: Annotated[str, typer.Argument(help="Another client id.")],
    reason: ReasonOption, actor: ActorOption = "cli", db: DbOption = None,
) -> None:
    """Record that A and B are different clients: never suggested as one again."""
    importing.split_clients(open_store(db), a, b, reason, actor)
    console.print(f"Recorded: {a} and {b} are different clients.")
