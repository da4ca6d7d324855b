"""The stages of an assessment, once: the embedded path (`service.assess`) and the engines
(`engines.run.assess_on_engine`) read their inputs their own way and then call `run_stages`.

Everything here goes through an Ibis connection (the store's, DuckDB's or Spark's); the only
difference between the callers is where new message analyses are kept (`analyses_sink`: the
store, or the engines' Parquet side store) and how the reporting currency's rates are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from clientfit.assessment import Policy, assess_portfolio
from clientfit.domain import Assessment, Decision, Override, Window
from clientfit.fx import RateBook
from clientfit.signals import collect_evidence, compute_signals
from clientfit.signals.churn import with_churn_risk
from clientfit.signals.communication import client_metrics, communication, message_evidence
from clientfit.signals.conversion import Conversion, convert
from clientfit.signals.friction import attribute_friction
from clientfit.signals.lifetime import lifetime_values

# progress(stage, done, total): called when a stage starts (done 0) and ends (done == total);
# long stages (message analysis) call it in between. The surfaces draw it; nothing here prints.
Progress = Callable[[str, int, int | None], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The default: report nothing."""


@dataclass(frozen=True)
class Inputs:
    """What an assessment needs besides the Ibis tables: read from the store or the engine."""

    staff: dict[str, str]  # staff id -> name
    assigned: dict[str, set[str]]  # client id -> staff ids working on it
    overrides: dict[str, dict[str, Any]]  # client id -> its newest unrevoked override
    rate_book: Callable[[set[str]], RateBook]


@dataclass(frozen=True)
class StageResult:
    window: Window
    currency: str | None
    assessments: list[Assessment]
    conversion: Conversion


def run_stages(
    raw: Any, period: Window, policy: Policy, inputs: Inputs, *, currency: str | None,
    analyses_sink: Any, reuse_analyses: bool = True, progress: Progress = no_progress,
) -> StageResult:
    """Signals, models and a decision for every active client of `raw` (an Ibis connection
    with the store's table names). `analyses_sink`: where message analyses made on the way
    are kept (a Store, an object with `keep_analyses`, or None)."""
    step = _Steps(progress)
    step("currency")
    connection, conversion = convert(
        raw, period, inputs.rate_book, currency or str(policy.get("currency", "reporting")))
    step("signals")
    recent_days = int(policy.get("communication", "recent_days"))
    late_days = int(policy.get("keep", "max_days_late"))
    signals = compute_signals(connection, period, conversion.currency,
                              recent_days=recent_days, late_days=late_days)
    evidence = collect_evidence(connection, period, recent_days=recent_days, late_days=late_days)
    step("communication")
    comm = communication(connection, period,
                         recent_days=int(policy.get("communication", "recent_days")),
                         analyzer=str(policy.get("communication", "analyzer")),
                         store=analyses_sink, reuse=reuse_analyses)
    step("lifetime value")
    lifetime = lifetime_values(
        connection, period, horizon_months=int(policy.get("lifetime", "horizon_months")),
        annual_discount_rate=float(policy.get("lifetime", "annual_discount_rate")))
    talk = client_metrics(comm)
    rows = [{**row, **talk.get(row["client_id"], {}), **lifetime.get(row["client_id"], {})}
            for row in signals.rows()]
    del talk, lifetime, signals  # merged into the rows (at 100,000 clients ~0.2 GB)
    evidence.update(message_evidence(comm))
    step("churn risk")
    # churn reads amounts only to date each settlement, within one invoice: native amounts
    # do that exactly, and without the converted tables' joins (3-5x faster on SQLite)
    rows, evidence = with_churn_risk(raw, analyses_sink, period, policy, rows, evidence)
    step("decisions")
    friction = attribute_friction(comm, inputs.assigned,
                                  level=float(policy.get("reset", "interval_level")),
                                  history_days=int(policy.get("reset", "history_days")))
    del comm  # nothing reads the communication's frames past the attribution
    # the rows are handed over (`release`): each is dropped once its client is assessed, so
    # the rows and the assessments' metrics (a copy of each row) are not held twice
    assessments = assess_portfolio(
        _handed_over(rows), evidence, policy, period, conversion.currency or "",
        staff_names=inputs.staff, friction=friction, release=True)
    assessments = [with_override(a, inputs.overrides.get(a.client_id)) for a in assessments]
    step(None)
    return StageResult(period, conversion.currency, assessments, conversion)


def _handed_over(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows' list emptied into a new one that only the callee holds."""
    handed = rows[:]
    rows.clear()
    return handed


class _Steps:
    """Reports each stage as started (0 of 1) and the previous one as done (1 of 1)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.current: str | None = None

    def __call__(self, stage: str | None) -> None:
        if self.current is not None:
            self.progress(self.current, 1, 1)
        self.current = stage
        if stage is not None:
            self.progress(stage, 0, 1)


def with_override(assessment: Assessment, row: dict[str, Any] | None) -> Assessment:
    """The assessment with a person's recorded decision attached (never acted on)."""
    if row is None:
        return assessment
    original = row["original_decision"]
    return replace(assessment, override=Override(
        decision=Decision(row["decision"]), reason=row["reason"], actor=row["actor"],
        created_at=row["created_at"], original_decision=Decision(original) if original else None,
    ))
