"""Communication signals per client and per (client, staff member) pair — a pure function.

Input: the window's rows of the store's `messages` table as a DataFrame (message_id,
client_id, staff_id, direction 'in'|'out', sent_at naive UTC, channel, language, subject, body,
thread_id, in_reply_to), optionally their analyses (`clientfit.text.messages.analyze_messages`,
or the stored ones read by `clientfit.signals.text_analyses`), and the `as_of` instant. No
database code. Every signal comes with the ids of the messages behind it (the `*_ids`
columns). Definitions: docs/communication.md.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from clientfit.signals.message_summary import summarise
from clientfit.signals.response_timing import BusinessHours, match_responses
from clientfit.text.analysis import Analyzer
from clientfit.text.messages import FLAGS, analyze_messages
from clientfit.text.questions import question_key, similar

REQUIRED = ("message_id", "client_id", "staff_id", "direction", "sent_at", "subject", "body")
REPEAT_WINDOW_DAYS = 30  # a question counts as repeated only within this many days
_SUMMARY_COLUMNS = ("message_id", "client_id", "pair_staff_id", "direction", "sent_at", "tone",
                    "tone_score", *FLAGS, "threat_kinds", "demand_kinds", "repeat_of",
                    "repeat_first_answered", "responder_id", "response_hours", "pending_hours",
                    "after_hours")


@dataclass(frozen=True)
class CommunicationSignals:
    """`messages`: one row per message with its analysis and response; `per_client` and
    `per_pair`: one row per client / (client_id, staff_id) with the signals and evidence ids."""

    messages: pd.DataFrame
    per_client: pd.DataFrame
    per_pair: pd.DataFrame


def _prepare(messages: pd.DataFrame, as_of: datetime, analysed: bool = False) -> pd.DataFrame:
    required = [c for c in REQUIRED if not analysed or c not in ("subject", "body")]
    missing = [c for c in required if c not in messages.columns]
    if missing:
        raise ValueError(f"messages lack columns: {', '.join(missing)}")
    bad = set(messages["direction"].dropna()) - {"in", "out"}
    if bad:
        raise ValueError(f"direction must be 'in' or 'out', got {sorted(bad)}")
    frame = messages.copy()
    for column in ("thread_id", "in_reply_to", "language"):
        if column not in frame:
            frame[column] = None
    frame["sent_at"] = pd.to_datetime(frame["sent_at"])
    frame = frame[frame["sent_at"] <= pd.Timestamp(as_of)]
    frame["message_id"] = frame["message_id"].astype(str)
    return frame.sort_values(["sent_at", "message_id"], kind="stable").reset_index(drop=True)


def _repeats(frame: pd.DataFrame) -> tuple[list[str | None], list[object]]:
    """For each message: the id of an earlier inbound question from the same client that this
    one repeats, and whether that first question had been answered before the repeat."""
    repeat_of: list[str | None] = [None] * len(frame)
    answered: list[object] = [None] * len(frame)
    seen: dict[str, list[tuple[frozenset[str], int]]] = {}
    sent = frame["sent_at"].to_numpy(dtype="datetime64[ns]")
    window = np.timedelta64(REPEAT_WINDOW_DAYS, "D")
    # the reply and send times are read only for the repeats found: as Timestamps, one at a
    # time (listing the whole columns made a Timestamp of every message)
    ids, replied, sent_at = list(frame["message_id"]), frame["responded_at"], frame["sent_at"]
    asking = [i for i, (direction, questions) in enumerate(zip(
        frame["direction"], frame["questions"], strict=True)) if direction == "in" and questions]
    clients, questions = list(frame["client_id"]), list(frame["questions"])
    repeating = list(frame["says_repeat"])
    known: dict[str, frozenset[str]] = {}  # question -> its key (a pure function of the text)

    def _key(question: str) -> frozenset[str]:
        key = known.get(question)
        if key is None:
            key = known[question] = question_key(question)
        return key

    for i in asking:
        earlier = seen.setdefault(clients[i], [])
        horizon = sent[i] - window
        earlier[:] = [(k, j) for k, j in earlier if sent[j] >= horizon]
        keys = [_key(q) for q in questions[i]]
        match = next((j for key in keys for k, j in earlier if similar(key, k)), None)
        if match is None and earlier and repeating[i]:
            # The client says it asks again: the earlier question sharing most words with it
            # (the latest one on a tie or without any shared word).
            match = max(reversed(earlier), key=lambda kj: max(len(kj[0] & key) for key in keys)
                        if keys else 0)[1]
        if match is not None:
            repeat_of[i] = ids[match]
            first_reply = replied.iat[match]
            answered[i] = bool(pd.notna(first_reply) and first_reply <= sent_at.iat[i])
        earlier.extend((key, i) for key in keys if len(key) >= 2)
    return repeat_of, answered


def communication_signals(messages: pd.DataFrame, as_of: datetime,
                          analyzer: str | Analyzer = "default",
                          hours: BusinessHours | None = None,
                          analyses: pd.DataFrame | None = None,
                          client_columns: Collection[str] | None = None,
                          pair_columns: Collection[str] | None = None) -> CommunicationSignals:
    """Communication signals of the messages sent up to `as_of`, per client and per pair.

    `analyses` (the output of `analyze_messages`) skips re-analysing the messages (which then
    need no `subject` and `body`). Messages
    after `as_of` are ignored. `client_columns` and `pair_columns`: the signals to make per
    client and per pair (`summarise`'s `columns`; None: all). Raises ValueError for missing
    columns or a bad direction.
    """
    hours = hours or BusinessHours()
    as_of_ts = pd.Timestamp(as_of)
    frame = _prepare(messages, as_of, analysed=analyses is not None)
    if analyses is None:
        analyses = analyze_messages(frame, analyzer)
    frame = frame.merge(analyses.drop_duplicates("message_id"), on="message_id", how="left",
                        validate="one_to_one")
    frame = frame.merge(match_responses(frame), on="message_id", how="left")
    frame["response_hours"] = hours.elapsed(frame["sent_at"], frame["responded_at"])
    frame["pending_hours"] = hours.elapsed(frame["sent_at"],
                                           pd.Series([as_of_ts] * len(frame), dtype="object"))
    frame["after_hours"] = ~hours.is_open(frame["sent_at"])
    frame["repeat_of"], frame["repeat_first_answered"] = _repeats(frame)
    frame["pair_staff_id"] = frame["staff_id"].where(frame["staff_id"].notna(),
                                                     frame["responder_staff_id"])
    slim = frame[list(_SUMMARY_COLUMNS)]
    per_client = summarise(slim, ["client_id"], as_of_ts, columns=client_columns)
    paired = slim[slim["pair_staff_id"].notna()]
    per_pair = summarise(paired, ["client_id", "pair_staff_id"], as_of_ts,
                         columns=pair_columns).rename(
        columns={"pair_staff_id": "staff_id"})
    return CommunicationSignals(frame, per_client, per_pair)
