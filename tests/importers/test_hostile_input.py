"""Hostile and broken input (issue 17): a clean error naming file, line and field, exit code 2,
and a store left exactly as it was. Never a traceback, never a silently stored absurdity."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clientfit.cli import app
from tests.importers.helpers import DATA, fresh_store, snapshot

HARVEST = DATA / "harvest_us.csv"


def clientfit(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command line, as a user runs it (exit codes come from `main`)."""
    return subprocess.run([sys.executable, "-c", "from clientfit.cli import main; main()",
                           *arguments], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})


def _harvest_with(tmp_path: Path, column: str, value: str) -> Path:
    table = list(csv.reader(HARVEST.open(encoding="utf-8", newline="")))
    table[1][table[0].index(column)] = value
    path = tmp_path / f"harvest_{column}_{value[:20]}.csv".replace(" ", "_").replace("\x00", "0")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return path


def _xlsx(tmp_path: Path, sheet_xml: str, name: str = "book.xlsx") -> Path:
    """A minimal workbook whose first sheet is `sheet_xml`."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


SHEET = ('<?xml version="1.0"?>{dtd}<worksheet xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Record ID'
         '</t></is></c><c r="B1" t="inlineStr"><is><t>Company name</t></is></c></row><row r="2">'
         '<c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>{name}</t></is></c></row>'
         '</sheetData></worksheet>')
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """name → (import command arguments, text the error must contain)."""
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    not_zip = tmp_path / "notzip.xlsx"
    not_zip.write_text("Record ID,Company name\n1,Acme\n")
    good = _xlsx(tmp_path, SHEET.format(dtd="", name="Acme"), "good.xlsx")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 << 20))  # ratio ~1000:1
    laughs = _xlsx(tmp_path, SHEET.format(dtd=LAUGHS, name="&lol3;"), "laughs.xlsx")
    long_cell = _xlsx(tmp_path, SHEET.format(dtd="", name="x" * 40_000), "long.xlsx")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(HARVEST.read_text(encoding="utf-8") + '03/20/2026,"Acme Ltd,Web\n')
    companies = ["import", "hubspot-companies"]
    return {
        "2**63 hours": (["import", "harvest", str(_harvest_with(tmp_path, "Hours",
                                                               str(2**63)))], "'hours'"),
        "1e9 hours": (["import", "harvest", str(_harvest_with(tmp_path, "Hours", "1e9"))],
                      "within one day"),
        "negative cost": (["import", "harvest", str(_harvest_with(tmp_path, "Cost Rate",
                                                                  "-1000000000000"))],
                          "'cost rate'"),
        "empty xlsx": ([*companies, str(empty)], "empty"),
        "not a zip": ([*companies, str(not_zip)], "not a zip"),
        "truncated xlsx": ([*companies, str(truncated)], ".xlsx"),
        "zip bomb": ([*companies, str(bomb)], "refused"),
        "entities": ([*companies, str(laughs)], "declares a DTD"),
        "long cell": ([*companies, str(long_cell)], "longer than 32,767"),
        "deep json": (["import", "fakturownia", str(deep)], "nested more than"),
        "unclosed quote": (["import", "harvest", str(unclosed)], "quoted field"),
    }


@pytest.mark.slow  # one command-line run per input (~10 s each on a busy machine)
def test_bad_inputs_are_clean_errors_that_change_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert clientfit("import", "harvest", "--db", db, str(HARVEST)).returncode == 0
    before = snapshot(fresh_store(db))
    for name, (arguments, expected) in _bad_inputs(tmp_path).items():
        result = clientfit(*arguments, "--db", db)
        output = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 2, (name, output)
        assert "Traceback" not in output, name
        assert expected in output, (name, output)
        assert snapshot(fresh_store(db)) == before, name


def test_a_good_workbook_still_imports(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    path = _xlsx(tmp_path, SHEET.format(dtd="", name="Acme Ltd"))
    result = CliRunner().invoke(app, ["import", "hubspot-companies", "--db", db, str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["[" * 50 + "]" * 50, json.dumps([{"a": 1}])])
def test_shallow_json_is_not_refused_for_depth(tmp_path, text):
    path = tmp_path / "f.json"
    path.write_text(text)
    result = CliRunner().invoke(app, ["import", "fakturownia", "--db",
                                      f"sqlite:///{tmp_path / 's.db'}", str(path)])
    assert "nested more than" not in result.output
    assert not isinstance(result.exception, RecursionError)


def test_csv_reader_is_strict():
    assert list(csv.reader(io.StringIO('a\n"b"\n'), strict=True)) == [["a"], ["b"]]


def test_an_invoice_twice_in_one_file_with_different_amounts(tmp_path):
    from clientfit.errors import InputError
    from clientfit.importing import import_paths

    source = (DATA / "stripe_invoices.csv").read_text(encoding="utf-8").splitlines()
    changed = source[1].replace("1200.00", "1.00").replace(",200.00,", ",0.00,")  # tax too
    path = tmp_path / "stripe.csv"
    path.write_text("\n".join([*source, changed, source[1]]) + "\n", encoding="utf-8")
    store = fresh_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(InputError) as caught:
        import_paths(store, "stripe-invoices", [path])
    assert "appears twice with different values (first on line 2)" in str(caught.value)
    assert caught.value.line == len(source) + 1


def test_the_same_invoice_twice_is_kept_once(tmp_path):
    from clientfit.importing import import_paths

    source = (DATA / "stripe_invoices.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "stripe.csv"
    path.write_text("\n".join([*source, source[1]]) + "\n", encoding="utf-8")
    store = fresh_store(f"sqlite:///{tmp_path / 's.db'}")
    once = import_paths(fresh_store(f"sqlite:///{tmp_path / 'o.db'}"), "stripe-invoices",
                        [DATA / "stripe_invoices.csv"])
    report = import_paths(store, "stripe-invoices", [path])
    assert report.count("invoices").added == once.count("invoices").added


@pytest.mark.parametrize("value", ["Homepage\x00design"])
def test_text_postgres_cannot_store_is_refused_on_both_databases(db_url, tmp_path, value):
    from clientfit.errors import InputError
    from clientfit.importing import import_paths

    store = fresh_store(db_url)
    import_paths(store, "harvest", [HARVEST])
    before = snapshot(store)
    path = _harvest_with(tmp_path, "Notes", value)
    with pytest.raises(InputError, match="NUL"):
        import_paths(store, "harvest", [path])
    assert snapshot(store) == before
