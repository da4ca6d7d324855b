"""bench_scale.py, part (d): `clientfit assess --engine duckdb|spark` end to end on the demo.

The data for N clients is made once and reused from DATA_ROOT (the script never deletes it):

    clientfit demo --clients N --out DATA_ROOT/demoN
    clientfit import bundle DATA_ROOT/demoN --db DATA_ROOT/dN.db
    clientfit export parquet DATA_ROOT/pqN --db DATA_ROOT/dN.db

Each `assess` runs as its own process under GNU time (`/usr/bin/time -v`), which gives the wall
time, the CPU time (user + system: on a shared machine the steadier figure) and the
peak RSS of that process; a fresh --out (and so a fresh analysis cache) every run,
so the message analysis is part of the time. The JVM of Spark local mode is a child of that
process and its memory is not in the figure (said in the table).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLIENTFIT = [sys.executable, "-c", "from clientfit.cli import main; main()"]


def _clientfit(*args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLIENTFIT, *args], capture_output=True, text=True, check=True,
                          timeout=timeout)


def prepare(root: Path, clients: int) -> Path:
    """The export for `clients` demo clients under `root`, made if missing."""
    root.mkdir(parents=True, exist_ok=True)
    bundle, db, export = root / f"demo{clients}", root / f"d{clients}.db", root / f"pq{clients}"
    if not export.exists():
        if not bundle.exists():
            _clientfit("demo", "--clients", str(clients), "--out", str(bundle))
        if not db.exists():
            _clientfit("import", "bundle", str(bundle), "--db", str(db))
        _clientfit("export", "parquet", str(export), "--db", str(db))
    return export


def _time_v(command: list[str], timeout: float) -> dict:
    started = time.perf_counter()
    load = os.getloadavg()[0]
    try:
        done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "load": load}
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                            done.stderr))
    return {"seconds": seconds, "peak_mb": int(peak.group(1)) / 1024 if peak else None,
            "cpu": cpu,
            "ok": done.returncode == 0, "load": load,
            "error": done.stderr.strip().splitlines()[-25:] if done.returncode else None}


def rows(root: Path, sizes: list[int], engine: str, timeout: float) -> list[tuple[str, ...]]:
    out = []
    for clients in sizes:
        export = root / f"pq{clients}"
        if not export.exists():
            out.append((f"{clients:,} clients", f"assess --engine {engine}", "—",
                        f"no export at {export} (make it: see scale_e2e.py)"))
            continue
        scratch = Path(tempfile.mkdtemp(prefix="clientfit-e2e-"))
        try:
            result = _time_v([*CLIENTFIT, "assess", "--engine", engine, "--data", str(export),
                              "--out", str(scratch / "out"), "--quiet"], timeout)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        label = f"assess --engine {engine} (end to end)"
        load = f"load {result['load']:.1f} at start"
        if result["seconds"] is None:
            out.append((f"{clients:,} clients", label, f"> {timeout:.0f}",
                        f"stopped after {timeout / 60:.0f} min; {load}"))
        elif not result["ok"]:
            out.append((f"{clients:,} clients", label, f"{result['seconds']:.0f}",
                        f"failed ({result['error'][-1] if result['error'] else '?'}); {load}"))
        else:
            jvm = " (Python process; the JVM not included)" if engine == "spark" else ""
            out.append((f"{clients:,} clients", label, f"{result['seconds']:.0f}",
                        f"peak RSS {result['peak_mb']:,.0f} MB{jvm}; CPU (user + system) "
                        f"{result['cpu']:,.0f} s; {load}"))
    return out
