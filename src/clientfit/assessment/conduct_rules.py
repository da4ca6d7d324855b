"""Abusive conduct: whether a client is hostile with several staff members beyond the rest of
the portfolio, and what that does to a decision its economics alone would make."""

from __future__ import annotations

from clientfit.assessment.client_case import ClientCase, present
from clientfit.assessment.reasons import percent, reason
from clientfit.assessment.shares import gap_lower
from clientfit.domain import Count, Decision, Reason


class ConductRules(ClientCase):
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
        days_late = m["days_late"] if present(m["days_late"]) else 0.0
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
