"""`clientfit clv`: lifetime value of every customer in a transaction table (BG/NBD + Gamma-Gamma).

The command only parses its options; cli/clv_run.py reads the CSV and calls
`clientfit.models.fit_clv` (pandas and the models load when the command runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clientfit.cli import app

# clientfit.models.clv.DEFAULT_ANNUAL_DISCOUNT_RATE (a test keeps the two equal)
DEFAULT_ANNUAL_DISCOUNT_RATE = 0.10


@app.command()
def clv(
    transactions: Annotated[Path, typer.Argument(help="CSV file, one row per transaction.")],
    customer: Annotated[str, typer.Option(help="Column with the customer id.")] = "customer_id",
    date: Annotated[str, typer.Option(help="Column with the transaction date.")] = "date",
    amount: Annotated[
        str, typer.Option(help="Column with the amount; '' to fit BG/NBD only.")
    ] = "amount",
    calibration_end: Annotated[
        str | None,
        typer.Option(help="Fit on transactions up to this date (YYYY-MM-DD); later ones are "
                     "counted as hold-out."),
    ] = None,
    time_unit: Annotated[str, typer.Option(help="Unit of recency and T: day or week.")] = "day",
    horizon: Annotated[int, typer.Option(help="Months ahead to predict.")] = 12,
    discount_rate: Annotated[
        float, typer.Option(help="Annual discount rate of the CLV.")
    ] = DEFAULT_ANNUAL_DISCOUNT_RATE,
    limit: Annotated[int, typer.Option(help="Customers to show in the table.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (all customers).")] = False,
) -> None:
    """Fit BG/NBD + Gamma-Gamma to a transaction table; print parameters and per-customer CLV.

    Several transactions of one customer on the same day count as one purchase.
    """
    from clientfit.cli import clv_run

    clv_run.run(transactions, customer, date, amount, calibration_end, time_unit, horizon,
                discount_rate, limit, as_json)
