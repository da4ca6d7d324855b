"""`clientfit export parquet DIR`: the store's tables as Parquet files, one directory per table.

The files carry the column types the store's own Ibis connection sees, so the signal
expressions compile to the same arithmetic on every engine. Money stays in integer minor
units (`*_minor` columns are int64); nothing is converted or rounded on the way. Tables are
streamed in Arrow record batches, so memory stays bounded by one batch whatever the store's
size. Secrets (users, API tokens, sessions) and case workflow tables are not exported.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from clientfit.errors import ClientfitError
from clientfit.store import Store

# Everything an assessment reads; `message_analyses` lets an engine reuse stored analyses.
EXPORTED_TABLES = (
    "staff", "clients", "assignments", "time_entries", "invoices", "payments", "messages",
    "milestones", "exchange_rates", "message_analyses", "overrides",
)
MANIFEST = "clientfit_parquet.json"
# 2: invoices carry `net_minor` (the amount before sales tax, migration 0009); a version 1
# export has no net amounts and is refused: export the migrated store again.
FORMAT_VERSION = 2
BATCH_ROWS = 100_000
# Rows per Parquet file: big enough for fast scans, small enough for parallel reads on Spark.
ROWS_PER_FILE = 2_000_000


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    rows: dict[str, int]


def table_path(directory: Path, table: str) -> Path:
    return directory / table


def export_parquet(store: Store, directory: str | Path, *,
                   overwrite: bool = False) -> ExportSummary:
    """Write every table of EXPORTED_TABLES under `directory`/<table>/part-NNNNN.parquet and a
    manifest (row counts, format version). An existing export is replaced only with
    `overwrite`."""
    directory = Path(directory)
    if (directory / MANIFEST).exists() and not overwrite:
        raise ClientfitError(f"{directory} already holds a Parquet export; pass --overwrite "
                             "to replace it")
    directory.mkdir(parents=True, exist_ok=True)
    connection = store.ibis()
    rows: dict[str, int] = {}
    try:
        for name in EXPORTED_TABLES:
            target = table_path(directory, name)
            if target.exists():
                shutil.rmtree(target)
            target.mkdir()
            rows[name] = _write_table(connection.table(name), target)
    finally:
        connection.disconnect()
    (directory / MANIFEST).write_text(json.dumps(
        {"format": "clientfit-parquet", "version": FORMAT_VERSION, "rows": rows}, indent=2) + "\n",
        encoding="utf-8")
    return ExportSummary(directory, rows)


def _write_table(table: Any, target: Path) -> int:
    schema = table.schema().to_pyarrow()
    return write_batches(table.to_pyarrow_batches(chunk_size=BATCH_ROWS), schema, target)


def write_batches(batches: Iterable[pa.RecordBatch], schema: pa.Schema, target: Path) -> int:
    """Write `batches` as `target`/part-NNNNN.parquet files of at most ROWS_PER_FILE rows each,
    cast to `schema`; the number of rows written. An empty table still gets one file with its
    columns and types."""
    written = 0
    part = 0
    writer: pq.ParquetWriter | None = None
    in_file = 0
    try:
        for batch in batches:
            batch = batch.cast(schema) if batch.schema != schema else batch
            if writer is None or in_file >= ROWS_PER_FILE:
                if writer is not None:
                    writer.close()
                writer = pq.ParquetWriter(target / f"part-{part:05d}.parquet", schema,
                                          compression="zstd")
                part += 1
                in_file = 0
            writer.write_batch(batch)
            in_file += batch.num_rows
            written += batch.num_rows
        if writer is None:
            pq.write_table(pa.Table.from_batches([], schema=schema),
                           target / "part-00000.parquet", compression="zstd")
    finally:
        if writer is not None:
            writer.close()
    return written


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """The manifest of an export, or a clear error when `directory` is not one."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        raise ClientfitError(f"{directory} is not a clientfit Parquet export (no {MANIFEST}); "
                             "write one with `clientfit export parquet DIR`")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("version") != FORMAT_VERSION:
        raise ClientfitError(f"{path}: export format version {manifest.get('version')!r}; this "
                             f"clientfit reads version {FORMAT_VERSION} (invoices with net "
                             "amounts): write the export again with `clientfit export parquet "
                             "DIR --overwrite`")
    return manifest
