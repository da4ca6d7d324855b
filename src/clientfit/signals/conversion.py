"""Money records in the reporting currency, for every signal (docs/metrics.md, "Currencies").

`convert(connection, window, ...)` decides the reporting currency, converts each money record
that is in another currency with `clientfit.fx` and returns an Ibis connection whose
`invoices`, `payments` and `time_entries` carry converted amounts (the native ones stay in
`native_amount_minor`; an invoice's net amount, the revenue, is converted beside its gross one
at the same rate), so the signal expressions run unchanged. Which day's rate applies:

- an invoice: its issue date (by default the last rate published before it), or the rate the
  document itself carries (KSeF `KursWalutyZ` / `KursWaluty`);
- a payment: its invoice's rate, so that an invoice paid in full is paid in full in the
  reporting currency too (exchange gains and losses are not the client's behaviour); a payment
  in another currency than its invoice: its own date;
- a cost rate: the work date of each time entry.

Converted amounts are rounded half-even to whole minor units in Python, so every engine sums the
same integers. A portfolio in one currency converts nothing and costs one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import ibis
import pandas as pd

from clientfit.domain import Window
from clientfit.fx import MissingRateError, Quote, RateBook, RateUse, round_minor
from clientfit.signals.tables import in_window, net_amount


@dataclass
class Conversion:
    """What was converted for one assessment, for the surfaces to show."""

    currency: str | None  # the reporting currency
    chosen_by: str  # "setting" | "most revenue" | "only currency" | "none"
    currencies: tuple[str, ...] = ()  # every currency of the window's money records
    quotes: dict[tuple[str, str], Quote] = field(default_factory=dict)  # (kind, id) -> quote
    native: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # client -> totals
    staff_rates: dict[str, int] = field(default_factory=dict)  # foreign cost rates, as of the end

    @property
    def converted(self) -> bool:
        return bool(self.quotes)

    def rates(self) -> list[RateUse]:
        """Every published rate used, once, by date."""
        seen = {leg for quote in self.quotes.values() for leg in quote.legs}
        return sorted(seen, key=lambda r: (r.rate_date, r.source, r.currency))

    def describe(self) -> str:
        if self.currency is None:
            return "no money records"
        how = {"setting": "the currency.reporting setting",
               "most revenue": "the currency with the most revenue in the window",
               "only currency": "the only currency of the records",
               "none": "no money records"}[self.chosen_by]
        return f"amounts in {self.currency} ({how})"


class ConvertedConnection:
    """An Ibis connection whose money tables are in the reporting currency."""

    def __init__(self, connection: Any, tables: dict[str, Any]) -> None:
        self._connection = connection
        self._tables = tables

    def table(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name in self._tables:
            return self._tables[name]
        return self._connection.table(name, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def _currencies(connection: Any, window: Window) -> dict[str, int]:
    """currency -> invoiced native net amount (revenue) in the window (0 for currencies seen
    elsewhere)."""
    as_of = ibis.date(window.as_of)
    inv = connection.table("invoices")
    found: dict[str, int] = {}
    window_sums = inv.filter(in_window(inv.issue_date, window)).group_by("currency").aggregate(
        total=net_amount(inv).sum()).to_pandas()
    for code, total in zip(window_sums["currency"], window_sums["total"], strict=True):
        found[str(code)] = int(total)
    for name, column in (("invoices", "issue_date"), ("payments", "paid_on")):
        table = connection.table(name)
        for code in table.filter(table[column] <= as_of).select("currency").distinct() \
                .to_pandas()["currency"]:
            found.setdefault(str(code), 0)
    staff = connection.table("staff")
    for code in staff.filter(staff.hourly_cost_minor > 0).select("currency").distinct() \
            .to_pandas()["currency"]:
        found.setdefault(str(code), 0)
    return found


def reporting_currency(found: dict[str, int], book: RateBook, setting: str,
                       as_of: date) -> tuple[str | None, str]:
    """The setting, else the currency with the most revenue in the window (compared at the
    as-of date's rates), else the only currency there is."""
    if setting:
        return setting.upper(), "setting"
    if not found:
        return None, "none"
    if len(found) == 1:
        return next(iter(found)), "only currency"
    invoiced = {code: total for code, total in found.items() if total > 0} or found
    if len(invoiced) == 1:
        return next(iter(invoiced)), "most revenue"
    pivot = sorted(invoiced)[0]
    compared = {code: book.quote(code, pivot, as_of, "choosing the reporting currency",
                                 any_age=True).convert(total) for code, total in invoiced.items()}
    return max(sorted(compared), key=lambda code: compared[code]), "most revenue"


def convert(connection: Any, window: Window, rate_book: Callable[[set[str]], RateBook],
            setting: str = "") -> tuple[Any, Conversion]:
    """The connection with money tables in the reporting currency, and what was converted.

    `rate_book(currencies)` loads the rates; it is called only when there is something to
    convert."""
    found = _currencies(connection, window)
    setting = setting.strip().upper()
    if not found or (set(found) <= {setting} if setting else len(found) == 1):
        target = setting or next(iter(found), None)
        how = "setting" if setting else ("only currency" if found else "none")
        return connection, Conversion(target, how, tuple(sorted(found)))
    book = rate_book(set(found) | ({setting} if setting else set()))
    target, chosen_by = reporting_currency(found, book, setting, window.as_of)
    conversion = Conversion(target, chosen_by, tuple(sorted(found)))
    assert target is not None
    as_of = ibis.date(window.as_of)
    tables: dict[str, Any] = {}
    inv = connection.table("invoices")
    foreign = inv.filter(inv.currency != target, inv.issue_date <= as_of).select(
        "invoice_id", "client_id", "number", "currency", "issue_date", "amount_minor",
        "doc_rate", "doc_rate_base", net_minor=net_amount(inv)).to_pandas()
    factors: dict[str, Quote] = {}
    converted_invoices = []
    for row in foreign.itertuples(index=False):
        day = _day(row.issue_date)
        if _present(row.doc_rate) and _present(row.doc_rate_base):
            quote = book.document_quote(row.currency, target, day, Decimal(row.doc_rate),
                                        row.doc_rate_base, row.number)
        else:
            quote = book.quote(row.currency, target, day, f"invoice {row.number}")
        factors[row.invoice_id] = quote
        conversion.quotes[("invoice", row.invoice_id)] = quote
        converted_invoices.append((row.invoice_id, quote.convert(int(row.amount_minor)),
                                   quote.convert(int(row.net_minor))))
    tables["invoices"] = _replace_invoice_amounts(inv, converted_invoices)
    tables["payments"] = _payments(connection, target, as_of, factors, book, conversion)
    entries = _time_entries(connection, window, target, book, conversion)
    if entries is not None:
        tables["time_entries"] = entries
    conversion.native = _native_totals(connection, window, target, conversion)
    conversion.staff_rates = _staff_rates(connection, window, target, book)
    return ConvertedConnection(connection, tables), conversion


def _staff_rates(connection: Any, window: Window, target: str, book: RateBook) -> dict[str, int]:
    """Cost rates in another currency at the as-of date (for what-if reassignments): the rule's
    rate, else the latest one published before it."""
    staff = connection.table("staff")
    foreign = staff.filter(staff.currency != target, staff.hourly_cost_minor != 0).select(
        "staff_id", "currency", "hourly_cost_minor").to_pandas()
    rates = {}
    for row in foreign.itertuples(index=False):
        try:
            quote = book.quote(row.currency, target, window.as_of)
        except MissingRateError:
            quote = book.quote(row.currency, target, window.as_of, any_age=True)
        rates[str(row.staff_id)] = quote.convert(int(row.hourly_cost_minor))
    return rates


def _present(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _day(value: Any) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def _replace_amounts(table: Any, key: str, converted: list[tuple[str, int]]) -> Any:
    if not converted:
        return table.mutate(native_amount_minor=table.amount_minor)
    frame = pd.DataFrame(converted, columns=["fx_key", "fx_amount_minor"]).astype(
        {"fx_key": "string", "fx_amount_minor": "int64"})
    memory = ibis.memtable(frame)
    joined = table.left_join(memory, table[key] == memory.fx_key)
    return joined.select(
        *[joined[c] for c in table.columns if c != "amount_minor"],
        amount_minor=ibis.coalesce(joined.fx_amount_minor, joined.amount_minor),
        native_amount_minor=joined.amount_minor,
    )


def _replace_invoice_amounts(table: Any, converted: list[tuple[str, int, int]]) -> Any:
    """Invoices with gross and net amounts in the reporting currency (each converted on its own
    and rounded, so the net of a tax-free invoice stays equal to its gross)."""
    if not converted:
        return table.mutate(native_amount_minor=table.amount_minor,
                            native_net_minor=net_amount(table))
    frame = pd.DataFrame(converted, columns=["fx_key", "fx_amount_minor", "fx_net_minor"]).astype(
        {"fx_key": "string", "fx_amount_minor": "int64", "fx_net_minor": "int64"})
    memory = ibis.memtable(frame)
    joined = table.left_join(memory, table.invoice_id == memory.fx_key)
    return joined.select(
        *[joined[c] for c in table.columns if c not in ("amount_minor", "net_minor")],
        amount_minor=ibis.coalesce(joined.fx_amount_minor, joined.amount_minor),
        net_minor=ibis.coalesce(joined.fx_net_minor, joined.net_minor, joined.amount_minor),
        native_amount_minor=joined.amount_minor,
        native_net_minor=ibis.coalesce(joined.net_minor, joined.amount_minor),
    )


def _payments(connection: Any, target: str, as_of: Any, factors: dict[str, Quote],
              book: RateBook, conversion: Conversion) -> Any:
    pay = connection.table("payments")
    inv = connection.table("invoices").select("invoice_id", invoice_currency="currency")
    joined = pay.filter(pay.paid_on <= as_of).join(inv, "invoice_id")
    foreign = joined.filter((joined.currency != target) | (joined.invoice_currency != target)) \
        .select("payment_id", "invoice_id", "paid_on", "amount_minor", "currency",
                "invoice_currency").order_by(["invoice_id", "paid_on", "payment_id"]).to_pandas()
    converted: list[tuple[str, int]] = []
    running: dict[str, Decimal] = defaultdict(Decimal)
    for row in foreign.itertuples(index=False):
        quote = factors.get(row.invoice_id) if row.currency == row.invoice_currency else None
        if quote is None:
            quote = book.quote(row.currency, target, _day(row.paid_on),
                               f"payment {row.payment_id}")
            amount = quote.convert(int(row.amount_minor))
        else:  # cumulative rounding: the payments of an invoice sum to its converted amount
            before = round_minor(running[row.invoice_id] * quote.factor)
            running[row.invoice_id] += Decimal(int(row.amount_minor))
            amount = round_minor(running[row.invoice_id] * quote.factor) - before
        conversion.quotes[("payment", row.payment_id)] = quote
        converted.append((row.payment_id, amount))
    return _replace_amounts(pay, "payment_id", converted)


def _time_entries(connection: Any, window: Window, target: str, book: RateBook,
                  conversion: Conversion) -> Any:
    """Time entries with the hourly cost rate of their staff member in the reporting currency
    on the work date (`hourly_cost_minor`); None when every cost rate is in it already."""
    staff = connection.table("staff")
    foreign_staff = staff.filter(staff.currency != target, staff.hourly_cost_minor != 0)
    entries = connection.table("time_entries")
    worked = entries.filter(in_window(entries.work_date, window)).join(
        foreign_staff.select("staff_id", "currency", "hourly_cost_minor"), "staff_id"
    ).select("entry_id", "staff_id", "work_date", "currency", "hourly_cost_minor").to_pandas()
    if worked.empty:
        return None
    rows, done = [], set()
    for row in worked.itertuples(index=False):
        day = _day(row.work_date)
        quote = book.quote(row.currency, target, day,
                           f"the cost rate of staff member {row.staff_id}")
        conversion.quotes[("time_entry", row.entry_id)] = quote  # the evidence names it
        if (row.staff_id, day) not in done:
            done.add((row.staff_id, day))
            rows.append((row.staff_id, day, quote.convert(int(row.hourly_cost_minor))))
    frame = pd.DataFrame(rows, columns=["fx_staff_id", "fx_work_date", "fx_cost_minor"]).astype(
        {"fx_staff_id": "string", "fx_cost_minor": "int64"})
    frame["fx_work_date"] = pd.to_datetime(frame["fx_work_date"]).dt.date
    memory = ibis.memtable(frame, schema={"fx_staff_id": "string", "fx_work_date": "date",
                                          "fx_cost_minor": "int64"})
    costed = entries.join(staff.select("staff_id", staff_cost_minor=staff.hourly_cost_minor),
                          "staff_id")
    joined = costed.left_join(memory, (costed.staff_id == memory.fx_staff_id)
                              & (costed.work_date == memory.fx_work_date))
    return joined.select(
        *[joined[c] for c in entries.columns],
        hourly_cost_minor=ibis.coalesce(joined.fx_cost_minor, joined.staff_cost_minor),
    )


def _native_totals(connection: Any, window: Window, target: str,
                   conversion: Conversion) -> dict[str, list[dict[str, Any]]]:
    """Per client and currency: the window's revenue (net invoiced amount), native and
    converted."""
    inv = connection.table("invoices")
    rows = inv.filter(in_window(inv.issue_date, window)).select(
        "invoice_id", "client_id", "currency", amount_minor=net_amount(inv)).to_pandas()
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows.itertuples(index=False):
        quote = conversion.quotes.get(("invoice", row.invoice_id))
        amount = int(row.amount_minor)
        pair = totals[row.client_id][row.currency]
        pair[0] += amount
        pair[1] += quote.convert(amount) if quote else amount
    return {client: [{"currency": code, "revenue_minor": native, "converted_minor": converted,
                      "reporting_currency": target}
                     for code, (native, converted) in sorted(by_code.items())]
            for client, by_code in totals.items()}
