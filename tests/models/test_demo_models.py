"""The models on the demo portfolio (clientfit.demo), against the ground truth it plants.

The per-message friction score and the churn covariates are computed here from the bundle's
CSV files with the text analyzer — stand-ins for the signals pipeline, kept simple on purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clientfit.demo import generate_bundle
from clientfit.models import FrictionAttribution, best_fit_colleague
from clientfit.models.evaluation import cross_validate_churn
from clientfit.text import analyze

PERIOD_END = pd.Timestamp("2026-06-30")


def read(directory: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(directory / name, dtype=str, keep_default_na=False)


def friction(message: Any) -> float:
    """Negative tone plus one for a complaint and one for a threat."""
    result = analyze(message.subject, message.body, lang=message.language, direction="in")
    return -result.tone_score + result.has("complaint") + result.has("threat")


@pytest.fixture(scope="module")
def attribution(tmp_path_factory) -> tuple[FrictionAttribution, pd.DataFrame]:
    directory = tmp_path_factory.mktemp("demo150")
    generate_bundle(directory, clients=150, seed=7)
    messages = read(directory, "messages.csv")
    inbound = messages[messages["direction"] == "in"].copy()
    inbound["friction"] = [friction(m) for m in inbound.itertuples()]
    truth = read(directory, "ground_truth.csv").set_index("client_id")
    return FrictionAttribution().fit(inbound), truth


@pytest.mark.slow
def test_demo_friction_attribution_recovers_what_was_planted(attribution):
    model, truth = attribution
    # the impatient staff member (S2) has friction with many clients
    assert model.staff_effects_["effect"].idxmax() == "S2"
    clients = model.client_effects_.join(truth["archetype"])
    flagged = clients[clients["flagged"]]
    assert set(clients.index[clients["archetype"] == "toxic_loss"]) <= set(flagged.index)
    assert not flagged["archetype"].isin(["steady", "star", "newcomer"]).any()
    # flagged pairs are planted mismatches (client, the staff member it clashes with), only
    # those, and most of the persistent ones (a recent one has had three months to show)
    pairs = model.pair_effects_
    mismatched = truth[truth["archetype"].str.startswith("pair_mismatch")]
    planted = set(zip(mismatched.index, mismatched["friction_staff_id"], strict=True))
    persistent = {(c, s) for c, s in planted
                  if truth.loc[c, "archetype"] == "pair_mismatch_persistent"}
    flagged_pairs = set(pairs.index[pairs["flagged"]])
    assert flagged_pairs <= planted
    assert len(flagged_pairs & persistent) >= len(persistent) / 2


@pytest.mark.slow
def test_demo_best_fit_colleague_is_the_planted_one(attribution):
    model, truth = attribution
    persistent = truth[truth["archetype"] == "pair_mismatch_persistent"]
    assert len(persistent) >= 3
    for client, row in persistent.iterrows():
        team = [row["friction_staff_id"], row["better_fit_staff_id"]]
        ranking = best_fit_colleague(model, client, team)
        assert ranking["staff_id"].iloc[0] == row["better_fit_staff_id"], client


@pytest.mark.slow
def test_demo_churn_concordance_on_held_out_clients(tmp_path):
    generate_bundle(tmp_path, clients=600, seed=7)
    clients = read(tmp_path, "clients.csv").set_index("client_id")
    clients["end"] = pd.to_datetime(clients["ended_on"].replace("", None)).fillna(PERIOD_END)
    messages = read(tmp_path, "messages.csv")
    messages["sent"] = pd.to_datetime(messages["sent_at"])
    messages = messages.join(clients["end"], on="client_id")
    # signals over each relationship's last 120 days
    recent = messages[messages["sent"] > messages["end"] - pd.Timedelta(days=120)]
    inbound = recent[recent["direction"] == "in"].copy()
    inbound["complaint"] = [
        analyze(m.subject, m.body, lang=m.language, direction="in").has("complaint")
        for m in inbound.itertuples()
    ]
    replies = recent[recent["direction"] == "out"].set_index("in_reply_to")["sent"]
    inbound["reply_hours"] = (
        inbound["message_id"].map(replies) - inbound["sent"]
    ).dt.total_seconds() / 3600
    signals = inbound.groupby("client_id").agg(
        complaint_share=("complaint", "mean"),
        reply_hours=("reply_hours", "median"),
        unanswered=("reply_hours", lambda h: h.isna().mean()),
    )
    table = signals.join(clients[["started_on", "ended_on", "end"]])
    table["duration"] = (table["end"] - pd.to_datetime(table["started_on"])).dt.days
    table["left"] = (table["ended_on"] != "").astype(int)
    assert table["left"].sum() >= 30
    covariates = ["complaint_share", "reply_hours", "unanswered"]
    folds = cross_validate_churn(
        table, duration="duration", event="left", covariates=covariates, folds=3, horizon=90
    )
    assert folds["cox_concordance"].mean() > 0.8
