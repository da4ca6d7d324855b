"""Churn risk in the assessment: the portfolio's own ended retainers, on the demo.

The demo plants former retainers (ended after months of worse tone, later payments or our
slipping service) and leaving retainers (healthy, but souring lately, still clients).
"""

from __future__ import annotations

import csv

import pytest

from clientfit import service
from clientfit.assessment import load_policy
from clientfit.assessment.churn_rules import churn_reason
from clientfit.demo import generate_bundle
from clientfit.domain import Decision
from clientfit.models.churn import landmark_table
from clientfit.models.evaluation import held_out_concordance
from clientfit.signals.churn import COVARIATES, landmark_rows, retainer_records
from clientfit.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("churn-demo")
    bundle = generate_bundle(root / "bundle", clients=120, seed=7).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    with (bundle / "ground_truth.csv").open(encoding="utf-8") as handle:
        truth = {row["client_id"]: row for row in csv.DictReader(handle)}
    return store, truth


@pytest.fixture(scope="module")
def run(demo):
    store, _ = demo
    return service.assess(store)


@pytest.fixture(scope="module")
def landmarks(demo):
    """(landmark rows of the demo's retainers, the as-of date)."""
    store, _ = demo
    as_of = service.resolve_as_of(store, None)
    connection = store.ibis()
    try:
        return landmark_rows(retainer_records(connection, as_of), as_of), as_of
    finally:
        connection.disconnect()


def test_landmark_rows_use_only_the_past_and_end_with_the_relationship(demo, landmarks):
    _, truth = demo
    rows, as_of = landmarks
    former = rows[rows["client_id"].map(lambda c: truth[c]["archetype"]) == "former_retainer"]
    assert former["event"].eq(1).all() and (former["time"] < former["duration"]).all()
    assert rows.loc[rows["event"] == 0, "landmark"].max().date() == as_of
    assert set(COVARIATES) <= set(rows.columns)
    # souring before leaving: the former retainers' last landmark is more negative than their first
    ordered = former.sort_values("landmark").groupby("client_id")["negative_share"]
    assert (ordered.last() - ordered.first()).mean() > 0.1


def test_held_out_concordance_on_demo_clients(landmarks):
    rows, _ = landmarks
    training = landmark_table(rows.drop(columns="landmark"), client="client_id", time="time",
                              horizon=90)
    folds = held_out_concordance(training, "client_id", covariates=list(COVARIATES), folds=5)
    assert (folds["events"] > 0).all()
    assert folds["concordance"].mean() > 0.80  # 0.876 measured (benchmarks/RESULTS.md)


def test_leaving_retainers_are_named_at_risk_and_never_released(run, demo):
    _, truth = demo
    by_id = {a.client_id: a for a in run.assessments}
    leaving = [by_id[c] for c, row in truth.items() if row["archetype"] == "leaving_retainer"]
    steady = [by_id[c] for c, row in truth.items()
              if row["archetype"] in ("steady", "star") and c in by_id
              and by_id[c].metrics.get("kind") == "retainer"]
    assert leaving and steady
    flagged = [a for a in leaving if any(r.code == "CHURN_RISK" for r in a.reasons)]
    assert len(flagged) >= 0.6 * len(leaving)
    for assessment in leaving:
        assert assessment.decision in (Decision.KEEP, Decision.WATCH)
    mean = sum(a.metrics["churn_risk_90d"] for a in leaving) / len(leaving)
    assert mean > 3 * sum(a.metrics["churn_risk_90d"] for a in steady) / len(steady)
    for assessment in flagged:
        churn = next(r for r in assessment.reasons if r.code == "CHURN_RISK")
        assert f"{assessment.metrics['churn_risk_90d'] * 100:.1f}%" in churn.text
        assert churn.metrics["drivers"] and churn.evidence
    for assessment in run.assessments:
        if assessment.decision is Decision.RELEASE:
            assert all(r.code != "CHURN_RISK" for r in assessment.reasons)


def test_ended_clients_get_no_decision_and_only_retainers_a_risk(run, demo):
    _, truth = demo
    assessed = {a.client_id for a in run.assessments}
    ended = {c for c, row in truth.items() if row["archetype"] in ("former_retainer", "churned")}
    assert ended and not ended & assessed
    for assessment in run.assessments:
        has_risk = assessment.metrics.get("churn_risk_90d") is not None
        assert has_risk == (assessment.metrics.get("kind") == "retainer")
        assert "churn_drivers" not in assessment.metrics  # scalars only (assessment schema)


def test_too_little_history_says_so_instead_of_guessing(demo, tmp_path):
    store, _ = demo
    path = tmp_path / "policy.toml"
    path.write_text("[churn]\nmin_events = 1000\n")
    run = service.assess(store, policy=load_policy(path))
    retainers = [a for a in run.assessments if a.metrics.get("kind") == "retainer"]
    assert retainers
    for assessment in retainers:
        assert assessment.metrics["churn_risk_90d"] is None
        assert "too little history" in assessment.metrics["churn_risk_note"]
        assert "needs at least 1000" in assessment.metrics["churn_risk_note"]
        assert all(r.code != "CHURN_RISK" for r in assessment.reasons)


def test_churn_reason_threshold_and_release():
    policy = load_policy()
    metrics = {"churn_risk_90d": 0.5, "churn_risk_average_90d": 0.05,
               "churn_drivers": [{"covariate": "days_late", "value": 31.0, "factor": 2.5}]}

    def evidence(name):
        return ()

    found = churn_reason(metrics, Decision.KEEP, policy.get, evidence)
    assert found is not None and "payments: 31 days late" in found.text and "x2.5" in found.text
    assert churn_reason(metrics, Decision.RELEASE, policy.get, evidence) is None
    low = {**metrics, "churn_risk_90d": policy.get("churn", "high_risk") - 0.01}
    assert churn_reason(low, Decision.KEEP, policy.get, evidence) is None
    common = {**metrics, "churn_risk_average_90d": 0.3}  # 0.5 is under 2.5 x 0.3
    assert churn_reason(common, Decision.KEEP, policy.get, evidence) is None
    assert churn_reason({"churn_risk_90d": None}, Decision.WATCH, policy.get, evidence) is None


def test_a_small_book_without_payments_or_replies_gets_a_note_not_an_error(tmp_path):
    from tests.bundles import client, write_bundle

    clients = [client("C1", kind="retainer"), client("C2", kind="retainer")]
    invoices = [{"invoice_id": f"I{c}{n}", "client_id": c, "number": f"FV/{c}/{n}",
                 "issue_date": f"2025-0{n}-01", "due_date": f"2025-0{n}-15",
                 "amount": "1000.00", "currency": "EUR"} for c in ("C1", "C2") for n in range(1, 7)]
    messages = [{"message_id": f"<m{n}@c1.example>", "client_id": "C1", "staff_id": "S1",
                 "direction": "in", "sent_at": f"2025-0{n}-05T10:00", "channel": "email",
                 "language": "en", "subject": f"Question {n}", "body": "Could you call me?"}
                for n in range(1, 7)]
    store = open_store(f"sqlite:///{tmp_path / 'cf.db'}")
    service.import_bundle(store, write_bundle(tmp_path / "b", clients=clients,
                                              invoices=invoices, messages=messages))
    run = service.assess(store)
    assert {a.client_id for a in run.assessments} == {"C1", "C2"}
    for assessment in run.assessments:
        assert assessment.metrics["churn_risk_90d"] is None
        assert "0 ended retainer relationships" in assessment.metrics["churn_risk_note"]
