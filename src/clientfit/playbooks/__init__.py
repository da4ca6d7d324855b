"""Playbooks: the data-file definitions of each decision's case (templates/*.toml), the case
state machine, the draft and calendar builders. The use cases are in clientfit.cases."""

from clientfit.playbooks.definitions import (
    LANGUAGES,
    Playbook,
    PlaybookError,
    StepSpec,
    available_playbooks,
    load_playbook,
)
from clientfit.playbooks.machine import CASE_STATES, STEP_STATES, Case, Note, Referral, Step

__all__ = [
    "CASE_STATES", "LANGUAGES", "STEP_STATES", "Case", "Note", "Playbook", "PlaybookError",
    "Referral", "Step", "StepSpec", "available_playbooks", "load_playbook",
]
