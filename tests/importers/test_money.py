"""Invoices and payments: KSeF, Fakturownia, inFakt, Stripe; one invoice reached by two roads."""

from __future__ import annotations

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths, plan
from tests.importers.helpers import DATA, REAL, count, fresh_store, rows, snapshot

KSEF_SAMPLES = [REAL / "sample_fa2.xml", REAL / "sample_fa3.xml"]


def test_ksef_fa2_and_fa3_of_one_invoice_are_one_invoice(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "ksef", KSEF_SAMPLES)
    counts = report.count("invoices")
    assert (counts.read, counts.added, counts.updated, counts.unchanged) == (2, 1, 0, 1)
    invoice = rows(store, "SELECT * FROM invoices")[0]
    assert (invoice["number"], invoice["amount_minor"], invoice["currency"]) == (
        "FV/12/03/2026", 1230000, "PLN")
    assert (str(invoice["issue_date"]), str(invoice["due_date"])) == ("2026-03-02", "2026-03-16")
    assert (invoice["seller_tax_id"], invoice["buyer_tax_id"]) == ("PL5261040828", "PL7740001454")
    client = rows(store, "SELECT name, tax_id, language, currency FROM clients")
    assert client == [{"name": "Klient Żółć S.A.", "tax_id": "PL7740001454", "language": "pl",
                       "currency": "PLN"}]


def test_ksef_real_samples(sqlite_url):
    store = fresh_store(sqlite_url)
    real = REAL / "real" / "ksef"
    import_paths(store, "ksef", [real / "fa2_faktura-online.xml",
                                 real / "fa3_invoice_pdf-generator-asset.xml"])
    found = {r["number"]: r for r in rows(store, "SELECT * FROM invoices")}
    assert found["FA/KUDYO-5316371561/05/2025"]["amount_minor"] == 4337057
    assert found["FA/YUCFO-4342344706/03/2026"]["amount_minor"] == 3356950
    paid = rows(store, "SELECT paid_on, amount_minor FROM payments ORDER BY paid_on")
    assert [(str(p["paid_on"]), p["amount_minor"]) for p in paid] == [
        ("2025-05-28", 4337057), ("2025-10-31", 3356950)]


def test_ksef_template_with_placeholders_is_rejected(sqlite_url):
    path = REAL / "real" / "ksef" / "fa3_invoice-template-with-placeholders.xml"
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "ksef", [path])
    assert caught.value.field == "Podmiot1/DaneIdentyfikacyjne/NIP"
    assert caught.value.line == 12 and "#nip#" in caught.value.reason


def test_ksef_folder_relative_due_date_credit_note_partial_payment(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "ksef", [DATA / "ksef"])
    found = {r["number"]: r for r in rows(store, "SELECT * FROM invoices")}
    assert str(found["FV/13/03/2026"]["due_date"]) == "2026-03-24"  # 14 dni od wystawienia
    assert found["KOR/1/03/2026"]["kind"] == "credit_note"
    assert found["KOR/1/03/2026"]["amount_minor"] == -123000
    partial = rows(store, "SELECT p.amount_minor, p.paid_on FROM payments p JOIN invoices i "
                          "USING (invoice_id) WHERE i.number = 'FV/14/03/2026'")
    assert [(p["amount_minor"], str(p["paid_on"])) for p in partial] == [(700050, "2026-03-19")]


@pytest.mark.parametrize(("name", "field", "line"), [
    ("ksef_bad_missing_number.xml", "Fa/P_2", 28),  # the line of <Fa>, where it belongs
    ("ksef_bad_checksum.xml", "Podmiot2/DaneIdentyfikacyjne/NIP", 22),
])
def test_malformed_ksef_is_rejected_with_its_element(db_url, name, field, line):
    store = fresh_store(db_url)
    import_paths(store, "ksef", KSEF_SAMPLES)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, "ksef", [DATA / "ksef", DATA / name])
    assert (caught.value.field, caught.value.line) == (field, line)
    assert snapshot(store) == before


def test_ksef_and_fakturownia_merge_into_one_invoice_with_payment_status(db_url):
    store = fresh_store(db_url)
    import_paths(store, "ksef", KSEF_SAMPLES)
    report = import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])
    assert report.count("invoices").added == 1  # FV/15; FV/12 is the KSeF one, updated
    assert report.count("invoices").updated == 1
    assert report.skipped == {"fakturownia document of kind proforma": 1}
    merged = rows(store, "SELECT * FROM invoices WHERE number = 'FV/12/03/2026'")
    assert len(merged) == 1
    assert merged[0]["status"] == "paid" and merged[0]["source"] == "ksef"
    assert str(merged[0]["due_date"]) == "2026-03-16"
    paid = rows(store, "SELECT p.amount_minor, p.paid_on FROM payments p JOIN invoices i "
                       "USING (invoice_id) WHERE i.number = 'FV/12/03/2026'")
    assert [(p["amount_minor"], str(p["paid_on"])) for p in paid] == [(1230000, "2026-03-20")]
    partial = rows(store, "SELECT p.amount_minor FROM payments p JOIN invoices i "
                          "USING (invoice_id) WHERE i.number = 'FV/15/03/2026'")
    assert partial == [{"amount_minor": 100000}]
    assert count(store, "clients") == 1
    # The other order gives the same single invoice.
    other = fresh_store(db_url.replace("clientfit.db", "other.db")) if "sqlite" in db_url \
        else None
    if other is not None:
        import_paths(other, "fakturownia", [DATA / "fakturownia_invoices.json"])
        import_paths(other, "ksef", KSEF_SAMPLES)
        assert count(other, "invoices", "WHERE number = 'FV/12/03/2026'") == 1
        assert rows(other, "SELECT status FROM invoices WHERE number = 'FV/12/03/2026'") == [
            {"status": "paid"}]


def test_fakturownia_bad_date_names_the_invoice_and_field(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "fakturownia", [DATA / "fakturownia_bad.json"])
    assert caught.value.file.endswith("[invoice 2]") and caught.value.field == "issue_date"


def test_infakt_amounts_in_grosze(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "infakt", [DATA / "infakt_invoices.json"])
    found = {r["number"]: r for r in rows(store, "SELECT * FROM invoices")}
    assert found["2/03/2026"]["amount_minor"] == 492000
    paid = rows(store, "SELECT p.amount_minor FROM payments p JOIN invoices i USING (invoice_id)"
                       " WHERE i.number = '3/03/2026'")
    assert paid == [{"amount_minor": 100000}]  # 123000 gross, 23000 left to pay
    assert rows(store, "SELECT tax_id FROM clients") == [{"tax_id": "PL5213017228"}]


def test_stripe_real_payment_exports_three_header_variants(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "stripe-payments", [REAL / "real" / "stripe"])
    assert report.skipped == {"test-mode payment": 8, "payment without a customer": 4}
    assert report.count("payments").added == 1  # the one live charge, in three files
    payment = rows(store, "SELECT * FROM payments")[0]
    assert (payment["amount_minor"], payment["currency"], str(payment["paid_on"])) == (
        1000, "CAD", "2021-03-16")
    client = rows(store, "SELECT name, email_domain FROM clients")
    assert client == [{"name": "Big Customer", "email_domain": "bigcustomer.example.com"}]


def test_stripe_invoices_and_payments_count_money_once(db_url):
    store = fresh_store(db_url)
    import_paths(store, "stripe-invoices", [DATA / "stripe_invoices.csv"])
    report = import_paths(store, "stripe-payments", [DATA / "stripe_payments_eu.csv"])
    assert report.skipped == {"payment status Failed": 1}
    march = rows(store, "SELECT p.amount_minor FROM payments p JOIN invoices i "
                        "USING (invoice_id) WHERE i.number = 'ACME-0001'")
    assert march == [{"amount_minor": 120000}]
    workshop = rows(store, "SELECT p.amount_minor FROM payments p JOIN invoices i "
                           "USING (invoice_id) WHERE i.number = 'ch_3AcmeWorkshop' "
                           "ORDER BY p.amount_minor")
    assert workshop == [{"amount_minor": -15000}, {"amount_minor": 45000}]  # decimal commas
    assert count(store, "invoices") == 3  # void invoice skipped
    assert count(store, "clients") == 1


def test_stripe_bad_rows_are_all_listed_by_a_dry_run(sqlite_url):
    report = import_paths(fresh_store(sqlite_url), "stripe-payments",
                          [DATA / "stripe_payments_bad.csv"], dry_run=True)
    assert [(p.line, p.field) for p in report.problems] == [(3, "Amount"), (4, "Currency")]
    assert report.count("payments").added == 1


def test_our_tax_id_skips_purchase_invoices(sqlite_url):
    report = import_paths(fresh_store(sqlite_url), "ksef",
                          [REAL / "real" / "ksef" / "fa2_faktura-online.xml"],
                          Options(our_tax_id="5261040828"))
    assert report.skipped == {"purchase invoice: the seller is not us": 1}


def test_auto_sniffs_money_exports():
    found = {p.name: i.name for i, p in plan("auto", [
        DATA / "stripe_invoices.csv", DATA / "stripe_payments_eu.csv",
        DATA / "fakturownia_invoices.json", DATA / "infakt_invoices.json",
        REAL / "sample_fa3.xml", REAL / "real" / "stripe"])}
    assert found["stripe_invoices.csv"] == "stripe-invoices"
    assert found["stripe_payments_all_columns_snakecase_2021-05.csv"] == "stripe-payments"
    assert found["fakturownia_invoices.json"] == "fakturownia"
    assert found["infakt_invoices.json"] == "infakt"
    assert found["sample_fa3.xml"] == "ksef"


def test_stripe_either_order_and_partial_charges(tmp_path, sqlite_url):
    charges = (DATA / "stripe_payments_eu.csv").read_text(encoding="utf-8").splitlines()
    header = charges[0]
    two_parts = [
        'ch_part1,Invoice ACME-0002,Payment complete.,2026-04-20 10:00,"600,00","0,00",gbp,'
        '"600,00","0,00","8,70","0,00",gbp,Paid,,cus_ACME01,Acme Ltd,billing@acme.co.uk,true,'
        'card_1,in_1AcmeApril,',
        'ch_part2,Invoice ACME-0002,Payment complete.,2026-05-02 10:00,"600,00","0,00",gbp,'
        '"600,00","0,00","8,70","0,00",gbp,Paid,,cus_ACME01,Acme Ltd,billing@acme.co.uk,true,'
        'card_1,in_1AcmeApril,',
    ]
    payments_file = tmp_path / "payments.csv"
    payments_file.write_text("\n".join([header, *charges[1:], *two_parts]) + "\n",
                             encoding="utf-8")
    results = []
    for name, order in (("a", ("stripe-invoices", "stripe-payments")),
                        ("b", ("stripe-payments", "stripe-invoices"))):
        store = fresh_store(sqlite_url.replace("clientfit.db", f"{name}.db"))
        for source in order:
            path = DATA / "stripe_invoices.csv" if source == "stripe-invoices" else payments_file
            import_paths(store, source, [path])
        results.append(rows(store, "SELECT i.number, p.payment_id, p.amount_minor FROM payments p"
                                   " JOIN invoices i USING (invoice_id) ORDER BY p.payment_id"))
    assert results[0] == results[1]
    april = [r["amount_minor"] for r in results[0] if r["number"] == "ACME-0002"]
    assert april == [60000, 60000]
    march = [r for r in results[0] if r["number"] == "ACME-0001"]
    assert [(r["payment_id"], r["amount_minor"]) for r in march] == [("stripe:ch_3AcmeMarch",
                                                                      120000)]
