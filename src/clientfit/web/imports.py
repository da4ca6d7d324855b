"""Import preview: unpack an uploaded bundle zip safely and dry-run it on the bundle reader,
listing every problem (not just the first) before anything is written."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from clientfit.errors import InputError
from clientfit.importers import bundle
from clientfit.store import Store
from clientfit.store.loader import existing_ids
from clientfit.web.errors import BadRequest

ALLOWED = {*bundle.FILES_BY_NAME, bundle.MANIFEST, bundle.GROUND_TRUTH}
MAX_PROBLEMS = 500


def unpack(archive: Path, dest: Path, max_bytes: int) -> list[str]:
    """Extract the bundle's known files (from the root or one top folder) into `dest`.
    Refuses anything else: absolute paths, `..`, unknown names, oversized content."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > max_bytes:
                raise BadRequest(f"the bundle unpacks to more than {max_bytes} bytes")
            written = []
            for member in members:
                path = PurePosixPath(member.filename)
                if path.is_absolute() or ".." in path.parts or len(path.parts) > 2:
                    raise BadRequest(f"unexpected path in the zip: {member.filename!r}")
                if path.name not in ALLOWED:
                    continue
                if path.name in written:
                    raise BadRequest(f"{path.name} appears twice in the zip")
                (dest / path.name).write_bytes(zipped.read(member))
                written.append(path.name)
    except zipfile.BadZipFile:
        raise BadRequest("the upload is not a zip file") from None
    if not any(name in bundle.FILES_BY_NAME for name in written):
        raise BadRequest("the zip holds none of the bundle's files (docs/bundle.md)")
    return sorted(written)


def _problem(exc: InputError) -> dict[str, Any]:
    return {"file": Path(exc.file).name, "line": exc.line, "field": exc.field,
            "reason": exc.reason}


def preview(store: Store, directory: Path) -> dict[str, Any]:
    """What importing the bundle would do: rows per file, new vs already stored, problems."""
    problems: list[dict[str, Any]] = []
    try:
        bundle.check_manifest(directory)
    except InputError as exc:
        problems.append(_problem(exc))
    files = []
    known: dict[str, set[Any]] = {}
    with store.reading() as connection:
        for spec in bundle.FILES:
            path = directory / spec.name
            if not path.exists():
                continue
            single = len(spec.key) == 1  # new vs stored is counted on single-column keys
            stored = existing_ids(connection, spec.table) if single else set()
            counts: dict[str, Any] = {"file": spec.name, "rows": 0, "new": 0 if single else None,
                                      "existing": 0 if single else None, "problems": 0}
            before = len(problems)
            ids = known.setdefault(spec.table.name, set(stored))
            for line, row in _rows(path, spec, problems):
                counts["rows"] += 1
                for field in spec.fields:
                    value = row.get(field.target)
                    if field.references and value is not None and value not in _stored(
                            connection, field.references, known):
                        problems.append({"file": spec.name, "line": line,
                                         "field": field.column,
                                         "reason": f"refers to unknown {field.references} "
                                                   f"{value!r}"})
                if single:
                    key = row[spec.key[0]]
                    counts["existing" if key in stored else "new"] += 1
                    ids.add(key)
            counts["problems"] = len(problems) - before
            files.append(counts)
    return {"files": files, "problems": problems[:MAX_PROBLEMS],
            "problem_count": len(problems), "ok": not problems}


def _stored(connection: Any, table_name: str, known: dict[str, set[Any]]) -> set[Any]:
    from clientfit.service import REFERENCED_TABLES

    if table_name not in known:
        known[table_name] = existing_ids(connection, REFERENCED_TABLES[table_name])
    return known[table_name]


def _rows(path: Path, spec: bundle.BundleFile, problems: list[dict[str, Any]]):
    """Parsed rows of one file; bad rows are recorded in `problems` and skipped."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [f.column for f in spec.fields if f.required and f.column not in header]
            for column in missing:
                problems.append({"file": spec.name, "line": 1, "field": column,
                                 "reason": "required column is missing"})
            if missing:
                return
            for raw in reader:
                line = reader.line_num
                if None in raw:
                    problems.append({"file": spec.name, "line": line, "field": None,
                                     "reason": "more values than columns in the header"})
                    continue
                try:
                    yield line, bundle.parse_row(path, line, raw, spec)
                except InputError as exc:
                    problems.append(_problem(exc))
    except UnicodeDecodeError as exc:
        problems.append({"file": spec.name, "line": None, "field": None,
                         "reason": f"not UTF-8 text: {exc.reason}"})
