"""Data simulated from the models themselves, for recovery tests and benchmarks.

- `simulate_bgnbd_summary` draws (frequency, recency, T) exactly as the BG/NBD model describes;
- `simulate_bgnbd_transactions` draws a transaction table (customer id, date, amount) from
  BG/NBD purchase times and Gamma-Gamma amounts, with customers joining over a period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clientfit.models._checks import check_positive


def _draw_purchases(
    rng: np.random.Generator, params: dict[str, float], T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per customer: observed repeat count x, and the Poisson count n and rate behind it."""
    lam = rng.gamma(params["r"], 1.0 / params["alpha"], size=len(T))
    p = rng.beta(params["a"], params["b"], size=len(T))
    n = rng.poisson(lam * T)
    # repeat transaction on which the customer drops out (geometric on 1, 2, ...)
    drop = rng.geometric(np.clip(p, 1e-12, 1.0))
    x = np.minimum(n, drop)
    return x, n, lam


def simulate_bgnbd_summary(
    n_customers: int, params: dict[str, float], T: float | np.ndarray, seed: int = 0
) -> pd.DataFrame:
    """A customer summary drawn from the BG/NBD model with the given r, alpha, a, b.

    `T` is each customer's observation time (one number for all, or one per customer).
    """
    check_positive("n_customers", n_customers)
    rng = np.random.default_rng(seed)
    T = np.broadcast_to(np.asarray(T, float), (n_customers,)).copy()
    x, n, _ = _draw_purchases(rng, params, T)
    # the x-th of n uniform arrival times on (0, T) is T * Beta(x, n - x + 1)
    recency = np.where(x > 0, T * rng.beta(np.maximum(x, 1), np.maximum(n - x + 1, 1)), 0.0)
    return pd.DataFrame({"frequency": x.astype(float), "recency": recency, "T": T})


def simulate_bgnbd_transactions(
    n_customers: int,
    params: dict[str, float],
    start: str = "2024-01-01",
    join_days: int = 84,
    observe_days: int = 546,
    spend: dict[str, float] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """A transaction table with columns customer_id, date and amount.

    Customers make their first purchase on a uniformly drawn day among the first `join_days`
    days after `start` and are observed until `start + observe_days`. `params` are BG/NBD
    parameters with rates per day; `spend` are Gamma-Gamma parameters p, q, gamma
    (default: CDNOW's). Purchases on the same day are possible and count once in a summary.
    """
    check_positive("n_customers", n_customers)
    spend = spend or {"p": 6.25, "q": 3.74, "gamma": 15.44}
    rng = np.random.default_rng(seed)
    join = rng.integers(0, join_days, size=n_customers)
    T = (observe_days - join).astype(float)
    x, n, _ = _draw_purchases(rng, params, T)
    # all n arrival times of each customer, sorted; keep the first x
    owner = np.repeat(np.arange(n_customers), n)
    times = rng.uniform(0.0, 1.0, size=len(owner)) * T[owner]
    order = np.lexsort((times, owner))
    owner, times = owner[order], times[order]
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(n) - n, n)
    kept = rank < x[owner]
    owner, times = owner[kept], times[kept]
    all_owner = np.concatenate([np.arange(n_customers), owner])
    day = np.concatenate([join, join[owner] + np.floor(times).astype(np.int64)])
    nu = rng.gamma(spend["q"], 1.0 / spend["gamma"], size=n_customers)
    amount = rng.gamma(spend["p"], 1.0 / nu[all_owner])
    order = np.lexsort((day, all_owner))
    dates = np.datetime64(start, "D") + day[order]
    return pd.DataFrame(
        {
            "customer_id": all_owner[order],
            "date": pd.to_datetime(dates),
            "amount": np.round(amount[order], 2),
        }
    )
