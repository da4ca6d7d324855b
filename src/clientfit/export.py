"""The versioned JSON form of an assessment run (docs/assessment.schema.json)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from clientfit.domain import Assessment
from clientfit.service import AssessmentRun

SCHEMA_ID = "https://clientfit.dev/schemas/assessment/1.0"
SCHEMA_VERSION = "1.0"


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
                "evidence": [{"kind": ref.kind.value, "id": ref.record_id}
                             for ref in reason.evidence],
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
    }


def run_dict(run: AssessmentRun, generated_at: datetime | None = None) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": (generated_at or datetime.now().astimezone()).isoformat(
            timespec="seconds"),
        "window": {"start": run.window.start.isoformat(), "as_of": run.window.as_of.isoformat()},
        "currency": run.currency,
        "policy": {"source": run.policy.source, "version": run.policy.version},
        "clients": [assessment_dict(a, run) for a in run.assessments],
    }
