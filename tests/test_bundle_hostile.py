"""The bundle under hostile input (issue 17): manifest, encodings, strict quoting, duplicate keys
and value domains are each a clean error naming file, line and field; the store is unchanged."""

from __future__ import annotations

import json

import pytest

from clientfit.errors import InputError
from clientfit.service import import_bundle
from clientfit.store import open_store
from tests.bundles import client, write_bundle
from tests.importers.helpers import snapshot

INVOICE = {"invoice_id": "I1", "client_id": "C1", "number": "FV/1", "issue_date": "2026-01-05",
           "due_date": "2026-01-19", "amount": "14182.00", "currency": "EUR"}
ENTRY = {"entry_id": "T1", "client_id": "C1", "staff_id": "S1", "date": "2026-01-05",
         "hours": "2.5", "billable": "true", "description": ""}


def _store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    import_bundle(store, write_bundle(tmp_path / "first", clients=[client()],
                                      invoices=[INVOICE]))
    return store


def _refused(store, directory, *expected: str) -> InputError:
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_bundle(store, directory)
    for text in expected:
        assert text in str(caught.value)
    assert snapshot(store) == before
    return caught.value


@pytest.mark.parametrize(("manifest", "field"), [
    ("[1, 2]", "'/'"), ('{"format": "clientfit-bundle", "version": "one"}', "'/version'"),
    ('{"format": "clientfit-bundle", "version": 2}', "'/version'"),
    ('{"format": "other", "version": 1}', "'/format'"), ("{", "not valid JSON"),
    ("[" * 100_000, "manifest.json"),
])
def test_bad_manifests(tmp_path, manifest, field):
    store = _store(tmp_path)
    directory = write_bundle(tmp_path / "b", clients=[client()])
    (directory / "manifest.json").write_text(manifest)
    _refused(store, directory, "manifest.json", field)


def test_duplicate_key_in_one_file(tmp_path):
    store = _store(tmp_path)
    directory = write_bundle(tmp_path / "b", clients=[client()],
                             invoices=[INVOICE, {**INVOICE, "amount": "1.00"}])
    error = _refused(store, directory, "invoices.csv", "appears twice (first on line 2)")
    assert (error.line, error.field) == (3, "invoice_id")


def test_quoted_field_cut_off_at_end_of_file(tmp_path):
    store = _store(tmp_path)
    directory = write_bundle(tmp_path / "b", clients=[client()])
    (directory / "messages.csv").write_text(
        "message_id,client_id,direction,sent_at,channel,body\n"
        'M1,C1,in,2026-01-05T10:00,email,"The whole body, cut off\n')
    _refused(store, directory, "messages.csv", "quoted field")


@pytest.mark.parametrize(("stem", "row", "field"), [
    ("time_entries", {**ENTRY, "hours": "1e9"}, "'hours'"),
    ("time_entries", {**ENTRY, "hours": "25"}, "within one day"),
    ("invoices", {**INVOICE, "amount": str(2**63)}, "'amount'"),
    ("staff", {"staff_id": "S1", "name": "A", "hourly_cost": "-1000000000000",
               "currency": "EUR"}, "'hourly_cost'"),
    ("clients", client(language="tlh"), "'language'"),
    ("assignments", {"client_id": "C1", "staff_id": "S1", "role": "boss",
                     "start_date": "2026-01-01"}, "'role'"),
    ("invoices", {**INVOICE, "number": "N" * 65}, "'number'"),
    ("invoices", {**INVOICE, "issue_date": "0001-01-01"}, "'issue_date'"),
])
def test_values_outside_their_domain(tmp_path, stem, row, field):
    store = _store(tmp_path)
    files = {"clients": [client()], stem: [row]}
    if stem == "staff":
        files = {"staff": [row]}
    _refused(store, write_bundle(tmp_path / "b", **files), f"{stem}.csv", field)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1250", "iso8859_2", "utf-8-sig"])
def test_bundle_files_in_other_encodings(tmp_path, encoding):
    directory = write_bundle(tmp_path / "b", clients=[client(name="Żółć Sp. z o.o.")])
    path = directory / "clients.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    import_bundle(store, directory)
    assert snapshot(store)["clients"][0][1] == repr("Żółć Sp. z o.o.")


def test_manifest_written_by_the_demo_is_accepted(tmp_path):
    directory = write_bundle(tmp_path / "b", clients=[client()])
    (directory / "manifest.json").write_text(json.dumps(
        {"format": "clientfit-bundle", "version": 1, "seed": 5}))
    import_bundle(open_store(f"sqlite:///{tmp_path / 'store.db'}"), directory)
