"""Signals over N events from Parquet: clientfit on DuckDB against its limit and a user's pandas.

Writes a synthetic export of N events (time entries 60%, invoices 15%, payments 15%, milestones
10%; N/100 clients, 50 staff; two years of dates) with the schema of `clientfit export parquet`,
then times, each best of --repeat runs, from the Parquet files to one pandas frame per client:

1. clientfit / DuckDB: `compute_signals` (the Ibis definitions of clientfit.signals) on
   `engines.connect("duckdb", DIR)`;
2. hand SQL / DuckDB: one hand-written `GROUP BY` query over the same files computing the same
   per-client aggregates (the limit: goal clientfit <= 1.5x its time);
3. pandas: `read_parquet` + `merge` + `groupby`, what a user would write (goal: clientfit
   >= 10x faster) — whole files read, dates converted, counts as sums of boolean columns (no
   per-group Python lambdas, no tuning); and the same code reading only the columns it uses,
   dates as datetime64 from pyarrow (the stronger peer: the goal is judged against it);
4. with --spark: (1) and (2) on PySpark local mode, for the record (--spark-events caps N there);
5. with --attribution 10000,1000000,10000000: the friction attribution, sparse against dense
   where the dense fit runs, each fit in its own process (benchmarks/scale_attribution.py);
6. with --e2e 10000,100000 and --spark-e2e 1000000: `clientfit assess --engine duckdb|spark`
   end to end on the demo, time and peak RSS (benchmarks/scale_e2e.py; data made once under
   --scale-data and reused). --no-signals leaves out 1-4.

Every run's aggregates (the integer columns of signals.compute.COUNT_COLUMNS, per client) are
checked equal to clientfit's before any time is printed. One table; --record appends it to
benchmarks/RESULTS.md with the command.

    nice -n 10 .venv/bin/python benchmarks/bench_scale.py --events 10000000 --spark \
        --spark-events 1000000 --attribution 10000,1000000,10000000 \
        --e2e 10000,100000 --spark-e2e 1000000 --scale-data /work/bench/scale_data --record

The machine's load average (1 min) is printed at the start and the end: the figures are only as
good as the machine was quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from clientfit.domain import Window
from clientfit.engines.connect import DUCKDB_MEMORY_LIMIT, connect, get_spark_session
from clientfit.engines.parquet_export import EXPORTED_TABLES, MANIFEST, export_parquet
from clientfit.signals import compute_signals
from clientfit.signals.compute import COUNT_COLUMNS
from clientfit.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
import scale_attribution  # noqa: E402 - a sibling script, importable once its folder is on the path
import scale_e2e  # noqa: E402

AS_OF = date(2026, 6, 30)
WINDOW = Window(date(2025, 7, 1), AS_OF)
DAY0 = np.datetime64("2024-07-01")
SPAN_DAYS = int((np.datetime64(AS_OF) - DAY0).astype(int)) + 1
STAFF = 50


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    text = pc.cast(pa.array(numbers, pa.int64()), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(text, 8, "0"), "")


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    values = (DAY0 + days.astype("timedelta64[D]")).astype("datetime64[D]")
    return pa.array(values, pa.date32(), mask=missing)


def _constant(value: str, length: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, pa.string()), length)


def write_synthetic(directory: Path, events: int, seed: int = 15) -> dict[str, int]:
    """An export of `events` records (schema from an empty store's export)."""
    with tempfile.TemporaryDirectory() as scratch:
        empty = open_store(f"sqlite:///{scratch}/empty.db")
        empty.migrate()
        export_parquet(empty, directory, overwrite=True)
    schemas = {name: pq.read_schema(directory / name / "part-00000.parquet")
               for name in EXPORTED_TABLES}
    rng = np.random.default_rng(seed)
    clients = max(events // 100, 10)
    n_time, n_inv = int(events * 0.60), int(events * 0.15)
    n_pay, n_ms = int(events * 0.15), events - int(events * 0.60) - 2 * int(events * 0.15)
    columns: dict[str, dict[str, Any]] = {}
    client_numbers = np.arange(clients)
    columns["staff"] = {"staff_id": _ids("S", np.arange(STAFF)),
                        "name": _ids("Staff ", np.arange(STAFF)),
                        "hourly_cost_minor": rng.integers(3000, 9000, STAFF),
                        "currency": _constant("EUR", STAFF)}
    started = rng.integers(-400, SPAN_DAYS - 30, clients)
    ended = np.where(rng.random(clients) < 0.1, started + rng.integers(30, 700, clients), -1)
    columns["clients"] = {
        "client_id": _ids("C", client_numbers), "name": _ids("Client ", client_numbers),
        "language": _constant("en", clients), "currency": _constant("EUR", clients),
        "kind": np.where(rng.random(clients) < 0.5, "retainer", "project").tolist(),
        "started_on": _dates(started),
        "ended_on": _dates(np.maximum(ended, 0), ended < 0),
        "owner_staff_id": _ids("S", rng.integers(0, STAFF, clients)),
    }
    columns["time_entries"] = {
        "entry_id": _ids("T", np.arange(n_time)),
        "client_id": _ids("C", rng.integers(0, clients, n_time)),
        "staff_id": _ids("S", rng.integers(0, STAFF, n_time)),
        "work_date": _dates(rng.integers(0, SPAN_DAYS, n_time)),
        "minutes": rng.integers(15, 480, n_time), "billable": rng.random(n_time) < 0.8,
        "description": _constant("work", n_time),
    }
    issue = rng.integers(0, SPAN_DAYS, n_inv)
    amounts = rng.integers(10_000, 2_000_000, n_inv)
    amounts = np.where(rng.random(n_inv) < 0.03, -amounts // 10, amounts)
    invoice_ids = _ids("I", np.arange(n_inv))
    columns["invoices"] = {
        "invoice_id": invoice_ids, "client_id": _ids("C", rng.integers(0, clients, n_inv)),
        "number": invoice_ids, "issue_date": _dates(issue), "due_date": _dates(issue + 30),
        "amount_minor": amounts, "currency": _constant("EUR", n_inv),
    }
    paid = rng.integers(0, n_inv, n_pay)
    columns["payments"] = {
        "payment_id": _ids("P", np.arange(n_pay)), "invoice_id": invoice_ids.take(paid),
        "paid_on": _dates(issue[paid] + rng.integers(0, 90, n_pay)),
        "amount_minor": np.abs(amounts[paid]) // rng.integers(1, 3, n_pay),
        "currency": _constant("EUR", n_pay),
    }
    due = rng.integers(0, SPAN_DAYS, n_ms)
    late = rng.integers(-10, 40, n_ms)
    columns["milestones"] = {
        "milestone_id": _ids("M", np.arange(n_ms)),
        "client_id": _ids("C", rng.integers(0, clients, n_ms)),
        "name": _constant("milestone", n_ms),
        "due_date": _dates(due),
        "delivered_on": _dates(due + late, rng.random(n_ms) < 0.05),
    }
    rows = {}
    for name, data in columns.items():
        schema = schemas[name]
        length = len(next(iter(data.values())))
        arrays = []
        for item in schema:
            value = data.get(item.name)
            if value is None:
                arrays.append(pa.nulls(length, item.type))
            elif isinstance(value, pa.Array | pa.ChunkedArray):
                arrays.append(value.cast(item.type))
            else:
                arrays.append(pa.array(value, item.type))
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema),
                       directory / name / "part-00000.parquet", compression="zstd")
        rows[name] = length
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    manifest["rows"].update(rows)
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return rows


HAND_SQL = """
WITH
clients AS (SELECT * FROM {clients}), staff AS (SELECT * FROM {staff}),
time_entries AS (SELECT * FROM {time_entries}), invoices AS (SELECT * FROM {invoices}),
payments AS (SELECT * FROM {payments}), milestones AS (SELECT * FROM {milestones}),
active AS (
  SELECT client_id FROM clients
  WHERE (started_on IS NULL OR started_on <= DATE '{as_of}')
    AND (ended_on IS NULL OR ended_on > DATE '{as_of}')),
rev AS (
  SELECT client_id, SUM(amount_minor) AS revenue_minor,
         SUM(CASE WHEN amount_minor > 0 THEN 1 ELSE 0 END) AS invoice_count,
         SUM(CASE WHEN amount_minor < 0 THEN 1 ELSE 0 END) AS credit_note_count
  FROM invoices WHERE issue_date BETWEEN DATE '{start}' AND DATE '{as_of}' GROUP BY client_id),
col AS (
  SELECT i.client_id, SUM(p.amount_minor) AS collected_minor
  FROM payments p JOIN invoices i ON p.invoice_id = i.invoice_id
  WHERE p.paid_on BETWEEN DATE '{start}' AND DATE '{as_of}' GROUP BY i.client_id),
wrk AS (
  SELECT t.client_id, SUM(t.minutes) AS minutes,
         SUM(CASE WHEN NOT t.billable THEN t.minutes ELSE 0 END) AS nonbillable_minutes,
         SUM(t.minutes * s.hourly_cost_minor) AS cost_rate_minutes, COUNT(*) AS time_entry_count
  FROM time_entries t JOIN staff s ON t.staff_id = s.staff_id
  WHERE t.work_date BETWEEN DATE '{start}' AND DATE '{as_of}' GROUP BY t.client_id),
per_invoice AS (
  SELECT p.invoice_id, SUM(p.amount_minor) AS paid_minor,
         SUM(CASE WHEN p.paid_on <= i.due_date THEN p.amount_minor ELSE 0 END) AS paid_by_due,
         SUM(p.amount_minor * GREATEST({days_paid_late}, 0)) AS paid_late_money_days
  FROM payments p JOIN invoices i ON p.invoice_id = i.invoice_id
  WHERE i.amount_minor > 0 AND p.paid_on <= DATE '{as_of}' GROUP BY p.invoice_id),
lateness AS (
  SELECT i.client_id, i.amount_minor, i.due_date,
         GREATEST(i.amount_minor - COALESCE(pi.paid_minor, 0), 0) AS unpaid,
         COALESCE(pi.paid_late_money_days, 0)
           + GREATEST(i.amount_minor - COALESCE(pi.paid_minor, 0), 0)
             * GREATEST({days_overdue}, 0) AS late_money_days,
         COALESCE(pi.paid_by_due, 0) < i.amount_minor AS paid_late
  FROM invoices i LEFT JOIN per_invoice pi ON i.invoice_id = pi.invoice_id
  WHERE i.amount_minor > 0),
due AS (
  SELECT client_id, COUNT(*) AS due_invoice_count, SUM(amount_minor) AS due_amount_minor,
         SUM(late_money_days) AS late_money_days,
         SUM(CASE WHEN paid_late THEN 1 ELSE 0 END) AS late_invoice_count
  FROM lateness WHERE due_date BETWEEN DATE '{start}' AND DATE '{as_of}'
    AND due_date < DATE '{as_of}' GROUP BY client_id),
overdue AS (
  SELECT client_id, SUM(unpaid) AS overdue_minor, COUNT(*) AS overdue_invoice_count
  FROM lateness WHERE due_date < DATE '{as_of}' AND unpaid > 0 GROUP BY client_id),
ms AS (
  SELECT client_id, COUNT(*) AS milestone_count,
         SUM(CASE WHEN (CASE WHEN delivered_on IS NULL OR delivered_on > DATE '{as_of}'
                             THEN due_date < DATE '{as_of}' ELSE delivered_on > due_date END)
                  THEN 1 ELSE 0 END) AS missed_milestone_count
  FROM milestones WHERE due_date BETWEEN DATE '{start}' AND DATE '{as_of}' GROUP BY client_id)
SELECT a.client_id,
  COALESCE(rev.revenue_minor, 0) AS revenue_minor, COALESCE(invoice_count, 0) AS invoice_count,
  COALESCE(credit_note_count, 0) AS credit_note_count,
  COALESCE(collected_minor, 0) AS collected_minor, COALESCE(minutes, 0) AS minutes,
  COALESCE(nonbillable_minutes, 0) AS nonbillable_minutes,
  COALESCE(cost_rate_minutes, 0) AS cost_rate_minutes,
  COALESCE(time_entry_count, 0) AS time_entry_count,
  COALESCE(due_invoice_count, 0) AS due_invoice_count,
  COALESCE(due_amount_minor, 0) AS due_amount_minor,
  COALESCE(due.late_money_days, 0) AS late_money_days,
  COALESCE(late_invoice_count, 0) AS late_invoice_count,
  COALESCE(overdue_minor, 0) AS overdue_minor,
  COALESCE(overdue_invoice_count, 0) AS overdue_invoice_count,
  COALESCE(milestone_count, 0) AS milestone_count,
  COALESCE(missed_milestone_count, 0) AS missed_milestone_count
FROM active a LEFT JOIN rev ON a.client_id = rev.client_id
LEFT JOIN col ON a.client_id = col.client_id LEFT JOIN wrk ON a.client_id = wrk.client_id
LEFT JOIN due ON a.client_id = due.client_id LEFT JOIN overdue ON a.client_id = overdue.client_id
LEFT JOIN ms ON a.client_id = ms.client_id
ORDER BY a.client_id
"""
TABLES = ("clients", "staff", "time_entries", "invoices", "payments", "milestones")


def hand_sql(engine: str, directory: Path) -> str:
    if engine == "duckdb":
        sources = {t: f"read_parquet('{directory}/{t}/*.parquet')" for t in TABLES}
        days_paid_late = "date_diff('day', i.due_date, p.paid_on)"
        days_overdue = f"date_diff('day', i.due_date, DATE '{AS_OF}')"
    else:
        sources = {t: f"parquet.`{directory}/{t}`" for t in TABLES}
        days_paid_late = "datediff(p.paid_on, i.due_date)"
        days_overdue = f"datediff(DATE '{AS_OF}', i.due_date)"
    return HAND_SQL.format(**sources, start=WINDOW.start, as_of=AS_OF,
                           days_paid_late=days_paid_late, days_overdue=days_overdue)


# The columns pandas_signals reads of each table (for the projected variant).
PANDAS_COLUMNS = {
    "clients": ["client_id", "started_on", "ended_on"],
    "staff": ["staff_id", "hourly_cost_minor"],
    "time_entries": ["client_id", "staff_id", "work_date", "minutes", "billable"],
    "invoices": ["invoice_id", "client_id", "issue_date", "due_date", "amount_minor"],
    "payments": ["invoice_id", "paid_on", "amount_minor"],
    "milestones": ["client_id", "due_date", "delivered_on"],
}


def pandas_signals(directory: Path, projected: bool = False) -> pd.DataFrame:
    """The per-client aggregates as a pandas user would write them. `projected`: the same
    code reading only the columns it uses, dates read as datetime64 by pyarrow (no
    conversion of Python date objects) — what a user tuning for size would write; the
    stronger peer, so the goal is judged against the faster of the two."""
    if projected:
        read = {t: pd.read_parquet(directory / t, columns=PANDAS_COLUMNS[t],
                                   to_pandas_kwargs={"date_as_object": False})
                for t in TABLES}
    else:
        read = {t: pd.read_parquet(directory / t) for t in TABLES}
    start, as_of = pd.Timestamp(WINDOW.start), pd.Timestamp(AS_OF)
    for frame in read.values():
        for column in frame.columns:
            if column.endswith(("_date", "_on")):
                frame[column] = pd.to_datetime(frame[column])
    clients, inv, pay = read["clients"], read["invoices"], read["payments"]
    active = clients[(clients.started_on.isna() | (clients.started_on <= as_of))
                     & (clients.ended_on.isna() | (clients.ended_on > as_of))][["client_id"]]
    window_inv = inv[inv.issue_date.between(start, as_of)].copy()
    window_inv["is_invoice"] = window_inv.amount_minor > 0
    window_inv["is_credit_note"] = window_inv.amount_minor < 0
    rev = window_inv.groupby("client_id").agg(
        revenue_minor=("amount_minor", "sum"), invoice_count=("is_invoice", "sum"),
        credit_note_count=("is_credit_note", "sum"))
    paid_in = pay[pay.paid_on.between(start, as_of)].merge(
        inv[["invoice_id", "client_id"]], on="invoice_id")
    col = paid_in.groupby("client_id").agg(collected_minor=("amount_minor", "sum"))
    te = read["time_entries"]
    te = te[te.work_date.between(start, as_of)].merge(
        read["staff"][["staff_id", "hourly_cost_minor"]], on="staff_id")
    te["nonbillable"] = te.minutes.where(~te.billable, 0)
    te["cost"] = te.minutes * te.hourly_cost_minor
    wrk = te.groupby("client_id").agg(minutes=("minutes", "sum"),
                                      nonbillable_minutes=("nonbillable", "sum"),
                                      cost_rate_minutes=("cost", "sum"),
                                      time_entry_count=("minutes", "size"))
    positive = inv[inv.amount_minor > 0]
    paid = pay[pay.paid_on <= as_of].merge(positive[["invoice_id", "due_date"]], on="invoice_id")
    paid["by_due"] = paid.amount_minor.where(paid.paid_on <= paid.due_date, 0)
    paid["late_days"] = paid.amount_minor * (paid.paid_on - paid.due_date).dt.days.clip(lower=0)
    per_invoice = paid.groupby("invoice_id").agg(paid_minor=("amount_minor", "sum"),
                                                 by_due=("by_due", "sum"),
                                                 late_days=("late_days", "sum"))
    lat = positive.merge(per_invoice, on="invoice_id", how="left").fillna(
        {"paid_minor": 0, "by_due": 0, "late_days": 0})
    lat["unpaid"] = (lat.amount_minor - lat.paid_minor).clip(lower=0)
    lat["late_money_days"] = lat.late_days + lat.unpaid * (as_of - lat.due_date).dt.days.clip(
        lower=0)
    lat["paid_late"] = lat.by_due < lat.amount_minor
    due_rows = lat[lat.due_date.between(start, as_of) & (lat.due_date < as_of)]
    due = due_rows.groupby("client_id").agg(
        due_invoice_count=("amount_minor", "size"), due_amount_minor=("amount_minor", "sum"),
        late_money_days=("late_money_days", "sum"), late_invoice_count=("paid_late", "sum"))
    over_rows = lat[(lat.due_date < as_of) & (lat.unpaid > 0)]
    overdue = over_rows.groupby("client_id").agg(overdue_minor=("unpaid", "sum"),
                                                 overdue_invoice_count=("unpaid", "size"))
    ms = read["milestones"]
    ms = ms[ms.due_date.between(start, as_of)].copy()
    known = ms.delivered_on.where(ms.delivered_on <= as_of)
    ms["missed"] = np.where(known.isna(), ms.due_date < as_of, known > ms.due_date)
    delivery = ms.groupby("client_id").agg(milestone_count=("missed", "size"),
                                           missed_milestone_count=("missed", "sum"))
    out = active.set_index("client_id")
    for part in (rev, col, wrk, due, overdue, delivery):
        out = out.join(part, how="left")
    return out.fillna(0).astype("int64").reset_index().sort_values("client_id")


def clientfit_signals(connection: Any) -> pd.DataFrame:
    return compute_signals(connection, WINDOW, "EUR").frame


def _best(functions: list[Any], repeat: int) -> list[tuple[float, Any]]:
    """Best time of each function over `repeat` rounds, the functions taking turns within a
    round, so a change in the machine's load falls on all of them alike."""
    best: list[tuple[float, Any]] = [(float("inf"), None) for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            result = function()
            elapsed = time.perf_counter() - started
            best[index] = (min(best[index][0], elapsed), result)
    return best


def _same(reference: pd.DataFrame, other: pd.DataFrame, label: str) -> None:
    left = reference[["client_id", *COUNT_COLUMNS]].reset_index(drop=True)
    right = other[["client_id", *COUNT_COLUMNS]].reset_index(drop=True)
    for column in COUNT_COLUMNS:
        right[column] = right[column].astype("int64")
        left[column] = left[column].astype("int64")
    right["client_id"] = right["client_id"].astype(str)
    left["client_id"] = left["client_id"].astype(str)
    if not left.equals(right):
        sys.exit(f"{label}: per-client aggregates differ from clientfit's")


def measure(directory: Path, events: int, repeat: int, engine: str) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    if engine == "duckdb":
        import duckdb

        connection = connect("duckdb", directory)
        raw = duckdb.connect()
        # the settings clientfit's connection has (engines.connect)
        raw.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        sql = hand_sql("duckdb", directory)
        (ours, reference), (hand, frame) = _best(
            [lambda: clientfit_signals(connection), lambda: raw.sql(sql).df()], repeat)
        _same(reference, frame, "hand SQL / DuckDB")
        (user, frame), (tuned, tuned_frame) = _best(
            [lambda: pandas_signals(directory),
             lambda: pandas_signals(directory, projected=True)], max(1, repeat - 1))
        _same(reference, frame, "pandas")
        _same(reference, tuned_frame, "pandas, projected")
        rows.append((f"{events:,}", "clientfit / DuckDB", f"{ours:.2f}", "1.00"))
        rows.append((f"{events:,}", "hand SQL GROUP BY / DuckDB", f"{hand:.2f}",
                     f"{ours / hand:.2f} (goal <= 1.5)"))
        rows.append((f"{events:,}", "pandas groupby", f"{user:.2f}",
                     f"{ours / user:.3f} ({user / ours:.1f}x faster)"))
        rows.append((f"{events:,}", "pandas groupby, needed columns only", f"{tuned:.2f}",
                     f"{ours / tuned:.3f} ({tuned / ours:.1f}x faster; goal >= 10x against "
                     "the faster pandas)"))
    else:
        session = get_spark_session(cores=2)
        connection = connect("spark", directory, spark_session=session)
        sql = hand_sql("spark", directory)
        (ours, reference), (hand, frame) = _best(
            [lambda: clientfit_signals(connection), lambda: session.sql(sql).toPandas()], repeat)
        _same(reference, frame, "hand SQL / Spark")
        rows.append((f"{events:,}", "clientfit / Spark local[2]", f"{ours:.2f}", "1.00"))
        rows.append((f"{events:,}", "hand SQL GROUP BY / Spark local[2]", f"{hand:.2f}",
                     f"{ours / hand:.2f}"))
        session.stop()
    return rows


def _sizes(text: str | None) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",")] if text else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--spark", action="store_true", help="also on Spark local mode")
    parser.add_argument("--spark-events", type=int, default=None,
                        help="events for the Spark rows (default: --events)")
    parser.add_argument("--no-signals", action="store_true", help="leave out the signal rows")
    parser.add_argument("--attribution", help="client counts for the attribution rows")
    parser.add_argument("--attribution-timeout", type=float, default=3600.0,
                        help="seconds one attribution fit may take")
    parser.add_argument("--e2e", help="client counts for assess --engine duckdb")
    parser.add_argument("--spark-e2e", help="client counts for assess --engine spark")
    parser.add_argument("--e2e-timeout", type=float, default=3600.0,
                        help="seconds one end-to-end assess may take")
    parser.add_argument("--scale-data", type=Path, default=Path("scale_data"),
                        help="where the demo exports for --e2e live (made once, reused)")
    parser.add_argument("--prepare", action="store_true",
                        help="make missing demo exports for --e2e / --spark-e2e first")
    parser.add_argument("--record", action="store_true", help="append to benchmarks/RESULTS.md")
    options = parser.parse_args()
    load_start = os.getloadavg()
    rows: list[tuple[str, ...]] = []
    if not options.no_signals:
        scratch = Path(tempfile.mkdtemp(prefix="clientfit-bench-scale-"))
        try:
            sizes = [("duckdb", options.events)]
            if options.spark:
                sizes.append(("spark", options.spark_events or options.events))
            written: dict[int, Path] = {}
            for engine, events in sizes:
                if events not in written:
                    written[events] = scratch / str(events)
                    write_synthetic(written[events], events)
                rows += measure(written[events], events, options.repeat, engine)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if options.attribution:
        rows += scale_attribution.rows(_sizes(options.attribution), options.attribution_timeout)
    for engine, text in (("duckdb", options.e2e), ("spark", options.spark_e2e)):
        if options.prepare:
            for clients in _sizes(text):
                scale_e2e.prepare(options.scale_data, clients)
        rows += scale_e2e.rows(options.scale_data, _sizes(text), engine, options.e2e_timeout)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_end = os.getloadavg()
    header = ("size", "run", "seconds", "clientfit time / this, or notes")
    table = "\n".join(["| " + " | ".join(header) + " |", "|---|---|---:|---|",
                       *("| " + " | ".join(row) + " |" for row in rows)])
    machine = (f"{os.cpu_count()} cores; load average (1, 5, 15 min) "
               f"{', '.join(f'{x:.1f}' for x in load_start)} at the start, "
               f"{', '.join(f'{x:.1f}' for x in load_end)} at the end")
    print(table)
    print(f"peak RSS of the benchmark process: {peak:,.0f} MB; {machine}")
    if options.record:
        command = "nice -n 10 .venv/bin/python benchmarks/bench_scale.py " + " ".join(
            sys.argv[1:])
        with (Path(__file__).parent / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n### bench_scale.py, {date.today()}\n\n`{command}`\n\n{table}\n\n"
                         f"Peak RSS of the benchmark process: {peak:,.0f} MB; {machine}.\n")


if __name__ == "__main__":
    main()
