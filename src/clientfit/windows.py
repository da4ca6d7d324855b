"""Assessment windows: "12m", "90d", "2y" ending on an as-of date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from clientfit.domain import Window
from clientfit.errors import ClientfitError

_SPEC = re.compile(r"^\s*(\d+)\s*([dmy])\s*$", re.IGNORECASE)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_ending(as_of: date, spec: str) -> Window:
    """The window of length `spec` whose last day is `as_of`.

    12m ending 2026-06-30 starts 2025-07-01: whole months counted back from the next day.
    """
    match = _SPEC.match(spec)
    if not match:
        raise ClientfitError(f"window {spec!r} is not a length such as 12m, 90d or 2y")
    count, unit = int(match.group(1)), match.group(2).lower()
    if count < 1:
        raise ClientfitError(f"window {spec!r} must be at least one day long")
    if unit == "d":
        start = as_of - timedelta(days=count - 1)
    else:
        months = count * 12 if unit == "y" else count
        start = add_months(as_of + timedelta(days=1), -months)
    return Window(start=start, as_of=as_of)
