"""How long `clientfit --help` and `clientfit version` take from a cold process (issue 16).

    python benchmarks/bench_cli_startup.py [--repeat 5] [--other-src /path/to/other/src]

Runs each command `repeat` times in a fresh interpreter with this tree's sources first on the
path (and, with --other-src, another tree's, e.g. the main branch before the change), beside a
peer measured in the same run: a bare `python -c "import typer"`, the floor any Typer CLI pays.
Prints the median wall-clock seconds."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
RUN = ("import sys; sys.argv = ['clientfit'] + sys.argv[1:]\n"
       "from clientfit.cli import main\n"
       "try:\n    main()\nexcept SystemExit:\n    pass\n")


def median_seconds(args: list[str], src: Path | None, repeat: int) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--other-src", type=Path)
    options = parser.parse_args()
    rows = [("peer: python -c 'import typer'", ["-c", "import typer"], None)]
    trees = [("this tree", SRC)] + ([("other tree", options.other_src)]
                                    if options.other_src else [])
    for label, src in trees:
        rows += [(f"{label}: clientfit --help", ["-c", RUN, "--help"], src),
                 (f"{label}: clientfit version", ["-c", RUN, "version"], src)]
    for label, args, src in rows:
        print(f"| {label} | {median_seconds(args, src, options.repeat):.2f} s |")


if __name__ == "__main__":
    main()
