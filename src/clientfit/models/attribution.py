"""Friction attribution — "is it just me?" — as a Social Relations Model with crossed effects.

Each friction score (one per message or interaction; any scale, higher = more friction) is

    friction = μ + client effect + staff effect + pair effect + noise

with client effects ~ N(0, σ²_client) ("difficult with everyone"), staff effects ~ N(0, σ²_staff)
("this person has friction with many clients"), pair effects ~ N(0, σ²_pair) ("this client with
this person": a personal mismatch) and noise ~ N(0, σ²). This is Kenny's Social Relations Model
(actor, partner and relationship effects) written as a linear mixed model with crossed random
effects. The variances are estimated by REML and each effect is its empirical-Bayes estimate
(BLUP): shrunk towards zero the more, the less data it rests on — a pair seen in three messages
moves little from zero, a pair seen in three hundred says what the data say.

Usage::

    model = FrictionAttribution().fit(messages)   # columns client_id, staff_id, friction
    model.client_effects_    # per client: effect, se, lower, upper, n, flagged
    model.staff_effects_     # per staff member
    model.pair_effects_      # per (client_id, staff_id)
    best_fit_colleague(model, "C7", ["S1", "S2", "S4"])

`effect` is in friction units, relative to the average (μ, in `mean_`); `se` is the square
root of the prediction-error variance (it includes the uncertainty of μ and of the other
effects); `lower`/`upper` is the interval at `level`. `flagged` means the whole interval lies
above `min_effect` (default: a quarter of the noise standard deviation): friction that is both
clearly there and large enough to matter.

The computation works on per-pair sums: REML through Henderson's mixed-model equations, with
the client block (diagonal) eliminated first. Two solvers (`solver`): "dense" factorises the
staff block, O(pairs + staff³) per likelihood evaluation — fine for any number of clients as long
as staff number in the hundreds; "sparse" (`_sparse_reml`) solves the same equations by
preconditioned conjugate gradients, O(pairs) per product, for millions of clients and up to
10⁵ staff. "auto" (the default) takes the sparse one above `DENSE_STAFF_LIMIT` staff members.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
from scipy import optimize, stats

from clientfit.models._checks import (
    ModelInputError,
    check_fitted,
    check_positive,
    numeric_column,
    require_columns,
    single_threaded_blas,
)
from clientfit.models._reml import _Pairs, _solve, reml_gradient
from clientfit.models._sparse_reml import SparseREML

COMPONENTS = ("client", "staff", "pair", "residual")
SOLVERS = ("auto", "dense", "sparse")
# above this many staff members "auto" solves sparse: the dense staff block's Cholesky, repeated
# for every likelihood evaluation and EM step, grows with staff³ (benchmarks/RESULTS.md)
DENSE_STAFF_LIMIT = 1500


def _heavy_tails(
    solve: Callable[..., dict], pairs: _Pairs, var: np.ndarray, nu: float, max_iter: int = 200,
    accelerate: bool = False,
) -> tuple:
    """Student-t effects as normal scale mixtures, fitted by EM (Henderson's EM-REML with a
    weight per effect): each effect's prior variance is σ²/λ with E[λ] = (ν+1)/(ν + E[u²]/σ²).
    The noise variance stays at its REML value. Returns the variances and the final solution.

    `accelerate`: SQUAREM (Varadhan & Roland 2008, scheme S3) on the EM map of the log
    variances and log weights: two EM steps, one extrapolated step along them, then an EM step
    from there; the same stopping rule (a step that moves no effect by 1e-7) is applied to the
    plain EM steps it takes. `max_iter` counts solves either way."""
    sizes = (pairs.n_clients, pairs.n_staff, pairs.n_pairs)
    keys = (("client", "client_pev"), ("staff", "staff_pev"), ("pair", "pair_pev"))

    def step(sigma: np.ndarray, weights: list[np.ndarray]) -> tuple:
        prior = [sigma[i] / weights[i] for i in range(3)]
        est = solve((*prior, var[3]), full=True)
        sigma, weights = sigma.copy(), list(weights)
        for i, (eff, pev) in enumerate(keys):
            second = est[eff] ** 2 + est[pev]  # E[u²] given the data
            sigma[i] = max(float((weights[i] * second).mean()), 1e-10)
            weights[i] = (nu + 1) / (nu + second / sigma[i])
        return sigma, weights, est, np.r_[est["client"], est["staff"], est["pair"]]

    sigma = np.array(var[:3], float)
    weights = [np.ones(k) for k in sizes]
    if not accelerate:
        previous = None
        for _ in range(max_iter):
            sigma, weights, est, current = step(sigma, weights)
            if previous is not None and np.abs(current - previous).max() < 1e-7:
                break
            previous = current
        return np.r_[sigma, var[3]], est

    def packed(sigma: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
        return np.log(np.r_[sigma, np.concatenate(weights)])

    def unpacked(theta: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        values = np.exp(theta)
        bounds = np.cumsum([3, *sizes])
        return values[:3], [values[bounds[i]:bounds[i + 1]] for i in range(3)]

    solves, previous = 0, None
    while solves < max_iter:
        theta0 = packed(sigma, weights)
        sigma1, weights1, est, current = step(sigma, weights)
        solves += 1
        if previous is not None and np.abs(current - previous).max() < 1e-7:
            return np.r_[sigma1, var[3]], est
        sigma2, weights2, est2, after = step(sigma1, weights1)
        solves += 1
        if np.abs(after - current).max() < 1e-7:
            return np.r_[sigma2, var[3]], est2
        theta1, theta2 = packed(sigma1, weights1), packed(sigma2, weights2)
        r, v = theta1 - theta0, theta2 - 2 * theta1 + theta0
        alpha = -np.sqrt((r @ r) / (v @ v)) if v @ v > 0 else -1.0
        alpha = min(alpha, -1.0)  # -1 is the plain second EM step
        theta = theta0 - 2 * alpha * r + alpha**2 * v
        if not np.all(np.isfinite(theta)):
            theta = theta2
        sigma, weights = unpacked(theta)
        sigma = np.maximum(sigma, 1e-10)
        previous = after
    return np.r_[sigma, var[3]], est


STALL_GRADIENT = 1e-4  # of −2ℓ per unit log-variance: far below any step that matters


def _dense_reml(pairs: _Pairs, start: np.ndarray) -> tuple[np.ndarray, bool]:
    """REML by L-BFGS-B on the exact −2ℓ and its analytic gradient (dense staff block)."""

    def objective(log_var: np.ndarray) -> tuple[float, np.ndarray]:
        try:
            return reml_gradient(pairs, log_var)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros(4)

    # tolerances tight enough that the optimum is found to ~1e-8 in −2ℓ (scipy's defaults
    # stopped ~2e-6 short at 10,000 clients; the sparse fit is checked against this one)
    result = optimize.minimize(
        objective, start, jac=True, method="L-BFGS-B", bounds=[(-14.0, 3.0)] * 4,
        options={"maxiter": 500, "ftol": 1e-14, "gtol": 1e-9},
    )
    return result.x, bool(result.success) or _stalled_at_optimum(result, [(-14.0, 3.0)] * 4)


def _stalled_at_optimum(result: optimize.OptimizeResult,
                        bounds: list[tuple[float, float]]) -> bool:
    """L-BFGS-B's line search can stop "abnormally" at the optimum when `ftol` asks for more
    than rounding allows (which BLAS kernel the CPU picks decides that). Such a stop counts as
    converged when the projected gradient is at rounding level."""
    if result.status != 2:
        return False
    gradient = np.asarray(result.jac, dtype=float).copy()
    for i, (low, high) in enumerate(bounds):
        at_low, at_high = result.x[i] <= low + 1e-12, result.x[i] >= high - 1e-12
        if (at_low and gradient[i] > 0) or (at_high and gradient[i] < 0):
            gradient[i] = 0.0
    return bool(np.max(np.abs(gradient)) <= STALL_GRADIENT)


class FrictionAttribution:
    """Client, staff and pair effects of friction with shrinkage and intervals (see module doc).

    Parameters
    ----------
    level:
        Coverage of the intervals (0.95 = 95 %).
    min_effect:
        An effect is flagged when its whole interval lies above this many friction units;
        None = a quarter of the estimated noise standard deviation.
    tail_df:
        Degrees of freedom of the Student-t distribution of the effects (None = normal). With
        normal effects one mismatched pair among a hundred ordinary ones is shrunk almost to
        zero; heavy tails (the default, 4) let a clear outlier keep its size while ordinary
        effects are still shrunk.
    solver:
        "dense", "sparse" or "auto" (sparse above `DENSE_STAFF_LIMIT` staff members); see the
        module doc. Both give the same fit (tests/models/test_sparse_attribution.py); with more
        than `_sparse_reml.EXACT_PROBE_LIMIT` staff the sparse traces and standard errors are
        estimates (Hutchinson) and `log_likelihood_` is NaN.
    accelerate:
        Whether the heavy tails' EM is accelerated by SQUAREM (`_heavy_tails`). Off by default:
        where every variance is inside its range it reaches the EM's fixed point in ~4× fewer
        solves (tests/models/test_sparse_attribution.py), but on the demo portfolios the staff
        variance heads to zero, where neither converges within `max_iter` and the two stop at
        slightly different points (docs/decisions.md, e15d).
    """

    def __init__(
        self, level: float = 0.95, min_effect: float | None = None, tail_df: float | None = 4.0,
        solver: str = "auto", accelerate: bool = False,
    ) -> None:
        self.level = level
        self.min_effect = min_effect
        self.tail_df = tail_df
        self.solver = solver
        self.accelerate = accelerate

    def fit(
        self,
        data: pd.DataFrame,
        client: str = "client_id",
        staff: str = "staff_id",
        friction: str = "friction",
    ) -> FrictionAttribution:
        """Fit on one row per message or interaction with a client, a staff member, a score."""
        if not 0 < self.level < 1:
            raise ModelInputError(f"level must be between 0 and 1, got {self.level!r}")
        if self.min_effect is not None:
            check_positive("min_effect", self.min_effect, allow_zero=True)
        if self.tail_df is not None:
            check_positive("tail_df", self.tail_df)
        if self.solver not in SOLVERS:
            raise ModelInputError(
                f"solver must be one of {', '.join(SOLVERS)}, got {self.solver!r}")
        require_columns(data, [client, staff, friction], "friction table")
        for column in (client, staff):
            if data[column].isna().any():
                row = data.index[int(np.argmax(data[column].isna().to_numpy()))]
                raise ModelInputError(f"friction table: row {row!r} has no {column}")
        y = numeric_column(data, friction, "friction table")
        pairs = _Pairs(data[client].to_numpy(), data[staff].to_numpy(), y)
        if pairs.n_clients < 2 or pairs.n_staff < 2:
            raise ModelInputError(
                "friction attribution needs at least two clients and two staff members"
            )
        scale = float(y.std()) or 1.0
        scaled = _Pairs.__new__(_Pairs)
        scaled.__dict__.update(pairs.__dict__)
        scaled.mean, scaled.ss_within = pairs.mean / scale, pairs.ss_within / scale**2

        start = np.log([0.1, 0.1, 0.1, 0.5])
        use_sparse = self.solver == "sparse" or (
            self.solver == "auto" and pairs.n_staff > DENSE_STAFF_LIMIT)
        with single_threaded_blas():
            if use_sparse:
                solver = SparseREML(scaled)
                log_var, converged = solver.fit(start)
                solve: Callable[..., dict] = solver.solve
            else:
                log_var, converged = _dense_reml(scaled, start)
                solve = partial(_solve, scaled)
            var = np.exp(log_var)
            if self.tail_df is not None:
                var, est = _heavy_tails(solve, scaled, var, self.tail_df,
                                        accelerate=self.accelerate)
            else:
                est = solve(var, full=True)
        self.solver_ = "sparse" if use_sparse else "dense"
        self.variance_components_ = dict(zip(COMPONENTS, var * scale**2, strict=True))
        self.mean_ = float(est["mu"] * scale)
        self.mean_se_ = float(np.sqrt(est["mu_var"]) * scale)
        self.log_likelihood_ = float(-est["m2ll"] / 2)  # REML, on the standardised scale
        self.converged_ = bool(converged)
        self.n_obs_, self.n_pairs_ = pairs.n_obs, pairs.n_pairs
        threshold = (
            np.sqrt(self.variance_components_["residual"]) / 4
            if self.min_effect is None else self.min_effect
        )
        self.threshold_ = float(threshold)
        z = stats.norm.ppf(0.5 + self.level / 2)

        def table(
            effect: np.ndarray, pev: np.ndarray, index: pd.Index, n: np.ndarray
        ) -> pd.DataFrame:
            effect, se = effect * scale, np.sqrt(pev) * scale
            frame = pd.DataFrame(
                {"effect": effect, "se": se, "lower": effect - z * se, "upper": effect + z * se,
                 "n": n.astype(int)},
                index=index,
            )
            frame["flagged"] = frame["lower"] > threshold
            return frame

        n_client = np.bincount(pairs.c, weights=pairs.n, minlength=pairs.n_clients)
        n_staff = np.bincount(pairs.s, weights=pairs.n, minlength=pairs.n_staff)
        self.client_effects_ = table(
            est["client"], est["client_pev"], pd.Index(pairs.clients, name=client), n_client
        )
        self.staff_effects_ = table(
            est["staff"], est["staff_pev"], pd.Index(pairs.staff, name=staff), n_staff
        )
        pair_index = pd.MultiIndex.from_arrays(
            [pairs.clients[pairs.c], pairs.staff[pairs.s]], names=[client, staff]
        )
        self.pair_effects_ = table(est["pair"], est["pair_pev"], pair_index, pairs.n)
        return self

    def expected_friction(self, client: object, staff: object) -> tuple[float, float]:
        """Expected friction (and its se, approximately) of this client with this staff member.

        An unseen pair has pair effect 0 with the pair variance as its uncertainty; an unknown
        client or staff member likewise gets 0 and the population variance.
        """
        check_fitted(self, "pair_effects_")
        v = self.variance_components_
        parts = [(self.mean_, self.mean_se_**2)]
        for effects, key, component in (
            (self.client_effects_, client, "client"),
            (self.staff_effects_, staff, "staff"),
            (self.pair_effects_, (client, staff), "pair"),
        ):
            if key in effects.index:
                row = effects.loc[key]
                parts.append((float(row["effect"]), float(row["se"]) ** 2))
            else:
                parts.append((0.0, v[component]))
        return sum(p[0] for p in parts), float(np.sqrt(sum(p[1] for p in parts)))


def best_fit_colleague(
    model: FrictionAttribution, client: object, candidates: list[object]
) -> pd.DataFrame:
    """Candidates ranked by the friction expected with this client, lowest first.

    Expected friction = staff effect + pair effect (the client's own effect and the mean are the
    same for every candidate and left out); a candidate who never worked with the client has
    pair effect 0. Columns: staff effect, pair effect, expected (their sum), se (of the sum,
    treating the two as independent), n_pair (messages of this pair).
    """
    check_fitted(model, "pair_effects_")
    if not candidates:
        raise ModelInputError("best_fit_colleague needs at least one candidate")
    v = model.variance_components_
    rows = []
    for staff in candidates:
        if staff in model.staff_effects_.index:
            s_eff, s_se = model.staff_effects_.loc[staff, ["effect", "se"]]
        else:
            s_eff, s_se = 0.0, np.sqrt(v["staff"])
        if (client, staff) in model.pair_effects_.index:
            p_eff, p_se, n = model.pair_effects_.loc[(client, staff), ["effect", "se", "n"]]
        else:
            p_eff, p_se, n = 0.0, np.sqrt(v["pair"]), 0
        rows.append({"staff_id": staff, "staff_effect": float(s_eff), "pair_effect": float(p_eff),
                     "expected": float(s_eff + p_eff), "se": float(np.hypot(s_se, p_se)),
                     "n_pair": int(n)})
    return pd.DataFrame(rows).sort_values("expected", kind="stable").reset_index(drop=True)


def client_summary(model: FrictionAttribution, staff: list[object] | None = None) -> pd.DataFrame:
    """One row per client, for the assessment: its own effect, its worst pair and its best fit.

    Columns: client_effect, client_lower, client_flagged; worst_staff_id (the colleague with the
    largest pair effect), pair_effect, pair_lower, pair_flagged, pair_n; staff_effect and
    staff_flagged of that colleague; best_staff_id and best_expected — the colleague other than
    the worst one with the lowest staff + pair effect, among `staff` (default: everyone seen).
    """
    check_fitted(model, "pair_effects_")
    candidates = list(model.staff_effects_.index) if staff is None else list(staff)
    pairs = model.pair_effects_.reset_index()
    client_col, staff_col = pairs.columns[0], pairs.columns[1]
    worst = pairs.loc[pairs.groupby(client_col)["effect"].idxmax()].set_index(client_col)
    clients = model.client_effects_
    out = pd.DataFrame(
        {
            "client_effect": clients["effect"],
            "client_lower": clients["lower"],
            "client_flagged": clients["flagged"],
            "worst_staff_id": worst[staff_col],
            "pair_effect": worst["effect"],
            "pair_lower": worst["lower"],
            "pair_flagged": worst["flagged"],
            "pair_n": worst["n"],
        },
        index=clients.index,
    )
    out["staff_effect"] = model.staff_effects_["effect"].reindex(out["worst_staff_id"]).to_numpy()
    out["staff_flagged"] = model.staff_effects_["flagged"].reindex(
        out["worst_staff_id"]
    ).to_numpy()
    best_ids, best_values = [], []
    for client, worst_id in out["worst_staff_id"].items():
        others = [s for s in candidates if s != worst_id]
        if not others:
            best_ids.append(None)
            best_values.append(np.nan)
            continue
        ranking = best_fit_colleague(model, client, others)
        best_ids.append(ranking["staff_id"].iloc[0])
        best_values.append(float(ranking["expected"].iloc[0]))
    out["best_staff_id"] = best_ids
    out["best_expected"] = best_values
    return out
