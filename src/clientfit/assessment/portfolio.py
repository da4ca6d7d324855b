"""Assess every client of a portfolio from its signal table (plain rows) and evidence."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from clientfit.assessment.policy import Policy
from clientfit.assessment.rules import PortfolioContext, assess_client
from clientfit.domain import Assessment, EvidenceRef, Window


def assess_portfolio(
    rows: Sequence[Mapping[str, Any]],
    evidence: Mapping[str, Mapping[str, tuple[EvidenceRef, ...]]],
    policy: Policy,
    window: Window,
    currency: str,
) -> list[Assessment]:
    """`rows`: one mapping of metrics per client; `evidence`: set name -> client -> refs."""
    efforts = [row["hours_per_1000_revenue"] for row in rows
               if row["hours_per_1000_revenue"] is not None
               and row["hours_per_1000_revenue"] == row["hours_per_1000_revenue"]]
    context = PortfolioContext(
        median_hours_per_1000_revenue=statistics.median(efforts) if efforts else None,
        currency=currency,
    )
    assessments = []
    for row in rows:
        client_evidence = {name: by_client.get(row["client_id"], ())
                           for name, by_client in evidence.items()}
        assessments.append(assess_client(row, client_evidence, context, policy, window))
    return assessments
