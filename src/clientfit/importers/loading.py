"""Records to store rows, for one import run (the use case is `clientfit.importing`).

`Loader` takes the records importers yield, resolves their clients and staff, and writes them
in chunks with stable keys. What must wait for the end of the run has a module of its own:
invoices read from several documents (invoice_rows.py), payments found by invoice number and
"paid so far" summaries (settlements.py), mail until our domain is known (mail_rows.py); the
run's counts are an `ImportReport` (import_report.py). When the run ends each client's currency
is fixed from its own invoices.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Connection

from clientfit.errors import InputError
from clientfit.importers import merging
from clientfit.importers.currencies import (
    UNKNOWN_CURRENCY,
    decimal_text,
    dominant_currency,
    own_currencies,
)
from clientfit.importers.import_report import SKIPPED_MAIL, ImportReport, mail_notes
from clientfit.importers.invoice_rows import InvoiceRows, merge
from clientfit.importers.joining import join_name_only_clients
from clientfit.importers.limits import OncePerFile, OutOfDomain, check_record, check_row, table_of
from clientfit.importers.mail_rows import MailRows
from clientfit.importers.message_copies import MessageCopies
from clientfit.importers.options import Options
from clientfit.importers.records import (
    AccountRecord,
    InvoiceRecord,
    Item,
    MessageRecord,
    PaymentRecord,
    Problem,
    RateRecord,
    Record,
    Skipped,
    TimeRecord,
    stable_key,
)
from clientfit.importers.resolve import RecordKeys, Resolver
from clientfit.importers.settlements import Settlements
from clientfit.store import schema
from clientfit.store.loader import upsert
from clientfit.store.schema_rates import exchange_rates

__all__ = ["CHUNK", "SKIPPED_MAIL", "TABLES", "ImportReport", "Loader", "mail_notes"]

CHUNK = 1000
TABLES = ("clients", "staff", "invoices", "payments", "time_entries", "messages",
          "exchange_rates")


class Loader:
    def __init__(self, connection: Connection, source: str, options: Options,
                 report: ImportReport) -> None:
        self.connection = connection
        self.source = source
        self.options = options
        self.report = report
        self.home_currency = (options.currency or "").upper() or dominant_currency(connection)
        self.resolver = Resolver(connection, source, self.home_currency or UNKNOWN_CURRENCY)
        self.path = ""
        self.invoice_keys = RecordKeys(connection, "invoices")
        self.invoice_copies = 0  # records of an invoice already read in this flush
        self.invoices = InvoiceRows(connection)
        self.settlements = Settlements(connection, report)
        self.buffer: list[Record] = []
        self.by_number: list[tuple[str, PaymentRecord]] = []  # (file, payment) found at the end
        self.mail = MailRows(self.resolver, options, report)
        self.messages = MessageCopies(connection)  # one message in several mailboxes
        self.buffer_paths: list[str] = []  # the file each buffered record came from
        # and its importer: a chunk is written while a later file is read (auto), and an
        # invoice's `source` is the file's it came from, not the one being read at the flush
        self.buffer_sources: list[str] = []
        self.record_source, self.record_path = source, ""
        self.last_line: int | None = None
        self.once = OncePerFile()

    def start_file(self, source: str, path: str) -> None:
        """The next items come from `path`, read by importer `source`."""
        self.source, self.path, self.last_line = source, path, None

    def take(self, item: Item) -> None:
        self.report.rows_read += 1
        if not isinstance(item, Problem | Skipped):  # domains first: limits.py, issue 17
            self.last_line = item.line
            try:
                check_record(item)
                self.once.check(self.path, item)
            except OutOfDomain as exc:
                item = Problem(self.path, item.line, exc.field, exc.reason)
        if isinstance(item, Problem):
            if not self.report.dry_run:
                raise InputError(item.file, item.line, item.field, item.reason)
            self.report.problems.append(item)
        elif isinstance(item, Skipped):
            self.report.skipped[item.reason] += 1
        else:
            self.buffer.append(item)
            self.buffer_paths.append(self.path)
            self.buffer_sources.append(self.source)
            if len(self.buffer) >= CHUNK:
                self.flush()

    def _check(self, name: str, row: dict[str, Any], path: str, line: int | None) -> None:
        """A row fits the store's columns (lengths, integer widths), or the import fails."""
        table = table_of(name)
        try:
            if table is not None:
                check_row(table, row)
        except OutOfDomain as exc:
            raise InputError(path, line, exc.field, exc.reason) from None

    def finish(self) -> None:
        self.flush()
        if self.mail.waiting:
            released = self.mail.release()
            for table, added in self.resolver.flush().items():
                self.report.count(table).added += added
            counts = self.report.count("messages")
            counts += self.messages.write(released)
        if self.by_number:
            self.settlements.by_number(self.by_number)
            self.by_number = []
        self.report.new_clients = self.resolver.new_clients
        self.report.new_staff = self.resolver.new_staff
        self.report.joined = join_name_only_clients(self.connection)
        own_currencies(self.connection)
        if self.resolver.new_client_ids:  # look-alikes of the clients this import created
            new = set(self.resolver.new_client_ids)
            self.report.merge_suggestions = [
                s for s in merging.merge_suggestions(self.connection)
                if s.client_a in new or s.client_b in new]

    def flush(self) -> None:
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (*TABLES, "settlements")}
        invoices: dict[str, dict[str, Any]] = {}
        for path, source, record in zip(self.buffer_paths, self.buffer_sources, self.buffer,
                                        strict=True):
            self.record_source, self.record_path = source, path
            sizes = {name: len(found) for name, found in rows.items()}
            try:  # a client or staff member the record names that the store cannot hold
                self._rows(record, rows, invoices)
            except OutOfDomain as exc:
                raise InputError(path, record.line, exc.field, exc.reason) from None
            for name, size in sizes.items():
                for row in rows[name][size:]:
                    self._check(name, row, path, record.line)
        self.buffer, self.buffer_paths, self.buffer_sources = [], [], []
        try:
            flushed = self.resolver.flush()
        except OutOfDomain as exc:
            raise InputError(self.path, None, exc.field, exc.reason) from None
        for table, added in flushed.items():
            self.report.count(table).added += added
        if invoices:
            counts = self.report.count("invoices")
            counts += self.invoices.write(invoices, self.invoice_copies)
            self.invoice_copies = 0
            self.invoice_keys.flush()
        rows["payments"] += self.settlements.kept(rows)
        for name in ("payments", "time_entries"):
            if rows[name]:
                counts = self.report.count(name)
                counts += upsert(self.connection, getattr(schema, name), rows[name])
        if rows["messages"]:
            counts = self.report.count("messages")
            counts += self.messages.write(rows["messages"])
        if rows["exchange_rates"]:
            counts = self.report.count("exchange_rates")
            counts += upsert(self.connection, exchange_rates, rows["exchange_rates"])

    def _rows(self, record: Record, rows: dict[str, list[dict[str, Any]]],
              invoices: dict[str, dict[str, Any]]) -> None:
        resolver = self.resolver
        if isinstance(record, TimeRecord):
            rows["time_entries"].append({
                "entry_id": record.key, "client_id": resolver.client(record.client),
                "staff_id": resolver.staff_member(record.staff), "work_date": record.work_date,
                "minutes": record.minutes, "billable": record.billable,
                "description": record.description,
            })
        elif isinstance(record, InvoiceRecord):
            record = replace(record, currency=self._currency(record.currency, record.line))
            invoice_id = self._invoice(record, invoices)
            if record.paid_minor:
                rows["settlements"].append({
                    "payment_id": stable_key("settled", invoice_id), "invoice_id": invoice_id,
                    "paid_on": record.paid_on, "amount_minor": record.paid_minor,
                    "currency": record.currency})
        elif isinstance(record, PaymentRecord) and record.by_number:
            self.by_number.append((self.record_path, record))  # after every invoice of this import
        elif isinstance(record, PaymentRecord):
            record = replace(record, currency=self._currency(record.currency, record.line))
            found = self.invoice_keys.find([record.invoice_key])
            invoice_id = found if found is not None else self._invoice(InvoiceRecord(
                record.invoice_key, record.line, record.client,
                record.invoice_number or record.invoice_key.split(":", 1)[-1],
                record.paid_on, record.paid_on, abs(record.amount_minor), record.currency,
            ), invoices)
            self.settlements.paid_invoices.add(invoice_id)
            rows["payments"].append({
                "payment_id": record.key, "invoice_id": invoice_id, "paid_on": record.paid_on,
                "amount_minor": record.amount_minor, "currency": record.currency})
        elif isinstance(record, MessageRecord):
            rows["messages"] += self.mail.rows(record, self.record_path)
        elif isinstance(record, RateRecord):
            rows["exchange_rates"].append({
                "source": record.source, "currency": record.currency,
                "rate_date": record.rate_date, "base": record.base,
                "rate": decimal_text(record.rate), "table_no": record.table_no})
        elif isinstance(record, AccountRecord):
            if not record.create_client and resolver.find_client(record.client) is None:
                self.report.skipped["no known client for this CRM record"] += 1
                return
            client_id = resolver.client(record.client)
            owner = resolver.staff_member(record.owner) if record.owner else None
            resolver.set_owner(client_id, owner, record.started_on)

    def _currency(self, given: str, line: int | None) -> str:
        """The record's currency; a file that names none is in the home currency."""
        if given:
            return given
        if self.home_currency:
            return self.home_currency
        raise InputError(self.record_path, line, "currency",
                         "the file names no currency and the store holds no invoices to take "
                         "one from: give it with --currency CODE")

    def _invoice(self, record: InvoiceRecord, invoices: dict[str, dict[str, Any]]) -> str:
        keys = [record.key, *record.aliases]
        invoice_id = self.invoice_keys.find(keys) or (
            record.key if len(record.key) <= 64 else stable_key("invoice", record.key))
        self.invoice_keys.remember(keys, invoice_id)
        row = {
            "invoice_id": invoice_id,
            "client_id": self.resolver.client(record.client, record.currency),
            "number": record.number[:64], "issue_date": record.issue_date,
            "due_date": record.due_date, "amount_minor": record.amount_minor,
            "net_minor": record.net_minor,
            "currency": record.currency, "seller_tax_id": record.seller_tax_id,
            "buyer_tax_id": record.buyer_tax_id, "kind": record.kind, "status": record.status,
            "source": self.record_source,
            "doc_rate": decimal_text(record.doc_rate) if record.doc_rate else None,
            "doc_rate_base": "PLN" if record.doc_rate else None,
        }
        self._check("invoices", row, self.record_path, record.line)
        earlier = invoices.get(invoice_id)
        self.invoice_copies += earlier is not None
        invoices[invoice_id] = merge(earlier, row) if earlier else row
        return invoice_id
