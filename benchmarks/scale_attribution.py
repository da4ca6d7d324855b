"""bench_scale.py, part (c): the friction attribution at 10⁴–10⁷ clients, sparse against dense.

Each fit runs in its own process (`python benchmarks/scale_attribution.py CLIENTS SOLVER TAIL`),
so its peak RSS is its own: it writes a synthetic friction table (integer ids; every client with
two staff members drawn at random, as `clientfit demo` assigns an owner and a member; staff =
clients / 10 up to 100,000; 1 + Poisson(2) inbound messages per pair, scored 0/1 from logistic
client, staff and pair effects), fits `FrictionAttribution(solver=..., tail_df=...)`, and prints
one JSON line: rows, pairs, staff, seconds of the fit, peak RSS of the process (data included),
RSS before the fit, −2ℓ.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

MAX_STAFF = 100_000
DENSE_MAX_STAFF = 5_000  # the dense fit's staff block: 5,000² doubles, staff³ per evaluation
# the heavy-tailed fit is ~200 EM steps, each a probed solve: run up to here (1M: ~30+ min)
HEAVY_TAILS_MAX_CLIENTS = 100_000


def staff_for(clients: int) -> int:
    return min(max(clients // 10, 10), MAX_STAFF)


def friction_table(clients: int, seed: int = 15) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    staff = staff_for(clients)
    a, b = rng.normal(0, 0.3, clients), rng.normal(0, 0.2, staff)
    c = np.repeat(np.arange(clients, dtype=np.int64), 2)
    s = rng.integers(0, staff, 2 * clients)
    g = rng.normal(0, 0.25, len(c))
    n = 1 + rng.poisson(2.0, len(c))
    mc, ms = np.repeat(c, n), np.repeat(s, n)
    logit = -1.5 + a[mc] + b[ms] + np.repeat(g, n)
    del a, b, g
    friction = (rng.random(len(mc)) < 1 / (1 + np.exp(-logit))).astype(float)
    return pd.DataFrame({"client_id": mc, "staff_id": ms, "friction": friction})


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(clients: int, solver: str, tail: str) -> None:
    from clientfit.models import FrictionAttribution

    data = friction_table(clients)
    before = _rss_mb()
    started = time.perf_counter()
    model = FrictionAttribution(solver=solver, tail_df=None if tail == "none" else float(tail))
    model.fit(data)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": len(data), "pairs": model.n_pairs_,
                      "staff": len(model.staff_effects_), "seconds": seconds,
                      "peak_mb": _rss_mb(), "before_mb": before,
                      "m2ll": -2 * model.log_likelihood_, "solver": model.solver_,
                      "converged": model.converged_}))


def run(clients: int, solver: str, tail: str, timeout: float) -> dict | None:
    """One fit in a child process; None when it did not finish within `timeout` seconds."""
    try:
        done = subprocess.run([sys.executable, str(Path(__file__)), str(clients), solver, tail],
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        return {"error": error.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(sizes: list[int], timeout: float) -> list[tuple[str, ...]]:
    """Table rows: per size, sparse REML (tail None); the sparse default fit (heavy tails) where
    its traces are probed (more staff than EXACT_PROBE_LIMIT: below it "auto" is dense) up to
    HEAVY_TAILS_MAX_CLIENTS; and both dense fits where the staff block fits (DENSE_MAX_STAFF)."""
    from clientfit.models._sparse_reml import EXACT_PROBE_LIMIT

    out = []
    for clients in sizes:
        runs = [("sparse", "none")]
        if staff_for(clients) > EXACT_PROBE_LIMIT and clients <= HEAVY_TAILS_MAX_CLIENTS:
            runs.append(("sparse", "4"))
        if staff_for(clients) <= DENSE_MAX_STAFF:
            runs += [("dense", "none"), ("dense", "4")]
        results = {}
        for solver, tail in runs:
            result = run(clients, solver, tail, timeout)
            results[(solver, tail)] = result
            label = f"attribution {solver}, {'REML (normal)' if tail == 'none' else 'heavy tails'}"
            if result is None:
                out.append((f"{clients:,} clients", label, f"> {timeout:.0f}", "did not finish"))
                continue
            if "error" in result:
                out.append((f"{clients:,} clients", label, "—", f"failed: {result['error']}"))
                continue
            note = (f"{result['staff']:,} staff, {result['pairs']:,} pairs, "
                    f"{result['rows']:,} messages; peak RSS {result['peak_mb']:,.0f} MB "
                    f"(data {result['before_mb']:,.0f} MB)")
            dense = results.get(("dense", tail))
            sparse = results.get(("sparse", tail))
            if solver == "dense" and dense and sparse and "m2ll" in sparse \
                    and "m2ll" in dense:
                note += f"; |Δ −2ℓ| sparse − dense = {abs(sparse['m2ll'] - dense['m2ll']):.1e}"
            out.append((f"{clients:,} clients", label, f"{result['seconds']:.1f}", note))
        if staff_for(clients) > DENSE_MAX_STAFF:
            gb = (staff_for(clients) + 1) ** 2 * 8 / 1e9
            out.append((f"{clients:,} clients", "attribution dense", "—",
                        f"not run: the staff block alone is {gb:,.0f} GB"))
    return out


if __name__ == "__main__":
    child(int(sys.argv[1]), sys.argv[2], sys.argv[3])
