"""HubSpot companies and deals CSV exports (FORMATS.md ◐): where client ownership comes from.

Headers are property labels, user-chosen and possibly localised; the English defaults are
matched. Companies create or enrich clients (domain, HubSpot record id) and set the owner.
Deals only enrich companies already known (through `Associated Company IDs`): a won deal's
close date is the earliest start of the relationship when none is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from clientfit.importers.base import Importer, Options, header_sniffer, read_table, register, skip
from clientfit.importers.identity import client_domain
from clientfit.importers.records import AccountRecord, ClientRef, Item, StaffRef, stable_key
from clientfit.importers.tables import Row

COMPANY_COLUMNS = {
    "id": ("Record ID", "Company ID"), "name": ("Company name", "Name"),
    "domain": ("Company Domain Name", "Website URL", "Domain"),
    "owner": ("Company owner", "HubSpot Owner"), "created": ("Create Date", "Created"),
}
DEAL_COLUMNS = {
    "id": ("Record ID", "Deal ID"), "name": ("Deal Name",), "stage": ("Deal Stage",),
    "close": ("Close Date",), "owner": ("Deal owner",),
    "companies": ("Associated Company IDs", "Associated Company"),
}
WON = ("closed won", "closedwon", "zamknięte wygrane", "wygrana")


def _company(row: Row) -> Item:
    record_id = row.require("id")
    domain = client_domain(row.get("domain")) if row.get("domain") else None
    name = row.get("name") or None
    if not (name or domain):
        return skip(row, "company without name or domain")
    created = row.datetime("created", required=False)
    owner = row.get("owner")
    return AccountRecord(
        f"hubspot:company:{record_id}", row.line,
        ClientRef(name=name, domain=domain, external=(("hubspot", record_id),)),
        owner=StaffRef(name=owner) if owner else None,
        started_on=created.date() if created else None,
    )


def _deal(row: Row) -> list[Item] | Item:
    if row.get("stage").lower() not in WON:
        return skip(row, "deal not won")
    companies = [c.strip() for c in row.get("companies").replace(",", ";").split(";")
                 if c.strip()]
    if not companies:
        return skip(row, "deal without an associated company")
    closed = row.datetime("close")
    return [AccountRecord(stable_key("hubspot", "deal", row.get("id"), company), row.line,
                          ClientRef(external=(("hubspot", company),)),
                          started_on=closed.date(), create_client=False)
            for company in companies]


def read_companies(path: Path, options: Options) -> Iterator[Item]:
    return read_table(path, options, COMPANY_COLUMNS, ("id", "name"), _company,
                      date_columns=("created",))


def read_deals(path: Path, options: Options) -> Iterator[Item]:
    return read_table(path, options, DEAL_COLUMNS, ("id", "stage", "companies", "close"),
                      _deal, date_columns=("close",))


register(Importer(name="hubspot-companies", kind="accounts", help="HubSpot companies export",
                  read=read_companies, suffixes=(".csv", ".xlsx"),
                  sniff=header_sniffer("Record ID", "Company name")))
register(Importer(name="hubspot-deals", kind="accounts", help="HubSpot deals export",
                  read=read_deals, suffixes=(".csv", ".xlsx"),
                  sniff=header_sniffer("Record ID", "Deal Stage")))
