"""Use case: import the exports people already have (`clientfit import SOURCE PATH...`).

One transaction per import: every file named is read, its records resolved to clients and staff
and written with stable keys, or — on the first bad row — nothing is written at all. A dry run
does the same work inside a transaction that is rolled back, and lists every problem found.
"""

from __future__ import annotations

import codecs
import hashlib
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import InputError
from clientfit.importers import merging
from clientfit.importers.base import Importer, Options, expand, get_importer, importers, read_head
from clientfit.importers.identity import client_domain, email_domain, normalise_tax_id
from clientfit.importers.records import (
    AccountRecord,
    ClientRef,
    InvoiceRecord,
    Item,
    MessageRecord,
    PaymentRecord,
    Problem,
    RateRecord,
    Record,
    Skipped,
    StaffRef,
    TimeRecord,
    stable_key,
)
from clientfit.importers.resolve import RecordKeys, Resolver
from clientfit.importers.values import date_format_named
from clientfit.store import Store, schema
from clientfit.store.loader import LoadCounts, upsert
from clientfit.store.schema_rates import exchange_rates

CHUNK = 1000
TABLES = ("clients", "staff", "invoices", "payments", "time_entries", "messages",
          "exchange_rates")


@dataclass
class ImportReport:
    source: str
    files: list[str]
    dry_run: bool
    rows_read: int = 0
    counts: dict[str, LoadCounts] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    new_clients: list[str] = field(default_factory=list)
    new_staff: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    def count(self, table: str) -> LoadCounts:
        return self.counts.setdefault(table, LoadCounts())


def plan(source: str, paths: Iterable[Path],
         unknown: list[Path] | None = None) -> list[tuple[Importer, Path]]:
    """Which importer reads which file; `auto` sniffs each file's kind from its content.

    With `auto`, a file named on the command line that no importer recognises is an error; one
    found inside a folder is left out and, when `unknown` is given, appended to it.
    """
    paths = list(paths)
    if source != "auto":
        importer = get_importer(source)
        files = expand(paths, importer.suffixes)
        if not files:
            raise InputError(", ".join(map(str, paths)), None, None,
                             f"no {'/'.join(importer.suffixes)} files to import")
        return [(importer, path) for path in files]
    every = importers()
    suffixes = tuple(sorted({s for i in every.values() for s in i.suffixes}))
    planned = []
    for named in paths:
        for path in expand([named], suffixes):
            found = sniff(path, every)
            if found is not None:
                planned.append((found, path))
            elif not named.is_dir():
                raise InputError(str(path), None, None, "cannot tell which export this is; "
                                 "name the source instead of auto")
            elif unknown is not None:
                unknown.append(path)
    return planned


def sniff(path: Path, every: dict[str, Importer] | None = None) -> Importer | None:
    head = read_head(path)
    for importer in (every or importers()).values():
        if path.suffix.lower() in importer.suffixes and importer.sniff(path, head):
            return importer
    return None


def import_paths(
    store: Store, source: str, paths: Iterable[Path], options: Options | None = None,
    *, dry_run: bool = False,
) -> ImportReport:
    """Import files of one source (or `auto`) in one transaction; a dry run writes nothing."""
    options = options or Options()
    _check_options(options)
    unknown: list[Path] = []
    planned = plan(source, paths, unknown)
    report = ImportReport(source, [str(p) for _, p in planned], dry_run)
    if unknown:
        report.skipped["file of no known export kind (in a folder)"] += len(unknown)
    context: AbstractContextManager[Connection] = (
        store.reading() if dry_run else store.transaction()
    )
    with context as connection:
        loader = _Loader(connection, source, options, report)
        for importer, path in planned:
            loader.source = importer.name
            for item in importer.read(path, options):
                loader.take(item)
        loader.finish()
        if not dry_run:
            _record_import(connection, report, [p for _, p in planned])
    return report


def _check_options(options: Options) -> None:
    if options.date_format:
        try:
            date_format_named(options.date_format)
        except ValueError as exc:
            raise InputError("--date-format", None, None, str(exc)) from None
    if options.encoding:
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise InputError("--encoding", None, None,
                             f"unknown encoding {options.encoding!r}") from None
    if options.our_tax_id:
        try:
            normalise_tax_id(options.our_tax_id)
        except ValueError as exc:
            raise InputError("--our-tax-id", None, None, str(exc)) from None


class _Loader:
    def __init__(self, connection: Connection, source: str, options: Options,
                 report: ImportReport) -> None:
        self.connection = connection
        self.source = source
        self.options = options
        self.report = report
        self.resolver = Resolver(connection, source, _dominant_currency(connection))
        self.invoice_keys = RecordKeys(connection, "invoices")
        self.buffer: list[Record] = []
        self.paid_invoices: set[str] = set()  # invoices with real payments in this import

    def take(self, item: Item) -> None:
        self.report.rows_read += 1
        if isinstance(item, Problem):
            if not self.report.dry_run:
                raise InputError(item.file, item.line, item.field, item.reason)
            self.report.problems.append(item)
        elif isinstance(item, Skipped):
            self.report.skipped[item.reason] += 1
        else:
            self.buffer.append(item)
            if len(self.buffer) >= CHUNK:
                self.flush()

    def finish(self) -> None:
        self.flush()
        self.report.new_clients = self.resolver.new_clients
        self.report.new_staff = self.resolver.new_staff
        currency = _dominant_currency(self.connection)
        self.connection.execute(sa.update(schema.staff).where(
            schema.staff.c.hourly_cost_minor == 0, schema.staff.c.currency != currency
        ).values(currency=currency))

    def flush(self) -> None:
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (*TABLES, "settlements")}
        invoices: dict[str, dict[str, Any]] = {}
        for record in self.buffer:
            self._rows(record, rows, invoices)
        self.buffer = []
        for table, added in self.resolver.flush().items():
            self.report.count(table).added += added
        if invoices:
            counts = self.report.count("invoices")
            counts += upsert(self.connection, schema.invoices, self._merge_invoices(invoices))
            self.invoice_keys.flush()
        rows["payments"] += self._settlements(rows)
        for name in ("payments", "time_entries", "messages"):
            if rows[name]:
                counts = self.report.count(name)
                counts += upsert(self.connection, getattr(schema, name), rows[name])
        if rows["exchange_rates"]:
            counts = self.report.count("exchange_rates")
            counts += upsert(self.connection, exchange_rates, rows["exchange_rates"])

    def _settlements(self, rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Summaries ("paid so far") yield to real payments of the same invoice.

        A real payment deletes the invoice's summary; a summary is dropped when the invoice has
        real payments, in this import or already stored. Either order gives the same store.
        """
        payments = schema.payments
        real = {row["invoice_id"] for row in rows["payments"]}
        if real:
            self.connection.execute(sa.delete(payments).where(payments.c.payment_id.in_(
                [stable_key("settled", invoice_id) for invoice_id in real])))
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
        return [row for row in kept if row["paid_on"] is not None]

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
            invoice_id = self._invoice(record, invoices)
            if record.paid_minor:
                rows["settlements"].append({
                    "payment_id": stable_key("settled", invoice_id), "invoice_id": invoice_id,
                    "paid_on": record.paid_on, "amount_minor": record.paid_minor,
                    "currency": record.currency})
        elif isinstance(record, PaymentRecord):
            invoice_id = self.invoice_keys.find([record.invoice_key])
            if invoice_id is None:
                invoice_id = self._invoice(InvoiceRecord(
                    record.invoice_key, record.line, record.client,
                    record.invoice_number or record.invoice_key.split(":", 1)[-1],
                    record.paid_on, record.paid_on, abs(record.amount_minor), record.currency,
                ), invoices)
            self.paid_invoices.add(invoice_id)
            rows["payments"].append({
                "payment_id": record.key, "invoice_id": invoice_id, "paid_on": record.paid_on,
                "amount_minor": record.amount_minor, "currency": record.currency})
        elif isinstance(record, MessageRecord):
            row = self._message(record)
            if row is not None:
                rows["messages"].append(row)
        elif isinstance(record, RateRecord):
            rows["exchange_rates"].append({
                "source": record.source, "currency": record.currency,
                "rate_date": record.rate_date, "base": record.base,
                "rate": _decimal_text(record.rate), "table_no": record.table_no})
        elif isinstance(record, AccountRecord):
            if not record.create_client and resolver.find_client(record.client) is None:
                self.report.skipped["no known client for this CRM record"] += 1
                return
            client_id = resolver.client(record.client)
            owner = resolver.staff_member(record.owner) if record.owner else None
            resolver.set_owner(client_id, owner, record.started_on)

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
            "currency": record.currency, "seller_tax_id": record.seller_tax_id,
            "buyer_tax_id": record.buyer_tax_id, "kind": record.kind, "status": record.status,
            "source": self.source,
            "doc_rate": _decimal_text(record.doc_rate) if record.doc_rate else None,
            "doc_rate_base": "PLN" if record.doc_rate else None,
        }
        earlier = invoices.get(invoice_id)
        invoices[invoice_id] = _merge(earlier, row) if earlier else row
        return invoice_id

    def _merge_invoices(self, invoices: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        table = schema.invoices
        stored = {
            r.invoice_id: dict(r._mapping) for r in self.connection.execute(
                sa.select(table).where(table.c.invoice_id.in_(list(invoices))))
        }
        merged = []
        for invoice_id, row in invoices.items():
            full = _merge(stored[invoice_id], row) if invoice_id in stored else dict(row)
            if full["due_date"] is None:
                full["due_date"] = full["issue_date"]
            merged.append(full)
        return merged

    def _message(self, record: MessageRecord) -> dict[str, Any] | None:
        resolver = self.resolver
        ours = self.options.our_domains | {
            d for a in resolver.our_addresses() if (d := client_domain(a))}
        our_addresses = resolver.our_addresses()

        def is_ours(address: str) -> bool:
            return address in our_addresses or (email_domain(address) or "") in ours

        direction = record.direction or ("out" if is_ours(record.sender) else "in")
        outside = [record.sender] if direction == "in" else [
            a for a in record.recipients if not is_ours(a)]
        inside = [a for a in ([record.sender] if direction == "out" else record.recipients)
                  if is_ours(a)]
        if record.client is not None and not record.client.is_empty():
            client_id: str | None = resolver.client(record.client)
        else:
            client_id = next((found for a in outside if (found := resolver.find_client(
                _mail_client(a))) is not None), None)
        if client_id is None:
            self.report.skipped["no known client among the correspondents"] += 1
            return None
        staff_ref = record.staff
        if staff_ref is None and direction == "out":
            staff_ref = StaffRef(name=record.sender_name, email=record.sender)
        elif staff_ref is None and inside:
            names = dict(zip(record.recipients, record.recipient_names, strict=False))
            staff_ref = StaffRef(name=names.get(inside[0]) or None, email=inside[0])
        staff_id = resolver.staff_member(staff_ref) if staff_ref else None
        return {
            "message_id": record.key, "client_id": client_id, "staff_id": staff_id,
            "direction": direction, "sent_at": record.sent_at, "channel": record.channel,
            "language": None, "subject": record.subject, "body": record.body,
            "thread_id": _short(record.thread_id), "in_reply_to": _short(record.in_reply_to),
        }


def _decimal_text(value: Decimal) -> str:
    """A rate as plain decimal text, exactly (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text[:32]


def _mail_client(address: str) -> ClientRef:
    domain = client_domain(address)
    return ClientRef(domain=domain) if domain else ClientRef(email=address)


def _short(value: str | None) -> str | None:
    if value is None or len(value) <= 128:
        return value
    return stable_key("id", value)


KEEP_STORED = ("client_id", "source")


def _merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """One invoice known from two sources: what each knows, the first source's client kept."""
    merged = dict(stored)
    for name, value in incoming.items():
        if value is not None and not (name in KEEP_STORED and stored.get(name)):
            merged[name] = value
    return merged


def _dominant_currency(connection: Connection) -> str:
    for table in (schema.invoices, schema.clients, schema.staff):
        found = connection.execute(
            sa.select(table.c.currency).group_by(table.c.currency)
            .order_by(sa.func.count().desc(), table.c.currency).limit(1)
        ).scalar()
        if found:
            return str(found)
    return "EUR"


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):  # noqa: B023
                digest.update(block)
    return digest.hexdigest()


def _record_import(connection: Connection, report: ImportReport, paths: list[Path]) -> None:
    connection.execute(sa.insert(schema.imports).values(
        source=report.source[:32],
        path="\n".join(str(p.resolve()) for p in paths),
        fingerprint=_fingerprint(paths),
        imported_at=datetime.now(UTC).replace(tzinfo=None),
        rows_read=report.rows_read,
        added=report.added,
        updated=report.updated,
        unchanged=sum(c.unchanged for c in report.counts.values()),
    ))


def merge_suggestions(store: Store) -> list[merging.Suggestion]:
    """Clients that look like one, with the evidence; a person decides (merge or split)."""
    with store.reading() as connection:
        return merging.merge_suggestions(connection)


def merge_clients(store: Store, keep: str, other: str, reason: str, actor: str) -> int:
    """Move `other`'s records to `keep` and remember it for later imports; rows moved."""
    with store.transaction() as connection:
        return merging.merge(connection, keep, other, reason, actor)


def split_clients(store: Store, a: str, b: str, reason: str, actor: str) -> None:
    with store.transaction() as connection:
        merging.split(connection, a, b, reason, actor)
