"""Validate a blind author's finished messages and add them to the tuning split.

    python scripts/add_blind_author.py g /work/blind/text_tuning/author_g          # check only
    python scripts/add_blind_author.py g /work/blind/text_tuning/author_g --write  # and copy

An author is finished when README.md is in their folder; before that the file may be partly
written and is refused. Every line must be a JSON object with the recipe's fields
(tests/data/blind_text/RECIPE.md): an id `<author>-<lang>-NNNN` unique in the file and matching
`lang`, `lang` en/pl, `direction` in/out, `tone` negative/neutral/positive, `labels` only those
the direction allows (client labels on "in", ours on "out", `question` on both). A message that
breaks a rule is listed and left out (the rest of the author's work is kept); `--write` copies
the valid messages, in file order and byte for byte as the author wrote each line, to
tests/data/blind_text/tuning/author_<x>.jsonl and the README to author_<x>.README.md, and prints
the counts per category and language for tests/data/blind_text/AUTHORS.md. It also counts
near-duplicates (own texts, quotes and signatures stripped, sharing more than half their
word 5-grams): messages assembled from
fragments by a script, which the recipe forbids, show up there (authors a–d, g, i: 0–3 each).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from clientfit.text.analysis import CATEGORIES, TONES  # noqa: E402
from clientfit.text.category_head import allowed  # noqa: E402

TUNING = ROOT / "tests" / "data" / "blind_text" / "tuning"
REQUIRED = ("id", "lang", "direction", "subject", "body", "tone", "labels")
LANGS = ("en", "pl")
DIRECTIONS = ("in", "out")


def problems(row: Any, author: str, seen: set[str]) -> list[str]:
    """What is wrong with one parsed line (empty when it is a valid message)."""
    if not isinstance(row, dict):
        return ["not a JSON object"]
    missing = [f for f in REQUIRED if f not in row]
    if missing:
        return [f"missing {', '.join(missing)}"]
    out = []
    if row["lang"] not in LANGS:
        out.append(f"lang {row['lang']!r}")
    if not re.fullmatch(rf"{re.escape(author)}-{re.escape(str(row['lang']))}-\d{{3,5}}",
                        str(row["id"])):
        out.append(f"id {row['id']!r} is not {author}-{row['lang']}-NNNN")
    if row["id"] in seen:
        out.append(f"duplicate id {row['id']!r}")
    if row["direction"] not in DIRECTIONS:
        out.append(f"direction {row['direction']!r}")
    if row["tone"] not in TONES:
        out.append(f"tone {row['tone']!r}")
    if not isinstance(row["body"], str) or not row["body"].strip():
        out.append("empty body")
    if not isinstance(row["subject"], str):
        out.append("subject is not a string")
    labels = row["labels"]
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        out.append("labels is not a list of names")
    elif row["direction"] in DIRECTIONS:
        wrong = sorted(set(labels) - set(allowed(row["direction"])))
        if wrong:
            unknown = [x for x in wrong if x not in CATEGORIES]
            out.append(f"labels {wrong} not allowed on direction {row['direction']!r}"
                       + (f" (unknown: {unknown})" if unknown else ""))
    return out


def validate(author: str, source: Path) -> tuple[list[str], list[tuple[int, str, list[str]]],
                                                   list[dict[str, Any]]]:
    """(valid lines, rejected (line number, id, problems), valid rows) of source/messages.jsonl."""
    kept: list[str] = []
    rows: list[dict[str, Any]] = []
    rejected: list[tuple[int, str, list[str]]] = []
    seen: set[str] = set()
    text = (source / "messages.jsonl").read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), 1):  # JSON Lines end at "\n" only
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            rejected.append((number, "?", [f"not JSON ({exc.msg})"]))
            continue
        found = problems(row, author, seen)
        if found:
            rejected.append((number, str(row.get("id", "?")) if isinstance(row, dict) else "?",
                             found))
            continue
        seen.add(row["id"])
        kept.append(line)
        rows.append(row)
    return kept, rejected, rows


def near_duplicates(rows: list[dict[str, Any]], overlap: float = 0.5) -> int:
    """Messages whose own text shares more than `overlap` of its word 5-grams (Jaccard) with
    a later message's."""
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 5]) for i in range(max(len(words) - 4, 1))}

    from clientfit.text.strip import strip_message

    sets = [shingles(strip_message(r["body"]).own) for r in rows]
    return sum(any(len(a & b) > overlap * len(a | b) for b in sets[i + 1:])
               for i, a in enumerate(sets))


def counts(rows: list[dict[str, Any]]) -> str:
    """A table: messages per language, direction, category and tone."""
    keys = ["total", "in", "out", *CATEGORIES, *(f"tone {t}" for t in TONES)]
    per = {lang: Counter() for lang in LANGS}
    for r in rows:
        c = per[r["lang"]]
        c["total"] += 1
        c[r["direction"]] += 1
        c[f"tone {r['tone']}"] += 1
        for label in set(r["labels"]):
            c[label] += 1
    lines = [f"{'':20} {'en':>5} {'pl':>5}"]
    lines += [f"{k:20} {per['en'][k]:5} {per['pl'][k]:5}" for k in keys]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("author", help="the author's code, one letter (g)")
    ap.add_argument("source", type=Path, help="the author's folder (messages.jsonl, README.md)")
    ap.add_argument("--write", action="store_true",
                    help="copy the valid messages and the README into the tuning split")
    args = ap.parse_args()
    if not (args.source / "README.md").is_file():
        sys.exit(f"{args.source}: no README.md yet, the author has not finished")
    kept, rejected, rows = validate(args.author, args.source)
    for number, mid, found in rejected:
        print(f"line {number} ({mid}): {'; '.join(found)}")
    print(f"{len(kept)} valid messages, {len(rejected)} left out, "
          f"{near_duplicates(rows)} near-duplicates")
    print(counts(rows))
    if args.write:
        out = TUNING / f"author_{args.author}.jsonl"
        out.write_text("\n".join(kept) + "\n", encoding="utf-8")
        readme = TUNING / f"author_{args.author}.README.md"
        readme.write_text((args.source / "README.md").read_text(encoding="utf-8"),
                          encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)} and {readme.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
