"""Uncertain client matches are proposed, not applied: suggestions, and a person's merge / split.

Imports join records to a client only on certain evidence (identity.py, resolve.py). Pairs that
merely look alike are listed here with their evidence; `merge` moves every record of one client
to the other and records the choice, so later imports send that client's identities to the kept
one; `split` records that two clients are different, which silences the suggestion for good.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.errors import ClientfitError, NotFound
from clientfit.importers.identity import normalise_name
from clientfit.store import schema
from clientfit.store.schema_identity import client_identities, client_links

MIN_TOKEN = 4


@dataclass(frozen=True)
class Suggestion:
    client_a: str
    client_b: str
    name_a: str
    name_b: str
    evidence: tuple[str, ...]


def _tokens(name: str) -> set[str]:
    return set(normalise_name(name).split())


def merge_suggestions(connection: Connection) -> list[Suggestion]:
    """Pairs of clients that look like one, with why; pairs decided by a person are left out."""
    clients = {r.client_id: r for r in connection.execute(sa.select(
        schema.clients.c.client_id, schema.clients.c.name, schema.clients.c.legal_name,
        schema.clients.c.tax_id, schema.clients.c.email_domain))}
    decided = {frozenset((r.client_a, r.client_b))
               for r in connection.execute(sa.select(client_links))}
    by_token: dict[str, set[str]] = defaultdict(set)
    for client_id, row in clients.items():
        for name in filter(None, (row.name, row.legal_name)):
            for token in _tokens(name):
                if len(token) >= MIN_TOKEN:
                    by_token[token].add(client_id)
        if row.email_domain:
            by_token["@" + row.email_domain.split(".")[0]].add(client_id)
    pairs: set[tuple[str, str]] = set()
    for members in by_token.values():
        if len(members) <= 50:  # a token shared by many clients ("agency") proves nothing
            pairs.update(combinations(sorted(members), 2))
    found = []
    for a, b in sorted(pairs):
        if frozenset((a, b)) in decided:
            continue
        evidence = _evidence(clients[a], clients[b])
        if evidence:
            found.append(Suggestion(a, b, clients[a].name, clients[b].name, evidence))
    return found


def _evidence(a: Any, b: Any) -> tuple[str, ...]:
    reasons = []
    names_a = {normalise_name(n) for n in (a.name, a.legal_name) if n}
    names_b = {normalise_name(n) for n in (b.name, b.legal_name) if n}
    if names_a & names_b:
        reasons.append(f"same normalised name {sorted(names_a & names_b)[0]!r}")
    else:
        tokens_a = set().union(*(set(n.split()) for n in names_a))
        tokens_b = set().union(*(set(n.split()) for n in names_b))
        if tokens_a and tokens_b and (tokens_a <= tokens_b or tokens_b <= tokens_a):
            reasons.append(f"one name contains the other ({a.name!r}, {b.name!r})")
    if a.email_domain and b.email_domain and a.email_domain != b.email_domain and \
            a.email_domain.split(".")[0] == b.email_domain.split(".")[0]:
        reasons.append(f"domains {a.email_domain} and {b.email_domain}")
    if not reasons:
        return ()
    if a.tax_id and b.tax_id and a.tax_id != b.tax_id:
        first, second = sorted((a.tax_id, b.tax_id))
        reasons.append(f"but different tax IDs {first} and {second}")
    return tuple(reasons)


def _client_columns(connection: Connection) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to clients in the database, whoever defined it."""
    inspector = sa.inspect(connection)
    return [(name, column) for name in inspector.get_table_names() if name != "clients"
            for fk in inspector.get_foreign_keys(name) if fk["referred_table"] == "clients"
            for column in fk["constrained_columns"]]


def merge(connection: Connection, keep: str, other: str, reason: str, actor: str,
          reversible: bool = False) -> int:
    """Move every record of `other` to `keep`, delete `other`, record the choice; rows moved.

    `reversible` (automatic joins) also records `other` itself and the keys of every row moved,
    so that `split` can put them back."""
    rows = _two(connection, keep, other)
    moved = 0
    saved = _rows_of(connection, other) if reversible else {}
    assignments = schema.assignments
    mine = sa.select(assignments.c.staff_id, assignments.c.role, assignments.c.start_date).where(
        assignments.c.client_id == keep)
    connection.execute(sa.delete(assignments).where(  # the same assignment twice: keep one
        assignments.c.client_id == other,
        sa.tuple_(assignments.c.staff_id, assignments.c.role, assignments.c.start_date)
        .in_(mine)))
    for table_name, column in _client_columns(connection):
        table = sa.table(table_name, sa.column(column))
        moved += connection.execute(sa.update(table).where(table.c[column] == other)
                                    .values({column: keep})).rowcount or 0
    fills = {name: rows[other][name] for name in ("tax_id", "email_domain", "legal_name",
                                                   "owner_staff_id", "country")
             if rows[keep][name] is None and rows[other][name] is not None}
    starts = [d for d in (rows[keep]["started_on"], rows[other]["started_on"]) if d]
    if starts:
        fills["started_on"] = min(starts)
    if fills:
        connection.execute(sa.update(schema.clients)
                           .where(schema.clients.c.client_id == keep).values(**fills))
    connection.execute(sa.delete(schema.clients).where(schema.clients.c.client_id == other))
    connection.execute(sa.update(client_links).where(client_links.c.client_a == other)
                       .values(client_a=keep))
    details: dict[str, Any] = {"moved_rows": moved}
    if reversible:
        details.update(client={k: _plain(v) for k, v in rows[other].items()}, rows=saved)
    _record(connection, keep, other, "merge", reason, actor, details,
            action="clients.join" if reversible else "clients.merge")
    return moved


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rows_of(connection: Connection, client_id: str) -> dict[str, Any]:
    """{table: {"column": the client column, "keys": [[primary key values...]]}} of its rows."""
    inspector = sa.inspect(connection)
    found: dict[str, Any] = {}
    for table_name, column in _client_columns(connection):
        key = inspector.get_pk_constraint(table_name).get("constrained_columns") or []
        if not key:
            continue
        table = sa.table(table_name, *(sa.column(c) for c in {*key, column}))
        values = [[_plain(v) for v in r] for r in connection.execute(
            sa.select(*(table.c[c] for c in key)).where(table.c[column] == client_id))]
        if values:
            found[table_name] = {"column": column, "key": key, "values": values}
    return found


def _unjoin(connection: Connection, a: str, b: str) -> bool:
    """Undo an automatic join of `a` and `b` (either order) if one was recorded; whether done."""
    if "audit_log" not in sa.inspect(connection).get_table_names():
        return False
    audit = sa.table("audit_log", *(sa.column(n) for n in (
        "entry_id", "action", "subject_id", "details")))
    for keep, other in ((a, b), (b, a)):
        entries = connection.execute(
            sa.select(audit.c.details).where(audit.c.action == "clients.join",
                                             audit.c.subject_id == keep)
            .order_by(audit.c.entry_id.desc())).scalars().all()
        for text in entries:
            details = json.loads(text or "{}")
            if details.get("other") != other or "client" not in details:
                continue
            row = dict(details["client"])
            for name in ("started_on", "ended_on"):
                if row.get(name):
                    row[name] = datetime.fromisoformat(row[name]).date()
            connection.execute(sa.insert(schema.clients).values(**row))
            for table_name, saved in details.get("rows", {}).items():
                table = sa.table(table_name, *(sa.column(c) for c in
                                               {*saved["key"], saved["column"]}))
                for values in saved["values"]:
                    connection.execute(sa.update(table).where(
                        *(table.c[c] == v for c, v in zip(saved["key"], values, strict=True)),
                        table.c[saved["column"]] == keep).values({saved["column"]: other}))
            return True
    return False


def split(connection: Connection, a: str, b: str, reason: str, actor: str) -> None:
    """Record that `a` and `b` are different clients: never suggested (or joined) as one again.

    When one of them was joined into the other automatically, the join is undone first."""
    _unjoin(connection, a, b)
    _two(connection, a, b)
    _record(connection, a, b, "split", reason, actor, {})


def _two(connection: Connection, a: str, b: str) -> dict[str, dict[str, Any]]:
    if a == b:
        raise ClientfitError("a client cannot be merged with or split from itself")
    rows = {r.client_id: dict(r._mapping) for r in connection.execute(
        sa.select(schema.clients).where(schema.clients.c.client_id.in_([a, b])))}
    for client_id in (a, b):
        if client_id not in rows:
            raise NotFound(f"no client with id {client_id!r}")
    return rows


def _record(connection: Connection, a: str, b: str, decision: str, reason: str, actor: str,
            details: dict[str, Any], action: str | None = None) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    connection.execute(sa.delete(client_links).where(
        sa.or_(sa.and_(client_links.c.client_a == a, client_links.c.client_b == b),
               sa.and_(client_links.c.client_a == b, client_links.c.client_b == a))))
    connection.execute(sa.insert(client_links).values(
        client_a=a, client_b=b, decision=decision, reason=reason, decided_at=now))
    if "audit_log" in sa.inspect(connection).get_table_names():
        audit = sa.table("audit_log", *(sa.column(name) for name in (
            "at", "actor", "action", "subject_kind", "subject_id", "reason", "details")))
        connection.execute(sa.insert(audit).values(
            at=now, actor=actor, action=action or f"clients.{decision}", subject_kind="client",
            subject_id=a, reason=reason, details=json.dumps({"other": b, **details})))


def identities_of(connection: Connection, client_id: str) -> list[tuple[str, str]]:
    return [(r.kind, r.value) for r in connection.execute(
        sa.select(client_identities).where(client_identities.c.client_id == client_id)
        .order_by(client_identities.c.kind, client_identities.c.value))]
