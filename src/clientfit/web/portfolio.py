"""The portfolio as the pages and the API show it: rows, filters, sorting, whale curve and
concentration, computed for the clients the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from clientfit import whatif
from clientfit.domain import Assessment, Decision
from clientfit.service import AssessmentRun

SORT_KEYS = ("urgency", "name", "decision", "owner", "revenue", "margin", "margin_pct", "health",
             "confidence", "hours", "days_late", "churn_risk", "overdue", "steps")
DECISIONS = tuple(d.value for d in Decision)
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class Filters:
    decision: str = ""
    owner: str = ""
    q: str = ""
    sort: str = "urgency"
    order: str = "desc"

    @classmethod
    def clean(cls, decision: str = "", owner: str = "", q: str = "", sort: str = "urgency",
              order: str = "desc") -> Filters:
        decision = decision.upper() if decision.upper() in DECISIONS else ""
        return cls(decision, owner.strip()[:200], q.strip()[:200],
                   sort if sort in SORT_KEYS else "urgency",
                   order if order in ("asc", "desc") else "desc")

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


# How urgent each decision is (docs/web.md, "Urgency"): what to look at first.
SEVERITY = {"RECOVER": 6, "RELEASE": 5, "RENEGOTIATE": 4, "REASSIGN": 3, "RESET": 2,
            "WATCH": 1, "KEEP": 0}


def at_stake(m: dict[str, Any]) -> float:
    """Money the decision is about: revenue in the window plus the overdue balance."""
    return max(float(m.get("revenue_minor") or 0), 0.0) + max(float(m.get("overdue_minor") or 0),
                                                             0.0)


def urgency(decision: str, confidence: float, m: dict[str, Any], steps: dict[str, Any] | None,
            churn_flag: bool) -> tuple[int, int, float]:
    """(tier, alerts, value at stake × confidence): compared as a tuple, largest first.

    tier: the decision's severity (RECOVER 6 … KEEP 0); alerts: overdue case steps, a CHURN_RISK
    reason, an overdue balance (one point each) — so a KEEP client at risk of leaving comes
    before a quiet KEEP client; then the money at stake weighted by the confidence."""
    alerts = int(bool(steps and steps["overdue"])) + int(churn_flag) + int(
        float(m.get("overdue_minor") or 0) > 0)
    return SEVERITY.get(decision, 0), alerts, round(at_stake(m) * float(confidence or 0), 2)


def row(a: Assessment, run: AssessmentRun,
        steps: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    m = a.metrics
    case = (steps or {}).get(a.client_id)
    churn_flag = any(r.code == "CHURN_RISK" for r in a.reasons)
    decision = a.effective_decision.value
    return {
        "client_id": a.client_id, "name": a.client_name,
        "owner": {"staff_id": a.owner, "name": run.owner_name(a)},
        "decision": a.effective_decision.value, "computed_decision": a.decision.value,
        "overridden": a.override is not None, "confidence": a.confidence,
        "revenue_minor": m.get("revenue_minor"), "margin_minor": m.get("margin_minor"),
        "margin_pct": m.get("margin_pct"), "hours": m.get("hours"),
        "days_late": m.get("days_late"), "health": whatif.health(m),
        "churn_risk": m.get("churn_risk_90d"), "churn_flag": churn_flag,
        "overdue_minor": m.get("overdue_minor"),
        "case": None if case is None else {
            "case_id": case["case_id"], "pending": case["pending"], "overdue": case["overdue"],
            "next_due": case["next_due"].isoformat() if case["next_due"] else None},
        "urgency": list(urgency(decision, a.confidence, m, case, churn_flag)),
    }


def _sort_value(item: dict[str, Any], key: str) -> Any:
    case = item["case"]
    value = {
        "urgency": tuple(item["urgency"]), "churn_risk": item["churn_risk"],
        "overdue": item["overdue_minor"],
        "steps": None if case is None else (case["overdue"], case["pending"]),
        "name": item["name"].lower(), "decision": item["decision"],
        "owner": (item["owner"]["name"] or "").lower(), "revenue": item["revenue_minor"],
        "margin": item["margin_minor"], "margin_pct": item["margin_pct"],
        "health": item["health"], "confidence": item["confidence"], "hours": item["hours"],
        "days_late": item["days_late"],
    }[key]
    return (value is None, value if value is not None else 0)


class Book:
    """The rows one visibility sees, with every sort order computed once (per data version):
    a request filters an index list and slices one page, it never sorts the book again."""

    def __init__(self, assessments: list[Assessment], run: AssessmentRun,
                 steps: dict[str, dict[str, Any]] | None = None) -> None:
        self.rows = [row(a, run, steps) for a in assessments]
        self._search = [f"{r['name'].lower()}\0{r['client_id'].lower()}" for r in self.rows]
        self._orders: dict[str, tuple[list[int], list[int]]] = {}

    def order(self, sort: str, order: str) -> list[int]:
        """Row indices by `sort`; clients without the value come last either way."""
        if sort not in self._orders:
            keyed = [(_sort_value(r, sort), r["client_id"], i) for i, r in enumerate(self.rows)]
            present = [(v[1], cid, i) for v, cid, i in keyed if v[0] is False]
            present.sort()
            self._orders[sort] = ([i for _, _, i in present],
                                  [i for v, _, i in keyed if v[0] is True])
        present_ids, missing = self._orders[sort]
        return (present_ids[::-1] if order == "desc" else present_ids) + missing

    def select(self, filters: Filters) -> list[int]:
        found = self.order(filters.sort, filters.order)
        if filters.decision:
            found = [i for i in found if self.rows[i]["decision"] == filters.decision]
        if filters.owner:
            found = [i for i in found if self.rows[i]["owner"]["staff_id"] == filters.owner]
        if filters.q:
            needle = filters.q.lower()
            found = [i for i in found if needle in self._search[i]]
        return found

    def window(self, filters: Filters, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, the rows offset..offset+limit of them)."""
        found = self.select(filters)
        return len(found), [self.rows[i] for i in found[offset:offset + limit]]


def rows(assessments: list[Assessment], run: AssessmentRun, filters: Filters
         ) -> list[dict[str, Any]]:
    book = Book(assessments, run)
    return [book.rows[i] for i in book.select(filters)]


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


def page_bounds(matching: int, page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(page, pages): pages count from 1; out-of-range pages are clamped."""
    pages = max(1, -(-matching // size))
    return min(max(1, page), pages), pages


def paged(found: list[dict[str, Any]], page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of the sorted rows (pages count from 1; out-of-range pages are clamped)."""
    page, pages = page_bounds(len(found), page, size)
    return {"page": page, "pages": pages, "matching": len(found),
            "clients": found[(page - 1) * size: page * size]}


def query(filters: Filters, page: int = 1, size: int = PAGE_SIZE) -> str:
    """The query string of one page (filters and sorting stay in the URL)."""
    defaults = Filters().as_dict()
    params = {k: v for k, v in filters.as_dict().items() if v and v != defaults[k]}
    if page != 1:
        params["page"] = str(page)
    if size != PAGE_SIZE:
        params["size"] = str(size)
    return urlencode(params)


def links(path: str, filters: Filters, page: int, pages: int, size: int = PAGE_SIZE
          ) -> dict[str, str | None]:
    """first / prev / next / last page URLs (None where there is no such page)."""
    def url(p: int) -> str:
        return f"{path}?{query(filters, p, size)}"

    return {"first": url(1), "prev": url(page - 1) if page > 1 else None,
            "next": url(page + 1) if page < pages else None, "last": url(pages)}


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: first, last and `around` each side of the current page;
    None marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    shown: list[int | None] = []
    for number in wanted:
        if shown and number - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(number)
    return shown
