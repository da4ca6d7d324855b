"""Leave-one-author-out figures for the `reader` analyzers: the honest proxy for mail by
authors nobody tuned on (`python scripts/train_reader_head.py --cv [--bag|--use]`).

For each author of the blind tuning split: the tone head is refitted on the recipe's data less
that author's messages, the category heads (with their modes and thresholds, chosen by
leave-one-author-out over the remaining authors) on the other authors' messages, and the
reader so built reads the held-out author's messages, exactly as the shipped reader does. The
rules (`default`) read the same messages; they were tuned by hand on author a, so their figure
for a is in-sample. Per language, the mean over the held-out authors and the worst of them;
then per held-out author the complaints, threat and tone; then the authors of tuning_next/ that
no head learns from (`UNSEEN`), read by the reader trained on every training author.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from reader_categories import NEXT, NEXT_AUTHORS, category_data, fit_categories  # noqa: E402
from train_reader_head import encoded, fit  # noqa: E402

from clientfit.text.analysis import MessageAnalysis  # noqa: E402
from clientfit.text.evaluation import LabelledMessage, load_labelled  # noqa: E402
from clientfit.text.reader import ReaderAnalyzer  # noqa: E402
from clientfit.text.subwords import subword_bag  # noqa: E402

COMPLAINTS = ("complaint_service", "complaint_person")
PER_AUTHOR = ("tone", "complaint_service P/R", "complaint_person P/R", "threat F1")


def unseen() -> list[LabelledMessage]:
    """The messages of tuning_next/'s authors that no head learns from (g, h, i, j)."""
    return [m for f in sorted(NEXT.glob("author_*.jsonl"))
            if f.stem.split("_", 1)[1] not in NEXT_AUTHORS for m in load_labelled(f)]
COLUMNS = ("tone", "tone (in)", "complaint_service P/R", "complaint_person P/R", "threat F1",
           "hostile F1", "demand F1", "scope_request F1", "praise F1", "question F1",
           "apology F1", "curt R", "defensive F1", "praise on complaints")


def figures(pairs: Sequence[tuple[LabelledMessage, MessageAnalysis]]) -> dict[str, tuple]:
    """The columns of COLUMNS for one author and language."""
    def prf(cat: str) -> tuple[float, float, float]:
        tp = sum(cat in m.labels and cat in r.categories for m, r in pairs)
        p = sum(cat in r.categories for _, r in pairs)
        g = sum(cat in m.labels for m, _ in pairs)
        return tp / max(p, 1), tp / max(g, 1), 2 * tp / max(p + g, 1)

    inbound = [(m, r) for m, r in pairs if m.direction == "in"]
    complaints = [r for m, r in pairs if set(COMPLAINTS) & m.labels]
    out: dict[str, tuple] = {
        "tone": (sum(m.tone == r.tone for m, r in pairs) / len(pairs),),
        "tone (in)": (sum(m.tone == r.tone for m, r in inbound) / max(len(inbound), 1),)}
    for cat in COMPLAINTS:
        out[f"{cat} P/R"] = prf(cat)[:2]
    for cat in ("threat", "hostile", "demand", "scope_request", "praise", "question",
                "apology", "defensive"):
        out[f"{cat} F1"] = (prf(cat)[2],)
    out["curt R"] = (prf("curt")[1],)
    out["praise on complaints"] = (sum(r.has("praise") for r in complaints)  # as signals count
                                   / max(len(complaints), 1),)
    return out


def table(name: str, per_author: dict[str, list[tuple[LabelledMessage, MessageAnalysis]]],
          ) -> None:
    """Markdown rows: per language, mean over authors and (worst author)."""
    for lang in ("en", "pl"):
        rows = [figures([(m, r) for m, r in pairs if m.lang == lang])
                for pairs in per_author.values()]
        cells = []
        for col in COLUMNS:
            values = np.array([row[col] for row in rows])
            mean = values.mean(axis=0)
            worst = values.max(axis=0) if col == "praise on complaints" else values.min(axis=0)
            pct = col == "praise on complaints"
            fmt = (lambda v: f"{v:.1%}") if pct else (lambda v: f"{v:.2f}") \
                if "/" in col else (lambda v: f"{v:.3f}")
            cells.append("/".join(fmt(v) for v in mean) + " ("
                         + "/".join(fmt(v) for v in worst) + ")")
        print(f"| {name} | {lang} | " + " | ".join(cells) + " |")


def author_rows(name: str,
                per_author: dict[str, list[tuple[LabelledMessage, MessageAnalysis]]]) -> None:
    """Markdown rows: one per author and language, the columns of PER_AUTHOR."""
    for author, pairs in per_author.items():
        for lang in ("en", "pl"):
            row = figures([(m, r) for m, r in pairs if m.lang == lang])
            print(f"| {name} | {author} | {lang} | " + " | ".join(
                "/".join(f"{v:.2f}" for v in row[col]) for col in PER_AUTHOR) + " |")


def main(kinds: Sequence[str] = ("bag", "use")) -> None:
    cats = category_data("bag")
    items = [(m.subject, m.body, m.lang, m.direction) for m in cats.messages]
    authors = sorted(set(cats.authors))
    print("Leave-one-author-out on the blind tuning split and authors "
          f"{', '.join(NEXT_AUTHORS)} (authors {', '.join(authors)}; {len(items)} messages): "
          "mean over held-out authors (worst author in brackets)\n")
    print("| reader | lang | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    table("default (rules)", {a: [(cats.messages[i], cats.base[i])
                                  for i in np.flatnonzero(cats.authors == a)] for a in authors})
    others = unseen()
    other_items = [(m.subject, m.body, m.lang, m.direction) for m in others]
    rows: list[tuple[str, dict]] = []
    for kind in kinds:
        own = cats if kind == "bag" else category_data(kind)
        heads = {a: fit_categories(own, own.authors != a) for a in authors}
        data, base, vectors = encoded(kind)
        enc = subword_bag() if kind == "bag" else None
        per_author = {}
        for a in authors:
            train = np.array([i for i, g in enumerate(data.groups) if g != f"blind:{a}"])
            reader = ReaderAnalyzer(head=fit(base, vectors, data, train, kind), kind=kind,
                                    categories=heads[a], encoder=enc)
            held = np.flatnonzero(cats.authors == a)
            read = reader.analyze_many([items[i] for i in held])
            per_author[a] = [(cats.messages[i], r) for i, r in zip(held, read, strict=True)]
        name = "reader" if kind == "bag" else f"reader-{kind}"
        table(name, per_author)
        rows.append((name, per_author))
        if others:
            full = ReaderAnalyzer(head=fit(base, vectors, data, np.arange(len(data.items)),
                                           kind), kind=kind, categories=fit_categories(own),
                                  encoder=enc)
            read = full.analyze_many(other_items)
            never = {}
            for m, r in zip(others, read, strict=True):
                never.setdefault(m.id.split("-", 1)[0], []).append((m, r))
            table(f"{name}, authors never learned from", never)
            rows.append((f"{name} (never learned from)", never))
    print("\nPer held-out author:\n")
    print("| reader | author | lang | " + " | ".join(PER_AUTHOR) + " |")
    print("|---" * (len(PER_AUTHOR) + 3) + "|")
    for name, per_author in rows:
        author_rows(name, per_author)
