"""What a draft template sees: the case, the people, the facts of the evidence snapshot, and
number and date formats in the case's language. Pure: built from a Case and staff rows."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from clientfit.playbooks.machine import Case, Step

INVALID_DOMAIN = "invalid"  # RFC 2606: an address nobody can receive, to be filled in


def money(minor: float | None, currency: str, language: str) -> str:
    if minor is None:
        return "-"
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(round(abs(minor)), 100)
    if language == "pl":
        grouped = f"{whole:,}".replace(",", "\u00a0")
        return f"{sign}{grouped},{cents:02d}" + (f"\u00a0{currency}" if currency else "")
    return f"{sign}{currency} {whole:,}.{cents:02d}".strip()


def number(value: float | None, language: str, digits: int = 1) -> str:
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    if language == "pl":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def percent(value: float | None, language: str) -> str:
    return "-" if value is None else number(value * 100, language) + "%"


def day(value: date | str | None, language: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y") if language == "pl" else value.isoformat()


def person(who: str | None, staff: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A staff member (by id) or a named person, with an address usable in a draft header."""
    row = staff.get(who or "")
    if row:
        local = row["staff_id"].lower()
        return {"id": row["staff_id"], "name": row["name"],
                "email": row.get("email") or f"{local}@{INVALID_DOMAIN}"}
    name = who or "?"
    local = "".join(ch for ch in name.lower() if ch.isalnum()) or "someone"
    return {"id": name, "name": name, "email": f"{local}@{INVALID_DOMAIN}"}


def _invoice_fact(record: dict[str, Any], as_of: date | None) -> dict[str, Any]:
    due = date.fromisoformat(str(record["due_date"])[:10])
    payments = record.get("payments") or []
    paid = sum(p["amount_minor"] for p in payments)
    last = max((str(p["paid_on"])[:10] for p in payments), default=None)
    settled = last if paid >= record["amount_minor"] else None
    until = date.fromisoformat(settled) if settled else (as_of or due)
    return {"number": record.get("number"), "id": record.get("invoice_id"),
            "due_date": due, "amount_minor": record["amount_minor"], "paid_minor": paid,
            "currency": record.get("currency"),  # the invoice's own: amounts are as issued
            "paid_on": settled, "days_late": max((until - due).days, 0)}


def evidence_facts(snapshot: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """Late invoices and missed milestones from the snapshot's evidence records."""
    facts: dict[str, list[dict[str, Any]]] = {"late_invoices": [], "missed_milestones": [],
                                              "messages": []}
    if not snapshot:
        return facts
    as_of_text = (snapshot.get("window") or {}).get("as_of")
    as_of = date.fromisoformat(as_of_text) if as_of_text else None
    for item in snapshot.get("evidence", []):
        record = item.get("record") or {}
        if item["kind"] == "invoice" and record:
            fact = _invoice_fact(record, as_of)
            if fact["days_late"] > 0:
                facts["late_invoices"].append(fact)
        elif item["kind"] == "message" and record:
            facts["messages"].append({"id": item["id"], "sent_at": record.get("sent_at"),
                                      "direction": record.get("direction")})
        elif item["kind"] == "milestone" and record:
            delivered = record.get("delivered_on")
            if delivered is None or str(delivered)[:10] > str(record["due_date"])[:10]:
                facts["missed_milestones"].append(
                    {"name": record["name"], "due_date": record["due_date"],
                     "delivered_on": delivered})
    facts["late_invoices"].sort(key=lambda f: -f["days_late"])
    facts["messages"].sort(key=lambda f: str(f["sent_at"]), reverse=True)
    return facts


def template_context(case: Case, staff: dict[str, dict[str, Any]], step: Step | None = None,
                     today: date | None = None) -> dict[str, Any]:
    lang = case.language
    assessment = (case.snapshot or {}).get("assessment") or {}
    metrics: dict[str, Any] = dict(assessment.get("metrics") or {})
    currency = (case.snapshot or {}).get("currency") or ""
    steps = {s.key: {**asdict(s), "owner_person": person(s.owner, staff)} for s in case.steps}
    updates = [s for s in case.steps if s.key.startswith("update_")]
    update = None
    if step is not None and step.key.startswith("update_"):
        update = {"number": updates.index(step) + 1, "total": len(updates)}
    return {
        "lang": lang,
        "case": case,
        "client": {"id": case.client_id, "name": case.client_name},
        "contact_name": case.contact_name,
        "owner": person(case.owner, staff),
        "names": {staff_id: row["name"] for staff_id, row in staff.items()},
        "colleague": person(case.colleague, staff) if case.colleague else None,
        "m": metrics,
        "currency": currency,
        "reasons": assessment.get("reasons") or [],
        "window": (case.snapshot or {}).get("window") or {},
        "decision": assessment.get("decision"),
        "evidence": evidence_facts(case.snapshot),
        "steps": steps,
        "step": step,
        "update": update,
        "next_update": _next_update(updates, step),
        "today": today or date.today(),
    }


def _next_update(updates: list[Step], step: Step | None) -> Step | None:
    if step is None or step not in updates:
        return None
    index = updates.index(step)
    return updates[index + 1] if index + 1 < len(updates) else None


def filters(language: str) -> dict[str, Any]:
    return {
        "money": lambda minor, currency="": money(minor, currency, language),
        "num": lambda value, digits=1: number(value, language, digits),
        "pct": lambda value: percent(value, language),
        "day": lambda value: day(value, language),
    }
