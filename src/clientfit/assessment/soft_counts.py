""""Is it just me?" on soft counts: the reader's probabilities summed over messages.

The reader labels a message about the person (complaint_person) only when its probability
reaches the head's threshold, and a polite request about the account owner ("would it be
possible for Rachel to join our calls again?") stays far below it. Summed over dozens of
messages, the probabilities still say how many of them are about the person: the expected
number. A pair whose messages read about the person clearly more than that person's other
clients' messages (the person's own norm, never below the portfolio's) and more than the same
client's messages to the colleagues is personal to the pair, the same question `whose` asks of
the labels.

Each comparison is of two means of probabilities over messages, with their uncertainty: the
difference over its standard error (Welch, the normal approximation, the spread of the
probabilities between the messages of each side), read as the chance of a difference at least
that large if both sides were alike. The pair needs, over the recent period or over the recent
and history periods (the span), at most `reset.soft_alpha` chance against the person's norm,
at least `reset.soft_min_excess` expected messages more than that norm would give, and its
mean at least `reset.soft_min_ratio` times the norm; and, when the client wrote to the
colleagues at least `reset.min_colleague_messages` times over the span, at most
`reset.soft_colleagues_alpha` chance against them (a client who writes that way to everyone is
not personal to one pair). Persistent (REASSIGN) when the history period alone already shows
it against the norm (`reset.soft_persistent_alpha`). Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from clientfit.assessment.turn import Setting
from clientfit.domain import FrictionCounts, PairCounts, SoftCount

SCALES = ("logit", "probability")
LOGIT_SPREAD_FLOOR = 1.0  # log-odds: the least spread between messages a mean is read with


def variance(soft: SoftCount, scale: str = "probability") -> float:
    """The spread (sample variance) of `soft`'s messages' probabilities, or log-odds."""
    if soft.n < 2:
        return 0.0
    total, squares = (soft.logits, soft.logit_squares) if scale == "logit" else \
        (soft.expected, soft.squares)
    return max(squares - total ** 2 / soft.n, 0.0) / (soft.n - 1)


def _mean(soft: SoftCount, scale: str) -> float:
    return (soft.mean_logit if scale == "logit" else soft.mean) or 0.0


def excess_chance(mine: SoftCount, norm: SoftCount | float, floor: float | None = None,
                  scale: str = "probability") -> float:
    """The chance (one-sided, normal approximation) that `mine`'s messages read about the
    person on average at least as much as they do if they were like `norm`'s: a SoftCount
    (both means uncertain, Welch) or a known mean. Means of the probabilities, or of their
    log-odds (`scale`); the norm's mean is never taken below `floor` (on the same scale).
    1.0 when there is nothing to compare."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; valid: {', '.join(SCALES)}")
    if not mine.n:
        return 1.0
    if isinstance(norm, SoftCount):
        if not norm.n:
            return 1.0
        reference, spread = _mean(norm, scale), variance(norm, scale) / norm.n
    else:
        reference, spread = norm, 0.0
    if floor is not None:
        reference = max(reference, floor)
    se = math.sqrt(variance(mine, scale) / mine.n + spread)
    # a floor under the standard error: the same value on every message is no certainty
    least = LOGIT_SPREAD_FLOOR if scale == "logit" else \
        math.sqrt(max(reference * (1 - reference), 1e-6)) / 4
    se = max(se, least / math.sqrt(mine.n))
    return 1.0 - NormalDist().cdf((_mean(mine, scale) - reference) / se)


def norm_of(pair: PairCounts, counts: FrictionCounts, scale: str = "probability") -> float:
    """The person's own norm: the mean (probability or log-odds) over their other clients'
    messages, never below the portfolio's."""
    own = pair.soft_staff_others_personal
    portfolio = _mean(counts.soft_portfolio_personal, scale)
    return max(_mean(own, scale), portfolio) if own.n else portfolio


@dataclass(frozen=True)
class SoftPersonal:
    """The pair's soft counts that make it personal, and what they were compared with."""

    period: str  # "recent" or "span" (recent + history periods)
    mine: SoftCount  # the pair's soft count in that period
    norm: float  # the person's own norm (mean probability per message)
    chance: float  # of `mine` against the person's other clients
    colleagues: SoftCount  # the client's messages to the colleagues over the span
    colleagues_chance: float | None  # of `mine` against them (None: too few to compare)
    history: SoftCount  # the pair in the history period alone
    history_chance: float  # of `history` against the person's other clients


def soft_personal(pair: PairCounts, counts: FrictionCounts, setting: Setting
                  ) -> SoftPersonal | None:
    """The pair's messages read about the person far above the person's own norm and the
    colleagues' (see the module doc); None otherwise, or when the analyses carry no
    probabilities, or when the route is off (`reset.soft_alpha` 0)."""
    alpha = float(setting("reset", "soft_alpha"))
    if alpha <= 0 or not counts.soft_portfolio_personal.n:
        return None
    scale = str(setting("reset", "soft_scale"))
    least = int(setting("reset", "min_pair_messages"))
    min_excess = float(setting("reset", "soft_min_excess"))
    min_ratio = float(setting("reset", "soft_min_ratio"))
    norm = norm_of(pair, counts)  # probability: the expected counts and the reason
    reference = pair.soft_staff_others_personal if pair.soft_staff_others_personal.n else \
        norm_of(pair, counts, scale)
    floor = _mean(counts.soft_portfolio_personal, scale)
    span = pair.soft_personal + pair.soft_history_personal
    tried = []
    for period, mine in (("recent", pair.soft_personal), ("span", span)):
        if mine.n < least or mine.expected - mine.n * norm < min_excess or \
                (mine.mean or 0.0) < min_ratio * norm:
            continue
        tried.append((excess_chance(mine, reference, floor, scale), period, mine))
    if not tried:
        return None
    chance, period, mine = min(tried, key=lambda t: t[0])
    if chance >= alpha:
        return None
    colleagues = pair.soft_colleagues_personal
    colleagues_chance = None
    if colleagues.n >= int(setting("reset", "min_colleague_messages")):
        colleagues_chance = excess_chance(span, colleagues, scale=scale)
        if colleagues_chance >= float(setting("reset", "soft_colleagues_alpha")):
            return None  # the client writes that way to the colleagues too
    history = pair.soft_history_personal
    return SoftPersonal(period, mine, norm, chance, colleagues, colleagues_chance, history,
                        excess_chance(history, reference, floor, scale)
                        if history.n >= least else 1.0)


def soft_metrics(found: SoftPersonal) -> dict[str, Any]:
    """The figures of a soft finding, for a reason's metrics."""
    return {
        "period": found.period, "expected_personal": round(found.mine.expected, 2),
        "pair_messages": found.mine.n, "personal_norm_mean": round(found.norm, 4),
        "colleagues_expected_personal": round(found.colleagues.expected, 2),
        "colleague_messages": found.colleagues.n, "chance": found.chance,
        "colleagues_chance": found.colleagues_chance,
        "history_expected_personal": round(found.history.expected, 2),
        "history_messages": found.history.n, "history_chance": found.history_chance,
    }
