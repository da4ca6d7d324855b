"""Friction attribution inputs: each inbound message scored 1 when negative, then split into
client, staff and pair effects by `clientfit.models.attribution` (docs/models.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from clientfit.domain import EvidenceKind, EvidenceRef, FrictionFindings, PairFriction
from clientfit.models._checks import ModelInputError
from clientfit.models.attribution import FrictionAttribution
from clientfit.signals.communication import Communication
from clientfit.signals.friction_counts import CountsByClient, friction_counts
from clientfit.signals.friction_input import friction_table

__all__ = ["FindingsByClient", "attribute_friction", "friction_table", "staff_on_clients"]


def _fit(table: pd.DataFrame, level: float) -> FrictionAttribution | None:
    if table["client_id"].nunique() < 2 or table["staff_id"].nunique() < 2:
        return None  # nothing to tell apart
    try:
        # flagged = the interval excludes zero; the policy judges whether it is large enough
        return FrictionAttribution(level=level, min_effect=0.0).fit(table)
    except ModelInputError:
        return None  # too few clients or staff to tell effects apart


def attribute_friction(
    comm: Communication, assigned: dict[str, set[str]], level: float = 0.9,
    history_days: int = 180,
) -> FindingsByClient:
    """Per client: the attribution in the recent period, with persistence from the earlier part.

    `assigned`: client id -> staff ids working on it (candidates for the best-fit colleague).
    `history_days`: the period before the recent one that the counts read persistence in.
    """
    given = comm.friction_input()
    table = given.table
    counts = friction_counts(table.assign(friction=table["friction"] > 0), comm.recent_start,
                             given.labels, history_days, curt=(given.curt, given.all_curt))
    recent = table[table["sent_at"] >= pd.Timestamp(comm.recent_start)]
    model = _fit(recent, level)
    earlier_model = None
    if model is not None:
        earlier_model = _fit(table[table["sent_at"] < pd.Timestamp(comm.recent_start)], level)
    return FindingsByClient(counts, model, earlier_model, recent, comm, assigned, level)


class FindingsByClient(Mapping[str, FrictionFindings]):
    """client id -> its `FrictionFindings`, each made when it is read from the fitted models
    and the counts' tables (a portfolio's findings are never all held at once; docs/scale.md).
    The clients of the recent model first, then those with counts only (a client silent in the
    recent period: e14e, a client hostile with everyone for a year that stopped writing three
    months ago still has its counts over the window and the history period)."""

    def __init__(self, counts: CountsByClient, model: FrictionAttribution | None,
                 earlier_model: FrictionAttribution | None, recent: pd.DataFrame,
                 comm: Communication, assigned: dict[str, set[str]], level: float) -> None:
        self.counts = counts
        self.assigned = assigned
        # every client's hostile messages of all its messages, pooled (assessment's norms)
        self.hostile_total = counts.hostile_total
        self.clients: dict[str, tuple[float, float, bool, np.ndarray]] = {}
        if model is None:
            return
        self.earlier: dict[tuple[str, str], tuple[float, float]] = {}
        if earlier_model is not None:
            earlier_excess = _excess(earlier_model, level)
            self.earlier = dict(zip(earlier_excess.index, zip(
                earlier_excess["effect"].astype(float).tolist(),
                earlier_excess["lower"].astype(float).tolist(), strict=True), strict=True))
        excess = _excess(model, level)
        by_client = excess.groupby(level=0, sort=False).indices  # client -> row positions
        self.pair_staff = excess.index.get_level_values(1)
        self.columns = {name: excess[name].to_numpy() for name in
                        ("effect", "staff_effect", "excess", "lower", "upper", "n", "flagged")}
        self.pair_stats = _pair_stats(comm)
        self.flagged_staff = set(model.staff_effects_.index[model.staff_effects_["flagged"]])
        self.others_share = _OthersShare(recent)
        self.best_fit = _BestFit(model)
        self.everyone = sorted(set(map(str, model.staff_effects_.index)))
        clients = model.client_effects_
        for client_id, effect, lower, flagged in zip(
                clients.index, clients["effect"].tolist(), clients["lower"].tolist(),
                clients["flagged"].tolist(), strict=True):
            self.clients[str(client_id)] = (effect, lower, flagged, by_client[client_id])

    def __iter__(self) -> Iterator[str]:
        yield from self.clients
        yield from (c for c in self.counts if c not in self.clients)

    def __len__(self) -> int:
        return len(self.clients) + sum(1 for c in self.counts if c not in self.clients)

    def __contains__(self, client_id: object) -> bool:
        return client_id in self.clients or client_id in self.counts

    def __getitem__(self, client_id: str) -> FrictionFindings:
        if client_id not in self.clients:
            return FrictionFindings(counts=self.counts[client_id])
        effect, lower, flagged, positions = self.clients[client_id]
        columns, earlier = self.columns, self.earlier
        pairs = []
        for row in _by_excess(positions, columns["excess"]):
            staff_id = self.pair_staff[row]
            share, ids = self.pair_stats.get((client_id, staff_id), (None, ()))
            pairs.append(PairFriction(
                staff_id=str(staff_id), effect=float(columns["effect"][row]),
                staff_effect=float(columns["staff_effect"][row]),
                excess=float(columns["excess"][row]), lower=float(columns["lower"][row]),
                upper=float(columns["upper"][row]), messages=int(columns["n"][row]),
                negative_share=share, flagged=bool(columns["flagged"][row]),
                earlier_effect=earlier.get((client_id, staff_id), (None, None))[0],
                earlier_lower=earlier.get((client_id, staff_id), (None, None))[1],
                evidence=tuple(EvidenceRef(EvidenceKind.MESSAGE, str(i)) for i in ids),
            ))
        worst = pairs[0].staff_id if pairs else None
        # colleagues who already know the client first; anyone else if there is nobody
        candidates = sorted(self.assigned.get(client_id, set()) - {worst}) or [
            s for s in self.everyone if s != worst]
        return FrictionFindings(
            client_effect=float(effect), client_lower=float(lower),
            client_flagged=bool(flagged), pairs=tuple(pairs),
            others_negative_share=self.others_share(client_id, worst),
            best_colleague=self.best_fit(client_id, candidates) if candidates else None,
            flagged_staff=tuple(sorted(s for s in self.assigned.get(client_id, set())
                                       if s in self.flagged_staff)),
            counts=self.counts.get(client_id),
        )


def _by_excess(positions: np.ndarray, excess: np.ndarray) -> list[int]:
    """Row positions of one client's pairs, largest excess first (pandas' descending sort, as
    `DataFrame.sort_values("excess", ascending=False)` orders them, ties included)."""
    if len(positions) == 1:
        return [int(positions[0])]
    return [int(p) for p in positions[_descending(excess[positions])]]


def _descending(values: np.ndarray) -> np.ndarray:
    """`pd.Series(values).sort_values(ascending=False).index`, without building a Series
    (a few microseconds instead of ~0.3 ms a client): pandas' own steps (`nargsort`) — the
    reversed values sorted, the order reversed back, NaN last."""
    missing = np.isnan(values)
    where = np.flatnonzero(~missing)[::-1]
    order = where[values[where].argsort(kind="quicksort")][::-1]
    return np.concatenate([order, np.flatnonzero(missing)])


class _OthersShare:
    """Share of negative inbound messages of a client with everyone but one staff member
    (friction is 0 or 1, so sums are exact and the share equals the mean of those rows)."""

    def __init__(self, recent: pd.DataFrame) -> None:
        grouped = recent.groupby(["client_id", "staff_id"], sort=False)["friction"]
        sums, counts = grouped.sum(), grouped.count()
        self.pair = dict(zip(sums.index, zip(sums.tolist(), counts.tolist(), strict=True),
                             strict=True))
        totals = recent.groupby("client_id", sort=False)["friction"]
        self.client = dict(zip(totals.sum().index, zip(
            totals.sum().tolist(), totals.count().tolist(), strict=True), strict=True))

    def __call__(self, client_id: object, staff_id: object) -> float | None:
        total, count = self.client.get(client_id, (0.0, 0))
        own, own_count = self.pair.get((client_id, staff_id), (0.0, 0))
        if count - own_count <= 0:
            return None
        return float((total - own) / (count - own_count))


class _BestFit:
    """The colleague with the lowest expected friction with a client (staff + pair effect;
    first among equals): `best_fit_colleague`'s first row, with dictionary lookups."""

    def __init__(self, model: FrictionAttribution) -> None:
        self.staff = dict(zip(model.staff_effects_.index,
                              model.staff_effects_["effect"].to_numpy(), strict=True))
        self.pair = dict(zip(model.pair_effects_.index,
                             model.pair_effects_["effect"].to_numpy(), strict=True))

    def __call__(self, client_id: object, candidates: list[str]) -> str:
        best, best_value = candidates[0], np.inf
        for staff_id in candidates:
            value = float(self.staff.get(staff_id, 0.0) + self.pair.get((client_id, staff_id), 0.0))
            if value < best_value:
                best, best_value = staff_id, value
        return str(best)


def _excess(model: FrictionAttribution, level: float) -> pd.DataFrame:
    """Per pair: staff effect + pair effect (what moving the client away from this person could
    remove), with an interval treating the two estimates as independent."""
    pairs = model.pair_effects_.copy()
    staff = model.staff_effects_.reindex(pairs.index.get_level_values(1))
    pairs["staff_effect"] = staff["effect"].to_numpy()
    pairs["excess"] = pairs["effect"] + pairs["staff_effect"]
    se = np.hypot(pairs["se"].to_numpy(), staff["se"].to_numpy())
    z = stats.norm.ppf(0.5 + level / 2)
    pairs["lower"] = pairs["excess"] - z * se
    pairs["upper"] = pairs["excess"] + z * se
    pairs["flagged"] = pairs["lower"] > 0
    return pairs


def _pair_stats(comm: Communication) -> dict[tuple[str, str], tuple[float | None, tuple]]:
    """(client, staff) -> the pair's negative share (None when unknown) and negative message
    ids, read column by column (not a dict a pair first)."""
    frame = comm.recent.per_pair
    if not len(frame):
        return {}
    none = [None] * len(frame)
    shares = frame["negative_share"].tolist() if "negative_share" in frame else none
    ids = frame["negative_ids"].tolist() if "negative_ids" in frame else none
    return {(str(client_id), str(staff_id)): (
        None if share is None or share != share else float(share), tuple(found or ()))
        for client_id, staff_id, share, found in zip(
            frame["client_id"].tolist(), frame["staff_id"].tolist(), shares, ids, strict=True)}


def staff_on_clients(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """client id -> staff ids from assignment rows (client_id, staff_id)."""
    assigned: dict[str, set[str]] = {}
    for row in rows:
        assigned.setdefault(str(row["client_id"]), set()).add(str(row["staff_id"]))
    return assigned
