"""The case schedule as an RFC 5545 calendar: one all-day event per step, with a reminder the
day before for each pending one. Any calendar program imports it; re-importing updates the same
events (stable UIDs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event

from clientfit.playbooks.context import person
from clientfit.playbooks.drafts import draft_filename
from clientfit.playbooks.machine import PENDING, SKIPPED, Case

PRODID = "-//clientfit//playbooks//EN"
LABELS = {
    "en": {"case": "Case", "client": "Client", "owner": "Owner", "status": "Status",
           "draft": "Draft", "required": "required before closing"},
    "pl": {"case": "Sprawa", "client": "Klient", "owner": "Odpowiada", "status": "Status",
           "draft": "Szkic", "required": "wymagane przed zamknięciem"},
}


def step_uid(case_id: int, key: str) -> str:
    return f"clientfit-case-{case_id}-{key}@clientfit"


def case_calendar(case: Case, staff: dict[str, dict[str, Any]],
                  *, stamp: datetime | None = None) -> Calendar:
    labels = LABELS.get(case.language, LABELS["en"])
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"clientfit {case.playbook} {case.client_name} #{case.case_id}")
    for position, step in enumerate(case.steps, start=1):
        owner = person(step.owner, staff)
        event = Event()
        event.add("uid", step_uid(case.case_id, step.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due_date)
        event.add("dtend", step.due_date + timedelta(days=1))
        event.add("summary", f"{case.client_name}: {step.title}")
        lines = [f"{labels['case']} #{case.case_id} ({case.playbook}), "
                 f"{labels['client']} {case.client_name} ({case.client_id})",
                 f"{labels['owner']}: {owner['name']}",
                 f"{labels['status']}: {step.status}"]
        if step.required:
            lines.append(labels["required"])
        if step.draft:
            lines.append(f"{labels['draft']}: {draft_filename(position, step.key)}")
        event.add("description", "\n".join(lines))
        event.add("categories", ["clientfit", case.playbook])
        event.add("status", "CANCELLED" if step.status == SKIPPED else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("x-clientfit-step-status", step.status)
        if step.status == PENDING and case.is_open:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{case.client_name}: {step.title}")
            alarm.add("trigger", timedelta(days=-1))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def ics_bytes(calendar: Calendar) -> bytes:
    return calendar.to_ical()
