"""demo -> import -> assess reproduces the planted archetypes, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv

import pytest

from clientfit import service
from clientfit.assessment.reasons import percent
from clientfit.demo import generate_bundle
from clientfit.domain import Decision
from clientfit.store import open_store

# Archetypes every seed must reproduce exactly.
COVERED = {"steady", "star", "scope_creep", "whale_thin_margin", "toxic_loss", "newcomer",
           "service_failure"}
PAIR_ARCHETYPES = {"pair_mismatch_recent", "pair_mismatch_persistent"}
DRIVING_REASON = {
    Decision.KEEP: "HEALTHY_MARGIN",
    Decision.RENEGOTIATE: ("THIN_MARGIN", "LOSS_MAKING", "EFFORT_ABOVE_REVENUE"),
    Decision.RELEASE: "LOSS_MAKING",
    Decision.WATCH: "TOO_LITTLE_DATA",
    Decision.RECOVER: "RECENT_COMPLAINTS",
}


def ground_truth(bundle_dir) -> dict[str, dict[str, str]]:
    with (bundle_dir / "ground_truth.csv").open(encoding="utf-8") as handle:
        return {row["client_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module", params=[7, 11, 2024])
def demo(request, tmp_path_factory):
    return generate_bundle(tmp_path_factory.mktemp("demo") / "bundle", clients=60,
                           seed=request.param).directory


@pytest.fixture(scope="module")
def assessed(demo, tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'cf.db'}")
    service.import_bundle(store, demo)
    return service.assess(store), ground_truth(demo)


def test_every_decision_is_planted(demo):
    planted = {row["expected_decision"] for row in ground_truth(demo).values()}
    assert {d.value for d in Decision} <= planted


def test_assessment_reproduces_planted_archetypes(assessed):
    run, truth = assessed
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
        if driving[0].code == "RECENT_COMPLAINTS":
            assert f"{m['complaints_recent']} complaints" in driving[0].text
        assert all(r.evidence for r in driving) or assessment.decision is Decision.WATCH
    assert checked >= 30


def test_personal_friction_is_found_with_the_right_person_and_never_invented(assessed):
    """RESET/REASSIGN only for planted pair mismatches, naming the planted person; most of
    them found (the model is cautious on a few messages: a miss stays KEEP, never worse)."""
    run, truth = assessed
    found = planted = 0
    for assessment in run.assessments:
        row = truth[assessment.client_id]
        personal = assessment.decision in (Decision.RESET, Decision.REASSIGN)
        if row["archetype"] not in PAIR_ARCHETYPES:
            assert not personal, (assessment.client_id, row["archetype"])
            continue
        planted += 1
        assert assessment.decision in (Decision(row["expected_decision"]), Decision.KEEP)
        if personal:
            found += 1
            # the reason that decided it: friction concentrated on the pair, messages about
            # the person, or a recent turn against the person
            pair = next(r for r in assessment.reasons
                        if r.code in ("PAIR_FRICTION", "PERSONAL_COMPLAINTS", "PERSONAL_TURN"))
            assert pair.metrics["staff_id"] == row["friction_staff_id"]
            assert pair.evidence and all(ref.kind.value == "message" for ref in pair.evidence)
        if assessment.decision is Decision.REASSIGN:
            best = next(r for r in assessment.reasons if r.code == "BEST_FIT_COLLEAGUE")
            assert best.metrics["staff_id"] == row["better_fit_staff_id"]
    assert planted and found / planted >= 0.6


def test_release_reasons_point_to_late_invoices(assessed):
    run, _ = assessed
    released = [a for a in run.assessments if a.decision is Decision.RELEASE]
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


def test_scope_creep_names_the_scope_requests_with_their_messages(assessed):
    run, truth = assessed
    creeping = [a for a in run.assessments
                if truth[a.client_id]["archetype"] == "scope_creep"]
    assert creeping
    for assessment in creeping:
        scope = next(r for r in assessment.reasons if r.code == "SCOPE_REQUESTS")
        assert f"{assessment.metrics['scope_requests']} requests" in scope.text
        assert len(scope.evidence) == assessment.metrics["scope_requests"]
