"""What one import run did: rows read, counts per table, skips, problems, new clients and staff,
the mail notes printed after it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from clientfit.importers import merging, our_domains
from clientfit.importers.joining import Join
from clientfit.importers.records import Problem
from clientfit.store.loader import LoadCounts

SKIPPED_MAIL = "no known client among the correspondents"


@dataclass
class ImportReport:
    source: str
    files: list[str]
    dry_run: bool
    rows_read: int = 0
    counts: dict[str, LoadCounts] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    new_clients: list[str] = field(default_factory=list)
    new_staff: list[str] = field(default_factory=list)
    our_domains: dict[str, str] = field(default_factory=dict)  # domain -> how it was found
    messages_seen: int = 0  # mail messages read (tickets included)
    skipped_domains: Counter[str] = field(default_factory=Counter)  # correspondents not attached
    merge_suggestions: list[merging.Suggestion] = field(default_factory=list)  # new look-alikes
    joined: list[Join] = field(default_factory=list)  # name-only clients joined (joining.py)

    @property
    def messages_skipped(self) -> int:
        return self.skipped[SKIPPED_MAIL]

    @property
    def added(self) -> int:
        return sum(c.added for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    def count(self, table: str) -> LoadCounts:
        return self.counts.setdefault(table, LoadCounts())


def mail_notes(report: ImportReport, command: str) -> list[str]:
    return our_domains.notes(report.our_domains, report.messages_seen, report.messages_skipped,
                             report.skipped_domains, SKIPPED_MAIL, command)
