"""The CLI end to end, as a user runs it: demo, import, assess (table and JSON), explain."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from clientfit.cli import app

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "assessment.schema.json").read_text())
runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    db = f"sqlite:///{root / 'cf.db'}"
    bundle = root / "bundle"
    result = runner.invoke(app, ["demo", "--clients", "30", "--seed", "5", "--out", str(bundle)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", "bundle", str(bundle), "--db", db])
    assert result.exit_code == 0, result.output
    assert "added" in result.output
    return db, bundle


def test_assess_json_follows_the_documented_schema(loaded):
    db, _ = loaded
    result = runner.invoke(app, ["assess", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    assert document["clients"]
    assert {c["decision"] for c in document["clients"]} >= {"KEEP", "RENEGOTIATE"}


def test_assess_table_and_as_of_window(loaded):
    db, _ = loaded
    result = runner.invoke(app, ["assess", "--db", db, "--as-of", "2026-03-31", "--window", "6m"])
    assert result.exit_code == 0, result.output
    assert "2025-10-01 to 2026-03-31" in result.output


def test_explain_prints_reasons_with_evidence(loaded):
    db, bundle = loaded
    document = json.loads(runner.invoke(app, ["assess", "--db", db, "--json"]).output)
    released = next(c for c in document["clients"] if c["decision"] in ("RELEASE", "RENEGOTIATE"))
    result = runner.invoke(app, ["explain", released["client_id"], "--db", db])
    assert result.exit_code == 0, result.output
    first_evidence = released["reasons"][0]["evidence"][0]["id"]
    assert first_evidence in result.output
    assert released["reasons"][0]["code"] in result.output


def test_explain_unknown_client_is_a_clean_error(loaded):
    db, _ = loaded
    result = runner.invoke(app, ["explain", "no such client", "--db", db])
    assert result.exit_code != 0
    assert "no client" in str(result.exception)


def test_import_error_names_file_line_and_field(loaded, tmp_path):
    db, _ = loaded
    (tmp_path / "clients.csv").write_text(
        "client_id,name,language,currency,kind\nC9,Nine,en,EURO,retainer\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "bundle", str(tmp_path), "--db", db])
    assert result.exit_code != 0
    assert "clients.csv, line 2, field 'currency'" in str(result.exception)


def test_every_command_has_help_text():
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():
        assert sub.help, f"command {name} has no help"
        for inner_name, inner in getattr(sub, "commands", {}).items():
            assert inner.help, f"command {name} {inner_name} has no help"


def test_quickstart_loads_the_demo_and_prints_the_triage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["quickstart", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Demo portfolio: 60 clients" in result.output
    assert "RELEASE" in result.output and "RENEGOTIATE" in result.output
    assert (tmp_path / "clientfit.db").exists() and (tmp_path / "demo" / "clients.csv").exists()
    again = runner.invoke(app, ["quickstart", "--no-serve"])
    assert "0 rows added" in again.output


def test_demo_can_also_write_real_exports(tmp_path):
    result = runner.invoke(app, ["demo", "--clients", "8", "--format", "real",
                                 "--out", str(tmp_path / "real")])
    assert result.exit_code == 0, result.output
    written = {p.name for p in (tmp_path / "real").iterdir()}
    assert {"harvest_time.csv", "hubspot_companies.csv", "ground_truth.csv"} <= written
    assert "clients.csv" not in written
    db = f"sqlite:///{tmp_path / 'real.db'}"
    result = runner.invoke(app, ["import", "auto", str(tmp_path / "real" / "harvest_time.csv"),
                                 "--db", db])
    assert result.exit_code == 0, result.output


def test_the_cli_starts_without_the_heavy_modules():
    """`clientfit --help` and `clientfit version` import Typer and Rich, not pandas, SciPy,
    SQLAlchemy, Ibis or the models (issue 16; the speed is in benchmarks/RESULTS.md)."""
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['clientfit', 'version']\n"
            "from clientfit.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('pandas', 'numpy', 'scipy', 'sqlalchemy', 'ibis', 'clientfit.models',"
            " 'clientfit.service', 'clientfit.importers')\n"
            "print(sorted(m for m in sys.modules if m.startswith(heavy)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().endswith("[]"), out


def test_clv_default_discount_rate_matches_the_model():
    from clientfit.cli.clv import DEFAULT_ANNUAL_DISCOUNT_RATE
    from clientfit.models.clv import DEFAULT_ANNUAL_DISCOUNT_RATE as MODEL_RATE

    assert DEFAULT_ANNUAL_DISCOUNT_RATE == MODEL_RATE


def test_import_format_commands_are_listed_and_run():
    result = runner.invoke(app, ["import", "--help"])
    assert result.exit_code == 0 and "harvest" in result.output and "bundle" in result.output
    assert runner.invoke(app, ["import", "harvest", "--help"]).exit_code == 0


def test_explain_lists_each_record_once_and_reasons_cite_numbers(loaded):
    db, _ = loaded
    document = json.loads(runner.invoke(app, ["assess", "--db", db, "--json"]).output)
    client = max(document["clients"], key=lambda c: sum(len(r["evidence"]) for r in c["reasons"]))
    result = runner.invoke(app, ["explain", client["client_id"], "--db", db])
    assert result.exit_code == 0, result.output
    output = result.output
    ids = []
    for reason in client["reasons"]:
        for ref in reason["evidence"]:
            if ref["id"] not in ids:
                ids.append(ref["id"])
    for number, record_id in enumerate(ids, 1):
        line = next(x for x in output.splitlines() if x.startswith(f"[{number}] "))
        assert f"({record_id})" in line or f" {record_id} " in line, (number, line)
        # listed once: no other numbered line names the record
        assert sum(f"({record_id})" in x or f" {record_id} " in x
                   for x in output.splitlines() if x.startswith("[")) == 1
    cited = [x for x in output.splitlines() if x.strip().startswith("evidence: [")]
    assert len(cited) == sum(1 for r in client["reasons"] if r["evidence"])
    assert "[1]" in cited[0]
