"""Reason codes: each is documented in docs/policy.md (a test checks that it is)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clientfit.domain import EvidenceRef, Reason

REASON_CODES: dict[str, str] = {
    "TOO_LITTLE_DATA": "too little history to decide",
    "LOSS_MAKING": "the relationship costs more to serve than it brings in",
    "THIN_MARGIN": "margin below the renegotiation floor",
    "BELOW_KEEP_MARGIN": "margin above the renegotiation floor but below what KEEP needs",
    "EFFORT_ABOVE_REVENUE": "hours per 1,000 of net revenue far above the portfolio median",
    "HIGH_NONBILLABLE": "a large share of the hours could not be billed",
    "BIG_CLIENT_PAYS_LATE": "a large, profitable client that pays late (KEEP, plan cash)",
    "UNBILLED_WORK": "far more of the hours go unbilled than with a typical client",
    "SCOPE_REQUESTS": "repeated requests to change or extend the work within the same budget",
    "PAYS_LATE": "pays late (amount-weighted)",
    "PAYING_LATER": "a healthy client lately paying later than before (WATCH; on a KEEP: leaving)",
    "OVERDUE_BALANCE": "money past due and unpaid",
    "MISSED_MILESTONES": "milestones we delivered late or not at all",
    "LARGE_CLIENT": "a large share of portfolio net revenue (big is not automatically good)",
    "HEALTHY_MARGIN": "a healthy margin",
    "PAYS_ON_TIME": "pays on time",
    "MIXED_SIGNALS": "neither healthy enough to keep nor bad enough to act on",
    "PROBABLY_LOST": "a project client that has probably stopped buying (P(alive) low)",
    "THREATS": "threats or escalations from the client (manager, lawyer, bad review, leaving)",
    "RECENT_COMPLAINTS": "complaints in the recent period",
    "SLOW_REPLIES": "our first replies were slow recently",
    "UNANSWERED": "client messages we left without a reply",
    "PAIR_FRICTION": "friction concentrated in one client-staff pair",
    "PERSONAL_COMPLAINTS": "many of the client's messages to one person are about that person, "
                           "far more than that person's other clients write about them",
    "PERSONAL_TURN": "a recent turn against one person: messages about that person and the "
                     "pair's friction above its own past and the colleagues, read together",
    "PERSONAL_MISMATCH": "a mismatch with one person over months: messages about that person "
                         "and the pair's friction above the colleagues', read together",
    "PERSONAL_TONE": "a mismatch with one person over months in the tone of every message: "
                     "colder to that person than to the colleagues and than that person's "
                     "other clients' messages",
    "PERSONAL_EXPECTED": "a mismatch with one person on soft counts: the reader's probabilities "
                         "that the messages are about that person, summed, above that "
                         "person's other clients' and the colleagues'",
    "PAIR_FRICTION_PERSISTENT": "the pair friction predates the recent period",
    "PAIR_FRICTION_RECENT": "the pair friction is recent",
    "BEST_FIT_COLLEAGUE": "the colleague with the lowest expected friction",
    "DIFFICULT_WITH_EVERYONE": "the client's own friction is high with everyone",
    "STAFF_FRICTION": "a staff member has friction with many clients (a coaching note)",
    "FRICTION_COMPARISON": "the client's friction with one person, the colleagues, and that "
                           "person's other clients, in counts",
    "HOSTILE_WITH_EVERYONE": "hostile or threatening messages to several staff members",
    "HOSTILE_BUT_PROFITABLE": "abusive with several staff members but profitable and paying on "
                              "time (KEEP, set boundaries; WATCH when the economics are short "
                              "of a KEEP)",
    "OUR_APOLOGIES": "we apologised to the client more often than to a typical client",
    "CHURN_RISK": "a retainer likely to leave within the horizon (Cox model on past churn)",
}


def money(minor: int | float, currency: str) -> str:
    """1234567 EUR -> 'EUR 12,345.67' (locale-aware formatting belongs to the surfaces)."""
    return f"{currency} {minor / 100:,.2f}"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def reason(code: str, text: str, metrics: dict[str, Any],
           evidence: Iterable[EvidenceRef] = ()) -> Reason:
    if code not in REASON_CODES:
        raise KeyError(f"undocumented reason code {code!r}")
    return Reason(code=code, text=text, metrics=metrics, evidence=tuple(evidence))
