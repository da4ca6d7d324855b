"""The importer registry: each source format registers one `Importer` (name, reader, sniffer)."""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clientfit.errors import InputError
from clientfit.importers.options import Options
from clientfit.importers.records import Item, Problem, Skipped
from clientfit.importers.tables import Row, RowError, Table, TableError, header_key
from clientfit.importers.xlsx import XlsxError, xlsx_rows

__all__ = ["Importer", "Options", "expand", "get_importer", "header_sniffer", "importers",
           "read_head", "read_table", "register", "skip"]

SOURCE_MODULES = (
    "toggl", "harvest", "clockify", "ksef", "stripe", "polish_invoicing", "quickbooks", "xero",
    "freshbooks", "mail", "helpdesk", "hubspot", "generic", "rates", "payments",
)


@dataclass(frozen=True)
class Importer:
    name: str
    kind: str  # time | money | messages | accounts | any
    help: str
    read: Callable[[Path, Options], Iterator[Item]]
    sniff: Callable[[Path, str], bool] = lambda _path, _head: False
    suffixes: tuple[str, ...] = (".csv",)
    folders: bool = True  # a folder means every file in it with one of `suffixes`
    header_keys: frozenset[str] = field(default_factory=frozenset)


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    REGISTRY[importer.name] = importer
    return importer


def importers() -> dict[str, Importer]:
    """Every registered importer, by name (importing the source modules on first use)."""
    for module in SOURCE_MODULES:
        importlib.import_module(f"clientfit.importers.{module}")
    return dict(sorted(REGISTRY.items()))


def get_importer(name: str) -> Importer:
    found = importers()
    if name not in found:
        raise InputError(name, None, None,
                         f"unknown source; use one of: {', '.join(found)} or auto")
    return found[name]


def expand(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files named, plus the files with a matching suffix inside folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in suffixes))
        elif path.exists():
            found.append(path)
        else:
            raise InputError(str(path), None, None, "no such file or folder")
    return found


HEAD_SIZE = 16384  # what `auto` reads of each file to tell its kind


def read_head(path: Path, size: int = HEAD_SIZE) -> str:
    with path.open("rb") as handle:
        data = handle.read(size)
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def header_sniffer(*required: str) -> Callable[[Path, str], bool]:
    """True when one of the first lines holds all the given headers (compared as header keys)."""
    wanted = {header_key(name) for name in required}

    def sniff(path: Path, head: str) -> bool:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                head = _xlsx_head(path)
            except XlsxError:
                return False  # not a workbook this importer reads: `auto` says so cleanly
        for line in head.splitlines()[:30]:
            for delimiter in (",", ";", "\t"):
                try:
                    cells = next(csv.reader([line], delimiter=delimiter))
                except (csv.Error, StopIteration):
                    continue
                if wanted <= {header_key(cell) for cell in cells}:
                    return True
        return False

    return sniff


def _xlsx_head(path: Path) -> str:
    lines = []
    for _line, cells in xlsx_rows(path):
        lines.append(",".join(f'"{cell}"' for cell in cells))
        if len(lines) >= 30:
            break
    return "\n".join(lines)


def read_table(
    path: Path,
    options: Options,
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    make: Callable[[Row], Any],
    **table_options: Any,
) -> Iterator[Item]:
    """Rows of a tabular file through `make`, bad rows and unreadable files as Problems."""
    try:
        table = Table(path, columns, required, options, **table_options)
        for row in table.rows():
            try:
                result = make(row)
            except RowError as error:
                yield table.problem(row, error)
                continue
            if result is None:
                continue
            if isinstance(result, list | tuple):
                yield from result
            else:
                yield result
    except TableError as error:
        yield error.problem
    except (csv.Error, UnicodeDecodeError) as exc:
        yield Problem(str(path), None, None, f"unreadable file: {exc}")


def skip(row: Row, reason: str) -> Skipped:
    return Skipped(row.table.file, row.line, reason)
