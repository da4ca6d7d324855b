"""Payments that name only their invoice's number: no client column, no mapping needed when
the columns are `invoice_number, paid_on, amount`; an unknown number is an error naming the
line, and nothing is stored."""

from __future__ import annotations

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths, plan
from tests.importers.helpers import DATA, count, fresh_store, rows, snapshot

BANK = DATA / "payments"
FAKTUROWNIA = DATA / "fakturownia_invoices.json"


def _paid(store, number):
    return rows(store, "SELECT p.amount_minor, p.currency, p.paid_on FROM payments p JOIN "
                       "invoices i USING (invoice_id) WHERE i.number = :n ORDER BY p.paid_on",
                n=number)


def test_auto_recognises_a_bank_payments_file_and_finds_invoices_by_number(db_url):
    store = fresh_store(db_url)
    assert [i.name for i, _ in plan("auto", [BANK / "bank_payments.csv"])] == ["payments"]
    import_paths(store, "auto", [FAKTUROWNIA])
    report = import_paths(store, "auto", [BANK / "bank_payments.csv"])
    assert report.count("payments").added == 2
    paid = _paid(store, "FV/12/03/2026")
    # the summary payment ("paid 12,300.00") yields to the two real ones; currency from the
    # invoice since the bank file names none
    assert [(p["amount_minor"], p["currency"]) for p in paid] == [(615000, "PLN"),
                                                                 (615000, "PLN")]
    again = import_paths(store, "auto", [BANK / "bank_payments.csv"])
    assert again.added == 0


def test_invoices_and_payments_in_one_run_in_either_order(sqlite_url, tmp_path):
    first = fresh_store(sqlite_url)
    import_paths(first, "auto", [BANK / "bank_payments.csv", FAKTUROWNIA])
    second = fresh_store(f"sqlite:///{tmp_path / 'other.db'}")
    import_paths(second, "auto", [FAKTUROWNIA, BANK / "bank_payments.csv"])
    assert snapshot(first)["payments"] == snapshot(second)["payments"]


def test_unknown_invoice_number_names_the_line_and_stores_nothing(db_url):
    store = fresh_store(db_url)
    import_paths(store, "auto", [FAKTUROWNIA])
    before = snapshot(store)
    with pytest.raises(InputError) as error:
        import_paths(store, "auto", [BANK / "bank_payments_unknown.csv"])
    assert error.value.line == 3 and error.value.field == "invoice_number"
    assert "FV/99/2026" in error.value.reason
    assert snapshot(store) == before


def test_generic_payments_mapping_needs_no_client_column(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "auto", [FAKTUROWNIA])
    import_paths(store, "generic", [BANK / "bank_pl.csv"],
                 Options(mapping=BANK / "bank_mapping.toml"))
    assert [p["amount_minor"] for p in _paid(store, "FV/15/03/2026")] == [100000]
    assert count(store, "clients") == 1
