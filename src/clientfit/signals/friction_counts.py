""""Is it just me?" in counts: per client and staff member, how many of the client's messages
carried friction, beside the same client with the colleagues and the same staff member with
their other clients (docs/models.md, "Whose friction is it"). The assessment judges these
counts with their uncertainty (`clientfit.assessment.whose`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import datetime

import numpy as np
import pandas as pd

from clientfit.domain import (
    Count,
    EvidenceKind,
    EvidenceRef,
    FrictionCounts,
    PairCounts,
    SoftCount,
    ToneRanks,
)

# Labels of the analyzer that mark friction in an inbound message. The first group exists in
# every analyzer version; the second comes with the finer categories (complaint about the
# person, hostility) and is used when the analyses carry it.
FRICTION_LABELS = ("complaint", "threat")
FINER_LABELS = ("complaint_person", "complaint_service", "hostile")


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(False, index=frame.index)
    return frame[name].fillna(False).astype(bool)


def _abusive_threat(inbound: pd.DataFrame) -> pd.Series:
    """A threat other than leaving (lawyer, bad review, your manager): saying it may leave is
    what a client we fail says, not abuse. Without threat kinds every threat counts."""
    if "threat_kinds" not in inbound:
        return pd.Series(True, index=inbound.index)
    return inbound["threat_kinds"].map(
        lambda kinds: not kinds or any(k != "cancel" for k in kinds)).astype(bool)


def friction_columns(inbound: pd.DataFrame) -> pd.DataFrame:
    """Inbound messages with a staff member, with `friction` (negative tone or any friction
    label), `hostile` (hostility or a threat) and `personal` (a complaint about the person)."""
    friction = inbound["tone"].eq("negative")
    for name in FRICTION_LABELS + FINER_LABELS:
        friction = friction | _flag(inbound, name)
    return pd.DataFrame({
        "message_id": inbound["message_id"].astype(str),
        "client_id": inbound["client_id"].astype(str),
        "staff_id": inbound["pair_staff_id"].astype(str),
        "sent_at": inbound["sent_at"],
        "friction": friction.astype(bool),
        "hostile": (_flag(inbound, "hostile") | (_flag(inbound, "threat") & _abusive_threat(
            inbound))).astype(bool),
        "personal": _flag(inbound, "complaint_person"),
        "tone_score": pd.to_numeric(inbound["tone_score"], errors="coerce")
        if "tone_score" in inbound else pd.Series(np.nan, index=inbound.index, dtype=float),
        # the reader's probability that the message is about the person (NaN: not known)
        "p_personal": pd.to_numeric(inbound["p_complaint_person"], errors="coerce")
        if "p_complaint_person" in inbound else pd.Series(np.nan, index=inbound.index,
                                                          dtype=float),
    })


# Probabilities are read on the log-odds scale within these bounds (a head's 0.0001 and
# 0.001 are both "not about the person"; the difference should not weigh)
LOGIT_CLIP = (0.005, 0.995)


class _SoftTally:
    """The soft counts of one period (`SoftCount` of the probability that a message is about
    the person) by pair, by client, by staff member and in total."""

    def __init__(self, rows: pd.DataFrame) -> None:
        p = pd.to_numeric(rows["p_personal"], errors="coerce") if "p_personal" in rows else \
            pd.Series(np.nan, index=rows.index, dtype=float)
        known = p.notna()
        clipped = p.clip(*LOGIT_CLIP)
        logit = np.log(clipped / (1 - clipped)).fillna(0.0)
        frame = pd.DataFrame({"client_id": rows["client_id"], "staff_id": rows["staff_id"],
                              "p": p.fillna(0.0), "p2": p.fillna(0.0) ** 2,
                              "n": known.astype(int), "l": logit, "l2": logit ** 2})
        columns = ["p", "p2", "n", "l", "l2"]
        sums = frame.groupby(["client_id", "staff_id"], sort=False)[columns].sum()
        self.pair = {key: SoftCount(float(a), float(b), int(c), float(d), float(e))
                     for key, a, b, c, d, e in zip(sums.index, *(sums[k].to_numpy()
                                                                 for k in columns),
                                                   strict=True)}
        self.client: dict[str, SoftCount] = defaultdict(SoftCount)
        self.staff_pairs: dict[str, list[tuple[str, SoftCount]]] = defaultdict(list)
        for (client_id, staff_id), soft in self.pair.items():
            self.client[client_id] += soft
            self.staff_pairs[staff_id].append((client_id, soft))
        self.total = SoftCount(*(float(frame[k].sum()) if k != "n" else int(frame[k].sum())
                                 for k in columns))

    def of_pair(self, client_id: str, staff_id: str) -> SoftCount:
        return self.pair.get((client_id, staff_id), SoftCount())

    def others(self, client_id: str, staff_id: str) -> SoftCount:
        """The client's messages to everyone but this staff member."""
        return self.client.get(client_id, SoftCount()) - self.of_pair(client_id, staff_id)

    def staff_others(self, client_id: str, staff_id: str) -> SoftCount:
        """This staff member's messages from their other clients, leaving out the quarter of
        those clients whose messages read most about the person (as `_Tally.staff_others`:
        a few mismatched clients of theirs do not raise the person's norm)."""
        means = sorted(((soft.mean_logit or 0.0, soft) for c, soft in
                        self.staff_pairs.get(staff_id, ()) if c != client_id and soft.n),
                       key=lambda t: -t[0])
        kept = SoftCount()
        for _, soft in means[len(means) // 4:]:
            kept += soft
        return kept


class _Tally:
    """Friction counts of one period by pair, by client, by staff member and in total; and the
    same for the messages about the person (complaint_person)."""

    def __init__(self, rows: pd.DataFrame) -> None:
        grouped = rows.groupby(["client_id", "staff_id"], sort=False)
        hits = grouped["friction"].sum()
        sizes = grouped.size()
        personal = grouped["personal"].sum()
        self.pair = {key: (int(k), int(n), int(p)) for key, k, n, p in zip(
            sizes.index, hits.reindex(sizes.index).to_numpy(), sizes.to_numpy(),
            personal.reindex(sizes.index).to_numpy(), strict=True)}
        self.client: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.staff: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        # each staff member's pairs, so staff_others reads theirs, not every pair (quadratic
        # in the portfolio's size otherwise)
        self.staff_pairs: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for (client_id, staff_id), counts in self.pair.items():
            self.staff_pairs[staff_id].append((client_id, counts[0], counts[1]))
            for bucket in (self.client[client_id], self.staff[staff_id]):
                for i, value in enumerate(counts):
                    bucket[i] += value
        self.total = Count(int(rows["friction"].sum()), len(rows))
        self.total_personal = Count(int(rows["personal"].sum()), len(rows))

    def of_pair(self, client_id: str, staff_id: str) -> Count:
        k, n, _ = self.pair.get((client_id, staff_id), (0, 0, 0))
        return Count(k, n)

    def personal(self, client_id: str, staff_id: str) -> Count:
        """The client's messages to this staff member about the person."""
        _, n, k = self.pair.get((client_id, staff_id), (0, 0, 0))
        return Count(k, n)

    def others(self, client_id: str, staff_id: str) -> Count:
        """The client with everyone but this staff member."""
        own = self.of_pair(client_id, staff_id)
        k, n, _ = self.client.get(client_id, [0, 0, 0])
        return Count(k - own.hits, n - own.n)

    def others_personal(self, client_id: str, staff_id: str) -> Count:
        """The client's messages about the person to everyone but this staff member."""
        own = self.personal(client_id, staff_id)
        _, n, k = self.client.get(client_id, [0, 0, 0])
        return Count(k - own.hits, n - own.n)

    def staff_others_personal(self, client_id: str, staff_id: str) -> Count:
        """This staff member's messages about them from their other clients, pooled: the
        person's own norm (someone curt with everyone draws more of them everywhere)."""
        own = self.personal(client_id, staff_id)
        _, n, k = self.staff.get(staff_id, [0, 0, 0])
        return Count(k - own.hits, n - own.n)

    def staff_others(self, client_id: str, staff_id: str) -> Count:
        """This staff member with their other clients, pooled, leaving out the quarter of them
        with the highest shares: a person with friction across their clients keeps a high
        share, while a few mismatched or difficult clients of theirs do not make everyone
        else's friction look ordinary."""
        shares = sorted(((k / n, k, n) for c, k, n in self.staff_pairs.get(staff_id, ())
                         if c != client_id and n), reverse=True)
        kept = shares[len(shares) // 4:]
        return Count(sum(k for _, k, _ in kept), sum(n for _, _, n in kept))


# A curt reply is one the analyzer reads as curt *and* of at most this many words of our own
# (quotes and signature stripped). On the blind authors' mail the reader reads 50-65 % of every
# staff member's replies as curt (a friendly "Hi Colm, all good - see you Friday" too), so a
# person curt with all their clients stood only 0.12-0.18 above the rest and no clearer than
# some who are not; their short curt replies ("Tuesday.", "Not possible this week.") are 37-52 %
# of their replies against 0-6 % of everyone else's on authors A, C, F and G (issue 14, e14p).
# 6 words keeps the same staff apart with less margin, 10 starts to count the demo generator's
# ordinary replies; 8 is between them.
CURT_MAX_WORDS = 8


def curt_counts(replies: pd.DataFrame) -> tuple[dict[str, Count], Count]:
    """Per staff member, their curt replies of all their replies; and the same for everyone.
    `replies`: our messages (direction "out") with `staff_id`, the analyzer's `curt` and, when
    known, the `words` of our own text in them (a curt reply is short: `CURT_MAX_WORDS`)."""
    if replies.empty or "curt" not in replies:
        return {}, Count()
    curt = replies["curt"].fillna(False).astype(bool)
    if "words" in replies:
        curt = curt & (pd.to_numeric(replies["words"], errors="coerce") <= CURT_MAX_WORDS)
    grouped = curt.groupby(replies["staff_id"].astype(str))
    hits, sizes = grouped.sum(), grouped.size()
    return ({str(s): Count(int(hits[s]), int(sizes[s])) for s in sizes.index},
            Count(int(curt.sum()), len(curt)))


class _Timelines:
    """(client, staff) -> the pair's messages in time order: (sent at, 0 calm, 1 friction,
    2 about the person). Kept as arrays (rows grouped by pair, in time order within a pair);
    a pair's tuple is made when it is read, so a portfolio's millions of messages are not held
    as Python objects (docs/scale.md)."""

    def __init__(self, inbound: pd.DataFrame) -> None:
        rows = inbound.sort_values("sent_at", kind="stable")
        kinds = rows["friction"].astype(bool).astype(int).where(~rows["personal"].astype(bool), 2)
        clients = rows["client_id"].to_numpy(dtype=object)
        staff = rows["staff_id"].to_numpy(dtype=object)
        # the pairs in order of their first message (as the tuples were made before), each
        # pair's rows in time order: a stable sort by the pair's first position
        codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([clients, staff]), sort=False)
        order = np.argsort(codes, kind="stable")
        times = pd.to_datetime(rows["sent_at"])
        # naive times (the stores' and engines') as microseconds, made datetimes when read;
        # aware ones, should a frame carry them, as the datetimes themselves
        self.times = (np.asarray(times.dt.to_pydatetime(), dtype=object)[order]
                      if times.dt.tz is not None
                      else times.to_numpy(dtype="datetime64[us]")[order])
        self.kinds = kinds.to_numpy(dtype=np.int8)[order]
        sizes = np.bincount(codes, minlength=len(uniques))
        ends = np.cumsum(sizes)
        self.spans = {key: (int(end - size), int(end)) for key, end, size in zip(
            uniques, ends.tolist(), sizes.tolist(), strict=True)}

    def get(self, key: tuple[str, str]) -> tuple[tuple[datetime, int], ...]:
        found = self.spans.get(key)
        if found is None:
            return ()
        start, end = found
        return tuple(zip(self.times[start:end].tolist(), self.kinds[start:end].tolist(),
                         strict=True))


def _colder(mine: np.ndarray, others: np.ndarray) -> float:
    """Comparisons (one of `mine`, one of `others`, `others` sorted) in which mine is the
    colder (the lower tone score), ties counted half."""
    if not len(mine) or not len(others):
        return 0.0
    left = np.searchsorted(others, mine, side="left")
    right = np.searchsorted(others, mine, side="right")
    return float(np.sum(len(others) - right) + 0.5 * np.sum(right - left))


def _ranks(mine: np.ndarray, colder: float, others_n: int, others_sum: float) -> ToneRanks:
    if not len(mine) or not others_n:
        return ToneRanks(n=len(mine), m=others_n)
    return ToneRanks(colder, len(mine), others_n, float(np.mean(mine)), others_sum / others_n)


def _sorted_scores(rows: pd.DataFrame, keys: list[str]) -> dict[tuple, np.ndarray]:
    """(key values) -> the tone scores of that group's messages, sorted (one sort, no
    per-group pass of pandas: a portfolio has tens of thousands of pairs)."""
    if "tone_score" not in rows:
        return {}
    rows = rows[rows["tone_score"].notna()]
    if rows.empty:
        return {}
    ordered = rows.sort_values([*keys, "tone_score"], kind="stable")
    values = ordered["tone_score"].to_numpy(dtype=float)
    columns = [ordered[key].to_numpy() for key in keys]
    change = np.zeros(len(ordered), dtype=bool)
    change[0] = True
    for column in columns:
        change[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(ordered))
    return {tuple(column[start] for column in columns): values[start:end]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True)}


class _Tones:
    """The tone scores of the messages, for ranking a pair's messages over the span against
    the same client's to the colleagues and against the person's from their other clients."""

    def __init__(self, span: pd.DataFrame, window: pd.DataFrame) -> None:
        pair = ["client_id", "staff_id"]
        self.span_pair = _sorted_scores(span, pair)
        self.span_client = _sorted_scores(span, ["client_id"])
        self.window_pair = _sorted_scores(window, pair)
        self.window_staff = _sorted_scores(window, ["staff_id"])
        self.empty = np.zeros(0)

    def _get(self, table: dict[tuple, np.ndarray], key: tuple) -> np.ndarray:
        found = table.get(key)
        return self.empty if found is None else found

    def vs_colleagues(self, client_id: str, staff_id: str) -> ToneRanks:
        """The pair's messages over the span against the client's to everyone else."""
        mine = self._get(self.span_pair, (client_id, staff_id))
        everyone = self._get(self.span_client, (client_id,))
        # the client's messages to everyone less this pair's: counted on the whole, minus self
        colder = _colder(mine, everyone) - _colder(mine, mine)
        return _ranks(mine, colder, len(everyone) - len(mine),
                      float(everyone.sum() - mine.sum()))

    def vs_staff_others(self, client_id: str, staff_id: str) -> ToneRanks:
        """The pair's messages over the span against the person's from their other clients
        (window)."""
        mine = self._get(self.span_pair, (client_id, staff_id))
        own = self._get(self.window_pair, (client_id, staff_id))
        everyone = self._get(self.window_staff, (staff_id,))
        colder = _colder(mine, everyone) - _colder(mine, own)
        return _ranks(mine, colder, len(everyone) - len(own), float(everyone.sum() - own.sum()))


def friction_counts(inbound: pd.DataFrame, recent_start: datetime,
                    labels: str = "old", history_days: int = 180,
                    replies: pd.DataFrame | None = None,
                    curt: tuple[dict[str, Count], Count] | None = None,
                    ) -> CountsByClient:
    """client id -> its counts. `inbound`: `friction_columns` of the window's messages. The
    history period is the `history_days` before the recent period: a mismatch of many months
    shows there, a recent one does not (the older past would dilute either). `replies`: our
    messages of the window, for each person's curt replies (`curt_counts`), or `curt`: those
    counts already taken."""
    if curt is None:
        curt = curt_counts(replies if replies is not None else pd.DataFrame())
    return CountsByClient(inbound, recent_start, labels, history_days, curt)


class CountsByClient(Mapping[str, FrictionCounts]):
    """client id -> its `FrictionCounts`, each made when it is read from tables of the whole
    portfolio (the pairs' tallies, tone scores and timelines), so a portfolio's counts are
    never all held at once: at 100,000 clients they were most of the decisions stage's memory
    (docs/scale.md). The clients are those with messages in the recent or the history period,
    in order of their first pair."""

    def __init__(self, inbound: pd.DataFrame, recent_start: datetime, labels: str,
                 history_days: int, curt: tuple[dict[str, Count], Count]) -> None:
        self.labels = labels
        self.staff_curt, self.all_curt = curt
        self.pairs_of: dict[str, list[str]] = {}
        self.hostile_total = Count()
        if inbound.empty:
            return
        self.start = start = pd.Timestamp(recent_start)
        history_start = start - pd.Timedelta(days=history_days)
        recent_rows = inbound[inbound["sent_at"] >= start]
        span_rows = inbound[inbound["sent_at"] >= history_start]
        self.recent, self.window = _Tally(recent_rows), _Tally(inbound)
        self.earlier = _Tally(span_rows[span_rows["sent_at"] < start])
        self.span = span = _Tally(span_rows)
        self.soft_recent, self.soft_window = _SoftTally(recent_rows), _SoftTally(inbound)
        self.soft_earlier = _SoftTally(span_rows[span_rows["sent_at"] < start])
        self.soft_span = _SoftTally(span_rows)
        self.personal_ids = {key: tuple(ids) for key, ids in span_rows[span_rows["personal"]]
                             .groupby(["client_id", "staff_id"], sort=False)["message_id"]}
        self.evidence = {key: tuple(ids) for key, ids in recent_rows[recent_rows["friction"]]
                         .groupby(["client_id", "staff_id"], sort=False)["message_id"]}
        hostile_rows = inbound[inbound["hostile"]]
        self.hostile = hostile_rows.groupby("client_id").size().to_dict()
        self.hostile_staff = hostile_rows.groupby("client_id")["staff_id"].nunique().to_dict()
        self.messages = inbound.groupby("client_id").size().to_dict()
        self.timelines = _Timelines(inbound)
        self.tones = _Tones(span_rows, inbound)
        pairs_of: dict[str, list[str]] = defaultdict(list)
        for client_id, staff_id in span.pair:
            pairs_of[client_id].append(staff_id)
        self.pairs_of = dict(pairs_of)
        # every client's hostile messages of all its messages, pooled (assessment's norms)
        self.hostile_total = Count(
            sum(int(self.hostile.get(c, 0)) for c in self.pairs_of),
            sum(int(self.messages.get(c, 0)) for c in self.pairs_of))

    def __iter__(self) -> Iterator[str]:
        return iter(self.pairs_of)

    def __len__(self) -> int:
        return len(self.pairs_of)

    def __contains__(self, client_id: object) -> bool:
        return client_id in self.pairs_of

    def __getitem__(self, client_id: str) -> FrictionCounts:
        staff_ids = self.pairs_of[client_id]
        recent, earlier, window, span = self.recent, self.earlier, self.window, self.span
        pairs = []
        for staff_id in staff_ids:
            key = (client_id, staff_id)
            pairs.append(PairCounts(
                staff_id=staff_id, pair=recent.of_pair(client_id, staff_id),
                others=recent.others(client_id, staff_id),
                staff_others=recent.staff_others(client_id, staff_id),
                earlier_pair=earlier.of_pair(client_id, staff_id),
                earlier_others=earlier.others(client_id, staff_id),
                earlier_staff_others=earlier.staff_others(client_id, staff_id),
                personal=recent.personal(client_id, staff_id),
                evidence=tuple(EvidenceRef(EvidenceKind.MESSAGE, i)
                               for i in self.evidence.get(key, ())),
                window_pair=window.of_pair(client_id, staff_id),
                window_others=window.others(client_id, staff_id),
                window_staff_others=window.staff_others(client_id, staff_id),
                history_personal=earlier.personal(client_id, staff_id),
                span_personal=span.personal(client_id, staff_id),
                colleagues_personal=span.others_personal(client_id, staff_id),
                staff_others_personal=window.staff_others_personal(client_id, staff_id),
                personal_evidence=tuple(EvidenceRef(EvidenceKind.MESSAGE, i)
                                        for i in self.personal_ids.get(key, ())),
                staff_curt=self.staff_curt.get(staff_id, Count()),
                timeline=self.timelines.get(key),
                tone_vs_colleagues=self.tones.vs_colleagues(client_id, staff_id),
                tone_vs_staff_others=self.tones.vs_staff_others(client_id, staff_id),
                soft_personal=self.soft_recent.of_pair(client_id, staff_id),
                soft_history_personal=self.soft_earlier.of_pair(client_id, staff_id),
                soft_colleagues_personal=self.soft_span.others(client_id, staff_id),
                soft_staff_others_personal=self.soft_window.staff_others(client_id, staff_id),
            ))
        pairs.sort(key=lambda p: (-(p.pair.share or 0.0), -p.pair.n, p.staff_id))
        k, n, _ = recent.client.get(client_id, (0, 0, 0))
        wk, wn, _ = window.client.get(client_id, (0, 0, 0))
        return FrictionCounts(
            pairs=tuple(pairs), client=Count(k, n), portfolio=recent.total,
            hostile=Count(int(self.hostile.get(client_id, 0)),
                          int(self.messages.get(client_id, 0))),
            hostile_staff=int(self.hostile_staff.get(client_id, 0)), labels=self.labels,
            window_client=Count(wk, wn), window_portfolio=window.total,
            portfolio_personal=window.total_personal, portfolio_curt=self.all_curt,
            recent_start=self.start.to_pydatetime(),
            soft_portfolio_personal=self.soft_window.total)
