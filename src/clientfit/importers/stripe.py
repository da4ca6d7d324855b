"""Stripe payments (classic ✔, unified and snake_case variants) and Stripe invoices (◐) CSV.

Payments: test-mode, failed and uncaptured charges are skipped with their reason; a refund is a
negative payment on the charge's date (the export does not carry the refund's own date). The
invoice export's "Amount Paid" is a summary that the charges replace (importing.py), so importing
both files counts the money once, in either order. A charge without an invoice is a sale paid at
once: it gets a stand-in invoice of its own (net = gross: the payments export's `Tax` is the tax on
Stripe's fee, not sales tax). An invoice's net amount is its `Total` less its `Tax`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.identity import client_domain, email_address
from clientfit.importers.records import ClientRef, InvoiceRecord, Item, PaymentRecord
from clientfit.importers.tables import Row
from clientfit.importers.values import currency_code

PAYMENT_COLUMNS = {
    "id": ("id",), "description": ("Description",),
    "created": ("Created (UTC)", "Created date (UTC)", "created"),
    "amount": ("Amount",), "refunded": ("Amount Refunded",), "currency": ("Currency",),
    "mode": ("Mode",), "status": ("Status",), "captured": ("Captured",),
    "customer_id": ("Customer ID",), "customer_name": ("Customer Description", "Customer Name"),
    "customer_email": ("Customer Email",), "invoice_id": ("Invoice ID",),
    "invoice_number": ("Invoice Number",),
}
PAYMENT_REQUIRED = ("id", "created", "amount", "currency")
PAID = {"paid", "succeeded", "refunded", "partially refunded", "partially_refunded"}


def customer(row: Row, name: str, email: str, customer_id: str) -> ClientRef:
    address = email_address(row.get(email)) if row.get(email) else None
    domain = client_domain(address) if address else None
    return ClientRef(
        name=row.get(name) or None, domain=domain,
        email=address if address and not domain else None,
        external=(("stripe", row.get(customer_id)),) if row.get(customer_id) else (),
    )


def _payment(row: Row) -> Item | list[Item]:
    if row.get("mode").lower() == "test":
        return skip(row, "test-mode payment")
    status = row.get("status").lower()
    if status and status not in PAID:
        return skip(row, f"payment status {row.get('status')}")
    if row.get("captured").lower() == "false":
        return skip(row, "uncaptured payment")
    client = customer(row, "customer_name", "customer_email", "customer_id")
    if client.is_empty():
        return skip(row, "payment without a customer")
    charge = row.require("id")
    paid_at = row.datetime("created")
    currency = row.parse("currency", currency_code)
    amount = row.minor("amount")
    invoice = row.get("invoice_id")
    invoice_key = f"stripe:{invoice or charge}"
    number = row.get("invoice_number") or (None if invoice else charge)
    items: list[Item] = [PaymentRecord(
        f"stripe:{charge}", row.line, client, invoice_key, paid_at.date(), amount, currency,
        invoice_number=number,
    )]
    refunded = row.minor("refunded", required=False)
    if refunded:
        items.append(PaymentRecord(f"stripe:{charge}:refund", row.line, client, invoice_key,
                                   paid_at.date(), -refunded, currency, invoice_number=number))
    return items


def read_payments(path: Path, options: Options) -> Iterator[Item]:
    return read_table(path, options, PAYMENT_COLUMNS, PAYMENT_REQUIRED, _payment,
                      date_columns=("created",), amount_columns=("amount", "refunded"))


INVOICE_COLUMNS = {
    "id": ("id",), "number": ("Number",), "customer_id": ("Customer",),
    "customer_name": ("Customer Name",), "customer_email": ("Customer Email",),
    "status": ("Status",), "currency": ("Currency",), "total": ("Total",), "tax": ("Tax",),
    "amount_due": ("Amount Due",), "amount_paid": ("Amount Paid",),
    "date": ("Date (UTC)", "Created (UTC)", "date"), "due": ("Due Date (UTC)", "due_date"),
    "paid_at": ("Paid At (UTC)", "paid_at"),
}
INVOICE_REQUIRED = ("id", "currency", "date", "amount_due")
NOT_INVOICED = {"draft", "void", "deleted"}


def _invoice(row: Row) -> Item:
    status = row.get("status").lower()
    if status in NOT_INVOICED:
        return skip(row, f"{status} invoice")
    client = customer(row, "customer_name", "customer_email", "customer_id")
    if client.is_empty():
        return skip(row, "invoice without a customer")
    invoice_id = row.require("id")
    issued = row.datetime("date").date()
    due = row.datetime("due", required=False)
    total = row.minor("total", required=False)
    amount = total if total is not None else row.minor("amount_due")
    tax = row.minor("tax", required=False)  # sales tax; absent or empty: none charged
    paid = row.minor("amount_paid", required=False)
    paid_at = row.datetime("paid_at", required=False)
    return InvoiceRecord(
        f"stripe:{invoice_id}", row.line, client, row.get("number") or invoice_id, issued,
        due.date() if due else None, amount, row.parse("currency", currency_code),
        status=status or None, paid_minor=paid or None,
        paid_on=paid_at.date() if paid_at else None,
        net_minor=amount - tax if tax is not None else (amount if row.has("tax") else None),
    )


def read_invoices(path: Path, options: Options) -> Iterator[Item]:
    return read_table(path, options, INVOICE_COLUMNS, INVOICE_REQUIRED, _invoice,
                      date_columns=("date", "due", "paid_at"),
                      amount_columns=("total", "tax", "amount_due", "amount_paid"))


register(Importer(
    name="stripe-payments", kind="money", help="Stripe payments export (any column set)",
    read=read_payments, sniff=header_sniffer("id", "Amount Refunded", "Currency"),
))
register(Importer(
    name="stripe-invoices", kind="money", help="Stripe invoices export", read=read_invoices,
    sniff=header_sniffer("id", "Amount Due", "Amount Paid"),
))
