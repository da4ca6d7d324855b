"""FreshBooks Invoice Details CSV (FORMATS.md ◐): one row per line item, statuses lower case.

An invoice's amount is the sum of its `Line Total`s (tax included: payments settle it), its net
amount the sum of `Line Total` less `Tax 1 Amount` and `Tax 2 Amount` (else of `Line Subtotal`,
when the export has no tax columns); rows are gathered per invoice number
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
    "line_subtotal": ("Line Subtotal",), "tax_1": ("Tax 1 Amount",), "tax_2": ("Tax 2 Amount",),
}
REQUIRED = ("client", "number", "issued", "line_total")


def read(path: Path, options: Options) -> Iterator[Item]:
    invoices: dict[str, dict[str, Any]] = {}

    def line(row: Row) -> Item | None:
        number = row.require("number")
        amount = row.minor("line_total")
        net = _line_net(row, amount)
        if number in invoices:
            invoices[number]["amount"] += amount
            invoices[number]["net"] = None if net is None or invoices[number]["net"] is None \
                else invoices[number]["net"] + net
            return None
        status = row.get("status").lower()
        if status == "draft":
            return Skipped(row.table.file, row.line, "draft invoice")
        invoices[number] = {
            "line": row.line, "client": row.require("client"), "issued": row.date("issued"),
            "due": row.date("due", required=False), "status": status or None,
            "paid_on": row.date("paid_on", required=False), "amount": amount, "net": net,
            "currency": row.parse("currency", currency_code, required=False) or "",
        }
        return None

    yield from read_table(path, options, COLUMNS, REQUIRED, line,
                          date_columns=("issued", "due", "paid_on"),
                          amount_columns=("line_total", "line_subtotal", "tax_1", "tax_2"),
                          slash_default="mm/dd/yyyy")
    for number, invoice in invoices.items():
        paid = invoice["status"] == "paid" and invoice["paid_on"] is not None
        yield InvoiceRecord(
            f"freshbooks:{number}", invoice["line"], ClientRef(name=invoice["client"]), number,
            invoice["issued"], invoice["due"], invoice["amount"], invoice["currency"],
            status=invoice["status"], paid_minor=invoice["amount"] if paid else None,
            paid_on=invoice["paid_on"] if paid else None, net_minor=invoice["net"])


def _line_net(row: Row, total: int) -> int | None:
    """The line's amount before tax: its total less its taxes, else its subtotal, else unknown
    (an export without tax or subtotal columns)."""
    if row.has("tax_1") or row.has("tax_2"):
        taxes = [row.minor(name, required=False) for name in ("tax_1", "tax_2")]
        return total - sum(tax or 0 for tax in taxes)
    if row.has("line_subtotal"):
        return row.minor("line_subtotal")
    return None


register(Importer(
    name="freshbooks", kind="money", help="FreshBooks Invoice Details export (CSV)", read=read,
    sniff=header_sniffer("Client Name", "Invoice #", "Line Total"),
))
