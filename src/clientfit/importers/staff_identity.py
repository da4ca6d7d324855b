"""How one staff member is recognised across sources: e-mail, name, and a name in an address.

Pure functions, no store access (resolve.py uses them). Sources name a person differently: a
CRM gives the owner as an e-mail address in its name column, a time tracker gives a display name
("Dorota") with the address, a timesheet gives the full name and no address. An address's local
part often spells the name: `dorota.olszewska`, `olszewska.dorota`, `dorotaolszewska`,
`d.olszewska`, `dolszewska` all read as Dorota Olszewska.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.utils import getaddresses
from typing import Any

from clientfit.importers.identity import fold
from clientfit.importers.records import StaffRef

_APOSTROPHES = re.compile("['\u2019\u02bc`]")


def split_name_and_address(name: str | None, email: str | None) -> tuple[str | None, str | None]:
    """A name that is an e-mail address ("a.b@x.pl", "A B <a.b@x.pl>") becomes the address
    (when the record has none) and the display name in it, if any."""
    if not name or "@" not in name:
        return name, email
    parsed = [(display, address) for display, address in getaddresses([name]) if "@" in address]
    if len(parsed) != 1:
        return name, email
    display, address = parsed[0]
    address = address.strip().lower()
    if email and email.lower() != address:
        return (display.strip() or None), email  # two addresses: the record's own one wins
    return (display.strip() or None), email or address


def local_part(address: str) -> str:
    """"Dorota.Olszewska+crm@x.pl" → "dorota olszewska" (folded, sub-address dropped)."""
    return fold(_APOSTROPHES.sub("", address.rsplit("@", 1)[0].split("+", 1)[0]))


def local_part_forms(name: str) -> frozenset[str]:
    """The folded local parts that spell a full name (two words or more): first.last,
    last.first, firstlast, lastfirst, f.last, flast, and the first name alone (`beata@`, common
    in a small agency; the resolver takes it only when one person fits). Apostrophes vanish
    (O'Neill → `oneill`) and a surname of several words counts whole too (Nowak-Kowalska →
    `anna.nowak-kowalska`, `anowakkowalska`). Empty for one word."""
    words = fold(_APOSTROPHES.sub("", name)).split()
    if len(words) < 2:
        return frozenset()
    first = words[0]
    forms = {first}
    for last in {words[-1], " ".join(words[1:]), "".join(words[1:])}:
        forms |= {f"{first} {last}", f"{last} {first}", first + last.replace(" ", ""),
                  last.replace(" ", "") + first, f"{first[0]} {last}",
                  first[0] + last.replace(" ", "")}
    return frozenset(forms)


def is_weak_name(name: str | None, addresses: set[str]) -> bool:
    """A stored name that only stands in for a real one: none, an address, or an address's
    local part (what a record with only an address leaves)."""
    if not name or "@" in name:
        return True
    return name.strip().lower() in {a.rsplit("@", 1)[0] for a in addresses}


def better_name(old: str | None, new: str | None, addresses: set[str]) -> bool:
    """Whether `new` should replace the stored `old` name of the same person: `old` is weak,
    or `new` is the fuller name `old` is part of ("Dorota" → "Dorota Olszewska"). The fuller
    name wins whatever the order the sources came in."""
    if not new or "@" in new or not fold(new):
        return False
    if is_weak_name(old, addresses):
        return not is_weak_name(new, addresses) or not old
    old_words, new_words = fold(old or "").split(), fold(new).split()
    if len(new_words) > len(old_words) and set(old_words) <= set(new_words):
        return True
    # the same words: the spelling with its diacritics ("Zieliński" over "Zielinski")
    return old_words == new_words and (sum(map(ord, new)) > sum(map(ord, old or "")))


def plain_staff_ref(ref: StaffRef) -> StaffRef:
    """A reference whose name is an e-mail address (a CRM's owner column) as that address."""
    name, email = split_name_and_address(ref.name, ref.email)
    if (name, email) == (ref.name, ref.email):
        return ref
    return StaffRef(name=name, email=email, cost_minor=ref.cost_minor, currency=ref.currency)


def staff_named_by(email: str, staff: Mapping[str, Mapping[str, Any]],
                   addresses: Mapping[str, set[str]]) -> str | None:
    """The one staff member with no address at this domain whose name the local part of
    `email` spells (`dorota.olszewska@` → Dorota Olszewska); `staff` rows by id, `addresses`
    the known addresses by staff id."""
    local, domain = local_part(email), email.lower().rsplit("@", 1)[-1]
    hits = {staff_id for staff_id, row in staff.items()
            if row.get("name") and local in local_part_forms(row["name"])
            and not any(a.endswith("@" + domain) for a in addresses.get(staff_id, ()))}
    return hits.pop() if len(hits) == 1 else None


def staff_with_address_for(name: str, staff: Mapping[str, Mapping[str, Any]],
                           addresses: Mapping[str, set[str]],
                           email: str | None = None) -> str | None:
    """The one staff member with an address whose local part spells `name` and with no
    other full name of their own. An address that is the first name alone (`monika@`) does not
    claim a record that brings its own, other address at that domain (`monika.zakrzewska@`):
    in a small office two Monikas are likelier than one Monika with two addresses."""
    forms = local_part_forms(name)
    if not forms:
        return None
    first = fold(name).split()[0]
    own = (email or "").strip().lower()
    hits = set()
    for staff_id, theirs in addresses.items():
        spelled = [a for a in theirs if local_part(a) in forms]
        if not spelled:
            continue
        if own and all(local_part(a) == first and a != own
                       and a.rsplit("@", 1)[-1] == own.rsplit("@", 1)[-1] for a in spelled):
            continue
        known = staff.get(staff_id, {}).get("name")
        if is_weak_name(known, theirs) or set(fold(known or "").split()) <= set(
                fold(name).split()):
            hits.add(staff_id)
    return hits.pop() if len(hits) == 1 else None
