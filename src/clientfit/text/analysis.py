"""The result of analysing one message, and the interface every analyzer implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

# Schema 1 labels, still in `MessageAnalysis.labels` so nothing downstream breaks.
LABELS: tuple[str, ...] = ("complaint", "threat", "demand", "praise", "apology", "question")
# Schema 2: the categories the decisions need, in `MessageAnalysis.categories`
# (docs/communication.md defines each one).
SCHEMA_VERSION: int = 2
COMPLAINT_SERVICE = "complaint_service"  # slowness, missed deadlines, errors in our work
COMPLAINT_PERSON = "complaint_person"  # the staff member: attitude, not listening, promises
HOSTILE = "hostile"  # abuse, insults, contempt
THREAT = "threat"  # first-person intent: leave, lawyer, bad review, your boss
DEMAND = "demand"  # discount, free work, special treatment, urgency
SCOPE_REQUEST = "scope_request"  # work beyond or different from what was agreed
PRAISE = "praise"  # genuine praise or thanks (not politeness formulas, not sarcasm)
QUESTION = "question"  # asks something that needs an answer
APOLOGY = "apology"  # (our replies) we apologise or own a mistake
CURT = "curt"  # (our replies) short, dismissive, cold
DEFENSIVE = "defensive"  # (our replies) deflects blame, justifies, blames the client
# Categories of the client's messages (direction "in") and of ours ("out").
CATEGORIES_IN: tuple[str, ...] = (COMPLAINT_SERVICE, COMPLAINT_PERSON, HOSTILE, THREAT, DEMAND,
                                  SCOPE_REQUEST, PRAISE, QUESTION)
CATEGORIES_OUT: tuple[str, ...] = (APOLOGY, CURT, DEFENSIVE)
CATEGORIES: tuple[str, ...] = CATEGORIES_IN + CATEGORIES_OUT
# The categories whose probability the `reader` analyzers keep with the analysis (stored, and
# summed per pair by the assessment: the soft counts of "is it just me?").
PROBABILITY_CATEGORIES: tuple[str, ...] = (COMPLAINT_SERVICE, COMPLAINT_PERSON, HOSTILE, THREAT)
# The schema 1 label each category also sets (hostile and our replies' curt/defensive set none).
LEGACY_LABEL: dict[str, str] = {
    COMPLAINT_SERVICE: "complaint", COMPLAINT_PERSON: "complaint", THREAT: "threat",
    DEMAND: "demand", SCOPE_REQUEST: "demand", PRAISE: "praise", QUESTION: "question",
    APOLOGY: "apology"}
TONES: tuple[str, ...] = ("negative", "neutral", "positive")
# Sub-kinds reported in `MessageAnalysis.kinds`.
THREAT_KINDS: tuple[str, ...] = ("manager", "legal", "review", "cancel")
DEMAND_KINDS: tuple[str, ...] = ("discount", "special", "urgency", "scope")


@dataclass(frozen=True)
class MessageAnalysis:
    """Language, tone and labels of one message, each label with the words that triggered it.

    - `lang`: "en", "pl" or "other".
    - `tone_score`: in [-1, 1]; `tone`: "negative" | "neutral" | "positive".
    - `labels`: schema 1 labels, drawn from LABELS, in that order.
    - `categories`: schema 2 categories, drawn from CATEGORIES, in that order: CATEGORIES_IN
      for a client's message (direction "in"), CATEGORIES_OUT and QUESTION for ours ("out"),
      any of them when the direction is not known.
    - `evidence`: label or category -> the words or phrases (quoted from the message) behind
      it; every label and category has at least one entry. Key "tone" lists the words that
      moved the tone score most.
    - `kinds`: "threat" -> kinds from THREAT_KINDS, "demand" -> kinds from DEMAND_KINDS.
    - `questions`: the question sentences of the author's own text (for repeated questions).
    - `text`: the author's own text that was scored (quotes, signature and footer removed).
    - `probabilities`: category -> the learned head's probability of it (the `reader`
      analyzers, for PROBABILITY_CATEGORIES; empty for the rules alone), whatever the
      threshold decided: summed over many messages, a low probability still counts.
    """

    lang: str
    tone: str
    tone_score: float
    labels: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    questions: tuple[str, ...] = ()
    text: str = ""
    categories: tuple[str, ...] = ()
    probabilities: dict[str, float] = field(default_factory=dict)

    def has(self, label: str) -> bool:
        """Whether the message carries `label`, a schema 1 label or a schema 2 category."""
        return label in self.labels or label in self.categories

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "tone": self.tone,
            "tone_score": round(self.tone_score, 4),
            "labels": list(self.labels),
            "schema": SCHEMA_VERSION,
            "categories": list(self.categories),
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
