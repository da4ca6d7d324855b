"""Exchange rates: which published rate converts an amount on a given day (docs/metrics.md,
"Currencies"). Pure: the rates come in as rows, nothing here reads a file or a database.

A rate row is stored as published: NBP table A says `rate` units of `base` (PLN) buy one unit of
`currency`; the ECB says one unit of `base` (EUR) buys `rate` units of `currency` (the quotation
runs the other way). Converting X to the reporting currency R on day d takes, from one
source, the last rate of X and of R published before d (`rate_day = "previous"`, the Polish
rule for invoices: the last business day before the document's date) or on d at the latest
(`rate_day = "same"`), no older than `max_rate_age_days`; factor = value(X) / value(R) in the
source's base (NBP: the rate; ECB: 1 / the rate), the base itself counting 1. The source is NBP
when PLN is one side, ECB when EUR is, else NBP then ECB.
A missing rate is an error naming the currency, the day and the command that fixes it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from clientfit.errors import ClientfitError

RATE_DAYS = ("previous", "same")
SOURCES = {"nbp": "PLN", "ecb": "EUR"}
# sources that quote units of the currency per one unit of the base (ECB: 1 EUR = 1.0761 USD),
# not units of the base per one unit of the currency (NBP: 1 USD = 3.9710 PLN)
PER_BASE = frozenset({"ecb"})
SOURCE_NAMES = {"nbp": "NBP", "ecb": "ECB", "invoice": "the invoice"}
FIX = ("clientfit import rates FILE (the NBP table A archive CSV, an NBP API JSON/XML "
       "download, or the ECB eurofxref-hist.csv / daily XML)")


class MissingRateError(ClientfitError):
    """No published rate converts a currency on a day: never a silent 1:1."""

    exit_code = 2

    def __init__(self, currency: str, target: str, day: date, what: str, rule: str,
                 max_age: int) -> None:
        self.currency, self.target, self.day = currency, target, day
        earliest = day - timedelta(days=max_age)
        latest = day - timedelta(days=1) if rule == "previous" else day
        super().__init__(
            f"no exchange rate {currency} -> {target} for {what} dated {day.isoformat()}: "
            f"a rate published between {earliest.isoformat()} and {latest.isoformat()} is "
            f"needed (currency.rate_day = {rule!r}); import one with {FIX}")


@dataclass(frozen=True)
class RateUse:
    """One published rate a conversion used."""

    source: str  # nbp | ecb | invoice
    base: str
    currency: str
    rate_date: date
    rate: Decimal
    table_no: str | None = None

    def text(self) -> str:
        where = SOURCE_NAMES.get(self.source, self.source)
        table = f" table {self.table_no}" if self.table_no else ""
        one, other = ((self.base, self.currency) if self.per_base
                      else (self.currency, self.base))
        return (f"{where}{table} of {self.rate_date.isoformat()}: 1 {one} = "
                f"{format(self.rate.normalize(), 'f')} {other}")

    @property
    def per_base(self) -> bool:
        """The rate is units of `currency` per one `base` (ECB), not the other way (NBP)."""
        return self.source in PER_BASE

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "base": self.base, "currency": self.currency,
                "date": self.rate_date.isoformat(), "rate": format(self.rate.normalize(), "f"),
                "table": self.table_no}


@dataclass(frozen=True)
class Quote:
    """How one unit of `currency` becomes `factor` units of `target`, and the rates behind it."""

    currency: str
    target: str
    factor: Decimal
    legs: tuple[RateUse, ...] = ()

    def convert(self, minor: int) -> int:
        return round_minor(Decimal(minor) * self.factor)

    def text(self) -> str:
        if not self.legs:
            return f"no conversion ({self.currency})"
        if len(self.legs) == 1 and self.legs[0].base == self.target:
            return self.legs[0].text()
        rates = "; ".join(leg.text() for leg in self.legs)
        return (f"1 {self.currency} = {format(self.factor.quantize(Decimal('0.000001')), 'f')} "
                f"{self.target} ({rates})")


IDENTITY_FACTOR = Decimal(1)


def round_minor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))


class RateBook:
    """Published rates by source and currency, and the rule that picks one for a day."""

    def __init__(self, rows: Iterable[Mapping[str, Any]], rate_day: str = "previous",
                 max_age_days: int = 7) -> None:
        if rate_day not in RATE_DAYS:
            raise ClientfitError(f"currency.rate_day must be one of {', '.join(RATE_DAYS)}, "
                                 f"not {rate_day!r}")
        self.rate_day = rate_day
        self.max_age = int(max_age_days)
        series: dict[tuple[str, str], list[tuple[date, Decimal, str | None]]] = \
            defaultdict(list)
        for row in rows:
            series[(str(row["source"]), str(row["currency"]))].append(
                (row["rate_date"], Decimal(str(row["rate"])), row.get("table_no")))
        self.series = {key: sorted(values, key=lambda v: v[0]) for key, values in series.items()}
        self.dates = {key: [v[0] for v in values] for key, values in self.series.items()}
        self._cache: dict[tuple[str, str, date], Quote] = {}

    def _leg(self, source: str, currency: str, day: date,
             any_age: bool = False) -> RateUse | None | bool:
        """The rate of `currency` in `source` for `day`; True when it is the base itself."""
        if SOURCES[source] == currency:
            return True
        key = (source, currency)
        dates = self.dates.get(key)
        if not dates:
            return None
        index = (bisect.bisect_left(dates, day) if self.rate_day == "previous"
                 else bisect.bisect_right(dates, day)) - 1
        if index < 0:
            return None
        found, rate, table = self.series[key][index]
        if (day - found).days > self.max_age and not any_age:
            return None
        return RateUse(source, SOURCES[source], currency, found, rate, table)

    def quote(self, currency: str, target: str, day: date, what: str = "an amount",
              any_age: bool = False) -> Quote:
        """The conversion of `currency` into `target` for a record dated `day` (`any_age`: the
        latest rate before it however old, for comparisons only)."""
        if currency == target:
            return Quote(currency, target, IDENTITY_FACTOR)
        cached = self._cache.get((currency, target, day))
        if cached is not None and not any_age:
            return cached
        for source in _sources(currency, target):
            have = self._leg(source, currency, day, any_age)
            want = self._leg(source, target, day, any_age)
            if have is None or want is None:
                continue
            # value of one X in the base over value of one R in the base, as one division
            above, below = IDENTITY_FACTOR, IDENTITY_FACTOR
            legs: list[RateUse] = []
            if isinstance(have, RateUse):
                if have.per_base:
                    below *= have.rate
                else:
                    above *= have.rate
                legs.append(have)
            if isinstance(want, RateUse):
                if want.per_base:
                    above *= want.rate
                else:
                    below *= want.rate
                legs.append(want)
            factor = above / below
            quote = Quote(currency, target, factor, tuple(legs))
            if not any_age:
                self._cache[(currency, target, day)] = quote
            return quote
        raise MissingRateError(currency, target, day, what, self.rate_day, self.max_age)

    def document_quote(self, currency: str, target: str, day: date, rate: Decimal, base: str,
                       number: str) -> Quote:
        """The conversion of an invoice that carries its own rate (`rate` `base` per unit)."""
        own = RateUse("invoice", base, currency, day, rate, number)
        if target == base:
            return Quote(currency, target, rate, (own,))
        onward = self.quote(base, target, day, f"invoice {number}")
        return Quote(currency, target, rate * onward.factor, (own, *onward.legs))


def _sources(currency: str, target: str) -> tuple[str, ...]:
    pair = {currency, target}
    if "PLN" in pair:
        return ("nbp", "ecb")
    if "EUR" in pair:
        return ("ecb", "nbp")
    return ("nbp", "ecb")
