from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clientfit.models import ChurnModel, ModelInputError, NotFittedError, landmark_table


def simulate_clients(n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Constant hazards: base 1/400 a day, ×e^0.8 per unit of late_share (sd 1), ×2 on plan
    'monthly'; follow-up censored at a uniform 0..720 days. Returns the table and true hazards."""
    rng = np.random.default_rng(seed)
    late = rng.normal(0, 1, n)
    plan = rng.choice(["annual", "monthly"], n)
    noise = rng.normal(0, 1, n)  # unrelated covariate
    hazard = np.exp(0.8 * late + np.log(2.0) * (plan == "monthly")) / 400
    leave = rng.exponential(1 / hazard)
    follow = rng.uniform(0, 720, n)
    table = pd.DataFrame(
        {
            "days": np.minimum(leave, follow).round(1) + 0.1,
            "left": (leave <= follow).astype(int),
            "late_share": late,
            "plan": plan,
            "noise": noise,
        }
    )
    return table, hazard


@pytest.fixture(scope="module")
def fitted() -> tuple[ChurnModel, pd.DataFrame, np.ndarray]:
    table, hazard = simulate_clients(4000)
    model = ChurnModel(horizon=90, penalizer=0.0).fit(table, duration="days", event="left")
    return model, table, hazard


def test_recovers_effects(fitted):
    model, table, _ = fitted
    sd = table["late_share"].std(ddof=0)
    assert model.coef_["late_share"] / sd == pytest.approx(0.8, abs=0.08)
    # the most frequent level is the reference; either way monthly is about twice as risky
    level = "monthly" if "plan=monthly" in model.coef_ else "annual"
    share = (table["plan"] == level).mean()
    per_unit = model.coef_[f"plan={level}"] / np.sqrt(share * (1 - share))
    per_unit = per_unit if level == "monthly" else -per_unit
    assert per_unit == pytest.approx(np.log(2.0), abs=0.12)
    assert abs(model.coef_["noise"]) < 0.06


def test_ninety_day_risk_matches_the_truth(fitted):
    model, table, hazard = fitted
    now = table.assign(days=200.0)
    risk = model.predict_risk(now)
    truth = 1 - np.exp(-hazard * 90)
    assert np.abs(risk - truth).mean() < 0.02
    assert np.corrcoef(risk, truth)[0, 1] > 0.98


def test_reasons_name_the_driving_covariate(fitted):
    model, _, _ = fitted
    clients = pd.DataFrame(
        {"days": [30.0, 30.0], "left": [0, 0], "late_share": [2.5, -1.0],
         "plan": ["annual", "annual"], "noise": [0.0, 0.0]},
        index=["risky", "calm"],
    )
    out = model.predict(clients)
    assert out.loc["risky", "risk"] > 4 * out.loc["calm", "risk"]
    first = out.loc["risky", "reasons"][0]
    assert first["covariate"] == "late_share" and first["value"] == 2.5 and first["factor"] > 2
    assert all(r["covariate"] != "late_share" for r in out.loc["calm", "reasons"])


def test_time_varying_covariates_through_landmarks():
    # tone worsens for some clients; the hazard follows the current tone
    rng = np.random.default_rng(4)
    rows = []
    for client in range(1500):
        drift = rng.choice([0.0, 0.02])
        tone, t = 0.0, 0.0
        while True:
            rows.append({"client_id": client, "time": t, "tone": tone})
            hazard = np.exp(1.0 * tone) / 500
            if rng.random() < 1 - np.exp(-hazard * 30):  # leaves within the next 30 days
                end, left = t + rng.uniform(0, 30), 1
                break
            t += 30
            tone += drift * 30 + rng.normal(0, 0.1)
            if t >= 720:
                end, left = t, 0
                break
        for r in rows[-(int(t // 30) + 1):]:
            r.update(duration=end, event=left)
    history = pd.DataFrame(rows)
    table = landmark_table(history, horizon=90)
    assert set(table.columns) == {"client_id", "tone", "duration", "event", "tenure"}
    assert (table["duration"] <= 90).all() and (table["duration"] > 0).all()
    model = ChurnModel(horizon=90, penalizer=0.0).fit(table, covariates=["tone", "tenure"])
    per_unit = model.coef_["tone"] / table["tone"].std(ddof=0)
    assert per_unit == pytest.approx(1.0, abs=0.3)


def test_invalid_options_and_input():
    table, _ = simulate_clients(200)
    with pytest.raises(ModelInputError, match="'efron', 'breslow'"):
        ChurnModel(ties="exact").fit(table, duration="days", event="left")
    with pytest.raises(ModelInputError, match="no column 'tenure'"):
        ChurnModel().fit(table, duration="tenure", event="left")
    with pytest.raises(ModelInputError, match="0/1"):
        ChurnModel().fit(table.assign(left=2), duration="days", event="left")
    with pytest.raises(NotFittedError):
        ChurnModel().predict(table)
