"""Official exchange rates the user imported (`clientfit import rates`, docs/importers.md).

One row per published rate, as published: NBP `rate` units of `base` buy one unit of
`currency` on `rate_date`; ECB one `base` buys `rate` units of `currency` (clientfit.fx)
(NBP table A: base PLN; ECB reference rates: base EUR). Rates are kept as exact decimal text,
as published, so every engine reads back the same number.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, String, Table

from clientfit.store.schema import metadata

exchange_rates = Table(
    "exchange_rates",
    metadata,
    Column("source", String(8), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("rate_date", Date, primary_key=True),
    Column("base", String(3), nullable=False),
    Column("rate", String(32), nullable=False),
    Column("table_no", String(32)),
)
