"""The robustness sweep of bench_decisions (issue 14), with a degradation that also forgets the
tone score of a message whose negative tone it drops (the score set to 0.0, neutral).

bench_decisions' sweep drops labels and negative tones but leaves each message's tone score as
it was, so a rule that reads the tone scores (PERSONAL_TONE) keeps its evidence at any recall by
construction. A reader that misses the negativity of a message misses it in its score too: this
sweep says so. Same arguments as bench_decisions.py (use a --work folder of its own: the
degraded copies are written beside the stores).
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_decisions as bd  # noqa: E402


def degrade(db: Path, target: Path, recall: float, seed: int) -> None:
    """bench_decisions.degrade, and a dropped negative tone leaves a neutral score (0.0)."""
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
                tone, score = "neutral", 0.0
            updates.append((tone, score, json.dumps(kept), json.dumps(kinds),
                            json.dumps(evidence), rowid))
        connection.executemany(
            "UPDATE message_analyses SET tone = ?, tone_score = ?, labels = ?, kinds = ?, "
            "evidence = ? WHERE rowid = ?", updates)


if __name__ == "__main__":
    bd.degrade = degrade
    bd.main()
