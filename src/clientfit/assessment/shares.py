"""Shares of messages as counts with their uncertainty: the statistics every rule that compares
two shares uses (Agresti-Caffo intervals of a difference, binomial tails, Fisher's combination).
Pure: no I/O."""

from __future__ import annotations

import math
from statistics import NormalDist

from clientfit.domain import Count, ToneRanks


def gap(a: Count, b: Count) -> tuple[float, float] | None:
    """share(a) - share(b) and its standard error (Agresti-Caffo); None without data."""
    if a.n == 0 or b.n == 0:
        return None
    pa, pb = (a.hits + 1) / (a.n + 2), (b.hits + 1) / (b.n + 2)
    return pa - pb, math.sqrt(pa * (1 - pa) / (a.n + 2) + pb * (1 - pb) / (b.n + 2))


def chance_above(a: Count, b: Count) -> float | None:
    """One-sided chance of share(a) this far above share(b) were it no higher (normal, on the
    Agresti-Caffo difference); None without data on a side."""
    found = gap(a, b)
    if found is None:
        return None
    return 1.0 - NormalDist().cdf(found[0] / found[1])


def gap_lower(a: Count, b: Count, level: float) -> float | None:
    """Lower end of the `level` interval of share(a) - share(b); None without data on a side."""
    found = gap(a, b)
    if found is None:
        return None
    return found[0] - NormalDist().inv_cdf(0.5 + level / 2) * found[1]


def colder_chance(ranks: ToneRanks) -> float | None:
    """One-sided chance of messages this much colder than the others were they no colder
    (Mann-Whitney, normal with a continuity correction and no correction for ties, which
    only makes it larger); None without messages on a side."""
    n, m = ranks.n, ranks.m
    if not n or not m:
        return None
    spread = math.sqrt(n * m * (n + m + 1) / 12.0)
    return 1.0 - NormalDist().cdf((ranks.colder - n * m / 2.0 - 0.5) / spread)


def binomial_tail(count: Count, share: float) -> float:
    """The chance of at least `count.hits` of `count.n` at `share` (1.0 without hits)."""
    if count.hits <= 0:
        return 1.0
    if share <= 0.0:
        return 0.0
    if share >= 1.0:
        return 1.0
    below = sum(math.comb(count.n, i) * share ** i * (1 - share) ** (count.n - i)
                for i in range(count.hits))
    return max(0.0, 1.0 - below)


def fisher(*chances: float) -> float:
    """Fisher's combination of independent one-sided chances (chi-square, 2k degrees of
    freedom; closed form for even degrees)."""
    statistic = -sum(math.log(max(c, 1e-300)) for c in chances)  # half the chi-square
    return min(1.0, math.exp(-statistic) * sum(statistic ** i / math.factorial(i)
                                               for i in range(len(chances))))


def without(total: Count, part: Count) -> Count:
    """`total` less `part`: the rest of a count."""
    return Count(total.hits - part.hits, total.n - part.n)


def share_text(count: Count) -> str:
    """"62 % of 40 messages", or "no messages"."""
    share = count.share
    return "no messages" if share is None else \
        f"{share * 100:.0f} % of {count.n} message{'s' if count.n != 1 else ''}"
