"""Official exchange rates in the layouts people download (docs/importers.md, "Exchange rates").

- NBP table A archive CSV (`archiwum_tab_a_YYYY.csv`): `;`-separated, decimal commas,
  Windows-1250; a header `data;1USD;100HUF;...;nr tabeli;pełny numer tabeli`, one row per
  business day (`20260302;3,9432;...`); rows of names, codes or units are not rates and are
  passed over.
- NBP API, JSON or XML: a list of tables (`/exchangerates/tables/A/...`: `no`,
  `effectiveDate`, `rates[code, mid]`) or one currency's series (`/exchangerates/rates/A/USD/...`),
  and the static XML `tabela_kursow` (`przelicznik`, `kurs_sredni` with a decimal comma).
- ECB euro reference rates: `eurofxref-hist.csv` (`Date,USD,JPY,...`, `N/A` where a currency
  has no rate) and the daily / historical XML (`Cube time=... / Cube currency= rate=`).

Each rate becomes a `RateRecord` exactly as published: for NBP `rate` units of `base` (PLN) per
one unit of `currency` (divided by the table's unit count, e.g. 100 HUF); for the ECB `rate`
units of `currency` per one `base` (EUR).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from clientfit.importers.base import Importer, Options, register
from clientfit.importers.encoding import decode_text
from clientfit.importers.json_input import (
    JsonTooDeep,
    array_starts,
    lines_at,
    load_json,
    member_line,
)
from clientfit.importers.records import Item, Problem, RateRecord

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True)
_UNIT_CODE = re.compile(r"^\s*(\d+)\s*([A-Za-z]{3})\s*$")
_DAY = re.compile(r"^\d{8}$")


class _Bad(Exception):
    def __init__(self, line: int | None, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.line, self.field, self.reason = line, field, reason


def _rate(text: Any, line: int | None, field: str, units: int = 1) -> Decimal:
    raw = str(text).strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise _Bad(line, field, f"{text!r} is not a rate") from None
    if not value.is_finite() or value <= 0:
        raise _Bad(line, field, f"{text!r} is not a positive rate")
    return value / units if units != 1 else value


def _day(text: Any, line: int | None, field: str) -> date:
    raw = str(text).strip()
    try:
        if _DAY.match(raw):
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise _Bad(line, field, f"{text!r} is not a date") from None


def _code(text: Any, line: int | None, field: str) -> str:
    code = str(text or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise _Bad(line, field, f"{text!r} is not a three-letter currency code")
    return code


def _record(path: Path, line: int | None, source: str, currency: str, day: date, rate: Decimal,
            table_no: str | None) -> RateRecord:
    base = "PLN" if source == "nbp" else "EUR"
    return RateRecord(f"{source}:{currency}:{day.isoformat()}", line, source, base, currency,
                      day, rate, table_no)


# NBP archive CSV ---------------------------------------------------------------------------------
def _nbp_csv(path: Path, text: str) -> Iterator[RateRecord]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header_at = next((i for i, r in enumerate(rows) if r and r[0].strip().lower() == "data"),
                     None)
    if header_at is None:
        raise _Bad(1, "data", "no header row starting with 'data' (NBP table A archive)")
    header = rows[header_at]
    columns: list[tuple[int, str, int]] = []
    table_column = None
    for index, cell in enumerate(header):
        match = _UNIT_CODE.match(cell)
        if match:
            columns.append((index, match.group(2).upper(), int(match.group(1))))
        elif "pełny numer" in cell.lower() or "pelny numer" in cell.lower():
            table_column = index
    if not columns:
        raise _Bad(header_at + 1, "data", "no currency columns such as '1USD' in the header")
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not row or not _DAY.match(row[0].strip()):
            continue  # names, ISO codes, unit counts, empty lines: not rates
        day = _day(row[0], number, "data")
        table_no = row[table_column].strip() if table_column is not None and \
            table_column < len(row) else None
        for index, code, units in columns:
            cell = row[index].strip() if index < len(row) else ""
            if not cell:
                continue
            yield _record(path, number, "nbp", code, day,
                          _rate(cell, number, header[index].strip(), units), table_no or None)


# NBP API JSON -------------------------------------------------------------------------------------
def _nbp_json(path: Path, text: str) -> Iterator[RateRecord]:
    try:
        data = load_json(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _Bad(exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    except JsonTooDeep as exc:
        raise _Bad(exc.line, None, str(exc)) from None
    tables = data if isinstance(data, list) else [data]
    starts = array_starts(text) if isinstance(data, list) else [0]
    for table, start, line in _placed(text, tables, starts):
        if not isinstance(table, dict) or not isinstance(table.get("rates"), list):
            raise _Bad(line, "rates", "not an NBP API exchange-rate table or series")
        with _field_lines(text, start, line):
            code = _code(table["code"], line, "code") if "code" in table else None
            day = _day(table.get("effectiveDate"), line, "effectiveDate") if code is None \
                else None
        item_starts = array_starts(text, "rates", start) if start is not None else []
        for item, item_start, item_line in _placed(text, table["rates"], item_starts):
            with _field_lines(text, item_start, item_line):
                if code is not None:  # one currency's series
                    yield _record(path, item_line, "nbp", code,
                                  _day(item.get("effectiveDate"), item_line, "effectiveDate"),
                                  _rate(item.get("mid"), item_line, "mid"), item.get("no"))
                    continue
                if "mid" not in item:
                    raise _Bad(item_line, "mid", "no mid rate: only table A (mid rates) is read")
                assert day is not None
                yield _record(path, item_line, "nbp", _code(item.get("code"), item_line, "code"),
                              day, _rate(item["mid"], item_line, "mid"), table.get("no"))


def _placed(text: str, items: list[Any], starts: list[int]
            ) -> Iterator[tuple[Any, int | None, int | None]]:
    """Each JSON array element with where it starts and its line (None when not found)."""
    if len(starts) != len(items):
        yield from ((item, None, None) for item in items)
        return
    yield from zip(items, starts, lines_at(text, starts), strict=True)


@contextmanager
def _field_lines(text: str, start: int | None, line: int | None) -> Iterator[None]:
    """A problem in the object at `start` names the line of the member at fault."""
    try:
        yield
    except _Bad as bad:
        found = member_line(text, start, bad.field) if start is not None and bad.field \
            else None
        raise _Bad(found or line, bad.field, bad.reason) from None


# XML: NBP API, NBP static tables, ECB ------------------------------------------------------------
def _local(element: Any) -> str:
    return etree.QName(element).localname


def _child(element: Any, name: str) -> Any:
    for child in element:
        if isinstance(child.tag, str) and _local(child).lower() == name.lower():
            return child
    return None


def _child_text(element: Any, name: str) -> str:
    found = _child(element, name)
    if found is None or not (found.text or "").strip():
        raise _Bad(element.sourceline, name, "is missing")
    return str(found.text).strip()


def _xml(path: Path, data: bytes) -> Iterator[RateRecord]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _Bad(exc.lineno, None, f"not well-formed XML: {exc.msg}") from None
    name = _local(root)
    if name == "Envelope":
        yield from _ecb_xml(path, root)
    elif name == "tabela_kursow":
        yield from _nbp_static(path, root)
    elif name in ("ArrayOfExchangeRatesTable", "ExchangeRatesTable", "ExchangeRatesSeries"):
        yield from _nbp_api_xml(path, root)
    else:
        raise _Bad(root.sourceline, name, "not an NBP or ECB exchange-rate file")


def _ecb_xml(path: Path, root: Any) -> Iterator[RateRecord]:
    for cube in root.iter("{*}Cube"):
        if cube.get("time") is None:
            continue
        day = _day(cube.get("time"), cube.sourceline, "time")
        for item in cube:
            if isinstance(item.tag, str) and item.get("currency") is not None:
                yield _record(path, item.sourceline, "ecb",
                              _code(item.get("currency"), item.sourceline, "currency"), day,
                              _rate(item.get("rate"), item.sourceline, "rate"), None)


def _nbp_static(path: Path, root: Any) -> Iterator[RateRecord]:
    table_no = _child_text(root, "numer_tabeli")
    day = _day(_child_text(root, "data_publikacji"), root.sourceline, "data_publikacji")
    for item in root:
        if not isinstance(item.tag, str) or _local(item) != "pozycja":
            continue
        units_text = _child_text(item, "przelicznik")
        if not units_text.isdigit() or int(units_text) == 0:
            raise _Bad(item.sourceline, "przelicznik", f"{units_text!r} is not a unit count")
        yield _record(path, item.sourceline, "nbp",
                      _code(_child_text(item, "kod_waluty"), item.sourceline, "kod_waluty"), day,
                      _rate(_child_text(item, "kurs_sredni"), item.sourceline, "kurs_sredni",
                            int(units_text)), table_no)


def _nbp_api_xml(path: Path, root: Any) -> Iterator[RateRecord]:
    tables = [root] if _local(root) != "ArrayOfExchangeRatesTable" else [
        t for t in root if isinstance(t.tag, str)]
    for table in tables:
        rates = _child(table, "Rates")
        if rates is None:
            raise _Bad(table.sourceline, "Rates", "is missing")
        series_code = _child(table, "Code")
        for item in rates:
            if not isinstance(item.tag, str):
                continue
            line = item.sourceline
            if series_code is not None:
                code = _code(series_code.text, series_code.sourceline, "Code")
                day = _day(_child_text(item, "EffectiveDate"), line, "EffectiveDate")
                table_no = _child_text(item, "No")
            else:
                code = _code(_child_text(item, "Code"), line, "Code")
                day = _day(_child_text(table, "EffectiveDate"), table.sourceline,
                           "EffectiveDate")
                table_no = _child_text(table, "No")
            yield _record(path, line, "nbp", code, day, _rate(_child_text(item, "Mid"), line,
                                                              "Mid"), table_no)


# ECB CSV ------------------------------------------------------------------------------------------
def _ecb_csv(path: Path, text: str) -> Iterator[RateRecord]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    codes = [(i, _code(c, 1, c)) for i, c in enumerate(header) if i > 0 and c.strip()]
    for number, row in enumerate(reader, start=2):
        if not row or not row[0].strip():
            continue
        day = _day(row[0], number, "Date")
        for index, code in codes:
            cell = row[index].strip() if index < len(row) else ""
            if cell and cell.upper() != "N/A":
                yield _record(path, number, "ecb", code, day, _rate(cell, number, code), None)


# the importer -------------------------------------------------------------------------------------
def kind_of(head: str, suffix: str) -> str | None:
    """Which rates layout a file's first bytes show, or None."""
    stripped = head.lstrip("\ufeff \r\n\t")
    first = stripped.split("\n", 1)[0].strip().lower()
    if suffix == ".csv":
        if first.startswith("data;") and re.search(r";\s*1\s*usd\s*;", first):
            return "nbp_csv"
        if first.startswith("date,") and re.search(r",\s*usd\s*,", first):
            return "ecb_csv"
        return None
    if suffix == ".json":
        return "nbp_json" if '"effectiveDate"' in head and '"mid"' in head else None
    if suffix == ".xml":
        if "eurofxref" in head and "<Cube" in head and "gesmes" in head:
            return "xml"
        if "<tabela_kursow" in head or "<ExchangeRatesTable" in head or \
                "<ExchangeRatesSeries" in head:
            return "xml"
    return None


def read(path: Path, options: Options) -> Iterator[Item]:
    data = path.read_bytes()
    head = data[:4096].decode("utf-8", errors="replace")
    kind = kind_of(head, path.suffix.lower())
    try:
        if kind is None:
            raise _Bad(1, None, "not an NBP table A or ECB reference-rate file "
                       "(CSV, JSON or XML as downloaded)")
        if kind == "xml":
            yield from _xml(path, data)
            return
        text = decode_text(data, options.encoding).lstrip("\ufeff")
        parse = {"nbp_csv": _nbp_csv, "ecb_csv": _ecb_csv, "nbp_json": _nbp_json}[kind]
        yield from parse(path, text)
    except _Bad as bad:
        yield Problem(str(path), bad.line, bad.field, bad.reason)


def sniff(path: Path, head: str) -> bool:
    return kind_of(head, path.suffix.lower()) is not None


register(Importer(name="rates", kind="rates",
                  help="exchange rates: NBP table A (archive CSV, API JSON/XML), ECB (CSV, XML)",
                  read=read, sniff=sniff, suffixes=(".csv", ".json", ".xml")))
