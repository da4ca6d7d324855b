"""The evidence snapshot a case keeps from its opening, and the JSON form of a case.

The snapshot holds the assessment (decision, reasons, metrics, override) and the stored records
behind its reasons as they were when the case opened, so the case still shows what it was based
on after the data changes. Message records keep only their id, time and direction: no subjects
or bodies, so a case holds no message text that erasure would have to chase.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from clientfit.domain import EvidenceKind, EvidenceRef
from clientfit.playbooks.machine import Case

SNAPSHOT_VERSION = 1
MESSAGE_FIELDS = ("message_id", "sent_at", "direction", "staff_id", "channel")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot_of(assessment: dict[str, Any], run: Any,
                records: dict[EvidenceRef, dict[str, Any]]) -> dict[str, Any]:
    evidence = []
    for ref, record in sorted(records.items(), key=lambda item: (item[0].kind, item[0].record_id)):
        if ref.kind is EvidenceKind.MESSAGE:
            record = {k: v for k, v in record.items() if k in MESSAGE_FIELDS}
        evidence.append({"kind": ref.kind.value, "id": ref.record_id, "record": _plain(record)})
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat(),
        "window": {"start": run.window.start.isoformat(), "as_of": run.window.as_of.isoformat()},
        "currency": run.currency,
        "policy": {"source": str(run.policy.source), "version": run.policy.version},
        "assessment": _plain(assessment),
        "evidence": evidence,
    }


def without_messages(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot after erasure: message records gone, references marked as erased."""
    evidence = [item if item["kind"] != "message" else
                {"kind": "message", "id": item["id"], "record": None, "erased": True}
                for item in snapshot.get("evidence", [])]
    return {**snapshot, "evidence": evidence}


def case_dict(case: Case, today: date | None = None) -> dict[str, Any]:
    """The case as JSON-ready data (CLI --json, web app, exports)."""
    today = today or datetime.now(UTC).date()
    data = {k: _plain(v) for k, v in asdict(case).items()
            if k not in ("steps", "notes", "referrals", "snapshot")}
    data["steps"] = [{**_plain(asdict(step)), "overdue": step.overdue(today) and case.is_open}
                     for step in case.steps]
    data["notes"] = [_plain(asdict(note)) for note in case.notes]
    data["referrals"] = [_plain(asdict(referral)) for referral in case.referrals]
    data["overdue_steps"] = [s.key for s in case.overdue_steps(today)]
    data["unfinished_required"] = [s.key for s in case.unfinished_required()]
    data["snapshot"] = case.snapshot
    return data
