"""Each message is analysed once and its analysis stored; a changed text is analysed again."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from clientfit import service
from clientfit.assessment.policy import Policy, default_policy_text
from clientfit.export import run_dict
from clientfit.importers import merging
from clientfit.signals import text_analyses
from clientfit.store import cases, decisions, open_store
from clientfit.store.database import normalise_url
from clientfit.store.message_analyses import (
    forget_analyses,
    save_analyses,
    store_analyses,
    stored_count,
)
from clientfit.store.schema_text import message_analyses
from clientfit.text.messages import analyzer_version
from tests.bundles import client, write_bundle

STAFF = [{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00", "currency": "EUR"},
         {"staff_id": "S2", "name": "Piotr", "hourly_cost": "50.00", "currency": "EUR"}]
MESSAGES = [
    # (id, client, staff, direction, sent_at, language, subject, body, thread)
    ("m1", "C1", "S1", "in", "2024-03-04T10:00", "", "Report",
     "When will we get the monthly report?", "t1"),
    ("m2", "C1", "S1", "in", "2024-03-11T10:00", "", "Report",
     "When do we get the monthly report? Still nothing.", "t2"),
    ("m3", "C1", "S1", "out", "2024-03-11T15:00", "", "Re: Report",
     "Sorry for the delay, attached.", "t2"),
    ("m4", "C1", "S2", "in", "2024-03-20T11:00", "", "Contract",
     "This is unacceptable. We are cancelling our contract.", "t4"),
    ("m5", "C2", "S2", "in", "2024-03-02T10:00", "", "Faktura",
     "Dzień dobry, kiedy dostaniemy poprawioną fakturę za marzec?", "t5"),
    # Too short to tell its language: analysed again in its (Polish) thread's language.
    ("m6", "C2", "S2", "in", "2024-03-02T11:00", "", "Re: Faktura", "OK", "t5"),
    ("m7", "C2", "S1", "out", "2024-03-03T09:30", "pl", "Re: Faktura",
     "Dzień dobry, faktura jest w załączniku. Pozdrawiam", "t5"),
]
REPLIES = {"m3": "m2", "m7": "m5"}

# These tests are about storing and reusing analyses, so they name their analyzer (the rules:
# fast, and their labels are asserted below) instead of following the policy's default.
ANALYZER = "default"
_SETTINGS = tomllib.loads(default_policy_text())
POLICY = Policy({**_SETTINGS, "communication": {**_SETTINGS["communication"],
                                                "analyzer": ANALYZER}}, "test")


def bundle(directory: Path, changes: dict[str, str] | None = None) -> Path:
    changes = changes or {}
    rows = [{"message_id": m, "client_id": c, "staff_id": s, "direction": d, "sent_at": t,
             "channel": "email", "language": lang, "subject": subject,
             "body": changes.get(m, body), "thread_id": thread,
             "in_reply_to": REPLIES.get(m, "")}
            for m, c, s, d, t, lang, subject, body, thread in MESSAGES]
    return write_bundle(directory, staff=STAFF,
                        clients=[client("C1"), client("C2", language="pl")], messages=rows)


def assessed(store, **options) -> str:
    data = run_dict(service.assess(store, policy=POLICY, **options))
    data.pop("generated_at")
    return json.dumps(data, sort_keys=True, default=str)


def stored(store) -> dict[tuple[str, str], dict]:
    with store.reading() as connection:
        return {(r["message_id"], r["lang_hint"]): dict(r) for r in connection.execute(
            sa.select(message_analyses)).mappings()}


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, bundle(tmp_path / "v1"))
    yield store
    store.dispose()


def test_analyses_are_stored_once_and_reused_with_identical_results(store):
    reference = assessed(store, reuse_analyses=False)
    with store.transaction() as connection:
        forget_analyses(connection)  # (churn risk reads and stores inbound analyses anyway)
    first = assessed(store)
    rows = stored(store)
    assert set(rows) == {(m[0], "") for m in MESSAGES} | {("m6", "pl")}
    assert {r["analyzer"] for r in rows.values()} == {ANALYZER}
    assert {r["version"] for r in rows.values()} == {analyzer_version(ANALYZER)}
    assert rows[("m6", "")]["lang"] != "pl" and rows[("m6", "pl")]["lang"] == "pl"
    assert json.loads(rows[("m4", "")]["labels"]) == ["complaint", "threat"]
    assert json.loads(rows[("m4", "")]["kinds"]) == {"threat": ["cancel"]}
    assert json.loads(rows[("m1", "")]["questions"]) == ["When will we get the monthly report?"]
    second = assessed(store)
    assert stored(store) == rows  # nothing analysed or written again
    assert first == second == reference


def test_a_changed_message_is_analysed_again(store, tmp_path):
    assessed(store)
    before = stored(store)
    summary = service.import_bundle(store, bundle(tmp_path / "v2", {
        "m4": "Thank you, the new contract looks great."}))
    assert summary.per_file["messages.csv"].updated == 1
    after = stored(store)
    assert ("m4", "") not in after  # dropped with the text it described
    assert {k: v for k, v in before.items() if k[0] != "m4"} == after
    changed = assessed(store)
    assert json.loads(stored(store)[("m4", "")]["labels"]) == ["praise"]
    assert changed == assessed(store, reuse_analyses=False)
    assert '"THREAT' not in changed


def test_an_analysis_of_a_text_replaced_meanwhile_is_not_stored(store):
    row = {"message_id": "m1", "lang_hint": "", "lang": "en", "tone": "neutral",
           "tone_score": 0.0, "labels": "[]", "kinds": "{}", "questions": "[]",
           "evidence": "{}", "words": 1, "says_repeat": False, "subject": "Report",
           "body": "an older text", "language": None, "direction": "in"}
    with store.transaction() as connection:
        assert save_analyses(connection, "default", "v-test", [row]) == 0
        assert save_analyses(connection, "default", "v-test", [
            {**row, "body": "When will we get the monthly report?"}]) == 1
        assert save_analyses(connection, "default", "v-test", [  # already stored: skipped
            {**row, "body": "When will we get the monthly report?"}]) == 0
    assert stored(store)[("m1", "")]["version"] == "v-test"


def test_tones_read_narrowly_equal_the_full_analyses_and_store_the_same_rows(store):
    connection = store.ibis()
    try:
        messages = connection.table("messages")
        inbound = messages.filter(messages.direction == "in")  # (churn risk's selection)
        # nothing stored yet
        tones = text_analyses.analysed_tones(connection, store, inbound, ANALYZER)
        assert tones.analysed == tones.stored == 6  # the 5 inbound, m6 again in Polish
        rows = stored(store)
        assert ("m6", "pl") in rows
        again = text_analyses.analysed_tones(connection, store, inbound, ANALYZER)
        full = text_analyses.analysed_messages(connection, store, inbound, ANALYZER)
    finally:
        connection.disconnect()
    assert stored(store) == rows and again.analysed == full.analysed == 0
    columns = list(text_analyses.TONE_META_COLUMNS)
    for narrow in (tones, again):
        assert narrow.messages.equals(full.messages[columns])
        assert narrow.analyses.equals(full.analyses[["message_id", "tone"]])
    assert dict(zip(full.analyses["message_id"], full.analyses["tone"], strict=True))["m4"] \
        == "negative"


def test_rows_of_another_analyzer_version_are_replaced(store):
    assessed(store)
    with store.transaction() as connection:
        connection.execute(sa.update(message_analyses).values(version="an-older-lexicon"))
    reference = assessed(store, reuse_analyses=False)
    assert assessed(store) == reference
    assert {r["version"] for r in stored(store).values()} == {analyzer_version(ANALYZER)}
    with store.reading() as connection:
        assert stored_count(connection, ANALYZER, "an-older-lexicon") == 0


def test_bad_rows_are_refused_with_a_clear_error(store):
    with store.transaction() as connection, pytest.raises(ValueError, match="lack: .*body"):
        save_analyses(connection, "default", "v", [{"message_id": "m1", "lang_hint": ""}])
    with store.transaction() as connection, pytest.raises(ValueError, match="name and version"):
        save_analyses(connection, "default", "", [])


def test_any_write_to_a_message_text_drops_its_analyses(store):
    assessed(store)
    messages = sa.table("messages", sa.column("message_id"), sa.column("body"),
                        sa.column("language"), sa.column("staff_id"))
    with store.transaction() as connection:
        connection.execute(sa.update(messages).where(messages.c.message_id == "m6")
                           .values(body="OK"))  # the same text: kept
        connection.execute(sa.update(messages).where(messages.c.message_id == "m1")
                           .values(staff_id="S2"))  # not the text: kept
        connection.execute(sa.update(messages).where(messages.c.message_id == "m2")
                           .values(language="en"))
        connection.execute(sa.update(messages).where(messages.c.message_id == "m5")
                           .values(body="Dziękuję, wszystko w porządku."))
    assert {k for k in stored(store) if k[0] in ("m1", "m2", "m5", "m6")} == {
        ("m1", ""), ("m6", ""), ("m6", "pl")}
    assert assessed(store) == assessed(store, reuse_analyses=False)


def test_merging_and_erasing_clients_keep_analyses_consistent(store):
    assessed(store)
    before = stored(store)
    with store.transaction() as connection:
        merging.merge(connection, "C1", "C2", reason="one company", actor="test")
    assert stored(store) == before  # moved between clients, texts unchanged
    merged = assessed(store)
    assert merged == assessed(store, reuse_analyses=False)
    with store.transaction() as connection:
        counts = cases.erase_client_personal_data(connection, "C1")
    assert counts["message_analyses"] == len(MESSAGES) + 1
    assert stored(store) == {}
    as_of = date(2024, 3, 31)
    assert assessed(store, as_of=as_of) == assessed(store, as_of=as_of, reuse_analyses=False)


def test_a_read_only_store_is_assessed_without_storing(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, bundle(tmp_path / "v1"))
    reference = assessed(store, reuse_analyses=False)
    with store.transaction() as connection:
        forget_analyses(connection)
    store.dispose()
    path = sqlite_url.removeprefix("sqlite:///")
    read_only = open_store(f"sqlite:///file:{path}?mode=ro&uri=true", migrate=False)
    assert assessed(read_only) == reference
    assert stored(read_only) == {}
    read_only.dispose()


def separate_writer(db_url: str) -> sa.Engine:
    """Another connection to the store, as the web app has, that waits half a second at most
    for a lock instead of the store's ten."""
    if db_url.startswith("sqlite"):
        return sa.create_engine(db_url, connect_args={"timeout": 0.5})
    return sa.create_engine(normalise_url(db_url),
                            connect_args={"options": "-c lock_timeout=500"})


def chunked(monkeypatch, size: int, after_chunk) -> None:
    """Store the analyses of every following assessment `size` rows at a time."""
    monkeypatch.setattr(text_analyses, "store_analyses",
                        partial(store_analyses, chunk=size, after_chunk=after_chunk))


def test_another_connection_can_write_while_analyses_are_stored(store, db_url, monkeypatch):
    writer = separate_writer(db_url)
    recorded: list[int] = []

    def record_an_override(done: int) -> None:
        with writer.begin() as connection:  # "database is locked" if the run held the lock
            recorded.append(decisions.insert_override(
                connection, client_id="C1", decision="WATCH", reason=f"after {done} rows",
                actor="Anna", original_decision=None))

    chunked(monkeypatch, 3, record_an_override)
    try:
        service.assess(store, policy=POLICY)
    finally:
        writer.dispose()
    assert len(recorded) == 3  # 8 analyses: the 7 messages and m6 in its thread's language
    assert len(stored(store)) == 8
    with store.reading() as connection:
        assert decisions.active_overrides(connection)["C1"]["decision"] == "WATCH"


def test_a_run_stopped_between_chunks_keeps_them_and_the_next_run_completes_it(
        store, monkeypatch):
    reference, rows = assessed(store), stored(store)
    with store.transaction() as connection:
        forget_analyses(connection)

    def stop(done: int) -> None:
        if done >= 6:
            raise KeyboardInterrupt

    chunked(monkeypatch, 3, stop)
    with pytest.raises(KeyboardInterrupt):
        service.assess(store, policy=POLICY)
    kept = stored(store)
    assert len(kept) == 6 and all(rows[key] == row for key, row in kept.items())
    monkeypatch.undo()
    assert assessed(store) == reference
    assert stored(store) == rows
