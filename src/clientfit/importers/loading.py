"""Records to store rows, for one import run (the use case is `clientfit.importing`).

`Loader` takes the records importers yield, resolves their clients and staff, and writes them
in chunks with stable keys; it holds what must wait for the end of the run (payments found by
invoice number, mail until our domain is known) and fixes each client's currency from its own
invoices when the run ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import InputError
from clientfit.importers import merging, our_domains
from clientfit.importers.currencies import (
    UNKNOWN_CURRENCY,
    decimal_text,
    dominant_currency,
    own_currencies,
)
from clientfit.importers.identity import client_domain, email_domain
from clientfit.importers.joining import Join, join_name_only_clients
from clientfit.importers.limits import OncePerFile, OutOfDomain, check_record, check_row, table_of
from clientfit.importers.message_copies import MessageCopies
from clientfit.importers.options import Options
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
from clientfit.store import schema
from clientfit.store.loader import LoadCounts, upsert
from clientfit.store.schema_rates import exchange_rates

CHUNK = 1000
SKIPPED_MAIL = "no known client among the correspondents"
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
    our_domains: dict[str, str] = field(default_factory=dict)  # domain -> how it was found
    messages_seen: int = 0  # mail messages read (tickets included)
    skipped_domains: Counter[str] = field(default_factory=Counter)  # correspondents not attached
    merge_suggestions: list[merging.Suggestion] = field(default_factory=list)  # new look-alikes
    joined: list[Join] = field(default_factory=list)  # name-only clients joined (joining.py)

    @property
    def messages_skipped(self) -> int:
        return self.skipped[SKIPPED_MAIL]

    @property
    def added(self) -> int:
        return sum(c.added for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    def count(self, table: str) -> LoadCounts:
        return self.counts.setdefault(table, LoadCounts())


def mail_notes(report: ImportReport, command: str) -> list[str]:
    return our_domains.notes(report.our_domains, report.messages_seen, report.messages_skipped,
                             report.skipped_domains, SKIPPED_MAIL, command)


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
        # invoice id -> (its stored row before this import, as a digest, or None; how it was
        # counted): a copy in a later chunk changes the count, never adds one (see flush)
        self.invoices_seen: dict[str, tuple[int | None, str]] = {}
        self.summaries_added: set[str] = set()  # settlement payments this import added
        self.buffer: list[Record] = []
        self.paid_invoices: set[str] = set()  # invoices with real payments in this import
        self.by_number: list[tuple[str, PaymentRecord]] = []  # (file, payment) found at the end
        self.our_domains: dict[str, str] | None = None  # decided after the first mail
        self.mail_waiting: list[MessageRecord] = []
        self.mail_waiting_paths: list[str] = []  # the file each waiting message came from
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
        if self.mail_waiting:
            rows: dict[str, list[dict[str, Any]]] = {"messages": []}
            self._release_mail(rows)
            for table, added in self.resolver.flush().items():
                self.report.count(table).added += added
            counts = self.report.count("messages")
            counts += self.messages.write(rows["messages"])
        if self.by_number:
            self._payments_by_number()
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
            merged = self._merge_invoices(invoices)
            upsert(self.connection, schema.invoices, merged)
            counts += self._count_invoices(merged)
            # A second document of one invoice (its KSeF XML beside the Fakturownia record, FA(2)
            # beside FA(3)) was read and changed nothing more: read = added + updated + unchanged.
            counts += LoadCounts(read=self.invoice_copies, unchanged=self.invoice_copies)
            self.invoice_copies = 0
            self.invoice_keys.flush()
        rows["payments"] += self._settlements(rows)
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

    def _settlements(self, rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
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
            self.paid_invoices.add(invoice_id)
            rows["payments"].append({
                "payment_id": record.key, "invoice_id": invoice_id, "paid_on": record.paid_on,
                "amount_minor": record.amount_minor, "currency": record.currency})
        elif isinstance(record, MessageRecord):
            self.report.messages_seen += 1
            if self.our_domains is None and our_domains.needs_domain(record):
                self.mail_waiting.append(record)  # until there are enough to tell our domain
                self.mail_waiting_paths.append(self.record_path)
                if len(self.mail_waiting) >= our_domains.SAMPLE:
                    self._release_mail(rows)
                return
            row = self._message(record)
            if row is not None:
                rows["messages"].append(row)
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

    def _payments_by_number(self) -> None:
        """Payments naming only an invoice number: the stored invoice with that number (case
        and spaces aside); none, or several of different clients, is an error naming the line."""
        invoices = schema.invoices
        wanted = {_number_key(p.invoice_number or "") for _, p in self.by_number}
        found: dict[str, list[tuple[str, str, str]]] = {}
        folded = sa.func.upper(sa.func.replace(invoices.c.number, " ", ""))
        for chunk in _chunks(sorted(wanted), 500):
            for invoice_id, number, client_id, currency in self.connection.execute(sa.select(
                    invoices.c.invoice_id, invoices.c.number, invoices.c.client_id,
                    invoices.c.currency).where(folded.in_(chunk))):
                found.setdefault(_number_key(number), []).append(
                    (invoice_id, client_id, currency))
        rows = []
        for path, payment in self.by_number:
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
            self._settlements({"payments": rows, "settlements": []})
            counts = self.report.count("payments")
            counts += upsert(self.connection, schema.payments, rows)
        self.by_number = []

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
        invoices[invoice_id] = _merge(earlier, row) if earlier else row
        return invoice_id

    def _count_invoices(self, merged: list[dict[str, Any]]) -> LoadCounts:
        """Added, updated or unchanged against the store *before this import*.

        One invoice read from two files in different chunks (its Fakturownia record and its
        KSeF XML) is written at each chunk, so the row passes through the first copy's values
        on the way to the combined one. Compared chunk by chunk, a re-import of the same files
        counted it "updated" twice although it ended as it was; here the later copy re-decides
        the invoice's one count and itself counts as unchanged, as copies in one chunk do."""
        counts = LoadCounts()
        for row in merged:
            before, counted = self.invoices_seen[row["invoice_id"]]
            now = "added" if before is None else (
                "unchanged" if _digest(row) == before else "updated")
            counts.read += 1
            if counted:  # the invoice's earlier count is re-decided; this copy is unchanged
                setattr(counts, counted, getattr(counts, counted) - 1)
                counts.unchanged += 1
            setattr(counts, now, getattr(counts, now) + 1)
            self.invoices_seen[row["invoice_id"]] = (before, now)
        return counts

    def _merge_invoices(self, invoices: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        table = schema.invoices
        stored = {
            r.invoice_id: dict(r._mapping) for r in self.connection.execute(
                sa.select(table).where(table.c.invoice_id.in_(list(invoices))))
        }
        merged = []
        for invoice_id, row in invoices.items():
            earlier = stored.get(invoice_id)
            if invoice_id not in self.invoices_seen:  # first read in this import
                self.invoices_seen[invoice_id] = (
                    None if earlier is None else _digest(earlier), "")
            full = _merge(earlier, row) if earlier else dict(row)
            if full["due_date"] is None:
                full["due_date"] = full["issue_date"]
            full["net_minor"] = _net(full, earlier)
            merged.append(full)
        return merged

    def _release_mail(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Decide our domains from the mail read so far, then attach the waiting messages."""
        if self.our_domains is None:
            self.our_domains = our_domains.decide(
                self.options.our_domains, self.resolver.our_addresses(), self.mail_waiting,
                lambda d: self.resolver.find_client(ClientRef(domain=d)) is not None)
            self.report.our_domains = dict(self.our_domains)
        waiting, self.mail_waiting = self.mail_waiting, []
        paths, self.mail_waiting_paths = self.mail_waiting_paths, []
        for path, record in zip(paths, waiting, strict=True):
            try:
                row = self._message(record)
            except OutOfDomain as exc:
                raise InputError(path, record.line, exc.field, exc.reason) from None
            if row is not None:
                rows["messages"].append(row)

    def _message(self, record: MessageRecord) -> dict[str, Any] | None:
        resolver = self.resolver
        ours = set(self.options.our_domains) | set(self.our_domains or ()) | {
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
            self.report.skipped[SKIPPED_MAIL] += 1
            self.report.skipped_domains.update(
                {email_domain(a) or a for a in outside} or {"(no outside correspondent)"})
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


def _number_key(number: str) -> str:
    return "".join(number.split()).upper()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _mail_client(address: str) -> ClientRef:
    domain = client_domain(address)
    return ClientRef(domain=domain) if domain else ClientRef(email=address)


def _short(value: str | None) -> str | None:
    if value is None or len(value) <= 128:
        return value
    return stable_key("id", value)


INVOICE_COLUMNS = tuple(column.name for column in schema.invoices.columns)


def _digest(row: dict[str, Any]) -> int:
    """An invoice row's values, to tell within one import whether it ended as it was stored
    (equal values hash equal: a date as read back equals the date written)."""
    return hash(tuple(row.get(name) for name in INVOICE_COLUMNS))


def _net(merged: dict[str, Any], stored: dict[str, Any] | None) -> int:
    """The invoice's net amount: the one a source gave (this import's, else the stored one),
    else the gross. A stored net that was only the gross stand-in follows a changed gross."""
    if merged.get("net_minor") is None:
        return int(merged["amount_minor"])
    if stored is not None and stored.get("net_minor") == stored.get("amount_minor") \
            and merged["net_minor"] == stored.get("net_minor") \
            and merged["amount_minor"] != stored.get("amount_minor"):
        return int(merged["amount_minor"])
    return int(merged["net_minor"])


KEEP_STORED = ("client_id", "source")


def _merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """One invoice known from two sources: what each knows, the first source's client kept."""
    merged = dict(stored)
    for name, value in incoming.items():
        if value is not None and not (name in KEEP_STORED and stored.get(name)):
            merged[name] = value
    return merged
