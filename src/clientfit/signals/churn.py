"""Churn risk of retainer clients, learnt from the portfolio's own ended retainers.

Every retainer client (active or ended) is measured at landmark dates — the as-of date and every
`step_days` before it, as far back as the records reach — over the `lookback_days` before each
landmark (docs/models.md, "Churn risk in the assessment"):

- ``negative_share`` — share of the client's inbound messages with a negative tone;
- ``inbound_per_month`` — the client's inbound messages per 30 days (going quiet);
- ``reply_hours`` — median hours from a client's message to our first reply;
- ``unanswered_share`` — share of the client's messages (older than two days) without a reply;
- ``days_late`` — mean days late of the invoices due in the lookback (unpaid: days so far);
- ``missed_share`` — share of the milestones due in the lookback delivered late or not at all;
- ``tenure_days`` — days since the relationship started.

`landmark_table` turns those rows into "did the client leave within the horizon of this
landmark?" rows; `ChurnModel` (Cox) is fitted on them once per assessment and predicts, for each
active retainer measured on the as-of date, the risk of leaving within the horizon, with the
covariates that drive it. With fewer ended retainers than the policy's minimum the model is not
fitted and each retainer gets a note saying so instead of a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import pandas as pd

from clientfit.domain import EvidenceRef, Window
from clientfit.models._checks import ModelInputError
from clientfit.models.churn import ChurnModel, landmark_table
from clientfit.signals.churn_evidence import churn_evidence
from clientfit.signals.churn_plan import SCORE_BATCH, plan_churn, retainer_messages, retainers_on
from clientfit.signals.tables import Tables

if TYPE_CHECKING:
    from clientfit.assessment.policy import Policy

COVARIATES = ("negative_share", "inbound_per_month", "reply_hours", "unanswered_share",
              "days_late", "missed_share", "tenure_days")
UNANSWERED_AFTER = timedelta(days=2)  # a message younger than this may still get its reply


@dataclass
class RetainerRecords:
    """A retainer portfolio's records up to the as-of date, as plain frames."""

    clients: pd.DataFrame  # client_id, started_on, ended_on (NaT: still a client)
    invoices: pd.DataFrame  # invoice_id, client_id, due_date, amount_minor, paid_on (NaT)
    milestones: pd.DataFrame  # milestone_id, client_id, due_date, delivered_on (NaT)
    inbound: pd.DataFrame  # message_id, client_id, sent_at, negative, replied_at (NaT)
    first_record: date | None


@dataclass
class ChurnRisks:
    """Per client, the churn metrics and the reasons' drivers; evidence sets; a status line."""

    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    drivers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    evidence: dict[str, dict[str, tuple[EvidenceRef, ...]]] = field(default_factory=dict)
    status: str = ""
    events: int = 0


def retainer_records(connection: Any, as_of: date, analyzer: str = "default",
                     store: Any = None, clients: Sequence[str] | None = None,
                     first_record: date | None = None) -> RetainerRecords:
    """Every retainer client's invoices, payments, milestones and messages up to `as_of`
    (only those of `clients`, when given; `first_record`: the first record's date over all
    retainers, when known — it sets the landmarks, so a part must carry the whole's).

    The inbound messages' tone comes from the stored analyses (`signals.text_analyses`); the
    missing ones are analysed once, and written to `store` when given."""
    from clientfit.signals.text_analyses import analysed_tones

    tables = Tables.from_connection(connection)
    day = ibis.date(as_of)
    retainers = retainers_on(tables, as_of, clients)
    client_frame = _in_table_order(tables, as_of, clients)
    ids = retainers.select("client_id")
    inv = tables.invoices
    invoices = inv.filter(inv.amount_minor > 0, inv.issue_date <= day).semi_join(ids, "client_id")
    pay = tables.payments
    paid = pay.filter(pay.paid_on <= day).semi_join(invoices.select("invoice_id"), "invoice_id")
    ms = tables.milestones
    milestones = ms.filter(ms.due_date <= day).semi_join(ids, "client_id")
    msg = tables.messages
    messages = retainer_messages(tables, as_of, clients)
    invoice_frame = invoices.select("invoice_id", "client_id", "issue_date", "due_date",
                                    "amount_minor").to_pandas()
    payment_frame = paid.select("invoice_id", "paid_on", "amount_minor").to_pandas()
    milestone_frame = milestones.select("milestone_id", "client_id", "due_date",
                                        "delivered_on").to_pandas()
    analysed = analysed_tones(connection, store, retainer_inbound(connection, as_of, clients),
                              analyzer)
    replies = messages.filter(msg.direction == "out", msg.in_reply_to.notnull())
    reply_frame = replies.select("in_reply_to", "sent_at").to_pandas()
    for frame, columns in ((client_frame, ("started_on", "ended_on")),
                           (invoice_frame, ("issue_date", "due_date")),
                           (payment_frame, ("paid_on",)),
                           (milestone_frame, ("due_date", "delivered_on")),
                           (reply_frame, ("sent_at",))):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column])
    invoice_frame["paid_on"] = _settled_on(invoice_frame, payment_frame)
    inbound = _inbound(analysed.messages, analysed.analyses, reply_frame)
    dates = [frame[column].min() for frame, column in (
        (invoice_frame, "issue_date"), (milestone_frame, "due_date"), (inbound, "sent_at"))
        if len(frame)]
    first = first_record if first_record is not None else \
        (min(dates).date() if dates else None)
    return RetainerRecords(client_frame, invoice_frame, milestone_frame, inbound, first)


def _in_table_order(tables: Tables, as_of: date, clients: Sequence[str] | None) -> pd.DataFrame:
    """The retainers' client_id, started_on, ended_on in the clients table's order (the order
    the landmark rows, and so the Cox fit's sums, follow). `retainers_on` with `clients`
    joins them, which may return them in another order: every retainer is read (one row
    each, three columns) and the others dropped here."""
    every = retainers_on(tables, as_of).select("client_id", "started_on", "ended_on").to_pandas()
    if clients is None:
        return every
    return every[every["client_id"].isin(set(clients))].reset_index(drop=True)


def retainer_inbound(connection: Any, as_of: date, clients: Sequence[str] | None = None) -> Any:
    """The retainers' (or `clients`') inbound messages up to `as_of`, whose tone churn risk
    reads (an Ibis expression over the `messages` table)."""
    messages = retainer_messages(Tables.from_connection(connection), as_of, clients)
    return messages.filter(messages.direction == "in")


def _settled_on(invoices: pd.DataFrame, payments: pd.DataFrame) -> pd.Series:
    """The day each invoice was paid in full (NaT: not yet)."""
    if invoices.empty or payments.empty:
        return pd.Series(pd.NaT, index=invoices.index, dtype="datetime64[ns]")
    ordered = payments.sort_values("paid_on")
    ordered = ordered.assign(total=ordered.groupby("invoice_id")["amount_minor"].cumsum())
    due = ordered.merge(invoices[["invoice_id", "amount_minor"]], on="invoice_id",
                        suffixes=("", "_due"))
    full = due[due["total"] >= due["amount_minor_due"]].groupby("invoice_id")["paid_on"].min()
    return _lookup(full, invoices["invoice_id"])


def _lookup(dates: pd.Series, keys: pd.Series) -> pd.Series:
    """dates[key] for each key (NaT where missing), as datetime64[ns], index of `keys`."""
    found = dates.astype("datetime64[ns]").reindex(keys.to_numpy())
    return pd.Series(found.to_numpy(), index=keys.index)


def _dates(values: pd.Series) -> pd.Series:
    """Looked-up dates as datetime64 (missing: NaT), whatever the lookup gave back."""
    return pd.to_datetime(values.astype(object).where(values.notna(), None)).astype(
        "datetime64[ns]")


def _inbound(messages: pd.DataFrame, analyses: pd.DataFrame,
             replies: pd.DataFrame) -> pd.DataFrame:
    columns = ["message_id", "client_id", "sent_at", "negative", "replied_at"]
    if messages.empty:
        return pd.DataFrame({"message_id": pd.Series(dtype=object),
                             "client_id": pd.Series(dtype=object),
                             "sent_at": pd.Series(dtype="datetime64[ns]"),
                             "negative": pd.Series(dtype=bool),
                             "replied_at": pd.Series(dtype="datetime64[ns]")})
    inbound = messages[["message_id", "client_id", "sent_at"]].reset_index(drop=True)
    inbound["sent_at"] = pd.to_datetime(inbound["sent_at"])
    tone = analyses.set_index("message_id")["tone"]
    inbound["negative"] = inbound["message_id"].map(tone).eq("negative").to_numpy()
    first_reply = replies.groupby("in_reply_to")["sent_at"].min()
    inbound["replied_at"] = _lookup(first_reply, inbound["message_id"])
    return inbound[columns]


def landmark_rows(
    records: RetainerRecords, as_of: date, step_days: int = 30, lookback_days: int = 90
) -> pd.DataFrame:
    """One row per retainer per landmark date (see the module doc), with the client's final
    tenure (`duration`, days) and whether it ended (`event`)."""
    columns = ["client_id", "landmark", "time", *COVARIATES, "duration", "event"]
    clients = records.clients
    if clients.empty or records.first_record is None:
        return pd.DataFrame(columns=columns)
    today = pd.Timestamp(as_of)
    earliest = pd.Timestamp(records.first_record) + pd.Timedelta(days=lookback_days)
    start = clients["started_on"].fillna(clients["client_id"].map(_first_seen(records)))
    start = _dates(start).fillna(earliest)
    ended = (clients["ended_on"].notna() & (clients["ended_on"] <= today)).to_numpy()
    end = _dates(clients["ended_on"].where(ended, today))
    count = max(0, (today - earliest).days // step_days + 1)
    if count == 0:
        return pd.DataFrame(columns=columns)
    marks = (today - pd.to_timedelta(np.arange(count) * step_days, unit="D")).to_numpy(
        dtype="datetime64[ns]")
    begin, stop = start.to_numpy(dtype="datetime64[ns]"), end.to_numpy(dtype="datetime64[ns]")
    alive = (begin[:, None] <= marks) & (stop[:, None] > marks)
    alive[:, 0] |= ~ended & (stop == marks[0])  # active clients, measured on the as-of date
    client, mark = np.nonzero(alive)
    features = _Features(records, clients["client_id"], marks, lookback_days)
    key = client * count + mark
    rows = pd.DataFrame({
        "client_id": clients["client_id"].to_numpy()[client],
        "landmark": marks[mark],
        "time": ((marks[mark] - begin[client]) // np.timedelta64(1, "D")).astype(float),
    })
    rows["tenure_days"] = rows["time"]
    for name in COVARIATES[:-1]:
        rows[name] = features.values[name][key]
    rows["duration"] = ((stop - begin) // np.timedelta64(1, "D")).astype(float)[client]
    rows["event"] = ended.astype(int)[client]
    return rows[columns]


class _Features:
    """Every landmark covariate for every (client, landmark) cell, from one pass per table: each
    record is paired with the landmarks whose lookback holds it, and aggregated by cell."""

    def __init__(self, records: RetainerRecords, client_ids: pd.Series, marks: np.ndarray,
                 lookback_days: int) -> None:
        self.codes = {cid: i for i, cid in enumerate(client_ids)}
        self.marks = marks
        self.cells = len(client_ids) * len(marks)
        self.lookback = np.timedelta64(lookback_days, "D")
        self.values: dict[str, np.ndarray] = {}
        self._messages(records.inbound, lookback_days)
        self._invoices(records.invoices)
        self._milestones(records.milestones)

    def _pairs(self, frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(record row, landmark index, cell) for each record dated in a landmark's lookback."""
        code = frame["client_id"].map(self.codes).to_numpy()
        known = ~pd.isna(code)
        at = frame[column].to_numpy(dtype="datetime64[ns]")
        inside = (at[:, None] >= self.marks - self.lookback) & (at[:, None] < self.marks)
        inside &= known[:, None]
        row, mark = np.nonzero(inside)
        cell = code[row].astype(int) * len(self.marks) + mark
        return row, mark, cell

    def _mean(self, cell: np.ndarray, value: np.ndarray) -> np.ndarray:
        total = np.bincount(cell, weights=value.astype(float), minlength=self.cells)
        count = np.bincount(cell, minlength=self.cells)
        out = np.full(self.cells, np.nan)
        np.divide(total, count, out=out, where=count > 0)
        return out

    def _messages(self, inbound: pd.DataFrame, lookback_days: int) -> None:
        row, mark, cell = self._pairs(inbound, "sent_at")
        count = np.bincount(cell, minlength=self.cells)
        self.values["inbound_per_month"] = count * 30 / lookback_days
        self.values["negative_share"] = self._mean(
            cell, inbound["negative"].to_numpy(dtype=bool)[row])
        sent = inbound["sent_at"].to_numpy(dtype="datetime64[ns]")[row]
        replied = inbound["replied_at"].to_numpy(dtype="datetime64[ns]")[row]
        landmark = self.marks[mark]
        answered = replied < landmark
        hours = (replied[answered] - sent[answered]) / np.timedelta64(1, "h")
        median = pd.Series(hours).groupby(cell[answered]).median()
        values = np.full(self.cells, np.nan)
        values[median.index.to_numpy(dtype=int)] = median.to_numpy()
        self.values["reply_hours"] = values
        old = sent < landmark - np.timedelta64(UNANSWERED_AFTER)
        self.values["unanswered_share"] = self._mean(cell[old], ~answered[old])

    def _invoices(self, invoices: pd.DataFrame) -> None:
        row, mark, cell = self._pairs(invoices, "due_date")
        due = invoices["due_date"].to_numpy(dtype="datetime64[ns]")[row]
        paid = invoices["paid_on"].to_numpy(dtype="datetime64[ns]")[row]
        landmark = self.marks[mark]
        settled = np.where(paid < landmark, paid, landmark)
        late = np.maximum((settled - due) / np.timedelta64(1, "D"), 0.0)
        self.values["days_late"] = self._mean(cell, late)

    def _milestones(self, milestones: pd.DataFrame) -> None:
        row, _, cell = self._pairs(milestones, "due_date")
        due = milestones["due_date"].to_numpy(dtype="datetime64[ns]")[row]
        delivered = milestones["delivered_on"].to_numpy(dtype="datetime64[ns]")[row]
        self.values["missed_share"] = self._mean(cell, ~(delivered <= due))


def _first_seen(records: RetainerRecords) -> pd.Series:
    seen = [records.invoices.groupby("client_id")["issue_date"].min(),
            records.inbound.groupby("client_id")["sent_at"].min()]
    return pd.concat(seen).groupby(level=0).min()


def fit_churn(
    rows: pd.DataFrame, horizon_days: int, penalizer: float, min_events: int
) -> tuple[ChurnModel | None, pd.DataFrame, str]:
    """Fit the Cox model on the landmark rows, or say why not: (model, training rows, status)."""
    training = landmark_table(rows.drop(columns="landmark"), client="client_id", time="time",
                              horizon=horizon_days)
    events = int(training["event"].sum()) if len(training) else 0
    ended = int(rows.loc[rows["event"] == 1, "client_id"].nunique()) if len(rows) else 0
    if ended < min_events or events == 0:
        return None, training, (
            f"too little history to estimate churn risk: {ended} ended retainer relationships "
            f"in the records, the policy needs at least {min_events}")
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            model = ChurnModel(horizon=horizon_days, penalizer=penalizer).fit(
                training, duration="duration", event="event", covariates=list(COVARIATES))
    except (ModelInputError, ValueError, np.linalg.LinAlgError) as exc:
        return None, training, f"churn model not fitted: {exc}"
    return model, training, (
        f"Cox model fitted on {len(training)} landmark rows of "
        f"{training['client_id'].nunique()} retainers, {ended} of which ended")


def churn_risks(
    connection: Any, window: Window, *, horizon_days: int = 90, step_days: int = 30,
    lookback_days: int = 90, penalizer: float = 1.0, min_events: int = 10,
    analyzer: str = "default", store: Any = None, sample_size: int = 5_000,
    batch_size: int = SCORE_BATCH,
) -> ChurnRisks:
    """Risk of leaving within `horizon_days` for every active retainer on the as-of date
    (`store`: where message analyses made on the way are kept for the next run). The model
    is fitted on at most `sample_size` retainers and scored in batches (`churn_plan`)."""
    plan = plan_churn(connection, window.as_of, sample_size, batch_size)
    records = retainer_records(connection, window.as_of, analyzer, store, plan.fit_clients,
                               plan.first_record)
    rows = landmark_rows(records, window.as_of, step_days, lookback_days)
    out = ChurnRisks()
    if rows.empty:
        out.status = "no retainer clients with records to estimate churn risk on"
        return out
    model, training, out.status = fit_churn(rows, horizon_days, penalizer, min_events)
    if plan.sampled:
        out.status += (f" (a stratified sample of {len(plan.fit_clients or ())} of the "
                       f"{plan.retainers} retainers)")
    out.events = int(training["event"].sum()) if len(training) else 0
    average = None if model is None else \
        float(np.mean(model.predict_risk(training.assign(duration=0.0))))
    for batch in plan.score_batches:
        if batch is not None:
            records = retainer_records(connection, window.as_of, analyzer, store, batch,
                                       plan.first_record)
            rows = landmark_rows(records, window.as_of, step_days, lookback_days)
        _score(out, model, average, rows, records, window.as_of, lookback_days)
    return out


def _score(out: ChurnRisks, model: ChurnModel | None, average: float | None,
           rows: pd.DataFrame, records: RetainerRecords, as_of: date,
           lookback_days: int) -> None:
    """Add the risk, drivers and evidence of the active retainers among `rows` to `out`."""
    if rows.empty:
        return
    today = rows[(rows["landmark"] == pd.Timestamp(as_of)) & (rows["event"] == 0)]
    today = today.assign(duration=0.0).set_index("client_id")
    if model is None:
        for client_id in today.index:
            out.metrics[str(client_id)] = {"churn_risk_90d": None,
                                           "churn_risk_note": out.status}
        return
    predicted = model.predict(today)
    scored = set()
    # column by column, not row by row (iterrows and .loc cost ~1 ms a client)
    measured = {name: today[name].to_numpy() for name in today.columns}
    for i, (client_id, risk, hazard, reasons) in enumerate(zip(
            predicted.index, predicted["risk"].tolist(), predicted["relative_hazard"].tolist(),
            predicted["reasons"].tolist(), strict=True)):
        client_id = str(client_id)
        scored.add(client_id)
        out.metrics[client_id] = {"churn_risk_90d": round(float(risk), 4),
                                  "churn_risk_average_90d": round(float(average or 0.0), 4),
                                  "churn_relative_hazard": round(float(hazard), 3),
                                  "churn_risk_note": out.status}
        out.drivers[client_id] = [
            {**driver, "value": _plain(measured[driver["covariate"]][i])}
            for driver in reasons]
    for name, by_client in churn_evidence(records, as_of, lookback_days, scored,
                                          UNANSWERED_AFTER).items():
        out.evidence.setdefault(name, {}).update(by_client)


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def with_churn_risk(
    connection: Any, store: Any, window: Window, policy: Policy, rows: list[dict[str, Any]],
    evidence: dict[str, dict[str, tuple[EvidenceRef, ...]]],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, tuple[EvidenceRef, ...]]]]:
    """The assessment's rows and evidence with each active retainer's churn risk added (the
    metrics churn_risk_90d etc., and `churn_drivers` for the CHURN_RISK reason), read through
    the assessment's own Ibis `connection`."""
    risks = churn_risks(
        connection, window,
        horizon_days=int(policy.get("churn", "horizon_days")),
        step_days=int(policy.get("churn", "landmark_step_days")),
        lookback_days=int(policy.get("churn", "lookback_days")),
        penalizer=float(policy.get("churn", "penalizer")),
        min_events=int(policy.get("churn", "min_events")),
        analyzer=str(policy.get("communication", "analyzer")), store=store,
        sample_size=int(policy.get("churn", "fit_sample_retainers")))
    rows = [{**row, **risks.metrics.get(row["client_id"], {}),
             **({"churn_drivers": risks.drivers[row["client_id"]]}
                if row["client_id"] in risks.drivers else {})}
            for row in rows]
    return rows, {**evidence, **risks.evidence}
