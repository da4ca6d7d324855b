"""The blind evaluation portfolio (issue 14) imports through the real importers with no flags.

The generator was written by an independent author (tests/data/blind_portfolio/generator);
this checks what the importers must get right before any decision is judged: every file is
recognised, each staff member is one person, and re-importing adds nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clientfit.importing import import_paths
from tests.importers.helpers import count, fresh_store, rows

GENERATOR = Path(__file__).resolve().parents[1] / "data" / "blind_portfolio" / "generator"


@pytest.mark.slow
def test_a_dev_seed_imports_with_no_flags_one_staff_member_per_person(tmp_path, sqlite_url):
    out = tmp_path / "seed_2"
    subprocess.run([sys.executable, str(GENERATOR / "generate.py"), "--seed", "2",
                    "--out", str(out)], check=True, capture_output=True)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    store = fresh_store(sqlite_url)

    import_paths(store, "auto", [out / "exports"])

    staff = rows(store, "SELECT name, email FROM staff")
    assert len(staff) == len(truth["staff"])
    assert {s["email"] for s in staff} == {s["email"] for s in truth["staff"]}
    currencies = {r["currency"] for r in rows(store, "SELECT DISTINCT currency FROM invoices")}
    assert {"PLN", "USD"} <= currencies
    assert count(store, "messages") > 0
    # short time-report names ("Pioneer") join the one client with a tax ID or domain
    assert count(store, "clients") == len(truth["clients"])

    before = {table: count(store, table) for table in ("clients", "invoices", "messages")}
    import_paths(store, "auto", [out / "exports"])
    assert {table: count(store, table) for table in before} == before


@pytest.mark.slow
def test_author_g_imports_with_each_mailbox_copy_unchanged(tmp_path, sqlite_url):
    """Author G (a Dublin/Wrocław consultancy, dev seed 701): the same e-mail in a Dublin Gmail
    mbox and a Wrocław Outlook .eml folder is one message, its copy unchanged, not updated."""
    out = tmp_path / "seed_701"
    subprocess.run([sys.executable, str(GENERATOR.parent / "generator_g" / "generate.py"),
                    "--seed", "701", "--out", str(out)], check=True, capture_output=True)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    store = fresh_store(sqlite_url)

    report = import_paths(store, "auto", [out / "exports"])

    assert "file of no known export kind (in a folder)" not in report.skipped
    messages = report.count("messages")
    assert messages.updated == 0 and messages.unchanged > 0  # the copies
    assert messages.read == messages.added + messages.unchanged
    assert count(store, "clients") == len(truth["clients"])
    assert {s["email"] for s in rows(store, "SELECT email FROM staff")} == {
        s["email"] for s in truth["staff"]}
    again = import_paths(store, "auto", [out / "exports"])
    assert (again.added, again.updated) == (0, 0)
