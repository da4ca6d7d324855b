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
from clientfit.models import fit_clv
from clientfit.models._checks import ModelInputError
from clientfit.signals.tables import Tables, active_clients

MIN_CLIENTS = 5  # fewer project clients than this: no population to fit the models on


def project_invoices(connection: Any, window: Window) -> pd.DataFrame:
    """Positive invoices issued up to the as-of date by active project clients."""
    tables = Tables.from_connection(connection)
    clients = active_clients(tables, window)
    projects = clients.filter(clients.kind == "project").select("client_id")
    invoices = tables.invoices
    selected = invoices.filter(
        invoices.amount_minor > 0, invoices.issue_date <= ibis.date(window.as_of)
    ).semi_join(projects, "client_id")
    return selected.select("client_id", "issue_date", "amount_minor").to_pandas()


def lifetime_values(
    connection: Any, window: Window, horizon_months: int, annual_discount_rate: float
) -> dict[str, dict[str, Any]]:
    """client id -> p_alive, expected purchases and revenue over the horizon, and CLV."""
    invoices = project_invoices(connection, window)
    if invoices["client_id"].nunique() < MIN_CLIENTS:
        return {}
    invoices["issue_date"] = pd.to_datetime(invoices["issue_date"])
    try:
        # the optimiser probes outside the parameter space on the way; those steps are rejected
        with np.errstate(invalid="ignore", divide="ignore"):
            result = fit_clv(
                invoices, customer="client_id", date="issue_date", amount="amount_minor",
                calibration_end=pd.Timestamp(window.as_of), time_unit="week",
                horizon_months=horizon_months, annual_discount_rate=annual_discount_rate,
            )
    except (ModelInputError, np.linalg.LinAlgError, ValueError):
        return {}  # too little or too degenerate history to fit: no lifetime values
    values: dict[str, dict[str, Any]] = {}
    summary = result.summary
    for client_id, row in result.predictions.iterrows():
        weeks_silent = float(summary.loc[client_id, "T"] - summary.loc[client_id, "recency"])
        values[str(client_id)] = {
            "p_alive": _finite(row["p_alive"]),
            "expected_purchases_horizon": _finite(row["expected_transactions"]),
            "expected_revenue_horizon_minor": _rounded(row.get("expected_revenue")),
            "clv_minor": _rounded(row.get("clv")),
            "weeks_since_last_purchase": round(weeks_silent, 1),
        }
    return values


def _finite(value: Any) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _rounded(value: Any) -> int | None:
    if value is None:
        return None
    value = float(value)
    return int(round(value)) if np.isfinite(value) else None
