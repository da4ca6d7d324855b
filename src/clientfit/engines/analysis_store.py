"""The engines' side store of message analyses: Parquet files next to the run.

An export is read-only, so analyses an engine makes are kept here instead of in the store's
`message_analyses`: `DIR/message_analyses/<batch>/part-0.parquet`, one folder per batch,
written by the driver (DuckDB: one per Arrow batch; Spark: one per chunk analysed on the
executors). A batch becomes visible only when complete (written aside, then its folder renamed
into place), so a run stopped half-way leaves whole batches and the next run analyses only
what is still missing.

Rows carry the analyzer's fingerprint (`version`, `clientfit.text.messages.analyzer_version`)
like the store's, and `source_hash`, an MD5 of the text analysed (subject, body, language,
direction): a message whose text changed in a later export no longer matches, so its stale
analysis is not reused (the store drops those with a trigger; here they are skipped).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema([
    ("message_id", pa.string()), ("analyzer", pa.string()), ("version", pa.string()),
    ("lang_hint", pa.string()), ("lang", pa.string()), ("tone", pa.string()),
    ("tone_score", pa.float64()), ("labels", pa.string()), ("kinds", pa.string()),
    ("questions", pa.string()), ("evidence", pa.string()), ("words", pa.int64()),
    ("says_repeat", pa.bool_()), ("probabilities", pa.string()), ("source_hash", pa.string()),
])
# The same schema in Spark's DDL, for `mapInArrow`.
SPARK_SCHEMA = ", ".join(
    f"{field.name} {dict(string='string', double='double', int64='bigint', bool='boolean')[str(field.type)]}"  # noqa: E501
    for field in SCHEMA)
SOURCE_FIELDS = ("subject", "body", "language", "direction")
def source_hash(subject: Any, body: Any, language: Any, direction: Any) -> str:
    """MD5 (hex) of the analysed text, as the engines compute it (`hash_expression`): the MD5
    of the fields' own MD5s, so no separator (nor its escaping in SQL) is needed."""
    def md5(text: str) -> str:
        return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()

    return md5("".join(md5("" if v is None else str(v))
                       for v in (subject, body, language, direction)))


def hash_expression(messages: Any) -> Any:
    """`source_hash` of each row of an Ibis `messages` table, computed in the engine."""
    parts = [messages[name].fill_null("").hexdigest("md5") for name in SOURCE_FIELDS]
    text = parts[0]
    for part in parts[1:]:
        text = text + part
    return text.hexdigest("md5")


class AnalysisStore:
    """Analyses kept as Parquet under `directory`/message_analyses. `on_write` is called after
    each batch is in place (an engine re-reads the folder then)."""

    def __init__(self, directory: str | Path, on_write: Callable[[], None] | None = None) -> None:
        self.folder = Path(directory) / "message_analyses"
        self.on_write = on_write
        seed = self.folder / "empty" / "part-0.parquet"
        if not seed.exists():  # so the folder always reads as a table, even before any write
            seed.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(SCHEMA.empty_table(), seed)
        shutil.rmtree(self.folder / ".staging", ignore_errors=True)  # a stopped run's half batch

    @property
    def glob(self) -> str:
        return str(self.folder / "*" / "*.parquet")

    def new_batch_path(self) -> Path:
        return self.folder / f"batch-{uuid.uuid4().hex}"

    def write_table(self, table: pa.Table) -> int:
        """Write one batch of analyses (SCHEMA) atomically; returns its rows."""
        if table.num_rows == 0:
            return 0
        target = self.new_batch_path()
        staging = self.folder / ".staging" / target.name  # below the glob's reach until moved
        staging.mkdir(parents=True)
        pq.write_table(table.select(SCHEMA.names).cast(SCHEMA), staging / "part-0.parquet",
                       compression="zstd")
        os.replace(staging, target)
        if self.on_write is not None:
            self.on_write()
        return table.num_rows

    def keep_analyses(self, analyzer: str, version: str,
                      rows: Sequence[dict[str, Any]]) -> int:
        """Keep analyses in the stored form of `signals.text_analyses.analysis_row` (the
        analysed text included, for its hash); the same call as the store's."""
        table = pa.Table.from_pylist([
            {**{name: row.get(name) for name in SCHEMA.names
                if name not in ("analyzer", "version", "source_hash")},
             "analyzer": analyzer, "version": version,
             "source_hash": source_hash(*(row[name] for name in SOURCE_FIELDS))}
            for row in rows], schema=SCHEMA)
        return self.write_table(table)

    def read(self) -> pa.Table:
        """Every analysis kept (for checks and tests; the engines read the files themselves)."""
        files = sorted(self.folder.glob("*/*.parquet"))
        return pa.concat_tables([pq.read_table(path, schema=SCHEMA) for path in files])

    def count(self) -> int:
        """Analyses kept (every complete batch)."""
        return sum(pq.ParquetFile(path).metadata.num_rows
                   for path in self.folder.glob("*/*.parquet"))
