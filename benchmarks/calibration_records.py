"""The records a confidence calibration is fitted on: for every matched client of the demo and
the blind dev seeds, its author, the decision, the rules' strength (assessed with the identity
map: slope 1, intercepts 0), whether the decision was right, and the evidence-thinness figures
the case already has. Saved to / read from JSON so a refit or a leave-one-author-out study
takes seconds once the stores are assessed."""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_decisions as bench  # noqa: E402

DECISIONS = bench.DECISIONS


@dataclass(frozen=True)
class Record:
    """One decision of a calibration set."""

    author: str  # demo, A, C, F, G, J (seeds 1-99 A, 300s C, 600s F, 700s G, 1000s J)
    label: str  # the portfolio (demo_7, seed_301, ...)
    decision: str
    strength: float
    right: bool
    inbound_messages: float
    due_invoices: float


def author(label: str) -> str:
    if label.startswith("demo"):
        return "demo"
    number = int(label.split("_")[1])
    return {0: "A", 3: "C", 6: "F", 7: "G", 10: "J"}.get(number // 100, f"seed {number}")


def _number(value: Any) -> float:
    return float(value) if value is not None and value == value else 0.0


def identity_policy(path: Path | None):  # noqa: ANN201 - assessment.policy.Policy
    """The policy with the calibration map set to the identity: confidence = strength."""
    from clientfit.assessment.policy import Policy, load_policy

    settings = copy.deepcopy(load_policy(path).settings)
    confidence = settings["confidence"]
    for name in list(confidence):
        if name.startswith("calibration_"):
            confidence[name] = 0.0
    confidence["calibration_slope"] = 1.0
    return Policy(settings, "identity")


def assess_records(dev: list[Path], demo_seeds: list[int], demo_clients: int, work: Path,
                   policy: Path | None = None) -> list[Record]:
    """Assess the demo and dev stores (bench_decisions --work reuses them) with the identity map."""
    from clientfit import service

    identity = identity_policy(policy)
    entries = [(f"demo_{seed}", *bench.load_demo(seed, demo_clients, work), True)
               for seed in demo_seeds]
    entries += [(d.name, *bench.load_blind(d, work), False) for d in dev]
    records = []
    for label, db, as_of, truth, window, by_id in entries:
        store = bench._store(db)
        try:
            run = service.assess(store, as_of=as_of, window=window, policy=identity)
        finally:
            store.dispose()
        assessments = {a.client_id: a for a in run.assessments}
        clients = bench._client_rows(db)
        for row in truth:
            ids = [row["client_id"]] if by_id else bench._matching_ids(row, clients)
            found = sorted((assessments[i] for i in ids if i in assessments),
                           key=lambda a: -(a.metrics.get("revenue_minor") or 0))
            if not found:
                continue  # MISSING: no confidence was stated
            chosen = found[0]
            records.append(Record(
                author(label), label, chosen.decision.value, float(chosen.confidence),
                chosen.decision.value == row["expected_decision"],
                _number(chosen.metrics.get("inbound_messages")),
                _number(chosen.metrics.get("due_invoice_count"))))
        print(f"assessed {label}", file=sys.stderr, flush=True)
    return records


def save(records: list[Record], path: Path) -> None:
    path.write_text(json.dumps([asdict(r) for r in records]), encoding="utf-8")


def load(path: Path) -> list[Record]:
    return [Record(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
