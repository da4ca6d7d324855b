"""Build the text analyzer's hot modules with mypyc; everything else stays in pyproject.toml.

A regular build (`pip install .`, `pip wheel .`) compiles COMPILED_MODULES into C extensions
next to their .py sources. The result is always installable as pure Python instead:
- editable installs (`pip install -e .`) are pure, so edits of the .py files take effect
  (an in-place extension module would shadow them);
- `CLIENTFIT_PURE_PYTHON=1` opts out;
- if mypyc or the C compiler fails, the build warns and ships no extension module at all
  (never some of them: a module's extension cannot fall back to its .py once installed).
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED_MODULES = (
    "src/clientfit/text/default.py",
    "src/clientfit/text/rules.py",
    "src/clientfit/text/normalize.py",
    "src/clientfit/text/strip.py",
    "src/clientfit/text/lexicon.py",
    "src/clientfit/text/prefilter.py",
    "src/clientfit/text/sentences.py",  # split out of default.py (17.6 vs 22.1 us a message)
    "src/clientfit/text/combine.py",
    "src/clientfit/text/language.py",  # language id when a message comes without one
)
GROUP_NAME = "clientfit_native"
# The same types in every build, isolated or not: third-party libraries are not read (their
# values are Any to mypyc), and the modules that are imported but not compiled are followed
# for their types without failing the build on their own type errors.
MYPY_OPTIONS = ("--ignore-missing-imports", "--no-site-packages", "--follow-imports=silent")
# setuptools' PEP 660 hook (build_editable) runs the `editable_wheel` command; `develop` is
# the legacy `setup.py develop` path.
EDITABLE_COMMANDS = frozenset({"editable_wheel", "develop"})
# Commands that build the extension modules; metadata steps (egg_info, dist_info) and sdist
# do not need them, and mypyc takes ~10 s.
BUILD_COMMANDS = frozenset({"bdist_wheel", "build", "build_ext", "install", "bdist"})


def _warn(message: str) -> None:
    print(f"WARNING: clientfit: {message}; installing the pure-Python text analyzer",
          file=sys.stderr)


def _wants_compiled(commands: list[str]) -> bool:
    if os.environ.get("CLIENTFIT_PURE_PYTHON", "") not in ("", "0"):
        return False
    return not EDITABLE_COMMANDS.intersection(commands) and bool(
        BUILD_COMMANDS.intersection(commands))


def _mypyc_extensions() -> list:
    try:
        from mypyc.build import mypycify
    except ImportError as error:
        _warn(f"mypyc is not available ({error})")
        return []
    try:
        return mypycify([*MYPY_OPTIONS, *COMPILED_MODULES], opt_level="3", group_name=GROUP_NAME)
    except (SystemExit, Exception) as error:  # mypyc reports type errors by sys.exit
        _warn(f"mypyc could not compile the text analyzer ({error})")
        return []


class AllOrNothingBuildExt(build_ext):
    """Build every extension module or none: on a compiler error, warn and remove the ones
    already built, so each compiled module's .py is what gets imported."""

    def run(self) -> None:
        from setuptools.errors import BaseError, CCompilerError

        try:
            super().run()
        except (BaseError, CCompilerError, OSError) as error:
            for extension in self.extensions:
                built = self.get_ext_fullpath(extension.name)
                if os.path.exists(built):
                    os.remove(built)
            _warn(f"the C extension modules could not be built ({error})")


setup(
    ext_modules=_mypyc_extensions() if _wants_compiled(sys.argv[1:]) else [],
    cmdclass={"build_ext": AllOrNothingBuildExt},
)
