"""Playbook definitions: one TOML file per decision in playbooks/templates (docs/playbooks.md).

A definition names the steps of a case (title in each language, owner role, when it is due,
whether closing needs it finished, the draft it comes with) and the outcomes a case can close
with. Loading checks everything once, with plain messages; nothing here touches the store.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from clientfit.domain import Decision
from clientfit.errors import ClientfitError

TEMPLATES_DIR = Path(__file__).parent / "templates"
LANGUAGES = ("en", "pl")
ROLES = ("owner", "colleague", "finance", "manager")
AUDIENCES = ("client", "internal", "colleague")
ANCHORS = ("start", "end")
WITHDRAWN = "withdrawn"
_DUE = re.compile(r"^(start|end)\s*([+-]\s*\d+)?$")


class PlaybookError(ClientfitError):
    """A playbook file that cannot be used as it is."""

    exit_code = 2


@dataclass(frozen=True)
class StepSpec:
    key: str
    title: dict[str, str]
    owner: str  # a role: owner, colleague, finance, manager
    anchor: str  # start or end
    offset_days: int
    required: bool = False
    group: str | None = None
    draft: str | None = None
    audience: str | None = None
    every_days: int | None = None  # repeat from the due date up to the end date

    def due(self, start: date, end: date | None) -> date:
        base = start if self.anchor == "start" or end is None else end
        return base + timedelta(days=self.offset_days)


@dataclass(frozen=True)
class Playbook:
    decision: Decision
    version: int
    name: dict[str, str]
    summary: dict[str, str]
    outcomes: tuple[str, ...]
    steps: tuple[StepSpec, ...]
    end_after_days: int | None  # RELEASE: default days from the start to the end date
    source: Path

    def expanded_steps(self, start: date, end: date | None) -> list[tuple[StepSpec, str, date]]:
        """(spec, step key, due date) for every step, repeated steps unrolled, by due date."""
        rows: list[tuple[StepSpec, str, date]] = []
        for spec in self.steps:
            first = spec.due(start, end)
            if spec.every_days is None:
                rows.append((spec, spec.key, first))
                continue
            limit = end or (start + timedelta(days=spec.every_days * 3))
            due, number = first, 1
            while due <= limit:
                rows.append((spec, f"{spec.key}_{number}", due))
                due += timedelta(days=spec.every_days)
                number += 1
        order = {id(spec): index for index, spec in enumerate(self.steps)}
        return sorted(rows, key=lambda row: (row[2], order[id(row[0])]))


def _text(table: dict, field: str, where: str) -> dict[str, str]:
    value = table.get(field)
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise PlaybookError(f"{where}: '{field}' needs exactly the languages "
                            f"{', '.join(LANGUAGES)}, as {field}.en = \"...\" and so on")
    return {lang: str(value[lang]) for lang in LANGUAGES}


def _step(raw: dict, where: str) -> StepSpec:
    key = raw.get("key")
    if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", key):
        raise PlaybookError(f"{where}: step key {key!r} must be lower_case letters, digits, _")
    where = f"{where}, step {key}"
    owner = raw.get("owner", "owner")
    if owner not in ROLES:
        raise PlaybookError(f"{where}: owner {owner!r} is not a role; valid: {', '.join(ROLES)}")
    match = _DUE.match(str(raw.get("due", "")).strip())
    if not match:
        raise PlaybookError(f"{where}: due {raw.get('due')!r} must look like 'start+3' or "
                            "'end-7' (days from the case start or the end date)")
    audience = raw.get("audience")
    if raw.get("draft") and audience not in AUDIENCES:
        raise PlaybookError(f"{where}: a draft needs audience = one of {', '.join(AUDIENCES)}")
    every = raw.get("every_days")
    if every is not None and (not isinstance(every, int) or every < 1):
        raise PlaybookError(f"{where}: every_days must be a positive whole number")
    offset = match.group(2)
    return StepSpec(
        key=key, title=_text(raw, "title", where), owner=owner, anchor=match.group(1),
        offset_days=int(offset.replace(" ", "")) if offset else 0,
        required=bool(raw.get("required", False)), group=raw.get("group"),
        draft=raw.get("draft"), audience=audience, every_days=every,
    )


def load_playbook_file(path: Path) -> Playbook:
    where = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"{where}: not valid TOML: {exc}") from exc
    try:
        decision = Decision(str(raw.get("decision", "")).upper())
    except ValueError:
        raise PlaybookError(f"{where}: decision {raw.get('decision')!r}; valid: "
                            + ", ".join(d.value for d in Decision)) from None
    outcomes = tuple(raw.get("outcomes", ()))
    if not outcomes:
        raise PlaybookError(f"{where}: list the outcomes a case can close with")
    steps = tuple(_step(item, where) for item in raw.get("steps", ()))
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        raise PlaybookError(f"{where}: step keys repeat: {sorted(keys)}")
    end_after = raw.get("end_after_days")
    if any(step.anchor == "end" or step.every_days for step in steps) and not end_after:
        raise PlaybookError(f"{where}: steps due from 'end' need end_after_days")
    for step in steps:
        for lang in LANGUAGES:
            if step.draft and not (path.parent / lang / f"{step.draft}.txt.j2").exists():
                raise PlaybookError(f"{where}, step {step.key}: no draft template "
                                    f"{lang}/{step.draft}.txt.j2")
    return Playbook(
        decision=decision, version=int(raw.get("version", 1)), name=_text(raw, "name", where),
        summary=_text(raw, "summary", where), outcomes=(*outcomes, WITHDRAWN)
        if WITHDRAWN not in outcomes else outcomes, steps=steps, end_after_days=end_after,
        source=path,
    )


def load_playbook(decision: Decision | str, directory: Path | None = None) -> Playbook:
    """The playbook for a decision, from `directory` (default: the shipped templates)."""
    try:
        decision = Decision(str(decision).upper())
    except ValueError:
        raise PlaybookError(f"unknown playbook {decision!r}; valid: "
                            + ", ".join(d.value for d in Decision
                                        if d is not Decision.WATCH)) from None
    path = (directory or TEMPLATES_DIR) / f"{decision.value.lower()}.toml"
    if not path.exists():
        raise PlaybookError(f"no playbook for {decision.value} ({path.name} not found); "
                            "WATCH has none: re-assess when new data arrives")
    playbook = load_playbook_file(path)
    if playbook.decision is not decision:
        raise PlaybookError(f"{path.name} declares decision {playbook.decision.value}")
    return playbook


def available_playbooks() -> list[Decision]:
    return [d for d in Decision if (TEMPLATES_DIR / f"{d.value.lower()}.toml").exists()]
