"""Per-client signals, written once as Ibis expressions that run inside the store's engine."""

from clientfit.signals.compute import METRICS, MetricDefinition, SignalTable, compute_signals
from clientfit.signals.evidence import collect_evidence

__all__ = ["METRICS", "MetricDefinition", "SignalTable", "collect_evidence", "compute_signals"]
