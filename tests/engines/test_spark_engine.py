"""The same signal definitions and assessment on PySpark in local mode, compared with DuckDB.

Slow (a JVM start and many small Spark jobs): marked, still run in CI. Local mode only."""

from __future__ import annotations

import pytest

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.engines.connect import connect, get_spark_session
from clientfit.engines.parquet_export import export_parquet
from clientfit.engines.run import assess_on_engine
from clientfit.export import run_dict
from clientfit.signals import compute_signals
from clientfit.store import open_store
from tests.engines.compare import differences

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
    assert differences(on_duckdb, on_spark) == []
    assert differences(run_dict(service.assess(store)), on_spark) == []
