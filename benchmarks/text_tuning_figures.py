"""Tuning figures of the default analyzer on the blind corpus's tuning part (not a test).

    PYTHONPATH=src python benchmarks/text_tuning_figures.py [FILE.jsonl ...]

Default input: tests/data/blind_text/tuning/*.jsonl (author a). Prints, per language, tone
accuracy and per-category precision and recall of the schema 2 categories (each message's
categories against its `labels`; only the categories allowed for its direction are predicted).
These messages were used to write the rules: the figures say how well the rules fit the data
they were tuned on, not how they generalise. The frozen test split is never read here.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from clientfit.text import get_analyzer
from clientfit.text.analysis import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or sorted((ROOT / "tests/data/blind_text/tuning").glob(
        "*.jsonl"))
    analyzer = get_analyzer("default")
    tone: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp: Counter[tuple[str, str]] = Counter()
    fp: Counter[tuple[str, str]] = Counter()
    fn: Counter[tuple[str, str]] = Counter()
    for path in files:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            row = json.loads(line)
            lang = row["lang"]
            got = analyzer.analyze(row.get("subject", ""), row["body"],
                                   direction=row.get("direction"))
            tone[lang][0] += got.tone == row["tone"]
            tone[lang][1] += 1
            gold, pred = set(row.get("labels", [])), set(got.categories)
            for c in CATEGORIES:
                key = (lang, c)
                tp[key] += c in pred and c in gold
                fp[key] += c in pred and c not in gold
                fn[key] += c in gold and c not in pred
    print(f"Tuning data: {', '.join(str(p.relative_to(ROOT)) for p in files)}\n")
    print("| lang | messages | tone acc | " + " | ".join(f"{c} P/R" for c in CATEGORIES) + " |")
    print("|---|---|---|" + "---|" * len(CATEGORIES))
    for lang, (ok, n) in sorted(tone.items()):
        cells = []
        for c in CATEGORIES:
            k = (lang, c)
            p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else float("nan")
            r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else float("nan")
            cells.append(f"{p:.2f}/{r:.2f}")
        print(f"| {lang} | {n} | {ok / n:.3f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
