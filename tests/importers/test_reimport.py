"""Re-importing is harmless: the same folder imported again adds and updates nothing, on SQLite
and PostgreSQL, whatever the chunking, and two processes with different string hashes (set and
dict order) write the same store (e16n; once a re-import reported 476 invoices "updated").

The folder is a small Polish agency's exports (tests/test_agency_end_to_end.py): KSeF XML with
net and VAT, Fakturownia JSON, bank payments by invoice number, Stripe, Harvest, HubSpot, an mbox
and the NBP rates, plus a Fakturownia copy of two KSeF invoices with their own net (one invoice
known from two sources)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clientfit.demo import generate_bundle
from clientfit.importers import loading
from clientfit.importers.loading import ImportReport
from clientfit.importers.real_exports import SELLER_NIP, write_agency_exports
from clientfit.importing import import_paths
from clientfit.store import open_store
from tests.importers.helpers import snapshot

pytestmark = pytest.mark.slow
SRC = Path(loading.__file__).parents[2]


def _ksef_copies(out: Path) -> None:
    """Two KSeF invoices again as Fakturownia records (net, gross, status), so one invoice is
    read from two files, as in the blind authors' exports."""
    import xml.etree.ElementTree as ET

    copies = []
    for path in sorted((out / "ksef").glob("*.xml")):
        root = ET.parse(path).getroot()
        fa = root.find("{*}Fa")
        text = {child.tag.split("}")[1]: child.text for child in fa}
        buyer = root.find("{*}Podmiot2/{*}DaneIdentyfikacyjne")
        names = {child.tag.split("}")[1]: child.text for child in buyer}
        if text["KodWaluty"] != "PLN" or len(copies) == 2:
            continue
        copies.append({"id": 900 + len(copies), "kind": "vat", "number": text["P_2"],
                       "issue_date": text["P_1"], "sell_date": text["P_1"],
                       "payment_to": text["P_1"], "status": "issued",
                       "buyer_name": names["Nazwa"], "buyer_tax_no": names["NIP"],
                       "seller_tax_no": SELLER_NIP, "price_net": text["P_13_1"],
                       "price_gross": text["P_15"], "currency": "PLN"})
    (out / "fakturownia_copies.json").write_text(json.dumps(copies), encoding="utf-8")


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reimport")
    generate_bundle(root / "bundle", clients=8, seed=5)
    write_agency_exports(root / "bundle", root / "out")
    _ksef_copies(root / "out")
    return root / "out"


def _changes(report: ImportReport) -> dict[str, tuple[int, int]]:
    return {table: (c.added, c.updated) for table, c in report.counts.items()
            if c.added or c.updated}


def _records(store) -> dict:
    """Every record and identity row; the imports log grows by one row per run, by design."""
    return {name: rows for name, rows in snapshot(store).items() if name != "imports"}


def test_a_second_import_adds_and_updates_nothing(agency, db_url):
    store = open_store(db_url)
    first = import_paths(store, "auto", [agency])
    assert first.count("invoices").added > 0 and first.count("messages").added > 0
    assert first.count("invoices").unchanged == 2  # the Fakturownia copies of KSeF invoices
    before = _records(store)
    again = import_paths(store, "auto", [agency])
    assert _changes(again) == {}
    assert not again.new_clients and not again.new_staff and not again.joined
    assert _records(store) == before


def test_chunk_boundaries_change_nothing(agency, tmp_path, monkeypatch):
    """A record and its copy in different chunks, and every record in a chunk of its own."""
    whole = open_store(f"sqlite:///{tmp_path / 'whole.db'}")
    import_paths(whole, "auto", [agency])
    monkeypatch.setattr(loading, "CHUNK", 1)
    store = open_store(f"sqlite:///{tmp_path / 'ones.db'}")
    first = import_paths(store, "auto", [agency])
    assert _records(store) == _records(whole)
    # a Stripe invoice's "paid" summary, added and then replaced by its real charge from a
    # later chunk, is not counted as a payment added
    stored = _records(store)
    for table in ("invoices", "payments", "messages", "time_entries"):
        counts = first.count(table)
        assert counts.added == len(stored[table]), table
        assert counts.read == counts.added + counts.updated + counts.unchanged, table
    assert _changes(import_paths(store, "auto", [agency])) == {}


def test_two_processes_with_different_string_hashes_write_the_same_store(agency, tmp_path):
    """Set and dict order of strings changes with PYTHONHASHSEED: nothing stored may."""
    stores = []
    for seed in ("1", "2"):
        db = f"sqlite:///{tmp_path / f'hash{seed}.db'}"
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, "-m", "clientfit", "import", "auto", str(agency),
                               "--db", db], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        stores.append(_records(open_store(db)))
    assert stores[0] == stores[1]
