#!/usr/bin/env python3
"""Blind generator (author C): a Polish accounting, payroll and tax-advisory office with a small
legal team, exported as Clockify + Toggl time, KSeF FA(2)/FA(3) XML + Fakturownia JSON invoices,
bank payments CSV, Stripe invoices/payments (foreign e-commerce sellers), HubSpot companies,
per-mailbox .mbox files, ECB and NBP exchange-rate archives; plus truth.csv / truth.json.

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
import re
import unicodedata
from email import charset as email_charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid
from xml.sax.saxutils import escape

import texts

D = dt.date
ONE = dt.timedelta(days=1)

# ----------------------------------------------------------------------------- helpers

def strip_pl(s):
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return s.translate(table)


def slug(s):
    s = strip_pl(s).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def nip_checksum_ok(digits):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    c = sum(int(d) * k for d, k in zip(digits, w)) % 11
    return c if c != 10 else None


def make_nip(rng, used):
    while True:
        prefix = rng.choice(["521", "525", "526", "527", "534", "676", "677", "679", "774", "778",
                             "779", "781", "782", "813", "837", "851", "894", "897", "951", "954",
                             "958", "966", "972", "113", "118", "123", "583", "584", "586", "631"])
        body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(6))
        c = nip_checksum_ok(body)
        if c is None:
            continue
        nip = body + str(c)
        if nip not in used:
            used.add(nip)
            return nip


def fmt_nip(nip, style):
    if style == 0:
        return nip
    if style == 1:
        return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    if style == 2:
        return f"{nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]}"
    return "PL" + nip


def month_add(d, n):
    y, m = d.year, d.month - 1 + n
    y += m // 12
    m = m % 12 + 1
    return D(y, m, 1)


def last_day(d):
    return month_add(d, 1) - ONE


def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return D(y, month, day)


def pl_holidays(y):
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if y >= 2025:
        fixed.append((12, 24))     # Wigilia is a public holiday from 2025
    e = easter(y)
    return {D(y, m, d) for m, d in fixed} | {e + ONE, e + dt.timedelta(days=60)}


_HOL = {}


def is_workday(d):
    if d.year not in _HOL:
        _HOL[d.year] = pl_holidays(d.year)
    return d.weekday() < 5 and d not in _HOL[d.year]


def workdays(a, b):
    d = a
    out = []
    while d <= b:
        if is_workday(d):
            out.append(d)
        d += ONE
    return out


def next_workday(d):
    while not is_workday(d):
        d += ONE
    return d


def warsaw_tz(d):
    # CET/CEST: last Sunday of March .. last Sunday of October
    def last_sunday(y, m):
        x = last_day(D(y, m, 1))
        while x.weekday() != 6:
            x -= ONE
        return x
    if last_sunday(d.year, 3) <= d < last_sunday(d.year, 10):
        return dt.timezone(dt.timedelta(hours=2))
    return dt.timezone(dt.timedelta(hours=1))


def at(d, hour, minute=0):
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=warsaw_tz(d))


def work_time(rng, d, after_hours=False):
    if after_hours:
        h = rng.choice([6, 20, 21, 22, 23])
    else:
        h = rng.choice([8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 14, 15, 16, 17])
    return at(d, h, rng.randint(0, 59)).replace(second=rng.randint(0, 59))


def add_work_hours(t, hours):
    """Shift t by `hours` wall-clock hours; a result outside 8-18 or on a weekend moves to the next
    working morning (how an office actually answers)."""
    r = t + dt.timedelta(hours=hours)
    d = r.date()
    if r.hour >= 18:
        d = d + ONE
        r = None
    elif r.hour < 8:
        r = None
    if not is_workday(d):
        d = next_workday(d)
        r = None
    if r is None:
        r = at(d, 8, 0) + dt.timedelta(minutes=5 + (int(t.timestamp()) // 7 + int(hours * 13)) % 146)
    return r.astimezone(warsaw_tz(r.date()))


def poisson(rng, lam):
    if lam <= 0:
        return 0
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def money(x):
    return f"{x:.2f}"


# ----------------------------------------------------------------------------- world data

PL_FIRST_M = ["Marek", "Tomasz", "Piotr", "Krzysztof", "Andrzej", "Paweł", "Michał", "Grzegorz", "Jacek",
              "Łukasz", "Rafał", "Wojciech", "Dariusz", "Maciej", "Bartosz", "Sławomir", "Jarosław", "Zbigniew",
              "Adrian", "Kamil", "Mateusz", "Robert", "Artur", "Przemysław", "Janusz", "Ryszard"]
PL_FIRST_F = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Joanna", "Magdalena", "Monika",
              "Dorota", "Beata", "Aleksandra", "Justyna", "Iwona", "Grażyna", "Renata", "Elżbieta", "Sylwia",
              "Marta", "Urszula", "Halina", "Izabela", "Paulina", "Karolina", "Żaneta", "Jolanta"]
PL_LAST = [("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
           ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"),
           ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"),
           ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
           ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Nowakowski", "Nowakowska"),
           ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"),
           ("Zając", "Zając"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Król", "Król"),
           ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"),
           ("Malinowski", "Malinowska"), ("Pawlak", "Pawlak"), ("Witkowski", "Witkowska"), ("Walczak", "Walczak"),
           ("Stępień", "Stępień"), ("Górski", "Górska"), ("Rutkowski", "Rutkowska"), ("Michalak", "Michalak"),
           ("Sikora", "Sikora"), ("Ostrowski", "Ostrowska"), ("Baran", "Baran"), ("Duda", "Duda"), ("Szewczyk", "Szewczyk"),
           ("Tomaszewski", "Tomaszewska"), ("Pietrzak", "Pietrzak"), ("Marciniak", "Marciniak"), ("Wróblewski", "Wróblewska"),
           ("Zalewski", "Zalewska"), ("Jakubowski", "Jakubowska"), ("Jasiński", "Jasińska"), ("Zawadzki", "Zawadzka"),
           ("Sadowski", "Sadowska"), ("Bąk", "Bąk"), ("Chmielewski", "Chmielewska"), ("Włodarczyk", "Włodarczyk"),
           ("Borkowski", "Borkowska"), ("Czarnecki", "Czarnecka"), ("Sawicki", "Sawicka"), ("Sokołowski", "Sokołowska"),
           ("Urbański", "Urbańska"), ("Kubiak", "Kubiak"), ("Maciejewski", "Maciejewska"), ("Szczepański", "Szczepańska"),
           ("Kucharski", "Kucharska"), ("Wilk", "Wilk"), ("Kalinowski", "Kalinowska"), ("Lis", "Lis"), ("Mazurek", "Mazurek"),
           ("Wysocki", "Wysocka"), ("Adamski", "Adamska"), ("Kaźmierczak", "Kaźmierczak"), ("Wasilewski", "Wasilewska"),
           ("Sobczak", "Sobczak"), ("Czerwiński", "Czerwińska"), ("Andrzejewski", "Andrzejewska"), ("Cieślak", "Cieślak"),
           ("Głowacki", "Głowacka"), ("Zakrzewski", "Zakrzewska"), ("Kołodziej", "Kołodziej"), ("Sikorski", "Sikorska"),
           ("Krajewski", "Krajewska"), ("Gajewski", "Gajewska"), ("Szymczak", "Szymczak"), ("Szulc", "Szulc"),
           ("Baranowski", "Baranowska"), ("Laskowski", "Laskowska"), ("Brzeziński", "Brzezińska"), ("Makowski", "Makowska"),
           ("Ziółkowski", "Ziółkowska"), ("Przybylski", "Przybylska")]
EN_FIRST = ["James", "Oliver", "Hannah", "Sophie", "Daniel", "Emma", "Lukas", "Jonas", "Claire", "Mark", "Sarah",
            "Thomas", "Laura", "Matthias", "Julia", "Peter", "Emily", "Henrik", "Ingrid", "David", "Rachel", "Ben",
            "Charlotte", "Stefan", "Anke", "Michael", "Grace", "Felix", "Nora", "Chris"]
EN_LAST = ["Smith", "Becker", "Hughes", "Fischer", "Walsh", "Jansen", "Meyer", "Carter", "Lindqvist", "O'Brien",
           "Schneider", "Turner", "Hoffmann", "Brooks", "Vogel", "Reid", "Larsen", "Morgan", "Kruger", "Bennett",
           "Weber", "Ellis", "Novak", "Hartmann", "Fraser", "Dubois", "Keller", "Sanders", "Berg", "Collins"]

CITIES = ["Poznań", "Swarzędz", "Luboń", "Gniezno", "Września", "Kórnik", "Śrem", "Oborniki", "Szamotuły",
          "Leszno", "Konin", "Piła", "Kalisz", "Wągrowiec", "Środa Wlkp."]

SOLE_TRADES = [("Usługi Remontowe", "remonty"), ("Transport Drogowy", "transport"), ("Usługi Informatyczne", "it"),
               ("Pracownia Krawiecka", "krawiectwo"), ("Studio Fryzjerskie", "fryzjer"), ("Warsztat Samochodowy", "auto"),
               ("Biuro Projektowe", "projekty"), ("Usługi Elektryczne", "elektro"), ("Sklep Ogrodniczy", "ogrod"),
               ("Fotografia", "foto"), ("Tłumaczenia", "tlumaczenia"), ("Usługi Hydrauliczne", "hydraulika"),
               ("Szkoła Językowa", "jezyki"), ("Catering", "catering"), ("Pracownia Stolarska", "stolarnia"),
               ("Kwiaciarnia", "kwiaty"), ("Gabinet Fizjoterapii", "fizjo"), ("Sklep Internetowy", "sklep"),
               ("Agencja Nieruchomości", "nieruchomosci"), ("Pracownia Ceramiki", "ceramika")]
COMPANY_WORDS = ["Agromax", "Betonpol", "Drewnex", "Elmont", "Fabryka Okien Wielkopolska", "Galmet", "Hydrotech",
                 "Interkom", "Juwenta", "Kamrol", "Lumena", "Metalkon", "Novapak", "Optiserwis", "Polbruk Zachód",
                 "Rolmech", "Stalgor", "Termoplast", "Unimet", "Vitrum", "Wartopak", "Zielony Ogród", "Akwen",
                 "Bursztyn", "Cerkam", "Delta Logistyka", "Ekobud", "Farmex", "Grafit Druk", "Horyzont Nieruchomości",
                 "Ikar Tour", "Jantar Meble", "Kwadrat Architekci", "Larix", "Mlekpol Wiejski", "Nordbud", "Orzeł Trans",
                 "Piekarnia Złoty Kłos", "Rybex", "Sadpol", "Tarmet", "Uniwersal Serwis", "Warta Chłodnie", "Zetpak",
                 "Alfa Med", "Budmat", "Czysty Dom", "Dom Mody Ewa", "Energo Projekt", "Fotowolt Plus", "Gastro Smak",
                 "Hurtownia Papieru Arkusz", "Inox Tech", "Kartonex", "Lakiernia Kolor", "Młyn Wielkopolski",
                 "Naprawa Maszyn Tokar", "Ogrody Zimowe Lipa", "Przetwórnia Owoców Sad", "Rekord Sport"]
MANUFACTURERS = ["Zakłady Mięsne Wielkopolanin", "Fabryka Mebli Kalmar", "Odlewnia Żeliwa Śrem", "Wielkopolskie Zakłady Tworzyw",
                 "Hurtownia Spożywcza Kupiec", "Dystrybucja Farmaceutyczna Medix", "Zakłady Drzewne Borek",
                 "Przetwórstwo Rybne Neptun", "Hurtownia Elektryczna Volt"]
FOUNDATIONS = ["Fundacja Zdrowy Start", "Fundacja Pomocy Zwierzętom Łapa", "Stowarzyszenie Przyjaciół Ziemi Kórnickiej",
               "Fundacja Edukacji Cyfrowej Bit", "Fundacja Dom z Sercem", "Fundacja Muzyki Dawnej Kantata"]
MEDICAL = ["Gabinet Stomatologiczny", "Praktyka Lekarska", "Centrum Rehabilitacji", "Poradnia Dietetyczna",
           "Gabinet Weterynaryjny", "Przychodnia Rodzinna"]
SUBSIDIARIES = [("Nordhaven Logistics Polska", "nordhaven-logistics.com"), ("Kessler Automotive Poland", "kessler-auto.de"),
                ("Brightwater Software Poland", "brightwater.io"), ("Van der Berg Foods Polska", "vdberg-foods.nl"),
                ("Alpine Components Poland", "alpine-components.ch"), ("Lindholm Design Polska", "lindholm-design.se"),
                ("Meridian Clinical Research Poland", "meridian-cr.com"), ("Strand Packaging Polska", "strandpack.dk")]
ECOM = [("Brightleaf Home Ltd", "brightleafhome.co.uk", "GBP"), ("Kessel & Krone GmbH", "kesselkrone.de", "EUR"),
        ("Pinecrest Goods LLC", "pinecrestgoods.com", "USD"), ("Maison Lumiere SAS", "maisonlumiere.fr", "EUR"),
        ("Nordic Trail Gear AB", "nordictrailgear.se", "EUR"), ("Oakridge Pet Supply Inc", "oakridgepet.com", "USD"),
        ("Tidewater Prints Ltd", "tidewaterprints.co.uk", "GBP"), ("Hollandse Fietsen BV", "hollandsefietsen.nl", "EUR"),
        ("Bella Cucina Srl", "bellacucina.it", "EUR"), ("Greenfield Supplements Ltd", "greenfieldsupps.co.uk", "GBP")]
LEGAL_FORMS = ["Sp. z o.o.", "Sp. z o.o.", "Sp. z o.o.", "Sp. j.", "Sp. k.", "S.A.", "s.c."]
FREE_MAIL = ["gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"]


class Seeded:
    def __init__(self, seed):
        self.rng = random.Random(seed * 7919 + 17)


# ----------------------------------------------------------------------------- staff

def make_staff(rng, domain):
    used = set()

    def person(female=None):
        while True:
            f = rng.random() < 0.6 if female is None else female
            first = rng.choice(PL_FIRST_F if f else PL_FIRST_M)
            lm, lf = rng.choice(PL_LAST)
            last = lf if f else lm
            if (first, last) not in used and last not in {u[1] for u in used}:
                used.add((first, last))
                return first, last, f

    roles = [("partner", 2), ("manager", rng.choice([4, 5])), ("accountant", rng.randint(4, 6)),
             ("payroll", rng.choice([2, 3])), ("tax_adviser", 1), ("lawyer", 1), ("assistant", 1)]
    total = sum(n for _, n in roles)
    while total < 15:
        roles[2] = ("accountant", roles[2][1] + 1)
        total += 1
    cost = {"partner": (230, 290), "manager": (120, 160), "accountant": (70, 105), "payroll": (70, 95),
            "tax_adviser": (170, 220), "lawyer": (180, 240), "assistant": (45, 60)}
    bill = {"partner": 450, "manager": 280, "accountant": 180, "payroll": 160, "tax_adviser": 400,
            "lawyer": 420, "assistant": 100}
    role_pl = {"partner": "Partner zarządzający", "manager": "Starszy księgowy / opiekun klienta",
               "accountant": "Księgowy", "payroll": "Specjalista ds. kadr i płac",
               "tax_adviser": "Doradca podatkowy", "lawyer": "Radca prawny", "assistant": "Asystentka biura"}
    staff = []
    email_styles = ["first.last", "first.last", "first.last", "flast", "first"]
    for role, n in roles:
        for _ in range(n):
            first, last, f = person()
            st = rng.choice(email_styles)
            if st == "first.last":
                local = f"{strip_pl(first).lower()}.{strip_pl(last).lower()}"
            elif st == "flast":
                local = f"{strip_pl(first)[0].lower()}{strip_pl(last).lower()}"
            else:
                local = f"{strip_pl(first).lower()}"
            if any(s["email"].split("@")[0] == local for s in staff):
                local = f"{strip_pl(first).lower()}.{strip_pl(last).lower()}"
            lo, hi = cost[role]
            staff.append({"name": f"{first} {last}", "first": first, "last": last, "female": f,
                          "email": f"{local}@{domain}", "role": role, "title": role_pl[role],
                          "cost_rate": rng.randint(lo, hi), "bill_rate": bill[role], "curt": False})
    return staff


# ----------------------------------------------------------------------------- clients

ARCH_DECISION = {
    "keep": "KEEP", "keep_curt_owner": "KEEP", "keep_slow_happy": "KEEP", "keep_big_late_payer": "KEEP",
    "keep_seasonal_silence": "KEEP", "keep_non_decision_maker": "KEEP", "keep_hostile_profitable": "KEEP",
    "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "renegotiate": "RENEGOTIATE",
    "release": "RELEASE", "watch_new": "WATCH", "watch_sparse": "WATCH", "watch_mixed": "WATCH",
}


def plan_archetypes(rng):
    n_total = rng.randint(58, 78)
    plan = []
    for a in ["reset", "reassign", "recover", "renegotiate", "release"]:
        plan += [a] * rng.randint(3, 5)
    plan += ["watch_new"] * rng.randint(2, 3) + ["watch_sparse"] * rng.randint(1, 2) + ["watch_mixed"] * rng.randint(1, 2)
    plan += ["keep_slow_happy"] * rng.randint(1, 2) + ["keep_big_late_payer"] * rng.randint(1, 2)
    plan += ["keep_seasonal_silence"] * rng.randint(1, 2) + ["keep_non_decision_maker"] * rng.randint(1, 2)
    plan += ["keep_hostile_profitable"]
    while len(plan) < n_total:
        plan.append("keep")
    rng.shuffle(plan)
    return plan


def make_clients(rng, plan, staff, as_of, window_start, agency_domain):
    managers = [s for s in staff if s["role"] == "manager"]
    partners = [s for s in staff if s["role"] == "partner"]
    accountants = [s for s in staff if s["role"] == "accountant"]
    payrolls = [s for s in staff if s["role"] == "payroll"]
    curt = rng.choice(managers)
    curt["curt"] = True
    non_curt = [m for m in managers if not m["curt"]]
    used_nip, used_names, used_domains, used_last = set(), set(), set(), set()
    acc_off, pay_off = rng.randrange(len(accountants)), rng.randrange(len(payrolls))
    pools = {k: list(v) for k, v in [("comp", COMPANY_WORDS), ("man", MANUFACTURERS), ("fund", FOUNDATIONS),
                                      ("sub", SUBSIDIARIES), ("ecom", ECOM)]}
    for v in pools.values():
        rng.shuffle(v)
    clients = []
    n_ecom = rng.randint(4, 6)
    n_sub = rng.randint(3, 5)
    kinds = ["ecom"] * n_ecom + ["sub"] * n_sub + ["man"] * rng.randint(3, 5) + ["fund"] * rng.randint(2, 4) + \
        ["med"] * rng.randint(4, 7)
    while len(kinds) < len(plan):
        kinds.append(rng.choice(["sole", "sole", "sole", "comp", "comp"]))
    kinds = kinds[:len(plan)]
    rng.shuffle(kinds)
    # archetypes that need a profitable big client
    for i, a in enumerate(plan):
        if a == "keep_big_late_payer" and kinds[i] not in ("man", "sub"):
            j = next((j for j, k in enumerate(kinds) if k == "man" and plan[j] == "keep"), None)
            if j is not None:
                kinds[i], kinds[j] = kinds[j], kinds[i]
            else:
                kinds[i] = "man"
        if a == "keep_seasonal_silence" and kinds[i] in ("ecom", "sub", "man"):
            kinds[i] = "sole"
    for i, arch in enumerate(plan):
        kind = kinds[i]
        c = {"archetype": arch, "decision": ARCH_DECISION[arch], "kind": kind}
        s = round(rng.uniform(0.15, 1.0), 2)
        c["strength"] = s
        # identity
        while True:
            if kind == "sole":
                trade, tslug = rng.choice(SOLE_TRADES)
                f = rng.random() < 0.5
                first = rng.choice(PL_FIRST_F if f else PL_FIRST_M)
                lm, lf = rng.choice(PL_LAST)
                last = lf if f else lm
                if arch == "keep_seasonal_silence":
                    trade, tslug = rng.choice([("Wypożyczalnia Nart", "narty"), ("Szkółka Narciarska", "szkolka"),
                                               ("Serwis Narciarski", "serwis-nart"), ("Agroturystyka", "agro")])
                name = f"{trade} {first} {last}"
                short = f"{trade} {last}"
                domain = f"{tslug}-{slug(last)}.pl"
                legal = None
            elif kind == "comp":
                base = pools["comp"].pop()
                legal = rng.choice(LEGAL_FORMS)
                name = f"{base} {legal}"
                short = base
                domain = slug(base).replace("-", "") + rng.choice([".pl", ".pl", ".com.pl", ".eu"])
            elif kind == "man":
                base = pools["man"].pop() if pools["man"] else pools["comp"].pop()
                legal = rng.choice(["S.A.", "Sp. z o.o.", "Sp. z o.o. Sp. k."])
                name = f"{base} {legal}"
                short = base
                domain = slug(base.split()[-1]) + rng.choice(["-sa.pl", ".pl", ".com.pl"])
            elif kind == "fund":
                base = pools["fund"].pop() if pools["fund"] else "Fundacja " + pools["comp"].pop()
                legal = None
                name = base
                short = base
                domain = slug(base.replace("Fundacja ", "").replace("Stowarzyszenie ", "")) + ".org.pl"
            elif kind == "med":
                f = rng.random() < 0.6
                first = rng.choice(PL_FIRST_F if f else PL_FIRST_M)
                lm, lf = rng.choice(PL_LAST)
                last = lf if f else lm
                base = rng.choice(MEDICAL)
                name = f"{base} {'lek. ' if rng.random() < 0.5 else 'dr n. med. '}{first} {last}"
                short = f"{base} {last}"
                domain = f"{slug(base.split()[0])[:8]}-{slug(last)}.pl"
                legal = None
            elif kind == "sub":
                base, domain = pools["sub"].pop()
                legal = "Sp. z o.o."
                name = f"{base} {legal}"
                short = base.replace(" Polska", "").replace(" Poland", "")
            else:
                name, domain, cur = pools["ecom"].pop()
                legal = None
                short = re.sub(r" (Ltd|GmbH|LLC|SAS|AB|Inc|BV|Srl)$", "", name)
            lastw = name.split()[-1] if kind in ("sole", "med") else None
            if name not in used_names and domain not in used_domains and lastw not in used_last:
                if lastw:
                    used_last.add(lastw)
                used_names.add(name)
                used_domains.add(domain)
                break
        c.update(name=name, short=short, domain=domain)
        if kind == "ecom":
            c["currency"] = cur
            c["lang"] = "en"
            c["nip"] = ""
            c["billing"] = "stripe"
        else:
            c["nip"] = make_nip(rng, used_nip)
            c["currency"] = "EUR" if kind == "sub" and rng.random() < 0.75 else "PLN"
            c["lang"] = "en" if kind == "sub" else "pl"
            c["billing"] = "ksef"
        # size and fees (net, PLN equivalent)
        fee = {"sole": rng.uniform(450, 1100), "comp": rng.uniform(1300, 4200), "man": rng.uniform(7000, 18000),
               "fund": rng.uniform(600, 1600), "med": rng.uniform(800, 2200), "sub": rng.uniform(4500, 12000),
               "ecom": rng.uniform(1500, 4000)}[kind]
        c["employees"] = {"sole": rng.choice([0, 0, 1, 2]), "comp": rng.randint(3, 25), "man": rng.randint(40, 160),
                          "fund": rng.randint(0, 6), "med": rng.randint(1, 8), "sub": rng.randint(5, 40),
                          "ecom": 0}[kind]
        c["payroll_fee_per_emp"] = rng.choice([60, 65, 70, 75, 80, 90])
        c["fee_net_pln"] = round(fee, -1)
        # effective earned rate per hour (PLN/h) before archetype
        c["eff_rate"] = rng.uniform(190, 290)
        # start of relationship
        months_hist = (as_of.year - window_start.year) * 12 + as_of.month - window_start.month
        if arch == "watch_new":
            c["start"] = month_add(D(as_of.year, as_of.month, 1), -rng.randint(2, 3))
        elif arch in ("reset", "reassign", "keep_seasonal_silence"):
            c["start"] = month_add(window_start, -rng.randint(6, 60))
        elif arch == "keep" and rng.random() < 0.12:
            c["start"] = month_add(window_start, rng.randint(2, max(3, months_hist - 8)))
        else:
            c["start"] = month_add(window_start, -rng.randint(1, 80))
        c["start"] = max(c["start"], D(2012, 1, 1))
        # ownership
        if kind == "man" and rng.random() < 0.6:
            owner = rng.choice(partners)
        elif arch == "keep_curt_owner":
            owner = curt
        elif arch in ("reset", "reassign", "recover"):
            owner = rng.choice(non_curt)
        else:
            owner = rng.choice(managers)
        c["owner"] = owner
        c["partner"] = owner if owner["role"] == "partner" else rng.choice(partners)
        # every accountant and payroll specialist has a book of clients (round robin, shuffled start)
        c["accountant"] = accountants[(i + acc_off) % len(accountants)]
        c["payroll_staff"] = payrolls[(i + pay_off) % len(payrolls)] if c["employees"] > 0 else None
        others = [m for m in managers + partners if m is not owner and not m["curt"]]
        c["colleague"] = rng.choice(others) if arch == "reassign" else c["accountant"]
        # contacts
        contacts = []
        n_contacts = 1 if kind in ("sole", "med") else rng.randint(2, 3)
        for k in range(n_contacts):
            if c["lang"] == "pl":
                f = rng.random() < 0.6
                first = rng.choice(PL_FIRST_F if f else PL_FIRST_M)
                lm, lf = rng.choice(PL_LAST)
                last = lf if f else lm
                if kind in ("sole", "med") and k == 0:
                    nm = name.split()
                    first, last = nm[-2], nm[-1]
                    f = first in PL_FIRST_F
            else:
                first, last, f = rng.choice(EN_FIRST), rng.choice(EN_LAST), None
            style = rng.choice(["f.l", "fl", "f", "biuro"]) if k else rng.choice(["f.l", "f.l", "f", "fl"])
            fl, ll = slug(first).replace("-", ""), slug(last).replace("-", "")
            local = {"f.l": f"{fl}.{ll}", "fl": f"{fl[0]}{ll}", "f": fl,
                     "biuro": "ksiegowosc" if c["lang"] == "pl" else "accounts"}[style]
            role = ["owner", "finance", "office"][k] if k < 3 else "office"
            contacts.append({"first": first, "last": last, "female": f, "email": f"{local}@{domain}",
                             "role": role, "name": f"{first} {last}" if style != "biuro" else
                             ("Dział księgowości" if c["lang"] == "pl" else "Accounts team")})
        if arch == "keep_non_decision_maker" and len(contacts) < 2:
            fl = rng.choice(PL_FIRST_F) if c["lang"] == "pl" else rng.choice(EN_FIRST)
            ll = rng.choice(PL_LAST)[1] if c["lang"] == "pl" else rng.choice(EN_LAST)
            contacts.append({"first": fl, "last": ll, "female": True, "email": f"{slug(fl)}.{slug(ll)}@{domain}",
                             "role": "office", "name": f"{fl} {ll}"})
        c["contacts"] = contacts
        c["no_diacritics"] = c["lang"] == "pl" and rng.random() < 0.3
        c["typo_rate"] = rng.choice([0.0, 0.05, 0.1, 0.2])
        c["mail_rate"] = {"sole": 0.9, "comp": 1.7, "man": 2.6, "fund": 0.9, "med": 1.1, "sub": 2.1,
                          "ecom": 1.3}[kind] * rng.uniform(0.6, 1.3)
        if arch in ("reset", "reassign", "recover", "release", "renegotiate"):
            c["mail_rate"] = max(c["mail_rate"], rng.uniform(1.3, 2.0))
        c["terms"] = 30 if kind in ("man", "sub") else (14 if kind != "ecom" else 30)
        c["pay_habit"] = rng.choice([-5, -2, 0, 0, 1, 2, 4])
        apply_archetype(rng, c, as_of)
        clients.append(c)
    # each partner owns at least a couple of the larger healthy accounts
    for pt in partners:
        if not any(c["owner"] is pt for c in clients):
            big = sorted([c for c in clients if c["archetype"] == "keep"], key=lambda c: -c["fee_net_pln"])[:2]
            for c in big:
                c["owner"] = c["partner"] = pt
    # name variants across files
    for c in clients:
        make_variants(rng, c, clients)
    hard = [c for c in clients if c["archetype"] == "keep" and c["kind"] in ("comp", "man")]
    if hard:
        c = rng.choice(hard)
        words = c["short"].split()
        if len(words) >= 2:
            c["hub_name"] = "".join(w[0] for w in words[:-1]).upper() + " " + words[-1]
        else:
            c["hub_name"] = c["short"] + " (grupa)"
        c["hard_variant"] = True
    return clients


def apply_archetype(rng, c, as_of):
    a, s = c["archetype"], c["strength"]
    p = {}
    if a == "reset":
        p["weeks"] = rng.randint(6, 8)
        p["since"] = as_of - dt.timedelta(weeks=p["weeks"])
        p["p_person"] = round(0.35 + 0.5 * s, 2)
        c["mail_rate"] *= 1.2
    elif a == "reassign":
        p["months"] = rng.randint(8, 10)
        p["since"] = month_add(D(as_of.year, as_of.month, 1), -p["months"])
        p["p_person"] = round(0.45 + 0.45 * s, 2)
        p["p_warm_colleague"] = round(0.5 + 0.4 * s, 2)
    elif a == "recover":
        p["months"] = rng.randint(3, 6)
        p["since"] = month_add(D(as_of.year, as_of.month, 1), -p["months"])
        p["p_service"] = round(0.2 + 0.45 * s, 2)
        p["p_threat"] = round(0.03 + 0.12 * s, 2)
        p["reply_delay_days"] = (1.5 + 4 * s, 3 + 8 * s)
        p["p_no_reply"] = round(0.15 + 0.35 * s, 2)
        p["missed_deadlines"] = 1 + int(4 * s)
    elif a == "renegotiate":
        c["eff_rate"] = 150 - 95 * s            # PLN earned per hour worked
        p["discount"] = round(rng.choice([0, 0.1, 0.15, 0.2]) * (0.5 + s), 2)
        p["p_scope"] = round(0.15 + 0.3 * s, 2)
        p["scope_growth"] = round(1 + 0.8 * s, 2)
    elif a == "release":
        c["eff_rate"] = 112 - 50 * s
        p["late_days"] = (int(25 + 10 * s), int(45 + 45 * s))
        p["p_hostile"] = round(0.25 + 0.4 * s, 2)
        p["p_threat"] = round(0.05 + 0.1 * s, 2)
        p["p_demand"] = 0.15
        c["after_hours"] = 0.25
    elif a == "keep_hostile_profitable":
        c["eff_rate"] = rng.uniform(260, 340)
        p["p_hostile"] = round(0.25 + 0.35 * s, 2)
        p["p_demand"] = 0.12
        c["after_hours"] = 0.2
    elif a == "keep_big_late_payer":
        p["late_days"] = (int(15 + 10 * s), int(30 + 30 * s))
        c["eff_rate"] = rng.uniform(240, 320)
        c["fee_net_pln"] = max(c["fee_net_pln"], 14000)
    elif a == "keep_slow_happy":
        p["reply_delay_days"] = (1.5 + 2 * s, 3 + 4 * s)
    elif a == "keep_seasonal_silence":
        # silent from May to September every year (no mail, invoices continue at a reduced fee)
        n_sil = rng.randint(3, 5)
        p["silent_months"] = sorted({(as_of.month - k - 1) % 12 + 1 for k in range(n_sil)})
    elif a == "keep_non_decision_maker":
        p["p_grumble"] = round(0.3 + 0.4 * s, 2)
    elif a == "watch_new":
        c["mail_rate"] *= 0.8
    elif a == "watch_sparse":
        c["mail_rate"] = 0.15 + 0.1 * (1 - s)
        p["billing"] = "quarterly"
    elif a == "watch_mixed":
        p["p_person"] = 0.12 + 0.12 * s
        p["p_service"] = 0.1 + 0.1 * s
        p["late_days"] = (5, int(15 + 25 * s))
        p["p_late"] = 0.4
        c["eff_rate"] = rng.uniform(140, 190)
    c["params"] = p


def norm_words(name):
    n = strip_pl(name).lower()
    n = re.sub(r"\b(sp\.? ?z ?o\.?o\.?|s\.a\.|sp\.? ?k\.|sp\.? ?j\.|s\.c\.|ltd|gmbh|llc|inc|sas|ab|bv|srl)\b", " ", n)
    n = re.sub(r"[^a-z0-9 ]+", " ", n)
    return set(w for w in n.split() if w not in {"i", "and", "oraz", "lek", "dr", "n", "med"})


def make_variants(rng, c, clients):
    """How each tool spells the client: invoices carry the legal name, HubSpot whatever a person typed,
    time trackers a short name."""
    name = c["name"]
    hub = name
    r = rng.random()
    if r < 0.15:
        hub = name.upper()
    elif r < 0.3 and c["lang"] == "pl":
        hub = strip_pl(name)
    elif r < 0.4 and "Sp. z o.o." in name:
        hub = name.replace("Sp. z o.o.", "spółka z ograniczoną odpowiedzialnością")
    elif r < 0.5:
        hub = re.sub(r"\s+(Sp\. z o\.o\.|S\.A\.|Sp\. k\.|Sp\. j\.|s\.c\.|Ltd|GmbH|LLC|Inc)$", "", name)
    c["hub_name"] = hub
    short = c["short"]
    # the short name must be contained in exactly one client's name words
    sw = norm_words(short)
    hits = [o for o in clients if sw <= norm_words(o["name"])]
    c["clock_name"] = short if len(hits) == 1 else name
    if rng.random() < 0.2:
        c["clock_name"] = name
    c["inv_name"] = name if rng.random() < 0.85 else name.replace("Sp. z o.o.", "SPÓŁKA Z O.O.") \
        if "Sp. z o.o." in name else name


# ----------------------------------------------------------------------------- simulation

def season_factor(month):
    return {1: 1.4, 2: 1.3, 3: 1.5, 4: 1.3, 5: 0.9, 6: 1.0, 7: 0.7, 8: 0.6, 9: 0.9, 10: 1.0, 11: 1.0, 12: 1.1}[month]


class World:
    def __init__(self, seed):
        self.seed = seed
        rng = self.rng = random.Random(seed * 1000003 + 11)
        self.as_of = D(2026, rng.choice([9, 10, 10, 11, 11]), 1)
        self.as_of = last_day(self.as_of) - dt.timedelta(days=rng.randint(0, 12))
        months = rng.randint(15, 24)
        self.window_start = month_add(D(self.as_of.year, self.as_of.month, 1), -months)
        office_names = [("Biuro Rachunkowe Bilans", "bilans-biuro.pl"), ("Kancelaria Podatkowa Saldo", "saldo-kancelaria.pl"),
                        ("Rachmistrz Doradztwo Podatkowe", "rachmistrz.com.pl"), ("Debet Kredyt Biuro Rachunkowe", "debetkredyt.pl"),
                        ("Kancelaria Finansowo-Prawna Akcyza", "akcyza-kancelaria.pl")]
        nm, dom = office_names[seed % len(office_names)]
        self.agency = {"name": nm + " Sp. z o.o.", "domain": dom, "nip": make_nip(rng, set())}
        self.staff = make_staff(rng, dom)
        self.plan = plan_archetypes(rng)
        # a few plain KEEP clients go to the curt manager so that his/her clients are visible
        self.clients = make_clients(rng, self.plan, self.staff, self.as_of, self.window_start, dom)
        curt = next(s for s in self.staff if s["curt"])
        keeps = [c for c in self.clients if c["archetype"] == "keep" and c["owner"]["role"] != "partner"
                 and not c.get("hard_variant")]
        for c in keeps[:rng.randint(4, 6)]:
            c["archetype"] = "keep_curt_owner"
            c["owner"] = curt
        self.time_rows = []      # (tool, dict)
        self.invoices = []
        self.payments = []
        self.messages = []
        self.toggl_switch = month_add(self.window_start, rng.randint(3, max(4, months - 4)))
        self.rates = make_rates(rng, self.window_start - dt.timedelta(days=40), self.as_of)

    # -- money --------------------------------------------------------------
    def eur_pln(self, d):
        return self.rates["PLN"][nearest_before(self.rates["PLN"], d)]

    def fx_from_pln(self, cur, d):
        if cur == "PLN":
            return 1.0
        k = nearest_before(self.rates["PLN"], d)
        eurpln = self.rates["PLN"][k]
        if cur == "EUR":
            return eurpln
        return eurpln / self.rates[cur][k]

    def simulate(self):
        rng = self.rng
        inv_seq = {}
        for c in self.clients:
            p = c["params"]
            m = max(D(self.window_start.year, self.window_start.month, 1), D(c["start"].year, c["start"].month, 1))
            c["monthly"] = []
            quarter_acc = 0.0
            while m <= self.as_of:
                month_end = min(last_day(m), self.as_of)
                fee = c["fee_net_pln"] + c["employees"] * c["payroll_fee_per_emp"]
                if c["archetype"] == "keep_seasonal_silence" and m.month in p["silent_months"]:
                    fee *= 0.6
                if c["archetype"] == "renegotiate" and p["discount"] and m >= month_add(self.window_start, 3):
                    fee *= (1 - p["discount"])
                fee = round(fee * rng.uniform(0.97, 1.03), 0)
                hours_needed = fee / c["eff_rate"]
                if c["archetype"] == "renegotiate":
                    # scope creep: work grows over the period
                    prog = (m - self.window_start).days / max(1, (self.as_of - self.window_start).days)
                    hours_needed *= 1 + (p["scope_growth"] - 1) * prog
                hours_needed *= season_factor(m.month) * rng.uniform(0.85, 1.15)
                if month_end < last_day(m):
                    hours_needed *= (month_end.day / last_day(m).day)
                self.book_time(c, m, month_end, hours_needed)
                c["monthly"].append((m.isoformat(), round(fee), round(hours_needed, 1)))
                # invoice for month m, issued early next month
                issue = next_workday(month_add(m, 1) + dt.timedelta(days=rng.randint(1, 5)))
                if issue <= self.as_of:
                    if p.get("billing") == "quarterly":
                        quarter_acc += fee
                        if m.month % 3 == 0:
                            self.add_invoice(c, issue, quarter_acc, "Obsługa księgowa – kwartał", inv_seq)
                            quarter_acc = 0
                    else:
                        desc = ("Obsługa księgowa i kadrowa" if c["lang"] == "pl" else "Accounting and payroll services")
                        self.add_invoice(c, issue, fee, desc + f" {m.month:02d}/{m.year}", inv_seq)
                    # occasional hourly advisory / one-off projects
                    if c["archetype"] not in ("watch_new", "watch_sparse") and rng.random() < 0.08:
                        hrs = rng.choice([2, 3, 4, 6, 8, 12])
                        adv = self.pick(c, "tax_adviser") if rng.random() < 0.7 else self.pick(c, "lawyer")
                        self.book_entries(c, adv, m, month_end, hrs, "Doradztwo podatkowe" if adv["role"] == "tax_adviser"
                                          else "Obsługa prawna", billable=True)
                        self.add_invoice(c, issue, hrs * adv["bill_rate"],
                                         ("Doradztwo – rozliczenie godzinowe" if c["lang"] == "pl" else "Advisory – hourly")
                                         + f" {m.month:02d}/{m.year}", inv_seq)
                m = month_add(m, 1)
            self.mail_for(c)

    def pick(self, c, role):
        if role == "partner":
            return c["partner"]
        return next(s for s in self.staff if s["role"] == role)

    def book_time(self, c, m, month_end, hours):
        rng = self.rng
        parts = [(c["accountant"], 0.6, "Księgowość" if c["kind"] not in ("sole", "med") else "KPiR / ryczałt"),
                 (c["owner"], 0.18, "Opieka nad klientem")]
        if c["payroll_staff"]:
            parts.append((c["payroll_staff"], 0.22, "Kadry i płace"))
        if c["archetype"] == "reassign" and c["colleague"] is not c["accountant"]:
            parts.append((c["colleague"], 0.06, "Opieka nad klientem"))
        if m.month in (3, 4) and c["kind"] in ("comp", "man", "sub", "fund"):
            parts.append((self.pick(c, "partner") if c["owner"]["role"] != "partner" else c["owner"], 0.05,
                          f"Sprawozdanie finansowe {m.year - 1}"))
        tot = sum(w for _, w, _ in parts)
        for st, w, proj in parts:
            h = hours * w / tot
            if h >= 0.25:
                self.book_entries(c, st, m, month_end, h, proj, billable=True)
        if c["archetype"] in ("recover",) and m >= c["params"]["since"]:
            self.book_entries(c, c["accountant"], m, month_end, hours * 0.15, "Korekty deklaracji", billable=False)

    def book_entries(self, c, st, m, month_end, hours, project, billable=True):
        rng = self.rng
        days = workdays(m, month_end)
        if not days:
            return
        left = round(hours * 4) / 4
        descs = texts.TIME_DESC.get(project, texts.TIME_DESC["_default"])
        while left > 0.01:
            h = min(left, rng.choice([0.25, 0.5, 0.75, 1, 1, 1.5, 2, 2.5, 3, 4]))
            d = rng.choice(days)
            start = at(d, rng.randint(8, 15), rng.choice([0, 15, 30, 45]))
            desc = rng.choice(descs).format(m=f"{m.month:02d}/{m.year}", y=m.year, y1=m.year - 1)
            tool = "toggl" if (st["role"] == "payroll" and m >= self.toggl_switch) else "clockify"
            self.time_rows.append((tool, {"client": c, "staff": st, "project": project, "desc": desc, "start": start,
                                          "hours": h, "billable": billable}))
            left -= h

    def add_invoice(self, c, issue, net_pln, desc, inv_seq):
        rng = self.rng
        p = c["params"]
        cur = c["currency"]
        rate = self.fx_from_pln(cur, issue - ONE)
        net = round(net_pln / rate, 0 if cur == "PLN" else 2)
        vat = 0.23 if c["kind"] != "ecom" else 0.0
        gross = round(net * (1 + vat), 2)
        key = (issue.year, issue.month, "S" if c["billing"] == "stripe" else "F")
        inv_seq[key] = inv_seq.get(key, 0) + 1
        if c["billing"] == "stripe":
            number = f"BR-{issue.year}{issue.month:02d}-{inv_seq[key]:04d}"
        else:
            number = f"FV/{inv_seq[key]}/{issue.month:02d}/{issue.year}"
        due = issue + dt.timedelta(days=c["terms"])
        # lateness
        late = c["pay_habit"] + rng.choice([0, 0, 0, 1, 2, 3])
        if rng.random() < 0.06:
            late += rng.randint(5, 18)
        if "late_days" in p and (rng.random() < p.get("p_late", 0.9)):
            late = rng.randint(*p["late_days"])
        paid_on = due + dt.timedelta(days=late)
        paid_on = next_workday(paid_on)
        if paid_on < issue:
            paid_on = issue + dt.timedelta(days=rng.randint(1, 4))
        inv = {"client": c, "number": number, "issue": issue, "due": due, "net": net, "gross": gross, "currency": cur,
               "desc": desc, "vat": vat, "payments": []}
        if paid_on <= self.as_of:
            if c["archetype"] == "release" and rng.random() < 0.35:
                part = round(gross * rng.choice([0.3, 0.5, 0.6]), 2)
                inv["payments"].append((paid_on - dt.timedelta(days=rng.randint(10, 20)), part))
                inv["payments"].append((paid_on, round(gross - part, 2)))
            else:
                inv["payments"].append((paid_on, gross))
        inv["payments"] = [(max(d, issue), a) for d, a in inv["payments"] if d <= self.as_of]
        self.invoices.append(inv)

    # -- mail ---------------------------------------------------------------
    def mail_for(self, c):
        rng = self.rng
        p = c["params"]
        a = c["archetype"]
        start = max(self.window_start, c["start"])
        d = D(start.year, start.month, 1)
        deadline_misses = p.get("missed_deadlines", 0)
        while d <= self.as_of:
            month_end = min(last_day(d), self.as_of)
            lam = c["mail_rate"] * season_factor(d.month)
            if a == "keep_seasonal_silence" and d.month in p["silent_months"]:
                lam = 0
            if a == "watch_new" and d < c["start"]:
                lam = 0
            n = poisson(rng, lam)
            if a == "watch_new" and d >= c["start"]:
                n = max(n, 1)
            # our routine requests (documents, deadlines) — the office writes first
            n_ours = poisson(rng, 0.6 if a not in ("watch_sparse",) else 0.1)
            if a == "keep_seasonal_silence" and d.month in p["silent_months"]:
                n_ours = 0
            days = workdays(max(d, start), month_end) or [month_end]
            for _ in range(n):
                self.thread(c, rng.choice(days), client_first=True)
            for _ in range(n_ours):
                self.thread(c, rng.choice(days), client_first=False)
            if a == "reset" and month_end >= p["since"]:
                rdays = [x for x in days if x >= p["since"]]
                for _ in range(rdays and poisson(rng, 1.2 + 2.5 * c["strength"]) or 0):
                    self.thread(c, rng.choice(rdays), client_first=True, to_staff=c["owner"])
                # ... while the client stays on good terms with the colleagues who also write to them
                for _ in range(rdays and poisson(rng, 1.0) or 0):
                    self.thread(c, rng.choice(rdays), client_first=True, to_staff=c["accountant"])
            if a == "reassign" and d >= p["since"]:
                for _ in range(poisson(rng, 0.6 + 1.2 * c["strength"])):
                    self.thread(c, rng.choice(days), client_first=True, to_staff=c["owner"])
            if a == "recover" and d >= p["since"] and deadline_misses and rng.random() < 0.6:
                deadline_misses -= 1
                self.thread(c, rng.choice(days), client_first=True, force_cat="complaint_service", missed=True)
            d = month_add(d, 1)

    def staff_for_thread(self, c, t):
        rng = self.rng
        r = rng.random()
        a = c["archetype"]
        if a == "reassign" and t >= c["params"]["since"]:
            # the client increasingly routes around the owner
            if r < 0.4:
                return c["owner"]
            if r < 0.8:
                return c["colleague"]
            return c["accountant"] if rng.random() < 0.6 else (c["payroll_staff"] or c["accountant"])
        if r < 0.5:
            return c["owner"]
        if r < 0.78:
            return c["accountant"]
        if r < 0.9 and c["payroll_staff"]:
            return c["payroll_staff"]
        if r < 0.95:
            return self.pick(c, "tax_adviser")
        if r < 0.98:
            return self.pick(c, "assistant")
        return self.pick(c, "lawyer") if c["lang"] == "pl" else c["owner"]

    def client_category(self, c, st, t, contact):
        rng = self.rng
        a = c["archetype"]
        p = c["params"]
        is_owner = st is c["owner"]
        r = rng.random()
        base = [("routine", 0.36), ("question", 0.32), ("friendly", 0.14), ("praise", 0.06),
                ("complaint_service", 0.03), ("demand", 0.04), ("threat", 0.0)]
        if a == "reset" and is_owner and t >= p["since"]:
            if r < p["p_person"]:
                return "complaint_person"
        if a == "reassign" and t >= p["since"]:
            if is_owner and r < p["p_person"]:
                return "complaint_person"
            if not is_owner and r < p["p_warm_colleague"]:
                return rng.choice(["friendly", "praise", "friendly"])
        if a == "recover" and t >= p["since"]:
            if r < p["p_threat"]:
                return "threat"
            if r < p["p_threat"] + p["p_service"]:
                return "complaint_service"
        if a == "renegotiate" and r < p["p_scope"]:
            return "demand"
        if a in ("release", "keep_hostile_profitable"):
            if r < p["p_hostile"]:
                return "hostile"
            if r < p["p_hostile"] + p.get("p_threat", 0.03):
                return "threat"
            if r < p["p_hostile"] + p.get("p_threat", 0.03) + p["p_demand"]:
                return "demand"
            base = [("routine", 0.45), ("question", 0.45), ("complaint_service", 0.1)]
        if a == "keep_non_decision_maker" and contact["role"] == "office" and r < p["p_grumble"]:
            return rng.choice(["complaint_service", "demand", "complaint_service"])
        if a == "keep_non_decision_maker" and contact["role"] == "owner" and r < 0.3:
            return "praise"
        if a == "keep_slow_happy" and r < 0.15:
            return "praise"
        if a == "watch_mixed":
            if is_owner and r < p["p_person"]:
                return "complaint_person"
            if r < p["p_person"] + p["p_service"]:
                return "complaint_service"
            if r < p["p_person"] + p["p_service"] + 0.1:
                return "praise"
        x = rng.random() * sum(w for _, w in base)
        for cat, w in base:
            x -= w
            if x <= 0:
                return cat
        return "routine"

    def our_category(self, c, st, client_cat):
        rng = self.rng
        if st["curt"] and rng.random() < 0.7:
            return "curt"
        if client_cat in ("complaint_service", "threat"):
            return rng.choice(["apologetic", "apologetic", "defensive", "normal"])
        if client_cat in ("complaint_person",):
            return rng.choice(["defensive", "normal", "apologetic", "defensive"])
        if client_cat == "hostile":
            return rng.choice(["generic", "defensive", "apologetic", "curt"])
        if client_cat == "demand" and c["archetype"] != "renegotiate" and rng.random() < 0.4:
            return "defensive"
        if rng.random() < 0.04:
            return "curt"
        return "normal"

    def reply_delay_hours(self, c, t):
        rng = self.rng
        p = c["params"]
        a = c["archetype"]
        if "reply_delay_days" in p and (a == "keep_slow_happy" or t >= p["since"]):
            lo, hi = p["reply_delay_days"]
            return rng.uniform(lo, hi) * 24
        return rng.choice([0.3, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 20, 24]) * rng.uniform(0.7, 1.3)

    def thread(self, c, day, client_first=True, force_cat=None, missed=False, to_staff=None):
        rng = self.rng
        lang = c["lang"]
        a = c["archetype"]
        p = c["params"]
        t0 = work_time(rng, day, after_hours=rng.random() < c.get("after_hours", 0.04))
        st = to_staff or self.staff_for_thread(c, day)
        contacts = c["contacts"]
        if a == "keep_non_decision_maker":
            contact = rng.choice(contacts)
        else:
            contact = contacts[0] if rng.random() < 0.7 else rng.choice(contacts)
        ctx = self.ctx(c, st, contact, day)
        msgs = []
        if client_first:
            cat = force_cat or self.client_category(c, st, day, contact)
            qidx = None
            if missed:
                body = rng.choice(texts.MISSED[lang])
            else:
                pool = texts.MSG[lang][cat]
                qidx = rng.randrange(len(pool))
                body = pool[qidx]
            subj = rng.choice(texts.SUBJ[lang][cat]).format_map(ctx)
            cc = []
            if cat in ("complaint_person",) and rng.random() < 0.15:
                cc = [self.pick(c, "partner")]
            msgs.append(("in", contact, st, t0, subj, body, cat, cc))
            t = t0
            no_reply = (a == "recover" and day >= p["since"] and rng.random() < p["p_no_reply"])
            if no_reply:
                # the question is asked again, maybe twice, before anyone answers (or never)
                for k in range(rng.randint(1, 2)):
                    t = add_work_hours(t, rng.uniform(2, 6) * 24)
                    if t.date() > self.as_of:
                        break
                    msgs.append(("in", contact, st, t, "Re: " + subj, rng.choice(texts.REPEAT[lang]) + "\n\n" + body,
                                 "repeat", []))
                if rng.random() < 0.5:
                    msgs = self.finish(c, msgs)
                    return
            t = add_work_hours(t, self.reply_delay_hours(c, day))
            if t.date() <= self.as_of:
                ocat = self.our_category(c, st, cat)
                pool = ocat
                if ocat == "generic":
                    ocat = "normal"
                if ocat == "normal":
                    pool = {"question": "normal", "routine": "ack", "friendly": "thanks", "praise": "thanks",
                            "demand": "scope"}.get(cat, "generic")
                if pool == "normal" and QA.get(qidx) is not None and rng.random() < 0.85:
                    reply = texts.OUR[lang]["normal"][QA[qidx]]
                elif pool == "normal":
                    reply = rng.choice(texts.OUR[lang]["generic"])
                else:
                    reply = rng.choice(texts.OUR[lang][pool])
                msgs.append(("out", st, contact, t, "Re: " + subj, reply, ocat, []))
                if rng.random() < 0.45:
                    t2 = add_work_hours(t, rng.uniform(0.5, 30))
                    if t2.date() <= self.as_of:
                        fcat = "friendly" if cat not in ("hostile", "complaint_person", "complaint_service", "threat") \
                            else cat if rng.random() < 0.5 else "routine"
                        if a in ("release", "keep_hostile_profitable") and rng.random() < p["p_hostile"]:
                            fcat = "hostile"
                        msgs.append(("in", contact, st, t2, "Re: " + subj, rng.choice(texts.CLOSE[lang][fcat]), fcat, []))
        else:
            # the office writes first: document reminders, deadlines, payroll lists
            sender = st if rng.random() < 0.75 else self.pick(c, "assistant")
            subj = rng.choice(texts.SUBJ[lang]["ours"]).format_map(ctx)
            body = rng.choice(texts.OUR[lang]["request"] if not sender["curt"] else texts.OUR[lang]["curt"])
            msgs.append(("out", sender, contact, t0, subj, body, "request", []))
            t = add_work_hours(t0, rng.uniform(2, 72))
            if t.date() <= self.as_of and rng.random() < 0.8:
                cat = self.client_category(c, sender, day, contact)
                if cat in ("question", "routine"):
                    cat = "answer"
                msgs.append(("in", contact, sender, t, "Re: " + subj, rng.choice(texts.MSG[lang][cat]), cat, []))
        msgs = self.finish(c, msgs)

    def ctx(self, c, st, contact, day):
        lang = c["lang"]
        months = texts.MONTHS[lang]
        prev = month_add(D(day.year, day.month, 1), -1)
        return texts.Ctx(female=st.get("female"), month=months[prev.month - 1], year=prev.year, date=day.strftime("%d.%m.%Y" if lang == "pl" else "%d %B"),
                         staff=st["first"], staff_full=st["name"], owner=c["owner"]["first"], owner_full=c["owner"]["name"],
                         client=c["short"], emp=c["employees"] or 3, amount=f"{self.rng.randint(2, 90) * 100} zł",
                         first=contact["first"], deadline=(day + dt.timedelta(days=self.rng.randint(2, 9))).strftime("%d.%m"),
                         doc=self.rng.choice(texts.DOCS[lang]), colleague=c["colleague"]["first"])

    def finish(self, c, msgs):
        rng = self.rng
        lang = c["lang"]
        prev = None
        thread_ids = []
        for direction, frm, to, t, subj, body, cat, cc in msgs:
            st = frm if direction == "out" else to
            contact = to if direction == "out" else frm
            ctx = self.ctx(c, st, contact, t.date())
            text = body.format_map(ctx)
            if lang == "pl":
                text = gender_pl(text, frm.get("female"))
            if direction == "in":
                if c["no_diacritics"]:
                    text = strip_pl(text)
                text = typoize(rng, text, c["typo_rate"])
                text += "\n\n" + texts.client_signature(rng, contact, c)
            else:
                text = texts.greeting(rng, lang, contact) + text + "\n\n" + texts.staff_signature(rng, frm, lang, self.agency)
            if prev is not None and rng.random() < 0.7:
                text += "\n\n" + texts.quote_header(lang, prev[0], prev[1]) + "\n" + \
                    "\n".join("> " + ln for ln in prev[2].splitlines())
            dom = frm["email"].split("@")[1]
            if direction == "out":
                mid = f"<{rng.randrange(16 ** 12):012X}{len(self.messages):05d}@{dom.split('.')[0].upper()}.EXCH.local>"
            else:
                mid = f"<{t.astimezone(dt.timezone.utc):%Y%m%d%H%M%S}.{rng.randrange(16 ** 10):010x}.{len(self.messages)}@{dom}>"
            self.messages.append({"id": mid, "refs": list(thread_ids), "from": frm, "to": to, "cc": cc, "date": t,
                                  "subject": subj, "body": text, "lang": lang, "client": c, "dir": direction,
                                  "cat": cat, "nodiac": c["no_diacritics"] and direction == "in"})
            thread_ids.append(mid)
            prev = (t, frm, text)
        return msgs


# index of a question in texts_*.MSG["question"] -> index of its answer in OUR["normal"] (None: a generic answer)
QA = {0: 2, 1: 1, 2: 7, 3: 19, 4: 9, 5: 4, 8: 11, 9: 16, 10: 12, 12: 3, 15: 17, 17: 13, 18: 14, 19: 15, 22: 23,
      23: 20, 24: 21, 25: 18, 26: 25}


def gender_pl(text, female):
    """Polish first-person past tense follows the writer's gender (sprawdziłam / sprawdziłem)."""
    if female is None:
        return text
    if female:
        text = text.replace("przyjąłem", "przyjęłam").replace("Przyjąłem", "Przyjęłam")
        return re.sub(r"(\w)łem\b", r"\1łam", text)
    text = text.replace("przyjęłam", "przyjąłem").replace("Przyjęłam", "Przyjąłem")
    # present tense "przesyłam / wysyłam / dosyłam" is not a past form
    return re.sub(r"(\w+)łam\b", lambda m: m.group(0) if m.group(1).endswith("sy") else m.group(1) + "łem", text)


def typoize(rng, text, rate):
    if rate <= 0 or rng.random() > rate * 3:
        return text
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def nearest_before(series, d):
    while d not in series:
        d -= ONE
    return d


# ----------------------------------------------------------------------------- rates

NBP_COLS = [("THB", 1, "bat (Tajlandia)", 0.1125), ("USD", 1, "dolar amerykański", 3.70), ("AUD", 1, "dolar australijski", 2.43),
            ("HKD", 1, "dolar Hongkongu", 0.475), ("CAD", 1, "dolar kanadyjski", 2.68), ("NZD", 1, "dolar nowozelandzki", 2.20),
            ("SGD", 1, "dolar singapurski", 2.86), ("EUR", 1, "euro", 4.26), ("HUF", 100, "forint (Węgry)", 1.09),
            ("CHF", 1, "frank szwajcarski", 4.56), ("GBP", 1, "funt szterling", 4.93), ("UAH", 1, "hrywna (Ukraina)", 0.089),
            ("JPY", 100, "jen (Japonia)", 2.48), ("CZK", 1, "korona czeska", 0.171), ("DKK", 1, "korona duńska", 0.571),
            ("ISK", 100, "korona islandzka", 2.93), ("NOK", 1, "korona norweska", 0.362), ("SEK", 1, "korona szwedzka", 0.386),
            ("RON", 1, "lej rumuński", 0.838), ("BGN", 1, "lew (Bułgaria)", 2.178), ("TRY", 1, "lira turecka", 0.091),
            ("ILS", 1, "nowy izraelski szekel", 1.01), ("CLP", 100, "peso chilijskie", 0.39), ("PHP", 1, "peso filipińskie", 0.064),
            ("MXN", 1, "peso meksykańskie", 0.199), ("ZAR", 1, "rand (Republika Południowej Afryki)", 0.208),
            ("BRL", 1, "real (Brazylia)", 0.68), ("MYR", 1, "ringgit (Malezja)", 0.87), ("IDR", 10000, "rupia indonezyjska", 2.27),
            ("INR", 100, "rupia indyjska", 4.30), ("KRW", 100, "won południowokoreański", 0.268), ("CNY", 1, "yuan renminbi (Chiny)", 0.515),
            ("XDR", 1, "SDR (MFW)", 5.02)]
ECB_COLS = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN", "ROL", "RON", "SEK",
            "SIT", "SKK", "CHF", "ISK", "NOK", "TRL", "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW",
            "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]
ECB_DEAD = {"CYP", "EEK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"}


def make_rates(rng, a, b):
    """PLN per unit (NBP mid) for each currency, a mean-reverting walk; ECB derived from the same
    underlying rates with tiny fixing-time noise. Returns {'nbp': {day: {code: pln}}, 'PLN': {day: eurpln},
    'USD': {day: eurusd}, ...} (ECB views: units per EUR)."""
    # level[code] = PLN per quoted block (1 USD, 100 HUF, 10000 IDR), as NBP publishes it
    level = {code: base * rng.uniform(0.97, 1.03) for code, unit, _, base in NBP_COLS}
    units = {code: unit for code, unit, _, _ in NBP_COLS}
    nbp = {}
    ecb = {k: {} for k in ECB_COLS}
    d = a
    while d <= b:
        for code, unit, _, base in NBP_COLS:
            level[code] *= math.exp(rng.gauss(0, 0.0035) + 0.02 * math.log(base / level[code]))
        if is_workday(d):
            nbp[d] = dict(level)
            eurpln = level["EUR"] * (1 + rng.gauss(0, 0.0004))
            ecb["PLN"][d] = round(eurpln, 4)
            for code in ECB_COLS:
                if code in ECB_DEAD or code == "PLN":
                    continue
                if code in level:
                    ecb[code][d] = eurpln / (level[code] / units[code]) * (1 + rng.gauss(0, 0.0004))
        d += ONE
    ecb["nbp"] = nbp
    return ecb


def write_rates(w, out):
    rates = w.rates
    days = sorted(rates["nbp"])
    # ECB full history layout: newest first, trailing comma
    buf = io.StringIO()
    buf.write("Date," + ",".join(ECB_COLS) + ",\n")
    for d in reversed(days):
        row = [d.isoformat()]
        for code in ECB_COLS:
            if code in ECB_DEAD:
                row.append("N/A")
            else:
                v = rates[code][d]
                row.append(f"{v:.4f}" if v < 100 else f"{v:.2f}")
        buf.write(",".join(row) + ",\n")
    with open(os.path.join(out, "eurofxref-hist.csv"), "w", newline="", encoding="ascii") as f:
        f.write(buf.getvalue())
    # NBP table A yearly archives
    for year in sorted({d.year for d in days}):
        lines = ["data;" + ";".join(f"{u}{c}" for c, u, _, _ in NBP_COLS) + ";nr tabeli;pełny numer tabeli"]
        n = 0
        for d in days:
            if d.year != year:
                continue
            n += 1
            vals = []
            for c, u, _, _ in NBP_COLS:
                v = rates["nbp"][d][c]
                vals.append(f"{v:.4f}".replace(".", ","))
            lines.append(f"{d:%Y%m%d};" + ";".join(vals) + f";{n};{n:03d}/A/NBP/{year}")
        lines.append("kod ISO;" + ";".join(c for c, _, _, _ in NBP_COLS) + ";;")
        lines.append("nazwa waluty;" + ";".join(nm for _, _, nm, _ in NBP_COLS) + ";;")
        lines.append("liczba jednostek;" + ";".join(str(u) for _, u, _, _ in NBP_COLS) + ";;")
        with open(os.path.join(out, f"archiwum_tab_a_{year}.csv"), "w", newline="", encoding="cp1250") as f:
            f.write("\r\n".join(lines) + "\r\n")


# ----------------------------------------------------------------------------- writers

def write_time(w, out):
    rng = random.Random(w.seed * 31 + 5)
    us_dates = w.seed % 2 == 1
    ch = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
          "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (PLN)",
          "Billable Amount (PLN)", "Cost Rate (PLN)", "Cost Amount (PLN)"]
    rows_c, rows_t = [], []
    group = {"accountant": "Księgowość", "manager": "Opiekunowie klientów", "partner": "Zarząd", "payroll": "Kadry i płace",
             "tax_adviser": "Doradztwo podatkowe", "lawyer": "Dział prawny", "assistant": "Sekretariat"}
    for tool, r in sorted(w.time_rows, key=lambda x: (x[1]["start"], x[1]["staff"]["name"])):
        st, c = r["staff"], r["client"]
        s = r["start"]
        e = s + dt.timedelta(hours=r["hours"])
        secs = int(r["hours"] * 3600)
        hms = f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
        bill = "Yes" if r["billable"] else "No"
        if tool == "clockify":
            if us_dates:
                sd, stt = s.strftime("%m/%d/%Y"), s.strftime("%I:%M %p")
                ed, et = e.strftime("%m/%d/%Y"), e.strftime("%I:%M %p")
            else:
                sd, stt, ed, et = s.strftime("%Y-%m-%d"), s.strftime("%H:%M:%S"), e.strftime("%Y-%m-%d"), e.strftime("%H:%M:%S")
            br = st["bill_rate"] if r["billable"] else 0
            rows_c.append([r["project"], c["clock_name"], r["desc"], "", st["name"], group[st["role"]], st["email"],
                           "", bill, sd, stt, ed, et, hms, f"{r['hours']:.2f}", money(br), money(br * r["hours"]),
                           money(st["cost_rate"]), money(st["cost_rate"] * r["hours"])])
        else:
            rows_t.append([st["name"], st["email"], c["clock_name"], r["project"], "", r["desc"],
                           "Tak" if r["billable"] else "Nie", s.strftime("%Y-%m-%d"), s.strftime("%H:%M:%S"),
                           e.strftime("%Y-%m-%d"), e.strftime("%H:%M:%S"), hms, "kadry", ""])
    # Clockify: one file per calendar year (how people export it)
    years = sorted({row[9][-4:] if us_dates else row[9][:4] for row in rows_c})
    for y in years:
        with open(os.path.join(out, f"Clockify_Time_Report_Detailed_{y}.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.writer(f)
            cw.writerow(ch)
            for row in rows_c:
                if (row[9][-4:] if us_dates else row[9][:4]) == y:
                    cw.writerow(row)
    if rows_t:
        with open(os.path.join(out, "Toggl_Track_summary_detailed_kadry.csv"), "w", newline="", encoding="utf-8-sig") as f:
            cw = csv.writer(f)
            cw.writerow(["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
                         "End date", "End time", "Duration", "Tags", "Amount ()"])
            cw.writerows(rows_t)


def ksef_xml(w, inv, fa3):
    c = inv["client"]
    ns = "http://crd.gov.pl/wzor/2025/06/25/13775/" if fa3 else "http://crd.gov.pl/wzor/2023/06/29/12648/"
    variant = "3" if fa3 else "2"
    net, gross = inv["net"], inv["gross"]
    vat = round(gross - net, 2)
    cur = inv["currency"]
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>', f'<Faktura xmlns="{ns}">', "  <Naglowek>",
             f'    <KodFormularza kodSystemowy="FA ({variant})" wersjaSchemy="1-0E">FA</KodFormularza>',
             f"    <WariantFormularza>{variant}</WariantFormularza>",
             f"    <DataWytworzeniaFa>{inv['issue'].isoformat()}T{7 + len(inv['number']) % 3:02d}:12:00Z</DataWytworzeniaFa>",
             "    <SystemInfo>Fakturownia</SystemInfo>", "  </Naglowek>", "  <Podmiot1>", "    <DaneIdentyfikacyjne>",
             f"      <NIP>{w.agency['nip']}</NIP>", f"      <Nazwa>{escape(w.agency['name'])}</Nazwa>",
             "    </DaneIdentyfikacyjne>", "    <Adres>", "      <KodKraju>PL</KodKraju>",
             "      <AdresL1>ul. Półwiejska 12/4</AdresL1>", "      <AdresL2>61-888 Poznań</AdresL2>", "    </Adres>",
             "  </Podmiot1>", "  <Podmiot2>", "    <DaneIdentyfikacyjne>", f"      <NIP>{c['nip']}</NIP>",
             f"      <Nazwa>{escape(c['inv_name'])}</Nazwa>", "    </DaneIdentyfikacyjne>"]
    if fa3:
        lines += ["    <JST>2</JST>", "    <GV>2</GV>"]
    lines += ["  </Podmiot2>", "  <Fa>", f"    <KodWaluty>{cur}</KodWaluty>", f"    <P_1>{inv['issue'].isoformat()}</P_1>",
              f"    <P_2>{inv['number']}</P_2>", f"    <P_6>{last_day(month_add(inv['issue'], -1)).isoformat()}</P_6>",
              f"    <P_13_1>{net:.2f}</P_13_1>", f"    <P_14_1>{vat:.2f}</P_14_1>"]
    if cur != "PLN":
        r = w.fx_from_pln(cur, inv["issue"] - ONE)
        lines.append(f"    <P_14_1W>{vat * r:.2f}</P_14_1W>")
    lines += [f"    <P_15>{gross:.2f}</P_15>", "    <Adnotacje>", "      <P_16>2</P_16>", "      <P_17>2</P_17>",
              "      <P_18>2</P_18>", "      <P_18A>2</P_18A>", "      <Zwolnienie><P_19N>1</P_19N></Zwolnienie>",
              "      <NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu>", "      <P_23>2</P_23>",
              "      <PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy>", "    </Adnotacje>", "    <RodzajFaktury>VAT</RodzajFaktury>",
              "    <FaWiersz>", "      <NrWierszaFa>1</NrWierszaFa>", f"      <P_7>{escape(inv['desc'])}</P_7>",
              "      <P_8A>usł.</P_8A>", "      <P_8B>1</P_8B>", f"      <P_9A>{net:.2f}</P_9A>",
              f"      <P_11>{net:.2f}</P_11>", "      <P_12>23</P_12>", "    </FaWiersz>", "    <Platnosc>",
              "      <TerminPlatnosci>", f"        <Termin>{inv['due'].isoformat()}</Termin>", "      </TerminPlatnosci>",
              "      <FormaPlatnosci>6</FormaPlatnosci>", "      <RachunekBankowy>",
              "        <NrRB>" + ("61109010140000071219812874" if cur == "PLN" else "PL27109010140000071219812875") + "</NrRB>",
              "      </RachunekBankowy>", "    </Platnosc>", "  </Fa>", "</Faktura>"]
    return "\n".join(lines) + "\n"


def write_money(w, out):
    rng = random.Random(w.seed * 37 + 3)
    ksef_dir = os.path.join(out, "ksef")
    os.makedirs(ksef_dir, exist_ok=True)
    fakturownia_from = D(2026, 1, 1)
    fk = []
    bank = []
    s_inv, s_pay = [], []
    for inv in sorted(w.invoices, key=lambda x: (x["issue"], x["number"])):
        c = inv["client"]
        if c["billing"] == "ksef":
            fa3 = inv["issue"] >= D(2026, 2, 1)
            sub = os.path.join(ksef_dir, f"{inv['issue'].year}-{inv['issue'].month:02d}")
            os.makedirs(sub, exist_ok=True)
            fn = inv["number"].replace("/", "_") + ".xml"
            with open(os.path.join(sub, fn), "w", encoding="utf-8") as f:
                f.write(ksef_xml(w, inv, fa3))
            paid = sum(a for _, a in inv["payments"])
            if inv["issue"] >= fakturownia_from:
                status = "paid" if paid >= inv["gross"] - 0.005 else ("partial" if paid > 0 else "issued")
                fk.append({"id": 100000 + len(fk) * 7 + rng.randint(0, 6), "number": inv["number"], "kind": "vat",
                           "issue_date": inv["issue"].isoformat(), "sell_date": last_day(month_add(inv["issue"], -1)).isoformat(),
                           "payment_to": inv["due"].isoformat(),
                           "paid_date": inv["payments"][-1][0].isoformat() if status == "paid" else None,
                           "status": status, "buyer_name": c["inv_name"], "buyer_tax_no": fmt_nip(c["nip"], rng.randint(0, 2)),
                           "price_net": f"{inv['net']:.2f}".replace(".", ","), "price_gross": f"{inv['gross']:.2f}".replace(".", ","),
                           "paid": f"{paid:.2f}".replace(".", ","), "currency": inv["currency"],
                           "buyer_email": c["contacts"][0]["email"], "description": inv["desc"]})
            for d, a in inv["payments"]:
                bank.append((d, inv["number"], a, inv["currency"]))
        else:
            cus = c.setdefault("stripe_id", "cus_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(14)))
            iid = "in_1" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(23))
            paid = sum(a for _, a in inv["payments"])
            paid_at = inv["payments"][-1][0] if inv["payments"] else None
            s_inv.append({"id": iid, "Number": inv["number"], "Customer": cus, "Customer Name": c["name"],
                          "Customer Email": c["contacts"][-1]["email"],
                          "Status": "paid" if paid_at else "open", "Currency": inv["currency"].lower(),
                          "Amount Due": money(inv["gross"]), "Amount Paid": money(paid), "Subtotal": money(inv["net"]),
                          "Tax": "0.00", "Tax Percent": "", "Total": money(inv["gross"]), "Total Discount Amount": "0.00",
                          "Applied Coupons": "", "Starting Balance": "0.00", "Ending Balance": "0.00",
                          "Date (UTC)": f"{inv['issue'].isoformat()} 09:{rng.randint(0, 59):02d}",
                          "Due Date (UTC)": f"{inv['due'].isoformat()} 23:59",
                          "Paid At (UTC)": f"{paid_at.isoformat()} 1{rng.randint(0, 6)}:{rng.randint(0, 59):02d}" if paid_at else "",
                          "Finalized At (UTC)": f"{inv['issue'].isoformat()} 09:59", "Voided At (UTC)": "",
                          "Marked Uncollectible At (UTC)": "", "Period Start (UTC)": f"{month_add(inv['issue'], -1).isoformat()} 00:00",
                          "Period End (UTC)": f"{last_day(month_add(inv['issue'], -1)).isoformat()} 23:59",
                          "Paid": "true" if paid_at else "false", "Closed": "true" if paid_at else "false", "Forgiven": "false",
                          "Billing": "send_invoice", "Charge": "", "Subscription": "", "Description": inv["desc"]})
            for d, a in inv["payments"]:
                chid = "py_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(24))
                s_inv[-1]["Charge"] = chid
                s_pay.append({"id": chid, "Description": f"Invoice {inv['number']}", "Seller Message": "Payment complete.",
                              "Created (UTC)": f"{d.isoformat()} 1{rng.randint(0, 6)}:{rng.randint(0, 59):02d}",
                              "Amount": money(a), "Amount Refunded": "0.00", "Currency": inv["currency"].lower(),
                              "Converted Amount": money(a * w.fx_from_pln(inv["currency"], d)), "Converted Amount Refunded": "0.00",
                              "Fee": money(a * 0.008), "Tax": "0.00", "Converted Currency": "pln", "Mode": "Live", "Status": "Paid",
                              "Statement Descriptor": "BILANS BIURO", "Customer ID": cus, "Customer Description": c["name"],
                              "Customer Email": c["contacts"][-1]["email"], "Captured": "true", "Invoice ID": iid,
                              "Payment Source Type": "customer_balance", "Destination": "", "Transfer": "", "PaymentIntent ID":
                              "pi_" + chid[3:]})
    with open(os.path.join(out, "fakturownia_invoices_2026.json"), "w", encoding="utf-8") as f:
        json.dump(fk, f, ensure_ascii=False, indent=1)
    bank.sort()
    with open(os.path.join(out, "wyciag_bankowy_platnosci.csv"), "w", newline="", encoding="utf-8") as f:
        cw = csv.writer(f)
        cw.writerow(["invoice_number", "paid_on", "amount", "currency", "id"])
        for i, (d, num, a, cur) in enumerate(bank):
            cw.writerow([num, d.isoformat(), money(a), cur, f"TRX{w.seed}{i:06d}"])
    if s_inv:
        with open(os.path.join(out, "stripe_invoices.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.DictWriter(f, fieldnames=list(s_inv[0].keys()))
            cw.writeheader()
            cw.writerows(s_inv)
        with open(os.path.join(out, "stripe_payments.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.DictWriter(f, fieldnames=list(s_pay[0].keys()))
            cw.writeheader()
            cw.writerows(s_pay)


def write_hubspot(w, out):
    rng = random.Random(w.seed * 41 + 9)
    with open(os.path.join(out, "hubspot-crm-exports-all-companies.csv"), "w", newline="", encoding="utf-8") as f:
        cw = csv.writer(f)
        cw.writerow(["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date",
                     "Last Activity Date", "Lifecycle Stage", "City", "Industry", "Number of Employees"])
        for i, c in enumerate(w.clients):
            c["hubspot_id"] = str(rng.randint(10 ** 9, 10 ** 10 - 1))
            created = max(c["start"], D(2019, 3, 1)) + dt.timedelta(days=rng.randint(-20, 5))
            last = [m["date"] for m in w.messages if m["client"] is c]
            lastact = max(last).strftime("%Y-%m-%d %H:%M") if last else ""
            dom = c["domain"] if rng.random() < 0.9 else "www." + c["domain"]
            cw.writerow([c["hubspot_id"], c["hub_name"], dom, c["owner"]["email"], created.strftime("%Y-%m-%d %H:%M"),
                         lastact, "Customer", rng.choice(CITIES) if c["lang"] == "pl" else "", {
                             "sole": "Usługi", "comp": "Handel i usługi", "man": "Produkcja", "fund": "Organizacja non-profit",
                             "med": "Ochrona zdrowia", "sub": "Oddział zagranicznej grupy", "ecom": "E-commerce"}[c["kind"]],
                         c["employees"] or ""])


def write_mail(w, out):
    rng = random.Random(w.seed * 43 + 1)
    mdir = os.path.join(out, "poczta")
    os.makedirs(mdir, exist_ok=True)
    boxes = {}
    for m in sorted(w.messages, key=lambda x: x["date"]):
        c = m["client"]
        lang = m["lang"]
        if lang == "pl":
            r = rng.random()
            cs = "utf-8" if r < 0.5 else ("iso-8859-2" if r < 0.75 else "windows-1250")
        else:
            cs = "utf-8" if rng.random() < 0.5 else "us-ascii"
        body = m["body"]
        if cs == "us-ascii":
            try:
                body.encode("ascii")
            except UnicodeEncodeError:
                cs = "utf-8"
        if cs in ("iso-8859-2", "windows-1250"):
            body = body.replace("–", "-").replace("„", '"').replace("”", '"').replace("…", "...").replace("’", "'")
            try:
                body.encode(cs)
            except UnicodeEncodeError:
                cs = "utf-8"
        msg = MIMEText(body, "plain", cs)
        if cs in ("iso-8859-2", "windows-1250") and rng.random() < 0.3:
            # 8bit transfer, as many Polish clients send it
            del msg["Content-Transfer-Encoding"]
            msg.set_payload(body.encode(cs))
            msg["Content-Transfer-Encoding"] = "8bit"
        hcs = cs if cs != "us-ascii" else "utf-8"
        frm, to = m["from"], m["to"]
        msg["From"] = formataddr((frm["name"], frm["email"]), charset=hcs)
        msg["To"] = formataddr((to["name"], to["email"]), charset=hcs)
        if m["cc"]:
            msg["Cc"] = ", ".join(formataddr((x["name"], x["email"]), charset=hcs) for x in m["cc"])
        subj = m["subject"]
        if hcs != "utf-8":
            subj = subj.replace("–", "-")
            try:
                subj.encode(hcs)
            except UnicodeEncodeError:
                hcs = "utf-8"
        msg["Subject"] = Header(subj, hcs).encode() if any(ord(ch) > 127 for ch in subj) else subj
        msg["Date"] = format_datetime(m["date"])
        msg["Message-ID"] = m["id"]
        if m["refs"]:
            msg["In-Reply-To"] = m["refs"][-1]
            msg["References"] = " ".join(m["refs"])
        if m["dir"] == "out":
            msg["X-Mailer"] = "Microsoft Outlook 16.0"
        else:
            msg["X-Mailer"] = rng.choice(["Apple Mail (2.3774)", "Thunderbird 128.3", "WP Poczta", "Microsoft Outlook 16.0",
                                          "Gmail"]) if lang == "pl" else rng.choice(["Apple Mail", "Microsoft Outlook 16.0"])
        raw = msg.as_bytes()
        people = [frm, to] + list(m["cc"])
        for p in people:
            if p["email"].endswith("@" + w.agency["domain"]):
                boxes.setdefault(p["email"], []).append((m["date"], frm["email"], raw))
    for addr, items in boxes.items():
        with open(os.path.join(mdir, addr.split("@")[0] + ".mbox"), "wb") as f:
            for d, sender, raw in items:
                f.write(f"From {sender} {d.astimezone(dt.timezone.utc):%a %b %d %H:%M:%S %Y}\n".encode())
                for line in raw.split(b"\n"):
                    if line.startswith(b"From ") or re.match(rb"^>+From ", line):
                        line = b">" + line
                    f.write(line + b"\n")
                f.write(b"\n")


def write_truth(w, out):
    notes_for = texts.truth_note
    rows = []
    for c in w.clients:
        rows.append({"client_name": c["name"], "tax_id": c["nip"], "domain": c["domain"], "expected_decision": c["decision"],
                     "archetype": c["archetype"], "owner_staff": c["owner"]["name"], "notes": notes_for(c, w)})
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        cw = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        cw.writeheader()
        cw.writerows(rows)

    def jsonable(v):
        if isinstance(v, (D, dt.datetime)):
            return v.isoformat()
        if isinstance(v, tuple):
            return [jsonable(x) for x in v]
        if isinstance(v, list):
            return [jsonable(x) for x in v]
        if isinstance(v, dict):
            return {k: jsonable(x) for k, x in v.items()}
        return v

    clients = []
    for c in w.clients:
        n_in = sum(1 for m in w.messages if m["client"] is c and m["dir"] == "in")
        n_out = sum(1 for m in w.messages if m["client"] is c and m["dir"] == "out")
        invs = [i for i in w.invoices if i["client"] is c]
        hours = sum(r["hours"] for _, r in w.time_rows if r["client"] is c)
        cost = sum(r["hours"] * r["staff"]["cost_rate"] for _, r in w.time_rows if r["client"] is c)
        rev_pln = sum(i["net"] * w.fx_from_pln(i["currency"], i["issue"] - ONE) for i in invs)
        cats = {}
        for m in w.messages:
            if m["client"] is c:
                cats[m["cat"]] = cats.get(m["cat"], 0) + 1
        clients.append({
            "client_name": c["name"], "tax_id": c["nip"], "domain": c["domain"], "kind": c["kind"],
            "language": c["lang"], "currency": c["currency"], "billing": c["billing"],
            "expected_decision": c["decision"], "archetype": c["archetype"], "strength": c["strength"],
            "owner_staff": c["owner"]["name"], "owner_email": c["owner"]["email"],
            "colleague": c["colleague"]["name"], "accountant": c["accountant"]["name"],
            "payroll_staff": c["payroll_staff"]["name"] if c["payroll_staff"] else None,
            "start": c["start"].isoformat(), "names": {"invoices": c["inv_name"] if c["billing"] == "ksef" else c["name"],
                                                       "hubspot": c["hub_name"], "time": c["clock_name"]},
            "stripe_customer": c.get("stripe_id"), "hubspot_id": c.get("hubspot_id"),
            "contacts": [{k: x[k] for k in ("name", "email", "role")} for x in c["contacts"]],
            "fee_net_pln_month": c["fee_net_pln"], "employees": c["employees"], "terms_days": c["terms"],
            "eff_rate_pln_per_hour": round(c["eff_rate"], 1), "params": jsonable(c["params"]),
            "summary": {"messages_in": n_in, "messages_out": n_out, "message_categories": cats, "invoices": len(invs),
                        "hours": round(hours, 2), "cost_pln": round(cost), "revenue_net_pln": round(rev_pln),
                        "margin": round((rev_pln - cost) / rev_pln, 3) if rev_pln else None,
                        "mean_days_late": round(sum(((i["payments"][-1][0] - i["due"]).days if i["payments"] else
                                                     (w.as_of - i["due"]).days) for i in invs) / len(invs), 1) if invs else None},
            "notes": notes_for(c, w)})
    truth = {"generator": "portfolio_c (blind author C)", "seed": w.seed, "as_of": w.as_of.isoformat(),
             "window_start": w.window_start.isoformat(), "agency": w.agency,
             "staff": [{"name": s["name"], "role": s["role"], "title": s["title"], "email": s["email"],
                        "cost_rate_pln": s["cost_rate"], "bill_rate_pln": s["bill_rate"], "curt_with_everyone": s["curt"]}
                       for s in w.staff],
             "toggl_from": w.toggl_switch.isoformat(),
             "files": sorted(os.path.relpath(os.path.join(dp, f), out) for dp, _, fs in os.walk(os.path.join(out, "exports"))
                             for f in fs if "ksef/" not in os.path.join(dp, f)),
             "decision_counts": {d: sum(1 for c in w.clients if c["decision"] == d) for d in
                                 ["KEEP", "RESET", "REASSIGN", "RECOVER", "RENEGOTIATE", "RELEASE", "WATCH"]},
             "clients": clients}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    random.seed(a.seed)
    w = World(a.seed)
    w.simulate()
    ex = os.path.join(a.out, "exports")
    if os.path.isdir(ex):
        import shutil
        shutil.rmtree(ex)
    os.makedirs(ex)
    write_rates(w, ex)
    write_time(w, ex)
    write_money(w, ex)
    write_hubspot(w, ex)
    write_mail(w, ex)
    write_truth(w, a.out)
    cnt = {}
    for c in w.clients:
        cnt[c["decision"]] = cnt.get(c["decision"], 0) + 1
    print(f"seed {a.seed}: {len(w.clients)} clients, as_of {w.as_of}, window_start {w.window_start}, "
          f"{len(w.messages)} messages, {len(w.invoices)} invoices, {len(w.time_rows)} time entries; {cnt}")


if __name__ == "__main__":
    main()
