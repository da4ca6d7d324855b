"""The sparse friction attribution (PCG, probed traces) against the dense fit (issue 15)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import FrictionAttribution, ModelInputError
from clientfit.models import attribution as attribution_module
from clientfit.models._reml import _Pairs
from clientfit.models._sparse_reml import SparseREML, block_pcg
from tests.models.test_attribution import simulate

# Stated tolerance of the sparse fit against the dense one, in friction units (effects, se and
# interval ends) when traces are exact: PCG stops at a relative residual of 1e-10, and the two
# optimisers land on the same REML optimum to about 1e-8 in −2ℓ.
EFFECT_TOLERANCE = 1e-4


def portfolio(clients: int, staff: int, seed: int = 0, per_pair: float = 4.0) -> pd.DataFrame:
    """Messages scored 0/1 as in the product: every client with two staff members drawn at
    random (as `clientfit demo` assigns an owner and a member), 1 + Poisson(per_pair - 1)
    messages per pair, logistic friction with client, staff and pair effects."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 0.3, clients), rng.normal(0, 0.2, staff)
    c = np.repeat(np.arange(clients), 2)
    s = rng.integers(0, staff, 2 * clients)
    g = rng.normal(0, 0.25, len(c))
    n = 1 + rng.poisson(per_pair - 1, len(c))
    mc, ms, mg = np.repeat(c, n), np.repeat(s, n), np.repeat(g, n)
    p = 1 / (1 + np.exp(-(-1.5 + a[mc] + b[ms] + mg)))
    return pd.DataFrame({"client_id": [f"C{i}" for i in mc], "staff_id": [f"S{i}" for i in ms],
                         "friction": (rng.random(len(mc)) < p).astype(float)})


def assert_same_fit(dense: FrictionAttribution, sparse: FrictionAttribution, ll: float) -> None:
    assert dense.solver_ == "dense" and sparse.solver_ == "sparse"
    assert abs(dense.log_likelihood_ - sparse.log_likelihood_) <= ll
    for name in ("client_effects_", "staff_effects_", "pair_effects_"):
        left, right = getattr(dense, name), getattr(sparse, name)
        assert left.index.equals(right.index)
        for column in ("effect", "se", "lower", "upper"):
            np.testing.assert_allclose(right[column], left[column], atol=EFFECT_TOLERANCE,
                                       err_msg=f"{name}.{column}")
        assert (left["n"] == right["n"]).all()
    np.testing.assert_allclose(sparse.mean_, dense.mean_, atol=EFFECT_TOLERANCE)


@pytest.mark.parametrize("seed", [0, 1])
def test_sparse_reml_matches_the_dense_fit(seed):
    data = simulate(seed)
    dense = FrictionAttribution(tail_df=None, solver="dense").fit(data)
    sparse = FrictionAttribution(tail_df=None, solver="sparse").fit(data)
    assert sparse.converged_
    assert_same_fit(dense, sparse, ll=1e-6)


def test_sparse_heavy_tailed_fit_matches_the_dense_one():
    # the EM of the heavy tails stops at a change of 1e-7 per step, so the two paths end a
    # little apart in −2ℓ (about 1e-5 here); effects and intervals agree within the tolerance
    data = simulate(0)
    dense = FrictionAttribution(solver="dense").fit(data)
    sparse = FrictionAttribution(solver="sparse").fit(data)
    assert_same_fit(dense, sparse, ll=1e-4)
    assert list(sparse.pair_effects_.index[sparse.pair_effects_["flagged"]]) == [("C1", "S1")]


def test_auto_takes_the_sparse_solver_above_the_staff_limit(monkeypatch):
    data = simulate(0)
    assert FrictionAttribution().fit(data).solver_ == "dense"
    monkeypatch.setattr(attribution_module, "DENSE_STAFF_LIMIT", 5)
    assert FrictionAttribution().fit(data).solver_ == "sparse"


def test_unknown_solver_lists_the_valid_ones():
    with pytest.raises(ModelInputError, match="auto, dense, sparse"):
        FrictionAttribution(solver="cholmod").fit(simulate(0))


def test_block_pcg_solves_each_column():
    rng = np.random.default_rng(3)
    root = rng.normal(size=(30, 30))
    K = root @ root.T + 30 * np.eye(30)
    rhs = rng.normal(size=(30, 4))
    rhs[:, 2] = 0.0  # a zero column stays zero and does not stall the others
    X = block_pcg(lambda P: K @ P, rhs, 1 / np.diag(K))
    np.testing.assert_allclose(X, np.linalg.solve(K, rhs), atol=1e-8)


def test_stochastic_traces_land_near_the_exact_optimum():
    # beyond EXACT_PROBE_LIMIT the traces are Hutchinson estimates: the variances move a
    # little, the solution of the equations at given variances stays exact
    data = portfolio(600, 60, seed=2)
    pairs = _Pairs(data["client_id"].to_numpy(), data["staff_id"].to_numpy(),
                   data["friction"].to_numpy())
    start = np.log([0.1, 0.1, 0.1, 0.5])
    exact_theta, ok_exact = SparseREML(pairs).fit(start)
    estimated = SparseREML(pairs, exact_limit=2, probes=64, seed=1)
    theta, ok = estimated.fit(start)
    assert ok and ok_exact
    np.testing.assert_allclose(np.exp(theta), np.exp(exact_theta), rtol=0.35)
    var = np.exp(exact_theta)
    exact_solution = SparseREML(pairs).solve(var, full=True)
    probed = estimated.solve(var, full=True)
    np.testing.assert_allclose(probed["client"], exact_solution["client"], atol=1e-8)
    np.testing.assert_allclose(probed["pair"], exact_solution["pair"], atol=1e-8)
    np.testing.assert_allclose(probed["staff_pev"], exact_solution["staff_pev"], rtol=0.5)
    assert np.isnan(probed["m2ll"])


@pytest.mark.slow
def test_sparse_fit_matches_the_dense_fit_at_ten_thousand_clients():
    data = portfolio(10_000, 1_000)
    dense = FrictionAttribution(tail_df=None, solver="dense").fit(data)
    sparse = FrictionAttribution(tail_df=None, solver="sparse").fit(data)
    assert sparse.converged_ and dense.converged_
    assert_same_fit(dense, sparse, ll=1e-6)


def _counting_solves(monkeypatch) -> dict[str, int]:
    """Counts the solves of the heavy tails' EM."""
    counted = {"solves": 0}
    plain = attribution_module._heavy_tails

    def wrapped(solve, *args, **kwargs):
        def counting(*a, **k):
            counted["solves"] += 1
            return solve(*a, **k)
        return plain(counting, *args, **kwargs)

    monkeypatch.setattr(attribution_module, "_heavy_tails", wrapped)
    return counted


@pytest.mark.parametrize("solver", ["dense", "sparse"])
def test_squarem_reaches_the_plain_ems_fit_in_fewer_solves(solver, monkeypatch):
    counted = _counting_solves(monkeypatch)
    data = simulate(0)
    plain = FrictionAttribution(solver=solver, accelerate=False).fit(data)
    plain_solves, counted["solves"] = counted["solves"], 0
    fast = FrictionAttribution(solver=solver, accelerate=True).fit(data)
    assert counted["solves"] * 3 < plain_solves
    for name in ("client_effects_", "staff_effects_", "pair_effects_"):
        left, right = getattr(plain, name), getattr(fast, name)
        assert left.index.equals(right.index)
        for column in ("effect", "se", "lower", "upper"):
            np.testing.assert_allclose(right[column], left[column], atol=EFFECT_TOLERANCE,
                                       err_msg=f"{name}.{column}")
        assert (left["flagged"] == right["flagged"]).all()
    for component, value in plain.variance_components_.items():
        assert fast.variance_components_[component] == pytest.approx(value, rel=1e-3)


def test_squarem_is_off_by_default():
    data = simulate(1)
    for solver in ("dense", "sparse"):
        default = FrictionAttribution(solver=solver).fit(data)
        assert default.pair_effects_.equals(
            FrictionAttribution(solver=solver, accelerate=False).fit(data).pair_effects_)
