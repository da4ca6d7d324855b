"""A client silent in the recent period keeps its friction counts over the window (e14e): the
attribution model is fitted on the recent period only, but "difficult with everyone" is read
from the window too, so a client hostile with everyone for a year that stopped writing three
months ago is still judged on how it wrote."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pandas as pd

from clientfit.domain import Count
from clientfit.signals.communication import Communication
from clientfit.signals.friction import attribute_friction
from clientfit.signals.friction_input import SCOPE_COLUMNS, FrictionInput

RECENT = datetime(2026, 4, 1)


def _table() -> pd.DataFrame:
    rows = []
    for c in range(8):
        for s in range(3):
            for i in range(10):
                # eight ordinary clients writing to three staff members, recent and earlier
                sent = RECENT + timedelta(days=i * 8) if i % 2 else RECENT - timedelta(days=i * 9)
                rows.append((f"m{c}-{s}-{i}", f"C{c}", f"S{s}", float(i % 5 == 0), sent, False))
    for s in range(2):
        for i in range(12):
            # a client hostile with both people it wrote to, silent since before the recent period
            rows.append((f"x{s}-{i}", "SILENT", f"S{s}", 1.0,
                         RECENT - timedelta(days=10 + i * 12), i % 3 == 0))
    table = pd.DataFrame(rows, columns=["message_id", "client_id", "staff_id", "friction",
                                        "sent_at", "hostile"])
    return table.assign(personal=False, tone_score=float("nan")).sort_values(
        ["sent_at", "message_id"], ignore_index=True)


def test_a_client_silent_in_the_recent_period_keeps_its_window_counts():
    kept = FrictionInput(_table(), {}, Count(), "new", pd.DataFrame(columns=SCOPE_COLUMNS))
    recent = SimpleNamespace(per_pair=pd.DataFrame())
    comm = Communication(None, recent, RECENT, pd.DataFrame(), kept)  # type: ignore[arg-type]
    found = attribute_friction(comm, {})
    # the model was fitted on the recent period (client effects for the writing clients) ...
    assert found["C0"].client_effect is not None
    # ... and the silent client has no effect there, but its counts over the window
    silent = found["SILENT"]
    assert silent.client_effect is None
    assert silent.counts is not None
    assert silent.counts.client == Count(0, 0)
    assert silent.counts.window_client == Count(24, 24)
    assert silent.counts.hostile == Count(8, 24) and silent.counts.hostile_staff == 2
