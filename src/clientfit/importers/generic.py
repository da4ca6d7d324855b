"""Any CSV (or .xlsx) with a column mapping file, for every export without its own importer.

The mapping is a small TOML file naming the kind of record and, for each field, the column
that holds it (docs/importers.md has the full list):

    kind = "time"                 # time | invoices | payments | clients
                                  # (payments without a client column find their invoice by
                                  # number among the stored ones)
    name = "timesheet"            # names the source in keys: keep it stable between imports
    date_format = "dd.mm.yyyy"    # optional; sniffed otherwise
    currency = "PLN"              # optional default when no currency column
    (invoices: `amount` is the gross; an optional `net_amount` or `tax_amount` column gives
    the net, the revenue; without either, net = gross)
    [columns]
    date = "Dzień"
    client = "Klient"
    staff = "Osoba"
    hours = "Godziny"

Rows without an `id` column are keyed by their content plus an occurrence number.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from clientfit.errors import InputError
from clientfit.importers.base import Importer, Options, read_table, register, skip
from clientfit.importers.fields import parse_bool
from clientfit.importers.identity import client_domain, email_address, normalise_tax_id
from clientfit.importers.records import (
    AccountRecord,
    ClientRef,
    InvoiceRecord,
    Item,
    PaymentRecord,
    StaffRef,
    TimeRecord,
    stable_key,
)
from clientfit.importers.tables import Row, RowError
from clientfit.importers.values import currency_code, parse_duration_minutes

FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # kind: (required, optional)
    "time": (("date", "client", "staff", "hours"),
             ("id", "billable", "description", "staff_email", "client_tax_id", "client_domain")),
    "invoices": (("number", "client", "issue_date", "amount"),
                 ("id", "due_date", "currency", "paid_amount", "paid_date", "status",
                  "client_tax_id", "client_domain", "net_amount", "tax_amount")),
    "payments": (("invoice_number", "date", "amount"),
                 ("id", "client", "currency", "client_tax_id", "client_domain")),
    "clients": (("client",), ("id", "client_tax_id", "client_domain", "owner", "started_on")),
}
DATE_FIELDS = ("date", "issue_date", "due_date", "paid_date", "started_on")
AMOUNT_FIELDS = ("amount", "paid_amount", "hours", "net_amount", "tax_amount")


def load_mapping(path: Path) -> dict[str, Any]:
    """Read and check a mapping file; errors name the file, the line and the setting."""
    try:
        text = path.read_text(encoding="utf-8")
        mapping = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, None, f"not a readable TOML mapping: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        raise InputError(str(path), int(at.group(1)) if at else None, None,
                         f"not a readable TOML mapping: {exc}") from None
    kind = mapping.get("kind")
    if kind not in FIELDS:
        raise InputError(str(path), _toml_line(text, "kind"), "kind",
                         f"{kind!r} is not one of {', '.join(FIELDS)}")
    columns = mapping.get("columns")
    if not isinstance(columns, dict):
        raise InputError(str(path), _toml_line(text, "columns"), "columns",
                         "a [columns] table is required")
    required, optional = FIELDS[kind]
    for name in required:
        if name not in columns:
            raise InputError(str(path), _toml_line(text, "columns"), f"columns.{name}",
                             f"required for kind {kind}")
    unknown = sorted(set(columns) - set(required) - set(optional))
    if unknown:
        raise InputError(str(path), _toml_line(text, unknown[0], "columns"),
                         f"columns.{unknown[0]}", f"unknown field; fields of kind {kind}: "
                         f"{', '.join(required + optional)}")
    return mapping


def _toml_line(text: str, key: str, table: str | None = None) -> int:
    """The line of a mapping's `key = ...` (in `[table]` when given) or `[key]` table header;
    else of `[table]`; else line 1 (where a missing top-level setting belongs)."""
    current, table_line = None, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
            if current == key and table is None:
                return number
            if current == table:
                table_line = number
            continue
        setting = re.match(r"\s*[\"']?([^\s=\"']+)[\"']?\s*=", line)
        if setting and setting.group(1) == key and current == table:
            return number
    return table_line or 1


def _client(row: Row, name_field: str = "client") -> ClientRef:
    tax = row.parse("client_tax_id", lambda v: normalise_tax_id(v, "PL"), required=False)
    domain = client_domain(row.get("client_domain")) if row.get("client_domain") else None
    return ClientRef(name=row.require(name_field), tax_id=tax, domain=domain)


def _maker(kind: str, source: str, currency: str | None) -> Callable[[Row], Item]:
    seen: Counter[str] = Counter()

    def key(row: Row) -> str:
        if row.get("id"):
            return f"{source}:{row.get('id')}"[:64]
        content = stable_key(source, *row.cells)
        seen[content] += 1
        return stable_key(source, content, seen[content])

    def money_currency(row: Row) -> str:
        found = row.parse("currency", currency_code, required=False) or currency
        if not found:
            raise RowError(row.header("currency"), "no currency here nor in the mapping")
        return str(found)

    def make(row: Row) -> Item:
        if kind == "time":
            decimal = row.table.decimal_comma
            return TimeRecord(
                key(row), row.line, _client(row),
                StaffRef(name=row.require("staff"),
                         email=email_address(row.get("staff_email")) or None),
                row.date("date"), row.parse("hours", lambda v: parse_duration_minutes(v, decimal)),
                bool(row.parse("billable", parse_bool, required=False)), row.get("description"))
        if kind == "invoices":
            paid_on = row.date("paid_date", required=False)
            amount = row.minor("amount")
            return InvoiceRecord(
                key(row), row.line, _client(row), row.require("number"), row.date("issue_date"),
                row.date("due_date", required=False), amount, money_currency(row),
                status=row.get("status").lower() or None,
                paid_minor=row.minor("paid_amount", required=False) if paid_on else None,
                paid_on=paid_on, net_minor=_net(row, amount))
        if kind == "payments":
            number = row.require("invoice_number")
            if not row.get("client"):  # the number names the invoice, and so the client
                return payment_by_number(key(row), row, number, row.date("date"),
                                         row.minor("amount"), currency)
            return PaymentRecord(key(row), row.line, _client(row), f"{source}:{number}"[:64],
                                 row.date("date"), row.minor("amount"), money_currency(row),
                                 invoice_number=number)
        owner = row.get("owner")
        if not row.get("client"):
            return skip(row, "row without a client")
        return AccountRecord(key(row), row.line, _client(row),
                             owner=StaffRef(name=owner) if owner else None,
                             started_on=row.date("started_on", required=False))

    return make


def _net(row: Row, gross: int | None) -> int | None:
    """An invoice's net amount: its `net_amount` column, else `amount` less `tax_amount`, else
    unknown (net = gross). `amount` is always the gross, the sum the client pays."""
    if row.has("net_amount"):
        net = row.minor("net_amount", required=False)
        if net is not None:
            return int(net)
    if row.has("tax_amount") and gross is not None:
        return gross - int(row.minor("tax_amount", required=False) or 0)
    return None


def payment_by_number(key: str, row: Row, number: str, paid_on: Any, amount: Any,
                      currency: str | None) -> PaymentRecord:
    """A payment that names only its invoice's number: the stored invoice with that number
    gives the client (and the currency, when the row has none)."""
    given = row.parse("currency", currency_code, required=False) or currency or ""
    return PaymentRecord(key, row.line, ClientRef(), f"number:{number}", paid_on, amount,
                         str(given), invoice_number=number, by_number=True)


def read(path: Path, options: Options) -> Iterator[Item]:
    if options.mapping is None:
        raise InputError(str(path), None, None, "the generic importer needs --mapping FILE")
    mapping = load_mapping(options.mapping)
    kind = mapping["kind"]
    columns = {field: (str(header),) for field, header in mapping["columns"].items()}
    source = f"generic-{mapping.get('name') or options.mapping.stem}"
    if mapping.get("date_format") and not options.date_format:
        options = Options(**{**options.__dict__, "date_format": mapping["date_format"]})
    if kind == "invoices":  # payments of generic invoices find them by number
        make = _with_invoice_key(_maker(kind, source, mapping.get("currency")), source)
    else:
        make = _maker(kind, source, mapping.get("currency"))
    return read_table(path, options, columns, FIELDS[kind][0], make,
                      date_columns=tuple(f for f in DATE_FIELDS if f in columns),
                      amount_columns=tuple(f for f in AMOUNT_FIELDS if f in columns))


def _with_invoice_key(make: Callable[[Row], Item], source: str) -> Callable[[Row], Item]:
    def wrapped(row: Row) -> Item:
        record = make(row)
        if isinstance(record, InvoiceRecord):
            alias = f"{source}:{record.number}"[:64]
            return InvoiceRecord(**{**record.__dict__, "aliases": (alias,)})
        return record

    return wrapped


register(Importer(name="generic", kind="any", help="any CSV with a --mapping TOML file",
                  read=read, suffixes=(".csv", ".tsv", ".txt", ".xlsx")))
