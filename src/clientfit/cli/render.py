"""Rich renderings of assessments for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from clientfit.assessment.reasons import money, percent
from clientfit.domain import Assessment, Decision, EvidenceKind, EvidenceRef
from clientfit.fx import Quote
from clientfit.service import AssessmentRun

DECISION_STYLE = {
    Decision.KEEP: "green", Decision.WATCH: "yellow", Decision.RENEGOTIATE: "cyan",
    Decision.RELEASE: "bold red", Decision.RECOVER: "magenta", Decision.RESET: "blue",
    Decision.REASSIGN: "blue",
}
# the margin column's base, said once under the table (docs/metrics.md "Net and gross")
MARGIN_NOTE = "Margins are on net revenue (before sales tax)."
ORDER = [Decision.RELEASE, Decision.RECOVER, Decision.REASSIGN, Decision.RESET,
         Decision.RENEGOTIATE, Decision.WATCH, Decision.KEEP]


def triage_table(run: AssessmentRun) -> Table:
    table = Table(title=f"Triage {run.window.start} to {run.window.as_of} "
                        f"({len(run.assessments)} active clients, policy {run.policy.source})",
                  caption=" ".join(filter(None, (currency_note(run), MARGIN_NOTE))))
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


def currency_note(run: AssessmentRun) -> str:
    """Which currency the amounts are in, and why; the rates used when any were."""
    conversion = run.conversion
    if conversion is None or conversion.currency is None:
        return ""
    note = f"Amounts in {conversion.describe().removeprefix('amounts in ')}"
    if conversion.converted:
        others = ", ".join(c for c in conversion.currencies if c != conversion.currency)
        note += (f"; {others} converted at {len(conversion.rates())} published rates "
                 "(clientfit explain shows each)")
    return note + "."


def evidence_line(ref: EvidenceRef, record: dict[str, Any] | None, currency: str,
                  quote: Quote | None = None) -> str:
    if record is None:
        return f"{ref.kind.value} {ref.record_id} (no longer stored)"
    if ref.kind is EvidenceKind.INVOICE:
        own = record.get("currency") or currency
        paid = sum(p["amount_minor"] for p in record.get("payments", []))
        last = max((p["paid_on"] for p in record.get("payments", [])), default=None)
        amount = money(record["amount_minor"], own)
        if quote is not None and quote.legs:
            amount += (f" = {money(quote.convert(record['amount_minor']), quote.target)} "
                       f"at {quote.text()}")
        net = record.get("net_minor")
        if net is not None and net != record["amount_minor"]:
            amount += f" (net of sales tax {money(net, own)}" + (
                f" = {money(quote.convert(net), quote.target)})"
                if quote is not None and quote.legs else ")")
        return (f"invoice {record['number']} ({ref.record_id}) issued {record['issue_date']}, "
                f"due {record['due_date']}, {amount}, "
                f"paid {money(paid, own)}" + (f" (last on {last})" if last else ""))
    if ref.kind is EvidenceKind.TIME_ENTRY:
        billable = "billable" if record["billable"] else "non-billable"
        cost = f" (cost rate at {quote.text()})" if quote is not None and quote.legs else ""
        return (f"time entry {ref.record_id} {record['work_date']} {record['staff_id']} "
                f"{record['minutes'] / 60:.2f} h {billable}: {record['description']}{cost}")
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
