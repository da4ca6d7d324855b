"""The demo portfolio written as real exports and imported gives the bundle's records back."""

from __future__ import annotations

import pytest

from clientfit.demo import generate_bundle
from clientfit.importers.base import Options
from clientfit.importers.real_exports import write_real_exports
from clientfit.importing import import_paths, plan
from clientfit.service import import_bundle
from tests.importers.helpers import fresh_store, rows

PER_CLIENT = """
SELECT c.name,
  (SELECT COUNT(*) FROM time_entries e WHERE e.client_id = c.client_id) AS entries,
  (SELECT COALESCE(SUM(e.minutes), 0) FROM time_entries e WHERE e.client_id = c.client_id)
      AS minutes,
  (SELECT COALESCE(SUM(i.amount_minor), 0) FROM invoices i WHERE i.client_id = c.client_id)
      AS invoiced,
  (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p JOIN invoices i
      ON i.invoice_id = p.invoice_id WHERE i.client_id = c.client_id) AS paid,
  (SELECT COUNT(*) FROM messages m WHERE m.client_id = c.client_id AND m.channel = 'email')
      AS mails,
  (SELECT COUNT(*) FROM messages m WHERE m.client_id = c.client_id AND m.direction = 'out')
      AS sent,
  (SELECT s.name FROM staff s WHERE s.staff_id = c.owner_staff_id) AS owner
FROM clients c ORDER BY c.name
"""


@pytest.mark.slow
def test_demo_as_real_exports_round_trip(tmp_path, db_url):
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, clients=12, seed=11)
    written = write_real_exports(bundle, tmp_path / "real")
    assert {p.name: i.name for i, p in plan("auto", [tmp_path / "real"])} == {
        "harvest_time.csv": "harvest", "hubspot_companies.csv": "hubspot-companies",
        "stripe_invoices.csv": "stripe-invoices", "stripe_payments.csv": "stripe-payments",
        "mail.mbox": "mbox"}
    expected_store = fresh_store(f"sqlite:///{tmp_path / 'bundle.db'}")
    import_bundle(expected_store, bundle)
    store = fresh_store(db_url)
    options = Options(our_domains=frozenset({"studio.example"}))
    report = import_paths(store, "auto", [tmp_path / "real"], options)
    assert report.problems == [] and not report.skipped
    assert report.count("time_entries").added == written["harvest_time.csv"]
    assert rows(store, PER_CLIENT) == rows(expected_store, PER_CLIENT)
    staff = "SELECT name, email, hourly_cost_minor FROM staff ORDER BY name"
    assert rows(store, staff) == rows(expected_store, staff)


def test_exports_on_top_of_a_bundle_find_its_clients_and_staff(tmp_path, sqlite_url):
    """A bundle import records identities like every import: the same portfolio's real
    exports, imported afterwards, create no client and no staff member."""
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, clients=6, seed=5)
    write_real_exports(bundle, tmp_path / "real")
    store = fresh_store(sqlite_url)
    import_bundle(store, bundle)
    before = rows(store, "SELECT COUNT(*) AS n FROM clients")[0]["n"], \
        rows(store, "SELECT COUNT(*) AS n FROM staff")[0]["n"]
    report = import_paths(store, "auto", [tmp_path / "real" / "harvest_time.csv",
                                          tmp_path / "real" / "hubspot_companies.csv"])
    assert report.new_clients == [] and report.new_staff == []
    after = rows(store, "SELECT COUNT(*) AS n FROM clients")[0]["n"], \
        rows(store, "SELECT COUNT(*) AS n FROM staff")[0]["n"]
    assert after == before
