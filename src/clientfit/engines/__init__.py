"""The same assessment on an analytical engine over Parquet: DuckDB on one machine, Apache
Spark (PySpark) on a cluster (docs/scale.md).

`parquet_export` writes the store's tables as Parquet; `connect` opens DuckDB or Spark with those
files as Ibis tables of the same names; `run` evaluates the signal definitions of
`clientfit.signals` there, unchanged, and the rest of the assessment on the results.
"""

ENGINES = ("duckdb", "spark")

__all__ = ["ENGINES"]
