"""Time exports: Toggl (real BOM sample), Harvest (CP1250, decimal comma), Clockify."""

from __future__ import annotations

from datetime import date

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importing import import_paths, plan
from tests.importers.helpers import DATA, REAL, count, fresh_store, rows, snapshot


def test_toggl_real_sample_with_bom(db_url):
    store = fresh_store(db_url)
    report = import_paths(store, "toggl", [REAL / "real" / "toggl" / "toggl_detailed_bom.csv"])
    assert report.count("time_entries").added == 11
    assert report.new_staff == ["Jonas"]
    # No client in the export: the project stands in for it.
    assert report.new_clients == ["INF-VERT6"]
    entries = rows(store, "SELECT minutes, work_date FROM time_entries ORDER BY minutes")
    durations = [45, 75, 80, 15, 50, 60, 50, 60, 75, 75, 60]  # the export's hh:mm:ss
    assert sum(e["minutes"] for e in entries) == sum(durations)
    staff = rows(store, "SELECT name, email FROM staff")
    assert staff == [{"name": "Jonas", "email": "jonas@example.com"}]


def test_reimport_changes_nothing(db_url):
    store = fresh_store(db_url)
    path = DATA / "harvest_pl_cp1250.csv"
    import_paths(store, "harvest", [path])
    before = snapshot(store)
    again = import_paths(store, "harvest", [path])
    assert again.added == 0 and again.updated == 0
    after = snapshot(store)
    after["imports"] = before["imports"] = []  # the import log itself grows by one line
    assert after == before


def test_harvest_polish_account_values(sqlite_url):
    store = fresh_store(sqlite_url)
    report = import_paths(store, "harvest", [DATA / "harvest_pl_cp1250.csv"])
    # Two identical ACME rows on one day are two entries, not one.
    assert report.count("time_entries").added == 4
    entries = rows(store, "SELECT e.minutes, e.work_date, e.billable, c.name AS client, "
                          "s.name AS staff FROM time_entries e JOIN clients c USING (client_id) "
                          "JOIN staff s USING (staff_id) ORDER BY e.work_date, e.minutes")
    assert (entries[0]["minutes"], str(entries[0]["work_date"])) == (450, "2026-03-02")  # "7,5"
    assert (entries[1]["minutes"], str(entries[1]["work_date"])) == (75, "2026-03-03")  # "1,25"
    assert {e["client"] for e in entries} == {"Klient Żółć", "ACME Sp. z o.o."}
    assert {e["staff"] for e in entries} == {"Łukasz Świątek", "Anna Nowak"}
    languages = {r["name"]: r["language"]
                 for r in rows(store, "SELECT name, language FROM clients")}
    assert languages == {"Klient Żółć": "pl", "ACME Sp. z o.o.": "pl"}
    cost = rows(store, "SELECT hourly_cost_minor, currency FROM staff WHERE name = 'Anna Nowak'")
    assert cost == [{"hourly_cost_minor": 8000, "currency": "PLN"}]


@pytest.mark.parametrize("name", ["harvest_pl_cp1250.csv", "harvest_pl_iso8859-2.csv",
                                  "harvest_pl_utf8.csv"])
def test_polish_names_identical_from_every_encoding(tmp_path, name):
    store = fresh_store(f"sqlite:///{tmp_path / 'x.db'}")
    import_paths(store, "harvest", [DATA / name])
    names = {r["name"] for r in rows(store, "SELECT name FROM staff")}
    assert names == {"Łukasz Świątek", "Anna Nowak"}
    clients = {r["name"] for r in rows(store, "SELECT name FROM clients")}
    assert "Klient Żółć" in clients
    notes = {r["description"] for r in rows(store, "SELECT description FROM time_entries")}
    assert "Projektowanie / Makiety, poprawki" in notes


def test_harvest_us_dates_are_month_first(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "harvest", [DATA / "harvest_us.csv"])
    assert rows(store, "SELECT language FROM clients") == [{"language": "en"}]
    days = sorted(str(r["work_date"]) for r in rows(store, "SELECT work_date FROM time_entries"))
    assert days == ["2026-03-04", "2026-03-16"]


def test_date_format_override_is_applied_to_the_whole_file(sqlite_url):
    store = fresh_store(sqlite_url)
    with pytest.raises(InputError) as caught:  # 03/16 cannot be DD/MM
        import_paths(store, "harvest", [DATA / "harvest_us.csv"],
                     Options(date_format="dd/mm/yyyy"))
    assert caught.value.line == 2 and caught.value.field == "Date"
    assert "DD/MM/YYYY" in caught.value.reason


def test_bad_rows_name_file_line_column_and_leave_store_unchanged(db_url):
    store = fresh_store(db_url)
    import_paths(store, "toggl", [REAL / "real" / "toggl" / "toggl_detailed_bom.csv"])
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, "harvest", [DATA / "harvest_bad.csv"])
    error = caught.value
    assert error.file.endswith("harvest_bad.csv")
    assert (error.line, error.field) == (3, "Date")
    assert "MM/DD/YYYY" in error.reason
    assert snapshot(store) == before


def test_dry_run_lists_every_problem_and_writes_nothing(sqlite_url):
    store = fresh_store(sqlite_url)
    report = import_paths(store, "harvest", [DATA / "harvest_bad.csv"], dry_run=True)
    assert [(p.line, p.field) for p in report.problems] == [(3, "Date"), (4, "Hours")]
    assert report.count("time_entries").added == 1
    assert count(store, "time_entries") == 0 and count(store, "imports") == 0


def test_clockify_twelve_hour_times_and_decimal_duration(sqlite_url):
    store = fresh_store(sqlite_url)
    import_paths(store, "clockify", [DATA / "clockify_us.csv"])
    entries = rows(store, "SELECT minutes, work_date, billable FROM time_entries "
                          "ORDER BY work_date")
    assert [(e["minutes"], str(e["work_date"])) for e in entries] == [
        (90, "2026-09-15"), (45, "2026-09-16")]
    assert rows(store, "SELECT hourly_cost_minor, currency, email FROM staff") == [
        {"hourly_cost_minor": 6000, "currency": "USD", "email": "anna@przykladowa.pl"}]


def test_clockify_missing_user_is_an_error(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "clockify", [DATA / "clockify_bad.csv"])
    assert (caught.value.line, caught.value.field, caught.value.reason) == (3, "User", "is empty")


def test_clockify_xlsx(tmp_path, sqlite_url):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags",
                  "Billable", "Start Date", "Start Time", "End Date", "End Time",
                  "Duration (h)", "Duration (decimal)"])
    sheet.append(["Website", "Acme Ltd", "Build", None, "Anna Nowak", None, None, None, "Yes",
                  date(2026, 3, 17), "10:00:00", date(2026, 3, 17), "12:15:00", "02:15:00",
                  2.25])
    path = tmp_path / "clockify.xlsx"
    book.save(path)
    assert plan("auto", [path])[0][0].name == "clockify"
    store = fresh_store(sqlite_url)
    import_paths(store, "auto", [path])
    assert rows(store, "SELECT minutes, work_date FROM time_entries")[0]["minutes"] == 135


def test_auto_sniffs_time_exports():
    kinds = {p.name: i.name for i, p in plan("auto", [DATA / "harvest_us.csv",
                                                      DATA / "clockify_us.csv",
                                                      DATA / "toggl_bad.csv"])}
    assert kinds == {"harvest_us.csv": "harvest", "clockify_us.csv": "clockify",
                     "toggl_bad.csv": "toggl"}


def test_toggl_bad_duration(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "toggl", [DATA / "toggl_bad.csv"])
    assert (caught.value.line, caught.value.field) == (4, "Duration")


def test_harvest_cost_rate_is_not_in_the_clients_currency(sqlite_url, tmp_path):
    # Harvest's Currency column follows each client; cost rates are in the account's currency.
    # With clients in two currencies the file does not say which: the home currency decides.
    path = tmp_path / "harvest_detailed_time_report.csv"
    path.write_text(
        "Date,Client,Project,Task,Notes,Hours,Billable?,First Name,Last Name,Cost Rate,"
        "Currency\n"
        "2026-03-02,Lakeshore Inc,Retainer,Dev,,2.00,Yes,Natalia,Czarnecka,160.00,"
        "US Dollar - USD\n"
        "2026-03-02,Hotel Jarzębina,Abonament,Dev,,3.00,Yes,Natalia,Czarnecka,160.00,"
        "Polish Zloty - PLN\n", encoding="utf-8")
    store = fresh_store(sqlite_url)
    import_paths(store, "harvest", [path])
    cost = rows(store, "SELECT hourly_cost_minor, currency FROM staff")
    assert cost == [{"hourly_cost_minor": 16000, "currency": "XXX"}]  # until invoices name home


@pytest.mark.parametrize("importer, sample", [("clockify", "clockify_us.csv"),
                                              ("toggl", "toggl_detailed_bom.csv")])
def test_identical_rows_stay_two_and_reimport_maps_to_the_same_two(
        sqlite_url, tmp_path, importer, sample):
    # A blind portfolio author found two identical Clockify rows stored as one.
    source = DATA / sample if importer == "clockify" else REAL / "real" / "toggl" / sample
    lines = source.read_bytes().splitlines(keepends=True)
    doubled = tmp_path / sample
    doubled.write_bytes(b"".join(lines) + (b"" if lines[-1].endswith(b"\n") else b"\n")
                        + lines[1])
    store = fresh_store(sqlite_url)
    first = import_paths(store, importer, [doubled])
    assert first.count("time_entries").added == len(lines)  # header excluded, one row doubled
    again = import_paths(store, importer, [doubled])
    assert again.added == 0 and count(store, "time_entries") == len(lines)
