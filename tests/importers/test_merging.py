"""Uncertain matches are suggested, not applied; a person's merge or split sticks."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from clientfit.cli import app
from clientfit.errors import NotFound
from clientfit.importers.base import Options
from clientfit.importing import import_paths, merge_clients, merge_suggestions, split_clients
from tests.importers.helpers import DATA, count, fresh_store, rows

CLIENTS_SHEET = Options(mapping=DATA / "generic_clients.toml")
USD = Options(currency="USD")  # QuickBooks reports name no currency: the home currency


def _store(url, tmp_path):
    """QuickBooks knows "Baker & Sons, Inc." by name only; the sheet has two identified clients
    whose names contain its words, so it is not joined (ambiguous) and stays a look-alike."""
    store = fresh_store(url)
    import_paths(store, "quickbooks", [DATA / "quickbooks_ar_aging_detail.csv"], USD)
    import_paths(store, "generic", [_sheet(tmp_path)], CLIENTS_SHEET)
    return store


def _sheet(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text((DATA / "generic_clients.csv").read_text(encoding="utf-8")
                    + "Baker & Sons Bakery,bakersbakery.com,Anna Nowak\n", encoding="utf-8")
    return path


def test_a_name_only_client_joins_the_one_identified_client_containing_its_name(db_url):
    store = fresh_store(db_url)
    import_paths(store, "quickbooks", [DATA / "quickbooks_ar_aging_detail.csv"], USD)
    report = import_paths(store, "generic", [DATA / "generic_clients.csv"], CLIENTS_SHEET)
    assert [j.line() for j in report.joined] == [
        "joined: Baker & Sons, Inc. → Baker & Sons Holding (words contained)"]
    assert count(store, "clients") == 3
    assert merge_suggestions(store) == []


def _ids(store):
    return {r["name"]: r["client_id"] for r in rows(store, "SELECT client_id, name FROM clients")}


def test_look_alikes_are_suggested_with_evidence(db_url, tmp_path):
    store = _store(db_url, tmp_path)
    assert count(store, "clients") == 5  # nothing merged on a resemblance alone
    found = merge_suggestions(store)
    assert sorted(sorted((s.name_a, s.name_b)) for s in found) == [
        ["Baker & Sons Bakery", "Baker & Sons, Inc."],
        ["Baker & Sons Holding", "Baker & Sons, Inc."]]
    assert "one name contains the other" in found[0].evidence[0]


def test_merge_moves_records_and_later_imports_follow(db_url, tmp_path):
    store = _store(db_url, tmp_path)
    ids = _ids(store)
    keep, other = ids["Baker & Sons, Inc."], ids["Baker & Sons Holding"]
    moved = merge_clients(store, keep, other, "same company", "tester")
    assert moved >= 2  # its identities at least
    assert other not in _ids(store).values()
    assert rows(store, "SELECT email_domain FROM clients WHERE client_id = :k", k=keep) == [
        {"email_domain": "bakerandsons.com"}]
    again = import_paths(store, "generic", [_sheet(tmp_path)], CLIENTS_SHEET)
    assert again.new_clients == []
    assert count(store, "clients") == 4
    assert [{s.name_a, s.name_b} for s in merge_suggestions(store)] == [
        {"Baker & Sons, Inc.", "Baker & Sons Bakery"}]  # a pair nobody decided
    log = rows(store, "SELECT action, actor, reason FROM audit_log")
    assert log == [{"action": "clients.merge", "actor": "tester", "reason": "same company"}]


def test_split_silences_the_suggestion(sqlite_url, tmp_path):
    store = _store(sqlite_url, tmp_path)
    ids = _ids(store)
    split_clients(store, ids["Baker & Sons, Inc."], ids["Baker & Sons Holding"], "two firms",
                  "tester")
    assert [{s.name_a, s.name_b} for s in merge_suggestions(store)] == [
        {"Baker & Sons, Inc.", "Baker & Sons Bakery"}]  # the pair not split is still proposed
    assert count(store, "clients") == 5
    with pytest.raises(NotFound):
        merge_clients(store, ids["Acme Ltd"], "c-nobody", "x", "tester")


def test_same_name_with_different_tax_ids_is_only_suggested(tmp_path, sqlite_url):
    store = fresh_store(sqlite_url)
    original = (DATA / "ksef" / "fa2_partial_payment.xml").read_text(encoding="utf-8")
    twin = tmp_path / "twin.xml"
    twin.write_text(original.replace("5213017228", "7740001454").replace(
        "FV/14/03/2026", "FV/99/03/2026"), encoding="utf-8")
    import_paths(store, "ksef", [DATA / "ksef" / "fa2_partial_payment.xml"])
    import_paths(store, "ksef", [twin])  # same name "Wydawnictwo Ósemka", another NIP
    assert count(store, "clients") == 2
    (found,) = merge_suggestions(store)
    assert found.evidence == ("same normalised name 'wydawnictwo osemka'",
                              "but different tax IDs PL5213017228 and PL7740001454")


def test_cli_clients_commands(tmp_path):
    db = str(tmp_path / "cli.db")
    store = _store(f"sqlite:///{db}", tmp_path)
    ids = _ids(store)
    runner = CliRunner()
    listed = runner.invoke(app, ["clients", "merge-suggestions", "--db", db])
    assert listed.exit_code == 0 and "one name contains the other" in listed.output
    merged = runner.invoke(app, ["clients", "merge", ids["Baker & Sons, Inc."],
                                 ids["Baker & Sons Holding"], "--reason", "same", "--db", db])
    assert merged.exit_code == 0, merged.output
    after = runner.invoke(app, ["clients", "merge-suggestions", "--db", db]).output
    assert "Baker & Sons Holding" not in after and "Baker & Sons Bakery" in after


@pytest.mark.parametrize("name,other", [
    ("QUILL AND INK BREWING", "Quill & Ink Brewing LLC"),
    ("Quill + Ink Brewing, Inc.", "Quill and Ink Brewing Incorporated"),
    ("Baker & Co.", "Baker and Company"),
    ("Acme Ltd", "ACME Limited"),
    ("Kowalski i Wspólnicy sp. z o.o.",
     "Kowalski & Wspólnicy spółka z ograniczoną odpowiedzialnością"),
    ("Zielony Sp. k.", "Zielony spółka komandytowa"),
    ("ATELIER ROUSSEAU", "Atelier Rousseau SAS"),
    ("Bos Koffie B.V.", "BOS KOFFIE"),
    ("Schmidt GmbH & Co. KG", "Schmidt"),
])
def test_spellings_of_one_company_fold_to_one_key(name, other):
    from clientfit.importers.identity import normalise_name

    assert normalise_name(name) == normalise_name(other)


def test_time_report_and_crm_spellings_are_one_client_and_look_alikes_are_suggested(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "auto", [DATA / "harvest_names.csv"])
    report = import_paths(store, "auto", [DATA / "hubspot_names.csv"])
    names = sorted(r["name"] for r in rows(store, "SELECT name FROM clients"))
    assert names == ["Kowalski & Wspólnicy Sp. z o.o.", "Quill & Ink Brewing LLC", "Quill + Ink"]
    assert report.new_clients == ["Quill + Ink"]
    assert [{s.name_a, s.name_b} for s in report.merge_suggestions] == [
        {"Quill & Ink Brewing LLC", "Quill + Ink"}]
