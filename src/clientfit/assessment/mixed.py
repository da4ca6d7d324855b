"""Genuinely mixed signals: a client that passes every KEEP floor (healthy margin, paid on time,
work delivered), but is worse than most of the portfolio's other such clients on several counts
at once — the floors say keep, the comparison with the clients they keep says not as it is.

The yardstick is the portfolio's *KEEP candidates* (the clients that pass the same floors, the
spread `portfolio.keep_spread` builds), not every client: the clients that are late or losing
money are decided by other rules, and counting them in would make "later than most" mean "later
than the portfolio's bad payers". On each of three counts the client's *rank* among them — the
share of candidates at least as far out: more complaints per message (each candidate's share
drawn toward the candidates' pooled share in proportion to how few messages it rests on, an
empirical-Bayes estimate), a later payer, a thinner margin. A rank is an effect size: a client
with 300 messages and a few more complaints than usual is not made exceptional by its many
messages, as a binomial test against the pooled share would (clients differ more than a
binomial allows).

Three ways of being worse must hold at once, each within the worse `watch.mixed_tail` of the
candidates, and their product must be rare: the chance that a candidate drawn at random is that
far out on all three (independent ranks) times the number of candidates tested is the number of
clients of this portfolio expected to look as mixed by chance; WATCH when it is at most
`watch.mixed_false_alarms`. So a bigger portfolio asks more of each client (more are tested).
Pure.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from clientfit.assessment.reasons import percent, reason
from clientfit.domain import EvidenceRef, Reason

Setting = Callable[[str, str], Any]
EvidenceOf = Callable[[str], tuple[EvidenceRef, ...]]

# the counts a mixed client is ranked on: (spread key, worse when higher)
COUNTS = (("complaint_share", True), ("days_late", True), ("margin_pct", False))


def tail_share(values: Sequence[float], value: float, upper: bool) -> float:
    """The share of the `values` (sorted ascending) at or beyond `value` (above it when
    `upper`), never below one value's share: how often a typical candidate here is at least
    this far out. 1.0 without values. A binary search: a portfolio of 100,000 clients ranks
    each in microseconds."""
    if not values:
        return 1.0
    beyond = len(values) - bisect_left(values, value) if upper else bisect_right(values, value)
    return max(beyond, 1) / len(values)


def pooled_prior(counts: Sequence[tuple[int, int]]) -> tuple[float, float]:
    """The candidates' pooled complaint share and the prior's weight in messages (a
    beta-binomial fitted by moments): how far a share resting on few messages is drawn toward
    the pooled one. Clients that differ no more than a binomial allows weigh infinitely."""
    hits, total = sum(h for h, _ in counts), sum(n for _, n in counts)
    if total <= 0:
        return 0.0, math.inf
    share = hits / total
    used = [(h, n) for h, n in counts if n > 0]
    if len(used) < 3 or share <= 0.0 or share >= 1.0:
        return share, math.inf
    # between-client variance: the observed spread of shares less the binomial part
    observed = sum(n * (h / n - share) ** 2 for h, n in used) / total
    binomial = share * (1 - share) * len(used) / total
    between = observed - binomial
    if between <= 0:
        return share, math.inf
    return share, max(share * (1 - share) / between - 1.0, 0.0)


def shrunk_share(hits: int, n: int, prior: tuple[float, float]) -> float:
    """`hits` of `n` drawn toward the pooled share by the prior's weight."""
    share, weight = prior
    if math.isinf(weight):
        return share
    return (hits + weight * share) / (n + weight) if n + weight > 0 else share


def chance_all_three(ranks: Sequence[float], tail: float) -> float:
    """The chance that a candidate with independent uniform ranks is within the worse `tail`
    on every count and its ranks' product at most this one's (the product of k uniforms on
    [0, 1] is below s with chance s * sum_{i<k} (-ln s)^i / i!)."""
    k = len(ranks)
    scaled = math.prod(ranks) / tail ** k
    if scaled >= 1.0:
        return tail ** k
    log = -math.log(max(scaled, 1e-300))
    return tail ** k * scaled * sum(log ** i / math.factorial(i) for i in range(k))


def mixed_signals(metrics: Mapping[str, Any], spread: Mapping[str, Sequence[float]],
                  norms: Mapping[str, float], setting: Setting,
                  evidence: EvidenceOf) -> Reason | None:
    """MIXED_SIGNALS for a client otherwise KEEP (see the module), or None. `spread` holds the
    KEEP candidates' values of each count (`complaint_share` already shrunk) and `norms` the
    candidates' pooled complaint share and prior weight (`mixed_complaint_share`,
    `mixed_prior_weight`)."""
    budget = float(setting("watch", "mixed_false_alarms"))
    tail = float(setting("watch", "mixed_tail"))
    margin, days_late = metrics.get("margin_pct"), metrics.get("days_late")
    inbound = int(metrics.get("inbound_messages") or 0)
    candidates = len(spread.get("margin_pct", ()))
    if budget <= 0 or inbound <= 0 or margin is None or margin != margin or candidates < 3:
        return None
    days_late = float(days_late) if days_late is not None and days_late == days_late else 0.0
    complaints = int(metrics.get("complaints") or 0)
    prior = (float(norms.get("mixed_complaint_share", 0.0)),
             float(norms.get("mixed_prior_weight", math.inf)))
    values = {"complaint_share": shrunk_share(complaints, inbound, prior),
              "days_late": days_late, "margin_pct": float(margin)}
    ranks = tuple(tail_share(spread.get(name, ()), values[name], upper)
                  for name, upper in COUNTS)
    if max(ranks) > tail:
        return None
    expected = candidates * chance_all_three(ranks, tail)
    if expected > budget:
        return None
    return reason(
        "MIXED_SIGNALS",
        f"Signals are mixed: complaints in {complaints} of {inbound} messages (as many or more: "
        f"{percent(ranks[0])} of the {candidates} clients here that meet every KEEP floor, "
        f"{percent(prior[0])} of their messages), paying {days_late:.1f} days late on average "
        f"(as late or later: {percent(ranks[1])} of them) and a margin of "
        f"{percent(float(margin))} (as thin or thinner: {percent(ranks[2])} of them). Each is "
        "within the ordinary and every KEEP floor is met; all three at once would come by "
        f"chance for {expected:.2f} of the {candidates} such clients here: not healthy enough "
        "to keep as is, nothing to act on yet. Too early to call.",
        {"complaints": complaints, "inbound_messages": inbound,
         "candidates_complaint_share": round(prior[0], 4), "days_late": days_late,
         "complaint_tail_share": round(ranks[0], 4), "late_tail_share": round(ranks[1], 4),
         "margin_pct": margin, "margin_tail_share": round(ranks[2], 4),
         "keep_candidates": candidates, "mixed_expected_by_chance": round(expected, 2)},
        evidence("complaint_messages") + evidence("late_invoices"))
