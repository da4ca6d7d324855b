"""The scikit-learn-style rules every model follows (STYLE.md)."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from clientfit.models import (
    BetaGeoModel,
    ChurnModel,
    FrictionAttribution,
    GammaGammaModel,
    ModelInputError,
)

MODELS = [BetaGeoModel, GammaGammaModel, ChurnModel, FrictionAttribution]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_settings_live_in_init_and_are_documented(model):
    parameters = [p for p in inspect.signature(model.__init__).parameters if p != "self"]
    instance = model()
    doc = inspect.getdoc(model) or ""
    for name in parameters:
        assert getattr(instance, name) == inspect.signature(model).parameters[name].default
        assert f"{name}:" in doc or f"{name}," in doc, f"{model.__name__}.{name} is not documented"
    # nothing fitted at construction: no attribute ending in "_" yet
    assert not [a for a in vars(instance) if a.endswith("_")]


def test_fit_returns_the_model(cdnow_published_summary):
    model = BetaGeoModel()
    assert model.fit(cdnow_published_summary) is model
    model = GammaGammaModel()
    assert model.fit(cdnow_published_summary) is model


def test_model_errors_are_clientfit_errors():
    from clientfit.errors import ClientfitError

    assert issubclass(ModelInputError, ClientfitError)
    with pytest.raises(ClientfitError, match="choose one of 'efron', 'breslow'"):
        ChurnModel(ties="exact").fit(
            pd.DataFrame({"duration": [1, 2], "event": [1, 1], "x": [0, 1]})
        )
