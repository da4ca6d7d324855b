"""Unbilled work judged on counts: is a larger share of the client's hours non-billable than
the rest of the portfolio's, or than its own in the months before, by more than chance allows?

The share is of minutes (hours weigh what they cost); its certainty is that of the number of
time entries behind it, so a few long entries say less than many. The comparison is the lower
end of the interval of the difference (shares.gap_lower, at `reset.interval_level`), in the
recent period (`communication.recent_days`: scope creep that grew lately shows there before it
moves the year) and over the whole window, and of the recent period against the client's own
earlier months (a non-billable share rising); the best-supported of the three counts. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from clientfit.assessment.shares import gap_lower
from clientfit.domain import Count

Setting = Callable[[str, str], Any]


@dataclass(frozen=True)
class Unbilled:
    """The client's non-billable share against the rest of the portfolio's, in one period."""

    recent: bool  # the recent period (else the whole window)
    share: float  # the client's non-billable share of minutes
    entries: int  # the client's time entries behind it
    norm_share: float  # the rest of the portfolio's share
    gap: float  # lower end of the interval of share - norm_share
    own: bool = False  # norm_share is the client's own earlier share (rising), not the others'


def _count(share: float, entries: int) -> Count:
    return Count(round(share * entries), entries)


def _period(metrics: Mapping[str, Any], norms: Mapping[str, float], suffix: str,
            level: float, recent: bool) -> Unbilled | None:
    minutes = float(metrics.get(f"minutes{suffix}") or 0)
    nonbillable = float(metrics.get(f"nonbillable_minutes{suffix}") or 0)
    entries = int(metrics.get(f"time_entry_count{suffix}") or 0)
    rest_minutes = norms.get(f"minutes{suffix}_total", 0.0) - minutes
    rest_nonbillable = norms.get(f"nonbillable_minutes{suffix}_total", 0.0) - nonbillable
    rest_entries = int(norms.get(f"time_entry_count{suffix}_total", 0.0)) - entries
    if minutes <= 0 or entries <= 0 or rest_minutes <= 0 or rest_entries <= 0:
        return None
    share, norm_share = nonbillable / minutes, rest_nonbillable / rest_minutes
    gap = gap_lower(_count(share, entries), _count(norm_share, rest_entries), level)
    return None if gap is None else Unbilled(recent, share, entries, norm_share, gap)


def _rising(metrics: Mapping[str, Any], level: float) -> Unbilled | None:
    """The recent period against the same client's earlier months of the window."""
    minutes, recent_minutes = (float(metrics.get(n) or 0) for n in ("minutes", "minutes_recent"))
    nonbillable, recent_nonbillable = (float(metrics.get(n) or 0) for n in (
        "nonbillable_minutes", "nonbillable_minutes_recent"))
    entries, recent_entries = (int(metrics.get(n) or 0) for n in (
        "time_entry_count", "time_entry_count_recent"))
    earlier_minutes, earlier_entries = minutes - recent_minutes, entries - recent_entries
    if recent_minutes <= 0 or recent_entries <= 0 or earlier_minutes <= 0 or \
            earlier_entries <= 0:
        return None
    share = recent_nonbillable / recent_minutes
    earlier = (nonbillable - recent_nonbillable) / earlier_minutes
    gap = gap_lower(_count(share, recent_entries), _count(earlier, earlier_entries), level)
    return None if gap is None else Unbilled(True, share, recent_entries, earlier, gap, True)


def unbilled_work(metrics: Mapping[str, Any], norms: Mapping[str, float],
                  setting: Setting) -> Unbilled | None:
    """The better-supported period when the client's non-billable share is above the rest of
    the portfolio's by more than `renegotiate.min_unbilled_gap` (lower end of the interval) and
    at least `renegotiate.min_nonbillable_share`; None otherwise."""
    level = float(setting("reset", "interval_level"))
    found = [p for p in (_period(metrics, norms, "_recent", level, True),
                         _period(metrics, norms, "", level, False),
                         _rising(metrics, level)) if p is not None]
    if not found:
        return None
    best = max(found, key=lambda p: p.gap)
    if best.gap <= float(setting("renegotiate", "min_unbilled_gap")) or \
            best.share < float(setting("renegotiate", "min_nonbillable_share")):
        return None
    return best
