"""The result of analysing one message, and the interface every analyzer implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

LABELS: tuple[str, ...] = ("complaint", "threat", "demand", "praise", "apology", "question")
TONES: tuple[str, ...] = ("negative", "neutral", "positive")
# Sub-kinds reported in `MessageAnalysis.kinds`.
THREAT_KINDS: tuple[str, ...] = ("manager", "legal", "review", "cancel")
DEMAND_KINDS: tuple[str, ...] = ("discount", "special", "urgency", "scope")


@dataclass(frozen=True)
class MessageAnalysis:
    """Language, tone and labels of one message, each label with the words that triggered it.

    - `lang`: "en", "pl" or "other".
    - `tone_score`: in [-1, 1]; `tone`: "negative" | "neutral" | "positive".
    - `labels`: drawn from LABELS, in that order.
    - `evidence`: label -> the words or phrases (quoted from the message) behind it; every label
      has at least one entry. Key "tone" lists the words that moved the tone score most.
    - `kinds`: "threat" -> kinds from THREAT_KINDS, "demand" -> kinds from DEMAND_KINDS.
    - `questions`: the question sentences of the author's own text (for repeated questions).
    - `text`: the author's own text that was scored (quotes, signature and footer removed).
    """

    lang: str
    tone: str
    tone_score: float
    labels: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    questions: tuple[str, ...] = ()
    text: str = ""

    def has(self, label: str) -> bool:
        return label in self.labels

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "tone": self.tone,
            "tone_score": round(self.tone_score, 4),
            "labels": list(self.labels),
            "evidence": {k: list(v) for k, v in self.evidence.items()},
            "kinds": {k: list(v) for k, v in self.kinds.items()},
        }


@runtime_checkable
class Analyzer(Protocol):
    """Anything that turns a message into a MessageAnalysis."""

    name: str

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        """Analyse one message. A given `lang` ("en", "pl", "other") is used instead of
        detecting it; `direction` is "in" (from the client) or "out" (ours). An analyzer may
        also offer `analyze_many(items)` over (subject, body, lang, direction) tuples."""
        ...
