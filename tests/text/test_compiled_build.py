"""The built wheel: the text analyzer compiled with mypyc (setup.py) gives exactly the results of
the pure-Python package this test process imports (the editable install), and the wheel ships
every data file of the package.

Run as a script, this file prints the analyses of the message files named on its command line
(the compiled side, in a subprocess that imports the installed wheel)."""

from __future__ import annotations

import ast
import importlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clientfit.text.evaluation import load_labelled
from clientfit.text.registry import get_analyzer

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = [ROOT / "tests" / "data" / name / "messages.jsonl"
            for name in ("text_eval", "text_tuning")]


def compiled_modules() -> list[str]:
    """The modules setup.py compiles, read from its COMPILED_MODULES (running setup.py would
    build)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "COMPILED_MODULES" for t in node.targets):
            paths = ast.literal_eval(node.value)
            return [p.removeprefix("src/").removesuffix(".py").replace("/", ".") for p in paths]
    raise AssertionError("setup.py has no COMPILED_MODULES")


def analyse(paths: list[str]) -> dict[str, object]:
    """Every message with its own language and with none, as JSON-ready values, and the files
    the compiled modules were imported from."""
    analyzer = get_analyzer("default")
    results = []
    for path in paths:
        for m in load_labelled(path):
            for lang in (m.lang, None):
                a = analyzer.analyze(m.subject, m.body, lang, m.direction)
                results.append([m.id, lang, a.to_dict(), list(a.questions), a.text,
                                repr(a.tone_score)])
    files = {name: importlib.import_module(name).__file__ for name in compiled_modules()}
    return json.loads(json.dumps({"files": files, "results": results}))


pytestmark = pytest.mark.slow


def _run(*args: str, env: dict[str, str] | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The regular (non-editable) wheel, built offline from a copy of the project (so that no
    build/ directory lands in the checkout)."""
    tmp = tmp_path_factory.mktemp("compiled_build")
    project = tmp / "project"
    project.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info", "*.c"))
    env = {k: v for k, v in os.environ.items() if k not in ("CLIENTFIT_PURE_PYTHON", "CC")}
    done = _run(sys.executable, "-m", "pip", "wheel", str(project), "--no-deps",
                "--no-build-isolation", "-v", "-w", str(tmp / "dist"), env=env)
    (tmp / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    (built,) = (tmp / "dist").glob("clientfit-*.whl")
    return built


def test_compiled_analyzer_gives_the_pure_python_results(wheel: Path) -> None:
    target = wheel.parent.parent / "target"
    _run(sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel))
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = _run(sys.executable, __file__, *map(str, MESSAGES), env=env, cwd=target)
    compiled = json.loads(done.stdout)
    pure = analyse([str(p) for p in MESSAGES])

    log = (wheel.parent.parent / "build.log").read_text(encoding="utf-8").splitlines()
    why = "\n".join(line for line in log if "WARNING: clientfit" in line or ": error:" in line)
    for name, path in compiled["files"].items():
        assert path.startswith(str(target)) and path.endswith(".so"), (name, path, why)
    for name, path in pure["files"].items():
        assert path.endswith(".py"), (name, path)
    assert len(pure["results"]) == 2 * sum(len(load_labelled(p)) for p in MESSAGES)
    assert compiled["results"] == pure["results"]


def test_wheel_ships_every_data_file_of_the_package(wheel: Path) -> None:
    tracked = subprocess.run(["git", "ls-files", "src/clientfit"], cwd=ROOT,
                             capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    wanted = {line.removeprefix("src/") for line in tracked.stdout.splitlines()}
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert wanted - shipped == set()


if __name__ == "__main__":
    print(json.dumps(analyse(sys.argv[1:])))
