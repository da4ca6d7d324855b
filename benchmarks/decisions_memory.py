"""Where the decisions stage's memory goes: `assess --engine duckdb` on an export, with
tracemalloc on from the start of the decisions stage (issue 15).

Wraps the stage's three steps — the friction counts, the attribution (both inside
`attribute_friction`) and the rules (`assess_portfolio`) — and prints, for each, the RSS
before and after, the Python heap it leaves (traced, current) and its traced peak; then the
heap's largest lines and what the result objects hold (the friction findings and the
assessments, by type). tracemalloc slows the stage ~2x: compare its figures, not its times.

    PYTHONPATH=src python benchmarks/decisions_memory.py DATA CACHE [--top 25] [--dump FILE]
    PYTHONPATH=src python benchmarks/decisions_memory.py --load FILE [--top 25]

`--dump FILE` pickles the decisions stage's inputs (the communication, the signal rows, the
evidence, ...); `--load FILE` runs only that stage on them, so a change to it is measured in
the stage's time instead of the whole run's; both print the MD5 of `repr(assessments)`.
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import os
import pickle
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

from clientfit import stages
from clientfit.engines.run import assess_on_engine
from clientfit.signals import friction


def _rss() -> str:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"rss {pages * os.sysconf('SC_PAGE_SIZE') / 2**20:.0f} MB (peak {peak:.0f})"


def _traced() -> str:
    current, peak = tracemalloc.get_traced_memory() if tracemalloc.is_tracing() else (0, 0)
    return f"traced {current / 2**20:.0f} MB (peak {peak / 2**20:.0f})"


def _measured(name: str, function: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not tracemalloc.is_tracing():
            tracemalloc.start(int(os.environ.get("FRAMES", "1")))
        tracemalloc.reset_peak()
        print(f"{time.strftime('%H:%M:%S')} {name} starts: {_rss()}, {_traced()}",
              file=sys.stderr, flush=True)
        began = time.process_time()
        result = function(*args, **kwargs)
        print(f"{time.strftime('%H:%M:%S')} {name} ends: {_rss()}, {_traced()}, "
              f"{time.process_time() - began:.1f} CPU-s", file=sys.stderr, flush=True)
        return result
    return wrapper


def _types(objects: Any, limit: int = 400_000) -> Counter[str]:
    """Counts of the objects reachable from `objects`, by type (breadth first, up to `limit`)."""
    seen: set[int] = set()
    found: Counter[str] = Counter()
    todo = [objects]
    while todo and len(seen) < limit:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        found[type(item).__name__] += 1
        todo.extend(gc.get_referents(item))
    return found


def _option(args: list[str], name: str) -> str | None:
    if name not in args:
        return None
    at = args.index(name)
    value = args[at + 1]
    del args[at:at + 2]
    return value


def main() -> None:
    args = sys.argv[1:]
    top = int(_option(args, "--top") or 25)
    dump, load = _option(args, "--dump"), _option(args, "--load")
    captured: dict[str, Any] = {}
    attribute, portfolio = stages.attribute_friction, stages.assess_portfolio
    friction.friction_counts = _measured("friction counts", friction.friction_counts)
    friction._fit = _measured("attribution fit", friction._fit)
    if load is not None:
        with open(load, "rb") as handle:
            captured = pickle.load(handle)
        print(f"loaded {load}: {_rss()}", file=sys.stderr, flush=True)
        found = _measured("attribute_friction", attribute)(
            captured.pop("comm"), captured["assigned"], **captured["friction_options"])
        # as run_stages calls it: the communication dropped, the rows handed over (when the
        # code measured has `release`)
        rows, *rest = captured.pop("args")
        options = {**captured["options"], "friction": found}
        if "release" in inspect.signature(portfolio).parameters:
            options["release"] = True
        assessments = _measured("assess_portfolio", portfolio)(rows, *rest, **options)
        del rows, rest
    else:
        def attribute_and_keep(comm: Any, assigned: Any, **options: Any) -> Any:
            captured.update(comm=comm, assigned=assigned, friction_options=options)
            return attribute(comm, assigned, **options)

        def portfolio_and_keep(*positional: Any, **options: Any) -> Any:
            if dump is not None:
                kept = {**captured, "args": positional,
                        "options": {k: v for k, v in options.items() if k != "friction"}}
                with open(dump, "wb") as handle:
                    pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
                print(f"dumped the stage's inputs to {dump}", file=sys.stderr, flush=True)
            return portfolio(*positional, **options)

        stages.attribute_friction = _measured("attribute_friction", attribute_and_keep)
        stages.assess_portfolio = _measured("assess_portfolio", portfolio_and_keep)
        assessments = assess_on_engine("duckdb", args[0], cache=args[1]).assessments
        captured.clear()
    print(f"after the stage: {_rss()}, {_traced()}")
    snapshot = tracemalloc.take_snapshot()
    for stat in snapshot.statistics("lineno")[:top]:
        print(f"{stat.size / 2**20:8.1f} MB {stat.count:10d} {stat.traceback}")
    print("per 1,000 assessments:", ", ".join(
        f"{name} {count}" for name, count in _types(assessments[:1000]).most_common(12)))
    print(f"md5 of repr(assessments): {hashlib.md5(repr(assessments).encode()).hexdigest()}")


if __name__ == "__main__":
    main()
