from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import BetaGeoModel, ModelInputError, NotFittedError, summarize_transactions
from clientfit.models.simulate import simulate_bgnbd_summary


def sig3(value: float) -> float:
    return float(f"{value:.3g}")


def test_cdnow_matches_fader_hardie_lee_2005(cdnow_published_summary):
    model = BetaGeoModel().fit(cdnow_published_summary)
    p = model.params_
    assert sig3(p["r"]) == 0.243
    assert sig3(p["alpha"]) == 4.41
    assert sig3(p["a"]) == 0.793
    assert sig3(p["b"]) == 2.43
    assert round(model.log_likelihood_, 1) == -9582.4
    assert model.n_customers_ == 2357 and model.converged_


def test_cdnow_from_raw_transactions(cdnow_transactions):
    summary = summarize_transactions(
        cdnow_transactions, calibration_end="1997-09-30", time_unit="week"
    )
    p = BetaGeoModel().fit(summary).params_
    assert [sig3(p[k]) for k in ("r", "alpha", "a", "b")] == [0.243, 4.41, 0.793, 2.43]


def test_time_unit_only_rescales_alpha(cdnow_published_summary):
    weeks = BetaGeoModel().fit(cdnow_published_summary)
    days_summary = cdnow_published_summary.assign(
        recency=cdnow_published_summary["recency"] * 7, T=cdnow_published_summary["T"] * 7
    )
    days = BetaGeoModel().fit(days_summary)
    assert days.params_["alpha"] == pytest.approx(weeks.params_["alpha"] * 7, rel=1e-4)
    assert days.params_["r"] == pytest.approx(weeks.params_["r"], rel=1e-4)
    np.testing.assert_allclose(
        days.probability_alive(days_summary),
        weeks.probability_alive(cdnow_published_summary), rtol=1e-4,
    )


@pytest.mark.slow
def test_recovers_parameters_from_simulated_data():
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 3.0}
    rng = np.random.default_rng(1)
    T = rng.uniform(30, 60, size=200_000)
    summary = simulate_bgnbd_summary(200_000, truth, T, seed=2)
    fitted = BetaGeoModel().fit(summary).params_
    for key, value in truth.items():
        assert fitted[key] == pytest.approx(value, rel=0.06), key


def test_predictions_behave(cdnow_published_summary):
    model = BetaGeoModel().fit(cdnow_published_summary)
    rows = pd.DataFrame(
        {"frequency": [0, 5, 5, 20], "recency": [0, 38, 5, 38], "T": [39, 39, 39, 39]}
    )
    alive = model.probability_alive(rows)
    assert alive[0] == 1.0  # no repeat yet: BG/NBD never counts such a customer as gone
    assert alive[1] > 0.8 > 0.2 > alive[2]  # same frequency, bought lately vs long ago
    expected = model.expected_transactions(52, rows)
    assert expected[3] > expected[1] > expected[2] > 0
    # the population curve at the mean behaves like the customers' average
    mean_new = model.expected_transactions_new_customer(np.array([10.0, 39.0]))
    assert 0 < mean_new[0] < mean_new[1]
    observed = cdnow_published_summary["frequency"].mean()
    assert model.expected_transactions_new_customer(
        cdnow_published_summary["T"].to_numpy()
    ).mean() == pytest.approx(observed, rel=0.05)


def test_bad_input_and_unfitted_model():
    with pytest.raises(NotFittedError, match="call fit"):
        BetaGeoModel().probability_alive(pd.DataFrame({"frequency": [1], "recency": [1],
                                                       "T": [2]}))
    bad = pd.DataFrame({"frequency": [1, 2], "recency": [1, 5], "T": [2, 4]})
    with pytest.raises(ModelInputError, match="recency larger than T"):
        BetaGeoModel().fit(bad)
    with pytest.raises(ModelInputError, match="no column 'T'"):
        BetaGeoModel().fit(bad.drop(columns="T"))
    with pytest.raises(ModelInputError, match="penalizer"):
        BetaGeoModel(penalizer=-1).fit(bad.assign(T=[9, 9]))


@pytest.mark.filterwarnings("ignore:The 'mode.chained_assignment' option")  # lifetimes' import
def test_standard_errors_match_lifetimes(cdnow_published_summary):
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    s = cdnow_published_summary
    ours = BetaGeoModel().fit(s).standard_errors_
    theirs = BetaGeoFitter().fit(s["frequency"], s["recency"].clip(upper=s["T"]), s["T"])
    for key in ("r", "alpha", "a", "b"):
        assert ours[key] == pytest.approx(theirs.summary.loc[key, "se(coef)"], rel=0.01), key
    repeat = s[s["frequency"] > 0]
    from clientfit.models import GammaGammaModel

    ours = GammaGammaModel().fit(s).standard_errors_
    theirs = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    for key, name in (("p", "p"), ("q", "q"), ("gamma", "v")):
        assert ours[key] == pytest.approx(theirs.summary.loc[name, "se(coef)"], rel=0.01), key
