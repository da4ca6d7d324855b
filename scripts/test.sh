#!/usr/bin/env bash
# Install everything the tests need into .venv-test and run the whole suite (what CI runs).
# Its own environment: the quickstart's .venv (a compiled install) is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-postgres.sh
VENV=.venv-test
python3 -m venv "$VENV"
"$VENV"/bin/python -m pip install -q --upgrade pip
"$VENV"/bin/python -m pip install -q -e '.[test]'
"$VENV"/bin/ruff check src tests benchmarks
# Browser tests drive Debian's chromium (never a downloaded browser; ../shared/TRAPS.md).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
"$VENV"/bin/python -m pytest "$@"
