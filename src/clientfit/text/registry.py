"""Analyzers by name: "default" (lexicon and rules), "embeddings" and "reader" (the rules
read first, learned heads decide tone and categories; both need the `embeddings` extra)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from clientfit.text.analysis import Analyzer

ANALYZERS: dict[str, Callable[[], Analyzer]] = {}


def register(name: str, factory: Callable[[], Analyzer]) -> None:
    """Make an analyzer available to `get_analyzer(name)`."""
    ANALYZERS[name] = factory


def _default() -> Analyzer:
    from clientfit.text.default import DefaultAnalyzer

    return DefaultAnalyzer()


def _embeddings() -> Analyzer:
    from clientfit.text.embeddings import EmbeddingAnalyzer

    return EmbeddingAnalyzer()


def _reader() -> Analyzer:
    from clientfit.text.reader import ReaderAnalyzer

    return ReaderAnalyzer()


def _reader_use() -> Analyzer:
    from clientfit.text.reader import ReaderAnalyzer

    return ReaderAnalyzer(kind="use")


register("default", _default)
register("embeddings", _embeddings)
register("reader", _reader)
register("reader-use", _reader_use)


@lru_cache(maxsize=8)
def get_analyzer(name: str = "default") -> Analyzer:
    """The analyzer called `name`; raises ValueError listing the valid names.
    "embeddings:PATH" is the embeddings analyzer with the head file at PATH."""
    if name.startswith("embeddings:"):  # a head trained by `clientfit text train-head`
        from clientfit.text.embeddings import EmbeddingAnalyzer

        return EmbeddingAnalyzer(head=name.split(":", 1)[1])
    if name not in ANALYZERS:
        raise ValueError(f"unknown analyzer {name!r}; valid: {', '.join(sorted(ANALYZERS))}")
    return ANALYZERS[name]()
