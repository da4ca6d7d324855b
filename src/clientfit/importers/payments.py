"""Payments that name only the invoice they settle: a bank or accounting payments CSV with
`invoice_number`, `paid_on` and `amount` columns (and optionally `currency`, `id`), read with no
mapping. The invoice number finds a stored invoice (or one in the same import), and so the
client; a number no invoice has is an error naming the line. Columns are matched by name
(`Invoice number`, `invoice_number`, `Numer faktury`, ...); a file is recognised by `import auto`
only when all three are there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register
from clientfit.importers.generic import payment_by_number
from clientfit.importers.records import Item, stable_key
from clientfit.importers.tables import Row

COLUMNS = {
    "id": ("id", "payment_id", "Payment ID", "Transaction ID"),
    "invoice_number": ("invoice_number", "Invoice number", "Invoice No", "Numer faktury"),
    "paid_on": ("paid_on", "Paid on", "Payment date", "Data zapłaty", "Data płatności"),
    "amount": ("amount", "Amount", "Kwota"),
    "currency": ("currency", "Currency", "Waluta"),
}
REQUIRED = ("invoice_number", "paid_on", "amount")


def read(path: Path, options: Options) -> Iterator[Item]:
    seen: Counter[str] = Counter()

    def make(row: Row) -> Item:
        number = row.require("invoice_number")
        content = stable_key("payments", *row.cells)
        seen[content] += 1  # two equal instalments on one day are two payments
        key = f"payments:{row.get('id')}"[:64] if row.get("id") else stable_key(
            "payments", content, seen[content])
        return payment_by_number(key, row, number, row.date("paid_on"), row.minor("amount"),
                                 None)

    return read_table(path, options, COLUMNS, REQUIRED, make, date_columns=("paid_on",),
                      amount_columns=("amount",))


register(Importer(
    name="payments", kind="money",
    help="payments by invoice number (CSV: invoice_number, paid_on, amount[, currency])",
    read=read, sniff=header_sniffer("invoice_number", "paid_on", "amount"),
    suffixes=(".csv", ".xlsx")))
