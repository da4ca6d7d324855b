"""How good is the churn model on a portfolio's own history? K-fold comparison with a baseline.

`cross_validate_churn(clients, duration=..., event=..., covariates=[...])` splits the clients
into folds (stratified by the event), fits `ChurnModel` on all folds but one and scores the
held-out fold, next to a plain logistic regression of the event flag (scikit-learn, on the
same covariates plus the duration, or on `baseline_covariates`) fitted and scored on the same
folds. Per fold it reports:

- ``cox_concordance`` / ``logistic_concordance`` — Harrell's C: how often, of two clients, the
  one given the higher score left first (0.5 = chance, 1 = perfect);
- ``cox_auc`` / ``logistic_auc`` — ROC-AUC for the churn flag (did this client leave by the end
  of their record?);
- ``cox_lp_concordance`` — Harrell's C of the Cox linear predictor β·x alone, a score that does
  not look at the client's duration at all.

Each model scores each client once, and both metrics use that one score. The logistic score is
P(flag | covariates, duration). The Cox model's score is its cause-specific probability that an
exit observed at the client's duration is a departure rather than the end of the records:
h_left / (h_left + h_censored), each hazard from a Cox model (the second with "still a client
at the end of the records" as its event), accumulated over ± `window` around the client's own
duration. Like the logistic score, it uses the duration; ``cox_lp_concordance`` shows what the
covariates alone give.

`with_interactions(frame, [(numeric, categorical), ...])` adds numeric × level columns (one per
non-reference level), for effects that differ between groups (a price that matters more on a
monthly contract than on a two-year one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clientfit.models._checks import check_positive, numeric_column
from clientfit.models.churn import ChurnModel


def _design(
    train: pd.DataFrame, test: pd.DataFrame, columns: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    both = pd.get_dummies(pd.concat([train[columns], test[columns]]), drop_first=True,
                          dtype=float)
    both = both.fillna(both.iloc[: len(train)].median())
    return both.iloc[: len(train)].to_numpy(), both.iloc[len(train):].to_numpy()


def with_interactions(
    frame: pd.DataFrame, pairs: list[tuple[str, str]]
) -> tuple[pd.DataFrame, list[str]]:
    """`frame` with a `numeric×categorical=level` column per pair and non-reference level (the
    most frequent level is the reference), and the names of the added columns."""
    out = frame.copy()
    added = []
    for numeric, categorical in pairs:
        values = numeric_column(frame, numeric, "client table")
        text = frame[categorical].astype("string").fillna("(missing)")
        for level in text.value_counts().index[1:]:
            name = f"{numeric}×{categorical}={level}"
            out[name] = np.where(text.to_numpy() == level, values, 0.0)
            added.append(name)
    return out, added


def _flag_score(
    train: pd.DataFrame, test: pd.DataFrame, duration: str, event: str, covariates: list[str],
    horizon: float, window: float, penalizer: float,
) -> tuple[np.ndarray, ChurnModel]:
    """The Cox score of the churn flag on `test`: h_left / (h_left + h_censored) around each
    client's duration (module doc), and the model of leaving."""
    flag = numeric_column(train, event, "client table").astype(bool)
    censored = train.assign(**{event: (~flag).astype(int)})
    models = [ChurnModel(horizon=horizon, penalizer=penalizer).fit(
        frame, duration=duration, event=event, covariates=covariates)
        for frame in (train, censored)]
    h_left, h_stay = (model.hazard(test, window) for model in models)
    total = h_left + h_stay
    return np.divide(h_left, total, out=np.zeros_like(total), where=total > 0), models[0]


def choose_covariates(
    clients: pd.DataFrame, candidates: dict[str, list[str]], duration: str, event: str,
    horizon: float, window: float, penalizer: float, folds: int = 3, seed: int = 0,
) -> str:
    """The candidate covariate set with the best mean ROC-AUC of the Cox flag score over an
    inner cross-validation of `clients` (nested selection: call it on training folds only)."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    flag = numeric_column(clients, event, "client table").astype(bool)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(clients, flag))
    scores = {}
    for name, covariates in candidates.items():
        aucs = []
        for train, test in splits:
            score, _ = _flag_score(clients.iloc[train], clients.iloc[test], duration, event,
                                   covariates, horizon, window, penalizer)
            aucs.append(roc_auc_score(flag[test], score))
        scores[name] = float(np.mean(aucs))
    return max(scores, key=lambda name: scores[name])


def cross_validate_churn(
    clients: pd.DataFrame,
    duration: str = "duration",
    event: str = "event",
    covariates: list[str] | dict[str, list[str]] | None = None,
    baseline_covariates: list[str] | None = None,
    folds: int = 5,
    horizon: float = 90.0,
    window: float | None = None,
    penalizer: float = 0.1,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per fold with the Cox and logistic concordance and ROC-AUC (see module doc).

    `covariates` may be a dict of named candidate sets: each outer fold then picks one by
    `choose_covariates` on its training part only (column ``covariates`` says which)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler
    from sksurv.metrics import concordance_index_censored

    check_positive("folds", folds)
    window = horizon / 2 if window is None else window
    if covariates is None:
        covariates = [c for c in clients.columns if c not in (duration, event)]
    candidates = covariates if isinstance(covariates, dict) else {"given": covariates}
    if not candidates:
        raise ValueError("covariates: give at least one candidate set")
    first = next(iter(candidates.values()))
    baseline = baseline_covariates or [*first, duration]
    flag = numeric_column(clients, event, "client table").astype(bool)
    times = numeric_column(clients, duration, "client table")
    rows = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(splitter.split(clients, flag)):
        tr, te = clients.iloc[train], clients.iloc[test]
        chosen = next(iter(candidates)) if len(candidates) == 1 else choose_covariates(
            tr, candidates, duration, event, horizon, window, penalizer, seed=seed)
        cox_flag, left_model = _flag_score(tr, te, duration, event, candidates[chosen],
                                           horizon, window, penalizer)

        x_tr, x_te = _design(tr, te, baseline)
        scaler = StandardScaler().fit(x_tr)
        logistic = LogisticRegression(max_iter=5000).fit(scaler.transform(x_tr), flag[train])
        p = logistic.predict_proba(scaler.transform(x_te))[:, 1]
        t_te, e_te = times[test], flag[test]
        rows.append(
            {
                "fold": fold,
                "covariates": chosen,
                "cox_concordance": concordance_index_censored(e_te, t_te, cox_flag)[0],
                "logistic_concordance": concordance_index_censored(e_te, t_te, p)[0],
                "cox_auc": roc_auc_score(e_te, cox_flag),
                "logistic_auc": roc_auc_score(e_te, p),
                "cox_lp_concordance": concordance_index_censored(
                    e_te, t_te, left_model.linear_predictor(te))[0],
            }
        )
    return pd.DataFrame(rows).set_index("fold")


def held_out_concordance(
    rows: pd.DataFrame,
    group: str,
    duration: str = "duration",
    event: str = "event",
    covariates: list[str] | None = None,
    folds: int = 5,
    horizon: float = 90.0,
    penalizer: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Harrell's C on held-out clients: the rows (e.g. landmark rows, several per client) are
    split into folds by `group` (a client's rows stay together; folds stratified by whether the
    client ever has an event), `ChurnModel` is fitted on the other folds and its linear
    predictor scored on the held-out rows. One row per fold: clients, events, concordance."""
    from sklearn.model_selection import StratifiedGroupKFold
    from sksurv.metrics import concordance_index_censored

    check_positive("folds", folds)
    if covariates is None:
        covariates = [c for c in rows.columns if c not in (group, duration, event)]
    events = numeric_column(rows, event, "landmark rows").astype(bool)
    times = numeric_column(rows, duration, "landmark rows")
    ever = rows.groupby(group)[event].transform("max").to_numpy()
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    out = []
    for fold, (train, test) in enumerate(splitter.split(rows, ever, rows[group])):
        model = ChurnModel(horizon=horizon, penalizer=penalizer).fit(
            rows.iloc[train], duration=duration, event=event, covariates=covariates)
        score = model.linear_predictor(rows.iloc[test])
        held = events[test]
        out.append({
            "fold": fold,
            "clients": int(rows.iloc[test][group].nunique()),
            "events": int(held.sum()),
            "concordance": concordance_index_censored(held, times[test], score)[0]
            if held.any() else float("nan"),
        })
    return pd.DataFrame(out).set_index("fold")
