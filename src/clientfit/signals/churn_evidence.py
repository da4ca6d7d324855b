"""The evidence behind churn risk: each scored retainer's negative, slowly answered and
unanswered messages, late invoices and missed milestones over the lookback (signals.churn)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from clientfit.domain import EvidenceKind, EvidenceRef


def churn_evidence(records: Any, as_of: date, lookback_days: int, clients: set[str],
                   unanswered_after: timedelta) -> dict[str, dict[str, tuple[EvidenceRef, ...]]]:
    """The records behind each scored retainer's churn drivers, over the lookback before
    `as_of` (`records`: a `churn.RetainerRecords`), each set in a fixed order."""
    landmark = pd.Timestamp(as_of)
    since = landmark - pd.Timedelta(days=lookback_days)
    # in a fixed order (the engines return rows in any order): time, then id
    mail = records.inbound.sort_values(["sent_at", "message_id"], kind="stable")
    mail = mail[(mail["sent_at"] >= since) & mail["client_id"].isin(clients)]
    slow = mail[mail["replied_at"].notna()]
    slow = slow.assign(hours=(slow["replied_at"] - slow["sent_at"]).dt.total_seconds())
    slow = slow.sort_values("hours", ascending=False, kind="stable").groupby("client_id").head(5)
    waiting = mail[mail["replied_at"].isna() & (mail["sent_at"] < landmark - unanswered_after)]
    inv = records.invoices.sort_values(["due_date", "invoice_id"], kind="stable")
    inv = inv[(inv["due_date"] >= since) & (inv["due_date"] < landmark)
              & inv["client_id"].isin(clients)]
    late = inv[~(inv["paid_on"] <= inv["due_date"])]
    ms = records.milestones.sort_values(["due_date", "milestone_id"], kind="stable")
    ms = ms[(ms["due_date"] >= since) & (ms["due_date"] < landmark) & ms["client_id"].isin(clients)]
    missed = ms[~(ms["delivered_on"] <= ms["due_date"])]
    sets = {
        "churn_negative_messages": (mail[mail["negative"]], "message_id", EvidenceKind.MESSAGE),
        "churn_slow_reply_messages": (slow, "message_id", EvidenceKind.MESSAGE),
        "churn_unanswered_messages": (waiting, "message_id", EvidenceKind.MESSAGE),
        "churn_late_invoices": (late, "invoice_id", EvidenceKind.INVOICE),
        "churn_missed_milestones": (missed, "milestone_id", EvidenceKind.MILESTONE),
    }
    return {name: {str(client_id): tuple(EvidenceRef(kind, str(i)) for i in group)
                   for client_id, group in frame.groupby("client_id")[column]}
            for name, (frame, column, kind) in sets.items()}
