"""The portfolio as the pages and the API show it: rows, filters, sorting, whale curve and
concentration, computed for the clients the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clientfit import whatif
from clientfit.domain import Assessment, Decision
from clientfit.service import AssessmentRun

SORT_KEYS = ("name", "decision", "owner", "revenue", "margin", "margin_pct", "health",
             "confidence", "hours", "days_late")
DECISIONS = tuple(d.value for d in Decision)
PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    decision: str = ""
    owner: str = ""
    q: str = ""
    sort: str = "margin"
    order: str = "desc"

    @classmethod
    def clean(cls, decision: str = "", owner: str = "", q: str = "", sort: str = "margin",
              order: str = "desc") -> Filters:
        decision = decision.upper() if decision.upper() in DECISIONS else ""
        return cls(decision, owner.strip(), q.strip()[:200],
                   sort if sort in SORT_KEYS else "margin",
                   order if order in ("asc", "desc") else "desc")

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def row(a: Assessment, run: AssessmentRun) -> dict[str, Any]:
    m = a.metrics
    return {
        "client_id": a.client_id, "name": a.client_name,
        "owner": {"staff_id": a.owner, "name": run.owner_name(a)},
        "decision": a.effective_decision.value, "computed_decision": a.decision.value,
        "overridden": a.override is not None, "confidence": a.confidence,
        "revenue_minor": m.get("revenue_minor"), "margin_minor": m.get("margin_minor"),
        "margin_pct": m.get("margin_pct"), "hours": m.get("hours"),
        "days_late": m.get("days_late"), "health": whatif.health(m),
    }


def _sort_value(item: dict[str, Any], key: str) -> Any:
    value = {
        "name": item["name"].lower(), "decision": item["decision"],
        "owner": (item["owner"]["name"] or "").lower(), "revenue": item["revenue_minor"],
        "margin": item["margin_minor"], "margin_pct": item["margin_pct"],
        "health": item["health"], "confidence": item["confidence"], "hours": item["hours"],
        "days_late": item["days_late"],
    }[key]
    return (value is None, value if value is not None else 0)


def rows(assessments: list[Assessment], run: AssessmentRun, filters: Filters
         ) -> list[dict[str, Any]]:
    found = [row(a, run) for a in assessments]
    if filters.decision:
        found = [r for r in found if r["decision"] == filters.decision]
    if filters.owner:
        found = [r for r in found if r["owner"]["staff_id"] == filters.owner]
    if filters.q:
        needle = filters.q.lower()
        found = [r for r in found if needle in r["name"].lower() or needle in r["client_id"]
                 .lower()]
    reverse = filters.order == "desc"
    present = [r for r in found if _sort_value(r, filters.sort)[0] is False]
    missing = [r for r in found if _sort_value(r, filters.sort)[0] is True]
    present.sort(key=lambda r: (_sort_value(r, filters.sort)[1], r["client_id"]),
                 reverse=reverse)
    return present + missing  # clients without the value come last either way


def figures(assessments: list[Assessment]) -> list[whatif.ClientFigures]:
    return [whatif.ClientFigures.from_metrics(a.client_id, a.client_name, a.owner,
                                              a.effective_decision.value, a.metrics)
            for a in assessments]


def summary(assessments: list[Assessment]) -> dict[str, Any]:
    items = figures(assessments)
    counts = {d: 0 for d in DECISIONS}
    for a in assessments:
        counts[a.effective_decision.value] += 1
    curve = whatif.whale_curve(items)
    measure = whatif.concentration(items)
    return {"clients": len(items), "decisions": counts,
            "whale": {k: v for k, v in curve.as_dict().items() if k != "points"},
            "concentration": measure.as_dict(),
            "revenue_minor": sum(f.revenue_minor for f in items),
            "margin_minor": sum(f.margin_minor for f in items)}


def paged(found: list[dict[str, Any]], page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of the sorted rows (pages count from 1; out-of-range pages are clamped)."""
    pages = max(1, -(-len(found) // size))
    page = min(max(1, page), pages)
    return {"page": page, "pages": pages, "matching": len(found),
            "clients": found[(page - 1) * size: page * size]}
