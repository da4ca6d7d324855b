"""clientfit's own bundle format: one CSV per kind of record (see docs/bundle.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table

from clientfit.errors import InputError
from clientfit.importers.encoding import open_text
from clientfit.importers.fields import (
    parse_bool,
    parse_currency,
    parse_hours_as_minutes,
    parse_iso_date,
    parse_iso_datetime,
    parse_money_minor,
)
from clientfit.importers.json_input import JsonTooDeep, line_at, load_json, member_line
from clientfit.importers.limits import (
    LANGUAGES,
    MAX_COST_MINOR,
    ROLES,
    OutOfDomain,
    check_amount,
    check_cost,
    check_minutes,
    check_net,
    check_row,
)
from clientfit.store import schema

BUNDLE_FORMAT = "clientfit-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
GROUND_TRUTH = "ground_truth.csv"
MAX_MANIFEST = 1 << 20


def _text(value: str) -> str:
    return value


def _direction(value: str) -> str:
    word = value.strip().lower()
    if word not in ("in", "out"):
        raise ValueError(f"{value!r} is not 'in' (from the client) or 'out' (from us)")
    return word


def _kind(value: str) -> str:
    word = value.strip().lower()
    if word not in ("retainer", "project"):
        raise ValueError(f"{value!r} is not 'retainer' or 'project'")
    return word


def _language(value: str) -> str:
    word = value.strip().lower()
    if word not in LANGUAGES:
        raise ValueError(f"{value!r} is not one of {', '.join(sorted(LANGUAGES))}")
    return word


def _role(value: str) -> str:
    word = value.strip().lower()
    if word not in ROLES:
        raise ValueError(f"{value!r} is not one of {', '.join(sorted(ROLES))}")
    return word


def _amount(value: str) -> int:
    minor = parse_money_minor(value)
    check_amount("amount", minor)
    return minor


def _cost(value: str) -> int:
    minor = parse_money_minor(value)
    try:
        check_cost("hourly_cost", minor)
    except OutOfDomain:
        raise ValueError(f"{value!r} is not an hourly cost between 0 and "
                         f"{MAX_COST_MINOR // 100:,}") from None
    return minor


def _hours(value: str) -> int:
    minutes = parse_hours_as_minutes(value)
    check_minutes("hours", minutes)
    return minutes


@dataclass(frozen=True)
class Field:
    column: str
    target: str
    parse: Callable[[str], Any] = _text
    required: bool = True
    references: str | None = None  # "clients" / "staff" / "invoices": must exist


@dataclass(frozen=True)
class BundleFile:
    name: str
    table: Table
    fields: tuple[Field, ...]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.table.primary_key.columns)


FILES: tuple[BundleFile, ...] = (
    BundleFile("staff.csv", schema.staff, (
        Field("staff_id", "staff_id"),
        Field("name", "name"),
        Field("email", "email", required=False),
        Field("hourly_cost", "hourly_cost_minor", _cost),
        Field("currency", "currency", parse_currency),
    )),
    BundleFile("clients.csv", schema.clients, (
        Field("client_id", "client_id"),
        Field("name", "name"),
        Field("legal_name", "legal_name", required=False),
        Field("tax_id", "tax_id", required=False),
        Field("email_domain", "email_domain", required=False),
        Field("country", "country", required=False),
        Field("language", "language", _language),
        Field("currency", "currency", parse_currency),
        Field("kind", "kind", _kind),
        Field("started_on", "started_on", parse_iso_date, required=False),
        Field("ended_on", "ended_on", parse_iso_date, required=False),
        Field("owner_staff_id", "owner_staff_id", required=False, references="staff"),
    )),
    BundleFile("assignments.csv", schema.assignments, (
        Field("client_id", "client_id", references="clients"),
        Field("staff_id", "staff_id", references="staff"),
        Field("role", "role", _role),
        Field("start_date", "start_date", parse_iso_date),
        Field("end_date", "end_date", parse_iso_date, required=False),
    )),
    BundleFile("invoices.csv", schema.invoices, (
        Field("invoice_id", "invoice_id"),
        Field("client_id", "client_id", references="clients"),
        Field("number", "number"),
        Field("issue_date", "issue_date", parse_iso_date),
        Field("due_date", "due_date", parse_iso_date),
        Field("amount", "amount_minor", _amount),
        Field("currency", "currency", parse_currency),
        Field("net_amount", "net_minor", _amount, required=False),
    )),
    BundleFile("payments.csv", schema.payments, (
        Field("payment_id", "payment_id"),
        Field("invoice_id", "invoice_id", references="invoices"),
        Field("paid_on", "paid_on", parse_iso_date),
        Field("amount", "amount_minor", _amount),
        Field("currency", "currency", parse_currency),
    )),
    BundleFile("time_entries.csv", schema.time_entries, (
        Field("entry_id", "entry_id"),
        Field("client_id", "client_id", references="clients"),
        Field("staff_id", "staff_id", references="staff"),
        Field("date", "work_date", parse_iso_date),
        Field("hours", "minutes", _hours),
        Field("billable", "billable", parse_bool),
        Field("description", "description", required=False),
    )),
    BundleFile("messages.csv", schema.messages, (
        Field("message_id", "message_id"),
        Field("client_id", "client_id", references="clients"),
        Field("staff_id", "staff_id", required=False, references="staff"),
        Field("direction", "direction", _direction),
        Field("sent_at", "sent_at", parse_iso_datetime),
        Field("channel", "channel"),
        Field("language", "language", _language, required=False),
        Field("subject", "subject", required=False),
        Field("body", "body", required=False),
        Field("thread_id", "thread_id", required=False),
        Field("in_reply_to", "in_reply_to", required=False),
    )),
    BundleFile("milestones.csv", schema.milestones, (
        Field("milestone_id", "milestone_id"),
        Field("client_id", "client_id", references="clients"),
        Field("name", "name"),
        Field("due_date", "due_date", parse_iso_date),
        Field("delivered_on", "delivered_on", parse_iso_date, required=False),
    )),
)
FILES_BY_NAME = {bundle_file.name: bundle_file for bundle_file in FILES}
TEXT_DEFAULTS = {"description": "", "subject": "", "body": ""}


def check_manifest(directory: Path) -> dict[str, Any]:
    """Read manifest.json if present and refuse bundles of another format or a newer version."""
    path = directory / MANIFEST
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        data = handle.read(MAX_MANIFEST + 1)
    if len(data) > MAX_MANIFEST:
        raise InputError(str(path), None, None, f"larger than {MAX_MANIFEST >> 10} kB")
    try:
        manifest = load_json(data)
    except UnicodeDecodeError:
        raise InputError(str(path), None, None, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    except JsonTooDeep as exc:
        raise InputError(str(path), exc.line, None, str(exc)) from None
    text = data.decode("utf-8-sig")
    start = len(text) - len(text.lstrip())

    def line(name: str) -> int:  # the member's line; the object's first when it is absent
        return member_line(text, start, name) or line_at(text, start)

    if not isinstance(manifest, dict):
        raise InputError(str(path), line_at(text, start), "/", "must be a JSON object, not "
                         f"{type(manifest).__name__}")
    if manifest.get("format") != BUNDLE_FORMAT:
        raise InputError(str(path), line("format"), "/format", f"expected {BUNDLE_FORMAT!r}")
    version = manifest.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(str(path), line("version"), "/version",
                         f"{version!r} is not a bundle version (a whole number from 1)")
    if version > BUNDLE_VERSION:
        raise InputError(
            str(path), line("version"), "/version",
            f"bundle version {version} is newer than this clientfit reads ({BUNDLE_VERSION})",
        )
    return manifest


def read_rows(path: Path, bundle_file: BundleFile) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, store row) for each data line; raise InputError on the first bad one.

    The encoding is sniffed as for every import (UTF-8 with or without BOM, UTF-16 with a BOM,
    CP1250, ISO-8859-2); quoting is strict (a quoted field that never closes is an error); a
    key seen twice in the file is an error, not "the last row wins"."""
    stream, _encoding = open_text(path)
    seen: dict[tuple[Any, ...], int] = {}
    line = 1
    try:
        with stream:
            reader = csv.DictReader(stream, strict=True)
            header = reader.fieldnames or []
            for field in bundle_file.fields:
                if field.required and field.column not in header:
                    raise InputError(str(path), 1, field.column, "required column is missing")
            for row in reader:
                line = reader.line_num
                if None in row:
                    raise InputError(str(path), line, None,
                                     "more values than columns in the header")
                record = parse_row(path, line, row, bundle_file)
                key = tuple(record[name] for name in bundle_file.key)
                if key in seen:
                    raise InputError(str(path), line, bundle_file.fields[0].column,
                                     f"{', '.join(map(str, key))} appears twice (first on line "
                                     f"{seen[key]}): one row per key")
                seen[key] = line
                yield line, record
    except csv.Error as exc:
        raise InputError(str(path), line + 1, None, f"malformed CSV ({exc}): a quoted field "
                         "must be closed") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), line + 1, None, f"not text in the sniffed encoding: "
                         f"{exc.reason}") from None


def parse_row(
    path: Path, line: int, row: dict[str, str | None], bundle_file: BundleFile
) -> dict[str, Any]:
    """One CSV row as a store row; InputError naming the file, line and field if it is bad."""
    record: dict[str, Any] = {}
    for field in bundle_file.fields:
        raw = row.get(field.column)
        if raw is None or raw.strip() == "":
            if field.required:
                raise InputError(str(path), line, field.column, "value is required")
            record[field.target] = TEXT_DEFAULTS.get(field.target)
            continue
        try:
            record[field.target] = field.parse(raw)
        except ValueError as exc:
            raise InputError(str(path), line, field.column, str(exc)) from None
    try:
        check_row(bundle_file.table, record)
        if bundle_file.table is schema.invoices:
            _net_or_gross(record)
    except OutOfDomain as exc:
        column = next((f.column for f in bundle_file.fields if f.target == exc.field), exc.field)
        raise InputError(str(path), line, column, exc.reason) from None
    return record


def _net_or_gross(invoice: dict[str, Any]) -> None:
    """An invoice's net amount (before sales tax) as given, else its gross one (net = gross)."""
    if invoice.get("net_minor") is None:
        invoice["net_minor"] = invoice["amount_minor"]
        return
    try:
        check_net(invoice["net_minor"], invoice["amount_minor"])
    except OutOfDomain as exc:
        raise OutOfDomain("net_minor", exc.reason) from None
