"""`clientfit assess --engine duckdb|spark --data DIR`: the assessment over a Parquet export.

The same stages as `service.assess`, called with an engine connection instead of the store's:

- in the engine (the Ibis definitions of `clientfit.signals`, unchanged): currency choice and
  conversion, per-client signals, evidence lists, the window's messages joined with stored
  analyses, the per-customer transaction table for BG/NBD, the retainer records for churn;
- in Python on the engine's results: analysis of messages that have no stored analysis (the
  compiled analyzer; nothing is written back: the export is read-only), the BG/NBD +
  Gamma-Gamma and Cox fits and scores, friction attribution, and the decision rules.

Stage order and arguments follow `service.assess`; tests/engines check that both give the
same JSON.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from clientfit.assessment import Policy, assess_portfolio, load_policy
from clientfit.engines import reads
from clientfit.engines.connect import connect
from clientfit.errors import ClientfitError
from clientfit.fx import RateBook
from clientfit.service import AssessmentRun, _with_override
from clientfit.signals import collect_evidence, compute_signals
from clientfit.signals.churn import with_churn_risk
from clientfit.signals.communication import client_metrics, communication, message_evidence
from clientfit.signals.conversion import convert
from clientfit.signals.friction import attribute_friction, staff_on_clients
from clientfit.signals.lifetime import lifetime_values
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
) -> AssessmentRun:
    """Signals and a decision for every active client of the export in `data`, computed on
    `engine` ("duckdb" or "spark"). `connection`: an already open engine connection."""
    policy = policy or load_policy()
    own = connection is None
    connection = connection if connection is not None else connect(engine, data)
    try:
        return _assess(connection, as_of, window, policy, currency)
    finally:
        if own:
            connection.disconnect()


def _assess(raw: Any, as_of: date | None, window: str, policy: Policy,
            currency: str | None) -> AssessmentRun:
    if as_of is None:
        as_of = reads.latest_record_date(raw)
        if as_of is None:
            raise ClientfitError("the export holds no dated records")
    period = window_ending(as_of, window)
    staff = reads.staff_names(raw)
    assigned = staff_on_clients(reads.assignment_pairs(raw))
    overrides = reads.active_overrides(raw)

    def rate_book(currencies: set[str]) -> RateBook:
        return RateBook(reads.exchange_rates(raw, currencies | {"PLN", "EUR"}),
                        str(policy.get("currency", "rate_day")),
                        int(policy.get("currency", "max_rate_age_days")))

    connection, conversion = convert(
        raw, period, rate_book, currency or str(policy.get("currency", "reporting")))
    signals = compute_signals(connection, period, conversion.currency,
                                  recent_days=int(policy.get("communication", "recent_days")),
                                  late_days=int(policy.get("keep", "max_days_late")))
    evidence = collect_evidence(connection, period,
                                    recent_days=int(policy.get("communication", "recent_days")),
                                    late_days=int(policy.get("keep", "max_days_late")))
    comm = communication(connection, period,
                         recent_days=int(policy.get("communication", "recent_days")),
                         analyzer=str(policy.get("communication", "analyzer")),
                         store=None, reuse=True)
    lifetime = lifetime_values(
        connection, period, horizon_months=int(policy.get("lifetime", "horizon_months")),
        annual_discount_rate=float(policy.get("lifetime", "annual_discount_rate")))
    talk = client_metrics(comm)
    rows = [{**row, **talk.get(row["client_id"], {}), **lifetime.get(row["client_id"], {})}
            for row in signals.rows()]
    evidence.update(message_evidence(comm))
    rows, evidence = with_churn_risk(connection, None, period, policy, rows, evidence)
    assessments = assess_portfolio(
        rows, evidence, policy, period, conversion.currency or "", staff_names=staff,
        friction=attribute_friction(comm, assigned,
                                    level=float(policy.get("reset", "interval_level")),
                                    history_days=int(policy.get("reset", "history_days"))),
    )
    assessments = [_with_override(a, overrides.get(a.client_id)) for a in assessments]
    return AssessmentRun(period, conversion.currency, policy, assessments, staff, conversion)
