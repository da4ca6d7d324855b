""""Is it just me?" on counts: personal pair, persistent pair, a staff member's friction with
everyone, a client difficult with everyone, and few messages that cannot decide."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from clientfit.assessment import load_policy
from clientfit.assessment.whose import gap_lower, judge
from clientfit.domain import Count, FrictionCounts, PairCounts
from clientfit.signals.friction_counts import friction_columns, friction_counts

POLICY = load_policy()
SETTING = POLICY.get


def pair(staff, k, n, others=(1, 20), staff_others=(10, 100), earlier=(0, 0),
         earlier_others=(0, 0), earlier_staff=(0, 0)):
    return PairCounts(staff, Count(*k if isinstance(k, tuple) else (k, n)), Count(*others),
                      Count(*staff_others), Count(*earlier), Count(*earlier_others),
                      Count(*earlier_staff))


def counts(*pairs, client=None, portfolio=(100, 1000), hostile=(0, 0), hostile_staff=0):
    if client is None:
        client = (sum(p.pair.hits for p in pairs), sum(p.pair.n for p in pairs))
    return FrictionCounts(tuple(pairs), Count(*client), Count(*portfolio), Count(*hostile),
                          hostile_staff)


def test_gap_lower_widens_with_few_messages():
    many = gap_lower(Count(60, 100), Count(10, 100), 0.9)
    few = gap_lower(Count(3, 5), Count(1, 10), 0.9)
    assert many > 0.35 > few
    assert gap_lower(Count(0, 0), Count(1, 10), 0.9) is None


def test_friction_with_one_person_only_is_personal_and_recent_without_earlier_excess():
    verdict = judge(counts(pair("S1", 12, 16, others=(1, 14), staff_others=(8, 90),
                                earlier=(2, 30), earlier_others=(2, 25), earlier_staff=(20, 200)),
                           pair("S2", 1, 14)), SETTING)
    assert verdict.personal and verdict.pair.staff_id == "S1" and not verdict.persistent
    assert not verdict.client_difficult


def test_friction_that_was_there_before_persists():
    verdict = judge(counts(pair("S1", 12, 16, others=(1, 14), staff_others=(8, 90),
                                earlier=(30, 40), earlier_others=(2, 30),
                                earlier_staff=(20, 200)), pair("S2", 1, 14)), SETTING)
    assert verdict.personal and verdict.persistent


def test_a_staff_member_with_friction_everywhere_is_not_the_clients_fault():
    # 55 % with this client, 50 % with the person's other clients: the person's, not the pair's
    verdict = judge(counts(pair("S1", 11, 20, others=(1, 12), staff_others=(50, 100)),
                           pair("S2", 1, 12), portfolio=(150, 1000)), SETTING)
    assert not verdict.personal
    assert "S1" in verdict.staff_friction


def test_few_messages_cannot_make_it_personal():
    verdict = judge(counts(pair("S1", 4, 6, others=(0, 3), staff_others=(10, 100)),
                           pair("S2", 0, 3)), SETTING)
    assert not verdict.personal


def test_difficult_with_everyone_is_the_clients_own():
    verdict = judge(counts(pair("S1", 14, 18, others=(12, 16), staff_others=(10, 100)),
                           pair("S2", 12, 16, others=(14, 18)), hostile=(6, 34),
                           hostile_staff=2), SETTING)
    assert not verdict.personal and verdict.client_difficult and verdict.hostile_with_everyone


def test_counts_come_from_old_labels_and_use_the_finer_ones_when_present():
    start = datetime(2026, 1, 1)
    rows = []
    for i in range(10):
        rows.append({"message_id": f"m{i}", "client_id": "C1", "pair_staff_id": "S1",
                     "sent_at": start + timedelta(days=i), "tone": "neutral",
                     "complaint": i < 3, "threat": False})
        rows.append({"message_id": f"n{i}", "client_id": "C2", "pair_staff_id": "S1",
                     "sent_at": start + timedelta(days=i), "tone": "neutral",
                     "complaint": False, "threat": False})
    old = pd.DataFrame(rows)
    found = friction_counts(friction_columns(old), start)
    assert found["C1"].pairs[0].pair == Count(3, 10)
    assert found["C2"].pairs[0].staff_others == Count(3, 10)
    # about the person: C1's messages 0, 2, 4, 6, 8 (0 and 2 also complaints)
    finer = old.assign(complaint_person=[r["client_id"] == "C1" and int(r["message_id"][1:]) % 2
                                         == 0 for r in rows],
                       hostile=False, complaint_service=False)
    found = friction_counts(friction_columns(finer), start, "new")
    assert found["C1"].pairs[0].pair.hits == 6
    assert found["C1"].pairs[0].personal.hits == 5
