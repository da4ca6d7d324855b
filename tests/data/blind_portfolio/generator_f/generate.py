#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Blind portfolio generator (author F): a Toronto product-design & UX research studio
with a remote team in Poland and Portugal.  Standard library only.

python3 generate.py --seed N --out DIR
"""
import argparse
import csv
import datetime as dt
import email.utils
import io
import json
import math
import os
import random
import unicodedata
from email.message import EmailMessage
from email import policy
from email.header import Header

import texts as T

D = dt.date
AGENCY = {"name": "Northfold Studio Inc.", "domain": "northfold.studio",
          "pl_name": "Northfold Studio Sp. z o.o."}

# ----------------------------------------------------------------------------- ids

def nip_valid(rng):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        s = sum(a * b for a, b in zip(w, d)) % 11
        if s != 10:
            return "".join(map(str, d)) + str(s)


def de_vat(rng):
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        product = 10
        for x in d:
            s = (x + product) % 10
            if s == 0:
                s = 10
            product = (2 * s) % 11
        c = (11 - product) % 10
        return "DE" + "".join(map(str, d)) + str(c)


def pt_vat(rng):
    d = [rng.choice([5, 5, 5, 2])] + [rng.randint(0, 9) for _ in range(7)]
    s = sum(x * (9 - i) for i, x in enumerate(d))
    c = 11 - s % 11
    if c >= 10:
        c = 0
    return "PT" + "".join(map(str, d)) + str(c)


def nl_vat(rng):
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        s = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if s < 10:
            return "NL" + "".join(map(str, d)) + str(s) + "B01"


def strip_pl(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")

# ----------------------------------------------------------------------------- world

TO_FIRST = ["Maya", "Jordan", "Priya", "Liam", "Chloe", "Ethan", "Aisha", "Noah", "Hannah", "Marcus", "Sofia", "Owen", "Leila", "Daniel", "Grace", "Kenji"]
TO_LAST = ["Tremblay", "Chen", "Patel", "MacDonald", "Singh", "Roy", "Nguyen", "Campbell", "Gagnon", "Wong", "Fraser", "Leblanc", "Osei", "Kowal"]
PL_PEOPLE = [("Katarzyna", "Wiśniewska", "f"), ("Tomasz", "Zając", "m"), ("Agnieszka", "Kołodziej", "f"), ("Michał", "Wróblewski", "m"),
             ("Paulina", "Sęk", "f"), ("Bartosz", "Górski", "m"), ("Joanna", "Król", "f"), ("Łukasz", "Pietrzak", "m")]
PT_PEOPLE = [("Inês", "Carvalho"), ("Rui", "Ferreira"), ("Beatriz", "Sousa"), ("Tiago", "Almeida"), ("Marta", "Ribeiro")]

NA_WORDS = ["Brightloop", "Cedarpoint", "Harborlight", "Quillfield", "Moonrail", "Fernhill", "Lumenworks", "Northpeak", "Bluecanoe", "Tidewell",
            "Ironleaf", "Maplewise", "Sparrowhawk", "Greyrock", "Kettlebright", "Willowmere", "Copperfox", "Starling", "Birchline", "Riverstone",
            "Openwell", "Pinecrest", "Silverjay", "Foxglove", "Lanternfish", "Rainmaker", "Oakhaven", "Polarbyte", "Seabright", "Juniperhill",
            "Wildrye", "Driftwood", "Hollowell", "Zephyrline", "Ambertide", "Crowsnest", "Gladstone", "Thistlewood", "Everbloom", "Halcyonic",
            "Marigold", "Nimbusly", "Orchardly", "Quartzbay", "Redwing", "Saltmarsh", "Tamarack", "Upstream", "Vervain", "Yellowknifey"]
NA_TAILS = ["Health", "Labs", "Robotics", "Finance", "Learning", "Energy", "Analytics", "Logistics", "Foods", "Mobility", "Software", "Bio", "Insurance", "Media", "Games"]
NA_FORMS_CA = ["Inc.", "Ltd.", "Corp.", "Inc."]
NA_FORMS_US = ["Inc.", "LLC", "Inc.", "Corp."]
NONPROFIT = ["Foundation", "Society", "Alliance", "Collective"]
EU_NAMES = [("Grünwerk", "GmbH", "DE"), ("Lindqvist Digital", "GmbH", "DE"), ("Vektorhaus", "GmbH", "DE"), ("Atlântida Seguros", "S.A.", "PT"),
            ("Marés Mobilidade", "Lda.", "PT"), ("Tulpenveld Energie", "B.V.", "NL"), ("Kanaalpunt", "B.V.", "NL"), ("Brückenbau Software", "GmbH", "DE")]
PL_NAMES = ["Zielona Fala", "Kwadrat Software", "Bursztyn Finanse", "Mazurek Edukacja", "Sokół Logistyka", "Wrzos Zdrowie", "Kropla Energia",
            "Pracownia Żuraw", "Jodła Media", "Orzeł Mobilność", "Fundacja Promyk", "Łąka Foods", "Ślęża Tech", "Krzemień Analityka"]
PL_FORMS = ["Sp. z o.o.", "Sp. z o.o.", "S.A.", "Sp. k.", "sp. z o.o."]

CONTACT_EN = [("Rachel", "Kim"), ("Tom", "Baker"), ("Olivia", "Martin"), ("Sam", "Okafor"), ("Jess", "Lopez"), ("Ben", "Abrams"), ("Nadia", "Haddad"),
              ("Chris", "Doyle"), ("Emily", "Sato"), ("Mike", "Brennan"), ("Laura", "Fischer"), ("Alex", "Rivera"), ("Kate", "Morrison"), ("Dev", "Rao"),
              ("Sarah", "Lindgren"), ("Paul", "Dubois"), ("Anna", "Schultz"), ("Jon", "Park"), ("Megan", "Walsh"), ("Ravi", "Mehta"), ("Lucas", "Silva"),
              ("Hugo", "Meyer"), ("Eva", "Janssen"), ("Zoe", "Turner"), ("Nick", "Foster"), ("Amira", "Saleh"), ("Greg", "Holt"), ("Ines", "Costa")]
CONTACT_PL = [("Magdalena", "Nowak"), ("Piotr", "Kamiński"), ("Ewa", "Lewandowska"), ("Krzysztof", "Dąbrowski"), ("Aleksandra", "Szymańska"),
              ("Marcin", "Woźniak"), ("Monika", "Kozłowska"), ("Jakub", "Mazur"), ("Natalia", "Krawczyk"), ("Paweł", "Grabowski"), ("Karolina", "Pawlak"),
              ("Wojciech", "Michalski"), ("Dorota", "Jabłońska"), ("Grzegorz", "Wieczorek")]

PROJECTS = ["onboarding redesign", "checkout flow", "design system", "patient portal", "donor platform", "mobile app v2", "pricing page",
            "research study", "dashboard refresh", "marketing site", "admin console", "learning app", "member portal", "booking flow"]
PROJECTS_PL = ["redesign onboardingu", "proces zakupowy", "design system", "portal pacjenta", "platforma darczyńców", "aplikacja mobilna v2",
               "strona cennika", "badanie użytkowników", "odświeżenie dashboardu", "serwis marketingowy", "panel administracyjny", "aplikacja edukacyjna"]
DELIVS = ["prototype", "wireframes", "research report", "handoff files", "UI kit", "journey map", "usability report", "hi-fi screens", "style guide"]
DELIVS_PL = ["prototyp", "makiety", "raport z badań", "pliki do przekazania", "UI kit", "mapa podróży klienta", "raport z testów", "ekrany hi-fi"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_PL = ["poniedziałek", "wtorek", "środę", "czwartek", "piątek"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTHS_PL = ["styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu", "sierpniu", "wrześniu", "październiku", "listopadzie", "grudniu"]

DECISION = {"keep": "KEEP", "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "renegotiate": "RENEGOTIATE",
            "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH", "curt_staff_client": "KEEP", "slow_but_happy": "KEEP",
            "big_late_payer": "KEEP", "seasonal_silence": "KEEP", "non_decision_maker": "KEEP", "hostile_profitable": "KEEP"}


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    return D(d.year + y, mo + 1, min(d.day, 28))


def month_starts(a, b):
    cur = D(a.year, a.month, 1)
    while cur <= b:
        yield cur
        cur = add_months(cur, 1)


def workday(d):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d

# ----------------------------------------------------------------------------- build


class World:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed * 7919 + 13)
        r = self.r
        self.as_of = D(2026, r.randint(3, 11), r.randint(3, 27))
        self.months = r.randint(12, 24)
        self.window_start = add_months(D(self.as_of.year, self.as_of.month, 1), -self.months)
        self.pl_nip = nip_valid(r)
        self.iban = "".join(str(r.randint(0, 9)) for _ in range(26))
        self.make_staff()
        self.make_clients()

    # staff -----------------------------------------------------------------
    def make_staff(self):
        r = self.r
        dom = AGENCY["domain"]
        first = r.sample(TO_FIRST, 9)
        last = r.sample(TO_LAST, 9)
        pl = r.sample(PL_PEOPLE, r.randint(3, 4))
        pt = r.sample(PT_PEOPLE, r.randint(1, 3))
        staff = []

        def add(fn, ln, role, team, cost, owner=False, gender=""):
            local = strip_pl(f"{fn}.{ln}").lower()
            s = {"name": f"{fn} {ln}", "first": fn, "email": f"{local}@{dom}", "role": role, "team": team,
                 "cost_rate": cost, "owner": owner, "curt": False, "slow": False, "gender": gender}
            staff.append(s)
            return s

        add(first[0], last[0], "Studio Director", "TO", r.choice([110, 115, 120]), owner=True)
        add(first[1], last[1], "Design Lead", "TO", r.choice([85, 90, 95]), owner=True)
        add(first[2], last[2], "Research Lead", "TO", r.choice([80, 85, 90]), owner=True)
        add(first[3], last[3], "Front-end Lead", "TO", r.choice([85, 90]), owner=True)
        add(first[4], last[4], "Producer", "TO", r.choice([60, 65]))
        add(first[5], last[5], "Product Designer", "TO", r.choice([62, 68, 72]))
        add(first[6], last[6], "UX Researcher", "TO", r.choice([60, 66, 70]))
        n_extra = r.randint(0, 2)
        for i in range(n_extra):
            add(first[7 + i], last[7 + i], r.choice(["Product Designer", "Front-end Developer", "UX Researcher"]), "TO", r.choice([58, 64, 70]))
        for fn, ln in pt:
            add(fn, ln, r.choice(["Product Designer", "Front-end Developer", "UI Designer"]), "PT", r.choice([50, 55, 60]))
        # Polish team: lead + others (cost in PLN, separate Harvest account)
        fn, ln, g = pl[0]
        add(fn, ln, "Design Lead (Poland)", "PL", r.choice([170, 180, 190]), owner=True, gender=g)
        for fn, ln, g in pl[1:]:
            add(fn, ln, r.choice(["Product Designer", "UX Researcher", "Front-end Developer"]), "PL", r.choice([120, 135, 150]), gender=g)
        if not any(s["role"] == "Front-end Developer" for s in staff):
            staff[-1]["role"] = "Front-end Developer"
        self.staff = staff
        self.owners_na = [s for s in staff if s["owner"] and s["team"] == "TO"]
        self.owner_pl = [s for s in staff if s["owner"] and s["team"] == "PL"][0]
        self.na_team = [s for s in staff if s["team"] in ("TO", "PT")]
        self.pl_team = [s for s in staff if s["team"] == "PL"]
        # confounder: one owner curt with all their clients (not the director)
        self.curt = r.choice(self.owners_na[1:])
        self.curt["curt"] = True

    # clients ---------------------------------------------------------------
    def make_clients(self):
        r = self.r
        n = r.randint(38, 52)
        plan = (["reset"] * r.randint(3, 4) + ["reassign"] * r.randint(3, 4) + ["release"] * r.randint(3, 4)
                + ["recover"] * r.randint(3, 5) + ["renegotiate"] * r.randint(3, 5)
                + ["watch_new"] * r.randint(2, 3) + ["watch_mixed"] * r.randint(1, 2)
                + ["slow_but_happy", "big_late_payer", "seasonal_silence", "non_decision_maker", "hostile_profitable"]
                + ["slow_but_happy"] * r.randint(0, 1) + ["seasonal_silence"] * r.randint(0, 1))
        while len(plan) < n:
            plan.append("keep")
        r.shuffle(plan)
        # currencies: CAD majority, PLN ~20%
        na_words = r.sample(NA_WORDS, len(NA_WORDS))
        pl_names = r.sample(PL_NAMES, len(PL_NAMES))
        eu_names = r.sample(EU_NAMES, len(EU_NAMES))
        contacts_en = r.sample(CONTACT_EN, len(CONTACT_EN))
        contacts_pl = r.sample(CONTACT_PL, len(CONTACT_PL))
        self.clients = []
        n_pl = max(6, round(n * 0.2))
        n_eu = r.randint(3, 5)
        idx_pl = set(r.sample(range(n), n_pl))
        rest = [i for i in range(n) if i not in idx_pl]
        idx_eu = set(r.sample(rest, n_eu))
        na_idx = [i for i in rest if i not in idx_eu]
        idx_us = set(r.sample(na_idx, round(len(na_idx) * 0.3)))
        used_domains = set()
        ce = cp = 0
        for i, arch in enumerate(plan):
            c = {"idx": i, "archetype": arch, "decision": DECISION[arch], "strength": round(r.uniform(0.25, 1.0), 2)}
            if i in idx_pl:
                c["region"] = "PL"; c["currency"] = "PLN"; c["lang"] = "pl"
                base = pl_names.pop()
                form = r.choice(PL_FORMS)
                c["legal"] = f"{base} {form}"
                c["short"] = base.split()[0] if not base.startswith(("Fundacja", "Pracownia")) else base
                c["tax_id"] = nip_valid(r)
                dom = strip_pl(base).lower().replace(" ", "") + r.choice([".pl", ".com.pl", ".pl"])
                fn, ln = contacts_pl[cp % len(contacts_pl)]; cp += 1
            elif i in idx_eu:
                c["region"] = "EU"; c["currency"] = "EUR"; c["lang"] = "en"
                base, form, cc = eu_names.pop()
                c["legal"] = f"{base} {form}"
                c["short"] = base
                c["tax_id"] = {"DE": de_vat, "PT": pt_vat, "NL": nl_vat}[cc](r)
                dom = strip_pl(base).lower().replace(" ", "").replace("ü", "u") + "." + {"DE": "de", "PT": "pt", "NL": "nl"}[cc]
                fn, ln = contacts_en[ce % len(contacts_en)]; ce += 1
            else:
                us = i in idx_us
                c["region"] = "US" if us else "CA"; c["currency"] = "USD" if us else "CAD"; c["lang"] = "en"
                w = na_words.pop()
                if r.random() < 0.15:
                    base = f"{w} {r.choice(NONPROFIT)}"; form = ""
                else:
                    base = f"{w} {r.choice(NA_TAILS)}"; form = r.choice(NA_FORMS_US if us else NA_FORMS_CA)
                c["legal"] = (base + (", " if form == "LLC" and r.random() < 0.5 else " ") + form).strip()
                c["short"] = w
                c["tax_id"] = ""
                dom = w.lower() + r.choice([".com", ".io", ".co", ".ca" if not us else ".com", ".org" if not form else ".app"])
                fn, ln = contacts_en[ce % len(contacts_en)]; ce += 1
            while dom in used_domains:
                dom = "get" + dom
            used_domains.add(dom)
            c["domain"] = dom
            style = r.choice(["first", "first.last", "flast"])
            loc = {"first": fn, "first.last": f"{fn}.{ln}", "flast": f"{fn[0]}{ln}"}[style]
            c["contact"] = {"name": f"{fn} {ln}", "first": fn, "email": strip_pl(loc).lower() + "@" + dom}
            # owner & colleagues
            if c["region"] == "PL":
                c["owner"] = self.owner_pl
                team = [s for s in self.pl_team if s is not self.owner_pl]
            else:
                choices = self.owners_na[:]
                if arch in ("curt_staff_client",):
                    c["owner"] = self.curt
                elif arch in ("reset", "reassign"):
                    c["owner"] = r.choice([o for o in choices if not o["curt"]])
                else:
                    c["owner"] = r.choice(choices)
                team = [s for s in self.na_team if s is not c["owner"] and not s["owner"]]
            c["colleagues"] = r.sample(team, min(len(team), r.randint(1, 2)))
            c["kind"] = r.choice(["retainer", "retainer", "sprints", "research"])
            self.clients.append(c)
        # clients of the curt owner that are plain KEEP become the curt confounder
        for c in self.clients:
            if c["archetype"] == "keep" and c["owner"]["curt"]:
                c["archetype"] = "curt_staff_client"
        if not any(c["archetype"] == "curt_staff_client" for c in self.clients):
            for c in self.clients:
                if c["archetype"] == "keep" and c["region"] != "PL":
                    c["archetype"] = "curt_staff_client"; c["owner"] = self.curt
                    break
        for c in self.clients:
            self.parametrise(c)

    def parametrise(self, c):
        r = self.r
        a, s = c["archetype"], c["strength"]
        rate = {"CAD": 165, "USD": 140, "EUR": 120, "PLN": 260}[c["currency"]]
        c["bill_rate"] = int(rate * r.uniform(0.9, 1.1))
        c["billing"] = {"PL": r.choice(["fakturownia", "fakturownia", "fakt+bank", "ksef", "ksef"]), "EU": r.choice(["fakturownia", "fakt+bank"])}.get(c["region"], "freshbooks")
        monthly = {"CAD": r.randint(6, 22) * 1000, "USD": r.randint(5, 18) * 1000, "EUR": r.randint(5, 14) * 1000, "PLN": r.randint(18, 60) * 1000}[c["currency"]]
        if a == "big_late_payer":
            monthly *= 3
        c["monthly"] = monthly
        # start date
        if a == "watch_new":
            c["start"] = self.as_of - dt.timedelta(days=r.randint(45, 110))
        elif a in ("reassign", "reset", "release", "renegotiate", "recover", "seasonal_silence"):
            c["start"] = self.window_start - dt.timedelta(days=r.randint(30, 500))
        else:
            c["start"] = self.window_start + dt.timedelta(days=r.randint(-400, max(0, self.months * 30 - 300)))
        c["cost_ratio"] = r.uniform(0.35, 0.55)     # target cost-to-serve / revenue
        c["nonbill"] = r.uniform(0.05, 0.15)
        c["pay_late"] = (-5, 8)                     # days after due
        c["terms"] = r.choice([30, 30, 15, 45])
        c["discount"] = 0
        c["reply_h"] = (0.5, 8)                     # our first reply delay (hours)
        c["unanswered"] = 0.02
        c["cadence"] = r.uniform(1.5, 4)              # threads per month
        c["phase_days"] = 0
        c["silent_months"] = []
        if a == "reset":
            c["phase_days"] = r.randint(42, 56)
        elif a == "reassign":
            c["phase_days"] = r.randint(250, 300)
        elif a == "recover":
            c["phase_days"] = r.randint(80, 150)
            c["reply_h"] = (24 * (1 + 2 * s), 24 * (3 + 4 * s))
            c["unanswered"] = 0.1 + 0.25 * s
        elif a == "renegotiate":
            c["cost_ratio"] = 0.8 + 0.5 * s
            c["nonbill"] = 0.25 + 0.2 * s
            c["discount"] = r.choice([0, 10, 15, 20]) if s > 0.4 else r.choice([0, 5])
        elif a == "release":
            c["cost_ratio"] = 0.95 + 0.3 * s
            c["nonbill"] = 0.2 + 0.2 * s
            c["pay_late"] = (int(25 + 20 * s), int(50 + 40 * s))
            c["discount"] = r.choice([0, 10])
        elif a == "watch_new":
            c["cadence"] = r.uniform(1, 2.5)
        elif a == "watch_mixed":
            c["pay_late"] = (10, 35)
            c["cost_ratio"] = r.uniform(0.6, 0.75)
        elif a == "slow_but_happy":
            c["reply_h"] = (30, 100)
        elif a == "big_late_payer":
            c["pay_late"] = (30, 65)
            c["terms"] = 45
        elif a == "seasonal_silence":
            m0 = r.choice([7, 12])
            c["silent_months"] = [7, 8] if m0 == 7 else [12, 1]
        elif a == "hostile_profitable":
            c["pay_late"] = (-3, 4)
            c["cost_ratio"] = r.uniform(0.3, 0.45)

        # hours multiplier on revenue/bill-rate that yields the target cost ratio
        fx = {"CAD": 1.0, "USD": 1.37, "EUR": 1.5, "PLN": 1.0}[c["currency"]]
        avg_cost = 0.35 * c["owner"]["cost_rate"] + 0.65 * sum(x["cost_rate"] for x in c["colleagues"]) / len(c["colleagues"])
        c["effort"] = c["cost_ratio"] * c["bill_rate"] * fx / avg_cost

    # ------------------------------------------------------------------ money & time
    def build_money_time(self):
        r = self.r
        self.invoices = []   # dicts
        self.time = []       # dicts
        inv_no_na = 1000 + self.seed % 100 * 10
        inv_no_pl = 1
        for c in self.clients:
            start = max(c["start"], self.window_start)
            months = list(month_starts(start, self.as_of))
            c["n_invoices"] = 0
            for mi, m in enumerate(months):
                mend = min(add_months(m, 1) - dt.timedelta(days=1), self.as_of)
                first_day = max(m, start)
                if first_day > mend:
                    continue
                frac = (mend - first_day).days / 30.0 + 0.03
                silent = m.month in c["silent_months"]
                if silent:
                    continue
                # revenue for the month
                if c["kind"] == "retainer":
                    rev = c["monthly"]
                else:
                    rev = c["monthly"] * r.choice([0, 0.5, 1, 1, 1.5, 2]) if mi > 0 else c["monthly"]
                if c["archetype"] == "recover" and (self.as_of - m).days <= c["phase_days"]:
                    rev *= 1 - 0.4 * c["strength"]
                rev = round(rev * min(1.0, frac) * r.uniform(0.93, 1.07), -1)
                # hours
                h_target = c["monthly"] * min(1.0, frac) / c["bill_rate"] * c["effort"] * r.uniform(0.9, 1.1)
                if c["archetype"] == "renegotiate" and mi < len(months) * 0.3:
                    h_target = c["monthly"] * min(1.0, frac) / c["bill_rate"] * r.uniform(0.95, 1.15)
                self.spread_hours(c, first_day, mend, h_target)
                # invoice issued in the next month (for work of this month)
                issue = workday(add_months(m, 1) + dt.timedelta(days=r.randint(0, 3)))
                if rev <= 0 or issue > self.as_of:
                    continue
                if c["region"] in ("PL", "EU"):
                    num = f"FV/{inv_no_pl}/{issue.month:02d}/{issue.year}"; inv_no_pl += 1
                else:
                    num = f"NF-{inv_no_na}"; inv_no_na += 1
                due = issue + dt.timedelta(days=c["terms"])
                lo, hi = c["pay_late"]
                late = r.randint(lo, hi)
                if c["archetype"] == "watch_mixed" and r.random() < 0.5:
                    late = r.randint(-3, 5)
                if c["archetype"] == "recover" and issue > self.as_of - dt.timedelta(days=c["phase_days"]):
                    late = r.randint(5, 25)
                paid = due + dt.timedelta(days=late)
                if paid < issue:
                    paid = issue + dt.timedelta(days=1)
                disc = c["discount"] if (c["discount"] and r.random() < 0.6) else 0
                self.invoices.append({"ksef_copy": c["region"] == "PL" and r.random() < 0.35, "client": c, "number": num, "issue": issue, "due": due,
                                      "paid": paid if paid <= self.as_of else None, "net": rev, "discount": disc,
                                      "desc": self.inv_desc(c, m)})
                c["n_invoices"] += 1

    def inv_desc(self, c, m):
        if c["lang"] == "pl":
            return {"retainer": f"Abonament projektowy - {m.month:02d}/{m.year}", "sprints": "Sprint projektowy", "research": "Badanie użytkowników"}[c["kind"]]
        return {"retainer": f"Design & research retainer - {MONTHS[m.month-1]} {m.year}", "sprints": "Design sprint", "research": "Research study"}[c["kind"]]

    def spread_hours(self, c, a, b, h):
        r = self.r
        people = [c["owner"]] + c["colleagues"]
        shares = [0.35] + [0.65 / len(c["colleagues"])] * len(c["colleagues"])
        days = [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
        days = [d for d in days if d.weekday() < 5] or [a]
        left = h
        while left > 0.1:
            p = r.choices(people, shares)[0]
            hrs = min(left, r.choice([0.5, 1, 1.5, 2, 2.5, 3, 4, 4.5, 6, 7.5]))
            d = r.choice(days)
            bill = r.random() > c["nonbill"]
            self.time.append({"client": c, "staff": p, "date": d, "hours": round(hrs * 4) / 4 or 0.25, "billable": bill,
                              "task": r.choice(self.tasks(p))})
            left -= hrs

    def tasks(self, p):
        role = p["role"]
        if "Research" in role:
            return ["User interviews", "Research synthesis", "Usability testing", "Recruitment"]
        if "Front-end" in role:
            return ["Front-end development", "Design QA", "Component library"]
        if role == "Producer":
            return ["Project management", "Client meetings"]
        if role == "Studio Director":
            return ["Client meetings", "Design review", "Project management"]
        return ["UI design", "Wireframing", "Prototyping", "Design review", "Client meetings", "Revisions"]

    # ------------------------------------------------------------------ messages
    def build_mail(self):
        r = self.r
        self.mails = []
        for c in self.clients:
            self.client_mail(c)
        self.noise_mail()

    def noise_mail(self):
        """Vendor notifications and newsletters: no client among the correspondents (about 2%)."""
        r = self.r
        senders = [("Figma", "billing@figma.com", "Your Figma Organization invoice", "Your invoice for the Organization plan is available in your account."),
                   ("Calendly", "notifications@calendly.com", "New event scheduled", "A new event has been scheduled: 30 min intro call."),
                   ("Dribbble", "hello@dribbble.com", "This week's top shots", "Here are this week's most popular shots from designers you follow."),
                   ("Toronto Tech Week", "events@torontotechweek.com", "Speaker application received", "Thanks for applying to speak at Toronto Tech Week."),
                   ("Maze", "team@maze.co", "Your test results are ready", "Your unmoderated test has reached the target number of testers."),
                   ("UXPL", "kontakt@uxpl.org", "Meetup UX Warszawa", "Zapraszamy na kolejny meetup UX w Warszawie.")]
        dummy = {"region": "CA", "lang": "en", "domain": "vendor"}
        start = dt.datetime.combine(self.window_start, dt.time(9))
        span = (self.as_of - self.window_start).days
        for k in range(int(len(self.mails) * 0.02)):
            name, addr, subj, body = r.choice(senders)
            st = r.choice(self.staff)
            when = start + dt.timedelta(days=r.randint(0, span), hours=r.randint(0, 9), minutes=r.randint(0, 59))
            self.mails.append({"client": dummy, "dir": "in", "cat": "noise", "from": {"name": name, "email": addr, "first": name},
                               "to": st, "cc": None, "date": when, "subject": subj, "body": body + "\n\nUnsubscribe: https://" + addr.split("@")[1] + "/u\n",
                               "msgid": f"<{self.seed}.n{k}.{r.randrange(16**8):08x}@{addr.split('@')[1]}>", "in_reply_to": None, "references": None, "staff": st})

    def category_in(self, c, t, to_owner, contact_role):
        r, a, s = self.r, c["archetype"], c["strength"]
        recent = (self.as_of - t).days <= c["phase_days"]
        base = [("routine", 30), ("question", 22), ("friendly", 14), ("praise", 8), ("change_request", 8), ("service_complaint", 3), ("discount", 1)]
        if a == "reset" and recent and to_owner:
            if r.random() < 0.45 + 0.45 * s:
                return "person_complaint"
        elif a == "reset" and not to_owner:
            base = [("friendly", 25), ("praise", 20), ("routine", 30), ("question", 20)]
        elif a == "reassign":
            if recent and to_owner and r.random() < 0.55 + 0.35 * s:
                return "person_complaint"
            if not to_owner:
                base = [("friendly", 30), ("praise", 25), ("routine", 25), ("question", 20)]
        elif a == "recover" and recent:
            x = r.random()
            if x < 0.25 + 0.3 * s:
                return "service_complaint"
            if x < 0.4 + 0.45 * s:
                return "repeat_question"
            if x < 0.45 + 0.5 * s:
                return "threat"
        elif a == "renegotiate":
            base = [("routine", 22), ("question", 15), ("friendly", 18), ("praise", 8), ("change_request", 20 + 25 * s), ("discount", 4 + 10 * s)]
        elif a in ("release",):
            base = [("hostile", 20 + 30 * s), ("threat", 6 + 8 * s), ("discount", 10), ("service_complaint", 10), ("change_request", 10),
                    ("routine", 25 - 10 * s), ("question", 10)]
        elif a == "hostile_profitable":
            base = [("hostile", 15 + 20 * s), ("routine", 35), ("question", 20), ("change_request", 5), ("threat", 2)]
        elif a == "watch_mixed":
            base = [("routine", 25), ("question", 15), ("praise", 10), ("service_complaint", 10 + 6 * s), ("discount", 8), ("friendly", 8),
                    ("person_complaint", 4 if to_owner else 0), ("change_request", 8)]
        elif a == "slow_but_happy":
            base = [("routine", 30), ("question", 20), ("friendly", 25), ("praise", 20)]
        elif a == "non_decision_maker" and contact_role == "junior":
            base = [("routine", 25), ("question", 20), ("service_complaint", 10 + 10 * s), ("person_complaint", 8 + 10 * s if to_owner else 2),
                    ("repeat_question", 6), ("discount", 4)]
        elif a == "non_decision_maker":
            base = [("praise", 30), ("friendly", 30), ("routine", 30), ("question", 10)]
        cats, ws = zip(*base)
        return r.choices(cats, ws)[0]

    def fill(self, text, c, to, me, coll, t):
        r = self.r
        pl = c["lang"] == "pl"
        proj = c["project_pl"] if pl else c["project"]
        deliv = r.choice(DELIVS_PL if pl else DELIVS)
        day = r.choice(WEEKDAYS_PL if pl else WEEKDAYS) if r.random() < 0.7 else t.strftime("%d.%m" if pl else "%b %d")
        mon = (MONTHS_PL if pl else MONTHS)[add_months(t, 1).month - 1]
        coll2 = c["contact2"]["first"] if c.get("contact2") else ("Sam" if not pl else "Ani")
        return text.format(name=to, me=me, project=proj, deliv=deliv, day=day, coll=coll, coll2=coll2,
                           n=r.randint(2, 4) if "Q{n}" in text else r.randint(5, 19), month=mon, company=c["short"])

    def compose(self, c, cat, sender, recip, coll, t, outgoing):
        r = self.r
        pl = c["lang"] == "pl"
        pool = (T.PL if pl else T.EN)[cat]
        core = self.fill(r.choice(pool), c, recip["first"], sender["first"], coll["first"], t)
        if pl and recip.get("gender") == "f":   # address a woman in the feminine forms
            for a_, b_ in (("mówiłeś", "mówiłaś"), ("Mówiłeś", "Mówiłaś"), ("Obiecałeś", "Obiecałaś"), ("odpowiadał,", "odpowiadała,"),
                           ("spodziewałeś", "spodziewałaś")):
                core = core.replace(a_, b_)
        greet = r.choice(T.PL_GREET if pl else T.EN_GREET).format(name=recip["first"])
        close = r.choice(T.PL_CLOSE if pl else T.EN_CLOSE)
        extra = ""
        if not outgoing and r.random() < 0.25 and cat not in ("hostile",):
            extra = "\n\n" + self.fill(r.choice((T.PL if pl else T.EN)["routine"]), c, recip["first"], sender["first"], coll["first"], t)
        if cat == "out_curt":
            greet = "" if r.random() < 0.7 else greet
            close = ""
        sig = sender["first"] if close else sender["name"].split()[0]
        if outgoing and r.random() < 0.5:
            sig = f"{sender['name']}\n{sender['role']} | Northfold Studio\n{'Toronto' if sender.get('team') == 'TO' else ('Warszawa' if sender.get('team') == 'PL' else 'Lisboa')}"
        elif not outgoing and r.random() < 0.4:
            sig = f"{sender['name']}\n{c['legal']}"
        body = ((greet + "\n\n") if greet else "") + core + extra + "\n\n" + ((close + "\n") if close else "") + sig + "\n"
        if r.random() < 0.08:   # typos
            body = body.replace("the ", "teh ", 1) if not pl else body.replace("się", "sie", 1)
        if pl and c.get("ascii") and not outgoing:
            body = strip_pl(body)
        return body

    def subject(self, c, cat, t):
        pl = c["lang"] == "pl"
        pool = (T.PL_SUBJECTS if pl else T.EN_SUBJECTS).get(cat) or (T.PL_SUBJECTS if pl else T.EN_SUBJECTS)["routine"]
        return self.fill(self.r.choice(pool), c, "", "", "", t)

    def client_mail(self, c):
        r = self.r
        pl = c["lang"] == "pl"
        c["project"] = r.choice(PROJECTS)
        c["project_pl"] = r.choice(PROJECTS_PL)
        c["ascii"] = pl and r.random() < 0.35
        contacts = [dict(c["contact"], role="main")]
        if c["archetype"] == "non_decision_maker" or r.random() < 0.35:
            pool = CONTACT_PL if pl else CONTACT_EN
            fn, ln = r.choice([p for p in pool if p[0] != c["contact"]["first"]])
            c2 = {"name": f"{fn} {ln}", "first": fn, "email": strip_pl(f"{fn}.{ln}").lower() + "@" + c["domain"]}
            c["contact2"] = c2
            if c["archetype"] == "non_decision_maker":
                # the main contact is a junior coordinator; contact2 is the VP who decides
                contacts[0]["role"] = "junior"
                c2["title"] = "VP Product"
                contacts.append(dict(c2, role="decider"))
            else:
                contacts.append(dict(c2, role="main"))
        start = max(c["start"], self.window_start)
        t0 = dt.datetime.combine(start, dt.time(9))
        end = dt.datetime.combine(self.as_of, dt.time(18))
        days = (end - t0).days
        n_threads = max(2, int(days / 30.0 * c["cadence"]))
        times = sorted(t0 + dt.timedelta(minutes=r.randint(0, max(1, days * 1440))) for _ in range(n_threads))
        for t in times:
            if t.month in c["silent_months"]:
                continue
            if t.weekday() >= 5 and r.random() < 0.8:
                t -= dt.timedelta(days=2)
            t = t.replace(hour=r.randint(8, 18), minute=r.randint(0, 59))
            self.thread(c, t, contacts, end)
        # the friction also brings extra mail in its phase
        extra = {"reset": ("person_complaint", 1 + round(2 * c["strength"])), "recover": ("service_complaint", 2 + round(3 * c["strength"]))}.get(c["archetype"])
        if extra:
            cat, k = extra
            for _ in range(k):
                t = dt.datetime.combine(self.as_of - dt.timedelta(days=r.randint(1, c["phase_days"] - 1)), dt.time(r.randint(8, 17), r.randint(0, 59)))
                if t.weekday() >= 5:
                    t -= dt.timedelta(days=2)
                self.thread(c, t, contacts, end, force=cat if cat != "service_complaint" else r.choice(["service_complaint", "repeat_question", "service_complaint"]))

    def thread(self, c, t, contacts, end, force=None):
        r = self.r
        a = c["archetype"]
        contact = r.choice(contacts) if len(contacts) > 1 and r.random() < 0.45 else contacts[0]
        # who on our side
        p_owner = 0.6
        if a == "reassign":
            p_owner = 0.5
        staff = c["owner"] if (r.random() < p_owner or force == "person_complaint") else r.choice(c["colleagues"])
        to_owner = staff is c["owner"]
        coll = r.choice(c["colleagues"]) if to_owner else c["owner"]
        if a in ("reassign", "reset") and to_owner:
            coll = c["colleagues"][0]
        client_first = r.random() < 0.62 or force is not None
        msgs = []
        if client_first:
            cat = force or self.category_in(c, t.date(), to_owner, contact["role"])
            msgs.append(("in", cat, t))
        else:
            msgs.append(("out", "out_normal", t))
            if r.random() < 0.75:
                cat = self.category_in(c, t.date(), to_owner, contact["role"])
                msgs.append(("in", cat, t + dt.timedelta(hours=r.uniform(1, 48))))
        # our replies
        if msgs[-1][0] == "in":
            cat = msgs[-1][1]
            recent = (self.as_of - t.date()).days <= c["phase_days"]
            unanswered = c["unanswered"] if (a != "recover" or recent) else 0.02
            if r.random() >= unanswered:
                lo, hi = c["reply_h"] if (a != "recover" or recent) else (0.5, 8)
                if staff.get("slow"):
                    lo, hi = lo * 3, hi * 3
                delay = r.uniform(lo, hi)
                if a == "recover" and not recent:
                    delay = r.uniform(0.5, 8)
                rk = "out_normal"
                if cat in ("service_complaint", "repeat_question", "threat"):
                    rk = "out_apologetic" if r.random() < 0.7 else "out_defensive"
                if cat == "person_complaint":
                    rk = r.choice(["out_defensive", "out_normal", "out_apologetic", "out_defensive"])
                if cat == "hostile":
                    rk = r.choice(["out_apologetic", "out_normal", "out_defensive"])
                if staff["curt"] and r.random() < 0.65:
                    rk = "out_curt"
                if a == "reassign" and to_owner and (self.as_of - t.date()).days < c["phase_days"] and r.random() < 0.3:
                    rk = "out_defensive"
                msgs.append(("out", rk, msgs[-1][2] + dt.timedelta(hours=delay)))
                if a == "recover" and recent and r.random() < 0.3:
                    msgs.append(("in", r.choice(["repeat_question", "service_complaint"]), msgs[-1][2] + dt.timedelta(hours=r.uniform(20, 96))))
                elif r.random() < 0.3:
                    msgs.append(("in", self.category_in(c, t.date(), to_owner, contact["role"]), msgs[-1][2] + dt.timedelta(hours=r.uniform(2, 30))))
            elif a == "recover":
                msgs.append(("in", "repeat_question", msgs[-1][2] + dt.timedelta(hours=r.uniform(48, 160))))
        # materialise
        base_cat = msgs[0][1] if msgs[0][0] == "in" else "status"
        subj = self.subject(c, base_cat if base_cat in T.EN_SUBJECTS else "routine", t)
        root = None
        prev = None
        cc = None
        if r.random() < 0.15 and coll is not staff:
            cc = coll
        for k, (d, cat, when) in enumerate(msgs):
            when = min(when, end)
            if c["archetype"] not in ("release", "hostile_profitable") or d == "out":
                if when.hour < 7:
                    when = when.replace(hour=r.randint(8, 10))
                elif when.hour >= 21:
                    when = (when + dt.timedelta(days=1)).replace(hour=r.randint(8, 10))
                if when.weekday() >= 5:
                    when += dt.timedelta(days=7 - when.weekday())
            if prev is not None and when <= prev["date"]:
                when = prev["date"] + dt.timedelta(minutes=r.randint(20, 180))
            if when.date() > self.as_of:
                break
            if d == "in":
                sender, recip = contact, staff
            else:
                sender, recip = staff, contact
            body = self.compose(c, cat, sender, recip, coll, when, d == "out")
            if prev is not None and r.random() < 0.55:
                body += self.quote(c, prev)
            mid = f"<{self.seed}.{len(self.mails)}.{r.randrange(16**8):08x}@{(AGENCY['domain'] if d == 'out' else c['domain'])}>"
            self.mails.append({"client": c, "dir": d, "cat": cat, "from": sender, "to": recip, "cc": cc, "date": when,
                               "subject": subj if k == 0 else ("Odp: " if c["lang"] == "pl" and r.random() < 0.5 else "Re: ") + subj,
                               "body": body, "msgid": mid, "in_reply_to": prev["msgid"] if prev else None,
                               "references": (root["msgid"] + " " + prev["msgid"]) if prev and root is not prev else (prev["msgid"] if prev else None),
                               "staff": staff})
            prev = self.mails[-1]
            if root is None:
                root = prev

    def quote(self, c, prev):
        ds = prev["date"]
        if c["lang"] == "pl":
            head = f"\n\nW dniu {ds.strftime('%d.%m.%Y')} o {ds.strftime('%H:%M')} {prev['from']['name']} <{prev['from']['email']}> pisze:\n"
        else:
            head = f"\n\nOn {ds.strftime('%a, %b %d, %Y at %I:%M %p')} {prev['from']['name']} <{prev['from']['email']}> wrote:\n"
        return head + "\n".join("> " + ln for ln in prev["body"].splitlines()) + "\n"

    # ------------------------------------------------------------------ writers
    def write(self, out):
        ex = os.path.join(out, "exports")
        for sub in ("crm", "time", "invoices", "rates", "mail"):
            os.makedirs(os.path.join(ex, sub), exist_ok=True)
        self.names()
        self.write_hubspot(ex)
        self.write_deals(ex)
        self.write_harvest(ex)
        self.write_freshbooks(ex)
        self.write_fakturownia(ex)
        self.write_ksef(ex)
        self.write_bank(ex)
        self.write_rates(ex)
        self.write_mail(ex)
        self.write_truth(out)

    def names(self):
        """How each tool spells the client."""
        r = self.r
        for c in self.clients:
            c["crm_name"] = c["legal"] if r.random() < 0.5 else c["legal"].rsplit(" ", 1)[0].rstrip(",") if c["region"] in ("CA", "US") and not c["legal"].endswith(tuple(NONPROFIT)) else c["legal"]
            if c["region"] == "PL" and r.random() < 0.4:
                c["crm_name"] = c["legal"].replace("Sp. z o.o.", "").replace("sp. z o.o.", "").strip()
            c["inv_name"] = c["legal"].upper() if (c["region"] in ("CA", "US") and r.random() < 0.15) else c["legal"]
            # time tracker: a short name (all its words are in the legal name)
            c["time_name"] = c["short"] if r.random() < 0.45 else c["crm_name"]
            # a few Fakturownia-billed clients were never entered in HubSpot: only the invoices'
            # buyer_email gives their domain (KSeF-only clients are always in the CRM)
            c["in_crm"] = not (c["billing"] in ("fakturownia", "fakt+bank") and r.random() < 0.12)

    def write_hubspot(self, ex):
        r = self.r
        rows = []
        rid = 5100000000 + self.seed * 1000
        for c in self.clients:
            if not c["in_crm"]:
                continue
            rid += r.randint(3, 90)
            c["hubspot_id"] = rid
            owner = c["owner"]["email"] if r.random() < 0.3 else c["owner"]["name"]
            created = dt.datetime.combine(c["start"] - dt.timedelta(days=r.randint(5, 40)), dt.time(r.randint(8, 17), r.randint(0, 59)))
            last = [m["date"] for m in self.mails if m["client"] is c]
            last = max(last) if last else created
            rows.append([rid, c["crm_name"], c["domain"], owner, created.strftime("%Y-%m-%d %H:%M"), last.strftime("%Y-%m-%d %H:%M"),
                         {"CA": "Canada", "US": "United States", "EU": "", "PL": "Poland"}[c["region"]], "Customer"])
        with open(os.path.join(ex, "crm", "hubspot-crm-exports-all-companies.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date", "Country/Region", "Lifecycle Stage"])
            w.writerows(rows)

    def write_deals(self, ex):
        r = self.r
        rid = 9800000000 + self.seed * 1000
        with open(os.path.join(ex, "crm", "hubspot-crm-exports-all-deals.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Pipeline", "Create Date", "Associated Company IDs"])
            for c in self.clients:
                if "hubspot_id" not in c:
                    continue
                rid += r.randint(2, 50)
                close = dt.datetime.combine(c["start"] - dt.timedelta(days=r.randint(0, 10)), dt.time(r.randint(9, 17), r.randint(0, 59)))
                created = close - dt.timedelta(days=r.randint(10, 60))
                kind = {"retainer": "Retainer", "sprints": "Design sprints", "research": "Research study"}[c["kind"]]
                w.writerow([rid, f"{c['short']} - {kind}", "Closed won", f"{c['monthly'] * r.choice([3, 6, 12]):.2f}", close.strftime("%Y-%m-%d %H:%M"),
                            c["owner"]["name"], "Sales Pipeline", created.strftime("%Y-%m-%d %H:%M"), str(c["hubspot_id"])])
                if r.random() < 0.2:
                    rid += 1
                    w.writerow([rid, f"{c['short']} - phase 2", r.choice(["Proposal sent", "Closed lost", "Contract sent"]), f"{c['monthly'] * 2:.2f}",
                                "", c["owner"]["name"], "Sales Pipeline", min(close + dt.timedelta(days=200), dt.datetime.combine(self.as_of, dt.time(9))).strftime("%Y-%m-%d %H:%M"), str(c["hubspot_id"])])

    def write_harvest(self, ex):
        r = self.r
        cols = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?", "Invoiced?", "Approved?",
                "First Name", "Last Name", "Roles", "Employee?", "Billable Rate", "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]
        cur_label = {"CAD": "Canadian Dollar - CAD", "USD": "US Dollar - USD", "EUR": "Euro - EUR", "PLN": "Polish Zloty - PLN"}
        for team, fname, polish in (("NA", "harvest_time_report_toronto.csv", False), ("PL", "harvest_time_report_warszawa.csv", True)):
            rows = [e for e in self.time if (e["client"]["region"] == "PL") == (team == "PL")]
            rows.sort(key=lambda e: (e["date"], e["staff"]["name"]))
            with open(os.path.join(ex, "time", fname), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(cols)
                for e in rows:
                    c, s = e["client"], e["staff"]
                    fn, ln = s["name"].split(" ", 1)
                    h = e["hours"]
                    br = c["bill_rate"] if e["billable"] else 0
                    num = (lambda x: f"{x:.2f}".replace(".", ",")) if polish else (lambda x: f"{x:.2f}")
                    hnum = (lambda x: (f"{x:g}").replace(".", ",")) if polish else (lambda x: f"{x:g}")
                    w.writerow([e["date"].strftime("%d.%m.%Y") if polish else e["date"].isoformat(), c["time_name"], c["project_pl"] if polish else c["project"].title(),
                                "", e["task"], self.note(e), hnum(h), hnum(math.ceil(h * 4) / 4), "Yes" if e["billable"] else "No",
                                "Yes" if e["billable"] and e["date"] < self.as_of - dt.timedelta(days=35) else "No", "Yes",
                                fn, ln, s["role"], "Yes", num(br), num(br * h), num(s["cost_rate"]), num(s["cost_rate"] * h),
                                cur_label[c["currency"]], ""])

    def note(self, e):
        r = self.r
        if e["client"]["lang"] == "pl":
            return r.choice(["", "poprawki po uwagach klienta", "spotkanie statusowe", "przygotowanie warsztatów", "synteza", "QA komponentów", "zmiana zakresu"])
        return r.choice(["", "", "revisions after client feedback", "status call", "workshop prep", "synthesis", "component QA", "change request", "stakeholder review"])

    def write_freshbooks(self, ex):
        cols = ["Client Name", "Invoice #", "Date Issued", "Date Due", "Invoice Status", "Date Paid", "Item Name", "Item Description", "Rate", "Quantity",
                "Discount Percentage", "Line Subtotal", "Tax 1 Type", "Tax 1 Amount", "Tax 2 Type", "Tax 2 Amount", "Line Total", "Currency"]
        with open(os.path.join(ex, "invoices", "freshbooks_invoice_details.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(cols)
            for inv in sorted(self.invoices, key=lambda i: i["issue"]):
                c = inv["client"]
                if c["region"] not in ("CA", "US"):
                    continue
                if inv["paid"]:
                    status, paid = "paid", inv["paid"].strftime("%Y-%m-%d")
                else:
                    status, paid = ("overdue" if inv["due"] < self.as_of else "sent"), ""
                net = inv["net"]
                lines = [(inv["desc"], net)]
                if self.r.random() < 0.25:
                    part = round(net * 0.2, -1)
                    lines = [(inv["desc"], net - part), ("Research participant incentives" if c["kind"] == "research" else "Change requests", part)]
                for name, amt in lines:
                    sub = round(amt * (1 - inv["discount"] / 100.0), 2)
                    tax = round(sub * 0.13, 2) if c["currency"] == "CAD" else 0
                    w.writerow([c["inv_name"], inv["number"], inv["issue"].isoformat(), inv["due"].isoformat(), status, paid, name.split(" - ")[0], name,
                                f"{amt:.2f}", "1", f"{inv['discount']}" if inv["discount"] else "0", f"{sub:.2f}", "HST" if tax else "", f"{tax:.2f}" if tax else "",
                                "", "", f"{sub + tax:.2f}", c["currency"]])

    def write_fakturownia(self, ex):
        out = []
        fid = 310000000 + self.seed * 1000
        for inv in sorted(self.invoices, key=lambda i: i["issue"]):
            c = inv["client"]
            if c["region"] not in ("PL", "EU") or c.get("billing") == "ksef":
                continue
            fid += 1
            net = round(inv["net"] * (1 - inv["discount"] / 100.0), 2)
            vat = 0.23 if c["region"] == "PL" else 0.0
            gross = round(net * (1 + vat), 2)
            comma = self.r.random() < 0.3
            fmt = (lambda x: f"{x:.2f}".replace(".", ",")) if comma else (lambda x: f"{x:.2f}")
            rec = {"id": fid, "number": inv["number"], "kind": "vat", "issue_date": inv["issue"].isoformat(), "sell_date": inv["issue"].isoformat(),
                   "payment_to": inv["due"].isoformat(), "paid_date": inv["paid"].isoformat() if inv["paid"] else None,
                   "status": "paid" if inv["paid"] else ("sent" if self.r.random() < 0.6 else "issued"),
                   "buyer_name": c["legal"], "buyer_tax_no": c["tax_id"] if (c["region"] == "EU" or self.r.random() < 0.7) else f"{c['tax_id'][:3]}-{c['tax_id'][3:6]}-{c['tax_id'][6:8]}-{c['tax_id'][8:]}",
                   "buyer_email": c["contact"]["email"],
                   "seller_name": AGENCY["pl_name"], "seller_tax_no": self.pl_nip,
                   "price_net": fmt(net), "price_gross": fmt(gross), "paid": fmt(gross if inv["paid"] else 0), "currency": c["currency"],
                   "description": inv["desc"], "lang": "pl" if c["region"] == "PL" else "en"}
            out.append(rec)
        with open(os.path.join(ex, "invoices", "fakturownia_invoices.json"), "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)

    def write_ksef(self, ex):
        d = os.path.join(ex, "invoices", "ksef")
        os.makedirs(d, exist_ok=True)
        from xml.sax.saxutils import escape as X
        for inv in self.invoices:
            c = inv["client"]
            if c["region"] != "PL" or not (c["billing"] == "ksef" or inv.get("ksef_copy")):
                continue
            net = round(inv["net"] * (1 - inv["discount"] / 100.0), 2)
            vat = round(net * 0.23, 2)
            created = dt.datetime.combine(inv["issue"], dt.time(9, 0)) + dt.timedelta(minutes=self.r.randint(0, 500))
            xml = f'''<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2023/06/29/12648/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (2)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>2</WariantFormularza>
    <DataWytworzeniaFa>{created.strftime("%Y-%m-%dT%H:%M:%SZ")}</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{self.pl_nip}</NIP>
      <Nazwa>{X(AGENCY["pl_name"])}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Mokotowska 14/3</AdresL1>
      <AdresL2>00-561 Warszawa</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{c["tax_id"]}</NIP>
      <Nazwa>{X(c["legal"])}</Nazwa>
    </DaneIdentyfikacyjne>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>{inv["issue"].isoformat()}</P_1>
    <P_2>{X(inv["number"])}</P_2>
    <P_6>{(inv["issue"] - dt.timedelta(days=inv["issue"].day)).isoformat()}</P_6>
    <P_13_1>{net:.2f}</P_13_1>
    <P_14_1>{vat:.2f}</P_14_1>
    <P_15>{net + vat:.2f}</P_15>
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
      <P_7>{X(inv["desc"])}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{net:.2f}</P_9A>
      <P_11>{net:.2f}</P_11>
      <P_12>23</P_12>
    </FaWiersz>
    <Platnosc>
      <TerminPlatnosci>
        <Termin>{inv["due"].isoformat()}</Termin>
      </TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>{self.iban}</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
'''
            fn = inv["number"].replace("/", "_")
            with open(os.path.join(d, f"{self.pl_nip}-{inv['issue'].strftime('%Y%m%d')}-{fn}.xml"), "w", encoding="utf-8") as f:
                f.write(xml)

    def write_bank(self, ex):
        """Polish entity's bank account: payments of KSeF-only clients and a share of the others."""
        rows = []
        r = self.r
        for inv in sorted(self.invoices, key=lambda i: i["paid"] or self.as_of):
            c = inv["client"]
            if c["region"] not in ("PL", "EU") or not inv["paid"]:
                continue
            if not (c["billing"] == "ksef" or c["billing"] == "fakt+bank"):
                continue
            net = round(inv["net"] * (1 - inv["discount"] / 100.0), 2)
            gross = round(net * (1.23 if c["region"] == "PL" else 1.0), 2)
            if c["archetype"] == "release" and r.random() < 0.4:
                first = round(gross * 0.5, 2)
                d1 = inv["paid"] - dt.timedelta(days=r.randint(10, 30))
                rows.append((inv["number"], max(d1, inv["issue"]), first, c["currency"]))
                rows.append((inv["number"], inv["paid"], round(gross - first, 2), c["currency"]))
            else:
                rows.append((inv["number"], inv["paid"], gross, c["currency"]))
        with open(os.path.join(ex, "invoices", "bank_payments_mbank.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["invoice_number", "paid_on", "amount", "currency", "id"])
            for k, (num, d, amt, cur) in enumerate(rows):
                w.writerow([num, d.isoformat(), f"{amt:.2f}", cur, f"MB{self.seed}{k:06d}"])

    def write_rates(self, ex):
        r = random.Random(self.seed * 31 + 5)
        d = self.window_start - dt.timedelta(days=14)
        usd, cad, pln = 1.08, 1.47, 4.30
        rows = []
        while d <= self.as_of:
            if d.weekday() < 5 and not (d.month == 1 and d.day == 1) and not (d.month == 12 and d.day in (25, 26)):
                usd *= math.exp(r.gauss(0, 0.004)); cad *= math.exp(r.gauss(0, 0.0035)); pln *= math.exp(r.gauss(0, 0.003))
                rows.append((d, usd, cad, pln))
            d += dt.timedelta(days=1)
        with open(os.path.join(ex, "rates", "eurofxref-hist.csv"), "w", newline="", encoding="utf-8") as f:
            f.write("Date,USD,JPY,BGN,CZK,DKK,GBP,HUF,PLN,RON,SEK,CHF,NOK,CAD,AUD,\n")
            for d, u, ca, p in reversed(rows):
                f.write(f"{d.isoformat()},{u:.4f},{u*150:.2f},1.9558,{25.1*p/4.3:.3f},7.4600,{0.85*u/1.08:.5f},{395*p/4.3:.2f},{p:.4f},4.9750,{11.3:.4f},{0.94:.4f},{11.6:.4f},{ca:.4f},{1.65*u/1.08:.4f},\n")
        # NBP table A archive (PLN per unit), Windows-1250, one file per year
        years = sorted({d.year for d, *_ in rows})
        n = 0
        for y in years:
            lines = ["data;1USD;1CAD;1EUR;100HUF;1CHF;1GBP;nr tabeli;pełny numer tabeli"]
            k = 0
            for d, u, ca, p in rows:
                if d.year != y:
                    continue
                k += 1
                f2 = lambda x: f"{x:.4f}".replace(".", ",")
                lines.append(f"{d.strftime('%Y%m%d')};{f2(p/u)};{f2(p/ca)};{f2(p)};{f2(100*4.3/395)};{f2(p/0.94)};{f2(p/0.85)};{k};{k:03d}/A/NBP/{y}")
            lines.append("kod ISO;USD;CAD;EUR;HUF;CHF;GBP;;")
            lines.append("nazwa waluty;dolar amerykański;dolar kanadyjski;euro;forint (Węgry);frank szwajcarski;funt szterling;;")
            lines.append("liczba jednostek;1;1;1;100;1;1;;")
            with open(os.path.join(ex, "rates", f"archiwum_tab_a_{y}.csv"), "w", newline="", encoding="cp1250") as f:
                f.write("\r\n".join(lines) + "\r\n")

    def write_mail(self, ex):
        r = self.r
        by_box = {}
        for m in self.mails:
            boxes = [m["staff"]]
            if m["cc"] is not None:
                boxes.append(m["cc"])
            for b in boxes:
                by_box.setdefault(b["email"], []).append(m)
        for addr, msgs in sorted(by_box.items()):
            local = addr.split("@")[0]
            staff = next(s for s in self.staff if s["email"] == addr)
            msgs.sort(key=lambda m: m["date"])
            if staff["team"] == "PL":
                path = os.path.join(ex, "mail", f"{local}.mbox")
                with open(path, "wb") as f:
                    for m in msgs:
                        raw = self.render(m)
                        f.write(b"From " + m["from"]["email"].encode() + b" " + m["date"].strftime("%a %b %d %H:%M:%S %Y").encode() + b"\n")
                        for ln in raw.split(b"\n"):
                            if ln.startswith(b"From ") or ln.startswith(b">From "):
                                ln = b">" + ln
                            f.write(ln + b"\n")
                        f.write(b"\n")
            else:
                d = os.path.join(ex, "mail", local)
                os.makedirs(d, exist_ok=True)
                for i, m in enumerate(msgs):
                    raw = self.render(m)
                    if staff["role"] in ("Studio Director", "Producer"):   # Outlook users: CRLF files
                        raw = raw.replace(b"\n", b"\r\n")
                    with open(os.path.join(d, f"{i+1:05d}.eml"), "wb") as f:
                        f.write(raw)

    def render(self, m):
        c = m["client"]
        r = random.Random(m["msgid"])
        msg = EmailMessage(policy=policy.default.clone(linesep="\n"))
        def addr(p):
            return email.utils.formataddr((p["name"], p["email"]))
        msg["From"] = addr(m["from"])
        msg["To"] = addr(m["to"])
        if m["cc"] is not None:
            msg["Cc"] = addr(m["cc"])
        msg["Subject"] = m["subject"]
        tz = dt.timezone(dt.timedelta(hours=-5 if m["date"].month in (11, 12, 1, 2, 3) else -4))
        if c["region"] == "PL" or (m["dir"] == "out" and m["from"].get("team") == "PL"):
            tz = dt.timezone(dt.timedelta(hours=1 if m["date"].month in (11, 12, 1, 2, 3) else 2))
        msg["Date"] = email.utils.format_datetime(m["date"].replace(tzinfo=tz))
        msg["Message-ID"] = m["msgid"]
        if m["in_reply_to"]:
            msg["In-Reply-To"] = m["in_reply_to"]
            msg["References"] = m["references"]
        body = m["body"]
        if c["lang"] == "pl":
            cs = r.choice(["utf-8", "utf-8", "iso-8859-2", "windows-1250"])
            try:
                body.encode(cs)
            except UnicodeEncodeError:
                cs = "utf-8"
            msg.set_content(body, charset=cs, cte=r.choice(["quoted-printable", "8bit", "base64"]) if cs != "utf-8" else r.choice(["quoted-printable", "8bit", "base64"]))
        else:
            msg.set_content(body)
        if r.random() < 0.2:
            msg["X-Mailer"] = r.choice(["Microsoft Outlook 16.0", "Apple Mail (2.3774)", "Thunderbird 128.3"])
        return bytes(msg)

    # ------------------------------------------------------------------ truth
    def write_truth(self, out):
        notes = {
            "keep": "healthy: profitable, pays about on time, ordinary mail",
            "reset": "messages to the owner turned personal (not listening / lecturing / broken promises) in the last ~{pd} days after a long good history; colleagues fine; business healthy",
            "reassign": "for ~{pd} days most messages to the owner are about the owner personally; warm with colleague {coll}; business healthy",
            "recover": "our service failing for ~{pd} days: slow first replies, unanswered repeated questions, missed deadlines, threats to leave",
            "renegotiate": "conduct fine but cost-to-serve ~{cr:.0%} of revenue (hours {eff:.1f}x what the fee pays), scope creep/change requests, discounts {disc}%; margin low/negative",
            "release": "hostile/abusive with everyone, pays {pl0}-{pl1} days late, cost-to-serve ~{cr:.0%} of revenue; margin ~0/negative",
            "watch_new": "new client since {start}: few months, few messages/invoices",
            "watch_mixed": "mixed: some service complaints and praise, moderate late payments, margin a bit thin",
            "curt_staff_client": "owner {owner} is curt with all clients; this client is healthy -> KEEP",
            "slow_but_happy": "our replies are slow (1-4 days) but the client is happy and profitable -> KEEP",
            "big_late_payer": "large client paying 30-65 days late but very profitable and friendly -> KEEP",
            "seasonal_silence": "no mail and no work in months {sil} every year (seasonal), otherwise healthy -> KEEP",
            "non_decision_maker": "junior coordinator {c1} grumbles about service/owner; the decision-maker {c2} is happy and the business is healthy -> KEEP",
            "hostile_profitable": "rude/hostile with everyone but profitable, pays on time, modest effort. Author's choice KEEP: 'not liking a client does not make them unprofitable'; conduct alone is not the RELEASE test (which needs chronic loss/late pay)",
        }
        with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
            for c in self.clients:
                n = notes[c["archetype"]].format(pd=c["phase_days"], coll=c["colleagues"][0]["name"], eff=c["effort"], disc=c["discount"],
                                                 cr=c["cost_ratio"], pl0=c["pay_late"][0], pl1=c["pay_late"][1], start=c["start"], owner=c["owner"]["name"],
                                                 sil=c["silent_months"], c1=c["contact"]["name"], c2=c.get("contact2", {}).get("name", ""))
                tax = c["tax_id"] if c["region"] == "EU" else (f"PL{c['tax_id']}" if False else c["tax_id"])
                w.writerow([c["legal"], tax, c["domain"], c["decision"], c["archetype"], c["owner"]["name"], f"strength={c['strength']}; " + n])
        j = {"seed": self.seed, "as_of": self.as_of.isoformat(), "window_start": self.window_start.isoformat(),
             "agency": {"name": AGENCY["name"], "domain": AGENCY["domain"], "nip": self.pl_nip, "polish_entity": AGENCY["pl_name"]},
             "staff": [{"name": s["name"], "role": s["role"], "email": s["email"], "team": s["team"],
                        "cost_rate": s["cost_rate"], "cost_currency": "PLN" if s["team"] == "PL" else "CAD", "curt_with_everyone": s["curt"]} for s in self.staff],
             "clients": []}
        for c in self.clients:
            mails = [m for m in self.mails if m["client"] is c]
            j["clients"].append({
                "client_name": c["legal"], "names": {"crm": c["crm_name"] if c["in_crm"] else None, "invoices": c["inv_name"], "time": c["time_name"]},
                "tax_id": c["tax_id"], "domain": c["domain"], "region": c["region"], "currency": c["currency"], "language": c["lang"],
                "expected_decision": c["decision"], "archetype": c["archetype"], "strength": c["strength"], "kind": c["kind"],
                "owner": c["owner"]["name"], "colleagues": [s["name"] for s in c["colleagues"]],
                "contacts": [c["contact"]] + ([c["contact2"]] if c.get("contact2") else []),
                "start": c["start"].isoformat(), "monthly_value": c["monthly"], "bill_rate": c["bill_rate"], "effort_multiplier": round(c["effort"], 2), "target_cost_ratio": round(c["cost_ratio"], 2),
                "non_billable_share": round(c["nonbill"], 2), "payment_days_late_range": list(c["pay_late"]), "terms_days": c["terms"],
                "discount_pct": c["discount"], "reply_delay_hours_range": [round(x, 1) for x in c["reply_h"]], "unanswered_share": round(c["unanswered"], 2),
                "phase_days": c["phase_days"], "silent_months": c["silent_months"], "n_invoices": c["n_invoices"], "n_messages": len(mails),
                "n_messages_in": sum(1 for m in mails if m["dir"] == "in"),
                "message_categories": {k: sum(1 for m in mails if m["cat"] == k) for k in sorted({m["cat"] for m in mails})},
                "hours": round(sum(e["hours"] for e in self.time if e["client"] is c), 2),
            })
        with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(j, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = World(a.seed)
    w.build_money_time()
    w.build_mail()
    w.write(a.out)
    print(f"seed {a.seed}: {len(w.clients)} clients, {len(w.invoices)} invoices, {len(w.time)} time entries, {len(w.mails)} messages; as_of {w.as_of}")


if __name__ == "__main__":
    main()
