"""Lifetime value of project clients: BG/NBD + Gamma-Gamma (docs/models.md) on their invoices.

A project client buys when it has a project; whether it is still a client at all is a
probability (P(alive)), not a fact. Retainer clients pay every month by contract, so the
purchase model does not describe them and they get no lifetime value here.
"""

from __future__ import annotations

from typing import Any

import ibis
import numpy as np
import pandas as pd

from clientfit.domain import Window
from clientfit.models._checks import ModelInputError
from clientfit.models.bgnbd import BetaGeoModel
from clientfit.models.clv import predict_clv
from clientfit.models.gamma_gamma import GammaGammaModel
from clientfit.signals.tables import Tables, active_clients, net_amount

MIN_CLIENTS = 5  # fewer project clients than this: no population to fit the models on
DAYS_PER_WEEK = 7.0  # the models' time unit is the week
SUMMARY = ("frequency", "recency", "T", "monetary_value")


def project_invoices(connection: Any, window: Window) -> Any:
    """Positive invoices issued up to the as-of date by active project clients (Ibis)."""
    tables = Tables.from_connection(connection)
    clients = active_clients(tables, window)
    projects = clients.filter(clients.kind == "project").select("client_id")
    invoices = tables.invoices
    return invoices.filter(
        invoices.amount_minor > 0, invoices.issue_date <= ibis.date(window.as_of)
    ).semi_join(projects, "client_id")


def customer_summary(connection: Any, window: Window) -> Any:
    """One row per project client, computed in the engine: frequency, recency, T (weeks) and
    monetary_value, as `clientfit.models.transactions.summarize_transactions` defines them
    (invoices of one day are one purchase; the first purchase day is left out of the value;
    amounts are net of sales tax: the revenue, not what passes through to the tax office).
    Amounts are exact integer sums; the only float steps are the final divisions."""
    invoices = project_invoices(connection, window)
    days = invoices.group_by(["client_id", "issue_date"]).aggregate(
        day_minor=net_amount(invoices).sum())
    days = days.mutate(first=days.issue_date.min().over(group_by="client_id"))
    per = days.group_by("client_id").aggregate(
        purchase_days=days.count(), first=days.first.min(), last=days.issue_date.max(),
        total_minor=days.day_minor.sum(),
        first_minor=ibis.ifelse(days.issue_date == days.first, days.day_minor, 0).sum())
    frequency = (per.purchase_days - 1).cast("float64")
    repeat_minor = (per.total_minor - per.first_minor).cast("float64")
    return per.select(
        "client_id",
        frequency=frequency,
        recency=per.last.delta(per.first, unit="day").cast("float64") / DAYS_PER_WEEK,
        T=ibis.date(window.as_of).delta(per.first, unit="day").cast("float64") / DAYS_PER_WEEK,
        monetary_value=ibis.ifelse(frequency > 0, repeat_minor / frequency, 0.0),
    )


def compressed_summary(summary: Any) -> Any:
    """The summary's unique (frequency, recency, T, monetary_value) rows with the number of
    clients on each (`weight`): the only rows the models read. Ordered by each row's first
    client id — the order `summarize_transactions` + `compress` give the rows — so every
    engine hands the fit the same arrays as the in-memory path, to the last bit."""
    unique = summary.group_by(list(SUMMARY)).aggregate(
        weight=summary.count(), first_client=summary.client_id.min())
    return unique.order_by("first_client").drop("first_client")


def lifetime_values(
    connection: Any, window: Window, horizon_months: int, annual_discount_rate: float
) -> dict[str, dict[str, Any]]:
    """client id -> p_alive, expected purchases and revenue over the horizon, and CLV: BG/NBD
    and Gamma-Gamma fitted on the compressed summary, scored on each unique row, and each
    client given its row's values."""
    summary = customer_summary(connection, window)
    unique = compressed_summary(summary).to_pandas()
    if unique["weight"].sum() < MIN_CLIENTS:
        return {}
    weights = unique["weight"].to_numpy(dtype=float)
    rows = unique[list(SUMMARY)].astype(float)
    try:
        # the optimiser probes outside the parameter space on the way; those steps are rejected
        with np.errstate(invalid="ignore", divide="ignore"):
            bgnbd = BetaGeoModel().fit(rows, weights=weights)
            gamma_gamma = None
            spenders = ((rows["frequency"] > 0) & (rows["monetary_value"] > 0)).to_numpy()
            if weights[spenders].sum() >= 2:
                gamma_gamma = GammaGammaModel().fit(rows[spenders], weights=weights[spenders])
            predicted = predict_clv(bgnbd, gamma_gamma, rows, horizon_months, "week",
                                    annual_discount_rate)
    except (ModelInputError, np.linalg.LinAlgError, ValueError):
        return {}  # too little or too degenerate history to fit: no lifetime values
    by_row = {key: _values(rows.loc[i], predicted.loc[i])
              for i, key in zip(rows.index, rows.itertuples(index=False, name=None),
                                strict=True)}
    clients = summary.to_pandas()
    return {str(client_id): by_row[key] for client_id, key in zip(
        clients["client_id"], clients[list(SUMMARY)].astype(float).itertuples(
            index=False, name=None), strict=True)}


def _values(summary: pd.Series, row: pd.Series) -> dict[str, Any]:
    return {
        "p_alive": _finite(row["p_alive"]),
        "expected_purchases_horizon": _finite(row["expected_transactions"]),
        "expected_revenue_horizon_minor": _rounded(row.get("expected_revenue")),
        "clv_minor": _rounded(row.get("clv")),
        "weeks_since_last_purchase": round(float(summary["T"] - summary["recency"]), 1),
    }


def _finite(value: Any) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _rounded(value: Any) -> int | None:
    if value is None:
        return None
    value = float(value)
    return int(round(value)) if np.isfinite(value) else None
