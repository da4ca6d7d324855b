"""Message analysis inside the engine, in Arrow batches, with reuse and resume.

1. `register_analyses` makes the engine's `message_analyses` the export's stored analyses plus
   the side store's (`engines.analysis_store`) whose text still matches, so every later read
   (`signals.text_analyses`) reuses both by fingerprint, exactly as on the embedded path.
2. `analyse_pending` selects, in the engine, the messages the assessment will read (the
   window's, and the retainers' inbound history for churn) that have no analysis of this
   analyzer's fingerprint, and analyses them in batches with the compiled analyzer:
   - DuckDB: the pending rows stream out of DuckDB as Arrow record batches
     (`to_pyarrow_batches`, i.e. `fetch_record_batch`); each batch is analysed and written to
     the side store as one Parquet batch before the next is read;
   - Spark: `mapInArrow` runs the analyzer on the executors over Arrow batches, in chunks (a
     hash of the message id); each chunk's analyses (not the texts) come back to the driver
     as Arrow and are written to the side store as one batch.
   Each finished batch is kept, so a run stopped half-way resumes where it stopped.

What is left for the driver are the very short messages read again in their thread's
language (a few per cent of messages, `clientfit.text.messages.thread_hints`): judged among the
window's messages when the signals are read, and kept in the side store too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from functools import partial
from typing import Any

import ibis
import pyarrow as pa

from clientfit.domain import Window
from clientfit.engines.analysis_store import (
    SCHEMA,
    SPARK_SCHEMA,
    AnalysisStore,
    hash_expression,
)
from clientfit.signals.churn import retainer_inbound
from clientfit.signals.text_analyses import analysis_row, window_selection
from clientfit.text.messages import analyze_items, analyzer_version, given_languages
from clientfit.text.registry import get_analyzer

BATCH_ROWS = 20_000  # messages per Arrow batch (DuckDB); a stopped run loses at most one
SPARK_CHUNK_ROWS = 200_000  # messages per Spark chunk: one job each, its analyses kept at once
STORED = ("message_id", "analyzer", "version", "lang_hint", "lang", "tone", "tone_score",
          "labels", "kinds", "questions", "evidence", "words", "says_repeat", "probabilities")
# Columns of STORED an older export (or side store) may lack: read as NULL there
OPTIONAL = ("probabilities",)
STAGE = "message analysis"


@dataclass(frozen=True)
class AnalysisCounts:
    pending: int  # messages the assessment reads that had no analysis of this fingerprint
    analysed: int  # analysed in this call (less than `pending` only if stopped)


def register_analyses(connection: Any, engine: str, store: AnalysisStore) -> None:
    """Make `message_analyses` the export's analyses plus the side store's current ones, and
    keep it so as the store is written (Spark lists a folder's files once: it is read again
    after each write)."""
    store.on_write = refresh_after_write(connection, engine, store)
    _register_side_store(connection, engine, store)
    if engine == "duckdb":
        _register_on_duckdb(connection)
        return
    export = connection.table("export_message_analyses")
    side = connection.table("side_message_analyses")
    messages = connection.table("messages")
    current = messages.select(current_id=messages.message_id,
                              current_hash=hash_expression(messages))
    matching = side.semi_join(current, [side.message_id == current.current_id,
                                        side.source_hash == current.current_hash])
    union = _stored_columns(export).union(_stored_columns(matching).distinct(), distinct=False)
    connection.create_view("message_analyses", union, overwrite=True)


def _stored_columns(table: Any) -> Any:
    """STORED of `table`, the OPTIONAL ones it lacks as NULL."""
    return table.select(*(table[c] if c in table.columns else ibis.null("string").name(c)
                          for c in STORED))


def _stored_sql(connection: Any, table: str) -> str:
    """STORED of `table` as a SQL select list, the OPTIONAL ones it lacks as NULL."""
    have = set(connection.table(table).columns)
    return ", ".join(c if c in have or c not in OPTIONAL else f"CAST(NULL AS VARCHAR) AS {c}"
                     for c in STORED)


STALE_TABLE = "clientfit_stale_analyses"


def _register_on_duckdb(connection: Any) -> None:
    """DuckDB: the side store's analyses whose text no longer matches its message are found
    once, when the run starts (a temporary table, empty unless the export changed), rather than
    by hashing every message's text each time `message_analyses` is read. Analyses written
    during the run are made from the current texts. No DISTINCT: the DuckDB path never writes
    a message's analysis twice (pending messages exclude the analysed ones)."""
    side = connection.table("side_message_analyses")
    messages = connection.table("messages")
    messages = messages.semi_join(side, messages.message_id == side.message_id)
    current = messages.select(current_id=messages.message_id,
                              current_hash=hash_expression(messages))
    connection.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STALE_TABLE} AS SELECT s.message_id, s.source_hash "
        f"FROM side_message_analyses s JOIN ({connection.compile(current)}) c "
        "ON s.message_id = c.current_id WHERE s.source_hash <> c.current_hash")
    # in place of the temporary view `connect` made over the export
    connection.raw_sql(
        f"CREATE OR REPLACE TEMP VIEW message_analyses AS "
        f"SELECT {_stored_sql(connection, 'export_message_analyses')} "
        f"FROM export_message_analyses UNION ALL "
        f"SELECT {_stored_sql(connection, 'side_message_analyses')} "
        f"FROM side_message_analyses s WHERE NOT EXISTS (SELECT 1 FROM "
        f"{STALE_TABLE} x WHERE x.message_id = s.message_id "
        f"AND x.source_hash = s.source_hash)")


def _register_side_store(connection: Any, engine: str, store: AnalysisStore) -> None:
    if engine == "duckdb":
        # a view over the glob: DuckDB lists the files again at every query
        # by name: batches written before a column was added lack it (read as NULL)
        connection.raw_sql("CREATE OR REPLACE VIEW side_message_analyses AS SELECT * FROM "
                           f"read_parquet('{_quoted(store.glob)}', union_by_name = true)")
    else:  # Spark lists the files when the frame is made: made again after each write
        session = connection._session
        session.read.schema(SPARK_SCHEMA).parquet(store.glob) \
            .createOrReplaceTempView("side_message_analyses")


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def pending_messages(connection: Any, window: Window, analyzer_name: str,
                     version: str) -> Any:
    """Messages the assessment reads with no analysis of `version` (an Ibis expression: id,
    subject, body, language, direction, source_hash)."""
    # ids first, texts joined after: deduplicating on the id alone keeps the texts out of the
    # engine's hash tables
    wanted = window_selection(connection, window).select("message_id").union(
        retainer_inbound(connection, window.as_of).select("message_id"), distinct=True)
    stored = connection.table("message_analyses")
    done = stored.filter(stored.analyzer == analyzer_name, stored.version == version,
                         stored.lang_hint == "").select(done_id=stored.message_id)
    messages = connection.table("messages")
    todo = messages.semi_join(wanted, "message_id").anti_join(
        done, messages.message_id == done.done_id)
    return todo.select("message_id", "subject", "body", "language", "direction",
                       source_hash=hash_expression(todo))


def analyse_pending(connection: Any, engine: str, window: Window, store: AnalysisStore,
                    analyzer: str = "default", *, batch_rows: int = BATCH_ROWS,
                    spark_chunk_rows: int = SPARK_CHUNK_ROWS,
                    progress: Callable[[str, int, int | None], None] | None = None,
                    workers: int = 1) -> AnalysisCounts:
    """Analyse every pending message (see the module doc) into the side store. DuckDB:
    `workers` > 1 analyses the batches in that many worker processes (the analyzer is
    pure Python: one process runs on one core)."""
    report = progress or (lambda stage, done, total: None)
    name, version = str(get_analyzer(analyzer).name), analyzer_version(analyzer)
    todo = pending_messages(connection, window, name, version)
    total = int(todo.count().to_pyarrow().as_py())
    report(STAGE, 0, total)
    done = 0
    if total and engine == "duckdb":
        done = _on_duckdb(connection, todo, store, analyzer, name, version, batch_rows,
                          workers, lambda count: report(STAGE, count, total))
    elif total:
        done = _on_spark(connection, todo, store, analyzer, name, version, total,
                         spark_chunk_rows, lambda count: report(STAGE, count, total))
    report(STAGE, total, total)
    return AnalysisCounts(total, done)


def _duckdb_batches(connection: Any, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
    """The rows of a query streamed out of DuckDB, `rows` at a time. (Ibis 12's
    `to_pyarrow_batches` calls `fetch_record_batch` on the connection, which DuckDB 2 has
    only on a relation.)"""
    reader = connection.con.sql(sql).to_arrow_reader(rows)
    try:
        yield from reader
    finally:  # a stream left open blocks the connection's next query
        reader.close()


PENDING_TABLE = "clientfit_pending_analysis"


def _on_duckdb(connection: Any, todo: Any, store: AnalysisStore, analyzer: str, name: str,
               version: str, batch_rows: int, workers: int,
               report: Callable[[int], None]) -> int:
    """Each distinct text (`source_hash`: subject, body, language, direction — everything the
    analyzer reads) is analysed once: the pending messages' ids and hashes are kept in a
    temporary table (no texts); messages whose text already has an analysis of this
    fingerprint in the side store get a copy of it (in the engine); one message per
    remaining text is analysed, in batches; then its duplicates get copies. A stopped run
    keeps its finished batches, and the next run starts by copying from them."""
    con = connection.con
    con.execute(f"CREATE OR REPLACE TEMP TABLE {PENDING_TABLE} AS SELECT message_id, "
                f"source_hash FROM ({connection.compile(todo)})")
    try:
        done = _copy_known_texts(connection, store, name, version, batch_rows)
        report(done)
        known = _known_texts(name, version)
        texts = con.sql(f"SELECT count(DISTINCT source_hash) FROM {PENDING_TABLE} WHERE "
                        f"source_hash NOT IN (SELECT source_hash FROM {known})").fetchall()[0][0]
        if texts <= batch_rows:  # one batch: not worth starting worker processes
            workers = 1
        representatives = (
            f"SELECT m.message_id, m.subject, m.body, m.language, m.direction, r.source_hash "
            f"FROM messages m JOIN (SELECT min(message_id) AS message_id, source_hash "
            f"FROM {PENDING_TABLE} WHERE source_hash NOT IN (SELECT source_hash FROM {known}) "
            f"GROUP BY source_hash) r ON m.message_id = r.message_id")
        batches = _duckdb_batches(connection, representatives, batch_rows)
        with closing(batches):
            for table in _analysed(batches, analyzer, name, version, workers):
                done += store.write_table(table)
                report(done)
        done += _copy_known_texts(connection, store, name, version, batch_rows)
        report(done)
    finally:
        with suppress(Exception):  # stopped mid-stream: the connection goes with the run
            con.execute(f"DROP TABLE IF EXISTS {PENDING_TABLE}")
    return done


def _analysed(batches: Iterator[pa.RecordBatch], analyzer: str, name: str, version: str,
              workers: int) -> Iterator[pa.Table]:
    """The stored analyses of each batch, in the batches' order; with `workers` > 1 analysed
    in worker processes, at most one batch per worker waiting beyond those running."""
    analyse = partial(analyse_batch, analyzer=analyzer, name=name, version=version)
    if workers <= 1:
        yield from map(analyse, batches)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    get_analyzer(analyzer)  # loaded once here, shared with the workers by fork
    # fork, not spawn: spawn runs the caller's main script again in each worker (and loads
    # the analyzer again: 300 MB, seconds). The workers are forked before the batches' query
    # starts (`batches` is lazy) and only run the analyzer, never DuckDB.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pool.submit(int).result()  # start the workers now
        running: deque = deque()
        for batch in batches:
            running.append(pool.submit(analyse, batch))
            if len(running) > workers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()


def _known_texts(name: str, version: str) -> str:
    """The side store's analyses of this fingerprint, one per text (SQL)."""
    return (f"(SELECT * FROM side_message_analyses WHERE analyzer = '{_quoted(name)}' "
            f"AND version = '{_quoted(version)}' AND lang_hint = '' "
            f"QUALIFY row_number() OVER (PARTITION BY source_hash ORDER BY message_id) = 1)")


def _copy_known_texts(connection: Any, store: AnalysisStore, name: str, version: str,
                      batch_rows: int) -> int:
    """Copies, for the pending messages still without an analysis, of the side store's
    analysis of the same text; returns how many were written."""
    columns = ", ".join(f"k.{c}" if c not in ("message_id", "source_hash") else f"p.{c}"
                        for c in SCHEMA.names)
    sql = (f"SELECT {columns} FROM {PENDING_TABLE} p "
           f"JOIN {_known_texts(name, version)} k ON k.source_hash = p.source_hash "
           f"WHERE p.message_id NOT IN (SELECT message_id FROM side_message_analyses "
           f"WHERE analyzer = '{_quoted(name)}' AND version = '{_quoted(version)}' "
           f"AND lang_hint = '')")
    # the side store's files are listed when the query starts: the batches written while it
    # streams are not read by it
    batches = _duckdb_batches(connection, sql, batch_rows * 10)
    with closing(batches):
        return sum(store.write_table(pa.Table.from_batches([batch])) for batch in batches)


def analyse_batch(batch: pa.RecordBatch | pa.Table, analyzer: str, name: str,
                  version: str) -> pa.Table:
    """The stored form (analysis_store.SCHEMA) of each message of an Arrow batch of pending
    messages, analysed as the embedded path does (the `language` column, when it names a
    language clientfit knows, is the language)."""
    frame = batch.to_pandas()
    if frame.empty:
        return SCHEMA.empty_table()
    given = given_languages(frame)
    sources = frame[["subject", "body", "language", "direction"]].to_dict("records")
    results = analyze_items(get_analyzer(analyzer), [
        (str(s["subject"] or ""), str(s["body"] or ""), lang, s["direction"])
        for s, lang in zip(sources, given, strict=True)])
    rows = [{**analysis_row(str(i), "", result, source), "analyzer": name, "version": version,
             "source_hash": digest}
            for i, result, source, digest in zip(frame["message_id"], results, sources,
                                                  frame["source_hash"], strict=True)]
    return pa.Table.from_pylist([{key: row[key] for key in SCHEMA.names} for row in rows],
                                schema=SCHEMA)


def _spark_batches(batches: Iterator[pa.RecordBatch], analyzer: str, name: str,
                   version: str) -> Iterator[pa.RecordBatch]:
    """`mapInArrow`'s function: runs on the executors, one Arrow batch at a time."""
    for batch in batches:
        yield from analyse_batch(batch, analyzer, name, version).to_batches()


def _on_spark(connection: Any, todo: Any, store: AnalysisStore, analyzer: str, name: str,
              version: str, total: int, batch_rows: int,
              report: Callable[[int], None]) -> int:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F  # noqa: N812 - Spark's own convention

    chunks = max(1, math.ceil(total / batch_rows))
    # the pending messages are selected once and kept, a range of chunks per partition, so
    # each chunk reads its own partitions (the cache's batch statistics skip the others)
    frame = connection._session.sql(connection.compile(todo)) \
        .withColumn("_chunk", F.pmod(F.xxhash64("message_id"), F.lit(chunks))) \
        .repartitionByRange(chunks, "_chunk").persist(StorageLevel.MEMORY_AND_DISK)
    analyse = partial(_spark_batches, analyzer=analyzer, name=name, version=version)
    done = 0
    try:
        for chunk in range(chunks):
            part = frame.filter(frame["_chunk"] == chunk).drop("_chunk")
            # the analyses (not the texts) of one chunk come back to the driver, which keeps
            # them: the side store stays a local folder however far the executors are
            done += store.write_table(part.mapInArrow(analyse, SPARK_SCHEMA).toArrow())
            report(done)
    finally:
        frame.unpersist()
    return done


def refresh_after_write(connection: Any, engine: str, store: AnalysisStore) -> Callable[[], None]:
    """What a side store calls after each write: Spark lists the files again."""
    if engine == "duckdb":
        return lambda: None
    return lambda: _register_side_store(connection, engine, store)
