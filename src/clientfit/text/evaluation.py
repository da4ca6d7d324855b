"""Score an analyzer against a labelled set (tests/data/text_eval, benchmarks/bench_text.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clientfit.text.analysis import CATEGORIES, LABELS, Analyzer, MessageAnalysis


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    lang: str
    subject: str
    body: str
    tone: str
    labels: frozenset[str]
    direction: str | None = None
    tags: frozenset[str] = frozenset()


def load_labelled(path: str | Path) -> list[LabelledMessage]:
    """Read a labelled JSON Lines file (fields as in tests/data/text_eval/GUIDE.md)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out.append(LabelledMessage(r["id"], r["lang"], r.get("subject", ""), r["body"],
                                           r["tone"], frozenset(r.get("labels", [])),
                                           r.get("direction"), frozenset(r.get("tags", []))))
    return out


@dataclass
class Scores:
    """Tone accuracy and per-label precision/recall over one group of messages."""

    n: int = 0
    tone_correct: int = 0
    lang_correct: int = 0
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    # Tone confusion: (gold, predicted) -> count.
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def tone_accuracy(self) -> float:
        return self.tone_correct / self.n if self.n else 0.0

    def precision(self, label: str) -> float:
        d = self.tp.get(label, 0) + self.fp.get(label, 0)
        return self.tp.get(label, 0) / d if d else 0.0

    def recall(self, label: str) -> float:
        d = self.tp.get(label, 0) + self.fn.get(label, 0)
        return self.tp.get(label, 0) / d if d else 0.0

    def f1(self, label: str) -> float:
        p, r = self.precision(label), self.recall(label)
        return 2 * p * r / (p + r) if p + r else 0.0

    def support(self, label: str) -> int:
        """Gold messages carrying `label`."""
        return self.tp.get(label, 0) + self.fn.get(label, 0)

    def add(self, gold: LabelledMessage, got: MessageAnalysis,
            labels: tuple[str, ...] = LABELS, categories: bool = False) -> None:
        """Count one message; `labels`: the categories to score (default: LABELS). With
        `categories` (gold labels of schema 2), a schema 2 category is scored by the categories
        alone: the schema 1 label of the same name can mean more (`demand` is set by
        scope_request too, `praise` by thanks the categories do not count)."""
        self.n += 1
        self.tone_correct += got.tone == gold.tone
        self.lang_correct += got.lang == gold.lang
        key = (gold.tone, got.tone)
        self.confusion[key] = self.confusion.get(key, 0) + 1
        for label in labels:
            for counts in (self.tp, self.fp, self.fn):
                counts.setdefault(label, 0)
            predicted = label in got.categories if categories and label in CATEGORIES \
                else got.has(label)
            actual = label in gold.labels
            self.tp[label] += predicted and actual
            self.fp[label] += predicted and not actual
            self.fn[label] += actual and not predicted


def evaluate(analyzer: Analyzer, messages: Iterable[LabelledMessage], give_lang: bool = False,
             ) -> tuple[dict[str, Scores], list[tuple[LabelledMessage, MessageAnalysis]]]:
    """Scores per language (and "all"), plus every (gold, analysis) pair for error listings."""
    groups: dict[str, Scores] = {}
    pairs = []
    for m in messages:
        got = analyzer.analyze(m.subject, m.body, lang=m.lang if give_lang else None,
                               direction=m.direction)
        pairs.append((m, got))
        for key in (m.lang, "all"):
            groups.setdefault(key, Scores()).add(m, got)
    return groups, pairs


def score(pairs: Iterable[tuple[LabelledMessage, MessageAnalysis]],
          labels: tuple[str, ...] = LABELS, categories: bool = False) -> dict[str, Scores]:
    """Scores per language (and "all") of (gold, analysis) pairs already made, over `labels`."""
    groups: dict[str, Scores] = {}
    for gold, got in pairs:
        for key in (gold.lang, "all"):
            groups.setdefault(key, Scores()).add(gold, got, labels, categories)
    return groups
