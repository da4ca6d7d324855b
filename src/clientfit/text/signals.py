"""Communication signals per client and per (client, staff member) pair — a pure function.

Input: the window's rows of the store's `messages` table as a DataFrame (message_id,
client_id, staff_id, direction 'in'|'out', sent_at naive UTC, channel, language, subject, body,
thread_id, in_reply_to) and the `as_of` instant. No database code. Every signal comes with the
ids of the messages behind it (the `*_ids` columns). Definitions: docs/communication.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from clientfit.text.analysis import Analyzer, MessageAnalysis
from clientfit.text.questions import question_key, says_repeat, similar
from clientfit.text.registry import get_analyzer
from clientfit.text.timing import BusinessHours, cadence, match_responses
from clientfit.text.trend import change_point, slope_per_month

REQUIRED = ("message_id", "client_id", "staff_id", "direction", "sent_at", "subject", "body")
UNANSWERED_AFTER_HOURS = 8.0  # business hours without a reply before an inbound message counts
SHORT_TEXT_WORDS = 3
REPEAT_WINDOW_DAYS = 30  # a question counts as repeated only within this many days
FLAGS = ("complaint", "threat", "demand", "praise", "apology", "question")
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


def _thread_languages(frame: pd.DataFrame, results: list[MessageAnalysis]) -> dict[str, str]:
    votes: dict[str, dict[str, int]] = {}
    for thread, result in zip(frame["thread_id"], results, strict=True):
        if isinstance(thread, str) and result.lang in ("en", "pl") and \
                len(result.text.split()) >= 5:
            votes.setdefault(thread, {}).setdefault(result.lang, 0)
            votes[thread][result.lang] += 1
    return {t: max(v, key=v.__getitem__) for t, v in votes.items()}


def analyze_messages(messages: pd.DataFrame, analyzer: str | Analyzer = "default",
                     ) -> pd.DataFrame:
    """One row per message: its analysis (lang, tone, tone_score, a boolean column per label,
    threat_kinds, demand_kinds, questions, evidence). The `language` column, when set, is used
    as the language; a very short message takes its thread's language."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    frame = messages.reset_index(drop=True)
    if "thread_id" not in frame:
        frame = frame.assign(thread_id=None)
    langs = frame["language"] if "language" in frame else pd.Series([None] * len(frame))
    results = [engine.analyze(str(s or ""), str(b or ""),
                              lang=lang if lang in ("en", "pl", "other") else None,
                              direction=d)
               for s, b, lang, d in zip(frame["subject"], frame["body"], langs,
                                        frame["direction"], strict=True)]
    thread_lang = _thread_languages(frame, results)
    for i, result in enumerate(results):
        thread = frame.at[i, "thread_id"]
        hint = thread_lang.get(thread) if isinstance(thread, str) else None
        if hint and hint != result.lang and len(result.text.split()) < SHORT_TEXT_WORDS \
                and langs.iloc[i] not in ("en", "pl", "other"):
            results[i] = engine.analyze(str(frame.at[i, "subject"] or ""),
                                        str(frame.at[i, "body"] or ""), lang=hint,
                                        direction=frame.at[i, "direction"])
    out = pd.DataFrame({
        "message_id": frame["message_id"].astype(str),
        "lang": [r.lang for r in results],
        "tone": [r.tone for r in results],
        "tone_score": [r.tone_score for r in results],
        **{flag: [flag in r.labels for r in results] for flag in FLAGS},
        "threat_kinds": [r.kinds.get("threat", ()) for r in results],
        "demand_kinds": [r.kinds.get("demand", ()) for r in results],
        "questions": [r.questions for r in results],
        "text": [r.text for r in results],
        "evidence": [r.evidence for r in results],
    })
    return out


def _prepare(messages: pd.DataFrame, as_of: datetime) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in messages.columns]
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
    for i, row in enumerate(frame.itertuples(index=False)):
        if row.direction != "in" or not row.questions:
            continue
        earlier = seen.setdefault(row.client_id, [])
        horizon = row.sent_at - pd.Timedelta(days=REPEAT_WINDOW_DAYS)
        earlier[:] = [(k, j) for k, j in earlier if frame.at[j, "sent_at"] >= horizon]
        keys = [question_key(q) for q in row.questions]
        match = next((j for key in keys for k, j in earlier if similar(key, k)), None)
        if match is None and earlier and says_repeat(" ".join(row.questions) + " " + row.text):
            # The client says it asks again: the earlier question sharing most words with it
            # (the latest one on a tie or without any shared word).
            match = max(reversed(earlier), key=lambda kj: max(len(kj[0] & key) for key in keys)
                        if keys else 0)[1]
        if match is not None:
            repeat_of[i] = frame.at[match, "message_id"]
            first_reply = frame.at[match, "responded_at"]
            answered[i] = bool(pd.notna(first_reply) and first_reply <= row.sent_at)
        earlier.extend((key, i) for key in keys if len(key) >= 2)
    return repeat_of, answered


def _ids(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> tuple[str, ...]:
    return tuple(frame.loc[np.asarray(mask, dtype=bool), "message_id"])


def _summarise(g: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, object]:
    inbound = g[g["direction"] == "in"]
    outbound = g[g["direction"] == "out"]
    row: dict[str, object] = {"n_inbound": len(inbound), "n_outbound": len(outbound)}
    negative = inbound["tone"] == "negative"
    row["negative_share"] = float(negative.mean()) if len(inbound) else float("nan")
    row["negative_ids"] = _ids(inbound, negative)
    for flag, name in (("complaint", "complaints"), ("threat", "threats"),
                       ("demand", "demands"), ("praise", "praise")):
        row[name] = int(inbound[flag].sum())
        row[f"{flag}_ids"] = _ids(inbound, inbound[flag])
    row["threat_kinds"] = tuple(sorted({k for ks in inbound["threat_kinds"] for k in ks}))
    row["demand_kinds"] = tuple(sorted({k for ks in inbound["demand_kinds"] for k in ks}))
    row["apologies"] = int(outbound["apology"].sum())
    row["apology_ids"] = _ids(outbound, outbound["apology"])
    # Tone over time (inbound only).
    days = ((inbound["sent_at"] - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy()
    scores = inbound["tone_score"].to_numpy(dtype=float)
    row["tone_mean"] = float(scores.mean()) if len(scores) else float("nan")
    row["tone_slope_per_month"] = slope_per_month(days, scores) if len(scores) else float("nan")
    row["tone_trend_ids"] = tuple(inbound["message_id"]) if len(inbound) else ()
    cp = change_point(scores)
    row["tone_change_point"] = cp.index is not None
    row["tone_change_at"] = inbound["sent_at"].iloc[cp.index] if cp.index is not None else pd.NaT
    row["tone_change_delta"] = cp.delta if cp.index is not None else float("nan")
    row["tone_change_ids"] = tuple(inbound["message_id"].iloc[cp.index:]) \
        if cp.index is not None else ()
    # Repeated questions.
    repeats = inbound["repeat_of"].notna()
    row["repeated_questions"] = int(repeats.sum())
    row["repeated_question_ids"] = _ids(inbound, repeats)
    unanswered_repeat = repeats & (inbound["repeat_first_answered"] == False)  # noqa: E712
    row["repeated_unanswered"] = int(unanswered_repeat.sum())
    row["repeated_unanswered_ids"] = _ids(inbound, unanswered_repeat)
    # Our first-response time: the earliest inbound message answered by each reply.
    answered = inbound[inbound["responder_id"].notna()]
    firsts = answered.drop_duplicates("responder_id", keep="first")
    hours = firsts["response_hours"].to_numpy(dtype=float)
    row["response_median_hours"] = float(np.median(hours)) if len(hours) else float("nan")
    row["response_p90_hours"] = float(np.percentile(hours, 90)) if len(hours) else float("nan")
    row["responses_measured"] = len(hours)
    row["response_ids"] = tuple(firsts["message_id"])
    needs_reply = inbound["question"] | inbound["complaint"] | inbound["demand"] | inbound["threat"]
    waiting = needs_reply & inbound["responder_id"].isna() & \
        (inbound["pending_hours"] > UNANSWERED_AFTER_HOURS)
    row["unanswered"] = int(waiting.sum())
    row["unanswered_ids"] = _ids(inbound, waiting)
    # Silence against the client's own cadence.
    last_out = outbound["sent_at"].max() if len(outbound) else None
    c = cadence(inbound["sent_at"], inbound["message_id"], last_out, as_of)
    row.update({"usual_gap_days": c.usual_gap_days, "silence_days": c.silence_days,
                "silence_ratio": c.silence_ratio, "ghosting": c.ghosting,
                "we_wrote_last": c.we_wrote_last,
                "ghosting_ids": (c.last_inbound_id,) if c.last_inbound_id else ()})
    after = inbound["demand"] & inbound["after_hours"]
    row["after_hours_demands"] = int(after.sum())
    row["after_hours_demand_ids"] = _ids(inbound, after)
    return row


def communication_signals(messages: pd.DataFrame, as_of: datetime,
                          analyzer: str | Analyzer = "default",
                          hours: BusinessHours | None = None,
                          analyses: pd.DataFrame | None = None) -> CommunicationSignals:
    """Communication signals of the messages sent up to `as_of`, per client and per pair.

    `analyses` (the output of `analyze_messages`) skips re-analysing the messages. Messages
    after `as_of` are ignored. Raises ValueError for missing columns or a bad direction.
    """
    hours = hours or BusinessHours()
    as_of_ts = pd.Timestamp(as_of)
    frame = _prepare(messages, as_of)
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
    per_client = pd.DataFrame([{"client_id": c, **_summarise(g, as_of_ts)}
                               for c, g in slim.groupby("client_id", sort=True)])
    paired = slim[slim["pair_staff_id"].notna()]
    per_pair = pd.DataFrame([{"client_id": c, "staff_id": s, **_summarise(g, as_of_ts)}
                             for (c, s), g in paired.groupby(["client_id", "pair_staff_id"],
                                                             sort=True)])
    return CommunicationSignals(frame, per_client, per_pair)
