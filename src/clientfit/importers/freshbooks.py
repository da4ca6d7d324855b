"""FreshBooks Invoice Details CSV (FORMATS.md ◐): one row per line item, statuses lower case.

An invoice's amount is the sum of its `Line Total`s; rows are gathered per invoice number
(memory grows with the number of invoices, not rows), and invoices are emitted at the end.
A paid invoice with `Date Paid` settles in full; drafts are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register
from clientfit.importers.records import ClientRef, InvoiceRecord, Item, Skipped
from clientfit.importers.tables import Row
from clientfit.importers.values import currency_code

COLUMNS = {
    "client": ("Client Name", "Organization"), "number": ("Invoice #", "Invoice Number"),
    "issued": ("Date Issued",), "due": ("Date Due",), "status": ("Invoice Status", "Status"),
    "paid_on": ("Date Paid",), "line_total": ("Line Total",), "currency": ("Currency",),
}
REQUIRED = ("client", "number", "issued", "line_total")


def read(path: Path, options: Options) -> Iterator[Item]:
    invoices: dict[str, dict[str, Any]] = {}

    def line(row: Row) -> Item | None:
        number = row.require("number")
        amount = row.minor("line_total")
        if number in invoices:
            invoices[number]["amount"] += amount
            return None
        status = row.get("status").lower()
        if status == "draft":
            return Skipped(row.table.file, row.line, "draft invoice")
        invoices[number] = {
            "line": row.line, "client": row.require("client"), "issued": row.date("issued"),
            "due": row.date("due", required=False), "status": status or None,
            "paid_on": row.date("paid_on", required=False), "amount": amount,
            "currency": row.parse("currency", currency_code, required=False) or "",
        }
        return None

    yield from read_table(path, options, COLUMNS, REQUIRED, line,
                          date_columns=("issued", "due", "paid_on"),
                          amount_columns=("line_total",), slash_default="mm/dd/yyyy")
    for number, invoice in invoices.items():
        paid = invoice["status"] == "paid" and invoice["paid_on"] is not None
        yield InvoiceRecord(
            f"freshbooks:{number}", invoice["line"], ClientRef(name=invoice["client"]), number,
            invoice["issued"], invoice["due"], invoice["amount"], invoice["currency"],
            status=invoice["status"], paid_minor=invoice["amount"] if paid else None,
            paid_on=invoice["paid_on"] if paid else None)


register(Importer(
    name="freshbooks", kind="money", help="FreshBooks Invoice Details export (CSV)", read=read,
    sniff=header_sniffer("Client Name", "Invoice #", "Line Total"),
))
