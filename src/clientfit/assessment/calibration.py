"""The stated confidence, calibrated: the rules' strength of evidence mapped to the share of such
decisions that turn out right (docs/policy.md, "Confidence").

The rules give each decision a strength in [0, 1]: how far the evidence clears its thresholds,
times how much data there is. How often a decision of a given kind and strength is right is a
property of the portfolios it was measured on, so the map is a logistic curve in the policy:
confidence = sigmoid(slope * logit(strength) + intercept[decision]), fitted on the blind dev
seeds and the demo together (benchmarks/bench_decisions.py). Pure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from clientfit.domain import Decision

Setting = Callable[[str, str], Any]


def calibrated(decision: Decision, strength: float, setting: Setting) -> float:
    """The confidence to state for a decision of this kind and strength."""
    clipped = min(max(float(strength), 0.02), 0.98)
    score = float(setting("confidence", "calibration_slope")) * math.log(clipped / (1 - clipped))
    score += float(setting("confidence", f"calibration_{decision.value.lower()}"))
    return 1.0 / (1.0 + math.exp(-score))
