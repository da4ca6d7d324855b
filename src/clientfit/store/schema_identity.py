"""Identities behind imported records: how a client or staff member is recognised in each source,
and under which source keys a stored record is known (issue 3, docs/importers.md).

`client_identities` maps (kind, value) — a tax ID, an organisation e-mail domain, a free-mail
address, a normalised legal name, or an id in another system ("ext:hubspot") — to one client.
`record_keys` maps a source key ("stripe:in_123", "invoice:PL...|PL...|FV/1/2026") to the stored
record, so that the same invoice arriving from KSeF and from Fakturownia is kept once.
`client_links` holds a person's merge / split choices, which later imports respect.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, String, Table, Text

from clientfit.store.schema import metadata

client_identities = Table(
    "client_identities",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("value", String(320), primary_key=True),
    Column("client_id", String(64), ForeignKey("clients.client_id"), nullable=False),
    Column("source", String(32), nullable=False),
)
Index("ix_client_identities_client", client_identities.c.client_id)

staff_identities = Table(
    "staff_identities",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("value", String(320), primary_key=True),
    Column("staff_id", String(64), ForeignKey("staff.staff_id"), nullable=False),
    Column("source", String(32), nullable=False),
)

record_keys = Table(
    "record_keys",
    metadata,
    Column("record_table", String(32), primary_key=True),
    Column("source_key", String(400), primary_key=True),
    Column("record_id", String(128), nullable=False),
)
Index("ix_record_keys_record", record_keys.c.record_table, record_keys.c.record_id)

client_links = Table(
    "client_links",
    metadata,
    # No foreign keys: a merged-away client is deleted, and its link must outlive it.
    Column("client_a", String(64), primary_key=True),  # merge: the client kept
    Column("client_b", String(64), primary_key=True),  # merge: the client merged into a
    Column("decision", String(8), nullable=False),  # merge | split
    Column("reason", Text),
    Column("decided_at", DateTime, nullable=False),
)

IDENTITY_TABLES = (client_identities, staff_identities, record_keys, client_links)
