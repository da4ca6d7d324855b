"""Decision v1: from value, payment, effort and delivery signals to a decision with reasons.

Pure: takes plain data (one client's metrics, its evidence, portfolio context and the policy)
and imports nothing from storage, CLI or web code. Here is the order the rules are tried in;
each family lives in its own module: sufficiency_rules (too little data, probably lost),
economics_rules (RELEASE, RENEGOTIATE, WATCH, KEEP on the economics), conduct_rules (abuse),
friction_rules (RESET, REASSIGN), recover_rules (RECOVER), churn_rules (CHURN_RISK).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clientfit.assessment.calibration import calibrated
from clientfit.assessment.churn_rules import churn_reason
from clientfit.assessment.client_case import Evidence, PortfolioContext, present
from clientfit.assessment.conduct_rules import ConductRules
from clientfit.assessment.economics_rules import EconomicRules
from clientfit.assessment.friction_rules import pair_decision, whose_friction_notes
from clientfit.assessment.policy import Policy
from clientfit.assessment.recover_rules import recover_decision
from clientfit.assessment.sufficiency_rules import SufficiencyRules
from clientfit.domain import Assessment, Decision, FrictionFindings, Reason, Window

__all__ = ["PortfolioContext", "assess_client"]


def assess_client(
    metrics: Mapping[str, Any],
    evidence: Evidence,
    context: PortfolioContext,
    policy: Policy,
    window: Window,
    friction: FrictionFindings | None = None,
) -> Assessment:
    findings = _Findings(metrics, evidence, context, policy, window, friction)
    decision, confidence, reasons = findings.decide()
    notes = whose_friction_notes(friction, findings.verdict, context.staff_names, findings.ev,
                                 int(policy.get("communication", "recent_days")))
    known = {r.code for r in reasons}
    reasons = reasons + [note for note in notes if note.code not in known]
    churn = churn_reason(metrics, decision, findings.setting, findings.ev)
    if churn is not None:
        reasons.append(churn)
    return Assessment(
        client_id=str(metrics["client_id"]),
        client_name=str(metrics["name"]),
        owner=metrics.get("owner_staff_id"),
        decision=decision,
        confidence=round(calibrated(decision, confidence, findings.setting,
                                    metrics.get("inbound_messages")), 2),
        reasons=tuple(reasons),
        metrics={key: value for key, value in metrics.items()
                 if key not in ("name", "churn_drivers")},
        policy_version=policy.version,
        window=window,
    )


class _Findings(EconomicRules, ConductRules, SufficiencyRules):
    def decide(self) -> tuple[Decision, float, list[Reason]]:
        m = self.m
        insufficient = self.too_little_data()
        if insufficient:
            return Decision.WATCH, self.setting("confidence", "watch_insufficient"), insufficient
        sufficiency = min(1.0, m["due_invoice_count"] / self.setting("data",
                                                                      "full_confidence_invoices"))
        lost = self.probably_lost()
        if lost:
            return Decision.WATCH, self.setting("confidence", "watch_lost"), lost
        margin = m["margin_pct"]
        days_late = m["days_late"] if present(m["days_late"]) else 0.0
        effort_ratio = self.effort_ratio()
        context_reasons = self.context_reasons()

        loss = present(margin) and margin <= self.setting("release", "max_margin_pct")
        pays_late = days_late >= self.setting("release", "min_days_late")
        threats = m.get("threats") or 0
        verdict = self.verdict
        conduct = self.abusive_conduct()
        # difficult with everyone (the decision table's RELEASE, issue 14): the client's
        # friction clearly above the portfolio's with several staff members, or abusive conduct,
        # or hostile or threatening messages (threats other than leaving) to several staff
        # members with its friction above the portfolio's (lower end of the interval of the
        # difference above zero). Threats counted alone are not enough: they may all go to one
        # person, or be threats to leave (e14e)
        difficult = conduct or (verdict is not None and (
            verdict.client_difficult or (verdict.hostile_with_everyone and
                                         (verdict.client_gap or 0.0) > 0)))
        poor = present(margin) and margin <= self.setting("release", "difficult_max_margin_pct")
        # ... and either the conduct (abuse, with a margin near zero or late payment) or the
        # economics (a margin near zero *and* late payment, or a chronic loss with threats on
        # top) say it is not recoverable. A loss paid late by a client whose conduct is fine is
        # terms to renegotiate (e14e), below
        unrecoverable = (conduct and (poor or pays_late)) or (difficult and (
            (poor and pays_late) or
            (loss and threats >= self.setting("release", "min_threats"))))
        if unrecoverable:
            return self.release_difficult(margin, days_late, pays_late, poor, sufficiency,
                                          context_reasons)

        inbound = m.get("inbound_messages_recent") or 0
        talk = min(1.0, inbound / self.setting("communication", "full_confidence_messages"))
        personal = pair_decision(self.friction, self.verdict, self.setting,
                                 self.context.staff_names, talk)
        recovery = recover_decision(m, self.context.norms, self.setting, self.ev, talk,
                                    self.missed_reason)
        # a client we fail is unhappy with whoever serves it, and says so about them too
        # ("you never answer"): when our service measurably failed against our own norm, that
        # is fixed first, whoever the client blames
        if personal and not recovery:
            return personal
        if recovery:
            return recovery
        found = self.on_the_economics(margin, days_late, effort_ratio, sufficiency,
                                      context_reasons)
        # abusive with several people, but neither a loss nor late payment: not liking a
        # client does not make it unprofitable. Healthy enough to keep: KEEP, the conduct named
        # and boundaries set; anything short of that: a person decides (WATCH)
        return self.with_conduct(found) if conduct else found
