"""The same signal definitions and assessment on PySpark in local mode, compared with DuckDB.

Slow (a JVM start and many small Spark jobs): marked, still run in CI. Local mode only."""

from __future__ import annotations

import pytest

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.engines.analyse import analyse_pending, register_analyses
from clientfit.engines.analysis_store import AnalysisStore
from clientfit.engines.connect import connect, get_spark_session
from clientfit.engines.parquet_export import export_parquet
from clientfit.engines.run import assess_on_engine
from clientfit.export import run_dict
from clientfit.signals import compute_signals
from clientfit.store import open_store
from tests.engines.compare import READER_ABS_TOL, READER_REL_TOL, differences

pytest.importorskip("pyspark")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    bundle = generate_bundle(root / "bundle", clients=40, seed=11).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    export_parquet(store, root / "parquet")
    return store, root / "parquet"


@pytest.fixture(scope="module")
def spark():
    session = get_spark_session(cores=2)
    yield session
    session.stop()


def test_signals_on_spark_equal_duckdb(exported, spark):
    store, directory = exported
    window = service.assess(store).window
    duck = connect("duckdb", directory)
    on_spark = connect("spark", directory, spark_session=spark)
    try:
        left = compute_signals(duck, window, "EUR").rows()
        right = compute_signals(on_spark, window, "EUR").rows()
    finally:
        duck.disconnect()
    assert len(left) >= 30
    assert differences(left, right) == []


def test_whole_assessment_on_spark_equals_duckdb_and_the_embedded_path(exported, spark):
    store, directory = exported
    on_duckdb = run_dict(assess_on_engine("duckdb", directory))
    on_spark = run_dict(assess_on_engine(
        "spark", directory, connection=connect("spark", directory, spark_session=spark)))
    tolerance = {"rel_tol": READER_REL_TOL, "abs_tol": READER_ABS_TOL}
    assert differences(on_duckdb, on_spark, **tolerance) == []
    assert differences(run_dict(service.assess(store)), on_spark, **tolerance) == []


def test_spark_analyses_messages_with_map_in_arrow_like_duckdb_and_resumes(exported, spark,
                                                                            tmp_path):
    """The export holds no analyses: Spark analyses every message on its executors
    (`mapInArrow`) into the side store — the same rows as DuckDB's — and a rerun finds
    nothing left to analyse (counted)."""
    _, directory = exported
    assess_on_engine("duckdb", directory, cache=tmp_path / "duck")
    on_spark = connect("spark", directory, spark_session=spark)
    run = assess_on_engine("spark", directory, cache=tmp_path / "spark", connection=on_spark)
    assert run.assessments
    duck_rows = _by_id(AnalysisStore(tmp_path / "duck").read())
    spark_store = AnalysisStore(tmp_path / "spark")
    spark_rows = _by_id(spark_store.read())
    assert len(spark_rows) > 500 and set(spark_rows) == set(duck_rows)
    assert differences(spark_rows, duck_rows, rel_tol=READER_REL_TOL,
                       abs_tol=READER_ABS_TOL) == []
    register_analyses(on_spark, "spark", spark_store)
    window = run.window
    analyzer = str(run.policy.get("communication", "analyzer"))
    again = analyse_pending(on_spark, "spark", window, spark_store, analyzer)
    assert (again.pending, again.analysed) == (0, 0)
    assert spark_store.count() == len(spark_rows)

    # a fresh side store on the same session: what one call writes, the next one sees
    fresh = AnalysisStore(tmp_path / "fresh")
    register_analyses(on_spark, "spark", fresh)
    first = analyse_pending(on_spark, "spark", window, fresh, analyzer, spark_chunk_rows=300)
    assert first.analysed == first.pending == sum(hint == "" for _, hint in duck_rows)
    assert analyse_pending(on_spark, "spark", window, fresh, analyzer).analysed == 0


def _by_id(table):
    return {(row["message_id"], row["lang_hint"]): row for row in table.to_pylist()}
