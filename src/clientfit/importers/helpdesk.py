"""Help-desk tickets: Zendesk and Freshdesk CSV exports (FORMATS.md ✔).

Each ticket becomes one incoming message on the "ticket" channel: the organisation (or the
requester's e-mail domain) is the client, the assignee the staff member, the creation time the
time sent. Zendesk's CSV has no ticket text; Freshdesk's `Description` is kept as the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.identity import client_domain, email_address
from clientfit.importers.records import ClientRef, Item, MessageRecord, StaffRef
from clientfit.importers.tables import Row

ZENDESK = {
    "id": ("Id",), "requester": ("Requester",), "requester_email": ("Requester email",),
    "requester_domain": ("Requester domain",), "assignee": ("Assignee",),
    "subject": ("Subject",), "created": ("Created at",), "organization": ("Organization",),
}
FRESHDESK = {
    "id": ("Ticket ID",), "subject": ("Subject",), "description": ("Description",),
    "agent": ("Agent",), "created": ("Created time",), "email": ("Email", "Contact email"),
    "company": ("Company Name", "Company"), "name": ("Full name", "Contact"),
}


def _ticket(source: str, row: Row, email: str, company: str, assignee: str,
            body: str | None) -> Item:
    address = email_address(row.get(email)) if row.get(email) else None
    domain = client_domain(address) if address else None
    if not domain and row.has("requester_domain") and row.get("requester_domain"):
        domain = client_domain(row.get("requester_domain"))
    client = ClientRef(name=row.get(company) or None, domain=domain,
                       email=address if address and not domain else None)
    if client.is_empty():
        return skip(row, "ticket without organisation or requester e-mail")
    ticket = row.require("id")
    agent = row.get(assignee)
    return MessageRecord(
        key=f"{source}:{ticket}", line=row.line, sender=address or "", recipients=(),
        sent_at=row.datetime("created"), subject=row.get("subject"),
        body=row.get(body) if body else "", channel="ticket", thread_id=f"{source}:{ticket}",
        client=client, direction="in", staff=StaffRef(name=agent) if agent else None,
    )


def read_zendesk(path: Path, options: Options) -> Iterator[Item]:
    return read_table(
        path, options, ZENDESK, ("id", "created"),
        lambda row: _ticket("zendesk", row, "requester_email", "organization", "assignee", None),
        date_columns=("created",))


def read_freshdesk(path: Path, options: Options) -> Iterator[Item]:
    return read_table(
        path, options, FRESHDESK, ("id", "created"),
        lambda row: _ticket("freshdesk", row, "email", "company", "agent", "description"),
        date_columns=("created",))


register(Importer(name="zendesk", kind="messages", help="Zendesk tickets CSV",
                  read=read_zendesk, sniff=header_sniffer("Id", "Requester", "Created at")))
register(Importer(name="freshdesk", kind="messages", help="Freshdesk tickets CSV",
                  read=read_freshdesk, sniff=header_sniffer("Ticket ID", "Created time")))
