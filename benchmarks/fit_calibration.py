"""Fit the policy's confidence calibration (docs/policy.md, "Confidence") on the demo and the
blind dev seeds, judge it leave-one-author-out, and print the [confidence] lines to paste into
the default policy.

Each decision's strength (the rules' evidence: sufficiency x decisiveness) is read by assessing
with the identity map (slope 1, intercepts 0); then the map sigmoid(slope x logit(strength) +
intercept[decision] + messages x log2(1 + inbound messages)) is fitted to whether the decision
was right, by the recipe --recipe names (calibration_fit.Recipe; RECIPES below). Before the
lines to paste, each dev author is scored by the map fitted without it (leave one author out:
expected calibration error in the bench's bins, Brier score, log-loss): the figure to expect on
an author nobody tuned on.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_calibration.py \\
        --dev /work/seeds_dev/seed_{1..5} /work/seeds_dev/seed_{301..305} \\
              /work/seeds_dev/seed_{601..605} /work/seeds_dev/seed_{701..705} \\
              /work/seeds_dev/seed_{1001..1005} \\
        --work /tmp/bench        # reuses the stores bench_decisions.py --work made

--records FILE keeps the assessed strengths (written when absent, read when present: a second
fit or --compare takes seconds); --compare scores every recipe of RECIPES.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calibration_records  # noqa: E402
from calibration_fit import DEV_AUTHORS, Recipe, fit, loao, score  # noqa: E402

RECIPES = {recipe.name: recipe for recipe in (
    Recipe("pooled", l2=0.1),  # the ninth session's: every decision counted once, demo in
    Recipe("pooled-l2-10", l2=10.0),
    Recipe("authors", l2=0.1, by_author=True),
    Recipe("authors-no-demo", l2=10.0, by_author=True, demo=False),
    Recipe("authors-t1.3", l2=10.0, by_author=True, temperature=1.3),
    Recipe("random-authors", l2=10.0, author_l2=1.0),
    Recipe("pooled-messages", l2=1.0, messages=True),
    Recipe("authors-messages", l2=1.0, by_author=True, messages=True),
    Recipe("authors-messages-no-demo", l2=1.0, by_author=True, messages=True, demo=False),
    # e14c's choice: each author (the demo one of them) weighs the same, the intercepts pulled
    # to a shared one, a term in the client's inbound messages, the logit divided by 1.1
    Recipe("authors-messages-t1.1", l2=1.0, by_author=True, messages=True, temperature=1.1),
    Recipe("authors-messages-from-0-t1.1", l2=1.0, by_author=True, messages=True, messages_from=0,
           temperature=1.1),
)}
CHOSEN = "authors-messages-t1.1"


def table(records: list, recipe: Recipe) -> None:
    scores = loao(records, recipe)
    print(f"\nrecipe {recipe.name}: {recipe}")
    print("held out     n   right  stated   ECE   Brier  log-loss")
    for held, s in scores.items():
        print(f"{held:<8}{s.n:>6}   {s.accuracy:.3f}  {s.stated:.3f}  {s.ece:.3f}  {s.brier:.3f}"
              f"  {s.log_loss:.3f}")
    eces = [s.ece for s in scores.values()]
    if not eces:
        return
    print(f"mean ECE {sum(eces) / len(eces):.3f}, worst {max(eces):.3f}; mean Brier "
          f"{sum(s.brier for s in scores.values()) / len(scores):.3f}, mean log-loss "
          f"{sum(s.log_loss for s in scores.values()) / len(scores):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, nargs="+", default=[])
    parser.add_argument("--demo-seeds", default="7,11,2024")
    parser.add_argument("--demo-clients", type=int, default=60)
    parser.add_argument("--policy", type=Path)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--records", type=Path,
                        help="the assessed strengths: read if present, else written")
    parser.add_argument("--recipe", default=CHOSEN, choices=sorted(RECIPES))
    parser.add_argument("--compare", action="store_true", help="score every recipe, LOAO")
    args = parser.parse_args()
    if args.records and args.records.exists():
        records = calibration_records.load(args.records)
    else:
        with tempfile.TemporaryDirectory(prefix="fit_calibration_") as tmp:
            work = args.work or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            records = calibration_records.assess_records(
                args.dev, [int(s) for s in args.demo_seeds.split(",") if s.strip()],
                args.demo_clients, work, args.policy)
        if args.records:
            calibration_records.save(records, args.records)
    for recipe in (RECIPES.values() if args.compare else [RECIPES[args.recipe]]):
        table(records, recipe)
    recipe = RECIPES[args.recipe]
    calibration = fit(records, recipe)
    print(f"\n[confidence] fitted on everything by recipe {recipe.name}:")
    print(f"calibration_slope = {calibration.slope:.2f}")
    for decision, intercept in calibration.intercepts.items():
        print(f"calibration_{decision.lower()} = {intercept:.2f}")
    print(f"calibration_messages = {calibration.messages:.2f}")
    print(f"calibration_messages_from = {calibration.messages_from:g}")
    for group in ("demo", *DEV_AUTHORS, None):
        chosen = [r for r in records if group is None or r.author == group]
        if chosen:
            s = score(chosen, calibration)
            print(f"ECE {group or 'pooled'} (in the fit): {s.ece:.3f} ({s.n} decisions)")


if __name__ == "__main__":
    main()
