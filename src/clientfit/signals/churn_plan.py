"""Which retainers the churn model is fitted on, and in which batches the active ones are
scored, so a portfolio of any size holds one sample's and one batch's records at a time.

- **Fit**: on every retainer when there are at most `sample_size` (policy
  `churn.fit_sample_retainers`, default 5,000); above that, on a *proportional stratified
  sample* of that size: the same fraction of the ended and of the ongoing relationships, so the
  share of endings — and with it the Breslow baseline hazard the risks come from — stays the
  portfolio's (why this size: docs/decisions.md). The sample is the clients with the smallest
  MD5 of their id in each stratum: fixed for a portfolio, the same on every engine, unrelated
  to anything the model reads.
- **Score**: every active retainer, in batches of SCORE_BATCH clients, each read and measured
  on its own. A client's landmark covariates depend only on its own records and on the date of
  the first record of all retainers (which sets the landmarks), read once here: the batches
  give exactly the values one pass over everybody gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import ibis
import pandas as pd

from clientfit.signals.tables import Tables, among

SCORE_BATCH = 5_000  # active retainers scored per batch (memory, not results, depends on it)


@dataclass(frozen=True)
class ChurnPlan:
    retainers: int
    fit_clients: list[str] | None  # None: every retainer
    score_batches: list[list[str] | None]  # [None]: everybody at once, from the fit's records
    first_record: date | None  # over every retainer; None when the fit reads everybody

    @property
    def sampled(self) -> bool:
        return self.fit_clients is not None


def plan_churn(connection: Any, as_of: date, sample_size: int,
               batch_size: int = SCORE_BATCH) -> ChurnPlan:
    """The fit sample and scoring batches for the retainers of `connection` on `as_of`."""
    tables = Tables.from_connection(connection)
    retainers = retainers_on(tables, as_of).select("client_id", "ended_on").to_pandas()
    count = len(retainers)
    if count <= min(sample_size, batch_size):
        return ChurnPlan(count, None, [None], None)
    ended = pd.to_datetime(retainers["ended_on"]) <= pd.Timestamp(as_of)
    fit = None if count <= sample_size else stratified_sample(
        retainers["client_id"].astype(str), ended.to_numpy(), sample_size)
    active = sorted(retainers.loc[~ended.to_numpy(), "client_id"].astype(str))
    batches: list[list[str] | None] = [active[i:i + batch_size]
                                       for i in range(0, len(active), batch_size)]
    return ChurnPlan(count, fit, batches, first_retainer_record(connection, as_of))


def stratified_sample(client_ids: pd.Series, ended: Any, size: int) -> list[str]:
    """`size` clients (about), the same fraction of each stratum (ended / ongoing)."""
    fraction = size / len(client_ids)
    chosen: list[str] = []
    for stratum in (True, False):
        members = sorted(client_ids[ended == stratum], key=_digest)
        if members:
            chosen += members[:max(1, round(len(members) * fraction))]
    return sorted(chosen)


def _digest(client_id: str) -> str:
    return hashlib.md5(client_id.encode("utf-8"), usedforsecurity=False).hexdigest()


def retainers_on(tables: Tables, as_of: date, clients: Sequence[str] | None = None) -> Any:
    """Retainer clients started by `as_of` (only `clients`, when given), ended or not."""
    c = tables.clients
    started = c.started_on.isnull() | (c.started_on <= ibis.date(as_of))
    chosen = c.filter(c.kind == "retainer", started)
    return chosen if clients is None else among(chosen, "client_id", clients)


def retainer_messages(tables: Tables, as_of: date, clients: Sequence[str] | None = None) -> Any:
    """Their messages sent up to `as_of`, both directions."""
    end = ibis.timestamp(datetime.combine(as_of + timedelta(days=1), time.min))
    msg = tables.messages
    ids = retainers_on(tables, as_of, clients).select("client_id")
    return msg.filter(msg.sent_at < end).semi_join(ids, "client_id")


def first_retainer_record(connection: Any, as_of: date) -> date | None:
    """The date of the first invoice, milestone or inbound message of any retainer up to
    `as_of` (what `retainer_records` finds over everybody), from three aggregates."""
    tables = Tables.from_connection(connection)
    ids = retainers_on(tables, as_of).select("client_id")
    day = ibis.date(as_of)
    inv, ms = tables.invoices, tables.milestones
    messages = retainer_messages(tables, as_of)
    found = [
        inv.filter(inv.amount_minor > 0, inv.issue_date <= day).semi_join(ids, "client_id")
        .issue_date.min(),
        ms.filter(ms.due_date <= day).semi_join(ids, "client_id").due_date.min(),
        messages.filter(messages.direction == "in").sent_at.min(),
    ]
    dates = [_as_date(expression.to_pyarrow().as_py()) for expression in found]
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
