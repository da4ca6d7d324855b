"""Fixtures for the model tests: the CDNOW sample shipped inside the `lifetimes` wheel.

`lifetimes.datasets` imports pkg_resources (gone from setuptools >= 82), so the files are read
by path; `find_spec` locates the package without importing it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest


def lifetimes_datasets() -> Path:
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("the test dependency 'lifetimes' is not installed (pip install -e .[test])")
    return Path(list(spec.submodule_search_locations)[0]) / "datasets"


@pytest.fixture(scope="session")
def cdnow_transactions() -> pd.DataFrame:
    """The CDNOW sample: 2,357 customers, 6,919 purchases, 1997-01-01 .. 1998-06-30."""
    return read_cdnow_transactions(lifetimes_datasets() / "CDNOW_sample.txt")


def read_cdnow_transactions(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        path, sep=r"\s+", header=None, dtype={"date": str},
        names=["master_id", "customer_id", "date", "quantity", "amount"],
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


@pytest.fixture(scope="session")
def cdnow_published_summary() -> pd.DataFrame:
    """Fader & Hardie's own CDNOW summary: x, t_x, T in weeks and zbar, one row per customer."""
    frame = pd.read_csv(lifetimes_datasets() / "cdnow_customers_summary_with_transactions.csv")
    return frame.rename(
        columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"}
    ).set_index("ID")
