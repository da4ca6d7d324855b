"""Bounded stages give the one-pass values: communication summarised a batch of clients at a
time; churn risk scored in batches (and, above the documented sample size, fitted on a
proportional stratified sample while every active retainer is still scored)."""

from __future__ import annotations

import pandas as pd
import pytest

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.engines.connect import connect
from clientfit.engines.parquet_export import export_parquet
from clientfit.signals.churn import churn_risks
from clientfit.signals.churn_plan import plan_churn, stratified_sample
from clientfit.signals.communication import client_metrics, communication, message_evidence
from clientfit.signals.friction import attribute_friction
from clientfit.store import open_store
from tests.engines.compare import differences


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("churn_batches")
    bundle = generate_bundle(root / "bundle", clients=120, seed=7).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    window = service.assess(store).window  # stores the analyses the churn reads
    export_parquet(store, root / "parquet")
    return store, root / "parquet", window


def test_batches_give_exactly_the_one_pass_risks(demo):
    _, directory, window = demo
    connection = connect("duckdb", directory)
    try:
        whole = churn_risks(connection, window)
        batched = churn_risks(connection, window, batch_size=7)
        plan = plan_churn(connection, window.as_of, 5_000, 7)
    finally:
        connection.disconnect()
    assert len(plan.score_batches) > 5 and not plan.sampled
    assert len(whole.metrics) > 30
    assert batched.metrics == whole.metrics
    assert batched.drivers == whole.drivers
    assert batched.evidence == whole.evidence


def test_a_sample_fits_and_everybody_is_scored(demo):
    store, _, window = demo
    connection = store.ibis()
    try:
        plan = plan_churn(connection, window.as_of, 60, 5_000)
        sampled = churn_risks(connection, window, sample_size=60, min_events=5)
        whole = churn_risks(connection, window, min_events=5)
    finally:
        connection.disconnect()
    assert plan.sampled and 55 <= len(plan.fit_clients) <= 65
    assert sampled.metrics.keys() == whole.metrics.keys()
    note = next(iter(sampled.metrics.values()))["churn_risk_note"]
    assert f"a stratified sample of {len(plan.fit_clients)} of the {plan.retainers}" in note
    assert all(m["churn_risk_90d"] is not None for m in sampled.metrics.values())


def test_the_stratified_sample_keeps_each_stratum_share():
    ids = pd.Series([f"C{i:05d}" for i in range(1000)])
    ended = (pd.Series(range(1000)) % 5 == 0).to_numpy()  # 200 ended, 800 ongoing
    chosen = stratified_sample(ids, ended, 100)
    assert len(chosen) == 100
    assert sum(int(c[1:]) % 5 == 0 for c in chosen) == 20
    assert chosen == stratified_sample(ids, ended, 100)  # fixed for a portfolio


def test_communication_in_batches_of_clients_gives_the_one_pass_signals(demo):
    store, _, window = demo
    connection = store.ibis()
    try:
        whole = communication(connection, window, recent_days=90)
        batched = communication(connection, window, recent_days=90, batch_clients=13)
    finally:
        connection.disconnect()
    assert len(whole.window.per_client) > 100
    assert differences(client_metrics(whole), client_metrics(batched)) == []
    assert message_evidence(whole) == message_evidence(batched)
    one, parts = whole.friction_input(), batched.friction_input()
    assert batched.window.messages.empty  # no per-message rows kept across the batches
    pd.testing.assert_frame_equal(one.table.reset_index(drop=True),
                                  parts.table.reset_index(drop=True))
    pd.testing.assert_frame_equal(one.scope.reset_index(drop=True),
                                  parts.scope.reset_index(drop=True))
    assert (one.curt, one.all_curt, one.labels) == (parts.curt, parts.all_curt, parts.labels)
    assigned = {}
    assert attribute_friction(whole, assigned) == attribute_friction(batched, assigned)
