"""The kinds of client relationship the demo plants, and the decision each one should get."""

from __future__ import annotations

from dataclasses import dataclass

from clientfit.domain import Decision


@dataclass(frozen=True)
class Archetype:
    name: str
    expected: Decision | None  # None: the relationship ended, nothing to decide
    description: str
    markup: tuple[float, float]  # revenue / cost-to-serve, drawn once per client
    monthly_hours: tuple[float, float]
    nonbillable_share: float
    days_late: tuple[int, int]  # drawn per invoice, relative to the due date
    unpaid_share: float  # share of invoices of the last 4 months never paid
    inbound_per_month: tuple[int, int]
    # message mix of inbound messages: category -> weight
    mix: tuple[tuple[str, float], ...]
    late_milestone_share: float = 0.02
    hours_ramp: float = 1.0  # hours at the end / hours at the start (scope creep)
    weight: float = 0.0  # share among the clients beyond the guaranteed ones


CALM = (("question", 0.55), ("info", 0.25), ("praise", 0.15), ("complaint", 0.05))

ARCHETYPES: dict[str, Archetype] = {a.name: a for a in (
    Archetype("steady", Decision.KEEP, "healthy, profitable, pays on time",
              (1.9, 2.4), (18, 40), 0.10, (-6, 3), 0.0, (1, 3), CALM, weight=0.46),
    Archetype("star", Decision.KEEP, "very profitable, pays early, warm",
              (2.6, 3.1), (25, 50), 0.06, (-7, 0), 0.0, (1, 3),
              (("praise", 0.40), ("question", 0.40), ("info", 0.20)), weight=0.10),
    Archetype("scope_creep", Decision.RENEGOTIATE,
              "fixed fee while the hours keep growing: effort far above revenue",
              (1.5, 1.7), (20, 35), 0.30, (0, 8), 0.0, (2, 4),
              (("scope", 0.35), ("question", 0.30), ("discount", 0.10), ("complaint", 0.10),
               ("info", 0.15)), hours_ramp=1.8, weight=0.08),
    Archetype("whale_thin_margin", Decision.RENEGOTIATE,
              "the biggest revenue in the book, at a price that barely covers the cost",
              (0.95, 1.05), (160, 220), 0.15, (0, 12), 0.0, (2, 4),
              (("question", 0.45), ("discount", 0.20), ("urgent", 0.15), ("complaint", 0.10),
               ("info", 0.10)), weight=0.03),
    Archetype("toxic_loss", Decision.RELEASE,
              "loses money, pays very late, abusive with everyone",
              (0.62, 0.78), (20, 40), 0.35, (45, 110), 0.5, (3, 6),
              (("complaint", 0.30), ("threat", 0.22), ("discount", 0.20), ("urgent", 0.15),
               ("question", 0.13)), weight=0.05),
    Archetype("newcomer", Decision.WATCH, "started in the last two months: too little data",
              (1.9, 2.4), (15, 30), 0.10, (-3, 3), 0.0, (2, 4), CALM, weight=0.06),
    Archetype("pair_mismatch_recent", Decision.RESET,
              "friction with the account owner only, for the last three months; "
              "fine with the other colleague",
              (1.9, 2.3), (20, 35), 0.10, (-2, 6), 0.0, (2, 4), CALM, weight=0.04),
    Archetype("pair_mismatch_persistent", Decision.REASSIGN,
              "friction with the account owner only, for over a year; fine with the colleague",
              (1.9, 2.3), (20, 35), 0.10, (-2, 6), 0.0, (2, 4), CALM, weight=0.03),
    Archetype("service_failure", Decision.RECOVER,
              "our slow replies and missed milestones, with rising complaints, lately",
              (1.9, 2.3), (20, 40), 0.12, (-2, 6), 0.0, (2, 4), CALM,
              weight=0.06),
    Archetype("churned", None,
              "left us during the period after complaints and slow replies (history only)",
              (1.8, 2.3), (15, 35), 0.12, (0, 10), 0.0, (1, 3), CALM, weight=0.09),
    # Former clients (series F, beyond the current book): the portfolio's own history of
    # ended retainers that the churn model learns from, and a few about to leave.
    Archetype("former_retainer", None,
              "a retainer that left during the period after months of worse tone, later "
              "payments or our slipping service (history only)",
              (1.8, 2.4), (15, 35), 0.10, (-5, 4), 0.0, (1, 3), CALM),
    Archetype("leaving_retainer", Decision.KEEP,
              "healthy and profitable, but for the last months its tone has soured and its "
              "payments slipped: likely to leave soon (CHURN_RISK on a KEEP)",
              (1.9, 2.4), (15, 35), 0.10, (-5, 4), 0.0, (1, 3), CALM),
)}

# Planted once each (in this order) before the weighted draw fills the rest.
GUARANTEED: tuple[str, ...] = (
    "star", "steady", "scope_creep", "whale_thin_margin", "toxic_loss", "newcomer",
    "pair_mismatch_recent", "pair_mismatch_persistent", "service_failure", "churned",
)

FORMER_SHARE = 4  # one former client (series F) for every 4 clients of the current book
LEAVING_EVERY = 5  # every 5th former client has not left yet: it is leaving (still active)


def former_plan(count: int) -> list[str]:
    """Archetypes of the former-client series F: ended retainers, every 5th one still leaving."""
    return ["leaving_retainer" if k % LEAVING_EVERY == LEAVING_EVERY - 1 else "former_retainer"
            for k in range(count)]
