"""Compare two assessment JSON documents: equal, except floats within a stated tolerance."""

from __future__ import annotations

import math
from typing import Any

# Floats (ratios, model outputs) may differ in the last bits between engines: sums are added
# in another order. Money, counts, decisions and reason codes must be identical.
REL_TOL = 1e-9
ABS_TOL = 1e-12
# The reader's learned heads compute in float32 (the USE subword table), and each engine hands
# them messages in batches of another size (another summation order in the matrix products), so
# its scores agree to about 7 significant digits and what is fitted on them (tone slopes) to
# about 6, not to the last bit. Labels, tones, decisions and money stay exact.
READER_REL_TOL = 1e-5
READER_ABS_TOL = 1e-9


def differences(left: Any, right: Any, path: str = "$", rel_tol: float = REL_TOL,
                abs_tol: float = ABS_TOL) -> list[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        found = [f"{path}: keys {sorted(set(left) ^ set(right))}"] \
            if set(left) != set(right) else []
        for key in sorted(set(left) & set(right)):
            if key == "generated_at":
                continue
            found += differences(left[key], right[key], f"{path}.{key}", rel_tol, abs_tol)
        return found
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items against {len(right)}"]
        return [d for i, (a, b) in enumerate(zip(left, right, strict=True))
                for d in differences(a, b, f"{path}[{i}]", rel_tol, abs_tol)]
    if _number(left) and _number(right) and float in (type(left), type(right)) \
            and math.isclose(left, right, rel_tol=rel_tol, abs_tol=abs_tol):
        return []
    if left != right:
        return [f"{path}: {left!r} != {right!r}"]
    return []


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
