"""The stated confidence, calibrated: the rules' strength of evidence mapped to the share of such
decisions that turn out right (docs/policy.md, "Confidence").

The rules give each decision a strength in [0, 1]: how far the evidence clears its thresholds,
times how much data there is. How often a decision of a given kind and strength is right is a
property of the portfolios it was measured on, so the map is a logistic curve in the policy:
confidence = sigmoid(slope * logit(strength) + intercept[decision] + messages * log2(1 + the
client's inbound messages in the window, at least `calibration_messages_from`)), fitted on
the blind dev seeds and the demo with each author weighing the same, and judged on authors
left out of the fit (benchmarks/fit_calibration.py). A client who writes much leaves more
room for friction the reader missed, so the fitted message term is negative; fewer messages
than the floor count as the floor, so a client (or a portfolio imported without mail) never
gains confidence from writing little. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from clientfit.domain import Decision

Setting = Callable[[str, str], Any]


def calibrated(decision: Decision, strength: float, setting: Setting,
               inbound_messages: float | None = None) -> float:
    """The confidence to state for a decision of this kind and strength, for a client who
    wrote `inbound_messages` in the window (none known: 0)."""
    clipped = min(max(float(strength), 0.02), 0.98)
    score = float(setting("confidence", "calibration_slope")) * math.log(clipped / (1 - clipped))
    score += float(setting("confidence", f"calibration_{decision.value.lower()}"))
    messages = float(inbound_messages) if inbound_messages is not None else 0.0
    messages = messages if messages == messages else 0.0  # NaN: none
    messages = max(messages, float(setting("confidence", "calibration_messages_from")))
    score += float(setting("confidence", "calibration_messages")) * math.log2(1 + messages)
    return 1.0 / (1.0 + math.exp(-score))
