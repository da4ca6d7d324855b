"""Friction attribution: REML with the analytic gradient vs finite differences (the old path).

    .venv/bin/python benchmarks/bench_attribution.py      # --clients 10000 --staff 1000 ...

Synthetic portfolio: each client works with 2-4 of the staff, 200,000 messages in all (pair
counts multinomial), client and staff effects sd 0.3, no pair effect (σ²_pair = 0: the flat
direction of the likelihood), noise sd 1. Both REML fits start from the same point with the
same L-BFGS-B settings on the same standardised data in the same run; "finite differences" is
the objective the module minimised before (scipy's 2-point gradient, 5 evaluations a step).
Each is also run on the rows in a shuffled order, to show how far rounding moves the optimum.
Last, the whole `FrictionAttribution().fit` (REML + heavy-tailed EM) is timed once.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from scipy import optimize

from clientfit.models import FrictionAttribution
from clientfit.models._checks import single_threaded_blas
from clientfit.models._reml import _Pairs, _solve, reml_gradient


def portfolio(clients: int, staff: int, messages: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    teams = [rng.choice(staff, size=rng.integers(2, 5), replace=False) for _ in range(clients)]
    c = np.repeat(np.arange(clients), [len(t) for t in teams])
    s = np.concatenate(teams)
    n = rng.multinomial(messages - len(c), np.full(len(c), 1 / len(c))) + 1
    a, b = rng.normal(0, 0.3, clients), rng.normal(0, 0.3, staff)
    cc, ss = np.repeat(c, n), np.repeat(s, n)
    y = 2.0 + a[cc] + b[ss] + rng.normal(0, 1.0, len(cc))
    return pd.DataFrame({"client_id": cc, "staff_id": ss, "friction": y})


def reml(data: pd.DataFrame, analytic: bool) -> dict:
    y = data["friction"].to_numpy()
    pairs = _Pairs(data["client_id"].to_numpy(), data["staff_id"].to_numpy(), y)
    scale = float(y.std())
    pairs.mean, pairs.ss_within = pairs.mean / scale, pairs.ss_within / scale**2
    if analytic:
        fun, jac = (lambda t: reml_gradient(pairs, t)), True
    else:
        fun, jac = (lambda t: _solve(pairs, np.exp(t))["m2ll"]), None
    start = time.process_time()
    with single_threaded_blas():
        result = optimize.minimize(fun, np.log([0.1, 0.1, 0.1, 0.5]), jac=jac, method="L-BFGS-B",
                                   bounds=[(-14.0, 3.0)] * 4, options={"maxiter": 500})
    return {"cpu s": time.process_time() - start, "evaluations": result.nfev,
            "log-lik": -result.fun / 2, "variances": np.exp(result.x) * scale**2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--staff", type=int, default=1_000)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    data = portfolio(args.clients, args.staff, args.messages)
    shuffled = data.sample(frac=1, random_state=1)
    pairs = data.groupby(["client_id", "staff_id"]).ngroups
    print(f"{len(data):,} messages, {args.clients:,} clients, {args.staff:,} staff, "
          f"{pairs:,} pairs\n")
    print("| REML gradient | CPU s | evaluations | log-lik | σ²_client σ²_staff σ²_pair σ² "
          "| shuffled rows: max |Δσ²|, Δ log-lik |")
    print("|---|---|---|---|---|---|")
    times = {}
    for label, analytic in (("finite differences (before)", False), ("analytic (after)", True)):
        fit, again = reml(data, analytic), reml(shuffled, analytic)
        times[label] = fit["cpu s"]
        print(f"| {label} | {fit['cpu s']:.1f} | {fit['evaluations']} | {fit['log-lik']:.4f} "
              f"| {' '.join(f'{v:.6f}' for v in fit['variances'])} "
              f"| {np.abs(fit['variances'] - again['variances']).max():.1e}, "
              f"{fit['log-lik'] - again['log-lik']:.1e} |")
    before, after = times.values()
    print(f"\nREML: before / after = {before / after:.2f}×")
    start = time.process_time()
    FrictionAttribution().fit(data)
    print(f"whole fit (REML + heavy-tailed EM): {time.process_time() - start:.1f} CPU s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
