"""Friction attribution inputs: each inbound message scored 1 when negative, then split into
client, staff and pair effects by `clientfit.models.attribution` (docs/models.md)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from clientfit.domain import EvidenceKind, EvidenceRef, FrictionFindings, PairFriction
from clientfit.models._checks import ModelInputError
from clientfit.models.attribution import FrictionAttribution, best_fit_colleague
from clientfit.signals.communication import Communication


def friction_table(messages: pd.DataFrame) -> pd.DataFrame:
    """Inbound messages with a staff member: friction = 1 if negative, a complaint or a threat."""
    if messages.empty:
        return pd.DataFrame(columns=["client_id", "staff_id", "friction", "sent_at"])
    inbound = messages[(messages["direction"] == "in") & messages["pair_staff_id"].notna()]
    negative = (inbound["tone"] == "negative") | inbound["complaint"] | inbound["threat"]
    return pd.DataFrame({
        "client_id": inbound["client_id"].astype(str),
        "staff_id": inbound["pair_staff_id"].astype(str),
        "friction": negative.astype(float),
        "sent_at": inbound["sent_at"],
    })


def _fit(table: pd.DataFrame, level: float) -> FrictionAttribution | None:
    if table["client_id"].nunique() < 2 or table["staff_id"].nunique() < 2:
        return None  # nothing to tell apart
    try:
        # flagged = the interval excludes zero; the policy judges whether it is large enough
        return FrictionAttribution(level=level, min_effect=0.0).fit(table)
    except ModelInputError:
        return None  # too few clients or staff to tell effects apart


def attribute_friction(
    comm: Communication, assigned: dict[str, set[str]], level: float = 0.9
) -> dict[str, FrictionFindings]:
    """Per client: the attribution in the recent period, with persistence from the earlier part.

    `assigned`: client id -> staff ids working on it (candidates for the best-fit colleague).
    """
    table = friction_table(comm.window.messages)
    recent = table[table["sent_at"] >= pd.Timestamp(comm.recent_start)]
    before = table[table["sent_at"] < pd.Timestamp(comm.recent_start)]
    model = _fit(recent, level)
    if model is None:
        return {}
    earlier_model = _fit(before, level)
    earlier: dict[tuple[str, str], tuple[float, float]] = {}
    if earlier_model is not None:
        earlier_excess = _excess(earlier_model, level)
        earlier = {key: (float(row["effect"]), float(row["lower"]))
                   for key, row in earlier_excess.iterrows()}
    excess = _excess(model, level)
    pair_stats = _pair_stats(comm)
    flagged_staff = set(model.staff_effects_.index[model.staff_effects_["flagged"]])
    findings: dict[str, FrictionFindings] = {}
    for client_id, row in model.client_effects_.iterrows():
        pairs = []
        effects = excess.xs(client_id, level=0, drop_level=False)
        for (_, staff_id), pair in effects.sort_values("excess", ascending=False).iterrows():
            share, ids = pair_stats.get((client_id, staff_id), (None, ()))
            pairs.append(PairFriction(
                staff_id=str(staff_id), effect=float(pair["effect"]),
                staff_effect=float(pair["staff_effect"]), excess=float(pair["excess"]),
                lower=float(pair["lower"]), upper=float(pair["upper"]),
                messages=int(pair["n"]), negative_share=share, flagged=bool(pair["flagged"]),
                earlier_effect=earlier.get((client_id, staff_id), (None, None))[0],
                earlier_lower=earlier.get((client_id, staff_id), (None, None))[1],
                evidence=tuple(EvidenceRef(EvidenceKind.MESSAGE, str(i)) for i in ids),
            ))
        worst = pairs[0].staff_id if pairs else None
        others = recent[(recent["client_id"] == client_id) & (recent["staff_id"] != worst)]
        # colleagues who already know the client first; anyone else if there is nobody
        candidates = sorted(assigned.get(str(client_id), set()) - {worst}) or sorted(
            set(map(str, model.staff_effects_.index)) - {worst})
        best = None
        if candidates:
            ranking = best_fit_colleague(model, client_id, candidates)
            best = str(ranking["staff_id"].iloc[0])
        findings[str(client_id)] = FrictionFindings(
            client_effect=float(row["effect"]), client_lower=float(row["lower"]),
            client_flagged=bool(row["flagged"]), pairs=tuple(pairs),
            others_negative_share=float(others["friction"].mean()) if len(others) else None,
            best_colleague=best,
            flagged_staff=tuple(sorted(s for s in assigned.get(str(client_id), set())
                                       if s in flagged_staff)),
        )
    return findings


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
    frame = comm.recent.per_pair
    stats: dict[tuple[str, str], tuple[float | None, tuple]] = {}
    for row in frame.to_dict(orient="records") if len(frame) else []:
        share = row.get("negative_share")
        share = None if share is None or share != share else float(share)
        stats[(str(row["client_id"]), str(row["staff_id"]))] = (
            share, tuple(row.get("negative_ids", ()) or ()))
    return stats


def staff_on_clients(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """client id -> staff ids from assignment rows (client_id, staff_id)."""
    assigned: dict[str, set[str]] = {}
    for row in rows:
        assigned.setdefault(str(row["client_id"]), set()).add(str(row["staff_id"]))
    return assigned
