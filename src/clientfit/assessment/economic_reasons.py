"""The reasons the economic rules give: margin, effort, unbilled work, scope, payment and size,
each with its figures and evidence."""

from __future__ import annotations

from clientfit.assessment.client_case import ClientCase, present
from clientfit.assessment.reasons import money, percent, reason
from clientfit.assessment.unbilled import Unbilled, unbilled_work
from clientfit.domain import Reason


class EconomicReasons(ClientCase):
    def large_for_cycle(self) -> bool:
        """At least `keep.large_vs_median` times the median client's share of revenue: large
        against the typical client here, whatever the number of clients (a share of all revenue
        makes the same client large among 40 clients and ordinary among 120). 0: the old
        reading, `flags.large_client_share` of revenue."""
        share = self.m.get("revenue_share") or 0.0
        times = float(self.setting("keep", "large_vs_median"))
        if times <= 0:
            return share >= self.setting("flags", "large_client_share")
        typical = self.context.norms.get("revenue_share") or 0.0
        return typical > 0 and share >= times * typical

    def loss_reason(self) -> Reason:
        m = self.m
        return reason(
            "LOSS_MAKING",
            f"Lost {money(-m['margin_minor'], self.currency)} over the window: net revenue "
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
            f"{money(m['revenue_minor'], self.currency)} of net revenue after "
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
            f"{money(m['revenue_minor'], self.currency)} of net revenue).",
            {key: m[key] for key in ("margin_pct", "margin_minor", "revenue_minor")},
            self.ev("invoices_in_window") + self.ev("time_entries_in_window"),
        )

    def effort_reason(self, effort_ratio: float) -> Reason:
        m = self.m
        median = self.context.median_hours_per_1000_revenue
        return reason(
            "EFFORT_ABOVE_REVENUE",
            f"{m['hours_per_1000_revenue']:.1f} hours of work per 1,000 of net revenue, "
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
        if not present(share) or share <= self.setting("renegotiate", "max_nonbillable_share") \
                or unbilled_work(self.m, self.context.norms, self.setting) is not None:
            return []
        return [reason(
            "HIGH_NONBILLABLE",
            f"{percent(share)} of the {self.m['hours']:.1f} hours were non-billable "
            "(revisions, rework, extras).",
            {"nonbillable_share": share}, self.ev("nonbillable_time_entries"))]


    def scope_reasons(self) -> list[Reason]:
        count = self.m.get("scope_requests") or 0
        if count < self.setting("renegotiate", "min_scope_requests"):
            return []
        return [reason(
            "SCOPE_REQUESTS",
            f"{count} requests in the window to change or extend the work within the same "
            "budget (extra versions, another round of revisions, redo from scratch).",
            {"scope_requests": count}, self.ev("scope_request_messages"))]


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
            f"net revenue: short of the {percent(floor)} a client asking for more work than its "
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

    def big_late_reason(self, days_late: float) -> Reason:
        """BIG_CLIENT_PAYS_LATE: a large client, or one bigger than the typical client that pays
        every invoice about as late (economics_rules.steady_late_payer)."""
        m = self.m
        share = m.get("revenue_share") or 0.0
        typical = self.context.norms.get("revenue_share") or 0.0
        figures = {"days_late": days_late, "revenue_share": m.get("revenue_share")}
        times = f", {share / typical:.1f}x the median client's" if typical > 0 else ""
        if self.large_for_cycle():
            size = f"a large client ({percent(share)} of net revenue{times})"
        else:
            steady = m.get("late_invoice_share") or 0.0
            size = (f"bigger than the typical client here ({percent(share)} of net revenue{times}) "
                    f"and late on {percent(steady)} of its invoices, steadily")
            figures.update(revenue_share_norm=typical, late_invoice_share=steady)
        return reason(
            "BIG_CLIENT_PAYS_LATE",
            f"Pays {days_late:.1f} days late on average (amount-weighted) across "
            f"{m['due_invoice_count']} invoices due, but it is {size}, and profitable: a long "
            "payables cycle to plan cash around, not a reason to act.",
            figures, self.ev("late_invoices"))

    def context_reasons(self) -> list[Reason]:
        share = self.m["revenue_share"]
        if not present(share) or share < self.setting("flags", "large_client_share"):
            return []
        return [reason(
            "LARGE_CLIENT",
            f"{percent(share)} of portfolio net revenue: a large client, judged on its margin, "
            "not its size.", {"revenue_share": share}, self.ev("invoices_in_window"))]
