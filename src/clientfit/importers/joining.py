"""A client known only by a short name joins the one identified client whose name contains it.

Time trackers name a client "Pioneer" or "Równina"; the CRM and the invoices carry "Pioneer
Software, LLC" with a domain or "Drukarnia Równina" with a NIP. A client with no tax ID, no
domain and no e-mail identity whose normalised name's words are all among the words of a name of
exactly ONE client that has a tax ID or a domain is that client: it is joined by the merge
machinery (merging.py), inside the import's transaction, whatever the import order. Two
candidates (ambiguous) join nothing and the merge suggestion stays. A recorded split of the pair
prevents the join; `clients split` undoes a join (merging.split restores the joined client).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.importers import merging
from clientfit.importers.identity import normalise_name
from clientfit.store import schema
from clientfit.store.schema_identity import client_identities, client_links

STRONG_KINDS = frozenset({"tax_id", "domain", "email"})
REASON = "words contained"


@dataclass(frozen=True)
class Join:
    keep: str  # the identified client
    other: str  # the name-only client, merged into keep
    keep_name: str
    other_name: str

    def line(self) -> str:
        return f"joined: {self.other_name} → {self.keep_name} ({REASON})"


def _words(name: str | None) -> frozenset[str]:
    return frozenset(normalise_name(name).split()) if name else frozenset()


def joins_due(connection: Connection) -> list[Join]:
    """The name-only clients that belong to exactly one identified client; nothing written."""
    clients = {r.client_id: r for r in connection.execute(sa.select(
        schema.clients.c.client_id, schema.clients.c.name, schema.clients.c.legal_name,
        schema.clients.c.tax_id, schema.clients.c.email_domain))}
    names: dict[str, set[frozenset[str]]] = {cid: {_words(r.name), _words(r.legal_name)}
                                             for cid, r in clients.items()}
    strong: set[str] = set()
    for ident in connection.execute(sa.select(client_identities.c.client_id,
                                              client_identities.c.kind,
                                              client_identities.c.value)):
        if ident.client_id not in names:
            continue
        if ident.kind in STRONG_KINDS:
            strong.add(ident.client_id)
        elif ident.kind == "name":
            names[ident.client_id].add(frozenset(ident.value.split()))
    split = {frozenset((r.client_a, r.client_b)) for r in connection.execute(
        sa.select(client_links.c.client_a, client_links.c.client_b)
        .where(client_links.c.decision == "split"))}
    identified = [cid for cid, r in clients.items() if r.tax_id or r.email_domain]
    found = []
    for cid, row in sorted(clients.items()):
        if row.tax_id or row.email_domain or cid in strong:
            continue
        words = _words(row.name)
        if not words:
            continue
        candidates = [other for other in identified
                      if any(words <= their for their in names[other] if their)]
        if len(candidates) == 1 and frozenset((cid, candidates[0])) not in split:
            keep = candidates[0]
            found.append(Join(keep, cid, clients[keep].name, row.name))
    return found


def join_name_only_clients(connection: Connection, actor: str = "import") -> list[Join]:
    """Apply `joins_due`: each name-only client merged into its identified client, recorded."""
    done = []
    for join in joins_due(connection):
        merging.merge(connection, join.keep, join.other, f"joined automatically: {REASON}",
                      actor, reversible=True)
        done.append(join)
    return done
