"""demo -> import -> assess reproduces the planted archetypes, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv

import pytest

from clientfit import service
from clientfit.assessment.reasons import percent
from clientfit.demo import generate_bundle
from clientfit.domain import Decision
from clientfit.store import open_store

# Archetypes whose decision the value/payment/effort signals decide (the walking skeleton).
COVERED = {"steady", "star", "scope_creep", "whale_thin_margin", "toxic_loss", "newcomer"}
DRIVING_REASON = {
    Decision.KEEP: "HEALTHY_MARGIN",
    Decision.RENEGOTIATE: ("THIN_MARGIN", "LOSS_MAKING", "EFFORT_ABOVE_REVENUE"),
    Decision.RELEASE: "LOSS_MAKING",
    Decision.WATCH: "TOO_LITTLE_DATA",
}


def ground_truth(bundle_dir) -> dict[str, dict[str, str]]:
    with (bundle_dir / "ground_truth.csv").open(encoding="utf-8") as handle:
        return {row["client_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module", params=[7, 11, 2024])
def demo(request, tmp_path_factory):
    return generate_bundle(tmp_path_factory.mktemp("demo") / "bundle", clients=60,
                           seed=request.param).directory


def test_every_decision_is_planted(demo):
    planted = {row["expected_decision"] for row in ground_truth(demo).values()}
    assert {d.value for d in Decision} <= planted


def test_assessment_reproduces_planted_archetypes(sqlite_url, demo):
    store = open_store(sqlite_url)
    service.import_bundle(store, demo)
    run = service.assess(store)
    truth = ground_truth(demo)
    checked = 0
    for assessment in run.assessments:
        planted = truth[assessment.client_id]
        if planted["archetype"] not in COVERED:
            continue
        checked += 1
        assert assessment.decision.value == planted["expected_decision"], (
            assessment.client_id, planted["archetype"], [r.text for r in assessment.reasons])
        driving = [r for r in assessment.reasons
                   if r.code in DRIVING_REASON[assessment.decision]]
        assert driving, assessment.reasons
        m = assessment.metrics
        if driving[0].code in ("HEALTHY_MARGIN", "THIN_MARGIN", "LOSS_MAKING"):
            assert percent(m["margin_pct"]) in driving[0].text
        if driving[0].code == "EFFORT_ABOVE_REVENUE":
            assert f"{m['hours_per_1000_revenue']:.1f}" in driving[0].text
        assert all(r.evidence for r in driving) or assessment.decision is Decision.WATCH
    assert checked >= 30


def test_release_reasons_point_to_late_invoices(sqlite_url, demo):
    store = open_store(sqlite_url)
    service.import_bundle(store, demo)
    released = [a for a in service.assess(store).assessments if a.decision is Decision.RELEASE]
    assert released
    for assessment in released:
        late = next(r for r in assessment.reasons if r.code == "PAYS_LATE")
        assert f"{assessment.metrics['days_late']:.1f} days late" in late.text
        assert late.evidence and all(ref.kind.value == "invoice" for ref in late.evidence)


@pytest.mark.postgres
def test_sqlite_and_postgres_give_identical_assessments(sqlite_url, postgres_url, demo):
    runs = []
    for url in (sqlite_url, postgres_url):
        store = open_store(url)
        service.import_bundle(store, demo)
        runs.append(service.assess(store))
        store.dispose()
    sqlite_run, postgres_run = runs
    assert sqlite_run.window == postgres_run.window
    assert sqlite_run.assessments == postgres_run.assessments
