"""Benchmark data only: a *demo* bundle straight to a clientfit Parquet export, without the store.

`clientfit import bundle` + `clientfit export parquet` is the supported way (it validates every
row in Python and resolves identities); at 100,000 demo clients (35 million rows) it takes about
an hour of one core, which the end-to-end benchmark cannot wait for on a shared machine. The
demo's files are clean and already carry the store's ids, so DuckDB's CSV reader with the
bundle's conversions (money to minor units, hours to minutes, empty optional text to NULL, empty
subject/body/description to "") gives the same tables. `--check EXPORT` compares the result,
table by table and row by row, with an export made the supported way from the same bundle
(benchmarks/RESULTS.md records the check at 1,875 clients). Not for real exports: nothing here
validates or resolves anything.

    python benchmarks/bundle_to_parquet.py BUNDLE OUT [--check EXPORT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from clientfit.engines.parquet_export import (
    BATCH_ROWS,
    EXPORTED_TABLES,
    FORMAT_VERSION,
    MANIFEST,
    write_batches,
)
from clientfit.store import open_store


def _blank(column: str) -> str:
    return f"NULLIF(TRIM({column}), '')"


def _minor(column: str) -> str:
    return f"CAST(ROUND(CAST({column} AS DECIMAL(18, 2)) * 100) AS BIGINT)"


# One SELECT per table over read_csv('FILE'), giving the store's columns in the store's order.
SELECTS: dict[str, str] = {
    "staff": f"SELECT staff_id, name, {_blank('email')} AS email, "
             f"{_minor('hourly_cost')} AS hourly_cost_minor, UPPER(TRIM(currency)) AS currency",
    "clients": f"SELECT client_id, name, {_blank('legal_name')} AS legal_name, "
               f"{_blank('tax_id')} AS tax_id, {_blank('email_domain')} AS email_domain, "
               f"{_blank('country')} AS country, LOWER(TRIM(language)) AS language, "
               "UPPER(TRIM(currency)) AS currency, LOWER(TRIM(kind)) AS kind, "
               f"CAST({_blank('started_on')} AS DATE) AS started_on, "
               f"CAST({_blank('ended_on')} AS DATE) AS ended_on, "
               f"{_blank('owner_staff_id')} AS owner_staff_id",
    "assignments": "SELECT client_id, staff_id, LOWER(TRIM(role)) AS role, "
                   "CAST(start_date AS DATE) AS start_date, "
                   f"CAST({_blank('end_date')} AS DATE) AS end_date",
    "time_entries": "SELECT entry_id, client_id, staff_id, CAST(date AS DATE) AS work_date, "
                    "CAST(ROUND(CAST(hours AS DECIMAL(18, 4)) * 60) AS BIGINT) AS minutes, "
                    "LOWER(TRIM(billable)) IN ('true', '1', 'yes', 'y', 't') AS billable, "
                    f"COALESCE({_blank('description')}, '') AS description",
    "invoices": "SELECT invoice_id, client_id, number, CAST(issue_date AS DATE) AS issue_date, "
                f"CAST(due_date AS DATE) AS due_date, {_minor('amount')} AS amount_minor, "
                "UPPER(TRIM(currency)) AS currency, NULL AS seller_tax_id, NULL AS buyer_tax_id, "
                "NULL AS kind, NULL AS status, NULL AS source, NULL AS doc_rate, "
                # the demo's invoices carry no sales tax: net = gross (docs/bundle.md)
                f"NULL AS doc_rate_base, {_minor('amount')} AS net_minor",
    "payments": "SELECT payment_id, invoice_id, CAST(paid_on AS DATE) AS paid_on, "
                f"{_minor('amount')} AS amount_minor, UPPER(TRIM(currency)) AS currency",
    "messages": f"SELECT message_id, client_id, {_blank('staff_id')} AS staff_id, "
                "LOWER(TRIM(direction)) AS direction, CAST(sent_at AS TIMESTAMP) AS sent_at, "
                f"channel, LOWER({_blank('language')}) AS language, "
                f"CASE WHEN {_blank('subject')} IS NULL THEN '' ELSE subject END AS subject, "
                f"CASE WHEN {_blank('body')} IS NULL THEN '' ELSE body END AS body, "
                f"{_blank('thread_id')} AS thread_id, {_blank('in_reply_to')} AS in_reply_to",
    "milestones": "SELECT milestone_id, client_id, name, CAST(due_date AS DATE) AS due_date, "
                  f"CAST({_blank('delivered_on')} AS DATE) AS delivered_on",
}


def store_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every exported table, as `clientfit export parquet` writes it."""
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(f"sqlite:///{scratch}/empty.db")
        connection = store.ibis()
        try:
            return {name: connection.table(name).schema().to_pyarrow()
                    for name in EXPORTED_TABLES}
        finally:
            connection.disconnect()
            store.engine.dispose()


def convert(bundle: Path, out: Path, memory_limit: str = "2GB") -> dict[str, int]:
    schemas = store_schemas()
    out.mkdir(parents=True, exist_ok=False)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    # One thread: the rows keep the CSV's order, which is the order the store's export has.
    con.execute("SET threads = 1")
    rows: dict[str, int] = {}
    for name in EXPORTED_TABLES:
        target = out / name
        target.mkdir()
        schema = schemas[name]
        if name not in SELECTS:  # exchange rates, analyses, overrides: none in a demo
            rows[name] = write_batches([], schema, target)
            continue
        source = (f"read_csv('{bundle / (name + '.csv')}', all_varchar = true, header = true, "
                  "delim = ',', quote = '\"', escape = '\"')")
        reader = con.sql(f"{SELECTS[name]} FROM {source}").to_arrow_reader(BATCH_ROWS)
        rows[name] = write_batches(_positional(reader, schema), schema, target)
    (out / MANIFEST).write_text(json.dumps(
        {"format": "clientfit-parquet", "version": FORMAT_VERSION, "rows": rows}, indent=2)
        + "\n", encoding="utf-8")
    return rows


def _positional(reader: pa.RecordBatchReader, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """The reader's batches with each column cast to the type of `schema`'s field in its place."""
    for batch in reader:
        yield pa.RecordBatch.from_arrays(
            [column.cast(field.type) for column, field in zip(batch.columns, schema, strict=True)],
            schema=schema)


def differences(made: Path, reference: Path) -> list[str]:
    """Tables of `made` that differ from `reference` in schema or in any row (in file order)."""
    found = []
    for name in EXPORTED_TABLES:
        ours = pq.read_table(made / name)
        theirs = pq.read_table(reference / name)
        if ours.schema != theirs.schema:
            found.append(f"{name}: schema {ours.schema} != {theirs.schema}")
        elif not ours.equals(theirs):
            found.append(f"{name}: rows differ ({ours.num_rows} against {theirs.num_rows})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--check", type=Path, metavar="EXPORT",
                        help="an export of the same bundle made by import + export parquet")
    parser.add_argument("--memory-limit", default="2GB")
    args = parser.parse_args()
    rows = convert(args.bundle, args.out, args.memory_limit)
    print(json.dumps(rows))
    if args.check:
        found = differences(args.out, args.check)
        print("\n".join(found) if found else f"identical to {args.check}")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
