""""Is it just me?" in counts: per client and staff member, how many of the client's messages
carried friction, beside the same client with the colleagues and the same staff member with
their other clients (docs/models.md, "Whose friction is it"). The assessment judges these
counts with their uncertainty (`clientfit.assessment.whose`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pandas as pd

from clientfit.domain import Count, EvidenceKind, EvidenceRef, FrictionCounts, PairCounts

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
    })


class _Tally:
    """Friction counts of one period by pair, by client, by staff member and in total."""

    def __init__(self, rows: pd.DataFrame) -> None:
        grouped = rows.groupby(["client_id", "staff_id"], sort=False)
        hits = grouped["friction"].sum()
        sizes = grouped.size()
        personal = grouped["personal"].sum()
        self.pair = {key: (int(hits[key]), int(sizes[key]), int(personal[key]))
                     for key in sizes.index}
        self.client: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.staff: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (client_id, staff_id), (k, n, _) in self.pair.items():
            for bucket in (self.client[client_id], self.staff[staff_id]):
                bucket[0] += k
                bucket[1] += n
        self.total = Count(int(rows["friction"].sum()), len(rows))

    def of_pair(self, client_id: str, staff_id: str) -> Count:
        k, n, _ = self.pair.get((client_id, staff_id), (0, 0, 0))
        return Count(k, n)

    def others(self, client_id: str, staff_id: str) -> Count:
        """The client with everyone but this staff member."""
        own = self.of_pair(client_id, staff_id)
        k, n = self.client.get(client_id, [0, 0])
        return Count(k - own.hits, n - own.n)

    def staff_others(self, client_id: str, staff_id: str) -> Count:
        """This staff member with their other clients, pooled, leaving out the quarter of them
        with the highest shares: a person with friction across their clients keeps a high
        share, while a few mismatched or difficult clients of theirs do not make everyone
        else's friction look ordinary."""
        shares = sorted(((k / n, k, n) for (c, s), (k, n, _) in self.pair.items()
                         if s == staff_id and c != client_id and n), reverse=True)
        kept = shares[len(shares) // 4:]
        return Count(sum(k for _, k, _ in kept), sum(n for _, _, n in kept))


def friction_counts(inbound: pd.DataFrame, recent_start: datetime,
                    labels: str = "old") -> dict[str, FrictionCounts]:
    """client id -> its counts. `inbound`: `friction_columns` of the window's messages."""
    if inbound.empty:
        return {}
    start = pd.Timestamp(recent_start)
    recent_rows = inbound[inbound["sent_at"] >= start]
    recent, earlier = _Tally(recent_rows), _Tally(inbound[inbound["sent_at"] < start])
    window = _Tally(inbound)
    evidence = {key: tuple(ids) for key, ids in recent_rows[recent_rows["friction"]]
                .groupby(["client_id", "staff_id"], sort=False)["message_id"]}
    hostile_rows = inbound[inbound["hostile"]]
    hostile = hostile_rows.groupby("client_id").size().to_dict()
    hostile_staff = hostile_rows.groupby("client_id")["staff_id"].nunique().to_dict()
    messages = inbound.groupby("client_id").size().to_dict()
    pairs_of: dict[str, list[str]] = defaultdict(list)
    for client_id, staff_id in recent.pair:
        pairs_of[client_id].append(staff_id)
    found = {}
    for client_id, staff_ids in pairs_of.items():
        pairs = []
        for staff_id in staff_ids:
            _, _, personal = recent.pair[(client_id, staff_id)]
            pairs.append(PairCounts(
                staff_id=staff_id, pair=recent.of_pair(client_id, staff_id),
                others=recent.others(client_id, staff_id),
                staff_others=recent.staff_others(client_id, staff_id),
                earlier_pair=earlier.of_pair(client_id, staff_id),
                earlier_others=earlier.others(client_id, staff_id),
                earlier_staff_others=earlier.staff_others(client_id, staff_id),
                personal=Count(personal, recent.of_pair(client_id, staff_id).n),
                evidence=tuple(EvidenceRef(EvidenceKind.MESSAGE, i)
                               for i in evidence.get((client_id, staff_id), ())),
                window_pair=window.of_pair(client_id, staff_id),
                window_others=window.others(client_id, staff_id),
                window_staff_others=window.staff_others(client_id, staff_id),
            ))
        pairs.sort(key=lambda p: (-(p.pair.share or 0.0), -p.pair.n, p.staff_id))
        k, n = recent.client[client_id]
        wk, wn = window.client[client_id]
        found[client_id] = FrictionCounts(
            pairs=tuple(pairs), client=Count(k, n), portfolio=recent.total,
            hostile=Count(int(hostile.get(client_id, 0)), int(messages.get(client_id, 0))),
            hostile_staff=int(hostile_staff.get(client_id, 0)), labels=labels,
            window_client=Count(wk, wn), window_portfolio=window.total)
    return found
