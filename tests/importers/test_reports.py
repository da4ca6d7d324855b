"""QuickBooks reports, Xero and FreshBooks exports, and the generic mapped CSV."""

from __future__ import annotations

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths, plan
from tests.importers.helpers import DATA, count, fresh_store, rows, snapshot

USD = Options(currency="USD")  # QuickBooks reports name no currency: the home currency


def _invoices(store):
    return {r["number"]: r for r in rows(store, "SELECT i.*, c.name AS client FROM invoices i "
                                                "JOIN clients c USING (client_id)")}


def test_quickbooks_aging_detail_report_layout(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "quickbooks", [DATA / "quickbooks_ar_aging_detail.csv"], USD)
    assert report.skipped == {"QuickBooks Payment (not an invoice)": 1}
    found = _invoices(store)
    assert sorted(found) == ["1038", "1039", "1043", "CM-7"]
    assert (found["1038"]["amount_minor"], found["1038"]["status"]) == (250000, "partial")
    assert str(found["1038"]["due_date"]) == "2026-03-17"
    assert (found["CM-7"]["amount_minor"], found["CM-7"]["kind"]) == (-10000, "credit_note")
    assert found["1039"]["client"] == "Baker & Sons, Inc."
    assert count(store, "payments") == 0


def test_quickbooks_open_invoices_grouped_by_customer_overlaps_the_aging_report(db_url):
    store = fresh_store(db_url)
    import_paths(store, "quickbooks", [DATA / "quickbooks_ar_aging_detail.csv"], USD)
    report = import_paths(store, "quickbooks", [DATA / "quickbooks_open_invoices.csv"])
    assert report.count("invoices").added == 0  # same invoices, same keys
    assert _invoices(store)["1039"]["client"] == "Baker & Sons, Inc."  # from the group row
    assert count(store, "clients") == 2


def test_quickbooks_bad_amount(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "quickbooks", [DATA / "quickbooks_bad.csv"])
    assert (caught.value.line, caught.value.field) == (8, "Amount")


def test_xero_line_items_credit_notes_and_bills(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "xero", [DATA / "xero_invoices.csv"])
    assert report.skipped == {"Xero Bill": 1, "draft invoice": 1}
    found = _invoices(store)
    assert sorted(found) == ["CN-0007", "INV-0101"]
    assert found["INV-0101"]["amount_minor"] == 115000  # the invoice total, not a line sum
    assert str(found["INV-0101"]["issue_date"]) == "2026-03-14"  # DD/MM/YYYY
    assert (found["CN-0007"]["amount_minor"], found["CN-0007"]["kind"]) == (-11500,
                                                                            "credit_note")
    assert rows(store, "SELECT email_domain, currency FROM clients") == [
        {"email_domain": "kiwidesign.co.nz", "currency": "NZD"}]


def test_xero_impossible_date(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "xero", [DATA / "xero_bad.csv"])
    assert (caught.value.line, caught.value.field) == (3, "InvoiceDate")


def test_freshbooks_line_items_sum_and_paid_invoices_settle(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "freshbooks", [DATA / "freshbooks_invoice_details.csv"])
    assert report.skipped == {"draft invoice": 1}
    found = _invoices(store)
    assert found["0000021"]["amount_minor"] == 113000 + 11300
    paid = rows(store, "SELECT amount_minor, paid_on FROM payments")
    assert [(p["amount_minor"], str(p["paid_on"])) for p in paid] == [(124300, "2026-03-20")]


def test_freshbooks_bad_line(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "freshbooks", [DATA / "freshbooks_bad.csv"])
    assert (caught.value.line, caught.value.field, caught.value.reason) == (
        3, "Line Total", "is empty")


def test_generic_csv_with_mapping(db_url):
    store = fresh_store(db_url)
    options = Options(mapping=DATA / "generic_timesheet.toml")
    report = import_paths(store, "generic", [DATA / "generic_timesheet_cp1250.csv"], options)
    assert report.count("time_entries").added == 3  # the repeated row is a second entry
    entries = rows(store, "SELECT e.minutes, e.billable, c.name, c.tax_id FROM time_entries e "
                          "JOIN clients c USING (client_id) ORDER BY e.minutes DESC")
    assert (entries[0]["minutes"], entries[0]["name"], entries[0]["tax_id"]) == (
        150, "Klient Żółć", "PL7740001454")
    assert [e["minutes"] for e in entries[1:]] == [105, 105]
    before = snapshot(store)
    import_paths(store, "generic", [DATA / "generic_timesheet_cp1250.csv"], options)
    after = snapshot(store)
    before["imports"] = after["imports"] = []
    assert after == before


def test_generic_resolves_to_the_ksef_client(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "ksef", [DATA / "ksef" / "fa2_partial_payment.xml"])
    import_paths(store, "generic", [DATA / "generic_timesheet_cp1250.csv"],
                 Options(mapping=DATA / "generic_timesheet.toml"))
    # "Wydawnictwo Ósemka" (timesheet) is "Wydawnictwo Ósemka Sp. z o.o." (KSeF)
    assert count(store, "clients") == 2


def test_generic_bad_row_and_bad_mapping(sqlite_url):
    store = fresh_store(sqlite_url)
    with pytest.raises(InputError) as caught:
        import_paths(store, "generic", [DATA / "generic_timesheet_bad.csv"],
                     Options(mapping=DATA / "generic_timesheet.toml"))
    assert (caught.value.line, caught.value.field) == (3, "NIP klienta")
    with pytest.raises(InputError) as caught:
        import_paths(store, "generic", [DATA / "generic_timesheet_cp1250.csv"],
                     Options(mapping=DATA / "generic_bad_mapping.toml"))
    assert caught.value.field == "columns.staff"
    assert count(store, "time_entries") == 0


def test_auto_sniffs_reports():
    found = {p.name: i.name for i, p in plan("auto", [
        DATA / "quickbooks_open_invoices.csv", DATA / "xero_invoices.csv",
        DATA / "freshbooks_invoice_details.csv", DATA / "hubspot_deals.csv"])}
    assert found == {"quickbooks_open_invoices.csv": "quickbooks", "xero_invoices.csv": "xero",
                     "freshbooks_invoice_details.csv": "freshbooks",
                     "hubspot_deals.csv": "hubspot-deals"}
