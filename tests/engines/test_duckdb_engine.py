"""The assessment on DuckDB over a Parquet export gives the embedded path's JSON."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from clientfit import service
from clientfit.cli import app
from clientfit.demo import generate_bundle
from clientfit.engines.connect import connect
from clientfit.engines.parquet_export import EXPORTED_TABLES, export_parquet
from clientfit.engines.run import assess_on_engine
from clientfit.errors import ClientfitError
from clientfit.export import run_dict
from clientfit.signals import compute_signals
from clientfit.store import open_store
from tests.engines.compare import differences


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A 120-client demo in SQLite (one override recorded) and its Parquet export."""
    root = tmp_path_factory.mktemp("engines")
    bundle = generate_bundle(root / "bundle", clients=120, seed=7).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    embedded = service.assess(store)
    first = embedded.assessments[0]
    service.override_decision(store, first.client_id, "WATCH", reason="talked to them",
                              actor="test", computed=first.decision)
    export_parquet(store, root / "parquet")
    return store, root / "parquet"


def test_export_writes_every_table_with_money_in_integer_minor_units(exported):
    _, directory = exported
    for name in EXPORTED_TABLES:
        assert list((directory / name).glob("*.parquet")), name
    invoices = pq.read_schema(directory / "invoices" / "part-00000.parquet")
    assert str(invoices.field("amount_minor").type) == "int64"
    assert str(invoices.field("issue_date").type) == "date32[day]"
    manifest = json.loads((directory / "clientfit_parquet.json").read_text())
    assert manifest["rows"]["clients"] == pq.read_table(directory / "clients").num_rows
    assert manifest["rows"]["overrides"] == 1


def test_export_refuses_to_overwrite_without_asking(exported):
    store, directory = exported
    with pytest.raises(ClientfitError, match="--overwrite"):
        export_parquet(store, directory)


def test_signals_are_the_same_frame_on_duckdb(exported):
    store, directory = exported
    window = service.assess(store).window
    sqlite = store.ibis()
    duck = connect("duckdb", directory)
    try:
        left = compute_signals(sqlite, window, "EUR").rows()
        right = compute_signals(duck, window, "EUR").rows()
    finally:
        sqlite.disconnect()
        duck.disconnect()
    assert len(left) > 100
    assert differences(left, right) == []


def test_whole_assessment_on_duckdb_matches_the_embedded_path(exported):
    store, directory = exported
    embedded = run_dict(service.assess(store))
    on_duckdb = run_dict(assess_on_engine("duckdb", directory))
    assert differences(embedded, on_duckdb) == []
    decisions = {c["decision"] for c in on_duckdb["clients"]}
    assert len(decisions) >= 5  # the demo plants every decision: a real comparison
    assert any(c["override"] for c in on_duckdb["clients"])


def test_cli_assess_on_duckdb_writes_json_and_parquet(exported, tmp_path):
    store, directory = exported
    result = CliRunner().invoke(app, ["assess", "--engine", "duckdb", "--data", str(directory),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out" / "assessment.json").read_text())
    assert differences(run_dict(service.assess(store)), written) == []
    table = pq.read_table(tmp_path / "out" / "decisions.parquet")
    assert table.num_rows == len(written["clients"])


def test_cli_refuses_an_engine_without_data_and_a_directory_that_is_no_export(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["assess", "--engine", "duckdb"])
    assert result.exit_code != 0 and "--data" in result.output
    result = runner.invoke(app, ["assess", "--engine", "oracle", "--data", str(tmp_path)])
    assert result.exit_code != 0 and "valid: sqlite, duckdb, spark" in result.output
    with pytest.raises(ClientfitError, match="not a clientfit Parquet export"):
        assess_on_engine("duckdb", tmp_path)
