"""A staff member curt with all their clients (issue 14): their short curt replies are counted
from our own mail, they get a coaching note, and what their clients write about them is not
held against the clients."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from clientfit.assessment import load_policy
from clientfit.assessment.whose import judge
from clientfit.domain import Count
from clientfit.signals.friction_counts import (
    CURT_MAX_WORDS,
    curt_counts,
    friction_columns,
    friction_counts,
)
from clientfit.signals.friction_input import replies as replies_of
from tests.owned_client import assess_owned_client

POLICY = load_policy()
SETTING = POLICY.get
START = datetime(2026, 4, 1)


def _replies(curt_owner: bool) -> pd.DataFrame:
    """Our replies as the reader reads the blind authors' mail: 60 % of everyone's read as curt,
    friendly ones too; a person curt with everyone (S1) is read as curt no more often, but 40 %
    of their replies are short curt ones ("Tuesday.", "Not possible this week.")."""
    rows = []
    for staff in ("S1", "S2", "S3", "S4"):
        for i in range(200):
            short = curt_owner and staff == "S1" and i % 5 < 2
            rows.append({"staff_id": staff, "curt": i % 5 < 3, "words": 3 if short else 18})
    return pd.DataFrame(rows)


def _inbound() -> pd.DataFrame:
    """C1, owned by S1: 5 of its 12 recent messages about S1, none of its 4 to S2; S1's other
    clients write about S1 now and then, as clients of a curt person do."""
    rows = []
    for i in range(12):
        rows.append(("C1", "S1", START + timedelta(days=3 * i), i < 5))
    for i in range(10):
        rows.append(("C1", "S1", START - timedelta(days=40 + 7 * i), False))
    for i in range(4):
        rows.append(("C1", "S2", START + timedelta(days=5 + 9 * i), False))
    for client in ("C2", "C3", "C4", "C5"):
        for i in range(40):
            rows.append((client, "S1", START - timedelta(days=200) + timedelta(days=7 * i),
                         i % 13 == 0))
    for client, staff in (("C6", "S2"), ("C7", "S3"), ("C8", "S4")):
        for i in range(60):
            rows.append((client, staff, START - timedelta(days=200) + timedelta(days=5 * i),
                         i % 30 == 0))
    return pd.DataFrame([{"message_id": f"m{n}", "client_id": c, "pair_staff_id": s,
                          "sent_at": t, "tone": "neutral", "complaint": False, "threat": False,
                          "complaint_person": p, "hostile": False, "complaint_service": False}
                         for n, (c, s, t, p) in enumerate(rows)])


def _counts(curt_owner: bool):
    return friction_counts(friction_columns(_inbound()), START, "new", history_days=180,
                           replies=_replies(curt_owner))["C1"]


def _assess(counts):
    return assess_owned_client(counts, {"S1": "Una", "S2": "Shane"})


def test_a_curt_reply_is_short_as_well_as_read_curt():
    replies = pd.DataFrame({"staff_id": ["S1"] * 3 + ["S2"] * 3,
                            "direction": ["out"] * 6,
                            "curt": [True, True, False, True, True, True],
                            "words": [2, CURT_MAX_WORDS, 3, CURT_MAX_WORDS + 1, 25, 40]})
    inbound = pd.DataFrame({"staff_id": ["S1"], "direction": ["in"], "curt": [True],
                            "words": [1]})
    staff, everyone = curt_counts(replies_of(pd.concat([replies, inbound])))
    assert staff == {"S1": Count(2, 3), "S2": Count(0, 3)}
    assert everyone == Count(2, 6)


def test_a_person_curt_with_all_clients_gets_a_coaching_note_and_the_client_keeps():
    counts = _counts(curt_owner=True)
    verdict = judge(counts, SETTING, owner="S1")
    assert not verdict.personal and verdict.staff_friction == ("S1",)
    said = _assess(counts)
    assert said.decision.value == "KEEP"
    note = next(r for r in said.reasons if r.code == "STAFF_FRICTION")
    assert "Coaching note for Una: short, curt replies" in note.text
    assert note.metrics["curt_replies"] == 80 and note.metrics["replies"] == 200
    assert "not a reason to act against the client" in note.text


def test_the_same_messages_about_a_person_not_curt_with_everyone_are_a_reset():
    # the reader reads 60 % of everyone's replies as curt, S1's no more than the rest: the
    # messages about S1 are this client's mismatch with S1
    counts = _counts(curt_owner=False)
    assert judge(counts, SETTING, owner="S1").staff_friction == ()
    assert _assess(counts).decision.value == "RESET"
