"""Payments of one import against invoices: "paid so far" summaries that yield to real
payments, and payments that name only an invoice number, matched at the end of the import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import InputError
from clientfit.importers.import_report import ImportReport
from clientfit.importers.records import PaymentRecord, Problem, stable_key
from clientfit.store import schema
from clientfit.store.loader import upsert


class Settlements:
    def __init__(self, connection: Connection, report: ImportReport) -> None:
        self.connection = connection
        self.report = report
        self.summaries_added: set[str] = set()  # settlement payments this import added
        self.paid_invoices: set[str] = set()  # invoices with real payments in this import

    def kept(self, rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Summaries ("paid so far") yield to real payments of the same invoice.

        A real payment deletes the invoice's summary; a summary is dropped when the invoice has
        real payments, in this import or already stored. Either order gives the same store, and
        a summary this import added and a later chunk's real payment deleted counts as
        unchanged, not added (the first import of a seed said 791 payments added, 699 stored).
        """
        payments = schema.payments
        real = {row["invoice_id"] for row in rows["payments"]}
        if real:
            summaries = [stable_key("settled", invoice_id) for invoice_id in real]
            self.connection.execute(sa.delete(payments).where(
                payments.c.payment_id.in_(summaries)))
            superseded = self.summaries_added.intersection(summaries)
            if superseded:
                self.summaries_added -= superseded
                counts = self.report.count("payments")
                counts.added -= len(superseded)
                counts.unchanged += len(superseded)
        candidates = [row for row in rows["settlements"]
                      if row["invoice_id"] not in self.paid_invoices]
        if not candidates:
            return []
        stored = set(self.connection.execute(
            sa.select(payments.c.invoice_id).distinct().where(
                payments.c.invoice_id.in_([row["invoice_id"] for row in candidates]),
                payments.c.payment_id.not_like("settled:%"))).scalars())
        kept = [row for row in candidates if row["invoice_id"] not in stored]
        undated = sum(row["paid_on"] is None for row in kept)
        if undated:
            self.report.skipped["paid amount without a payment date"] += undated
        kept = [row for row in kept if row["paid_on"] is not None]
        if kept:
            ids = [row["payment_id"] for row in kept]
            self.summaries_added.update(set(ids) - set(self.connection.execute(
                sa.select(payments.c.payment_id).where(payments.c.payment_id.in_(ids)))
                .scalars()))
        return kept

    def by_number(self, found_later: list[tuple[str, PaymentRecord]]) -> None:
        """Payments naming only an invoice number, as (file, payment): the stored invoice with
        that number (case and spaces aside); none, or several of different clients, is an error
        naming the line."""
        invoices = schema.invoices
        wanted = {_number_key(p.invoice_number or "") for _, p in found_later}
        found: dict[str, list[tuple[str, str, str]]] = {}
        folded = sa.func.upper(sa.func.replace(invoices.c.number, " ", ""))
        for chunk in _chunks(sorted(wanted), 500):
            for invoice_id, number, client_id, currency in self.connection.execute(sa.select(
                    invoices.c.invoice_id, invoices.c.number, invoices.c.client_id,
                    invoices.c.currency).where(folded.in_(chunk))):
                found.setdefault(_number_key(number), []).append(
                    (invoice_id, client_id, currency))
        rows = []
        for path, payment in found_later:
            matches = found.get(_number_key(payment.invoice_number or ""), [])
            if len({client for _, client, _ in matches}) != 1:
                reason = (f"no invoice numbered {payment.invoice_number!r} is stored: import "
                          "the invoices first (or in the same run)") if not matches else (
                    f"invoice number {payment.invoice_number!r} belongs to "
                    f"{len({c for _, c, _ in matches})} clients: add a client column")
                problem = Problem(path, payment.line, "invoice_number", reason)
                if not self.report.dry_run:
                    raise InputError(problem.file, problem.line, problem.field, problem.reason)
                self.report.problems.append(problem)
                continue
            invoice_id, _client, currency = sorted(matches)[0]
            self.paid_invoices.add(invoice_id)
            rows.append({"payment_id": payment.key, "invoice_id": invoice_id,
                         "paid_on": payment.paid_on, "amount_minor": payment.amount_minor,
                         "currency": payment.currency or currency})
        if rows:
            self.kept({"payments": rows, "settlements": []})
            counts = self.report.count("payments")
            counts += upsert(self.connection, schema.payments, rows)


def _number_key(number: str) -> str:
    return "".join(number.split()).upper()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
