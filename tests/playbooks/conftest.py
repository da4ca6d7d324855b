"""A demo portfolio loaded once per module, on a real SQLite file and a real PostgreSQL
database; helpers to pick planted clients by archetype and language."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.store import Store, open_store
from tests.conftest import PG_ADMIN_URL


@pytest.fixture(scope="session")
def demo_bundle(tmp_path_factory) -> Path:
    return generate_bundle(tmp_path_factory.mktemp("pbdemo") / "bundle", clients=60,
                           seed=7).directory


@pytest.fixture(scope="session")
def planted(demo_bundle) -> dict[str, dict[str, str]]:
    """client id -> ground truth row, with the client's language added."""
    with (demo_bundle / "clients.csv").open(encoding="utf-8") as handle:
        languages = {row["client_id"]: row["language"] for row in csv.DictReader(handle)}
    with (demo_bundle / "ground_truth.csv").open(encoding="utf-8") as handle:
        return {row["client_id"]: {**row, "language": languages[row["client_id"]]}
                for row in csv.DictReader(handle)}


def pick(planted: dict[str, dict[str, str]], archetype: str, language: str | None,
         skip: int = 0) -> dict[str, str]:
    """The planted client of an archetype (in a language, when the demo has one)."""
    rows = [r for r in planted.values() if r["archetype"] == archetype
            and (language is None or r["language"] == language)]
    assert len(rows) > skip, f"the demo plants no {archetype} client in {language}"
    return rows[skip]


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    name = f"clientfit_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc.orig}")
    yield sa.engine.make_url(PG_ADMIN_URL).set(database=name).render_as_string(
        hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                marks=pytest.mark.postgres)])
def demo_store(request, demo_bundle, tmp_path_factory) -> Iterator[Store]:
    """The demo portfolio in a fresh store; each module gets its own, on both engines."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('pbstore') / 'clientfit.db'}"
    else:
        url = request.getfixturevalue("pg_module_url")
    store = open_store(url)
    service.import_bundle(store, demo_bundle)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def demo_run(demo_store) -> service.AssessmentRun:
    """One assessment of the demo, shared by the cases a module opens."""
    return service.assess(demo_store)
