"""Harvest detailed time report, CSV or .xlsx (FORMATS.md ◐).

Headers stay English while dates and decimals follow the account (`26.01.2015`, `"7,5"`): both
are decided per file. Rows have no id: the key hashes the row's content plus its occurrence
number, so two identical entries on one day stay two, and a later export keys them the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.fields import parse_bool
from clientfit.importers.records import ClientRef, Item, StaffRef, TimeRecord, stable_key
from clientfit.importers.tables import Row
from clientfit.importers.values import amount_minor, currency_code, parse_duration_minutes

COLUMNS = {
    "date": ("Date",), "client": ("Client",), "project": ("Project",), "task": ("Task",),
    "notes": ("Notes",), "hours": ("Hours",), "billable": ("Billable?", "Billable"),
    "first": ("First Name", "First name"), "last": ("Last Name", "Last name"),
    "cost_rate": ("Cost Rate",), "currency": ("Currency",), "employee_id": ("Employee Id",),
}
REQUIRED = ("date", "client", "hours", "first")


def read(path: Path, options: Options) -> Iterator[Item]:
    """Harvest's Currency column is the client's (billable rates and amounts follow the
    client's currency); cost rates are in the account's default currency, which the export
    does not name. A file in one currency names it; a file in several leaves the cost rates'
    currency to the home currency (the one most invoices are in)."""
    seen: Counter[str] = Counter()
    currencies: set[str | None] = set()

    def entry(row: Row) -> Item:
        client = row.get("client")
        if not client:
            return skip(row, "time entry without client")
        work_date = row.date("date")
        minutes = row.parse("hours", lambda v: parse_duration_minutes(v, row.table.decimal_comma))
        name = " ".join(p for p in (row.get("first"), row.get("last")) if p)
        currencies.add(row.parse("currency", currency_code, required=False))
        cost = row.parse("cost_rate", lambda v: amount_minor(v, row.table.decimal_comma),
                         required=False)
        billable = row.parse("billable", parse_bool, required=False)
        content = stable_key("harvest", row.get("date"), client, row.get("project"),
                             row.get("task"), row.get("notes"), row.get("hours"), name,
                             row.get("employee_id"))
        seen[content] += 1
        description = " / ".join(p for p in (row.get("task"), row.get("notes")) if p)
        return TimeRecord(
            stable_key("harvest", content, seen[content]), row.line, ClientRef(name=client),
            StaffRef(name=name, cost_minor=cost or None),
            work_date, minutes, bool(billable), description)

    items = list(read_table(path, options, COLUMNS, REQUIRED, entry, date_columns=("date",),
                            amount_columns=("hours", "cost_rate"), slash_default="mm/dd/yyyy"))
    account = next(iter(currencies)) if len(currencies) == 1 else None
    for item in items:
        if account and isinstance(item, TimeRecord) and item.staff.cost_minor:
            item = replace(item, staff=replace(item.staff, currency=account))
        yield item


register(Importer(
    name="harvest", kind="time", help="Harvest detailed time report (CSV or .xlsx)", read=read,
    sniff=header_sniffer("Date", "Client", "Hours", "First Name"), suffixes=(".csv", ".xlsx"),
))
