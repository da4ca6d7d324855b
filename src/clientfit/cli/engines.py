"""`clientfit export parquet DIR`: the store's tables as Parquet for DuckDB or Spark
(docs/scale.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clientfit.cli import app, console
from clientfit.cli.lazy import lazy_function
from clientfit.cli.options import DbOption

if TYPE_CHECKING:
    from clientfit.service import AssessmentRun

run_dict = lazy_function("clientfit.export", "run_dict")
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


def write_engine_output(run: AssessmentRun, out: Path) -> list[Path]:
    """`assess --out DIR`: assessment.json (the same JSON as `assess --json`) and
    decisions.parquet, one row per client (client, decision, confidence, reason codes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "assessment.json"
    json_path.write_text(json.dumps(run_dict(run), ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    table = pa.table({
        "client_id": [a.client_id for a in run.assessments],
        "decision": [a.decision.value for a in run.assessments],
        "effective_decision": [a.effective_decision.value for a in run.assessments],
        "confidence": [float(a.confidence) for a in run.assessments],
        "reason_codes": [[r.code for r in a.reasons] for a in run.assessments],
    })
    parquet_path = out / "decisions.parquet"
    pq.write_table(table, parquet_path, compression="zstd")
    return [json_path, parquet_path]
