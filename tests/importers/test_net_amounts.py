"""Every money importer that sees a net, subtotal or tax figure stores the net amount (before
sales tax) beside the gross one; where a source has none, net = gross (docs/importers.md)."""

from __future__ import annotations

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths
from tests.importers.helpers import DATA, REAL, fresh_store, rows, snapshot

KSEF_SAMPLES = [REAL / "sample_fa2.xml", REAL / "sample_fa3.xml"]


def _amounts(store) -> dict[str, tuple[int, int]]:
    """invoice number -> (gross, net)."""
    return {r["number"]: (r["amount_minor"], r["net_minor"])
            for r in rows(store, "SELECT number, amount_minor, net_minor FROM invoices")}


def test_freshbooks_net_is_line_totals_less_taxes(db_url):
    store = fresh_store(db_url)
    import_paths(store, "freshbooks", [DATA / "freshbooks_invoice_details.csv"])
    found = _amounts(store)
    # 0000021: 1,130.00 + 113.00 gross with 130.00 + 13.00 HST -> 1,100.00 net
    assert found["0000021"] == (124300, 110000)
    assert found["0000022"] == (90400, 80000)
    paid = rows(store, "SELECT amount_minor FROM payments")
    assert paid == [{"amount_minor": 124300}]  # the payment settles the gross


def test_xero_net_is_total_less_tax_total(db_url):
    store = fresh_store(db_url)
    import_paths(store, "xero", [DATA / "xero_invoices.csv"])
    assert _amounts(store) == {"INV-0101": (115000, 100000), "CN-0007": (-11500, -10000)}


def test_stripe_invoice_net_is_total_less_tax(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "stripe-invoices", [DATA / "stripe_invoices.csv"])
    found = _amounts(store)
    assert found["ACME-0001"] == (120000, 100000)  # Subtotal 1000.00, Tax 200.00 (20 %)
    assert found["ACME-0002"] == (120000, 100000)


def test_quickbooks_reports_have_no_tax_column_so_net_is_gross(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "quickbooks", [DATA / "quickbooks_ar_aging_detail.csv"],
                 Options(currency="USD"))
    assert all(gross == net for gross, net in _amounts(store).values())
    assert _amounts(store)["1038"] == (250000, 250000)


def test_quickbooks_invoice_list_net_is_amount_less_tax_amount_not_taxable_amount(sqlite_url):
    """QuickBooks' `Taxable Amount` is what the tax was charged on: with a line that is not
    taxable it is less than the net. The net is `Amount` less `Tax Amount`."""
    store = fresh_store(sqlite_url)
    import_paths(store, "auto", [DATA / "quickbooks_invoice_list_tax.csv"],
                 Options(currency="USD"))
    found = _amounts(store)
    assert found["2001"] == (108000, 100000)
    assert found["2002"] == (113000, 105000)  # 50.00 not taxable: the taxable amount is 1,000
    assert found["2003"] == (50000, 50000)
    assert found["CM-9"] == (-10800, -10000)


def test_fakturownia_and_infakt_net_prices(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])
    import_paths(store, "infakt", [DATA / "infakt_invoices.json"])
    found = _amounts(store)
    assert found["FV/12/03/2026"] == (1230000, 1000000)  # "10000,00" decimal comma
    assert found["FV/15/03/2026"] == (246000, 200000)
    assert found["2/03/2026"] == (492000, 400000)  # inFakt: integer grosze
    assert found["3/03/2026"] == (123000, 100000)


def test_ksef_net_is_the_sum_of_p13(sqlite_url):
    store = fresh_store(sqlite_url)
    real = REAL / "real" / "ksef"
    import_paths(store, "ksef", [real / "fa2_faktura-online.xml",
                                 real / "fa3_invoice_pdf-generator-asset.xml", DATA / "ksef"])
    found = _amounts(store)
    assert found["FA/KUDYO-5316371561/05/2025"] == (4337057, 3526063)  # P_13_1 35260.63
    assert found["FA/YUCFO-4342344706/03/2026"] == (3356950, 2729228)
    assert found["KOR/1/03/2026"] == (-123000, -100000)


def test_ksef_net_at_several_rates_is_summed(sqlite_url, tmp_path):
    text = (REAL / "sample_fa2.xml").read_text(encoding="utf-8")
    text = text.replace("<P_13_1>10000.00</P_13_1>",
                        "<P_13_1>9000.00</P_13_1><P_13_2>500.00</P_13_2>"
                        "<P_13_6_1>500.00</P_13_6_1>")
    path = tmp_path / "rates.xml"
    path.write_text(text, encoding="utf-8")
    store = fresh_store(sqlite_url)
    import_paths(store, "ksef", [path])
    assert _amounts(store) == {"FV/12/03/2026": (1230000, 1000000)}


def test_ksef_and_fakturownia_of_one_invoice_keep_one_net(db_url):
    store = fresh_store(db_url)
    import_paths(store, "ksef", KSEF_SAMPLES)
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])
    assert _amounts(store)["FV/12/03/2026"] == (1230000, 1000000)


def test_generic_invoices_with_a_net_column(db_url):
    store = fresh_store(db_url)
    options = Options(mapping=DATA / "generic_invoices.toml")
    import_paths(store, "generic", [DATA / "generic_invoices.csv"], options)
    assert _amounts(store) == {"FV/1/2026": (123000, 100000),
                               "FV/2/2026": (50000, 50000),  # empty net: net = gross
                               "KOR/1/2026": (-12300, -10000)}
    before = snapshot(store)
    import_paths(store, "generic", [DATA / "generic_invoices.csv"], options)
    after = snapshot(store)
    before["imports"] = after["imports"] = []
    assert after == before  # re-import harmless


def test_reimport_is_harmless(db_url):
    store = fresh_store(db_url)
    files = [DATA / "freshbooks_invoice_details.csv"]
    import_paths(store, "freshbooks", files)
    before = snapshot(store)
    report = import_paths(store, "freshbooks", files)
    after = snapshot(store)
    before["imports"] = after["imports"] = []
    assert after == before and report.count("invoices").updated == 0


def test_payment_stand_in_invoice_net_follows_its_gross(sqlite_url, tmp_path):
    """A charge without an invoice gets a stand-in invoice: net = gross (the payments export's
    Tax is Stripe's fee tax, not sales tax)."""
    store = fresh_store(sqlite_url)
    import_paths(store, "stripe-payments", [REAL / "real" / "stripe" /
                                            "stripe_payments_default_columns_2021-03.csv"])
    found = _amounts(store)
    assert found and all(gross == net for gross, net in found.values())


@pytest.mark.parametrize(("name", "old", "new", "field"), [
    ("freshbooks_invoice_details.csv", ",HST,130.00,", ",HST,13O.00,", "Tax 1 Amount"),
    ("xero_invoices.csv", ",1150.00,150.00,1150.00,", ",1150.00,abc,1150.00,", "TaxTotal"),
    ("stripe_invoices.csv", ",1000.00,200.00,20,", ",1000.00,x,20,", "Tax"),
])
def test_bad_tax_figures_name_file_line_and_column(sqlite_url, tmp_path, name, old, new, field):
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / name
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "auto", [bad])
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(bad), 2, field)


def test_net_larger_than_gross_is_refused_with_its_line(sqlite_url, tmp_path):
    bad = tmp_path / "ledger.csv"
    bad.write_text((DATA / "generic_invoices.csv").read_text(encoding="utf-8").replace(
        '"-100,00","-123,00"', '"100,00","-123,00"'), encoding="utf-8")
    store = fresh_store(sqlite_url)
    with pytest.raises(InputError) as caught:
        import_paths(store, "generic", [bad], Options(mapping=DATA / "generic_invoices.toml"))
    assert (caught.value.line, caught.value.field) == (4, "net amount")
    assert "-123.00" in caught.value.reason
    assert rows(store, "SELECT COUNT(*) AS n FROM invoices") == [{"n": 0}]


def test_fakturownia_bad_net_names_the_invoice_and_field(sqlite_url, tmp_path):
    bad = tmp_path / "fakturownia.json"
    bad.write_text((DATA / "fakturownia_invoices.json").read_text(encoding="utf-8").replace(
        '"price_net": "2000.00"', '"price_net": "dwa tysiące"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "fakturownia", [bad])
    assert caught.value.file.endswith("[invoice 2]") and caught.value.field == "price_net"


def test_a_ksef_net_that_does_not_fit_names_the_file_and_the_gross_amounts_line(tmp_path,
                                                                             sqlite_url):
    """The record-level check (limits.check_net) had no line for KSeF: it points at `P_15`."""
    text = (DATA / "ksef" / "fa3_kor_credit_note.xml").read_text(encoding="utf-8")
    bad = tmp_path / "kor.xml"
    bad.write_text(text.replace("<P_13_1>-1000.00</P_13_1>", "<P_13_1>-9000.00</P_13_1>"),
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "ksef", [bad])
    gross_line = next(n for n, line in enumerate(text.splitlines(), 1) if "<P_15>" in line)
    assert (caught.value.file, caught.value.line) == (str(bad), gross_line)
    assert caught.value.field and "net" in caught.value.field
