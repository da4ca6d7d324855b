"""Plain, frozen values shared by every stage of the pipeline: decisions, reasons, evidence,
windows, friction findings and assessments. No I/O here. (Stored records travel as plain rows;
their columns are the store's schema and docs/bundle.md.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Decision(StrEnum):
    KEEP = "KEEP"
    RESET = "RESET"
    REASSIGN = "REASSIGN"
    RECOVER = "RECOVER"
    RENEGOTIATE = "RENEGOTIATE"
    RELEASE = "RELEASE"
    WATCH = "WATCH"


class EvidenceKind(StrEnum):
    INVOICE = "invoice"
    PAYMENT = "payment"
    TIME_ENTRY = "time_entry"
    MESSAGE = "message"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class EvidenceRef:
    """A pointer to one stored record that supports a reason."""

    kind: EvidenceKind
    record_id: str


@dataclass(frozen=True)
class Reason:
    """One plain-language reason, the metric values it rests on, and its evidence."""

    code: str
    text: str
    metrics: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class Window:
    """The days signals are computed over: `start` to `as_of`, both included."""

    start: date
    as_of: date

    def __post_init__(self) -> None:
        if self.start > self.as_of:
            raise ValueError(f"window start {self.start} is after its end {self.as_of}")


@dataclass(frozen=True)
class Assessment:
    client_id: str
    client_name: str
    owner: str | None
    decision: Decision
    confidence: float
    reasons: tuple[Reason, ...]
    metrics: dict[str, Any]
    policy_version: str
    window: Window
    override: Override | None = None

    @property
    def effective_decision(self) -> Decision:
        """What people decided: the override if there is one, else the computed decision."""
        return self.override.decision if self.override else self.decision


@dataclass(frozen=True)
class Override:
    """A person's decision in place of the computed one, with the recorded reason."""

    decision: Decision
    reason: str
    actor: str
    created_at: datetime
    original_decision: Decision | None = None


@dataclass(frozen=True)
class PairFriction:
    """Friction of one (client, staff member) pair from the attribution model (recent period)."""

    staff_id: str
    effect: float  # pair effect alone, in share-of-negative-messages units
    staff_effect: float  # the staff member's friction with clients in general
    excess: float  # staff effect + pair effect: friction of this pair beyond the client's own
    lower: float  # interval of `excess`
    upper: float
    messages: int
    negative_share: float | None  # share of this pair's inbound messages that were negative
    flagged: bool  # the interval of `excess` excludes zero
    earlier_effect: float | None = None  # the pair's own effect before the recent period
    earlier_lower: float | None = None  # lower bound of its excess friction then
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class Count:
    """`hits` of `n` messages (friction, hostility, ...): a share with its sample size."""

    hits: int = 0
    n: int = 0

    @property
    def share(self) -> float | None:
        return self.hits / self.n if self.n else None


@dataclass(frozen=True)
class SoftCount:
    """The reader's probabilities of one category summed over `n` messages: `expected` is the
    expected number of messages carrying it, `squares` the sum of the squared probabilities;
    `logits` and `logit_squares` the same of their log-odds (a probability read on the scale
    the reader's head scores on, where 0.02 -> 0.12 is as large a step as 0.12 -> 0.45).
    Messages without a probability (analysed before it was stored) are not among the `n`."""

    expected: float = 0.0
    squares: float = 0.0
    n: int = 0
    logits: float = 0.0
    logit_squares: float = 0.0

    @property
    def mean(self) -> float | None:
        return self.expected / self.n if self.n else None

    @property
    def mean_logit(self) -> float | None:
        return self.logits / self.n if self.n else None

    def __add__(self, other: SoftCount) -> SoftCount:
        return SoftCount(self.expected + other.expected, self.squares + other.squares,
                         self.n + other.n, self.logits + other.logits,
                         self.logit_squares + other.logit_squares)

    def __sub__(self, other: SoftCount) -> SoftCount:
        if other.n >= self.n:
            return SoftCount()
        return SoftCount(max(self.expected - other.expected, 0.0),
                         max(self.squares - other.squares, 0.0), self.n - other.n,
                         self.logits - other.logits,
                         max(self.logit_squares - other.logit_squares, 0.0))


@dataclass(frozen=True)
class ToneRanks:
    """The reader's tone scores of `n` messages ranked against `m` others (Mann-Whitney):
    `colder` is the number of (message, other) comparisons in which the message is the colder,
    ties counted half; `mean` and `other_mean` are the two groups' mean tone scores."""

    colder: float = 0.0
    n: int = 0
    m: int = 0
    mean: float = 0.0
    other_mean: float = 0.0

    @property
    def share(self) -> float | None:
        """Of all comparisons, the share in which the message was the colder."""
        return self.colder / (self.n * self.m) if self.n and self.m else None


@dataclass(frozen=True)
class PairCounts:
    """"Is it just me?" in counts, for one staff member working with one client: the client's
    inbound messages to them with friction, against its messages to the colleagues and against
    this person's messages from their other clients (recent period; `earlier_*`: the history
    period before it, `reset.history_days` long). `personal*` count the messages about the
    person (complaint_person) rather than any friction."""

    staff_id: str
    pair: Count
    others: Count  # the client's messages to everyone else
    staff_others: Count  # this staff member's messages from their other clients
    earlier_pair: Count = Count()
    earlier_others: Count = Count()
    earlier_staff_others: Count = Count()
    personal: Count = Count()  # messages to this person about the person (complaint_person)
    evidence: tuple[EvidenceRef, ...] = ()  # the pair's friction messages (recent)
    window_pair: Count = Count()  # the same three over the whole window
    window_others: Count = Count()
    window_staff_others: Count = Count()
    # messages about the person: the pair in the history period and over recent + history
    # (the span), the client's to the colleagues over the span, the person's from their
    # other clients over the whole window (the person's own norm)
    history_personal: Count = Count()
    span_personal: Count = Count()
    colleagues_personal: Count = Count()
    staff_others_personal: Count = Count()
    personal_evidence: tuple[EvidenceRef, ...] = ()  # the pair's messages about the person
    staff_curt: Count = Count()  # this person's curt replies, of all their replies (window)
    # the pair's messages over the window in time order: (sent at, 0 calm / 1 friction / 2 about
    # the person), for when the personal friction began (assessment.onset)
    timeline: tuple[tuple[datetime, int], ...] = ()
    # the tone scores of the pair's messages over recent + history (the span) against the same
    # client's messages to the colleagues over the span, and against this person's messages
    # from their other clients over the window
    tone_vs_colleagues: ToneRanks = ToneRanks()
    tone_vs_staff_others: ToneRanks = ToneRanks()
    # the reader's probability that a message is about the person (complaint_person), summed
    # (the soft counts, `assessment.soft_counts`): the pair's recent and history periods, the
    # client's to the colleagues over the span, this person's from their other clients
    # (window); n = 0 when the analyses carry no probabilities
    soft_personal: SoftCount = SoftCount()
    soft_history_personal: SoftCount = SoftCount()
    soft_colleagues_personal: SoftCount = SoftCount()
    soft_staff_others_personal: SoftCount = SoftCount()


@dataclass(frozen=True)
class FrictionCounts:
    """The counts the "whose friction is it?" rules judge, for one client."""

    pairs: tuple[PairCounts, ...]  # largest recent pair share first
    client: Count  # all the client's inbound messages with a staff member (recent)
    portfolio: Count  # every client's (recent): the norm
    hostile: Count  # the client's hostile or threatening messages (whole window)
    hostile_staff: int = 0  # staff members who received at least one of them
    labels: str = "old"  # "new": complaint_person / hostile labels were read; "old": not
    window_client: Count = Count()  # `client` and `portfolio` over the whole window
    window_portfolio: Count = Count()
    portfolio_personal: Count = Count()  # messages about a person across the portfolio (window)
    portfolio_curt: Count = Count()  # curt replies of all staff, of all replies (window)
    recent_start: datetime | None = None  # the start of the recent period the counts used
    soft_portfolio_personal: SoftCount = SoftCount()  # every pair's soft count (window)


@dataclass(frozen=True)
class FrictionFindings:
    """Whose friction it is, for one client: its own, a staff member's, or a pair's."""

    client_effect: float | None = None
    client_lower: float | None = None
    client_flagged: bool = False
    pairs: tuple[PairFriction, ...] = ()
    others_negative_share: float | None = None  # with everyone but the worst pair's staff
    best_colleague: str | None = None
    flagged_staff: tuple[str, ...] = ()  # staff on this client with a flagged staff effect
    counts: FrictionCounts | None = None
