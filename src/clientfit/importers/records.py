"""What importers produce: source records that still name clients and staff as the source does.

Resolution to store ids (`clientfit.importers.resolve`) happens after parsing, so every importer
stays a pure file → records function. Every record carries `key`, a stable source key: the same
row in the same or a later, overlapping export gets the same key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


def stable_key(source: str, *parts: object) -> str:
    """`source:` + a short hash of the parts: fits the store's 64-character ids."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return f"{source}:{hashlib.sha1(text.encode()).hexdigest()[:20]}"


class OccurrenceKeys:
    """Per file: a row's key, numbered from its second occurrence on, so two identical rows
    stay two records (and an overlapping later export maps them to the same two). The first
    occurrence keeps the key unchanged, so files imported before the numbering map as before."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        return key if count == 1 else stable_key(key.split(":", 1)[0], key, count)


@dataclass(frozen=True)
class ClientRef:
    """Whatever a source says about a client; any field may be missing."""

    name: str | None = None
    tax_id: str | None = None  # canonical, e.g. PL7740001454 (identity.normalise_tax_id)
    domain: str | None = None  # organisation domain, never a free-mail one
    email: str | None = None  # an address at a free-mail domain identifies one person-client
    external: tuple[tuple[str, str], ...] = ()  # (system, id): ("hubspot", "123")
    country: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.tax_id or self.domain or self.email or self.external)


@dataclass(frozen=True)
class StaffRef:
    name: str | None = None
    email: str | None = None
    cost_minor: int | None = None  # hourly cost rate when the source has one
    currency: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.email)


@dataclass(frozen=True)
class Problem:
    """A row that cannot be imported: the whole import fails (a dry run lists them all)."""

    file: str
    line: int | None
    field: str | None
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A row deliberately left out (test-mode payment, report total line, ...)."""

    file: str
    line: int | None
    reason: str


@dataclass(frozen=True)
class TimeRecord:
    key: str
    line: int | None
    client: ClientRef
    staff: StaffRef
    work_date: date
    minutes: int
    billable: bool
    description: str = ""


@dataclass(frozen=True)
class InvoiceRecord:
    key: str
    line: int | None
    client: ClientRef
    number: str
    issue_date: date
    due_date: date | None
    amount_minor: int
    currency: str  # "" when the file names none: the home currency (importing.py)
    seller_tax_id: str | None = None
    buyer_tax_id: str | None = None
    kind: str = "invoice"  # invoice | credit_note | KSeF RodzajFaktury in lower case
    status: str | None = None  # only sources that know payment status set it
    paid_minor: int | None = None  # paid so far (cumulative), when the source says
    paid_on: date | None = None
    aliases: tuple[str, ...] = ()  # other source keys under which the same invoice is known
    doc_rate: Decimal | None = None  # PLN per unit of `currency`, when the document says (KSeF)
    # the amount before sales tax (VAT, GST, HST) when the source says; None: it does not, and
    # the store takes net = gross (docs/importers.md lists which sources know the net)
    net_minor: int | None = None


@dataclass(frozen=True)
class PaymentRecord:
    key: str
    line: int | None
    client: ClientRef
    invoice_key: str  # source key of the invoice it settles
    paid_on: date
    amount_minor: int
    currency: str
    invoice_number: str | None = None  # to create a stand-in invoice when none is known
    by_number: bool = False  # the invoice is known only by its number: it must be stored


@dataclass(frozen=True)
class MessageRecord:
    key: str
    line: int | None
    sender: str  # bare address
    recipients: tuple[str, ...]
    sent_at: datetime
    subject: str
    body: str
    channel: str = "email"
    thread_id: str | None = None
    in_reply_to: str | None = None
    client: ClientRef | None = None  # set by ticket systems that name the organisation
    direction: str | None = None  # "in" / "out" when the source knows
    staff: StaffRef | None = None  # the staff member when the source names one (ticket assignee)
    sender_name: str | None = None  # display name: names the staff member of outgoing mail
    recipient_names: tuple[str, ...] = ()  # display names, parallel to `recipients`


@dataclass(frozen=True)
class AccountRecord:
    """A CRM company or deal: the client, who owns the relationship, since when."""

    key: str
    line: int | None
    client: ClientRef
    owner: StaffRef | None = None
    started_on: date | None = None
    create_client: bool = True  # False: only enrich a client already known (CRM deals)
    external_links: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RateRecord:
    """One published rate on `rate_date`, as published: NBP `rate` units of `base` buy one unit
    of `currency`; ECB one `base` buys `rate` units of `currency` (clientfit.fx)."""

    key: str
    line: int | None
    source: str  # "nbp" | "ecb"
    base: str
    currency: str
    rate_date: date
    rate: Decimal
    table_no: str | None = None


Record = TimeRecord | InvoiceRecord | PaymentRecord | MessageRecord | AccountRecord | RateRecord
Item = Record | Problem | Skipped
