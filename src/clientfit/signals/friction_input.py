"""What the friction attribution and the scope requests read of the window's messages, in a
compact form: the friction table of the inbound messages with a staff member, each person's
curt replies as counts, the analyzer's label generation and the inbound scope requests.

Built from the window's messages in one pass, or a batch of clients at a time and combined
(`combined`), so a run over many clients keeps these few columns rather than the messages'
analyses (docs/scale.md)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clientfit.domain import Count
from clientfit.signals.friction_counts import FINER_LABELS, curt_counts, friction_columns

TABLE_COLUMNS = ["message_id", "client_id", "staff_id", "friction", "sent_at", "hostile",
                 "personal", "tone_score", "p_personal"]
SCOPE_COLUMNS = ["message_id", "client_id", "sent_at"]


@dataclass(frozen=True)
class FrictionInput:
    table: pd.DataFrame  # friction_table of the inbound messages, in (sent_at, message_id) order
    curt: dict[str, Count]  # staff id -> their curt replies of all their replies
    all_curt: Count  # the same for everyone
    labels: str  # "new" with the finer labels (complaint_person, hostile), else "old"
    scope: pd.DataFrame  # inbound scope requests: message_id, client_id, sent_at, in order


def friction_table(messages: pd.DataFrame) -> pd.DataFrame:
    """Inbound messages with a staff member: friction = 1 if negative, a complaint, a threat
    (or, with the finer labels, hostile or a complaint about the person), else 0; with the
    `hostile` and `personal` flags of `friction_columns`."""
    if messages.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    inbound = messages[(messages["direction"] == "in") & messages["pair_staff_id"].notna()]
    table = friction_columns(inbound)
    return table.assign(friction=table["friction"].astype(float))


def replies(messages: pd.DataFrame) -> pd.DataFrame:
    """Our messages with a staff member, with the analyzer's `curt` flag when it has one and
    the number of words of our own text in them (`curt_counts` counts short curt replies)."""
    if messages.empty or "curt" not in messages:
        return pd.DataFrame(columns=["staff_id", "curt"])
    out = messages[(messages["direction"] == "out") & messages["staff_id"].notna()]
    return out[["staff_id", "curt", *(["words"] if "words" in messages else [])]]


def label_generation(messages: pd.DataFrame) -> str:
    """"new" when the analyses carry the finer labels (complaint_person, hostile), else "old"."""
    return "new" if all(name in messages for name in FINER_LABELS) else "old"


def scope_requests(messages: pd.DataFrame) -> pd.DataFrame:
    """Inbound demands to change or extend the scope ("same budget", "one more round")."""
    if messages.empty or "demand_kinds" not in messages:
        return pd.DataFrame(columns=SCOPE_COLUMNS)
    scope = messages["demand_kinds"].map(lambda kinds: "scope" in (kinds or ()))
    return messages[(messages["direction"] == "in") & scope][SCOPE_COLUMNS]


def friction_input(messages: pd.DataFrame) -> FrictionInput:
    """The attribution's and the scope requests' input from the window's messages."""
    curt, all_curt = curt_counts(replies(messages))
    return FrictionInput(friction_table(messages), curt, all_curt, label_generation(messages),
                         scope_requests(messages))


def combined(parts: list[FrictionInput]) -> FrictionInput:
    """The input of the whole window from those of batches of clients (every batch's messages
    read with the same analyses): tables and scope requests in message order, counts summed."""
    curt: dict[str, list[int]] = {}
    hits = n = 0
    for part in parts:
        for staff_id, count in part.curt.items():
            total = curt.setdefault(staff_id, [0, 0])
            total[0] += count.hits
            total[1] += count.n
        hits, n = hits + part.all_curt.hits, n + part.all_curt.n
    return FrictionInput(
        _in_message_order([p.table for p in parts], TABLE_COLUMNS),
        {staff_id: Count(k, m) for staff_id, (k, m) in sorted(curt.items())}, Count(hits, n),
        # the finer labels are in the analyses of every batch or of none; a batch without
        # messages may not show them
        "new" if any(p.labels == "new" for p in parts) else "old",
        _in_message_order([p.scope for p in parts], SCOPE_COLUMNS))


def _in_message_order(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    rows = [f for f in frames if len(f)]
    if not rows:
        return frames[0] if frames else pd.DataFrame(columns=columns)
    frame = pd.concat(rows, ignore_index=True)
    return frame.sort_values(["sent_at", "message_id"], kind="stable").reset_index(drop=True)
