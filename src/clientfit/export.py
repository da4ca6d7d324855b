"""The versioned JSON form of an assessment run (docs/assessment.schema.json)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from clientfit.domain import Assessment, EvidenceRef
from clientfit.fx import Quote
from clientfit.service import AssessmentRun

SCHEMA_ID = "https://clientfit.dev/schemas/assessment/1.1"
SCHEMA_VERSION = "1.1"


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def assessment_dict(assessment: Assessment, run: AssessmentRun) -> dict[str, Any]:
    return {
        "client_id": assessment.client_id,
        "name": assessment.client_name,
        "owner": {"staff_id": assessment.owner, "name": run.owner_name(assessment)},
        "decision": assessment.decision.value,
        "confidence": assessment.confidence,
        "reasons": [
            {
                "code": reason.code,
                "text": reason.text,
                "metrics": {k: _json_value(v) for k, v in reason.metrics.items()},
                "evidence": [_evidence(ref, run) for ref in reason.evidence],
            }
            for reason in assessment.reasons
        ],
        "metrics": {k: _json_value(v) for k, v in assessment.metrics.items()},
        "override": None if assessment.override is None else {
            "decision": assessment.override.decision.value,
            "reason": assessment.override.reason,
            "actor": assessment.override.actor,
            "created_at": assessment.override.created_at.isoformat(),
            "original_decision": (assessment.override.original_decision.value
                                  if assessment.override.original_decision else None),
        },
        "effective_decision": assessment.effective_decision.value,
        "native": (run.conversion.native.get(assessment.client_id, [])
                   if run.conversion and run.conversion.converted else []),
    }


def _evidence(ref: EvidenceRef, run: AssessmentRun) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": ref.kind.value, "id": ref.record_id}
    quote = run.conversion.quotes.get((ref.kind.value, ref.record_id)) \
        if run.conversion else None
    if quote is not None:
        item["rate"] = quote_dict(quote)
    return item


def quote_dict(quote: Quote) -> dict[str, Any]:
    return {"currency": quote.currency, "target": quote.target,
            "factor": format(quote.factor.normalize(), "f"), "text": quote.text(),
            "rates": [leg.as_dict() for leg in quote.legs]}


def run_dict(run: AssessmentRun, generated_at: datetime | None = None) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": (generated_at or datetime.now().astimezone()).isoformat(
            timespec="seconds"),
        "window": {"start": run.window.start.isoformat(), "as_of": run.window.as_of.isoformat()},
        "currency": run.currency,
        "reporting_currency": {
            "code": run.currency,
            "chosen_by": run.conversion.chosen_by if run.conversion else "none",
            "currencies": list(run.conversion.currencies) if run.conversion else [],
        },
        "rates": [r.as_dict() for r in run.conversion.rates()] if run.conversion else [],
        "policy": {"source": run.policy.source, "version": run.policy.version},
        "clients": [assessment_dict(a, run) for a in run.assessments],
    }
