"""Message-analysis throughput inside each engine (issue 15): DuckDB streaming Arrow batches
through the compiled analyzer on the driver, and Spark local mode running it in `mapInArrow`
on its Python workers, both writing the Parquet side store (`clientfit.engines.analyse`).

    PYTHONPATH=src python benchmarks/bench_engine_analysis.py --data EXPORT [--engine duckdb]

Each engine starts from an empty side store, analyses every message the assessment reads (the
window's, and the retainers' inbound history), then runs again to show that nothing is
analysed twice. Prints one Markdown table; the driver's peak RSS is this process's (Spark's
Python workers are other processes).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path


def measure(engine: str, data: Path) -> dict[str, object]:
    from clientfit.engines import reads
    from clientfit.engines.analyse import analyse_pending, register_analyses
    from clientfit.engines.analysis_store import AnalysisStore
    from clientfit.engines.connect import connect
    from clientfit.windows import window_ending

    started = time.perf_counter()
    connection = connect(engine, data)
    opened = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-analyses-") as cache:
        store = AnalysisStore(cache)
        register_analyses(connection, engine, store)
        window = window_ending(reads.latest_record_date(connection), "12m")
        started = time.perf_counter()
        first = analyse_pending(connection, engine, window, store)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = analyse_pending(connection, engine, window, store)
        rerun = time.perf_counter() - started
        kept = store.count()
    connection.disconnect()
    return {"engine": engine, "messages": first.analysed, "seconds": seconds,
            "per_second": first.analysed / seconds if seconds else 0.0, "kept": kept,
            "rerun_analysed": again.analysed, "rerun_seconds": rerun, "connect": opened,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a `clientfit export parquet`")
    parser.add_argument("--engine", choices=("duckdb", "spark"), action="append")
    options = parser.parse_args()
    rows = [measure(engine, options.data) for engine in options.engine or ("duckdb", "spark")]
    print("| engine | messages analysed | seconds | messages/s | kept | rerun: analysed | "
          "rerun seconds | driver peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['engine']} | {row['messages']:,} | {row['seconds']:.1f} | "
              f"{row['per_second']:,.0f} | {row['kept']:,} | {row['rerun_analysed']} | "
              f"{row['rerun_seconds']:.1f} | {row['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
