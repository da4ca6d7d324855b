"""Use case: import the exports people already have (`clientfit import SOURCE PATH...`).

One transaction per import: every file named is read, its records resolved to clients and staff
and written with stable keys, or — on the first bad row — nothing is written at all. A dry run
does the same work inside a transaction that is rolled back, and lists every problem found.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import InputError
from clientfit.importers import merging
from clientfit.importers.base import Importer, Options, expand, get_importer, importers, read_head
from clientfit.importers.fields import parse_currency
from clientfit.importers.identity import normalise_tax_id
from clientfit.importers.limits import OutOfDomain
from clientfit.importers.loading import SKIPPED_MAIL, ImportReport, Loader, mail_notes
from clientfit.importers.values import date_format_named
from clientfit.store import Store, schema

__all__ = ["SKIPPED_MAIL", "ImportReport", "import_paths", "mail_notes", "merge_clients",
           "merge_suggestions", "plan", "sniff", "split_clients"]


def plan(source: str, paths: Iterable[Path],
         unknown: list[Path] | None = None) -> list[tuple[Importer, Path]]:
    """Which importer reads which file; `auto` sniffs each file's kind from its content.

    With `auto`, a file named on the command line that no importer recognises is an error; one
    found inside a folder is left out and, when `unknown` is given, appended to it.
    """
    paths = list(paths)
    if source != "auto":
        importer = get_importer(source)
        files = expand(paths, importer.suffixes)
        if not files:
            raise InputError(", ".join(map(str, paths)), None, None,
                             f"no {'/'.join(importer.suffixes)} files to import")
        return [(importer, path) for path in files]
    every = importers()
    suffixes = tuple(sorted({s for i in every.values() for s in i.suffixes}))
    planned = []
    for named in paths:
        for path in expand([named], suffixes):
            found = sniff(path, every)
            if found is not None:
                planned.append((found, path))
            elif not named.is_dir():
                raise InputError(str(path), None, None, "cannot tell which export this is; "
                                 "name the source instead of auto")
            elif unknown is not None:
                unknown.append(path)
    return planned


# Within one run: rates, then who the clients are, then money and time, then mail (which
# attaches only to known clients), so the files' order on the command line does not matter.
KIND_ORDER = ("rates", "accounts", "money", "time", "any", "messages")


def _run_order(planned: list[tuple[Importer, Path]]) -> list[tuple[Importer, Path]]:
    rank = {kind: number for number, kind in enumerate(KIND_ORDER)}
    return sorted(planned, key=lambda item: (rank.get(item[0].kind, len(rank)), item[0].name,
                                             str(item[1])))


def sniff(path: Path, every: dict[str, Importer] | None = None) -> Importer | None:
    head = read_head(path)
    for importer in (every or importers()).values():
        if path.suffix.lower() in importer.suffixes and importer.sniff(path, head):
            return importer
    return None


def import_paths(
    store: Store, source: str, paths: Iterable[Path], options: Options | None = None,
    *, dry_run: bool = False,
) -> ImportReport:
    """Import files of one source (or `auto`) in one transaction; a dry run writes nothing."""
    options = options or Options()
    _check_options(options)
    unknown: list[Path] = []
    planned = _run_order(plan(source, paths, unknown))
    report = ImportReport(source, [str(p) for _, p in planned], dry_run)
    if unknown:
        report.skipped["file of no known export kind (in a folder)"] += len(unknown)
    context: AbstractContextManager[Connection] = (
        store.reading() if dry_run else store.transaction()
    )
    with context as connection:
        loader = Loader(connection, source, options, report)
        for importer, path in planned:
            loader.start_file(importer.name, str(path))
            _read_file(loader, importer, path, options)
        try:
            loader.finish()
        except OutOfDomain as exc:
            raise InputError(loader.path, None, exc.field, exc.reason) from None
        if not dry_run:
            _record_import(connection, report, [p for _, p in planned])
    return report


def _read_file(loader: Loader, importer: Importer, path: Path, options: Options) -> None:
    """Every item of one file into the loader. A reader that fails on hostile input in a way
    it did not foresee (a parser's own exception) is reported as an unreadable file, never as a
    traceback: input must not crash the import (issue 17)."""
    try:
        for item in importer.read(path, options):
            loader.take(item)
    except (InputError, OutOfDomain):
        raise
    except RecursionError:
        raise InputError(str(path), None, None,
                         "unreadable: nested too deeply (more than ~900 levels)") from None
    except MemoryError:
        raise InputError(str(path), None, None, "unreadable: too large to hold") from None
    except Exception as exc:  # noqa: BLE001 - any parser failure on input is a clean error
        if isinstance(exc, sa.exc.SQLAlchemyError):
            raise
        raise InputError(str(path), loader.last_line, None,
                         f"unreadable {importer.name} file ({type(exc).__name__}: "
                         f"{str(exc)[:200]})") from None


def _check_options(options: Options) -> None:
    if options.date_format:
        try:
            date_format_named(options.date_format)
        except ValueError as exc:
            raise InputError("--date-format", None, None, str(exc)) from None
    if options.encoding:
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise InputError("--encoding", None, None,
                             f"unknown encoding {options.encoding!r}") from None
    if options.currency:
        try:
            parse_currency(options.currency)
        except ValueError as exc:
            raise InputError("--currency", None, None, str(exc)) from None
    if options.our_tax_id:
        try:
            normalise_tax_id(options.our_tax_id)
        except ValueError as exc:
            raise InputError("--our-tax-id", None, None, str(exc)) from None


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):  # noqa: B023
                digest.update(block)
    return digest.hexdigest()


def _record_import(connection: Connection, report: ImportReport, paths: list[Path]) -> None:
    connection.execute(sa.insert(schema.imports).values(
        source=report.source[:32],
        path="\n".join(str(p.resolve()) for p in paths),
        fingerprint=_fingerprint(paths),
        imported_at=datetime.now(UTC).replace(tzinfo=None),
        rows_read=report.rows_read,
        added=report.added,
        updated=report.updated,
        unchanged=sum(c.unchanged for c in report.counts.values()),
    ))


def merge_suggestions(store: Store) -> list[merging.Suggestion]:
    """Clients that look like one, with the evidence; a person decides (merge or split)."""
    with store.reading() as connection:
        return merging.merge_suggestions(connection)


def merge_clients(store: Store, keep: str, other: str, reason: str, actor: str) -> int:
    """Move `other`'s records to `keep` and remember it for later imports; rows moved."""
    with store.transaction() as connection:
        return merging.merge(connection, keep, other, reason, actor)


def split_clients(store: Store, a: str, b: str, reason: str, actor: str) -> None:
    with store.transaction() as connection:
        merging.split(connection, a, b, reason, actor)
