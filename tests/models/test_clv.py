from __future__ import annotations

import numpy as np
import pytest

from clientfit.models import fit_clv


@pytest.mark.filterwarnings("ignore:The 'mode.chained_assignment' option")  # lifetimes' import
def test_clv_agrees_with_lifetimes(cdnow_transactions):
    """Same definition as lifetimes' customer_lifetime_value (monthly discounting of the
    month-by-month expected purchases times the expected value), except that our month is
    365.25/12 days and theirs 30 days: ours is 1-2 % higher, customer by customer."""
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    result = fit_clv(
        cdnow_transactions, amount="amount", calibration_end="1997-09-30", time_unit="day",
        annual_discount_rate=1.01**12 - 1,  # 1 % a month, lifetimes' default
    )
    s = result.summary
    bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    repeat = s[s["frequency"] > 0]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    theirs = ggf.customer_lifetime_value(
        bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12,
        discount_rate=0.01, freq="D",
    ).to_numpy()
    ratio = result.predictions["clv"].to_numpy() / theirs
    assert np.all((ratio > 1.0) & (ratio < 1.02))
    assert np.corrcoef(ratio * theirs, theirs)[0, 1] > 0.99999


def test_clv_columns_and_discounting(cdnow_transactions):
    plain = fit_clv(cdnow_transactions, amount="amount", time_unit="week",
                    annual_discount_rate=0.0)
    discounted = fit_clv(cdnow_transactions, amount="amount", time_unit="week")
    p = plain.predictions
    assert list(p.columns) == ["p_alive", "expected_transactions", "expected_average_value",
                               "expected_revenue", "clv"]
    # without discounting the CLV is the expected revenue; with 10 % a year it is lower
    np.testing.assert_allclose(p["clv"], p["expected_revenue"], rtol=1e-9)
    ratio = discounted.predictions["clv"] / p["clv"]
    assert ratio.between(1 / 1.10, 1.0).all()
    longer = fit_clv(cdnow_transactions, amount="amount", time_unit="week", horizon_months=24)
    assert (longer.predictions["clv"] > discounted.predictions["clv"]).all()


def test_bgnbd_only_without_amounts(cdnow_transactions):
    result = fit_clv(cdnow_transactions, amount=None, time_unit="week")
    assert result.gamma_gamma is None
    assert list(result.predictions.columns) == ["p_alive", "expected_transactions"]
