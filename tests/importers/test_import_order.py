"""Order does not matter: the agency's exports imported in several orders give the same facts.

The issue-17 crash: Fakturownia first, then HubSpot companies, failed with a foreign-key error
because a client's new owner was written before the staff member it names.
"""

from __future__ import annotations

import random

import pytest

from clientfit.importing import import_paths
from tests.importers.helpers import DATA, fresh_store, rows
from tests.importers.test_agency import OURS, STEPS

MAIL = STEPS[-1]  # mail attaches only to known clients: it comes last in every order
ORDERS = [
    list(STEPS[:-1]),
    list(reversed(STEPS[:-1])),
    *(random.Random(seed).sample(STEPS[:-1], len(STEPS) - 1) for seed in (3, 11)),
]


def _facts(store) -> tuple[list[tuple[str, ...]], list[dict]]:
    """What must not depend on the order: each client's identity, owner, start, currency and
    records. (Which source's spelling becomes the display name does; docs/importers.md.)"""
    clients = rows(store, """
        SELECT c.tax_id, c.email_domain, c.started_on, c.currency, s.name AS owner,
          (SELECT COUNT(*) FROM time_entries e WHERE e.client_id = c.client_id) AS entries,
          (SELECT COALESCE(SUM(e.minutes), 0) FROM time_entries e
            WHERE e.client_id = c.client_id) AS minutes,
          (SELECT COUNT(*) FROM invoices i WHERE i.client_id = c.client_id) AS invoices,
          (SELECT COALESCE(SUM(i.amount_minor), 0) FROM invoices i
            WHERE i.client_id = c.client_id) AS invoiced,
          (SELECT COUNT(*) FROM messages m WHERE m.client_id = c.client_id) AS messages
        FROM clients c LEFT JOIN staff s ON s.staff_id = c.owner_staff_id""")
    totals = rows(store, "SELECT (SELECT COUNT(*) FROM payments) AS payments, "
                         "(SELECT COALESCE(SUM(amount_minor), 0) FROM payments) AS paid, "
                         "(SELECT COUNT(*) FROM staff) AS staff")
    return sorted(tuple(map(str, r.values())) for r in clients), totals


@pytest.mark.parametrize("order", range(len(ORDERS)))
def test_any_order_gives_the_same_facts(db_url, order, tmp_path):
    reference = fresh_store(f"sqlite:///{tmp_path / 'reference.db'}")  # the documented order
    for source, paths in STEPS:
        import_paths(reference, source, paths, OURS)
    expected = _facts(reference)
    store = fresh_store(db_url)
    for source, paths in [*ORDERS[order], MAIL]:
        import_paths(store, source, paths, OURS)
    assert _facts(store) == expected


def test_invoices_first_then_the_crm_that_names_a_new_owner(db_url):
    store = fresh_store(db_url)
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"], OURS)
    import_paths(store, "hubspot-companies", [DATA / "hubspot_companies.csv"], OURS)
    owners = rows(store, "SELECT c.tax_id, s.name FROM clients c "
                         "JOIN staff s ON s.staff_id = c.owner_staff_id WHERE c.tax_id IS NOT NULL")
    assert ("PL7740001454", "Anna Nowak") in {(r["tax_id"], r["name"]) for r in owners}
