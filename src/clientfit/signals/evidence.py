"""The records behind each signal, by client: what a reason points to."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

import ibis

from clientfit.domain import EvidenceKind, EvidenceRef, Window
from clientfit.signals.compute import LATE_DAYS, RECENT_DAYS
from clientfit.signals.delivery import milestone_status
from clientfit.signals.payment import invoice_lateness
from clientfit.signals.tables import Tables, in_window

EvidenceIndex = dict[str, dict[str, tuple[EvidenceRef, ...]]]
"""evidence set name -> client id -> references (see EVIDENCE_SETS)."""

EVIDENCE_SETS = {
    "invoices_in_window": "invoices issued in the window (revenue)",
    "late_invoices": "invoices due in the window and paid late or not at all",
    "overdue_invoices": "invoices past due and not fully paid on the as-of date",
    "time_entries_in_window": "time entries in the window (hours and cost-to-serve)",
    "nonbillable_time_entries": "non-billable time entries in the window",
    "missed_milestones": "milestones due in the window and delivered late or not at all",
    "very_late_invoices_recent": "invoices due in the recent period and settled more than "
                                 "keep.max_days_late days late (or still unpaid that long)",
    "nonbillable_time_entries_recent": "non-billable time entries in the recent period",
}


def collect_evidence(connection: Any, window: Window, recent_days: int = RECENT_DAYS,
                     late_days: int = LATE_DAYS) -> EvidenceIndex:
    tables = Tables.from_connection(connection)
    recent = Window(max(window.start, window.as_of - timedelta(days=recent_days - 1)),
                    window.as_of)
    index: EvidenceIndex = {}
    invoices = tables.invoices
    lateness = invoice_lateness(tables, window)
    entries = tables.time_entries.filter(in_window(tables.time_entries.work_date, window))
    milestones = milestone_status(tables, window)
    queries = {
        "invoices_in_window": (
            invoices.filter(in_window(invoices.issue_date, window)), "invoice_id",
            EvidenceKind.INVOICE),
        "late_invoices": (
            lateness.filter(lateness.due_in_window & lateness.paid_late), "invoice_id",
            EvidenceKind.INVOICE),
        "overdue_invoices": (lateness.filter(lateness.overdue), "invoice_id", EvidenceKind.INVOICE),
        "time_entries_in_window": (entries, "entry_id", EvidenceKind.TIME_ENTRY),
        "nonbillable_time_entries": (
            entries.filter(~entries.billable), "entry_id", EvidenceKind.TIME_ENTRY),
        "missed_milestones": (
            milestones.filter(milestones.missed), "milestone_id", EvidenceKind.MILESTONE),
        "very_late_invoices_recent": (
            lateness.filter(lateness.due_in_window & (lateness.days_late > late_days)
                            & (lateness.due_date >= ibis.date(recent.start))),
            "invoice_id", EvidenceKind.INVOICE),
        "nonbillable_time_entries_recent": (
            entries.filter(~entries.billable & in_window(entries.work_date, recent)), "entry_id",
            EvidenceKind.TIME_ENTRY),
    }
    for name, (table, id_column, kind) in queries.items():
        rows = table.select("client_id", id_column).order_by(id_column).to_pandas()
        grouped: dict[str, list[EvidenceRef]] = defaultdict(list)
        for client_id, record_id in zip(rows["client_id"].tolist(), rows[id_column].tolist(),
                                        strict=True):
            grouped[client_id].append(EvidenceRef(kind, record_id))
        index[name] = {client_id: tuple(refs) for client_id, refs in grouped.items()}
    return index
