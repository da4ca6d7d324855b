"""An Ibis connection to DuckDB or Spark with an export's tables under their store names.

The signal expressions call `connection.table("invoices")` and so on; here those names are
views over the Parquet files, so the same expressions run unchanged.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from clientfit.engines import ENGINES
from clientfit.engines.parquet_export import EXPORTED_TABLES, read_manifest, table_path
from clientfit.errors import ClientfitError

# DuckDB's own memory (its default is 80 % of the machine's): joins and aggregates past it
# spill to a temporary folder, so the 4 GB of issue 15 leave room for the Python stages.
DUCKDB_MEMORY_LIMIT = "2GB"


def connect(engine: str, data: str | Path, *, spark_session: Any = None,
            memory_limit: str | None = DUCKDB_MEMORY_LIMIT) -> Any:
    """DuckDB (in-process) or Spark over the export in `data`. For Spark, an existing session
    (spark-submit, a cluster) is used when given, else `get_spark_session()`.
    `data` may be any path the engine reads: a local directory, or for Spark `s3a://`,
    `hdfs://` and the like (the manifest is then not checked)."""
    if engine not in ENGINES:
        raise ClientfitError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
    location = str(data)
    if "://" not in location:
        read_manifest(location)
    import ibis

    if engine == "duckdb":
        connection = ibis.duckdb.connect()
        connection.raw_sql("SET enable_progress_bar = false")
        if memory_limit:
            spill = tempfile.mkdtemp(prefix="clientfit-duckdb-")
            atexit.register(shutil.rmtree, spill, ignore_errors=True)
            connection.raw_sql(f"SET memory_limit = '{memory_limit}'")
            connection.raw_sql(f"SET temp_directory = '{spill}'")
    else:
        connection = ibis.pyspark.connect(spark_session or get_spark_session())
    for name in EXPORTED_TABLES:
        folder = f"{location.rstrip('/')}/{name}" if "://" in location else \
            str(table_path(Path(location), name))
        # DuckDB reads a glob of files; Spark reads the folder (any file system it knows)
        files = f"{folder}/*.parquet" if engine == "duckdb" else folder
        connection.read_parquet(files, table_name=name)
        if name == "message_analyses":  # `engines.analyse` adds the side store's to these
            connection.read_parquet(files, table_name="export_message_analyses")
    return connection


def get_spark_session(cores: int = 2) -> Any:
    """The active Spark session, else a new one: the one spark-submit configured (master, jars,
    object-store credentials) when run under it, else on the master URL in
    CLIENTFIT_SPARK_MASTER when set, else in local mode that works offline
    (../shared/TRAPS.md): no UI, bound to the loopback interface. Always with a UTC session
    time zone, so dates do not shift."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - the optional dependency
        raise ClientfitError("the spark engine needs PySpark: pip install 'clientfit[spark]'") \
            from None
    active = SparkSession.getActiveSession()
    if active is not None:
        active.conf.set("spark.sql.session.timeZone", "UTC")
        return active
    master = os.environ.get("CLIENTFIT_SPARK_MASTER")
    if master or "PYSPARK_GATEWAY_PORT" in os.environ:  # a master URL, or under spark-submit
        builder = SparkSession.builder.appName("clientfit")
        if master:
            builder = builder.master(master)
        return builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # the message analysis runs Python on the workers: this interpreter, with clientfit
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    warehouse = tempfile.mkdtemp(prefix="clientfit-spark-")
    atexit.register(shutil.rmtree, warehouse, ignore_errors=True)
    session = (SparkSession.builder.master(f"local[{cores}]")
               .appName("clientfit")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
               .config("spark.sql.warehouse.dir", warehouse)
               .config("spark.ui.showConsoleProgress", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session
