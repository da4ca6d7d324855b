"""From a transaction table to the per-customer summary the CLV models need.

`summarize_transactions(df, customer=..., date=..., amount=...)` takes any table with one row per
transaction (a customer id, a date, optionally an amount) and returns one row per customer:

- ``frequency`` — repeat transactions: distinct purchase days minus one. Several transactions of
  one customer on the same day count once (their amounts are added), as in Fader, Hardie & Lee;
- ``recency`` — time from the first to the last purchase day;
- ``T`` — time from the first purchase day to the end of the calibration period;
- ``monetary_value`` — mean value of the repeat purchase days (the first purchase is left out,
  as the Gamma-Gamma model expects); 0 for customers with no repeat; only with `amount`;
- with `calibration_end`: ``frequency_holdout`` (purchase days after the calibration period, up
  to `observation_end`), ``monetary_holdout`` and ``duration_holdout``, for checking predictions.

Customers whose first purchase falls after `calibration_end` are left out. Times are measured in
days or weeks (`time_unit`); a week is 7 days, so the summary keeps day resolution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clientfit.models._checks import ModelInputError, check_choice, require_columns

TIME_UNITS = {"day": 1.0, "week": 7.0}


def _as_days(values: pd.Series, column: str) -> np.ndarray:
    """Dates of a column as whole days since 1970-01-01; fails naming the first bad row."""
    parsed = pd.to_datetime(values, errors="coerce")
    if parsed.isna().any() and not pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")  # formats vary by row
    bad = parsed.isna().to_numpy()
    if bad.any():
        row = values.index[int(np.argmax(bad))]
        raise ModelInputError(f"column {column!r}: row {row!r} has no valid date: {values[row]!r}")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.to_numpy().astype("datetime64[D]").astype(np.int64)


def _day(value: object, name: str) -> int:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    if pd.isna(stamp):
        raise ModelInputError(f"{name} is not a valid date: {value!r}")
    return int(np.datetime64(stamp.date(), "D").astype(np.int64))


def summarize_transactions(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = None,
    calibration_end: object | None = None,
    observation_end: object | None = None,
    time_unit: str = "day",
) -> pd.DataFrame:
    """One row per customer (index: customer id) with frequency, recency, T and, if asked,
    monetary value and hold-out counts. See the module docstring for the definitions.

    `calibration_end` defaults to the last transaction date, and `observation_end` (the end of
    the hold-out period) to the last transaction date too.
    """
    check_choice("time_unit", time_unit, tuple(TIME_UNITS))
    columns = [customer, date] + ([amount] if amount else [])
    require_columns(transactions, columns, "transaction table")
    if len(transactions) == 0:
        raise ModelInputError("the transaction table has no rows")
    ids = transactions[customer]
    if ids.isna().any():
        row = ids.index[int(np.argmax(ids.isna().to_numpy()))]
        raise ModelInputError(f"column {customer!r}: row {row!r} has no customer id")
    days = _as_days(transactions[date], date)
    if amount:
        values = pd.to_numeric(transactions[amount], errors="coerce").to_numpy(float)
        if not np.isfinite(values).all():
            row = transactions.index[int(np.argmax(~np.isfinite(values)))]
            raise ModelInputError(
                f"column {amount!r}: row {row!r} is not a number: {transactions[amount][row]!r}"
            )
    else:
        values = np.zeros(len(days))
    codes, uniques = pd.factorize(ids, sort=True)
    last_day = int(days.max())
    cal_end = last_day if calibration_end is None else _day(calibration_end, "calibration_end")
    obs_end = (
        max(last_day, cal_end) if observation_end is None
        else _day(observation_end, "observation_end")
    )
    if calibration_end is not None and obs_end < cal_end:
        raise ModelInputError("observation_end is before calibration_end")

    # one row per (customer, purchase day), amounts of the same day added up
    key = codes.astype(np.int64) * (1 << 32) + (days - days.min())
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    cust = codes[order][starts]
    day = days[order][starts]
    value = np.add.reduceat(values[order], starts) if len(starts) else values[:0]

    n = len(uniques)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, cust, day)
    in_cal = day <= cal_end
    cust_cal, day_cal, value_cal = cust[in_cal], day[in_cal], value[in_cal]
    count = np.bincount(cust_cal, minlength=n)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, cust_cal, day_cal)
    keep = count > 0  # customers whose first purchase is within the calibration period
    unit = TIME_UNITS[time_unit]
    frequency = (count - 1).astype(float)
    out = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": np.where(keep, last - first, 0) / unit,
            "T": np.where(keep, cal_end - first, 0) / unit,
        },
        index=pd.Index(uniques, name=customer),
    )
    if amount:
        total = np.bincount(cust_cal, weights=value_cal, minlength=n)
        first_value = np.zeros(n)
        is_first = day_cal == first[cust_cal]
        first_value[cust_cal[is_first]] = value_cal[is_first]
        repeat_total = total - first_value
        out["monetary_value"] = np.divide(
            repeat_total, frequency, out=np.zeros(n), where=frequency > 0
        )
    if calibration_end is not None:
        in_hold = (day > cal_end) & (day <= obs_end)
        out["frequency_holdout"] = np.bincount(cust[in_hold], minlength=n).astype(float)
        if amount:
            hold_total = np.bincount(cust[in_hold], weights=value[in_hold], minlength=n)
            out["monetary_holdout"] = np.divide(
                hold_total, out["frequency_holdout"].to_numpy(),
                out=np.zeros(n), where=out["frequency_holdout"].to_numpy() > 0,
            )
        out["duration_holdout"] = (obs_end - cal_end) / unit
    out = out[keep]
    return out
