"""Gamma-Gamma: how much a customer spends per transaction.

Fader & Hardie, "The Gamma-Gamma model of monetary value" (2013 note). Each transaction of a
customer is worth a Gamma(p, ν) amount; across customers ν ~ Gamma(q, γ). Only customers with
at least one repeat transaction carry information; the model assumes spend per transaction is
independent of how often a customer buys (check: the correlation of frequency and
monetary_value should be small).

Input: one row per customer with ``frequency`` (number of repeat transactions) and
``monetary_value`` (their mean value), as made by
`clientfit.models.transactions.summarize_transactions(..., amount=...)`. Rows with frequency 0
are ignored when fitting.

Usage::

    model = GammaGammaModel().fit(summary)
    model.params_                         # {"p": ..., "q": ..., "gamma": ...}
    model.standard_errors_                # from the observed information
    model.expected_average_value(summary) # expected value of a future transaction, per customer
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, special

from clientfit.models._checks import (
    ModelInputError,
    check_fitted,
    check_positive,
    numeric_column,
    require_columns,
    single_threaded_blas,
)
from clientfit.models.bgnbd import compress, standard_errors

PARAM_NAMES = ("p", "q", "gamma")


def _arrays(
    data: pd.DataFrame, what: str = "data", strict: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    require_columns(data, ("frequency", "monetary_value"), what)
    x = numeric_column(data, "frequency", what)
    m = numeric_column(data, "monetary_value", what)
    if (x < 0).any():
        raise ModelInputError(f"{what}: frequency is negative")
    bad = (x > 0) & (m <= 0)
    if strict and bad.any():
        raise ModelInputError(
            f"{what}: monetary_value must be more than zero for customers with repeat "
            f"transactions (row {int(np.argmax(bad))} has {m[int(np.argmax(bad))]:g})"
        )
    return x, m


def _loglik_terms(
    params: np.ndarray, x: np.ndarray, m: np.ndarray, grad: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    p, q, g = params
    px = p * x
    log_gxm = np.log(g + x * m)
    ll = (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(g)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_gxm
    )
    if not grad:
        return ll, None
    psi = special.digamma(px + q)
    d_p = x * (psi - special.digamma(px) + np.log(m) + np.log(x) - log_gxm)
    d_q = psi - special.digamma(q) + np.log(g) - log_gxm
    d_g = q / g - (px + q) / (g + x * m)
    return ll, np.stack([d_p, d_q, d_g])


class GammaGammaModel:
    """Gamma-Gamma spend-per-transaction model fitted by maximum likelihood.

    Parameters
    ----------
    penalizer:
        Optional L2 penalty on the log-parameters (0 = plain maximum likelihood).
    max_iter:
        Iteration limit of the L-BFGS-B optimizer.
    """

    def __init__(self, penalizer: float = 0.0, max_iter: int = 1000) -> None:
        self.penalizer = penalizer
        self.max_iter = max_iter

    def fit(self, data: pd.DataFrame, weights: np.ndarray | None = None) -> GammaGammaModel:
        """Fit to a customer summary with columns frequency and monetary_value.

        `weights` (optional) counts how many customers each row stands for (a summary
        compressed to unique rows, as `clientfit.signals.lifetime` reads it from an engine).
        """
        check_positive("penalizer", self.penalizer, allow_zero=True)
        x, m = _arrays(data, "customer summary")
        repeat = x > 0
        if weights is not None:
            weights = np.asarray(weights, float)
            if weights.shape != x.shape or (weights < 0).any():
                raise ModelInputError("weights must be one non-negative number per customer")
        customers = repeat.sum() if weights is None else weights[repeat].sum()
        if customers < 2:
            raise ModelInputError(
                "the Gamma-Gamma model needs at least two customers with repeat transactions"
            )
        ux, um, w = compress(x[repeat], m[repeat],
                             weights=None if weights is None else weights[repeat])
        scale = 10.0 / np.median(um)
        sm = um * scale
        n = w.sum()

        def objective(log_p: np.ndarray) -> tuple[float, np.ndarray]:
            params = np.exp(log_p)
            ll, g = _loglik_terms(params, ux, sm, grad=True)
            value = -(ll * w).sum() / n + self.penalizer * (log_p**2).sum()
            gradient = -(g * w).sum(axis=1) / n * params + 2 * self.penalizer * log_p
            return float(value), gradient

        with single_threaded_blas():
            res = optimize.minimize(
                objective, np.zeros(3), jac=True, method="L-BFGS-B", bounds=[(-20, 20)] * 3,
                options={"maxiter": self.max_iter, "ftol": 1e-15, "gtol": 1e-10},
            )
        p, q, g_scaled = np.exp(res.x)
        self.params_ = {"p": p, "q": q, "gamma": g_scaled / scale}
        ll, _ = _loglik_terms(np.array([p, q, g_scaled / scale]), ux, um, grad=False)
        self.log_likelihood_ = float((ll * w).sum())

        def gradient(theta: np.ndarray) -> np.ndarray:
            return (_loglik_terms(theta, ux, um, grad=True)[1] * w).sum(axis=1)

        theta = np.array([p, q, g_scaled / scale])
        self.standard_errors_ = dict(
            zip(PARAM_NAMES, standard_errors(gradient, theta), strict=True)
        )
        self.n_customers_ = int(round(n))
        self.converged_ = bool(res.success)
        return self

    def population_mean_value(self) -> float:
        """Mean value of a transaction across all customers, pγ/(q-1) (infinite when q ≤ 1)."""
        check_fitted(self, "params_")
        p, q, g = (self.params_[k] for k in PARAM_NAMES)
        return float(p * g / (q - 1)) if q > 1 else float("inf")

    def expected_average_value(self, data: pd.DataFrame) -> np.ndarray:
        """Expected value of a customer's future transactions: a weighted mean of the population
        mean and the customer's own mean, the weight growing with their number of repeats.
        (A customer whose repeat purchases net to zero or less counts as having spent 0.)"""
        check_fitted(self, "params_")
        x, m = _arrays(data, strict=False)
        p, q, g = (self.params_[k] for k in PARAM_NAMES)
        m = np.where(x > 0, np.maximum(m, 0.0), 0.0)  # a net refund counts as nothing spent
        return p * (g + x * m) / (p * x + q - 1)
