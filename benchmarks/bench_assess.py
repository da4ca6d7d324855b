"""`assess` at scale: the first run (analyses computed and stored) and a repeat (analyses read).

Builds a demo store of N clients (`clientfit demo` + `clientfit import bundle`, SQLite) unless
--db names one, then runs, each in a fresh process (so peak RSS is that run's own):

1. peer: `service.assess(store, reuse_analyses=False)` — every message analysed again from its
   text, nothing stored (the path before stored analyses);
2. first: `service.assess(store)` on a store without stored analyses (computes and stores them);
3. repeat: `service.assess(store)` again (reads them).

It prints one table row per run: clients, messages in the store, seconds, peak RSS, and the
peer's time divided by the run's (same machine, same run), and checks that the three runs give
the same assessment (JSON of every client, `generated_at` aside).

    .venv/bin/python benchmarks/bench_assess.py --clients 10000
    .venv/bin/python benchmarks/bench_assess.py --db sqlite:////tmp/store.db   # an existing one
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(url: str, mode: str) -> None:
    """One assessment in this process; prints a JSON line with seconds, RSS and a digest."""
    from clientfit import service
    from clientfit.export import run_dict
    from clientfit.store import open_store

    store = open_store(url)
    started = time.perf_counter()
    run = service.assess(store, reuse_analyses=mode != "peer")
    seconds = time.perf_counter() - started
    data = run_dict(run)
    data.pop("generated_at", None)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    print(json.dumps({"seconds": seconds, "clients": len(run.assessments), "digest": digest,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(url: str, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--db", url], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def counts(url: str) -> tuple[int, int]:
    import sqlalchemy as sa

    from clientfit.store import open_store

    store = open_store(url)
    with store.reading() as connection:
        messages = connection.execute(sa.text("SELECT count(*) FROM messages")).scalar_one()
        stored = connection.execute(
            sa.text("SELECT count(*) FROM message_analyses")).scalar_one()
    store.dispose()
    return int(messages), int(stored)


def forget(url: str) -> None:
    from clientfit.store import open_store
    from clientfit.store.message_analyses import forget_analyses

    store = open_store(url)
    with store.transaction() as connection:
        forget_analyses(connection)
    store.dispose()


def build(clients: int, directory: Path) -> str:
    tool = str(Path(sys.executable).with_name("clientfit"))
    bundle = directory / "demo"
    url = f"sqlite:///{directory / 'assess.db'}"
    subprocess.run([tool, "demo", "--clients", str(clients), "--out", str(bundle)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([tool, "import", "bundle", "--db", url, str(bundle)], check=True,
                   stdout=subprocess.DEVNULL)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--db", help="an existing store (its stored analyses are deleted)")
    parser.add_argument("--child", choices=("peer", "first", "repeat"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench_assess_"))
    try:
        url = args.db or build(args.clients, workdir)
        results = {}
        for mode in ("peer", "first", "repeat"):
            if mode != "repeat":  # (churn risk stores inbound analyses even on the peer path)
                forget(url)
            results[mode] = run_child(url, mode)
            print(f"{mode}: {results[mode]['seconds']:.1f} s", file=sys.stderr)
        messages, stored = counts(url)
        peer = results["peer"]["seconds"]
        print("| run | clients | messages | analyses stored | assess s | peak RSS MB "
              "| peer s / this s |")
        print("|---|---|---|---|---|---|---|")
        labels = {"peer": "peer: every message analysed again (old path)",
                  "first": "first assess (analyses computed and stored)",
                  "repeat": "repeat assess (analyses read)"}
        for mode, result in results.items():
            print(f"| {labels[mode]} | {result['clients']:,} | {messages:,} | "
                  f"{stored if mode != 'peer' else 0:,} | {result['seconds']:.1f} | "
                  f"{result['rss_mb']:,.0f} | {peer / result['seconds']:.2f} |")
        same = len({result["digest"] for result in results.values()}) == 1
        print(f"\nidentical assessments in all three runs: {'yes' if same else 'NO'} "
              f"(sha256 {results['repeat']['digest'][:16]}, to compare with other runs)")
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
