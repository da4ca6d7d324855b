"""Compare two assessment JSON documents: equal, except floats within a stated tolerance."""

from __future__ import annotations

import math
from typing import Any

# Floats (ratios, model outputs) may differ in the last bits between engines: sums are added
# in another order. Money, counts, decisions and reason codes must be identical.
REL_TOL = 1e-9
ABS_TOL = 1e-12


def differences(left: Any, right: Any, path: str = "$") -> list[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        found = [f"{path}: keys {sorted(set(left) ^ set(right))}"] \
            if set(left) != set(right) else []
        for key in sorted(set(left) & set(right)):
            if key == "generated_at":
                continue
            found += differences(left[key], right[key], f"{path}.{key}")
        return found
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items against {len(right)}"]
        return [d for i, (a, b) in enumerate(zip(left, right, strict=True))
                for d in differences(a, b, f"{path}[{i}]")]
    if _number(left) and _number(right) and float in (type(left), type(right)) \
            and math.isclose(left, right, rel_tol=REL_TOL, abs_tol=ABS_TOL):
        return []
    if left != right:
        return [f"{path}: {left!r} != {right!r}"]
    return []


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
