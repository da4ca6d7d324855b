"""The records behind each signal, by client: what a reason points to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clientfit.domain import EvidenceKind, EvidenceRef, Window
from clientfit.signals.compute import LATE_DAYS, RECENT_DAYS
from clientfit.signals.delivery import milestone_status
from clientfit.signals.payment import invoice_lateness
from clientfit.signals.tables import Tables, in_window

EvidenceIndex = dict[str, Mapping[str, tuple[EvidenceRef, ...]]]
"""evidence set name -> client id -> references (see EVIDENCE_SETS; `RecordIds` here, plain
dicts for the sets of messages and churn)."""

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
        rows = table.select("client_id", id_column).order_by(["client_id", id_column])
        index[name] = RecordIds.from_arrow(rows.to_pyarrow(), id_column, kind)
    return index


class RecordIds(Mapping[str, tuple[EvidenceRef, ...]]):
    """One evidence set, client id -> references, kept as the engine returned it: the record
    ids in one Arrow array (client by client, each client's in id order) and each
    client's slice of it. A client's references are made when they are asked for, so a large
    portfolio holds ~20 bytes per record here instead of a Python object per reference (at
    100,000 clients the evidence sets are ~10 million records: docs/scale.md)."""

    def __init__(self, kind: EvidenceKind, ids: pa.Array, clients: dict[str, int],
                 bounds: np.ndarray) -> None:
        self.kind = kind
        self.ids = ids
        self.clients = clients  # client id -> its position in `bounds`
        self.bounds = bounds  # client i's ids are ids[bounds[i]:bounds[i + 1]]

    @classmethod
    def from_arrow(cls, rows: pa.Table, id_column: str, kind: EvidenceKind) -> RecordIds:
        """From rows (client_id, id_column) ordered by client, then id."""
        ids = rows[id_column].combine_chunks()
        client_ids = rows["client_id"].combine_chunks()
        if len(client_ids):
            # where the client changes: the first row of each client's run
            changed = pc.not_equal(client_ids[1:], client_ids[:-1]).to_numpy(
                zero_copy_only=False)
            starts = np.concatenate(([0], np.flatnonzero(changed) + 1))
        else:
            starts = np.zeros(0, dtype=np.int64)
        names = client_ids.take(pa.array(starts)).to_pylist() if len(starts) else []
        return cls(kind, ids, {name: i for i, name in enumerate(names)},
                   np.append(starts, len(ids)).astype(np.int64))

    def __getitem__(self, client_id: str) -> tuple[EvidenceRef, ...]:
        i = self.clients[client_id]
        first, stop = int(self.bounds[i]), int(self.bounds[i + 1])
        kind = self.kind
        return tuple(EvidenceRef(kind, record_id)
                     for record_id in self.ids[first:stop].to_pylist())

    def __iter__(self) -> Iterator[str]:
        return iter(self.clients)

    def __len__(self) -> int:
        return len(self.clients)

    def __contains__(self, client_id: object) -> bool:
        return client_id in self.clients
