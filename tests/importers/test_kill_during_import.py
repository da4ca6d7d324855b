"""kill -9 in the middle of an import (issue 17): the store is left as it was or complete,
never partial; the same import run again then completes it and adds nothing twice."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest

from clientfit.importing import import_paths
from tests.importers.helpers import DATA, fresh_store, snapshot

pytestmark = pytest.mark.slow  # a real import process, killed

ROWS = 20_000


def _big_harvest(path) -> None:
    with (DATA / "harvest_us.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    day, notes = header.index("Date"), header.index("Notes")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(ROWS):
            row = list(rows[number % len(rows)])
            row[day] = (date(2024, 1, 1) + timedelta(days=number % 700)).strftime("%m/%d/%Y")
            row[notes] = f"task {number}"
            writer.writerow(row)


def _without_imports(content):
    return {name: rows for name, rows in content.items() if name != "imports"}


@pytest.mark.parametrize("delay", [1.5, 4.0])
def test_a_killed_import_leaves_nothing_partial(db_url, tmp_path, delay):
    export = tmp_path / "harvest_big.csv"
    _big_harvest(export)
    store = fresh_store(db_url)
    import_paths(store, "stripe-invoices", [DATA / "stripe_invoices.csv"])
    before = _without_imports(snapshot(store))
    process = subprocess.Popen(
        [sys.executable, "-c", "from clientfit.cli import main; main()", "import", "harvest",
         str(export), "--db", db_url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=os.environ.copy())
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after_kill = _without_imports(snapshot(store))
    reference = fresh_store(f"sqlite:///{tmp_path / 'reference.db'}")
    import_paths(reference, "stripe-invoices", [DATA / "stripe_invoices.csv"])
    import_paths(reference, "harvest", [export])
    complete = _without_imports(snapshot(reference))
    assert after_kill in (before, complete)
    if store.dialect == "sqlite":
        with store.reading() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    import_paths(store, "harvest", [export])
    assert _without_imports(snapshot(store)) == complete
