"""A client known only by a short name (a time report) joins the one identified client whose
name contains its words, in either import order; ambiguous names join nothing; a split undoes
the join and prevents it for good (issue 12, requirement 5)."""

from __future__ import annotations

import pytest

from clientfit.importing import import_paths, merge_suggestions, split_clients
from tests.importers.helpers import DATA, count, rows

HARVEST_HEAD = (DATA / "harvest_names.csv").read_text(encoding="utf-8").splitlines()[0]


def _harvest(tmp_path, *clients: str):
    lines = [HARVEST_HEAD] + [
        f"2026-03-02,{name},Site,,Dev,Work,2,2,Yes,No,No,Ola,Nowak,,Yes,,,100.00,,PLN,"
        for name in clients]
    path = tmp_path / "harvest_time_report.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _hubspot(tmp_path):
    path = tmp_path / "hubspot_companies.csv"
    path.write_text(
        "Record ID,Company name,Company Domain Name,Company owner,Create Date\n"
        '901,"Pioneer Software, LLC",pioneersoftware.com,Ola Nowak,2025-01-10 09:00\n'
        "902,Kwiaciarnia Jan Dudek,kwiaciarnia-dudek.pl,Ola Nowak,2025-01-10 09:00\n"
        "903,Studio Fotografii Beata Dudek,foto-dudek.pl,Ola Nowak,2025-01-10 09:00\n",
        encoding="utf-8")
    return path


def _time_by_client(store):
    return {r["name"]: r["n"] for r in rows(
        store, "SELECT c.name, COUNT(*) AS n FROM time_entries t "
               "JOIN clients c ON c.client_id = t.client_id GROUP BY c.name")}


@pytest.mark.parametrize("time_first", [True, False])
def test_short_name_joins_the_crm_client_in_either_order(tmp_path, db_url, time_first):
    from tests.importers.helpers import fresh_store

    store = fresh_store(db_url)
    harvest = _harvest(tmp_path, "Pioneer", "Dudek")
    files = [harvest, _hubspot(tmp_path)]
    reports = [import_paths(store, "auto", [f]) for f in (files if time_first else files[::-1])]
    assert [j.line() for j in reports[1].joined] == [
        "joined: Pioneer → Pioneer Software, LLC (words contained)"]
    names = sorted(r["name"] for r in rows(store, "SELECT name FROM clients"))
    assert names == ["Dudek", "Kwiaciarnia Jan Dudek", "Pioneer Software, LLC",
                     "Studio Fotografii Beata Dudek"]  # "Dudek" is in two names: no join
    assert _time_by_client(store) == {"Pioneer Software, LLC": 1, "Dudek": 1}
    assert {frozenset((s.name_a, s.name_b)) for s in merge_suggestions(store)} == {
        frozenset(("Dudek", "Kwiaciarnia Jan Dudek")),
        frozenset(("Dudek", "Studio Fotografii Beata Dudek"))}
    log = rows(store, "SELECT action, actor, reason FROM audit_log")
    assert log == [{"action": "clients.join", "actor": "import",
                    "reason": "joined automatically: words contained"}]
    again = import_paths(store, "auto", [harvest])  # the next report finds it by its name
    assert again.new_clients == [] and again.joined == []
    assert count(store, "clients") == 4


@pytest.mark.parametrize("time_first", [True, False])
def test_short_name_joins_the_ksef_buyer_by_tax_id(tmp_path, sqlite_url, time_first):
    from tests.importers.helpers import fresh_store

    store = fresh_store(sqlite_url)
    files = [_harvest(tmp_path, "Ósemka"), DATA / "ksef" / "fa2_partial_payment.xml"]
    for path in files if time_first else files[::-1]:
        import_paths(store, "auto", [path])
    assert rows(store, "SELECT name, tax_id FROM clients") == [
        {"name": "Wydawnictwo Ósemka Sp. z o.o.", "tax_id": "PL5213017228"}]  # the one kept
    assert count(store, "time_entries") == 1 and count(store, "invoices") == 1


def test_split_undoes_the_join_and_prevents_it_again(tmp_path, db_url):
    from tests.importers.helpers import fresh_store

    store = fresh_store(db_url)
    harvest = _harvest(tmp_path, "Pioneer")
    import_paths(store, "auto", [harvest])
    (join,) = import_paths(store, "auto", [_hubspot(tmp_path)]).joined
    assert count(store, "clients") == 3
    split_clients(store, join.keep, join.other, "Pioneer is another firm", "tester")
    assert _time_by_client(store) == {"Pioneer": 1}
    assert count(store, "clients") == 4
    again = import_paths(store, "auto", [harvest, _hubspot(tmp_path)])
    assert again.joined == [] and again.new_clients == []
    assert _time_by_client(store) == {"Pioneer": 1}
    decisions = rows(store, "SELECT decision FROM client_links")
    assert decisions == [{"decision": "split"}]
