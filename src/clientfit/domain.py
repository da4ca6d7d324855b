"""Plain, frozen records shared by every stage of the pipeline. No I/O here."""

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
class Client:
    client_id: str
    name: str
    owner_staff_id: str | None = None
    legal_name: str | None = None
    tax_id: str | None = None
    email_domain: str | None = None
    country: str | None = None
    language: str = "en"
    currency: str = "EUR"
    kind: str = "project"
    started_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    email: str | None
    hourly_cost_minor: int
    currency: str


@dataclass(frozen=True)
class Assignment:
    client_id: str
    staff_id: str
    role: str
    start_date: date
    end_date: date | None = None


@dataclass(frozen=True)
class TimeEntry:
    entry_id: str
    client_id: str
    staff_id: str
    work_date: date
    minutes: int
    billable: bool
    description: str = ""


@dataclass(frozen=True)
class Invoice:
    invoice_id: str
    client_id: str
    number: str
    issue_date: date
    due_date: date
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class Payment:
    payment_id: str
    invoice_id: str
    paid_on: date
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class Message:
    message_id: str
    client_id: str
    staff_id: str | None
    direction: str  # "in" (from the client) or "out" (from us)
    sent_at: datetime
    channel: str = "email"
    language: str | None = None
    subject: str = ""
    body: str = ""
    thread_id: str | None = None
    in_reply_to: str | None = None


@dataclass(frozen=True)
class Milestone:
    milestone_id: str
    client_id: str
    name: str
    due_date: date
    delivered_on: date | None = None


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
