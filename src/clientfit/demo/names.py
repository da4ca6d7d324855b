"""Names, tax ids and domains for demo clients and staff."""

from __future__ import annotations

import random
import re

STAFF = (
    ("Anna Kowalska", "anna"), ("Tomasz Nowak", "tomasz"), ("Emma Clarke", "emma"),
    ("Piotr Wiśniewski", "piotr"), ("James Miller", "james"), ("Katarzyna Zielińska", "kasia"),
)
PL_STEMS = ("Bursztyn", "Wisła", "Sokół", "Orzeł", "Dąb", "Zefir", "Kruk", "Mazur", "Polan",
            "Łąka", "Żuraw", "Jantar", "Tatry", "Bałtyk", "Sowa", "Klon", "Zorza", "Wawel")
PL_TAILS = ("Logistyka", "Budownictwo", "Media", "Finanse", "Meble", "Energia", "Software",
            "Handel", "Druk", "Zdrowie", "Rolnictwo", "Moda")
EN_STEMS = ("Harbor", "Granite", "Maple", "Beacon", "Summit", "Willow", "Falcon", "Cobalt",
            "Meridian", "Oakridge", "Northwind", "Bluebell", "Ironbridge", "Kestrel")
EN_TAILS = ("Logistics", "Builders", "Media", "Capital", "Furniture", "Energy", "Software",
            "Retail", "Print", "Health", "Foods", "Fashion")
PL_PEOPLE = ("Jan Kowalczyk", "Marta Lewandowska", "Paweł Wójcik", "Agnieszka Kamińska",
             "Michał Dąbrowski", "Ewa Szymańska")
EN_PEOPLE = ("John Harris", "Sarah Thompson", "David Wilson", "Laura Bennett", "Mark Evans",
             "Olivia Turner")
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip(rng: random.Random) -> str:
    """A Polish tax id (NIP) with a valid check digit."""
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def company(rng: random.Random, language: str, index: int) -> tuple[str, str, str]:
    """(trading name, legal name, e-mail domain)."""
    if language == "pl":
        name = f"{rng.choice(PL_STEMS)} {rng.choice(PL_TAILS)}"
        legal = f"{name} Sp. z o.o." if rng.random() < 0.8 else f"{name} S.A."
        tld = ".pl"
    else:
        name = f"{rng.choice(EN_STEMS)} {rng.choice(EN_TAILS)}"
        legal = f"{name} Ltd" if rng.random() < 0.7 else f"{name} LLC"
        tld = ".co.uk" if legal.endswith("Ltd") else ".com"
    slug = re.sub(r"[^a-z0-9]+", "", name.lower().translate(_ASCII))
    return name, legal, f"{slug}{index}{tld}"


def person(rng: random.Random, language: str) -> str:
    return rng.choice(PL_PEOPLE if language == "pl" else EN_PEOPLE)


_ASCII = str.maketrans("ąćęłńóśźż", "acelnoszz")
