"""Reading an .xlsx workbook's first sheet as rows of text, within limits checked up front.

A workbook is a zip of XML parts: a 100 kB file can unpack to gigabytes (a zip bomb), a sheet
can declare a million columns, a shared string can hold a gigabyte, and the XML can carry entity
definitions that expand without end. Before openpyxl opens anything the archive is checked (a
real zip, every part's declared size and compression ratio within limits; the zip reader never
unpacks more than a part declares); while reading, each cell, row and the sheet are checked
against Excel's own limits; a part whose prolog declares a DTD or entities is refused before
parsing (and openpyxl parses through defusedxml, which refuses them too). Whatever goes
wrong is a `TableError` naming the file (and line), never a traceback.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from clientfit.importers.records import Problem

MAX_UNPACKED = 256 << 20  # every part of the workbook together, unpacked
MAX_PART_RATIO = 200  # unpacked / packed for a part larger than RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_CELL = 32_767  # Excel's own limit on the characters of a cell
MAX_COLUMNS = 16_384  # Excel's limit: XFD
MAX_ROWS = 1_048_576  # Excel's limit
PROLOG = 4096  # bytes of each XML part searched for a DTD


class XlsxError(Exception):
    """The workbook cannot be read (tables.py turns it into a TableError)."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.problem = Problem(file, line, None, reason)


def check_archive(path: Path) -> None:
    """Refuse what is not a zip archive, or unpacks beyond the limits, before parsing it."""
    file = str(path)
    if path.stat().st_size == 0:
        raise XlsxError(file, None, "not an .xlsx workbook: the file is empty")
    if not zipfile.is_zipfile(path):
        raise XlsxError(file, None, "not an .xlsx workbook (not a zip archive, or truncated)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            for part in parts:  # a DTD sits in the prolog, before the root element
                if part.filename.endswith((".xml", ".rels")) and part.file_size:
                    with archive.open(part) as handle:
                        head = handle.read(PROLOG)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise XlsxError(file, None, f"XML part {part.filename} declares a DTD "
                                                    "or entities (never in a real workbook): "
                                                    "refused")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise XlsxError(file, None, f"not a readable .xlsx workbook: {exc}") from None
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_PART_RATIO * max(
                part.compress_size, 1):
            raise XlsxError(file, None, f"part {part.filename} unpacks "
                                        f"{part.file_size // max(part.compress_size, 1)}× its "
                                        f"packed size (limit {MAX_PART_RATIO}×): refused")
    if total > MAX_UNPACKED:
        raise XlsxError(file, None, f"the workbook unpacks to {total >> 20} MB (limit "
                                    f"{MAX_UNPACKED >> 20} MB): refused")


def xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells as text) for each row of the first sheet."""
    from openpyxl import load_workbook

    check_archive(path)
    file = str(path)
    line = 0
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open hostile input is clean
        raise XlsxError(file, None, f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                    f"{str(exc)[:200]})") from None
    try:
        if not workbook.worksheets:
            raise XlsxError(file, None, "the workbook has no sheet")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never trust the declared size: rows are as long as they are
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > MAX_ROWS:
                raise XlsxError(file, line, f"more than {MAX_ROWS:,} rows")
            if len(values) > MAX_COLUMNS:
                raise XlsxError(file, line, f"more than {MAX_COLUMNS:,} columns")
            cells = [cell_text(value) for value in values]
            if any(len(cell) > MAX_CELL for cell in cells):
                raise XlsxError(file, line, f"a cell longer than {MAX_CELL:,} characters")
            yield line, cells
    except XlsxError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed sheet is a clean error
        raise XlsxError(file, line + 1, f"unreadable sheet ({type(exc).__name__}: "
                                        f"{str(exc)[:200]})") from None
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
