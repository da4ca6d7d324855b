"""Tabular exports (CSV in any of the usual encodings and delimiters, .xlsx) read as named rows.

Columns are matched by name, never by position: an importer lists the header spellings it knows
for each logical column, and a column it needs but cannot find fails with the header's line.
The header may sit below title lines (QuickBooks reports): the first row, within the first 30,
that holds every required column is the header. The first rows are buffered so that the file's
date format and decimal separator are decided once, from the values, before any row is parsed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from clientfit.importers.encoding import open_text
from clientfit.importers.options import Options
from clientfit.importers.records import Problem
from clientfit.importers.values import (
    DateFormat,
    amount_minor,
    date_format_named,
    sniff_date_format,
    sniff_decimal_comma,
)
from clientfit.importers.xlsx import XlsxError, xlsx_rows

SNIFF_ROWS = 2000
HEADER_SEARCH = 30
csv.field_size_limit(1 << 27)


class RowError(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def header_key(name: str) -> str:
    """"Created (UTC)", "created_utc" and "Created UTC" all become "createdutc"."""
    return re.sub(r"[^0-9a-z]", "", name.replace("\ufeff", "").lower())


class Row:
    def __init__(self, table: Table, line: int, cells: list[str]) -> None:
        self.table = table
        self.line = line
        self.cells = cells

    def header(self, name: str) -> str:
        return self.table.headers.get(name, name)

    def has(self, name: str) -> bool:
        return name in self.table.index

    def get(self, name: str) -> str:
        """The cell's text, stripped; empty when the column is absent or the cell is blank."""
        position = self.table.index.get(name)
        if position is None or position >= len(self.cells):
            return ""
        return (self.cells[position] or "").strip()

    def require(self, name: str) -> str:
        value = self.get(name)
        if not value:
            raise RowError(self.header(name), "is empty")
        return value

    def parse(self, name: str, parser: Callable[[str], Any], required: bool = True) -> Any:
        value = self.require(name) if required else self.get(name)
        if not value:
            return None
        try:
            return parser(value)
        except ValueError as exc:
            raise RowError(self.header(name), str(exc)) from None

    def date(self, name: str, required: bool = True) -> date | None:
        return self.parse(name, self.table.date_format.parse, required)

    def datetime(self, name: str, required: bool = True) -> datetime | None:
        return self.parse(name, self.table.date_format.parse_datetime, required)

    def minor(self, name: str, required: bool = True) -> int | None:
        return self.parse(name, lambda v: amount_minor(v, self.table.decimal_comma), required)


class Table:
    """One tabular file. `columns` maps logical names to the header spellings accepted."""

    def __init__(
        self,
        path: Path,
        columns: dict[str, tuple[str, ...]],
        required: tuple[str, ...],
        options: Options,
        *,
        date_columns: tuple[str, ...] = (),
        amount_columns: tuple[str, ...] = (),
        slash_default: str | None = None,
    ) -> None:
        self.path = path
        self.file = str(path)
        self.options = options
        self._rows = _raw_rows(path, options)
        self.header_line, header = self._find_header(columns, required)
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        keys = [header_key(cell) for cell in header]
        for name, spellings in columns.items():
            for spelling in spellings:
                position = _match(keys, header_key(spelling), spelling.endswith("*"))
                if position is not None:
                    self.index[name] = position
                    self.headers[name] = header[position].replace("\ufeff", "").strip()
                    break
        self._buffer = list(islice(self._rows, SNIFF_ROWS))
        self.date_format = self._sniff_dates(date_columns, slash_default)
        self.decimal_comma = sniff_decimal_comma(
            row.get(name) for row in self._wrapped(self._buffer) for name in amount_columns
        )

    def _find_header(
        self, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
    ) -> tuple[int, list[str]]:
        seen: list[tuple[int, list[str]]] = []
        for line, cells in islice(self._rows, HEADER_SEARCH):
            seen.append((line, cells))
            keys = [header_key(cell) for cell in cells]
            if all(
                any(_match(keys, header_key(s), s.endswith("*")) is not None
                    for s in columns[name])
                for name in required
            ):
                return line, cells
        first_line, first = seen[0] if seen else (1, [])
        keys = [header_key(cell) for cell in first]
        missing = next(
            (name for name in required
             if not any(_match(keys, header_key(s), s.endswith("*")) is not None
                        for s in columns[name])),
            required[0] if required else None,
        )
        spelled = " / ".join(s.rstrip("*") for s in columns.get(missing or "", ()))
        raise TableError(self.file, first_line, spelled or missing, "required column is missing")

    def _sniff_dates(self, names: tuple[str, ...], slash_default: str | None) -> DateFormat:
        if self.options.date_format:
            return date_format_named(self.options.date_format)
        values = [row.get(name) for row in self._wrapped(self._buffer) for name in names]
        try:
            return sniff_date_format(values, slash_default)
        except ValueError as exc:
            line, column = None, self.headers.get(names[0], names[0]) if names else None
            for row in self._wrapped(self._buffer):
                bad = [n for n in names if row.get(n) and row.get(n) in str(exc)]
                if bad:
                    line, column = row.line, self.headers.get(bad[0], bad[0])
                    break
            raise TableError(self.file, line, column, str(exc)) from None

    def _wrapped(self, raw: Any) -> Iterator[Row]:
        for line, cells in raw:
            if any(cell.strip() for cell in cells):
                yield Row(self, line, cells)

    def rows(self) -> Iterator[Row]:
        """Every non-blank data row, the buffered ones first."""
        yield from self._wrapped(self._buffer)
        self._buffer = []
        yield from self._wrapped(self._rows)

    def problem(self, row: Row, error: RowError) -> Problem:
        return Problem(self.file, row.line, error.column, error.reason)


class TableError(Exception):
    """The file as a whole cannot be read (no header, no consistent date format)."""

    def __init__(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.problem = Problem(file, line, column, reason)


def _match(keys: list[str], wanted: str, prefix: bool) -> int | None:
    for position, key in enumerate(keys):
        if key == wanted or (prefix and key.startswith(wanted)):
            return position
    return None


def _raw_rows(path: Path, options: Options) -> Iterator[tuple[int, list[str]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_checked(path)
    return _csv_rows(path, options)


def _xlsx_checked(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from xlsx_rows(path)
    except XlsxError as exc:
        raise TableError(exc.problem.file, exc.problem.line, None, exc.problem.reason) from None


def _csv_rows(path: Path, options: Options) -> Iterator[tuple[int, list[str]]]:
    stream, encoding = open_text(path, options.encoding, options.on_read)
    with path.open(encoding=encoding, errors="replace", newline="") as sample:
        head = "".join(islice(sample, HEADER_SEARCH))
    with stream:
        reader = csv.reader(stream, delimiter=_sniff_delimiter(head), strict=True)
        line = 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:  # strict: a quote never closed, text after a closing quote
            raise TableError(str(path), line, None, f"malformed CSV ({exc}): a quoted field "
                             "must be closed, and a closing quote followed by a delimiter"
                             ) from None


def _sniff_delimiter(head: str) -> str:
    lines = [line for line in head.splitlines() if line.strip()]
    best, best_count = ",", 0
    for delimiter in (",", ";", "\t"):
        count = max((len(next(csv.reader([line], delimiter=delimiter))) for line in lines),
                    default=0)
        if count > best_count:
            best, best_count = delimiter, count
    return best
