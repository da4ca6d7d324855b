"""How the case pages say things: people by name, roles, history actions, outcomes and step
titles in the reader's language (drafts stay in the client's), and the web's own words for a
change that cannot be made (issue 16)."""

from __future__ import annotations

from typing import Any

from clientfit.playbooks.definitions import load_playbook
from clientfit.web.reason_text import N_

ROLES = {"owner": N_("the client's owner"), "colleague": N_("the colleague taking over"),
         "manager": N_("the manager"), "finance": N_("finance")}
ACTIONS = {
    "case.open": N_("opened the case"), "case.close": N_("closed the case"),
    "case.reopen": N_("reopened the case"), "case.note": N_("added a note"),
    "case.referral": N_("recorded a referral"), "step.done": N_("finished step"),
    "step.skipped": N_("skipped step"), "step.pending": N_("reopened step"),
    "step.assign": N_("assigned step"),
}
OUTCOMES = {
    "cherished": N_("cherished"), "reassigned": N_("reassigned"),
    "declined_by_client": N_("declined by the client"),
    "escalated_to_release": N_("escalated to release"), "recovered": N_("recovered"),
    "lost": N_("lost"), "released": N_("released"), "retained": N_("retained"),
    "agreed": N_("agreed"), "kept_as_is": N_("kept as it is"), "reset": N_("reset"),
    "escalated_to_reassign": N_("escalated to reassign"), "withdrawn": N_("withdrawn"),
}


class People:
    """Staff ids, user names and playbook roles → what a reader calls them."""

    def __init__(self, staff: dict[str, str], users: dict[str, str], gettext: Any) -> None:
        self.staff, self.users, self._ = staff, users, gettext

    def __call__(self, value: str | None) -> str:
        if not value:
            return "–"
        if value in self.staff:
            return self.staff[value]
        if value in self.users:
            return self.users[value]
        if value in ROLES:
            return str(self._(ROLES[value]))
        return value


def step_titles(playbook: str, lang: str) -> dict[str, str]:
    """Step key → its title in `lang` (the playbook's own wording), where the playbook has it."""
    try:
        book = load_playbook(playbook)
    except Exception:  # noqa: BLE001 - an unknown or retired playbook keeps the stored titles
        return {}
    return {spec.key: spec.title[lang] for spec in book.steps if lang in spec.title}


def localise(data: dict[str, Any], lang: str, people: People, gettext: Any) -> dict[str, Any]:
    """The case data as the page shows it: names, titles, outcomes and history in words."""
    titles = step_titles(data["playbook"], lang)
    steps = [{**s, "title": titles.get(s["key"], s["title"]), "owner_name": people(s["owner"]),
              "changed_by_name": people(s.get("changed_by"))} for s in data["steps"]]
    by_key = {s["key"]: s["title"] for s in steps}
    history = []
    for entry in data.get("history", []):
        details = entry.get("details") or {}
        step = details.get("step") if isinstance(details, dict) else None
        label = ACTIONS.get(entry["action"])
        history.append({**entry, "actor_name": people(entry["actor"]),
                        "label": gettext(label) if label else entry["action"],
                        "step_title": by_key.get(step, step) if step else None})
    return {**data, "steps": steps, "history": history,
            "owner_name": people(data.get("owner")),
            "colleague_name": people(data.get("colleague")) if data.get("colleague") else None,
            "outcome_label": outcome_label(data.get("outcome"), gettext),
            "outcome_choices": [(o, outcome_label(o, gettext)) for o in data.get("outcomes", [])],
            "notes": [{**n, "author_name": people(n.get("author"))}
                      for n in data.get("notes", [])]}


def outcome_label(outcome: str | None, gettext: Any) -> str | None:
    if not outcome:
        return None
    return str(gettext(OUTCOMES[outcome])) if outcome in OUTCOMES else outcome


def step_problem(action: str, reason: str, gettext: Any) -> str | None:
    """The web's words for a step change that needs more, before the store is asked."""
    if action not in ("done", "skip", "reopen"):
        return str(gettext("Choose Done, Skip or Reopen."))
    if action in ("skip", "reopen") and not reason.strip():
        return str(gettext("Write in the reason field why the step is skipped or reopened."))
    return None


def close_problem(data: dict[str, Any], outcome: str, reason: str, gettext: Any) -> str | None:
    """The web's words for a close that cannot happen as asked."""
    if data["state"] == "closed":
        return str(gettext("This case is already closed."))
    if outcome not in data.get("outcomes", []):
        return str(gettext("Choose one of the outcomes in the list."))
    if reason.strip():
        return None
    if outcome == "withdrawn":
        return str(gettext("Write in the reason field why the case is withdrawn."))
    unfinished = [s["title"] for s in data["steps"]
                  if s["key"] in data.get("unfinished_required", [])]
    if unfinished:
        return str(gettext("Required steps are not finished: %(steps)s. Finish or skip them, or "
                           "write in the reason field why they stay unfinished.")
                   % {"steps": "; ".join(unfinished)})
    return None
