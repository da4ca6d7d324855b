"""Import throughput and peak memory: a large Toggl CSV and a large mbox, vs pandas.read_csv.

    python benchmarks/bench_import.py --rows 200000 --messages 20000

Generates the files in a temporary folder, then runs each measurement in its own process (so
peak resident memory is that measurement's alone):

- `pandas.read_csv` of the Toggl file (the baseline: parsing only, everything in memory),
- the Toggl importer's records, parsed and validated, not stored,
- `clientfit import toggl` into a fresh SQLite store (one transaction),
- the mbox importer's records, and `clientfit import mbox` into a store that knows the clients.

Prints a Markdown table: rows (or messages) per second, peak RSS in MB, and its growth over the
process's size once every module is loaded (what the file itself costs in memory).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

CLIENTS = [("Klient Żółć", "zolc.pl"), ("Acme Ltd", "acme.co.uk"), ("Nowy Klient", "nowy.pl"),
           ("Wydawnictwo Ósemka", "osemka.pl"), ("Baker & Sons", "baker.com")]
STAFF = [("Anna Nowak", "anna"), ("Łukasz Świątek", "lukasz"), ("Jan Kowalski", "jan")]


def write_toggl(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
                  "End date,End time,Duration,Tags,Amount (USD)\n")
        for number in range(rows):
            user, login = STAFF[number % len(STAFF)]
            client = CLIENTS[rng.randrange(len(CLIENTS))][0]
            begin = start + timedelta(minutes=15 * number)
            minutes = rng.randrange(5, 240)
            end = begin + timedelta(minutes=minutes)
            out.write(f'{user},{login}@przykladowa.pl,"{client}",Projekt {number % 40},,'
                      f'"Zadanie {number}, szczegóły",{"Yes" if number % 3 else "No"},'
                      f"{begin:%Y-%m-%d},{begin:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S},"
                      f"{minutes // 60:02d}:{minutes % 60:02d}:00,,{minutes * 2}.00\n")


def write_mbox(path: Path, messages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8)
    with path.open("wb") as out:
        for number in range(messages):
            name, domain = CLIENTS[rng.randrange(len(CLIENTS))]
            when = start + timedelta(minutes=37 * number)
            body = ("Dzień dobry,\r\nproszę o informację w sprawie faktury nr "
                    f"{number}. Czy termin jest aktualny?\r\n\r\nPozdrawiam\r\n" * 3)
            quoted = "\r\n".join("> " + line for line in body.splitlines())
            out.write(
                f"From {number}@xxx {when:%a %b %d %H:%M:%S +0000 %Y}\r\n"
                f"From: Klient <kontakt@{domain}>\r\nTo: Anna Nowak <anna@przykladowa.pl>\r\n"
                f"Date: {when:%a, %d %b %Y %H:%M:%S} +0100\r\nSubject: Faktura {number}\r\n"
                f"Message-ID: <{number}.bench@{domain}>\r\nX-GM-THRID: {number // 3}\r\n"
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n".encode()
                + (body + f"\r\nDnia 1 marca 2026 Anna napisała:\r\n{quoted}\r\n\r\n")
                .encode())


def write_companies(path: Path) -> None:
    lines = ["Record ID,Company name,Company Domain Name,Company owner,Create Date"]
    lines += [f"{n},{name},{domain},Anna Nowak,2024-01-01 09:00"
              for n, (name, domain) in enumerate(CLIENTS, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(kind: str, folder: Path) -> dict[str, float]:
    """One measurement, in this process: seconds and rows (module imports not timed)."""
    import pandas as pd

    from clientfit.importers.base import get_importer
    from clientfit.importing import import_paths  # noqa: F401 - loads every importer

    get_importer("mbox")
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    if kind == "pandas":
        rows = len(pd.read_csv(folder / "toggl.csv"))
    elif kind in ("toggl-parse", "mbox-parse"):
        from clientfit.importers.base import Options, get_importer

        source, name = ("toggl", "toggl.csv") if kind == "toggl-parse" else ("mbox", "big.mbox")
        rows = sum(1 for _ in get_importer(source).read(folder / name, Options()))
    else:
        from clientfit.importers.base import Options
        from clientfit.importing import import_paths
        from clientfit.store import open_store

        store = open_store(f"sqlite:///{folder / (kind + '.db')}")
        if kind == "mbox-import":
            import_paths(store, "hubspot-companies", [folder / "companies.csv"])
            began = time.perf_counter()
        source, name = ("toggl", "toggl.csv") if kind == "toggl-import" else ("mbox", "big.mbox")
        report = import_paths(store, source, [folder / name],
                              Options(our_domains=frozenset({"przykladowa.pl"})))
        rows = report.rows_read
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb, "growth_mb": peak_mb - base_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, Path(args.folder))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_toggl(folder / "toggl.csv", args.rows)
        write_mbox(folder / "big.mbox", args.messages)
        write_companies(folder / "companies.csv")
        sizes = {name: (folder / name).stat().st_size / 1e6 for name in ("toggl.csv", "big.mbox")}
        print(f"Toggl CSV: {args.rows} rows, {sizes['toggl.csv']:.1f} MB; "
              f"mbox: {args.messages} messages, {sizes['big.mbox']:.1f} MB")
        print("| measurement | rows | seconds | rows/s | peak RSS MB | growth MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind in ("pandas", "toggl-parse", "toggl-import", "mbox-parse", "mbox-import"):
            done = subprocess.run(
                [sys.executable, __file__, "--one", kind, "--folder", str(folder)],
                check=True, capture_output=True, text=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"| {kind} | {result['rows']:.0f} | {result['seconds']:.1f} | "
                  f"{result['rows'] / result['seconds']:,.0f} | {result['peak_mb']:.0f} | "
                  f"{result['growth_mb']:.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
