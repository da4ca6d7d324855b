from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import GammaGammaModel, ModelInputError, summarize_transactions
from clientfit.models.simulate import simulate_bgnbd_transactions


def test_cdnow_matches_fader_hardie(cdnow_published_summary):
    p = GammaGammaModel().fit(cdnow_published_summary).params_
    assert float(f"{p['p']:.3g}") == 6.25
    assert float(f"{p['q']:.3g}") == 3.74
    assert float(f"{p['gamma']:.3g}") == 15.4
    assert p["gamma"] == pytest.approx(15.44, abs=0.01)


def test_expected_value_shrinks_towards_the_population_mean(cdnow_published_summary):
    model = GammaGammaModel().fit(cdnow_published_summary)
    mean = model.population_mean_value()
    rows = pd.DataFrame({"frequency": [0, 1, 30], "monetary_value": [0, 100.0, 100.0]})
    value = model.expected_average_value(rows)
    assert value[0] == pytest.approx(mean)
    assert mean < value[1] < value[2] < 100.0


def test_recovers_spend_parameters_from_simulated_data():
    truth = {"p": 4.0, "q": 5.0, "gamma": 60.0}
    tx = simulate_bgnbd_transactions(
        40_000, {"r": 1.0, "alpha": 20.0, "a": 0.5, "b": 5.0}, spend=truth, seed=3
    )
    summary = summarize_transactions(tx, amount="amount")
    fitted = GammaGammaModel().fit(summary).params_
    assert fitted["p"] == pytest.approx(truth["p"], rel=0.15)
    assert fitted["p"] / (fitted["q"] - 1) * fitted["gamma"] == pytest.approx(
        truth["p"] / (truth["q"] - 1) * truth["gamma"], rel=0.05
    )


def test_needs_positive_amounts():
    rows = pd.DataFrame({"frequency": [1, 2, 3], "monetary_value": [10.0, 0.0, 5.0]})
    with pytest.raises(ModelInputError, match="more than zero"):
        GammaGammaModel().fit(rows)
    with pytest.raises(ModelInputError, match="at least two customers"):
        GammaGammaModel().fit(rows.iloc[[0]].assign(frequency=np.array([1])))
