"""The window's messages with their stored analyses; the missing ones analysed once and stored.

The text path's first and third steps (read the messages -> analyse, `clientfit.text.messages`
-> store the analyses -> summarise, `clientfit.signals.message_signals`); the only text code
that touches the store.

`analysed_window` reads the window's messages joined with `message_analyses` inside the store's
engine, without their text for messages already analysed by this analyzer version. Messages
without an analysis (new, changed, or analysed by another version) are analysed, in one batch
when the analyzer has `analyze_many`; so are the very short messages that take their thread's
language (see `clientfit.text.messages.thread_hints`). Analysing happens outside any
transaction; the new analyses are then written in short transactions of a few thousand rows
(`store.message_analyses.store_analyses`), so the web app can write meanwhile. The result is
built from the stored form in every case, so a first and a repeated assessment see exactly the
same values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import ibis
import numpy as np
import pandas as pd
import sqlalchemy as sa

from clientfit.domain import Window
from clientfit.signals.tables import Tables, active_clients, among
from clientfit.store import Store
from clientfit.store.message_analyses import store_analyses
from clientfit.text.analysis import PROBABILITY_CATEGORIES, Analyzer, MessageAnalysis
from clientfit.text.messages import (
    FLAGS,
    analyze_items,
    analyzer_version,
    given_languages,
    says_repeat_of,
    thread_hints,
)
from clientfit.text.registry import get_analyzer

# Messages' columns the signals use besides their text (`subject`, `body`).
META_COLUMNS = ("message_id", "client_id", "staff_id", "direction", "sent_at", "channel",
                "language", "thread_id", "in_reply_to")
STORED_COLUMNS = ("lang", "tone", "tone_score", "labels", "kinds", "questions", "words",
                  "says_repeat")
# Read besides STORED_COLUMNS when the stored analyses have it (migration 0010; an engine's
# export of an older store does not): the reader's category probabilities, JSON.
OPTIONAL_COLUMNS = ("probabilities",)
# What `analysed_tones` reads: enough to judge thread languages, and each message's tone.
TONE_META_COLUMNS = ("message_id", "client_id", "direction", "sent_at", "language", "thread_id")
TONE_STORED_COLUMNS = ("lang", "tone", "words")
IN_CHUNK = 50_000  # message ids per query (joined as an in-memory table: tables.among)


@dataclass(frozen=True)
class AnalysedWindow:
    messages: pd.DataFrame  # META_COLUMNS (analysed_tones: TONE_META_COLUMNS), in time order
    analyses: pd.DataFrame  # message_id + the columns communication_signals merges (or tone)
    analysed: int  # messages analysed in this call (the others were stored)
    stored: int  # new rows written


def analysis_row(message_id: str, hint: str, result: MessageAnalysis,
                 source: dict[str, Any]) -> dict[str, Any]:
    """The stored form of one analysis (see store.message_analyses.save_analyses)."""
    return {
        "message_id": message_id, "lang_hint": hint, "lang": result.lang, "tone": result.tone,
        "tone_score": float(result.tone_score),
        # Schema 1 labels, then the schema 2 categories that are not also a label's name.
        "labels": _json([*result.labels,
                         *(c for c in result.categories if c not in result.labels)]),
        "kinds": _json({k: list(v) for k, v in result.kinds.items()}),
        "questions": _json(list(result.questions)),
        "evidence": _json({k: list(v) for k, v in result.evidence.items()}),
        "words": len(result.text.split()), "says_repeat": says_repeat_of(result),
        "probabilities": _json(dict(result.probabilities)),
        **{key: source[key] for key in ("subject", "body", "language", "direction")},
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def window_selection(connection: Any, window: Window) -> Any:
    """The store's messages of active clients sent in the window (both end days included)."""
    tables = Tables.from_connection(connection)
    messages = tables.messages
    start = datetime.combine(window.start, time.min)
    end = datetime.combine(window.as_of + timedelta(days=1), time.min)
    active = active_clients(tables, window).select("client_id")
    return messages.filter(
        messages.sent_at >= ibis.timestamp(start), messages.sent_at < ibis.timestamp(end)
    ).semi_join(active, "client_id")


def _joined_query(connection: Any, selected: Any, analyzer: str, version: str,
                  meta_columns: tuple[str, ...] = META_COLUMNS,
                  stored_columns: tuple[str, ...] = STORED_COLUMNS) -> Any:
    stored = connection.table("message_analyses")
    stored = stored.filter(stored.analyzer == analyzer, stored.version == version,
                           stored.lang_hint == "")
    stored = stored.select(analysed_id=stored.message_id, **{c: stored[c] for c in stored_columns})
    joined = selected.left_join(stored, selected.message_id == stored.analysed_id)
    missing = joined.analysed_id.isnull()
    return joined.select(
        *meta_columns, *stored_columns,
        subject=ibis.ifelse(missing, joined.subject, ibis.null("string")),
        body=ibis.ifelse(missing, joined.body, ibis.null("string")),
    ).order_by(["sent_at", "message_id"])


def _texts(connection: Any, ids: list[str]) -> pd.DataFrame:
    messages = connection.table("messages")
    parts = [among(messages, "message_id", ids[i:i + IN_CHUNK])
             .select("message_id", "subject", "body").to_pandas()
             for i in range(0, len(ids), IN_CHUNK)]
    if not parts:
        return pd.DataFrame(columns=["message_id", "subject", "body"])
    return pd.concat(parts, ignore_index=True).set_index("message_id")


def _stored_hinted(connection: Any, analyzer: str, version: str,
                   ids: list[str], columns: tuple[str, ...] = STORED_COLUMNS) -> pd.DataFrame:
    stored = connection.table("message_analyses")
    parts = []
    for i in range(0, len(ids), IN_CHUNK):
        chosen = among(stored.filter(stored.analyzer == analyzer, stored.version == version,
                                     stored.lang_hint != ""), "message_id", ids[i:i + IN_CHUNK])
        parts.append(chosen.select("message_id", "lang_hint", *columns).to_pandas())
    if not parts:
        return pd.DataFrame(columns=["message_id", "lang_hint", *columns])
    return pd.concat(parts, ignore_index=True)


def _with_optional(connection: Any, columns: tuple[str, ...]) -> tuple[str, ...]:
    """`columns` and those of OPTIONAL_COLUMNS the stored analyses have."""
    have = set(connection.table("message_analyses").columns)
    return (*columns, *(c for c in OPTIONAL_COLUMNS if c in have))


def analysed_window(connection: Any, store: Store | None, window: Window,
                    analyzer: str | Analyzer = "default") -> AnalysedWindow:
    """The window's messages (active clients, both end days included) and their analyses."""
    return analysed_messages(connection, store, window_selection(connection, window), analyzer)


def analysed_messages(connection: Any, store: Store | None, selected: Any,
                      analyzer: str | Analyzer = "default") -> AnalysedWindow:
    """Messages of `selected` (an Ibis expression filtering the store's `messages` table) in
    time order, and their analyses — the same values as `analyze_messages` on those messages
    (thread languages are judged among them), without `text` and `evidence`.

    `connection`: the store's Ibis connection. `store`: where new analyses are written (None:
    analyse what is missing without storing it; an object with `keep_analyses(analyzer,
    version, rows)`, such as the engines' Parquet side store, in place of a Store).
    """
    meta, values, analysed, written = _read_and_complete(
        connection, store, selected, analyzer, META_COLUMNS,
        _with_optional(connection, STORED_COLUMNS))
    return AnalysedWindow(meta, analyses_from_stored(meta["message_id"], values), analysed,
                          written)


def analysed_tones(connection: Any, store: Store | None, selected: Any,
                   analyzer: str | Analyzer = "default") -> AnalysedWindow:
    """`analysed_messages` narrowed to each message's tone: `messages` has only
    TONE_META_COLUMNS and `analyses` only message_id and tone, with the same values (thread
    languages judged among the same messages, missing analyses made and stored alike). Reading
    three stored columns instead of eight and skipping the label and question columns makes it
    ~1.5× as fast — for churn risk, which reads every retainer's inbound history."""
    meta, values, analysed, written = _read_and_complete(
        connection, store, selected, analyzer, TONE_META_COLUMNS, TONE_STORED_COLUMNS)
    analyses = pd.DataFrame({"message_id": meta["message_id"].astype(str).to_numpy(),
                             "tone": values["tone"].to_numpy()})
    return AnalysedWindow(meta, analyses, analysed, written)


def _read_and_complete(
    connection: Any, store: Store | None, selected: Any, analyzer: str | Analyzer,
    meta_columns: tuple[str, ...], stored_columns: tuple[str, ...],
) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(messages' meta columns, their stored analysis columns, analysed, written): the stored
    values of every message of `selected`, the missing and thread-hinted ones filled in."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    name, version = str(engine.name), analyzer_version(engine)
    frame = _joined_query(connection, selected, name, version, meta_columns,
                          stored_columns).to_pandas()
    frame["sent_at"] = pd.to_datetime(frame["sent_at"])
    meta = frame[[c for c in meta_columns if c != "sent_at"]].astype(object)
    meta = meta.where(meta.notna(), None)  # (sent_at stays datetime64: not made objects first)
    meta.insert(meta_columns.index("sent_at"), "sent_at", frame["sent_at"])
    values = frame[list(stored_columns)].astype(object)
    given = given_languages(meta)
    ids = [str(i) for i in meta["message_id"]]
    languages, directions = list(meta["language"]), list(meta["direction"])
    new_rows: list[dict[str, Any]] = []

    missing = [i for i, lang in enumerate(values["lang"]) if not isinstance(lang, str)]
    if missing:
        subjects, bodies = list(frame["subject"]), list(frame["body"])
        sources = [{"subject": subjects[i], "body": bodies[i], "language": languages[i],
                    "direction": directions[i]} for i in missing]
        results = analyze_items(engine, [
            (str(s["subject"] or ""), str(s["body"] or ""), given[i], s["direction"])
            for i, s in zip(missing, sources, strict=True)])
        rows = [analysis_row(ids[i], "", result, source)
                for i, result, source in zip(missing, results, sources, strict=True)]
        new_rows += rows
        fresh = pd.DataFrame(rows, columns=["message_id", *stored_columns], index=missing)
        values.loc[missing, list(stored_columns)] = fresh[list(stored_columns)].astype(object)

    hints = thread_hints(list(meta["thread_id"]), given, list(values["lang"]),
                         [int(w) for w in values["words"]])
    hinted = {i: hint for i, hint in enumerate(hints) if hint is not None}
    analysed = len(missing)
    if hinted:
        stored = _stored_hinted(connection, name, version, [ids[i] for i in hinted],
                                stored_columns)
        by_key = {(r["message_id"], r["lang_hint"]): r for r in stored.to_dict("records")}
        todo = [i for i, hint in hinted.items() if (ids[i], hint) not in by_key]
        texts = _texts(connection, [ids[i] for i in todo])
        for i in todo:
            source = {"subject": texts.at[ids[i], "subject"], "body": texts.at[ids[i], "body"],
                      "language": languages[i], "direction": directions[i]}
            result = engine.analyze(str(source["subject"] or ""), str(source["body"] or ""),
                                    lang=hinted[i], direction=directions[i])
            row = analysis_row(ids[i], hinted[i], result, source)
            new_rows.append(row)
            by_key[(ids[i], hinted[i])] = row
        analysed += len(todo)
        positions = list(hinted)
        replaced = pd.DataFrame([by_key[(ids[i], hinted[i])] for i in positions],
                                columns=["message_id", *stored_columns], index=positions)
        values.loc[positions, list(stored_columns)] = \
            replaced[list(stored_columns)].astype(object)

    written = 0
    if new_rows and store is not None:
        written = _save(store, name, version, new_rows)
    return meta, values, analysed, written


def _save(store: Any, analyzer: str, version: str, rows: list[dict[str, Any]]) -> int:
    if not isinstance(store, Store):  # a side store (engines.analysis_store): the same call
        return int(store.keep_analyses(analyzer, version, rows))
    try:
        return store_analyses(store, analyzer, version, rows)
    except sa.exc.OperationalError as exc:
        if "readonly" in str(exc).replace("-", "").lower():
            return 0  # a read-only store: analyses are used for this run only
        raise


def analyses_from_stored(message_ids: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """The analysis columns `communication_signals` merges, from the stored form (one row per
    message, aligned with `message_ids`)."""
    # Each distinct stored value is parsed once (a portfolio's messages carry a few dozen
    # label and kind combinations and repeat their questions), then spread by its code.
    label_codes, labels = pd.factorize(values["labels"].astype(str).to_numpy())
    kind_codes, kind_texts = pd.factorize(values["kinds"].to_numpy(), use_na_sentinel=False)
    kinds = [json.loads(k) if k != "{}" else {} for k in kind_texts]
    question_codes, question_texts = pd.factorize(values["questions"].to_numpy(),
                                                  use_na_sentinel=False)
    return pd.DataFrame({
        "message_id": message_ids.astype(str).to_numpy(),
        "lang": values["lang"].to_numpy(),
        "tone": values["tone"].to_numpy(),
        "tone_score": values["tone_score"].astype(float).to_numpy(),
        **{flag: np.array([f'"{flag}"' in text for text in labels], dtype=bool)[label_codes]
           for flag in FLAGS},
        "threat_kinds": _spread([tuple(k.get("threat", ())) for k in kinds], kind_codes),
        "demand_kinds": _spread([tuple(k.get("demand", ())) for k in kinds], kind_codes),
        "questions": _spread([tuple(json.loads(q)) if q != "[]" else ()
                              for q in question_texts], question_codes),
        "words": values["words"].astype(int).to_numpy(),
        "says_repeat": values["says_repeat"].astype(bool).to_numpy(),
        **(probability_columns(values["probabilities"]) if "probabilities" in values else {}),
    })


def probability_columns(stored: pd.Series) -> dict[str, np.ndarray]:
    """`p_<category>` for each of PROBABILITY_CATEGORIES: the reader's probability of it per
    message, NaN where the analysis has none (stored before migration 0010, or by an analyzer
    without learned heads). (Without a stored `probabilities` column there are no such
    columns: the soft counts read NaN then.)"""
    out = {f"p_{c}": np.full(len(stored), np.nan) for c in PROBABILITY_CATEGORIES}
    for i, text in enumerate(stored.tolist()):
        if not isinstance(text, str) or text in ("", "{}"):
            continue
        for category, value in json.loads(text).items():
            if category in PROBABILITY_CATEGORIES:
                out[f"p_{category}"][i] = float(value)
    return out


def _spread(distinct: list[Any], codes: np.ndarray) -> list[Any]:
    """The value of each row, from the distinct values and each row's code."""
    return [distinct[code] for code in codes.tolist()]
