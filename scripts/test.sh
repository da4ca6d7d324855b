#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-postgres.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check src tests benchmarks
# Browser tests drive Debian's chromium (never a downloaded browser; ../shared/TRAPS.md).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
.venv/bin/python -m pytest "$@"
