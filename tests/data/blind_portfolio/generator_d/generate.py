#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Blind portfolio generator D: a UK managed IT services and cyber-security provider with a
support desk in Krakow. Writes real-layout exports (Xero, Fakturownia JSON, KSeF FA(3) XML, bank
CSVs, Harvest, Clockify, Freshdesk tickets, HubSpot companies, mbox, NBP table A, ECB) plus the
truth (truth.csv, truth.json).

    python3 generate.py --seed 401 --out out/seed_401

Standard library only.
"""
import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import unicodedata
from email.header import Header
from email.mime.text import MIMEText
from email.mime.multipart import MIMEMultipart
from email.utils import formataddr, format_datetime, make_msgid

import msgs

D = dt.date
UTC = dt.timezone.utc
TZ_UK = dt.timezone(dt.timedelta(hours=0))
TZ_PL = dt.timezone(dt.timedelta(hours=1))

# ------------------------------------------------------------------------------------ helpers


def fold(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def slug(s):
    return re.sub(r"[^a-z0-9]", "", fold(s).lower())


def month_add(d, n):
    y, m = d.year, d.month - 1 + n
    y += m // 12
    m = m % 12 + 1
    return D(y, m, 1)


def workday(d):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def nip_valid(rng):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = sum(a * b for a, b in zip(w, digits)) % 11
        if c != 10:
            return "".join(map(str, digits)) + str(c)


def money(x):
    return "%.2f" % round(x + 1e-9, 2)


def typo(rng, text, p):
    if rng.random() > p:
        return text
    words = text.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not cand:
        return text
    i = rng.choice(cand)
    w = words[i]
    j = rng.randint(1, len(w) - 3)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


class SafeDict(dict):
    def __missing__(self, k):
        return "{" + k + "}"


# ------------------------------------------------------------------------------------ pools

AGENCIES = [
    ("Northgate Managed IT Ltd", "northgate-it.co.uk", "Manchester", "Northgate IT"),
    ("Aire Valley Technology Services Ltd", "airevalley-tech.co.uk", "Leeds", "Aire Valley Tech"),
    ("Irwell Cyber & IT Ltd", "irwellcyber.co.uk", "Manchester", "Irwell Cyber"),
    ("Kirkgate Networks Ltd", "kirkgatenetworks.co.uk", "Leeds", "Kirkgate Networks"),
    ("Ancoats Digital Support Ltd", "ancoats-digital.co.uk", "Manchester", "Ancoats Digital"),
]

UK_FIRST_M = ["Tom", "James", "Daniel", "Chris", "Matt", "Ben", "Gareth", "Liam", "Craig", "Adam",
              "Rob", "Stuart", "Ian", "Neil", "Owen", "Ryan", "Sam", "Joe", "Mark", "Paul"]
UK_FIRST_F = ["Sarah", "Emma", "Laura", "Rachel", "Sophie", "Hannah", "Nicola", "Amy", "Kirsty",
              "Jodie", "Claire", "Gemma", "Helen", "Lucy", "Becky", "Zoe", "Fiona", "Jess", "Kate", "Alison"]
UK_LAST = ["Hughes", "Whitworth", "Barlow", "Patel", "Kaur", "Shaw", "Holt", "Ashton", "Taylor",
           "Fletcher", "Greenwood", "Ramsden", "Hussain", "O'Neill", "Dawson", "Kershaw", "Lomax",
           "Booth", "Pickles", "Sutcliffe", "Butterworth", "Ahmed", "Walsh", "Crowther", "Haigh",
           "Entwistle", "Thorpe", "Mistry", "Birch", "Lees", "Ogden", "Nuttall", "Wilde", "Briggs"]
PL_FIRST_M = ["Michał", "Paweł", "Tomasz", "Krzysztof", "Piotr", "Łukasz", "Marcin", "Jakub",
              "Bartosz", "Grzegorz", "Wojciech", "Kamil", "Adrian", "Rafał", "Sebastian"]
PL_FIRST_F = ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Ewa",
              "Aleksandra", "Małgorzata", "Justyna", "Dorota", "Natalia"]
PL_LAST = [("Wójcik", "Wójcik"), ("Kowalski", "Kowalska"), ("Nowak", "Nowak"),
           ("Zieliński", "Zielińska"), ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"),
           ("Lewandowski", "Lewandowska"), ("Dąbrowski", "Dąbrowska"), ("Sikora", "Sikora"),
           ("Pawlak", "Pawlak"), ("Kaczmarek", "Kaczmarek"), ("Wróbel", "Wróbel"),
           ("Jabłoński", "Jabłońska"), ("Górecki", "Górecka"), ("Ślusarczyk", "Ślusarczyk"),
           ("Szymański", "Szymańska"), ("Kozłowski", "Kozłowska"), ("Pietrzak", "Pietrzak"),
           ("Gajewski", "Gajewska"), ("Żak", "Żak"), ("Michalski", "Michalska"), ("Bąk", "Bąk")]

UK_STEMS = ["Ashworth", "Pennine", "Hollins", "Calder", "Redfern", "Moorside", "Tameside", "Saddleworth",
            "Heaton", "Littleborough", "Rossendale", "Wharfedale", "Kirkstall", "Chapel Allerton",
            "Headingley", "Pudsey", "Horsforth", "Ilkley", "Otley", "Garforth", "Whitefield", "Prestwich",
            "Didsbury", "Chorlton", "Stalybridge", "Marple", "Bramhall", "Cheadle", "Altrincham", "Sale Moor",
            "Worsley", "Walkden", "Bolton Road", "Egerton", "Brinscall", "Lymm", "Knutsford", "Holmfirth",
            "Marsden", "Hebden", "Todmorden", "Sowerby", "Elland", "Brighouse", "Shipley", "Baildon",
            "Bingley", "Keighley", "Rothwell", "Morley", "Batley", "Mirfield", "Ossett", "Wetherby",
            "Tadcaster", "Boston Spa", "Harewood", "Bardsey", "Oldfield", "Fairbairn", "Greaves",
            "Whitaker", "Crossley", "Ackroyd", "Holroyd", "Sugden", "Marshland", "Medlock", "Irk Valley"]
UK_SECTORS = [
    # (sector, name pattern, short words, tld, seat range, titles)
    ("school", "{s} Academy Trust", "Academy", ".org.uk", (40, 160), ["Business Manager", "Network Lead", "Headteacher", "School Business Manager"]),
    ("school", "{s} Primary School", "Primary", ".sch.uk", (15, 45), ["School Business Manager", "Headteacher", "Office Manager"]),
    ("gp", "{s} Medical Practice", "Medical", ".nhs-practice.uk", (12, 40), ["Practice Manager", "Deputy Practice Manager", "GP Partner"]),
    ("dental", "{s} Dental Group Ltd", "Dental", ".co.uk", (10, 45), ["Practice Manager", "Clinical Director", "Operations Manager"]),
    ("legal", "{s} & Co Solicitors LLP", "Solicitors", ".co.uk", (8, 60), ["Office Manager", "Managing Partner", "Practice Manager"]),
    ("charity", "{s} Community Trust", "Community", ".org.uk", (8, 40), ["Operations Manager", "Chief Executive", "Finance Officer"]),
    ("manufacturer", "{s} Precision Engineering Ltd", "Precision", ".co.uk", (15, 90), ["Finance Director", "Operations Director", "Office Manager"]),
    ("manufacturer", "{s} Textiles Ltd", "Textiles", ".co.uk", (12, 60), ["Managing Director", "Finance Manager"]),
    ("retail", "{s} Home & Garden Ltd", "Home Garden", ".co.uk", (10, 50), ["Owner", "Store Operations Manager", "Finance Manager"]),
    ("retail", "{s} Cycles Ltd", "Cycles", ".co.uk", (6, 20), ["Owner", "Shop Manager"]),
]
EU_CLIENTS = [
    ("Brennan Logistics Ltd", "Brennan", "brennanlogistics.ie", "IE", "Operations Manager"),
    ("Kerrigan Veterinary Group Ltd", "Kerrigan", "kerriganvets.ie", "IE", "Practice Manager"),
    ("Van Dijk Installatietechniek B.V.", "Van Dijk", "vandijk-installatie.nl", "NL", "Office Manager"),
    ("De Vries Accountants B.V.", "De Vries", "devries-accountants.nl", "NL", "Managing Partner"),
    ("Hoffmann Feinmechanik GmbH", "Hoffmann", "hoffmann-feinmechanik.de", "DE", "Kaufmännische Leiterin"),
    ("Schreiber Logistik GmbH", "Schreiber", "schreiber-logistik.de", "DE", "IT-Koordinator"),
    ("O'Sullivan Dental Care Ltd", "O'Sullivan", "osullivandental.ie", "IE", "Practice Manager"),
    ("Bakker Tuinbouw B.V.", "Bakker", "bakkertuinbouw.nl", "NL", "Directeur"),
]
PL_STEMS = ["Wisła", "Orlik", "Rawa", "Bieszczady", "Krakus", "Wawel", "Podgórze", "Zabłocie", "Kazimierz",
            "Nowa Huta", "Skawina", "Wieliczka", "Niepołomice", "Tarnów", "Bochnia", "Myślenice", "Oświęcim",
            "Olkusz", "Zakrzówek", "Ruczaj", "Bronowice", "Prądnik", "Mogiła", "Tyniec", "Ojców", "Dunajec",
            "Raba", "Sola", "Gorce", "Pieniny", "Beskid", "Babia Góra"]
PL_SECTORS = [
    ("logistics", "{s} Logistyka Sp. z o.o.", "Logistyka", (15, 70), ["Kierownik biura", "Dyrektor operacyjny", "Prezes zarządu"]),
    ("manufacturer", "Zakłady Mechaniczne {s} S.A.", "Mechaniczne", (40, 150), ["Dyrektor finansowy", "Kierownik IT", "Główna księgowa"]),
    ("clinic", "Przychodnia {s} Sp. z o.o.", "Przychodnia", (10, 40), ["Kierownik przychodni", "Administrator"]),
    ("accounting", "Biuro Rachunkowe {s} Sp. z o.o.", "Rachunkowe", (6, 25), ["Właścicielka", "Główna księgowa"]),
    ("print", "Drukarnia {s} Sp. z o.o.", "Drukarnia", (10, 45), ["Prezes", "Kierownik produkcji"]),
    ("retail", "{s} Meble Sp. z o.o.", "Meble", (8, 40), ["Właściciel", "Kierownik sklepu"]),
    ("software", "{s} Software Sp. z o.o.", "Software", (12, 60), ["CTO", "Office Manager"]),
    ("hotel", "Hotel {s} Sp. z o.o.", "Hotel", (10, 50), ["Dyrektor hotelu", "Kierownik recepcji"]),
]
PL_LEGAL_LONG = {"Sp. z o.o.": "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "S.A.": "SPÓŁKA AKCYJNA"}

PROJECTS_EN = ["Microsoft 365 migration", "office move", "server replacement", "Wi-Fi upgrade",
               "firewall replacement", "SharePoint migration", "Cyber Essentials Plus", "phone system upgrade",
               "laptop refresh", "backup upgrade"]
PROJECTS_PL = ["migracja do Microsoft 365", "przeprowadzka biura", "wymiana serwera", "modernizacja Wi-Fi",
               "wymiana firewalla", "wdrożenie KSeF", "audyt bezpieczeństwa", "wymiana laptopów",
               "nowa centrala telefoniczna", "migracja na SharePoint"]
SITES_EN = ["reception", "the main office", "the upstairs office", "the Bury site", "the Otley branch",
            "the warehouse", "the staff room", "the Stockport office", "the science block"]
SITES_PL = ["recepcji", "biurze głównym", "magazynie", "Wieliczce", "oddziale w Tarnowie", "hali B",
            "księgowości", "sekretariacie"]
DEVICES_EN = ["server", "NAS", "firewall", "main switch", "reception printer", "phone system", "wireless controller"]
DEVICES_PL = ["serwer", "NAS", "firewall", "switch główny", "drukarka w recepcji", "centrala", "kontroler Wi-Fi"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS_PL = ["poniedziałek", "wtorek", "środę", "czwartek", "piątek"]

# ------------------------------------------------------------------------------------ model


def make_staff(rng, agency_domain):
    used = set()
    staff = []

    def person(office, role, female=None):
        while True:
            if female is None:
                fem = rng.random() < 0.45
            else:
                fem = female
            if office == "UK":
                first = rng.choice(UK_FIRST_F if fem else UK_FIRST_M)
                last = rng.choice(UK_LAST)
            else:
                first = rng.choice(PL_FIRST_F if fem else PL_FIRST_M)
                lm, lf = rng.choice(PL_LAST)
                last = lf if fem else lm
            if (first, last) in used or any(s["last"] == last and s["first"][0] == first[0] for s in staff):
                continue
            used.add((first, last))
            break
        email = "%s.%s@%s" % (slug(first), slug(last), agency_domain)
        if office == "UK":
            base = {"Managing Director": 70, "Service Delivery Manager": 48, "Account Manager": 38,
                    "Helpdesk Engineer": 26, "Network & Cloud Engineer": 36, "Security Consultant": 52,
                    "Project Manager": 42}[role]
            cost = round(base * rng.uniform(0.9, 1.12), 2)
            cur = "GBP"
        else:
            base = {"Account Manager": 165, "Helpdesk Engineer": 105, "Network & Cloud Engineer": 150,
                    "Project Manager": 170, "Service Delivery Manager": 210}[role]
            cost = round(base * rng.uniform(0.9, 1.12))
            cur = "PLN"
        s = {"first": first, "last": last, "name": "%s %s" % (first, last), "email": email,
             "role": role, "office": office, "cost_rate": cost, "cost_currency": cur,
             "female": fem, "curt": False}
        staff.append(s)
        return s

    person("UK", "Managing Director")
    person("UK", "Service Delivery Manager")
    n_uk_am = rng.choice([3, 3, 4])
    for _ in range(n_uk_am):
        person("UK", "Account Manager")
    for _ in range(2):
        person("PL", "Account Manager", female=rng.random() < 0.5)
    for _ in range(rng.randint(3, 5)):
        person("UK", "Helpdesk Engineer")
    j = person("UK", "Helpdesk Engineer")
    j["joiner"] = True
    for _ in range(rng.randint(5, 7)):
        person("PL", "Helpdesk Engineer")
    for _ in range(2):
        person("UK", "Network & Cloud Engineer")
    person("PL", "Network & Cloud Engineer")
    person("UK", "Security Consultant")
    person("PL" if rng.random() < 0.5 else "UK", "Project Manager")
    return staff


ARCH_DECISION = {
    "keep": "KEEP", "keep_growing": "KEEP", "curt_owner": "KEEP", "slow_happy": "KEEP",
    "big_late_payer": "KEEP", "seasonal": "KEEP", "not_decision_maker": "KEEP",
    "hostile_profitable": "KEEP", "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER",
    "renegotiate": "RENEGOTIATE", "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH",
}


def plan_archetypes(rng, n):
    arch = []
    arch += ["reset"] * rng.randint(3, 4)
    arch += ["reassign"] * rng.randint(3, 4)
    arch += ["release"] * rng.randint(3, 4)
    arch += ["recover"] * rng.randint(3, 5)
    arch += ["renegotiate"] * rng.randint(3, 5)
    arch += ["watch_new"] * rng.randint(2, 4)
    arch += ["watch_mixed"] * rng.randint(1, 2)
    arch += ["slow_happy"] * rng.randint(1, 2)
    arch += ["big_late_payer"] * rng.randint(1, 2)
    arch += ["seasonal"] * 2
    arch += ["not_decision_maker"] * rng.randint(1, 2)
    arch += ["hostile_profitable"]
    arch += ["curt_owner"] * rng.randint(3, 4)
    while len(arch) < n:
        arch.append("keep" if rng.random() < 0.8 else "keep_growing")
    rng.shuffle(arch)
    return arch


def make_clients(rng, n, arch_list, staff, as_of, window_start):
    ams_uk = [s for s in staff if s["role"] == "Account Manager" and s["office"] == "UK"]
    ams_pl = [s for s in staff if s["role"] == "Account Manager" and s["office"] == "PL"]
    curt_am = ams_uk[-1]
    curt_am["curt"] = True
    uk_stems = rng.sample(UK_STEMS, len(UK_STEMS))
    pl_stems = rng.sample(PL_STEMS, len(PL_STEMS))
    eu = rng.sample(EU_CLIENTS, len(EU_CLIENTS))
    clients = []
    owner_load = {s["email"]: 0 for s in ams_uk + ams_pl}
    for i, arch in enumerate(arch_list):
        # region
        if arch == "seasonal":
            region = "UK"
        elif arch == "curt_owner":
            region = "UK" if rng.random() < 0.8 or not eu else "EU"
        else:
            r = rng.random()
            region = "UK" if r < 0.58 else ("PL" if r < 0.86 else "EU")
            if region == "EU" and not eu:
                region = "UK"
        s = round(rng.uniform(0.15, 1.0), 2)
        c = {"arch": arch, "strength": s, "region": region, "idx": i}
        if region == "UK":
            stem = uk_stems.pop()
            secs = [x for x in UK_SECTORS if x[0] == "school"] if arch == "seasonal" else UK_SECTORS
            sec, pat, short, tld, seats_r, titles = rng.choice(secs)
            name = pat.format(s=stem)
            c["legal_name"] = name
            c["short"] = "%s %s" % (stem, short)
            c["domain"] = slug(stem) + rng.choice(["", "", "-" + slug(short.split()[0])]) + tld
            c["currency"] = "GBP"
            c["country"] = "GB"
            c["lang"] = "en"
            c["sector"] = sec
            c["titles"] = titles
            c["tax_id"] = ""
        elif region == "EU":
            legal, short, domain, cc, title = eu.pop()
            c.update(legal_name=legal, short=short, domain=domain, currency="EUR", country=cc,
                     lang="en", sector="sme", titles=[title, "Director"], tax_id="")
            seats_r = (10, 45)
        else:
            stem = pl_stems.pop()
            sec, pat, short, seats_r, titles = rng.choice(PL_SECTORS)
            name = pat.format(s=stem)
            c.update(legal_name=name, short="%s" % stem if rng.random() < 0.5 else name.replace(" Sp. z o.o.", "").replace(" S.A.", ""),
                     domain=slug(stem) + "-" + slug(short) + ".pl" if rng.random() < 0.6 else slug(stem) + ".com.pl",
                     currency="PLN", country="PL", lang="pl", sector=sec, titles=titles, tax_id=nip_valid(rng))
        seats = rng.randint(*seats_r)
        if arch == "big_late_payer":
            seats = rng.randint(180, 420)
        c["seats"] = seats
        # owner
        pool = ams_pl if region == "PL" else ams_uk
        if arch in ("reset", "reassign", "recover", "release", "hostile_profitable", "watch_mixed",
                    "not_decision_maker", "slow_happy"):
            pool = [a for a in pool if not a["curt"]] or pool
        if arch == "curt_owner":
            pool = [curt_am]
        # spread personal-friction cases over owners
        pool = sorted(pool, key=lambda a: (owner_load[a["email"]] + (3 if arch in ("reset", "reassign") and a.get("_pf", 0) >= 2 else 0), rng.random()))
        owner = pool[0]
        owner_load[owner["email"]] += 1
        if arch in ("reset", "reassign"):
            owner["_pf"] = owner.get("_pf", 0) + 1
        c["owner"] = owner
        # start
        hist_months = (as_of.year - window_start.year) * 12 + as_of.month - window_start.month
        if arch == "watch_new":
            c["start"] = workday(month_add(as_of, -rng.randint(2, 4)) + dt.timedelta(days=rng.randint(0, 20)))
        elif arch == "keep_growing":
            c["start"] = month_add(window_start, rng.randint(2, max(3, hist_months - 9)))
        elif arch in ("reset", "reassign", "big_late_payer", "renegotiate", "release"):
            c["start"] = window_start
        else:
            c["start"] = window_start if rng.random() < 0.85 else month_add(window_start, rng.randint(1, 4))
        c["client_since"] = c["start"] if c["start"] > window_start else D(window_start.year - rng.randint(1, 6), rng.randint(1, 12), 1)
        # pricing
        if c["currency"] == "GBP":
            fee = rng.uniform(27, 41)
        elif c["currency"] == "EUR":
            fee = rng.uniform(33, 48)
        else:
            fee = rng.uniform(105, 165)
        c["seat_fee"] = round(fee, 2)
        c["hours_per_seat"] = round(rng.uniform(0.38, 0.55), 3)
        c["discount"] = 0.0
        c["effort_mult"] = 1.0
        c["late_days"] = (-7, 3)
        c["late_tail"] = 0.08
        if arch == "renegotiate":
            c["discount"] = round(0.08 + 0.22 * s, 2)
            c["effort_mult"] = round((1.9 + 1.5 * s) * (1 - c["discount"]), 2)
        if arch == "release":
            c["discount"] = round(0.08 + 0.12 * s, 2)
            c["effort_mult"] = round((2.2 + 1.3 * s) * (1 - c["discount"]), 2)
            lo = int(28 + 30 * s)
            c["late_days"] = (lo, lo + 35)
            c["late_tail"] = 0.0
        if arch == "big_late_payer":
            lo = int(22 + 18 * s)
            c["late_days"] = (lo, lo + 25)
        if arch == "hostile_profitable":
            c["effort_mult"] = 1.1
        if arch == "watch_mixed":
            c["effort_mult"] = round(1.25 + 0.3 * s, 2)
            c["late_days"] = (5, 25)
            c["discount"] = 0.05
        if arch == "recover":
            c["effort_mult"] = 1.1
        c["ticket_rate"] = round(0.08 + 0.1 * rng.random(), 3)
        # time-windowed signals
        c["recover_from"] = as_of - dt.timedelta(days=int(60 + 90 * s)) if arch == "recover" else None
        c["reset_from"] = as_of - dt.timedelta(days=rng.randint(42, 56)) if arch == "reset" else None
        c["reassign_from"] = as_of - dt.timedelta(days=rng.randint(250, 290)) if arch == "reassign" else None
        # ordinary ups and downs: a one-month incident (outage, failed update) for some healthy clients
        c["incident_month"] = None
        if arch in ("keep", "keep_growing", "curt_owner", "big_late_payer") and rng.random() < 0.3 and hist_months > 4:
            c["incident_month"] = month_add(D(as_of.year, as_of.month, 1), -rng.randint(2, hist_months - 2))
        clients.append(c)
    # contacts, colleagues, team
    eng_uk = [s for s in staff if s["office"] == "UK" and s["role"] == "Helpdesk Engineer" and not s.get("joiner")]
    eng_pl = [s for s in staff if s["office"] == "PL" and s["role"] == "Helpdesk Engineer"]
    net = [s for s in staff if s["role"] == "Network & Cloud Engineer"]
    sdm = [s for s in staff if s["role"] == "Service Delivery Manager"][0]
    sec = [s for s in staff if s["role"] == "Security Consultant"][0]
    pm = [s for s in staff if s["role"] == "Project Manager"][0]
    used_contacts = set((s_["first"], s_["last"]) for s_ in staff)
    for c in clients:
        if c["region"] == "PL":
            team = rng.sample(eng_pl, 2) + [rng.choice([n for n in net if n["office"] == "PL"])]
        else:
            team = rng.sample(eng_uk, 1) + rng.sample(eng_pl, 1) + [rng.choice([n for n in net if n["office"] == "UK"])]
        c["team"] = team
        other_am = [a for a in (ams_pl if c["region"] == "PL" else ams_uk) if a is not c["owner"]]
        c["others"] = team + ([rng.choice(other_am)] if other_am and rng.random() < 0.5 else [])
        if c["region"] != "PL":
            c["others"] += [sdm]
            if pm["office"] == "UK":
                c["others"].append(pm)
        elif pm["office"] == "PL":
            c["others"].append(pm)
        c["md"] = [s for s in staff if s["role"] == "Managing Director"][0]
        c["sdm"] = sdm
        c["sec"] = sec
        c["pm"] = pm
        if c["arch"] == "reassign":
            others = [a for a in (ams_pl if c["region"] == "PL" else ams_uk) if a is not c["owner"] and not a["curt"]]
            c["warm"] = rng.choice(others + [team[0]])
        else:
            c["warm"] = team[0]
        # contacts
        nct = 3 if c["arch"] == "not_decision_maker" else rng.choice([1, 2, 2, 3])
        cts = []
        for k in range(nct):
            for _ in range(50):
                fem = rng.random() < 0.55
                if c["region"] == "PL":
                    first = rng.choice(PL_FIRST_F if fem else PL_FIRST_M)
                    lm, lf = rng.choice(PL_LAST)
                    last = lf if fem else lm
                elif c["country"] == "NL":
                    first = rng.choice(["Sanne", "Pieter", "Femke", "Joost", "Anouk", "Bram"])
                    last = rng.choice(["de Jong", "Visser", "Smit", "Meijer", "Bos", "Mulder"])
                elif c["country"] == "DE":
                    first = rng.choice(["Katrin", "Stefan", "Julia", "Markus", "Sabine", "Tobias"])
                    last = rng.choice(["Becker", "Wagner", "Schulz", "Koch", "Richter", "Wolf"])
                else:
                    first = rng.choice(UK_FIRST_F if fem else UK_FIRST_M)
                    last = rng.choice(UK_LAST)
                if (first, last) not in used_contacts:
                    used_contacts.add((first, last))
                    break
            style = rng.choice(["{f}.{l}", "{f}.{l}", "{f}", "{fi}{l}", "{f}{l}"])
            local = style.format(f=slug(first), l=slug(last), fi=slug(first)[0])
            if any(x["email"].split("@")[0] == local for x in cts):
                local = slug(first) + "." + slug(last)
            title = c["titles"][k % len(c["titles"])]
            if c["region"] == "PL":
                fem_t = {"Właścicielka": "Właściciel", "Główna księgowa": "Główny księgowy", "Kierownik biura": "Kierownik biura"}
                if not fem and title in fem_t:
                    title = fem_t[title]
                if fem and title == "Właściciel":
                    title = "Właścicielka"
            cts.append({"first": first, "last": last, "name": "%s %s" % (first, last),
                        "email": "%s@%s" % (local, c["domain"]), "title": title, "female": fem})
        c["contacts"] = cts
        c["enc"] = rng.choice(["utf-8", "iso-8859-2", "windows-1250", "utf-8"]) if c["lang"] == "pl" else "utf-8"
        c["no_diacritics"] = c["lang"] == "pl" and rng.random() < 0.3
        c["name_variants"] = name_variants(rng, c)
    return clients


def name_variants(rng, c):
    legal = c["legal_name"]
    v = {"accounting": legal, "crm": legal, "time": c["short"], "tickets": legal}
    r = rng.random()
    if c["region"] == "PL":
        if r < 0.3:
            long = legal
            for k, val in PL_LEGAL_LONG.items():
                long = long.replace(k, val)
            v["accounting"] = long.upper()
        elif r < 0.5:
            v["accounting"] = legal.upper()
        v["crm"] = legal.replace(" Sp. z o.o.", "").replace(" S.A.", "") if rng.random() < 0.5 else legal
        v["tickets"] = v["crm"] if rng.random() < 0.6 else c["short"]
    else:
        if r < 0.25:
            v["accounting"] = legal.upper()
        elif r < 0.45:
            v["accounting"] = legal.replace(" Ltd", " Limited").replace("&", "and")
        v["crm"] = legal.replace(" Ltd", "").replace(" LLP", "") if rng.random() < 0.5 else legal
        v["tickets"] = c["short"] if rng.random() < 0.4 else v["crm"]
        if rng.random() < 0.3:
            v["time"] = legal
    return v


# ------------------------------------------------------------------------------------ money


def build_invoices(rng, c, as_of, window_start):
    invs = []
    m = D(c["start"].year, c["start"].month, 1)
    if c["start"].day > 1:
        m = month_add(m, 1)
    months = []
    while m <= as_of:
        months.append(m)
        m = month_add(m, 1)
    seats = c["seats"]
    projects = []
    if c["arch"] not in ("watch_new",) and rng.random() < 0.45:
        for _ in range(rng.randint(1, 2)):
            pm = rng.choice(months[:-1]) if len(months) > 1 else months[0]
            projects.append(pm)
    for k, m in enumerate(months):
        if c["arch"] == "keep_growing" and k % 3 == 2:
            seats += rng.randint(1, 4)
        elif rng.random() < 0.08:
            seats = max(5, seats + rng.choice([-2, -1, 1, 2, 3]))
        issue = workday(m)
        if issue > as_of:
            continue
        net = seats * c["seat_fee"]
        lines = [("Managed IT support - %d users" % seats if c["lang"] == "en" else "Abonament serwisowy IT - %d stanowisk" % seats,
                  seats, c["seat_fee"], c["discount"])]
        if rng.random() < 0.5:
            bk = {"GBP": 45, "EUR": 55, "PLN": 190}[c["currency"]]
            lines.append(("Cloud backup" if c["lang"] == "en" else "Backup w chmurze", 1, bk, 0))
        invs.append({"issue": issue, "lines": lines, "kind": "support", "month": m})
        if m in projects:
            amt = rng.choice([2400, 3600, 4800, 6500, 8200, 11500]) * {"GBP": 1, "EUR": 1.15, "PLN": 4.9}[c["currency"]]
            amt = round(amt * min(3.0, max(0.3, seats / 30.0)), -1)
            pname = rng.choice(PROJECTS_EN if c["lang"] == "en" else PROJECTS_PL)
            invs.append({"issue": workday(m + dt.timedelta(days=rng.randint(10, 20))), "lines": [(pname, 1, round(amt, 2), c["discount"] if c["arch"] == "renegotiate" else 0)],
                         "kind": "project", "month": m, "project_hours": amt / {"GBP": 62, "EUR": 70, "PLN": 300}[c["currency"]] * (c["effort_mult"])})
    vat = {"GBP": 0.20, "EUR": 0.0, "PLN": 0.23}[c["currency"]]
    due_days = {"GBP": 30, "EUR": 30, "PLN": 14}[c["currency"]]
    for inv in invs:
        if inv["issue"] > as_of:
            continue
        net = sum(q * u * (1 - d) for _, q, u, d in inv["lines"])
        inv["net"] = round(net, 2)
        inv["tax"] = round(net * vat, 2)
        inv["gross"] = round(inv["net"] + inv["tax"], 2)
        inv["vat"] = vat
        inv["due"] = inv["issue"] + dt.timedelta(days=due_days)
        lo, hi = c["late_days"]
        late = rng.randint(lo, hi)
        if rng.random() < c["late_tail"]:
            late = rng.randint(8, 24)
        if c["arch"] == "recover" and c["recover_from"] and inv["issue"] > as_of - dt.timedelta(days=40) and c["strength"] > 0.7:
            late = 60  # withheld
        paid = inv["due"] + dt.timedelta(days=late)
        if paid < inv["issue"]:
            paid = inv["issue"] + dt.timedelta(days=rng.randint(1, 5))
        paid = workday(paid)
        inv["paid_on"] = paid if paid <= as_of else None
    return [i for i in invs if "gross" in i]


# ------------------------------------------------------------------------------------ time


STAFF_SWAP = {}


def who(st, day):
    """A helpdesk engineer left during the window; the new starter took over their clients."""
    sw = STAFF_SWAP.get(id(st))
    if sw and day >= sw[0]:
        return sw[1]
    return st


def build_time(rng, c, invs, as_of):
    entries = []
    m = D(c["start"].year, c["start"].month, 1)
    while m <= as_of:
        seats = c["seats"]
        mult = c["effort_mult"]
        if c["arch"] == "renegotiate":
            # scope creep grows over time
            mult = 1.0 + (c["effort_mult"] - 1.0) * rng.uniform(0.7, 1.2)
        hours = seats * c["hours_per_seat"] * mult * rng.uniform(0.8, 1.2)
        if c["arch"] == "seasonal" and m.month == 8:
            hours *= 0.15
        end = min(month_add(m, 1) - dt.timedelta(days=1), as_of)
        start = max(m, c["start"])
        if start > end:
            m = month_add(m, 1)
            continue
        frac = ((end - start).days + 1) / ((month_add(m, 1) - m).days)
        hours *= frac
        parts = [(c["team"][0], 0.38, "Helpdesk support"), (c["team"][1], 0.3, "Helpdesk support"),
                 (c["team"][2], 0.18, "Network & cloud"), (c["owner"], 0.07, "Account management"),
                 (c["sdm"], 0.03, "Service review")]
        if c["arch"] == "reassign":
            parts.append((c["warm"], 0.04, "Account management"))
        if rng.random() < 0.2:
            parts.append((c["sec"], 0.06, "Security review"))
        for st, share, task in parts:
            h = hours * share
            while h > 0.1:
                e = min(h, round(rng.choice([0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3]), 2))
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                day = workday(day)
                if day > end:
                    day = end - dt.timedelta(days=max(0, end.weekday() - 4))
                billable = True
                note = task
                if c["arch"] in ("renegotiate", "release") and rng.random() < 0.35:
                    billable = False
                    note = rng.choice(["Out of scope request - goodwill", "Extra on-site visit (not in contract)",
                                       "Director's home devices", "Additional training session", "CCTV / card machine help"]) if c["lang"] == "en" else rng.choice(
                        ["Prace poza umową - gest dobrej woli", "Dodatkowa wizyta (poza umową)", "Prywatny sprzęt prezesa", "Dodatkowe szkolenie"])
                entries.append({"date": day, "staff": who(st, day), "hours": round(e, 2), "task": task, "note": note,
                                "billable": billable, "project": "Managed Support"})
                h -= e
        m = month_add(m, 1)
    for inv in invs:
        if inv["kind"] == "project":
            h = inv["project_hours"]
            d0 = inv["issue"] - dt.timedelta(days=20)
            pname = inv["lines"][0][0]
            while h > 0.2:
                e = min(h, rng.choice([2, 3, 4, 6, 7.5]))
                day = workday(d0 + dt.timedelta(days=rng.randint(0, 25)))
                if day > as_of:
                    day = as_of - dt.timedelta(days=3)
                st = rng.choice([c["pm"], c["team"][2], c["team"][0]])
                entries.append({"date": day, "staff": st, "hours": round(e, 2), "task": "Project work",
                                "note": pname, "billable": True, "project": pname})
                h -= e
    return entries


# ------------------------------------------------------------------------------------ messages

BASE_KIND = [("routine", 0.42), ("question", 0.25), ("friendly", 0.2), ("praise", 0.05),
             ("complaint_service", 0.04), ("demand", 0.04), ("complaint_person", 0.01)]


def pick(rng, dist):
    tot = sum(w for _, w in dist)
    r = rng.random() * tot
    for k, w in dist:
        r -= w
        if r <= 0:
            return k
    return dist[-1][0]


def client_kind(rng, c, st, when, contact_idx):
    a, s = c["arch"], c["strength"]
    d = when.date() if isinstance(when, dt.datetime) else when
    if a == "recover" and d >= c["recover_from"]:
        extra = [("complaint_service", 0.22 + 0.3 * s), ("repeat", 0.1 + 0.15 * s)]
        if d >= c["recover_from"] + (c["as_of"] - c["recover_from"]) / 2:
            extra.append(("threat", 0.05 + 0.15 * s))
        return pick(rng, BASE_KIND + extra)
    if a == "renegotiate":
        return pick(rng, [(k, w) for k, w in BASE_KIND if k != "complaint_service"] + [("demand", 0.12 + 0.25 * s)])
    if a == "release":
        return pick(rng, [("routine", 0.25), ("question", 0.1), ("hostile", 0.25 + 0.35 * s), ("demand", 0.1 + 0.1 * s),
                          ("threat", 0.04 + 0.06 * s), ("complaint_service", 0.08)])
    if a == "hostile_profitable":
        return pick(rng, [("routine", 0.35), ("question", 0.15), ("hostile", 0.3 + 0.3 * s), ("demand", 0.05)])
    if a == "reset" and st is c["owner"] and d >= c["reset_from"]:
        return pick(rng, [("complaint_person", 0.35 + 0.45 * s), ("routine", 0.35), ("question", 0.2)])
    if a == "reassign":
        if st is c["owner"] and d >= c["reassign_from"]:
            return pick(rng, [("complaint_person", 0.45 + 0.4 * s), ("routine", 0.3), ("question", 0.15)])
        if st is c["warm"]:
            if d >= c["reassign_from"] and rng.random() < 0.12 + 0.1 * s:
                return "complaint_person_to_colleague"
            return pick(rng, [("routine", 0.35), ("question", 0.2), ("friendly", 0.3), ("praise", 0.12)])
    if a == "not_decision_maker":
        if contact_idx == 0:
            return pick(rng, [("routine", 0.35), ("question", 0.15), ("complaint_service", 0.12 + 0.1 * s),
                              ("demand", 0.1 + 0.1 * s), ("friendly", 0.05)])
        return pick(rng, [("friendly", 0.4), ("praise", 0.3), ("routine", 0.3)])
    if a == "watch_mixed":
        return pick(rng, BASE_KIND + [("complaint_service", 0.1), ("demand", 0.08), ("praise", 0.05)])
    if c.get("incident_month") and D(d.year, d.month, 1) == c["incident_month"]:
        return pick(rng, BASE_KIND + [("complaint_service", 0.35), ("repeat", 0.08)])
    if a == "slow_happy":
        return pick(rng, [("routine", 0.4), ("question", 0.2), ("friendly", 0.3), ("praise", 0.1)])
    return pick(rng, BASE_KIND)


def reply_style(rng, c, st, kind, when):
    if st["curt"]:
        return "reply_curt" if rng.random() < 0.85 else "reply_normal"
    if kind in ("complaint_service", "repeat", "threat"):
        return pick(rng, [("reply_apologetic", 0.65), ("reply_defensive", 0.2), ("reply_normal", 0.15)])
    if kind == "hostile":
        return pick(rng, [("reply_apologetic", 0.45), ("reply_defensive", 0.3), ("reply_normal", 0.25)])
    if kind == "complaint_person":
        return pick(rng, [("reply_defensive", 0.5), ("reply_normal", 0.3), ("reply_apologetic", 0.2)])
    if kind == "demand" and c["arch"] == "renegotiate":
        return pick(rng, [("reply_normal", 0.85), ("reply_apologetic", 0.15)])
    if c["arch"] in ("reset", "reassign") and st is c["owner"]:
        d = when.date()
        lim = c["reset_from"] if c["arch"] == "reset" else c["reassign_from"]
        if d >= lim and rng.random() < 0.3:
            return "reply_defensive"
    return "reply_normal"


def reply_delay_hours(rng, c, st, when):
    d = when.date()
    a, s = c["arch"], c["strength"]
    if a == "recover" and d >= c["recover_from"]:
        if rng.random() < 0.12 + 0.25 * s:
            return None
        return rng.lognormvariate(math.log(20 + 60 * s), 0.5)
    if a == "slow_happy":
        return rng.lognormvariate(math.log(30 + 20 * s), 0.45)
    if rng.random() < 0.03:
        return None
    return rng.lognormvariate(math.log(2.2), 0.8)


def fill(rng, text, c, me, to, lang, extra=None):
    pl = lang == "pl"
    if pl and "{owner}" in text:
        for a_, b_ in PL_OWNER_CASES:
            text = text.replace(a_, b_)
    col = c["warm"] if c["arch"] == "reassign" else rng.choice(c["team"])
    vals = SafeDict(
        name=to["first"], me=me["first"], owner=c["owner"]["first"], colleague=col["first"],
        project=rng.choice(PROJECTS_PL if pl else PROJECTS_EN),
        site=rng.choice(SITES_PL if pl else SITES_EN),
        device=rng.choice(DEVICES_PL if pl else DEVICES_EN),
        day=rng.choice(DAYS_PL if pl else DAYS_EN),
        date=(c["as_of"] - dt.timedelta(days=rng.randint(3, 40))).strftime("%d.%m" if pl else "%d %B").lstrip("0"),
        ticket="#%d" % rng.randint(40000, 69999),
        user=rng.choice(["Karolina", "Oliwia", "Zofia", "Marta"] if pl else ["Chloe", "Megan", "Priya", "Beth", "Olivia"]),
        org=c["short"], us="",
    )
    if extra:
        vals.update(extra)
    return text.format_map(vals)


def client_sig(rng, ct, c):
    if c["lang"] == "pl":
        g = rng.choice(["Pozdrawiam", "Pozdrawiam serdecznie", "Z poważaniem", "pozdr.", "Pozdrawiam,"])
        return "\n\n%s\n%s\n%s\n%s" % (g.rstrip(","), ct["name"], ct["title"], c["legal_name"])
    g = rng.choice(["Kind regards", "Many thanks", "Regards", "Thanks", "Best wishes", "Cheers"])
    if rng.random() < 0.3:
        return "\n\n%s\n%s" % (g, ct["first"])
    return "\n\n%s\n%s\n%s | %s\nSent from my iPhone" % (g, ct["name"], ct["title"], c["legal_name"]) if rng.random() < 0.1 else \
        "\n\n%s,\n%s\n%s\n%s" % (g, ct["name"], ct["title"], c["legal_name"])


def staff_sig(rng, st, lang, agency):
    if lang == "pl":
        return "\n\nPozdrawiam\n%s\n%s | %s (biuro w Krakowie)\ntel. +48 12 %03d %02d %02d" % (
            st["name"], {"Account Manager": "Opiekun klienta", "Helpdesk Engineer": "Inżynier wsparcia",
                         "Network & Cloud Engineer": "Inżynier sieci i chmury", "Project Manager": "Kierownik projektu",
                         "Service Delivery Manager": "Kierownik serwisu", "Managing Director": "Dyrektor zarządzający",
                         "Security Consultant": "Konsultant ds. bezpieczeństwa"}[st["role"]], agency["short"],
            rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99))
    return "\n\nKind regards,\n%s\n%s | %s\n0161 %03d %04d" % (st["name"], st["role"], agency["short"], rng.randint(200, 999), rng.randint(1000, 9999))


PL_FEM = [("do Pana docierają", "do Pani docierają"), ("dał mi Pan", "dała mi Pani"), ("miał Pan", "miała Pani"),
          ("mógłby Pan", "mogłaby Pani"), ("przez Pana", "przez Panią"), ("jest Pan zajęty", "jest Pani zajęta"),
          ("urazi to Pana", "urazi to Panią"), ("zdecydował Pan", "zdecydowała Pani"), ("wysłuchał", "wysłuchała"),
          ("mógłbyś", "mogłabyś"), ("byłbyś otwarty", "byłabyś otwarta"), ("byłbyś", "byłabyś"),
          ("Wysłuchałeś", "Wysłuchałaś"), ("wyjaśniłeś", "wyjaśniłaś"), ("Pan ", "Pani ")]
PL_OWNER_FEM = [("{o} obiecał ", "{o} obiecała "), ("{o} nie wyjaśnił ", "{o} nie wyjaśniła "),
                ("{o} dalej nie odpowiedział", "{o} dalej nie odpowiedziała"), ("{o} ma dobre intencje", "{o} ma dobre intencje")]


PL_OWNER_CASES = [("pytać {owner}", "pytać naszego opiekuna ({owner})"), ("z {owner}", "z naszym opiekunem ({owner})"),
                  ("Zgłaszaliśmy {owner}", "Zgłaszaliśmy naszemu opiekunowi ({owner})"),
                  ("zamiast {owner}", "zamiast naszego opiekuna ({owner})"), ("dodawać {owner}", "dodawać naszego opiekuna ({owner})")]


def pl_sender_gender(text, female):
    """First-person past forms follow the writer's gender (Chciałam / Chciałem, Wolałabym / Wolałbym)."""
    if female:
        text = re.sub(r"(\w+)łbym\b", r"\1łabym", text)
        text = re.sub(r"(\w+)łem\b", r"\1łam", text)
    else:
        text = re.sub(r"(\w+)łabym\b", r"\1łbym", text)
        text = re.sub(r"(\w+)łam\b", r"\1łem", text)
    return text


def pl_owner_gender(text, owner):
    if owner["female"]:
        for a, b in PL_OWNER_FEM:
            text = text.replace(a.format(o=owner["first"]), b.format(o=owner["first"]))
    return text


def pl_gender_to_staff(text, female):
    if not female:
        return text
    for a, b in PL_FEM:
        text = text.replace(a, b)
    return text


def pl_gender_to_client(text, female):
    if female:
        return text.replace("musiał Pan się", "musiała Pani się")
    return text.replace("Ma Pani rację", "Ma Pan rację")


def strip_pl(text):
    return fold(text)


def quote(prev_text, prev_from_name, prev_from_addr, prev_when, lang):
    if lang == "pl":
        hdr = "W dniu %s o %s, %s <%s> pisze:" % (prev_when.strftime("%d.%m.%Y"), prev_when.strftime("%H:%M"), prev_from_name, prev_from_addr)
    else:
        hdr = "On %s at %s, %s <%s> wrote:" % (prev_when.strftime("%a, %d %b %Y"), prev_when.strftime("%H:%M"), prev_from_name, prev_from_addr)
    return "\n\n" + hdr + "\n" + "\n".join("> " + l for l in prev_text.splitlines())


def in_hours(rng, day):
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59))


def add_business_hours(t, hours):
    # elapsed time, roughly skipping nights/weekends for replies
    res = t + dt.timedelta(hours=hours)
    if res.hour >= 18:
        res = res + dt.timedelta(hours=14)
    elif res.hour < 8:
        res = res.replace(hour=8) + dt.timedelta(minutes=res.minute)
    while res.weekday() >= 5:
        res += dt.timedelta(days=1)
    return res


SUBJ_BY_KIND = {
    "complaint_service": {"en": ["Ongoing problems", "Ticket {ticket} - still not fixed", "Service levels", "Not good enough", "Engineer visit", "{project}"],
                          "pl": ["Ciągłe problemy", "Zgłoszenie {ticket} - nadal nie działa", "Jakość obsługi", "Wizyta technika", "{project}"]},
    "repeat": {"en": ["Chasing", "Still waiting", "FW: question", "Any update?"], "pl": ["Przypomnienie", "Nadal czekam", "PD: pytanie", "Status?"]},
    "threat": {"en": ["Contract review", "Formal complaint", "Our contract", "Escalation"], "pl": ["Umowa", "Reklamacja", "Eskalacja", "Wypowiedzenie umowy"]},
    "hostile": {"en": ["URGENT", "Still broken!!", "Your invoice", "Server", "Unacceptable"], "pl": ["PILNE", "Dalej nie działa!!", "Faktura", "Skandal"]},
    "demand": {"en": ["Additional request", "Renewal pricing", "While you're here", "Extra work", "Contract"], "pl": ["Dodatkowa prośba", "Cena przedłużenia", "Przy okazji", "Rabat"]},
    "complaint_person": {"en": ["Our call this morning", "Follow-up", "Review meeting", "Re our conversation", "Account"], "pl": ["Nasza rozmowa", "Spotkanie", "W nawiązaniu do rozmowy", "Współpraca"]},
    "complaint_person_to_colleague": {"en": ["A quick word", "Account contact", "Between us"], "pl": ["Krótka sprawa", "Opiekun konta", "Prośba"]},
    "praise": {"en": ["Thank you", "Well done", "{project}"], "pl": ["Podziękowanie", "Dziękujemy", "{project}"]},
    "question": {"en": ["Quick question", "Question about backups", "Security question", "Licences?"], "pl": ["Pytanie", "Pytanie o backup", "Bezpieczeństwo", "Licencje?"]},
}


def build_mail(rng, c, agency, as_of):
    """Return list of message dicts (for mbox) for client c."""
    out = []
    lang = c["lang"]
    bank = msgs.PL if lang == "pl" else msgs.EN
    a = c["arch"]
    forced_days = []
    if a == "reset":
        # the friction produces extra exchanges with the owner in the last weeks
        span = (as_of - c["reset_from"]).days
        k = int(round(2 + 4 * c["strength"])) + rng.randint(0, 1)
        forced_days = [workday(c["reset_from"] + dt.timedelta(days=rng.randint(0, max(0, span - 3)))) for _ in range(k)]
    m = D(c["start"].year, c["start"].month, 1)
    while m <= as_of:
        rate = 1.6 + c["seats"] / 70.0
        if a == "watch_new":
            rate = 1.0
        if a == "seasonal" and m.month in (8,):
            rate = 0.0
        if a == "seasonal" and m.month in (7, 12, 4):
            rate *= 0.5
        if a in ("reset", "reassign", "release", "recover", "hostile_profitable"):
            rate += 0.6
        n = poisson(rng, rate)
        slots = [(workday(m + dt.timedelta(days=rng.randint(0, 27))), None) for _ in range(n)]
        slots += [(d_, c["owner"]) for d_ in forced_days if m <= d_ < month_add(m, 1)]
        slots.sort(key=lambda x: x[0])
        for day, forced in slots:
            if day < c["start"] or day > as_of:
                continue
            when = in_hours(rng, day)
            # who on our side
            r = rng.random()
            if a == "reassign":
                st = c["owner"] if r < 0.45 else (c["warm"] if r < 0.8 else rng.choice(c["others"]))
            elif a == "reset":
                st = c["owner"] if r < 0.55 else rng.choice(c["others"])
            else:
                st = c["owner"] if r < 0.5 else rng.choice(c["others"])
            if forced is not None:
                st = forced
            st = who(st, day)
            # escalations to the managing director (English-speaking, UK)
            if c["lang"] == "en" and rng.random() < (0.12 if a in ("recover", "release") and when.date() >= (c["recover_from"] or c["start"]) else 0.01):
                st = c["md"]
            ci = 0 if (a != "not_decision_maker" or rng.random() < 0.7) else rng.randint(1, len(c["contacts"]) - 1)
            if a != "not_decision_maker" and len(c["contacts"]) > 1 and rng.random() < 0.4:
                ci = rng.randint(1, len(c["contacts"]) - 1)
            ct = c["contacts"][ci]
            subj_en = ["IT support", "Quick question", "Printer", "New starter", "Laptop", "Backups", "Email issue",
                       "Renewal", "Quarterly review", "Wi-Fi", "Licences", "Invoice query", "Office move", "Phones"]
            subj_pl = ["Pytanie", "Drukarka", "Nowy pracownik", "Laptop", "Backup", "Problem z pocztą", "Umowa",
                       "Przegląd kwartalny", "Wi-Fi", "Licencje", "Faktura", "Przeprowadzka", "Telefony", "Zgłoszenie"]
            subject = rng.choice(subj_pl if lang == "pl" else subj_en)
            thread = []
            pre_kind = None
            if rng.random() < 0.2 and a not in ("reset", "reassign"):
                # our notice first
                ni = rng.randrange(len(bank["notice"]))
                subject = (["Maintenance window", "Monthly service report", "Domain renewal", "Phishing warning",
                                      "Quarterly review", "Licence price changes", "Backup appliance", "Bank holiday cover",
                                      "End of support", "Cyber Essentials"] if lang == "en" else
                                     ["Prace serwisowe", "Raport miesięczny", "Odnowienie domeny", "Ostrzeżenie: phishing",
                                      "Przegląd kwartalny", "Ceny licencji", "Backup", "Dyżur świąteczny", "Koniec wsparcia", "Audyt"])[ni]
                txt = fill(rng, bank["notice"][ni], c, st, ct, lang)
                if lang == "pl":
                    txt = pl_sender_gender(txt, st["female"])
                body = txt + staff_sig(rng, st, lang, agency)
                thread.append(dict(frm=st, to=ct, when=when, body=body, text=txt, out=True, kind="notice"))
                when = add_business_hours(when, rng.uniform(1, 30))
                kind = pick(rng, [("friendly", 0.6), ("question", 0.3), ("routine", 0.1)])
                if a in ("release", "hostile_profitable") and rng.random() < 0.5:
                    kind = "hostile"
            else:
                kind = client_kind(rng, c, st, when, ci)
            if not thread and rng.random() < 0.6 and kind in SUBJ_BY_KIND:
                subject = fill(rng, rng.choice(SUBJ_BY_KIND[kind][lang]), c, ct, st, lang)
            txt = fill(rng, rng.choice(bank[kind]), c, ct, st, lang)
            if lang == "pl":
                txt = pl_gender_to_staff(txt, st["female"] and kind.startswith("complaint_person"))
                txt = pl_owner_gender(txt, c["owner"])
                txt = pl_sender_gender(txt, ct["female"])
            if lang == "pl" and (c["no_diacritics"] or rng.random() < 0.1):
                txt = strip_pl(txt)
            txt = typo(rng, txt, 0.15)
            body = txt + client_sig(rng, ct, c)
            if thread:
                body += quote(thread[-1]["body"], thread[-1]["frm"]["name"], thread[-1]["frm"]["email"], thread[-1]["when"], lang)
            thread.append(dict(frm=ct, to=st, when=when, body=body, text=txt, out=False, kind=kind))
            # our reply
            delay = reply_delay_hours(rng, c, st, when)
            if delay is not None:
                rs = reply_style(rng, c, st, kind, when)
                rt = add_business_hours(when, delay)
                if rt.date() <= as_of:
                    if rs == "reply_normal" and kind in ("routine", "question", "friendly", "praise", "demand") and rng.random() < 0.82:
                        rs = "reply_ack_" + ("thanks" if kind in ("friendly", "praise") else "task")
                    rtxt = fill(rng, rng.choice(bank[rs]), c, st, ct, lang)
                    rtxt = re.sub(r"^(Hi|Hello|Dzień dobry) [^,\s]+, ", "", rtxt)
                    rtxt = rtxt[0].upper() + rtxt[1:]
                    if lang == "pl":
                        rtxt = pl_gender_to_client(rtxt, ct["female"])
                        rtxt = pl_sender_gender(rtxt, st["female"])
                    rbody = ("Hi %s,\n\n" % ct["first"] if lang == "en" and rs != "reply_curt" else ("Dzień dobry,\n\n" if lang == "pl" and rs != "reply_curt" else "")) + rtxt + staff_sig(rng, st, lang, agency)
                    rbody += quote(thread[-1]["body"], ct["name"], ct["email"], when, lang)
                    thread.append(dict(frm=st, to=ct, when=rt, body=rbody, text=rtxt, out=True, kind=rs))
                    # client follow-up
                    if rng.random() < 0.35:
                        fk = "friendly"
                        if kind in ("hostile",) and rng.random() < 0.6:
                            fk = "hostile"
                        elif kind == "complaint_person" and rng.random() < 0.6:
                            fk = "complaint_person"
                        elif kind in ("complaint_service", "repeat", "threat") and rng.random() < 0.5:
                            fk = "repeat"
                        elif kind == "demand" and rng.random() < 0.5:
                            fk = "demand"
                        ft = add_business_hours(rt, rng.uniform(0.5, 26))
                        if ft.date() <= as_of:
                            ftxt = fill(rng, rng.choice(bank[fk]), c, ct, st, lang)
                            if lang == "pl":
                                ftxt = pl_gender_to_staff(ftxt, st["female"] and fk.startswith("complaint_person"))
                                ftxt = pl_sender_gender(ftxt, ct["female"])
                            if lang == "pl" and c["no_diacritics"]:
                                ftxt = strip_pl(ftxt)
                            fb = ftxt + client_sig(rng, ct, c) + quote(rbody, st["name"], st["email"], rt, lang)
                            thread.append(dict(frm=ct, to=st, when=ft, body=fb, text=ftxt, out=False, kind=fk))
            else:
                # unanswered: the client asks again
                if rng.random() < 0.75:
                    ft = add_business_hours(when, rng.uniform(30, 120))
                    if ft.date() <= as_of:
                        ftxt = fill(rng, rng.choice(bank["repeat"]), c, ct, st, lang)
                        if lang == "pl":
                            ftxt = pl_sender_gender(ftxt, ct["female"])
                        fb = ftxt + client_sig(rng, ct, c) + quote(thread[-1]["body"], ct["name"], ct["email"], when, lang)
                        thread.append(dict(frm=ct, to=st, when=ft, body=fb, text=ftxt, out=False, kind="repeat"))
            for k, msg in enumerate(thread):
                msg["subject"] = subject if k == 0 else ("Re: " if lang == "en" else rng.choice(["Re: ", "RE: ", "Odp: "])) + subject
                msg["client"] = c
            out.append(thread)
        m = month_add(m, 1)
    return out


def poisson(rng, lam):
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def render_mbox(threads, path, agency, rng):
    with open(path, "wb") as f:
        for thread in threads:
            ids = []
            for msg in thread:
                c = msg["client"]
                enc = "utf-8"
                if not msg["out"] and c["lang"] == "pl":
                    enc = c["enc"]
                tz = TZ_PL if c["lang"] == "pl" or msg["frm"].get("office") == "PL" else TZ_UK
                body = msg["body"]
                if enc != "utf-8":
                    try:
                        body.encode(enc)
                    except UnicodeEncodeError:
                        enc = "utf-8"
                if msg["out"] and rng.random() < 0.35:
                    mt = MIMEMultipart("alternative", boundary="----=_NextPart_%012d" % rng.randint(0, 10 ** 12 - 1))
                    mt.attach(MIMEText(body, "plain", "utf-8"))
                    html = "<html><body>" + "".join("<p>%s</p>" % (l.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") or "&nbsp;") for l in body.split("\n")) + "</body></html>"
                    mt.attach(MIMEText(html, "html", "utf-8"))
                else:
                    mt = MIMEText(body, "plain", enc)
                frm, to = msg["frm"], msg["to"]
                mt["From"] = formataddr((frm["name"], frm["email"]), "utf-8")
                mt["To"] = formataddr((to["name"], to["email"]), "utf-8")
                if not msg["out"] and rng.random() < 0.1 and len(c["contacts"]) > 1:
                    other = [x for x in c["contacts"] if x is not frm][0]
                    mt["Cc"] = formataddr((other["name"], other["email"]), "utf-8")
                mt["Subject"] = Header(msg["subject"], "utf-8" if enc == "utf-8" else enc).encode() if any(ord(ch) > 127 for ch in msg["subject"]) else msg["subject"]
                when = msg["when"].replace(tzinfo=tz)
                mt["Date"] = format_datetime(when)
                dom = frm["email"].split("@")[1]
                mid = "<%s.%d@%s>" % (when.strftime("%Y%m%d%H%M%S"), rng.randint(10 ** 6, 10 ** 7), dom)
                mt["Message-ID"] = mid
                if ids:
                    mt["In-Reply-To"] = ids[-1]
                    mt["References"] = " ".join(ids)
                ids.append(mid)
                if msg["out"]:
                    mt["X-Mailer"] = "Microsoft Outlook 16.0"
                raw = mt.as_bytes()
                raw = raw.replace(b"\nFrom ", b"\n>From ")
                f.write(b"From " + frm["email"].encode() + b" " + when.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y").encode() + b"\n")
                f.write(raw.rstrip(b"\n") + b"\n\n")


# ------------------------------------------------------------------------------------ tickets


def build_tickets(rng, c, as_of, next_id):
    rows = []
    a, s = c["arch"], c["strength"]
    tks = msgs.TICKETS_PL if c["lang"] == "pl" else msgs.TICKETS_EN
    m = D(c["start"].year, c["start"].month, 1)
    while m <= as_of:
        lam = c["seats"] * c["ticket_rate"] * (c["effort_mult"] ** 0.5) + 0.4
        if a == "seasonal" and m.month == 8:
            lam = 0.1
        if a == "watch_new":
            lam = min(lam, 1.5)
        n = min(poisson(rng, lam), 25)
        for _ in range(n):
            day = workday(m + dt.timedelta(days=rng.randint(0, 27)))
            if day < c["start"] or day > as_of:
                continue
            created = in_hours(rng, day)
            subj, desc = rng.choice(tks)
            ct = rng.choice(c["contacts"])
            desc = fill(rng, desc, c, ct, c["team"][0], c["lang"])
            slow = False
            if a == "recover" and day >= c["recover_from"]:
                frt = rng.lognormvariate(math.log(14 + 40 * s), 0.6)
                slow = True
                if rng.random() < 0.3 + 0.3 * s:
                    bank = msgs.PL if c["lang"] == "pl" else msgs.EN
                    desc += " " + fill(rng, rng.choice(bank["complaint_service"] + bank["repeat"]), c, ct, c["team"][0], c["lang"])
            elif a in ("release", "hostile_profitable") and rng.random() < 0.15 + 0.2 * s:
                bank = msgs.PL if c["lang"] == "pl" else msgs.EN
                desc += " " + fill(rng, rng.choice(bank["hostile"]), c, ct, c["team"][0], c["lang"])
                frt = rng.lognormvariate(math.log(0.9), 0.8)
            elif a == "slow_happy":
                frt = rng.lognormvariate(math.log(16 + 16 * s), 0.5)
                slow = True
            else:
                frt = rng.lognormvariate(math.log(0.9), 0.8)
                if c.get("incident_month") == m:
                    frt *= 4
            res = frt + rng.lognormvariate(math.log(6 if not slow else 40), 0.8)
            fr_t = created + dt.timedelta(hours=frt)
            res_t = created + dt.timedelta(hours=res)
            agent = who(rng.choice(c["team"][:2] + [c["team"][2]]), day)
            status = "Closed" if res_t.date() < as_of - dt.timedelta(days=3) else ("Resolved" if res_t.date() <= as_of else "Open")
            rows.append({
                "Ticket ID": next_id[0], "Subject": subj, "Description": desc, "Status": status,
                "Priority": rng.choice(["Low", "Medium", "Medium", "High", "Urgent"] if not slow else ["Medium", "High", "Urgent"]),
                "Source": rng.choice(["Email", "Email", "Portal", "Phone"]), "Type": rng.choice(["Incident", "Service Request", "Question"]),
                "Agent": agent["name"], "Group": "Service Desk Kraków" if agent["office"] == "PL" else "Service Desk UK",
                "Created time": created.strftime("%Y-%m-%d %H:%M:%S"),
                "Due by Time": (created + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S"),
                "Resolved time": res_t.strftime("%Y-%m-%d %H:%M:%S") if status != "Open" else "",
                "Closed time": res_t.strftime("%Y-%m-%d %H:%M:%S") if status == "Closed" else "",
                "Last update time": min(res_t, dt.datetime.combine(as_of, dt.time(17))).strftime("%Y-%m-%d %H:%M:%S"),
                "Initial response time": fr_t.strftime("%Y-%m-%d %H:%M:%S") if fr_t.date() <= as_of else "",
                "Time tracked": "%02d:%02d" % divmod(rng.randint(10, 180), 60),
                "First response time (in hrs)": "%.2f" % frt if fr_t.date() <= as_of else "",
                "Resolution time (in hrs)": "%.2f" % res if status != "Open" else "",
                "Agent interactions": rng.randint(1, 6), "Customer interactions": rng.randint(1, 5) + (2 if slow else 0),
                "Resolution status": ("SLA Violated" if res > 24 else "Within SLA") if status != "Open" else "",
                "First response status": "SLA Violated" if frt > 4 else "Within SLA",
                "Tags": ";".join(rng.sample(["m365", "printer", "network", "onboarding", "security", "hardware", "vip"], rng.randint(0, 2))),
                "Survey results": "" if rng.random() < 0.7 else (rng.choice(["Awesome", "Neutral", "Not Good"]) if slow else rng.choice(["Awesome", "Awesome", "Neutral"])),
                "Product": "Managed Support",
                "Full name": ct["name"], "Email": ct["email"], "Company Name": c["name_variants"]["tickets"],
            })
            next_id[0] += rng.randint(1, 3)
        m = month_add(m, 1)
    return rows


# ------------------------------------------------------------------------------------ writers


def w_csv(path, header, rows, encoding="utf-8", bom=False, delimiter=","):
    with open(path, "w", newline="", encoding=("utf-8-sig" if bom else encoding)) as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") if isinstance(r, dict) else r[i] for i, h in enumerate(header)])


XERO_H = ["ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4", "POCity",
          "PORegion", "POPostalCode", "POCountry", "SAAddressLine1", "SAAddressLine2", "SAAddressLine3", "SAAddressLine4",
          "SACity", "SARegion", "SAPostalCode", "SACountry", "InvoiceNumber", "Reference", "InvoiceDate", "DueDate",
          "PlannedDate", "Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue", "InventoryItemCode", "Description",
          "Quantity", "UnitAmount", "Discount", "LineAmount", "AccountCode", "TaxType", "TaxAmount", "TrackingName1",
          "TrackingOption1", "TrackingName2", "TrackingOption2", "Currency", "Type", "Sent", "Status"]

HARVEST_H = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?", "Invoiced?",
             "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate", "Billable Amount", "Cost Rate",
             "Cost Amount", "Currency", "External Reference URL"]
CLOCKIFY_H = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date", "Start Time",
              "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (PLN)", "Billable Amount (PLN)",
              "Cost Rate (PLN)", "Cost Amount (PLN)"]
FRESHDESK_H = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time",
               "Due by Time", "Resolved time", "Closed time", "Last update time", "Initial response time", "Time tracked",
               "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions", "Customer interactions",
               "Resolution status", "First response status", "Tags", "Survey results", "Product", "Full name", "Email",
               "Company Name"]
HUBSPOT_H = ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date",
             "Industry", "City", "Country/Region", "Number of Employees", "Lifecycle Stage"]

NBP_CCY = [("THB", 1), ("USD", 1), ("AUD", 1), ("HKD", 1), ("CAD", 1), ("NZD", 1), ("SGD", 1), ("EUR", 1), ("HUF", 100),
           ("CHF", 1), ("GBP", 1), ("UAH", 1), ("JPY", 100), ("CZK", 1), ("DKK", 1), ("ISK", 100), ("NOK", 1), ("SEK", 1),
           ("RON", 1), ("BGN", 1), ("TRY", 1), ("ILS", 1), ("CLP", 100), ("PHP", 1), ("MXN", 1), ("ZAR", 1), ("BRL", 1),
           ("MYR", 1), ("IDR", 10000), ("INR", 100), ("KRW", 100), ("CNY", 1), ("XDR", 1)]
NBP_NAMES = {"THB": "bat (Tajlandia)", "USD": "dolar amerykański", "AUD": "dolar australijski", "HKD": "dolar Hongkongu",
             "CAD": "dolar kanadyjski", "NZD": "dolar nowozelandzki", "SGD": "dolar singapurski", "EUR": "euro",
             "HUF": "forint (Węgry)", "CHF": "frank szwajcarski", "GBP": "funt szterling", "UAH": "hrywna (Ukraina)",
             "JPY": "jen (Japonia)", "CZK": "korona czeska", "DKK": "korona duńska", "ISK": "korona islandzka",
             "NOK": "korona norweska", "SEK": "korona szwedzka", "RON": "lej rumuński", "BGN": "lew (Bułgaria)",
             "TRY": "lira turecka", "ILS": "nowy izraelski szekel", "CLP": "peso chilijskie", "PHP": "peso filipińskie",
             "MXN": "peso meksykańskie", "ZAR": "rand (Republika Południowej Afryki)", "BRL": "real (Brazylia)",
             "MYR": "ringgit (Malezja)", "IDR": "rupia indonezyjska", "INR": "rupia indyjska", "KRW": "won południowokoreański",
             "CNY": "yuan renminbi (Chiny)", "XDR": "SDR (MFW)"}
# PLN per unit (rough levels)
NBP_LEVEL = {"THB": 0.112, "USD": 3.72, "AUD": 2.45, "HKD": 0.478, "CAD": 2.70, "NZD": 2.20, "SGD": 2.85, "EUR": 4.26,
             "HUF": 1.08, "CHF": 4.55, "GBP": 4.95, "UAH": 0.089, "JPY": 2.52, "CZK": 0.171, "DKK": 0.571, "ISK": 2.93,
             "NOK": 0.36, "SEK": 0.385, "RON": 0.84, "BGN": 2.178, "TRY": 0.092, "ILS": 1.05, "CLP": 0.39, "PHP": 0.064,
             "MXN": 0.20, "ZAR": 0.205, "BRL": 0.68, "MYR": 0.86, "IDR": 2.30, "INR": 4.35, "KRW": 0.265, "CNY": 0.515, "XDR": 5.05}
ECB_H = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN", "ROL", "RON", "SEK", "SIT",
         "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW",
         "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]


def pl_dec(x, nd=4):
    return ("%." + str(nd) + "f") % x


def write_rates(rng, out, start, as_of):
    days = []
    d = start
    while d <= as_of:
        if d.weekday() < 5 and not (d.month == 1 and d.day == 1) and not (d.month == 12 and d.day in (25, 26)) and not (d.month == 5 and d.day in (1, 3)) and not (d.month == 11 and d.day == 11):
            days.append(d)
        d += dt.timedelta(days=1)
    lvl = dict(NBP_LEVEL)
    series = []
    for d in days:
        for k in lvl:
            lvl[k] *= math.exp(rng.gauss(0, 0.004))
        lvl["BGN"] = lvl["EUR"] / 1.95583
        series.append((d, dict(lvl)))
    # NBP yearly archives
    by_year = {}
    for d, r in series:
        by_year.setdefault(d.year, []).append((d, r))
    for y, rows in by_year.items():
        hdr = ["data"] + ["%d%s" % (u, k) for k, u in NBP_CCY] + ["nr tabeli", "pełny numer tabeli"]
        lines = [";".join(hdr)]
        for i, (d, r) in enumerate(rows, 1):
            vals = [d.strftime("%Y%m%d")] + [pl_dec(r[k] * (u if u > 1 else 1) if u == 1 else r[k], 4).replace(".", ",") for k, u in NBP_CCY]
            lines.append(";".join(vals + ["%d" % i, "%03d/A/NBP/%d" % (i, y)]))
        lines.append(";".join(["kod ISO"] + [k for k, _ in NBP_CCY] + ["", ""]))
        lines.append(";".join(["nazwa waluty"] + [NBP_NAMES[k] for k, _ in NBP_CCY] + ["", ""]))
        lines.append(";".join(["liczba jednostek"] + [str(u) for _, u in NBP_CCY] + ["", ""]))
        with open(os.path.join(out, "archiwum_tab_a_%d.csv" % y), "w", encoding="cp1250", newline="") as f:
            f.write("\r\n".join(lines) + "\r\n")
    # ECB
    lines = ["Date," + ",".join(ECB_H) + ","]
    gone = {"CYP", "EEK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL", "HRK", "RUB"}
    for d, r in reversed(series):
        eur = r["EUR"]
        vals = []
        for k in ECB_H:
            if k in gone:
                vals.append("N/A")
            elif k == "PLN":
                vals.append("%.4f" % eur)
            elif k == "BGN":
                vals.append("1.9558")
            else:
                lv = r[k] / (100 if k in ("HUF", "JPY", "ISK", "CLP", "INR", "KRW") else (10000 if k == "IDR" else 1))
                x = eur / lv
                vals.append(("%.4f" % x) if x < 100 else ("%.2f" % x))
        lines.append(d.isoformat() + "," + ",".join(vals) + ",")
    with open(os.path.join(out, "eurofxref-hist.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


def ksef_xml(agency, c, inv):
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rows = []
    for i, (desc, q, u, d) in enumerate(inv["lines"], 1):
        net = q * u * (1 - d)
        rows.append("""    <FaWiersz>
      <NrWierszaFa>%d</NrWierszaFa>
      <P_7>%s</P_7>
      <P_8A>szt.</P_8A>
      <P_8B>%d</P_8B>
      <P_9A>%s</P_9A>
      <P_11>%s</P_11>
      <P_12>23</P_12>
    </FaWiersz>""" % (i, esc(desc + (" (rabat %d%%)" % round(d * 100) if d else "")), q, money(u * (1 - d)), money(net)))
    paid = ""
    if inv["paid_on"]:
        paid = "\n      <Zaplacono>1</Zaplacono>\n      <DataZaplaty>%s</DataZaplaty>" % inv["paid_on"].isoformat()
    return """<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>%sT08:12:00Z</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>%s</NIP>
      <Nazwa>%s</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Lubicz 23</AdresL1>
      <AdresL2>31-503 Kraków</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>%s</NIP>
      <Nazwa>%s</Nazwa>
    </DaneIdentyfikacyjne>
    <JST>2</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>%s</P_1>
    <P_2>%s</P_2>
    <P_6>%s</P_6>
    <P_13_1>%s</P_13_1>
    <P_14_1>%s</P_14_1>
    <P_15>%s</P_15>
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
%s
    <Platnosc>%s
      <TerminPlatnosci>
        <Termin>%s</Termin>
      </TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>61109010140000071219812874</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
""" % (inv["issue"].isoformat(), agency["nip"], esc(agency["pl_name"]), c["tax_id"], esc(c["legal_name"]),
       inv["issue"].isoformat(), inv["number"], (inv["month"] + dt.timedelta(days=27)).isoformat() if inv["kind"] == "support" else inv["issue"].isoformat(),
       money(inv["net"]), money(inv["tax"]), money(inv["gross"]), "\n".join(rows), paid, inv["due"].isoformat())


# ------------------------------------------------------------------------------------ main


def generate(seed, out):
    rng = random.Random(seed)
    exports = os.path.join(out, "exports")
    os.makedirs(exports, exist_ok=True)
    ag_name, ag_domain, ag_city, ag_short = AGENCIES[seed % len(AGENCIES)]
    pl_nip = nip_valid(rng)
    agency = {"name": ag_name, "domain": ag_domain, "city": ag_city, "short": ag_short, "nip": pl_nip,
              "pl_name": ag_short + " Sp. z o.o.", "uk_company_no": "%08d" % rng.randint(6000000, 13999999)}
    as_of = D(2026, rng.randint(5, 11), rng.randint(1, 28))
    hist = rng.randint(12, 24)
    window_start = month_add(as_of, -hist)
    staff = make_staff(rng, ag_domain)
    n = rng.randint(44, 58)
    arch = plan_archetypes(rng, n)
    clients = make_clients(rng, n, arch, staff, as_of, window_start)
    STAFF_SWAP.clear()
    joiner = [s for s in staff if s.get("joiner")][0]
    leaver = rng.choice([s for s in staff if s["office"] == "UK" and s["role"] == "Helpdesk Engineer" and not s.get("joiner")])
    span = (as_of - window_start).days
    leave = workday(window_start + dt.timedelta(days=int(span * rng.uniform(0.35, 0.65))))
    STAFF_SWAP[id(leaver)] = (leave, joiner)
    leaver["left_on"] = leave.isoformat()
    joiner["joined_on"] = leave.isoformat()
    for c in clients:
        c["as_of"] = as_of

    # ---------- invoices
    xero_rows, fakt, ksef_files, bank = [], [], [], {"GBP": [], "EUR": [], "PLN": []}
    inv_no = rng.randint(1200, 3400)
    pl_counter = {}
    all_invs = {}
    for c in clients:
        invs = build_invoices(rng, c, as_of, window_start)
        all_invs[c["idx"]] = invs
        for inv in invs:
            if c["currency"] in ("GBP", "EUR"):
                inv_no += 1
                inv["number"] = "INV-%05d" % inv_no
            else:
                key = (inv["issue"].year, inv["issue"].month)
                pl_counter[key] = pl_counter.get(key, 0) + 1
                inv["number"] = "FV/%d/%02d/%d" % (pl_counter[key], inv["issue"].month, inv["issue"].year)
            if inv["paid_on"]:
                # sometimes split into two bank transfers
                if rng.random() < 0.06 and inv["gross"] > 500:
                    first = round(inv["gross"] * 0.5, 2)
                    p1 = inv["paid_on"] - dt.timedelta(days=rng.randint(7, 20))
                    if p1 < inv["issue"]:
                        p1 = inv["issue"]
                    bank[c["currency"]].append((inv["number"], p1, first))
                    bank[c["currency"]].append((inv["number"], inv["paid_on"], round(inv["gross"] - first, 2)))
                else:
                    bank[c["currency"]].append((inv["number"], inv["paid_on"], inv["gross"]))
    # Xero
    for c in clients:
        if c["currency"] not in ("GBP", "EUR"):
            continue
        for inv in all_invs[c["idx"]]:
            paid = inv["gross"] if inv["paid_on"] else 0.0
            for desc, q, u, d in inv["lines"]:
                la = q * u * (1 - d)
                xero_rows.append({
                    "ContactName": c["name_variants"]["accounting"], "EmailAddress": c["contacts"][-1]["email"] if c["arch"] != "not_decision_maker" else c["contacts"][1]["email"],
                    "POAddressLine1": "", "POCity": "Manchester" if rng.random() < 0.5 else "Leeds", "POCountry": {"GB": "United Kingdom", "IE": "Ireland", "NL": "Netherlands", "DE": "Germany"}[c["country"]],
                    "InvoiceNumber": inv["number"], "Reference": ("Support %s" % inv["month"].strftime("%b %Y")) if inv["kind"] == "support" else "Project",
                    "InvoiceDate": inv["issue"].strftime("%d/%m/%Y"), "DueDate": inv["due"].strftime("%d/%m/%Y"), "PlannedDate": "",
                    "Total": money(inv["gross"]), "TaxTotal": money(inv["tax"]), "InvoiceAmountPaid": money(paid),
                    "InvoiceAmountDue": money(inv["gross"] - paid), "InventoryItemCode": "MSP-SEAT" if q > 1 else "",
                    "Description": desc, "Quantity": "%.4f" % q, "UnitAmount": "%.4f" % u, "Discount": ("%.2f" % (d * 100)) if d else "",
                    "LineAmount": money(la), "AccountCode": "200" if inv["kind"] == "support" else "210",
                    "TaxType": "20% (VAT on Income)" if inv["vat"] else "Zero Rated EC Services", "TaxAmount": money(la * inv["vat"]),
                    "TrackingName1": "Office", "TrackingOption1": "Manchester" if ag_city == "Manchester" else "Leeds",
                    "Currency": c["currency"], "Type": "Sales invoice", "Sent": "Sent", "Status": "PAID" if inv["paid_on"] else "AUTHORISED",
                })
    w_csv(os.path.join(exports, "Xero_Invoices_Export.csv"), XERO_H, xero_rows, bom=True)
    # Fakturownia + KSeF
    ksef_dir = os.path.join(exports, "ksef")
    os.makedirs(ksef_dir, exist_ok=True)
    fid = rng.randint(310000000, 390000000)
    for c in clients:
        if c["currency"] != "PLN":
            continue
        for inv in all_invs[c["idx"]]:
            fid += rng.randint(1, 40)
            comma = rng.random() < 0.3
            f = lambda x: money(x).replace(".", ",") if comma else money(x)
            nip_fmt = c["tax_id"] if rng.random() < 0.7 else "%s-%s-%s-%s" % (c["tax_id"][:3], c["tax_id"][3:6], c["tax_id"][6:8], c["tax_id"][8:])
            fakt.append({"id": fid, "number": inv["number"], "kind": "vat", "issue_date": inv["issue"].isoformat(),
                         "sell_date": inv["issue"].isoformat(), "payment_to": inv["due"].isoformat(),
                         "paid_date": inv["paid_on"].isoformat() if inv["paid_on"] else None,
                         "status": "paid" if inv["paid_on"] else ("sent" if inv["due"] >= as_of else "issued"),
                         "buyer_name": c["name_variants"]["accounting"], "buyer_tax_no": nip_fmt,
                         "buyer_email": c["contacts"][0]["email"], "price_net": f(inv["net"]), "price_gross": f(inv["gross"]),
                         "paid": f(inv["gross"] if inv["paid_on"] else 0), "currency": "PLN", "lang": "pl",
                         "description": inv["lines"][0][0], "payment_type": "transfer"})
            if inv["issue"] >= D(2026, 2, 1):
                fn = "FA3_%s_%s.xml" % (agency["nip"], inv["number"].replace("/", "_"))
                with open(os.path.join(ksef_dir, fn), "w", encoding="utf-8") as fh:
                    fh.write(ksef_xml(agency, c, inv))
    with open(os.path.join(exports, "fakturownia_invoices.json"), "w", encoding="utf-8") as fh:
        json.dump(fakt, fh, ensure_ascii=False, indent=1)
    # bank
    for cur, rows in bank.items():
        rows.sort(key=lambda r: r[1])
        if cur == "PLN":
            fn = "mbank_wyciag_platnosci.csv"
            hdr = ["invoice_number", "paid_on", "amount", "currency", "id"]
            rows2 = [(a, b.strftime("%d.%m.%Y"), money(c_).replace(".", ","), "PLN", "MB%s%06d" % (b.strftime("%y%m%d"), rng.randint(0, 999999))) for a, b, c_ in rows]
        elif cur == "GBP":
            fn = "barclays_gbp_receipts.csv"
            hdr = ["invoice_number", "paid_on", "amount"]
            rows2 = [(a, b.strftime("%d/%m/%Y"), "{:,.2f}".format(c_)) for a, b, c_ in rows]
        else:
            fn = "barclays_eur_receipts.csv"
            hdr = ["invoice_number", "paid_on", "amount"]
            rows2 = [(a, b.isoformat(), money(c_)) for a, b, c_ in rows]
        with open(os.path.join(exports, fn), "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(hdr)
            w.writerows(rows2)

    # ---------- time
    harvest, clockify = [], []
    for c in clients:
        c["_cost_gbp"] = 0.0
        c["_hours"] = 0.0
        for e in build_time(rng, c, all_invs[c["idx"]], as_of):
            st = e["staff"]
            c["_cost_gbp"] += e["hours"] * st["cost_rate"] / (4.95 if st["cost_currency"] == "PLN" else 1.0)
            c["_hours"] += e["hours"]
            cname = c["name_variants"]["time"]
            if st["office"] == "UK":
                brate = {"GBP": 85, "EUR": 98, "PLN": 380}[c["currency"]]
                harvest.append({"Date": e["date"].strftime("%d/%m/%Y"), "Client": cname, "Project": e["project"], "Project Code": "MS-%03d" % c["idx"],
                                "Task": e["task"], "Notes": e["note"], "Hours": "%.2f" % e["hours"], "Hours Rounded": "%.2f" % (math.ceil(e["hours"] * 4) / 4),
                                "Billable?": "Yes" if e["billable"] else "No", "Invoiced?": "No", "Approved?": "Yes",
                                "First Name": st["first"], "Last Name": st["last"], "Roles": st["role"], "Employee?": "Yes",
                                "Billable Rate": brate if e["billable"] else 0, "Billable Amount": money(brate * e["hours"]) if e["billable"] else "0.00",
                                "Cost Rate": "%.2f" % st["cost_rate"], "Cost Amount": money(st["cost_rate"] * e["hours"]),
                                "Currency": {"GBP": "British Pound - GBP", "EUR": "Euro - EUR", "PLN": "Polish Zloty - PLN"}[c["currency"]],
                                "External Reference URL": ""})
            else:
                start_t = dt.datetime.combine(e["date"], dt.time(rng.randint(8, 14), rng.choice([0, 15, 30, 45])))
                end_t = start_t + dt.timedelta(hours=e["hours"])
                secs = int(round(e["hours"] * 3600))
                brate = 0 if not e["billable"] else 320
                clockify.append({"Project": e["project"], "Client": cname, "Description": e["note"], "Task": e["task"], "User": st["name"],
                                 "Group": "Kraków Service Desk", "Email": st["email"], "Tags": "", "Billable": "Yes" if e["billable"] else "No",
                                 "Start Date": start_t.strftime("%d.%m.%Y"), "Start Time": start_t.strftime("%H:%M:%S"),
                                 "End Date": end_t.strftime("%d.%m.%Y"), "End Time": end_t.strftime("%H:%M:%S"),
                                 "Duration (h)": "%02d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60),
                                 "Duration (decimal)": "%.2f" % e["hours"], "Billable Rate (PLN)": "%.2f" % brate,
                                 "Billable Amount (PLN)": money(brate * e["hours"]), "Cost Rate (PLN)": "%.2f" % st["cost_rate"],
                                 "Cost Amount (PLN)": money(st["cost_rate"] * e["hours"])})
    harvest.sort(key=lambda r: (r["Date"][6:], r["Date"][3:5], r["Date"][:2]))
    clockify.sort(key=lambda r: (r["Start Date"][6:], r["Start Date"][3:5], r["Start Date"][:2]))
    w_csv(os.path.join(exports, "harvest_time_report_uk.csv"), HARVEST_H, harvest)
    w_csv(os.path.join(exports, "Clockify_Time_Report_Detailed_krakow.csv"), CLOCKIFY_H, clockify, bom=True)

    # ---------- tickets
    tickets = []
    nid = [rng.randint(20000, 40000)]
    for c in clients:
        tickets += build_tickets(rng, c, as_of, nid)
    tickets.sort(key=lambda r: r["Created time"])
    for i, t in enumerate(tickets):
        t["Ticket ID"] = 31000 + i * 2 + (seed % 2)
    w_csv(os.path.join(exports, "freshdesk_tickets_export.csv"), FRESHDESK_H, tickets)

    # ---------- CRM
    hs = []
    for c in clients:
        created = dt.datetime.combine(c["client_since"], dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        hs.append({"Record ID": rng.randint(5_000_000_000, 19_999_999_999), "Company name": c["name_variants"]["crm"],
                   "Company Domain Name": c["domain"], "Company owner": c["owner"]["email"],
                   "Create Date": created.strftime("%Y-%m-%d %H:%M"),
                   "Last Activity Date": dt.datetime.combine(as_of - dt.timedelta(days=rng.randint(0, 20)), dt.time(rng.randint(8, 17), rng.randint(0, 59))).strftime("%Y-%m-%d %H:%M"),
                   "Industry": {"school": "Education Management", "gp": "Hospital & Health Care", "dental": "Medical Practice",
                                "legal": "Law Practice", "charity": "Non-profit Organization Management", "manufacturer": "Mechanical or Industrial Engineering",
                                "retail": "Retail"}.get(c["sector"], "Information Technology and Services" if c["sector"] == "software" else "Other"),
                   "City": "", "Country/Region": {"GB": "United Kingdom", "IE": "Ireland", "NL": "Netherlands", "DE": "Germany", "PL": "Poland"}[c["country"]],
                   "Number of Employees": c["seats"], "Lifecycle Stage": "Customer"})
    deals = []
    for c, h in zip(clients, hs):
        c["_hs_id"] = h["Record ID"]
        acv = c["seats"] * c["seat_fee"] * 12 * (1 - c["discount"])
        close = dt.datetime.combine(c["client_since"] - dt.timedelta(days=rng.randint(5, 25)), dt.time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])))
        deals.append({"Record ID": rng.randint(20_000_000_000, 29_999_999_999),
                      "Deal Name": "%s - Managed Support" % c["name_variants"]["crm"], "Deal Stage": "Closed Won",
                      "Amount": money(acv), "Close Date": close.strftime("%Y-%m-%d %H:%M"), "Deal owner": c["owner"]["email"],
                      "Pipeline": "Sales Pipeline", "Create Date": (close - dt.timedelta(days=rng.randint(14, 90))).strftime("%Y-%m-%d %H:%M"),
                      "Associated Company IDs": h["Record ID"]})
        if rng.random() < 0.25 and c["arch"] != "watch_new":
            cd = dt.datetime.combine(as_of - dt.timedelta(days=rng.randint(20, 200)), dt.time(11, 0))
            deals.append({"Record ID": rng.randint(20_000_000_000, 29_999_999_999),
                          "Deal Name": "%s - %s" % (c["name_variants"]["crm"], rng.choice(PROJECTS_PL if c["lang"] == "pl" else PROJECTS_EN)),
                          "Deal Stage": rng.choice(["Closed Lost", "Closed Won", "Contract sent"]), "Amount": money(rng.choice([3500, 6000, 9500])),
                          "Close Date": cd.strftime("%Y-%m-%d %H:%M"), "Deal owner": c["owner"]["email"], "Pipeline": "Projects",
                          "Create Date": (cd - dt.timedelta(days=30)).strftime("%Y-%m-%d %H:%M"), "Associated Company IDs": h["Record ID"]})
    rng.shuffle(hs)
    w_csv(os.path.join(exports, "hubspot-crm-exports-all-companies.csv"), HUBSPOT_H, hs)
    w_csv(os.path.join(exports, "hubspot-crm-exports-all-deals.csv"),
          ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Pipeline", "Create Date", "Associated Company IDs"], deals)

    # ---------- mail
    uk_threads, pl_threads = [], []
    for c in clients:
        th = build_mail(rng, c, agency, as_of)
        st_ = {}
        for t_ in th:
            for m_ in t_:
                if m_["out"]:
                    key = "out:" + m_["kind"]
                else:
                    who = "owner" if m_["to"] is c["owner"] else ("warm" if m_["to"] is c["warm"] and c["arch"] == "reassign" else "others")
                    key = "in_to_%s:%s" % (who, m_["kind"])
                    recent = m_["when"].date() >= as_of - dt.timedelta(days=56)
                    if recent:
                        st_["recent8w_" + key] = st_.get("recent8w_" + key, 0) + 1
                st_[key] = st_.get(key, 0) + 1
        c["_mail_stats"] = dict(sorted(st_.items()))
        (pl_threads if c["lang"] == "pl" else uk_threads).extend(th)
    uk_threads.sort(key=lambda t: t[0]["when"])
    pl_threads.sort(key=lambda t: t[0]["when"])
    render_mbox(uk_threads, os.path.join(exports, "support_inbox_uk.mbox"), agency, rng)
    render_mbox(pl_threads, os.path.join(exports, "poczta_krakow.mbox"), agency, rng)

    # ---------- rates
    write_rates(rng, exports, window_start - dt.timedelta(days=14), as_of)

    # ---------- truth
    truth_rows = []
    tj_clients = []
    for c in clients:
        dec = ARCH_DECISION[c["arch"]]
        notes = truth_note(c)
        truth_rows.append({"client_name": c["legal_name"], "tax_id": c["tax_id"], "domain": c["domain"],
                           "expected_decision": dec, "archetype": c["arch"], "owner_staff": c["owner"]["name"], "notes": notes})
        invs = all_invs[c["idx"]]
        rev_gbp = sum(i["net"] / {"GBP": 1.0, "EUR": 1.16, "PLN": 4.95}[c["currency"]] for i in invs)
        tj_clients.append({
            "client_name": c["legal_name"], "name_variants": c["name_variants"], "tax_id": c["tax_id"], "domain": c["domain"],
            "country": c["country"], "currency": c["currency"], "language": c["lang"], "sector": c["sector"],
            "expected_decision": dec, "archetype": c["arch"], "strength": c["strength"],
            "owner": c["owner"]["email"], "warm_colleague": c["warm"]["email"], "team": [t["email"] for t in c["team"]],
            "contacts": [{"name": x["name"], "email": x["email"], "title": x["title"]} for x in c["contacts"]],
            "start": c["start"].isoformat(), "client_since": c["client_since"].isoformat(), "seats": c["seats"],
            "seat_fee": c["seat_fee"], "discount": c["discount"], "effort_mult": c["effort_mult"],
            "hours_per_seat_month": c["hours_per_seat"], "late_days_range": list(c["late_days"]),
            "mail_encoding": c["enc"], "no_diacritics": c["no_diacritics"],
            "recover_from": c["recover_from"].isoformat() if c["recover_from"] else None,
            "incident_month": c["incident_month"].isoformat() if c.get("incident_month") else None,
            "reset_from": c["reset_from"].isoformat() if c["reset_from"] else None,
            "reassign_from": c["reassign_from"].isoformat() if c["reassign_from"] else None,
            "invoices": len(invs), "invoiced_gross": round(sum(i["gross"] for i in invs), 2),
            "approx_revenue_net_gbp": round(rev_gbp, 2), "approx_labour_cost_gbp": round(c["_cost_gbp"], 2),
            "approx_margin": round((rev_gbp - c["_cost_gbp"]) / rev_gbp, 3) if rev_gbp else None,
            "hours": round(c["_hours"], 1),
            "mail_kind_counts": c["_mail_stats"],
            "paid_late_share": round(sum(1 for i in invs if (i["paid_on"] or as_of + dt.timedelta(days=1)) > i["due"]) / len(invs), 2) if invs else None,
            "notes": notes,
        })
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
        w.writeheader()
        w.writerows(truth_rows)
    tj = {"seed": seed, "generator": "portfolio_d (UK managed IT services + Krakow desk)", "as_of": as_of.isoformat(),
          "window_start": window_start.isoformat(), "history_months": hist,
          "agency": {"name": agency["name"], "domain": agency["domain"], "nip": agency["nip"], "polish_entity": agency["pl_name"],
                     "city": ag_city, "reporting_currency_hint": "GBP"},
          "staff": [{"name": s["name"], "role": s["role"], "email": s["email"], "office": s["office"],
                     "cost_rate": s["cost_rate"], "cost_currency": s["cost_currency"], "curt_with_everyone": s["curt"],
                     "left_on": s.get("left_on"), "joined_on": s.get("joined_on")} for s in staff],
          "files": sorted(os.listdir(exports)),
          "counts": {}, "clients": tj_clients}
    for r in truth_rows:
        tj["counts"][r["expected_decision"]] = tj["counts"].get(r["expected_decision"], 0) + 1
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(tj, fh, ensure_ascii=False, indent=1)
    return tj


def truth_note(c):
    n = truth_note_core(c)
    if c.get("incident_month") and c["arch"] != "keep":
        n += "; one bad month %s (outage/complaints), otherwise normal" % c["incident_month"].strftime("%Y-%m")
    if c["owner"]["curt"] and c["arch"] != "curt_owner":
        n += "; owner %s is curt with all clients (staff-side trait, not this client's problem)" % c["owner"]["name"]
    return n


def truth_note_core(c):
    a, s, o = c["arch"], c["strength"], c["owner"]["name"]
    if a == "keep":
        return "healthy per-seat support client; ordinary ups and downs" + (
            " (one bad month %s: outage/complaints, then back to normal)" % c["incident_month"].strftime("%Y-%m") if c.get("incident_month") else "")
    if a == "keep_growing":
        return "joined during the window and growing seats; healthy"
    if a == "curt_owner":
        return "confounder: owner %s is curt with all his/her clients; this client is happy and profitable -> KEEP" % o
    if a == "slow_happy":
        return "confounder: our first replies and ticket first responses are slow (median ~%dh) but the client is content, no complaints -> KEEP" % int(16 + 16 * s)
    if a == "big_late_payer":
        return "confounder: large client (%d seats) pays %d-%d days after due date but is profitable and friendly -> KEEP" % (c["seats"], c["late_days"][0], c["late_days"][1])
    if a == "seasonal":
        return "confounder: school; near silence in August (and quieter in holiday months) is seasonal, not ghosting -> KEEP"
    if a == "not_decision_maker":
        return "confounder: the day-to-day contact (%s) grumbles and asks for extras; the decision-makers are positive, service metrics and margin healthy -> KEEP" % c["contacts"][0]["name"]
    if a == "hostile_profitable":
        return ("judgement call: rude/hostile with every staff member (hostile share %.0f%%) but profitable and pays on time. "
                "Conduct alone does not make it unprofitable ('not liking a client...'); no loss, no late pay -> KEEP, with boundaries set "
                "by the owner; not RELEASE (requires chronic loss/late pay), not RESET/REASSIGN (not one person)") % ((0.3 + 0.3 * s) * 100)
    if a == "reset":
        return "personal friction with owner %s only since %s (last 6-8 weeks) after a long good history; fine with colleagues; business healthy (strength %.2f)" % (o, c["reset_from"], s)
    if a == "reassign":
        return "persistent personal mismatch with owner %s since %s (~9 months); warm with %s; business healthy (strength %.2f)" % (o, c["reassign_from"], c["warm"]["name"], s)
    if a == "recover":
        return "our service failing since %s: slow first replies/tickets, unanswered repeats, complaints%s (strength %.2f)" % (
            c["recover_from"], ", threats to leave" if s > 0.3 else "", s)
    if a == "renegotiate":
        return "terms lose money: discount %d%%, effort x%.1f of normal, out-of-scope non-billable work; conduct fine and pays on time (strength %.2f)" % (
            round(c["discount"] * 100), c["effort_mult"], s)
    if a == "release":
        return "hostile with everyone, pays %d-%d days late, discount %d%% and effort x%.1f -> margin ~0 or negative (strength %.2f)" % (
            c["late_days"][0], c["late_days"][1], round(c["discount"] * 100), c["effort_mult"], s)
    if a == "watch_new":
        return "new client since %s: too little history to judge" % c["start"]
    if a == "watch_mixed":
        return "mixed signals: some late payments (5-25 days), effort x%.2f, a few complaints and some praise; nothing decisive" % c["effort_mult"]
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tj = generate(a.seed, a.out)
    print("seed %d: %d clients, as_of %s, window_start %s, %s" % (a.seed, len(tj["clients"]), tj["as_of"], tj["window_start"], tj["counts"]))


if __name__ == "__main__":
    main()
