"""Resolve what sources say about clients and staff to store ids, creating them when new.

A client is found by, in order: tax ID, an id in another system, organisation e-mail domain,
free-mail address, normalised legal name. A weaker identity never joins a record to a client
whose tax ID differs from the record's. Merge choices recorded in `client_links` are followed.
New clients get defaults (docs/importers.md): language from the tax ID / domain, the currency of
their own invoices (`XXX`, ISO 4217 "no currency", until they have one), kind "project".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clientfit.importers.identity import LEGAL_FORMS, fold, fold_words, normalise_name, slug
from clientfit.importers.limits import OutOfDomain, check_row
from clientfit.importers.records import ClientRef, StaffRef, stable_key
from clientfit.importers.staff_identity import (
    better_name,
    plain_staff_ref,
    staff_named_by,
    staff_with_address_for,
)
from clientfit.store import schema
from clientfit.store.loader import upsert
from clientfit.store.schema_identity import (
    client_identities,
    client_links,
    record_keys,
    staff_identities,
)

WEAK_KINDS = frozenset({"domain", "email", "name"})
POLISH_LETTERS = frozenset("ąćęłńśźżĄĆĘŁŃŚŹŻ")


def _client_keys(ref: ClientRef) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if ref.tax_id:
        keys.append(("tax_id", ref.tax_id))
    keys.extend((f"ext:{system}", value) for system, value in ref.external)
    if ref.domain:
        keys.append(("domain", ref.domain.lower()))
    if ref.email:
        keys.append(("email", ref.email.lower()))
    if ref.name and normalise_name(ref.name):
        keys.append(("name", normalise_name(ref.name)))
    return [(kind, value[:320]) for kind, value in keys]


def _has_legal_form(name: str) -> bool:
    words = fold_words(name)
    return normalise_name(name) != words or words.endswith(tuple(LEGAL_FORMS))


def name_rank(name: str) -> tuple[bool, bool, int, int, str]:
    """How good a display name is, the same whatever order the sources come in: a legal form
    first, then not shouted in capitals, then more non-ASCII letters kept (Góra over Gora),
    then longer; the text itself breaks ties."""
    letters = [ch for ch in name if ch.isalpha()]
    shouted = bool(letters) and all(ch.isupper() for ch in letters)
    return (_has_legal_form(name), not shouted, sum(not ch.isascii() for ch in letters),
            len(name), name)


def _check(table: sa.Table, row: dict[str, Any]) -> None:
    """A client or staff row fits the store's columns; the error names the field as "client
    name", "staff email", ... (the file's column for it differs from source to source)."""
    try:
        check_row(table, row)
    except OutOfDomain as exc:
        what = "client" if table is schema.clients else "staff"
        raise OutOfDomain(f"{what} {exc.field.replace('_', ' ')}", exc.reason) from None


class Resolver:
    """Identity look-ups for one import, inside its transaction."""

    def __init__(self, connection: Connection, source: str, default_currency: str) -> None:
        self.connection = connection
        self.source = source
        self.default_currency = default_currency
        self.client_ids: dict[tuple[str, str], str] = {
            (r.kind, r.value): r.client_id
            for r in connection.execute(sa.select(client_identities))
        }
        self.staff_ids: dict[tuple[str, str], str] = {
            (r.kind, r.value): r.staff_id for r in connection.execute(sa.select(staff_identities))
        }
        self.clients: dict[str, dict[str, Any]] = {
            r.client_id: dict(r._mapping) for r in connection.execute(sa.select(
                schema.clients.c.client_id, schema.clients.c.name, schema.clients.c.tax_id,
                schema.clients.c.email_domain, schema.clients.c.legal_name,
                schema.clients.c.owner_staff_id, schema.clients.c.started_on,
                schema.clients.c.country))
        }
        self.staff: dict[str, dict[str, Any]] = {
            r.staff_id: dict(r._mapping) for r in connection.execute(sa.select(schema.staff))
        }
        self.merged_into: dict[str, str] = {
            r.client_b: r.client_a for r in connection.execute(
                sa.select(client_links).where(client_links.c.decision == "merge"))
        }
        self.pending_clients: dict[str, dict[str, Any]] = {}
        self.pending_staff: dict[str, dict[str, Any]] = {}
        self.pending_client_ids: list[dict[str, Any]] = []
        self.pending_updates: dict[str, dict[str, Any]] = {}  # known clients, written at flush
        self.pending_staff_ids: list[dict[str, Any]] = []
        self.new_clients: list[str] = []
        self.new_client_ids: list[str] = []
        self._client_cache: dict[ClientRef, str] = {}
        self._staff_cache: dict[StaffRef, str] = {}
        self.new_staff: list[str] = []

    # clients ---------------------------------------------------------------------------------
    def find_client(self, ref: ClientRef) -> str | None:
        """The known client a reference points to, or None; never creates one."""
        for kind, value in _client_keys(ref):
            hit = self.client_ids.get((kind, value))
            if hit is None:
                continue
            hit = self._follow(hit)
            known_tax = self.clients.get(hit, {}).get("tax_id")
            if kind in WEAK_KINDS and ref.tax_id and known_tax and known_tax != ref.tax_id:
                continue
            return hit
        return None

    def client(self, ref: ClientRef, currency: str | None = None) -> str:
        """The client a reference points to, created if new; its identities recorded."""
        cached = self._client_cache.get(ref)
        if cached is not None:
            return cached
        client_id = self._resolve_client(ref, currency)
        self._client_cache[ref] = client_id
        return client_id

    def _resolve_client(self, ref: ClientRef, currency: str | None) -> str:
        keys = _client_keys(ref)
        client_id = self.find_client(ref)
        if client_id is None:
            client_id = self._create_client(ref, keys, currency)
        for kind, value in keys:
            if (kind, value) not in self.client_ids:
                self.client_ids[(kind, value)] = client_id
                self.pending_client_ids.append({"kind": kind, "value": value,
                                                "client_id": client_id, "source": self.source})
        self._fill_client(client_id, ref)
        return client_id

    def _follow(self, client_id: str) -> str:
        seen = set()
        while client_id in self.merged_into and client_id not in seen:
            seen.add(client_id)
            client_id = self.merged_into[client_id]
        return client_id

    def _create_client(self, ref: ClientRef, keys: list[tuple[str, str]],
                       currency: str | None) -> str:
        label = ref.name or ref.domain or ref.email or ref.tax_id or "client"
        client_id = f"c-{slug(label, 40)}-{stable_key('', *keys[0])[1:7]}"
        polish = bool(
            (ref.tax_id or "").startswith("PL") or (ref.domain or "").endswith(".pl")
            or ref.country == "PL" or any(ch in POLISH_LETTERS for ch in ref.name or "")
            or fold(ref.name or "").endswith(("sp z o o", "sp k", "sp j", "spolka akcyjna"))
        )
        row = {
            "client_id": client_id,
            "name": (label or client_id)[:300],
            "legal_name": ref.name if ref.name and _has_legal_form(ref.name) else None,
            "tax_id": ref.tax_id,
            "email_domain": ref.domain,
            "country": ref.country or ("PL" if polish else None),
            "language": "pl" if polish else "en",
            "currency": currency or "XXX",  # ISO 4217 "no currency" until its invoices say
            "kind": "project",
            "started_on": None,
            "ended_on": None,
            "owner_staff_id": None,
        }
        _check(schema.clients, row)  # here, so that the error names the record's line
        self.clients[client_id] = {k: row[k] for k in
                                   ("client_id", "name", "tax_id", "email_domain", "legal_name",
                                    "owner_staff_id", "started_on", "country")}
        self.pending_clients[client_id] = row
        self.new_clients.append(row["name"])
        self.new_client_ids.append(client_id)
        return client_id

    def _fill_client(self, client_id: str, ref: ClientRef) -> None:
        known = self.clients[client_id]
        fills = {}
        if ref.tax_id and not known.get("tax_id"):
            fills["tax_id"] = ref.tax_id
        if ref.domain and not known.get("email_domain"):
            fills["email_domain"] = ref.domain
        if ref.name:  # the best name seen wins, so the order of the sources does not matter
            name = ref.name[:300]
            if known.get("name") and name_rank(name) > name_rank(known["name"]):
                fills["name"] = name
            if _has_legal_form(name) and (not known.get("legal_name")
                                          or name_rank(name) > name_rank(known["legal_name"])):
                fills["legal_name"] = name
        country = ref.country or (ref.tax_id[:2] if ref.tax_id and ref.tax_id[:2].isalpha()
                                  else None)
        if country and not known.get("country"):  # what a first, thinner source did not know
            fills["country"] = country
            if country == "PL":
                fills["language"] = "pl"
        self._update_client(client_id, fills)

    def _update_client(self, client_id: str, fills: dict[str, Any]) -> None:
        if not fills:
            return
        _check(schema.clients, fills)
        self.clients[client_id].update(fills)
        if client_id in self.pending_clients:
            self.pending_clients[client_id].update(fills)
        else:  # written at flush, after the staff it may name (an owner) exist
            self.pending_updates.setdefault(client_id, {}).update(fills)

    def set_owner(self, client_id: str, staff_id: str | None, started_on: Any = None) -> None:
        fills: dict[str, Any] = {}
        if staff_id and self.clients[client_id].get("owner_staff_id") != staff_id:
            fills["owner_staff_id"] = staff_id
        if started_on and not self.clients[client_id].get("started_on"):
            fills["started_on"] = started_on
        self._update_client(client_id, fills)

    # staff -----------------------------------------------------------------------------------
    def find_staff(self, ref: StaffRef) -> str | None:
        """The known staff member a reference points to: by e-mail, then name, then a name
        spelled by an address's local part (one candidate only); never creates one."""
        ref = plain_staff_ref(ref)
        keys = dict(self._staff_keys(ref))
        if ("email", keys.get("email")) in self.staff_ids:
            return self.staff_ids[("email", keys["email"])]
        addresses = self._addresses()
        if ref.email and (hit := staff_named_by(ref.email, self.staff, addresses)) is not None:
            return hit
        hit = self.staff_ids.get(("name", keys.get("name", "")))
        if hit is not None and not (ref.email and self._other_address(hit, ref)):
            return hit
        return (staff_with_address_for(ref.name, self.staff, addresses, ref.email)
                if ref.name else None)

    def _other_address(self, staff_id: str, ref: StaffRef) -> bool:
        """Whether a one-word name ("Dorota") met at a new address belongs to someone else: the
        staff member by that name has another address at the same domain."""
        if len(fold(ref.name or "").split()) > 1:
            return False  # a full name at a second address: the same person
        domain = "@" + (ref.email or "").lower().rsplit("@", 1)[-1]
        return any(a.endswith(domain) for a in self._addresses().get(staff_id, ()))

    def _addresses(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for (kind, value), staff_id in self.staff_ids.items():
            if kind == "email":
                found.setdefault(staff_id, set()).add(value)
        return found

    @staticmethod
    def _staff_keys(ref: StaffRef) -> list[tuple[str, str]]:
        ref = plain_staff_ref(ref)
        keys = []
        if ref.email:
            keys.append(("email", ref.email.lower()))
        if ref.name and fold(ref.name):
            keys.append(("name", fold(ref.name)))
        return [(kind, value[:320]) for kind, value in keys]

    def staff_member(self, ref: StaffRef) -> str:
        cached = self._staff_cache.get(ref)
        if cached is None:
            cached = self._staff_cache[ref] = self._resolve_staff(plain_staff_ref(ref))
        return cached

    def _resolve_staff(self, ref: StaffRef) -> str:
        keys = self._staff_keys(ref)
        staff_id = self.find_staff(ref)
        if staff_id is None:
            label = ref.name or (ref.email or "staff").split("@")[0]
            staff_id = f"s-{slug(label, 40)}-{stable_key('', *keys[0])[1:7]}"
            row = {"staff_id": staff_id, "name": label[:200], "email": ref.email,
                   "hourly_cost_minor": ref.cost_minor or 0,
                   "currency": ref.currency or self.default_currency}
            _check(schema.staff, row)
            self.staff[staff_id] = row
            self.pending_staff[staff_id] = row
            self.new_staff.append(label)
        else:
            known = self.staff[staff_id]
            row = dict(known)
            if ref.cost_minor and known["hourly_cost_minor"] != ref.cost_minor:
                row.update(hourly_cost_minor=ref.cost_minor,
                           currency=ref.currency or known["currency"])
            if ref.email and not known["email"]:
                row["email"] = ref.email
            addresses = self._addresses().get(staff_id, set()) | {
                a for a in (ref.email, known["email"]) if a}
            if better_name(known["name"], ref.name, addresses):
                row["name"] = (ref.name or "")[:200]
            if row != known:
                _check(schema.staff, row)
                self.staff[staff_id] = row
                self.pending_staff[staff_id] = row
        for key in keys:
            if key not in self.staff_ids:
                self.staff_ids[key] = staff_id
                self.pending_staff_ids.append({"kind": key[0], "value": key[1],
                                               "staff_id": staff_id, "source": self.source})
        return staff_id

    def our_addresses(self) -> set[str]:
        return {value for (kind, value) in self.staff_ids if kind == "email"}

    # writing ---------------------------------------------------------------------------------
    def flush(self) -> Counter[str]:
        """Write new and changed clients, staff and identities (each checked against the
        store's columns when it was made); counts of rows added."""
        counts: Counter[str] = Counter()
        if self.pending_staff:
            counts["staff"] += upsert(self.connection, schema.staff,
                                      list(self.pending_staff.values())).added
        if self.pending_clients:
            counts["clients"] += upsert(self.connection, schema.clients,
                                        list(self.pending_clients.values())).added
        for client_id, fills in self.pending_updates.items():
            self.connection.execute(sa.update(schema.clients)
                                    .where(schema.clients.c.client_id == client_id)
                                    .values(**fills))
        if self.pending_client_ids:
            self.connection.execute(sa.insert(client_identities), self.pending_client_ids)
        if self.pending_staff_ids:
            self.connection.execute(sa.insert(staff_identities), self.pending_staff_ids)
        self.pending_staff, self.pending_clients = {}, {}
        self.pending_client_ids, self.pending_staff_ids = [], []
        self.pending_updates = {}
        return counts


class RecordKeys:
    """Source keys → stored record ids, so one record reached by two roads is stored once."""

    def __init__(self, connection: Connection, table: str) -> None:
        self.connection = connection
        self.table = table
        self.pending: dict[str, str] = {}

    def find(self, keys: list[str]) -> str | None:
        for key in keys:
            if key in self.pending:
                return self.pending[key]
        found = self.connection.execute(
            sa.select(record_keys.c.source_key, record_keys.c.record_id).where(
                record_keys.c.record_table == self.table, record_keys.c.source_key.in_(keys))
        ).all()
        by_key = dict(found)
        return next((by_key[key] for key in keys if key in by_key), None)

    def remember(self, keys: list[str], record_id: str) -> None:
        for key in keys:
            self.pending.setdefault(key, record_id)

    def flush(self) -> None:
        if not self.pending:
            return
        existing = set(self.connection.execute(
            sa.select(record_keys.c.source_key).where(
                record_keys.c.record_table == self.table,
                record_keys.c.source_key.in_(list(self.pending)))).scalars())
        rows = [{"record_table": self.table, "source_key": key, "record_id": record_id}
                for key, record_id in self.pending.items() if key not in existing]
        if rows:
            self.connection.execute(sa.insert(record_keys), rows)
        self.pending = {}


def remember_identities(connection: Connection, source: str) -> int:
    """Record the identities of every stored client and staff member that has none yet of a
    kind (tax ID, organisation domain, normalised name; staff e-mail and name), as an import
    would, so that later exports find them; e.g. after a bundle import. Identities already
    pointing elsewhere are left alone. Returns the number recorded."""
    from clientfit.importers.identity import client_domain

    known_clients = {(r.kind, r.value) for r in connection.execute(
        sa.select(client_identities.c.kind, client_identities.c.value))}
    new_clients = []
    for row in connection.execute(sa.select(
            schema.clients.c.client_id, schema.clients.c.name, schema.clients.c.legal_name,
            schema.clients.c.tax_id, schema.clients.c.email_domain)):
        domain = client_domain(row.email_domain) if row.email_domain else None
        keys = _client_keys(ClientRef(name=row.name, tax_id=row.tax_id, domain=domain))
        if row.legal_name:
            keys += _client_keys(ClientRef(name=row.legal_name))
        for key in keys:
            if key not in known_clients:
                known_clients.add(key)
                new_clients.append({"kind": key[0], "value": key[1],
                                    "client_id": row.client_id, "source": source})
    known_staff = {(r.kind, r.value) for r in connection.execute(
        sa.select(staff_identities.c.kind, staff_identities.c.value))}
    new_staff = []
    for member in connection.execute(sa.select(schema.staff.c.staff_id, schema.staff.c.name,
                                               schema.staff.c.email)):
        for key in Resolver._staff_keys(StaffRef(name=member.name, email=member.email)):
            if key not in known_staff:
                known_staff.add(key)
                new_staff.append({"kind": key[0], "value": key[1], "staff_id": member.staff_id,
                                  "source": source})
    if new_clients:
        connection.execute(sa.insert(client_identities), new_clients)
    if new_staff:
        connection.execute(sa.insert(staff_identities), new_staff)
    return len(new_clients) + len(new_staff)
