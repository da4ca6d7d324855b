#!/usr/bin/env python3
"""Blind generator of agency portfolios in real export layouts, with the truth.

    python generate.py --seed N --out DIR

writes DIR/exports/... (the files to import) and DIR/truth.csv + DIR/truth.json.
Deterministic per seed. Standard library only.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pfgen.build import generate  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    world, counts = generate(a.seed, a.out)
    dec = {}
    for c in world.clients:
        dec[c.decision] = dec.get(c.decision, 0) + 1
    print("seed %d: as of %s, %d months, %d staff, %d clients %s" % (
        a.seed, world.as_of, world.months, len(world.staff), len(world.clients), json.dumps(dict(sorted(dec.items())))))
    print(json.dumps(counts, default=str))


if __name__ == "__main__":
    main()
