"""Decisions against planted truth: the demo and the blind portfolios (issue 14).

For every portfolio it prints the confusion matrix (truth in rows, clientfit's decision in
columns), the accuracy per archetype, and the calibration of the stated confidence (observed
accuracy per confidence bin and the expected calibration error, ECE). Then the robustness sweep:
the same portfolios with the text reader degraded — every label of every message (complaint,
threat, ..., and a negative tone) dropped with probability 1 - recall, seeded — and assessed
again, for recall 0.8, 0.6 and 0.5.

Portfolios:
- the demo: `clientfit demo --seed S` written as a bundle and loaded with `import bundle`;
  truth = the bundle's ground_truth.csv (matched by client id);
- blind seeds: directories of real exports, each loaded with the real importers exactly as
  `clientfit import auto DIR/exports --our-domain D --our-tax-id N` does (D, N: the agency in
  truth.json), assessed at the seed's as-of date over its window (truth.json's window_start to
  as_of); truth = the seed's
  truth.csv (client_name, tax_id, domain, expected_decision, archetype, owner_staff, notes),
  matched to the store's clients by tax id, then e-mail domain, then name.

    .venv/bin/python benchmarks/bench_decisions.py                      # demo + default blind
    .venv/bin/python benchmarks/bench_decisions.py --dev out/seed_1 out/seed_2 --no-test
    .venv/bin/python benchmarks/bench_decisions.py --root tests/data/blind_portfolio

Without --dev/--test, seeds are found under --root (default tests/data/blind_portfolio): any
directory named seed_N holding a truth.csv. Dev seeds (tuning allowed): N < 100 (author A),
300-399 (author C), 600-699 (author F), 700-799 (author G) and 1000-1099 (author J); test
seeds (only ever reported): 100-199 (author A), 200-299 (author B), 400-499 (author D), 500-599
(author E), 800-899 (author H) and 900-999 (author I).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BLIND = ROOT / "tests" / "data" / "blind_portfolio"
TRUTH_FILES = {"truth.csv", "truth.json", "ground_truth.csv", "manifest.json", "README.md"}
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
DECISIONS = ("KEEP", "RESET", "REASSIGN", "RECOVER", "RENEGOTIATE", "RELEASE", "WATCH")


@dataclass
class Outcome:
    """One client: what the data was built to show and what clientfit said."""

    name: str
    archetype: str
    expected: str
    decision: str  # "MISSING" when no client of the store matched the truth row
    confidence: float
    note: str = ""


@dataclass
class Portfolio:
    label: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(o.decision == o.expected for o in self.outcomes)


# ---------------------------------------------------------------- loading and assessing


def _store(path: Path):  # noqa: ANN202 - clientfit.store.Store
    from clientfit.store import open_store

    return open_store(f"sqlite:///{path}")


POLICY: Path | None = None  # --policy: a policy file instead of the shipped defaults


def _assess(db: Path, as_of: date | None, window: str = "12m"):  # noqa: ANN202
    from clientfit import service
    from clientfit.assessment.policy import load_policy

    store = _store(db)
    try:
        return service.assess(store, as_of=as_of, window=window, policy=load_policy(POLICY))
    finally:
        store.dispose()


def load_demo(seed: int, clients: int, work: Path) -> tuple[Path, date | None, list[dict], str]:
    from clientfit import service
    from clientfit.demo import generate_bundle

    db = work / f"demo_{seed}.db"
    if db.exists() and (work / f"demo_{seed}").is_dir():
        bundle = next(p.parent for p in (work / f"demo_{seed}").rglob("ground_truth.csv"))
        with (bundle / "ground_truth.csv").open(encoding="utf-8") as handle:
            return db, None, [r for r in csv.DictReader(handle) if r["expected_decision"]], "12m"
    bundle = generate_bundle(work / f"demo_{seed}", clients=clients, seed=seed).directory
    store = _store(db)
    try:
        service.import_bundle(store, bundle)
    finally:
        store.dispose()
    with (bundle / "ground_truth.csv").open(encoding="utf-8") as handle:
        truth = [row for row in csv.DictReader(handle) if row["expected_decision"]]
    return db, None, truth, "12m"


def seed_as_of(directory: Path) -> date | None:
    """The as-of date of a blind seed: truth.json's as_of, or a date in truth.csv's header
    comment; None = the latest dated record in the store."""
    meta = directory / "truth.json"
    if meta.exists():
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key in ("as_of", "as_of_date", "asof"):
            if data.get(key):
                return date.fromisoformat(str(data[key])[:10])
    with (directory / "truth.csv").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            found = re.search(r"\d{4}-\d{2}-\d{2}", line)
            if found:
                return date.fromisoformat(found.group())
    return None


def seed_window(directory: Path) -> str:
    """The assessment window a seed states (truth.json's window_start to as_of, in whole
    months, as `clientfit assess --window`); 12m when it states none."""
    meta = directory / "truth.json"
    data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    start, end = data.get("window_start"), data.get("as_of")
    if not start or not end:
        return "12m"
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    return f"{(last.year - first.year) * 12 + last.month - first.month + 1}m"


def seed_options(directory: Path):  # noqa: ANN202 - importers.base.Options
    """Import options a seed states in truth.json (our mail domain and tax id: the agency's,
    or `our_domains` / `our_tax_id`), as a user passes --our-domain and --our-tax-id."""
    from clientfit.importers.base import Options

    meta = directory / "truth.json"
    data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    agency = data.get("agency") or {}
    domains = data.get("our_domains") or [d for d in (data.get("our_domain"),
                                                       agency.get("domain")) if d]
    tax_id = data.get("our_tax_id") or agency.get("nip") or agency.get("tax_id")
    return Options(our_domains=frozenset(d.lower() for d in domains), our_tax_id=tax_id)


def load_blind(directory: Path, work: Path) -> tuple[Path, date | None, list[dict], str]:
    """`clientfit import auto EXPORTS --our-domain ... --our-tax-id ...` (EXPORTS = the seed's
    exports/ folder, or the seed folder itself without one), exchange rates included."""
    from clientfit import importing

    db = work / f"{directory.name}.db"
    exports = directory / "exports"
    paths = [exports] if exports.is_dir() else sorted(
        p for p in directory.iterdir() if p.name not in TRUTH_FILES)
    if not db.exists():
        store = _store(db)
        try:
            importing.import_paths(store, "auto", paths, seed_options(directory))
        finally:
            store.dispose()
    with (directory / "truth.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return db, seed_as_of(directory), list(csv.DictReader(lines)), seed_window(directory)


def _key(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _client_rows(db: Path) -> list[dict]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(
            "SELECT client_id, name, legal_name, tax_id, email_domain FROM clients")]


def match_outcomes(run, truth: list[dict], clients: list[dict], by_id: bool) -> list[Outcome]:  # noqa: ANN001
    """Each truth row with the assessment of its client (by id for the demo; by tax id, then
    e-mail domain, then name for a blind seed). A truth client split across several store
    clients is judged by the split part with most revenue, and noted."""
    assessments = {a.client_id: a for a in run.assessments}
    outcomes = []
    for row in truth:
        ids = [row["client_id"]] if by_id else _matching_ids(row, clients)
        found = [assessments[i] for i in ids if i in assessments]
        name = row.get("client_name") or row.get("client_id", "")
        if not found:
            outcomes.append(Outcome(name, row["archetype"], row["expected_decision"], "MISSING",
                                    0.0, "no active client matched"))
            continue
        found.sort(key=lambda a: -(a.metrics.get("revenue_minor") or 0))
        chosen = found[0]
        note = f"split across {len(found)} clients" if len(found) > 1 else ""
        outcomes.append(Outcome(name, row["archetype"], row["expected_decision"],
                                chosen.decision.value, float(chosen.confidence), note))
    return outcomes


def _matching_ids(row: dict, clients: list[dict]) -> list[str]:
    tax = _key(row.get("tax_id"))
    domain = (row.get("domain") or "").strip().lower()
    name = _key(row.get("client_name"))
    for test in (
        lambda c: tax and _key(c["tax_id"]).endswith(tax[-10:]),
        lambda c: domain and (c["email_domain"] or "").lower() == domain,
        lambda c: name and name in (_key(c["name"]), _key(c["legal_name"])),
    ):
        ids = [c["client_id"] for c in clients if test(c)]
        if ids:
            return ids
    return []


# ---------------------------------------------------------------- degrading the text reader


def degrade(db: Path, target: Path, recall: float, seed: int, *,
            tone_scores: bool = False) -> None:
    """A copy of the store whose stored message analyses lose each label (and a negative
    tone) with probability 1 - recall; the draw is seeded by (seed, recall, message id).
    With tone_scores, a dropped negative tone also leaves a neutral score (0.0)."""
    shutil.copyfile(db, target)
    with sqlite3.connect(target) as connection:
        rows = connection.execute(
            "SELECT rowid, message_id, tone, tone_score, labels, kinds, evidence "
            "FROM message_analyses").fetchall()
        updates = []
        for rowid, message_id, tone, score, labels, kinds, evidence in rows:
            rng = random.Random(f"{seed}:{recall}:{message_id}")
            labels, kinds, evidence = json.loads(labels), json.loads(kinds), json.loads(evidence)
            kept = [label for label in labels if rng.random() < recall]
            for label in set(labels) - set(kept):
                kinds.pop(label, None)
                evidence.pop(label, None)
            if tone == "negative" and rng.random() >= recall:
                tone, score = "neutral", (0.0 if tone_scores else score)
            updates.append((tone, score, json.dumps(kept), json.dumps(kinds),
                            json.dumps(evidence), rowid))
        connection.executemany(
            "UPDATE message_analyses SET tone = ?, tone_score = ?, labels = ?, kinds = ?, "
            "evidence = ? WHERE rowid = ?", updates)


# ---------------------------------------------------------------- reporting


def confusion(outcomes: list[Outcome]) -> str:
    said = [d for d in (*DECISIONS, "MISSING") if any(o.decision == d for o in outcomes)]
    truth = [d for d in DECISIONS if any(o.expected == d for o in outcomes)]
    counts = Counter((o.expected, o.decision) for o in outcomes)
    width = max(len(d) for d in said + truth + ["truth \\ said"]) + 1
    lines = ["truth \\ said".ljust(width) + "".join(d[:6].rjust(7) for d in said)]
    for expected in truth:
        lines.append(expected.ljust(width) + "".join(
            str(counts[(expected, d)] or ".").rjust(7) for d in said))
    return "\n".join(lines)


def per_archetype(outcomes: list[Outcome]) -> list[tuple[str, str, int, int, str]]:
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.archetype, o.expected)].append(o)
    rows = []
    for (archetype, expected), items in sorted(groups.items()):
        wrong = Counter(o.decision for o in items if o.decision != expected)
        rows.append((archetype, expected, sum(o.decision == expected for o in items), len(items),
                     ", ".join(f"{d} {n}" for d, n in wrong.most_common())))
    return rows


def calibration(outcomes: list[Outcome]) -> tuple[list[tuple[str, int, float, float]], float]:
    rows, ece, total = [], 0.0, len(outcomes)
    for low, high in zip(BINS, BINS[1:], strict=False):
        items = [o for o in outcomes if low <= o.confidence < high]
        if not items:
            continue
        stated = sum(o.confidence for o in items) / len(items)
        observed = sum(o.decision == o.expected for o in items) / len(items)
        ece += abs(stated - observed) * len(items) / total
        rows.append((f"[{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}",
                     len(items), stated, observed))
    return rows, ece


def report(portfolio: Portfolio, verbose: bool) -> dict:
    outcomes = portfolio.outcomes
    n = len(outcomes)
    accuracy = portfolio.right / n if n else 0.0
    print(f"\n=== {portfolio.label}: {portfolio.right} / {n} right ({accuracy:.1%})")
    print(confusion(outcomes))
    print("\narchetype".ljust(34) + "expected".ljust(13) + "right".rjust(9) + "   said instead")
    archetypes = per_archetype(outcomes)
    for archetype, expected, right, count, wrong in archetypes:
        print(f"{archetype:<33}{expected:<13}{right:>4} / {count:<3}  {wrong}")
    bins, ece = calibration(outcomes)
    print("\nconfidence     n   stated  observed")
    for name, count, stated, observed in bins:
        print(f"{name:<12}{count:>4}   {stated:.2f}    {observed:.2f}")
    print(f"ECE {ece:.3f}")
    if verbose:
        for o in outcomes:
            if o.decision != o.expected:
                print(f"  wrong: {o.name} [{o.archetype}] expected {o.expected}, said "
                      f"{o.decision} ({o.confidence:.2f}) {o.note}")
    return {"label": portfolio.label, "right": portfolio.right, "n": n, "accuracy": accuracy,
            "ece": ece, "archetypes": [{"archetype": a, "expected": e, "right": r, "n": c}
                                       for a, e, r, c, _ in archetypes]}


def pooled(label: str, portfolios: list[Portfolio]) -> Portfolio:
    return Portfolio(label, [o for p in portfolios for o in p.outcomes])


# ---------------------------------------------------------------- main


def is_dev_seed(number: int) -> bool:
    return number < 100 or 300 <= number < 400 or 600 <= number < 800 or 1000 <= number < 1100


def find_seeds(root: Path) -> tuple[list[Path], list[Path]]:
    dev, test = [], []
    for truth in sorted(root.rglob("truth.csv")):
        found = re.fullmatch(r"seed_(\d+)", truth.parent.name)
        if found:
            (dev if is_dev_seed(int(found.group(1))) else test).append(truth.parent)
    key = lambda p: int(p.name.split("_")[1])  # noqa: E731
    return sorted(dev, key=key), sorted(test, key=key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_BLIND,
                        help="where blind seeds (seed_N/truth.csv) are found")
    parser.add_argument("--dev", type=Path, nargs="*", help="dev seed directories")
    parser.add_argument("--test", type=Path, nargs="*", help="test seed directories")
    parser.add_argument("--no-test", action="store_true", help="skip the test seeds")
    parser.add_argument("--demo-seeds", default="7,11,2024", help="demo seeds ('' = none)")
    parser.add_argument("--demo-clients", type=int, default=60)
    parser.add_argument("--recall", default="0.8,0.6,0.5",
                        help="text reader recall levels of the sweep ('' = no sweep)")
    parser.add_argument("--sweep", default="test", choices=("test", "dev", "all", "none"),
                        help="which portfolios the robustness sweep degrades")
    parser.add_argument("--sweep-seed", type=int, default=14)
    parser.add_argument("--verbose", action="store_true", help="list every wrong decision")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--work", type=Path,
                        help="keep the stores here and reuse the ones already there (tuning)")
    parser.add_argument("--policy", type=Path, help="assess with this policy file")
    args = parser.parse_args()
    global POLICY
    POLICY = args.policy

    found_dev, found_test = find_seeds(args.root) if args.root.is_dir() else ([], [])
    dev = args.dev if args.dev is not None else found_dev
    test = [] if args.no_test else (args.test if args.test is not None else found_test)
    demo_seeds = [int(s) for s in args.demo_seeds.split(",") if s.strip()]
    levels = [float(r) for r in args.recall.split(",") if r.strip()]

    figures: dict[str, list] = {"portfolios": [], "sweep": []}
    with tempfile.TemporaryDirectory(prefix="bench_decisions_") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        groups: dict[str, list[tuple]] = {"demo": [], "dev": [], "test": []}
        for seed in demo_seeds:
            db, as_of, truth, window = load_demo(seed, args.demo_clients, work)
            groups["demo"].append((f"demo seed {seed}", db, as_of, truth, window, True))
        for group, directories in (("dev", dev), ("test", test)):
            for directory in directories:
                db, as_of, truth, window = load_blind(directory, work)
                groups[group].append((f"{group} {directory.name}", db, as_of, truth, window,
                                      False))

        def run_group(entries: list, suffix: str = "", recall: float | None = None
                      ) -> list[Portfolio]:
            done = []
            for label, db, as_of, truth, window, by_id in entries:
                target = db
                if recall is not None:
                    target = db.with_name(f"{db.stem}_r{recall}.db")
                    degrade(db, target, recall, args.sweep_seed)
                run = _assess(target, as_of, window)
                outcomes = match_outcomes(run, truth, _client_rows(target), by_id)
                done.append(Portfolio(label + suffix, outcomes))
            return done

        for group in ("demo", "dev", "test"):
            if not groups[group]:
                continue
            portfolios = run_group(groups[group])
            for portfolio in portfolios:
                if args.verbose or len(portfolios) == 1:
                    figures["portfolios"].append(report(portfolio, args.verbose))
                else:
                    print(f"\n{portfolio.label}: {portfolio.right} / {len(portfolio.outcomes)}")
            if len(portfolios) > 1:
                figures["portfolios"].append(report(pooled(f"{group} (all seeds)", portfolios),
                                                    args.verbose))

        swept = {"test": ["test"], "dev": ["dev"], "all": ["demo", "dev", "test"],
                 "none": []}[args.sweep]
        for group in swept:
            if not groups[group] or not levels:
                continue
            for recall in levels:
                portfolios = run_group(groups[group], f" (recall {recall})", recall)
                figures["sweep"].append({"recall": recall, **report(
                    pooled(f"{group}, text reader recall {recall}", portfolios), args.verbose)})
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
