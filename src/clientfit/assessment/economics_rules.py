"""The economic rules: RELEASE when a difficult client does not pay its way, else RENEGOTIATE,
WATCH or KEEP on the margin, effort, unbilled work, scope creep and payment."""

from __future__ import annotations

from typing import Any

from clientfit.assessment.churn_rules import churn_reason
from clientfit.assessment.client_case import decisiveness, present
from clientfit.assessment.economic_reasons import EconomicReasons
from clientfit.assessment.friction_rules import threat_reason
from clientfit.assessment.mixed import mixed_signals, tail_share
from clientfit.assessment.payment_trend import paying_later, tone_soured
from clientfit.assessment.reasons import money, percent, reason
from clientfit.assessment.shares import chance_above, gap, without
from clientfit.assessment.unbilled import unbilled_work
from clientfit.domain import Count, Decision, Reason


class EconomicRules(EconomicReasons):
    def on_the_economics(self, margin: Any, days_late: float, effort_ratio: float | None,
                         sufficiency: float, context_reasons: list[Reason]
                         ) -> tuple[Decision, float, list[Reason]]:
        """RENEGOTIATE, WATCH or KEEP, once no RELEASE, pair decision or RECOVER applies."""
        m = self.m
        thin = present(margin) and margin < self.setting("renegotiate", "max_margin_pct")
        # hours far above the portfolio's per unit of revenue, unless a known margin says the
        # terms pay for them (e14f: a team with cheaper hours works more of them per 1,000)
        heavy = effort_ratio is not None and \
            effort_ratio >= self.setting("renegotiate", "max_effort_vs_median") and \
            not (present(margin) and margin >= self.setting("renegotiate",
                                                             "effort_max_margin_pct"))
        unbilled = unbilled_work(m, self.context.norms, self.setting)
        # a margin short of a healthy one, with the scope creeping: the terms do not pay for the
        # work asked (the decision table's scope creep). Healthy for a client asking for more
        # work than its terms pay for is `renegotiate.creep_margin_pct`, at least the KEEP floor
        creep_floor = max(float(self.setting("keep", "min_margin_pct")),
                          float(self.setting("renegotiate", "creep_margin_pct")))
        creep = not thin and present(margin) and margin < creep_floor and self.scope_creep()
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
                decisiveness(self.setting("renegotiate", "max_margin_pct") - margin, 0.2)
                if thin else 0.0,
                decisiveness(effort_ratio - self.setting("renegotiate", "max_effort_vs_median"),
                             1.0) if heavy else 0.0,
                decisiveness(unbilled.gap - self.setting("renegotiate", "min_unbilled_gap"),
                             0.2) if unbilled is not None else 0.0,
                decisiveness(creep_floor - margin, 0.2) if creep else 0.0,
            )
            return Decision.RENEGOTIATE, sufficiency * strength, reasons

        missed = m["missed_milestone_share"] if present(m["missed_milestone_share"]) else 0.0
        healthy = present(margin) and margin >= self.setting("keep", "min_margin_pct")
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
                       f"of net revenue (cost-to-serve "
                       f"{money(m['cost_to_serve_minor'], self.currency)}).",
                       {"margin_pct": margin, "revenue_minor": m["revenue_minor"]},
                       self.ev("invoices_in_window")),
                reason("PAYS_ON_TIME",
                       f"Pays {days_late:.1f} days late on average (amount-weighted) across "
                       f"{m['due_invoice_count']} invoices due.",
                       {"days_late": days_late}, self.ev("late_invoices")) if on_time else
                self.big_late_reason(days_late),
                *([later] if later is not None else []),
                *context_reasons,
            ]
            strength = decisiveness(margin - self.setting("keep", "min_margin_pct"), 0.2)
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
        if not healthy and present(margin):
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
        conduct = [decisiveness(days_late - self.setting("release", "min_days_late"), 30)
                   if pays_late else 0.0,
                   decisiveness(self.setting("release", "difficult_max_margin_pct") - margin,
                                0.2) if poor else 0.0]
        return Decision.RELEASE, sufficiency * max(conduct), reasons

    def effort_ratio(self) -> float | None:
        median = self.context.median_hours_per_1000_revenue
        value = self.m["hours_per_1000_revenue"]
        if not present(value) or not median:
            return None
        return value / median

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

    def payables_cycle(self, days_late: float) -> bool:
        """A long payables cycle to plan cash around, not a sign: paying at most
        `keep.large_max_days_late` late, and a large client (`large_for_cycle`) or a steady late
        payer (`steady_late_payer`)."""
        if days_late > self.setting("keep", "large_max_days_late"):
            return False
        return self.large_for_cycle() or self.steady_late_payer(days_late)

    def steady_late_payer(self, days_late: float) -> bool:
        """A client bigger than the typical one here (revenue above the median client's) that
        pays (nearly) every invoice late (`keep.cycle_min_late_share` of them) by a long
        interval (at least `keep.cycle_min_days_late` days, amount-weighted): a big
        organisation's payables run, read from the payments themselves rather than from a share
        of revenue that depends on how many clients the portfolio has. A mixed client pays
        "some invoices 1-3 weeks late"; a payables cycle pays all of them a month or more late.
        `keep.cycle_min_days_late` 0: off."""
        least = float(self.setting("keep", "cycle_min_days_late"))
        typical = self.context.norms.get("revenue_share") or 0.0
        share = self.m.get("revenue_share")
        steady = self.m.get("late_invoice_share")
        return least > 0 and typical > 0 and present(share) and share > typical and \
            present(steady) and steady >= self.setting("keep", "cycle_min_late_share") and \
            days_late >= least

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
