"""Input checks for every model, in one place, with plain-English messages.

Models call these at the top of `fit` and `predict`; a failed check raises
`clientfit.errors.ClientfitError` (a user-caused error, shown without a traceback by the CLI).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

import numpy as np
import pandas as pd

from clientfit.errors import ClientfitError


class ModelInputError(ClientfitError, ValueError):
    """Data or options a model cannot work with; the message says what is wrong."""

    exit_code = 2


class NotFittedError(ClientfitError, RuntimeError):
    """A prediction was asked of a model that has not been fitted yet."""


def check_choice(name: str, value: object, valid: Sequence[object]) -> None:
    """Fail, listing the valid options, when `value` is not one of them."""
    if value not in valid:
        options = ", ".join(repr(v) for v in valid)
        raise ModelInputError(f"{name}={value!r} is not a valid option; choose one of {options}")


def check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    ok = value >= 0 if allow_zero else value > 0
    if not np.isfinite(value) or not ok:
        bound = "zero or more" if allow_zero else "more than zero"
        raise ModelInputError(f"{name} must be a finite number {bound}, got {value!r}")


def check_fitted(model: object, attribute: str) -> None:
    if not hasattr(model, attribute):
        raise NotFittedError(
            f"{type(model).__name__} is not fitted yet: call fit(data) before predicting"
        )


def require_columns(data: pd.DataFrame, columns: Iterable[str], what: str = "data") -> None:
    if not isinstance(data, pd.DataFrame):
        raise ModelInputError(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        have = ", ".join(map(str, data.columns)) or "(none)"
        raise ModelInputError(
            f"{what} has no column {', '.join(map(repr, missing))}; its columns are: {have}"
        )


def numeric_column(data: pd.DataFrame, column: str, what: str = "data") -> np.ndarray:
    """The column as float64; fails naming the first row that is missing or not a number."""
    values = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row = data.index[int(np.argmax(bad))]
        raise ModelInputError(
            f"{what}: column {column!r} must hold numbers; "
            f"row {row!r} has {data[column].loc[row]!r}"
        )
    return values


def check_rfm(
    frequency: np.ndarray, recency: np.ndarray, T: np.ndarray, what: str = "data"
) -> None:
    """The checks every (frequency, recency, T) summary must pass."""

    def fail(mask: np.ndarray, reason: str) -> None:
        if mask.any():
            i = int(np.argmax(mask))
            raise ModelInputError(
                f"{what}: {reason} (row {i}: frequency={frequency[i]:g}, "
                f"recency={recency[i]:g}, T={T[i]:g})"
            )

    if len(frequency) == 0:
        raise ModelInputError(f"{what} has no customers to fit")
    fail(frequency < 0, "frequency (number of repeat transactions) is negative")
    fail(frequency != np.round(frequency), "frequency (number of repeat transactions) is not whole")
    fail(recency < 0, "recency is negative")
    fail(T <= 0, "T (time since first transaction) must be more than zero")
    fail(recency > T * (1 + 1e-9), "recency larger than T")
    fail((frequency == 0) & (recency != 0), "recency is not 0 for a customer with no repeat")


_CONTROLLER = None


def single_threaded_blas() -> AbstractContextManager:
    """A context in which BLAS runs on one thread.

    The optimisers here make many tiny BLAS calls (scipy's L-BFGS-B); on a small, shared machine
    waking OpenBLAS's thread pool for each costs more than the work — 2 ms a call, ten times
    the whole CDNOW fit. The controller is built once (listing the loaded libraries is slow).
    """
    global _CONTROLLER
    from threadpoolctl import ThreadpoolController

    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")
