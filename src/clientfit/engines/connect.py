"""An Ibis connection to DuckDB or Spark with an export's tables under their store names.

The signal expressions call `connection.table("invoices")` and so on; here those names are
views over the Parquet files, so the same expressions run unchanged.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from clientfit.engines import ENGINES
from clientfit.engines.parquet_export import EXPORTED_TABLES, read_manifest, table_path
from clientfit.errors import ClientfitError


def connect(engine: str, data: str | Path, *, spark_session: Any = None,
            memory_limit: str | None = None) -> Any:
    """DuckDB (in-process) or Spark over the export in `data`. For Spark, an existing session
    (spark-submit, a cluster) is used when given, else a local one (`local_spark_session`).
    `data` may be any path the engine reads: a local directory, or for Spark `s3a://`,
    `hdfs://` and the like (the manifest is then not checked)."""
    if engine not in ENGINES:
        raise ClientfitError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
    location = str(data)
    if "://" not in location:
        read_manifest(location)
    if engine == "duckdb":
        import ibis

        connection = ibis.duckdb.connect()
        if memory_limit:
            connection.raw_sql(f"SET memory_limit = '{memory_limit}'")
    else:
        import ibis

        connection = ibis.pyspark.connect(spark_session or local_spark_session())
    for name in EXPORTED_TABLES:
        files = f"{location.rstrip('/')}/{name}" if "://" in location else \
            str(table_path(Path(location), name) / "*.parquet")
        connection.read_parquet(files, table_name=name)
    return connection


def local_spark_session(cores: int = 2) -> Any:
    """A Spark session in local mode that works offline (../shared/TRAPS.md): no UI, bound to
    the loopback interface, UTC session time zone (dates must not shift)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - the optional dependency
        raise ClientfitError("the spark engine needs PySpark: pip install 'clientfit[spark]'") \
            from None
    warehouse = tempfile.mkdtemp(prefix="clientfit-spark-")
    return (SparkSession.builder.master(f"local[{cores}]")
            .appName("clientfit")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
            .config("spark.sql.warehouse.dir", warehouse)
            .getOrCreate())
