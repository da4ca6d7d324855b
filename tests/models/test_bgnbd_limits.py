"""BG/NBD predictions stay finite when the data show no dropout at all."""

import numpy as np
import pandas as pd

from clientfit.models import BetaGeoModel


def test_expected_transactions_finite_for_perfectly_regular_buyers():
    # 40 customers buying every week for a year, all still buying: no dropout to learn from
    summary = pd.DataFrame({"frequency": [51.0] * 40, "recency": [51.0] * 40,
                            "T": [52.0] * 40})
    model = BetaGeoModel().fit(summary)
    expected = model.expected_transactions(10.0, summary)
    assert np.isfinite(expected).all()
    # about one purchase a week: ten weeks ahead is close to ten purchases
    assert np.allclose(expected, 10.0, rtol=0.15)
