"""Rich renderings of assessments for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from clientfit.assessment.reasons import money, percent
from clientfit.domain import Assessment, Decision, EvidenceKind, EvidenceRef
from clientfit.service import AssessmentRun

DECISION_STYLE = {
    Decision.KEEP: "green", Decision.WATCH: "yellow", Decision.RENEGOTIATE: "cyan",
    Decision.RELEASE: "bold red", Decision.RECOVER: "magenta", Decision.RESET: "blue",
    Decision.REASSIGN: "blue",
}
ORDER = [Decision.RELEASE, Decision.RECOVER, Decision.REASSIGN, Decision.RESET,
         Decision.RENEGOTIATE, Decision.WATCH, Decision.KEEP]


def triage_table(run: AssessmentRun) -> Table:
    table = Table(title=f"Triage {run.window.start} to {run.window.as_of} "
                        f"({len(run.assessments)} active clients, policy {run.policy.source})")
    for column in ("client", "owner", "decision", "top reasons"):
        table.add_column(column, overflow="fold")
    table.add_column("margin", justify="right")
    table.add_column("days late", justify="right")
    ordered = sorted(run.assessments, key=lambda a: (
        ORDER.index(a.effective_decision), -a.confidence, a.client_name))
    currency = run.currency or ""
    for assessment in ordered:
        m = assessment.metrics
        margin = "-" if m.get("margin_pct") is None else (
            f"{percent(m['margin_pct'])}\n{money(m['margin_minor'], currency)}")
        days_late = "-" if m.get("days_late") is None else f"{m['days_late']:.1f}"
        decision = f"{assessment.decision.value}\n{assessment.confidence:.2f}"
        if assessment.override:
            decision = (f"{assessment.override.decision.value}\n(override by "
                        f"{assessment.override.actor}; computed {assessment.decision.value})")
        table.add_row(
            Text(f"{assessment.client_name}\n{assessment.client_id}"),
            Text(run.owner_name(assessment) or "-"),
            Text(decision, style=DECISION_STYLE[assessment.effective_decision]),
            Text("\n".join(f"- {r.text}" for r in assessment.reasons[:2])),
            margin,
            days_late,
        )
    return table


def evidence_line(ref: EvidenceRef, record: dict[str, Any] | None, currency: str) -> str:
    if record is None:
        return f"{ref.kind.value} {ref.record_id} (no longer stored)"
    if ref.kind is EvidenceKind.INVOICE:
        paid = sum(p["amount_minor"] for p in record.get("payments", []))
        last = max((p["paid_on"] for p in record.get("payments", [])), default=None)
        return (f"invoice {record['number']} ({ref.record_id}) issued {record['issue_date']}, "
                f"due {record['due_date']}, {money(record['amount_minor'], currency)}, "
                f"paid {money(paid, currency)}" + (f" (last on {last})" if last else ""))
    if ref.kind is EvidenceKind.TIME_ENTRY:
        billable = "billable" if record["billable"] else "non-billable"
        return (f"time entry {ref.record_id} {record['work_date']} {record['staff_id']} "
                f"{record['minutes'] / 60:.2f} h {billable}: {record['description']}")
    if ref.kind is EvidenceKind.MILESTONE:
        return (f"milestone {ref.record_id} '{record['name']}' due {record['due_date']}, "
                f"delivered {record['delivered_on'] or 'not yet'}")
    if ref.kind is EvidenceKind.MESSAGE:
        return (f"message {ref.record_id} {record['sent_at']} {record['direction']}: "
                f"{record['subject']}")
    return f"{ref.kind.value} {ref.record_id}"


def metrics_table(assessment: Assessment, currency: str) -> Table:
    from clientfit.signals import METRICS

    table = Table(title="Metrics", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for metric in METRICS:
        value = assessment.metrics.get(metric.name)
        if value is None:
            shown = "-"
        elif metric.unit in ("money", "money/hour"):
            shown = money(value, currency)
        elif metric.unit == "ratio":
            shown = percent(value)
        elif metric.unit == "count":
            shown = str(value)
        else:
            shown = f"{value:.1f}"
        table.add_row(metric.label, shown)
    return table
