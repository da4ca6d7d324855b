"""`clientfit text label` on JSON Lines, .eml files and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clientfit.cli import app
from clientfit.errors import InputError
from clientfit.text.inputs import read_messages

runner = CliRunner()
EVAL = Path(__file__).resolve().parents[1] / "data" / "text_eval" / "messages.jsonl"

EML = (
    "From: Klient <k@firma.pl>\nTo: biuro@agencja.pl\nSubject: Faktura\n"
    "Message-ID: <abc@firma.pl>\nContent-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: 8bit\n\n"
    "Dzień dobry, jeśli faktura nie zostanie poprawiona, rozwiązujemy umowę.\n\n"
    "Pozdrawiam\nJan\n"
)


def test_label_jsonl_file_as_json(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "subject": "Discount", "body": "We expect 20% off.",
                         "direction": "in"}),
             json.dumps({"id": "b", "subject": "", "body": "Dziękuję za szybką pomoc!",
                         "lang": "pl"})]
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "label", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["labels"] == ["demand"] and rows[0]["tone"] == "negative"
    assert {"Discount", "20% off"} <= set(rows[0]["evidence"]["demand"])
    assert rows[1]["lang"] == "pl" and rows[1]["labels"] == ["praise"]
    assert set(rows[0]) >= {"id", "lang", "tone", "tone_score", "labels", "evidence"}


def test_label_reads_stdin_and_prints_a_table() -> None:
    data = "\n".join(EVAL.read_text(encoding="utf-8").splitlines()[:5])
    result = runner.invoke(app, ["text", "label", "-"], input=data)
    assert result.exit_code == 0, result.output
    assert "en-001" in result.output and "complaint" in result.output


def test_label_eml_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "one.eml").write_bytes(EML.encode("utf-8"))
    for target in (tmp_path / "one.eml", tmp_path):
        result = runner.invoke(app, ["text", "label", str(target), "--json"])
        assert result.exit_code == 0, result.output
        row = json.loads(result.output.splitlines()[0])
        assert row["id"] == "<abc@firma.pl>" and row["lang"] == "pl"
        assert "threat" in row["labels"] and any("umow" in e for e in row["evidence"]["threat"])


def test_eval_set_runs_through_the_cli() -> None:
    result = runner.invoke(app, ["text", "label", str(EVAL), "--json"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 400


@pytest.mark.parametrize("content, line, field", [
    ('{"id": "a", "body": "ok"}\nnot json\n', 2, None),
    ('{"body": "ok"}\n', 1, "id"),
    ('{"id": "a"}\n', 1, "body"),
    ('{"id": "a", "body": 5}\n', 1, "body"),
    ('{"id": "a", "body": "x", "lang": "de"}\n', 1, "lang"),
    ('{"id": "a", "body": "x", "direction": "sideways"}\n', 1, "direction"),
    ('["a", "b"]\n', 1, None),
])
def test_bad_input_names_file_line_and_field(tmp_path: Path, content: str, line: int,
                                             field: str | None) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_messages(str(path))
    assert info.value.file == str(path) and info.value.line == line
    assert info.value.field == field
    result = runner.invoke(app, ["text", "label", str(path)])
    assert result.exit_code != 0


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_messages(str(tmp_path / "nope.jsonl"))


def test_label_shows_schema_2_categories_and_keeps_schema_1_labels(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "subject": "", "direction": "in",
                         "body": "Could you also add two extra pages? We expect a 20% discount."}),
             json.dumps({"id": "b", "subject": "", "body": "We apologise for the delay.",
                         "direction": "out", "lang": "en"})]
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "label", str(path), "--json"])
    assert result.exit_code == 0, result.output
    a, b = (json.loads(line) for line in result.output.splitlines())
    assert a["schema"] == 2
    assert {"scope_request", "demand"} <= set(a["categories"])
    assert "demand" in a["labels"] and a["evidence"]["scope_request"]
    assert b["categories"] == ["apology"] and b["labels"] == ["apology"]
    table = runner.invoke(app, ["text", "label", str(path)])
    assert table.exit_code == 0 and "scope_request" in table.output


def test_jsonl_lines_end_at_newline_only(tmp_path: Path) -> None:
    body = "First line\u2028still the same line\u0085and this\u2029too"
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"id": "x", "body": body}, ensure_ascii=False) + "\r\n"
                    + json.dumps({"id": "y", "body": "ok"}) + "\n", encoding="utf-8")
    messages = read_messages(str(path))
    assert [m.id for m in messages] == ["x", "y"] and messages[0].body == body
