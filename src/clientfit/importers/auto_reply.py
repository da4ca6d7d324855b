"""Automatic replies (out-of-office notes, auto-responders) recognised from a message's headers
and subject, so that they are not read as anyone's conduct.

An out-of-office note is sent by a mail server, not written to the client or by it: counted, it
would be a client "message" the reader may label (an absence note naming a colleague reads like
a request for another person), an instant "reply" of ours, or one more message in a pair's share.
So the importers skip it with the reason `SKIPPED_AUTOMATIC`.

The evidence, strongest first:

- RFC 3834 `Auto-Submitted` with any value but `no` (`auto-replied`, `auto-generated`,
  `auto-notified`);
- the older responders' `X-Autoreply`, `X-Autorespond`, `X-Autoresponse` (any value but `no`);
- `Precedence` / `X-Precedence` `auto_reply`, `bulk` or `junk` (RFC 3834 section 3.1.8 asks
  responders to treat these as automatic; a client's newsletter is no conduct either);
- Microsoft Exchange's `X-MS-Exchange-Inbox-Rules-Loop` (set on what an inbox rule such as the
  Out of Office assistant sends) and `X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent`;
- a subject that starts like the responders' ("Automatic reply:", "Out of Office", "Autoreply",
  "Automatyczna odpowiedź", "Nieobecność", "Abwesenheitsnotiz", ...): some servers set no header.

`X-Auto-Response-Suppress` is not evidence: Outlook sets it on ordinary mail to ask responders
*not* to answer it. A subject is read only at its start, before any "Re:", so a person's reply
in a thread titled "Out of office next week" is still their message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

SKIPPED_AUTOMATIC = "automatic reply (out of office, auto-responder): no one's own message"

_AUTOMATIC_VALUE = re.compile(r"(?i)^\s*(?!no\b)\S")  # any value but "no"
_PRECEDENCE = re.compile(r"(?i)^\s*(auto[_-]?reply|bulk|junk)\b")
_RULES_AGENT = re.compile(r"(?i)mailbox rules agent")
_SUBJECT = re.compile(
    r"(?i)^\s*(\[[^\]]{0,40}\]\s*)?("
    r"automatic reply|auto(matic)?[- ]?reply|auto[- ]?response|autoresponder|"
    r"out of (the )?office|ooo\b|"
    r"automatyczna odpowied[zź]|odpowied[zź] automatyczna|autoodpowied[zź]|"
    r"nieobecno[sś][cć]|poza biurem|"
    r"abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|risposta automatica|"
    r"respuesta autom[aá]tica)\b")


def automatic_reply(header: Callable[[str], str]) -> str | None:
    """What shows a message to be an automatic reply ("Auto-Submitted: auto-replied"), or None.
    `header(name)` gives a header's decoded value ("" when absent)."""
    for name in ("Auto-Submitted", "X-Autoreply", "X-Autorespond", "X-Autoresponse"):
        value = header(name)
        if value and _AUTOMATIC_VALUE.match(value):
            return f"{name}: {value.strip()}"
    for name in ("Precedence", "X-Precedence"):
        value = header(name)
        if value and _PRECEDENCE.match(value):
            return f"{name}: {value.strip()}"
    loop = header("X-MS-Exchange-Inbox-Rules-Loop")
    if loop:
        return f"X-MS-Exchange-Inbox-Rules-Loop: {loop.strip()}"
    source = header("X-MS-Exchange-Generated-Message-Source")
    if source and _RULES_AGENT.search(source):
        return f"X-MS-Exchange-Generated-Message-Source: {source.strip()}"
    subject = header("Subject")
    if subject and _SUBJECT.match(subject):
        return f"Subject: {subject.strip()}"
    return None
