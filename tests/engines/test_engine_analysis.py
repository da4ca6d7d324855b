"""Message analysis inside DuckDB: the embedded path's analyses and decisions, kept in a side
store, reused on the next run, and resumed after a run stopped half-way (counted, not timed)."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.engines.analyse import analyse_pending, pending_messages, register_analyses
from clientfit.engines.analysis_store import AnalysisStore
from clientfit.engines.connect import connect
from clientfit.engines.parquet_export import export_parquet
from clientfit.engines.run import assess_on_engine
from clientfit.export import run_dict
from clientfit.signals.text_analyses import window_selection
from clientfit.store import open_store
from clientfit.text.messages import analyzer_version
from tests.engines.compare import differences

VALUES = ("lang", "tone", "tone_score", "labels", "kinds", "questions", "evidence", "words",
          "says_repeat")


class Stop(Exception):
    """Stands for a run killed half-way."""


@pytest.fixture(scope="module")
def unanalysed(tmp_path_factory):
    """A 60-client demo exported before any assessment: the export holds no analyses, so the
    engine analyses every message itself."""
    root = tmp_path_factory.mktemp("engine_analysis")
    bundle = generate_bundle(root / "bundle", clients=60, seed=5).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    export_parquet(store, root / "parquet")
    assert pq.read_table(root / "parquet" / "message_analyses").num_rows == 0
    return store, root / "parquet"


def _plain_rows(table) -> dict[str, tuple]:
    rows = table.to_pylist()
    return {row["message_id"]: tuple(row[c] for c in VALUES)
            for row in rows if row["lang_hint"] == ""}


def test_engine_analyses_and_decisions_equal_the_embedded_path(unanalysed, tmp_path):
    store, directory = unanalysed
    on_duckdb = run_dict(assess_on_engine("duckdb", directory, cache=tmp_path))
    embedded = run_dict(service.assess(store))  # analyses every message and stores them
    assert differences(embedded, on_duckdb) == []
    kept = AnalysisStore(tmp_path).read()
    sqlite = store.ibis()
    try:
        stored = sqlite.table("message_analyses").to_pyarrow()
    finally:
        sqlite.disconnect()
    engine_rows, store_rows = _plain_rows(kept), _plain_rows(stored)
    assert len(engine_rows) > 1000
    assert engine_rows.keys() <= store_rows.keys()
    assert {k: store_rows[k] for k in engine_rows} == engine_rows


def test_a_rerun_analyses_nothing_and_a_stopped_run_resumes(unanalysed, tmp_path):
    _, directory = unanalysed
    analysed: list[int] = []

    def stop_after_first_batch(stage, done, total):
        if stage == "message analysis" and 0 < done < (total or 0):
            analysed.append(done)
            raise Stop

    connection = connect("duckdb", directory)
    try:
        side = AnalysisStore(tmp_path)
        register_analyses(connection, "duckdb", side)
        window = service_window(connection)
        with pytest.raises(Stop):
            analyse_pending(connection, "duckdb", window, side, batch_rows=2048,
                            progress=stop_after_first_batch)
        first = side.count()
        assert first == analysed[0] > 0  # one whole batch kept

        counts = analyse_pending(connection, "duckdb", window, side)
        assert counts.analysed == counts.pending > 0
        assert side.count() == first + counts.pending  # only the rest was analysed
        total = side.count()
        again = analyse_pending(connection, "duckdb", window, side)
        assert (again.pending, again.analysed, side.count()) == (0, 0, total)

        # lose part of the side store: exactly the lost analyses are made again
        batches = sorted(p for p in side.folder.glob("batch-*"))
        lost = pq.read_table(batches[0]).num_rows
        shutil.rmtree(batches[0])
        redo = analyse_pending(connection, "duckdb", window, side)
        assert redo.analysed == lost and side.count() == total
        name = "default"
        pending = pending_messages(connection, window, name, analyzer_version(name))
        assert pending.count().execute() == 0
    finally:
        connection.disconnect()


def test_each_distinct_text_is_analysed_once_and_workers_change_nothing(
        unanalysed, tmp_path, monkeypatch):
    """Messages with the same text get the same analysis, made once; batches analysed in
    two worker processes give the rows one process gives."""
    from clientfit.engines import analyse

    _, directory = unanalysed
    sizes: list[int] = []
    original = analyse.analyse_batch

    def counting(batch, *args, **kwargs):
        sizes.append(batch.num_rows)
        return original(batch, *args, **kwargs)

    connection = connect("duckdb", directory)
    try:
        window = service_window(connection)
        kept = {}
        for workers in (1, 2):
            side = AnalysisStore(tmp_path / str(workers))
            register_analyses(connection, "duckdb", side)
            with monkeypatch.context() as patch:
                if workers == 1:  # counted in this process (workers cannot pickle a closure)
                    patch.setattr(analyse, "analyse_batch", counting)
                counts = analyse_pending(connection, "duckdb", window, side, "default",
                                         batch_rows=500, workers=workers)
            table = side.read()
            assert counts.analysed == counts.pending == table.num_rows
            kept[workers] = _plain_rows(table)
        distinct = len(set(table.column("source_hash").to_pylist()))
        assert sum(sizes) == distinct < table.num_rows  # the demo repeats texts
        assert len(sizes) > 2  # so the two workers had batches to share
        assert kept[1] == kept[2]
    finally:
        connection.disconnect()


def test_a_changed_message_text_is_analysed_again(unanalysed, tmp_path):
    """A side-store analysis is reused only while the message's text is the one analysed."""
    _, directory = unanalysed
    connection = connect("duckdb", directory)
    try:
        side = AnalysisStore(tmp_path)
        register_analyses(connection, "duckdb", side)
        window = service_window(connection)
        analyse_pending(connection, "duckdb", window, side)
        selected = window_selection(connection, window)
        one = selected.filter(selected.direction == "in").order_by("message_id").limit(1) \
            .execute()
        changed = one.iloc[0]["message_id"]
        connection.raw_sql(
            "CREATE OR REPLACE TEMP VIEW messages AS SELECT * REPLACE ("
            f"CASE WHEN message_id = '{changed}' THEN body || ' Changed.' ELSE body END AS body)"
            f" FROM read_parquet('{directory}/messages/*.parquet')")
        register_analyses(connection, "duckdb", side)  # the next run, on the changed export
        again = analyse_pending(connection, "duckdb", window, side)
        assert again.analysed == 1
    finally:
        connection.disconnect()


def service_window(connection):
    from clientfit.engines import reads
    from clientfit.windows import window_ending

    return window_ending(reads.latest_record_date(connection), "12m")


def test_cli_keeps_analyses_under_out_and_reuses_them(unanalysed, tmp_path):
    from typer.testing import CliRunner

    from clientfit.cli import app

    _, directory = unanalysed
    arguments = ["assess", "--engine", "duckdb", "--data", str(directory), "--out",
                 str(tmp_path), "--quiet"]
    first = CliRunner().invoke(app, arguments)
    assert first.exit_code == 0, first.output
    side = AnalysisStore(tmp_path / "analyses")
    kept, batches = side.count(), sorted(side.folder.glob("batch-*"))
    assert kept > 1000
    again = CliRunner().invoke(app, arguments)
    assert again.exit_code == 0, again.output
    assert side.count() == kept and sorted(side.folder.glob("batch-*")) == batches


def test_cli_refuses_cache_on_the_embedded_path(tmp_path):
    from typer.testing import CliRunner

    from clientfit.cli import app

    result = CliRunner().invoke(app, ["assess", "--cache", str(tmp_path)])
    assert result.exit_code != 0 and "--cache" in result.output
