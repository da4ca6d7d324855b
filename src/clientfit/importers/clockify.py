"""Clockify detailed report, CSV or .xlsx (FORMATS.md ◐).

Date and time follow the user's profile (`2026-03-17,10:00:00` or `09/15/2026,02:00 PM`);
`Duration (decimal)` is preferred, else `Duration (h)` as hh:mm:ss, h:mm or decimal hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.fields import parse_bool
from clientfit.importers.identity import email_address
from clientfit.importers.records import (
    ClientRef,
    Item,
    OccurrenceKeys,
    StaffRef,
    TimeRecord,
    stable_key,
)
from clientfit.importers.tables import Row
from clientfit.importers.values import amount_minor, currency_code, parse_duration_minutes

COLUMNS = {
    "project": ("Project",), "client": ("Client",), "description": ("Description",),
    "task": ("Task",), "user": ("User",), "email": ("Email",), "billable": ("Billable",),
    "start_date": ("Start Date",), "start_time": ("Start Time",), "end_date": ("End Date",),
    "end_time": ("End Time",), "duration_h": ("Duration (h)",),
    "duration_decimal": ("Duration (decimal)",), "cost_rate": ("Cost Rate*",),
}
REQUIRED = ("user", "start_date")


def _entry(row: Row, keys: OccurrenceKeys) -> Item:
    client = row.get("client") or row.get("project")
    if not client:
        return skip(row, "time entry without client or project")
    work_date = row.date("start_date")
    decimal = row.table.decimal_comma
    if row.get("duration_decimal"):
        minutes = row.parse("duration_decimal", lambda v: parse_duration_minutes(v, decimal))
    else:
        minutes = row.parse("duration_h", lambda v: parse_duration_minutes(v, decimal))
    cost = row.parse("cost_rate", lambda v: amount_minor(v, decimal), required=False)
    currency = None
    if cost and "cost_rate" in row.table.headers:
        try:
            currency = currency_code(row.table.headers["cost_rate"])
        except ValueError:
            currency = None
    user = row.require("user")
    key = stable_key("clockify", user, row.get("start_date"), row.get("start_time"),
                     row.get("end_date"), row.get("end_time"), row.get("project"),
                     row.get("description"))
    description = " / ".join(p for p in (row.get("task"), row.get("description")) if p)
    return TimeRecord(keys(key), row.line, ClientRef(name=client),
                      StaffRef(name=user, email=email_address(row.get("email")),
                               cost_minor=cost or None, currency=currency),
                      work_date, minutes, bool(row.parse("billable", parse_bool, False)),
                      description)


def read(path: Path, options: Options) -> Iterator[Item]:
    keys = OccurrenceKeys()
    return read_table(path, options, COLUMNS, REQUIRED, lambda row: _entry(row, keys),
                      date_columns=("start_date",),
                      amount_columns=("duration_decimal", "cost_rate"), slash_default="mm/dd/yyyy")


register(Importer(
    name="clockify", kind="time", help="Clockify detailed report (CSV or .xlsx)", read=read,
    sniff=header_sniffer("Project", "User", "Start Date", "Duration (h)"),
    suffixes=(".csv", ".xlsx"),
))
