"""The case state machine: which changes are allowed, and what each one needs. Pure: no I/O.

Case states:   open --(first step done/skipped)--> in_progress --(close)--> closed
               open --(close)--> closed;  closed --(reopen, with a reason)--> in_progress
Step states:   pending --> done | skipped (a skip needs a reason);
               done | skipped --(reopen, with a reason)--> pending
A closed case's steps do not change. Closing needs every required step done or skipped, unless
a person records why it closes anyway; closing as `withdrawn` always needs a reason.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from clientfit.errors import InvalidTransition

OPEN, IN_PROGRESS, CLOSED = "open", "in_progress", "closed"
CASE_STATES = (OPEN, IN_PROGRESS, CLOSED)
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    OPEN: (IN_PROGRESS, CLOSED),
    IN_PROGRESS: (CLOSED,),
    CLOSED: (IN_PROGRESS,),
}
PENDING, DONE, SKIPPED = "pending", "done", "skipped"
STEP_STATES = (PENDING, DONE, SKIPPED)
STEP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PENDING: (DONE, SKIPPED),
    DONE: (PENDING,),
    SKIPPED: (PENDING,),
}
# Steps that only their own command may finish, because finishing them does something.
ACTION_STEPS = {
    "export_personal_data": "clientfit case erase CASE_ID --export DIR",
    "erase_personal_data": "clientfit case erase CASE_ID --export DIR",
}


@dataclass(frozen=True)
class Step:
    step_id: int
    key: str
    title: str
    owner: str
    due_date: date
    required: bool
    group: str | None
    draft: str | None
    audience: str | None
    status: str
    changed_at: datetime | None = None
    changed_by: str | None = None
    reason: str | None = None

    def overdue(self, today: date) -> bool:
        return self.status == PENDING and self.due_date < today


@dataclass(frozen=True)
class Note:
    note_id: int
    at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class Referral:
    referral_id: int
    at: datetime
    recorded_by: str
    referred: str
    note: str | None


@dataclass(frozen=True)
class Case:
    case_id: int
    client_id: str
    client_name: str
    playbook: str
    playbook_version: int
    language: str
    state: str
    owner: str
    colleague: str | None
    opened_at: datetime
    opened_by: str
    start_date: date
    end_date: date | None
    decision: str | None
    snapshot: dict[str, Any] | None
    contact_name: str | None
    contact_email: str | None
    outcome: str | None
    closed_at: datetime | None
    closed_by: str | None
    close_reason: str | None
    erased_at: datetime | None
    steps: tuple[Step, ...] = ()
    notes: tuple[Note, ...] = ()
    referrals: tuple[Referral, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state != CLOSED

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise InvalidTransition(f"case {self.case_id} has no step {key!r}; its steps: "
                                + ", ".join(s.key for s in self.steps))

    def unfinished_required(self) -> list[Step]:
        return [s for s in self.steps if s.required and s.status == PENDING]

    def overdue_steps(self, today: date) -> list[Step]:
        return [s for s in self.steps if s.overdue(today)] if self.is_open else []


def _only(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k in cls.__dataclass_fields__}


def step_from_row(row: dict[str, Any]) -> Step:
    return Step(group=row["group_name"], **_only(Step, row))


def case_from_rows(row: dict[str, Any], client_name: str, steps: list[dict[str, Any]],
                   notes: list[dict[str, Any]], referrals: list[dict[str, Any]]) -> Case:
    """A Case from its stored rows (the snapshot column holds JSON)."""
    fields = _only(Case, row)
    fields["snapshot"] = json.loads(row["snapshot"]) if row["snapshot"] else None
    return Case(**fields, client_name=client_name,
                steps=tuple(step_from_row(s) for s in steps),
                notes=tuple(Note(**_only(Note, n)) for n in notes),
                referrals=tuple(Referral(**_only(Referral, r)) for r in referrals))


def _needs_reason(reason: str | None) -> bool:
    return reason is None or not reason.strip()


def check_step_change(case: Case, step: Step, target: str, reason: str | None,
                      *, by_action: bool = False) -> None:
    """Raise InvalidTransition (changing nothing) unless `step` may move to `target`."""
    if target not in STEP_STATES:
        raise InvalidTransition(f"unknown step status {target!r}; valid: {', '.join(STEP_STATES)}")
    if not case.is_open:
        raise InvalidTransition(f"case {case.case_id} is closed ({case.outcome}); reopen it "
                                "with a reason before changing its steps")
    if target not in STEP_TRANSITIONS[step.status]:
        raise InvalidTransition(f"step {step.key} of case {case.case_id} is already {step.status};"
                                f" from {step.status} it can go to: "
                                + ", ".join(STEP_TRANSITIONS[step.status]))
    if step.key in ACTION_STEPS and target == DONE and not by_action:
        raise InvalidTransition(f"step {step.key} is finished by doing it: "
                                f"{ACTION_STEPS[step.key]}")
    if target == SKIPPED and _needs_reason(reason):
        raise InvalidTransition(f"skipping step {step.key} needs a reason (--reason)")
    if target == PENDING and _needs_reason(reason):
        raise InvalidTransition(f"reopening step {step.key} needs a reason (--reason)")


def case_state_after_step(case: Case) -> str:
    return IN_PROGRESS if case.state == OPEN else case.state


def check_close(case: Case, outcome: str, outcomes: Sequence[str],
                reason: str | None) -> list[Step]:
    """Raise InvalidTransition unless the case may close with `outcome`; returns the required
    steps left unfinished (allowed only with a recorded reason)."""
    if CLOSED not in CASE_TRANSITIONS[case.state]:
        raise InvalidTransition(f"case {case.case_id} is already closed ({case.outcome})")
    if outcome not in outcomes:
        raise InvalidTransition(f"unknown outcome {outcome!r} for a {case.playbook} case; "
                                f"valid: {', '.join(outcomes)}")
    if outcome == "withdrawn" and _needs_reason(reason):
        raise InvalidTransition("withdrawing a case needs a reason (--reason)")
    unfinished = case.unfinished_required()
    if unfinished and _needs_reason(reason):
        listed = ", ".join(f"{s.key} (due {s.due_date})" for s in unfinished)
        raise InvalidTransition(
            f"case {case.case_id} cannot close: required step(s) not finished: {listed}. "
            "Finish or skip them, or close with --reason saying why they stay unfinished")
    return unfinished


def check_reopen(case: Case, reason: str | None) -> None:
    if case.state != CLOSED:
        raise InvalidTransition(f"case {case.case_id} is {case.state}, not closed")
    if _needs_reason(reason):
        raise InvalidTransition("reopening a case needs a reason (--reason)")
