"""The faster paths of a large assessment (e15m) give exactly what the plain ones gave: id lists
joined as in-memory tables, evidence sets kept as Arrow ids, the change point screened by
prefix sums, pairs ordered by excess and kinds collected without pandas' per-group steps."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from clientfit.domain import EvidenceKind, EvidenceRef
from clientfit.signals import message_summary
from clientfit.signals.evidence import RecordIds
from clientfit.signals.friction import _descending
from clientfit.signals.tables import IN_LIST_LIMIT, among
from clientfit.signals.tone_trend import MIN_SEGMENT, change_point


@pytest.mark.parametrize("backend", ["duckdb", "sqlite"])
def test_among_keeps_the_same_rows_with_a_short_and_a_long_list(backend, tmp_path) -> None:
    connection = ibis.duckdb.connect() if backend == "duckdb" else \
        ibis.sqlite.connect(str(tmp_path / "t.db"))
    ids = [f"C{i:05d}" for i in range(3 * IN_LIST_LIMIT)]
    connection.create_table("clients", pd.DataFrame({"client_id": ids, "n": range(len(ids))}))
    table = connection.table("clients")
    for wanted in (ids[:7] + ["nobody"], ids[::2] + ["nobody"]):  # an IN list, then a join
        got = among(table, "client_id", wanted).to_pandas().sort_values("n")
        assert got["client_id"].tolist() == [i for i in ids if i in set(wanted)]
    assert len(ids[::2]) > IN_LIST_LIMIT


def test_record_ids_give_each_clients_references_in_id_order() -> None:
    rows = pa.table({"client_id": ["A", "A", "B", "D", "D", "D"],
                     "invoice_id": ["i1", "i3", "i2", "i4", "i5", "i6"]})
    found = RecordIds.from_arrow(rows, "invoice_id", EvidenceKind.INVOICE)
    expected = {"A": ("i1", "i3"), "B": ("i2",), "D": ("i4", "i5", "i6")}
    assert dict(found) == {c: tuple(EvidenceRef(EvidenceKind.INVOICE, i) for i in ids)
                           for c, ids in expected.items()}
    assert found.get("C", ()) == () and "C" not in found and len(found) == 3
    empty = RecordIds.from_arrow(rows.slice(0, 0), "invoice_id", EvidenceKind.INVOICE)
    assert dict(empty) == {} and empty.get("A", ()) == ()


def _every_split(scores: np.ndarray) -> int | None:
    """change_point's split as it was found before: every split compared."""
    best, best_k = float("inf"), None
    for k in range(MIN_SEGMENT, len(scores) - MIN_SEGMENT + 1):
        a, b = scores[:k], scores[k:]
        sse = float(((a - a.mean()) ** 2).sum() + ((b - b.mean()) ** 2).sum())
        if sse < best:
            best, best_k = sse, k
    return best_k


def test_change_point_picks_the_split_every_split_compared_picks() -> None:
    rng = np.random.default_rng(7)
    series = [np.tile([1.0, -1.0], 20), np.repeat([-0.8, 0.3], [9, 14]), np.zeros(12)]
    series += [rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0], size=int(n))
               for n in rng.integers(6, 120, 300)]
    series += [rng.normal(size=int(n)) for n in rng.integers(6, 120, 300)]
    for scores in series:
        found = change_point(scores)
        k = _every_split(scores)
        assert found.index in (None, k)
        a, b = scores[:k], scores[k:]
        assert found.delta == float(b.mean() - a.mean())


def test_pairs_by_excess_are_ordered_as_pandas_orders_them() -> None:
    rng = np.random.default_rng(3)
    for n in rng.integers(2, 30, 2000):
        values = rng.choice([0.1, 0.2, -0.3, np.nan, 0.25], size=int(n))
        expected = pd.Series(values).sort_values(ascending=False).index.to_numpy()
        assert _descending(values).tolist() == expected.tolist()


def test_kinds_per_group_as_exploding_gave_them() -> None:
    frame = pd.DataFrame({
        "client_id": ["C1", "C1", "C2", "C3", "C1", "C2"],
        "pair_staff_id": ["S1", "S2", "S1", "S1", "S1", "S2"],
        "threat_kinds": [("cancel",), (), None, ["review", "cancel"], ("lawyer", "cancel"), []],
    })
    for keys in (["client_id"], ["client_id", "pair_staff_id"]):
        groups = message_summary._Groups(frame, keys)
        exploded = frame[[*keys, "threat_kinds"]].explode("threat_kinds").dropna()
        expected = exploded.groupby(keys)["threat_kinds"].agg(lambda s: tuple(sorted(set(s))))
        expected = expected.reindex(groups.index).map(lambda v: v if isinstance(v, tuple) else ())
        got = message_summary._kinds(groups, frame, "threat_kinds")
        assert got.tolist() == expected.tolist() and got.index.equals(expected.index)
    assert message_summary._kinds(message_summary._Groups(frame, ["client_id"]), frame,
                                  "threat_kinds").tolist() == [
        ("cancel", "lawyer"), (), ("cancel", "review")]


def test_ids_and_counts_per_group_as_groupby_gave_them() -> None:
    """e15g: one stable sort and a slice per group give each group's ids in row order, and
    bincount its count, as the per-group `groupby(...).indices` lookups did."""
    rng = np.random.default_rng(5)
    n = 3_000
    frame = pd.DataFrame({
        "client_id": rng.choice([f"C{i:03d}" for i in range(40)], size=n).astype(object),
        "pair_staff_id": rng.choice(["S1", "S2", "S3"], size=n).astype(object),
        "message_id": [f"M{i:05d}" for i in rng.permutation(n)],
        "flag": rng.random(n) < 0.01,  # some groups without any
    })
    for keys in (["client_id"], ["client_id", "pair_staff_id"]):
        groups = message_summary._Groups(frame, keys)
        marked = frame.assign(**{message_summary.GROUP: groups.codes(frame)})
        for rows in (frame, frame[frame["flag"]], marked[marked["flag"]], frame.iloc[0:0]):
            found = rows.groupby(keys, sort=False).indices
            values = rows["message_id"].to_numpy()
            expected = [tuple(values[found[k]]) if k in found else () for k in groups.index]
            assert groups.ids(rows).tolist() == expected
            sizes = rows.groupby(keys, sort=True).size().reindex(groups.index, fill_value=0)
            assert groups.count(rows).tolist() == sizes.astype(int).tolist()
        assert any(len(v) == 0 for v in groups.ids(frame[frame["flag"]]))


def test_summarise_makes_only_the_columns_asked_for() -> None:
    """A run in batches asks for what the assessment reads only; those columns are the same."""
    from datetime import datetime

    from clientfit.signals.message_signals import communication_signals

    as_of = datetime(2026, 3, 1)
    messages = pd.DataFrame({
        "message_id": [f"M{i}" for i in range(8)],
        "client_id": ["C1", "C1", "C1", "C2", "C2", "C1", "C2", "C1"],
        "staff_id": ["S1", None, "S1", "S2", None, "S2", "S2", None],
        "direction": ["out", "in", "out", "out", "in", "out", "in", "in"],
        "sent_at": pd.date_range("2026-01-05 09:00", periods=8, freq="37h"),
        "subject": ["Hello", "This is unacceptable", "Sorry", "Update", "Why the delay?",
                    "Report", "Thanks, great work", "Still waiting, again?"],
        "body": ["Here it is.", "The report is late again and wrong.", "We apologise.",
                 "Attached.", "When will it arrive?", "Done.", "Much appreciated.",
                 "I asked twice already. When will it arrive?"],
    })
    full = communication_signals(messages, as_of)
    some = communication_signals(messages, as_of, client_columns=(
        "complaint_ids", "complaints", "tone_slope_per_month"), pair_columns=())
    assert list(some.per_client.columns) == ["client_id", "complaints", "complaint_ids",
                                             "tone_slope_per_month"]
    assert list(some.per_pair.columns) == ["client_id", "staff_id"]
    pd.testing.assert_frame_equal(some.per_client,
                                  full.per_client[list(some.per_client.columns)])
    pd.testing.assert_frame_equal(some.per_pair, full.per_pair[list(some.per_pair.columns)])
    assert len(full.per_pair) >= 2


def _stored_row_by_row(message_ids: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """analyses_from_stored as it was before e15d: every row's JSON parsed on its own."""
    import json

    from clientfit.text.messages import FLAGS

    labels = values["labels"].astype(str)
    kinds = [json.loads(k) if k != "{}" else {} for k in values["kinds"]]
    return pd.DataFrame({
        "message_id": message_ids.astype(str).to_numpy(),
        "lang": values["lang"].to_numpy(), "tone": values["tone"].to_numpy(),
        "tone_score": values["tone_score"].astype(float).to_numpy(),
        **{flag: labels.str.contains(f'"{flag}"', regex=False).to_numpy() for flag in FLAGS},
        "threat_kinds": [tuple(k.get("threat", ())) for k in kinds],
        "demand_kinds": [tuple(k.get("demand", ())) for k in kinds],
        "questions": [tuple(json.loads(q)) if q != "[]" else () for q in values["questions"]],
        "words": values["words"].astype(int).to_numpy(),
        "says_repeat": values["says_repeat"].astype(bool).to_numpy(),
    })


def test_stored_analyses_parsed_once_per_distinct_value_as_row_by_row() -> None:
    from clientfit.signals.text_analyses import analyses_from_stored

    rows = [("en", "negative", -0.5, '["complaint","complaint_person"]', '{"threat":["legal"]}',
             '["Where is it?"]', 3, True),
            ("pl", "neutral", 0.0, "[]", "{}", "[]", 1, False),
            ("en", "positive", 0.75, '["praise"]', '{"demand":["scope","deadline"]}',
             '["Can we add one more round?","And the logo?"]', 12, False)]
    picks = [0, 1, 2, 1, 0, 2, 2, 1]
    values = pd.DataFrame([rows[i] for i in picks], columns=[
        "lang", "tone", "tone_score", "labels", "kinds", "questions", "words", "says_repeat",
    ]).astype(object)
    ids = pd.Series([f"M{i}" for i in range(len(picks))])
    got, expected = analyses_from_stored(ids, values), _stored_row_by_row(ids, values)
    assert got.equals(expected) and list(got.dtypes) == list(expected.dtypes)
    assert got["threat_kinds"].tolist()[0] == ("legal",)
    assert got["questions"].tolist()[5] == ("Can we add one more round?", "And the logo?")
    assert got["complaint_person"].tolist() == [True, False, False, False, True, False, False,
                                                False]
    empty = analyses_from_stored(ids[:0], values[:0])
    assert empty.equals(_stored_row_by_row(ids[:0], values[:0]))
