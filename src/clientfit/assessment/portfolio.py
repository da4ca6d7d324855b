"""Assess every client of a portfolio from its signal table (plain rows) and evidence."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from clientfit.assessment.policy import Policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Assessment, EvidenceRef, FrictionFindings, Window


def assess_portfolio(
    rows: Sequence[Mapping[str, Any]],
    evidence: Mapping[str, Mapping[str, tuple[EvidenceRef, ...]]],
    policy: Policy,
    window: Window,
    currency: str,
    staff_names: Mapping[str, str] | None = None,
    friction: Mapping[str, FrictionFindings] | None = None,
) -> list[Assessment]:
    """`rows`: one mapping of metrics per client; `evidence`: set name -> client -> refs;
    `friction`: per client, the attribution of its friction (None: no messages to judge)."""
    efforts = [row["hours_per_1000_revenue"] for row in rows
               if row["hours_per_1000_revenue"] is not None
               and row["hours_per_1000_revenue"] == row["hours_per_1000_revenue"]]
    context = PortfolioContext(
        median_hours_per_1000_revenue=statistics.median(efforts) if efforts else None,
        currency=currency,
        staff_names=dict(staff_names or {}),
        norms=service_norms(rows),
    )
    friction = friction or {}
    assessments = []
    for row in rows:
        client_evidence = {name: by_client.get(row["client_id"], ())
                           for name, by_client in evidence.items()}
        assessments.append(assess_client(row, client_evidence, context, policy, window,
                                         friction.get(row["client_id"])))
    return assessments


def _median(rows: Sequence[Mapping[str, Any]], name: str) -> float | None:
    values = [row[name] for row in rows if row.get(name) is not None and row[name] == row[name]]
    return float(statistics.median(values)) if values else None


def service_norms(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Our service with a typical client, the yardstick of RECOVER: the median client's first
    reply (90th percentile, recent) and missed-milestone share, and pooled counts of unanswered
    messages and our apologies per client message (recent)."""
    norms: dict[str, float] = {}
    for name in ("response_p90_hours_recent", "missed_milestone_share", "nonbillable_share"):
        value = _median(rows, name)
        if value is not None:
            norms[name] = value
    for name in ("unanswered_recent", "apologies_recent", "inbound_messages_recent"):
        norms[name] = float(sum(row.get(name) or 0 for row in rows))
    return norms
