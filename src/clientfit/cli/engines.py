"""`clientfit export parquet DIR`: the store's tables as Parquet for DuckDB or Spark
(docs/scale.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clientfit.cli import app, console
from clientfit.cli.lazy import lazy_function
from clientfit.cli.options import DbOption

if TYPE_CHECKING:
    from clientfit.service import AssessmentRun

write_run_json = lazy_function("clientfit.export", "write_run_json")
open_store = lazy_function("clientfit.store", "open_store")

export_app = typer.Typer(help="Export the store for other tools.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("parquet")
def export_parquet(
    directory: Annotated[Path, typer.Argument(help="Directory to write (one folder per table).")],
    db: DbOption = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an earlier export there.")] = False,
) -> None:
    """Write the store's tables as Parquet (money in integer minor units), for
    `clientfit assess --engine duckdb|spark --data DIR`."""
    from clientfit.engines.parquet_export import export_parquet as write

    summary = write(open_store(db), directory, overwrite=overwrite)
    rows = ", ".join(f"{count} {name}" for name, count in summary.rows.items())
    console.print(f"Wrote {summary.directory}: {rows}.")


# clients per row group of decisions.parquet: one group for any demo, bounded memory above
PARQUET_CHUNK = 50_000


def write_engine_output(run: AssessmentRun, out: Path) -> list[Path]:
    """`assess --out DIR`: assessment.json (the same JSON as `assess --json`) and
    decisions.parquet, one row per client (client, decision, confidence, reason codes); both
    written a part at a time, never whole in memory (docs/scale.md)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "assessment.json"
    with json_path.open("w", encoding="utf-8") as stream:
        write_run_json(run, stream)
        stream.write("\n")
    schema = pa.schema([("client_id", pa.string()), ("decision", pa.string()),
                        ("effective_decision", pa.string()), ("confidence", pa.float64()),
                        ("reason_codes", pa.list_(pa.string()))])
    parquet_path = out / "decisions.parquet"
    with pq.ParquetWriter(parquet_path, schema, compression="zstd") as writer:
        for start in range(0, max(len(run.assessments), 1), PARQUET_CHUNK):
            part = run.assessments[start:start + PARQUET_CHUNK]
            writer.write_table(pa.table({
                "client_id": [a.client_id for a in part],
                "decision": [a.decision.value for a in part],
                "effective_decision": [a.effective_decision.value for a in part],
                "confidence": [float(a.confidence) for a in part],
                "reason_codes": [[r.code for r in a.reasons] for a in part],
            }, schema=schema))
    return [json_path, parquet_path]
