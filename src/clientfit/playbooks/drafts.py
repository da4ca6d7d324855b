"""Drafts: render a step's text template and build it as an unsent RFC 5322 message (.eml).

A template is `templates/<lang>/<name>.txt.j2`: a first line `Subject: ...`, a blank line, and
the body. Nothing here sends anything; the .eml opens as a draft in a mail program.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from clientfit.playbooks.context import filters, person, template_context
from clientfit.playbooks.definitions import TEMPLATES_DIR, PlaybookError
from clientfit.playbooks.machine import Case, Step

MESSAGE_ID_DOMAIN = "clientfit.invalid"


@dataclass(frozen=True)
class Draft:
    step_key: str
    template: str
    audience: str
    language: str
    subject: str
    body: str
    sender: dict[str, str]
    recipient: dict[str, str] | None  # None: the client's address is not known yet


@cache
def environment(language: str, directory: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory / language),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text mail, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters(language))
    return env


def render_text(template: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of a template rendered with `context`."""
    try:
        text = environment(language).get_template(f"{template}.txt.j2").render(context)
    except jinja2.TemplateNotFound:
        raise PlaybookError(f"no draft template {language}/{template}.txt.j2") from None
    except jinja2.UndefinedError as exc:
        raise PlaybookError(f"draft template {language}/{template}.txt.j2: {exc}") from exc
    head, _, body = text.lstrip("\n").partition("\n")
    if not head.startswith("Subject:"):
        raise PlaybookError(f"draft template {language}/{template}.txt.j2 must start with "
                            "'Subject: ...'")
    return head.removeprefix("Subject:").strip(), body.strip("\n") + "\n"


def render_step(case: Case, step: Step, staff: dict[str, dict[str, Any]],
                today: date | None = None, portfolio: dict[str, Any] | None = None) -> Draft:
    if not step.draft:
        raise PlaybookError(f"step {step.key} has no draft")
    context = template_context(case, staff, step, today)
    context["portfolio"] = portfolio or {}
    subject, body = render_text(step.draft, case.language, context)
    owner = context["owner"]
    recipient: dict[str, str] | None
    if step.audience == "internal":
        recipient = person(step.owner, staff)
    elif step.audience == "colleague":
        recipient = context["colleague"] or person(step.owner, staff)
    elif case.contact_email:
        recipient = {"id": "", "name": case.contact_name or "", "email": case.contact_email}
    else:
        recipient = None
    return Draft(step_key=step.key, template=step.draft, audience=step.audience or "client",
                 language=case.language, subject=subject, body=body, sender=owner,
                 recipient=recipient)


def draft_filename(position: int, key: str) -> str:
    """The .eml file name of the step at `position` (1-based) in a case export."""
    return f"{position:02d}-{key}.eml"


def _address(who: dict[str, str]) -> Address:
    username, _, domain = who["email"].partition("@")
    return Address(display_name=who.get("name") or "", username=username, domain=domain)


def email_message(draft: Draft, case: Case, *, created: datetime | None = None) -> EmailMessage:
    """The draft as an unsent message: From, To (when known), Subject, Date, Message-ID,
    UTF-8 plain text. `X-Unsent: 1` makes mail programs open it as a draft to edit and send."""
    message = EmailMessage()
    message["From"] = _address(draft.sender)
    if draft.recipient is not None:
        message["To"] = _address(draft.recipient)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(created or datetime.now(UTC))
    # short enough never to be folded (a folded Message-ID parses back with a leading space)
    message["Message-ID"] = f"<{uuid.uuid4().hex[:16]}.case{case.case_id}@{MESSAGE_ID_DOMAIN}>"
    message["X-Unsent"] = "1"
    message["X-Clientfit-Case"] = str(case.case_id)
    message["X-Clientfit-Step"] = draft.step_key
    message["X-Clientfit-Audience"] = draft.audience
    message.set_content(draft.body, subtype="plain", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = draft.language  # after set_content, which resets Content-*
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    """RFC 5322 wire form: CRLF line ends, long headers folded, non-ASCII encoded."""
    return message.as_bytes(policy=SMTP)
