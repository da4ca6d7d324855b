"""The assessment JSON and decisions.parquet written a part at a time are the documents built
whole (issue 15: at 100,000 clients the whole document took ~7 GB)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clientfit import export, service
from clientfit.cli import engines as cli_engines
from clientfit.demo import generate_bundle
from clientfit.export import run_dict, write_run_json
from clientfit.store import open_store

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "assessment.schema.json").read_text())
AT = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A 40-client demo, one override recorded (the override member is not null once)."""
    root = tmp_path_factory.mktemp("stream")
    bundle = generate_bundle(root / "bundle", clients=40, seed=11).directory
    store = open_store(f"sqlite:///{root / 'cf.db'}")
    service.import_bundle(store, bundle)
    first = service.assess(store).assessments[0]
    service.override_decision(store, first.client_id, "WATCH", reason="Zażółć „gęślą” jaźń",
                              actor="test", computed=first.decision)
    return service.assess(store)


def _whole(run) -> str:
    """What `assess --json` printed before it was streamed."""
    return json.dumps(run_dict(run, AT), ensure_ascii=False, indent=2)


def _streamed(run) -> str:
    buffer = io.StringIO()
    write_run_json(run, buffer, generated_at=AT)
    return buffer.getvalue()


@pytest.mark.parametrize("chunk", [1, 3, 500])
def test_streamed_json_is_the_whole_document_byte_for_byte(run, monkeypatch, chunk):
    monkeypatch.setattr(export, "WRITE_CHUNK", chunk)
    text = _streamed(run)
    assert text == _whole(run)
    document = json.loads(text)
    jsonschema.validate(document, SCHEMA)
    assert len(document["clients"]) == len(run.assessments) > 30
    assert any(c["override"] for c in document["clients"])
    assert "„gęślą”" in text  # not escaped, as before


def test_streamed_json_of_one_client_and_of_none(run):
    for assessments in (run.assessments[:1], []):
        smaller = replace(run, assessments=assessments)
        assert _streamed(smaller) == _whole(smaller)
        jsonschema.validate(json.loads(_streamed(smaller)), SCHEMA)


def _parquet_before(run) -> pa.Table:
    """decisions.parquet as it was written before, in one table."""
    return pa.table({
        "client_id": [a.client_id for a in run.assessments],
        "decision": [a.decision.value for a in run.assessments],
        "effective_decision": [a.effective_decision.value for a in run.assessments],
        "confidence": [float(a.confidence) for a in run.assessments],
        "reason_codes": [[r.code for r in a.reasons] for a in run.assessments],
    })


@pytest.mark.parametrize("chunk", [7, 50_000])
def test_engine_output_writes_the_same_json_and_table(run, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(cli_engines, "PARQUET_CHUNK", chunk)
    json_path, parquet_path = cli_engines.write_engine_output(run, tmp_path)
    text = json_path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    written = json.loads(text)
    expected = run_dict(run, AT)
    assert {**written, "generated_at": None} == {**expected, "generated_at": None}
    table = pq.read_table(parquet_path)
    assert table.equals(_parquet_before(run))
    groups = pq.ParquetFile(parquet_path).metadata.num_row_groups
    assert groups == -(-len(run.assessments) // chunk)


def test_engine_output_of_no_clients_is_an_empty_typed_table(run, tmp_path):
    _, parquet_path = cli_engines.write_engine_output(replace(run, assessments=[]), tmp_path)
    table = pq.read_table(parquet_path)
    assert table.num_rows == 0
    assert str(table.schema.field("reason_codes").type) == "list<element: string>"
