"""One person, one staff member: whatever the sources call them and whatever the import order.

Issue 12 (a real agency's exports gave 13 staff for 8 people): the HubSpot owner column holds an
e-mail address, Toggl a display name with the address, Harvest the full name and cost without
an address, the mailbox a sender name and address. Fixtures are written here in those layouts.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest

from clientfit.importers.base import Options
from clientfit.importers.staff_identity import (
    better_name,
    local_part_forms,
    split_name_and_address,
)
from clientfit.importing import import_paths
from tests.importers.helpers import fresh_store, rows

OURS = Options(our_domains=frozenset({"studiokreska.pl"}))

HUBSPOT = """\
Record ID,Company name,Company Domain Name,Company owner,Create Date
101,Pod Lipami Logistyka Sp. z o.o.,podlipami.pl,andrzej.zielinski@studiokreska.pl,2021-12-03 15:16
102,Connemara Software,connemarasoftware.com,jkowalska@studiokreska.pl,2022-03-01 10:00
103,Winnica Szafran,szafran.pl,Adam Zieliński <adam.zielinski@studiokreska.pl>,2022-05-01 10:00
104,Kormoran Energia,kormoran.pl,marek@studiokreska.pl,2022-06-01 10:00
"""
HARVEST_HEADER = (
    "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,"
    "Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,"
    "Cost Amount,Currency,External Reference URL\n")
HARVEST_ROW = ('2024-11-0{day},Pod Lipami Logistyka,Abonament,C01,QA,Notes,"{hours}","{hours}",'
               'Yes,Yes,Yes,{first},{last},Developer,Yes,"240,00","0,00","{cost}","0,00",'
               "Polish Zloty - PLN,\n")
HARVEST = HARVEST_HEADER + "".join(
    HARVEST_ROW.format(day=day, first=first, last=last, hours=hours, cost=cost)
    for day, (first, last, hours, cost) in enumerate([
        ("Andrzej", "Zieliński", "2,00", "165,00"),
        ("Dorota", "Olszewska", "1,50", "145,00"),
        ("Julia", "Kowalska", "3,00", "135,00"),
        ("Adam", "Zieliński", "0,50", "100,00"),
        ("Marek", "Majewski", "1,00", "190,00"),
    ], start=4))
TOGGL = (
    "\ufeffUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
    "End time,Duration,Tags,Amount ()\n"
    "Dorota,dorota.olszewska@studiokreska.pl,Connemara Software,Annual report,Dev,Call,Yes,"
    "2024-11-14,09:00:00,2024-11-14,10:00:00,01:00:00,,\n"
    "Adam Zieliński,adam.zielinski@studiokreska.pl,Connemara Software,Annual report,Dev,Call,"
    "Yes,2024-11-15,09:00:00,2024-11-15,09:30:00,00:30:00,,\n"
)
MBOX = """\
From jkowalska@studiokreska.pl Fri Nov  1 07:46:00 2024
Date: Fri, 1 Nov 2024 08:46:00 +0100
From: Julia <jkowalska@studiokreska.pl>
To: Ryan Coleman <rcoleman@connemarasoftware.com>
Subject: The case study
Message-ID: <one@mail.example>
Content-Type: text/plain; charset="utf-8"

Dear Ryan, the newsletter is scheduled for Thursday.

From andrzej.zielinski@studiokreska.pl Fri Nov  1 09:07:00 2024
Date: Fri, 1 Nov 2024 10:07:00 +0100
From: andrzej.zielinski@studiokreska.pl
To: biuro@podlipami.pl
Subject: Faktura
Message-ID: <two@mail.example>
Content-Type: text/plain; charset="utf-8"

Dzień dobry, w załączeniu faktura.

"""

PEOPLE = {  # name, e-mail, hourly cost in grosze
    ("Andrzej Zieliński", "andrzej.zielinski@studiokreska.pl", 16500),
    ("Dorota Olszewska", "dorota.olszewska@studiokreska.pl", 14500),
    ("Julia Kowalska", "jkowalska@studiokreska.pl", 13500),
    ("Adam Zieliński", "adam.zielinski@studiokreska.pl", 10000),
    ("Marek Majewski", "marek@studiokreska.pl", 19000),  # a first name alone, one Marek
}


def _exports(tmp_path: Path) -> dict[str, list[Path]]:
    files = {"hubspot-companies": ("hubspot_companies.csv", HUBSPOT, "utf-8"),
             "harvest": ("harvest_detailed_time_report.csv", HARVEST, "utf-8"),
             "toggl": ("Toggl_time_entries_detailed.csv", TOGGL, "utf-8"),
             "mbox": ("agency.mbox", MBOX, "utf-8")}
    found = {}
    for source, (name, text, encoding) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        found[source] = [path]
    return found


def _people(store) -> tuple[set[tuple], list[dict]]:
    staff = rows(store, """
        SELECT s.name, s.email, s.hourly_cost_minor AS cost, s.currency,
          (SELECT COUNT(*) FROM time_entries e WHERE e.staff_id = s.staff_id) AS entries,
          (SELECT COALESCE(SUM(e.minutes), 0) FROM time_entries e
            WHERE e.staff_id = s.staff_id) AS minutes,
          (SELECT COUNT(*) FROM clients c WHERE c.owner_staff_id = s.staff_id) AS owned,
          (SELECT COUNT(*) FROM messages m WHERE m.staff_id = s.staff_id) AS sent
        FROM staff s ORDER BY s.name""")
    return {(s["name"], s["email"], s["cost"]) for s in staff}, staff


ORDERS = list(permutations(("hubspot-companies", "harvest", "toggl")))


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_every_order_gives_one_staff_member_a_person(tmp_path, order):
    exports = _exports(tmp_path)
    store = fresh_store(f"sqlite:///{tmp_path / 'store.db'}")
    for source in (*order, "mbox"):  # mail attaches to known clients only: last
        import_paths(store, source, exports[source], OURS)
    people, staff = _people(store)
    assert people == PEOPLE
    reference = fresh_store(f"sqlite:///{tmp_path / 'reference.db'}")
    for source in ("hubspot-companies", "harvest", "toggl", "mbox"):
        import_paths(reference, source, exports[source], OURS)
    assert staff == _people(reference)[1]
    by_name = {s["name"]: s for s in staff}
    assert by_name["Andrzej Zieliński"]["owned"] == 1 and by_name["Andrzej Zieliński"]["sent"] == 1
    assert by_name["Dorota Olszewska"]["entries"] == 2
    assert by_name["Julia Kowalska"]["sent"] == 1 and by_name["Julia Kowalska"]["owned"] == 1


@pytest.mark.parametrize("order", [ORDERS[0], ORDERS[-1]], ids="-".join)
def test_two_orders_on_both_databases(db_url, tmp_path, order):
    exports = _exports(tmp_path)
    store = fresh_store(db_url)
    for source in (*order, "mbox"):
        import_paths(store, source, exports[source], OURS)
    assert _people(store)[0] == PEOPLE


def test_an_address_two_people_could_own_joins_neither(tmp_path):
    """`azielinski@` could be Adam or Andrzej Zieliński: a third staff member, not a guess."""
    exports = _exports(tmp_path)
    store = fresh_store(f"sqlite:///{tmp_path / 'store.db'}")
    import_paths(store, "harvest", exports["harvest"], OURS)
    owner = tmp_path / "owner.csv"
    owner.write_text(HUBSPOT.splitlines()[0] + "\n"
                     "104,Kormoran,kormoran.pl,azielinski@studiokreska.pl,2022-01-01 10:00\n")
    import_paths(store, "hubspot-companies", [owner], OURS)
    names = [r["name"] for r in rows(store, "SELECT name FROM staff ORDER BY name")]
    assert names == ["Adam Zieliński", "Andrzej Zieliński", "Dorota Olszewska",
                     "Julia Kowalska", "Marek Majewski", "azielinski"]


def test_a_one_word_name_at_a_new_address_is_not_someone_else_of_that_name(tmp_path):
    store = fresh_store(f"sqlite:///{tmp_path / 'store.db'}")
    toggl = tmp_path / "toggl.csv"
    toggl.write_text(TOGGL.replace("Adam Zieliński,adam.zielinski", "Dorota,dorota.nowak"),
                     encoding="utf-8")
    import_paths(store, "toggl", [toggl], OURS)
    emails = [r["email"] for r in rows(store, "SELECT email FROM staff ORDER BY email")]
    assert emails == ["dorota.nowak@studiokreska.pl", "dorota.olszewska@studiokreska.pl"]


def test_names_and_addresses():
    assert split_name_and_address("andrzej.zielinski@x.pl", None) == (
        None, "andrzej.zielinski@x.pl")
    assert split_name_and_address("Adam Z <Adam.Z@x.pl>", None) == ("Adam Z", "adam.z@x.pl")
    assert split_name_and_address("Dorota", "d@x.pl") == ("Dorota", "d@x.pl")
    forms = local_part_forms("Julia Kowalska")
    assert {"julia kowalska", "jkowalska", "j kowalska", "kowalska julia"} <= forms
    assert "julia" in forms
    assert local_part_forms("Dorota") == frozenset()
    assert {"mark oneill", "moneill"} <= local_part_forms("Mark O'Neill")  # author D's finding
    assert {"anna nowak kowalska", "anowakkowalska", "anna kowalska"} <= local_part_forms(
        "Anna Nowak-Kowalska")
    addresses = {"andrzej.zielinski@x.pl"}
    assert better_name("andrzej.zielinski", "Andrzej Zieliński", addresses)
    assert better_name("Dorota", "Dorota Olszewska", set())
    assert not better_name("Dorota Olszewska", "Dorota", set())
    assert better_name("Andrzej Zielinski", "Andrzej Zieliński", set())
    assert not better_name("Andrzej Zieliński", "Andrzej Zielinski", set())
    assert not better_name("Julia Kowalska", "jkowalska@x.pl", set())


CLOCKIFY_TWO_MONIKAS = (
    "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
    "End Date,End Time,Duration (h),Duration (decimal),Billable Rate (PLN),"
    "Billable Amount (PLN),Cost Rate (PLN),Cost Amount (PLN)\n"
    "Księgowość,Novapak,KPiR,,Monika Zakrzewska,Kadry,monika.zakrzewska@biuro.pl,,Yes,"
    "2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,1.00,160.00,160.00,80.00,80.00\n"
    "Opieka,Novapak,Telefon,,Monika Głowacka,Opiekunowie,monika@biuro.pl,,Yes,"
    "2026-03-03,08:00:00,2026-03-03,09:00:00,01:00:00,1.00,280.00,280.00,140.00,140.00\n"
)
HUBSPOT_OWNER_MONIKA = (
    "Record ID,Company name,Company Domain Name,Company owner,Create Date,Last Activity Date\n"
    "1234567890,Novapak Sp. z o.o.,novapak.pl,monika@biuro.pl,2024-02-01 09:30,"
    "2026-03-01 10:00\n"
)


@pytest.mark.parametrize("crm_first", [True, False])
def test_a_first_name_address_does_not_claim_a_colleague_with_an_address_of_her_own(
        tmp_path, crm_first):
    """Found by portfolio author C: the CRM owner `monika@` is Monika Głowacka (her tracker
    address), not Monika Zakrzewska, whose row comes first with her own address."""
    clockify, hubspot = tmp_path / "clockify.csv", tmp_path / "hubspot.csv"
    clockify.write_text(CLOCKIFY_TWO_MONIKAS, encoding="utf-8")
    hubspot.write_text(HUBSPOT_OWNER_MONIKA, encoding="utf-8")
    store = fresh_store(f"sqlite:///{tmp_path / 'store.db'}")
    steps = [("hubspot-companies", hubspot), ("clockify", clockify)]
    for source, path in steps if crm_first else steps[::-1]:
        import_paths(store, source, [path], Options(our_domains=frozenset({"biuro.pl"})))
    staff = rows(store, "SELECT s.name, s.email, (SELECT COUNT(*) FROM clients c WHERE "
                        "c.owner_staff_id = s.staff_id) AS owned FROM staff s ORDER BY s.name")
    assert staff == [
        {"name": "Monika Głowacka", "email": "monika@biuro.pl", "owned": 1},
        {"name": "Monika Zakrzewska", "email": "monika.zakrzewska@biuro.pl", "owned": 0},
    ]
