"""Invoice rows of one import: one row per invoice however many documents describe it (its
KSeF XML beside its Fakturownia record, FA(2) beside FA(3)), merged with what the store holds,
and counted added / updated / unchanged against the store as it was before the import."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.store import schema
from clientfit.store.loader import LoadCounts, upsert

INVOICE_COLUMNS = tuple(column.name for column in schema.invoices.columns)
KEEP_STORED = ("client_id", "source")


class InvoiceRows:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # invoice id -> (its stored row before this import, as a digest, or None; how it was
        # counted): a copy in a later chunk changes the count, never adds one (see count)
        self.seen: dict[str, tuple[int | None, str]] = {}

    def write(self, invoices: dict[str, dict[str, Any]], copies: int) -> LoadCounts:
        """Write a chunk's invoices (merged with the stored rows); `copies` more records of
        them were read that changed nothing more: read = added + updated + unchanged."""
        merged = self._merged(invoices)
        upsert(self.connection, schema.invoices, merged)
        counts = self._count(merged)
        counts += LoadCounts(read=copies, unchanged=copies)
        return counts

    def _count(self, merged: list[dict[str, Any]]) -> LoadCounts:
        """Added, updated or unchanged against the store *before this import*.

        One invoice read from two files in different chunks (its Fakturownia record and its
        KSeF XML) is written at each chunk, so the row passes through the first copy's values
        on the way to the combined one. Compared chunk by chunk, a re-import of the same files
        counted it "updated" twice although it ended as it was; here the later copy re-decides
        the invoice's one count and itself counts as unchanged, as copies in one chunk do."""
        counts = LoadCounts()
        for row in merged:
            before, counted = self.seen[row["invoice_id"]]
            now = "added" if before is None else (
                "unchanged" if _digest(row) == before else "updated")
            counts.read += 1
            if counted:  # the invoice's earlier count is re-decided; this copy is unchanged
                setattr(counts, counted, getattr(counts, counted) - 1)
                counts.unchanged += 1
            setattr(counts, now, getattr(counts, now) + 1)
            self.seen[row["invoice_id"]] = (before, now)
        return counts

    def _merged(self, invoices: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        table = schema.invoices
        stored = {
            r.invoice_id: dict(r._mapping) for r in self.connection.execute(
                sa.select(table).where(table.c.invoice_id.in_(list(invoices))))
        }
        merged = []
        for invoice_id, row in invoices.items():
            earlier = stored.get(invoice_id)
            if invoice_id not in self.seen:  # first read in this import
                self.seen[invoice_id] = (None if earlier is None else _digest(earlier), "")
            full = merge(earlier, row) if earlier else dict(row)
            if full["due_date"] is None:
                full["due_date"] = full["issue_date"]
            full["net_minor"] = _net(full, earlier)
            merged.append(full)
        return merged


def _digest(row: dict[str, Any]) -> int:
    """An invoice row's values, to tell within one import whether it ended as it was stored
    (equal values hash equal: a date as read back equals the date written)."""
    return hash(tuple(row.get(name) for name in INVOICE_COLUMNS))


def _net(merged: dict[str, Any], stored: dict[str, Any] | None) -> int:
    """The invoice's net amount: the one a source gave (this import's, else the stored one),
    else the gross. A stored net that was only the gross stand-in follows a changed gross."""
    if merged.get("net_minor") is None:
        return int(merged["amount_minor"])
    if stored is not None and stored.get("net_minor") == stored.get("amount_minor") \
            and merged["net_minor"] == stored.get("net_minor") \
            and merged["amount_minor"] != stored.get("amount_minor"):
        return int(merged["amount_minor"])
    return int(merged["net_minor"])


def merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """One invoice known from two sources: what each knows, the first source's client kept."""
    merged = dict(stored)
    for name, value in incoming.items():
        if value is not None and not (name in KEEP_STORED and stored.get(name)):
            merged[name] = value
    return merged
