"""Customer lifetime value: BG/NBD + Gamma-Gamma, from a transaction table to per-customer values.

The one call most code needs::

    result = fit_clv(transactions, customer="client_id", date="date", amount="amount")
    result.predictions      # DataFrame, one row per customer (columns below)
    result.bgnbd.params_    # r, alpha, a, b        result.gamma_gamma.params_  # p, q, gamma

Per-customer columns of `predictions` (and of `predict_clv`):

- ``p_alive`` — probability the customer is still active (BG/NBD); a client near 0 is probably
  already lost, whatever the other signals say;
- ``expected_transactions`` — expected purchase days over the horizon (default 12 months);
- ``expected_average_value`` — expected value of one future purchase (Gamma-Gamma);
- ``expected_revenue`` — the two multiplied, not discounted;
- ``clv`` — expected revenue over the horizon discounted to today, month by month, at
  `annual_discount_rate` (default 10 % a year, i.e. (1.10)^(1/12) − 1 ≈ 0.797 % a month,
  applied to each month's expected purchases at the month's end).

A month is 365.25 / 12 days, whichever time unit the summary uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clientfit.models._checks import check_choice, check_positive
from clientfit.models.bgnbd import BetaGeoModel
from clientfit.models.gamma_gamma import GammaGammaModel
from clientfit.models.transactions import TIME_UNITS, summarize_transactions

DEFAULT_ANNUAL_DISCOUNT_RATE = 0.10
DAYS_PER_MONTH = 365.25 / 12


def predict_clv(
    bgnbd: BetaGeoModel,
    gamma_gamma: GammaGammaModel | None,
    summary: pd.DataFrame,
    horizon_months: int = 12,
    time_unit: str = "day",
    annual_discount_rate: float = DEFAULT_ANNUAL_DISCOUNT_RATE,
) -> pd.DataFrame:
    """Per-customer P(alive), expected transactions, revenue and discounted CLV.

    `summary` has the columns frequency, recency, T (in `time_unit`) and, for the money
    columns, monetary_value; without a Gamma-Gamma model only the first two columns are given.
    """
    check_choice("time_unit", time_unit, tuple(TIME_UNITS))
    check_positive("horizon_months", horizon_months)
    check_positive("annual_discount_rate", annual_discount_rate, allow_zero=True)
    month = DAYS_PER_MONTH / TIME_UNITS[time_unit]
    out = pd.DataFrame(index=summary.index)
    out["p_alive"] = bgnbd.probability_alive(summary)
    cumulative = np.stack(
        [bgnbd.expected_transactions(k * month, summary) for k in range(horizon_months + 1)]
    )
    out["expected_transactions"] = cumulative[-1]
    if gamma_gamma is not None:
        value = gamma_gamma.expected_average_value(summary)
        monthly_rate = (1 + annual_discount_rate) ** (1 / 12) - 1
        discount = (1 + monthly_rate) ** -np.arange(1, horizon_months + 1)
        per_month = np.diff(cumulative, axis=0)
        out["expected_average_value"] = value
        out["expected_revenue"] = cumulative[-1] * value
        out["clv"] = (discount @ per_month) * value
    return out


@dataclass
class ClvResult:
    """Everything `fit_clv` produces: the summary, both fitted models and the predictions."""

    summary: pd.DataFrame
    bgnbd: BetaGeoModel
    gamma_gamma: GammaGammaModel | None
    predictions: pd.DataFrame
    time_unit: str
    horizon_months: int
    annual_discount_rate: float


def fit_clv(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    calibration_end: object | None = None,
    time_unit: str = "day",
    horizon_months: int = 12,
    annual_discount_rate: float = DEFAULT_ANNUAL_DISCOUNT_RATE,
) -> ClvResult:
    """Summarise a transaction table, fit BG/NBD (and Gamma-Gamma when there are amounts) and
    predict per customer. With `calibration_end`, only transactions up to that date are used
    for fitting, and the summary carries the hold-out counts after it."""
    summary = summarize_transactions(
        transactions, customer=customer, date=date, amount=amount,
        calibration_end=calibration_end, time_unit=time_unit,
    )
    bgnbd = BetaGeoModel().fit(summary)
    gamma_gamma = None
    if amount is not None:
        # Gamma-Gamma needs positive spend: customers whose repeat purchases net to zero or
        # less (refunds, free orders) are left out of its fit, not out of the predictions
        spenders = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
        if len(spenders) >= 2:
            gamma_gamma = GammaGammaModel().fit(spenders)
    predictions = predict_clv(
        bgnbd, gamma_gamma, summary, horizon_months, time_unit, annual_discount_rate
    )
    return ClvResult(
        summary, bgnbd, gamma_gamma, predictions, time_unit, horizon_months,
        annual_discount_rate,
    )
