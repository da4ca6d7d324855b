"""benchmarks/calibration_fit.py: the calibration recipes and the leave-one-author-out score
(issue 14, e14c)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibration_fit import Recipe, fit, loao, score  # noqa: E402
from calibration_records import Record  # noqa: E402

from clientfit.assessment import load_policy  # noqa: E402
from clientfit.assessment.calibration import calibrated  # noqa: E402
from clientfit.domain import Decision  # noqa: E402


def _records(accuracy: dict[str, float], seed: int = 3) -> list[Record]:
    """Authors whose decisions are right with the given chance, whatever the strength."""
    rng = random.Random(seed)
    records = []
    for author, chance in accuracy.items():
        for i in range(400):
            decision = ("KEEP", "RESET", "RECOVER")[i % 3]
            records.append(Record(author, f"{author}_1", decision, rng.uniform(0.5, 0.98),
                                  rng.random() < chance, float(rng.randint(5, 120)), 8.0))
    return records


def test_the_fitted_map_is_the_one_the_assessment_applies():
    records = _records({"A": 0.9, "C": 0.95})
    calibration = fit(records, Recipe("t", l2=1.0, messages=True, temperature=1.1))
    record = records[0]
    expected = calibrated(Decision(record.decision), record.strength, calibration.setting,
                          record.inbound_messages)
    assert calibration.confidence(record) == round(expected, 2)
    # the shipped policy names every setting the map fills
    for name in ("calibration_slope", "calibration_messages",
                 *(f"calibration_{d.value.lower()}" for d in Decision)):
        load_policy().get("confidence", name)
        calibration.setting("confidence", name)


def test_each_author_weighs_the_same_when_the_recipe_says_so():
    # a big easy author and a small hard one: pooled, the big one sets the level
    records = _records({"A": 0.97}) * 4 + _records({"G": 0.80}, seed=5)
    level = {}
    for by_author in (False, True):
        calibration = fit(records, Recipe("t", l2=10.0, by_author=by_author))
        level[by_author] = score(records, calibration).stated
    assert level[True] < level[False] - 0.03
    assert level[True] == pytest.approx((0.97 + 0.80) / 2, abs=0.03)


def test_leave_one_author_out_scores_the_held_out_author_by_the_others():
    records = _records({"A": 0.95, "C": 0.95, "F": 0.95, "G": 0.75})
    scores = loao(records, Recipe("t", l2=10.0, demo=False))
    assert set(scores) == {"A", "C", "F", "G"}
    # G, harder than the three it was not fitted on, is told too much: a large ECE
    assert scores["G"].stated > scores["G"].accuracy + 0.1
    assert scores["G"].ece > 0.1 > scores["A"].ece
