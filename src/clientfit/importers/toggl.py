"""Toggl Track detailed report CSV (FORMATS.md ✔): UTF-8 with BOM, `Duration` as hh:mm:ss.

Entries without a client are attributed to their project, the usual way Toggl users work.
Rows have no id, so the key hashes user, start, end, project and description.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
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
from clientfit.importers.values import parse_duration_minutes

COLUMNS = {
    "user": ("User",), "email": ("Email",), "client": ("Client",), "project": ("Project",),
    "task": ("Task",), "description": ("Description",), "billable": ("Billable",),
    "start_date": ("Start date",), "start_time": ("Start time",), "end_date": ("End date",),
    "end_time": ("End time",), "duration": ("Duration",),
}
REQUIRED = ("user", "start_date", "duration")
BILLABLE_WORDS = {"yes": True, "tak": True, "ja": True, "oui": True, "sí": True, "true": True,
                  "no": False, "nie": False, "nein": False, "non": False, "false": False, "": False}


def _billable(row: Row) -> bool:
    word = row.get("billable").lower()
    if word not in BILLABLE_WORDS:
        from clientfit.importers.tables import RowError

        raise RowError(row.header("billable"), f"{word!r} is not a yes/no value")
    return BILLABLE_WORDS[word]


def _entry(row: Row, keys: OccurrenceKeys) -> Item:
    client_name = row.get("client") or row.get("project")
    if not client_name:
        return skip(row, "time entry without client or project")
    work_date = row.date("start_date")
    minutes = row.parse("duration", parse_duration_minutes)
    user = row.require("user")
    key = stable_key("toggl", user, row.get("email"), row.get("start_date"),
                     row.get("start_time"), row.get("end_date"), row.get("end_time"),
                     row.get("project"), row.get("description"))
    description = " / ".join(p for p in (row.get("task"), row.get("description")) if p)
    return TimeRecord(keys(key), row.line, ClientRef(name=client_name),
                      StaffRef(name=user, email=email_address(row.get("email"))),
                      work_date, minutes, _billable(row), description)


def read(path: Path, options: Options) -> Iterator[Item]:
    keys = OccurrenceKeys()
    return read_table(path, options, COLUMNS, REQUIRED, lambda row: _entry(row, keys),
                      date_columns=("start_date",), amount_columns=())


register(Importer(
    name="toggl", kind="time", help="Toggl Track detailed report CSV", read=read,
    sniff=header_sniffer("User", "Start date", "Start time", "Duration"),
))
