"""Options shared by many commands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="CLIENTFIT_DB",
                 help="Store URL (sqlite:///file.db, postgresql://...) or a SQLite file path. "
                      "Default: clientfit.db in the current directory."),
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"],
                 help="Last day of the window (default: the newest date in the data)."),
]
WindowOption = Annotated[
    str, typer.Option("--window", help="Window length ending on the as-of date: 12m, 90d, 2y.")
]
PolicyOption = Annotated[
    str | None, typer.Option("--policy", help="Policy TOML file (default: the shipped policy).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
CurrencyOption = Annotated[str | None, typer.Option(
    "--currency", help="Reporting currency (ISO code); default: the policy's currency.reporting, "
    "else the currency with the most revenue.")]


def as_date(value: datetime | None) -> date | None:
    return value.date() if value else None
