"""How much a client gives to judge it on: its invoices due and own messages per month it was a
client in the window, and the typical client's (the yardstick of "too little data")."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from clientfit.domain import Window


def months_observed(row: Mapping[str, Any], window: Window) -> float:
    """The months of the window the client was a client (from its start when that falls in
    the window), at least one: the exposure its counts of invoices and messages accrue over."""
    started = row.get("started_on")
    begin = max(started, window.start) if isinstance(started, date) else window.start
    return max(1.0, (window.as_of - begin).days / 30.44)


def activity_norms(rows: Sequence[Mapping[str, Any]], window: Window) -> dict[str, float]:
    """The typical client's invoices due and own messages per month of the window (medians of
    the per-client rates): the yardstick of how little a client gives to judge it on."""
    norms: dict[str, float] = {}
    for name in ("due_invoice_count", "inbound_messages"):
        rates = [(row.get(name) or 0) / months_observed(row, window) for row in rows]
        if rates:
            norms[f"{name}_per_month"] = float(statistics.median(rates))
    return norms
