"""Communication signals from the store's messages: per client, per pair, whole window and recent.

One direction: the window's messages and their stored analyses are read (and the missing ones
analysed and stored) by `signals.text_analyses`, summarised per client and pair by
`signals.message_signals` (definitions: docs/communication.md); this module selects the
window and shapes the result for the assessment.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import pandas as pd

from clientfit.domain import EvidenceKind, EvidenceRef, Window
from clientfit.signals.friction_input import FrictionInput, combined, friction_input
from clientfit.signals.message_signals import CommunicationSignals, communication_signals
from clientfit.signals.tables import Tables, active_clients, among
from clientfit.signals.text_analyses import analysed_messages, analysed_window, window_selection
from clientfit.store import Store
from clientfit.text.messages import analyze_messages

CLIENT_BATCH = 2_500  # active clients whose messages are read and summarised at once (e15m:
# 5,000 held ~0.4 GB more at the stage's peak for no less CPU; benchmarks/RESULTS.md)
MESSAGE_COLUMNS = ("message_id", "client_id", "staff_id", "direction", "sent_at", "channel",
                   "language", "subject", "body", "thread_id", "in_reply_to")

# Per-client communication metrics carried into the assessment: (name in the text signals,
# metric name). Metrics of the recent period end in "_recent".
CLIENT_METRICS = (
    ("n_inbound", "inbound_messages"),
    ("negative_share", "negative_share"),
    ("complaints", "complaints"),
    ("threats", "threats"),
    ("demands", "demands"),
    ("praise", "praise"),
    ("apologies", "apologies"),
    ("repeated_questions", "repeated_questions"),
    ("repeated_unanswered", "repeated_unanswered"),
    ("response_median_hours", "response_median_hours"),
    ("response_p90_hours", "response_p90_hours"),
    ("unanswered", "unanswered"),
    ("ghosting", "ghosting"),
    ("after_hours_demands", "after_hours_demands"),
    ("tone_slope_per_month", "tone_slope_per_month"),
)
RECENT_METRICS = ("complaints", "threats", "negative_share", "response_median_hours",
                  "response_p90_hours", "unanswered", "repeated_unanswered", "inbound_messages",
                  "apologies")
# Evidence sets: name -> column of message ids in the text signals.
EVIDENCE_COLUMNS = {
    "negative_messages": "negative_ids",
    "complaint_messages": "complaint_ids",
    "threat_messages": "threat_ids",
    "demand_messages": "demand_ids",
    "praise_messages": "praise_ids",
    "unanswered_messages": "unanswered_ids",
    "repeated_unanswered_messages": "repeated_unanswered_ids",
    "response_messages": "response_ids",
    "apology_messages": "apology_ids",
}

# What the assessment reads of the per-client and per-pair frames (client_metrics,
# message_evidence, friction._pair_stats): a run in batches makes and keeps only these (e15g).
CITED = tuple(EVIDENCE_COLUMNS.values())
CLIENT_READ = (*dict.fromkeys(source for source, _ in CLIENT_METRICS), *CITED)
PAIR_READ = ("negative_share", "negative_ids")


@dataclass(frozen=True)
class Communication:
    window: CommunicationSignals
    recent: CommunicationSignals
    recent_start: datetime
    analyses: pd.DataFrame  # one row per message of the window: lang, tone, labels, ...
    # what the attribution and the scope requests read, when the run kept it in place of
    # the window's messages (a batch of clients at a time)
    kept: FrictionInput | None = None

    def friction_input(self) -> FrictionInput:
        """The friction attribution's and the scope requests' input of the window."""
        return self.kept if self.kept is not None else friction_input(self.window.messages)


def window_messages(connection: Any, window: Window) -> pd.DataFrame:
    """Messages of active clients sent in the window (both end days included), with text."""
    selected = window_selection(connection, window)
    frame = selected.select(*MESSAGE_COLUMNS).order_by(["sent_at", "message_id"]).to_pandas()
    frame["sent_at"] = pd.to_datetime(frame["sent_at"])
    return frame.astype(object).where(frame.notna(), None).assign(sent_at=frame["sent_at"])


def communication(
    connection: Any, window: Window, recent_days: int, analyzer: str = "default",
    store: Store | None = None, reuse: bool = True, batch_clients: int = CLIENT_BATCH,
) -> Communication:
    """Communication signals of the window (and of its last `recent_days` days).

    With `reuse` (the default) each message's analysis is read from the store's
    `message_analyses` and only the missing ones are computed (and written to `store`, when
    given); without it every message is analysed again from its text. With more than
    `batch_clients` active clients, their messages are read and summarised a batch of clients
    at a time (every signal is per client or per pair, so the result is the same); then no
    messages are kept (`window.messages` and `recent.messages` are empty), only what the
    attribution and the scope requests read of them (`kept`, `FrictionInput`: the friction
    table of the inbound messages, each person's curt replies as counts).
    """
    end = datetime.combine(window.as_of, time.max)
    recent_start = datetime.combine(window.as_of - timedelta(days=recent_days - 1), time.min)
    if reuse:
        clients = _active_ids(connection, window)
        if len(clients) > batch_clients:
            return _in_batches(connection, window, store, analyzer, end, recent_start,
                               clients, batch_clients)
        analysed = analysed_window(connection, store, window, analyzer)
        messages, analyses = analysed.messages, analysed.analyses
    else:
        messages = window_messages(connection, window)
        analyses = analyze_messages(messages, analyzer) if len(messages) else None
    whole = communication_signals(messages, end, analyzer=analyzer, analyses=analyses)
    recent_rows = messages[messages["sent_at"] >= pd.Timestamp(recent_start)]
    recent = communication_signals(recent_rows, end, analyzer=analyzer, analyses=analyses)
    return Communication(whole, recent, recent_start,
                         analyses if analyses is not None else pd.DataFrame())


def _active_ids(connection: Any, window: Window) -> list[str]:
    active = active_clients(Tables.from_connection(connection), window)
    return sorted(str(i) for i in active.select("client_id").to_pyarrow()["client_id"]
                  .to_pylist())


def _in_batches(connection: Any, window: Window, store: Store | None, analyzer: str,
                end: datetime, recent_start: datetime, clients: list[str],
                size: int) -> Communication:
    """`communication` a batch of clients at a time (clients in id order, so the per-client
    and per-pair rows come out in the one-pass order); messages sorted as one pass sorts."""
    parts: dict[str, list[pd.DataFrame]] = {}
    inputs: list[FrictionInput] = []
    for first in range(0, len(clients), size):
        selected = window_selection(connection, window)
        selected = among(selected, "client_id", clients[first:first + size])
        analysed = analysed_messages(connection, store, selected, analyzer)
        messages, analyses = analysed.messages, analysed.analyses
        whole = communication_signals(messages, end, analyzer=analyzer, analyses=analyses,
                                      client_columns=CLIENT_READ, pair_columns=())
        recent_rows = messages[messages["sent_at"] >= pd.Timestamp(recent_start)]
        recent = communication_signals(recent_rows, end, analyzer=analyzer, analyses=analyses,
                                       client_columns=CLIENT_READ, pair_columns=PAIR_READ)
        inputs.append(friction_input(whole.messages))
        for name, signals in (("window", whole), ("recent", recent)):
            # a copy: an empty slice is a view that keeps the batch's messages alive
            for field_name, frame in (("messages", signals.messages.iloc[0:0].copy()),
                                      ("per_client", signals.per_client),
                                      ("per_pair", signals.per_pair)):
                parts.setdefault(f"{name}.{field_name}", []).append(frame)

    def stacked(key: str) -> pd.DataFrame:
        frames = parts[key]
        return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)

    def joined(name: str) -> CommunicationSignals:
        return CommunicationSignals(parts[f"{name}.messages"][0], stacked(f"{name}.per_client"),
                                    stacked(f"{name}.per_pair"))

    return Communication(joined("window"), joined("recent"), recent_start, pd.DataFrame(),
                         combined(inputs))


def client_metrics(comm: Communication) -> dict[str, dict[str, Any]]:
    """client id -> communication metrics (window and `_recent`), plain Python values."""
    metrics: dict[str, dict[str, Any]] = {}
    for client_id, count in comm.friction_input().scope.groupby("client_id").size().items():
        metrics.setdefault(str(client_id), {})["scope_requests"] = int(count)
    for frame, suffix, wanted in ((comm.window.per_client, "", None),
                                  (comm.recent.per_client, "_recent", RECENT_METRICS)):
        for row in frame.to_dict(orient="records") if len(frame) else []:
            target = metrics.setdefault(row["client_id"], {})
            for source, name in CLIENT_METRICS:
                if wanted is None or name in wanted:
                    target[name + suffix] = _plain(row.get(source))
    return metrics


def message_evidence(comm: Communication) -> dict[str, Mapping[str, tuple[EvidenceRef, ...]]]:
    """Evidence sets of messages, by client, for the window and (suffix `_recent`) recently."""
    index: dict[str, Mapping[str, tuple[EvidenceRef, ...]]] = {}
    scope = comm.friction_input().scope
    index["scope_request_messages"] = {
        str(client_id): tuple(EvidenceRef(EvidenceKind.MESSAGE, str(i)) for i in group)
        for client_id, group in scope.groupby("client_id")["message_id"]
    }
    for frame, suffix in ((comm.window.per_client, ""), (comm.recent.per_client, "_recent")):
        for name, column in EVIDENCE_COLUMNS.items():
            if not len(frame):
                index.setdefault(name + suffix, {})
                continue
            index[name + suffix] = MessageRefs(dict(zip(
                frame["client_id"].tolist(), frame[column].tolist(), strict=True)))
    return index


class MessageRefs(Mapping[str, tuple[EvidenceRef, ...]]):
    """client id -> references to messages, made from the message ids when asked for (the
    per-client frames hold the ids already; a reference object per message would be made
    for every client, cited or not)."""

    def __init__(self, ids: dict[str, Any]) -> None:
        self.ids = ids

    def __getitem__(self, client_id: str) -> tuple[EvidenceRef, ...]:
        return tuple(EvidenceRef(EvidenceKind.MESSAGE, str(message_id))
                     for message_id in self.ids[client_id] or ())

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, client_id: object) -> bool:
        return client_id in self.ids


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
