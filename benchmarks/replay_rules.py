"""Replay the decision rules on captured signals: a policy sweep in seconds, not a bench run.

`capture` assesses the stores bench_decisions.py --work left (the demo and the dev seeds) once
and pickles what the rules read (the signal rows, the friction counts, the window); `replay`
runs assessment.assess_portfolio on them with the working tree's rules and a policy (settings
overridden with --set), and prints right decisions per author, KEEP-truth clients said WATCH and
the planted mixed clients found (--report: bench_decisions' full report per author). The
evidence references are left out (no rule decides on them), so a replay gives the bench's
decisions exactly while the signals and the friction attribution stay as captured. `null`
shuffles each portfolio's KEEP candidates' complaints, days late and margins independently
(ordinary variation, no mixed client planted) and counts the clients the mixed-signals rule
flags per portfolio.

    PYTHONPATH=src .venv/bin/python benchmarks/replay_rules.py capture --work /tmp/bench \\
        --dev /work/seeds_dev/seed_{1,2,3,4,5,301,302,303,304,305,601,602,603,604,605} \\
        --out /tmp/replay
    PYTHONPATH=src .venv/bin/python benchmarks/replay_rules.py replay --inputs /tmp/replay \\
        --set watch.mixed_false_alarms=0.3
    PYTHONPATH=src .venv/bin/python benchmarks/replay_rules.py null --inputs /tmp/replay

`replay --share-factor 0.5` scales every client's share of revenue as if the portfolio had
twice as many clients of the same mix: what a rule reading the share depends on (e14d).

`capture --recall 0.6` captures the stores with the text reader degraded first (labels dropped
at random, as bench_decisions' robustness sweep does, same seed): a rule's robustness replayed.
"""

from __future__ import annotations

import argparse
import copy
import pickle
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_decisions as bench  # noqa: E402


def author(label: str) -> str:
    if label.startswith("demo"):
        return "demo"
    number = int(label.split("_")[1])
    return {0: "A", 3: "C", 6: "F", 7: "G", 10: "J"}.get(number // 100, f"seed {number}")


def capture(args: argparse.Namespace) -> None:
    import clientfit.stages as stages

    args.out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Any] = {}
    original = stages.assess_portfolio

    def keep(rows, evidence, policy, window, currency, staff_names=None,  # noqa: ANN001, ANN202
             friction=None, **options):
        # the findings are made per client when read (signals.friction.FindingsByClient):
        # made all at once here, to be pickled; the rows copied before the stage drops them
        seen.update(rows=[dict(r) for r in rows], window=window, currency=currency,
                    staff_names=dict(staff_names or {}),
                    friction=None if friction is None else dict(friction.items()))
        return original(rows, evidence, policy, window, currency, staff_names=staff_names,
                        friction=friction, **options)

    stages.assess_portfolio = keep
    entries = [(f"demo_{seed}", *bench.load_demo(seed, args.demo_clients, args.work), True)
               for seed in [int(s) for s in args.demo_seeds.split(",") if s.strip()]]
    entries += [(d.name, *bench.load_blind(d, args.work), False) for d in args.dev]
    for label, db, as_of, truth, window, by_id in entries:
        if args.recall is not None:
            # the text reader degraded as bench_decisions' sweep does (same seed)
            degraded = db.with_name(f"{db.stem}_r{args.recall}.db")
            if not degraded.exists():
                bench.degrade(db, degraded, args.recall, args.sweep_seed)
            db = degraded
        bench._assess(db, as_of, window)
        captured = {**seen, "truth": truth, "clients": bench._client_rows(db), "by_id": by_id}
        with (args.out / f"{label}.pkl").open("wb") as handle:
            pickle.dump(captured, handle)
        print(f"captured {label}", flush=True)


def _inputs(directory: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(directory.glob("*.pkl")):
        with path.open("rb") as handle:
            found[path.stem] = pickle.load(handle)  # noqa: S301 - our own capture
    return found


def _policy(overrides: list[str]):  # noqa: ANN202 - assessment.policy.Policy
    from clientfit.assessment.policy import Policy, load_policy

    settings = copy.deepcopy(load_policy().settings)
    for item in overrides:
        key, value = item.split("=", 1)
        section, name = key.split(".")
        settings[section][name] = type(settings[section][name])(value)
    return Policy(settings, "replay")


class _NoEvidence(dict):
    def __missing__(self, key: str) -> dict:
        return {}


def replay(args: argparse.Namespace) -> None:
    from clientfit.assessment.portfolio import assess_portfolio

    policy = _policy(args.set or [])
    by_author: dict[str, list[bench.Outcome]] = defaultdict(list)
    for label, data in _inputs(args.inputs).items():
        rows = data["rows"]
        if args.share_factor != 1.0:
            # every client's share of revenue scaled, as in a portfolio with 1 / factor times
            # as many clients of the same mix (e14d: what a rule reading the share depends on)
            rows = [{**row, "revenue_share": row["revenue_share"] * args.share_factor
                     if row.get("revenue_share") is not None else None} for row in rows]
        said = assess_portfolio(rows, _NoEvidence(), policy, data["window"],
                                data["currency"], staff_names=data["staff_names"],
                                friction=data["friction"])
        run = type("Run", (), {"assessments": said})
        by_author[author(label)] += bench.match_outcomes(run, data["truth"], data["clients"],
                                                         data["by_id"])
    for name, outcomes in sorted(by_author.items()):
        right = sum(o.decision == o.expected for o in outcomes)
        false_watch = sum(o.expected == "KEEP" and o.decision == "WATCH" for o in outcomes)
        mixed = [o for o in outcomes if o.archetype.startswith("watch_mixed")]
        found = sum(o.decision == "WATCH" for o in mixed)
        print(f"{name}: {right} / {len(outcomes)} right, KEEP said WATCH {false_watch}, "
              f"mixed found {found} / {len(mixed)}")
    if args.report:
        for name, outcomes in sorted(by_author.items()):
            bench.report(bench.Portfolio(name, outcomes), args.verbose)


def null(args: argparse.Namespace) -> None:
    from clientfit.assessment import portfolio
    from clientfit.assessment.mixed import mixed_signals

    policy = _policy(args.set or [])
    flagged: Counter = Counter()
    runs: Counter = Counter()
    for label, data in _inputs(args.inputs).items():
        rows = data["rows"]
        ids = {r["client_id"] for r in portfolio.keep_candidates(rows, policy)}
        rng = random.Random(label)
        for _ in range(args.shuffles):
            candidates = [dict(r) for r in rows if r["client_id"] in ids]
            for keys in (("complaints", "inbound_messages"), ("days_late",), ("margin_pct",)):
                values = [tuple(r.get(k) for k in keys) for r in candidates]
                rng.shuffle(values)
                for row, value in zip(candidates, values, strict=True):
                    row.update(dict(zip(keys, value, strict=True)))
            shuffled = candidates + [r for r in rows if r["client_id"] not in ids]
            kept = portfolio.keep_candidates(shuffled, policy)
            spread = portfolio.keep_spread(kept)
            norms = {**portfolio.service_norms(shuffled), **portfolio.spread_norms(kept)}
            flagged[author(label)] += sum(
                mixed_signals(r, spread, norms, policy.get, lambda _: ()) is not None
                for r in candidates)
            runs[author(label)] += 1
    for name in sorted(runs):
        print(f"{name}: {flagged[name] / runs[name]:.2f} clients flagged per portfolio "
              f"({runs[name]} shuffled portfolios)")
    print(f"all: {sum(flagged.values()) / sum(runs.values()):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("capture")
    take.add_argument("--work", type=Path, required=True, help="bench_decisions' --work")
    take.add_argument("--dev", type=Path, nargs="*", default=[])
    take.add_argument("--demo-seeds", default="7,11,2024")
    take.add_argument("--demo-clients", type=int, default=60)
    take.add_argument("--out", type=Path, required=True)
    take.add_argument("--recall", type=float, help="degrade the text reader to this recall first")
    take.add_argument("--sweep-seed", type=int, default=14)
    for name in ("replay", "null"):
        command = commands.add_parser(name)
        command.add_argument("--inputs", type=Path, required=True)
        command.add_argument("--set", action="append", help="section.name=value")
        if name == "replay":
            command.add_argument("--report", action="store_true")
            command.add_argument("--verbose", action="store_true")
            command.add_argument("--share-factor", type=float, default=1.0,
                                 help="scale every client's revenue share by this (e14d)")
        else:
            command.add_argument("--shuffles", type=int, default=40)
    args = parser.parse_args()
    {"capture": capture, "replay": replay, "null": null}[args.command](args)


if __name__ == "__main__":
    main()
