""""Is it just me?" on the messages about the person: a pair stands out against the person's own
norm even when the colleagues have few messages; recent against persistent; a person curt with
everyone; a client who writes about everyone; and the counts behind it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pandas as pd
import pytest
from scipy import stats

from clientfit.assessment import load_policy
from clientfit.assessment.shares import binomial_tail
from clientfit.assessment.whose import judge
from clientfit.domain import Count, FrictionCounts, PairCounts
from clientfit.signals.friction_counts import friction_columns, friction_counts
from tests.owned_client import assess_owned_client

POLICY = load_policy()
SETTING = POLICY.get


def owner_pair(recent=(5, 12), history=(0, 20), colleagues=(0, 4), norm=(10, 400),
               curt=(100, 400), staff="S1"):
    """The owner's pair: messages about the person recently and in the history period, the
    client's messages about the colleagues, the person's other clients; the colleagues get
    as much friction of other kinds, so only the messages about the person can make it
    personal."""
    span = Count(recent[0] + history[0], recent[1] + history[1])
    return PairCounts(
        staff_id=staff, pair=Count(recent[0], recent[1]),
        others=Count(colleagues[1] // 2, colleagues[1]),
        staff_others=Count(40, 400), earlier_pair=Count(history[0], history[1]),
        personal=Count(*recent), history_personal=Count(*history), span_personal=span,
        colleagues_personal=Count(*colleagues), staff_others_personal=Count(*norm),
        window_pair=Count(recent[0], recent[1] + history[1] + 20),
        window_staff_others=Count(80, 800), staff_curt=Count(*curt))


def friction(*pairs, portfolio_personal=(60, 2000), portfolio_curt=(800, 3000)):
    return FrictionCounts(
        pairs=tuple(pairs), client=Count(sum(p.pair.hits for p in pairs),
                                         sum(p.pair.n for p in pairs)),
        portfolio=Count(300, 1000), hostile=Count(0, 40), labels="new",
        portfolio_personal=Count(*portfolio_personal), portfolio_curt=Count(*portfolio_curt))


def colleague(staff="S2", n=4):
    return PairCounts(staff_id=staff, pair=Count(0, n), others=Count(5, 12),
                      staff_others=Count(30, 300), span_personal=Count(0, n),
                      staff_curt=Count(90, 300))


def test_binomial_tail_is_the_chance_of_at_least_that_many():
    assert binomial_tail(Count(3, 12), 0.05) == pytest.approx(stats.binom.sf(2, 12, 0.05))
    assert binomial_tail(Count(0, 12), 0.05) == 1.0
    assert binomial_tail(Count(12, 12), 0.5) == pytest.approx(0.5 ** 12)


def test_about_the_owner_with_few_colleague_messages_is_personal_and_recent():
    verdict = judge(friction(owner_pair(), colleague()), SETTING, owner="S1")
    assert verdict.personal and not verdict.persistent
    assert verdict.pair.staff_id == "S1" and verdict.about is not None
    assert verdict.about.count == Count(5, 12) and verdict.about.chance < 0.001


def test_about_the_person_in_the_history_period_too_persists():
    verdict = judge(friction(owner_pair(history=(5, 18)), colleague()), SETTING, owner="S1")
    assert verdict.personal and verdict.persistent


def test_ordinary_share_of_messages_about_the_person_is_not_personal():
    # 1 in 12 at a norm of 3 %: nothing unusual
    verdict = judge(friction(owner_pair(recent=(1, 12)), colleague()), SETTING, owner="S1")
    assert not verdict.personal


def test_a_person_whose_other_clients_also_write_about_them_is_not_personal_to_one_client():
    # 5 of 12 is ordinary for someone whose other clients write about them 35 % of the time
    verdict = judge(friction(owner_pair(norm=(140, 400)), colleague()), SETTING, owner="S1")
    assert not verdict.personal


def test_few_messages_cannot_make_it_personal():
    verdict = judge(friction(owner_pair(recent=(3, 4), history=(0, 1)), colleague()), SETTING,
                    owner="S1")
    assert not verdict.personal


def test_a_client_writing_as_much_about_the_colleagues_is_not_a_pair_mismatch():
    verdict = judge(friction(owner_pair(colleagues=(6, 14)), colleague()), SETTING, owner="S1")
    assert not verdict.personal


def test_an_owner_curt_with_all_their_clients_gets_a_coaching_note_not_a_reset():
    # their other clients write about them too (10 %): 5 of 12 would be this pair's for an
    # owner who is not curt (chance 0.004), for a curt one it is their style
    assert judge(friction(owner_pair(norm=(40, 400)), colleague()), SETTING,
                 owner="S1").personal
    curt = owner_pair(curt=(330, 400), norm=(40, 400))
    verdict = judge(friction(curt, colleague()), SETTING, owner="S1")
    assert not verdict.personal
    assert "S1" in verdict.staff_friction


def test_a_curt_owners_pair_far_beyond_their_own_norm_is_still_personal():
    # their other clients hardly write about them (2.5 %): a client with 5 of 12 messages about
    # them has a mismatch of its own, beyond the style a coaching note is about
    curt = owner_pair(curt=(330, 400), history=(5, 18))
    verdict = judge(friction(curt, colleague()), SETTING, owner="S1")
    assert verdict.personal and verdict.persistent
    assert verdict.about.chance < SETTING("reset", "curt_personal_alpha")
    assert "S1" in verdict.staff_friction


def test_without_the_finer_labels_nothing_is_read_about_the_person():
    old = replace(friction(owner_pair(), colleague()), labels="old")
    assert judge(old, SETTING, owner="S1").about is None


def _assess(found: FrictionCounts):
    return assess_owned_client(found, {"S1": "Anna", "S2": "Marek"})


def test_the_decision_shows_the_comparison_it_rests_on_in_counts():
    said = _assess(friction(owner_pair(), colleague()))
    assert said.decision.value == "RESET"
    first = said.reasons[0]
    assert first.code == "PERSONAL_COMPLAINTS"
    assert "5 of the client's 12 messages to Anna" in first.text
    assert "Anna's other clients 2 % of 400" in first.text and "by chance" in first.text
    assert first.metrics["personal_messages"] == 5 and first.metrics["pair_messages"] == 12
    assert first.metrics["staff_others_personal_share"] == pytest.approx(10 / 400)
    later = _assess(friction(owner_pair(history=(5, 18)), colleague()))
    assert later.decision.value == "REASSIGN"
    codes = [r.code for r in later.reasons]
    assert "PAIR_FRICTION_PERSISTENT" in codes and "BEST_FIT_COLLEAGUE" in codes


def test_counts_of_messages_about_the_person_history_period_and_curt_replies():
    start = datetime(2026, 4, 1)
    rows = []
    # C1 -> S1: 10 recent messages (4 about S1), 10 in the history period (none), 5 older
    # ones outside it (all about S1); C2 -> S1: 20 recent, 1 about S1; C1 -> S2: 3 recent
    for i in range(10):
        rows.append(("C1", "S1", start + timedelta(days=i), i < 4))
        rows.append(("C1", "S1", start - timedelta(days=30 + i), False))
    for i in range(5):
        rows.append(("C1", "S1", start - timedelta(days=300 + i), True))
    for i in range(20):
        rows.append(("C2", "S1", start + timedelta(days=i), i == 0))
    for i in range(3):
        rows.append(("C1", "S2", start + timedelta(days=i), False))
    inbound = pd.DataFrame([{"message_id": f"m{n}", "client_id": c, "pair_staff_id": s,
                             "sent_at": t, "tone": "neutral", "complaint": False,
                             "threat": False, "complaint_person": p, "hostile": False,
                             "complaint_service": False} for n, (c, s, t, p) in enumerate(rows)])
    replies = pd.DataFrame({"staff_id": ["S1"] * 4 + ["S2"] * 4,
                            "curt": [True, True, True, False, False, False, False, True]})
    found = friction_counts(friction_columns(inbound), start, "new", history_days=180,
                            replies=replies)
    owner = next(p for p in found["C1"].pairs if p.staff_id == "S1")
    assert owner.personal == Count(4, 10)
    assert owner.history_personal == Count(0, 10)
    assert owner.span_personal == Count(4, 20)
    assert owner.colleagues_personal == Count(0, 3)
    assert owner.staff_others_personal == Count(1, 20)
    assert len(owner.personal_evidence) == 4
    assert owner.staff_curt == Count(3, 4)
    assert found["C1"].portfolio_curt == Count(4, 8)
    assert found["C1"].portfolio_personal == Count(10, 48)


def test_the_best_fit_is_a_colleague_the_client_already_writes_to_warmly():
    many = replace(colleague("S2", n=30), window_pair=Count(3, 30))
    two = replace(colleague("S3", n=2), window_pair=Count(0, 2))
    said = _assess(friction(owner_pair(history=(5, 18)), many, two))
    best = next(r for r in said.reasons if r.code == "BEST_FIT_COLLEAGUE")
    assert best.metrics["staff_id"] == "S2" and best.metrics["colleague_messages"] == 30
    assert "3 of the client's 30 messages" in best.text
    # a colleague curt with all their clients is no better fit, however warm this client is
    curt = replace(many, staff_curt=Count(280, 300))
    also = replace(colleague("S4", n=12), window_pair=Count(4, 12))
    said = _assess(friction(owner_pair(history=(5, 18)), curt, also))
    best = next(r for r in said.reasons if r.code == "BEST_FIT_COLLEAGUE")
    assert best.metrics["staff_id"] == "S4"
