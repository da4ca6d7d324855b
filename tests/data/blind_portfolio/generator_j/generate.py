#!/usr/bin/env python3
"""Generator J: an events and conference-production agency (Kraków / Prague / Vienna desk).

Writes the exports such an agency has (Fakturownia JSON + KSeF FA(3) XML for the Polish
entity, Xero invoice export for the Prague s.r.o., a bank payments CSV, Harvest (Kraków/Vienna,
day-first dates, decimal commas) and Clockify (Prague, US dates) time, HubSpot companies,
Outlook .eml folders for Kraków/Vienna staff, Thunderbird mbox files for Prague staff, a
Freshdesk registration help desk, NBP table A archive CSVs and ECB eurofxref-hist.csv) plus the
truth (truth.csv, truth.json).

Usage: python3 generate.py --seed N --out DIR      (standard library only)
"""
import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import shutil
import unicodedata
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from email import policy

import texts

D = dt.date
ONE = dt.timedelta(days=1)

AGENCY_PL = {"name": "Kolonada Events Sp. z o.o.", "domain": "kolonada-events.com",
             "nip": None, "city": "Kraków"}
AGENCY_CZ = {"name": "Kolonada Events s.r.o.", "city": "Praha", "dic": "CZ08412735"}

# --------------------------------------------------------------------------- helpers

def fold(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def nip_valid(rng, prefix=None):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        if prefix:
            d[:3] = [int(c) for c in prefix]
        c = sum(a * b for a, b in zip(d, w)) % 11
        if c != 10:
            return "".join(map(str, d + [c]))


def fmt_nip(n, style):
    if style == 0:
        return n
    if style == 1:
        return f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"
    if style == 2:
        return f"PL{n}"
    return f"{n[:3]}-{n[3:5]}-{n[5:7]}-{n[7:]}"


def money(x):
    return f"{x:.2f}"


def comma(x, nd=2):
    return f"{x:.{nd}f}".replace(".", ",")


def is_dst(d):
    # EU summer time: last Sunday of March to last Sunday of October
    def last_sunday(y, m):
        x = D(y, m, 31)
        while x.weekday() != 6:
            x -= ONE
        return x
    return last_sunday(d.year, 3) <= d < last_sunday(d.year, 10)


def local_dt(d, minutes):
    tz = dt.timezone(dt.timedelta(hours=2 if is_dst(d) else 1))
    h, m = divmod(int(minutes), 60)
    h = min(h, 23)
    return dt.datetime(d.year, d.month, d.day, h, m, 0, tzinfo=tz)


def add_hours(ts, hours):
    """Add working hours roughly: plain clock add, then pull nights/weekends to next morning."""
    t = ts + dt.timedelta(hours=hours)
    d = t.date()
    if t.hour >= 19 or t.hour < 8:
        if t.hour >= 19:
            d += ONE
        t = local_dt(d, 8 * 60 + (t.minute % 50) + 10)
    while t.weekday() >= 5:
        d = t.date() + ONE
        t = local_dt(d, t.hour * 60 + t.minute)
    return t


SEASON = {1: 0.3, 2: 0.6, 3: 1.0, 4: 1.0, 5: 1.8, 6: 1.8, 7: 0.5, 8: 0.2, 9: 1.6, 10: 1.8,
          11: 1.6, 12: 1.0}

# --------------------------------------------------------------------------- name pools

PL_FIRST_F = ["Anna", "Magdalena", "Katarzyna", "Agnieszka", "Joanna", "Monika", "Marta", "Ewa",
              "Karolina", "Aleksandra", "Justyna", "Natalia", "Dorota", "Beata", "Zofia",
              "Małgorzata", "Paulina", "Weronika", "Izabela", "Sylwia"]
PL_FIRST_M = ["Piotr", "Tomasz", "Paweł", "Michał", "Krzysztof", "Marcin", "Łukasz", "Jakub",
              "Grzegorz", "Adam", "Wojciech", "Rafał", "Bartosz", "Maciej", "Jacek", "Szymon",
              "Dariusz", "Kamil", "Sebastian", "Andrzej"]
PL_LAST = ["Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
           "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski",
           "Krawczyk", "Piotrowski", "Grabowski", "Pawłowski", "Michalski", "Król", "Wieczorek",
           "Jabłoński", "Wróbel", "Majewski", "Olszewski", "Stępień", "Malinowski", "Górski",
           "Rutkowski", "Sikora", "Baran", "Duda", "Szewczyk", "Tomaszewski", "Pietrzak",
           "Marciniak", "Zalewski", "Jakubowski", "Zawadzki", "Sadowski", "Bąk", "Chmielewski",
           "Włodarczyk", "Borkowski", "Czarnecki", "Sawicki", "Sokołowski", "Urbański",
           "Kubiak", "Maciejewski"]
CZ_F = ["Tereza", "Lucie", "Kateřina", "Petra", "Jana", "Veronika", "Markéta", "Barbora",
        "Klára", "Hana"]
CZ_M = ["Jan", "Tomáš", "Martin", "Jakub", "Ondřej", "Petr", "Lukáš", "Vojtěch", "David",
        "Filip"]
CZ_LAST_M = ["Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák",
             "Němec", "Marek", "Pospíšil", "Hájek", "Král", "Jelínek", "Růžička"]
DE_F = ["Katharina", "Julia", "Lena", "Sabine", "Claudia", "Verena", "Johanna", "Birgit"]
DE_M = ["Stefan", "Markus", "Thomas", "Andreas", "Florian", "Lukas", "Christoph", "Matthias"]
DE_LAST = ["Huber", "Gruber", "Wagner", "Bauer", "Pichler", "Steiner", "Moser", "Mayer",
           "Hofer", "Leitner", "Berger", "Fuchs", "Schmid", "Winkler", "Weber", "Schneider"]
UK_F = ["Emma", "Olivia", "Charlotte", "Sophie", "Hannah", "Rachel", "Lucy", "Claire"]
UK_M = ["James", "Oliver", "Daniel", "Matthew", "Tom", "Richard", "Alex", "Ben"]
UK_LAST = ["Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright",
           "Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke", "Turner"]


def pl_surname(last, female):
    if female:
        if last.endswith("ski"):
            return last[:-3] + "ska"
        if last.endswith("cki"):
            return last[:-3] + "cka"
        if last.endswith("dzki"):
            return last[:-4] + "dzka"
    return last


def cz_surname(last, female):
    if not female:
        return last
    base = fold(last) if False else last
    if base.endswith("ý"):
        return base[:-1] + "á"
    if base.endswith("a"):
        return base[:-1] + "ová"
    if base.endswith("ek"):
        return base[:-2] + "ková"
    return base + "ová"


def person(rng, region, used):
    for _ in range(200):
        female = rng.random() < 0.55
        if region == "PL":
            first = rng.choice(PL_FIRST_F if female else PL_FIRST_M)
            last = pl_surname(rng.choice(PL_LAST), female)
        elif region == "CZ":
            first = rng.choice(CZ_F if female else CZ_M)
            last = cz_surname(rng.choice(CZ_LAST_M), female)
        elif region in ("AT", "DE"):
            first = rng.choice(DE_F if female else DE_M)
            last = rng.choice(DE_LAST)
        else:
            first = rng.choice(UK_F if female else UK_M)
            last = rng.choice(UK_LAST)
        if (first, last) not in used:
            used.add((first, last))
            return first, last, female
    raise RuntimeError("names exhausted")


def local_part(first, last, style=0):
    f, l = fold(first).lower(), fold(last).lower().replace(" ", "")
    return [f"{f}.{l}", f"{f[0]}.{l}", f"{f[0]}{l}", f"{f}"][style]


# --------------------------------------------------------------------------- clients

PL_BRANDS = ["Medivita", "Farmapol", "Polbank", "Energa", "Wawel", "Orbitex", "Nordlab",
             "Kardiomed", "Sanvit", "Galmet", "Tarnovia", "Vistal", "Biofarm", "Amberion",
             "Przemko", "Lubella", "Mostex", "Zielonka", "Kopernik", "Pharmena", "Avantis",
             "Solbet", "Cortexa", "Hydrotor", "Polmlek", "Termalica", "Bartnik", "Krakbud",
             "Silvana", "Jantar", "Morena", "Dolmed", "Neuromed", "Ortopol", "Danubia",
             "Skalnik", "Rolmax", "Gemini", "Kwarc", "Stalprofil", "Laurus", "Agrovita",
             "Beskidia", "Mazovia", "Rubikon", "Sudeta"]
CZ_BRANDS = ["Vltava", "Brnotech", "Karlovka", "Moravia", "Sázava", "Labeta", "Krkonoš",
             "Hradec", "Šumava", "Pilsko", "Jizera", "Olomex", "Radbuza", "Otava", "Beroun"]
AT_BRANDS = ["Alpenwerk", "Donauhof", "Tirolia", "Wachau", "Semmering", "Karawank",
             "Salzkammer", "Rheintal", "Brennerhaus", "Inntaler", "Mozartia", "Ötztaler",
             "Ybbstal", "Harzwerk", "Elbtal"]
UK_BRANDS = ["Brightwater", "Kestrel", "Harrowgate", "Thamesfield", "Ravenscroft",
             "Pennine", "Cotswold", "Blackfriars", "Larkspur", "Fenwick"]

PL_SEGMENTS = [
    ("pharma", ["{b} Pharma Polska Sp. z o.o.", "Laboratoria {b} S.A.", "{b} Healthcare Sp. z o.o."]),
    ("association", ["Polskie Towarzystwo {b}", "Stowarzyszenie {b}", "Fundacja {b}"]),
    ("corporate", ["{b} S.A.", "Grupa {b} Sp. z o.o.", "{b} Polska Sp. z o.o.", "Zakłady {b} S.A.",
                   "{b} Sp. z o.o. Sp. k."]),
    ("incentive", ["{b} Insurance Polska S.A.", "{b} Motors Sp. z o.o.", "Dom Maklerski {b} S.A."]),
]
ASSOC_FIELDS = ["Kardiologii Interwencyjnej", "Chirurgii Ręki", "Medycyny Rodzinnej",
                "Audytorów Wewnętrznych", "Inżynierów Ruchu", "Pediatrii Społecznej",
                "Logistyki Miejskiej", "Neurologii Dziecięcej", "Stomatologii Estetycznej"]
CZ_FORMS = ["{b} a.s.", "{b} s.r.o.", "{b} Pojišťovna a.s.", "{b} Energie a.s.", "Pivovar {b} a.s.",
            "{b} Pharma s.r.o."]
AT_FORMS = ["{b} GmbH", "{b} AG", "{b} Maschinenbau GmbH", "{b} Versicherung AG",
            "{b} Pharma GmbH", "{b} Holding GmbH"]
UK_FORMS = ["{b} Analytics Ltd", "{b} Capital Limited", "{b} Pharma UK Ltd", "{b} Group plc"]

EVENT_KINDS = {
    "pharma": [("Sympozjum satelitarne", "Satellite symposium"), ("Advisory Board", "Advisory board"),
               ("Spotkanie przedstawicieli", "Sales meeting"), ("Warsztaty dla lekarzy", "HCP workshop")],
    "association": [("Kongres", "Congress"), ("Konferencja jesienna", "Autumn conference")],
    "corporate": [("Kick-off", "Sales kick-off"), ("Gala jubileuszowa", "Anniversary gala"),
                  ("Piknik firmowy", "Summer family day"), ("Wigilia firmowa", "Christmas party"),
                  ("Konferencja partnerska", "Partner conference"), ("Premiera produktu", "Product launch")],
    "incentive": [("Wyjazd motywacyjny", "Incentive trip"), ("Konferencja wyjazdowa", "Off-site conference")],
}
VENUES_PL = ["ICE Kraków", "EXPO XXI Warszawa", "Hotel Andel's Łódź", "Hotel Sheraton Sopot",
             "Hala Stulecia Wrocław", "Zamek w Niedzicy", "Hotel Mercure Kasprowy", "EC1 Łódź",
             "Międzynarodowe Centrum Kongresowe Katowice", "Hotel Bristol Warszawa",
             "Arłamów Resort", "Hotel Kossak Kraków"]
VENUES_INT = ["Forum Karlín", "Prague Congress Centre", "Hotel Sacher Wien", "Messe Wien",
              "Clarion Congress Hotel Ostrava", "Austria Center Vienna", "Brno Exhibition Centre",
              "Hotel Jalta Praha", "Grand Hotel Zell am See", "Lisbon Marriott", "Hotel Palace Tallinn",
              "Quinta da Marinha Cascais"]
DESTS = ["Lizbona", "Madera", "Sycylia", "Dubaj", "Islandia", "Toskania", "Gruzja", "Kapsztad",
         "Malta", "Porto"]
DESTS_EN = ["Lisbon", "Madeira", "Sicily", "Dubai", "Iceland", "Tuscany", "Georgia", "Cape Town",
            "Malta", "Porto"]

CUR_RATE = {"PLN": 1.0, "EUR": 4.26, "CZK": 0.171, "GBP": 4.93}

ARCH_DECISION = {
    "keep": "KEEP", "keep_curt_owner": "KEEP", "slow_but_happy": "KEEP", "big_late_profitable": "KEEP",
    "seasonal_silence": "KEEP", "not_decision_maker": "KEEP", "hostile_profitable": "WATCH",
    "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "renegotiate": "RENEGOTIATE",
    "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH",
}


class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 13)
        r = self.rng
        self.as_of = D(2026, 9, 20) + dt.timedelta(days=r.randint(0, 70))
        months = r.randint(14, 24)
        ws = self.as_of - dt.timedelta(days=int(months * 30.44))
        self.window_start = D(ws.year, ws.month, 1)
        AGENCY_PL["nip"] = nip_valid(random.Random(4242), "677")
        self.agency = dict(AGENCY_PL)
        self.used_names = set()
        self.make_staff()
        self.make_clients()
        self.make_rates()

    # ------------------------------------------------------------------ staff
    def make_staff(self):
        r = self.rng
        staff = []

        def add(role, office, title, curt=False):
            region = {"KRK": "PL", "PRG": "CZ", "VIE": "AT"}[office]
            first, last, female = person(r, region, self.used_names)
            email = f"{local_part(first, last)}@{self.agency['domain']}"
            if office == "KRK":
                cost = {"partner": 290, "ad": 175, "producer": 125, "coordinator": 105,
                        "finance": 120, "designer": 115, "junior": 85, "tech": 130}[role]
                cost = round(cost * r.uniform(0.9, 1.12))
                cur = "PLN"
            elif office == "VIE":
                cost = round({"ad": 190, "producer": 140}.get(role, 150) * r.uniform(0.95, 1.1))
                cur = "PLN"  # Vienna desk is on the Polish payroll, tracked in the Kraków Harvest
            else:
                cost = {"partner": 1450, "ad": 920, "producer": 690, "junior": 480, "tech": 720}[role]
                cost = round(cost * r.uniform(0.9, 1.12) / 10) * 10
                cur = "CZK"
            s = {"id": len(staff), "first": first, "last": last, "name": f"{first} {last}",
                 "female": female, "email": email, "role": role, "title": title, "office": office,
                 "cost_rate": cost, "cost_currency": cur, "curt": curt,
                 "tracker": "clockify" if office == "PRG" else "harvest",
                 "lang": "pl" if office in ("KRK", "VIE") else "en"}
            staff.append(s)
            return s

        add("partner", "KRK", "Partner")
        add("partner", "PRG", "Partner, Prague office")
        n_ad_krk = 3
        for _ in range(n_ad_krk):
            add("ad", "KRK", "Account Director")
        add("ad", "PRG", "Account Director")
        add("ad", "VIE", "Account Director, Vienna desk")
        for _ in range(r.randint(4, 6)):
            add("producer", "KRK", "Event Producer")
        for _ in range(r.randint(2, 3)):
            add("producer", "PRG", "Event Producer")
        add("coordinator", "KRK", "Venue & Travel Coordinator")
        add("finance", "KRK", "Finance Controller")
        extra = r.sample([("designer", "KRK", "Graphic Designer"), ("junior", "KRK", "Junior Producer"),
                          ("tech", "PRG", "AV & Technical Producer"), ("junior", "PRG", "Junior Producer"),
                          ("tech", "KRK", "Registration & Tech Specialist"),
                          ("producer", "VIE", "Sales & Event Manager, Vienna desk")], r.randint(1, 4))
        for role, off, title in extra:
            add(role, off, title)
        # one account director is curt with everybody (confounder)
        ads = [s for s in staff if s["role"] == "ad"]
        self.curt = r.choice(ads)
        self.curt["curt"] = True
        self.staff = staff

    def by_role(self, role, office=None):
        return [s for s in self.staff if s["role"] == role and (office is None or s["office"] == office)]

    # ------------------------------------------------------------------ clients
    def make_clients(self):
        r = self.rng
        n = r.randint(38, 55)
        core = ["reset"] * r.randint(3, 4) + ["reassign"] * r.randint(3, 4) + \
               ["release"] * r.randint(3, 4) + ["recover"] * r.randint(3, 5) + \
               ["renegotiate"] * r.randint(3, 5) + ["watch_new"] * r.randint(2, 3) + \
               ["watch_mixed"] * r.randint(1, 2)
        conf = ["slow_but_happy"] * r.randint(1, 2) + ["big_late_profitable"] * r.randint(1, 2) + \
               ["seasonal_silence"] * r.randint(1, 2) + ["not_decision_maker"] * r.randint(1, 2) + \
               ["hostile_profitable"]
        archs = core + conf
        archs += ["keep"] * max(0, n - len(archs))
        r.shuffle(archs)
        pl_b, cz_b, at_b, uk_b = (r.sample(PL_BRANDS, len(PL_BRANDS)), r.sample(CZ_BRANDS, len(CZ_BRANDS)),
                                  r.sample(AT_BRANDS, len(AT_BRANDS)), r.sample(UK_BRANDS, len(UK_BRANDS)))
        ads_krk = self.by_role("ad", "KRK")
        ads_prg = self.by_role("ad", "PRG") + self.by_role("partner", "PRG")
        ads_vie = self.by_role("ad", "VIE")
        partner_krk = self.by_role("partner", "KRK")[0]
        clients = []
        used_domains = set()
        for i, arch in enumerate(archs):
            u = r.random()
            region = "PL" if u < 0.56 else "CZ" if u < 0.76 else ("AT" if r.random() < 0.65 else "DE") if u < 0.92 else "UK"
            c = {"idx": i, "archetype": arch, "region": region,
                 "strength": round(r.uniform(0.15, 1.0), 2)}
            if region == "PL":
                seg, forms = r.choice(PL_SEGMENTS)
                brand = pl_b.pop()
                legal = r.choice(forms).format(b=brand)
                if seg == "association":
                    legal = legal + " " + r.choice(ASSOC_FIELDS) if legal.startswith("Polskie") else legal
                c.update(currency="PLN", lang="pl", segment=seg)
                tld = ".pl" if r.random() < 0.8 else ".com.pl"
                c["nip"] = nip_valid(r)
            else:
                brand = {"CZ": cz_b, "AT": at_b, "DE": at_b, "UK": uk_b}[region].pop()
                forms = {"CZ": CZ_FORMS, "AT": AT_FORMS, "DE": AT_FORMS, "UK": UK_FORMS}[region]
                legal = r.choice(forms).format(b=brand)
                seg = "pharma" if "Pharma" in legal else r.choice(["corporate", "corporate", "incentive", "association"])
                c.update(currency={"CZ": "CZK", "AT": "EUR", "DE": "EUR", "UK": "GBP"}[region], lang="en",
                         segment=seg)
                tld = {"CZ": ".cz", "AT": ".at", "DE": ".de", "UK": ".co.uk"}[region]
                c["nip"] = ""
            dom = fold(brand).lower() + ("-" + r.choice(["group", "pharma", "events", "hq"]) if r.random() < 0.2 else "") + tld
            while dom in used_domains:
                dom = "x" + dom
            used_domains.add(dom)
            c.update(brand=brand, legal=legal, domain=dom)
            # owner
            if region == "PL":
                pool = ads_krk + ([partner_krk] if r.random() < 0.15 else [])
            elif region == "CZ":
                pool = ads_prg
            elif region in ("AT", "DE"):
                pool = ads_vie or ads_prg
            else:
                pool = ads_krk + ads_prg
            if arch in ("reset", "reassign"):
                pool = [s for s in pool if not s["curt"]] or [s for s in ads_krk if not s["curt"]]
            c["owner"] = r.choice(pool)
            clients.append(c)
        # the curt director must own several ordinary KEEP clients
        curt_clients = [c for c in clients if c["owner"] is self.curt]
        keeps = [c for c in clients if c["archetype"] == "keep" and c["owner"] is not self.curt]
        while len([c for c in curt_clients if c["archetype"] == "keep"]) < 3 and keeps:
            c = keeps.pop()
            if (self.curt["office"] == "KRK") != (c["region"] == "PL"):
                continue
            c["owner"] = self.curt
            curt_clients.append(c)
        for c in clients:
            if c["owner"] is self.curt and c["archetype"] == "keep":
                c["archetype"] = "keep_curt_owner"
        # the Kraków partner keeps a couple of key Polish accounts personally
        if not any(c["owner"] is partner_krk for c in clients):
            cands = [c for c in clients if c["region"] == "PL" and c["owner"] is not self.curt and
                     c["archetype"] in ("keep", "big_late_profitable", "watch_mixed", "recover", "renegotiate")]
            for c in r.sample(cands, min(2, len(cands))):
                c["owner"] = partner_krk
        for c in clients:
            self.detail_client(c)
        self.clients = clients

    def detail_client(self, c):
        r = self.rng
        s = c["strength"]
        a = c["archetype"]
        owner = c["owner"]
        off = owner["office"]
        prods = self.by_role("producer", off) or self.by_role("producer")
        team = [owner] + r.sample(prods, min(len(prods), r.choice([1, 2, 2])))
        coord = self.by_role("coordinator")[0]
        fin = self.by_role("finance")[0]
        c["team"] = team
        c["coordinator"] = coord
        c["finance"] = fin
        others = [x for x in self.staff if x["role"] in ("designer", "junior", "tech") and
                  (x["office"] == off or x["office"] == "KRK")]
        c["helpers"] = r.sample(others, min(len(others), 1)) if others else []
        c["warm_colleague"] = team[1] if len(team) > 1 else coord
        # history start
        if a == "watch_new":
            c["start"] = self.as_of - dt.timedelta(days=r.randint(50, 110))
        elif r.random() < 0.15 and a in ("keep", "renegotiate", "recover"):
            c["start"] = self.window_start + dt.timedelta(days=r.randint(20, 150))
        else:
            c["start"] = self.window_start - dt.timedelta(days=r.randint(30, 900))
        # contacts
        reg = c["region"] if c["region"] != "DE" else "AT"
        n_contacts = r.choice([1, 2, 2, 3])
        contacts = []
        for k in range(n_contacts):
            first, last, female = person(r, reg, self.used_names)
            style = r.choice([0, 0, 0, 1, 2])
            contacts.append({"first": first, "last": last, "name": f"{first} {last}", "female": female,
                             "email": f"{local_part(first, last, style)}@{c['domain']}",
                             "role": "", "dm": False,
                             "nodiac": c["lang"] == "pl" and r.random() < 0.25,
                             "typo": r.uniform(0.0, 0.25)})
        roles_pl = ["Event Manager", "Brand Manager", "Kierownik Działu Marketingu", "Office Manager",
                    "Specjalista ds. komunikacji", "Dyrektor Marketingu", "Sekretarz Zarządu", "HR Business Partner"]
        roles_en = ["Event Manager", "Marketing Director", "Head of Internal Communications", "Office Manager",
                    "Brand Manager", "HR Director", "Executive Assistant", "Medical Affairs Lead"]
        for k, ct in enumerate(contacts):
            ct["role"] = r.choice(roles_pl if c["lang"] == "pl" else roles_en)
        contacts[0]["dm"] = True
        if a == "not_decision_maker":
            # the day-to-day contact is a junior coordinator who nags; the director signs off
            if len(contacts) < 2:
                first, last, female = person(r, reg, self.used_names)
                contacts.append({"first": first, "last": last, "name": f"{first} {last}", "female": female,
                                 "email": f"{local_part(first, last)}@{c['domain']}", "dm": False,
                                 "nodiac": False, "typo": 0.2})
            contacts[0]["role"] = "Dyrektor Marketingu" if c["lang"] == "pl" else "Marketing Director"
            contacts[1]["role"] = "Asystentka Działu Marketingu" if c["lang"] == "pl" else "Marketing Assistant"
        c["contacts"] = contacts
        # economics
        seg = c["segment"]
        size = r.choice(["s", "m", "m", "l"]) if a not in ("big_late_profitable",) else "xl"
        if a == "watch_new":
            size = r.choice(["s", "m"])
        c["size"] = size
        fee_base = {"s": (14000, 35000), "m": (35000, 90000), "l": (90000, 200000), "xl": (180000, 420000)}[size]
        c["fee_range"] = fee_base
        c["events_per_year"] = {"pharma": r.uniform(3, 6), "association": r.uniform(1, 2.2),
                                "corporate": r.uniform(1.5, 4), "incentive": r.uniform(1, 2)}[seg]
        if size == "xl":
            c["events_per_year"] += 2
        c["retainer"] = seg == "association" and r.random() < 0.6
        c["retainer_monthly_pln"] = round(r.uniform(6000, 16000), -2) if c["retainer"] else 0
        c["pass_ratio"] = r.uniform(0.4, 2.2) if seg in ("incentive", "association") else r.uniform(0.0, 1.4)
        c["handling_fee"] = r.choice([0.05, 0.06, 0.08, 0.1])
        c["target_rate_pln"] = r.uniform(230, 340)  # agency fee per planned hour (PLN)
        c["effort_mult"] = r.uniform(0.8, 1.15)
        c["discount"] = 0.0
        c["pay_delay"] = (r.uniform(-4, 4), r.uniform(1, 5))  # mean, sd in days after due
        c["reply_hours"] = r.uniform(1.5, 6)  # median first reply time of our staff
        c["unanswered"] = 0.02
        c["msg_rate"] = r.uniform(3, 9)  # threads per 30 days in active periods
        c["after_hours"] = 0.05
        c["scope_changes"] = 0.1
        c["phase_start"] = None
        if a == "renegotiate":
            c["effort_mult"] = 1.35 + 1.25 * s
            c["discount"] = round(0.05 + 0.2 * s, 2)
            c["pass_ratio"] = r.uniform(0.0, 0.35)
            c["scope_changes"] = 0.3 + 0.5 * s
        elif a == "release":
            c["effort_mult"] = 1.2 + 0.9 * s
            c["discount"] = round(0.05 + 0.15 * s, 2)
            c["pass_ratio"] = r.uniform(0.0, 0.3)
            c["pay_delay"] = (30 + 55 * s, 12)
            c["after_hours"] = 0.2 + 0.2 * s
            c["scope_changes"] = 0.3 + 0.3 * s
            c["msg_rate"] = r.uniform(7, 12)
        elif a == "recover":
            c["phase_start"] = self.as_of - dt.timedelta(days=int(r.uniform(75, 170)))
            c["reply_hours_bad"] = 20 + 70 * s
            c["unanswered_bad"] = 0.1 + 0.3 * s
        elif a == "reset":
            c["phase_start"] = self.as_of - dt.timedelta(days=r.randint(42, 56))
            c["msg_rate"] = max(c["msg_rate"], r.uniform(5, 9))
        elif a == "reassign":
            c["phase_start"] = self.as_of - dt.timedelta(days=r.randint(240, 300))
        elif a == "slow_but_happy":
            c["reply_hours"] = r.uniform(30, 70)
            c["unanswered"] = 0.03
        elif a == "big_late_profitable":
            c["pay_delay"] = (r.uniform(35, 62), 10)
            c["target_rate_pln"] = r.uniform(300, 380)
            c["pass_ratio"] = r.uniform(1.0, 2.0)
        elif a == "seasonal_silence":
            # all events in two busy seasons; silent in between
            c["events_per_year"] = r.uniform(1.5, 2.5)
        elif a == "hostile_profitable":
            c["target_rate_pln"] = r.uniform(320, 400)
            c["pay_delay"] = (r.uniform(-3, 2), 2)
            c["after_hours"] = 0.2
            c["msg_rate"] = r.uniform(6, 10)
        elif a == "watch_mixed":
            c["mixed"] = r.choice(["late_and_praise", "complaints_but_profitable", "thin_margin_happy"])
            if c["mixed"] == "late_and_praise":
                c["pay_delay"] = (r.uniform(12, 26), 8)
            elif c["mixed"] == "complaints_but_profitable":
                c["target_rate_pln"] = r.uniform(300, 380)
            else:
                c["effort_mult"] = r.uniform(1.3, 1.6)
                c["pass_ratio"] = r.uniform(0.0, 0.4)
        elif a == "watch_new":
            c["msg_rate"] = r.uniform(2, 5)
        self.make_events(c)

    def make_events(self, c):
        r = self.rng
        lo = max(c["start"], self.window_start - dt.timedelta(days=60))
        hi = self.as_of + dt.timedelta(days=150)
        events = []
        days = (hi - lo).days
        n = max(1, int(round(c["events_per_year"] * days / 365 + r.uniform(-0.5, 0.5))))
        if c["archetype"] == "watch_new":
            n = r.choice([1, 2])
            lo = c["start"] + dt.timedelta(days=30)
        seasonal = c["archetype"] == "seasonal_silence"
        tries = 0
        while len(events) < n and tries < 500:
            tries += 1
            d = lo + dt.timedelta(days=r.randint(0, max(1, (hi - lo).days)))
            if seasonal and d.month not in (5, 6, 10, 11):
                continue
            if r.random() > SEASON[d.month] / 1.8:
                continue
            while d.weekday() >= 5 and c["segment"] not in ("incentive",):
                d += ONE
            if any(abs((d - e["date"]).days) < 25 for e in events):
                continue
            kinds = EVENT_KINDS[c["segment"]]
            kpl, ken = r.choice(kinds)
            fee_pln = r.uniform(*c["fee_range"])
            if c["segment"] == "association":
                fee_pln *= 1.6
            where_i = r.randrange(len(DESTS))
            venue = r.choice(VENUES_PL if c["region"] == "PL" else VENUES_INT)
            yr = d.year
            if c["segment"] == "incentive":
                name_pl, name_en = f"{kpl} {DESTS[where_i]} {yr}", f"{ken} {DESTS_EN[where_i]} {yr}"
            else:
                name_pl, name_en = f"{kpl} {yr}", f"{ken} {yr}"
            guests = r.choice([40, 60, 80, 120, 150, 200, 250, 300, 400, 600])
            events.append({"date": d, "name_pl": name_pl, "name_en": name_en, "venue": venue,
                           "fee_pln": fee_pln, "guests": guests,
                           "pass_pln": fee_pln * c["pass_ratio"] * r.uniform(0.7, 1.3),
                           "changes": r.random() < c["scope_changes"]})
        events.sort(key=lambda e: e["date"])
        c["events"] = events

    # ------------------------------------------------------------------ rates
    def make_rates(self):
        r = random.Random(self.seed * 31 + 5)
        start = self.window_start - dt.timedelta(days=45)
        days = []
        d = start
        holidays = {(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)}
        while d <= self.as_of + dt.timedelta(days=3):
            if d.weekday() < 5 and (d.month, d.day) not in holidays:
                days.append(d)
            d += ONE
        base = dict(NBP_BASE)
        base["EUR"] = CUR_RATE["EUR"] * 1
        base["CZK"] = CUR_RATE["CZK"]
        base["GBP"] = CUR_RATE["GBP"]
        cur = {k: v * r.uniform(0.97, 1.03) for k, v in base.items()}
        table = []
        for d in days:
            for k in cur:
                cur[k] = cur[k] * math.exp(r.gauss(0, 0.0035)) * (base[k] / cur[k]) ** 0.02
            table.append((d, dict(cur)))
        self.rates = table
        self.rate_by_day = {d: v for d, v in table}

    def pln_rate(self, cur, day):
        if cur == "PLN":
            return 1.0
        d = day - ONE
        for _ in range(10):
            if d in self.rate_by_day:
                v = self.rate_by_day[d][cur]
                return v / NBP_UNITS.get(cur, 1)
            d -= ONE
        return CUR_RATE[cur]


NBP_COLS = [("THB", 1, "bat (Tajlandia)", 0.112), ("USD", 1, "dolar amerykański", 3.68),
            ("AUD", 1, "dolar australijski", 2.41), ("HKD", 1, "dolar Hongkongu", 0.472),
            ("CAD", 1, "dolar kanadyjski", 2.64), ("NZD", 1, "dolar nowozelandzki", 2.16),
            ("SGD", 1, "dolar singapurski", 2.83), ("EUR", 1, "euro", 4.26),
            ("HUF", 100, "forint (Węgry)", 1.09), ("CHF", 1, "frank szwajcarski", 4.56),
            ("GBP", 1, "funt szterling", 4.93), ("UAH", 1, "hrywna (Ukraina)", 0.0885),
            ("JPY", 100, "jen (Japonia)", 2.47), ("CZK", 1, "korona czeska", 0.171),
            ("DKK", 1, "korona duńska", 0.571), ("ISK", 100, "korona islandzka", 2.93),
            ("NOK", 1, "korona norweska", 0.362), ("SEK", 1, "korona szwedzka", 0.386),
            ("RON", 1, "lej rumuński", 0.846), ("BGN", 1, "lew (Bułgaria)", 2.178),
            ("TRY", 1, "lira turecka", 0.0901), ("ILS", 1, "nowy izraelski szekel", 1.03),
            ("CLP", 100, "peso chilijskie", 0.388), ("PHP", 1, "peso filipińskie", 0.0641),
            ("MXN", 1, "peso meksykańskie", 0.197), ("ZAR", 1, "rand (Republika Południowej Afryki)", 0.206),
            ("BRL", 1, "real (Brazylia)", 0.672), ("MYR", 1, "ringgit (Malezja)", 0.861),
            ("IDR", 10000, "rupia indonezyjska", 2.24), ("INR", 100, "rupia indyjska", 4.21),
            ("KRW", 100, "won południowokoreański", 0.262), ("CNY", 1, "yuan renminbi (Chiny)", 0.512),
            ("XDR", 1, "SDR (MFW)", 4.98)]
NBP_BASE = {code: val for code, unit, name, val in NBP_COLS}
NBP_UNITS = {code: unit for code, unit, name, val in NBP_COLS}

# --------------------------------------------------------------------------- money


def build_invoices(w):
    """Per client: deposit and balance invoices per event, retainer invoices; payments."""
    r = random.Random(w.seed * 101 + 7)
    fv_counter = {}
    xero_no = [r.randint(1200, 3400)]
    for c in w.clients:
        invs = []
        tax = 0.23 if c["region"] == "PL" else 0.21 if c["region"] == "CZ" else 0.0
        due_days = 14 if c["region"] in ("PL", "CZ") else 30
        if c["segment"] == "association":
            due_days = 21

        def add(issue, net_pln, label, kind):
            if issue < max(w.window_start, c["start"]) or issue > w.as_of:
                return
            if issue.weekday() >= 5:
                issue += dt.timedelta(days=7 - issue.weekday())
                if issue > w.as_of:
                    return
            rate = w.pln_rate(c["currency"], issue)
            net = round(net_pln / rate, -1 if c["currency"] in ("CZK",) else 0)
            gross = round(net * (1 + tax), 2)
            invs.append({"issue": issue, "net": net, "gross": gross, "tax": round(gross - net, 2),
                         "label": label, "kind": kind, "due": issue + dt.timedelta(days=due_days)})

        for e in c["events"]:
            fee = e["fee_pln"] * (1 - c["discount"])
            passthrough = e["pass_pln"] * (1 + c["handling_fee"])
            total = fee + passthrough
            dep_share = r.choice([0.3, 0.4, 0.5, 0.5, 0.6])
            dep_day = e["date"] - dt.timedelta(days=r.randint(45, 120))
            add(dep_day, total * dep_share, e, "deposit")
            extra = 0.0
            if e["changes"]:
                # last-minute change ("40 more guests and a gala dinner") - partly re-billed
                extra = total * r.uniform(0.05, 0.2) * (0.4 if c["archetype"] in ("renegotiate", "release") else 1.0)
            add(e["date"] + dt.timedelta(days=r.randint(4, 21)), total * (1 - dep_share) + extra, e, "balance")
        if c["retainer"]:
            d = D(w.window_start.year, w.window_start.month, 1)
            while d <= w.as_of:
                add(d + dt.timedelta(days=r.randint(0, 4)), c["retainer_monthly_pln"], None, "retainer")
                d = (d + dt.timedelta(days=32)).replace(day=1)
        invs.sort(key=lambda x: x["issue"])
        # numbers and payments
        for inv in invs:
            if c["region"] == "PL":
                key = (inv["issue"].year, inv["issue"].month)
                fv_counter[key] = fv_counter.get(key, 0) + r.randint(1, 3)
                inv["number"] = f"FV/{fv_counter[key]}/{inv['issue'].month:02d}/{inv['issue'].year}"
            else:
                xero_no[0] += r.randint(1, 4)
                inv["number"] = f"INV-{xero_no[0]:05d}"
            mean, sd = c["pay_delay"]
            delay = r.gauss(mean, sd)
            if c["archetype"] == "big_late_profitable" and r.random() < 0.1:
                delay = r.uniform(0, 5)
            if c["archetype"] == "release" and r.random() < 0.15:
                delay = r.uniform(0, 10)
            delay = int(round(max(delay, -inv["issue"].__sub__(inv["due"]).days * -1 * 0 - 10)))
            paid = inv["due"] + dt.timedelta(days=delay)
            if paid < inv["issue"]:
                paid = inv["issue"] + dt.timedelta(days=r.randint(1, 5))
            while paid.weekday() >= 5:
                paid += ONE
            inv["paid_date"] = paid if paid <= w.as_of else None
            inv["paid_amount"] = inv["gross"] if inv["paid_date"] else 0.0
            inv["partial"] = None
            if inv["paid_date"] is None and (w.as_of - inv["due"]).days > 20 and r.random() < 0.3:
                # a partial payment of an overdue invoice
                pd = inv["due"] + dt.timedelta(days=r.randint(5, max(6, (w.as_of - inv["due"]).days - 1)))
                while pd.weekday() >= 5:
                    pd += ONE
                if pd <= w.as_of:
                    inv["partial"] = (pd, round(inv["gross"] * r.choice([0.3, 0.5]), 2))
        c["invoices"] = invs


def build_time(w):
    r = random.Random(w.seed * 53 + 3)
    for c in w.clients:
        entries = []
        team = c["team"]
        owner = team[0]
        people = [(owner, 0.2)] + [(p, 0.45 / max(1, len(team) - 1)) for p in team[1:]] + \
                 [(c["coordinator"], 0.17)] + [(h, 0.12) for h in c["helpers"]] + [(c["finance"], 0.03)]
        tot = sum(x for _, x in people)
        people = [(p, x / tot) for p, x in people]
        units = []
        for e in c["events"]:
            hours = (e["fee_pln"] / c["target_rate_pln"] + e["pass_pln"] / 4000.0) * c["effort_mult"]
            if e["changes"]:
                hours *= r.uniform(1.1, 1.35)
            if c["archetype"] == "watch_mixed" and c.get("mixed") == "complaints_but_profitable":
                hours *= 0.9
            span = r.randint(60, 110)
            units.append((e, hours, e["date"] - dt.timedelta(days=span), e["date"] + dt.timedelta(days=3)))
        if c["retainer"]:
            d = w.window_start
            while d <= w.as_of:
                units.append((None, c["retainer_monthly_pln"] / c["target_rate_pln"] * 0.6 * c["effort_mult"],
                              d, d + dt.timedelta(days=27)))
                d += dt.timedelta(days=30)
        for e, hours, d0, d1 in units:
            d0 = max(d0, w.window_start, c["start"])
            d1 = min(d1, w.as_of)
            if d1 < d0:
                continue
            left = hours
            # proportion of work that falls inside the window (work before it is not exported)
            span = (d1 - d0).days + 1
            for p, share in people:
                h_left = hours * share * r.uniform(0.8, 1.2)
                guard = 0
                while h_left > 0.2 and guard < 5000:
                    guard += 1
                    # weight toward the event date
                    x = r.random() ** 0.6
                    d = d0 + dt.timedelta(days=int(x * (span - 1)))
                    if d.weekday() >= 5 and not (e and abs((d - e["date"]).days) <= 1) and guard < 200:
                        continue
                    h = min(h_left, r.choice([0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 6, 7.5]))
                    h = round(h * 4) / 4
                    if h <= 0:
                        break
                    if e and abs((d - e["date"]).days) <= 1:
                        h = min(12.0, h + r.choice([0, 2, 4]))
                    billable = not (p["role"] in ("finance",) or r.random() < 0.08)
                    task = pick_task(r, p, e, c)
                    entries.append({"date": d, "staff": p, "hours": h, "billable": billable, "event": e,
                                    "task": task[0], "notes": task[1]})
                    h_left -= h
        c["time"] = [t for t in entries if w.window_start <= t["date"] <= w.as_of]


def pick_task(r, p, e, c):
    pl = c["lang"] == "pl" and p["office"] != "PRG"
    role = p["role"]
    if role == "coordinator":
        opts = [("Venue & travel", "Negocjacje z hotelem" if pl else "Hotel negotiation"),
                ("Venue & travel", "Rooming list" if not pl else "Rooming lista - aktualizacja"),
                ("Venue & travel", "Transfery lotnisko" if pl else "Airport transfers"),
                ("Venue & travel", "Catering - menu" if pl else "Catering menu")]
    elif role == "finance":
        opts = [("Finance", "Rozliczenie kosztów" if pl else "Cost reconciliation"),
                ("Finance", "Windykacja / przypomnienia" if pl else "Payment follow-up")]
    elif role in ("ad", "partner"):
        opts = [("Account management", "Call z klientem" if pl else "Client call"),
                ("Account management", "Oferta i budżet" if pl else "Proposal and budget"),
                ("Account management", "Spotkanie statusowe" if pl else "Status meeting")]
    elif role == "designer":
        opts = [("Design", "Key visual" if not pl else "KV i materiały drukowane"),
                ("Design", "Scenografia - wizualizacje" if pl else "Stage renders")]
    else:
        opts = [("Production", "Scenariusz wydarzenia" if pl else "Run of show"),
                ("Production", "Podwykonawcy - AV" if pl else "AV suppliers"),
                ("Production", "Rejestracja uczestników" if pl else "Delegate registration"),
                ("Production", "Próba techniczna" if pl else "Technical rehearsal"),
                ("Production", "Zmiany klienta" if pl else "Client change requests")]
    if e is None:
        opts.append(("Retainer", "Obsługa bieżąca" if pl else "Ongoing support"))
    return r.choice(opts)


# --------------------------------------------------------------------------- messages


class Mail:
    def __init__(self, w):
        self.w = w
        self.msgs = []
        self.counter = 0

    def mid(self, sender_domain):
        self.counter += 1
        h = f"{self.w.seed:04d}{self.counter:06d}{random.Random(self.counter * 97 + self.w.seed).getrandbits(40):010x}"
        return f"<{h}@{sender_domain}>"


def staff_person(s):
    return {"name": s["name"], "first": s["first"], "email": s["email"], "staff": s}


def contact_person(ct):
    return {"name": ct["name"], "first": ct["first"], "email": ct["email"], "staff": None, "ct": ct}


def build_mail(w):
    r = random.Random(w.seed * 977 + 11)
    mail = Mail(w)
    for c in w.clients:
        client_threads(w, c, r, mail)
    w.mail = mail


def activity(c, d):
    """How busy the relationship is on day d (0..~2)."""
    a = 0.12 if not c["retainer"] else 0.35
    if c["archetype"] == "seasonal_silence":
        a = 0.0
    for e in c["events"]:
        delta = (e["date"] - d).days
        if -10 <= delta <= 100:
            a += 1.0 if delta <= 30 else 0.55
    return min(a, 1.8)


def choose_cat(w, c, r, d, to_staff, contact):
    """Category of a client message on day d to staff member to_staff."""
    a = c["archetype"]
    s = c["strength"]
    owner = c["owner"]
    in_phase = c["phase_start"] is not None and d >= c["phase_start"]
    base = [("routine", 40), ("question", 20), ("friendly", 12), ("praise", 6), ("change", 8 + 20 * c["scope_changes"]),
            ("complaint_service", 2)]
    if a == "release":
        hostile = 0.3 + 0.45 * s
        if r.random() < hostile:
            return r.choices(["hostile", "threat", "demand", "complaint_service"], [45, 15, 25, 15])[0]
        return r.choices(["routine", "question", "change", "demand"], [40, 20, 25, 15])[0]
    if a == "hostile_profitable":
        if r.random() < 0.45:
            return r.choices(["hostile", "demand", "threat"], [60, 30, 10])[0]
        return r.choices(["routine", "question", "change"], [55, 30, 15])[0]
    if a == "renegotiate":
        if r.random() < 0.15 + 0.35 * s:
            return r.choices(["change", "demand"], [70, 30])[0]
        return r.choices(["routine", "question", "friendly", "praise"], [45, 25, 20, 10])[0]
    if a == "recover" and in_phase:
        if r.random() < 0.3 + 0.5 * s:
            return r.choices(["complaint_service", "repeat_question", "threat"], [60, 30, 10 * s])[0]
        return r.choices(["routine", "question"], [60, 40])[0]
    if a == "reset" and in_phase and to_staff is owner:
        if r.random() < 0.35 + 0.5 * s:
            return "complaint_person"
        return r.choices(["routine", "question"], [60, 40])[0]
    if a == "reassign" and in_phase and to_staff is owner:
        if r.random() < 0.45 + 0.45 * s:
            return "complaint_person"
        return r.choices(["routine", "question"], [60, 40])[0]
    if a in ("reset", "reassign") and to_staff is not owner:
        return r.choices(["routine", "question", "friendly", "praise"], [40, 20, 25, 15])[0]
    if a == "not_decision_maker":
        if contact is not None and not contact["dm"] and r.random() < 0.45:
            return r.choices(["demand", "complaint_service", "change"], [40, 30, 30])[0]
        if contact is not None and contact["dm"]:
            return r.choices(["praise", "friendly", "routine"], [35, 30, 35])[0]
    if a == "slow_but_happy":
        return r.choices(["routine", "friendly", "praise", "question"], [40, 25, 15, 20])[0]
    if a == "watch_mixed":
        m = c["mixed"]
        if m == "complaints_but_profitable" and r.random() < 0.25:
            return r.choices(["complaint_service", "demand"], [70, 30])[0]
        if m == "late_and_praise" and r.random() < 0.2:
            return "praise"
        if m == "thin_margin_happy" and r.random() < 0.2:
            return "change"
    cats, wts = zip(*base)
    return r.choices(cats, wts)[0]


def reply_cat(c, staff, cat, r):
    if staff["curt"]:
        return "reply_curt" if r.random() < 0.85 else "reply_normal"
    if cat in ("complaint_service", "repeat_question") or (cat == "threat" and c["archetype"] != "release"):
        return "reply_apologetic" if r.random() < 0.75 else "reply_defensive"
    if cat == "complaint_person":
        return "reply_person"
    if cat in ("hostile", "threat", "demand"):
        return r.choices(["reply_defensive", "reply_apologetic", "reply_normal"], [40, 35, 25])[0]
    if cat == "change":
        return "reply_change"
    if cat in ("friendly", "praise"):
        return "reply_thanks"
    if cat in ("routine", "thanks", "payment_reply"):
        return "reply_ack"
    return "reply_normal"


def client_threads(w, c, r, mail):
    start = max(w.window_start, c["start"])
    d = start
    owner = c["owner"]
    team = c["team"]
    n_threads = 0
    while d <= w.as_of:
        if d.weekday() < 5 or r.random() < c["after_hours"]:
            act = activity(c, d)
            if c["archetype"] in ("reset", "reassign", "recover") and c["phase_start"] and d >= c["phase_start"]:
                act = max(act, 1.0)  # the friction shows while the work is on
            lam = c["msg_rate"] / 21.0 * act
            if c["archetype"] == "recover" and c["phase_start"] and d >= c["phase_start"] + dt.timedelta(days=60):
                lam *= max(0.25, 1 - c["strength"] * 0.8)  # client going quiet
            if r.random() < lam:
                one_thread(w, c, r, mail, d)
                n_threads += 1
        d += ONE
    # our own outgoing: payment reminders from the finance controller
    for inv in c["invoices"]:
        overdue_at = inv["due"] + dt.timedelta(days=7)
        if overdue_at <= w.as_of and (inv["paid_date"] is None or inv["paid_date"] > overdue_at):
            reminder_thread(w, c, r, mail, inv, overdue_at)
    if n_threads == 0 and c["archetype"] != "seasonal_silence":
        one_thread(w, c, r, mail, min(w.as_of, start + dt.timedelta(days=10)))


def pick_recipient(c, r, d):
    owner = c["owner"]
    team = c["team"]
    a = c["archetype"]
    w_owner = 0.5
    if a == "reassign" and c["phase_start"] and d >= c["phase_start"]:
        w_owner = 0.45 - 0.15 * c["strength"]
    cands = [(owner, w_owner)] + [(p, 0.3 / max(1, len(team) - 1)) for p in team[1:]] + [(c["coordinator"], 0.15)]
    if a == "reassign" and c["phase_start"] and d >= c["phase_start"]:
        cands.append((c["warm_colleague"], 0.25))
    ps, ws = zip(*cands)
    return r.choices(ps, ws)[0]


def pick_event(c, d):
    best = None
    for e in c["events"]:
        if e["date"] >= d - dt.timedelta(days=20):
            best = e
            break
    return best or (c["events"][-1] if c["events"] else None)


def fill_ctx(w, c, r, d, staff, contact):
    e = pick_event(c, d)
    pl = c["lang"] == "pl"
    if e:
        ev = e["name_pl"] if pl else e["name_en"]
        venue, edate, guests = e["venue"], e["date"], e["guests"]
    else:
        ev, venue, edate, guests = ("Kongres " if pl else "Congress ") + str(d.year + 1), r.choice(VENUES_PL), d + dt.timedelta(days=200), 200
    others = [p for p in c["team"] if p is not staff] or [c["coordinator"]]
    return {"event": ev, "venue": venue, "date": edate.strftime("%d.%m" if pl else "%d %B"),
            "n": r.choice([12, 15, 20, 25, 30, 40, 50]), "guests": guests,
            "first": staff["first"], "cfirst": contact["first"], "colleague": r.choice(others)["first"],
            "client": c["brand"], "day": r.choice(texts.WEEKDAYS_PL if pl else texts.WEEKDAYS_EN),
            "time": r.choice(["9:00", "10:30", "14:00", "15:30", "17:00"]),
            "amount": r.choice(["5 000", "8 500", "12 000", "20 000", "3 200"]),
            "city": r.choice(["Kraków", "Warszawa", "Gdańsk", "Wrocław"] if pl else ["Prague", "Vienna", "Brno", "Salzburg", "London"])}


def client_time(r, d, c):
    if r.random() < c["after_hours"]:
        return local_dt(d, r.randint(20 * 60, 23 * 60 + 30))
    return local_dt(d, r.randint(7 * 60 + 40, 17 * 60 + 30))


def one_thread(w, c, r, mail, d):
    a = c["archetype"]
    contacts = c["contacts"]
    if a == "not_decision_maker":
        contact = contacts[1] if r.random() < 0.7 else contacts[0]
    else:
        contact = r.choices(contacts, [3] + [1] * (len(contacts) - 1))[0]
    lang = c["lang"]
    client_starts = r.random() < 0.72
    staff = pick_recipient(c, r, d)
    ctx = fill_ctx(w, c, r, d, staff, contact)
    ts = client_time(r, d, c)
    msgs = []
    in_phase = c["phase_start"] is not None and d >= c["phase_start"]
    if client_starts:
        cat = choose_cat(w, c, r, d, staff, contact)
        if cat == "repeat_question":
            # the original question first, then unanswered, then asked again
            q = make_msg(w, c, r, mail, "question", contact, staff, ts, ctx, None, incoming=True)
            msgs.append(q)
            ts2 = ts + dt.timedelta(days=r.randint(2, 6), hours=r.randint(0, 5))
            m2 = make_msg(w, c, r, mail, "repeat_question", contact, staff, ts2, ctx, q, incoming=True)
            msgs.append(m2)
            prev = m2
            ts = ts2
        else:
            prev = make_msg(w, c, r, mail, cat, contact, staff, ts, ctx, None, incoming=True)
            msgs.append(prev)
        # our reply
        slow = a == "recover" and in_phase
        med = c.get("reply_hours_bad", c["reply_hours"]) if slow else c["reply_hours"]
        unans = c.get("unanswered_bad", c["unanswered"]) if slow else c["unanswered"]
        if r.random() > unans and not (cat == "repeat_question" and r.random() < 0.3 * c["strength"]):
            delay = med * math.exp(r.gauss(0, 0.6))
            rts = add_hours(ts, delay)
            if rts.date() <= w.as_of:
                rc = reply_cat(c, staff, cat, r)
                rep = make_msg(w, c, r, mail, rc, staff, contact, rts, ctx, prev, incoming=False)
                msgs.append(rep)
                # sometimes the client closes the loop
                if r.random() < 0.35:
                    if a in ("release", "hostile_profitable") and r.random() < 0.6:
                        cat3 = "hostile"
                    elif cat in ("complaint_person",) and a in ("reset", "reassign"):
                        cat3 = "complaint_person" if r.random() < 0.5 else "routine"
                    elif a == "recover" and in_phase:
                        cat3 = "complaint_service" if r.random() < 0.5 else "routine"
                    else:
                        cat3 = r.choice(["thanks", "thanks", "routine"])
                    t3 = add_hours(rts, r.uniform(0.5, 30))
                    if t3.date() <= w.as_of:
                        msgs.append(make_msg(w, c, r, mail, cat3, contact, staff, t3, ctx, rep, incoming=True))
    else:
        # we start: an update / question from our side
        ts = local_dt(d, r.randint(8 * 60 + 30, 17 * 60))
        out = make_msg(w, c, r, mail, "our_update", staff, contact, ts, ctx, None, incoming=False)
        msgs.append(out)
        if r.random() < 0.7:
            cat = choose_cat(w, c, r, d, staff, contact)
            if cat == "repeat_question":
                cat = "complaint_service"
            t2 = add_hours(ts, r.uniform(1, 40))
            if t2.date() <= w.as_of:
                msgs.append(make_msg(w, c, r, mail, cat, contact, staff, t2, ctx, out, incoming=True))
    # occasional out-of-office autoreply
    if r.random() < 0.02 and msgs:
        m0 = msgs[0]
        if not m0["incoming"]:
            auto_reply(w, c, r, mail, contact, staff, m0)
    mail.msgs.extend(msgs)


def reminder_thread(w, c, r, mail, inv, d):
    fin = c["finance"]
    contact = c["contacts"][0]
    pl = c["lang"] == "pl"
    ts = local_dt(d if d.weekday() < 5 else d + dt.timedelta(days=7 - d.weekday()), r.randint(9 * 60, 15 * 60))
    if ts.date() > w.as_of:
        return
    ctx = {"number": inv["number"], "amount": f"{inv['gross']:,.2f}".replace(",", " ") + " " + c["currency"],
           "due": inv["due"].strftime("%d.%m.%Y"), "first": contact["first"], "cfirst": contact["first"],
           "event": (inv["label"]["name_pl"] if pl else inv["label"]["name_en"]) if inv["label"] else ("retainer" if not pl else "ryczałt"),
           "client": c["brand"]}
    m = make_msg(w, c, r, mail, "reminder", staff_person(fin) and fin, contact, ts, ctx, None, incoming=False)
    mail.msgs.append(m)
    if r.random() < 0.6:
        t2 = add_hours(ts, r.uniform(2, 72))
        if t2.date() <= w.as_of:
            cat = "hostile" if c["archetype"] == "release" and r.random() < 0.5 else "payment_reply"
            ctx2 = dict(ctx)
            ctx2["first"] = fin["first"]
            mail.msgs.append(make_msg(w, c, r, mail, cat, contact, fin, t2, ctx2, m, incoming=True))


def auto_reply(w, c, r, mail, contact, staff, m0):
    pl = c["lang"] == "pl"
    ts = m0["ts"] + dt.timedelta(minutes=r.randint(0, 2))
    body = (f"Dzień dobry,\n\ndo {(ts + dt.timedelta(days=r.randint(3, 12))).strftime('%d.%m')} przebywam na urlopie "
            f"bez dostępu do poczty. W pilnych sprawach proszę o kontakt z biurem.\n\n{contact['name']}"
            if pl else
            f"Thank you for your message. I am out of the office until "
            f"{(ts + dt.timedelta(days=r.randint(3, 12))).strftime('%d %B')} with limited access to e-mail.\n\n{contact['name']}")
    subj = ("Automatyczna odpowiedź: " if pl else "Automatic reply: ") + m0["subject"]
    mail.msgs.append({"id": mail.mid(c["domain"]), "from": contact_person(contact), "to": [staff_person(staff)],
                      "cc": [], "ts": ts, "subject": subj, "body": body, "incoming": True, "auto": True,
                      "reply_to": m0, "thread": m0["thread"], "refs": [m0["id"]], "cat": "auto",
                      "client": c, "charset": "utf-8", "lang": c["lang"]})


def make_msg(w, c, r, mail, cat, frm, to, ts, ctx, prev, incoming):
    """frm/to are a staff dict or a contact dict; returns the message dict."""
    lang = c["lang"]
    if incoming:
        sender = contact_person(frm)
        recip = staff_person(to)
        dom = c["domain"]
    else:
        sender = staff_person(frm)
        recip = contact_person(to)
        dom = w.agency["domain"]
    ctx = dict(ctx)
    ctx["first"] = recip["first"]
    ctx["_sf"] = bool(frm.get("female"))
    ctx["_rf"] = bool(to.get("female"))
    body_core = texts.pick(r, lang, cat, ctx)
    greet = texts.greeting(r, lang, recip["first"], incoming)
    close = texts.closing(r, lang)
    if incoming:
        ct = frm
        sig = f"{ct['name']}\n{ct['role']}\n{c['legal']}"
        if r.random() < 0.4:
            sig = ct["first"]
    else:
        sig = f"{frm['name']}\n{frm['title']}\nKolonada Events | Kraków · Praha · Wien\nhttps://{w.agency['domain']}"
        if r.random() < 0.3:
            sig = frm["first"]
    body = f"{greet}\n\n{body_core}\n\n{close}\n{sig}\n"
    if incoming and frm.get("typo", 0) > 0:
        body = texts.typos(r, body, frm["typo"])
    if incoming and frm.get("nodiac"):
        body = fold(body)
    if prev is not None:
        body += "\n" + texts.quote(r, lang, prev["from"]["name"], prev["from"]["email"], prev["ts"], prev["body"])
        subj = prev["subject"]
        if not subj.lower().startswith(("re:", "odp:", "aw:")):
            subj = (r.choice(["Re: ", "RE: ", "Odp: "]) if lang == "pl" else r.choice(["Re: ", "RE: "])) + subj
        thread = prev["thread"]
        refs = prev["refs"] + [prev["id"]]
    else:
        subj = texts.subject(r, lang, cat, ctx)
        thread = None
        refs = []
    cc = []
    if incoming and cat in ("threat", "complaint_service") and r.random() < (0.6 if cat == "threat" else 0.15):
        # escalations copy a partner of the owner's office
        part = [x for x in w.staff if x["role"] == "partner" and x["office"] == ("PRG" if c["owner"]["office"] == "PRG" else "KRK")]
        cc = [staff_person(x) for x in part if x is not to]
    elif incoming and r.random() < 0.25:
        cc = [staff_person(x) for x in r.sample(c["team"] + [c["coordinator"]], 1) if x is not to]
    mid = mail.mid(dom)
    charset = "utf-8"
    if lang == "pl" and incoming:
        u = (hash_int(c["domain"]) % 100) / 100.0
        charset = "iso-8859-2" if u < 0.25 else "windows-1250" if u < 0.4 else "utf-8"
    elif lang == "pl" and r.random() < 0.1:
        charset = "iso-8859-2"
    m = {"id": mid, "from": sender, "to": [recip], "cc": cc, "ts": ts, "subject": subj, "body": body,
         "incoming": incoming, "auto": False, "reply_to": prev, "thread": thread or mid, "refs": refs,
         "cat": cat, "client": c, "charset": charset, "lang": lang}
    return m


def hash_int(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1000003
    return h


# --------------------------------------------------------------------------- writers


def write_all(w, out):
    ex = os.path.join(out, "exports")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(ex)
    write_rates(w, ex)
    write_hubspot(w, ex)
    write_fakturownia(w, ex)
    write_ksef(w, ex)
    write_xero(w, ex)
    write_bank(w, ex)
    write_harvest(w, ex)
    write_clockify(w, ex)
    write_mail(w, ex)
    write_freshdesk(w, ex)
    write_truth(w, out)


def write_rates(w, ex):
    d = os.path.join(ex, "rates")
    os.makedirs(d)
    years = sorted({day.year for day, _ in w.rates})
    for y in years:
        rows = [(day, v) for day, v in w.rates if day.year == y]
        lines = ["data;" + ";".join(f"{u}{code}" for code, u, _, _ in NBP_COLS) + ";nr tabeli;pełny numer tabeli"]
        for k, (day, v) in enumerate(rows, 1):
            vals = ";".join(comma(v[code], 4) for code, u, _, _ in NBP_COLS)
            lines.append(f"{day.strftime('%Y%m%d')};{vals};{k};{k:03d}/A/NBP/{y}")
        lines.append("kod ISO;" + ";".join(code for code, *_ in NBP_COLS) + ";;")
        lines.append("nazwa waluty;" + ";".join(n for _, _, n, _ in NBP_COLS) + ";;")
        lines.append("liczba jednostek;" + ";".join(str(u) for _, u, _, _ in NBP_COLS) + ";;")
        with open(os.path.join(d, f"archiwum_tab_a_{y}.csv"), "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("cp1250"))
    # ECB history, derived from the same made-up market (units per EUR), newest first
    ecb_cols = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN",
                "ROL", "RON", "SEK", "SIT", "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD",
                "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD",
                "THB", "ZAR"]
    lines = ["Date," + ",".join(ecb_cols) + ","]
    for day, v in reversed(w.rates):
        eur = v["EUR"]
        cells = []
        for code in ecb_cols:
            if code == "PLN":
                cells.append(f"{eur:.4f}")
            elif code in NBP_BASE:
                per_unit = v[code] / NBP_UNITS[code]
                x = eur / per_unit
                cells.append(f"{x:.4f}" if x < 100 else f"{x:.2f}")
            else:
                cells.append("N/A")
        lines.append(day.isoformat() + "," + ",".join(cells) + ",")
    with open(os.path.join(d, "eurofxref-hist.csv"), "w", encoding="ascii", newline="") as f:
        f.write("\n".join(lines) + "\n")


def crm_name(c, r):
    v = r.random()
    legal = c["legal"]
    if v < 0.3:
        return legal
    if v < 0.55:
        return fold(legal)  # CRM typed without diacritics
    if v < 0.75:
        # legal form dropped
        for lf in [" Sp. z o.o. Sp. k.", " Sp. z o.o.", " S.A.", " a.s.", " s.r.o.", " GmbH", " AG", " Ltd", " Limited", " plc"]:
            if legal.endswith(lf):
                return legal[: -len(lf)]
        return legal
    return legal.replace("Sp. z o.o.", "sp. z o.o.").replace("S.A.", "SA")


def write_hubspot(w, ex):
    r = random.Random(w.seed * 17 + 1)
    rows = []
    rid = r.randint(5_000_000_000, 9_000_000_000)
    for c in w.clients:
        if c["archetype"] == "watch_new" and r.random() < 0.3:
            continue  # the new client not yet entered in the CRM
        rid += r.randint(1, 99999)
        c["hubspot_id"] = str(rid)
        c["crm_name"] = crm_name(c, r)
        created = max(c["start"], D(2021, 3, 1)) - dt.timedelta(days=r.randint(5, 60))
        last_act = w.as_of - dt.timedelta(days=r.randint(0, 40))
        own = c["owner"]
        owner_str = own["name"] if r.random() < 0.85 else own["email"]
        country = {"PL": "Poland", "CZ": "Czech Republic", "AT": "Austria", "DE": "Germany", "UK": "United Kingdom"}[c["region"]]
        rows.append([c["hubspot_id"], c["crm_name"], c["domain"], owner_str,
                     f"{created.isoformat()} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}",
                     f"{last_act.isoformat()} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}",
                     {"pharma": "Pharmaceuticals", "association": "Non-Profit Organization Management",
                      "corporate": r.choice(["Financial Services", "Manufacturing", "Retail", "Utilities"]),
                      "incentive": r.choice(["Insurance", "Automotive", "Financial Services"])}[c["segment"]],
                     country, "Customer"])
    with open(os.path.join(ex, "hubspot-crm-exports-all-companies.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date",
                     "Last Activity Date", "Industry", "Country/Region", "Lifecycle Stage"])
        wr.writerows(rows)


def pl_invoice_name(c, r):
    v = r.random()
    legal = c["legal"]
    if v < 0.15:
        return legal.upper()
    if v < 0.3:
        return legal.replace("Sp. z o.o.", "spółka z ograniczoną odpowiedzialnością")
    return legal


def write_fakturownia(w, ex):
    r = random.Random(w.seed * 19 + 2)
    items = []
    fid = r.randint(310_000_000, 390_000_000)
    for c in w.clients:
        if c["region"] != "PL":
            continue
        c["inv_name"] = pl_invoice_name(c, r)
        nip_style = r.choice([0, 0, 1, 3])
        c["nip_style"] = nip_style
        for inv in c["invoices"]:
            fid += r.randint(1, 5000)
            paid = inv["paid_amount"] if inv["paid_date"] else (inv["partial"][1] if inv["partial"] else 0.0)
            if inv["paid_date"]:
                status = "paid"
            elif inv["partial"]:
                status = "partial"
            else:
                status = "sent" if r.random() < 0.7 else "issued"
            label = inv["label"]
            desc = ("Zaliczka - " if inv["kind"] == "deposit" else "Rozliczenie - " if inv["kind"] == "balance" else "Ryczałt miesięczny - obsługa kongresu ") + (label["name_pl"] if label else inv["issue"].strftime("%m/%Y"))
            dec = r.random() < 0.2
            fmt = (lambda x: comma(x)) if dec else money
            items.append({
                "id": fid, "kind": "vat", "number": inv["number"],
                "issue_date": inv["issue"].isoformat(), "sell_date": (label["date"] if label and inv["kind"] == "balance" else inv["issue"]).isoformat(),
                "payment_to": inv["due"].isoformat(), "paid_date": inv["paid_date"].isoformat() if inv["paid_date"] else (inv["partial"][0].isoformat() if inv["partial"] else None),
                "status": status, "buyer_name": c["inv_name"], "buyer_tax_no": fmt_nip(c["nip"], nip_style),
                "buyer_email": c["contacts"][0]["email"] if r.random() < 0.5 else "",
                "seller_name": w.agency["name"], "seller_tax_no": w.agency["nip"],
                "price_net": fmt(inv["net"]), "price_gross": fmt(inv["gross"]), "price_tax": fmt(inv["tax"]),
                "paid": fmt(paid), "currency": "PLN", "lang": "pl", "payment_type": "transfer",
                "description": desc, "positions": [{"name": desc, "quantity": 1, "tax": 23,
                                                     "total_price_gross": fmt(inv["gross"])}],
            })
    items.sort(key=lambda x: x["issue_date"])
    # exported page by page, as the API gives them
    d = os.path.join(ex, "fakturownia")
    os.makedirs(d)
    for k in range(0, len(items), 100):
        with open(os.path.join(d, f"invoices_page_{k // 100 + 1}.json"), "w", encoding="utf-8") as f:
            json.dump(items[k:k + 100], f, ensure_ascii=False, indent=1)


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_ksef(w, ex):
    """KSeF FA(3) XML for the Polish entity's invoices issued from 2026-02-01 (mandatory KSeF)."""
    r = random.Random(w.seed * 23 + 4)
    d = os.path.join(ex, "ksef")
    os.makedirs(d)
    n = 0
    for c in w.clients:
        if c["region"] != "PL":
            continue
        for inv in c["invoices"]:
            if inv["issue"] < D(2026, 2, 1):
                continue
            label = inv["label"]
            desc = ("Zaliczka na organizację wydarzenia: " if inv["kind"] == "deposit" else
                    "Organizacja wydarzenia (rozliczenie końcowe): " if inv["kind"] == "balance" else
                    "Ryczałt - obsługa sekretariatu kongresu ") + (label["name_pl"] if label else inv["issue"].strftime("%m/%Y"))
            rodzaj = "ZAL" if inv["kind"] == "deposit" else "VAT"
            due_xml = (f"<TerminPlatnosci><Termin>{inv['due'].isoformat()}</Termin></TerminPlatnosci>"
                       if r.random() < 0.8 else
                       f"<TerminPlatnosci><TerminOpis><Ilosc>{(inv['due'] - inv['issue']).days}</Ilosc><Jednostka>Dni</Jednostka>"
                       f"<ZdarzeniePoczatkowe>Wystawienie faktury</ZdarzeniePoczatkowe></TerminOpis></TerminPlatnosci>")
            xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{inv['issue'].isoformat()}T{r.randint(8, 16):02d}:{r.randint(0, 59):02d}:00Z</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{w.agency['nip']}</NIP>
      <Nazwa>{xml_esc(w.agency['name'])}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Józefińska 14/3</AdresL1>
      <AdresL2>30-529 Kraków</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{c['nip']}</NIP>
      <Nazwa>{xml_esc(c['legal'])}</Nazwa>
    </DaneIdentyfikacyjne>
    <JST>2</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>{inv['issue'].isoformat()}</P_1>
    <P_2>{inv['number']}</P_2>
    <P_13_1>{money(inv['net'])}</P_13_1>
    <P_14_1>{money(inv['tax'])}</P_14_1>
    <P_15>{money(inv['gross'])}</P_15>
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
    <RodzajFaktury>{rodzaj}</RodzajFaktury>
    <FaWiersz>
      <NrWierszaFa>1</NrWierszaFa>
      <P_7>{xml_esc(desc)}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{money(inv['net'])}</P_9A>
      <P_11>{money(inv['net'])}</P_11>
      <P_12>23</P_12>
    </FaWiersz>
    <Platnosc>
      {due_xml}
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>21114020040000350281442918</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
"""
            n += 1
            fn = f"{w.agency['nip']}-{inv['issue'].strftime('%Y%m%d')}-{r.getrandbits(40):010X}-{r.randint(10, 99)}.xml"
            with open(os.path.join(d, fn), "w", encoding="utf-8") as f:
                f.write(xml)


def write_xero(w, ex):
    r = random.Random(w.seed * 29 + 6)
    cols = ["ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4",
            "POCity", "PORegion", "POPostalCode", "POCountry", "SAAddressLine1", "SAAddressLine2", "SAAddressLine3",
            "SAAddressLine4", "SACity", "SARegion", "SAPostalCode", "SACountry", "InvoiceNumber", "Reference",
            "InvoiceDate", "DueDate", "PlannedDate", "Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue",
            "InventoryItemCode", "Description", "Quantity", "UnitAmount", "Discount", "LineAmount", "AccountCode",
            "TaxType", "TaxAmount", "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2",
            "Currency", "Type", "Sent", "Status"]
    rows = []
    city = {"CZ": "Praha", "AT": "Wien", "DE": "München", "UK": "London"}
    country = {"CZ": "Czech Republic", "AT": "Austria", "DE": "Germany", "UK": "United Kingdom"}
    for c in w.clients:
        if c["region"] == "PL":
            continue
        legal = c["legal"]
        xname = legal if r.random() < 0.6 else (fold(legal) if r.random() < 0.5 else legal.upper())
        c["inv_name"] = xname
        email_addr = (r.choice(["accounts", "faktury", "invoices", "ap", "buchhaltung"]) + "@" + c["domain"]) if r.random() < 0.6 else c["contacts"][0]["email"]
        for inv in c["invoices"]:
            label = inv["label"]
            paid_by_asof = inv["paid_amount"] if inv["paid_date"] else (inv["partial"][1] if inv["partial"] else 0.0)
            status = "Paid" if inv["paid_date"] else "Awaiting Payment"
            # lines: agency fee, pass-through, handling (deposit is one line)
            if inv["kind"] == "balance" and label and label["pass_pln"] > 0 and r.random() < 0.8:
                share_pass = min(0.85, label["pass_pln"] / (label["pass_pln"] + label["fee_pln"]))
                n_pass = round(inv["net"] * share_pass, 2)
                n_fee = round(inv["net"] - n_pass, 2)
                lines = [("Agency fee - " + label["name_en"], n_fee, "4000"),
                         ("Pass-through costs at cost (venue, catering, travel) - " + label["name_en"], n_pass, "4100")]
            else:
                what = ("Deposit - " + label["name_en"]) if inv["kind"] == "deposit" else \
                       ("Final invoice - " + label["name_en"]) if label else ("Annual congress retainer " + inv["issue"].strftime("%m/%Y"))
                lines = [(what, inv["net"], "4000")]
            ttype = "Tax on Sales 21%" if c["region"] == "CZ" else ("Reverse Charge" if c["region"] in ("AT", "DE") else "Zero Rated EC Services" if False else "No VAT")
            for desc, amt, acct in lines:
                tax_amt = round(amt * 0.21, 2) if c["region"] == "CZ" else 0.0
                rows.append({
                    "ContactName": xname, "EmailAddress": email_addr, "POAddressLine1": "", "POAddressLine2": "",
                    "POAddressLine3": "", "POAddressLine4": "", "POCity": city[c["region"]], "PORegion": "",
                    "POPostalCode": "", "POCountry": country[c["region"]], "SAAddressLine1": "", "SAAddressLine2": "",
                    "SAAddressLine3": "", "SAAddressLine4": "", "SACity": "", "SARegion": "", "SAPostalCode": "",
                    "SACountry": "", "InvoiceNumber": inv["number"],
                    "Reference": (label["name_en"] if label else "Retainer"),
                    "InvoiceDate": inv["issue"].strftime("%d/%m/%Y"), "DueDate": inv["due"].strftime("%d/%m/%Y"),
                    "PlannedDate": "", "Total": money(inv["gross"]), "TaxTotal": money(inv["tax"]),
                    "InvoiceAmountPaid": money(paid_by_asof), "InvoiceAmountDue": money(inv["gross"] - paid_by_asof),
                    "InventoryItemCode": "", "Description": desc, "Quantity": "1.0000", "UnitAmount": money(amt),
                    "Discount": "", "LineAmount": money(amt), "AccountCode": acct, "TaxType": ttype,
                    "TaxAmount": money(tax_amt), "TrackingName1": "Office",
                    "TrackingOption1": {"CZ": "Prague", "UK": "Prague"}.get(c["region"], "Vienna"),
                    "TrackingName2": "", "TrackingOption2": "", "Currency": c["currency"], "Type": "Sales invoice",
                    "Sent": "Sent", "Status": status})
    # fix gross rounding: Total must equal the sum of lines plus tax
    with open(os.path.join(ex, "Xero_Invoices_Kolonada_Events_sro.csv"), "w", encoding="utf-8-sig", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=cols)
        wr.writeheader()
        for row in sorted(rows, key=lambda x: (x["InvoiceDate"][6:], x["InvoiceDate"][3:5], x["InvoiceDate"][:2], x["InvoiceNumber"])):
            wr.writerow(row)


def write_bank(w, ex):
    """Payments received on the Prague s.r.o. accounts (Fio banka), matched to Xero invoice numbers."""
    r = random.Random(w.seed * 31 + 8)
    rows = []
    for c in w.clients:
        if c["region"] == "PL":
            continue
        for inv in c["invoices"]:
            if inv["paid_date"]:
                if inv["partial"] is None and r.random() < 0.08 and (inv["paid_date"] - inv["issue"]).days > 10:
                    first = round(inv["gross"] * 0.5, 2)
                    pd1 = inv["paid_date"] - dt.timedelta(days=r.randint(3, 9))
                    rows.append((pd1, inv["number"], first, c["currency"]))
                    rows.append((inv["paid_date"], inv["number"], round(inv["gross"] - first, 2), c["currency"]))
                else:
                    rows.append((inv["paid_date"], inv["number"], inv["gross"], c["currency"]))
            elif inv["partial"]:
                rows.append((inv["partial"][0], inv["number"], inv["partial"][1], c["currency"]))
    rows.sort()
    with open(os.path.join(ex, "fio_prijate_platby.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["invoice_number", "paid_on", "amount", "currency", "id"])
        for k, (d, num, amt, cur) in enumerate(rows):
            wr.writerow([num, d.isoformat(), money(amt), cur, f"FIO-{d.strftime('%Y%m%d')}-{20000 + k}"])


HARVEST_CUR = {"PLN": "Polish Zloty - PLN", "EUR": "Euro - EUR", "CZK": "Czech Koruna - CZK", "GBP": "British Pound - GBP"}


def write_harvest(w, ex):
    r = random.Random(w.seed * 37 + 9)
    cols = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
            "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
            "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]
    rows = []
    for c in w.clients:
        tname = c["brand"] if r.random() < 0.8 else c["brand"].upper()
        c["tracker_name"] = tname
        bill_rate_pln = r.choice([250, 280, 300, 320])
        for t in c["time"]:
            s = t["staff"]
            if s["tracker"] != "harvest":
                continue
            e = t["event"]
            proj = (e["name_pl"] if c["lang"] == "pl" else e["name_en"]) if e else ("Obsługa roczna" if c["lang"] == "pl" else "Annual retainer")
            br = round(bill_rate_pln / CUR_RATE[c["currency"]], 0)
            rows.append([t["date"].strftime("%d.%m.%Y"), tname, proj, "", t["task"], t["notes"],
                         comma(t["hours"]), comma(round(t["hours"] * 4) / 4), "Yes" if t["billable"] else "No",
                         "No", "Yes", s["first"], s["last"], s["title"], "Yes",
                         comma(br) if t["billable"] else "0,00", comma(br * t["hours"]) if t["billable"] else "0,00",
                         comma(s["cost_rate"]), comma(s["cost_rate"] * t["hours"]), HARVEST_CUR[c["currency"]], ""])
    rows.sort(key=lambda x: (x[0][6:], x[0][3:5], x[0][:2]))
    with open(os.path.join(ex, "harvest_time_report_krakow.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        wr.writerows(rows)


def write_clockify(w, ex):
    r = random.Random(w.seed * 41 + 10)
    cols = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
            "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (CZK)",
            "Billable Amount (CZK)", "Cost Rate (CZK)", "Cost Amount (CZK)"]
    rows = []
    for c in w.clients:
        cname = c["brand"]
        for t in c["time"]:
            s = t["staff"]
            if s["tracker"] != "clockify":
                continue
            e = t["event"]
            proj = e["name_en"] if e else "Annual retainer"
            start_min = r.randint(8 * 60, 13 * 60) // 15 * 15
            end_min = start_min + int(t["hours"] * 60)
            if end_min >= 24 * 60:
                end_min = 24 * 60 - 1
            sd = t["date"]

            def ampm(m):
                h, mm = divmod(m, 60)
                suf = "AM" if h < 12 else "PM"
                h12 = h % 12 or 12
                return f"{h12:02d}:{mm:02d} {suf}"
            hh, mm = divmod(int(round(t["hours"] * 60)), 60)
            rate = 1900
            rows.append([proj, cname, t["notes"], t["task"], s["name"], "Praha", s["email"], "",
                         "Yes" if t["billable"] else "No", sd.strftime("%m/%d/%Y"), ampm(start_min),
                         sd.strftime("%m/%d/%Y"), ampm(end_min), f"{hh:02d}:{mm:02d}:00", f"{t['hours']:.2f}",
                         f"{rate:.2f}" if t["billable"] else "0.00",
                         f"{rate * t['hours']:.2f}" if t["billable"] else "0.00",
                         f"{s['cost_rate']:.2f}", f"{s['cost_rate'] * t['hours']:.2f}"])
    rows.sort(key=lambda x: (x[9][6:], x[9][:2], x[9][3:5]))
    with open(os.path.join(ex, "Clockify_Time_Report_Detailed_Praha.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        wr.writerows(rows)


def render(m):
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = formataddr((m["from"]["name"], m["from"]["email"]))
    msg["To"] = ", ".join(formataddr((p["name"], p["email"])) for p in m["to"])
    if m["cc"]:
        msg["Cc"] = ", ".join(formataddr((p["name"], p["email"])) for p in m["cc"])
    msg["Subject"] = m["subject"]
    msg["Date"] = format_datetime(m["ts"])
    msg["Message-ID"] = m["id"]
    if m["reply_to"] is not None:
        msg["In-Reply-To"] = m["reply_to"]["id"]
        msg["References"] = " ".join(m["refs"])
    if m.get("auto"):
        msg["Auto-Submitted"] = "auto-replied"
    msg["MIME-Version"] = "1.0"
    body = m["body"]
    cs = m["charset"]
    try:
        body.encode(cs)
    except UnicodeEncodeError:
        cs = "utf-8"
    if cs == "utf-8":
        msg.set_content(body, charset="utf-8", cte="quoted-printable" if m["incoming"] else "8bit")
    elif cs == "iso-8859-2":
        msg.set_content(body, charset="iso-8859-2", cte="quoted-printable")
    else:
        msg.set_content(body.encode("cp1250"), maintype="text", subtype="plain", cte="8bit")
        msg.replace_header("Content-Type", 'text/plain; charset="windows-1250"')
    return msg


def write_mail(w, ex):
    """Kraków/Vienna staff: Outlook .eml folders per person; Prague staff: Thunderbird mbox per person."""
    base = os.path.join(ex, "mail")
    os.makedirs(base)
    boxes = {}
    for m in sorted(w.mail.msgs, key=lambda m: m["ts"]):
        parts = [p["staff"] for p in [m["from"]] + m["to"] + m["cc"] if p.get("staff")]
        for s in parts:
            boxes.setdefault(s["id"], []).append(m)
    for sid, msgs in sorted(boxes.items()):
        s = w.staff[sid]
        lp = s["email"].split("@")[0]
        if s["office"] == "PRG":
            path = os.path.join(base, f"thunderbird_{lp}.mbox")
            with open(path, "wb") as f:
                for m in msgs:
                    b = render(m).as_bytes()
                    f.write(f"From - {m['ts'].astimezone(dt.timezone.utc).strftime('%a %b %d %H:%M:%S %Y')}\n".encode())
                    # mboxrd escaping
                    for line in b.replace(b"\r\n", b"\n").split(b"\n"):
                        if line.lstrip(b">").startswith(b"From "):
                            line = b">" + line
                        f.write(line + b"\n")
                    f.write(b"\n")
        else:
            folder = os.path.join(base, f"outlook_{lp}")
            os.makedirs(folder, exist_ok=True)
            for k, m in enumerate(msgs):
                subj = "".join(ch for ch in fold(m["subject"]) if ch.isalnum() or ch in " -_")[:50].strip()
                fn = f"{m['ts'].strftime('%Y%m%d_%H%M')}_{k:05d}_{subj}.eml"
                with open(os.path.join(folder, fn), "wb") as f:
                    f.write(render(m).as_bytes())


def write_freshdesk(w, ex):
    """Delegate registration help desk (Freshdesk) run by the coordinator for congress clients."""
    r = random.Random(w.seed * 43 + 12)
    cols = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
            "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
            "Initial response time", "Time tracked", "First response time (in hrs)", "Resolution time (in hrs)",
            "Agent interactions", "Customer interactions", "Resolution status", "First response status", "Tags",
            "Survey results", "Product", "Full name", "Email", "Company Name"]
    rows = []
    tid = r.randint(1000, 3000)
    coord = w.by_role("coordinator")[0]
    for c in w.clients:
        if c["segment"] not in ("association", "pharma") or r.random() < 0.4:
            continue
        c["helpdesk"] = True
        slow = c["archetype"] == "recover"
        for e in c["events"]:
            if not (w.window_start <= e["date"] - dt.timedelta(days=10) <= w.as_of):
                continue
            for _ in range(r.randint(1, 4)):
                d = e["date"] - dt.timedelta(days=r.randint(3, 40))
                if d < w.window_start or d > w.as_of:
                    continue
                ct = r.choice(c["contacts"])
                tid += r.randint(1, 30)
                pl = c["lang"] == "pl"
                subj, desc = texts.ticket(r, c["lang"], {"event": e["name_pl"] if pl else e["name_en"],
                                                          "n": r.choice([3, 5, 8, 12]), "venue": e["venue"]},
                                          complaint=(slow and c["phase_start"] and d >= c["phase_start"]))
                created = local_dt(d, r.randint(8 * 60, 18 * 60))
                frt = r.uniform(20, 90) if (slow and c["phase_start"] and d >= c["phase_start"]) else r.uniform(0.3, 6)
                resolved = created + dt.timedelta(hours=frt + r.uniform(1, 30))
                f = "%Y-%m-%d %H:%M:%S"
                rows.append([tid, subj, desc, "Closed" if resolved.date() <= w.as_of else "Open", r.choice(["Low", "Medium", "High"]),
                             "Email", "Question", coord["name"], "Registration desk", created.strftime(f),
                             (created + dt.timedelta(hours=24)).strftime(f),
                             resolved.strftime(f) if resolved.date() <= w.as_of else "",
                             resolved.strftime(f) if resolved.date() <= w.as_of else "",
                             resolved.strftime(f) if resolved.date() <= w.as_of else created.strftime(f),
                             (created + dt.timedelta(hours=frt)).strftime(f), "00:15:00", f"{frt:.2f}",
                             f"{frt + 2:.2f}", r.randint(1, 3), r.randint(1, 3), "Within SLA" if frt < 24 else "SLA Violated",
                             "Within SLA" if frt < 24 else "SLA Violated", "registration", "", "", ct["name"], ct["email"],
                             c["crm_name"] if c.get("crm_name") else c["legal"]])
    with open(os.path.join(ex, "freshdesk_tickets_registration.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        wr.writerows(rows)


# --------------------------------------------------------------------------- truth

NOTES = {
    "keep": "Healthy account: profitable events, pays within a few days of due, ordinary routine mail.",
    "keep_curt_owner": "Owner {owner} writes curt replies to ALL of their clients; this client does not complain and the business is healthy - KEEP (the curtness is the staff member's style, not a pair problem).",
    "slow_but_happy": "We answer this client slowly (median first reply ~{reply_h:.0f}h vs a few hours for others) but they are relaxed and happy (praise, friendly mail), pay on time - KEEP.",
    "big_late_profitable": "Big corporate with a long AP cycle: pays ~{delay:.0f} days after due, but the margin is high and they always pay - KEEP.",
    "seasonal_silence": "Only spring and autumn events: silent for months then writes daily - seasonal, not ghosting - KEEP.",
    "not_decision_maker": "Day-to-day contact ({junior}) is a junior who nags and complains about logistics; the decision-maker ({dm}) is happy, renews and pays on time; the account is profitable - KEEP (judge the whole relationship).",
    "hostile_profitable": "Hostile/rude with every staff member (demands, insults, threats) yet profitable and pays on time. Our call: WATCH - genuinely mixed (conduct says RELEASE, economics say KEEP); protect staff, set conduct rules in a frank conversation, re-assess if payments slip or margin drops.",
    "reset": "Long good history; in the last ~{weeks} weeks the client's mail to owner {owner} turned to polite complaints about {owner_first} personally (not listening, lecturing, promises not kept). Mail to colleagues friendly; payments and margin fine - RESET with a frank conversation.",
    "reassign": "For ~{months} months most of the client's mail to owner {owner} is about {owner_first} personally; warm and increasingly routed to colleague {warm}. Business side healthy - REASSIGN to {warm}.",
    "recover": "Our service is failing since ~{since}: first replies ~{reply_h:.0f}h (others a few hours), ~{unans:.0%} of questions unanswered and repeated, complaints about missed deadlines; client going quiet - RECOVER.",
    "renegotiate": "Worth keeping, conduct fine, but effort is {mult:.1f}x the planned hours, {disc:.0%} discount, lots of unpaid last-minute changes, little pass-through to hide it: margin thin/negative - RENEGOTIATE.",
    "release": "Hostile with everyone (owner and colleagues), threats, after-hours demands; pays ~{delay:.0f} days late; effort {mult:.1f}x with discounts so margin around zero/negative - RELEASE.",
    "watch_new": "New client since {start}: one or two events, a handful of invoices and messages - WATCH.",
    "watch_mixed": "Mixed signals ({mixed}) - WATCH.",
}


def write_truth(w, out):
    rows = []
    jclients = []
    for c in w.clients:
        a = c["archetype"]
        owner = c["owner"]
        dm = c["contacts"][0]["name"]
        junior = c["contacts"][1]["name"] if len(c["contacts"]) > 1 else ""
        note = NOTES[a].format(owner=owner["name"], owner_first=owner["first"], reply_h=c.get("reply_hours_bad", c["reply_hours"]),
                               delay=c["pay_delay"][0], junior=junior, dm=dm,
                               weeks=(w.as_of - c["phase_start"]).days // 7 if c["phase_start"] else 0,
                               months=round((w.as_of - c["phase_start"]).days / 30.4) if c["phase_start"] else 0,
                               warm=c["warm_colleague"]["name"], since=c["phase_start"],
                               unans=c.get("unanswered_bad", 0), mult=c["effort_mult"], disc=c["discount"],
                               start=c["start"], mixed=c.get("mixed", ""))
        note += f" strength={c['strength']}."
        tax = fmt_nip(c["nip"], c.get("nip_style", 0)) if c["nip"] else ""
        rows.append([c["legal"], tax, c["domain"], ARCH_DECISION[a], a, owner["name"], note])
        inv_net = sum(i["net"] for i in c["invoices"])
        hrs = sum(t["hours"] for t in c["time"])
        nmsg = sum(1 for m in w.mail.msgs if m["client"] is c)
        jclients.append({
            "client_name": c["legal"], "names_used": {"invoices": c.get("inv_name"), "crm": c.get("crm_name"),
                                                      "time_tracker": c.get("tracker_name", c["brand"])},
            "tax_id": c["nip"] or None, "domain": c["domain"], "region": c["region"], "currency": c["currency"],
            "language": c["lang"], "segment": c["segment"], "size": c["size"],
            "expected_decision": ARCH_DECISION[a], "archetype": a, "strength": c["strength"],
            "owner_staff": owner["name"], "owner_email": owner["email"],
            "team": [s["name"] for s in c["team"]], "warm_colleague": c["warm_colleague"]["name"],
            "contacts": [{"name": x["name"], "email": x["email"], "role": x["role"], "decision_maker": x["dm"]} for x in c["contacts"]],
            "client_start": c["start"].isoformat(),
            "phase_start": c["phase_start"].isoformat() if c["phase_start"] else None,
            "params": {"effort_mult": round(c["effort_mult"], 2), "discount": c["discount"],
                       "pass_through_ratio": round(c["pass_ratio"], 2), "handling_fee": c["handling_fee"],
                       "target_fee_per_hour_pln": round(c["target_rate_pln"]),
                       "pay_delay_mean_days": round(c["pay_delay"][0], 1), "pay_delay_sd_days": round(c["pay_delay"][1], 1),
                       "reply_hours_median": round(c["reply_hours"], 1),
                       "reply_hours_median_bad_phase": round(c.get("reply_hours_bad", c["reply_hours"]), 1),
                       "unanswered_share_bad_phase": round(c.get("unanswered_bad", c["unanswered"]), 2),
                       "msg_threads_per_30d_active": round(c["msg_rate"], 1), "after_hours_share": round(c["after_hours"], 2),
                       "scope_change_prob": round(c["scope_changes"], 2), "retainer": c["retainer"],
                       "mixed_kind": c.get("mixed")},
            "summary": {"events": len(c["events"]), "invoices": len(c["invoices"]), "invoiced_net": round(inv_net, 2),
                        "hours": round(hrs, 2), "messages": nmsg, "helpdesk": bool(c.get("helpdesk"))},
            "notes": note})
    rows.sort(key=lambda x: x[0])
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
        wr.writerows(rows)
    staff = [{"name": s["name"], "role": s["role"], "title": s["title"], "email": s["email"], "office": s["office"],
              "cost_rate": s["cost_rate"], "cost_currency": s["cost_currency"], "tracker": s["tracker"],
              "curt_with_everyone": s["curt"]} for s in w.staff]
    counts = {}
    for rrow in rows:
        counts[rrow[3]] = counts.get(rrow[3], 0) + 1
    data = {"generator": "portfolio_j (events & conference production, Kraków/Prague/Vienna)", "seed": w.seed,
            "as_of": w.as_of.isoformat(), "window_start": w.window_start.isoformat(),
            "agency": {"name": w.agency["name"], "domain": w.agency["domain"], "nip": w.agency["nip"],
                       "second_entity": AGENCY_CZ},
            "reporting_currency_suggested": "PLN", "staff": staff, "counts": counts, "clients": jclients}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = World(a.seed)
    build_invoices(w)
    build_time(w)
    build_mail(w)
    write_all(w, a.out)
    c = {}
    for cl in w.clients:
        k = ARCH_DECISION[cl["archetype"]]
        c[k] = c.get(k, 0) + 1
    print(f"seed {a.seed}: {len(w.clients)} clients, as_of {w.as_of}, window_start {w.window_start}, {c}")


if __name__ == "__main__":
    main()
