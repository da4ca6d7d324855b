"""Per-stage wall time, CPU time and RSS of `assess --engine duckdb` on an export.

Runs `assess_on_engine("duckdb", DATA, cache=CACHE, progress=...)` — what `clientfit assess
--engine duckdb --data DATA --cache CACHE` runs, without writing `--out` — and prints, on
stderr, each stage's start and end with the process's RSS and peak RSS, then the table of
stages on stdout. The CPU column is this process's; the analysis workers' CPU is not in it
(`/usr/bin/time -v` around the command gives the total). A CACHE with the analyses of an
earlier run skips the analysis; without one a new temporary folder is used (and kept).

    PYTHONPATH=src /usr/bin/time -v python benchmarks/scale_stages.py DATA [CACHE] [--md5]

`--md5` prints, last, the MD5 of `repr(run.assessments)`: two versions of the code give the
same assessments when it is the same (it builds the whole repr once, ~7 kB a client, after
the peak RSS above is taken). `--out DIR` then writes DIR/assessment.json and
DIR/decisions.parquet with `write_engine_output`, as `clientfit assess --engine duckdb --data
DATA --cache CACHE --out DIR` does, and prints its wall time and the peak RSS after it — so one
run gives the CLI's whole work and the per-stage table.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from clientfit.engines.run import assess_on_engine


def main() -> None:
    argv = sys.argv[1:]
    out = None
    if "--out" in argv:
        at = argv.index("--out")
        out = Path(argv[at + 1])
        del argv[at:at + 2]
    args = [a for a in argv if a != "--md5"]
    data = args[0]
    cache = args[1] if len(args) > 1 else tempfile.mkdtemp(prefix="clientfit-stages-")
    marks: list[tuple[str, int, int | None, float, float]] = []

    def progress(stage: str, done: int, total: int | None) -> None:
        if done == 0 or done == total:
            pages = Path("/proc/self/statm").read_text().split()[1]
            rss = int(pages) * os.sysconf("SC_PAGE_SIZE")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            marks.append((stage, done, total, time.perf_counter(), time.process_time()))
            print(f"{time.strftime('%H:%M:%S')} {stage} {done}/{total} rss {rss / 2**20:.0f} MB "
                  f"peak {peak:.0f} MB", file=sys.stderr, flush=True)

    wall, cpu = time.perf_counter(), time.process_time()
    run = assess_on_engine("duckdb", data, cache=cache, progress=progress)
    print(f"total wall {time.perf_counter() - wall:.1f} s, cpu {time.process_time() - cpu:.1f} s"
          f", {len(run.assessments)} clients, peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, load "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; analyses in {cache}")
    started: dict[str, tuple[float, float]] = {}
    for stage, done, total, at, used in marks:
        if done == 0 and stage not in started:
            started[stage] = (at, used)
        elif done == total and stage in started:
            begin, before = started.pop(stage)
            print(f"  {stage:20s} wall {at - begin:8.1f} s  cpu {used - before:8.1f} s")
    if out is not None:
        from clientfit.cli.engines import write_engine_output

        began = time.perf_counter()
        written = write_engine_output(run, out)
        print(f"wrote {', '.join(str(p) for p in written)} in "
              f"{time.perf_counter() - began:.1f} s; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if "--md5" in argv:
        print(f"md5 of repr(run.assessments): "
              f"{hashlib.md5(repr(run.assessments).encode()).hexdigest()}")


if __name__ == "__main__":
    main()
