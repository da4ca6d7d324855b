"""Before any decision: too little data to judge the client, or a project client probably lost
(both WATCH)."""

from __future__ import annotations

from datetime import date

from clientfit.assessment.activity import months_observed
from clientfit.assessment.client_case import ClientCase
from clientfit.assessment.reasons import reason
from clientfit.domain import Reason


class SufficiencyRules(ClientCase):
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
