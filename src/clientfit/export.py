"""The versioned JSON form of an assessment run (docs/assessment.schema.json)."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any, TextIO

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
    return {**_header(run, generated_at),
            "clients": [assessment_dict(a, run) for a in run.assessments]}


def _header(run: AssessmentRun, generated_at: datetime | None) -> dict[str, Any]:
    """Everything of the document but its clients (the last member)."""
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
    }


# clients written to the stream at a time: a few MB of text, never the whole document
WRITE_CHUNK = 500


def write_run_json(run: AssessmentRun, stream: TextIO,
                   generated_at: datetime | None = None) -> None:
    """Write `run_dict(run)` to `stream` exactly as `json.dumps(..., ensure_ascii=False,
    indent=2)` gives it (no final newline), a few clients at a time: at 100,000 clients the
    document built whole took ~7 GB (docs/scale.md)."""
    head = json.dumps({**_header(run, generated_at), "clients": []},
                      ensure_ascii=False, indent=2)
    if not run.assessments:
        stream.write(head)
        return
    empty = "[]\n}"
    assert head.endswith(empty)
    stream.write(head[:-len(empty)] + "[\n")
    chunk: list[str] = []
    for i, assessment in enumerate(run.assessments):
        # the clients list is two levels deep: each member's lines indented by four spaces
        # (json.dumps escapes newlines inside strings, so every line break is its own)
        text = json.dumps(assessment_dict(assessment, run), ensure_ascii=False, indent=2)
        chunk.append(("    " if i == 0 else ",\n    ") + text.replace("\n", "\n    "))
        if len(chunk) == WRITE_CHUNK:
            stream.write("".join(chunk))
            chunk.clear()
    stream.write("".join(chunk) + "\n  ]\n}")
