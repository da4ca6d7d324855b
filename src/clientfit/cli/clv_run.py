"""The work behind `clientfit clv` (cli/clv.py): it loads pandas and the models, so the command
imports it only when it runs.

It reads the CSV, checks the columns it was told to use (naming the file, line and
field of the first bad value), and calls `clientfit.models.fit_clv`; all modelling lives there.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
from rich.table import Table

from clientfit.cli import console
from clientfit.errors import InputError
from clientfit.models import ClvResult, fit_clv
from clientfit.models.transactions import TIME_UNITS


def _read(path: Path, customer: str, date: str, amount: str | None) -> pd.DataFrame:
    file = str(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise InputError(file, None, None, "file not found") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(file, None, None, f"not a readable CSV file ({exc})") from None
    for column in [customer, date] + ([amount] if amount else []):
        if column not in frame.columns:
            have = ", ".join(frame.columns) or "(none)"
            raise InputError(file, 1, column, f"no such column; the columns are: {have}")
    empty = frame[customer].str.strip() == ""
    if empty.any():
        raise InputError(file, int(np.argmax(empty.to_numpy())) + 2, customer, "no customer id")
    dates = pd.to_datetime(frame[date], errors="coerce")  # one format, inferred: fast
    if dates.isna().any():
        dates = pd.to_datetime(frame[date], errors="coerce", format="mixed")  # row by row
    if dates.isna().any():
        i = int(np.argmax(dates.isna().to_numpy()))
        raise InputError(file, i + 2, date, f"not a date: {frame[date].iloc[i]!r}")
    out = pd.DataFrame({"customer_id": frame[customer], "date": dates})
    if amount:
        text = frame[amount].str.replace(r"[\s\u00a0]", "", regex=True)
        comma_decimal = text.str.contains(",") & ~text.str.contains(r"\.")
        text = text.where(~comma_decimal, text.str.replace(",", ".", regex=False))
        values = pd.to_numeric(text, errors="coerce")
        if values.isna().any():
            i = int(np.argmax(values.isna().to_numpy()))
            raise InputError(file, i + 2, amount, f"not a number: {frame[amount].iloc[i]!r}")
        out["amount"] = values.to_numpy(float)
    if len(out) == 0:
        raise InputError(file, None, None, "the file has no transactions")
    return out


def _number(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def result_as_dict(result: ClvResult) -> dict:
    """The JSON twin of the printed report."""
    table = result.summary.join(result.predictions)
    customers = [
        {"customer": str(index), **{k: _number(float(v)) for k, v in row.items()}}
        for index, row in zip(table.index, table.to_dict("records"), strict=True)
    ]
    gg = result.gamma_gamma
    return {
        "time_unit": result.time_unit,
        "horizon_months": result.horizon_months,
        "annual_discount_rate": result.annual_discount_rate,
        "bgnbd": {
            "params": {k: float(v) for k, v in result.bgnbd.params_.items()},
            "standard_errors": {
                k: _number(float(v)) for k, v in result.bgnbd.standard_errors_.items()
            },
            "log_likelihood": result.bgnbd.log_likelihood_,
            "n_customers": result.bgnbd.n_customers_,
        },
        "gamma_gamma": None if gg is None else {
            "params": {k: float(v) for k, v in gg.params_.items()},
            "standard_errors": {k: _number(float(v)) for k, v in gg.standard_errors_.items()},
            "log_likelihood": gg.log_likelihood_,
            "n_customers": gg.n_customers_,
        },
        "customers": customers,
    }


SHOWN_COLUMNS = [
    ("frequency", "repeats"),
    ("recency", "recency"),
    ("T", "T"),
    ("monetary_value", "avg value"),
    ("frequency_holdout", "hold-out repeats"),
    ("p_alive", "P(alive)"),
    ("expected_transactions", "exp. purchases"),
    ("expected_revenue", "exp. revenue"),
    ("clv", "CLV"),
]


def _cell(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _print(result: ClvResult, limit: int) -> None:
    params = Table(title="Fitted parameters")
    for column in ("model", "parameters (± standard error)", "log-likelihood", "customers"):
        params.add_column(column)
    fitted = [("BG/NBD", result.bgnbd), ("Gamma-Gamma", result.gamma_gamma)]
    for name, model in fitted:
        if model is not None:
            text = ", ".join(
                f"{k}={v:.4g} (±{model.standard_errors_[k]:.2g})" for k, v in model.params_.items()
            )
            params.add_row(name, text, f"{model.log_likelihood_:.1f}", str(model.n_customers_))
    console.print(params)
    table = result.summary.join(result.predictions)
    order = "clv" if "clv" in table else "expected_transactions"
    table = table.sort_values(order, ascending=False)
    shown = table.head(limit)
    title = (
        f"Customers by {order} over {result.horizon_months} months "
        f"(top {len(shown)} of {len(table)}; times in {result.time_unit}s, "
        f"discount {result.annual_discount_rate:.0%} a year)"
    )
    rows = Table(title=title)
    rows.add_column("customer")
    columns = [(c, h) for c, h in SHOWN_COLUMNS if c in shown.columns]
    for _, header in columns:
        rows.add_column(header, justify="right")
    for index, row in shown.iterrows():
        rows.add_row(str(index), *(_cell(row[c]) for c, _ in columns))
    console.print(rows)


def run(transactions: Path, customer: str, date: str, amount: str, calibration_end: str | None,
        time_unit: str, horizon: int, discount_rate: float, limit: int, as_json: bool) -> None:
    if time_unit not in TIME_UNITS:
        raise InputError(str(transactions), None, None,
                         f"--time-unit must be one of: {', '.join(TIME_UNITS)}")
    frame = _read(transactions, customer, date, amount or None)
    result = fit_clv(
        frame, amount="amount" if amount else None, calibration_end=calibration_end,
        time_unit=time_unit, horizon_months=horizon, annual_discount_rate=discount_rate,
    )
    if as_json:
        print(json.dumps(result_as_dict(result), indent=2))
    else:
        _print(result, limit)
