"""What the communication stage of `assess --engine duckdb` leaves for the later stages.

Runs `assess_on_engine("duckdb", DATA, cache=CACHE)` up to the end of the communication stage
and prints the stage's wall time, the process's peak RSS, and the bytes of the frames the stage
returns (pandas `memory_usage(deep=True)`): what stays in memory across the batches of clients
and through the later stages, which the process's RSS does not show (freed batch memory is not
given back to the system). Then it stops, without the later stages.

    PYTHONPATH=src python benchmarks/communication_memory.py DATA CACHE
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import Any

import pandas as pd

import clientfit.stages as stages
from clientfit.engines.run import assess_on_engine

original = stages.communication


def _bytes(frame: pd.DataFrame | None) -> int:
    if frame is None or not len(frame.columns):
        return 0
    return int(frame.memory_usage(deep=True).sum())


def _measured(*args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    comm = original(*args, **kwargs)
    wall = time.perf_counter() - start
    sizes = {
        "window.messages": _bytes(comm.window.messages),
        "recent.messages": _bytes(comm.recent.messages),
        "per_client": _bytes(comm.window.per_client) + _bytes(comm.recent.per_client),
        "per_pair": _bytes(comm.window.per_pair) + _bytes(comm.recent.per_pair),
    }
    rows = len(comm.window.messages)
    kept = getattr(comm, "kept", None)  # absent before issue 15 (e15b)
    if kept is not None:
        sizes["kept.table"], sizes["kept.scope"] = _bytes(kept.table), _bytes(kept.scope)
        rows += len(kept.table) + len(kept.scope)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"communication {wall:.1f} s, peak RSS {peak:.0f} MB, message rows kept {rows}")
    for name, size in sizes.items():
        print(f"  {name:16s} {size / 2**20:8.1f} MB")
    print(f"  {'total':16s} {sum(sizes.values()) / 2**20:8.1f} MB", flush=True)
    os._exit(0)  # the later stages are not measured here


def main() -> None:
    stages.communication = _measured
    assess_on_engine("duckdb", sys.argv[1], cache=sys.argv[2])


if __name__ == "__main__":
    main()
