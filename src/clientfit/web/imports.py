"""Import preview: save uploaded exports (any source of `clientfit import`) or unpack a bundle
zip safely, and dry-run them, listing every problem (not just the first) before anything is
written. Uploads live in a temporary folder outside the project, deleted after the commit."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from clientfit import importing
from clientfit.errors import InputError
from clientfit.importers import bundle
from clientfit.importers.base import Options, importers
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


SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
COPY_CHUNK = 1 << 20


def sources() -> list[str]:
    """What the upload form offers: `auto` (each file's kind sniffed), `bundle`, and every
    source `clientfit import SOURCE` knows."""
    return ["auto", "bundle", *sorted(importers())]


def safe_name(filename: str | None, taken: set[str]) -> str:
    """The upload's own file name (its suffix tells the importers what it is), stripped of any
    folder and of characters a path should not hold, and unique in its folder."""
    name = SAFE_NAME.sub("_", PurePosixPath((filename or "").replace("\\", "/")).name)
    name = name.lstrip(".") or "upload"
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}.{suffix}" if dot and stem else f"{name}-{number}"
    taken.add(candidate.lower())
    return candidate


def save(source: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy an upload to `target`, refusing it beyond `max_bytes` (nothing half-written
    stays)."""
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(COPY_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                target.unlink(missing_ok=True)
                raise BadRequest(f"the upload is larger than {max_bytes} bytes")
            out.write(chunk)
    return size


def is_bundle_zip(archive: Path) -> bool:
    try:
        with zipfile.ZipFile(archive) as zipped:
            return any(PurePosixPath(m.filename).name in bundle.FILES_BY_NAME
                       for m in zipped.infolist())
    except zipfile.BadZipFile:
        return False


def unpack_exports(archive: Path, dest: Path, max_bytes: int) -> list[Path]:
    """A zip of exports (any kinds): every file with a suffix some importer reads, flattened
    into `dest` under safe names. Refuses absolute paths, `..` and oversized content."""
    suffixes = {s for importer in importers().values() for s in importer.suffixes if s}
    written: list[Path] = []
    taken: set[str] = set()
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > max_bytes:
                raise BadRequest(f"the zip unpacks to more than {max_bytes} bytes")
            for member in members:
                path = PurePosixPath(member.filename)
                if path.is_absolute() or ".." in path.parts:
                    raise BadRequest(f"unexpected path in the zip: {member.filename!r}")
                if path.suffix.lower() not in suffixes or path.name.startswith("."):
                    continue
                target = dest / safe_name(path.name, taken)
                with zipped.open(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
                written.append(target)
    except zipfile.BadZipFile:
        raise BadRequest("the upload is not a zip file") from None
    if not written:
        raise BadRequest("the zip holds no file any importer reads (docs/importers.md)")
    return written


def preview_exports(store: Store, source: str, paths: list[Path], options: Options,
                    names: dict[Path, str]) -> dict[str, Any]:
    """What importing the exports would do (a dry run of `clientfit import SOURCE`): rows
    read, added and updated per kind of record, new clients and staff, skipped rows, and every
    problem with its file, line and field. `names` maps saved paths to the uploaded names."""
    shown = {str(path): name for path, name in names.items()}

    def name_of(file: str) -> str:
        return shown.get(file) or names.get(Path(file)) or Path(file).name

    try:
        planned = importing.plan(source, paths)
        report = importing.import_paths(store, source, paths, options, dry_run=True)
    except InputError as exc:
        if exc.file.startswith("--"):  # an option, not a file: the form is wrong
            raise BadRequest(str(exc)) from None
        problem = {"file": name_of(exc.file), "line": exc.line, "field": exc.field,
                   "reason": exc.reason}
        return {"kind": "exports", "source": source, "files": [], "counts": [],
                "rows_read": 0, "added": 0, "updated": 0, "new_clients": [], "new_staff": [],
                "skipped": [], "problems": [problem], "problem_count": 1, "ok": False}
    problems = [{"file": name_of(p.file), "line": p.line, "field": p.field, "reason": p.reason}
                for p in report.problems]
    return {
        "kind": "exports", "source": source,
        "files": [{"file": name_of(str(path)), "source": importer.name}
                  for importer, path in planned],
        "counts": [{"records": table, "read": c.read, "added": c.added, "updated": c.updated,
                    "unchanged": c.unchanged} for table, c in sorted(report.counts.items())],
        "rows_read": report.rows_read, "added": report.added, "updated": report.updated,
        "new_clients": list(report.new_clients), "new_staff": list(report.new_staff),
        "merge_suggestions": [{"client_a": s.client_a, "client_b": s.client_b,
                               "name_a": s.name_a, "name_b": s.name_b,
                               "evidence": list(s.evidence)}
                              for s in report.merge_suggestions],
        "joined": [{"client": j.keep, "other": j.other, "name": j.keep_name,
                    "other_name": j.other_name, "line": j.line()} for j in report.joined],
        "our_domains": report.our_domains,
        "mail_notes": [note for note in importing.mail_notes(report, "clientfit import auto FILES")
                       if not note.startswith("Our mail domain")],
        "skipped": [{"reason": reason, "rows": n} for reason, n in report.skipped.most_common()],
        "problems": problems[:MAX_PROBLEMS], "problem_count": len(problems),
        "ok": not problems and bool(planned),
    }


def commit_exports(store: Store, source: str, paths: list[Path], options: Options
                   ) -> dict[str, int]:
    report = importing.import_paths(store, source, paths, options)
    return {"read": report.rows_read, "added": report.added, "updated": report.updated,
            "unchanged": sum(c.unchanged for c in report.counts.values())}
