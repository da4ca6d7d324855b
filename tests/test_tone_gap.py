""""Is it just me?" read from the tone of every message (PERSONAL_TONE): the client's messages to
the owner over the recent and history periods colder than both its messages to the colleagues
and the owner's messages from their other clients (Mann-Whitney on the reader's tone scores)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from clientfit.assessment import load_policy
from clientfit.assessment.friction_rules import pair_decision
from clientfit.assessment.shares import colder_chance
from clientfit.assessment.tone_gap import colder_with_the_person
from clientfit.assessment.whose import judge
from clientfit.domain import Count, FrictionCounts, FrictionFindings, PairCounts, ToneRanks
from clientfit.signals.friction_counts import friction_columns, friction_counts

SETTING = load_policy().get
RECENT_START = datetime(2026, 5, 1)


def _ranks(mine: list[float], others: list[float]) -> ToneRanks:
    colder = sum((a < b) + 0.5 * (a == b) for a in mine for b in others)
    return ToneRanks(colder, len(mine), len(others), float(np.mean(mine)), float(np.mean(others)))


COLD = [-0.6, -0.4, -0.5, -0.2, -0.7, -0.3, -0.1, -0.45, -0.35, -0.25, 0.05, -0.55]
WARM = [0.5, 0.3, 0.6, 0.2, 0.4, 0.1, 0.45, 0.7, 0.35, 0.25, -0.05, 0.55]
OWNER_OTHERS = [0.3, 0.1, -0.1, 0.2, 0.4, 0.0, 0.25, -0.2, 0.15, 0.35] * 20


def owner(vs_colleagues: ToneRanks, vs_others: ToneRanks, *, earlier=(5, 10), recent=(5, 9),
          curt=(100, 400)) -> PairCounts:
    return PairCounts(
        staff_id="S1", pair=Count(*recent), others=Count(1, 6), staff_others=Count(60, 300),
        earlier_pair=Count(*earlier), earlier_others=Count(1, 6), personal=Count(0, 9),
        span_personal=Count(0, 19), colleagues_personal=Count(0, 12),
        staff_others_personal=Count(15, 600), window_pair=Count(10, 19),
        window_staff_others=Count(90, 600), staff_curt=Count(*curt),
        tone_vs_colleagues=vs_colleagues, tone_vs_staff_others=vs_others)


def colleague() -> PairCounts:
    return PairCounts(staff_id="S2", pair=Count(1, 6), others=Count(5, 9),
                      staff_others=Count(30, 300), staff_curt=Count(90, 300))


def counts(*pairs: PairCounts) -> FrictionCounts:
    return FrictionCounts(pairs=pairs, client=Count(6, 15), portfolio=Count(180, 600),
                          hostile=Count(0, 40), labels="new",
                          portfolio_personal=Count(90, 3000), portfolio_curt=Count(900, 3000),
                          window_portfolio=Count(500, 2000), recent_start=RECENT_START)


def test_the_colder_chance_is_mann_whitney():
    ranks = _ranks(COLD[:8], WARM[:9])
    expected = stats.mannwhitneyu(COLD[:8], WARM[:9], alternative="less",
                                  method="asymptotic").pvalue
    assert colder_chance(ranks) == pytest.approx(expected, rel=1e-6)
    assert colder_chance(ToneRanks(0.0, 0, 9)) is None
    assert ranks.share == pytest.approx(ranks.colder / 72)


def test_colder_with_the_owner_than_with_the_colleagues_and_the_owners_other_clients():
    found = counts(owner(_ranks(COLD, WARM), _ranks(COLD, OWNER_OTHERS)), colleague())
    tone = colder_with_the_person(found.pairs[0], found, SETTING)
    assert tone is not None and tone.chance < SETTING("reset", "tone_alpha")
    assert tone.chance == max(tone.colleagues_chance, tone.staff_others_chance)
    verdict = judge(found, SETTING, owner="S1")
    # friction 5 of 9 now against 5 of 10 before: no turn, a mismatch of months
    assert verdict.personal and verdict.persistent and verdict.tone is not None
    decision, _, reasons = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                         {"S1": "Anna", "S2": "Marek"}, 1.0)
    assert decision.value == "REASSIGN"
    first = reasons[0]
    assert first.code == "PERSONAL_TONE"
    assert "messages to Anna read colder than its 12 messages to the colleagues" in first.text
    assert f"{np.mean(COLD):+.2f} against {np.mean(WARM):+.2f}" in first.text
    assert first.metrics["colder_than_colleagues_share"] > 0.9


def test_a_turn_read_in_the_tone_is_a_reset():
    found = counts(owner(_ranks(COLD, WARM), _ranks(COLD, OWNER_OTHERS), earlier=(0, 10),
                         recent=(5, 9)), colleague())
    verdict = judge(found, SETTING, owner="S1")
    # the pair's friction now clearly above its own then: it started recently
    assert verdict.tone is not None and not verdict.persistent
    decision, _, _ = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                   {"S1": "Anna"}, 1.0)
    assert decision.value == "RESET"


def test_an_owner_as_cold_with_their_other_clients_is_their_style_not_this_pair():
    cold_everywhere = [x - 0.5 for x in OWNER_OTHERS]
    found = counts(owner(_ranks(COLD, WARM), _ranks(COLD, cold_everywhere)), colleague())
    assert colder_with_the_person(found.pairs[0], found, SETTING) is None


def test_a_client_as_cold_with_the_colleagues_is_cold_with_everyone():
    found = counts(owner(_ranks(COLD, COLD[::-1]), _ranks(COLD, OWNER_OTHERS)), colleague())
    assert colder_with_the_person(found.pairs[0], found, SETTING) is None


def test_no_tone_verdict_for_an_owner_curt_with_everyone_or_with_the_rule_off(tmp_path):
    curt = counts(owner(_ranks(COLD, WARM), _ranks(COLD, OWNER_OTHERS), curt=(330, 400)),
                  colleague())
    assert colder_with_the_person(curt.pairs[0], curt, SETTING) is None
    found = counts(owner(_ranks(COLD, WARM), _ranks(COLD, OWNER_OTHERS)), colleague())
    policy = tmp_path / "policy.toml"
    policy.write_text("[reset]\ntone_alpha = 0\n", encoding="utf-8")
    assert colder_with_the_person(found.pairs[0], found, load_policy(policy).get) is None


def test_a_few_messages_say_nothing():
    found = counts(owner(_ranks(COLD[:5], WARM), _ranks(COLD[:5], OWNER_OTHERS)), colleague())
    assert colder_with_the_person(found.pairs[0], found, SETTING) is None  # 5 < 6 messages


def test_the_counts_rank_the_pair_against_the_colleagues_and_the_owners_other_clients():
    rows, day = [], RECENT_START - timedelta(days=100)
    mine = [-0.5, -0.2, 0.1, -0.2, -0.6]
    theirs = [0.3, -0.2, 0.4]
    owners_others = [0.2, 0.0, -0.3, 0.5]
    for i, score in enumerate(mine):
        rows.append(("C1", "S1", score, day + timedelta(days=i)))
    for i, score in enumerate(theirs):
        rows.append(("C1", "S2", score, day + timedelta(days=10 + i)))
    for i, score in enumerate(owners_others):
        rows.append((f"C{2 + i % 2}", "S1", score, day - timedelta(days=200 + i)))  # window
    rows.append(("C1", "S1", -0.9, day - timedelta(days=300)))  # before the span: not ranked
    inbound = pd.DataFrame([{
        "message_id": f"m{i}", "client_id": c, "pair_staff_id": s, "sent_at": when,
        "tone": "negative" if score < -0.3 else "neutral", "tone_score": score,
        "complaint": False, "threat": False, "complaint_person": False,
        "complaint_service": False, "hostile": False} for i, (c, s, score, when) in
        enumerate(rows)])
    found = friction_counts(friction_columns(inbound), RECENT_START, "new", history_days=180)
    pair = next(p for p in found["C1"].pairs if p.staff_id == "S1")
    for found_ranks, expected in ((pair.tone_vs_colleagues, _ranks(mine, theirs)),
                                  (pair.tone_vs_staff_others, _ranks(mine, owners_others))):
        assert (found_ranks.colder, found_ranks.n, found_ranks.m) == \
            (expected.colder, expected.n, expected.m)
        assert found_ranks.mean == pytest.approx(expected.mean)
        assert found_ranks.other_mean == pytest.approx(expected.other_mean)
