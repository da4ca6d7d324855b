"""Pathological files are refused early (issue 17): seconds and peak memory to the refusal.

    python benchmarks/bench_hostile_files.py

Each file is imported in its own process into a fresh SQLite store (so peak resident memory
is that import's alone); growth is the peak over the process's size once clientfit is loaded:

- a 50 MB mbox and a 50 MB .eml that are one single line (the issue's 14-19 s, ~860 MB),
- an .xlsx whose one cell unpacks to 1 GB (the issue: accepted with 2.29 GB of memory),
- a 100 MB Harvest CSV of ordinary rows, imported (the peer: what a large valid file costs).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_files(folder: Path) -> dict[str, tuple[str, Path]]:
    mbox = folder / "one_line.mbox"
    with mbox.open("wb") as out:
        out.write(b"From a@b.pl Mon Jan  5 10:00:00 2026\nFrom: a@zolc.pl\nSubject: ")
        out.write(b"x" * (50 << 20) + b"\n")
    eml = folder / "one_line.eml"
    with eml.open("wb") as out:
        out.write(b"From: a@zolc.pl\nSubject: " + b"x" * (50 << 20) + b"\n")
    xlsx = folder / "huge_cell.xlsx"
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   b"<si><t>")
        block = b"x" * (1 << 20)
        for _ in range(1024):
            part.write(block)
        part.write(b"</t></si></sst>")
    harvest = folder / "harvest_100mb.csv"
    source = (ROOT / "tests" / "data" / "imports" / "harvest_us.csv").read_text().splitlines()
    header, rows = source[0], source[1:]
    with harvest.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        number = 0
        while out.tell() < 100 << 20:
            row = rows[number % len(rows)].split(",")
            row[5] = f"task {number}"
            out.write(",".join(row) + "\n")
            number += 1
    return {"mbox, one 50 MB line": ("mbox", mbox), ".eml, one 50 MB line": ("eml", eml),
            ".xlsx, one 1 GB cell": ("hubspot-companies", xlsx),
            "Harvest CSV, 100 MB of valid rows (peer)": ("harvest", harvest)}


def measure(source: str, path: Path) -> dict[str, object]:
    from clientfit.errors import InputError
    from clientfit.importing import import_paths
    from clientfit.store import open_store

    store = open_store(f"sqlite:///{path.parent / (path.name + '.db')}")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    try:
        report = import_paths(store, source, [path])
        outcome = f"imported {report.rows_read:,} rows"
    except InputError as error:
        outcome = f"refused: {error.reason}"
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "growth_mb": peak - base, "outcome": outcome}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp))
        print("| file | size MB | seconds | memory growth MB | outcome |")
        print("|---|---:|---:|---:|---|")
        for label, (source, path) in files.items():
            done = subprocess.run([sys.executable, __file__, "--one", source, str(path)],
                                  check=True, capture_output=True, text=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"| {label} | {path.stat().st_size / 1e6:.1f} | {result['seconds']:.2f} | "
                  f"{result['growth_mb']:.0f} | {str(result['outcome'])[:90]} |")


if __name__ == "__main__":
    main()
