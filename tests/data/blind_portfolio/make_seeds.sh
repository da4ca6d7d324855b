#!/usr/bin/env bash
# Write the blind evaluation portfolios (issue 14) next to this script: dev seeds 1-5 and
# test seeds 101-105 (benchmarks/bench_decisions.py finds them; N >= 100 is a test seed).
# The generator in generator/ was written by an independent author from generator/README.md's
# brief only; deterministic per seed; standard library only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="${*:-1 2 3 4 5 101 102 103 104 105}"
for n in $seeds; do
  python3 "$here/generator/generate.py" --seed "$n" --out "$here/seed_$n" >/dev/null
  echo "wrote $here/seed_$n"
done
