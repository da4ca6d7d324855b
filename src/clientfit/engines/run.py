"""`clientfit assess --engine duckdb|spark --data DIR`: the assessment over a Parquet export.

The inputs are read through the engine (`engines.reads`), the messages the assessment reads
are analysed inside the engine into a Parquet side store (`engines.analyse`), and then the
same stages as `service.assess` run (`clientfit.stages.run_stages`) with the engine
connection in place of the store's. tests/engines check that both give the same JSON.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from clientfit.assessment import Policy, load_policy
from clientfit.engines import reads
from clientfit.engines.analyse import analyse_pending, register_analyses
from clientfit.engines.analysis_store import AnalysisStore
from clientfit.engines.connect import connect
from clientfit.errors import ClientfitError
from clientfit.fx import RateBook
from clientfit.service import AssessmentRun
from clientfit.signals.friction import staff_on_clients
from clientfit.stages import Inputs, Progress, no_progress, run_stages
from clientfit.windows import window_ending


def assess_on_engine(
    engine: str,
    data: str | Path,
    *,
    as_of: date | None = None,
    window: str = "12m",
    policy: Policy | None = None,
    currency: str | None = None,
    connection: Any = None,
    cache: str | Path | None = None,
    progress: Progress = no_progress,
) -> AssessmentRun:
    """Signals and a decision for every active client of the export in `data`, computed on
    `engine` ("duckdb" or "spark"). `connection`: an already open engine connection.
    `cache`: the directory of the side store of message analyses (kept for the next run, and
    for resuming a stopped one); None: a temporary one, deleted afterwards."""
    policy = policy or load_policy()
    own = connection is None
    connection = connection if connection is not None else connect(engine, data)
    temporary = None
    if cache is None:
        temporary = cache = tempfile.mkdtemp(prefix="clientfit-analyses-")
    try:
        return _assess(connection, engine, Path(cache), as_of, window, policy, currency,
                       progress)
    finally:
        if own:
            connection.disconnect()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def analysis_workers(engine: str) -> int:
    """Processes analysing messages on DuckDB: one per core (CLIENTFIT_ANALYSIS_WORKERS
    overrides). Spark runs the analyzer on its own Python workers."""
    if engine != "duckdb":
        return 1
    return max(1, int(os.environ.get("CLIENTFIT_ANALYSIS_WORKERS", os.cpu_count() or 1)))


def _assess(raw: Any, engine: str, cache: Path, as_of: date | None, window: str,
            policy: Policy, currency: str | None, progress: Progress) -> AssessmentRun:
    if as_of is None:
        as_of = reads.latest_record_date(raw)
        if as_of is None:
            raise ClientfitError("the export holds no dated records")
    period = window_ending(as_of, window)
    staff = reads.staff_names(raw)

    def rate_book(currencies: set[str]) -> RateBook:
        return RateBook(reads.exchange_rates(raw, currencies | {"PLN", "EUR"}),
                        str(policy.get("currency", "rate_day")),
                        int(policy.get("currency", "max_rate_age_days")))

    inputs = Inputs(staff, staff_on_clients(reads.assignment_pairs(raw)),
                    reads.active_overrides(raw), rate_book)
    store = AnalysisStore(cache)
    register_analyses(raw, engine, store)
    analyse_pending(raw, engine, period, store, str(policy.get("communication", "analyzer")),
                    progress=progress, workers=analysis_workers(engine))
    result = run_stages(raw, period, policy, inputs, currency=currency, analyses_sink=store,
                        progress=progress)
    return AssessmentRun(result.window, result.currency, policy, result.assessments, staff,
                         result.conversion)
