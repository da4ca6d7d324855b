#!/usr/bin/env python3
"""Blind portfolio generator H: an engineering design & architecture consultancy
(Bryza Engineering, Gdańsk + Hamburg).  Standard library only.

    python3 generate.py --seed 801 --out out/seed_801

Writes OUT/exports/ (Fakturownia JSON, KSeF FA(3) XML, Xero CSV, bank payments CSV,
Harvest CSV, Clockify CSV, HubSpot companies CSV, .eml folders + mbox, NBP + ECB rates)
and OUT/truth.csv, OUT/truth.json.
"""
import argparse
import csv
import datetime as dt
import io
import json
import mailbox
import math
import os
import random
import shutil
import unicodedata
from email import policy
from email import utils as eutils
from email.message import EmailMessage

import texts as T

AGENCY = dict(name="Bryza Engineering Sp. z o.o.", name_de="Bryza Engineering GmbH",
              domain="bryza-eng.pl")

PL_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def fold(s):
    s = s.translate(PL_FOLD)
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def make_nip(rng):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = sum(a * b for a, b in zip(w, d)) % 11
        if c != 10:
            return "".join(map(str, d)) + str(c)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def add_months(d, n):
    y, m = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    return dt.date(y, m, 1)


def next_workday(d):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


# ----------------------------------------------------------------------------- world pools
PL_STAFF_F = ["Katarzyna Lewandowska", "Marta Kowalczyk", "Agnieszka Szymańska", "Joanna Wróblewska",
              "Magdalena Dąbrowska", "Ewa Kamińska", "Aleksandra Nowicka", "Natalia Grabowska",
              "Zofia Pietrzak", "Karolina Wilk", "Monika Jabłońska", "Iwona Kozłowska"]
PL_STAFF_M = ["Tomasz Wierzbicki", "Paweł Zieliński", "Michał Górski", "Piotr Sikora", "Łukasz Mazur",
              "Krzysztof Bąk", "Marcin Ostrowski", "Jakub Kaczmarek", "Bartosz Wójcik", "Grzegorz Tomczak",
              "Rafał Lis", "Adam Zając", "Wojciech Kubiak"]
DE_STAFF = ["Jens Albrecht", "Lena Hoffmann", "Sönke Petersen", "Friederike Janssen", "Malte Brandt",
            "Anke Voss", "Henrik Lorenz", "Birte Claussen", "Ole Hansen", "Nele Krüger"]

PL_STEMS = ["Kormoran", "Bursztyn", "Motława", "Jantar", "Orłowo", "Redłowo", "Żuraw", "Mewa", "Dalba",
            "Wydma", "Sztorm", "Latarnia", "Kaszub", "Neptun", "Oliwia", "Stegna", "Rozewie", "Brzeźno",
            "Wisłoujście", "Sobieszewo", "Przymorze", "Chylonia", "Kolibki", "Rewa", "Jastarnia",
            "Kociewie", "Żuławy", "Kartuzja", "Tczewianka", "Pomorzanin", "Wdzydze", "Lubiatowo",
            "Helios", "Amber", "Baltica", "Nautilus", "Kadłub", "Wanta", "Szkwał", "Fregata"]
PL_FORMS = [("{s} Development Sp. z o.o.", "developer"), ("{s} Inwestycje S.A.", "developer"),
            ("Przedsiębiorstwo Budowlane {s} Sp. j.", "contractor"), ("{s} Budownictwo Sp. z o.o.", "contractor"),
            ("Zakłady Mechaniczne {s} S.A.", "manufacturer"), ("{s} Logistyka Sp. z o.o.", "manufacturer"),
            ("{s} Nieruchomości Sp. z o.o. Sp. k.", "developer"), ("PHU {s} Sp. z o.o.", "contractor")]
DE_STEMS = ["Elbhafen", "Alsterblick", "Nordlicht", "Speicherstadt", "Fleetwerk", "Holstenwall", "Övelgönne",
            "Wattenmeer", "Kranhaus", "Deichtor", "Ostkai", "Leuchtfeuer", "Sandtor", "Möwenstein", "Brückwerk"]
DE_FORMS = ["{s} Bau GmbH", "{s} Immobilien GmbH", "{s} Projektentwicklung GmbH", "{s} Logistik AG",
            "{s} Hallenbau GmbH"]
SE_STEMS = ["Skeppsbro", "Öresund", "Klippan", "Fyrbåk", "Sjöborg"]
DK_STEMS = ["Havnelys", "Vestkyst", "Kattegat", "Limfjord", "Skagen"]
NO_STEMS = ["Fjordkraft", "Bryggen", "Nordkapp", "Lysefjord", "Havbris"]
UK_STEMS = ["Thamesgate", "Wharfside", "Pennine", "Kingsmead", "Ashbourne", "Northbank", "Castlegate"]

PL_PEOPLE = ["Andrzej Nowak", "Beata Wiśniewska", "Dariusz Kowalski", "Elżbieta Krawczyk", "Filip Adamczyk",
             "Grażyna Dudek", "Henryk Pawlak", "Irena Walczak", "Janusz Sadowski", "Kamil Baran",
             "Lidia Szczepańska", "Mariusz Jaworski", "Renata Malinowska", "Sławomir Czarnecki",
             "Tadeusz Kalinowski", "Urszula Michalska", "Wiesław Zalewski", "Dorota Olszewska",
             "Robert Sobczak", "Anna Maciejewska", "Przemysław Górecki", "Justyna Rutkowska",
             "Hubert Sowa", "Sylwia Kurek", "Kacper Witkowski", "Edyta Borkowska", "Jarosław Krupa"]
DE_PEOPLE = ["Klaus Meyer", "Sabine Schröder", "Thomas Becker", "Anja Wolff", "Dirk Neumann", "Katrin Schulz",
             "Matthias Richter", "Ulrike Braun", "Stefan Krause", "Heike Lange", "Jörg Hartmann", "Silke Koch"]
SE_PEOPLE = ["Erik Lindqvist", "Anna Bergström", "Johan Nyberg", "Karin Sjöberg"]
DK_PEOPLE = ["Mads Kristensen", "Mette Jørgensen", "Søren Thomsen", "Line Mikkelsen"]
NO_PEOPLE = ["Lars Haugen", "Ingrid Solberg", "Kjetil Bakke", "Siri Moen"]
UK_PEOPLE = ["James Whitfield", "Sarah Blackwood", "Oliver Pryce", "Emma Hargreaves", "Daniel Ashworth",
             "Charlotte Reeve", "Tom Kettering", "Rachel Dunmore"]

PROJ_PL_T = ["Hala produkcyjna", "Osiedle", "Biurowiec", "Centrum logistyczne", "Przebudowa szkoły",
             "Budynek mieszkalny", "Parking wielopoziomowy", "Hotel", "Magazyn wysokiego składowania",
             "Rozbudowa zakładu", "Hala sportowa", "Budynek usługowy"]
PROJ_PL_P = ["Pruszcz Gdański", "Rumia", "Gdynia Oksywie", "Tczew", "Kartuzy", "Elbląg", "Wejherowo", "Sopot",
             "Reda", "Starogard", "Kościerzyna", "Gdańsk Kokoszki", "Malbork", "Lębork", "Słupsk"]
PROJ_EN_T = ["Warehouse", "Office building", "Residential block", "Logistics hub", "School extension",
             "Cold store", "Hotel refurbishment", "Car park", "Production hall", "Data centre shell"]
PROJ_EN_P = {"DE": ["Harburg", "Altona", "Lübeck", "Kiel", "Bremen", "Rostock", "Neumünster", "Stade"],
             "SE": ["Malmö", "Göteborg", "Helsingborg", "Lund"], "DK": ["Aarhus", "Odense", "Esbjerg", "Aalborg"],
             "NO": ["Bergen", "Stavanger", "Kristiansand", "Drammen"],
             "UK": ["Leeds", "Manchester", "Hull", "Sheffield", "Bradford", "York"]}
DOCS_PL = ["rzuty kondygnacji", "obliczenia statyczne", "projekt wykonawczy konstrukcji", "zestawienie stali",
           "model BIM", "projekt instalacji HVAC", "przedmiar robót", "rysunki warsztatowe", "opis techniczny",
           "raport kolizji", "projekt fundamentów", "detale attyki", "projekt przyłączy", "PZT"]
DOCS_EN = ["floor plans", "structural calcs", "detailed design package", "rebar schedule", "BIM model",
           "HVAC layout", "bill of quantities", "shop drawings", "technical spec", "clash report",
           "foundation design", "facade details", "drainage layout", "site plan"]
TASKS_PL = ["Obliczenia statyczne", "Projekt wykonawczy", "Koordynacja BIM", "Nadzór autorski na budowie",
            "Rysunki warsztatowe", "Uzgodnienia branżowe", "Spotkanie z inwestorem", "Projekt instalacji",
            "Przedmiar", "Opis techniczny", "Wizja lokalna"]
TASKS_EN = ["Structural calculations", "Detailed design", "BIM coordination", "Site supervision",
            "Shop drawings", "Design coordination", "Client meeting", "MEP design", "Quantities",
            "Specification", "Site visit"]

CURRENCY = {"PL": "PLN", "DE": "EUR", "SE": "SEK", "DK": "DKK", "NO": "NOK", "UK": "GBP"}
RATE = {"PLN": (250, 340), "EUR": (95, 135), "SEK": (1050, 1450), "DKK": (720, 1000), "NOK": (1050, 1450),
        "GBP": (85, 120)}
HARVEST_CUR = {"PLN": "Polish Zloty - PLN", "EUR": "Euro - EUR", "SEK": "Swedish Krona - SEK",
               "DKK": "Danish Krone - DKK", "NOK": "Norwegian Krone - NOK", "GBP": "British Pound - GBP"}
# PLN per unit, start of series
NBP_BASE = {"USD": 3.72, "EUR": 4.26, "CHF": 4.52, "GBP": 4.95, "CZK": 0.171, "DKK": 0.571, "NOK": 0.366,
            "SEK": 0.389, "HUF": 1.082, "JPY": 2.47}
NBP_UNITS = {"HUF": 100, "JPY": 100}
ECB_HEADER = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN", "ROL",
              "RON", "SEK", "SIT", "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD", "BRL", "CAD",
              "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]

CONFOUNDERS = ["keep_slow_replies_happy", "keep_big_late_payer", "keep_seasonal_silence",
               "keep_contact_not_decision_maker", "hostile_but_profitable"]


# ----------------------------------------------------------------------------- staff
def make_staff(rng):
    n_extra = rng.randint(7, 15)
    f = rng.sample(PL_STAFF_F, len(PL_STAFF_F))
    m = rng.sample(PL_STAFF_M, len(PL_STAFF_M))
    de = rng.sample(DE_STAFF, 7)
    staff = []

    def add(name, role, office, lead=None):
        email = fold(name).lower().replace(" ", ".") + "@" + AGENCY["domain"]
        if office == "HH":
            cost = round(rng.uniform(48, 62) if role == "engineer" or role == "architect" else rng.uniform(62, 78), 2)
            cur = "EUR"
        else:
            if role in ("managing partner",):
                cost = round(rng.uniform(210, 250))
            elif role.startswith("project lead"):
                cost = round(rng.uniform(165, 205))
            elif role == "office manager":
                cost = round(rng.uniform(70, 85))
            else:
                cost = round(rng.uniform(95, 140))
            cur = "PLN"
        s = dict(name=name, first=name.split()[0], role=role, office=office, email=email, cost_rate=cost,
                 cost_currency=cur, speed=rng.uniform(0.7, 1.4), curt=False)
        staff.append(s)
        return s

    add(m.pop(), "managing partner", "GD")
    add(f.pop(), "project lead (structural)", "GD")
    add(f.pop(), "project lead (architecture)", "GD")
    add(de.pop(), "project lead (MEP)", "HH")
    if rng.random() < 0.5:
        add(m.pop(), "project lead (BIM)", "GD")
    else:
        add(de.pop(), "project lead (BIM)", "HH")
    add(m.pop() if rng.random() < 0.5 else f.pop(), "BIM coordinator", "GD")
    add(f.pop(), "office manager", "GD")
    for i in range(n_extra):
        role = rng.choice(["engineer", "engineer", "architect"])
        if rng.random() < 0.25 and de:
            add(de.pop(), role, "HH")
        else:
            pool = f if (rng.random() < 0.5 and f) else (m if m else f)
            add(pool.pop(), role, "GD")
    return staff


# ----------------------------------------------------------------------------- clients
def make_clients(rng, staff, as_of, wstart):
    leads = [s for s in staff if s["role"].startswith("project lead")]
    gd_leads = [s for s in leads if s["office"] == "GD"]
    curt = rng.choice(leads)
    curt["curt"] = True
    non_curt = [l for l in leads if l is not curt]
    n_total = rng.randint(38, 54)
    slots = (["RESET"] * rng.randint(3, 4) + ["REASSIGN"] * rng.randint(3, 4) + ["RELEASE"] * rng.randint(3, 4)
             + ["RECOVER"] * rng.randint(3, 5) + ["RENEGOTIATE"] * rng.randint(3, 5)
             + ["watch_new"] * rng.randint(2, 3) + ["watch_mixed"] * rng.randint(1, 2)
             + rng.sample(CONFOUNDERS, len(CONFOUNDERS)) + [rng.choice(CONFOUNDERS[:4])])
    while len(slots) < n_total:
        slots.append("keep")
    rng.shuffle(slots)
    stems = {"PL": rng.sample(PL_STEMS, len(PL_STEMS)), "DE": rng.sample(DE_STEMS, len(DE_STEMS)),
             "SE": rng.sample(SE_STEMS, 5), "DK": rng.sample(DK_STEMS, 5), "NO": rng.sample(NO_STEMS, 5),
             "UK": rng.sample(UK_STEMS, len(UK_STEMS))}
    people = {"PL": rng.sample(PL_PEOPLE, len(PL_PEOPLE)), "DE": rng.sample(DE_PEOPLE, len(DE_PEOPLE)),
              "SE": rng.sample(SE_PEOPLE, 4), "DK": rng.sample(DK_PEOPLE, 4), "NO": rng.sample(NO_PEOPLE, 4),
              "UK": rng.sample(UK_PEOPLE, len(UK_PEOPLE))}
    used_people = {k: 0 for k in people}
    clients = []
    owner_load = {l["email"]: 0 for l in leads}
    for idx, arch in enumerate(slots):
        region = rng.choices(["PL", "DE", "SE", "DK", "NO", "UK"], [55, 24, 5, 5, 4, 9])[0]
        if not stems[region]:
            region = "PL"
        stem = stems[region].pop()
        if region == "PL":
            form, sector = rng.choice(PL_FORMS)
            legal = form.format(s=stem)
            dom_base = fold(stem).lower()
            domain = dom_base + rng.choice(["-dev.pl", ".pl", ".com.pl", "-inwestycje.pl", "-bud.pl"])
        elif region == "DE":
            legal = rng.choice(DE_FORMS).format(s=stem)
            sector = "developer"
            domain = fold(stem).lower() + rng.choice(["-bau.de", ".de", "-immobilien.de", "-gruppe.de"])
        elif region == "SE":
            legal, sector = f"{stem} Bygg AB", "developer"
            domain = fold(stem).lower() + "bygg.se"
        elif region == "DK":
            legal, sector = f"{stem} Ejendomme A/S", "developer"
            domain = fold(stem).lower() + ".dk"
        elif region == "NO":
            legal, sector = f"{stem} Eiendom AS", "developer"
            domain = fold(stem).lower() + "eiendom.no"
        else:
            legal, sector = f"{stem} Developments Ltd", "developer"
            domain = fold(stem).lower() + "-dev.co.uk"
        cur = CURRENCY[region]
        lang = "pl" if region == "PL" else "en"
        # owner
        if arch in ("RESET", "REASSIGN", "RECOVER", "RELEASE"):
            pool = [l for l in non_curt if (region != "PL" or l["office"] == "GD")]
        else:
            pool = [l for l in leads if (region != "PL" or l["office"] == "GD")]
        if not pool:
            pool = gd_leads
        pool.sort(key=lambda l: owner_load[l["email"]] + rng.random() * 2)
        owner = pool[0]
        owner_load[owner["email"]] += 1
        if arch == "keep" and owner["curt"]:
            arch = "keep_curt_owner"
        cols_pool = [s for s in staff if s["role"] in ("engineer", "architect", "BIM coordinator")
                     and (region != "PL" or s["office"] == "GD") and s is not owner]
        colleagues = rng.sample(cols_pool, min(len(cols_pool), rng.randint(1, 3)))
        # contacts
        pp = people[region]
        contacts = []
        for role in ("main", "director", "site"):
            i = used_people[region] % len(pp)
            used_people[region] += 1
            nm = pp[i]
            if used_people[region] > len(pp):  # reuse name pools across clients – add initial variety
                nm = nm.split()[0] + " " + rng.choice(["Nowak", "Kowalska", "Meyer", "Smith", "Berg"]) \
                    if region != "PL" else nm
            local = rng.choice(["{f}.{l}", "{f0}{l}", "{f}", "{l}"])
            fn, ln = fold(nm.split()[0]).lower(), fold(nm.split()[-1]).lower()
            addr = local.format(f=fn, l=ln, f0=fn[0]) + "@" + domain
            if region == "PL" and role == "director" and ("PHU" in legal or "Sp. j." in legal) and rng.random() < 0.6:
                addr = f"{fn}.{ln}{rng.randint(1, 99)}@" + rng.choice(["wp.pl", "o2.pl", "gmail.com", "interia.pl"])
            contacts.append(dict(name=nm, first=nm.split()[0], email=addr, role=role))
        s = round(rng.uniform(0.15, 1.0), 2)
        # timing
        if arch == "watch_new":
            start = as_of - dt.timedelta(days=rng.randint(45, 110))
        elif arch in ("RESET", "REASSIGN") or rng.random() < 0.75:
            start = wstart - dt.timedelta(days=rng.randint(30, 900))
        else:
            start = wstart + dt.timedelta(days=rng.randint(20, max(21, (as_of - wstart).days - 240)))
        base_hours = rng.uniform(14, 60)
        if arch == "keep_big_late_payer":
            base_hours = rng.uniform(110, 170)
        if arch == "watch_new":
            base_hours = rng.uniform(10, 30)
        billing = rng.choice(["framework", "supervision", "stages"])
        if arch == "keep_big_late_payer":
            billing = "framework"
        rate = round(rng.uniform(*RATE[cur]), 0)
        terms = 30 if region != "PL" else rng.choice([14, 14, 21, 30])
        if arch == "keep_big_late_payer":
            terms = 30
        n_proj = rng.randint(1, 3)
        if region == "PL":
            projects = [f"{rng.choice(PROJ_PL_T)} {rng.choice(PROJ_PL_P)}" for _ in range(n_proj)]
        else:
            projects = [f"{rng.choice(PROJ_EN_T)} {rng.choice(PROJ_EN_P[region])}" for _ in range(n_proj)]
        c = dict(idx=idx, legal=legal, stem=stem, region=region, currency=cur, lang=lang, domain=domain,
                 sector=sector, nip=make_nip(rng) if region == "PL" else "", archetype=arch, strength=s,
                 owner=owner, colleagues=colleagues, contacts=contacts, start=start, base_hours=base_hours,
                 billing=billing, rate=rate, terms=terms, projects=projects,
                 lam=rng.uniform(2.0, 5.5), hubspot_id=str(rng.randint(10 ** 9, 10 ** 10)))
        params(c, rng, as_of)
        calibrate(c, rng)
        clients.append(c)
    return clients, curt


def params(c, rng, as_of):
    """Per-archetype behaviour parameters."""
    a, s = c["archetype"], c["strength"]
    p = dict(ef=rng.uniform(0.85, 1.12), late=(-4, 6), late_tail=0.08, partial=0.0, discount=0.0,
             reply_h=None, noreply=0.0, phase_days=0, mix=None, seasonal=None, hostile=0.0,
             expected="KEEP")
    if a == "RESET":
        p.update(phase_days=rng.randint(42, 56), expected="RESET")
    elif a == "REASSIGN":
        p.update(phase_days=rng.randint(255, 290), expected="REASSIGN")
    elif a == "RECOVER":
        p.update(phase_days=rng.randint(90, 170), reply_h=(20 + 90 * s, 0.6), noreply=0.15 + 0.35 * s,
                 expected="RECOVER")
    elif a == "RENEGOTIATE":
        p.update(ef=1.6 + 1.2 * s + rng.uniform(-0.1, 0.1), discount=rng.choice([0, 0.1, 0.15, 0.2]) * (s > 0.4),
                 expected="RENEGOTIATE")
    elif a == "RELEASE":
        p.update(ef=1.75 + 0.8 * s + rng.uniform(-0.1, 0.1), late=(int(25 + 40 * s), int(45 + 45 * s)),
                 late_tail=0.3, partial=0.15 + 0.2 * s, hostile=0.35 + 0.3 * s, expected="RELEASE")
    elif a == "watch_new":
        p.update(expected="WATCH")
    elif a == "watch_mixed":
        p.update(mix=rng.choice(["late_and_grumble", "thin_margin_person"]), expected="WATCH")
        if p["mix"] == "late_and_grumble":
            p.update(late=(8, 26), late_tail=0.2)
        else:
            p.update(ef=rng.uniform(1.3, 1.5))
    elif a == "keep_slow_replies_happy":
        p.update(reply_h=(28 + 40 * s, 0.5))
    elif a == "keep_big_late_payer":
        p.update(late=(int(15 + 15 * s), int(30 + 25 * s)), late_tail=0.2, ef=rng.uniform(0.8, 0.98))
    elif a == "keep_seasonal_silence":
        p.update(seasonal=rng.randint(60, 95))
    elif a == "hostile_but_profitable":
        p.update(hostile=0.3 + 0.35 * s, ef=rng.uniform(0.82, 1.0), late=(-5, 3), late_tail=0.02)
        p["expected"] = "KEEP" if s < 0.6 else "WATCH"
    c["p"] = p


def calibrate(c, rng):
    """For loss-making archetypes set the effort factor from a target margin, given who works on the
    account (cost) and what the client pays (rate): hours actually spent per billed hour."""
    people = [c["owner"]] + c["colleagues"] * 2
    cost = sum(x["cost_rate"] * (4.26 if x["cost_currency"] == "EUR" else 1.0) for x in people) / len(people)
    cr = cost / (c["rate"] * PLN_APPROX[c["currency"]] * (1 - c["p"]["discount"]))
    a, s, p = c["archetype"], c["strength"], c["p"]
    target = None
    if a == "RENEGOTIATE":
        target = 0.2 - 0.45 * s + rng.uniform(-0.05, 0.05)
    elif a == "RELEASE":
        target = 0.08 - 0.35 * s + rng.uniform(-0.05, 0.05)
    elif a == "watch_mixed" and p["mix"] == "thin_margin_person":
        target = rng.uniform(0.12, 0.22)
    if target is not None:
        p["ef"] = max(1.25, (1 - target) / cr)
        p["target_margin"] = round(target, 3)
    p["cost_ratio"] = round(cr, 3)


# ----------------------------------------------------------------------------- activity simulation
class Sim:
    def __init__(self, rng, staff, clients, as_of, wstart):
        self.rng, self.staff, self.clients, self.as_of, self.wstart = rng, staff, clients, as_of, wstart
        self.time = []      # dict(date, staff, client, project, task, hours, billable)
        self.invoices = []  # dict(...)
        self.msgs = []      # dict(...)
        self.mid_n = 0
        self.office_mgr = next(s for s in staff if s["role"] == "office manager")
        self.partner = next(s for s in staff if s["role"] == "managing partner")

    # ---------------------------------------------------------------- helpers
    def months(self):
        m = dt.date(self.wstart.year, self.wstart.month, 1)
        while m <= self.as_of:
            yield m
            m = add_months(m, 1)

    def active(self, c, d):
        if d < c["start"] or d > self.as_of:
            return False
        sea = c["p"]["seasonal"]
        if sea:
            # permit wait: quiet for `sea` days before as_of and the same weeks a year earlier
            q0 = self.as_of - dt.timedelta(days=sea)
            if q0 <= d <= self.as_of:
                return False
            y0, y1 = q0 - dt.timedelta(days=365), self.as_of - dt.timedelta(days=365)
            if y0 <= d <= y1:
                return False
        return True

    def rand_workday(self, m):
        last = (add_months(m, 1) - dt.timedelta(days=1))
        for _ in range(50):
            d = m + dt.timedelta(days=self.rng.randint(0, (last - m).days))
            if d.weekday() < 5:
                return d
        return next_workday(m)

    # ---------------------------------------------------------------- time + invoices
    def run_money(self):
        rng = self.rng
        for c in self.clients:
            p = c["p"]
            seq_hours_billed = 0.0
            pending = 0.0
            stage_every = rng.randint(2, 4)
            mcount = 0
            for m in self.months():
                mend = add_months(m, 1) - dt.timedelta(days=1)
                if mend < c["start"]:
                    continue
                frac = 1.0
                if m <= c["start"] <= mend:
                    frac = (mend - c["start"]).days / 30.0
                if c["p"]["seasonal"] and not self.active(c, m + dt.timedelta(days=14)):
                    frac *= 0.05
                act = max(0.2, rng.gauss(1.0, 0.25)) * frac
                billed_h = c["base_hours"] * act
                actual_h = billed_h * p["ef"]
                self.spread_time(c, m, mend, actual_h, billed_h)
                mcount += 1
                pending += billed_h
                # invoice issued on 1st-5th workday of next month
                bill_now = c["billing"] != "stages" or mcount % stage_every == 0
                if not bill_now or pending < 0.5:
                    continue
                issue = next_workday(mend + dt.timedelta(days=rng.randint(1, 6)))
                if issue > self.as_of:
                    continue
                net = round(pending * c["rate"] * (1 - p["discount"]), -1 if c["currency"] in ("PLN", "SEK", "NOK", "DKK") else 0)
                pending = 0.0
                self.add_invoice(c, issue, net, m)

    def spread_time(self, c, m, mend, actual_h, billed_h):
        rng = self.rng
        people = [c["owner"]] * 1 + c["colleagues"] * 2
        left = actual_h
        nonbill_share = max(0.0, 1 - 1 / c["p"]["ef"]) if c["archetype"] in ("RENEGOTIATE", "RELEASE") else 0.03
        tries = 0
        while left > 0.2 and tries < 400:
            tries += 1
            d = self.rand_workday(m)
            if d < c["start"] or d > self.as_of:
                continue
            h = min(left, rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 4, 4, 5, 6, 7.5, 8]))
            st = rng.choice(people)
            proj = rng.choice(c["projects"])
            billable = rng.random() >= nonbill_share
            pl = c["lang"] == "pl"
            task = rng.choice(TASKS_PL if pl else TASKS_EN)
            if not billable and c["archetype"] in ("RENEGOTIATE", "RELEASE"):
                desc = rng.choice(T.NONBILL_PL if pl else T.NONBILL_EN)
            else:
                desc = rng.choice(T.TIMEDESC_PL if pl else T.TIMEDESC_EN).format(
                    doc=rng.choice(DOCS_PL if pl else DOCS_EN), n=rng.randint(1, 9))
            self.time.append(dict(date=d, staff=st, client=c, project=proj, task=task, desc=desc,
                                  hours=h, billable=billable))
            left -= h

    def add_invoice(self, c, issue, net, period):
        rng, p = self.rng, c["p"]
        vat = 0.23 if c["region"] == "PL" else (0.19 if c["region"] == "DE" else 0.0)
        gross = round(net * (1 + vat), 2)
        due = issue + dt.timedelta(days=c["terms"])
        lo, hi = p["late"]
        delay = rng.randint(lo, hi)
        if rng.random() < p["late_tail"]:
            delay += rng.randint(5, 20) if c["p"]["expected"] in ("KEEP", "RESET", "REASSIGN", "RENEGOTIATE") \
                and c["archetype"] != "keep_big_late_payer" else rng.randint(10, 35)
        if c["archetype"] == "RECOVER":
            delay = rng.randint(-3, 5)
        if c["archetype"] == "RELEASE":
            delay = min(delay, rng.randint(80, 92))
        paid_on = due + dt.timedelta(days=delay)
        if paid_on < issue:
            paid_on = issue + dt.timedelta(days=1)
        paid_on = next_workday(paid_on)
        paid = gross
        if paid_on > self.as_of:
            paid, paid_on = 0.0, None
        elif p["partial"] and rng.random() < p["partial"]:
            paid = round(gross * rng.choice([0.5, 0.6, 0.7]), 2)
        inv = dict(client=c, issue=issue, due=due, net=net, gross=gross, vat=vat, paid=paid, paid_on=paid_on,
                   period=period, currency=c["currency"], project=rng.choice(c["projects"]))
        self.invoices.append(inv)

    def number_invoices(self):
        self.invoices.sort(key=lambda i: (i["issue"], i["client"]["idx"]))
        pl_seq, xero_seq = {}, 2100 + self.rng.randint(0, 500)
        for inv in self.invoices:
            if inv["client"]["region"] == "PL":
                k = (inv["issue"].year, inv["issue"].month)
                pl_seq[k] = pl_seq.get(k, 0) + 1
                inv["number"] = f"FV/{pl_seq[k]}/{inv['issue'].month:02d}/{inv['issue'].year}"
            else:
                xero_seq += 1
                inv["number"] = f"INV-{xero_seq}"

    # ---------------------------------------------------------------- messages
    def new_mid(self):
        self.mid_n += 1
        return f"<{self.rng.getrandbits(48):012x}.{self.mid_n}@{{dom}}>"

    def at(self, d, hour_lo=8, hour_hi=17):
        return dt.datetime(d.year, d.month, d.day, self.rng.randint(hour_lo, hour_hi), self.rng.randint(0, 59),
                           self.rng.randint(0, 59))

    def reply_delay(self, c, st, when):
        rng, p = self.rng, c["p"]
        in_phase = (self.as_of - when.date()).days <= p["phase_days"] if c["archetype"] == "RECOVER" else True
        if p["reply_h"] and in_phase:
            med, sig = p["reply_h"]
            h = rng.lognormvariate(math.log(med), sig)
        elif c["archetype"] == "RECOVER":
            h = rng.lognormvariate(math.log(9), 0.8)
        else:
            h = rng.lognormvariate(math.log(2.5 * st["speed"]), 0.9)
        h = min(h, 24 * 12)
        r = when + dt.timedelta(hours=h)
        if r.hour >= 19 or r.hour < 7:
            r = dt.datetime(r.year, r.month, r.day, rng.randint(7, 9), rng.randint(0, 59)) + \
                (dt.timedelta(days=1) if r.hour >= 19 else dt.timedelta())
        while r.weekday() >= 5:
            r += dt.timedelta(days=1)
        return r

    def pick_category(self, c, to_owner, when, contact):
        rng, p, a, s = self.rng, c["p"], c["archetype"], c["strength"]
        days_left = (self.as_of - when.date()).days
        base = [("routine", 40), ("question", 25), ("friendly", 14), ("praise", 7), ("demand", 6),
                ("service_complaint", 3)]
        if a == "RESET" and to_owner and days_left <= p["phase_days"]:
            if rng.random() < 0.3 + 0.5 * s:
                return "person_complaint"
        if a == "REASSIGN" and to_owner and days_left <= p["phase_days"]:
            if rng.random() < 0.45 + 0.4 * s:
                return "person_complaint"
        if a == "REASSIGN" and not to_owner:
            base = [("routine", 30), ("question", 20), ("friendly", 28), ("praise", 18)]
        if a == "RESET" and not to_owner:
            base = [("routine", 35), ("question", 22), ("friendly", 25), ("praise", 12)]
        if a == "RECOVER" and days_left <= p["phase_days"]:
            r = rng.random()
            if r < 0.22 + 0.35 * s:
                return "service_complaint"
            if r < 0.37 + 0.5 * s:
                return "repeat"
            if days_left < 40 and s > 0.55 and rng.random() < 0.25:
                return "threat"
        if a == "RENEGOTIATE":
            if rng.random() < 0.22 + 0.22 * s:
                return "demand"
        if p["hostile"]:
            r = rng.random()
            if r < p["hostile"]:
                return "hostile"
            if r < p["hostile"] + 0.07 + 0.08 * s:
                return "threat"
            if r < p["hostile"] + 0.3:
                return rng.choice(["demand", "service_complaint"])
        if a == "watch_mixed":
            if p["mix"] == "late_and_grumble" and rng.random() < 0.07:
                return "service_complaint"
            if p["mix"] == "thin_margin_person" and rng.random() < 0.12:
                return rng.choice(["demand", "person_complaint"] if to_owner else ["demand"])
        if a == "keep_contact_not_decision_maker":
            if contact["role"] == "director":
                return rng.choice(["praise", "friendly", "routine"])
            if rng.random() < 0.25:
                return rng.choice(["demand", "question", "question"])
        if a == "keep_slow_replies_happy" and rng.random() < 0.12:
            return "praise"
        cats, w = zip(*base)
        return rng.choices(cats, w)[0]

    def reply_tone(self, c, st, cat):
        rng, a = self.rng, c["archetype"]
        if st["curt"]:
            return "reply_curt" if rng.random() < 0.75 else "reply_normal"
        if cat in ("service_complaint", "repeat", "threat"):
            return rng.choice(["reply_apologetic", "reply_apologetic", "reply_normal", "reply_defensive"])
        if cat == "person_complaint":
            if a == "REASSIGN":
                return rng.choice(["reply_defensive", "reply_defensive", "reply_person_ack", "reply_curt"])
            return rng.choice(["reply_defensive", "reply_person_ack", "reply_person_ack", "reply_apologetic"])
        if cat == "hostile":
            return rng.choice(["reply_defensive", "reply_apologetic", "reply_normal"])
        if cat == "demand" and a == "RENEGOTIATE":
            return rng.choice(["reply_demand_accept", "reply_demand_accept", "reply_demand_accept", "reply_normal"])
        if cat == "demand":
            return rng.choice(["reply_demand_accept", "reply_normal", "reply_normal"])
        if cat in ("friendly", "praise") and rng.random() < 0.8:
            return "reply_thanks"
        return "reply_normal" if rng.random() < 0.95 else "reply_curt"

    def run_mail(self):
        rng = self.rng
        for c in self.clients:
            p, a = c["p"], c["archetype"]
            for m in self.months():
                mend = add_months(m, 1) - dt.timedelta(days=1)
                lam = c["lam"]
                if a == "watch_new":
                    lam *= 0.5
                if a == "RECOVER" and c["strength"] > 0.6 and (self.as_of - m).days < 40:
                    lam *= 0.5
                n = poisson(rng, lam)
                for _ in range(n):
                    d = self.rand_workday(m)
                    if not self.active(c, d):
                        continue
                    self.thread(c, d)
                # our proactive status mail
                if rng.random() < 0.6:
                    d = self.rand_workday(m)
                    if self.active(c, d):
                        self.status_mail(c, d)
            if p["seasonal"]:
                d = next_workday(self.as_of - dt.timedelta(days=p["seasonal"] + rng.randint(1, 6)))
                if d >= c["start"]:
                    self.single(c, c["contacts"][0], c["owner"], "permit_wait", self.at(d), incoming=True)
                d2 = d - dt.timedelta(days=365)
                if d2 >= max(c["start"], self.wstart):
                    self.single(c, c["contacts"][0], c["owner"], "permit_wait", self.at(next_workday(d2)),
                                incoming=True)
        self.reminders()
        self.guarantee()

    def count(self, c, cat, within, owner=None):
        n = 0
        for m in self.msgs:
            if m["client"] is c and m["incoming"] and m["cat"] == cat and (self.as_of - m["when"].date()).days <= within:
                if owner is None or (m["staff"] is c["owner"]) == owner:
                    n += 1
        return n

    def force(self, c, cat, within, need, owner=None, lo=0):
        have = self.count(c, cat, within, owner)
        tries = 0
        while have < need and tries < 50:
            tries += 1
            d = next_workday(self.as_of - dt.timedelta(days=self.rng.randint(lo + 2, within)))
            if d > self.as_of or not self.active(c, d):
                continue
            self.thread(c, d, force_cat=cat, force_owner=owner if owner is not None else self.rng.random() < 0.5)
            have = self.count(c, cat, within, owner)

    def guarantee(self):
        """Minimum evidence so that even weak cases carry the signal they were built to show."""
        for c in self.clients:
            a, s, p = c["archetype"], c["strength"], c["p"]
            if a == "RESET":
                self.force(c, "person_complaint", p["phase_days"], 2 + (s > 0.6), owner=True)
            elif a == "REASSIGN":
                third = p["phase_days"] // 3
                for k in range(3):  # spread across the whole ~9 months
                    self.force(c, "person_complaint", third * (k + 1), 2 * (k + 1) + (s > 0.6), owner=True,
                               lo=third * k)
            elif a == "RECOVER":
                self.force(c, "service_complaint", p["phase_days"], 2 + (s > 0.5))
                self.force(c, "repeat", p["phase_days"], 1 + (s > 0.5))
            elif a == "RELEASE" or a == "hostile_but_profitable":
                self.force(c, "hostile", 300, 3, owner=True)
                self.force(c, "hostile", 300, 2, owner=False)
            elif a == "RENEGOTIATE":
                self.force(c, "demand", 240, 3 + int(2 * s))

    def ctx(self, c, st, contact, when):
        rng = self.rng
        pl = c["lang"] == "pl"
        other = rng.choice([x for x in c["colleagues"] + [c["owner"]] if x is not st] or [st])
        deadline = when.date() + dt.timedelta(days=rng.randint(3, 20))
        past = when.date() - dt.timedelta(days=rng.randint(3, 25))
        return dict(first=st["first"], client_first=contact["first"], project=rng.choice(c["projects"]),
                    doc=rng.choice(DOCS_PL if pl else DOCS_EN), doc2=rng.choice(DOCS_PL if pl else DOCS_EN),
                    date=deadline.strftime("%d.%m" if pl else "%d %B"),
                    past=past.strftime("%d.%m" if pl else "%d %B"),
                    n=rng.randint(2, 9), colleague=other["first"], owner=c["owner"]["first"],
                    company=c["legal"].split(" Sp.")[0].split(" S.A.")[0], pct=rng.choice([10, 15, 20, 25]),
                    hours=rng.choice([6, 8, 12, 16, 20, 24, 30]))

    def thread(self, c, d, force_cat=None, force_owner=None):
        rng = self.rng
        a = c["archetype"]
        contact = c["contacts"][0]
        r = rng.random()
        if r < 0.15:
            contact = c["contacts"][1]
        elif r < 0.27:
            contact = c["contacts"][2]
        p_owner = 0.5
        days_left = (self.as_of - d).days
        if a == "REASSIGN" and days_left <= c["p"]["phase_days"]:
            p_owner = 0.35
        if a == "keep_contact_not_decision_maker":
            contact = c["contacts"][1] if rng.random() < 0.15 else c["contacts"][0]
        to_owner = rng.random() < p_owner or not c["colleagues"]
        if force_owner is not None:
            to_owner = force_owner or not c["colleagues"]
        st = c["owner"] if to_owner else rng.choice(c["colleagues"])
        when = self.at(d)
        cat = force_cat or self.pick_category(c, to_owner, when, contact)
        cc = []
        if not to_owner and rng.random() < 0.3 and cat != "person_complaint":
            cc = [c["owner"]]
        elif to_owner and c["colleagues"] and rng.random() < 0.2 and cat != "person_complaint":
            cc = [rng.choice(c["colleagues"])]
        if cat == "hostile" and rng.random() < 0.3:
            cc.append(self.partner)
        ctx = self.ctx(c, st, contact, when)
        first = self.emit(c, contact, st, cat, when, ctx, incoming=True, cc=cc)
        prev = first
        if cat == "repeat":
            # the same question again and again, quoting the earlier mail
            n_rep = rng.randint(1, 3 if c["strength"] > 0.5 else 2)
            t = when
            for _ in range(n_rep):
                t = t + dt.timedelta(days=rng.randint(3, 7), hours=rng.randint(-2, 2))
                while t.weekday() >= 5:
                    t += dt.timedelta(days=1)
                if t.date() > self.as_of:
                    return
                prev = self.emit(c, contact, st, "repeat_again", t, ctx, incoming=True, cc=cc, reply_to=prev)
            if rng.random() < c["p"]["noreply"] * 1.5:
                return
        elif rng.random() < c["p"]["noreply"] and cat in ("question", "service_complaint", "routine"):
            return
        rt = self.reply_delay(c, st, prev["when"])
        if rt.date() > self.as_of:
            return
        tone = self.reply_tone(c, st, cat)
        responder = st
        if cat in ("threat", "hostile") and rng.random() < (0.35 if cat == "threat" else 0.1):
            responder = self.partner
            tone = rng.choice(["reply_apologetic", "reply_normal", "reply_defensive"])
        rep = self.emit(c, contact, responder, tone, rt, ctx, incoming=False, cc=cc + ([st] if responder is not st else []),
                        reply_to=prev)
        # sometimes the client answers back
        if rng.random() < 0.25:
            t2 = rep["when"] + dt.timedelta(hours=rng.uniform(1, 30))
            if t2.date() <= self.as_of:
                if cat in ("hostile", "threat") and rng.random() < 0.7:
                    cat2 = "hostile"
                elif cat == "person_complaint" and rng.random() < 0.6:
                    cat2 = "person_complaint"
                else:
                    cat2 = "thanks"
                self.emit(c, contact, st, cat2, t2, ctx, incoming=True, cc=cc, reply_to=rep)

    def single(self, c, contact, st, cat, when, incoming):
        ctx = self.ctx(c, st, contact, when)
        return self.emit(c, contact, st, cat, when, ctx, incoming=incoming)

    def status_mail(self, c, d):
        rng = self.rng
        st = c["owner"] if rng.random() < 0.5 or not c["colleagues"] else rng.choice(c["colleagues"])
        contact = c["contacts"][0]
        when = self.at(d)
        ctx = self.ctx(c, st, contact, when)
        cat = "status_curt" if st["curt"] and rng.random() < 0.6 else "status"
        m = self.emit(c, contact, st, cat, when, ctx, incoming=False)
        if rng.random() < 0.3:
            t2 = m["when"] + dt.timedelta(hours=rng.uniform(1, 48))
            if t2.date() <= self.as_of:
                a = c["archetype"]
                if c["p"]["hostile"] and rng.random() < c["p"]["hostile"]:
                    cat2 = "hostile"
                elif a in ("RESET", "REASSIGN") and st is c["owner"] and \
                        (self.as_of - d).days <= c["p"]["phase_days"] and rng.random() < 0.5:
                    cat2 = "person_complaint"
                else:
                    cat2 = "thanks"
                self.emit(c, contact, st, cat2, t2, ctx, incoming=True, reply_to=m)

    def reminders(self):
        rng = self.rng
        om = self.office_mgr
        for inv in self.invoices:
            c = inv["client"]
            d = inv["due"] + dt.timedelta(days=rng.randint(7, 12))
            late = (inv["paid_on"] is None and d <= self.as_of) or (inv["paid_on"] and inv["paid_on"] > d)
            if not late or d > self.as_of:
                continue
            d = next_workday(d)
            contact = c["contacts"][1] if rng.random() < 0.5 else c["contacts"][0]
            when = self.at(d)
            ctx = self.ctx(c, om, contact, when)
            ctx.update(inv=inv["number"], amount=f"{inv['gross']:,.2f}".replace(",", " "), cur=inv["currency"],
                       due=inv["due"].strftime("%d.%m.%Y"))
            m = self.emit(c, contact, om, "reminder", when, ctx, incoming=False, cc=[c["owner"]])
            t2 = m["when"] + dt.timedelta(hours=rng.uniform(2, 72))
            if t2.date() <= self.as_of:
                cat2 = "hostile" if c["p"]["hostile"] and rng.random() < 0.6 else "reminder_ack"
                self.emit(c, contact, om, cat2, t2, ctx, incoming=True, reply_to=m)

    def emit(self, c, contact, st, cat, when, ctx, incoming, cc=None, reply_to=None):
        rng = self.rng
        lang = c["lang"]
        subj, body = T.compose(rng, lang, cat, ctx, incoming=incoming,
                               sender=contact if incoming else st, client=c, staff=st,
                               reply_to=reply_to)
        mid = self.new_mid().replace("{dom}", c["domain"] if incoming else AGENCY["domain"])
        msg = dict(client=c, contact=contact, staff=st, incoming=incoming, when=when, cat=cat,
                   subject=subj, body=body, mid=mid, cc=list(cc or []),
                   in_reply_to=reply_to["mid"] if reply_to else None,
                   refs=((reply_to.get("refs") or []) + [reply_to["mid"]]) if reply_to else [])
        self.msgs.append(msg)
        return msg


# ----------------------------------------------------------------------------- writers
def w_csv(path, header, rows, encoding="utf-8", delimiter=","):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def money(x, comma=False):
    s = f"{x:.2f}"
    return s.replace(".", ",") if comma else s


def write_fakturownia(sim, out, rng):
    invs = [i for i in sim.invoices if i["client"]["region"] == "PL"]
    by_year = {}
    for i in invs:
        by_year.setdefault(i["issue"].year, []).append(i)
    fid = rng.randint(300000000, 400000000)
    for y, lst in by_year.items():
        rows = []
        for i in lst:
            fid += rng.randint(1, 40)
            c = i["client"]
            if i["paid_on"] is None:
                status = "sent" if rng.random() < 0.7 else "issued"
            elif i["paid"] < i["gross"] - 0.005:
                status = "partial"
            else:
                status = "paid"
            name = c["legal"] if rng.random() < 0.85 else c["legal"].upper()
            rows.append({
                "id": fid, "number": i["number"], "kind": "vat", "issue_date": i["issue"].isoformat(),
                "sell_date": (add_months(i["period"], 1) - dt.timedelta(days=1)).isoformat(),
                "payment_to": i["due"].isoformat(),
                "paid_date": i["paid_on"].isoformat() if i["paid_on"] else None,
                "status": status, "buyer_name": name, "buyer_tax_no": c["nip"] if rng.random() < 0.9 else
                f"{c['nip'][:3]}-{c['nip'][3:6]}-{c['nip'][6:8]}-{c['nip'][8:]}",
                "buyer_email": c["contacts"][1]["email"], "price_net": money(i["net"]),
                "price_gross": money(i["gross"]), "price_tax": money(i["gross"] - i["net"]),
                "paid": money(i["paid"]), "currency": "PLN", "lang": "pl",
                "description": f"Usługi projektowe – {i['project']}",
                "seller_name": AGENCY["name"], "seller_tax_no": sim.agency_nip,
            })
        p = os.path.join(out, "invoices_pl", f"fakturownia_invoices_{y}.json")
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)


def write_ksef(sim, out, rng, since):
    d = os.path.join(out, "invoices_pl", "ksef")
    os.makedirs(d, exist_ok=True)
    for i in sim.invoices:
        c = i["client"]
        if c["region"] != "PL" or i["issue"] < since:
            continue
        nm = c["legal"].replace("Sp. z o.o.", "Spółka z ograniczoną odpowiedzialnością") \
            if rng.random() < 0.5 else c["legal"]
        net, gross = i["net"], i["gross"]
        x = f"""<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{i['issue'].isoformat()}T{rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}:00Z</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{sim.agency_nip}</NIP>
      <Nazwa>{AGENCY['name']}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Długie Ogrody 12</AdresL1>
      <AdresL2>80-765 Gdańsk</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{c['nip']}</NIP>
      <Nazwa>{xml_esc(nm)}</Nazwa>
    </DaneIdentyfikacyjne>
    <JST>2</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>{i['issue'].isoformat()}</P_1>
    <P_2>{i['number']}</P_2>
    <P_6>{(add_months(i['period'], 1) - dt.timedelta(days=1)).isoformat()}</P_6>
    <P_13_1>{net:.2f}</P_13_1>
    <P_14_1>{gross - net:.2f}</P_14_1>
    <P_15>{gross:.2f}</P_15>
    <Adnotacje>
      <P_16>2</P_16>
      <P_17>2</P_17>
      <P_18>2</P_18>
      <P_18A>2</P_18A>
      <Zwolnienie><P_19N>1</P_19N></Zwolnienie>
      <NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu>
      <P_23>2</P_23>
      <PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy>
    </Adnotacje>
    <RodzajFaktury>VAT</RodzajFaktury>
    <FaWiersz>
      <NrWierszaFa>1</NrWierszaFa>
      <P_7>{xml_esc('Usługi projektowe – ' + i['project'])}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{net:.2f}</P_9A>
      <P_11>{net:.2f}</P_11>
      <P_12>23</P_12>
    </FaWiersz>
    <Platnosc>
      <TerminPlatnosci>
        <Termin>{i['due'].isoformat()}</Termin>
      </TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>{sim.agency_iban}</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
"""
        fn = i["number"].replace("/", "_") + ".xml"
        with open(os.path.join(d, f"{sim.agency_nip}-{i['issue'].strftime('%Y%m%d')}-{fn}"), "w",
                  encoding="utf-8") as f:
            f.write(x)


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


XERO_HEADER = ["ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3",
               "POAddressLine4", "POCity", "PORegion", "POPostalCode", "POCountry", "SAAddressLine1",
               "SAAddressLine2", "SAAddressLine3", "SAAddressLine4", "SACity", "SARegion", "SAPostalCode",
               "SACountry", "InvoiceNumber", "Reference", "InvoiceDate", "DueDate", "PlannedDate", "Total",
               "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue", "InventoryItemCode", "Description",
               "Quantity", "UnitAmount", "Discount", "LineAmount", "AccountCode", "TaxType", "TaxAmount",
               "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2", "Currency", "Type",
               "Sent", "Status"]
COUNTRY = {"DE": "Germany", "SE": "Sweden", "DK": "Denmark", "NO": "Norway", "UK": "United Kingdom"}


def write_xero_and_bank(sim, out, rng):
    rows, pays = [], []
    for i in sim.invoices:
        c = i["client"]
        if c["region"] == "PL":
            continue
        fd = lambda d: d.strftime("%d/%m/%Y")
        paid = i["paid"]
        status = "PAID" if paid >= i["gross"] - 0.005 else "AUTHORISED"
        # split in 1-2 line items: design + supervision
        lines = [(i["net"], "Design services")]
        if rng.random() < 0.4 and i["net"] > 500:
            a1 = round(i["net"] * rng.uniform(0.5, 0.8), 2)
            lines = [(a1, "Design services"), (round(i["net"] - a1, 2), "Site supervision (hourly)")]
        name = c["legal"]
        if rng.random() < 0.1:
            name = name.replace(" GmbH", " GmbH ").rstrip()
        for amt, desc in lines:
            disc = c["p"]["discount"] * 100
            gross_line = amt / (1 - c["p"]["discount"]) if disc else amt
            tax = round(amt * i["vat"], 2)
            rows.append([name, c["contacts"][1]["email"], "", "", "", "", "", "", "", COUNTRY[c["region"]],
                         "", "", "", "", "", "", "", "", i["number"], i["project"], fd(i["issue"]), fd(i["due"]),
                         "", money(i["gross"]), money(i["gross"] - i["net"]), money(paid),
                         money(i["gross"] - paid), "", f"{desc} – {i['project']} ({i['period'].strftime('%b %Y')})",
                         "1.00", money(gross_line), f"{disc:.2f}" if disc else "", money(amt), "200",
                         "20% (VAT on Income)" if i["vat"] else "Zero Rated EC Services", money(tax),
                         "Office", "Hamburg", "", "", i["currency"], "Sales invoice", "Sent", status])
        if i["paid_on"]:
            pays.append([i["number"], i["paid_on"].isoformat(), money(paid), i["currency"],
                         f"HASPA-{rng.randint(10 ** 8, 10 ** 9)}"])
    w_csv(os.path.join(out, "invoices_hh", "xero_invoices_export.csv"), XERO_HEADER, rows)
    pays.sort(key=lambda r: r[1])
    w_csv(os.path.join(out, "invoices_hh", "haspa_incoming_payments.csv"),
          ["invoice_number", "paid_on", "amount", "currency", "id"], pays)


HARVEST_HEADER = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded",
                  "Billable?", "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?",
                  "Billable Rate", "Billable Amount", "Cost Rate", "Cost Amount", "Currency",
                  "External Reference URL"]
CLOCKIFY_HEADER = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable",
                   "Start Date", "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)",
                   "Billable Rate (EUR)", "Billable Amount (EUR)", "Cost Rate (EUR)", "Cost Amount (EUR)"]


def fx_eur(cur):
    return {"EUR": 1.0, "PLN": 1 / 4.26, "SEK": 1 / 11.0, "DKK": 1 / 7.46, "NOK": 1 / 11.6, "GBP": 1.16}[cur]


def write_time(sim, out, rng):
    hv, ck = [], []
    for e in sorted(sim.time, key=lambda e: (e["date"], e["staff"]["name"])):
        c, st = e["client"], e["staff"]
        short = c["stem"] if rng.random() < 0.7 else c["legal"].replace(" Sp. z o.o.", "").replace(" S.A.", "")
        if st["office"] == "GD":
            fn, ln = st["name"].split(" ", 1)
            hrs = e["hours"]
            hv.append([e["date"].strftime("%d.%m.%Y"), short, e["project"],
                       f"P{c['idx'] + 100:03d}", e["task"], e["desc"], money(hrs, True), money(hrs, True),
                       "Yes" if e["billable"] else "No", "Yes" if e["billable"] else "No", "Yes", fn, ln,
                       st["role"], "Yes", money(c["rate"], True) if e["billable"] else "0,00",
                       money(c["rate"] * hrs if e["billable"] else 0, True), money(st["cost_rate"], True),
                       money(st["cost_rate"] * hrs, True), HARVEST_CUR[c["currency"]], ""])
        else:
            start = dt.datetime(e["date"].year, e["date"].month, e["date"].day, rng.randint(7, 10),
                                rng.choice([0, 15, 30, 45]))
            end = start + dt.timedelta(hours=e["hours"])
            hh = int(e["hours"])
            mm = int(round((e["hours"] - hh) * 60))
            rate_eur = round(c["rate"] * fx_eur(c["currency"]), 2)
            ck.append([e["project"], c["legal"] if rng.random() < 0.5 else short, e["desc"], e["task"],
                       st["name"], "Hamburg", st["email"], "", "Yes" if e["billable"] else "No",
                       start.strftime("%Y-%m-%d"), start.strftime("%H:%M:%S"), end.strftime("%Y-%m-%d"),
                       end.strftime("%H:%M:%S"), f"{hh:02d}:{mm:02d}:00", f"{e['hours']:.2f}",
                       money(rate_eur if e["billable"] else 0), money(rate_eur * e["hours"] if e["billable"] else 0),
                       money(st["cost_rate"]), money(st["cost_rate"] * e["hours"])])
    w_csv(os.path.join(out, "time", "harvest_time_report_gdansk.csv"), HARVEST_HEADER, hv)
    w_csv(os.path.join(out, "time", "clockify_detailed_hamburg.csv"), CLOCKIFY_HEADER, ck)


def write_hubspot(sim, out, rng):
    rows = []
    for c in sim.clients:
        last = max([m["when"] for m in sim.msgs if m["client"] is c] or [dt.datetime.combine(c["start"], dt.time(9))])
        nm = c["legal"]
        r = rng.random()
        if r < 0.4:
            for lf in (" Sp. z o.o. Sp. k.", " Sp. z o.o.", " S.A.", " Sp. j.", " GmbH", " AG", " Ltd", " AB", " AS", " A/S"):
                nm = nm.replace(lf, "")
        elif r < 0.5:
            nm = nm.upper()
        created = dt.datetime.combine(max(c["start"] - dt.timedelta(days=rng.randint(5, 60)),
                                          dt.date(2019, 1, 1)), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        rows.append([c["hubspot_id"], nm, c["domain"], c["owner"]["name"], created.strftime("%Y-%m-%d %H:%M"),
                     last.strftime("%Y-%m-%d %H:%M")])
    w_csv(os.path.join(out, "crm", "hubspot-crm-exports-all-companies.csv"),
          ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date",
           "Last Activity Date"], rows)


def tz_for(when, region):
    # CET/CEST approximation (last Sunday March .. last Sunday October); UK one hour less
    y = when.year
    mar = max(dt.date(y, 3, d) for d in range(25, 32) if dt.date(y, 3, d).weekday() == 6)
    octo = max(dt.date(y, 10, d) for d in range(25, 32) if dt.date(y, 10, d).weekday() == 6)
    off = 2 if mar <= when.date() < octo else 1
    if region == "UK":
        off -= 1
    return dt.timezone(dt.timedelta(hours=off))


def build_email(m, rng):
    c, st, ct = m["client"], m["staff"], m["contact"]
    msg = EmailMessage()
    us = eutils.formataddr((st["name"], st["email"]))
    them = eutils.formataddr((ct["name"], ct["email"]))
    if m["incoming"]:
        msg["From"], msg["To"] = them, us
        region = c["region"]
    else:
        msg["From"], msg["To"] = us, them
        region = "PL" if st["office"] == "GD" else "DE"
    if m["cc"]:
        msg["Cc"] = ", ".join(eutils.formataddr((x["name"], x["email"])) for x in m["cc"])
    msg["Subject"] = m["subject"]
    msg["Date"] = eutils.format_datetime(m["when"].replace(tzinfo=tz_for(m["when"], region)))
    msg["Message-ID"] = m["mid"]
    if m["in_reply_to"]:
        msg["In-Reply-To"] = m["in_reply_to"]
        msg["References"] = " ".join(m["refs"][-6:])
    body = m["body"]
    cs = "utf-8"
    if c["lang"] == "pl":
        cs = rng.choices(["utf-8", "iso-8859-2", "windows-1250"], [6, 2, 2])[0]
        try:
            body.encode(cs)
        except UnicodeEncodeError:
            cs = "utf-8"
    cte = rng.choice(["quoted-printable", "base64", "8bit"]) if cs != "utf-8" or rng.random() < 0.5 else None
    if cte:
        msg.set_content(body, charset=cs, cte=cte)
    else:
        msg.set_content(body, charset=cs)
    if rng.random() < 0.3:
        msg["X-Mailer"] = rng.choice(["Microsoft Outlook 16.0", "Apple Mail (2.3774)", "Thunderbird 128.3.1"])
    return msg


def write_mail(sim, out, rng):
    base = os.path.join(out, "mail")
    os.makedirs(base, exist_ok=True)
    boxes = {}
    counters = {}
    for m in sorted(sim.msgs, key=lambda m: m["when"]):
        msg = build_email(m, rng)
        data = msg.as_bytes(policy=policy.default)
        ours = [m["staff"]] + m["cc"]
        seen = set()
        for st in ours:
            if st["email"] in seen:
                continue
            seen.add(st["email"])
            local = st["email"].split("@")[0]
            if st["office"] == "HH":
                boxes.setdefault(local, []).append((data, m["when"], (m["contact"] if m["incoming"] else m["staff"])["email"]))
            else:
                folder = "Inbox" if m["incoming"] == (st is m["staff"]) or st is not m["staff"] else "Sent Items"
                if not m["incoming"] and st is m["staff"]:
                    folder = "Sent Items"
                d = os.path.join(base, local, folder)
                os.makedirs(d, exist_ok=True)
                counters[(local, folder)] = counters.get((local, folder), 0) + 1
                subj = "".join(ch for ch in fold(m["subject"]) if ch.isalnum() or ch in " -_")[:40].strip()
                fn = f"{m['when'].strftime('%Y%m%d_%H%M')}_{counters[(local, folder)]:05d}_{subj}.eml"
                with open(os.path.join(d, fn), "wb") as f:
                    f.write(data)
    for local, lst in boxes.items():
        p = os.path.join(base, f"hamburg_{local}.mbox")
        mb = mailbox.mbox(p, create=True)
        mb.lock()
        for data, when, frm in lst:
            mm = mailbox.mboxMessage(data)
            mm.set_from(frm, when.timetuple())
            mb.add(mm)
        mb.flush()
        mb.unlock()
        mb.close()


def write_rates(sim, out, rng):
    start = dt.date(sim.wstart.year - (1 if sim.wstart.month == 1 else 0), 1, 1) - dt.timedelta(days=10)
    d = start
    cur = dict(NBP_BASE)
    nbp_rows = {}
    ecb_rows = []
    tabno = {}
    while d <= sim.as_of:
        if d.weekday() < 5 and not (d.month == 1 and d.day == 1) and not (d.month == 12 and d.day in (25, 26)):
            for k in cur:
                cur[k] *= math.exp(rng.gauss(0, 0.0035))
            y = d.year
            tabno[y] = tabno.get(y, 0) + 1
            nbp_rows.setdefault(y, []).append((d, dict(cur), tabno[y]))
            eur = cur["EUR"]
            ecb_rows.append((d, {"PLN": eur, "USD": eur / cur["USD"], "GBP": eur / cur["GBP"],
                                 "CHF": eur / cur["CHF"], "CZK": eur / cur["CZK"], "DKK": eur / cur["DKK"],
                                 "NOK": eur / cur["NOK"], "SEK": eur / cur["SEK"],
                                 "HUF": eur / cur["HUF"] * 100, "JPY": eur / cur["JPY"] * 100}))
        d += dt.timedelta(days=1)
    codes = ["USD", "EUR", "CHF", "GBP", "CZK", "DKK", "NOK", "SEK", "HUF", "JPY"]
    names = {"USD": "dolar amerykański", "EUR": "euro", "CHF": "frank szwajcarski", "GBP": "funt szterling",
             "CZK": "korona czeska", "DKK": "korona duńska", "NOK": "korona norweska", "SEK": "korona szwedzka",
             "HUF": "forint (Węgry)", "JPY": "jen (Japonia)"}
    os.makedirs(os.path.join(out, "rates"), exist_ok=True)
    for y, rows in nbp_rows.items():
        if y < sim.wstart.year - 1:
            continue
        hdr = ["data"] + [f"{NBP_UNITS.get(k, 1)}{k}" for k in codes] + ["nr tabeli", "pełny numer tabeli"]
        lines = [";".join(hdr)]
        for d, r, n in rows:
            vals = [f"{r[k]:.4f}".replace(".", ",") for k in codes]
            lines.append(";".join([d.strftime("%Y%m%d")] + vals + [str(n), f"{n:03d}/A/NBP/{y}"]))
        lines.append(";".join(["kod ISO"] + codes + ["", ""]))
        lines.append(";".join(["nazwa waluty"] + [names[k] for k in codes] + ["", ""]))
        lines.append(";".join(["liczba jednostek"] + [str(NBP_UNITS.get(k, 1)) for k in codes] + ["", ""]))
        with open(os.path.join(out, "rates", f"archiwum_tab_a_{y}.csv"), "w", encoding="cp1250", newline="") as f:
            f.write("\r\n".join(lines) + "\r\n")
    lines = ["Date," + ",".join(ECB_HEADER) + ","]
    for d, r in reversed(ecb_rows):
        vals = []
        for k in ECB_HEADER:
            if k in r:
                v = r[k]
                vals.append(f"{v:.4f}" if v < 100 else f"{v:.2f}")
            else:
                vals.append("N/A")
        lines.append(d.isoformat() + "," + ",".join(vals) + ",")
    with open(os.path.join(out, "rates", "eurofxref-hist.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------- truth
PLN_APPROX = {"PLN": 1.0, "EUR": 4.26, "SEK": 0.389, "DKK": 0.571, "NOK": 0.366, "GBP": 4.95}


def client_stats(sim, c):
    """Facts as built (approximate, PLN at fixed rates) - for the truth file, not for any decision rule."""
    invs = [i for i in sim.invoices if i["client"] is c]
    fx = PLN_APPROX[c["currency"]]
    rev = sum(i["net"] for i in invs) * fx
    cost = 0.0
    hours = nb = 0.0
    for e in sim.time:
        if e["client"] is c:
            cr = e["staff"]["cost_rate"] * (4.26 if e["staff"]["cost_currency"] == "EUR" else 1.0)
            cost += cr * e["hours"]
            hours += e["hours"]
            nb += 0 if e["billable"] else e["hours"]
    paid = [i for i in invs if i["paid_on"]]
    w = sum(i["gross"] for i in paid) or 1
    late = sum(max(0, (i["paid_on"] - i["due"]).days) * i["gross"] for i in paid) / w
    overdue = sum(1 for i in invs if not i["paid_on"] and i["due"] < sim.as_of)
    by_id = {m["mid"]: m for m in sim.msgs}
    cats, tones, delays = {}, {}, []
    for m in sim.msgs:
        if m["client"] is not c:
            continue
        if m["incoming"]:
            cats[m["cat"]] = cats.get(m["cat"], 0) + 1
        else:
            tones[m["cat"]] = tones.get(m["cat"], 0) + 1
            par = by_id.get(m["in_reply_to"])
            if par and par["incoming"]:
                delays.append((m["when"] - par["when"]).total_seconds() / 3600)
    delays.sort()
    return dict(revenue_net_pln=round(rev), cost_pln=round(cost), margin=round((rev - cost) / rev, 3) if rev else None,
                hours=round(hours, 1), nonbillable_share=round(nb / hours, 3) if hours else None,
                n_invoices=len(invs), avg_days_late_weighted=round(late, 1), overdue_unpaid=overdue,
                incoming_by_category=cats, outgoing_by_category=tones,
                median_reply_hours=round(delays[len(delays) // 2], 1) if delays else None,
                n_messages=sum(cats.values()) + sum(tones.values()))


NOTES = {
    "keep": "healthy account: profitable, pays roughly on time, ordinary ups and downs",
    "keep_curt_owner": "owner {owner} writes curtly to all of their clients; this client is healthy -> KEEP",
    "keep_slow_replies_happy": "our replies are slow (median ~{rh:.0f} h) but the client is content, no complaints -> KEEP",
    "keep_big_late_payer": "large framework client, pays {late0}-{late1} days after due, but high revenue and margin -> KEEP",
    "keep_seasonal_silence": "quiet for the last {sea} days waiting for a building permit (same pause a year earlier, announced by the client) -> KEEP",
    "keep_contact_not_decision_maker": "day-to-day contact (site coordinator) sends many demands/questions; the director who decides is content and praises; business healthy -> KEEP",
    "hostile_but_profitable": "hostile/rough with everyone (hostility share {h:.2f}) but profitable and pays on time. Decision: KEEP when conduct is rough but not abusive (strength<0.6) because 'not liking a client does not make them unprofitable'; WATCH when conduct becomes abusive/threatening (strength>=0.6) because money says keep while conduct says release - mixed signals",
    "RESET": "long good history; last {ph} days the client's mails to owner {owner} turned to complaints about {owner} personally (polite, about listening/lecturing/promises); warm with colleagues; business healthy",
    "REASSIGN": "for the last ~{ph} days most of the client's mails to owner {owner} are about {owner} personally; warm with colleague(s) {cols}; business healthy -> hand to a colleague",
    "RECOVER": "our service fails: for the last {ph} days slow first replies (median ~{rh:.0f} h vs a few hours for others), unanswered repeated questions (no-reply p={nr:.2f}), complaints about missed deadlines; payments and margin fine",
    "RENEGOTIATE": "effort factor {ef:.2f} (hours actually spent per billed hour), non-billable revisions, scope-creep and discount demands (discount {disc:.0%}); conduct friendly",
    "RELEASE": "hostile with everyone (hostility share {h:.2f}), pays {late0}-{late1} days late, partial payments, effort factor {ef:.2f} (margin ~0 or negative)",
    "watch_new": "new client since {start}: few months of history, few invoices and messages",
    "watch_mixed": "mixed signals ({mix}): neither clearly healthy nor clearly a problem",
}


def truth(sim, out, args, as_of, wstart, curt):
    rows, cj = [], []
    for c in sim.clients:
        p = c["p"]
        rh = p["reply_h"][0] if p["reply_h"] else 3
        note = NOTES[c["archetype"]].format(owner=c["owner"]["name"], rh=rh, late0=p["late"][0], late1=p["late"][1],
                                            sea=p["seasonal"], h=p["hostile"], ph=p["phase_days"],
                                            cols=", ".join(x["name"] for x in c["colleagues"]), nr=p["noreply"],
                                            ef=p["ef"], disc=p["discount"], start=c["start"], mix=p["mix"])
        note += f"; strength={c['strength']}"
        rows.append([c["legal"], ("PL" + c["nip"]) if c["nip"] else "", c["domain"], p["expected"],
                     c["archetype"], c["owner"]["name"], note])
        cj.append(dict(client_name=c["legal"], tax_id=c["nip"], domain=c["domain"], region=c["region"],
                       currency=c["currency"], expected_decision=p["expected"], archetype=c["archetype"],
                       strength=c["strength"], owner=c["owner"]["email"],
                       colleagues=[x["email"] for x in c["colleagues"]],
                       contacts=c["contacts"], start=c["start"].isoformat(), billing=c["billing"], rate=c["rate"],
                       terms_days=c["terms"], base_hours_month=round(c["base_hours"], 1), short_name=c["stem"],
                       hubspot_id=c["hubspot_id"], projects=c["projects"],
                       params={k: v for k, v in p.items()}, built=client_stats(sim, c)))
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
        w.writerows(rows)
    tj = dict(seed=args.seed, as_of=as_of.isoformat(), window_start=wstart.isoformat(),
              agency=dict(name=AGENCY["name"], name_hamburg=AGENCY["name_de"], domain=AGENCY["domain"],
                          nip=sim.agency_nip),
              reporting_currency="PLN", curt_staff=curt["email"],
              staff=[dict(name=s["name"], role=s["role"], email=s["email"], office=s["office"],
                          cost_rate=s["cost_rate"], cost_currency=s["cost_currency"], curt=s["curt"])
                     for s in sim.staff],
              clients=cj,
              files=sorted(os.path.relpath(os.path.join(dp, f), out) for dp, _, fs in os.walk(os.path.join(out, "exports"))
                           for f in fs if not f.endswith(".eml")),
              notes="Truth 'hostile_but_profitable' is KEEP for strength<0.6 and WATCH otherwise; see truth.csv notes.")
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=1, default=str)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed * 7919 + 17)
    as_of = dt.date(2026, rng.choice([9, 10, 11]), 1) + dt.timedelta(days=rng.randint(0, 27))
    months = rng.randint(12, 24)
    wstart = add_months(dt.date(as_of.year, as_of.month, 1), -months)
    staff = make_staff(rng)
    clients, curt = make_clients(rng, staff, as_of, wstart)
    sim = Sim(rng, staff, clients, as_of, wstart)
    sim.agency_nip = make_nip(random.Random(4242))
    sim.agency_iban = "".join(str(random.Random(99).randint(0, 9)) for _ in range(26))
    sim.run_money()
    sim.number_invoices()
    sim.run_mail()
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    ex = os.path.join(out, "exports")
    os.makedirs(ex)
    write_fakturownia(sim, ex, rng)
    write_ksef(sim, ex, rng, since=dt.date(2026, 4, 1))
    write_xero_and_bank(sim, ex, rng)
    write_time(sim, ex, rng)
    write_hubspot(sim, ex, rng)
    write_mail(sim, ex, rng)
    write_rates(sim, ex, rng)
    truth(sim, out, args, as_of, wstart, curt)
    cnt = {}
    for c in clients:
        cnt[c["p"]["expected"]] = cnt.get(c["p"]["expected"], 0) + 1
    print(f"seed {args.seed}: as_of {as_of} window_start {wstart} clients {len(clients)} "
          f"msgs {len(sim.msgs)} invoices {len(sim.invoices)} time {len(sim.time)} {cnt}")


if __name__ == "__main__":
    main()
