"""One client's case as the decision rules see it: its figures, evidence, the portfolio it is
judged against and the policy. The rule modules (economics_rules, conduct_rules,
sufficiency_rules) read it; rules.py decides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clientfit.assessment.policy import Policy
from clientfit.assessment.whose import judge
from clientfit.domain import EvidenceRef, FrictionFindings, Window

Evidence = Mapping[str, tuple[EvidenceRef, ...]]


@dataclass(frozen=True)
class PortfolioContext:
    """Facts about the whole portfolio that a single client is judged against."""

    median_hours_per_1000_revenue: float | None
    currency: str
    staff_names: Mapping[str, str] = field(default_factory=dict)
    # our service with a typical client: medians and pooled counts (see portfolio.py)
    norms: Mapping[str, float] = field(default_factory=dict)
    # every client's margin_pct and days_late, to say how far out one client is (mixed.py)
    spread: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


def present(value: Any) -> bool:
    return value is not None and value == value  # NaN is not a value


def decisiveness(distance: float, scale: float) -> float:
    """How decisively a threshold is passed: 0.5 at the threshold, 1.0 at `scale` beyond it."""
    return max(0.5, min(1.0, 0.5 + 0.5 * distance / scale))


class ClientCase:
    """One client with everything it is judged on; the rule classes build on it."""

    def __init__(self, metrics: Mapping[str, Any], evidence: Evidence,
                 context: PortfolioContext, policy: Policy, window: Window,
                 friction: FrictionFindings | None = None) -> None:
        self.m = metrics
        self.friction = friction
        self.evidence = evidence
        self.context = context
        self.policy = policy
        self.window = window
        self.currency = context.currency
        owner = metrics.get("owner_staff_id")
        self.verdict = judge(friction.counts if friction else None, self.setting,
                             str(owner) if owner else None)

    def setting(self, section: str, name: str) -> Any:
        return self.policy.get(section, name)

    def ev(self, name: str) -> tuple[EvidenceRef, ...]:
        return tuple(self.evidence.get(name, ()))

