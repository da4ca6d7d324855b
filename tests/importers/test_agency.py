"""All exports of one fictional agency: one client across sources, exact totals, idempotent."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from clientfit.cli import app
from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths
from tests.importers.helpers import DATA, REAL, count, fresh_store, rows, snapshot

OURS = Options(our_domains=frozenset({"przykladowa.pl"}))
STEPS = [
    ("hubspot-companies", [DATA / "hubspot_companies.csv"]),
    ("hubspot-deals", [DATA / "hubspot_deals.csv"]),
    ("harvest", [DATA / "harvest_pl_cp1250.csv", DATA / "harvest_us.csv"]),
    ("ksef", [REAL / "sample_fa2.xml", REAL / "sample_fa3.xml", DATA / "ksef"]),
    ("fakturownia", [DATA / "fakturownia_invoices.json"]),
    ("infakt", [DATA / "infakt_invoices.json"]),
    ("stripe-invoices", [DATA / "stripe_invoices.csv"]),
    ("stripe-payments", [DATA / "stripe_payments_eu.csv"]),
    ("zendesk", [DATA / "zendesk_tickets.csv"]),
    ("freshdesk", [DATA / "freshdesk_tickets.csv"]),
    # Mail last: it is only attached to clients already known (Kasia is known from Zendesk).
    ("mbox", [DATA / "mail" / "agency_takeout.mbox"]),
]


def _import_all(store):
    for source, paths in STEPS:
        import_paths(store, source, paths, OURS)


def test_one_client_across_sources(db_url):
    store = fresh_store(db_url)
    _import_all(store)
    clients = {r["name"]: r for r in rows(store, "SELECT * FROM clients")}
    # Klient Żółć: HubSpot (domain), Harvest (name), KSeF (NIP, "S.A."), Fakturownia, mail.
    # Acme: HubSpot ("ACME Ltd", www.acme.co.uk), Harvest ("ACME Sp. z o.o.", "Acme Ltd"),
    # (the best name seen is the display name, whatever the order: docs/importers.md)
    # Stripe (billing@acme.co.uk), mail, Zendesk. Gmail's Kasia is a person-client of her own.
    assert sorted(clients) == ["ACME Sp. z o.o.", "Klient Żółć S.A.", "Nowy Klient",
                               "Wydawnictwo Ósemka Sp. z o.o.", "kasia.prywatnie@gmail.com"]
    zolc = clients["Klient Żółć S.A."]
    assert (zolc["tax_id"], zolc["email_domain"], zolc["legal_name"]) == (
        "PL7740001454", "zolc.pl", "Klient Żółć S.A.")
    assert str(zolc["started_on"]) == "2025-01-15"
    owners = {r["client"]: r["owner"] for r in rows(
        store, "SELECT c.name AS client, s.name AS owner FROM clients c "
               "JOIN staff s ON s.staff_id = c.owner_staff_id")}
    assert owners == {"Klient Żółć S.A.": "Anna Nowak", "ACME Sp. z o.o.": "Łukasz Świątek",
                      "Nowy Klient": "Anna Nowak"}
    per_client = {r["name"]: (r["entries"], r["invoices"], r["messages"]) for r in rows(
        store, "SELECT c.name, (SELECT COUNT(*) FROM time_entries e WHERE e.client_id = "
               "c.client_id) AS entries, (SELECT COUNT(*) FROM invoices i WHERE i.client_id = "
               "c.client_id) AS invoices, (SELECT COUNT(*) FROM messages m WHERE m.client_id = "
               "c.client_id) AS messages FROM clients c")}
    assert per_client["Klient Żółć S.A."] == (2, 4, 3)  # FV/12 once, FV/13, KOR/1, FV/15
    assert per_client["ACME Sp. z o.o."] == (4, 3, 2)
    assert per_client["kasia.prywatnie@gmail.com"] == (0, 0, 2)  # a ticket and a mail
    assert per_client["Wydawnictwo Ósemka Sp. z o.o."] == (0, 3, 0)
    assert count(store, "staff") == 2
    assert count(store, "payments") == 8


def test_every_record_read_is_counted_once(sqlite_url):
    """KSeF copies of Fakturownia invoices and one message in two mailboxes: the summary adds up."""
    store = fresh_store(sqlite_url)
    reports = [import_paths(store, source, paths, OURS) for source, paths in STEPS]
    again = import_paths(store, "ksef", [REAL / "sample_fa2.xml", REAL / "sample_fa3.xml"], OURS)
    for report in [*reports, again]:
        for name, counts in report.counts.items():
            if name in {"clients", "staff"}:  # found in the records, not read as rows
                continue
            assert counts.read == counts.added + counts.updated + counts.unchanged, name
    assert again.count("invoices").read == 2 and again.count("invoices").unchanged == 2


def test_everything_again_changes_nothing(db_url):
    store = fresh_store(db_url)
    _import_all(store)
    before = snapshot(store)
    _import_all(store)
    after = snapshot(store)
    assert len(after["imports"]) == 2 * len(before["imports"])
    before["imports"] = after["imports"] = []
    assert after == before


def test_malformed_file_after_a_full_import_changes_nothing(db_url):
    store = fresh_store(db_url)
    _import_all(store)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, "hubspot-companies", [DATA / "hubspot_bad.csv"])
    assert (caught.value.line, caught.value.field) == (1, "Record ID / Company ID")
    assert snapshot(store) == before


def test_cli_import_dry_run_and_auto(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    dry = runner.invoke(app, ["import", "auto", "--dry-run", "--db", db,
                              str(DATA / "harvest_us.csv"), str(DATA / "harvest_bad.csv")])
    assert dry.exit_code == 2
    assert "harvest_bad.csv, line 3, field 'Date'" in dry.output
    assert "new clients (1): Acme Ltd" in dry.output
    done = runner.invoke(app, ["import", "auto", "--db", db, str(DATA / "harvest_us.csv"),
                               str(DATA / "hubspot_companies.csv")])
    assert done.exit_code == 0, done.output
    assert "time_entries" in done.output and "2 file(s)" in done.output
    store = fresh_store(f"sqlite:///{db}")
    assert count(store, "time_entries") == 2
    assert count(store, "clients") == 3
    failed = runner.invoke(app, ["import", "ksef", "--db", db,
                                 str(DATA / "ksef_bad_checksum.xml")])
    assert failed.exit_code != 0


def test_auto_on_a_folder_leaves_unknown_files_out(tmp_path, sqlite_url):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "README.txt").write_text("notes", encoding="utf-8")
    (folder / "harvest.csv").write_bytes((DATA / "harvest_us.csv").read_bytes())
    report = import_paths(fresh_store(sqlite_url), "auto", [folder])
    assert report.skipped == {"file of no known export kind (in a folder)": 1}
    assert report.count("time_entries").added == 2
    with pytest.raises(InputError, match="cannot tell"):
        import_paths(fresh_store(sqlite_url), "auto", [folder / "README.txt"])


@pytest.mark.parametrize(("options", "where"), [
    (Options(date_format="yyyy/dd/mm"), "--date-format"),
    (Options(encoding="klingon-8"), "--encoding"),
    (Options(our_tax_id="123"), "--our-tax-id"),
])
def test_bad_options_are_refused_before_reading(sqlite_url, options, where):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "harvest", [DATA / "harvest_us.csv"], options)
    assert caught.value.file == where
