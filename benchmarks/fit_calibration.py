"""Fit the policy's confidence calibration (docs/policy.md, "Confidence") on the demo and the
blind dev seeds together, and print the [confidence] lines to paste into the default policy.

Each decision's strength (the rules' evidence: sufficiency x decisiveness) is read by assessing
with the identity map (slope 1, intercepts 0); then one logistic curve per decision kind, with a
shared slope, is fitted to whether the decision was right: sigmoid(slope x logit(strength) +
intercept[decision]), the intercepts L2-regularised (--l2) so a kind seen a few times stays
near the others. The expected calibration error is printed per group, in the bench's bins.

    .venv/bin/python benchmarks/fit_calibration.py --dev /work/seeds/dev/seed_1 ... \\
        --work /tmp/bench        # reuses the stores bench_decisions.py --work made
"""

from __future__ import annotations

import argparse
import copy
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_decisions as bench  # noqa: E402

DECISIONS = bench.DECISIONS


def strengths(args: argparse.Namespace, work: Path) -> tuple[list[str], list[str], list[float],
                                                              list[bool]]:
    """(group, decision, strength, right) for every matched client of the demo and dev seeds."""
    from clientfit.assessment.policy import Policy, load_policy

    base = load_policy(args.policy)
    settings = copy.deepcopy(base.settings)
    settings["confidence"]["calibration_slope"] = 1.0
    for decision in DECISIONS:
        settings["confidence"][f"calibration_{decision.lower()}"] = 0.0
    identity = Policy(settings, "identity")
    entries = [("demo", *bench.load_demo(seed, args.demo_clients, work), True)
               for seed in [int(s) for s in args.demo_seeds.split(",") if s.strip()]]
    entries += [("dev", *bench.load_blind(directory, work), False) for directory in args.dev]
    groups, decisions, values, right = [], [], [], []
    for group, db, as_of, truth, window, by_id in entries:
        store = bench._store(db)
        try:
            from clientfit import service

            run = service.assess(store, as_of=as_of, window=window, policy=identity)
        finally:
            store.dispose()
        for outcome in bench.match_outcomes(run, truth, bench._client_rows(db), by_id):
            if outcome.decision == "MISSING":
                continue
            groups.append(group)
            decisions.append(outcome.decision)
            values.append(outcome.confidence)
            right.append(outcome.decision == outcome.expected)
    return groups, decisions, values, right


def fit(decisions: list[str], values: list[float], right: list[bool], l2: float) -> np.ndarray:
    clipped = np.clip(np.array(values), 0.02, 0.98)
    x = np.log(clipped / (1 - clipped))
    kind = np.array([DECISIONS.index(d) for d in decisions])
    y = np.array(right, dtype=float)

    def loss(params: np.ndarray) -> float:
        p = np.clip(1 / (1 + np.exp(-(params[0] * x + params[1:][kind]))), 1e-9, 1 - 1e-9)
        return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
                     + l2 * np.sum(params[1:] ** 2))

    return minimize(loss, np.r_[1.0, np.zeros(len(DECISIONS))], method="L-BFGS-B").x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, nargs="+", required=True)
    parser.add_argument("--demo-seeds", default="7,11,2024")
    parser.add_argument("--demo-clients", type=int, default=60)
    parser.add_argument("--l2", type=float, default=0.1)
    parser.add_argument("--policy", type=Path)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fit_calibration_") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        groups, decisions, values, right = strengths(args, work)
    params = fit(decisions, values, right, args.l2)
    print(f"calibration_slope = {params[0]:.2f}")
    for decision, intercept in zip(DECISIONS, params[1:], strict=True):
        print(f"calibration_{decision.lower()} = {intercept:.2f}")
    for group in ("demo", "dev", None):
        outcomes = [bench.Outcome("", "", "right" if ok else "wrong", "right", round(
            1 / (1 + math.exp(-(params[0] * math.log(min(max(v, .02), .98) / (1 - min(max(
                v, .02), .98))) + params[1 + DECISIONS.index(d)]))), 2))
            for g, d, v, ok in zip(groups, decisions, values, right, strict=True)
            if group is None or g == group]
        print(f"ECE {group or 'pooled'}: {bench.calibration(outcomes)[1]:.3f} "
              f"({len(outcomes)} decisions)")


if __name__ == "__main__":
    main()
