"""Xero invoice export CSV (FORMATS.md ✔): one row per line item, invoice fields repeated.

The first row of each invoice number stands for the invoice (its `Total` is the invoice's, tax
included; `Total` less `TaxTotal` is its net amount);
later rows of the same number are its other line items. Sales credit notes become negative
credit notes; bills (purchases), overpayments, drafts and voided documents are skipped. NZ/AU
dates are DD/MM/YYYY, so that is the tie-breaker when every date fits both orders. The export
has no payment dates: invoices carry their status, payments come from a payments export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.identity import client_domain, email_address
from clientfit.importers.records import ClientRef, InvoiceRecord, Item
from clientfit.importers.tables import Row
from clientfit.importers.values import currency_code

COLUMNS = {
    "contact": ("ContactName", "*ContactName"), "email": ("EmailAddress",),
    "number": ("InvoiceNumber", "*InvoiceNumber"), "date": ("InvoiceDate", "*InvoiceDate"),
    "due": ("DueDate", "*DueDate"), "total": ("Total",), "tax_total": ("TaxTotal",),
    "paid": ("InvoiceAmountPaid",),
    "due_amount": ("InvoiceAmountDue",), "currency": ("Currency",), "type": ("Type",),
    "status": ("Status",), "country": ("POCountry",),
}
REQUIRED = ("contact", "number", "date", "total")
SKIP_STATUS = {"draft", "voided", "deleted"}


def read(path: Path, options: Options) -> Iterator[Item]:
    seen: set[str] = set()

    def line(row: Row) -> Item | None:
        number = row.require("number")
        kind = row.get("type").lower() or "sales invoice"
        if number in seen:
            return None
        seen.add(number)
        if kind not in ("sales invoice", "sales credit note"):
            return skip(row, f"Xero {row.get('type')}")
        status = row.get("status").lower()
        if status in SKIP_STATUS:
            return skip(row, f"{status} invoice")
        address = email_address(row.get("email")) if row.get("email") else None
        domain = client_domain(address) if address else None
        client = ClientRef(name=row.require("contact"), domain=domain,
                           email=address if address and not domain else None)
        total = row.minor("total")
        net = total - (row.minor("tax_total", required=False) or 0) \
            if row.has("tax_total") else None  # no TaxTotal column: net = gross (loader)
        credit = kind == "sales credit note"
        return InvoiceRecord(
            f"xero:{'cn' if credit else 'inv'}:{number}", row.line, client, number,
            row.date("date"), row.date("due", required=False), -abs(total) if credit else total,
            row.parse("currency", currency_code, required=False) or "",
            kind="credit_note" if credit else "invoice", status=status or None,
            net_minor=None if net is None else (-abs(net) if credit else net))

    return read_table(path, options, COLUMNS, REQUIRED, line, date_columns=("date", "due"),
                      amount_columns=("total", "tax_total", "paid"), slash_default="dd/mm/yyyy")


register(Importer(
    name="xero", kind="money", help="Xero invoice export (CSV, one row per line item)",
    read=read, sniff=header_sniffer("ContactName", "InvoiceNumber", "InvoiceAmountPaid"),
))
