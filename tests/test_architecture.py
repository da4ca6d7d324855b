"""The arrows point inward: the assessment is pure, only store/ talks SQL."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "clientfit"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_assessment_imports_nothing_from_storage_cli_or_web():
    forbidden = ("clientfit.store", "clientfit.cli", "clientfit.web", "clientfit.service",
                 "sqlalchemy", "ibis", "typer", "fastapi")
    for path in (SRC / "assessment").rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.startswith(forbidden)}
        assert not bad, f"{path.name} imports {bad}"


def test_only_store_opens_sql_connections():
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("store/"):
            continue
        for module in imported_modules(path):
            assert not module.startswith(("sqlite3", "psycopg")), f"{relative} imports {module}"


def test_importer_modules_import_each_other_in_one_direction():
    """base -> tables -> options: the registry uses the table reader, never the reverse."""
    package = SRC / "importers"
    graph = {path.stem: {m.rsplit(".", 1)[-1] for m in imported_modules(path)
                         if m.startswith("clientfit.importers.")}
             for path in package.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    for module in graph:
        assert not reaches(module, module, set()), f"importers.{module} imports itself back"


def test_text_path_has_one_direction():
    """Messages are read and their analyses stored in signals/text_analyses.py, analysed in
    text/ (pure), summarised in signals/: nothing in text/ reaches back into signals/ or the
    store."""
    for path in (SRC / "text").rglob("*.py"):
        bad = {m for m in imported_modules(path)
               if m.startswith(("clientfit.signals", "clientfit.store", "sqlalchemy", "ibis"))}
        assert not bad, f"text/{path.name} imports {bad}"
def test_web_modules_import_each_other_in_one_direction():
    """app -> views -> helpers (render, state, deps): no view imports the app back (issue 16)."""
    package = SRC / "web"

    def web_imports(path: Path) -> set[str]:
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "clientfit.web":
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "clientfit.web."):
                found.add(node.module.split(".")[2])
        return found

    graph = {path.stem: web_imports(path) for path in package.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    for module in graph:
        assert not reaches(module, module, set()), f"web.{module} imports itself back"
