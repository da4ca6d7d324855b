from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import ModelInputError, summarize_transactions


def test_cdnow_summary_matches_the_published_one(cdnow_transactions, cdnow_published_summary):
    summary = summarize_transactions(
        cdnow_transactions, amount="amount", calibration_end="1997-09-30", time_unit="week"
    )
    ref = cdnow_published_summary
    assert len(summary) == len(ref) == 2357
    assert (summary.index.to_numpy() == ref.index.to_numpy()).all()
    np.testing.assert_array_equal(summary["frequency"], ref["frequency"])
    # the published file rounds to two decimals
    np.testing.assert_allclose(summary["recency"], ref["recency"], atol=0.006)
    np.testing.assert_allclose(summary["T"], ref["T"], atol=0.006)
    np.testing.assert_allclose(summary["monetary_value"], ref["monetary_value"], atol=0.006)


def test_same_day_purchases_count_once_and_amounts_add_up():
    tx = pd.DataFrame(
        {
            "who": ["a", "a", "a", "a", "b", "c"],
            "when": ["2024-01-01", "2024-01-01 15:00", "2024-01-08", "2024-01-08", "2024-01-03",
                     "2024-02-01"],
            "eur": [10, 5, 20, 30, 7, 9],
        }
    )
    s = summarize_transactions(
        tx, customer="who", date="when", amount="eur", calibration_end="2024-01-15"
    )
    assert list(s.index) == ["a", "b"]  # c starts after the calibration period
    a = s.loc["a"]
    assert a["frequency"] == 1 and a["recency"] == 7 and a["T"] == 14
    assert a["monetary_value"] == 50  # the repeat day, 20 + 30; the first day is left out
    assert s.loc["b", "frequency"] == 0 and s.loc["b", "monetary_value"] == 0
    assert s.loc["a", "frequency_holdout"] == 0
    weekly = summarize_transactions(tx, customer="who", date="when", time_unit="week",
                                    calibration_end="2024-01-15")
    assert weekly.loc["a", "T"] == 2


def test_holdout_counts_purchases_after_calibration():
    tx = pd.DataFrame(
        {"customer_id": [1, 1, 1, 1], "date": ["2024-01-01", "2024-01-05", "2024-02-01",
                                               "2024-02-01"]}
    )
    s = summarize_transactions(tx, amount=None, calibration_end="2024-01-10")
    assert s.loc[1, "frequency_holdout"] == 1
    assert s.loc[1, "duration_holdout"] == 22


def test_bad_input_is_reported_in_plain_words():
    tx = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "not a date"]})
    with pytest.raises(ModelInputError, match="no valid date"):
        summarize_transactions(tx)
    with pytest.raises(ModelInputError, match="no column 'amount'"):
        summarize_transactions(tx, amount="amount")
    with pytest.raises(ModelInputError, match="'day', 'week'"):
        summarize_transactions(tx, time_unit="month")
