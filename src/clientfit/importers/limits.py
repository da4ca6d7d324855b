"""The documented value domains every import is held to, checked before anything is stored.

An export may be hostile or simply broken: a number too large for the store's integers, an hour
count no day holds, a negative cost rate. Each rule here is one line of docs/importers.md and
docs/bundle.md ("Value domains"); a value outside it is an error naming the file, line and field,
never a database traceback and never a silently stored absurdity.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from clientfit.importers.records import (
    AccountRecord,
    InvoiceRecord,
    MessageRecord,
    PaymentRecord,
    RateRecord,
    Record,
    StaffRef,
    TimeRecord,
)

MAX_AMOUNT_MINOR = 10**13  # 100 billion in major units: beyond any one invoice or payment
MAX_COST_MINOR = 10**8  # an hourly cost rate up to 1,000,000 in major units
MAX_DAY_MINUTES = 24 * 60  # one time entry is work done on one day
MAX_RATE = Decimal(10**6)  # an exchange rate (units of the base per unit)
FIRST_YEAR, LAST_YEAR = 1900, 2199
LANGUAGES = frozenset({"en", "pl"})
ROLES = frozenset({"owner", "member"})
INT32 = 2**31 - 1
INT64 = 2**63 - 1


class OutOfDomain(ValueError):
    """A value outside its documented domain; `field` names the record field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def check_amount(field: str, minor: int | None) -> None:
    if minor is not None and abs(minor) > MAX_AMOUNT_MINOR:
        raise OutOfDomain(field, f"amount {minor / 100:.2f} is beyond the sane bound of "
                                 f"±{MAX_AMOUNT_MINOR // 100:,} (docs/importers.md)")


def check_minutes(field: str, minutes: int) -> None:
    if not 0 <= minutes <= MAX_DAY_MINUTES:
        raise OutOfDomain(field, f"{minutes / 60:g} hours is not within one day (0–24 h)")


def check_cost(field: str, minor: int | None) -> None:
    if minor is not None and not 0 <= minor <= MAX_COST_MINOR:
        raise OutOfDomain(field, f"hourly cost {minor / 100:.2f} is not between 0 and "
                                 f"{MAX_COST_MINOR // 100:,}")


def check_net(net: int | None, gross: int) -> None:
    """A net amount (before sales tax) has the gross amount's sign and is not larger than it:
    the tax of an invoice is never negative, a credit note's is as negative as its net."""
    if net is None:
        return
    check_amount("net amount", net)
    if (net < 0 < gross) or (gross < 0 < net) or abs(net) > abs(gross) or (gross == 0 != net):
        raise OutOfDomain("net amount", f"net {net / 100:.2f} does not fit the gross amount "
                                        f"{gross / 100:.2f}: the net (before sales tax) must "
                                        "have its sign and be no larger")


def check_date(field: str, value: date | datetime | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise OutOfDomain(field, f"{value.isoformat()} is not between {FIRST_YEAR} and "
                                 f"{LAST_YEAR}")


def check_choice(field: str, value: str | None, allowed: frozenset[str]) -> None:
    if value is not None and value not in allowed:
        raise OutOfDomain(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")


def _staff(field: str, ref: StaffRef | None) -> None:
    if ref is not None:
        check_cost(field, ref.cost_minor)


def check_record(record: Record) -> None:
    """Raise OutOfDomain for the first value of an importer's record outside its domain."""
    if isinstance(record, TimeRecord):
        check_minutes("hours", record.minutes)
        check_date("date", record.work_date)
        _staff("cost rate", record.staff)
    elif isinstance(record, InvoiceRecord):
        check_amount("amount", record.amount_minor)
        check_amount("paid", record.paid_minor)
        check_net(record.net_minor, record.amount_minor)
        check_date("issue date", record.issue_date)
        check_date("due date", record.due_date)
        check_date("paid on", record.paid_on)
        if record.doc_rate is not None and not 0 < record.doc_rate <= MAX_RATE:
            raise OutOfDomain("exchange rate", f"{record.doc_rate} is not a sane rate")
    elif isinstance(record, PaymentRecord):
        check_amount("amount", record.amount_minor)
        check_date("paid on", record.paid_on)
    elif isinstance(record, MessageRecord):
        check_date("sent at", record.sent_at)
        _staff("cost rate", record.staff)
    elif isinstance(record, AccountRecord):
        check_date("start date", record.started_on)
        _staff("cost rate", record.owner)
    elif isinstance(record, RateRecord):
        check_date("date", record.rate_date)
        if not (record.rate.is_finite() and 0 < record.rate <= MAX_RATE):
            raise OutOfDomain("rate", f"{record.rate} is not a sane exchange rate")


def check_row(table: sa.Table, row: dict[str, Any]) -> None:
    """What the store's column types hold on both databases: integers within their width,
    strings within their length and without NUL characters (PostgreSQL refuses both, SQLite
    would keep them). Raise OutOfDomain."""
    for name, value in row.items():
        if value is None or name not in table.c:
            continue
        kind = table.c[name].type
        if isinstance(value, int) and not isinstance(value, bool):
            limit = INT64 if isinstance(kind, sa.BigInteger) else INT32
            if abs(value) > limit:
                raise OutOfDomain(name, f"{value} does not fit the store's {limit.bit_length() + 1}"
                                        "-bit integers")
        elif isinstance(value, str) and "\x00" in value:
            raise OutOfDomain(name, "contains a NUL character (PostgreSQL cannot store it; no "
                                    "export writes one)")
        elif isinstance(value, str) and isinstance(kind, sa.String) and kind.length:
            if len(value) > kind.length:
                raise OutOfDomain(name, f"is {len(value)} characters long; at most "
                                        f"{kind.length} are kept")
        elif isinstance(value, date | datetime):
            check_date(name, value)


class OncePerFile:
    """An invoice, payment or CRM record whose key comes twice in one file with different
    content is an error (which row is right?); the very same record twice is kept once."""

    KINDS = (InvoiceRecord, PaymentRecord, AccountRecord)

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, str], tuple[int | None, int]] = {}

    def check(self, path: str, record: Record) -> None:
        if not isinstance(record, self.KINDS):
            return
        fingerprint = hash(replace(record, line=None))
        first = self.seen.setdefault((path, type(record).__name__, record.key),
                                     (record.line, fingerprint))
        if first[1] != fingerprint:
            raise OutOfDomain("id", f"the record {record.key.split(':', 1)[-1]!r} appears twice "
                                    f"with different values (first on line {first[0]}): one "
                                    "row per record")


def table_of(name: str) -> sa.Table | None:
    """The store table a loader's row list goes to ("settlements" are payments)."""
    from clientfit.store import schema
    from clientfit.store.schema_rates import exchange_rates

    if name == "exchange_rates":
        return exchange_rates
    return schema.metadata.tables.get("payments" if name == "settlements" else name)
