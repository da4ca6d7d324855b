"""Large files are streamed: memory does not grow with the file."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from clientfit.importers.base import Options, get_importer

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
import bench_import  # noqa: E402


def _peak_bytes(source: str, path: Path) -> tuple[int, int]:
    importer = get_importer(source)
    list(importer.read(path, Options()))  # warm caches and lazy imports first
    tracemalloc.start()
    try:
        count = sum(1 for _ in importer.read(path, Options()))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


@pytest.mark.slow
def test_mbox_and_csv_memory_does_not_grow_with_the_file(tmp_path):
    bench_import.write_mbox(tmp_path / "small.mbox", 200)
    bench_import.write_mbox(tmp_path / "big.mbox", 2000)
    bench_import.write_toggl(tmp_path / "small.csv", 2000)
    bench_import.write_toggl(tmp_path / "big.csv", 20000)
    small_mail, big_mail = (_peak_bytes("mbox", tmp_path / n) for n in ("small.mbox", "big.mbox"))
    small_csv, big_csv = (_peak_bytes("toggl", tmp_path / n) for n in ("small.csv", "big.csv"))
    assert (small_mail[0], big_mail[0], small_csv[0], big_csv[0]) == (200, 2000, 2000, 20000)
    size_ratio_mail = (tmp_path / "big.mbox").stat().st_size / (tmp_path / "small.mbox").stat(
        ).st_size
    assert size_ratio_mail > 9
    # Ten times the file, not ten times the memory: at most the mbox's table of offsets grows.
    assert big_mail[1] < 1.5 * small_mail[1] + 300_000  # the big mbox is ~2 MB
    assert big_csv[1] < 1.2 * small_csv[1] + 200_000  # the big CSV is ~3 MB
