"""One message read several times in one import run (a colleague's mailbox, another Takeout).

The same e-mail exported from a Dublin Gmail mbox and from a Wrocław Outlook folder is one
message (its key is its Message-ID). Its copies are combined field by field with a rule that
does not depend on which copy came first (`one_copy`), so a run stores the same row whatever
the order of its files; every copy after the first counts as unchanged. Across runs the newest
import's row wins, as for every other record, so re-importing the same files changes nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.store import schema
from clientfit.store.loader import LoadCounts, upsert

KEY = "message_id"


def _rank(value: Any) -> tuple[int, str]:
    text = str(value)
    return len(text), text


def one_copy(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two copies of one message's row as one, the same in either order: a value one copy
    lacks comes from the other; where both have one and they differ, the longer (then the
    greater) is kept, e.g. the body of the copy whose exporter kept more of it."""
    merged = dict(first)
    for name, value in second.items():
        mine = merged.get(name)
        if mine is None or (value is not None and value != mine
                            and _rank(value) > _rank(mine)):
            merged[name] = value
    return merged


class MessageCopies:
    """The message rows of one run, written chunk by chunk with their copies combined."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.written: set[str] = set()  # keys this run has stored

    def write(self, rows: list[dict[str, Any]]) -> LoadCounts:
        by_key: dict[str, dict[str, Any]] = {}
        for row in rows:
            key = row[KEY]
            by_key[key] = one_copy(by_key[key], row) if key in by_key else row
        earlier = [key for key in by_key if key in self.written]
        counts = LoadCounts(read=len(rows) - len(by_key), unchanged=len(rows) - len(by_key))
        if earlier:  # copies of messages an earlier chunk of this run stored
            table = schema.messages
            for stored in self.connection.execute(
                    sa.select(table).where(table.c[KEY].in_(earlier))).mappings():
                by_key[stored[KEY]] = one_copy(dict(stored), by_key[stored[KEY]])
            upsert(self.connection, table, [by_key.pop(key) for key in earlier])
            counts += LoadCounts(read=len(earlier), unchanged=len(earlier))
        self.written.update(by_key)
        counts += upsert(self.connection, schema.messages, list(by_key.values()))
        return counts
