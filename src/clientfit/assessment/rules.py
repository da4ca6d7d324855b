"""Decision v1: from value, payment, effort and delivery signals to a decision with reasons.

Pure: takes plain data (one client's metrics, its evidence, portfolio context and the policy)
and imports nothing from storage, CLI or web code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clientfit.assessment.activity import months_observed
from clientfit.assessment.calibration import calibrated
from clientfit.assessment.churn_rules import churn_reason
from clientfit.assessment.friction_rules import (
    pair_decision,
    threat_reason,
    whose_friction_notes,
)
from clientfit.assessment.mixed import mixed_signals, tail_share
from clientfit.assessment.payment_trend import paying_later, tone_soured
from clientfit.assessment.policy import Policy
from clientfit.assessment.reasons import money, percent, reason
from clientfit.assessment.recover_rules import recover_decision
from clientfit.assessment.shares import chance_above, gap, gap_lower, without
from clientfit.assessment.unbilled import Unbilled, unbilled_work
from clientfit.assessment.whose import judge
from clientfit.domain import (
    Assessment,
    Count,
    Decision,
    EvidenceRef,
    FrictionFindings,
    Reason,
    Window,
)

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


def _present(value: Any) -> bool:
    return value is not None and value == value  # NaN is not a value


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
        confidence=round(calibrated(decision, confidence, findings.setting), 2),
        reasons=tuple(reasons),
        metrics={key: value for key, value in metrics.items()
                 if key not in ("name", "churn_drivers")},
        policy_version=policy.version,
        window=window,
    )


class _Findings:
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
        days_late = m["days_late"] if _present(m["days_late"]) else 0.0
        effort_ratio = self.effort_ratio()
        context_reasons = self.context_reasons()

        loss = _present(margin) and margin <= self.setting("release", "max_margin_pct")
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
        poor = _present(margin) and margin <= self.setting("release", "difficult_max_margin_pct")
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

    def on_the_economics(self, margin: Any, days_late: float, effort_ratio: float | None,
                         sufficiency: float, context_reasons: list[Reason]
                         ) -> tuple[Decision, float, list[Reason]]:
        """RENEGOTIATE, WATCH or KEEP, once no RELEASE, pair decision or RECOVER applies."""
        m = self.m
        thin = _present(margin) and margin < self.setting("renegotiate", "max_margin_pct")
        # hours far above the portfolio's per unit of revenue, unless a known margin says the
        # terms pay for them (e14f: a team with cheaper hours works more of them per 1,000)
        heavy = effort_ratio is not None and \
            effort_ratio >= self.setting("renegotiate", "max_effort_vs_median") and \
            not (_present(margin) and margin >= self.setting("renegotiate",
                                                             "effort_max_margin_pct"))
        unbilled = unbilled_work(m, self.context.norms, self.setting)
        # a margin short of a healthy one, with the scope creeping: the terms do not pay for the
        # work asked (the decision table's scope creep). Healthy for a client asking for more
        # work than its terms pay for is `renegotiate.creep_margin_pct`, at least the KEEP floor
        creep_floor = max(float(self.setting("keep", "min_margin_pct")),
                          float(self.setting("renegotiate", "creep_margin_pct")))
        creep = not thin and _present(margin) and margin < creep_floor and self.scope_creep()
        if creep and not heavy and unbilled is None and \
                margin >= self.setting("keep", "min_margin_pct") and \
                self.later_than_most(days_late):
            # ... but with a margin that meets the KEEP floor and paying later than most clients
            # here: a relationship cooling or terms that do not pay? Mixed signals (e14e: the
            # blind authors' mixed clients pay 9-19 days late, their scope-creep clients on
            # time). Short of the KEEP floor it stays RENEGOTIATE, late payment named
            return Decision.WATCH, self.setting("confidence", "watch_mixed"), [
                reason("MIXED_SIGNALS",
                       "Signals are mixed: the scope creeps with a margin short of a healthy "
                       "one, but the client also pays later than most clients here. Terms "
                       "that do not pay for the work asked, or a relationship cooling? Too "
                       "early to call.", {}),
                *self.creep_reasons(creep_floor), self.late_reason(),
                *self.overdue_reasons(), *context_reasons]
        if thin or heavy or unbilled is not None or creep:
            reasons = []
            if thin:
                reasons.append(self.loss_reason() if margin < 0 else self.thin_margin_reason())
            if creep:
                reasons += self.creep_reasons(creep_floor)
            if heavy:
                reasons.append(self.effort_reason(effort_ratio))
            if unbilled is not None:
                reasons.append(self.unbilled_reason(unbilled))
            # late payment named beside the terms: a loss paid late by a client whose conduct
            # is fine is a renegotiation (of the payment terms too), not a RELEASE
            if days_late > self.setting("keep", "max_days_late"):
                reasons.append(self.late_reason())
            reasons += self.nonbillable_reasons()
            if not creep:
                reasons += self.scope_reasons()
            reasons += self.overdue_reasons() + context_reasons
            strength = max(
                _strength(self.setting("renegotiate", "max_margin_pct") - margin, 0.2)
                if thin else 0.0,
                _strength(effort_ratio - self.setting("renegotiate", "max_effort_vs_median"),
                          1.0) if heavy else 0.0,
                _strength(unbilled.gap - self.setting("renegotiate", "min_unbilled_gap"), 0.2)
                if unbilled is not None else 0.0,
                _strength(creep_floor - margin, 0.2) if creep else 0.0,
            )
            return Decision.RENEGOTIATE, sufficiency * strength, reasons

        missed = m["missed_milestone_share"] if _present(m["missed_milestone_share"]) else 0.0
        healthy = _present(margin) and margin >= self.setting("keep", "min_margin_pct")
        on_time = days_late <= self.setting("keep", "max_days_late")
        # a big client paying through a long payables cycle, profitably: late, not at risk
        big_late = not on_time and healthy and self.payables_cycle(days_late)
        delivered = missed <= self.setting("keep", "max_missed_milestone_share")
        later = paying_later(m, self.setting, self.ev) if healthy and delivered else None
        # paying later with the tone soured too, or with a churn risk, points one way: a client
        # about to leave (a KEEP with CHURN_RISK, the reason kept as a note), not mixed signals
        leaving = later is not None and (
            tone_soured(self.friction.counts if self.friction else None)
            or churn_reason(m, Decision.KEEP, self.setting, self.ev) is not None)
        if later is not None and not leaving:
            # a long good record, lately paid late: cash trouble or the start of leaving?
            return Decision.WATCH, self.setting("confidence", "watch_mixed"), [
                reason("MIXED_SIGNALS",
                       "Signals are mixed: the relationship pays and is healthy, but the client "
                       "has lately paid later than it used to. Too early to call.", {}),
                later, *context_reasons]
        mixed = mixed_signals(m, self.context.spread, self.context.norms, self.setting,
                              self.ev) if healthy and on_time and delivered and later is None \
            else None
        if mixed is not None:
            return Decision.WATCH, self.setting("confidence", "watch_mixed"), [
                mixed, *self.overdue_reasons(), *context_reasons]
        if healthy and (on_time or big_late) and delivered:
            reasons = [
                reason("HEALTHY_MARGIN",
                       f"Margin {percent(margin)} on {money(m['revenue_minor'], self.currency)} "
                       f"of revenue (cost-to-serve "
                       f"{money(m['cost_to_serve_minor'], self.currency)}).",
                       {"margin_pct": margin, "revenue_minor": m["revenue_minor"]},
                       self.ev("invoices_in_window")),
                reason("PAYS_ON_TIME",
                       f"Pays {days_late:.1f} days late on average (amount-weighted) across "
                       f"{m['due_invoice_count']} invoices due.",
                       {"days_late": days_late}, self.ev("late_invoices")) if on_time else
                reason("BIG_CLIENT_PAYS_LATE",
                       f"Pays {days_late:.1f} days late on average (amount-weighted) across "
                       f"{m['due_invoice_count']} invoices due, but it is a large client "
                       f"({percent(m.get('revenue_share') or 0.0)} of revenue) and profitable: "
                       "a long payables cycle to plan cash around, not a reason to act.",
                       {"days_late": days_late, "revenue_share": m.get("revenue_share")},
                       self.ev("late_invoices")),
                *([later] if later is not None else []),
                *context_reasons,
            ]
            strength = _strength(margin - self.setting("keep", "min_margin_pct"), 0.2)
            # friction that may be personal but rests on too few messages to show it
            doubt = max(self.verdict.doubt if self.verdict is not None else 0.0,
                        self.unsettled())
            return Decision.KEEP, sufficiency * strength * (1 - doubt), reasons

        reasons = [reason("MIXED_SIGNALS",
                          "Signals are mixed: not healthy enough to keep as is, not bad enough "
                          "to act on yet.", {})]
        if not on_time:
            reasons.append(self.late_reason())
        if not delivered:
            reasons.append(self.missed_reason())
        if not healthy and _present(margin):
            reasons.append(self.below_keep_reason())
        reasons += self.overdue_reasons() + context_reasons
        return Decision.WATCH, self.setting("confidence", "watch_mixed"), reasons

    def release_difficult(self, margin: Any, days_late: float, pays_late: bool, poor: bool,
                          sufficiency: float, context_reasons: list[Reason]
                          ) -> tuple[Decision, float, list[Reason]]:
        """Difficult with everyone, abusive, and the economics say it does not pay: not
        recoverable. (Unanswered abuse is no service failure: RELEASE comes before RECOVER.)"""
        m = self.m
        reasons = []
        if poor:
            reasons.append(self.loss_reason() if margin < 0 else self.thin_margin_reason())
        if pays_late:
            reasons.append(self.late_reason())
        if (m.get("threats") or 0) > 0:
            reasons.append(threat_reason(m, self.ev))
        reasons += [*self.overdue_reasons(), *context_reasons]
        counts = self.friction.counts if self.friction else None
        hostile = counts.hostile.hits if counts else 0
        if hostile:
            reasons.insert(0, reason(
                "HOSTILE_WITH_EVERYONE",
                f"{hostile} hostile or threatening messages in the window, to "
                f"{counts.hostile_staff if counts else 0} staff members: the conduct is the "
                "client's, not one colleague's.",
                {"hostile_messages": hostile,
                 "hostile_staff": counts.hostile_staff if counts else 0},
                self.ev("threat_messages") + self.ev("negative_messages")))
        conduct = [_strength(days_late - self.setting("release", "min_days_late"), 30)
                   if pays_late else 0.0,
                   _strength(self.setting("release", "difficult_max_margin_pct") - margin, 0.2)
                   if poor else 0.0]
        return Decision.RELEASE, sufficiency * max(conduct), reasons

    def with_conduct(self, found: tuple[Decision, float, list[Reason]]
                     ) -> tuple[Decision, float, list[Reason]]:
        """A client abusive with several staff members whose economics say neither loss nor
        late payment. Healthy enough to keep (the same test as any KEEP): KEEP, the conduct
        named plainly and boundaries set, at a lower confidence than a clean KEEP (the
        strength times `confidence.hostile_keep`). Short of that (thin margin, heavy effort,
        paying later, missed work): WATCH — abuse and doubtful economics together are for a
        person to weigh, not a renegotiation to open."""
        decision, strength, reasons = found
        conduct = self.conduct_reason(decision is Decision.KEEP)
        if decision is Decision.KEEP:
            return (Decision.KEEP, strength * float(self.setting("confidence", "hostile_keep")),
                    [conduct, *reasons])
        if reasons and reasons[0].code == "MIXED_SIGNALS":
            return Decision.WATCH, self.setting("confidence", "watch_mixed"), [
                reasons[0], conduct, *reasons[1:]]
        return Decision.WATCH, self.setting("confidence", "watch_mixed"), [
            reason("MIXED_SIGNALS",
                   "Signals are mixed: the client is hostile with several staff members and the "
                   "relationship is not healthy enough to keep as it is, but there is no loss "
                   "and no late payment to make it a RELEASE. A person should decide.", {}),
            conduct, *reasons]

    def conduct_reason(self, keep: bool) -> Reason:
        """HOSTILE_BUT_PROFITABLE: the conduct in counts, against the rest of the portfolio."""
        counts = self.friction.counts if self.friction else None
        hostile = counts.hostile if counts is not None else Count()
        staff = counts.hostile_staff if counts is not None else 0
        norms = self.context.norms
        rest = Count(int(norms.get("hostile_messages_total", 0)) - hostile.hits,
                     int(norms.get("hostile_inbound_total", 0)) - hostile.n)
        m = self.m
        days_late = m["days_late"] if _present(m["days_late"]) else 0.0
        on_time = days_late <= self.setting("keep", "max_days_late")
        paying = (f"pays on time ({days_late:.1f} days late on average)" if on_time else
                  f"pays {days_late:.1f} days late on average, a large client's payables cycle")
        rest_share = rest.hits / rest.n if rest.n > 0 else None
        rest_text = (f", against {percent(rest_share)} of the rest of the portfolio's "
                     "messages" if rest_share is not None else "")
        text = (f"Hostile or threatening in {hostile.hits} of {hostile.n} messages over the "
                f"window, to {staff} staff members{rest_text}. ")
        if keep:
            text += (f"But profitable (margin {percent(m['margin_pct'])}) and {paying}: keep, "
                     "and set boundaries. Not liking a client does not make it unprofitable; "
                     "abuse of the team is still a cost. Name the conduct to the client's "
                     "decision-maker, agree how the team is to be addressed, and protect the "
                     "staff: nobody handles the account alone, and abuse is escalated, not "
                     "absorbed.")
        else:
            text += "Abuse of the team is a cost to weigh with the economics below."
        return reason("HOSTILE_BUT_PROFITABLE", text,
                      {"hostile_messages": hostile.hits, "hostile_inbound": hostile.n,
                       "hostile_staff": staff,
                       "rest_hostile_share": round(rest_share, 4) if rest_share is not None
                       else None,
                       "margin_pct": m["margin_pct"], "days_late": days_late,
                       # named only on a KEEP, so the UI's KEEP sentence is not used on a WATCH
                       **({"paid_days_late": days_late} if keep else {})},
                      self.ev("threat_messages") + self.ev("negative_messages"))

    def abusive_conduct(self) -> bool:
        """Hostile or threatening messages (threats other than leaving) to several people, and
        more of them per message than from the rest of the portfolio (lower end of the interval
        of the difference above zero). Abuse is its own evidence that the client is difficult
        with everyone; it does not also need the client's share of all friction to clear the
        portfolio's, which a reader that misses half the labels lowers for everyone alike."""
        if self.verdict is None or not self.verdict.hostile_with_everyone or \
                self.friction is None or self.friction.counts is None:
            return False
        mine = self.friction.counts.hostile
        norms = self.context.norms
        rest = Count(int(norms.get("hostile_messages_total", 0)) - mine.hits,
                     int(norms.get("hostile_inbound_total", 0)) - mine.n)
        if rest.n <= 0:
            return True
        found = gap_lower(mine, rest, float(self.setting("reset", "interval_level")))
        return found is None or found > 0

    def ev(self, name: str) -> tuple[EvidenceRef, ...]:
        return tuple(self.evidence.get(name, ()))

    def too_little_data(self) -> list[Reason]:
        m = self.m
        started = m.get("started_on")
        tenure = None
        if isinstance(started, date):
            tenure = (self.window.as_of - started).days
        min_tenure = self.setting("data", "min_tenure_days")
        min_due = self.setting("data", "min_due_invoices")
        if tenure is not None and tenure < min_tenure:
            return [reason("TOO_LITTLE_DATA",
                           f"Client for only {tenure} days (fewer than {min_tenure}): "
                           "too little history to decide.",
                           {"tenure_days": tenure}, self.ev("invoices_in_window"))]
        if m["due_invoice_count"] < min_due:
            return [reason("TOO_LITTLE_DATA",
                           f"Only {m['due_invoice_count']} invoices fell due in the window "
                           f"(fewer than {min_due}): too little data to decide.",
                           {"due_invoice_count": m["due_invoice_count"]},
                           self.ev("invoices_in_window"))]
        # the client's own messages are how we tell a healthy relationship from a souring
        # one: a client that writes far less than is usual here cannot be judged on them
        inbound = int(m.get("inbound_messages") or 0)
        min_messages = self.setting("data", "min_inbound_messages")
        usual = self.context.norms.get("inbound_messages") or 0.0
        if inbound < min_messages <= usual:
            return [reason("TOO_LITTLE_DATA",
                           f"Only {inbound} messages from the client in the window (fewer than "
                           f"{min_messages}; a typical client here wrote {usual:.0f}): too "
                           "little to judge the relationship.",
                           {"inbound_messages": inbound,
                            "inbound_messages_norm": round(usual)},
                           self.ev("invoices_in_window"))]
        return self.sparse_client()

    def sparse_client(self) -> list[Reason]:
        """Invoiced and writing far less often than the typical client here, both at once (per
        month it was a client in the window): a small occasional client whose few records
        cannot show a healthy relationship from a souring one. Relative to the portfolio, so a
        portfolio of quiet clients is not all WATCH; both together, so a client that is quiet
        for a season but invoiced as usual, or invoiced in lumps but writing as usual, is not."""
        share = float(self.setting("data", "sparse_share"))
        norms = self.context.norms
        usual_due = norms.get("due_invoice_count_per_month") or 0.0
        usual_messages = norms.get("inbound_messages_per_month") or 0.0
        if share <= 0 or usual_due <= 0 or usual_messages <= 0:
            return []
        m = self.m
        months = months_observed(m, self.window)
        due = int(m["due_invoice_count"])
        inbound = int(m.get("inbound_messages") or 0)
        if due / months >= share * usual_due or inbound / months >= share * usual_messages:
            return []
        return [reason("TOO_LITTLE_DATA",
                       f"A small occasional client: {due} invoices due and {inbound} messages "
                       f"from the client in {months:.0f} months, against "
                       f"{usual_due * months:.0f} and {usual_messages * months:.0f} for a typical "
                       "client here over as long: too little to judge the relationship.",
                       {"due_invoice_count": due, "inbound_messages": inbound,
                        "months_observed": round(months, 1),
                        "due_invoice_count_norm": round(usual_due * months),
                        "inbound_messages_norm": round(usual_messages * months)},
                       self.ev("invoices_in_window"))]

    def probably_lost(self) -> list[Reason]:
        """A project client that has probably stopped buying is lost, not a RELEASE candidate."""
        m = self.m
        p_alive = m.get("p_alive")
        if m.get("kind") != "project" or p_alive is None:
            return []
        if p_alive >= self.setting("lifetime", "min_p_alive"):
            return []
        return [reason(
            "PROBABLY_LOST",
            f"Probably no longer buying: P(alive) {p_alive:.2f} after "
            f"{m.get('weeks_since_last_purchase', 0):.0f} weeks without an invoice (BG/NBD on "
            "its purchase history); a lost client, not one to release.",
            {"p_alive": p_alive,
             "weeks_since_last_purchase": m.get("weeks_since_last_purchase")},
            self.ev("invoices_in_window"))]

    def effort_ratio(self) -> float | None:
        median = self.context.median_hours_per_1000_revenue
        value = self.m["hours_per_1000_revenue"]
        if not _present(value) or not median:
            return None
        return value / median

    def loss_reason(self) -> Reason:
        m = self.m
        return reason(
            "LOSS_MAKING",
            f"Lost {money(-m['margin_minor'], self.currency)} over the window: revenue "
            f"{money(m['revenue_minor'], self.currency)} against a cost-to-serve of "
            f"{money(m['cost_to_serve_minor'], self.currency)} for {m['hours']:.1f} hours "
            f"(margin {percent(m['margin_pct'])}).",
            {key: m[key] for key in ("margin_minor", "margin_pct", "revenue_minor",
                                     "cost_to_serve_minor", "hours")},
            self.ev("invoices_in_window") + self.ev("time_entries_in_window"),
        )

    def thin_margin_reason(self) -> Reason:
        m = self.m
        floor = self.setting("renegotiate", "max_margin_pct")
        return reason(
            "THIN_MARGIN",
            f"Margin {percent(m['margin_pct'])} is below the {percent(floor)} floor: "
            f"{money(m['margin_minor'], self.currency)} left from "
            f"{money(m['revenue_minor'], self.currency)} of revenue after "
            f"{m['hours']:.1f} hours of work.",
            {key: m[key] for key in ("margin_pct", "margin_minor", "revenue_minor", "hours")},
            self.ev("invoices_in_window") + self.ev("time_entries_in_window"),
        )

    def below_keep_reason(self) -> Reason:
        m = self.m
        floor = self.setting("keep", "min_margin_pct")
        return reason(
            "BELOW_KEEP_MARGIN",
            f"Margin {percent(m['margin_pct'])} is below the {percent(floor)} needed to keep the "
            f"relationship as it is ({money(m['margin_minor'], self.currency)} on "
            f"{money(m['revenue_minor'], self.currency)} of revenue).",
            {key: m[key] for key in ("margin_pct", "margin_minor", "revenue_minor")},
            self.ev("invoices_in_window") + self.ev("time_entries_in_window"),
        )

    def effort_reason(self, effort_ratio: float) -> Reason:
        m = self.m
        median = self.context.median_hours_per_1000_revenue
        return reason(
            "EFFORT_ABOVE_REVENUE",
            f"{m['hours_per_1000_revenue']:.1f} hours of work per 1,000 of revenue, "
            f"{effort_ratio:.1f}x the portfolio median of {median:.1f}; effective rate "
            f"{money(m['effective_hourly_rate_minor'], self.currency)} per hour.",
            {"hours_per_1000_revenue": m["hours_per_1000_revenue"], "effort_vs_median":
             effort_ratio, "effective_hourly_rate_minor": m["effective_hourly_rate_minor"]},
            self.ev("time_entries_in_window"),
        )

    def unbilled_reason(self, unbilled: Unbilled) -> Reason:
        days = self.setting("communication", "recent_days")
        period = f"in the last {days} days" if unbilled.recent else "over the window"
        against = (f"{percent(unbilled.norm_share)} in the months before" if unbilled.own else
                   f"{percent(unbilled.norm_share)} for the rest of the portfolio")
        compared = ({"earlier_nonbillable_share": unbilled.norm_share} if unbilled.own else
                    {"nonbillable_share_norm": unbilled.norm_share})
        return reason(
            "UNBILLED_WORK",
            f"{percent(unbilled.share)} of the hours {period} were non-billable "
            f"({unbilled.entries} time entries), against {against}: the terms do not pay for "
            "the work asked.",
            {"nonbillable_share": unbilled.share, **compared, "time_entries": unbilled.entries,
             "unbilled_gap_lower": round(unbilled.gap, 3), "recent": unbilled.recent},
            self.ev("nonbillable_time_entries_recent" if unbilled.recent
                    else "nonbillable_time_entries"))

    def nonbillable_reasons(self) -> list[Reason]:
        share = self.m["nonbillable_share"]
        if not _present(share) or share <= self.setting("renegotiate", "max_nonbillable_share") \
                or unbilled_work(self.m, self.context.norms, self.setting) is not None:
            return []
        return [reason(
            "HIGH_NONBILLABLE",
            f"{percent(share)} of the {self.m['hours']:.1f} hours were non-billable "
            "(revisions, rework, extras).",
            {"nonbillable_share": share}, self.ev("nonbillable_time_entries"))]

    def unsettled(self) -> float:
        """How much a KEEP should doubt that the relationship is healthy, whoever the friction
        is about: `keep.friction_doubt_weight` times the chance that the client's friction in
        the recent period is above the rest of the portfolio's (one minus the one-sided chance
        of the Agresti-Caffo difference). The floors of a KEEP are economic; a client writing
        with more friction than most is where a missed RESET, REASSIGN or RECOVER hides."""
        weight = float(self.setting("keep", "friction_doubt_weight"))
        counts = self.friction.counts if self.friction is not None else None
        if weight <= 0 or counts is None or counts.client.n == 0:
            return 0.0
        above = chance_above(counts.client, without(counts.portfolio, counts.client))
        return 0.0 if above is None else weight * (1.0 - above)

    def scope_creep(self) -> bool:
        """At least `renegotiate.min_scope_requests` requests to change or extend the scope in
        the window, and more of them per client message than from the rest of the portfolio
        (the Agresti-Caffo difference above zero). More likely than not, rather than the lower
        end of an interval: the margin already falls short of a KEEP, and the question is which
        reading fits it better — terms that do not pay for the work asked (RENEGOTIATE) or
        signals too mixed to act on (WATCH) — not whether scope creep can be proved."""
        count = int(self.m.get("scope_requests") or 0)
        inbound = int(self.m.get("inbound_messages") or 0)
        if count < self.setting("renegotiate", "min_scope_requests") or inbound <= 0:
            return False
        norms = self.context.norms
        rest = Count(int(norms.get("scope_requests_total", 0)) - count,
                     int(norms.get("inbound_messages_total", 0)) - inbound)
        if rest.n <= 0:
            return False
        found = gap(Count(min(count, inbound), inbound), rest)
        return found is not None and found[0] > 0

    def scope_reasons(self) -> list[Reason]:
        count = self.m.get("scope_requests") or 0
        if count < self.setting("renegotiate", "min_scope_requests"):
            return []
        return [reason(
            "SCOPE_REQUESTS",
            f"{count} requests in the window to change or extend the work within the same "
            "budget (extra versions, another round of revisions, redo from scratch).",
            {"scope_requests": count}, self.ev("scope_request_messages"))]

    def payables_cycle(self, days_late: float) -> bool:
        """A large client (`flags.large_client_share` of revenue) paying at most
        `keep.large_max_days_late` late: a long payables cycle to plan cash around, not a sign."""
        return (self.m.get("revenue_share") or 0.0) >= \
            self.setting("flags", "large_client_share") and \
            days_late <= self.setting("keep", "large_max_days_late")

    def later_than_most(self, days_late: float) -> bool:
        """Paying later than most clients that meet every KEEP floor: beyond
        `keep.max_days_late`, or within the later `watch.mixed_tail` of them (mixed.py's rank);
        never a large client's payables cycle."""
        if self.payables_cycle(days_late):
            return False
        if days_late > self.setting("keep", "max_days_late"):
            return True
        late = self.context.spread.get("days_late", ())
        return len(late) >= 3 and \
            tail_share(late, days_late, True) <= float(self.setting("watch", "mixed_tail"))

    def creep_reasons(self, floor: float) -> list[Reason]:
        """The scope creeping with a margin short of a healthy one: below the KEEP floor, that
        margin and the requests; at or above it, the requests with the margin they leave."""
        m = self.m
        if m["margin_pct"] < self.setting("keep", "min_margin_pct"):
            return [self.below_keep_reason(), *self.scope_reasons()]
        count = int(m.get("scope_requests") or 0)
        return [reason(
            "SCOPE_REQUESTS",
            f"{count} requests in the window to change or extend the work within the same "
            f"budget, more per message than from the rest of the portfolio, and a margin of "
            f"{percent(m['margin_pct'])} on {money(m['revenue_minor'], self.currency)} of "
            f"revenue: short of the {percent(floor)} a client asking for more work than its "
            "terms pay for needs to be kept as it is.",
            {"scope_requests": count, "margin_pct": m["margin_pct"],
             "revenue_minor": m["revenue_minor"]}, self.ev("scope_request_messages"))]

    def late_reason(self) -> Reason:
        m = self.m
        return reason(
            "PAYS_LATE",
            f"Pays {m['days_late']:.1f} days late on average (amount-weighted); "
            f"{m['late_invoice_count']} of {m['due_invoice_count']} invoices due in the window "
            "were paid late or not at all.",
            {"days_late": m["days_late"], "late_invoice_share": m["late_invoice_share"]},
            self.ev("late_invoices"),
        )

    def overdue_reasons(self) -> list[Reason]:
        m = self.m
        if m["overdue_minor"] < self.setting("flags", "overdue_min") * 100:
            return []
        return [reason(
            "OVERDUE_BALANCE",
            f"{money(m['overdue_minor'], self.currency)} is overdue across "
            f"{m['overdue_invoice_count']} invoices.",
            {"overdue_minor": m["overdue_minor"]}, self.ev("overdue_invoices"))]

    def missed_reason(self) -> Reason:
        m = self.m
        return reason(
            "MISSED_MILESTONES",
            f"We missed {m['missed_milestone_count']} of {m['milestone_count']} milestones due "
            f"in the window ({percent(m['missed_milestone_share'])}).",
            {"missed_milestone_share": m["missed_milestone_share"]}, self.ev("missed_milestones"))

    def context_reasons(self) -> list[Reason]:
        share = self.m["revenue_share"]
        if not _present(share) or share < self.setting("flags", "large_client_share"):
            return []
        return [reason(
            "LARGE_CLIENT",
            f"{percent(share)} of portfolio revenue: a large client, judged on its margin, "
            "not its size.", {"revenue_share": share}, self.ev("invoices_in_window"))]


def _strength(distance: float, scale: float) -> float:
    """How decisively a threshold is passed: 0.5 at the threshold, 1.0 at `scale` beyond it."""
    return max(0.5, min(1.0, 0.5 + 0.5 * distance / scale))
