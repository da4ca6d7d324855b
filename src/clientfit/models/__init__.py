"""Statistical models behind the assessment, scikit-learn style.

Each model is one class in its own module: settings in ``__init__``, ``fit(data)`` returns the
model, fitted values end in ``_``; all take plain pandas DataFrames.

- `BetaGeoModel` (bgnbd.py) and `GammaGammaModel` (gamma_gamma.py): customer lifetime value for
  project / transaction clients; `summarize_transactions` turns a transaction table into their
  input, `fit_clv` / `predict_clv` (clv.py) give P(alive), expected transactions, revenue and CLV.
- `ChurnModel` (churn.py): risk that a retainer client leaves in the next 90 days, with reasons;
  `landmark_table` for time-varying covariates; `cross_validate_churn` (evaluation.py) scores it
  against a logistic baseline on a portfolio's own history.
- `FrictionAttribution` (attribution.py): client, staff and pair effects of friction ("is it
  just me?"), `best_fit_colleague` and `client_summary` (one row per client for the assessment).

docs/models.md defines each model and records its validation.
"""

from clientfit.models._checks import ModelInputError, NotFittedError
from clientfit.models.attribution import FrictionAttribution, best_fit_colleague, client_summary
from clientfit.models.bgnbd import BetaGeoModel
from clientfit.models.churn import ChurnModel, landmark_table
from clientfit.models.clv import ClvResult, fit_clv, predict_clv
from clientfit.models.gamma_gamma import GammaGammaModel
from clientfit.models.transactions import summarize_transactions

__all__ = [
    "BetaGeoModel",
    "ChurnModel",
    "ClvResult",
    "FrictionAttribution",
    "GammaGammaModel",
    "ModelInputError",
    "NotFittedError",
    "best_fit_colleague",
    "client_summary",
    "fit_clv",
    "landmark_table",
    "predict_clv",
    "summarize_transactions",
]
