"""JSON nested beyond the cap is a clean error naming file and line, before the parser recurses."""

from __future__ import annotations

import json

import pytest

from clientfit.errors import InputError
from clientfit.importers.bundle import check_manifest
from clientfit.importers.json_input import MAX_JSON_DEPTH, JsonTooDeep, check_depth, load_json
from clientfit.importing import import_paths
from tests.importers.helpers import fresh_store, snapshot


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"notes": "[" * 500 + "{" * 500, "lines": [[1, 2], {"a": [3]}]})
    assert load_json(text)["lines"][1]["a"] == [3]


def test_the_line_of_the_first_bracket_past_the_cap_is_named():
    text = "{\n" + "[" * MAX_JSON_DEPTH + "\n" + "]" * MAX_JSON_DEPTH + "\n}"
    with pytest.raises(JsonTooDeep) as caught:
        check_depth(text)
    assert caught.value.line == 2
    check_depth("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)  # exactly the cap is fine


def test_a_fakturownia_file_nested_100000_deep_is_refused_and_nothing_stored(tmp_path,
                                                                               sqlite_url):
    path = tmp_path / "fakturownia.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    store = fresh_store(sqlite_url)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, "fakturownia", [path])
    assert "fakturownia.json" in str(caught.value)
    assert "nested more than" in str(caught.value)
    assert snapshot(store) == before


def test_a_bundle_manifest_nested_deep_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"version": ' + "[" * 5000 + "]" * 5000 + "}",
                                            encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_manifest(tmp_path)
    assert "manifest.json" in str(caught.value)
    assert "nested more than" in str(caught.value)
