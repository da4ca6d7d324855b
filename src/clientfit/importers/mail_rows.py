"""Mail and tickets of one import to message rows: each attached to the client among its
correspondents, its direction and staff member from our domains, which are decided once
enough mail has been read (our_domains.py); mail of no known client is skipped and counted."""

from __future__ import annotations

from typing import Any

from clientfit.errors import InputError
from clientfit.importers import our_domains
from clientfit.importers.identity import client_domain, email_domain
from clientfit.importers.import_report import SKIPPED_MAIL, ImportReport
from clientfit.importers.limits import OutOfDomain
from clientfit.importers.options import Options
from clientfit.importers.records import ClientRef, MessageRecord, StaffRef, stable_key
from clientfit.importers.resolve import Resolver


class MailRows:
    def __init__(self, resolver: Resolver, options: Options, report: ImportReport) -> None:
        self.resolver = resolver
        self.options = options
        self.report = report
        self.our_domains: dict[str, str] | None = None  # decided after the first mail
        self.waiting: list[tuple[str, MessageRecord]] = []  # (its file, the message)

    def rows(self, record: MessageRecord, path: str) -> list[dict[str, Any]]:
        """The rows to write for a message read from `path`: its own, none (skipped, or held
        until our domains are known) or every held message's once they are."""
        self.report.messages_seen += 1
        if self.our_domains is None and our_domains.needs_domain(record):
            self.waiting.append((path, record))  # until there are enough to tell our domain
            return self.release() if len(self.waiting) >= our_domains.SAMPLE else []
        row = self._message(record)
        return [row] if row is not None else []

    def release(self) -> list[dict[str, Any]]:
        """Decide our domains from the mail read so far, then attach the waiting messages."""
        if self.our_domains is None:
            self.our_domains = our_domains.decide(
                self.options.our_domains, self.resolver.our_addresses(),
                [record for _path, record in self.waiting],
                lambda d: self.resolver.find_client(ClientRef(domain=d)) is not None)
            self.report.our_domains = dict(self.our_domains)
        waiting, self.waiting = self.waiting, []
        rows = []
        for path, record in waiting:
            try:
                row = self._message(record)
            except OutOfDomain as exc:
                raise InputError(path, record.line, exc.field, exc.reason) from None
            if row is not None:
                rows.append(row)
        return rows

    def _message(self, record: MessageRecord) -> dict[str, Any] | None:
        resolver = self.resolver
        ours = set(self.options.our_domains) | set(self.our_domains or ()) | {
            d for a in resolver.our_addresses() if (d := client_domain(a))}
        our_addresses = resolver.our_addresses()

        def is_ours(address: str) -> bool:
            return address in our_addresses or (email_domain(address) or "") in ours

        direction = record.direction or ("out" if is_ours(record.sender) else "in")
        outside = [record.sender] if direction == "in" else [
            a for a in record.recipients if not is_ours(a)]
        inside = [a for a in ([record.sender] if direction == "out" else record.recipients)
                  if is_ours(a)]
        if record.client is not None and not record.client.is_empty():
            client_id: str | None = resolver.client(record.client)
        else:
            client_id = next((found for a in outside if (found := resolver.find_client(
                _mail_client(a))) is not None), None)
        if client_id is None:
            self.report.skipped[SKIPPED_MAIL] += 1
            self.report.skipped_domains.update(
                {email_domain(a) or a for a in outside} or {"(no outside correspondent)"})
            return None
        staff_ref = record.staff
        if staff_ref is None and direction == "out":
            staff_ref = StaffRef(name=record.sender_name, email=record.sender)
        elif staff_ref is None and inside:
            names = dict(zip(record.recipients, record.recipient_names, strict=False))
            staff_ref = StaffRef(name=names.get(inside[0]) or None, email=inside[0])
        staff_id = resolver.staff_member(staff_ref) if staff_ref else None
        return {
            "message_id": record.key, "client_id": client_id, "staff_id": staff_id,
            "direction": direction, "sent_at": record.sent_at, "channel": record.channel,
            "language": None, "subject": record.subject, "body": record.body,
            "thread_id": _short(record.thread_id), "in_reply_to": _short(record.in_reply_to),
        }


def _mail_client(address: str) -> ClientRef:
    domain = client_domain(address)
    return ClientRef(domain=domain) if domain else ClientRef(email=address)


def _short(value: str | None) -> str | None:
    if value is None or len(value) <= 128:
        return value
    return stable_key("id", value)
