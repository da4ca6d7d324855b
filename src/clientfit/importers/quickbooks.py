"""QuickBooks Online A/R Aging Detail, Open Invoices and Invoice List reports, as CSV
(FORMATS.md ◐).

Reports, not tables: company, title and period lines come first, the header row has an empty
first cell, group rows (an aging bucket or a customer) precede their lines and `Total for …` /
`TOTAL` rows and an "Accrual Basis …" footer follow. Lines whose date cell is empty are layout:
a group row naming a customer sets the customer for the lines below it (Open Invoices, grouped
by customer); totals and footers are passed over. US dates (MM/DD/YYYY) and "1,000.00" amounts.
The report says what is open, not when money came in: it records invoices and their status,
no payments. Neither report has a tax column by default, so an invoice's net amount is its
`Amount` (net = gross). The Invoice List (a transaction report with the same layout and an
`Open balance`) can be customised with QuickBooks' `Tax Amount` column (◐, docs/importers.md);
its net is then `Amount` less `Tax Amount`. `Taxable Amount` (the same reports' `net_amount`
column) is deliberately not read: it is the part of the invoice the tax was charged on, less
than the net when some lines are not taxable. `Net Amount` is still accepted (✘: not seen).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.records import ClientRef, InvoiceRecord, Item
from clientfit.importers.tables import Row

COLUMNS = {
    "date": ("Date",), "type": ("Transaction type", "Type"), "num": ("Num", "No."),
    "customer": ("Customer full name", "Customer", "Name"), "due": ("Due date",),
    "amount": ("Amount",), "open": ("Open balance",), "currency": ("Currency",),
    "net": ("Net Amount", "Net amount"), "tax": ("Tax Amount", "Tax amount"),
}
REQUIRED = ("date", "type", "num", "amount")
BUCKET = re.compile(r"^(current|\d+\s*-\s*\d+ days|\d+ or more days|.*past due)", re.IGNORECASE)


def read(path: Path, options: Options) -> Iterator[Item]:
    group: dict[str, str | None] = {"customer": None}

    def line(row: Row) -> Item | None:
        first = row.cells[0].strip() if row.cells else ""
        if not row.get("date"):
            if first and not first.lower().startswith("total") and not BUCKET.match(first) \
                    and not any(cell.strip() for cell in row.cells[1:]):
                group["customer"] = first
            return None
        kind = row.get("type").lower()
        if kind not in ("invoice", "credit memo"):
            return skip(row, f"QuickBooks {row.get('type') or 'line'} (not an invoice)")
        customer = row.get("customer") or group["customer"]
        if not customer:
            return skip(row, "line without a customer")
        amount = row.minor("amount")
        net = amount - (row.minor("tax", required=False) or 0) if row.has("tax") else (
            row.minor("net") if row.has("net") else None)
        open_balance = row.minor("open", required=False)
        credit = kind == "credit memo"
        status = None
        if open_balance is not None and not credit:
            status = "paid" if open_balance == 0 else (
                "open" if open_balance == amount else "partial")
        currency = (row.get("currency") or "").upper()  # "": the home currency
        number = row.require("num")
        return InvoiceRecord(
            f"quickbooks:{'cm' if credit else 'inv'}:{number}", row.line,
            ClientRef(name=customer), number, row.date("date"), row.date("due", required=False),
            -abs(amount) if credit else amount, currency,
            kind="credit_note" if credit else "invoice", status=status,
            net_minor=None if net is None else (-abs(net) if credit else net))

    return read_table(path, options, COLUMNS, REQUIRED, line, date_columns=("date", "due"),
                      amount_columns=("amount", "open", "net", "tax"), slash_default="mm/dd/yyyy")


register(Importer(
    name="quickbooks", kind="money",
    help="QuickBooks Online A/R Aging Detail or Open Invoices report (CSV, USD)", read=read,
    sniff=header_sniffer("Date", "Transaction type", "Num", "Open balance"),
))
