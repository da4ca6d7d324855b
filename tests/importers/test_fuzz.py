"""A bounded run of the importer mutation fuzzer (benchmarks/fuzz_importers.py runs ≥ 1,000):
every mutated export is a clean error that leaves the store unchanged, or an import whose
stored values stay within their documented domains."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from fuzz_importers import TARGETS, run  # noqa: E402


def test_mutated_exports_give_clean_errors_or_sane_stores():
    results = run(variants=3 * (len(TARGETS) + 1), seed=2026)
    assert results.failures == []
    assert results.outcomes["crash"] == results.outcomes["corrupt"] == 0
    assert results.outcomes["clean"] and results.outcomes["accepted"]
