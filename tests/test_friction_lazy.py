"""The friction counts and findings made per client when read (issue 15: a portfolio's were most
of the decisions stage's memory) are the ones made all at once."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from clientfit.assessment.portfolio import hostility_norms
from clientfit.domain import Count
from clientfit.signals.friction_counts import _Timelines, friction_counts

START = datetime(2026, 4, 1)


def _inbound(seed: int = 3, aware: bool = False) -> pd.DataFrame:
    """Inbound messages of 40 clients with 6 staff over a year, many at the same second."""
    rng = np.random.default_rng(seed)
    n = 3_000
    base = datetime(2025, 7, 1, tzinfo=UTC if aware else None)
    # whole hours: many messages share a time, so the order among equal times is tested
    sent = [base + timedelta(hours=int(h)) for h in rng.integers(0, 365 * 24 // 4, n) * 4]
    frame = pd.DataFrame({
        "message_id": [f"m{i:05d}" for i in range(n)],
        "client_id": [f"C{c:02d}" for c in rng.integers(0, 40, n)],
        "staff_id": [f"S{s}" for s in rng.integers(0, 6, n)],
        "sent_at": pd.to_datetime(sent),
        "friction": rng.random(n) < 0.2,
        "hostile": rng.random(n) < 0.03,
        "personal": rng.random(n) < 0.05,
        "tone_score": np.where(rng.random(n) < 0.1, np.nan, rng.normal(0, 1, n)),
    })
    return frame.sort_values(["sent_at", "message_id"], kind="stable", ignore_index=True)


def _timelines_before(inbound: pd.DataFrame) -> dict:
    """The pairs' timelines as they were made before: every message a tuple, all at once."""
    rows = inbound.sort_values("sent_at", kind="stable")
    kinds = rows["friction"].astype(bool).astype(int).where(~rows["personal"].astype(bool), 2)
    found: dict = defaultdict(list)
    times = pd.to_datetime(rows["sent_at"]).dt.to_pydatetime().tolist()
    for client_id, staff_id, sent_at, kind in zip(
            rows["client_id"].tolist(), rows["staff_id"].tolist(), times, kinds.tolist(),
            strict=True):
        found[(client_id, staff_id)].append((sent_at, int(kind)))
    return {key: tuple(value) for key, value in found.items()}


@pytest.mark.parametrize("aware", [False, True])
def test_timelines_made_when_read_are_the_tuples_made_at_once(aware):
    inbound = _inbound(aware=aware)
    before = _timelines_before(inbound)
    now = _Timelines(inbound)
    assert list(now.spans) == list(before)  # the pairs in the same order
    for key, timeline in before.items():
        made = now.get(key)
        assert made == timeline
        assert all(type(when) is datetime and type(kind) is int for when, kind in made)
        assert [w.tzinfo is not None for w, _ in made] == [aware] * len(made)
    assert now.get(("nobody", "S0")) == ()


def test_counts_by_client_read_twice_are_equal_and_pool_the_hostile_messages():
    counts = friction_counts(_inbound(), START, "new", history_days=120)
    assert len(counts) == len(list(counts)) > 30
    first = {client_id: counts[client_id] for client_id in counts}
    assert first == dict(counts.items())  # made again on every read, equal
    assert sum(len(found.pairs) for found in first.values()) > 150
    assert any(p.timeline for found in first.values() for p in found.pairs)
    assert counts.hostile_total == Count(sum(f.hostile.hits for f in first.values()),
                                         sum(f.hostile.n for f in first.values()))
    assert counts.get("nobody") is None and "nobody" not in counts


def test_the_hostility_norm_is_the_same_from_the_pooled_count_and_from_every_client():
    counts = friction_counts(_inbound(), START, "new", history_days=120)
    eager = {client_id: type("Found", (), {"counts": found})()
             for client_id, found in counts.items()}
    assert hostility_norms(counts) == hostility_norms(eager)  # type: ignore[arg-type]
    assert hostility_norms(counts)["hostile_messages_total"] > 0


def test_no_inbound_messages_no_counts():
    counts = friction_counts(_inbound().iloc[:0], START)
    assert len(counts) == 0 and dict(counts) == {} and counts.hostile_total == Count()
