from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import FrictionAttribution, ModelInputError, best_fit_colleague

NOISE = 0.5


def simulate(seed: int, clients: int = 40, staff: int = 8, per_pair: tuple = (5, 30)):
    """Ordinary effects are small (sd 0.05); planted: client C0 difficult with everyone (+0.8),
    staff S0 high friction with everyone (+0.6), pair (C1, S1) a persisting mismatch (+1.0,
    20 messages) — C1 is fine with its two other colleagues. C0 and C1 have three colleagues
    and 20 messages with each (enough to tell a client from a pair effect). Each other client
    works with 2-3 staff members, 5-30 messages per pair; noise sd 0.5."""
    rng = np.random.default_rng(seed)
    a = rng.normal(0, 0.05, clients)
    b = rng.normal(0, 0.05, staff)
    a[0], b[0] = 0.8, 0.6
    rows = []
    for c in range(clients):
        team = rng.choice(np.arange(staff), size=rng.integers(2, 4), replace=False)
        if c in (0, 1):
            team = np.array([1, 2, 3]) if c == 1 else np.array([0, 4, 5])
        for s in team:
            g = 1.0 if (c, s) == (1, 1) else rng.normal(0, 0.05)
            n = 20 if c in (0, 1) else rng.integers(*per_pair)
            friction = 2.0 + a[c] + b[s] + g + rng.normal(0, NOISE, n)
            rows += [(f"C{c}", f"S{s}", f) for f in friction]
    return pd.DataFrame(rows, columns=["client_id", "staff_id", "friction"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recovers_planted_client_staff_and_pair(seed):
    model = FrictionAttribution().fit(simulate(seed))
    clients, staff, pairs = model.client_effects_, model.staff_effects_, model.pair_effects_
    assert clients.loc["C0", "flagged"] and clients.loc["C0", "effect"] > 0.5
    assert staff.loc["S0", "flagged"] and staff.loc["S0", "effect"] > 0.35
    assert pairs.loc[("C1", "S1"), "flagged"] and pairs.loc[("C1", "S1"), "effect"] > 0.6
    # the intervals cover the planted values
    assert clients.loc["C0", "lower"] < 0.8 < clients.loc["C0", "upper"]
    assert pairs.loc[("C1", "S1"), "lower"] < 1.0 < pairs.loc[("C1", "S1"), "upper"]
    # nobody ordinary is flagged: not C1 (fine with others), not S1, no other pair
    assert list(clients.index[clients["flagged"]]) == ["C0"]
    assert list(staff.index[staff["flagged"]]) == ["S0"]
    assert list(pairs.index[pairs["flagged"]]) == [("C1", "S1")]


def test_best_fit_colleague_avoids_the_mismatch_and_the_high_friction_member():
    model = FrictionAttribution().fit(simulate(0))
    ranking = best_fit_colleague(model, "C1", ["S0", "S1", "S2", "S3"])
    assert list(ranking["staff_id"][-2:]) in (["S0", "S1"], ["S1", "S0"])
    assert ranking["staff_id"].iloc[0] in ("S2", "S3")
    assert (ranking["expected"].diff().dropna() >= 0).all()
    assert ranking.loc[ranking["staff_id"] == "S0", "n_pair"].item() == 0


def dense_reference(data: pd.DataFrame, v: dict) -> tuple[np.ndarray, np.ndarray]:
    """Henderson's equations written out in full (every message, every effect): solution and
    the diagonal of the inverse (prediction-error variances), to check the fast algebra."""
    c = pd.factorize(data["client_id"], sort=True)[0]
    s = pd.factorize(data["staff_id"], sort=True)[0]
    pair_keys = pd.MultiIndex.from_arrays([c, s])
    p = pd.factorize(pair_keys, sort=True)[0]
    nc, ns, npair = c.max() + 1, s.max() + 1, p.max() + 1
    n = len(data)
    X = np.ones((n, 1))
    Z = np.hstack([np.eye(nc)[c], np.eye(ns)[s], np.eye(npair)[p]])
    ginv = np.r_[np.full(nc, 1 / v["client"]), np.full(ns, 1 / v["staff"]),
                 np.full(npair, 1 / v["pair"])]
    W = np.hstack([X, Z])
    M = W.T @ W / v["residual"]
    M[1:, 1:] += np.diag(ginv)
    rhs = W.T @ data["friction"].to_numpy() / v["residual"]
    return np.linalg.solve(M, rhs), np.diag(np.linalg.inv(M))


def test_fast_equations_match_the_dense_ones():
    data = simulate(3, clients=12, staff=6)
    model = FrictionAttribution(tail_df=None).fit(data)
    solution, pev = dense_reference(data, model.variance_components_)
    ours = np.r_[model.mean_, model.client_effects_["effect"], model.staff_effects_["effect"],
                 model.pair_effects_.sort_index()["effect"]]
    se = np.r_[model.mean_se_, model.client_effects_["se"], model.staff_effects_["se"],
               model.pair_effects_.sort_index()["se"]]
    np.testing.assert_allclose(ours, solution, atol=1e-8)
    np.testing.assert_allclose(se, np.sqrt(pev), rtol=1e-6)


def test_sparse_pairs_are_shrunk_more():
    data = simulate(0)
    model = FrictionAttribution().fit(data)
    pairs = model.pair_effects_
    raw = data.groupby(["client_id", "staff_id"])["friction"].mean()
    # a pair's estimate moves from zero by less than its raw deviation, and sparse pairs less
    shrink = (pairs["effect"] / (raw.reindex(pairs.index) - model.mean_)).abs()
    few, many = pairs["n"] <= pairs["n"].quantile(0.25), pairs["n"] >= pairs["n"].quantile(0.75)
    assert pairs.loc[few, "se"].mean() > pairs.loc[many, "se"].mean()
    assert np.isfinite(shrink).all()


def test_input_checks():
    data = simulate(0)
    with pytest.raises(ModelInputError, match="no column 'friction'"):
        FrictionAttribution().fit(data.drop(columns="friction"))
    with pytest.raises(ModelInputError, match="two staff members"):
        FrictionAttribution().fit(data.assign(staff_id="S9"))
    with pytest.raises(ModelInputError, match="level"):
        FrictionAttribution(level=95).fit(data)
    model = FrictionAttribution().fit(data)
    with pytest.raises(ModelInputError, match="at least one candidate"):
        best_fit_colleague(model, "C1", [])


def test_gaussian_reml_matches_statsmodels_mixedlm():
    """Variance components and effects agree with statsmodels' crossed-effects MixedLM."""
    smf = pytest.importorskip("statsmodels.formula.api", reason="test extra: statsmodels")
    data = simulate(5, clients=25, staff=6)
    ours = FrictionAttribution(tail_df=None).fit(data)
    frame = data.assign(everyone=1, pair=data["client_id"] + "|" + data["staff_id"])
    theirs = smf.mixedlm(
        "friction ~ 1", frame, groups="everyone", re_formula="0",
        vc_formula={"client": "0 + C(client_id)", "staff": "0 + C(staff_id)",
                    "pair": "0 + C(pair)"},
    ).fit(reml=True)
    names = theirs.model.exog_vc.names
    vcomp = dict(zip(names, theirs.vcomp, strict=True))
    v = ours.variance_components_
    for name in ("client", "staff", "pair"):
        assert v[name] == pytest.approx(vcomp[name], rel=0.02, abs=1e-4), name
    assert v["residual"] == pytest.approx(theirs.scale, rel=0.01)
    blup = theirs.random_effects[1]
    clients = {k.split("[")[-1].rstrip("]"): val for k, val in blup.items()
               if k.startswith("client")}
    mine = ours.client_effects_["effect"]
    np.testing.assert_allclose(mine.to_numpy(), [clients[c] for c in mine.index], atol=2e-3)


def test_client_summary_reads_like_the_decision():
    from clientfit.models import client_summary

    model = FrictionAttribution().fit(simulate(1))
    summary = client_summary(model)
    assert len(summary) == 40
    mismatch = summary.loc["C1"]
    assert mismatch["worst_staff_id"] == "S1" and mismatch["pair_flagged"]
    assert not mismatch["client_flagged"]
    assert mismatch["best_staff_id"] != "S0"  # never hand over to the high-friction member
    difficult = summary.loc["C0"]
    assert difficult["client_flagged"] and not difficult["pair_flagged"]
    assert summary["pair_flagged"].sum() == 1


def test_intervals_cover_the_truth_at_their_level():
    """Data drawn from the normal model itself: about 95 % of the true effects lie inside their
    95 % intervals (client, staff and pair effects pooled over a few portfolios)."""
    inside, total = 0, 0
    for seed in range(4):
        rng = np.random.default_rng(100 + seed)
        a, b = rng.normal(0, 0.3, 60), rng.normal(0, 0.3, 10)
        rows, g = [], {}
        for c in range(60):
            for s in rng.choice(10, size=3, replace=False):
                g[(f"C{c}", f"S{s}")] = rng.normal(0, 0.2)
                n = rng.integers(3, 25)
                y = a[c] + b[s] + g[(f"C{c}", f"S{s}")] + rng.normal(0, 0.5, n)
                rows += [(f"C{c}", f"S{s}", v) for v in y]
        model = FrictionAttribution(tail_df=None).fit(
            pd.DataFrame(rows, columns=["client_id", "staff_id", "friction"])
        )
        truth = [
            (model.client_effects_, {f"C{c}": a[c] for c in range(60)}),
            (model.staff_effects_, {f"S{s}": b[s] for s in range(10)}),
            (model.pair_effects_, g),
        ]
        for table, values in truth:
            # effects are relative to the estimated mean; centre the truth the same way
            true = pd.Series(values).reindex(table.index)
            true = true - true.mean() + table["effect"].mean()
            inside += int(((table["lower"] <= true) & (true <= table["upper"])).sum())
            total += len(table)
    assert 0.90 < inside / total < 0.99


def test_per_effect_variances_match_the_dense_equations():
    """The heavy-tailed fit gives every effect its own prior variance; check that path too."""
    from clientfit.models.attribution import _Pairs, _solve

    data = simulate(4, clients=10, staff=6)
    pairs = _Pairs(data["client_id"].to_numpy(), data["staff_id"].to_numpy(),
                   data["friction"].to_numpy())
    rng = np.random.default_rng(0)
    va = rng.uniform(0.05, 0.5, pairs.n_clients)
    vb = rng.uniform(0.05, 0.5, pairs.n_staff)
    vg = rng.uniform(0.05, 0.5, pairs.n_pairs)
    ve = 0.3
    est = _solve(pairs, (va, vb, vg, ve), full=True)
    # dense: pairs ordered as _Pairs holds them
    key = pd.MultiIndex.from_arrays([pairs.client_codes, pairs.staff_codes])
    p = pd.MultiIndex.from_arrays([pairs.c, pairs.s]).get_indexer(key)
    n = len(data)
    Z = np.hstack([np.eye(pairs.n_clients)[pairs.client_codes],
                   np.eye(pairs.n_staff)[pairs.staff_codes], np.eye(pairs.n_pairs)[p]])
    W = np.hstack([np.ones((n, 1)), Z])
    M = W.T @ W / ve
    M[1:, 1:] += np.diag(1 / np.r_[va, vb, vg])
    solution = np.linalg.solve(M, W.T @ data["friction"].to_numpy() / ve)
    pev = np.diag(np.linalg.inv(M))
    np.testing.assert_allclose(
        np.r_[est["mu"], est["client"], est["staff"], est["pair"]], solution, atol=1e-9
    )
    np.testing.assert_allclose(
        np.r_[est["mu_var"], est["client_pev"], est["staff_pev"], est["pair_pev"]], pev,
        rtol=1e-8,
    )


def test_reml_gradient_matches_central_differences():
    """The analytic REML score (in log-variances) against a central difference, step 1e-5."""
    from clientfit.models._reml import _Pairs, _solve, reml_gradient

    data = simulate(3, clients=12, staff=6)
    pairs = _Pairs(data["client_id"].to_numpy(), data["staff_id"].to_numpy(),
                   data["friction"].to_numpy())
    rng = np.random.default_rng(1)
    for _ in range(5):
        log_var = rng.uniform(-4.0, 1.0, 4)
        m2ll, gradient = reml_gradient(pairs, log_var)
        assert m2ll == pytest.approx(_solve(pairs, np.exp(log_var))["m2ll"], rel=1e-12)
        step = 1e-5 * np.eye(4)
        numeric = [(_solve(pairs, np.exp(log_var + h))["m2ll"]
                    - _solve(pairs, np.exp(log_var - h))["m2ll"]) / 2e-5 for h in step]
        np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-5 * np.abs(numeric).max())


def test_fit_agrees_with_the_finite_difference_optimum():
    """The fit before the analytic gradient (scipy's finite differences on the same objective)
    lands at the same variances; the analytic one is at least as high in log-likelihood."""
    from scipy import optimize

    from clientfit.models._reml import _Pairs, _solve

    data = simulate(0)
    y = data["friction"].to_numpy()
    pairs = _Pairs(data["client_id"].to_numpy(), data["staff_id"].to_numpy(), y)
    pairs.mean, pairs.ss_within = pairs.mean / y.std(), pairs.ss_within / y.var()
    old = optimize.minimize(lambda t: _solve(pairs, np.exp(t))["m2ll"], np.log([.1, .1, .1, .5]),
                            method="L-BFGS-B", bounds=[(-14.0, 3.0)] * 4)
    reml = FrictionAttribution(tail_df=None).fit(data)
    np.testing.assert_allclose(list(reml.variance_components_.values()), np.exp(old.x) * y.var(),
                               atol=2e-5)
    assert reml.log_likelihood_ >= -old.fun / 2 - 1e-6
    assert reml.log_likelihood_ == pytest.approx(-old.fun / 2, abs=1e-4)
    assert reml.converged_


def test_fit_does_not_depend_on_the_order_of_the_rows_in_a_flat_direction():
    """No pair effects at all (σ²_pair = 0, where the likelihood is flat): shuffling the rows
    changes sums at rounding level only, and the fit stays put to 1e-6 (L-BFGS-B stops where
    −2ℓ no longer falls by more than rounding; on some CPUs' BLAS kernels that point moves by
    ~1e-7 relative with the order of the sums)."""
    rng = np.random.default_rng(14)
    a, b = rng.normal(0, 0.3, 300), rng.normal(0, 0.3, 30)
    rows = []
    for c in range(300):
        for s in rng.choice(30, size=3, replace=False):
            y = 2.0 + a[c] + b[s] + rng.normal(0, 1.0, rng.integers(2, 12))
            rows += [(f"C{c}", f"S{s}", v) for v in y]
    data = pd.DataFrame(rows, columns=["client_id", "staff_id", "friction"])
    fits = [FrictionAttribution(tail_df=None).fit(frame)
            for frame in (data, data.sample(frac=1, random_state=2), data[::-1])]
    first = fits[0]
    assert first.variance_components_["pair"] < 1e-3 * first.variance_components_["residual"]
    for other in fits[1:]:
        np.testing.assert_allclose(list(other.variance_components_.values()),
                                   list(first.variance_components_.values()), rtol=1e-6,
                                   atol=1e-10)
        assert other.log_likelihood_ == pytest.approx(first.log_likelihood_, abs=1e-8)
        pd.testing.assert_frame_equal(other.client_effects_, first.client_effects_, atol=1e-8)
