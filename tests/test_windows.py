from datetime import date

import pytest

from clientfit.errors import ClientfitError
from clientfit.windows import window_ending


@pytest.mark.parametrize("spec, start", [
    ("12m", date(2025, 7, 1)), ("1y", date(2025, 7, 1)), ("6m", date(2026, 1, 1)),
    ("30d", date(2026, 6, 1)), ("1d", date(2026, 6, 30)),
])
def test_window_lengths(spec, start):
    window = window_ending(date(2026, 6, 30), spec)
    assert (window.start, window.as_of) == (start, date(2026, 6, 30))


def test_month_end_clamps():
    assert window_ending(date(2026, 3, 31), "1m").start == date(2026, 3, 1)
    assert window_ending(date(2026, 2, 28), "1m").start == date(2026, 2, 1)
    assert window_ending(date(2026, 3, 30), "1m").start == date(2026, 2, 28)


@pytest.mark.parametrize("spec", ["12", "m", "0d", "twelve months", "-3m"])
def test_bad_windows_fail(spec):
    with pytest.raises(ClientfitError, match="window"):
        window_ending(date(2026, 6, 30), spec)
