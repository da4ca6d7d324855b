#!/usr/bin/env python3
"""Blind portfolio generator G: a PR / communications / public-affairs consultancy
(Dublin + Wroclaw).  Writes real-looking exports and the truth for one seed.

    python3 generate.py --seed N --out DIR

Standard library only.
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
import re
import unicodedata
from email.message import EmailMessage
from email.header import Header
from email.mime.text import MIMEText

import msgbank

D = dt.date
TD = dt.timedelta

AGENCY = {
    "name": "Quayside Odra Communications Ltd",
    "name_pl": "Quayside Odra Komunikacja Sp. z o.o.",
    "domain": "quaysideodra.com",
    "domain_pl": "quaysideodra.pl",
    "nip": "8971912335",  # recomputed below to be checksum-valid
}

# ----------------------------------------------------------------------------- helpers

def nip_valid(r, prefix=None):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(8)]
        if prefix:
            d[:3] = prefix
        s = sum(a * b for a, b in zip(w, d)) % 11
        if s != 10:
            return "".join(map(str, d + [s]))


def fold(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


LEGAL = {"sp", "z", "o", "oo", "sa", "s", "a", "ltd", "limited", "llc", "inc", "plc", "dac", "clg",
         "co", "company", "corp", "spolka", "ograniczona", "odpowiedzialnoscia", "k", "j", "uc"}
STOP = {"and", "i", "oraz", "und", "et", "the", "of"}


def name_words(s):
    s = fold(s).lower().replace("&", " ").replace("+", " ")
    ws = re.findall(r"[a-z0-9]+", s)
    return [w for w in ws if w not in LEGAL and w not in STOP]


def strip_pl(s):
    return fold(s)


def typo(r, s, p):
    if r.random() > p:
        return s
    words = s.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not cand:
        return s
    i = r.choice(cand)
    w = words[i]
    j = r.randrange(1, len(w) - 2)
    kind = r.random()
    if kind < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind < 0.8:
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def business_day(d):
    while d.weekday() >= 5:
        d += TD(days=1)
    return d


def add_business_hours(t, hours, r):
    """Advance datetime t by roughly `hours` of office time (09-18, Mon-Fri)."""
    remaining = hours
    cur = t
    if cur.weekday() >= 5 or cur.hour >= 18:
        cur = dt.datetime.combine(business_day(cur.date() + TD(days=1 if cur.hour >= 18 or cur.weekday() >= 5 else 0)), dt.time(9, r.randint(0, 40)))
    elif cur.hour < 9:
        cur = cur.replace(hour=9, minute=r.randint(0, 30))
    while remaining > 0:
        end_of_day = cur.replace(hour=18, minute=0, second=0)
        left = (end_of_day - cur).total_seconds() / 3600
        if remaining <= left:
            cur = cur + TD(hours=remaining)
            remaining = 0
        else:
            remaining -= max(left, 0)
            nd = business_day(cur.date() + TD(days=1))
            cur = dt.datetime.combine(nd, dt.time(9, r.randint(0, 30)))
    return cur


def month_iter(start, end):
    y, m = start.year, start.month
    while D(y, m, 1) <= end:
        yield D(y, m, 1)
        m += 1
        if m == 13:
            y, m = y + 1, 1


def month_end(d):
    nd = D(d.year + (d.month // 12), d.month % 12 + 1, 1)
    return nd - TD(days=1)


def money(x):
    return round(x + 1e-9, 2)


# ----------------------------------------------------------------------------- world

IE_WORDS = ["Brennan", "Kinsella", "Shannon", "Corrib", "Tolka", "Dodder", "Howth", "Wicklow", "Burren",
            "Slaney", "Boyne", "Barrow", "Nore", "Suir", "Lagan", "Erne", "Foyle", "Blackwater",
            "Fitzgerald", "O'Rourke", "Keane", "Doyle", "Nolan", "Lynch", "Cullen", "Hegarty", "Madigan",
            "Quinlan", "Kilbride", "Glendalough", "Ardmore", "Clonmel", "Dunmore", "Inishfree", "Mourne",
            "Carrig", "Ballinora", "Kerrigan", "Muckross", "Aughrim"]
IE_SECT = [("Foods", "DAC"), ("Energy", "Ltd"), ("Pharma", "Ltd"), ("Logistics", "Ltd"), ("Hotels Group", "DAC"),
           ("Insurance", "DAC"), ("Dairies", "Ltd"), ("Distillery", "Ltd"), ("Properties", "plc"),
           ("Medical", "Ltd"), ("Renewables", "DAC"), ("Capital", "Ltd"), ("Retail", "Ltd"), ("Aviation", "DAC"),
           ("Biotech", "Ltd"), ("Homes", "Ltd"), ("Telecom", "DAC")]
UK_WORDS = ["Severn", "Mersey", "Pennine", "Cotswold", "Aldgate", "Holborn", "Wessex", "Tamar", "Medway",
            "Chiltern", "Humber", "Solent", "Trent", "Calder", "Wharfe", "Cheviot", "Exmoor", "Fenland"]
UK_SECT = [("Water", "plc"), ("Building Society", ""), ("Rail", "Ltd"), ("Fintech", "Ltd"), ("Housing", "Ltd"),
           ("Brewing Co", "Ltd"), ("Health", "Ltd"), ("Wind", "Ltd"), ("Analytics", "Ltd")]
ASSOC = ["Irish Craft Cider Producers Association", "Federation of Irish Hauliers", "Irish Medtech Exporters Forum",
         "British Offshore Wind Council", "Irish Independent Pharmacies Association", "Fintech Ireland Alliance",
         "Irish Mussel Growers Association", "Housing Providers Forum Northern Ireland", "Irish Vintners Guild",
         "UK Tidal Energy Association", "Irish Creche Owners Network"]
CHARITY = ["Shelter Harbour Trust", "Bright Steps Foundation", "Irish Hedgehog Rescue", "Second Chance Learning CLG",
           "Coastal Lifeline Trust", "Dyslexia Voices Ireland", "Warm Homes Appeal", "Children's Reading Trust",
           "Lakeland Hospice Foundation", "Carers Together CLG"]
US_WORDS = ["Quillbyte", "Nimbrel", "Ardentix", "Loomstack", "Cobaltly", "Parallax Grid", "Tessellate",
            "Brightwire", "Helix Harbor", "Vantafold", "Orbisk", "Kestrel Data"]
US_FORM = ["Inc.", "Inc.", "LLC", "Corp."]
PL_WORDS = ["Kowalczyk", "Ślężańska", "Karkonoska", "Sudecka", "Kłodzka", "Oławska", "Bystrzycka", "Sobótka",
            "Lubiąż", "Milicka", "Trzebnicka", "Brzeska", "Świdnicka", "Wałbrzyska", "Dąbrowski", "Zielińska",
            "Wiśniewski", "Kaczmarek", "Grabowski", "Pawlak", "Jaworska", "Strzegomska", "Oleśnicka", "Bolkowska"]
PL_PATTERNS = ["{w} Logistyka Sp. z o.o.", "Browar {w} S.A.", "Fundacja {w}", "Wydawnictwo {w} Sp. z o.o.",
               "{w} Energia Sp. z o.o.", "Dolnośląski Związek Pracodawców {w}", "{w} Meble Sp. z o.o.",
               "Uzdrowisko {w} S.A.", "{w} Software Sp. z o.o.", "Przychodnia {w} Sp. z o.o.",
               "Mleczarnia {w} Sp. z o.o.", "{w} Nieruchomości Sp. k."]

IE_FIRST = ["Siobhan", "Ciara", "Niamh", "Orla", "Sinead", "Aoife", "Grainne", "Roisin", "Mairead", "Deirdre",
            "Eoin", "Cian", "Darragh", "Padraig", "Colm", "Fergal", "Ronan", "Declan", "Brendan", "Kevin",
            "Emma", "Sarah", "James", "David", "Claire", "Laura", "Mark", "Paul", "Helen", "Fiona"]
IE_LAST = ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill",
           "Reilly", "Dunne", "McCarthy", "Gallagher", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin",
           "Carroll", "Connolly", "Daly", "Connell", "Whelan", "Harris", "Clarke", "Patel", "Hughes", "Foster"]
US_FIRST = ["Jordan", "Taylor", "Morgan", "Ashley", "Tyler", "Brandon", "Megan", "Kayla", "Priya", "Wei", "Carlos", "Dana"]
US_LAST = ["Miller", "Nguyen", "Garcia", "Johnson", "Chen", "Rodriguez", "Whitaker", "Kowalski", "Brooks", "Sandoval"]
PL_FIRST_F = ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Ewa", "Beata", "Justyna", "Marta", "Żaneta"]
PL_FIRST_M = ["Piotr", "Tomasz", "Paweł", "Michał", "Krzysztof", "Łukasz", "Marcin", "Grzegorz", "Rafał", "Jacek"]
PL_LAST_F = ["Nowak", "Wójcik", "Kamińska", "Lewandowska", "Zając", "Szymańska", "Woźniak", "Kozłowska", "Mazur", "Krawczyk"]
PL_LAST_M = ["Nowak", "Wójcik", "Kamiński", "Lewandowski", "Zając", "Szymański", "Woźniak", "Kozłowski", "Mazur", "Krawczyk"]

TITLES_EN = ["Head of Communications", "Marketing Director", "CEO", "Director of Public Affairs", "Communications Manager",
             "Brand & Comms Lead", "Chief Executive", "Head of Marketing", "Corporate Affairs Director", "PR Executive",
             "Marketing Coordinator", "Policy Officer"]
TITLES_PL = ["Dyrektor Marketingu", "Prezes Zarządu", "Kierownik ds. Komunikacji", "Rzecznik prasowy",
             "Specjalista ds. PR", "Członek Zarządu", "Koordynator marketingu"]

PROJECTS_EN = ["product launch", "annual report", "media day", "Budget submission", "sustainability report",
               "spring campaign", "awards entry", "press tour", "CEO op-ed", "stakeholder event", "podcast series",
               "crisis Q&A", "rebrand announcement", "Oireachtas committee briefing", "trade show", "Christmas appeal",
               "LinkedIn series", "media training", "results announcement", "site opening"]
PROJECTS_PL = ["premiera produktu", "raport roczny", "konferencja prasowa", "kampania wiosenna", "raport ESG",
               "wizyta studyjna dla mediów", "gala jubileuszowa", "szkolenie medialne", "otwarcie zakładu",
               "kampania rekrutacyjna", "komunikat kryzysowy", "cykl podcastów", "newsletter dla inwestorów",
               "targi branżowe", "wywiad z prezesem"]


def make_staff(r):
    """12-20 people: 2 partners, 4 account directors, AEs, media lead, designer, writer, office manager."""
    dub = [("Fionnuala", "Hayes"), ("Conor", "Delaney"), ("Rachel", "Kavanagh"), ("Barry", "Mulcahy"),
           ("Aisling", "Toner"), ("Shane", "Corcoran"), ("Gillian", "Redmond"), ("Oisin", "Maher"),
           ("Sorcha", "Lenihan"), ("Dermot", "Costigan"), ("Una", "Prendergast"), ("Killian", "Fahy"),
           ("Yvonne", "Dillon"), ("Tadhg", "Nevin")]
    wro = [("Małgorzata", "Sikorska"), ("Bartosz", "Wróbel"), ("Anna", "Kubiak"), ("Jakub", "Pietrzak"),
           ("Natalia", "Górecka"), ("Wojciech", "Sadowski")]
    r.shuffle(dub)
    r.shuffle(wro)
    staff = []

    def add(name, role, office, cost, bill):
        first, last = name
        dom = AGENCY["domain"] if office == "Dublin" else AGENCY["domain_pl"]
        local = (fold(first) + "." + fold(last)).lower().replace("'", "")
        staff.append({"name": f"{first} {last}", "first": first, "last": last, "role": role, "office": office,
                      "email": f"{local}@{dom}", "cost_rate_eur": cost, "bill_rate_eur": bill})

    add(dub.pop(), "Partner", "Dublin", 110, 220)
    add(wro.pop(), "Partner", "Wroclaw", 85, 180)
    add(dub.pop(), "Account Director", "Dublin", 68, 160)
    add(dub.pop(), "Account Director", "Dublin", 65, 160)
    add(dub.pop(), "Account Director", "Dublin", 66, 160)
    add(wro.pop(), "Account Director", "Wroclaw", 48, 130)
    n_ae_d = r.randint(2, 4)
    n_ae_w = r.randint(1, 2)
    for _ in range(n_ae_d):
        add(dub.pop(), "Account Executive", "Dublin", 38, 110)
    for _ in range(n_ae_w):
        add(wro.pop(), "Account Executive", "Wroclaw", 28, 90)
    add(dub.pop(), "Media Relations Lead", "Dublin", 58, 150)
    add(dub.pop(), "Designer", "Dublin", 45, 120)
    if r.random() < 0.6:
        add(wro.pop(), "Content Writer", "Wroclaw", 32, 95)
    else:
        add(dub.pop(), "Content Writer", "Dublin", 42, 110)
    add(dub.pop(), "Office Manager", "Dublin", 35, 0)
    if r.random() < 0.5:
        add(wro.pop(), "Account Executive", "Wroclaw", 28, 90)
    return staff


# Archetype -> expected decision
ARCH = {
    "keep": "KEEP", "keep_curt_staff": "KEEP", "keep_slow_happy": "KEEP", "keep_big_late_payer": "KEEP",
    "keep_seasonal_silence": "KEEP", "keep_non_decision_maker": "KEEP", "keep_hostile_profitable": "KEEP",
    "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "renegotiate": "RENEGOTIATE",
    "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH",
}


def plan_archetypes(r, n):
    arch = []
    for a in ["reset", "reassign", "release", "recover", "renegotiate"]:
        arch += [a] * r.randint(3, 4)
    arch += ["watch_new"] * r.randint(2, 3) + ["watch_mixed"] * r.randint(1, 2)
    arch += ["keep_slow_happy"] * r.randint(1, 2) + ["keep_big_late_payer"] * r.randint(1, 2)
    arch += ["keep_seasonal_silence"] * r.randint(1, 2) + ["keep_non_decision_maker"] * r.randint(1, 2)
    arch += ["keep_hostile_profitable"] + ["keep_curt_staff"] * 2
    while len(arch) < n:
        arch.append("keep")
    r.shuffle(arch)
    return arch


def make_clients(r, staff, as_of, window_start):
    n = r.randint(40, 54)
    archs = plan_archetypes(r, n)
    n = len(archs)
    used_names, used_domains = set(), set()
    ads = [s for s in staff if s["role"] == "Account Director"]
    partners = [s for s in staff if s["role"] == "Partner"]
    dub_owners = [s for s in ads if s["office"] == "Dublin"] + [s for s in partners if s["office"] == "Dublin"]
    wro_owners = [s for s in ads if s["office"] == "Wroclaw"] + [s for s in partners if s["office"] == "Wroclaw"]
    dub_cols = [s for s in staff if s["office"] == "Dublin" and s["role"] in ("Account Executive", "Media Relations Lead", "Partner", "Content Writer", "Designer")]
    wro_cols = [s for s in staff if s["office"] == "Wroclaw" and s["role"] in ("Account Executive", "Partner", "Content Writer", "Account Director")]
    # the curt staff member: one Dublin account director, curt with all clients
    curt = r.choice([s for s in ads if s["office"] == "Dublin"])
    curt["curt"] = True
    ie_words = IE_WORDS[:]; r.shuffle(ie_words)
    uk_words = UK_WORDS[:]; r.shuffle(uk_words)
    us_words = US_WORDS[:]; r.shuffle(us_words)
    pl_words = PL_WORDS[:]; r.shuffle(pl_words)
    assoc = ASSOC[:]; r.shuffle(assoc)
    char = CHARITY[:]; r.shuffle(char)
    clients = []
    for i, arch in enumerate(archs):
        roll = r.random()
        if roll < 0.26:
            kind = "pl"
        elif roll < 0.36:
            kind = "us"
        elif roll < 0.52:
            kind = "uk"
        elif roll < 0.62:
            kind = "assoc"
        elif roll < 0.70:
            kind = "charity"
        else:
            kind = "ie"
        if arch in ("keep_seasonal_silence",) and r.random() < 0.6:
            kind = r.choice(["charity", "assoc"])
        c = {"idx": i, "archetype": arch, "expected": ARCH[arch]}
        # ---- name, domain
        for _attempt in range(50):
            if kind == "pl":
                w = pl_words.pop()
                pat = r.choice(PL_PATTERNS)
                legal = pat.format(w=w)
                short = w
                tld = ".pl"
                cur, lang, country = "PLN", "pl", "PL"
            elif kind == "us":
                w = us_words.pop()
                legal = f"{w} {r.choice(US_FORM)}"
                short = w
                tld = r.choice([".com", ".io", ".ai"])
                cur, lang, country = "USD", "en", "US"
            elif kind == "uk":
                w = uk_words.pop()
                sect, form = r.choice(UK_SECT)
                legal = f"{w} {sect} {form}".strip()
                short = w
                tld = ".co.uk"
                cur, lang, country = "GBP", "en", "GB"
            elif kind == "assoc":
                legal = assoc.pop()
                short = " ".join(legal.split()[:3])
                tld = ".org.uk" if legal.startswith(("British", "UK", "Housing")) else ".ie"
                cur = "GBP" if tld == ".org.uk" else "EUR"
                lang, country = "en", ("GB" if cur == "GBP" else "IE")
            elif kind == "charity":
                legal = char.pop()
                short = legal.replace(" CLG", "")
                tld = ".org"
                cur, lang, country = "EUR", "en", "IE"
            else:
                w = ie_words.pop()
                sect, form = r.choice(IE_SECT)
                legal = f"{w} {sect} {form}"
                short = w
                tld = ".ie"
                cur, lang, country = "EUR", "en", "IE"
            key = " ".join(name_words(legal))
            if key in used_names:
                continue
            used_names.add(key)
            break
        base = re.sub(r"[^a-z0-9]", "", fold(" ".join(name_words(legal)[:2])).lower())
        if kind in ("assoc", "charity"):
            base = "".join(wd[0] for wd in name_words(legal)) + r.choice(["", "online", "hq"])
            if len(base) < 4:
                base += "org"
        dom = base[:20] + tld
        while dom in used_domains:
            dom = base[:18] + str(r.randint(2, 9)) + tld
        used_domains.add(dom)
        c.update({"kind": kind, "legal": legal, "short": short, "domain": dom, "currency": cur,
                  "lang": lang, "country": country})
        if kind == "pl":
            c["nip"] = nip_valid(r)
        else:
            c["nip"] = ""
        # ---- owner and colleagues
        if kind == "pl":
            owner = r.choice(wro_owners)
            cols = [s for s in wro_cols if s is not owner]
        else:
            pool = dub_owners[:]
            if arch in ("reset", "reassign", "recover", "release", "watch_mixed"):
                # the curt director owns mostly ordinary clients: keep him as the owner of
                # confounder-free KEEPs mostly, but not exclusively
                if r.random() < 0.7:
                    pool = [s for s in pool if not s.get("curt")]
            if arch == "keep_curt_staff":
                pool = [curt]
            owner = r.choice(pool)
            cols = [s for s in dub_cols if s is not owner]
        r.shuffle(cols)
        c["owner"] = owner
        c["colleagues"] = cols[:r.randint(1, 2)] if arch not in ("reset", "reassign") else cols[:2]
        # ---- contacts
        contacts = []
        ncont = r.randint(1, 3) if not arch.startswith("keep_non") else 3
        for k in range(ncont):
            if kind == "pl":
                if r.random() < 0.5:
                    fn, ln = r.choice(PL_FIRST_F), r.choice(PL_LAST_F)
                else:
                    fn, ln = r.choice(PL_FIRST_M), r.choice(PL_LAST_M)
                title = r.choice(TITLES_PL)
            elif kind == "us":
                fn, ln = r.choice(US_FIRST), r.choice(US_LAST)
                title = r.choice(TITLES_EN)
            else:
                fn, ln = r.choice(IE_FIRST), r.choice(IE_LAST)
                title = r.choice(TITLES_EN)
            local = r.choice([f"{fold(fn)}.{fold(ln)}", f"{fold(fn)[0]}{fold(ln)}", f"{fold(fn)}"]).lower().replace("'", "")
            contacts.append({"first": fn, "last": ln, "name": f"{fn} {ln}", "title": title,
                             "email": f"{local}@{dom}", "no_diacritics": kind == "pl" and r.random() < 0.3,
                             "typo_rate": r.choice([0.0, 0.05, 0.15, 0.3])})
        if arch == "keep_non_decision_maker":
            contacts[0]["title"] = "Chief Executive" if kind != "pl" else "Prezes Zarządu"
            contacts[-1]["title"] = "Marketing Coordinator" if kind != "pl" else "Koordynator marketingu"
            c["decision_maker"] = contacts[0]["name"]
            c["junior_contact"] = contacts[-1]["name"]
        c["contacts"] = contacts
        # ---- strength and economics
        c["strength"] = round(r.uniform(0.25, 1.0), 2)
        s = c["strength"]
        # history
        if arch == "watch_new":
            start = as_of - TD(days=r.randint(45, 110))
        elif arch in ("reset", "reassign", "keep_seasonal_silence"):
            start = window_start + TD(days=r.randint(0, 60))
            if (as_of - start).days < 420:
                start = as_of - TD(days=430 + r.randint(0, 60))
            start = max(start, window_start)
        else:
            if r.random() < 0.75:
                start = window_start + TD(days=r.randint(0, 30))
            else:
                start = window_start + TD(days=r.randint(60, 200))
        c["start"] = start
        # billing model
        if arch == "watch_new":
            model = r.choice(["retainer", "project"])
        elif arch == "keep_big_late_payer":
            model = "retainer"
        else:
            model = r.choices(["retainer", "project", "crisis"], [0.62, 0.28, 0.10])[0]
        c["model"] = model
        big = arch in ("keep_big_late_payer",) or r.random() < 0.1
        fee_eur = r.uniform(9000, 16000) if big else r.uniform(2500, 8500)
        if kind in ("charity",):
            fee_eur *= 0.6
        c["big"] = big
        c["fee_eur"] = round(fee_eur, -1)
        # target cost ratio (cost of hours / net revenue)
        if arch == "renegotiate":
            cr = 0.75 + 0.75 * s + r.uniform(-0.05, 0.1)
        elif arch == "release":
            cr = 0.85 + 0.4 * s + r.uniform(-0.05, 0.1)
        elif arch == "watch_mixed":
            cr = r.uniform(0.6, 0.8)
        elif arch == "keep_hostile_profitable":
            cr = r.uniform(0.3, 0.45)
        else:
            cr = r.uniform(0.32, 0.6)
        c["cost_ratio"] = round(cr, 2)
        # payment behaviour (days after due)
        if arch == "release":
            c["late"] = (25 + 45 * s, 12)
        elif arch == "keep_big_late_payer":
            c["late"] = (r.uniform(35, 60), 10)
        elif arch == "watch_mixed":
            c["late"] = (r.uniform(8, 20), 8)
        else:
            c["late"] = (r.uniform(-4, 5), 4)
        # time windows for signals
        if arch == "reset":
            c["t_onset"] = as_of - TD(days=int(r.uniform(42, 56)))
        elif arch == "reassign":
            c["t_onset"] = as_of - TD(days=int(r.uniform(250, 300)))
        elif arch == "recover":
            c["t_onset"] = as_of - TD(days=int(r.uniform(80, 170)))
        elif arch == "watch_mixed":
            c["t_onset"] = as_of - TD(days=int(r.uniform(60, 150)))
        else:
            c["t_onset"] = None
        if c["t_onset"] and c["t_onset"] < start + TD(days=60):
            c["t_onset"] = start + TD(days=60)
        # seasonal silence: quiet in the as-of month and the one before, in every year
        if arch == "keep_seasonal_silence":
            m1 = as_of.month
            m0 = (as_of.month - 2) % 12 + 1
            c["quiet_months"] = [m0, m1]
        else:
            c["quiet_months"] = []
        # activity level (threads per month)
        c["threads_pm"] = r.uniform(3, 7) * (1.4 if big else 1.0)
        if arch == "watch_new":
            c["threads_pm"] = r.uniform(1.0, 2.5)
        c["mua"] = r.choice(["gmail", "outlook", "outlook"])
        c["helpdesk"] = kind in ("us", "uk") and r.random() < 0.6
        c["polish_no_diacritics"] = any(ct["no_diacritics"] for ct in c["contacts"])
        clients.append(c)
    return clients, curt


# ----------------------------------------------------------------------------- messages

def pick(r, lst):
    return r.choice(lst)


def client_category(r, c, when, to_staff, contact_idx):
    a = c["archetype"]
    s = c["strength"]
    owner = to_staff is c["owner"]
    after = c["t_onset"] is not None and when >= c["t_onset"]
    base = [("routine", 40), ("question", 20), ("friendly", 15), ("praise", 9), ("service_complaint", 4),
            ("scope", 4), ("demand", 2)]
    if a == "reset" and after and owner:
        p = 0.35 + 0.45 * s
        if r.random() < p:
            return "person_complaint"
        return r.choice(["routine", "question", "routine"])
    if a == "reassign" and after and owner:
        p = 0.5 + 0.35 * s
        if r.random() < p:
            return "person_complaint"
        return r.choice(["routine", "question"])
    if a in ("reset", "reassign") and not owner:
        base = [("routine", 30), ("friendly", 25), ("praise", 25 if after else 10), ("question", 15)]
    if a == "recover" and after:
        base = [("routine", 25), ("question", 20), ("service_complaint", 15 + 35 * s), ("repeat", 10 + 10 * s),
                ("threat", 2 + 8 * s * (1 if (c["as_of"] - when).days < 45 else 0.2)), ("friendly", 5)]
    if a == "renegotiate":
        base = [("routine", 30), ("question", 15), ("friendly", 15), ("scope", 15 + 20 * s), ("demand", 6 + 10 * s),
                ("praise", 8)]
    if a in ("release", "keep_hostile_profitable"):
        base = [("routine", 20), ("hostile", 20 + 25 * s), ("demand", 10 + 10 * s), ("threat", 4 + 8 * s),
                ("question", 10), ("service_complaint", 6), ("scope", 5)]
        if a == "keep_hostile_profitable":
            base = [("routine", 30), ("hostile", 25 + 20 * s), ("demand", 10), ("threat", 4), ("question", 12), ("praise", 2)]
    if a == "watch_mixed" and after:
        base = [("routine", 30), ("question", 15), ("service_complaint", 12), ("praise", 12), ("demand", 8),
                ("hostile", 4), ("friendly", 8), ("scope", 6)]
    if a == "keep_non_decision_maker" and contact_idx == len(c["contacts"]) - 1:
        # the junior contact grumbles; the decision-maker (contact 0) is happy
        base = [("service_complaint", 25), ("hostile", 10), ("demand", 10), ("routine", 35), ("question", 20)]
    if a == "keep_non_decision_maker" and contact_idx == 0:
        base = [("praise", 30), ("friendly", 25), ("routine", 35), ("question", 10)]
    if a == "keep_slow_happy":
        base = [("routine", 35), ("friendly", 25), ("praise", 20), ("question", 20)]
    if a == "keep_big_late_payer":
        base = [("routine", 40), ("question", 20), ("friendly", 20), ("praise", 15), ("demand", 2)]
    cats, w = zip(*base)
    return r.choices(cats, w)[0]


def reply_category(r, c, staff, ccat):
    if staff.get("curt") and r.random() < 0.65:
        return "reply_curt"
    if ccat in ("service_complaint", "repeat", "threat"):
        return r.choices(["reply_apology", "reply_defensive", "reply_normal"], [65, 20, 15])[0]
    if ccat in ("person_complaint",):
        return r.choices(["reply_normal", "reply_defensive", "reply_apology"], [50, 30, 20])[0]
    if ccat in ("hostile", "demand"):
        return r.choices(["reply_defensive", "reply_apology", "reply_normal"], [40, 35, 25])[0]
    return "reply_normal"


def reply_delay_hours(r, c, staff, when, ccat):
    a = c["archetype"]
    base = r.lognormvariate(math.log(2.5), 0.8)
    if staff.get("curt"):
        base *= 0.7
    if a == "keep_slow_happy":
        base = r.uniform(8, 27)
    if a == "recover" and c["t_onset"] and when >= c["t_onset"]:
        base = r.uniform(12, 20 + 50 * c["strength"])
    return min(base, 200)


def no_reply_prob(c, when):
    if c["archetype"] == "recover" and c["t_onset"] and when >= c["t_onset"]:
        return 0.15 + 0.3 * c["strength"]
    return 0.04


def fill(r, text, ctx):
    out = text
    for k, v in ctx.items():
        out = out.replace("{" + k + "}", str(v))
    return out


def sign_client(r, contact, c, lang):
    fn = contact["first"]
    if lang == "pl":
        opts = [f"Pozdrawiam,\n{contact['name']}", f"Pozdrawiam serdecznie\n{fn}",
                f"--\n{contact['name']}\n{contact['title']}\n{c['legal']}", f"Pozdr.\n{fn}", f"{fn}",
                f"Z poważaniem\n{contact['name']}\n{contact['title']} | {c['legal']}"]
    else:
        opts = [f"Thanks,\n{fn}", f"Best,\n{contact['name']}", f"Kind regards,\n{contact['name']}\n{contact['title']}\n{c['legal']}",
                f"{fn}", f"Cheers\n{fn}", f"Regards,\n{contact['name']} | {contact['title']}",
                f"{fn}\n\nSent from my iPhone"]
    return r.choice(opts)


def sign_staff(r, st, lang):
    if lang == "pl":
        firm = AGENCY["name_pl"]
        opts = [f"Pozdrawiam\n{st['first']}", f"Serdecznie pozdrawiam,\n{st['name']}\n{st['role']} | {firm}\nul. Ruska 46a, 50-079 Wrocław",
                f"{st['first']}", f"Dzięki,\n{st['first']}"]
    else:
        opts = [f"Best,\n{st['first']}", f"Kind regards,\n{st['name']}\n{st['role']}\nQuayside Odra Communications | 14 Sir John Rogerson's Quay, Dublin 2",
                f"{st['first']}", f"Thanks,\n{st['first']}", f"All the best\n{st['name']}"]
    return r.choice(opts)


QUOTE_STYLE = {}


def quote(text, who, when, lang, style=None):
    """Quote the earlier message the way the replying mail client does."""
    style = style or "gmail"
    if style == "outlook":
        if lang == "pl":
            hdr = (f"-----Wiadomość oryginalna-----\nOd: {who}\nWysłano: {when.strftime('%d.%m.%Y %H:%M')}\n"
                   f"Temat: RE")
        else:
            hdr = (f"________________________________\nFrom: {who}\nSent: {when.strftime('%A, %d %B %Y %H:%M')}\n"
                   f"Subject: RE")
        return f"\n\n{hdr}\n\n{text}\n"
    lines = "\n".join("> " + ln if ln else ">" for ln in text.splitlines())
    if lang == "pl":
        hdr = f"W dniu {when.strftime('%d.%m.%Y')} o {when.strftime('%H:%M')}, {who} pisze:"
    else:
        hdr = f"On {when.strftime('%a, %d %b %Y at %H:%M')}, {who} wrote:"
    return f"\n\n{hdr}\n{lines}\n"


# ----------------------------------------------------------------------------- main generation

def generate(seed, out):
    r = random.Random(seed * 7919 + 17)
    as_of = D(2026, r.choice([9, 10, 11]), 1) + TD(days=r.randint(5, 25))
    months_hist = r.randint(14, 24)
    ws_m = as_of.month - months_hist
    ws_y = as_of.year
    while ws_m <= 0:
        ws_m += 12
        ws_y -= 1
    window_start = D(ws_y, ws_m, 1)
    AGENCY["nip"] = nip_valid(random.Random(4242), prefix=[8, 9, 7])
    staff = make_staff(r)
    clients, curt = make_clients(r, staff, as_of, window_start)
    for c in clients:
        c["as_of"] = as_of
    exp = os.path.join(out, "exports")
    os.makedirs(exp, exist_ok=True)

    eur_rate = {"EUR": 1.0, "GBP": 0.86, "USD": 1.12, "PLN": 4.26}

    # ------------------------------------------------------------------ invoices
    xero_rows, bank_rows, stripe_inv, stripe_pay, fakt, ksef_files = [], [], [], [], [], []
    inv_no = {"xero": 1040 + r.randint(0, 300), "us": 1 + r.randint(0, 40), "pl": 1}
    revenue = {}  # client idx -> list of (date, net eur)
    for c in clients:
        c["invoices"] = []
        cur = c["currency"]
        fx = eur_rate[cur]
        months = [m for m in month_iter(max(c["start"], window_start), as_of)]
        fee = c["fee_eur"] * fx
        amounts = []
        if c["model"] == "retainer":
            for m in months:
                d = business_day(m if m >= c["start"] else c["start"])
                if m.month == 8:
                    amt = fee * 0.8
                else:
                    amt = fee
                if c["archetype"] == "renegotiate":
                    amt *= (1 - 0.1 * c["strength"])  # discount given
                amounts.append((d, amt, f"Monthly retainer – {m.strftime('%B %Y')}" if c["lang"] == "en" else f"Obsługa PR – abonament {m.strftime('%m/%Y')}"))
        elif c["model"] == "project":
            d = c["start"] + TD(days=r.randint(5, 20))
            while d <= as_of:
                proj = r.choice(PROJECTS_EN if c["lang"] == "en" else PROJECTS_PL)
                total = fee * r.uniform(1.6, 3.2)
                amounts.append((business_day(d), total * 0.5, f"{proj.capitalize()} – deposit 50%" if c["lang"] == "en" else f"{proj.capitalize()} – zaliczka 50%"))
                d2 = d + TD(days=r.randint(30, 60))
                if d2 <= as_of:
                    amounts.append((business_day(d2), total * 0.5, f"{proj.capitalize()} – balance" if c["lang"] == "en" else f"{proj.capitalize()} – rozliczenie końcowe"))
                d = d2 + TD(days=r.randint(10, 50))
        else:  # crisis / hourly
            d = c["start"] + TD(days=r.randint(3, 15))
            while d <= as_of:
                hrs = r.uniform(15, 60)
                rate = 190 * fx
                amounts.append((business_day(d), hrs * rate, f"Crisis communications support – {hrs:.1f} h" if c["lang"] == "en" else f"Wsparcie komunikacji kryzysowej – {hrs:.1f} h"))
                d = d + TD(days=r.randint(25, 75))
            # plus a small monthly media monitoring retainer
            for m in months[::2]:
                amounts.append((business_day(m), 900 * fx, "Media monitoring" if c["lang"] == "en" else "Monitoring mediów"))
        amounts.sort()
        for (d, amt, desc) in amounts:
            if d > as_of:
                continue
            amt = money(amt)
            if c["kind"] == "pl":
                terms = 14
            elif c["kind"] == "us":
                terms = 30
            else:
                terms = 30
            due = d + TD(days=terms)
            mu, sd = c["late"]
            late = r.gauss(mu, sd)
            if c["archetype"] == "release" and r.random() < 0.2:
                late = None if (as_of - due).days < 120 else mu + 30
            paid_on = None if late is None else due + TD(days=int(round(late)))
            if paid_on is not None and paid_on < d:
                paid_on = d + TD(days=1)
            if paid_on is not None and paid_on > as_of:
                paid_on = None
            c["invoices"].append({"date": d, "due": due, "net": amt, "desc": desc, "paid_on": paid_on})
            revenue.setdefault(c["idx"], []).append((d, amt / fx))

    # write invoice exports
    def xero_name(c):
        return c["legal"]

    allinv = sorted(((inv["date"], c["idx"], k, c, inv) for c in clients for k, inv in enumerate(c["invoices"])), key=lambda x: x[:3])
    per_month = {}
    for (_d, _i, _k, c, inv) in allinv:
        if c["kind"] == "pl":
            key = (inv["date"].year, inv["date"].month)
            per_month[key] = per_month.get(key, 0) + 1
            inv["number"] = f"FV/{per_month[key]}/{inv['date'].month:02d}/{inv['date'].year}"
        elif c["kind"] == "us":
            inv["number"] = f"QOC-{inv_no['us']:04d}"
            inv_no["us"] += 1
        else:
            inv["number"] = f"INV-{inv_no['xero']:05d}"
            inv_no["xero"] += 1
    for c in clients:
        cur = c["currency"]
        for inv in c["invoices"]:
            net = inv["net"]
            if c["kind"] == "pl":
                no = inv["number"]
                vat = money(net * 0.23)
                gross = money(net + vat)
                inv["number"] = no
                paid = gross if inv["paid_on"] else 0.0
                status = "paid" if inv["paid_on"] else ("sent" if r.random() < 0.8 else "issued")
                buyer = c["legal"]
                if r.random() < 0.3:
                    buyer = buyer.upper()
                tax_no = c["nip"]
                if c["idx"] % 3 == 0:
                    tax_no = f"{tax_no[:3]}-{tax_no[3:6]}-{tax_no[6:8]}-{tax_no[8:]}"
                fakt.append({
                    "id": 380000000 + len(fakt) * 7 + r.randint(0, 6),
                    "kind": "vat", "number": no, "issue_date": inv["date"].isoformat(),
                    "sell_date": month_end(inv["date"]).isoformat() if inv["date"].day > 20 else inv["date"].isoformat(),
                    "payment_to": inv["due"].isoformat(),
                    "paid_date": inv["paid_on"].isoformat() if inv["paid_on"] else None,
                    "status": status,
                    "buyer_name": buyer, "buyer_tax_no": tax_no,
                    "price_net": f"{net:.2f}".replace(".", ","), "price_gross": f"{gross:.2f}".replace(".", ","),
                    "paid": f"{paid:.2f}".replace(".", ","), "currency": "PLN",
                    "seller_name": AGENCY["name_pl"], "seller_tax_no": AGENCY["nip"],
                    "description": inv["desc"], "lang": "pl",
                })
                if inv["date"] >= D(2026, 2, 1):
                    ksef_files.append((c, inv, net, vat, gross))
            elif c["kind"] == "us":
                inv_id = "in_1" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(23))
                no = inv["number"]
                cust = c.setdefault("stripe_cus", "cus_" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijk0123456789") for _ in range(14)))
                paid = inv["paid_on"] is not None
                def ts(d, h=None):
                    return f"{d.isoformat()} {h or r.randint(8, 20):02d}:{r.randint(0, 59):02d}"
                stripe_inv.append({
                    "id": inv_id, "Number": no, "Customer": cust,
                    "Customer Name": c["legal"] if r.random() < 0.7 else c["legal"].upper(),
                    "Customer Email": c["contacts"][0]["email"],
                    "Status": "paid" if paid else "open", "Currency": "usd",
                    "Amount Due": f"{net:.2f}", "Amount Paid": f"{net:.2f}" if paid else "0.00",
                    "Subtotal": f"{net:.2f}", "Tax": "0.00", "Tax Percent": "", "Total": f"{net:.2f}",
                    "Total Discount Amount": "0.00", "Applied Coupons": "", "Starting Balance": "0.00", "Ending Balance": "0.00",
                    "Date (UTC)": ts(inv["date"]), "Due Date (UTC)": ts(inv["due"], 23),
                    "Paid At (UTC)": ts(inv["paid_on"]) if paid else "", "Finalized At (UTC)": ts(inv["date"]),
                    "Voided At (UTC)": "", "Marked Uncollectible At (UTC)": "",
                    "Period Start (UTC)": ts(inv["date"].replace(day=1), 0), "Period End (UTC)": ts(month_end(inv["date"]), 23),
                    "Paid": "true" if paid else "false", "Closed": "true" if paid else "false", "Forgiven": "false",
                    "Billing": "send_invoice", "Charge": "", "Subscription": "", "Description": inv["desc"],
                })
                if paid:
                    ch = "ch_3" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijk0123456789") for _ in range(23))
                    stripe_inv[-1]["Charge"] = ch
                    fee_amt = money(net * 0.015 + 0.25)
                    stripe_pay.append({
                        "id": ch, "Description": f"Invoice {no}", "Seller Message": "Payment complete.",
                        "Created (UTC)": ts(inv["paid_on"]), "Amount": f"{net:.2f}", "Amount Refunded": "0.00",
                        "Currency": "usd", "Converted Amount": f"{net / eur_rate['USD']:.2f}", "Converted Amount Refunded": "0.00",
                        "Fee": f"{fee_amt:.2f}", "Tax": "0.00", "Converted Currency": "eur", "Mode": "Live", "Status": "Paid",
                        "Statement Descriptor": "QUAYSIDE ODRA", "Customer ID": cust, "Customer Description": c["legal"],
                        "Customer Email": c["contacts"][0]["email"], "Captured": "true",
                        "Card ID": "", "Invoice ID": inv_id, "Invoice Number": no, "Payment Source Type": "ach_credit_transfer" if r.random() < 0.6 else "card",
                        "Destination": "", "Transfer": "", "Transfer Group": "",
                        "PaymentIntent ID": "pi_3" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijk0123456789") for _ in range(23)),
                    })
            else:
                no = inv["number"]
                vat_rate = 0.23 if c["country"] == "IE" else 0.0
                lines = [(inv["desc"], net)]
                if c["model"] != "retainer" and r.random() < 0.4:
                    part = money(net * r.uniform(0.05, 0.15))
                    lines = [(inv["desc"], money(net - part)), ("Design and print management", part)]
                tax_total = money(net * vat_rate)
                total = money(net + tax_total)
                paid_amt = total if inv["paid_on"] else 0.0
                disc = ""
                if c["archetype"] == "renegotiate" and r.random() < 0.5:
                    disc = f"{round(5 + 15 * c['strength'])}"
                for (ldesc, lamt) in lines:
                    xero_rows.append({
                        "ContactName": xero_name(c), "EmailAddress": c["contacts"][0]["email"] if r.random() < 0.9 else "",
                        "POAddressLine1": "", "POAddressLine2": "", "POCity": "Dublin" if c["country"] == "IE" else ("London" if c["country"] == "GB" else ""),
                        "PORegion": "", "POPostalCode": "", "POCountry": {"IE": "Ireland", "GB": "United Kingdom"}.get(c["country"], ""),
                        "InvoiceNumber": no, "Reference": ldesc[:40], "InvoiceDate": inv["date"].strftime("%d/%m/%Y"),
                        "DueDate": inv["due"].strftime("%d/%m/%Y"), "PlannedDate": "",
                        "Total": f"{total:.2f}", "TaxTotal": f"{tax_total:.2f}", "InvoiceAmountPaid": f"{paid_amt:.2f}",
                        "InvoiceAmountDue": f"{total - paid_amt:.2f}", "InventoryItemCode": "",
                        "Description": ldesc, "Quantity": "1.00",
                        "UnitAmount": f"{(lamt / (1 - int(disc) / 100)) if disc else lamt:.2f}", "Discount": disc,
                        "LineAmount": f"{lamt:.2f}", "AccountCode": "200", "TaxType": "23% (VAT on Income)" if vat_rate else "Zero Rated EC Services" if c["country"] == "GB" else "Exempt",
                        "TaxAmount": f"{money(lamt * vat_rate):.2f}", "TrackingName1": "Office", "TrackingOption1": "Dublin",
                        "TrackingName2": "", "TrackingOption2": "", "Currency": cur, "Type": "Sales invoice",
                        "Sent": "Sent", "Status": "Paid" if inv["paid_on"] else "Awaiting Payment",
                    })
                if inv["paid_on"]:
                    # sometimes paid in two instalments
                    if c["archetype"] in ("release", "keep_big_late_payer") and r.random() < 0.3:
                        first = money(total * 0.5)
                        d1 = inv["paid_on"] - TD(days=r.randint(10, 25))
                        d1 = max(d1, inv["date"] + TD(days=1))
                        bank_rows.append((d1, no, first, cur))
                        bank_rows.append((inv["paid_on"], no, money(total - first), cur))
                    else:
                        bank_rows.append((inv["paid_on"], no, total, cur))

    # Xero
    xcols = ["ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POCity", "PORegion", "POPostalCode",
             "POCountry", "InvoiceNumber", "Reference", "InvoiceDate", "DueDate", "PlannedDate", "Total", "TaxTotal",
             "InvoiceAmountPaid", "InvoiceAmountDue", "InventoryItemCode", "Description", "Quantity", "UnitAmount",
             "Discount", "LineAmount", "AccountCode", "TaxType", "TaxAmount", "TrackingName1", "TrackingOption1",
             "TrackingName2", "TrackingOption2", "Currency", "Type", "Sent", "Status"]
    os.makedirs(os.path.join(exp, "xero"), exist_ok=True)
    with open(os.path.join(exp, "xero", "Invoices_export_QuaysideOdra.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=xcols)
        w.writeheader()
        xero_rows.sort(key=lambda x: (x["InvoiceNumber"]))
        for row in xero_rows:
            w.writerow(row)
    # bank payments (AIB business export reworked by the office manager)
    os.makedirs(os.path.join(exp, "bank"), exist_ok=True)
    with open(os.path.join(exp, "bank", "aib_receipts_matched.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["paid_on", "invoice_number", "amount", "currency", "id"])
        for i, (d, no, amt, cur) in enumerate(sorted(bank_rows)):
            w.writerow([d.isoformat(), no, f"{amt:.2f}", cur, f"AIB-{d.strftime('%Y%m%d')}-{i:04d}"])
    # Stripe
    os.makedirs(os.path.join(exp, "stripe"), exist_ok=True)
    if stripe_inv:
        icols = list(stripe_inv[0].keys())
        with open(os.path.join(exp, "stripe", "invoices.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=icols)
            w.writeheader()
            for row in sorted(stripe_inv, key=lambda x: x["Date (UTC)"], reverse=True):
                w.writerow(row)
    if stripe_pay:
        pcols = list(stripe_pay[0].keys())
        with open(os.path.join(exp, "stripe", "payments.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=pcols)
            w.writeheader()
            for row in sorted(stripe_pay, key=lambda x: x["Created (UTC)"], reverse=True):
                w.writerow(row)
    # Fakturownia JSON (API pages)
    os.makedirs(os.path.join(exp, "fakturownia"), exist_ok=True)
    fakt.sort(key=lambda x: (x["issue_date"], int(x["number"].split("/")[1])))
    fid = 381200000 + r.randint(0, 90000)
    for row in fakt:
        fid += r.randint(1, 40)
        row["id"] = fid
    page = 1
    for i in range(0, len(fakt), 100):
        with open(os.path.join(exp, "fakturownia", f"invoices_page{page}.json"), "w", encoding="utf-8") as f:
            json.dump(fakt[i:i + 100], f, ensure_ascii=False, indent=1)
        page += 1
    # KSeF FA(3)
    os.makedirs(os.path.join(exp, "ksef"), exist_ok=True)
    for (c, inv, net, vat, gross) in ksef_files:
        xml = ksef_xml(c, inv, net, vat, gross)
        fn = inv["number"].replace("/", "_") + ".xml"
        with open(os.path.join(exp, "ksef", fn), "w", encoding="utf-8") as f:
            f.write(xml)

    # ------------------------------------------------------------------ time (Clockify)
    time_rows = []
    roles_work = {"Account Executive": 0.3, "Media Relations Lead": 0.15, "Designer": 0.1, "Content Writer": 0.1, "Partner": 0.05}
    for c in clients:
        fx = eur_rate[c["currency"]]
        rev_by_month = {}
        for (d, eur) in revenue.get(c["idx"], []):
            rev_by_month.setdefault((d.year, d.month), 0)
            rev_by_month[(d.year, d.month)] += eur
        total_rev = sum(rev_by_month.values())
        months = list(month_iter(max(c["start"], window_start), as_of))
        if not months:
            continue
        team = [c["owner"]] + c["colleagues"]
        # reassign: the colleague increasingly carries the work
        for m in months:
            avg_rev = total_rev / len(months)
            rev_m = rev_by_month.get((m.year, m.month), 0.0)
            # effort follows the work: lumpy for projects and crisis work, steady for retainers
            shape = 0.45 + 0.55 * (rev_m / avg_rev) if avg_rev > 0 else 1.0
            target_cost = avg_rev * c["cost_ratio"] * shape * r.uniform(0.8, 1.2)
            if m.month in (8,) or (m.month == 12):
                target_cost *= 0.6
            if c["archetype"] == "recover" and c["t_onset"] and m >= c["t_onset"].replace(day=1):
                target_cost *= 0.6
            if m.month in c["quiet_months"]:
                target_cost *= 0.3
            shares = {c["owner"]["name"]: 0.45}
            for col in c["colleagues"]:
                shares[col["name"]] = 0.55 / len(c["colleagues"])
            for st in team:
                cost = target_cost * shares[st["name"]]
                hours = cost / st["cost_rate_eur"]
                last = month_end(m) if month_end(m) <= as_of else as_of
                days = [m + TD(days=k) for k in range((last - m).days + 1) if (m + TD(days=k)).weekday() < 5]
                if not days:
                    continue
                while hours > 0.2:
                    h = min(hours, r.choice([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]))
                    hours -= h
                    day = r.choice(days)
                    start_h = r.randint(9, 16)
                    if c["model"] == "crisis" and shape > 1.3 and r.random() < 0.3:
                        # a crisis month: evening and weekend work
                        wk = [m + TD(days=k) for k in range((last - m).days + 1)]
                        day = r.choice(wk)
                        start_h = r.randint(18, 20)
                    time_rows.append((c, st, day, start_h, r.choice([0, 15, 30, 45]), h))
    # clockify
    os.makedirs(os.path.join(exp, "clockify"), exist_ok=True)
    ccols = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
             "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (EUR)",
             "Billable Amount (EUR)", "Cost Rate (EUR)", "Cost Amount (EUR)"]
    tasks_en = ["Media relations", "Press release drafting", "Client call", "Stakeholder mapping", "Media monitoring",
                "Event logistics", "Content writing", "Design", "Reporting", "Strategy", "Crisis response", "Briefing notes"]
    tasks_pl = ["Relacje z mediami", "Przygotowanie informacji prasowej", "Spotkanie z klientem", "Monitoring mediów",
                "Organizacja wydarzenia", "Copywriting", "Projekt graficzny", "Raportowanie", "Strategia"]
    time_rows.sort(key=lambda x: (x[2], x[3], x[1]["name"]))
    with open(os.path.join(exp, "clockify", "Clockify_Time_Report_Detailed.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ccols)
        for (c, st, day, sh, sm, h) in time_rows:
            start = dt.datetime.combine(day, dt.time(sh, sm))
            end = start + TD(hours=h)
            tasks = tasks_pl if c["lang"] == "pl" else tasks_en
            task = r.choice(tasks)
            billable = "Yes"
            if c["archetype"] == "renegotiate" and r.random() < 0.25 + 0.3 * c["strength"]:
                billable = "No"
                task = "Out of scope – " + task if c["lang"] == "en" else "Poza zakresem – " + task
            elif r.random() < 0.08:
                billable = "No"
            proj_name = c["time_project"] if "time_project" in c else None
            hh = int(h)
            mm = int(round((h - hh) * 60))
            br = st["bill_rate_eur"] if billable == "Yes" else 0
            w.writerow([
                f"{c['short']} – {'Retainer' if c['model'] == 'retainer' else ('Crisis' if c['model'] == 'crisis' else 'Projects')}",
                c["short"], task, "", st["name"], st["office"], st["email"], "", billable,
                day.isoformat(), start.strftime("%H:%M:%S"), end.date().isoformat(), end.strftime("%H:%M:%S"),
                f"{hh:02d}:{mm:02d}:00", f"{h:.2f}", f"{br:.2f}", f"{br * h:.2f}",
                f"{st['cost_rate_eur']:.2f}", f"{st['cost_rate_eur'] * h:.2f}"])

    # ------------------------------------------------------------------ HubSpot
    os.makedirs(os.path.join(exp, "hubspot"), exist_ok=True)
    with open(os.path.join(exp, "hubspot", "hubspot-crm-exports-all-companies.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date", "Country/Region", "Industry"])
        for c in clients:
            c["hs_id"] = 8800000000 + c["idx"] * 1371 + r.randint(0, 999)
            nm = c["legal"]
            roll = r.random()
            if roll < 0.35:
                nm = " ".join(wd for wd in c["legal"].split() if wd not in ("Ltd", "DAC", "plc", "Inc.", "LLC", "Corp.", "CLG", "S.A.", "Sp.", "z", "o.o.", "k."))
            owner_col = c["owner"]["email"] if r.random() < 0.7 else c["owner"]["name"]
            created = dt.datetime.combine(c["start"] - TD(days=r.randint(5, 40)), dt.time(r.randint(8, 17), r.randint(0, 59)))
            w.writerow([c["hs_id"], nm, c["domain"], owner_col, created.strftime("%Y-%m-%d %H:%M"),
                        (dt.datetime.combine(as_of - TD(days=r.randint(0, 20)), dt.time(10, 0))).strftime("%Y-%m-%d %H:%M"),
                        {"IE": "Ireland", "GB": "United Kingdom", "US": "United States", "PL": "Poland"}[c["country"]], ""])
    with open(os.path.join(exp, "hubspot", "hubspot-crm-exports-all-deals.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Pipeline", "Create Date", "Associated Company IDs"])
        for c in clients:
            cd = dt.datetime.combine(c["start"] - TD(days=r.randint(1, 10)), dt.time(12, 0))
            w.writerow([9100000000 + c["idx"] * 733, f"{c['short']} – {'retainer' if c['model'] == 'retainer' else c['model']} {cd.year}",
                        "Closed won", f"{c['fee_eur'] * eur_rate[c['currency']]:.2f}", cd.strftime("%Y-%m-%d %H:%M"),
                        c["owner"]["email"], "Sales Pipeline", (cd - TD(days=r.randint(10, 60))).strftime("%Y-%m-%d %H:%M"),
                        str(c["hs_id"])])

    # ------------------------------------------------------------------ rates
    write_rates(r, exp, window_start, as_of)

    # ------------------------------------------------------------------ mail
    messages = build_mail(r, clients, staff, as_of, window_start)
    write_mail(r, exp, messages, staff)
    write_freshdesk(r, exp, as_of)

    # ------------------------------------------------------------------ truth
    write_truth(out, clients, staff, as_of, window_start, seed, curt, messages)
    return clients


def ksef_xml(c, inv, net, vat, gross):
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paid = ""  # an invoice sent to KSeF is immutable: payment is known only to the invoicing tool
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{inv['date'].isoformat()}T08:{inv['date'].day:02d}:00Z</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{AGENCY['nip']}</NIP>
      <Nazwa>{esc(AGENCY['name_pl'])}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Ruska 46a</AdresL1>
      <AdresL2>50-079 Wrocław</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{c['nip']}</NIP>
      <Nazwa>{esc(c['legal'])}</Nazwa>
    </DaneIdentyfikacyjne>
    <JST>2</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>{inv['date'].isoformat()}</P_1>
    <P_2>{inv['number']}</P_2>
    <P_6>{month_end(inv['date']).isoformat() if inv['date'].day > 20 else inv['date'].isoformat()}</P_6>
    <P_13_1>{net:.2f}</P_13_1>
    <P_14_1>{vat:.2f}</P_14_1>
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
      <P_7>{esc(inv['desc'])}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{net:.2f}</P_9A>
      <P_11>{net:.2f}</P_11>
      <P_12>23</P_12>
    </FaWiersz>
    <Platnosc>{paid}
      <TerminPlatnosci>
        <Termin>{inv['due'].isoformat()}</Termin>
      </TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>61109010140000071219812874</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
"""


def write_rates(r, exp, start, end):
    os.makedirs(os.path.join(exp, "rates"), exist_ok=True)
    days = []
    d = start - TD(days=10)
    while d <= end:
        if d.weekday() < 5 and not (d.month == 12 and d.day in (25, 26)) and not (d.month == 1 and d.day == 1):
            days.append(d)
        d += TD(days=1)
    usd, gbp, pln, chf, jpy, czk = 1.09, 0.855, 4.28, 0.94, 162.0, 25.1
    series = []
    for d in days:
        usd *= math.exp(r.gauss(0, 0.004)); gbp *= math.exp(r.gauss(0, 0.003)); pln *= math.exp(r.gauss(0, 0.0025))
        chf *= math.exp(r.gauss(0, 0.003)); jpy *= math.exp(r.gauss(0, 0.005)); czk *= math.exp(r.gauss(0, 0.002))
        usd = min(max(usd, 1.02), 1.2); gbp = min(max(gbp, 0.82), 0.9); pln = min(max(pln, 4.18), 4.36)
        series.append((d, usd, jpy, czk, gbp, pln, chf))
    with open(os.path.join(exp, "rates", "eurofxref-hist.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("Date,USD,JPY,BGN,CZK,DKK,GBP,HUF,PLN,RON,SEK,CHF,\n")
        for (d, u, j, cz, g, p, ch) in reversed(series):
            f.write(f"{d.isoformat()},{u:.4f},{j:.2f},1.9558,{cz:.3f},7.4601,{g:.5f},{395.1 + (d.toordinal() % 17) * 0.3:.2f},{p:.4f},{4.97 + (d.toordinal() % 5) * 0.01:.4f},{11.2 + (d.toordinal() % 9) * 0.02:.4f},{ch:.4f},\n")
    # NBP table A archive per year (PLN per unit), Windows-1250
    by_year = {}
    for (d, u, j, cz, g, p, ch) in series:
        by_year.setdefault(d.year, []).append((d, p / u, p, p / g, 100 * p / j, p / cz, p / ch))
    for y, rows in by_year.items():
        lines = ["data;1USD;1EUR;1GBP;100JPY;1CZK;1CHF;nr tabeli;pełny numer tabeli"]
        for k, (d, u, e, g, j, cz, ch) in enumerate(rows, 1):
            vals = [f"{u:.4f}", f"{e:.4f}", f"{g:.4f}", f"{j:.4f}", f"{cz:.4f}", f"{ch:.4f}"]
            lines.append(d.strftime("%Y%m%d") + ";" + ";".join(v.replace(".", ",") for v in vals) + f";{k};{k:03d}/A/NBP/{y}")
        lines.append("kod ISO;USD;EUR;GBP;JPY;CZK;CHF;;")
        lines.append("nazwa waluty;dolar amerykański;euro;funt szterling;jen (Japonia);korona czeska;frank szwajcarski;;")
        lines.append("liczba jednostek;1;1;1;100;1;1;;")
        with open(os.path.join(exp, "rates", f"archiwum_tab_a_{y}.csv"), "w", newline="", encoding="cp1250") as f:
            f.write("\r\n".join(lines) + "\r\n")


# ----------------------------------------------------------------------------- mail building

SUBJ_EN = ["{proj} – next steps", "{proj}: draft for review", "Coverage report {month}", "Quick question re {proj}",
           "Media list for {proj}", "Call on {day}?", "{proj} timeline", "Press release – final?", "Update on {proj}",
           "Interview requests", "{month} activity report", "Board pack – comms section", "Speaking slot", "{proj} budget",
           "Op-ed draft v2", "Photos from {proj}", "Q&A doc", "Journalist enquiry"]
SUBJ_PL = ["{proj} – kolejne kroki", "{proj}: wersja do akceptacji", "Raport z publikacji – {month}", "Pytanie ws. {proj}",
           "Lista mediów – {proj}", "Spotkanie w {day}?", "Harmonogram: {proj}", "Informacja prasowa – wersja finalna?",
           "Aktualizacja – {proj}", "Prośby o wywiad", "Raport miesięczny {month}", "Budżet – {proj}", "Zdjęcia z wydarzenia",
           "Zapytanie od dziennikarza"]
MONTHS_PL = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS_PL = ["poniedziałek", "wtorek", "środę", "czwartek", "piątek"]


TICKETS = []


def write_freshdesk(r, exp, as_of):
    if not TICKETS:
        return
    os.makedirs(os.path.join(exp, "freshdesk"), exist_ok=True)
    cols = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
            "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time", "Initial response time",
            "Time tracked", "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions",
            "Customer interactions", "Resolution status", "First response status", "Tags", "Survey results", "Product",
            "Full name", "Email", "Company Name"]
    f = lambda t: t.strftime("%Y-%m-%d %H:%M:%S") if t else ""
    with open(os.path.join(exp, "freshdesk", "tickets_export.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        tid = 1000 + r.randint(0, 500)
        for t in sorted(TICKETS, key=lambda x: x["created"]):
            tid += 1
            c = t["client"]
            fr = t["first_reply"]
            resolved = None
            if fr:
                resolved = fr + TD(hours=r.uniform(1, 72))
                if resolved.date() > as_of:
                    resolved = None
            status = "Closed" if resolved and (as_of - resolved.date()).days > 3 else ("Resolved" if resolved else ("Pending" if fr else "Open"))
            prio = {"threat": "Urgent", "service_complaint": "High", "hostile": "High", "demand": "Medium"}.get(t["cat"], "Low")
            typ = {"service_complaint": "Problem", "threat": "Problem", "hostile": "Problem", "question": "Question",
                   "scope": "Feature Request", "demand": "Feature Request"}.get(t["cat"], "Question")
            frh = (fr - t["created"]).total_seconds() / 3600 if fr else None
            resh = (resolved - t["created"]).total_seconds() / 3600 if resolved else None
            due = t["created"] + TD(hours=24 if prio in ("Urgent", "High") else 72)
            w.writerow([tid, t["subject"], t["body"], status, prio, r.choice(["Email", "Portal", "Email"]), typ,
                        t["staff"]["name"], "Client Service", f(t["created"]), f(due), f(resolved),
                        f(resolved + TD(days=3)) if status == "Closed" else "", f(resolved or fr or t["created"]),
                        f(fr), f"{r.randint(0, 2):02d}:{r.choice([0, 15, 30, 45]):02d}",
                        f"{frh:.2f}" if frh is not None else "", f"{resh:.2f}" if resh is not None else "",
                        1 if fr else 0, 1, ("Within SLA" if resolved and resolved <= due else ("SLA Violated" if resolved else "")),
                        ("Within SLA" if fr and fr <= due else ("SLA Violated" if fr else "")), "", "", "Client portal",
                        t["contact"]["name"], t["contact"]["email"], c["legal"] if r.random() < 0.6 else c["short"]])


def build_mail(r, clients, staff, as_of, window_start):
    msgs = []
    office_mgr = [s for s in staff if s["role"] == "Office Manager"][0]
    partners = [s for s in staff if s["role"] == "Partner"]
    seq = [0]

    def mid(dom):
        seq[0] += 1
        return f"<{seq[0]:06d}.{r.getrandbits(40):x}@{dom}>"

    for c in clients:
        lang = c["lang"]
        bank = msgbank.PL if lang == "pl" else msgbank.EN
        start = max(c["start"], window_start)
        team = [c["owner"]] + c["colleagues"]
        projs = PROJECTS_PL if lang == "pl" else PROJECTS_EN
        d = start
        last_unanswered = None
        while d <= as_of:
            m = d.replace(day=1)
            rate = c["threads_pm"]
            if d.month == 8 or (d.month == 12 and d.day > 18) or (d.month == 1 and d.day < 6):
                rate *= 0.4
            if d.month in c["quiet_months"]:
                rate *= 0.03
            if c["archetype"] in ("reset", "recover", "release") and c["t_onset"] and d >= c["t_onset"]:
                rate *= 1.5  # friction makes more mail
            # expected threads in a week
            n = 0
            lam = rate / 4.3
            while r.random() < lam / (1 + lam) and n < 6:
                n += 1
            for _ in range(n):
                when_d = d + TD(days=r.randint(0, 6))
                if when_d > as_of or when_d.weekday() >= 5 and r.random() < 0.8:
                    continue
                when = dt.datetime.combine(when_d, dt.time(r.randint(7, 19), r.randint(0, 59), r.randint(0, 59)))
                if c["model"] == "crisis" and r.random() < 0.35:
                    # crisis work arrives at short notice: evenings and weekends
                    when = dt.datetime.combine(when_d + TD(days=r.choice([0, 0, (5 - when_d.weekday()) % 7])),
                                               dt.time(r.randint(19, 23), r.randint(0, 59), r.randint(0, 59)))
                    if when.date() > as_of:
                        continue
                # who on our side
                a = c["archetype"]
                after = c["t_onset"] is not None and when_d >= c["t_onset"]
                if a == "reassign" and after:
                    stf = r.choices(team, [0.45] + [0.55 / len(c["colleagues"])] * len(c["colleagues"]))[0]
                else:
                    stf = r.choices(team, [0.6] + [0.4 / len(c["colleagues"])] * len(c["colleagues"]))[0]
                cidx = 0 if len(c["contacts"]) == 1 or r.random() < 0.55 else r.randrange(1, len(c["contacts"]))
                contact = c["contacts"][cidx]
                proj = r.choice(projs)
                month_name = MONTHS_PL[when.month - 1] if lang == "pl" else when.strftime("%B")
                ctx = {"fn": stf["first"], "cfn": contact["first"], "proj": proj, "month": month_name,
                       "day": r.choice(DAYS_PL if lang == "pl" else DAYS_EN), "coll": next((x["first"] for x in c["colleagues"] if x is not stf), c["owner"]["first"] if stf is not c["owner"] else c["colleagues"][0]["first"]),
                       "owner": c["owner"]["first"], "client": c["short"], "date": (when_d + TD(days=r.randint(2, 12))).strftime("%d.%m" if lang == "pl" else "%d %B"),
                       "n": r.randint(2, 5)}
                subj = fill(r, r.choice(SUBJ_PL if lang == "pl" else SUBJ_EN), ctx)
                ccat = client_category(r, c, when_d, stf, cidx)
                if ccat == "repeat" and last_unanswered is not None:
                    subj = last_unanswered["subject"]
                initiator = "client" if r.random() < 0.6 or ccat in ("person_complaint", "hostile", "threat", "service_complaint", "repeat") else "us"
                thread = mid(AGENCY["domain"])
                if initiator == "us":
                    ucat = "our_update"
                    body = fill(r, r.choice(bank[ucat]), {**ctx, "fn": contact["first"]}) + "\n\n" + sign_staff(r, stf, lang)
                    m1 = mk(stf["email"], stf["name"], contact["email"], contact["name"], subj, body, when, mid(dom_of(stf)), None, lang, c, "us", ucat, stf, thread, cc=None)
                    msgs.append(m1)
                    # client answers
                    t2 = add_business_hours(when, r.lognormvariate(math.log(5), 0.9), r)
                    if t2.date() > as_of:
                        continue
                    cbody = fill(r, r.choice(bank[ccat]), ctx)
                    cbody = client_body(r, c, contact, cbody) + quote(body, stf["name"], when, lang, c["mua"])
                    m2 = mk(contact["email"], contact["name"], stf["email"], stf["name"], "Re: " + subj, cbody, t2, mid(c["domain"]), m1, lang, c, "client", ccat, stf, thread)
                    msgs.append(m2)
                    prev = m2
                    first_t = t2
                elif c.get("helpdesk") and ccat not in ("repeat", "person_complaint") and r.random() < 0.3:
                    # the client logs the request in the shared client-service desk (Freshdesk)
                    cbody = client_body(r, c, contact, fill(r, r.choice(bank[ccat]), ctx))
                    answered = r.random() >= no_reply_prob(c, when_d)
                    delay = reply_delay_hours(r, c, stf, when_d, ccat)
                    t3 = add_business_hours(when, delay, r)
                    answered = answered and t3.date() <= as_of
                    TICKETS.append({"client": c, "contact": contact, "staff": stf, "subject": subj, "body": cbody,
                                    "created": when, "first_reply": t3 if answered else None, "cat": ccat})
                    continue
                else:
                    cbody = fill(r, r.choice(bank[ccat]), ctx)
                    if ccat == "repeat" and last_unanswered is not None:
                        cbody = client_body(r, c, contact, cbody) + quote(last_unanswered["body"], contact["name"], last_unanswered["date"], lang, c["mua"])
                        subj_use = "Re: " + subj if not subj.startswith("Re:") else subj
                    else:
                        cbody = client_body(r, c, contact, cbody)
                        subj_use = subj
                    cc = None
                    if a == "keep_non_decision_maker" and cidx == 0 and r.random() < 0.3:
                        cc = None
                    prev = mk(contact["email"], contact["name"], stf["email"], stf["name"], subj_use, cbody, when, mid(c["domain"]), None, lang, c, "client", ccat, stf, thread, cc=cc)
                    msgs.append(prev)
                    first_t = when
                # our reply
                if r.random() < no_reply_prob(c, when_d):
                    last_unanswered = prev
                    continue
                last_unanswered = None
                delay = reply_delay_hours(r, c, stf, when_d, prev["cat"])
                t3 = add_business_hours(first_t, delay, r)
                if t3.date() > as_of:
                    continue
                rcat = reply_category(r, c, stf, prev["cat"])
                rbody = fill(r, r.choice(bank[rcat]), {**ctx, "fn": contact["first"], "me": stf["first"]})
                rbody = rbody + "\n\n" + sign_staff(r, stf, lang) + quote(prev["body"], f"{contact['name']} <{contact['email']}>", first_t, lang, "outlook" if stf["office"] == "Wroclaw" and stf["role"] in ("Account Director", "Account Executive") else "gmail")
                cc = None
                if stf is not c["owner"] and r.random() < 0.25:
                    cc = c["owner"]
                msgs.append(mk(stf["email"], stf["name"], contact["email"], contact["name"], "Re: " + prev["subject"].replace("Re: ", ""), rbody, t3, mid(dom_of(stf)), prev, lang, c, "us", rcat, stf, thread, cc=cc))
            d += TD(days=7)
        # payment reminders from the office manager to late payers
        if c["archetype"] in ("release", "keep_big_late_payer", "watch_mixed") or r.random() < 0.1:
            for inv in c["invoices"]:
                overdue_at = inv["due"] + TD(days=14)
                if overdue_at > as_of:
                    continue
                if inv["paid_on"] is not None and inv["paid_on"] <= overdue_at:
                    continue
                if r.random() < 0.55:
                    continue
                sender = office_mgr if c["lang"] == "en" else c["owner"]
                contact = c["contacts"][0]
                ctx = {"fn": contact["first"], "no": inv["number"], "due": inv["due"].strftime("%d/%m/%Y" if lang == "en" else "%d.%m.%Y"), "me": sender["first"]}
                when = dt.datetime.combine(business_day(overdue_at), dt.time(r.randint(9, 12), r.randint(0, 59)))
                bank = msgbank.PL if lang == "pl" else msgbank.EN
                body = fill(r, r.choice(bank["our_chase"]), ctx) + "\n\n" + sign_staff(r, sender, lang)
                subj = (f"Zaległa płatność – faktura {inv['number']}" if lang == "pl" else f"Overdue invoice {inv['number']}")
                thread = mid(AGENCY["domain"])
                m1 = mk(sender["email"], sender["name"], contact["email"], contact["name"], subj, body, when, mid(dom_of(sender)), None, lang, c, "us", "our_chase", sender, thread)
                msgs.append(m1)
                t2 = add_business_hours(when, r.uniform(2, 30), r)
                if t2.date() <= as_of:
                    cat = "late_excuse"
                    if c["archetype"] == "release" and r.random() < 0.6:
                        cat = "hostile"
                    cb = client_body(r, c, contact, fill(r, r.choice(bank[cat]), {**ctx, "fn": sender["first"], "proj": "", "month": "", "day": "", "coll": "", "owner": c["owner"]["first"], "client": c["short"], "date": "", "n": 2}))
                    msgs.append(mk(contact["email"], contact["name"], sender["email"], sender["name"], "Re: " + subj, cb + quote(body, sender["name"], when, lang, c["mua"]), t2, mid(c["domain"]), m1, lang, c, "client", cat, sender, thread))
    msgs.sort(key=lambda m: m["date"])
    return msgs


def dom_of(st):
    return st["email"].split("@")[1]


def client_body(r, c, contact, body):
    if contact["no_diacritics"]:
        body = strip_pl(body)
    body = typo(r, body, contact["typo_rate"])
    return body + "\n\n" + sign_client(r, contact, c, c["lang"])


def mk(frm, frm_name, to, to_name, subject, body, when, msgid, parent, lang, c, direction, cat, stf, thread, cc=None):
    return {"from": frm, "from_name": frm_name, "to": to, "to_name": to_name, "subject": subject, "body": body,
            "date": when, "msgid": msgid, "parent": parent["msgid"] if parent else None,
            "refs": ((parent.get("refs") or "") + " " + parent["msgid"]).strip() if parent else None,
            "lang": lang, "client": c["idx"], "direction": direction, "cat": cat, "staff": stf, "thread": thread,
            "cc": cc}


def render(m, r, style, charset):
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((m["from_name"], m["from"]))
    msg["To"] = email.utils.formataddr((m["to_name"], m["to"]))
    if m["cc"]:
        msg["Cc"] = email.utils.formataddr((m["cc"]["name"], m["cc"]["email"]))
    msg["Subject"] = m["subject"]
    tz = dt.timezone(TD(hours=1 if m["date"].month in (4, 5, 6, 7, 8, 9, 10) else 0))
    if m["lang"] == "pl":
        tz = dt.timezone(TD(hours=2 if m["date"].month in (4, 5, 6, 7, 8, 9, 10) else 1))
    msg["Date"] = email.utils.format_datetime(m["date"].replace(tzinfo=tz))
    msg["Message-ID"] = m["msgid"]
    if m["parent"]:
        msg["In-Reply-To"] = m["parent"]
        msg["References"] = m["refs"]
    if style == "gmail":
        msg["X-GM-THRID"] = str(int(m["thread"][1:7]) * 1000003 + 1790000000000000000)
        msg["X-Gmail-Labels"] = "Sent" if m["direction"] == "us" else "Inbox,Important"
    if charset == "utf-8":
        msg.set_content(m["body"], charset="utf-8", cte=r.choice(["quoted-printable", "8bit", "base64"]))
    else:
        # Outlook-style single-byte Polish encodings
        try:
            raw = m["body"].encode(charset)
            mt = MIMEText(m["body"], "plain", charset)
            if r.random() < 0.5:
                del mt["Content-Transfer-Encoding"]
                mt["Content-Transfer-Encoding"] = "quoted-printable"
                import quopri
                mt.set_payload(quopri.encodestring(raw).decode("ascii"))
            for k, v in msg.items():
                if k.lower() not in ("content-type", "content-transfer-encoding", "mime-version"):
                    if k in ("Subject", "From", "To", "Cc") and any(ord(ch) > 127 for ch in v):
                        if k == "Subject":
                            mt[k] = Header(v, charset).encode()
                        else:
                            nm, ad = email.utils.parseaddr(v)
                            mt[k] = Header(nm, charset).encode() + f" <{ad}>"
                    else:
                        mt[k] = v
            mt["X-Mailer"] = "Microsoft Outlook 16.0"
            data = mt.as_bytes()
            head, _, rest = data.partition(b"\n\n")
            groups = []
            for ln in head.split(b"\n"):
                if ln[:1] in (b" ", b"\t") and groups:
                    groups[-1] += b"\n" + ln
                else:
                    groups.append(ln)
            first = [g for g in groups if not g.lower().startswith((b"content-", b"mime-version"))]
            last = [g for g in groups if g.lower().startswith((b"content-", b"mime-version"))]
            return b"\n".join(first + last) + b"\n\n" + rest
        except UnicodeEncodeError:
            msg.set_content(m["body"], charset="utf-8", cte="quoted-printable")
    return msg.as_bytes()


def write_mail(r, exp, messages, staff):
    os.makedirs(os.path.join(exp, "mail"), exist_ok=True)
    boxes = {}
    for m in messages:
        parties = [m["staff"]]
        if m["cc"]:
            parties.append(m["cc"])
        for st in parties:
            boxes.setdefault(st["email"], []).append(m)
    for st in staff:
        lst = boxes.get(st["email"])
        if not lst:
            continue
        local = st["email"].split("@")[0]
        if st["office"] == "Wroclaw" and st["role"] in ("Account Director", "Account Executive"):
            # Outlook: a folder of .eml files, Polish mail in a single-byte code page
            folder = os.path.join(exp, "mail", f"outlook_{local}")
            os.makedirs(folder, exist_ok=True)
            cs = "windows-1250" if st["role"] == "Account Director" else "iso-8859-2"
            for k, m in enumerate(lst):
                charset = cs if m["lang"] == "pl" and r.random() < 0.7 else "utf-8"
                data = render(m, r, "outlook", charset)
                with open(os.path.join(folder, f"{m['date'].strftime('%Y%m%d_%H%M%S')}_{k:05d}.eml"), "wb") as f:
                    f.write(data)
        else:
            takeout = st["role"] == "Partner" and st["office"] == "Dublin"
            if takeout:
                folder = os.path.join(exp, "mail", f"takeout_{local}", "Takeout", "Mail")
                os.makedirs(folder, exist_ok=True)
                path = os.path.join(folder, "All mail Including Spam and Trash.mbox")
            else:
                path = os.path.join(exp, "mail", f"{local}.mbox")
            eol = b"\r\n" if takeout else b"\n"
            with open(path, "wb") as f:
                for m in lst:
                    data = render(m, r, "gmail", "utf-8")
                    frm = m["from"]
                    f.write(f"From {m['thread'][1:7]}{'7' * 12}@xxx {m['date'].strftime('%a %b %d %H:%M:%S +0000 %Y')}".encode() + eol if takeout else
                            f"From {frm} {m['date'].strftime('%a %b %d %H:%M:%S %Y')}".encode() + eol)
                    # mboxrd escaping
                    for line in data.split(b"\n"):
                        if re.match(rb"^>*From ", line):
                            line = b">" + line
                        f.write(line.rstrip(b"\r") + eol)
                    f.write(eol)


# ----------------------------------------------------------------------------- truth

NOTES = {
    "keep": "healthy retainer/project client; ordinary ups and downs",
    "keep_curt_staff": "owned by a director who is curt with all clients; the client is fine",
    "keep_slow_happy": "our replies are slow (1-3 days) but the client is happy and praises the work",
    "keep_big_late_payer": "large client whose AP cycle pays 35-60 days late; profitable, friendly: KEEP",
    "keep_seasonal_silence": "goes quiet every year in the same months (now, and the same months last year); invoices continue",
    "keep_non_decision_maker": "a junior contact grumbles; the decision-maker praises and renews: decide on the whole relationship",
    "keep_hostile_profitable": "rude with every staff member but pays on time and margin is high; decided KEEP: not liking a client does not make it unprofitable (protect staff, set conduct expectations)",
    "reset": "after a long good history, the last 6-8 weeks of the client's mail to the owner are about the owner (not listening, promises); fine with colleagues; business healthy",
    "reassign": "for ~9 months most mail to the owner is about the owner personally; warm and praising with a colleague; business healthy",
    "recover": "our service failing: slow first replies, unanswered and repeated questions, missed deadlines, complaints, late threat to leave; pays on time",
    "renegotiate": "conduct fine, but scope creep, discounts and out-of-scope hours: cost of hours near or above revenue",
    "release": "hostile with everyone, pays 30-90 days late (some unpaid), margin around zero or negative",
    "watch_new": "new client: a few months, few invoices and messages",
    "watch_mixed": "mixed signals: some complaints and some praise, moderately late, thin margin",
}


def write_truth(out, clients, staff, as_of, window_start, seed, curt, messages):
    counts = {}
    for t in TICKETS:
        k = (t["client"]["idx"], "ticket")
        counts[k] = counts.get(k, 0) + 1
    for m in messages:
        k = (m["client"], m["direction"])
        counts[k] = counts.get(k, 0) + 1
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
        for c in clients:
            note = NOTES[c["archetype"]] + f"; strength={c['strength']}"
            if c["owner"].get("curt"):
                note += "; owner is the curt-with-everyone director"
            w.writerow([c["legal"], c["nip"], c["domain"], c["expected"], c["archetype"], c["owner"]["name"], note])
    tj = {
        "seed": seed, "as_of": as_of.isoformat(), "window_start": window_start.isoformat(),
        "agency": {"name": AGENCY["name"], "domain": AGENCY["domain"], "nip": AGENCY["nip"],
                   "other_domains": [AGENCY["domain_pl"]], "polish_entity": AGENCY["name_pl"]},
        "staff": [{"name": s["name"], "role": s["role"], "office": s["office"], "email": s["email"],
                   "cost_rate_eur": s["cost_rate_eur"], "curt_with_all_clients": bool(s.get("curt"))} for s in staff],
        "clients": [],
    }
    for c in clients:
        tj["clients"].append({
            "name": c["legal"], "short_name_in_time_tracker": c["short"], "tax_id": c["nip"], "domain": c["domain"],
            "currency": c["currency"], "language": c["lang"], "country": c["country"],
            "expected_decision": c["expected"], "archetype": c["archetype"], "strength": c["strength"],
            "owner": c["owner"]["name"], "colleagues": [s["name"] for s in c["colleagues"]],
            "contacts": [{"name": ct["name"], "email": ct["email"], "title": ct["title"]} for ct in c["contacts"]],
            "start": c["start"].isoformat(), "model": c["model"], "monthly_fee_eur": c["fee_eur"],
            "target_cost_ratio": c["cost_ratio"], "late_days_mean_sd": [round(c["late"][0], 1), c["late"][1]],
            "onset": c["t_onset"].isoformat() if c["t_onset"] else None, "quiet_months": c["quiet_months"],
            "invoices": len(c["invoices"]), "messages_in": counts.get((c["idx"], "client"), 0),
            "messages_out": counts.get((c["idx"], "us"), 0),
            "freshdesk_tickets": counts.get((c["idx"], "ticket"), 0),
            "notes": NOTES[c["archetype"]],
        })
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    clients = generate(a.seed, a.out)
    cnt = {}
    for c in clients:
        cnt[c["expected"]] = cnt.get(c["expected"], 0) + 1
    print(a.seed, len(clients), dict(sorted(cnt.items())))


if __name__ == "__main__":
    main()
