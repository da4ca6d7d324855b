"""Reason sentences in the user's language.

The assessment explains each decision in English (`Reason.text`), with the figures it rests on
in `Reason.metrics`. The web app says the same thing in the user's language: every reason code
has one or more sentence templates here (English msgids, translated in the gettext catalogues),
filled with the reason's own figures, the client's metrics and the policy's thresholds, each
formatted for the locale by Babel (1 234,56 € vs €1,234.56). A template is used when every
figure it names is known; otherwise the next one; otherwise the assessment's English sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel import numbers as babel_numbers

from clientfit.web import i18n


def N_(message: str) -> str:  # noqa: N802 - the gettext marker babel extracts
    """Mark a template for the catalogue; translated when the sentence is made."""
    return message


# code -> templates, most specific first. Placeholders name metrics (reason first, then the
# client's), derived figures (below) or policy settings as "section.name".
SENTENCES: dict[str, tuple[str, ...]] = {
    "TOO_LITTLE_DATA": (
        N_("A small occasional client: %(due_invoice_count)s invoices due and "
           "%(inbound_messages)s messages from the client in %(months_observed)s months, against "
           "%(due_invoice_count_norm)s and %(inbound_messages_norm)s for a typical client here "
           "over as long: too little to judge the relationship."),
        N_("Client for only %(tenure_days)s days (fewer than %(data.min_tenure_days)s): too "
           "little history to decide."),
        N_("Messages from the client in the window: %(inbound_messages)s (fewer than "
           "%(data.min_inbound_messages)s; a typical client here wrote "
           "%(inbound_messages_norm)s): too little to judge the relationship."),
        N_("Invoices due in the window: %(due_invoice_count)s (fewer than "
           "%(data.min_due_invoices)s): too little data to decide."),
    ),
    "LOSS_MAKING": (
        N_("Lost %(loss_minor)s over the window: net revenue %(revenue_minor)s against a "
           "cost-to-serve of %(cost_to_serve_minor)s for %(hours)s hours (margin "
           "%(margin_pct)s)."),
    ),
    "THIN_MARGIN": (
        N_("Margin %(margin_pct)s is below the %(renegotiate.max_margin_pct)s floor: "
           "%(margin_minor)s left from %(revenue_minor)s of net revenue after %(hours)s hours of "
           "work."),
    ),
    "BELOW_KEEP_MARGIN": (
        N_("Margin %(margin_pct)s is below the %(keep.min_margin_pct)s needed to keep the "
           "relationship as it is (%(margin_minor)s on %(revenue_minor)s of net revenue)."),
    ),
    "EFFORT_ABOVE_REVENUE": (
        N_("%(hours_per_1000_revenue)s hours of work per 1,000 of net revenue, "
           "%(effort_vs_median)s× the portfolio median of %(median_hours_per_1000_revenue)s; "
           "effective rate %(effective_hourly_rate_minor)s per hour."),
    ),
    "HIGH_NONBILLABLE": (
        N_("%(nonbillable_share)s of the %(hours)s hours were non-billable (revisions, "
           "rework, extras)."),
    ),
    "SCOPE_REQUESTS": (
        N_("Requests in the window to change or extend the work within the same budget: "
           "%(scope_requests)s (extra versions, another round of revisions, redo from "
           "scratch)."),
    ),
    "PAYS_LATE": (
        N_("Pays %(days_late)s days late on average (amount-weighted); %(late_invoice_count)s "
           "of %(due_invoice_count)s invoices due in the window were paid late or not at "
           "all."),
        N_("Pays %(days_late)s days late on average (amount-weighted)."),
    ),
    "OVERDUE_BALANCE": (
        N_("%(overdue_minor)s is overdue (invoices: %(overdue_invoice_count)s)."),
        N_("%(overdue_minor)s is overdue."),
    ),
    "MISSED_MILESTONES": (
        N_("We missed %(missed_milestone_count)s of %(milestone_count)s milestones due in the "
           "window (%(missed_milestone_share)s)."),
        N_("We missed %(missed_milestone_share)s of the milestones due in the window."),
    ),
    "LARGE_CLIENT": (
        N_("%(revenue_share)s of portfolio net revenue: a large client, judged on its margin, not "
           "its size."),
    ),
    "HEALTHY_MARGIN": (
        N_("Margin %(margin_pct)s on %(revenue_minor)s of net revenue (cost-to-serve "
           "%(cost_to_serve_minor)s)."),
    ),
    "PAYS_ON_TIME": (
        N_("Pays %(days_late)s days late on average (amount-weighted); invoices due: "
           "%(due_invoice_count)s."),
    ),
    "MIXED_SIGNALS": (
        N_("Signals are mixed: complaints in %(complaints)s of %(inbound_messages)s messages (as "
           "many or more: %(complaint_tail_share)s of the %(keep_candidates)s clients here that "
           "meet every KEEP floor, %(candidates_complaint_share)s of their messages), paying "
           "%(days_late)s days late on average (as late or later: %(late_tail_share)s of them) "
           "and a margin of %(margin_pct)s (as thin or thinner: %(margin_tail_share)s of them). "
           "Each is within the ordinary and every KEEP floor is met; all three at once would "
           "come by chance for %(mixed_expected_by_chance)s of the %(keep_candidates)s such "
           "clients here. Too early to call."),
        N_("Signals are mixed: not healthy enough to keep as is, not bad enough to act on "
           "yet."),
    ),
    "PROBABLY_LOST": (
        N_("Probably no longer buying: P(alive) %(p_alive)s after %(weeks_since_last_purchase)s "
           "weeks without an invoice (BG/NBD on its purchase history); a lost client, not one "
           "to release."),
    ),
    "THREATS": (
        N_("Threats or escalations in the window: %(threats)s (manager, lawyer, bad review, "
           "leaving)."),
    ),
    "RECENT_COMPLAINTS": (
        N_("Complaints in the last %(communication.recent_days)s days: %(complaints_recent)s, "
           "out of %(inbound_messages_recent)s messages from the client."),
    ),
    "SLOW_REPLIES": (
        N_("Our first replies took %(response_p90_hours_recent)s business hours at the 90th "
           "percentile in the last %(communication.recent_days)s days (median "
           "%(response_median_hours_recent)s)."),
    ),
    "UNANSWERED": (
        N_("Client messages from the last %(communication.recent_days)s days still without a "
           "reply: %(unanswered_recent)s; repeating a question we never answered: "
           "%(repeated_unanswered_recent)s."),
    ),
    "PAIR_FRICTION": (
        N_("Friction sits with %(staff_name)s: %(pair_negative_share)s of %(pair_messages)s "
           "messages to them in the last %(communication.recent_days)s days carried friction, "
           "against %(others_negative_share)s to the colleagues and %(staff_others_share)s "
           "from their other clients."),
    ),
    "PERSONAL_TURN": (
        N_("A recent turn against %(staff_name)s: since %(since)s %(personal_messages)s of the "
           "client's %(pair_messages)s messages to %(staff_name)s were about %(staff_name)s "
           "personally (%(staff_name)s's usual %(personal_norm_share)s), and "
           "%(friction_messages)s carried friction, against %(before_friction_messages)s of "
           "%(before_messages)s before then and to the colleagues since. Together, allowing for "
           "every day the turn could have begun on, that would come by chance about once in "
           "%(chance_one_in)s pairs."),
        N_("A recent turn against %(staff_name)s: %(personal_messages)s of the client's "
           "%(pair_messages)s messages to %(staff_name)s in the last "
           "%(communication.recent_days)s days were about %(staff_name)s personally "
           "(%(staff_name)s's usual %(personal_norm_share)s), and %(friction_messages)s carried "
           "friction, against %(before_friction_messages)s of %(before_messages)s before and to "
           "the colleagues. Together, that would come by chance about once in "
           "%(chance_one_in)s pairs."),
    ),
    "PERSONAL_MISMATCH": (
        N_("Over the last %(period_days)s days %(personal_messages)s of the client's "
           "%(pair_messages)s messages to %(staff_name)s were about %(staff_name)s personally "
           "(%(staff_name)s's usual %(personal_norm_share)s), and %(friction_messages)s carried "
           "friction, against %(colleague_friction_messages)s of %(colleague_messages)s to the "
           "colleagues over the same months. Together, that would come by chance about once in "
           "%(chance_one_in)s pairs."),
    ),
    "PERSONAL_TONE": (
        N_("Over the last %(period_days)s days the client's %(pair_messages)s messages to "
           "%(staff_name)s read colder than its %(colleague_messages)s messages to the "
           "colleagues (mean tone %(pair_mean_tone)s against %(colleague_mean_tone)s; the "
           "colder of a pair in %(colder_than_colleagues_share)s of comparisons) and than the "
           "%(staff_others_messages)s messages %(staff_name)s had from other clients "
           "(%(staff_others_mean_tone)s; %(colder_than_staff_others_share)s). Both together "
           "would come by chance about once in %(chance_one_in)s pairs."),
    ),
    "PERSONAL_EXPECTED": (
        N_("The client's messages to %(staff_name)s read about %(staff_name)s personally: "
           "%(expected_personal)s expected of %(pair_messages)s in the last %(period_days)s "
           "days (the reader's probabilities summed; %(labelled_personal)s labelled); to "
           "the colleagues %(colleagues_expected_personal)s of %(colleague_messages)s; "
           "%(staff_name)s's other clients %(norm_expected_personal)s per "
           "%(pair_messages)s. Messages like %(staff_name)s's other clients' would read "
           "that much about them by chance about once in %(chance_one_in)s pairs."),
    ),
    "PERSONAL_COMPLAINTS": (
        N_("About %(staff_name)s personally: %(personal_messages)s of the client's "
           "%(pair_messages)s messages to %(staff_name)s in the last %(period_days)s days; to "
           "the colleagues %(colleagues_personal_share)s of %(colleagues_messages)s about "
           "themselves; %(staff_name)s's other clients %(staff_others_personal_share)s; across "
           "the portfolio %(portfolio_personal_share)s. At %(staff_name)s's usual "
           "%(personal_norm_share)s, that many would come by chance about once in "
           "%(chance_one_in)s pairs."),
        N_("About %(staff_name)s personally: %(personal_messages)s of the client's "
           "%(pair_messages)s messages to %(staff_name)s in the last %(period_days)s days; "
           "%(staff_name)s's other clients %(staff_others_personal_share)s; across the "
           "portfolio %(portfolio_personal_share)s. At %(staff_name)s's usual "
           "%(personal_norm_share)s, that many would come by chance about once in "
           "%(chance_one_in)s pairs."),
    ),
    "FRICTION_COMPARISON": (
        N_("In the last %(communication.recent_days)s days, friction in the client's messages: "
           "with %(staff_name)s %(pair_friction_share)s of %(pair_messages)s; with the "
           "colleagues %(colleagues_friction_share)s of %(colleagues_messages)s; "
           "%(staff_name)s with their other clients %(staff_others_friction_share)s of "
           "%(staff_others_messages)s; across the portfolio %(portfolio_friction_share)s."),
        N_("In the last %(communication.recent_days)s days, friction in the client's messages: "
           "with %(staff_name)s %(pair_friction_share)s of %(pair_messages)s; %(staff_name)s "
           "with their other clients %(staff_others_friction_share)s of "
           "%(staff_others_messages)s; across the portfolio %(portfolio_friction_share)s."),
        N_("In the last %(communication.recent_days)s days, friction in the client's messages: "
           "with %(staff_name)s %(pair_friction_share)s of %(pair_messages)s; across the "
           "portfolio %(portfolio_friction_share)s."),
    ),
    "UNBILLED_WORK": (
        N_("%(nonbillable_share)s of the hours in the last %(communication.recent_days)s days "
           "were non-billable (%(time_entries)s time entries), against "
           "%(earlier_nonbillable_share)s in the months before: the terms do not pay for the "
           "work asked."),
        N_("%(nonbillable_share)s of the hours were non-billable (%(time_entries)s time "
           "entries), against %(nonbillable_share_norm)s for the rest of the portfolio: the "
           "terms do not pay for the work asked."),
    ),
    "PAYING_LATER": (
        N_("Lately paying later than it used to: %(very_late_invoice_count_recent)s of "
           "%(told_invoice_count_recent)s invoices due in the last "
           "%(communication.recent_days)s days were paid more than %(keep.max_days_late)s days "
           "late, against %(very_late_invoice_count_before)s of "
           "%(told_invoice_count_before)s before. Cash trouble or the start of leaving: ask "
           "before it becomes a habit."),
    ),
    "BIG_CLIENT_PAYS_LATE": (
        N_("Pays %(days_late)s days late on average (amount-weighted), but it is bigger than "
           "the typical client here (%(revenue_share)s of net revenue against "
           "%(revenue_share_norm)s for the median client), late on %(late_invoice_share)s of "
           "its invoices, steadily, and profitable: a long payables cycle to plan cash around, "
           "not a reason to act."),
        N_("Pays %(days_late)s days late on average (amount-weighted), but it is a large "
           "client (%(revenue_share)s of net revenue) and profitable: a long payables cycle to "
           "plan cash around, not a reason to act."),
    ),
    "HOSTILE_WITH_EVERYONE": (
        N_("Hostile or threatening messages in the window: %(hostile_messages)s, to "
           "%(hostile_staff)s staff members: the conduct is the client's, not one "
           "colleague's."),
    ),
    "HOSTILE_BUT_PROFITABLE": (
        N_("Hostile or threatening in %(hostile_messages)s of %(hostile_inbound)s messages, to "
           "%(hostile_staff)s staff members, but profitable (margin %(margin_pct)s) and paying "
           "%(paid_days_late)s days late on average: keep, and set boundaries. Name the conduct "
           "to the client's decision-maker and protect the staff: nobody handles the account "
           "alone, and abuse is escalated, not absorbed."),
        N_("Hostile or threatening in %(hostile_messages)s of %(hostile_inbound)s messages, to "
           "%(hostile_staff)s staff members: abuse of the team is a cost to weigh with the "
           "economics."),
    ),
    "OUR_APOLOGIES": (
        N_("We apologised to the client %(apologies_recent)s times in the last "
           "%(communication.recent_days)s days, more often than to a typical client."),
    ),
    "PAIR_FRICTION_PERSISTENT": (
        N_("The friction with %(staff_name)s was already there before the last "
           "%(communication.recent_days)s days: it persists rather than being a recent "
           "episode."),
    ),
    "PAIR_FRICTION_RECENT": (
        N_("It started within the last %(communication.recent_days)s days: a conversation by "
           "%(staff_name)s can still reset it."),
    ),
    "BEST_FIT_COLLEAGUE": (
        N_("Best fit to take over: %(staff_name)s (the lowest expected friction with this "
           "client among the colleagues: friction in %(colleague_friction_share)s of the "
           "client's %(colleague_messages)s messages to them over the window)."),
        N_("Best fit to take over: %(staff_name)s (the lowest expected friction with this "
           "client among the colleagues)."),
    ),
    "DIFFICULT_WITH_EVERYONE": (
        N_("The client's friction is high with everyone: %(client_friction_share)s of its "
           "messages to the staff, against %(portfolio_friction_share)s across the portfolio; "
           "it is not personal to one colleague."),
        N_("The client's own friction is high with everyone (client effect "
           "%(client_effect)s): it is not personal to one colleague."),
    ),
    "STAFF_FRICTION": (
        N_("Coaching note for %(staff_name)s: friction with many clients, not only this one. "
           "This is not a reason to act against the client."),
    ),
    "CHURN_RISK": (
        N_("Risk of leaving within %(churn.horizon_days)s days: %(churn_risk_90d)s against "
           "%(churn_risk_average_90d)s for an average retainer. Driven by %(drivers_text)s."),
        N_("Risk of leaving within %(churn.horizon_days)s days: %(churn_risk_90d)s. Driven by "
           "%(drivers_text)s."),
        N_("Risk of leaving within %(churn.horizon_days)s days: %(churn_risk_90d)s against "
           "%(churn_risk_average_90d)s for an average retainer."),
        N_("Risk of leaving within %(churn.horizon_days)s days: %(churn_risk_90d)s."),
    ),
}

# What drives a churn risk (CHURN_RISK's `drivers`: covariate, value, factor), one phrase each.
DRIVERS: dict[str, str] = {
    "negative_share": N_("tone: %(value)s of the client's messages in the last %(days)s days "
                         "negative"),
    "inbound_per_month": N_("going quiet: %(value)s messages a month from the client"),
    "reply_hours": N_("our replies: first reply after %(value)s calendar hours (median, nights "
                       "and weekends included)"),
    "unanswered_share": N_("unanswered: %(value)s of the client's messages"),
    "days_late": N_("payments: %(value)s days late on average"),
    "missed_share": N_("milestones: %(value)s missed"),
    "tenure_days": N_("tenure: a relationship of %(value)s days"),
}
DRIVER_FACTOR = N_("%(driver)s (factor ×%(factor)s)")

PLACEHOLDER = re.compile(r"%\(([^)]+)\)s")
SIGNED = ("_effect", "excess_friction", "_mean_tone")  # shown with their sign: +0,46 / −0,01
TWO_DIGITS = ("p_alive", "excess_lower", "excess_upper", "client_lower", "effect",
              "_by_chance")
WHOLE = ("weeks_since_last_purchase", "_days", "_count")
PERCENT = ("_pct", "_share", "_share_norm", "interval_level", "_probability")
PERCENT_PREFIX = ("churn_risk",)  # probabilities of leaving


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


def format_value(key: str, value: Any, currency: str | None, lang: str) -> str | None:
    """One figure as the locale writes it, chosen by its name (docs/metrics.md's suffixes);
    None when it is missing or not a number it can show."""
    name = key.rsplit(".", 1)[-1]
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, date | datetime):
        return i18n.day(value, lang)
    if not isinstance(value, int | float) or value != value:  # NaN
        return None
    if name.endswith("_minor"):
        return i18n.money(value, currency, lang)
    if name.endswith(PERCENT) or name.startswith(PERCENT_PREFIX):
        return i18n.percent(value, 1, lang)
    if name == "relative_effect":
        return "×" + i18n.number(value, 2, lang)
    if name.endswith(SIGNED):
        return babel_numbers.format_decimal(value, format="+#,##0.00;-#,##0.00",
                                            locale=i18n.babel_locale(lang))
    if isinstance(value, int) or name.endswith(WHOLE):
        return i18n.number(value, 0, lang)
    return i18n.number(value, 2 if name.endswith(TWO_DIGITS) else 1, lang)


def figures(reason_metrics: Mapping[str, Any], metrics: Mapping[str, Any],
            settings: Mapping[str, Any] | None, staff_names: Mapping[str, str]
            ) -> dict[str, Any]:
    """Every value a template may name: the client's metrics, the reason's own (which win),
    figures derived from them, and the policy's settings as "section.name"."""
    values: dict[str, Any] = {**metrics, **reason_metrics}
    margin = values.get("margin_minor")
    if isinstance(margin, int | float):
        values["loss_minor"] = -margin
    ratio, hours = values.get("effort_vs_median"), values.get("hours_per_1000_revenue")
    if isinstance(ratio, int | float) and isinstance(hours, int | float) and ratio:
        values["median_hours_per_1000_revenue"] = hours / ratio
    staff_id = values.get("staff_id")
    if isinstance(staff_id, str):
        values["staff_name"] = staff_names.get(staff_id, staff_id)
    for section, table in (settings or {}).items():
        if isinstance(table, Mapping):
            for name, setting in table.items():
                values[f"{section}.{name}"] = setting
    return values


def driver_phrase(driver: Mapping[str, Any], days: Any, currency: str | None,
                  lang: str) -> str:
    """One driver of a churn risk: "tone: 40,0% of the client's messages ... (×1,8)"."""
    catalogue = i18n.translations(lang)
    covariate = str(driver.get("covariate"))
    value = format_value(covariate, driver.get("value"), currency, lang) or "–"
    template = DRIVERS.get(covariate)
    phrase = (catalogue.gettext(template) % {"value": value, "days": format_value(
        "days", days, currency, lang) or "–"}) if template else f"{covariate} = {value}"
    factor = format_value("factor", driver.get("factor"), currency, lang)
    if factor is None:
        return phrase
    return catalogue.gettext(DRIVER_FACTOR) % {"driver": phrase, "factor": factor}


def sentence(code: str, reason_metrics: Mapping[str, Any], metrics: Mapping[str, Any], *,
             currency: str | None, lang: str, fallback: str,
             settings: Mapping[str, Any] | None = None,
             staff_names: Mapping[str, str] | None = None) -> str:
    """The reason in `lang`, or `fallback` (the assessment's sentence) when no template of
    the code has every figure it needs."""
    values = figures(reason_metrics, metrics, settings, staff_names or {})
    catalogue = i18n.translations(lang)
    drivers = values.get("drivers")
    if isinstance(drivers, list) and drivers:
        days = (settings or {}).get("churn", {}).get("lookback_days")
        values["drivers_text"] = "; ".join(
            driver_phrase(d, days, currency, lang) for d in drivers if isinstance(d, Mapping))
    for template in SENTENCES.get(code, ()):
        formatted = {}
        for key in placeholders(template):
            shown = format_value(key, values.get(key), currency, lang)
            if shown is None:
                break
            formatted[key] = shown
        else:
            return catalogue.gettext(template) % formatted
    return fallback
