"""BG/NBD: how many more transactions a customer will make, and whether they are still active.

The beta-geometric / negative-binomial distribution model of Fader, Hardie & Lee (2005),
"Counting your customers the easy way", Marketing Science 24(2). While active, a customer buys
at a Poisson rate λ; after each repeat transaction they drop out for good with probability p.
Across customers λ ~ Gamma(shape r, rate α) and p ~ Beta(a, b).

Input is one row per customer (see `clientfit.models.transactions.summarize_transactions`):

- ``frequency`` — number of repeat transactions (distinct days with a purchase, minus one);
- ``recency`` — time from the first to the last transaction;
- ``T`` — time from the first transaction to the end of the observation period.

Times are in one unit of your choice (days or weeks); the fitted α is in the same unit.

Usage::

    model = BetaGeoModel().fit(summary)          # summary: a DataFrame, one row per customer
    model.params_                                # {"r": ..., "alpha": ..., "a": ..., "b": ...}
    model.standard_errors_                       # from the observed information
    model.probability_alive(summary)             # P(still active at T), per customer
    model.expected_transactions(52, summary)     # expected transactions in the next 52 units

Fitting maximises the exact log-likelihood (vectorized, with its analytic gradient) over the
unique (frequency, recency, T) rows, each weighted by how many customers share it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import optimize, special

from clientfit.models._checks import (
    ModelInputError,
    check_fitted,
    check_positive,
    check_rfm,
    numeric_column,
    require_columns,
    single_threaded_blas,
)

PARAM_NAMES = ("r", "alpha", "a", "b")


def rfm_arrays(
    data: pd.DataFrame, what: str = "data"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """frequency, recency and T of a customer summary, checked."""
    require_columns(data, ("frequency", "recency", "T"), what)
    x = numeric_column(data, "frequency", what)
    t_x = numeric_column(data, "recency", what)
    T = numeric_column(data, "T", what)
    check_rfm(x, t_x, T, what)
    return x, t_x, T


def compress(*columns: np.ndarray, weights: np.ndarray | None = None) -> tuple:
    """Unique rows of the given columns and how many customers (or how much weight) each holds.

    Hash-based (pandas.factorize), so it takes linear time; rows come back in first-seen order.
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(np.asarray(column), sort=False)
        key = key * len(uniques) + codes
        key, _ = pd.factorize(key, sort=False)  # keep the combined key small
    first = np.zeros(key.max() + 1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]  # first row of each combination
    counts = np.bincount(key, weights=weights, minlength=len(first))
    return tuple(np.asarray(column)[first] for column in columns) + (counts.astype(float),)


def _loglik_terms(
    params: np.ndarray,
    x: np.ndarray,
    t_x: np.ndarray,
    T: np.ndarray,
    grad: bool,
    groups: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-row log-likelihood and (optionally) its gradient in (r, α, a, b).

    `groups` = (distinct frequencies, index of each row's frequency among them): the gamma and
    digamma terms depend on the frequency only, so they are computed once per distinct value.
    """
    r, alpha, a, b = params
    fx, at = groups if groups is not None else (x, slice(None))
    repeat = x > 0
    log_at = np.log(alpha + T)
    log_atx = np.log(alpha + t_x)
    bx1 = np.where(repeat, b + x - 1, 1.0)
    per_x = (
        special.gammaln(r + fx) - special.gammaln(r) + r * np.log(alpha)
        + special.gammaln(a + b) + special.gammaln(b + fx)
        - special.gammaln(b) - special.gammaln(a + b + fx)
    )
    a3 = -(r + x) * log_at
    a4 = np.where(repeat, np.log(a) - np.log(bx1) - (r + x) * log_atx, -np.inf)
    mix = np.logaddexp(a3, a4)
    ll = per_x[at] + mix
    if not grad:
        return ll, None
    w3 = np.exp(a3 - mix)
    w4 = 1.0 - w3
    psi_abx = special.digamma(a + b + fx)
    psi_ab = special.digamma(a + b)
    d_r = (special.digamma(r + fx) - special.digamma(r) + np.log(alpha))[at]
    d_r = d_r - w3 * log_at - w4 * log_atx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = (psi_ab - psi_abx)[at] + w4 / a
    d_b = (psi_ab + special.digamma(b + fx) - special.digamma(b) - psi_abx)[at] - w4 / bx1
    return ll, np.stack([d_r, d_alpha, d_a, d_b])


def standard_errors(
    gradient: Callable[[np.ndarray], np.ndarray], theta: np.ndarray
) -> np.ndarray:
    """Standard errors from the observed information: the Hessian of the log-likelihood by
    central differences of its analytic `gradient` (a function of the parameter vector)."""
    k = len(theta)
    hessian = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(abs(theta[j]), 1e-3)
        step = np.zeros(k)
        step[j] = h
        hessian[:, j] = (gradient(theta + step) - gradient(theta - step)) / (2 * h)
    hessian = (hessian + hessian.T) / 2
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        return np.full(k, np.nan)
    return np.sqrt(np.where(np.diag(covariance) > 0, np.diag(covariance), np.nan))


def log_likelihood(
    params: dict[str, float] | np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    weights: np.ndarray | None = None,
) -> float:
    """Total BG/NBD log-likelihood of the customers at the given parameters."""
    p = np.array([params[k] for k in PARAM_NAMES]) if isinstance(params, dict) else params
    ll, _ = _loglik_terms(np.asarray(p, float), frequency, recency, T, grad=False)
    return float(ll.sum() if weights is None else (ll * weights).sum())


class BetaGeoModel:
    """BG/NBD repeat-purchase model fitted by maximum likelihood.

    Parameters
    ----------
    penalizer:
        Optional L2 penalty on the log-parameters (0 = plain maximum likelihood). A small value
        (e.g. 0.001) keeps tiny or degenerate data sets from running off to extreme parameters.
    max_iter:
        Iteration limit of the L-BFGS-B optimizer.
    """

    def __init__(self, penalizer: float = 0.0, max_iter: int = 1000) -> None:
        self.penalizer = penalizer
        self.max_iter = max_iter

    def fit(self, data: pd.DataFrame, weights: np.ndarray | None = None) -> BetaGeoModel:
        """Fit to a customer summary with columns frequency, recency, T (one row per customer).

        `weights` (optional) counts how many customers each row stands for.
        """
        check_positive("penalizer", self.penalizer, allow_zero=True)
        x, t_x, T = rfm_arrays(data, "customer summary")
        if weights is not None:
            weights = np.asarray(weights, float)
            if weights.shape != x.shape or (weights < 0).any():
                raise ModelInputError("weights must be one non-negative number per customer")
        ux, utx, uT, w = compress(x, t_x, T, weights=weights)
        scale = 10.0 / uT.max()  # work on times of order 10: better-conditioned optimisation
        sx, stx, sT = ux, utx * scale, uT * scale
        n = w.sum()
        groups = np.unique(ux, return_inverse=True)

        def objective(log_p: np.ndarray) -> tuple[float, np.ndarray]:
            p = np.exp(log_p)
            ll, g = _loglik_terms(p, sx, stx, sT, grad=True, groups=groups)
            value = -(ll * w).sum() / n + self.penalizer * (log_p**2).sum()
            gradient = -(g * w).sum(axis=1) / n * p + 2 * self.penalizer * log_p
            return float(value), gradient

        best = None
        for start in (np.zeros(4), np.array([-1.0, 0.0, -0.5, 0.5])):
            with single_threaded_blas():
                res = optimize.minimize(
                    objective, start, jac=True, method="L-BFGS-B",
                    bounds=[(-20, 20)] * 4,
                    options={"maxiter": self.max_iter, "ftol": 1e-14, "gtol": 1e-9},
                )
            if best is None or res.fun < best.fun:
                best = res
            if best.success and np.abs(best.x).max() < 19:  # a second start only if stuck
                break
        assert best is not None
        r, alpha_scaled, a, b = np.exp(best.x)
        self.params_ = {"r": r, "alpha": alpha_scaled / scale, "a": a, "b": b}
        self.log_likelihood_ = log_likelihood(self.params_, ux, utx, uT, w)

        def gradient(theta: np.ndarray) -> np.ndarray:
            _, g = _loglik_terms(theta, ux, utx, uT, grad=True, groups=groups)
            return (g * w).sum(axis=1)

        theta = np.array([self.params_[k] for k in PARAM_NAMES])
        self.standard_errors_ = dict(
            zip(PARAM_NAMES, standard_errors(gradient, theta), strict=True)
        )
        self.n_customers_ = int(round(n))
        self.n_unique_rows_ = len(ux)
        self.converged_ = bool(best.success)
        return self

    # ---- predictions -------------------------------------------------------------------------

    def _p(self) -> tuple[float, float, float, float]:
        check_fitted(self, "params_")
        return tuple(self.params_[k] for k in PARAM_NAMES)  # type: ignore[return-value]

    def probability_alive(self, data: pd.DataFrame) -> np.ndarray:
        """P(the customer is still active at the end of the observation period), per row."""
        r, alpha, a, b = self._p()
        x, t_x, T = rfm_arrays(data)
        return 1.0 / (1.0 + self._odds_dead(x, t_x, T))

    def _odds_dead(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        r, alpha, a, b = self._p()
        repeat = x > 0
        log_odds = (
            np.log(a)
            - np.log(np.where(repeat, b + x - 1, 1.0))
            + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        )
        return np.where(repeat, np.exp(np.minimum(log_odds, 700.0)), 0.0)

    def expected_transactions(self, t: float, data: pd.DataFrame) -> np.ndarray:
        """Expected number of transactions in the next `t` time units, per customer."""
        check_positive("t", t, allow_zero=True)
        r, alpha, a, b = self._p()
        x, t_x, T = rfm_arrays(data)
        with np.errstate(over="ignore", invalid="ignore"):
            hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            ratio = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
            numerator = (a + b + x - 1) / (a - 1) * (1 - ratio * hyp)
        # When nobody in the data ever drops out the fit drives b to huge values and the
        # hypergeometric series overflows; dropout over the horizon is then negligible and the
        # expectation is its no-dropout limit, the Poisson-gamma rate (r + x) / (alpha + T) x t.
        no_dropout = (r + x) / (alpha + T) * t
        numerator = np.where(np.isfinite(numerator), numerator, no_dropout)
        return numerator / (1.0 + self._odds_dead(x, t_x, T))

    def expected_transactions_new_customer(self, t: float | np.ndarray) -> np.ndarray:
        """Expected repeat transactions by time `t` of a customer who has just made a first one."""
        r, alpha, a, b = self._p()
        t = np.asarray(t, float)
        hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)
