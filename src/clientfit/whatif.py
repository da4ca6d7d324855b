"""Portfolio measures and what-if: pure functions over per-client figures, no I/O.

- `health(metrics)`: a 0-1 score from payment, delivery and effort signals (docs/web.md).
- `whale_curve(figures)`: cumulative profit against clients ranked by profit, with its peak.
- `concentration(figures)`: revenue shares of the largest clients and the HHI.
- `simulate(figures, actions, staff_rates)`: release, reprice or reassign a set of clients →
  freed hours, margin change, concentration change, and the best clients that could use the
  freed capacity.

Money is in integer minor units (floats after repricing), hours in hours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

ACTIONS = ("release", "reprice", "reassign")
PRICE_CHANGE_MIN, PRICE_CHANGE_MAX = -100.0, 500.0  # percent: free of charge … six times the price
KEEP_DECISIONS = ("KEEP",)


@dataclass(frozen=True)
class ClientFigures:
    """What the what-if needs to know about one client over the assessment window."""

    client_id: str
    name: str
    owner: str | None
    decision: str
    revenue_minor: float
    cost_minor: float
    hours: float

    @property
    def margin_minor(self) -> float:
        return self.revenue_minor - self.cost_minor

    @property
    def margin_per_hour_minor(self) -> float | None:
        return self.margin_minor / self.hours if self.hours > 0 else None

    @classmethod
    def from_metrics(cls, client_id: str, name: str, owner: str | None, decision: str,
                     metrics: Mapping[str, Any]) -> ClientFigures:
        return cls(client_id, name, owner, decision,
                   float(metrics.get("revenue_minor") or 0),
                   float(metrics.get("cost_to_serve_minor") or 0),
                   float(metrics.get("hours") or 0))


# -- health -------------------------------------------------------------------------------------

HEALTH_PENALTIES: tuple[tuple[str, float], ...] = (
    # (metric, value at which the penalty is full); each penalty is min(value / full, 1)
    ("late_invoice_share", 1.0),
    ("days_late", 60.0),
    ("missed_milestone_share", 1.0),
    ("nonbillable_share", 1.0),
)


def health(metrics: Mapping[str, Any]) -> float | None:
    """1 minus the mean of the available penalties; None when no signal is available."""
    penalties = []
    for name, full in HEALTH_PENALTIES:
        value = metrics.get(name)
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            continue
        penalties.append(min(max(float(value), 0.0) / full, 1.0))
    if not penalties:
        return None
    return round(1.0 - sum(penalties) / len(penalties), 4)


# -- whale curve --------------------------------------------------------------------------------

@dataclass(frozen=True)
class WhalePoint:
    rank: int
    client_id: str
    profit_minor: float
    cumulative_minor: float
    clients_pct: float  # share of clients up to this rank, in percent


@dataclass(frozen=True)
class WhaleCurve:
    points: tuple[WhalePoint, ...]
    total_minor: float
    peak_minor: float
    peak_rank: int  # clients 1..peak_rank earn the peak
    top_pct: float  # N: percent of clients up to the peak
    top_earn_pct: float | None  # X: the peak as a percent of total profit
    bottom_pct: float  # M: percent of clients that lose money
    bottom_lose_pct: float | None  # Y: what they lose, as a percent of total profit
    clients: int = 0
    earners: int = 0  # clients with a positive margin
    losers: int = 0  # clients with a negative margin
    top20_count: int = 0  # the most profitable fifth of the clients (at least one)
    top20_earn_pct: float | None = None  # what they earn, as a percent of total profit

    def as_dict(self) -> dict[str, Any]:
        return {
            "total_minor": self.total_minor, "peak_minor": self.peak_minor,
            "peak_rank": self.peak_rank, "top_pct": self.top_pct,
            "top_earn_pct": self.top_earn_pct, "bottom_pct": self.bottom_pct,
            "bottom_lose_pct": self.bottom_lose_pct, "clients": self.clients,
            "earners": self.earners, "losers": self.losers, "top20_count": self.top20_count,
            "top20_earn_pct": self.top20_earn_pct,
            "points": [p.__dict__ for p in self.points],
        }


def whale_curve(figures: Sequence[ClientFigures]) -> WhaleCurve:
    """Clients ranked by profit, most profitable first; the peak is the highest cumulative
    profit. "The top N% of clients earn X% of profit; the bottom M% lose Y%."""
    ranked = sorted(figures, key=lambda f: (-f.margin_minor, f.client_id))
    count = len(ranked)
    points: list[WhalePoint] = []
    running = 0.0
    peak, peak_rank = 0.0, 0
    for rank, item in enumerate(ranked, start=1):
        running += item.margin_minor
        points.append(WhalePoint(rank, item.client_id, item.margin_minor, running,
                                 round(100.0 * rank / count, 2)))
        if running > peak:
            peak, peak_rank = running, rank
    total = running
    losers = sum(1 for item in ranked if item.margin_minor < 0)
    earners = sum(1 for item in ranked if item.margin_minor > 0)
    positive_total = total > 0
    top20 = max(1, math.ceil(count / 5)) if count else 0
    top20_profit = points[top20 - 1].cumulative_minor if top20 else 0.0
    return WhaleCurve(
        points=tuple(points), total_minor=total, peak_minor=peak, peak_rank=peak_rank,
        top_pct=round(100.0 * peak_rank / count, 1) if count else 0.0,
        top_earn_pct=round(100.0 * peak / total, 1) if positive_total else None,
        bottom_pct=round(100.0 * losers / count, 1) if count else 0.0,
        bottom_lose_pct=round(100.0 * (peak - total) / total, 1) if positive_total else None,
        clients=count, earners=earners, losers=losers, top20_count=top20,
        top20_earn_pct=round(100.0 * top20_profit / total, 1) if positive_total else None,
    )


# -- concentration ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Concentration:
    hhi: float  # Σ (share in percent)², 0..10,000
    top_shares: dict[int, float]  # n -> share of revenue of the n largest clients (0..1)
    largest: tuple[tuple[str, float], ...]  # (client_id, share) of the 10 largest
    effective_clients: float | None  # 10,000 / HHI: as concentrated as this many equal clients

    def as_dict(self) -> dict[str, Any]:
        return {"hhi": self.hhi, "top_shares": {str(k): v for k, v in self.top_shares.items()},
                "largest": [{"client_id": c, "share": s} for c, s in self.largest],
                "effective_clients": self.effective_clients}


def concentration(figures: Iterable[ClientFigures], tops: Sequence[int] = (1, 5, 10)
                  ) -> Concentration:
    """Revenue concentration; negative revenue (credit notes) counts as 0, as revenue_share."""
    revenue = sorted(((f.client_id, max(f.revenue_minor, 0.0)) for f in figures),
                     key=lambda item: (-item[1], item[0]))
    total = sum(value for _, value in revenue)
    if total <= 0:
        return Concentration(0.0, {n: 0.0 for n in tops}, (), None)
    shares = [(client_id, value / total) for client_id, value in revenue]
    hhi = sum((share * 100) ** 2 for _, share in shares)
    return Concentration(
        hhi=round(hhi, 1),
        top_shares={n: round(sum(s for _, s in shares[:n]), 4) for n in tops},
        largest=tuple((c, round(s, 4)) for c, s in shares[:10]),
        effective_clients=round(10_000 / hhi, 1) if hhi else None,
    )


# -- what-if ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    """`release` a client, `reprice` it by `percent` (+10 = 10% more revenue, same hours), or
    `reassign` its hours to staff member `to_staff` (at that person's cost rate)."""

    client_id: str
    kind: str
    percent: float = 0.0
    to_staff: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ACTIONS:
            raise ValueError(f"unknown action {self.kind!r}; valid: {', '.join(ACTIONS)}")
        if self.kind == "reassign" and not self.to_staff:
            raise ValueError("reassign needs the staff member to move the client to")
        if not (math.isfinite(self.percent)
                and PRICE_CHANGE_MIN <= self.percent <= PRICE_CHANGE_MAX):
            raise ValueError(f"a price change must be a number from {PRICE_CHANGE_MIN:g}% to "
                             f"+{PRICE_CHANGE_MAX:g}%, not {self.percent!r}")


@dataclass(frozen=True)
class Totals:
    revenue_minor: float
    cost_minor: float
    margin_minor: float
    hours: float
    hhi: float
    top_shares: dict[int, float]


@dataclass
class WhatIf:
    before: Totals
    after: Totals
    freed_hours: float  # hours no longer spent on any client
    hours_by_staff: dict[str, float]  # change of hours per staff member (owner approximation)
    margin_change_minor: float
    hhi_change: float
    lines: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def margin_change_pct(self) -> float | None:
        base = self.before.margin_minor
        return round(100.0 * self.margin_change_minor / abs(base), 2) if base else None

    def as_dict(self) -> dict[str, Any]:
        def totals(t: Totals) -> dict[str, Any]:
            return {**t.__dict__, "top_shares": {str(k): v for k, v in t.top_shares.items()}}
        return {"before": totals(self.before), "after": totals(self.after),
                "freed_hours": self.freed_hours, "hours_by_staff": self.hours_by_staff,
                "margin_change_minor": self.margin_change_minor,
                "margin_change_pct": self.margin_change_pct, "hhi_change": self.hhi_change,
                "lines": self.lines, "candidates": self.candidates}


def _totals(figures: Sequence[ClientFigures]) -> Totals:
    measure = concentration(figures)
    revenue = sum(f.revenue_minor for f in figures)
    cost = sum(f.cost_minor for f in figures)
    return Totals(round(revenue, 2), round(cost, 2), round(revenue - cost, 2),
                  round(sum(f.hours for f in figures), 2), measure.hhi, measure.top_shares)


def simulate(
    figures: Sequence[ClientFigures], actions: Sequence[Action],
    staff_rates: Mapping[str, float] | None = None, *, candidates: int = 5,
) -> WhatIf:
    """Apply the actions to the portfolio and compare before and after.

    Reassigning moves all the client's hours to `to_staff` at its hourly cost rate (minor units
    per hour, from `staff_rates`); the hours are attributed to the client's owner before.
    The candidates are the remaining KEEP clients with the highest margin per hour: what each
    would add if all freed hours went to it at its current margin per hour.
    """
    staff_rates = staff_rates or {}
    by_id = {f.client_id: f for f in figures}
    seen: set[str] = set()
    for action in actions:
        if action.client_id not in by_id:
            raise KeyError(f"no client {action.client_id!r} in the portfolio")
        if action.client_id in seen:
            raise ValueError(f"client {action.client_id!r} has more than one action")
        seen.add(action.client_id)
        if action.kind == "reassign" and action.to_staff not in staff_rates:
            raise ValueError(f"no cost rate for staff member {action.to_staff!r}")
    after = dict(by_id)
    lines: list[dict[str, Any]] = []
    hours_by_staff: dict[str, float] = {}
    freed = 0.0

    def move(staff: str | None, hours: float) -> None:
        key = staff or "-"
        hours_by_staff[key] = round(hours_by_staff.get(key, 0.0) + hours, 2)

    for action in actions:
        item = by_id[action.client_id]
        if action.kind == "release":
            del after[item.client_id]
            freed += item.hours
            move(item.owner, -item.hours)
            change = -item.margin_minor
        elif action.kind == "reprice":
            new_revenue = item.revenue_minor * (1 + action.percent / 100.0)
            after[item.client_id] = replace(item, revenue_minor=new_revenue)
            change = new_revenue - item.revenue_minor
        else:
            new_cost = item.hours * float(staff_rates[action.to_staff or ""])
            after[item.client_id] = replace(item, cost_minor=new_cost, owner=action.to_staff)
            move(item.owner, -item.hours)
            move(action.to_staff, item.hours)
            change = item.cost_minor - new_cost
        lines.append({"client_id": item.client_id, "name": item.name, "action": action.kind,
                      "percent": action.percent, "to_staff": action.to_staff,
                      "hours": item.hours, "margin_change_minor": round(change, 2)})
    before_totals = _totals(list(by_id.values()))
    after_totals = _totals(list(after.values()))
    best = sorted(
        (f for f in after.values()
         if f.client_id not in seen and f.decision in KEEP_DECISIONS
         and f.margin_per_hour_minor is not None and f.margin_per_hour_minor > 0),
        key=lambda f: (-(f.margin_per_hour_minor or 0), f.client_id),
    )[:candidates]
    return WhatIf(
        before=before_totals, after=after_totals, freed_hours=round(freed, 2),
        hours_by_staff=hours_by_staff,
        margin_change_minor=round(after_totals.margin_minor - before_totals.margin_minor, 2),
        hhi_change=round(after_totals.hhi - before_totals.hhi, 1),
        lines=lines,
        candidates=[{"client_id": f.client_id, "name": f.name, "owner": f.owner,
                     "margin_per_hour_minor": round(f.margin_per_hour_minor or 0, 2),
                     "extra_margin_minor": round(freed * (f.margin_per_hour_minor or 0), 2)}
                    for f in best],
    )
