"""Bundle import: all or nothing, idempotent, errors that name file, line and field."""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from clientfit import service
from clientfit.demo import generate_bundle
from clientfit.errors import InputError
from clientfit.store import open_store, schema
from tests.bundles import client, write_bundle


def count_rows(store) -> dict[str, int]:
    with store.reading() as connection:
        return {table.name: connection.execute(sa.select(sa.func.count()).select_from(table))
                .scalar() for table in schema.RECORD_TABLES}


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory):
    return generate_bundle(tmp_path_factory.mktemp("demo") / "bundle", clients=12, seed=3).directory


def test_import_then_reimport_adds_nothing(db_url, demo_bundle):
    store = open_store(db_url)
    first = service.import_bundle(store, demo_bundle).total
    counts = count_rows(store)
    assert first.added == first.read == sum(counts.values()) > 0
    again = service.import_bundle(store, demo_bundle).total
    assert (again.added, again.updated, again.unchanged) == (0, 0, first.read)
    assert count_rows(store) == counts


def test_changed_rows_are_updated_not_duplicated(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, write_bundle(tmp_path / "a", clients=[client("C1")]))
    renamed = write_bundle(tmp_path / "b", clients=[client("C1", name="New name")])
    total = service.import_bundle(store, renamed).total
    assert (total.added, total.updated) == (0, 1)
    with store.reading() as connection:
        names = connection.execute(sa.select(schema.clients.c.name)).scalars().all()
    assert names == ["New name"]


def test_bad_row_fails_whole_import_with_file_line_field(db_url, demo_bundle, tmp_path):
    store = open_store(db_url)
    broken = shutil.copytree(demo_bundle, tmp_path / "broken")
    lines = (broken / "invoices.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")  # invoices.csv has no quoted fields
    fields[5] = "12.5O"  # the amount, with a letter O for a zero
    lines[3] = ",".join(fields)
    (broken / "invoices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        service.import_bundle(store, broken)
    error = caught.value
    assert error.file.endswith("invoices.csv") and error.line == 4 and error.field == "amount"
    assert "not a number" in error.reason
    assert sum(count_rows(store).values()) == 0  # staff and clients were rolled back too


def test_failed_import_keeps_what_was_stored_before(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, write_bundle(tmp_path / "ok", clients=[client("C1")]))
    before = count_rows(store)
    bad = write_bundle(tmp_path / "bad", clients=[client("C2"), client("C3", kind="subscription")])
    with pytest.raises(InputError, match=r"clients.csv, line 3, field 'kind'"):
        service.import_bundle(store, bad)
    assert count_rows(store) == before


def test_unknown_reference_is_reported(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    bundle = write_bundle(tmp_path / "b", clients=[client("C1")], payments=[
        {"payment_id": "P1", "invoice_id": "NOPE", "paid_on": "2025-01-01", "amount": "1.00",
         "currency": "EUR"}])
    with pytest.raises(InputError, match=r"payments.csv, line 2, field 'invoice_id'.*NOPE"):
        service.import_bundle(store, bundle)


def test_missing_required_column_is_reported(sqlite_url, tmp_path):
    bundle = write_bundle(tmp_path / "b", clients=[client("C1")])
    text = (bundle / "clients.csv").read_text().replace("currency", "money", 1)
    (bundle / "clients.csv").write_text(text)
    with pytest.raises(InputError, match=r"clients.csv, line 1, field 'currency'.*missing"):
        service.import_bundle(open_store(sqlite_url), bundle)


def test_reference_to_record_stored_by_an_earlier_import(sqlite_url, tmp_path):
    store = open_store(sqlite_url)
    service.import_bundle(store, write_bundle(tmp_path / "a", clients=[client("C1")]))
    later = write_bundle(tmp_path / "b", invoices=[
        {"invoice_id": "I1", "client_id": "C1", "number": "1", "issue_date": "2025-01-01",
         "due_date": "2025-01-15", "amount": "10.00", "currency": "eur"}])
    assert service.import_bundle(store, later).per_file["invoices.csv"].added == 1
