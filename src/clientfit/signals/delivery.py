"""Delivery signals: milestones we missed."""

from __future__ import annotations

import ibis
from ibis.expr.types import Table

from clientfit.domain import Window
from clientfit.signals.tables import Tables, in_window


def milestone_status(tables: Tables, window: Window) -> Table:
    """Milestones due in the window (up to the as-of date), each marked missed or not.

    Missed: delivered after its due date, or still not delivered on the as-of date once the
    due date has passed. A delivery dated after the as-of date is not yet known.
    """
    as_of = ibis.date(window.as_of)
    milestones = tables.milestones.filter(in_window(tables.milestones.due_date, window))
    delivered = ibis.ifelse(
        milestones.delivered_on <= as_of, milestones.delivered_on, ibis.null("date")
    )
    missed = ibis.ifelse(
        delivered.isnull(), milestones.due_date < as_of, delivered > milestones.due_date
    )
    return milestones.mutate(missed=missed)


def delivery(tables: Tables, window: Window) -> Table:
    status = milestone_status(tables, window)
    return status.group_by("client_id").aggregate(
        milestone_count=status.count(), missed_milestone_count=status.missed.sum()
    )
