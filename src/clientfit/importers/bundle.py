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
from clientfit.importers.fields import (
    parse_bool,
    parse_currency,
    parse_hours_as_minutes,
    parse_iso_date,
    parse_iso_datetime,
    parse_money_minor,
)
from clientfit.store import schema

BUNDLE_FORMAT = "clientfit-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
GROUND_TRUTH = "ground_truth.csv"


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
        Field("hourly_cost", "hourly_cost_minor", parse_money_minor),
        Field("currency", "currency", parse_currency),
    )),
    BundleFile("clients.csv", schema.clients, (
        Field("client_id", "client_id"),
        Field("name", "name"),
        Field("legal_name", "legal_name", required=False),
        Field("tax_id", "tax_id", required=False),
        Field("email_domain", "email_domain", required=False),
        Field("country", "country", required=False),
        Field("language", "language"),
        Field("currency", "currency", parse_currency),
        Field("kind", "kind", _kind),
        Field("started_on", "started_on", parse_iso_date, required=False),
        Field("ended_on", "ended_on", parse_iso_date, required=False),
        Field("owner_staff_id", "owner_staff_id", required=False, references="staff"),
    )),
    BundleFile("assignments.csv", schema.assignments, (
        Field("client_id", "client_id", references="clients"),
        Field("staff_id", "staff_id", references="staff"),
        Field("role", "role"),
        Field("start_date", "start_date", parse_iso_date),
        Field("end_date", "end_date", parse_iso_date, required=False),
    )),
    BundleFile("invoices.csv", schema.invoices, (
        Field("invoice_id", "invoice_id"),
        Field("client_id", "client_id", references="clients"),
        Field("number", "number"),
        Field("issue_date", "issue_date", parse_iso_date),
        Field("due_date", "due_date", parse_iso_date),
        Field("amount", "amount_minor", parse_money_minor),
        Field("currency", "currency", parse_currency),
    )),
    BundleFile("payments.csv", schema.payments, (
        Field("payment_id", "payment_id"),
        Field("invoice_id", "invoice_id", references="invoices"),
        Field("paid_on", "paid_on", parse_iso_date),
        Field("amount", "amount_minor", parse_money_minor),
        Field("currency", "currency", parse_currency),
    )),
    BundleFile("time_entries.csv", schema.time_entries, (
        Field("entry_id", "entry_id"),
        Field("client_id", "client_id", references="clients"),
        Field("staff_id", "staff_id", references="staff"),
        Field("date", "work_date", parse_iso_date),
        Field("hours", "minutes", parse_hours_as_minutes),
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
        Field("language", "language", required=False),
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
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    if manifest.get("format") != BUNDLE_FORMAT:
        raise InputError(str(path), None, "format", f"expected {BUNDLE_FORMAT!r}")
    if int(manifest.get("version", 0)) > BUNDLE_VERSION:
        raise InputError(
            str(path), None, "version",
            f"bundle version {manifest['version']} is newer than this clientfit reads "
            f"({BUNDLE_VERSION})",
        )
    return manifest


def read_rows(path: Path, bundle_file: BundleFile) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, store row) for each data line; raise InputError on the first bad one."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for field in bundle_file.fields:
            if field.required and field.column not in header:
                raise InputError(str(path), 1, field.column, "required column is missing")
        for row in reader:
            line = reader.line_num
            if None in row:
                raise InputError(str(path), line, None, "more values than columns in the header")
            yield line, parse_row(path, line, row, bundle_file)


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
    return record
