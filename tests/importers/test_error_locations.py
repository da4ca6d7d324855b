"""Every importer's bad input names the file, the line (for an mbox also the message) and the
field at fault, and leaves the store as it was: one transaction per import, and importing the
corrected file afterwards works as if the failed run had never happened."""

from __future__ import annotations

import shutil

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importers.json_input import array_starts, member_line
from clientfit.importing import import_paths
from tests.importers.helpers import DATA, count, fresh_store, snapshot
from tests.importers.test_messages import MAIL, OURS, _known_clients

# (source, files, options, file name in the error, line, field, words of the reason)
CASES = [
    ("mbox", [MAIL / "bad_date_second.mbox"], OURS, "bad_date_second.mbox [message 2]", 14,
     "Date", "'jutro rano' is not a mail date"),
    ("eml", [MAIL / "bad_date.eml"], OURS, "bad_date.eml", 3, "Date", "not a mail date"),
    ("eml", [MAIL / "bad_no_sender.eml"], OURS, "bad_no_sender.eml", 1, "From",
     "no sender address"),
    ("infakt", [DATA / "infakt_bad.json"], Options(), "infakt_bad.json [invoice 2]", 8,
     "gross_price", "'615.00' is not a whole number of grosze"),
    ("fakturownia", [DATA / "fakturownia_bad.json"], Options(),
     "fakturownia_bad.json [invoice 2]", 5, "issue_date", "'02.03.2026' is not a date"),
    ("ksef", [DATA / "ksef_bad_missing_number.xml"], Options(), "ksef_bad_missing_number.xml",
     28, "Fa/P_2", "is missing"),
    ("rates", [DATA / "rates_bad" / "nbp_api_bad_mid.json"], Options(), "nbp_api_bad_mid.json",
     6, "mid", "'4,28x' is not a rate"),
    ("generic", [DATA / "generic_invoices.csv"],
     Options(mapping=DATA / "generic_bad_unknown_field.toml"), "generic_bad_unknown_field.toml",
     9, "columns.vat_amount", "unknown field"),
]


@pytest.mark.parametrize(("source", "paths", "options", "where", "line", "field", "reason"),
                         CASES, ids=[f"{c[0]}-{c[1][0].name}" for c in CASES])
def test_bad_input_names_file_line_and_field(sqlite_url, source, paths, options, where, line,
                                             field, reason):
    store = fresh_store(sqlite_url)
    _known_clients(store)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, source, paths, options)
    error = caught.value
    assert (error.file.rsplit("/", 1)[-1], error.line, error.field) == (where, line, field)
    assert reason in error.reason
    assert f"line {line}, field '{field}'" in str(error)
    assert snapshot(store) == before  # nothing half-written


def test_a_dry_run_lists_the_same_locations(sqlite_url):
    store = fresh_store(sqlite_url)
    _known_clients(store)
    report = import_paths(store, "mbox", [MAIL / "bad_date_second.mbox"], OURS, dry_run=True)
    assert [(p.line, p.field) for p in report.problems] == [(14, "Date")]


def test_a_failed_mbox_import_leaves_nothing_and_the_corrected_file_imports(sqlite_url,
                                                                            tmp_path):
    store = fresh_store(sqlite_url)
    _known_clients(store)
    bad = tmp_path / "mail.mbox"
    shutil.copy(MAIL / "bad_date_second.mbox", bad)
    with pytest.raises(InputError):
        import_paths(store, "mbox", [bad], OURS)
    assert count(store, "messages") == 0  # the first, good message is not kept either
    bad.write_text(bad.read_text().replace("jutro rano", "Mon, 09 Mar 2026 11:40:00 +0100"))
    report = import_paths(store, "mbox", [bad], OURS)
    assert report.count("messages").added == 2
    again = import_paths(store, "mbox", [bad], OURS)
    assert again.added == 0 and again.updated == 0


def test_a_value_the_store_cannot_hold_names_the_line_of_its_record(sqlite_url, tmp_path):
    """A client's name is checked when the record naming it is read, not when the clients
    are written at the end of a chunk (the error used to have no line)."""
    lines = (DATA / "stripe_invoices.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Acme Ltd", "Acme\x00 Ltd")
    path = tmp_path / "stripe_invoices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = fresh_store(sqlite_url)
    with pytest.raises(InputError) as caught:
        import_paths(store, "stripe-invoices", [path])
    assert (caught.value.line, caught.value.field) == (3, "client name")
    assert "NUL" in caught.value.reason
    assert count(store, "clients") == 0


def test_a_file_failing_before_its_first_record_does_not_borrow_the_last_files_line(
        sqlite_url, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"entities": [{"number": ', encoding="utf-8")
    store = fresh_store(sqlite_url)
    with pytest.raises(InputError) as caught:
        import_paths(store, "infakt", [DATA / "infakt_invoices.json", broken])
    assert caught.value.file == str(broken) and caught.value.line == 1


def test_json_positions():
    text = '{"data": 1, "rates": [\n {"a": {"mid": 0}},\n {"mid": 2,\n  "x": "mid"}\n]}'
    starts = array_starts(text, "rates")
    assert [text[s] for s in starts] == ["{", "{"]
    assert member_line(text, starts[0], "mid") is None  # nested deeper: not this object's
    assert member_line(text, starts[1], "mid") == 3
    assert array_starts("[1, [2], {}]") == [1, 4, 9]
    assert array_starts('{"rates": 5}', "rates") == []
