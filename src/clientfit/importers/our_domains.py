"""Which mail domains are ours, when nobody said (`--our-domain`): docs/importers.md, "Mail".

In order: the domains given with `--our-domain`; else the organisation domains of staff e-mail
addresses already known; else the domain on one side of most messages — a business's own
domain appears in nearly every message it sends or receives, each client's in a few. A domain
that already identifies a known client is never taken as ours. The answer says how each domain
was found, for the import summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from clientfit.importers.identity import client_domain
from clientfit.importers.records import MessageRecord

SAMPLE = 500  # messages read before deciding (all of them when fewer)
MIN_SHARE = 0.5  # the detected domain must be on one side of more than half the messages


def decide(given: Iterable[str], staff_addresses: Iterable[str],
           samples: list[MessageRecord], is_client_domain: Callable[[str], bool]
           ) -> dict[str, str]:
    """domain -> how it was found ("given", "staff e-mail", or "on one side of N of M")."""
    found = {d.lower(): "given with --our-domain" for d in given}
    if found:
        return found
    staff = {d for a in staff_addresses if (d := client_domain(a)) and not is_client_domain(d)}
    if staff:
        return {d: "staff e-mail addresses already known" for d in sorted(staff)}
    counts: Counter[str] = Counter()
    for message in samples:
        counts.update({d for a in (message.sender, *message.recipients)
                       if (d := client_domain(a))})
    for domain, number in counts.most_common(5):
        if number <= MIN_SHARE * len(samples):
            break
        if not is_client_domain(domain):
            return {domain: f"on one side of {number} of {len(samples)} messages read first"}
    return {}


def needs_domain(record: MessageRecord) -> bool:
    """Mail whose direction and client come from the addresses (not a ticket system)."""
    return record.direction is None and (record.client is None or record.client.is_empty())


MAIL_SKIP_WARNING = 0.05  # skipping more than this share of the mail is said prominently


def notes(found: dict[str, str], seen: int, skipped: int, skipped_domains: Counter[str],
          reason: str, command: str) -> list[str]:
    """What the import summary says about mail: the domains taken as ours and how, and — when
    more than a small share was skipped — how many, to whom, and the command that attaches it."""
    said = [f"Our mail domain: {domain} ({how})." for domain, how in sorted(found.items())]
    if seen and skipped_domains and skipped / seen > MAIL_SKIP_WARNING:
        top = skipped_domains.most_common(5)
        listed = ", ".join(f"{domain} ({number})" for domain, number in top)
        said.append(f"WARNING: {skipped} of {seen} messages ({skipped / seen:.0%}) were not "
                    f"imported: {reason}. Most frequent correspondents: {listed}.")
        if not found:
            said.append(f"If {top[0][0]} is your own domain: {command} --our-domain "
                        f"{top[0][0]}")
        said.append("If they are clients: import them first (a CRM companies export, or a "
                    "clients sheet with client_domain: clientfit import generic FILE --mapping "
                    "MAP.toml), then import the mail again.")
    return said
