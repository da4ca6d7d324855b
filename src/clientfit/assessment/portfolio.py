"""Assess every client of a portfolio from its signal table (plain rows) and evidence."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from clientfit.assessment.activity import activity_norms
from clientfit.assessment.mixed import pooled_prior, shrunk_share
from clientfit.assessment.policy import Policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Assessment, Count, EvidenceRef, FrictionFindings, Window


def assess_portfolio(
    rows: Sequence[Mapping[str, Any]],
    evidence: Mapping[str, Mapping[str, tuple[EvidenceRef, ...]]],
    policy: Policy,
    window: Window,
    currency: str,
    staff_names: Mapping[str, str] | None = None,
    friction: Mapping[str, FrictionFindings] | None = None,
    release: bool = False,
) -> list[Assessment]:
    """`rows`: one mapping of metrics per client; `evidence`: set name -> client -> refs;
    `friction`: per client, the attribution of its friction (None: no messages to judge).
    `release`: the caller hands `rows` (a list) over: each row is dropped from it (set to None)
    once its client is assessed, so a large portfolio's rows and the assessments' metrics (a
    copy of each row) are not held at once (docs/scale.md)."""
    candidates = keep_candidates(rows, policy)
    efforts = [row["hours_per_1000_revenue"] for row in rows
               if row["hours_per_1000_revenue"] is not None
               and row["hours_per_1000_revenue"] == row["hours_per_1000_revenue"]]
    context = PortfolioContext(
        median_hours_per_1000_revenue=statistics.median(efforts) if efforts else None,
        currency=currency,
        staff_names=dict(staff_names or {}),
        norms={**service_norms(rows), **hostility_norms(friction or {}),
               **activity_norms(rows, window), **spread_norms(candidates)},
        spread=keep_spread(candidates),
    )
    del candidates  # rows: with `release`, each is dropped below
    friction = friction or {}
    assessments = []
    if release and not isinstance(rows, list):
        raise TypeError("release=True needs the rows as a list")
    for at, row in enumerate(rows):
        assessments.append(assess_client(row, _ClientEvidence(evidence, row["client_id"]),
                                         context, policy, window, friction.get(row["client_id"])))
        if release:
            rows[at] = None  # type: ignore[index]
    return assessments


def _number(value: Any) -> float:
    return 0.0 if value is None or value != value else float(value)


def keep_candidates(rows: Sequence[Mapping[str, Any]], policy: Policy
                    ) -> list[Mapping[str, Any]]:
    """The clients that pass every KEEP floor (margin, payment, delivery) and wrote to us: the
    yardstick of mixed signals (assessment/mixed.py)."""
    return [row for row in rows
            if row.get("margin_pct") is not None and row["margin_pct"] == row["margin_pct"]
            and row["margin_pct"] >= policy.get("keep", "min_margin_pct")
            and _number(row.get("days_late")) <= policy.get("keep", "max_days_late")
            and _number(row.get("missed_milestone_share"))
            <= policy.get("keep", "max_missed_milestone_share")
            and int(row.get("inbound_messages") or 0) > 0]


def _prior(candidates: Sequence[Mapping[str, Any]]) -> tuple[float, float]:
    return pooled_prior([(int(row.get("complaints") or 0), int(row.get("inbound_messages") or 0))
                         for row in candidates])


def spread_norms(candidates: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The KEEP candidates' pooled complaint share and the weight, in messages, with which a
    client's own share is drawn toward it (mixed.pooled_prior)."""
    share, weight = _prior(candidates)
    return {"mixed_complaint_share": share, "mixed_prior_weight": weight}


def keep_spread(candidates: Sequence[Mapping[str, Any]]) -> dict[str, tuple[float, ...]]:
    """The KEEP candidates' margins, days late and (shrunk) complaint shares, sorted."""
    prior = _prior(candidates)
    return {
        "margin_pct": tuple(sorted(float(row["margin_pct"]) for row in candidates)),
        "days_late": tuple(sorted(_number(row.get("days_late")) for row in candidates)),
        "complaint_share": tuple(sorted(
            shrunk_share(int(row.get("complaints") or 0), int(row["inbound_messages"]), prior)
            for row in candidates)),
    }


class _ClientEvidence(Mapping[str, tuple[EvidenceRef, ...]]):
    """One client's evidence, set name -> references, each set looked up when a rule reads it
    (a large portfolio's evidence sets make their references on demand: signals.evidence)."""

    def __init__(self, evidence: Mapping[str, Mapping[str, tuple[EvidenceRef, ...]]],
                 client_id: str) -> None:
        self.evidence = evidence
        self.client_id = client_id
        self.read: dict[str, tuple[EvidenceRef, ...]] = {}  # each set made once

    def __getitem__(self, name: str) -> tuple[EvidenceRef, ...]:
        found = self.read.get(name)
        if found is None:
            found = self.read[name] = self.evidence[name].get(self.client_id, ())
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.evidence)

    def __len__(self) -> int:
        return len(self.evidence)


def _median(rows: Sequence[Mapping[str, Any]], name: str) -> float | None:
    values = [row[name] for row in rows if row.get(name) is not None and row[name] == row[name]]
    return float(statistics.median(values)) if values else None


def service_norms(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """A typical client of the portfolio, the yardstick the rules compare one client with: the
    median client's first replies (90th percentile and median, recent), missed-milestone share,
    non-billable share, messages in the window and share of revenue; pooled counts of
    unanswered messages, our apologies per client message (recent); pooled time entries and
    non-billable minutes (window and recent)."""
    norms: dict[str, float] = {}
    for name in ("response_p90_hours_recent", "response_median_hours_recent",
                 "missed_milestone_share", "nonbillable_share", "inbound_messages",
                 "revenue_share"):
        value = _median(rows, name)
        if value is not None:
            norms[name] = value
    for name in ("unanswered_recent", "apologies_recent", "inbound_messages_recent"):
        norms[name] = float(sum(row.get(name) or 0 for row in rows))
    for name in ("time_entry_count", "time_entry_count_recent", "minutes", "nonbillable_minutes",
                 "minutes_recent", "nonbillable_minutes_recent", "complaints",
                 "inbound_messages", "scope_requests"):
        norms[f"{name}_total"] = float(sum(row.get(name) or 0 for row in rows))
    return norms


def hostility_norms(friction: Mapping[str, FrictionFindings]) -> dict[str, float]:
    """Pooled hostile or threatening messages and all client messages over the window, across
    the portfolio: the yardstick of a client's abusive conduct. A mapping that makes each
    client's findings when read (signals.friction.FindingsByClient) gives the pooled count as
    its `hostile_total`, so the norm does not make every client's findings first."""
    total = getattr(friction, "hostile_total", None)
    if isinstance(total, Count):
        return {"hostile_messages_total": float(total.hits),
                "hostile_inbound_total": float(total.n)}
    counts = [f.counts for f in friction.values() if f.counts is not None]
    return {"hostile_messages_total": float(sum(c.hostile.hits for c in counts)),
            "hostile_inbound_total": float(sum(c.hostile.n for c in counts))}
