"""Churn risk for retainer clients: a Cox proportional-hazards model with reasons.

Input: one row per client (a plain DataFrame) with

- a duration column — how long the relationship has lasted (until it ended, or until today);
- an event column — 1/True if the relationship ended (the client left), 0/False if ongoing;
- covariate columns — numbers, or categories (strings, booleans), e.g. tone, response times,
  payment delays, missed milestones. Missing numbers are replaced by the training median.

Usage::

    model = ChurnModel(horizon=90).fit(clients, duration="days", event="left",
                                       covariates=["late_share", "tone", "plan"])
    out = model.predict(active_clients)   # same columns; duration = days so far
    out["risk"]       # P(the client leaves within the next 90 days | lasted `days` so far)
    out["reasons"]    # the covariates that push this client's risk up, strongest first

The model (fitted with scikit-survival's `CoxPHSurvivalAnalysis`, ridge-penalised on
standardised covariates) is h(t | x) = h0(t) exp(β·(x − x̄)); the baseline cumulative hazard
H0 is Breslow's estimate. The risk of leaving within the horizon h for a client who has lasted t
is 1 − exp(−(H0(t + h) − H0(t)) · exp(β·(x − x̄))). Past the last observed duration H0 is
extended linearly at its average slope over the last horizon.

Time-varying covariates: turn a history (one row per client per measurement date) into
landmark rows with `landmark_table`, fit on those, and predict with duration 0 (the risk in the
next horizon from now, given the covariates measured now and the tenure as a covariate).

Each reason is a dict: covariate, the client's value, and `factor` — how many times the
client's hazard is multiplied by that covariate against an average client (exp of its share of
β·(x − x̄)). Only factors above `min_factor` are given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clientfit.models._checks import (
    ModelInputError,
    check_choice,
    check_fitted,
    check_positive,
    numeric_column,
    require_columns,
)

TIES = ("efron", "breslow")


def _plain(value: object) -> object:
    """numpy scalars as plain Python values (for JSON and printing)."""
    return value.item() if isinstance(value, np.generic) else value


class ChurnModel:
    """Cox proportional-hazards churn model with per-client risk over a horizon and reasons.

    Parameters
    ----------
    horizon:
        Length of the window for `predict`'s risk, in the unit of the durations (90 = days).
    penalizer:
        Ridge penalty on the standardised coefficients (scikit-survival's `alpha`).
    ties:
        Handling of tied durations: "efron" or "breslow".
    n_reasons, min_factor:
        At most `n_reasons` reasons per client, each raising the hazard by more than `min_factor`.
    """

    def __init__(
        self,
        horizon: float = 90.0,
        penalizer: float = 0.1,
        ties: str = "efron",
        n_reasons: int = 3,
        min_factor: float = 1.1,
    ) -> None:
        self.horizon = horizon
        self.penalizer = penalizer
        self.ties = ties
        self.n_reasons = n_reasons
        self.min_factor = min_factor

    # ---- design matrix ---------------------------------------------------------------------

    def _learn_design(self, data: pd.DataFrame, covariates: list[str]) -> None:
        self.numeric_: dict[str, float] = {}  # column -> median
        self.levels_: dict[str, list] = {}  # column -> levels after the reference level
        for column in covariates:
            values = data[column]
            if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
                counts = values.astype("string").fillna("(missing)").value_counts()
                self.levels_[column] = list(counts.index[1:])  # most frequent = reference
            else:
                self.numeric_[column] = float(values.median()) if values.notna().any() else 0.0

    def _raw_design(self, data: pd.DataFrame) -> tuple[np.ndarray, list[str], list[str]]:
        columns, names, owners = [], [], []
        for column in self.covariates_:
            if column in self.numeric_:
                values = pd.to_numeric(data[column], errors="coerce")
                columns.append(values.fillna(self.numeric_[column]).to_numpy(float))
                names.append(column)
                owners.append(column)
            else:
                text = data[column].astype("string").fillna("(missing)").to_numpy()
                for level in self.levels_[column]:
                    columns.append((text == level).astype(float))
                    names.append(f"{column}={level}")
                    owners.append(column)
        matrix = np.column_stack(columns) if columns else np.zeros((len(data), 0))
        return matrix, names, owners

    def _design(self, data: pd.DataFrame) -> np.ndarray:
        check_fitted(self, "coef_")
        require_columns(data, self.covariates_, "client table")
        raw, _, _ = self._raw_design(data)
        return (raw[:, self.kept_] - self.means_) / self.scales_

    # ---- fitting ---------------------------------------------------------------------------

    def fit(
        self,
        data: pd.DataFrame,
        duration: str = "duration",
        event: str = "event",
        covariates: list[str] | None = None,
    ) -> ChurnModel:
        """Fit on one row per client: duration, event (1 = left) and covariates (default: all
        other columns)."""
        from sksurv.linear_model import CoxPHSurvivalAnalysis

        check_choice("ties", self.ties, TIES)
        check_positive("horizon", self.horizon)
        check_positive("penalizer", self.penalizer, allow_zero=True)
        require_columns(data, [duration, event], "client table")
        if covariates is None:
            covariates = [c for c in data.columns if c not in (duration, event)]
        require_columns(data, covariates, "client table")
        if not covariates:
            raise ModelInputError("the churn model needs at least one covariate column")
        times = numeric_column(data, duration, "client table")
        if (times < 0).any():
            raise ModelInputError(f"client table: column {duration!r} has a negative duration")
        events = numeric_column(data, event, "client table")
        if not np.isin(events, (0, 1)).all():
            raise ModelInputError(f"client table: column {event!r} must be 0/1 or False/True")
        if events.sum() < 2:
            raise ModelInputError("the churn model needs at least two clients who left")
        self.duration_, self.event_, self.covariates_ = duration, event, list(covariates)
        self._learn_design(data, self.covariates_)
        raw, names, owners = self._raw_design(data)
        scales = raw.std(axis=0)
        self.kept_ = np.flatnonzero(scales > 0)  # constant columns carry no information
        self.means_ = raw[:, self.kept_].mean(axis=0)
        self.scales_ = scales[self.kept_]
        self.feature_names_ = [names[i] for i in self.kept_]
        self.feature_owners_ = [owners[i] for i in self.kept_]
        if len(self.kept_) == 0:
            raise ModelInputError("every covariate has the same value for all clients")
        design = (raw[:, self.kept_] - self.means_) / self.scales_
        # a zero duration (left on day one) is moved to half the smallest positive one
        positive = times[times > 0]
        floor = positive.min() / 2 if len(positive) else 1.0
        times = np.maximum(times, floor)
        target = np.empty(len(times), dtype=[("event", bool), ("time", float)])
        target["event"], target["time"] = events.astype(bool), times
        cox = CoxPHSurvivalAnalysis(alpha=self.penalizer, ties=self.ties).fit(design, target)
        self.coef_ = pd.Series(cox.coef_, index=self.feature_names_)
        cumulative = cox.cum_baseline_hazard_
        self.baseline_cumulative_hazard_ = pd.Series(cumulative.y, index=cumulative.x)
        self.n_clients_, self.n_events_ = len(times), int(events.sum())
        return self

    # ---- predictions -----------------------------------------------------------------------

    def _H0(self, t: np.ndarray) -> np.ndarray:
        """Baseline cumulative hazard at times t, extended linearly past the last one."""
        times = self.baseline_cumulative_hazard_.index.to_numpy(float)
        values = self.baseline_cumulative_hazard_.to_numpy(float)
        last = times[-1]
        inside = np.interp(np.minimum(t, last), np.r_[0.0, times], np.r_[0.0, values])
        back = max(last - self.horizon, 0.0)
        slope = (values[-1] - np.interp(back, np.r_[0.0, times], np.r_[0.0, values])) / max(
            last - back, 1e-12
        )
        return inside + slope * np.maximum(t - last, 0.0)

    def linear_predictor(self, data: pd.DataFrame) -> np.ndarray:
        """β·(x − x̄) per client: log of the hazard relative to an average client."""
        return self._design(data) @ self.coef_.to_numpy()

    def relative_hazard(self, data: pd.DataFrame) -> np.ndarray:
        """How many times an average client's hazard each client has, exp(β·(x − x̄))."""
        return np.exp(self.linear_predictor(data))

    def predict_risk(self, data: pd.DataFrame) -> np.ndarray:
        """P(leaving within `horizon`) for clients who have lasted data[duration] so far."""
        check_fitted(self, "coef_")
        require_columns(data, [self.duration_], "client table")
        t = numeric_column(data, self.duration_, "client table")
        increase = self._H0(t + self.horizon) - self._H0(t)
        return 1.0 - np.exp(-increase * self.relative_hazard(data))

    def hazard(self, data: pd.DataFrame, window: float) -> np.ndarray:
        """Hazard accumulated over [duration − window, duration + window] of each client."""
        check_fitted(self, "coef_")
        t = numeric_column(data, self.duration_, "client table")
        base = self._H0(t + window) - self._H0(np.maximum(t - window, 0.0))
        return base * self.relative_hazard(data)

    def reasons(self, data: pd.DataFrame) -> list[list[dict]]:
        """Per client, the covariates that raise the hazard most against an average client."""
        contributions = self._design(data) * self.coef_.to_numpy()
        owners = list(dict.fromkeys(self.feature_owners_))
        membership = np.zeros((len(self.feature_owners_), len(owners)))
        for j, owner in enumerate(self.feature_owners_):
            membership[j, owners.index(owner)] = 1.0
        shares = contributions @ membership  # per client and covariate, log hazard ratio
        order = np.argsort(-shares, axis=1)[:, : self.n_reasons]
        values = data[owners].to_dict("records")
        log_min = np.log(self.min_factor)
        out = []
        for i, top in enumerate(order):
            out.append([
                {"covariate": owners[k], "value": _plain(values[i][owners[k]]),
                 "factor": float(np.exp(shares[i, k]))}
                for k in top
                if shares[i, k] > log_min
            ])
        return out

    def predict(self, data: pd.DataFrame) -> pd.DataFrame:
        """risk, relative_hazard and reasons per client (index kept from `data`)."""
        return pd.DataFrame(
            {
                "risk": self.predict_risk(data),
                "relative_hazard": self.relative_hazard(data),
                "reasons": self.reasons(data),
            },
            index=data.index,
        )


def landmark_table(
    history: pd.DataFrame,
    client: str = "client_id",
    time: str = "time",
    duration: str = "duration",
    event: str = "event",
    horizon: float = 90.0,
) -> pd.DataFrame:
    """Landmark rows for time-varying covariates (van Houwelingen's landmark "supermodel").

    `history` has one row per client per measurement: `time` (tenure when measured), the
    covariates as measured then, and per client its final `duration` and `event` (repeated on
    each row). Each measurement taken before the end becomes one row: ``tenure`` (= time),
    the covariates, ``duration`` = time from the measurement to the end, capped at `horizon`,
    and ``event`` = 1 if the client left within that window. Fit `ChurnModel` on the result;
    predict with duration 0 and the latest measurement of each active client.
    """
    require_columns(history, [client, time, duration, event], "history")
    at = numeric_column(history, time, "history")
    end = numeric_column(history, duration, "history")
    left = numeric_column(history, event, "history")
    usable = at < end
    rows = history.loc[usable].copy()
    remaining = (end - at)[usable]
    rows["tenure"] = at[usable]
    rows[duration] = np.minimum(remaining, horizon)
    rows[event] = ((left[usable] == 1) & (remaining <= horizon)).astype(int)
    if time != "tenure":
        rows = rows.drop(columns=[time])
    return rows.reset_index(drop=True)
