#!/usr/bin/env python3
"""Blind generator (author E): a Warsaw/Berlin translation & localisation agency.

python3 generate.py --seed N --out DIR     (standard library only)

Writes DIR/exports/ (Clockify + Toggl time, inFakt JSON, Stripe invoices + payments CSV,
HubSpot companies CSV, Gmail Takeout mbox per mailbox, Zendesk tickets CSV, NBP table A
archive CSV and ECB eurofxref-hist.csv) and DIR/truth.csv + DIR/truth.json.
"""
import argparse
import csv
import datetime as dt
import email.header
import email.utils
import base64
import io
import json
import os
import quopri
import random
import hashlib

import messages as M

D = dt.date
TD = dt.timedelta

# ----------------------------------------------------------------------------- helpers

def nip_valid(rng):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = sum(a * b for a, b in zip(d, w)) % 11
        if c != 10:
            return "".join(map(str, d)) + str(c)


def fmt_nip(nip, style):
    if style == 0:
        return nip
    if style == 1:
        return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    return "PL" + nip


def workdays(a, b):
    d = a
    while d <= b:
        if d.weekday() < 5:
            yield d
        d += TD(days=1)


def add_workhours(t, hours, rng):
    """Advance a datetime by business hours (9-18 Mon-Fri) roughly."""
    left = hours
    cur = t
    while left > 0:
        if cur.weekday() >= 5:
            cur = dt.datetime.combine(cur.date() + TD(days=7 - cur.weekday()), dt.time(9, rng.randint(0, 40)))
            continue
        if cur.hour < 9:
            cur = cur.replace(hour=9, minute=rng.randint(0, 30))
        end = cur.replace(hour=18, minute=0, second=0)
        avail = (end - cur).total_seconds() / 3600
        if avail <= 0:
            cur = dt.datetime.combine(cur.date() + TD(days=1), dt.time(9, rng.randint(0, 40)))
            continue
        step = min(avail, left)
        cur = cur + TD(hours=step)
        left -= step
        if left > 0:
            cur = dt.datetime.combine(cur.date() + TD(days=1), dt.time(9, rng.randint(0, 40)))
    return cur


def month_starts(a, b):
    d = D(a.year, a.month, 1)
    while d <= b:
        yield d
        d = D(d.year + (d.month == 12), d.month % 12 + 1, 1)


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


# ----------------------------------------------------------------------------- world

FIRST_PL_F = ["Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Aleksandra", "Monika", "Ewa", "Justyna",
              "Karolina", "Natalia", "Zuzanna", "Małgorzata", "Dorota", "Beata", "Paulina", "Izabela"]
FIRST_PL_M = ["Paweł", "Michał", "Łukasz", "Tomasz", "Piotr", "Krzysztof", "Marcin", "Grzegorz", "Wojciech",
              "Jakub", "Bartosz", "Rafał", "Mateusz", "Sławomir", "Jędrzej"]
LAST_PL_M = ["Zając", "Krawczyk", "Mazur", "Wróbel", "Dąbrowski", "Bielecki", "Grabowski", "Kowalczyk",
             "Pawlak", "Sowiński", "Nowicki", "Lis", "Wrona", "Ślusarczyk", "Gołębiowski", "Kaczmarek",
             "Jasiński", "Borkowski", "Cieślak", "Urbański", "Michalak", "Fijałkowski", "Żurek", "Tomczyk",
             "Olszewski", "Rutkowski", "Adamczyk", "Szulc"]
def pl_fem(last):
    if last.endswith("ski"):
        return last[:-1] + "a"
    if last.endswith("cki"):
        return last[:-1] + "a"
    return last
FIRST_DE = ["Julia", "Tobias", "Sabine", "Lukas", "Anna", "Jonas", "Katrin", "Felix", "Miriam", "Stefan",
            "Lena", "Matthias", "Birgit", "Florian", "Carina", "Jörg"]
LAST_DE = ["Hoffmann", "Kessler", "Krüger", "Brandt", "Vogel", "Schäfer", "Lorenz", "Wagner", "Becker",
           "Seidel", "Fuchs", "Hartwig", "Maier", "Böhm", "Winkler", "Ziegler"]
FIRST_US = ["Jennifer", "Michael", "Ashley", "David", "Rachel", "Kevin", "Megan", "Brian", "Lauren", "Chris",
            "Samantha", "Ryan", "Nicole", "Tyler", "Dana", "Greg"]
LAST_US = ["Miller", "Carter", "Nguyen", "Patel", "Brooks", "Sullivan", "Hayes", "Ramirez", "Collins",
           "Foster", "Bennett", "Coleman", "Perry", "Walsh", "Kim", "Donovan"]
FIRST_CH = ["Reto", "Corinne", "Urs", "Nadine", "Beat", "Seraina"]
LAST_CH = ["Gerber", "Brunner", "Moser", "Keller", "Zürcher", "Baumann"]

DE_NAMES = [("Hartmann Maschinenbau", "GmbH", "hartmann-mb.de"), ("Kranich Software", "GmbH", "kranich-software.de"),
            ("Lindwurm Automation", "AG", "lindwurm-automation.de"), ("Felsberg Pumpen", "GmbH", "felsberg-pumpen.de"),
            ("Nordlicht Systems", "GmbH", "nordlicht-systems.de"), ("Weidner Fördertechnik", "GmbH", "weidner-foerdertechnik.de"),
            ("Brückner Analytics", "GmbH", "brueckner-analytics.de"), ("Alpenblick Hydraulik", "GmbH", "alpenblick-hydraulik.at"),
            ("Donautal Steuerungen", "GmbH", "donautal-steuerungen.at"), ("Steinach Robotik", "GmbH", "steinach-robotik.de"),
            ("Ostwind Logistiksoftware", "GmbH", "ostwind-ls.de"), ("Mühlenkamp Medizintechnik", "GmbH", "muehlenkamp-mt.de"),
            ("Rheinfels Energie", "AG", "rheinfels-energie.de"), ("Tannhof Werkzeuge", "GmbH", "tannhof-werkzeuge.at"),
            ("Quellwerk Cloud", "GmbH", "quellwerk.io"), ("Sonnleitner Antriebe", "GmbH", "sonnleitner-antriebe.at"),
            ("Eichwald ERP", "GmbH", "eichwald-erp.de"), ("Habicht Verpackung", "GmbH", "habicht-verpackung.de"),
            ("Falkenried Sensorik", "GmbH", "falkenried-sensorik.de"), ("Wasserturm Games", "GmbH", "wasserturm-games.de"),
            ("Kupferberg Kältetechnik", "GmbH", "kupferberg-kaelte.de"), ("Marktplatz Dreieck", "GmbH", "marktplatz-dreieck.de"),
            ("Pfeilschmidt Fahrzeugteile", "GmbH", "pfeilschmidt.at"), ("Grauwacke Geodaten", "GmbH", "grauwacke-geo.de")]
US_NAMES = [("Brightloop", "Inc.", "brightloop.io"), ("Cedar & Vale", "LLP", "cedarvale-law.com"),
            ("Northbeam Analytics", "Inc.", "northbeam-analytics.com"), ("Halcyon HR", "Inc.", "halcyonhr.com"),
            ("Pinegrove Legal", "LLP", "pinegrovelegal.com"), ("Tidewater Payments", "Inc.", "tidewaterpay.com"),
            ("Quarry Labs", "Inc.", "quarrylabs.dev"), ("Larkspur Health", "Inc.", "larkspurhealth.com"),
            ("Bramble Commerce", "LLC", "bramblecommerce.com"), ("Whitfield Okafor", "LLP", "whitfield-okafor.com"),
            ("Sparrowhawk Security", "Inc.", "sparrowhawksec.com"), ("Meridian Ledger", "Inc.", "meridianledger.com"),
            ("Copperline Learning", "LLC", "copperline.edu.example"), ("Ashgrove Partners", "LLP", "ashgrovepartners.com"),
            ("Fernway Travel", "Inc.", "fernway.travel"),
            ("Oakhurst Dental Software", "Inc.", "oakhurstdental.com"), ("Riverstone Kaplan", "LLP", "riverstonekaplan.com"),
            ("Lumenfield", "Inc.", "lumenfield.app"), ("Gatewright Compliance", "LLC", "gatewright.com"),
            ("Saltmarsh Media", "Inc.", "saltmarshmedia.com")]
PL_NAMES = [("Zielarz Pharma", "Sp. z o.o.", "zielarzpharma.pl"), ("Apteka Mewa", "Sp. z o.o.", "aptekamewa.pl"),
            ("Kancelaria Radca Sobczak i Wspólnicy", "Sp. k.", "sobczak-kancelaria.pl"), ("Sklep Ogrodowy Kłos", "Sp. z o.o.", "sklepklos.pl"),
            ("Biofarm Wisła", "S.A.", "biofarmwisla.com.pl"), ("Modna Szafa", "Sp. z o.o.", "modnaszafa.pl"),
            ("Kancelaria Nowak Ostrowska", "Sp. p.", "nowakostrowska.pl"), ("Medivia Laboratoria", "Sp. z o.o.", "medivia-lab.pl"),
            ("Meblarnia Dębowa", "Sp. z o.o.", "meblarniadebowa.pl"), ("Farmakon Polska", "S.A.", "farmakon.com.pl"),
            ("Rowerownia24", "Sp. z o.o.", "rowerownia24.pl"), ("Kancelaria Prawna Lewandowski", "Sp. k.", "lewandowski-legal.pl"),
            ("Herbapol Mazowsze", "Sp. z o.o.", "herbamaz.pl"), ("Sklep Bajkowo", "Sp. z o.o.", "bajkowo.pl"),
            ("Dermalab Kraków", "Sp. z o.o.", "dermalab-krakow.pl"), ("Kosmetyki Leśna Polana", "Sp. z o.o.", "lesnapolana.pl"),
            ("Kancelaria Wiatr i Szymańska", "Sp. p.", "wiatrszymanska.pl"),
            ("Pracownia Ceramiki Glina", "Sp. z o.o.", "glinaceramika.pl"), ("Polfarmex Lubin", "S.A.", "polfarmexlubin.pl"),
            ("Kancelaria Notarialna Żurawska", "S.C.", "notariusz-zurawska.pl"), ("Zabawki Tęcza", "Sp. z o.o.", "zabawkitecza.pl"),
            ("Laboratorium Wektor", "Sp. z o.o.", "wektorlab.pl"), ("Sportowy Zakątek", "Sp. z o.o.", "sportowyzakatek.pl")]
CH_NAMES = [("Gletscher Präzision", "AG", "gletscher-praezision.ch"), ("Seeland Fintech", "AG", "seeland-fintech.ch")]

PROJECT_WORDS = {
    "de_soft": ["UI strings release {v}", "Help center DE>PL {v}", "Release notes {v}", "Onboarding e-mails", "Admin guide {v}"],
    "de_mach": ["Operating manual {v}", "Safety data sheets", "Spare parts catalogue {v}", "Service manual {v}", "Trade fair brochure"],
    "us_saas": ["App strings {v}", "Knowledge base PL/DE", "Marketing site localisation", "In-app tooltips {v}", "Release notes {v}"],
    "us_law": ["NDA bundle", "Share purchase agreement", "Court exhibits", "Due diligence docs", "Employment contracts"],
    "pl_pharma": ["ChPL i ulotka {v}", "Dokumentacja badania klinicznego", "Etykiety PL>EN", "Raport PSUR", "SOP tłumaczenie"],
    "pl_ecom": ["Opisy produktów DE", "Sklep EN/DE {v}", "Regulamin sklepu EN", "Kampania newsletter", "Karty produktów {v}"],
    "pl_legal": ["Umowa najmu EN", "Tłumaczenie przysięgłe KRS", "Pełnomocnictwa DE", "Opinia prawna EN", "Pozew – załączniki"],
}

AS_OF = {501: D(2026, 3, 31), 502: D(2026, 6, 30), 503: D(2025, 11, 28), 504: D(2026, 9, 15), 505: D(2026, 1, 30)}


def build_staff(rng):
    staff = []
    used = set()
    def person(first_pool, last_pool, role, office, pl=True, fem=None):
        while True:
            if pl:
                fem = rng.random() < 0.55 if fem is None else fem
                first = rng.choice(FIRST_PL_F if fem else FIRST_PL_M)
                last = rng.choice(LAST_PL_M)
                last = pl_fem(last) if fem else last
            else:
                first, last = rng.choice(first_pool), rng.choice(last_pool)
            if (first, last) not in used and first not in [s["first"] for s in staff] \
                    and last[:5] not in [s["last"][:5] for s in staff]:
                used.add((first, last))
                return dict(first=first, last=last, name=f"{first} {last}", role=role, office=office)
    staff.append(person(None, None, "founder / CEO", "Warsaw"))
    staff.append(person(FIRST_DE, LAST_DE, "founder / Berlin office", "Berlin", pl=False))
    n_am = rng.choice([3, 4])
    for i in range(n_am):
        if i == 1:
            staff.append(person(FIRST_DE, LAST_DE, "account / project manager", "Berlin", pl=False))
        else:
            staff.append(person(None, None, "account / project manager", "Warsaw"))
    for r in ["translator EN-PL", "translator EN-PL", "translator DE-PL", "translator PL-EN", "reviewer EN/PL"]:
        staff.append(person(None, None, r, "Warsaw"))
    staff.append(person(FIRST_DE, LAST_DE, "translator / reviewer DE", "Berlin", pl=False))
    staff.append(person(FIRST_DE, LAST_DE, "reviewer DE", "Berlin", pl=False))
    for r in ["DTP specialist", "localisation engineer", "vendor manager", "support / portal"]:
        staff.append(person(None, None, r, "Warsaw"))
    if rng.random() < 0.6:
        staff.append(person(None, None, "translator EN-PL (junior)", "Warsaw"))
    # freelance translators tracked in the same Clockify workspace (the vendor manager books them)
    fl_domains = ["sowa-translations.eu", "tlumaczenia-kowal.pl", "wordsmith-berlin.de", "lingwista-pro.pl",
                  "fachuebersetzung-roth.de", "translate-mk.eu", "biuro-tlumaczen-iwona.pl", "sprachwerk-lenz.de",
                  "tlumacz-przysiegly-waw.pl", "medtrans-ewa.pl", "textraum.de"]
    rng.shuffle(fl_domains)
    for k in range(rng.randint(8, 10)):
        de = k % 3 == 2
        f = person(FIRST_DE, LAST_DE, "freelance translator " + ("DE-PL" if de else rng.choice(["EN-PL", "PL-EN", "DE-PL"])),
                   "freelance", pl=not de)
        f["freelance_domain"] = fl_domains[k]
        staff.append(f)
    for s in staff:
        fold = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻäöüÄÖÜß", "acelnoszzACELNOSZZaouAOUs")
        s["email_local"] = (s["first"] + "." + s["last"]).translate(fold).lower()
        role = s["role"]
        if "founder" in role:
            s["cost"] = rng.choice([210, 220, 240])
        elif "manager" in role:
            s["cost"] = rng.choice([120, 130, 140, 150])
        elif "junior" in role:
            s["cost"] = 70
        elif "freelance" in role:
            s["cost"] = rng.choice([75, 80, 90, 95])
        elif "engineer" in role:
            s["cost"] = 150
        elif "support" in role:
            s["cost"] = 75
        else:
            s["cost"] = rng.choice([85, 95, 105, 115])
    return staff


ARCH_DECISION = {"keep": "KEEP", "curt_owner_client": "KEEP", "slow_happy": "KEEP", "late_big": "KEEP",
                 "seasonal": "KEEP", "non_decision_maker": "KEEP", "hostile_profitable": "KEEP",
                 "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "renegotiate": "RENEGOTIATE",
                 "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH"}


def plan_archetypes(rng, n):
    base = []
    for a in ["reset", "reassign", "release", "recover", "renegotiate"]:
        base += [a] * rng.choice([3, 3, 4])
    base += ["watch_new"] * rng.choice([2, 3]) + ["watch_mixed"] * rng.choice([1, 2])
    base += ["slow_happy"] * rng.choice([1, 2]) + ["late_big"] * rng.choice([1, 2])
    base += ["seasonal"] * rng.choice([1, 2]) + ["non_decision_maker"] * rng.choice([1, 2])
    base += ["hostile_profitable"]
    while len(base) < n:
        base.append("keep")
    rng.shuffle(base)
    return base


def build_clients(rng, n, staff, as_of, window_start):
    ams = [s for s in staff if "manager" in s["role"]]
    founders = [s for s in staff if "founder" in s["role"]]
    owners = ams + founders[:1]
    curt = rng.choice(ams)
    pools = {"DE": list(DE_NAMES), "US": list(US_NAMES), "PL": list(PL_NAMES), "CH": list(CH_NAMES)}
    for p in pools.values():
        rng.shuffle(p)
    archs = plan_archetypes(rng, n)
    clients = []
    n_ch = rng.choice([1, 2])
    for i, arch in enumerate(archs):
        r = rng.random()
        if n_ch > 0 and i % 17 == 5:
            region = "CH"; n_ch -= 1
        elif r < 0.36:
            region = "PL"
        elif r < 0.70:
            region = "DE"
        else:
            region = "US"
        if not pools[region]:
            region = next(k for k in ["PL", "DE", "US"] if pools[k])
        name, form, domain = pools[region].pop()
        if region == "PL":
            cur, lang = "PLN", "pl"
            sector = rng.choice(["pl_pharma", "pl_ecom", "pl_legal"])
            if "Kancelaria" in name:
                sector = "pl_legal"
            elif any(w in name for w in ["Pharma", "Farm", "Apteka", "Medivia", "Derma", "Herba", "Biofarm", "Polfarmex", "Laboratorium"]):
                sector = "pl_pharma"
            else:
                sector = "pl_ecom"
        elif region == "DE":
            cur, lang = "EUR", "en"
            sector = "de_soft" if any(w in name for w in ["Software", "Systems", "Analytics", "Cloud", "ERP", "Logistik"]) else "de_mach"
        elif region == "CH":
            cur, lang, sector = "CHF", "en", "de_mach"
        else:
            cur, lang = "USD", "en"
            sector = "us_law" if form == "LLP" or "Legal" in name else "us_saas"
        pool = owners if arch not in ("reset", "reassign") else ams
        # Polish clients are owned by Polish-speaking staff; the Berlin office owns mostly DACH accounts
        if region == "PL":
            pool = [x for x in pool if x["office"] == "Warsaw"]
        elif region in ("DE", "CH") and rng.random() < 0.6:
            pool = [x for x in pool if x["office"] == "Berlin"] or pool
        owner = rng.choice(pool)
        others = [s for s in ams if s is not owner]
        if region == "PL":
            others = [x for x in others if x["office"] == "Warsaw"] or others
        colleague = rng.choice(others)
        if region == "PL":
            translators = [s for s in staff if s["role"].startswith("translator PL") or s["role"].startswith("reviewer EN")]
        elif region in ("DE", "CH"):
            translators = [s for s in staff if "DE" in s["role"]]
        else:
            translators = [s for s in staff if "EN-PL" in s["role"] or s["role"].startswith("reviewer EN")]
        translators = [x for x in translators if "freelance" not in x["role"]]
        strength = round(rng.uniform(0.25, 1.0), 2)
        months = (as_of - window_start).days / 30.4
        if arch == "watch_new":
            start = as_of - TD(days=rng.randint(45, 110))
        else:
            start = window_start + TD(days=rng.randint(0, 60) if rng.random() < 0.75 else rng.randint(60, int(months * 30.4 * 0.35)))
            if arch in ("reassign",):
                start = min(start, as_of - TD(days=330))
                start = max(start, window_start)
            if arch == "reset":
                start = min(start, as_of - TD(days=300))
                start = max(start, window_start)
        kind = "retainer" if (sector in ("de_soft", "us_saas") and rng.random() < 0.7) or rng.random() < 0.25 else "project"
        size = rng.lognormvariate(8.85, 0.55)  # monthly revenue in PLN
        if arch == "late_big":
            size *= 3.5
        if arch == "watch_new":
            size *= 0.6
        size = clamp(size, 4000, 160000)
        if region == "PL":
            cfirst_f = rng.random() < 0.5
            cf = rng.choice(FIRST_PL_F if cfirst_f else FIRST_PL_M)
            cl = rng.choice(LAST_PL_M)
            cl = pl_fem(cl) if cfirst_f else cl
            c2f = rng.choice(FIRST_PL_F + FIRST_PL_M)
            c2l = rng.choice(LAST_PL_M)
            c2l = pl_fem(c2l) if c2f in FIRST_PL_F else c2l
        elif region in ("DE",):
            cf, cl = rng.choice(FIRST_DE), rng.choice(LAST_DE)
            c2f, c2l = rng.choice(FIRST_DE), rng.choice(LAST_DE)
        elif region == "CH":
            cf, cl = rng.choice(FIRST_CH), rng.choice(LAST_CH)
            c2f, c2l = rng.choice(FIRST_CH), rng.choice(LAST_CH)
        else:
            cf, cl = rng.choice(FIRST_US), rng.choice(LAST_US)
            c2f, c2l = rng.choice(FIRST_US), rng.choice(LAST_US)
        fold = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻäöüÄÖÜß", "acelnoszzACELNOSZZaouAOUs")
        def addr(f, l, style):
            f2, l2 = f.translate(fold).lower(), l.translate(fold).lower()
            return {0: f"{f2}.{l2}", 1: f"{f2[0]}.{l2}", 2: f"{f2[0]}{l2}", 3: f2}[style] + "@" + domain
        st = rng.randint(0, 2)
        if region == "PL":
            t1 = rng.choice(["Dyrektor ds. rejestracji", "Kierownik marketingu", "Radca prawny, wspólnik", "Prezes zarządu", "Dyrektor e-commerce"])
            t2 = rng.choice(["Asystentka zarządu", "Młodszy specjalista ds. marketingu", "Aplikant radcowski", "Koordynator projektów", "Stażystka"])
        else:
            t1 = rng.choice(["Head of Localization", "VP Product", "Partner", "Director of Documentation", "Head of Marketing"])
            t2 = rng.choice(["Marketing Assistant", "Junior Technical Writer", "Paralegal", "Project Coordinator", "Content Intern"])
        contacts = [dict(first=cf, last=cl, email=addr(cf, cl, st), role="main", title=t1, decision_maker=True),
                    dict(first=c2f, last=c2l, email=addr(c2f, c2l, st), role="second", title=t2, decision_maker=False)]
        staff_names = {x["first"] + " " + x["last"] for x in staff} | {x["last"] for x in staff}
        if f"{cf} {cl}" in staff_names or cl in staff_names:
            cl = {"PL": "Sikora", "DE": "Engel", "CH": "Meier", "US": "Reyes"}[region]
            contacts[0].update(last=cl, email=addr(cf, cl, st))
        if f"{c2f} {c2l}" in staff_names or c2l in staff_names:
            c2l = {"PL": "Kubiak", "DE": "Roth", "CH": "Frei", "US": "Lang"}[region]
            contacts[1].update(last=c2l, email=addr(c2f, c2l, st))
        c = dict(idx=i, name=name, form=form, legal=f"{name} {form}", domain=domain, region=region, currency=cur,
                 lang=lang, sector=sector, arch=arch, decision=ARCH_DECISION[arch], strength=strength,
                 owner=owner, colleague=colleague, translators=translators, start=start, kind=kind,
                 monthly_pln=round(size), contacts=contacts, curt_owner=(owner is curt))
        c["nip"] = nip_valid(rng) if region == "PL" else ""
        c["uses_portal"] = sector in ("de_soft", "us_saas") or rng.random() < 0.25
        clients.append(c)
    # curt owner confounder: make sure the curt owner owns a few KEEP clients
    return clients, curt


# ----------------------------------------------------------------------------- rates

def gen_rates(rng, a, b):
    days = [d for d in workdays(a - TD(days=10), b + TD(days=5))]
    walk = {"USD": 3.85, "EUR": 4.28, "CHF": 4.55, "GBP": 4.95, "CZK": 0.172, "SEK": 0.385, "NOK": 0.37,
            "DKK": 0.574, "HUF": 1.09, "JPY": 2.56}
    out = {}
    for d in days:
        for k in walk:
            walk[k] *= 1 + rng.gauss(0, 0.0035)
        walk["EUR"] = clamp(walk["EUR"], 4.15, 4.45)
        out[d] = dict(walk)
    return out


def write_nbp(rates, outdir):
    cols = [("THB", 1), ("USD", 1), ("EUR", 1), ("HUF", 100), ("CHF", 1), ("GBP", 1), ("JPY", 100),
            ("CZK", 1), ("DKK", 1), ("NOK", 1), ("SEK", 1)]
    names = {"THB": "bat (Tajlandia)", "USD": "dolar amerykański", "EUR": "euro", "HUF": "forint (Węgry)",
             "CHF": "frank szwajcarski", "GBP": "funt szterling", "JPY": "jen (Japonia)", "CZK": "korona czeska",
             "DKK": "korona duńska", "NOK": "korona norweska", "SEK": "korona szwedzka"}
    years = sorted({d.year for d in rates})
    for y in years:
        lines = ["data;" + ";".join(f"{u}{c}" for c, u in cols) + ";nr tabeli;pełny numer tabeli"]
        n = 0
        for d in sorted(rates):
            if d.year != y:
                continue
            n += 1
            r = rates[d]
            vals = []
            for c, u in cols:
                v = r.get(c, 0.104 if c == "THB" else 1.0)
                if c == "HUF":
                    v = r["HUF"]
                elif c == "JPY":
                    v = r["JPY"]
                vals.append(f"{v:.4f}".replace(".", ","))
            lines.append(d.strftime("%Y%m%d") + ";" + ";".join(vals) + f";{n:03d};{n:03d}/A/NBP/{y}")
        lines.append("kod ISO;" + ";".join(c for c, u in cols) + ";;")
        lines.append("nazwa waluty;" + ";".join(names[c] for c, u in cols) + ";;")
        lines.append("liczba jednostek;" + ";".join(str(u) for c, u in cols) + ";;")
        with open(os.path.join(outdir, f"archiwum_tab_a_{y}.csv"), "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("cp1250"))


def write_ecb(rates, outdir):
    cur = ["USD", "JPY", "CZK", "DKK", "GBP", "HUF", "PLN", "SEK", "CHF", "NOK"]
    lines = ["Date," + ",".join(cur) + ","]
    for d in sorted(rates, reverse=True):
        r = rates[d]
        eur = r["EUR"]
        vals = []
        for c in cur:
            if c == "PLN":
                v = eur
            elif c in ("HUF", "JPY"):
                v = eur / (r[c] / 100)
            else:
                v = eur / r[c]
            vals.append(f"{v:.4f}" if v < 100 else f"{v:.2f}")
        lines.append(d.isoformat() + "," + ",".join(vals) + ",")
    with open(os.path.join(outdir, "eurofxref-hist.csv"), "w", newline="") as f:
        f.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------- simulation

def mid_rate(rates, d, cur):
    if cur == "PLN":
        return 1.0
    x = d - TD(days=1)
    while x not in rates:
        x -= TD(days=1)
    return rates[x][cur]


def simulate(seed, out):
    rng = random.Random(seed * 7919 + 13)
    as_of = AS_OF.get(seed) or (D(2026, 1, 30) + TD(days=rng.randint(0, 240)))
    hist_months = rng.randint(14, 23)
    ws = as_of - TD(days=int(hist_months * 30.44))
    window_start = D(ws.year, ws.month, 1)
    staff = build_staff(rng)
    n = rng.randint(42, 56)
    clients, curt = build_clients(rng, n, staff, as_of, window_start)
    rates = gen_rates(rng, window_start, as_of)
    agency = dict(name="Lingwa Most Sp. z o.o.", short="Lingwa Most", domain="lingwamost.pl",
                  nip=nip_valid(random.Random(4242)))
    for s in staff:
        s["email"] = s["email_local"] + "@" + s.get("freelance_domain", agency["domain"])
    exp = os.path.join(out, "exports")
    for sub in ["time", "money", "crm", "mail", "support", "rates"]:
        os.makedirs(os.path.join(exp, sub), exist_ok=True)

    toggl_switch = window_start + TD(days=rng.randint(120, 200))

    time_rows_clockify, time_rows_toggl = [], []
    infakt, stripe_inv, stripe_pay = [], [], []
    mails = []       # dicts
    tickets = []
    inv_counter = {"pl": 0, "st": 0}

    for c in clients:
        crng = random.Random(seed * 100003 + c["idx"] * 7 + 1)
        arch, s = c["arch"], c["strength"]
        # ---- economics
        margin = crng.uniform(0.35, 0.6)
        if arch == "renegotiate":
            margin = 0.18 - 0.45 * s + crng.uniform(-0.05, 0.05)     # from ~+0.07 down to -0.3
        elif arch == "release":
            margin = 0.10 - 0.35 * s + crng.uniform(-0.05, 0.05)
        elif arch == "watch_mixed":
            margin = crng.uniform(0.15, 0.3)
        elif arch == "late_big":
            margin = crng.uniform(0.4, 0.55)
        elif arch == "hostile_profitable":
            margin = crng.uniform(0.45, 0.6)
        c["target_margin"] = round(margin, 3)
        # payments: delay in days after due
        def pay_delay():
            if arch == "release":
                return int(30 + crng.uniform(0.35, 1.0) * 60 * s)
            if arch == "late_big":
                return crng.randint(18, 55)
            if arch == "watch_mixed":
                return crng.choice([0, 3, 12, 25])
            if arch == "renegotiate":
                return crng.choice([-2, 0, 1, 4, 8])
            return crng.choice([-5, -2, -1, 0, 0, 1, 2, 3, 5, 9])
        start = max(c["start"], window_start)
        months = list(month_starts(start, as_of))
        seasonal_off = set()
        if arch == "seasonal":
            # quiet each year in the same months: the last ~2 months before as_of and 12 months earlier
            m0 = D(as_of.year, as_of.month, 1)
            m1 = m0 - TD(days=1)
            for y, mo in ((m0.year, m0.month), (m1.year, m1.month)):
                seasonal_off.add((y, mo))
                seasonal_off.add((y - 1, mo))
            c["quiet_months"] = sorted(f"{y}-{m:02d}" for y, m in seasonal_off)
        revenue_pln = 0.0
        cost_pln = 0.0
        proj_v = 1
        # ---- invoices, per month
        for m in months:
            if (m.year, m.month) in seasonal_off:
                continue
            mend = D(m.year + (m.month == 12), m.month % 12 + 1, 1) - TD(days=1)
            if m == months[-1] and mend > as_of:
                mend = as_of
            if c["kind"] == "retainer":
                n_inv = 1
            else:
                n_inv = crng.choice([0, 1, 1, 1, 2, 2, 3])
            month_rev = c["monthly_pln"] * crng.uniform(0.7, 1.3)
            if arch == "seasonal":
                month_rev *= 1.2
            for k in range(n_inv):
                issue = mend if c["kind"] == "retainer" else m + TD(days=crng.randint(2, max(2, (mend - m).days)))
                while issue.weekday() >= 5:
                    issue -= TD(days=1)
                if issue > as_of or issue < start:
                    continue
                amt_pln = month_rev / max(1, n_inv)
                rate = mid_rate(rates, issue, c["currency"])
                amount = round(amt_pln / rate, -1 if c["currency"] == "PLN" else 0)
                proj = crng.choice(PROJECT_WORDS[c["sector"]]).format(v=f"v{proj_v}.{crng.randint(0,9)}")
                proj_v += crng.random() < 0.3
                rush = crng.random() < (0.25 if c["sector"] in ("us_law", "pl_legal", "pl_pharma") else 0.08)
                discount = 0.0
                if arch == "renegotiate" and crng.random() < 0.3 + 0.5 * s:
                    discount = round(amount * crng.choice([0.1, 0.15, 0.2]), 0)
                due_days = crng.choice([14, 14, 30]) if c["region"] != "US" else 30
                due = issue + TD(days=due_days)
                delay = pay_delay()
                paid_on = due + TD(days=delay)
                if paid_on <= issue:
                    paid_on = issue + TD(days=crng.randint(1, 5))
                paid = paid_on <= as_of
                revenue_pln += (amount - discount) * rate
                inv = dict(client=c, issue=issue, due=due, paid_on=paid_on if paid else None, amount=amount,
                           discount=discount, currency=c["currency"], desc=proj + (" (rush)" if rush else ""))
                if c["currency"] == "PLN":
                    inv_counter["pl"] += 1
                    inv["number"] = f"FV/{inv_counter['pl']:03d}/{issue.month:02d}/{issue.year}"
                    infakt.append(inv)
                else:
                    inv_counter["st"] += 1
                    inv["number"] = f"LM-{issue.year}-{inv_counter['st']:04d}"
                    stripe_inv.append(inv)
        c["revenue_pln"] = round(revenue_pln)
        # ---- time: cost target
        fls = [x for x in staff if "freelance" in x["role"] and
               (("DE" in x["role"]) == (c["region"] in ("DE", "CH")) or c["region"] == "PL")]
        team = [c["owner"]] + crng.sample(c["translators"], min(len(c["translators"]), crng.choice([1, 1, 2]))) \
            + crng.sample(fls, min(len(fls), crng.choice([2, 2, 3])))
        if crng.random() < 0.4:
            team.append(next(x for x in staff if "DTP" in x["role"]))
        if c["uses_portal"]:
            team.append(next(x for x in staff if "engineer" in x["role"]))
        if c["colleague"] not in team:
            team.append(c["colleague"])
        weights = [0.16] + [1.0 if "freelance" in t["role"] else 0.55 for t in team[1:]]
        weights[-1] = 0.1
        avg_cost = sum(t["cost"] * w for t, w in zip(team, weights)) / sum(weights)
        target_cost = revenue_pln * (1 - margin)
        hours_total = target_cost / avg_cost
        c["target_hours"] = round(hours_total, 1)
        # distribute hours over working days in active months
        active_days = [d for d in workdays(start, as_of) if (d.year, d.month) not in seasonal_off]
        if not active_days:
            active_days = [as_of]
        h_left = hours_total
        cost_acc = 0.0
        guard = 0
        while h_left > 0.2 and guard < 20000:
            guard += 1
            d = crng.choice(active_days)
            who = crng.choices(team, weights)[0]
            h = min(h_left, round(crng.choice([0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6]), 2))
            st_h = crng.randint(8, 15)
            st_m = crng.choice([0, 5, 15, 20, 30, 40, 45])
            st = dt.datetime.combine(d, dt.time(st_h, st_m))
            en = st + TD(hours=h)
            task = "Project management" if who is c["owner"] or who is c["colleague"] else (
                "DTP" if "DTP" in who["role"] else "Engineering" if "engineer" in who["role"] else
                crng.choice(["Translation", "Translation", "Review", "Terminology"]))
            billable = task not in ("Project management",) or crng.random() < 0.4
            tags = []
            if arch == "renegotiate" and crng.random() < 0.35 * (0.5 + s):
                task = crng.choice(["Revisions", "Scope change", "Review"])
                tags.append(crng.choice(["revision-round", "scope-change", "unbilled"]))
                billable = crng.random() < 0.3
            if arch == "release" and crng.random() < 0.25:
                tags.append(crng.choice(["revision-round", "escalation"]))
                billable = False
            if "rush" in crng.choice(["", "", "", "rush"]):
                tags.append("rush")
            proj = crng.choice(PROJECT_WORDS[c["sector"]]).format(v="")
            proj = proj.strip()
            desc = crng.choice(M.TIME_DESC[c["lang"]]).format(project=proj)
            row = dict(staff=who, client=c, project=proj, task=task, desc=desc, billable=billable, start=st, end=en,
                       hours=h, tags=tags)
            if who["office"] == "Berlin" and d < toggl_switch:
                time_rows_toggl.append(row)
            else:
                time_rows_clockify.append(row)
            h_left -= h
            cost_acc += h * who["cost"]
        c["cost_pln"] = round(cost_acc)
        c["team"] = [t["name"] for t in team]
        # ---- communication
        n0 = len(mails)
        gen_comms(c, crng, staff, start, as_of, window_start, mails, tickets, seasonal_off, agency)
        for m in mails[n0:]:
            m["client_idx"] = c["idx"]

    return dict(seed=seed, as_of=as_of, window_start=window_start, staff=staff, clients=clients,
                curt=curt, rates=rates, agency=agency, exp=exp, clockify=time_rows_clockify,
                toggl=time_rows_toggl, infakt=infakt, stripe=stripe_inv, mails=mails, tickets=tickets,
                toggl_switch=toggl_switch)


def business_dt(d, rng):
    t = dt.datetime.combine(d, dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))
    while t.weekday() >= 5:
        t += TD(days=1)
    return t


def gen_comms(c, rng, staff, start, as_of, window_start, mails, tickets, seasonal_off, agency):
    arch, s = c["arch"], c["strength"]
    owner, colleague = c["owner"], c["colleague"]
    lang = c["lang"]
    main, second = c["contacts"]
    total_days = (as_of - start).days
    # cadence: client messages per month
    per_month = rng.uniform(3, 7)
    if arch == "watch_new":
        per_month = rng.uniform(1, 2.5)
    if arch in ("release", "hostile_profitable", "renegotiate"):
        per_month *= 1.4
    n_threads = max(2, int(per_month * total_days / 30.4))
    if arch == "watch_new":
        n_threads = min(n_threads, rng.randint(2, 5))
    reset_from = as_of - TD(days=rng.randint(42, 56))
    reassign_from = as_of - TD(days=rng.randint(255, 290))
    recover_from = as_of - TD(days=int(rng.uniform(90, 200)))
    c["reset_from"] = reset_from.isoformat() if arch == "reset" else None
    c["reassign_from"] = reassign_from.isoformat() if arch == "reassign" else None
    c["recover_from"] = recover_from.isoformat() if arch == "recover" else None
    proj_list = PROJECT_WORDS[c["sector"]]
    pending_questions = []
    for k in range(n_threads):
        d = start + TD(days=rng.randint(0, max(1, total_days - 1)))
        if (d.year, d.month) in seasonal_off:
            continue
        t = business_dt(d, rng)
        if t.date() > as_of:
            continue
        # who on our side
        r = rng.random()
        if arch == "reassign" and t.date() >= reassign_from:
            to_staff = colleague if r < 0.45 else owner
        else:
            to_staff = owner if r < 0.62 else (colleague if r < 0.8 else rng.choice(c["translators"]))
        contact = main if rng.random() < 0.78 else second
        project = rng.choice(proj_list).format(v=f"v{rng.randint(1, 6)}.{rng.randint(0, 9)}")
        # categories
        cat, reply, delay_h = "routine", "normal", rng.uniform(0.3, 5)
        x = rng.random()
        if x < 0.2:
            cat = "friendly"
        elif x < 0.33:
            cat = "question"
        elif x < 0.38:
            cat = "praise"
        elif x < 0.42:
            cat = "demand"
        if rng.random() < 0.04:
            cat = "service_complaint"; reply = "apologetic"
        late = t.date()
        if arch == "reset" and to_staff is owner and late >= reset_from and rng.random() < 0.45 + 0.45 * s:
            cat = "person_complaint"; reply = rng.choice(["normal", "defensive", "defensive"])
        if arch == "reassign" and late >= reassign_from:
            if to_staff is owner and rng.random() < 0.5 + 0.4 * s:
                cat = "person_complaint"; reply = rng.choice(["normal", "defensive", "curt"])
            elif to_staff is not owner and rng.random() < 0.6:
                cat = rng.choice(["praise", "friendly", "friendly"])
        if arch == "recover" and late >= recover_from:
            y = rng.random()
            if y < 0.3 + 0.35 * s:
                cat = rng.choice(["service_complaint", "service_complaint", "repeat_question", "threat"]) \
                    if y < 0.2 + 0.2 * s else rng.choice(["service_complaint", "repeat_question"])
            delay_h = rng.uniform(20, 40) + s * rng.uniform(20, 110)
            reply = rng.choice(["apologetic", "normal", "apologetic"])
            if rng.random() < 0.15 + 0.3 * s:
                reply = None   # unanswered
        if arch == "release":
            y = rng.random()
            if y < 0.35 + 0.4 * s:
                cat = rng.choice(["hostile", "hostile", "demand", "threat", "service_complaint"])
                reply = rng.choice(["normal", "apologetic", "defensive"])
            # hostile with colleagues too
            if to_staff is not owner and rng.random() < 0.5:
                cat = rng.choice(["hostile", "demand"])
        if arch == "hostile_profitable" and rng.random() < 0.55:
            cat = rng.choice(["hostile", "hostile", "demand", "threat"])
            reply = rng.choice(["normal", "apologetic"])
        if arch == "renegotiate" and rng.random() < 0.3 + 0.3 * s:
            cat = rng.choice(["demand", "scope_creep", "scope_creep"])
            reply = "normal"
        if arch == "slow_happy":
            delay_h = rng.uniform(16, 60)
            if cat in ("service_complaint",):
                cat = "friendly"
        if arch == "watch_mixed" and rng.random() < 0.3:
            cat = rng.choice(["service_complaint", "praise", "demand", "friendly"])
        if arch == "non_decision_maker":
            if contact is second and rng.random() < 0.6:
                cat = rng.choice(["person_complaint", "service_complaint", "demand"])
            elif contact is main and rng.random() < 0.35:
                cat = "praise"
        if reply == "normal" and cat in ("service_complaint", "repeat_question", "threat", "hostile"):
            reply = "apologetic" if rng.random() < 0.65 else "defensive"
        if c["curt_owner"] and to_staff is owner and reply in ("normal", "apologetic"):
            reply = "curt" if rng.random() < 0.7 else reply
        if arch == "recover" and late >= recover_from and pending_questions and rng.random() < 0.3:
            cat = "repeat_question"
        thr = str(rng.randint(10 ** 18, 9 * 10 ** 18))
        subj = M.subject(rng, lang, cat, project)
        body = M.client_msg(rng, lang, cat, project=project, staff=to_staff, contact=contact, client=c,
                            date=t.date())
        dom = c["domain"]
        mid = "<" + hashlib.md5(f"{dom}{k}{t}".encode()).hexdigest()[:20] + "@" + dom + ">"
        mails.append(dict(from_name=f"{contact['first']} {contact['last']}", from_addr=contact["email"],
                          to_name=to_staff["name"], to_addr=to_staff["email"], date=t, subject=subj, body=body,
                          thr=thr, msgid=mid, lang=lang, mailbox=to_staff, cat=cat, incoming=True))
        if cat == "question":
            pending_questions.append(project)
        if reply:
            rt = add_workhours(t, delay_h, rng)
            if rt.date() <= as_of:
                rb = M.our_reply(rng, lang, reply, project=project, staff=to_staff, contact=contact, client=c)
                rb = M.quote(rng, lang, rb, body, contact, t)
                mails.append(dict(from_name=to_staff["name"], from_addr=to_staff["email"],
                                  to_name=f"{contact['first']} {contact['last']}", to_addr=contact["email"],
                                  date=rt, subject=("Re: " if lang == "en" else rng.choice(["Re: ", "RE: ", "Odp: "])) + subj,
                                  body=rb, thr=thr, msgid=f"<{hashlib.md5((mid + 'r').encode()).hexdigest()[:22]}@{agency['domain']}>",
                                  inreply=mid, lang=lang, mailbox=to_staff, cat="reply_" + reply, incoming=False))
        # proactive outgoing from colleague/translator (terminology questions, deliveries)
        if rng.random() < 0.25:
            who = rng.choice(c["translators"] + [colleague])
            t2 = business_dt(t.date() + TD(days=rng.randint(1, 10)), rng)
            if t2.date() <= as_of and (t2.year, t2.month) not in seasonal_off:
                ob = M.our_reply(rng, lang, "proactive", project=project, staff=who, contact=contact, client=c)
                thr2 = str(rng.randint(10 ** 18, 9 * 10 ** 18))
                subj2 = M.subject(rng, lang, "proactive", project)
                mid2 = "<" + hashlib.md5(f"p{dom}{k}{t2}".encode()).hexdigest()[:22] + "@" + agency["domain"] + ">"
                mails.append(dict(from_name=who["name"], from_addr=who["email"], to_name=f"{contact['first']} {contact['last']}",
                                  to_addr=contact["email"], date=t2, subject=subj2, body=ob, thr=thr2, msgid=mid2,
                                  lang=lang, mailbox=who, cat="proactive", incoming=False))
                # client answers the colleague
                if rng.random() < 0.7:
                    t3 = add_workhours(t2, rng.uniform(1, 20), rng)
                    ccat = "friendly"
                    if arch in ("release", "hostile_profitable") and rng.random() < 0.6:
                        ccat = "hostile"
                    elif arch == "reassign" and rng.random() < 0.5:
                        ccat = "praise"
                    if t3.date() <= as_of:
                        b3 = M.client_msg(rng, lang, ccat, project=project, staff=who, contact=contact, client=c, date=t3.date())
                        mails.append(dict(from_name=f"{contact['first']} {contact['last']}", from_addr=contact["email"],
                                          to_name=who["name"], to_addr=who["email"], date=t3,
                                          subject=("Re: " if lang == "en" else "Odp: ") + subj2, body=b3, thr=thr2,
                                          msgid=f"<{hashlib.md5((mid2 + 'c').encode()).hexdigest()[:20]}@{c['domain']}>",
                                          inreply=mid2, lang=lang, mailbox=who, cat=ccat, incoming=True))
    # ---- Zendesk tickets for portal users
    if c["uses_portal"]:
        n_t = max(1, int(total_days / 30.4 * rng.uniform(0.5, 2.0)))
        if arch == "watch_new":
            n_t = rng.randint(0, 2)
        for k in range(n_t):
            d = start + TD(days=rng.randint(0, max(1, total_days - 1)))
            if (d.year, d.month) in seasonal_off:
                continue
            t = business_dt(d, rng)
            if t.date() > as_of:
                continue
            frt = rng.randint(8, 240)
            kind = "question"
            if arch == "recover" and t.date() >= recover_from:
                frt = int(rng.uniform(600, 3000) * (0.5 + s))
                kind = rng.choice(["service_complaint", "repeat_question", "question"])
            elif arch == "slow_happy":
                frt = rng.randint(900, 2600)
            elif arch in ("release", "hostile_profitable") and rng.random() < 0.5:
                kind = "hostile"
            contact = main if rng.random() < 0.6 else second
            tickets.append(dict(client=c, created=t, frt=frt, kind=kind, contact=contact,
                                subject=M.ticket_subject(rng, lang, kind)))


# ----------------------------------------------------------------------------- writers

def w_csv(path, header, rows, bom=False, crlf=True):
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    wr.writerow(header)
    for r in rows:
        wr.writerow(r)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())


def clockify_client_name(c, rng):
    v = rng.random()
    if v < 0.5:
        return c["name"]
    if v < 0.75:
        return c["legal"]
    return c["name"]


def write_time(W):
    rows = []
    for r in sorted(W["clockify"], key=lambda r: r["start"]):
        s, c = r["staff"], r["client"]
        dur = r["hours"]
        hh = int(dur); mm = int(round((dur - hh) * 60))
        br = {"PLN": 0.11, "EUR": 0.5, "USD": 0.45, "CHF": 0.55}[c["currency"]] * 0 + 180
        rows.append([f"{c['short_time']} – {r['project']}", c["short_time"], r["desc"], r["task"], s["name"], s["office"],
                     s["email"], ", ".join(r["tags"]), "Yes" if r["billable"] else "No",
                     r["start"].strftime("%Y-%m-%d"), r["start"].strftime("%H:%M:%S"),
                     r["end"].strftime("%Y-%m-%d"), r["end"].strftime("%H:%M:%S"),
                     f"{hh:02d}:{mm:02d}:00", f"{dur:.2f}",
                     f"{br:.2f}" if r["billable"] else "0.00", f"{br * dur:.2f}" if r["billable"] else "0.00",
                     f"{s['cost']:.2f}", f"{s['cost'] * dur:.2f}"])
    w_csv(os.path.join(W["exp"], "time", "Clockify_Time_Report_Detailed.csv"),
          ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
           "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (PLN)",
           "Billable Amount (PLN)", "Cost Rate (PLN)", "Cost Amount (PLN)"], rows)
    rows = []
    for r in sorted(W["toggl"], key=lambda r: r["start"]):
        s, c = r["staff"], r["client"]
        secs = int(round(r["hours"] * 3600))
        rows.append([s["name"], s["email"], c["short_time"], r["project"], r["task"], r["desc"],
                     "Yes" if r["billable"] else "No", r["start"].strftime("%Y-%m-%d"), r["start"].strftime("%H:%M:%S"),
                     r["end"].strftime("%Y-%m-%d"), r["end"].strftime("%H:%M:%S"),
                     f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}", ", ".join(r["tags"]), ""])
    w_csv(os.path.join(W["exp"], "time", "Toggl_Track_summary_berlin_detailed.csv"),
          ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
           "End date", "End time", "Duration", "Tags", "Amount ()"], rows, bom=True)


def write_money(W, rng):
    ents = []
    for inv in W["infakt"]:
        c = inv["client"]
        net = int(round((inv["amount"] - inv["discount"]) * 100))
        gross = int(round(net * 1.23))
        paid = inv["paid_on"] is not None
        ents.append({"uuid": hashlib.md5(inv["number"].encode()).hexdigest(), "number": inv["number"],
                     "kind": "vat", "currency": "PLN",
                     "invoice_date": inv["issue"].isoformat(), "sale_date": inv["issue"].isoformat(),
                     "payment_date": inv["due"].isoformat(), "paid_date": inv["paid_on"].isoformat() if paid else None,
                     "status": "paid" if paid else rng.choice(["sent", "printed"]),
                     "net_price": net, "tax_price": gross - net, "gross_price": gross,
                     "left_to_pay": 0 if paid else gross, "paid_price": gross if paid else 0,
                     "payment_method": "transfer",
                     "client_company_name": c["infakt_name"], "client_tax_code": c["nip_fmt"],
                     "client_first_name": "", "client_last_name": "",
                     "notes": inv["desc"]})
    with open(os.path.join(W["exp"], "money", "infakt_invoices_v3.json"), "w", encoding="utf-8") as f:
        json.dump({"metainfo": {"count": len(ents), "total_count": len(ents), "next": None, "previous": None},
                   "entities": ents}, f, ensure_ascii=False, indent=1)
    rows, prow = [], []
    for inv in W["stripe"]:
        c = inv["client"]
        total = inv["amount"] - inv["discount"]
        paid = inv["paid_on"] is not None
        iid = "in_1" + hashlib.md5(inv["number"].encode()).hexdigest()[:23]
        fin = dt.datetime.combine(inv["issue"], dt.time(9, 12))
        paid_at = dt.datetime.combine(inv["paid_on"], dt.time(rng.randint(8, 19), rng.randint(0, 59))) if paid else None
        rows.append([iid, inv["number"], c["stripe_id"], c["stripe_name"], "paid" if paid else "open",
                     inv["currency"].lower(), f"{total:.2f}", f"{total if paid else 0:.2f}", f"{inv['amount']:.2f}",
                     "0.00", "", f"{total:.2f}", f"{inv['discount']:.2f}",
                     "LOYAL10" if inv["discount"] else "", "0.00", "0.00",
                     fin.strftime("%Y-%m-%d %H:%M"), inv["due"].strftime("%Y-%m-%d %H:%M"),
                     paid_at.strftime("%Y-%m-%d %H:%M") if paid else "", fin.strftime("%Y-%m-%d %H:%M"), "", "",
                     fin.strftime("%Y-%m-%d %H:%M"), fin.strftime("%Y-%m-%d %H:%M"),
                     "true" if paid else "false", "true" if paid else "false", "false", "send_invoice", "", "",
                     inv["desc"]])
        if paid and c["card_payer"]:
            prow.append(["ch_3" + hashlib.md5((iid + "c").encode()).hexdigest()[:21], f"Payment for Invoice {inv['number']}",
                         "Payment complete.", paid_at.strftime("%Y-%m-%d %H:%M"), f"{total:.2f}", "0.00",
                         inv["currency"].lower(), f"{total:.2f}", "0.00", f"{total * 0.029 + 0.3:.2f}", "0.00",
                         inv["currency"].lower(), "Live", "Paid", "LINGWAMOST", c["stripe_id"], c["stripe_name"],
                         c["contacts"][0]["email"], "true", iid, "card", "pi_3" + hashlib.md5((iid + "p").encode()).hexdigest()[:21]])
    w_csv(os.path.join(W["exp"], "money", "stripe_invoices.csv"),
          ["id", "Number", "Customer", "Customer Name", "Status", "Currency", "Amount Due", "Amount Paid", "Subtotal",
           "Tax", "Tax Percent", "Total", "Total Discount Amount", "Applied Coupons", "Starting Balance",
           "Ending Balance", "Date (UTC)", "Due Date (UTC)", "Paid At (UTC)", "Finalized At (UTC)", "Voided At (UTC)",
           "Marked Uncollectible At (UTC)", "Period Start (UTC)", "Period End (UTC)", "Paid", "Closed", "Forgiven",
           "Billing", "Charge", "Subscription", "Description"], rows, crlf=False)
    w_csv(os.path.join(W["exp"], "money", "stripe_payments.csv"),
          ["id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency",
           "Converted Amount", "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status",
           "Statement Descriptor", "Customer ID", "Customer Description", "Customer Email", "Captured",
           "Invoice ID", "Payment Source Type", "PaymentIntent ID"], prow, crlf=False)


def write_crm(W, rng):
    rows = []
    rid = 5811000000 + rng.randint(0, 99999)
    for c in W["clients"]:
        if c.get("in_crm") is False:
            continue
        rid += rng.randint(3, 400)
        o = c["owner"]
        owner_field = o["email"] if rng.random() < 0.4 else o["name"]
        created = dt.datetime.combine(c["start"] - TD(days=rng.randint(5, 60)), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        lm = [m["date"] for m in W["mails"] if m["client_idx"] == c["idx"]]
        last = max(lm) if lm else dt.datetime.combine(c["start"], dt.time(10, 0))
        rows.append([str(rid), c["crm_name"], c["domain"], owner_field, created.strftime("%Y-%m-%d %H:%M"),
                     last.strftime("%Y-%m-%d %H:%M"), {"PL": "Poland", "DE": "Germany", "US": "United States", "CH": "Switzerland"}[c["region"]]
                     if not c["domain"].endswith(".at") else "Austria",
                     "Retainer" if c["kind"] == "retainer" else "Per project"])
    w_csv(os.path.join(W["exp"], "crm", "hubspot-crm-exports-all-companies.csv"),
          ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date",
           "Country/Region", "Engagement type"], rows, crlf=False)


def write_zendesk(W, rng):
    rows = []
    tid = rng.randint(1200, 3000)
    sup = [s for s in W["staff"] if "support" in s["role"] or "engineer" in s["role"]]
    for t in sorted(W["tickets"], key=lambda t: t["created"]):
        tid += 1
        c, ct = t["client"], t["contact"]
        assignee = rng.choice(sup)
        created = t["created"]
        upd = created + TD(minutes=t["frt"] + rng.randint(30, 3000))
        solved = upd if upd.date() <= W["as_of"] else None
        status = "closed" if solved and (W["as_of"] - solved.date()).days > 4 else ("solved" if solved else "open")
        sat = "Good" if t["kind"] == "question" and rng.random() < 0.3 else ("Bad" if t["kind"] in ("service_complaint", "hostile") and rng.random() < 0.5 else "Not Offered")
        rows.append(["", str(tid), f"{ct['first']} {ct['last']}", str(36000000000 + tid * 7), "", ct["email"], c["domain"],
                     f"{ct['first']} {ct['last']}", assignee["name"], "Localisation portal", t["subject"],
                     " ".join({"service_complaint": ["complaint", "portal"], "repeat_question": ["follow_up"],
                               "hostile": ["escalation"], "question": ["portal", "question"]}[t["kind"]]),
                     status.capitalize(), rng.choice(["Normal", "Normal", "High", "Low"]) if t["kind"] == "question" else "High",
                     "Mail", rng.choice(["Question", "Incident", "Problem"]),
                     created.strftime("%Y-%m-%d %H:%M:%S"), upd.strftime("%Y-%m-%d %H:%M:%S"),
                     (created + TD(minutes=rng.randint(1, 30))).strftime("%Y-%m-%d %H:%M:%S"), c["crm_name"], "",
                     (created + TD(minutes=rng.randint(1, 30))).strftime("%Y-%m-%d %H:%M:%S"),
                     solved.strftime("%Y-%m-%d %H:%M:%S") if solved else "",
                     str(int((upd - created).total_seconds() // 3600)) if solved else "",
                     sat, str(rng.choice([0, 0, 0, 1]) if t["kind"] != "question" else 0), str(rng.randint(1, 5)),
                     str(t["frt"]), str(int(t["frt"] * 0.7)), c["lang"].upper(), "Portal " + rng.choice(["Upload", "TM", "Invoices", "Login"])])
    w_csv(os.path.join(W["exp"], "support", "zendesk_tickets_export.csv"),
          ["Summation column", "Id", "Requester", "Requester id", "Requester external id", "Requester email",
           "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via",
           "Ticket type", "Created at", "Updated at", "Assigned at", "Organization", "Due date",
           "Initially assigned at", "Solved at", "Resolution time", "Satisfaction Score", "Reopens", "Replies",
           "First reply time in minutes", "First reply time in minutes within business hours", "Language [list]",
           "Portal area [list]"], rows)


def enc_header(text, charset):
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        try:
            return email.header.Header(text, charset).encode()
        except UnicodeEncodeError:
            return email.header.Header(text, "utf-8").encode()


def fmt_addr(name, addr, charset):
    try:
        name.encode("ascii")
        return email.utils.formataddr((name, addr))
    except UnicodeEncodeError:
        try:
            return f"{email.header.Header(name, charset).encode()} <{addr}>"
        except UnicodeEncodeError:
            return f"{email.header.Header(name, 'utf-8').encode()} <{addr}>"


def write_mail(W, rng):
    by_box = {}
    for m in W["mails"]:
        by_box.setdefault(m["mailbox"]["email"], []).append(m)
    for box, ms in by_box.items():
        ms.sort(key=lambda m: m["date"])
        chunks = []
        for m in ms:
            charset = "utf-8"
            cte = rng.choice(["quoted-printable", "base64", "8bit"])
            body = m["body"]
            if m["lang"] == "pl":
                x = rng.random()
                if x < 0.3:
                    charset = "iso-8859-2"
                elif x < 0.5:
                    charset = "windows-1250"
                elif x < 0.6:
                    body = M.strip_pl(body)
            try:
                raw = body.replace("\n", "\r\n").encode(charset)
            except UnicodeEncodeError:
                charset = "utf-8"
                raw = body.replace("\n", "\r\n").encode(charset)
            if cte == "quoted-printable":
                payload = quopri.encodestring(raw).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            elif cte == "base64":
                payload = base64.encodebytes(raw).replace(b"\n", b"\r\n")
            else:
                payload = raw
            hcharset = "iso-8859-2" if charset != "utf-8" else "utf-8"
            tz = dt.timezone(TD(hours=1 if m["date"].month in (11, 12, 1, 2, 3) else 2))
            date_s = email.utils.format_datetime(m["date"].replace(tzinfo=tz))
            labels = "Inbox,Important,Opened" if m["incoming"] else "Sent"
            if m["lang"] == "pl":
                labels = "Odebrane,Ważne,Otwarte" if m["incoming"] else "Wysłane"
            hdr = [f"From {'1' + str(rng.randint(10**17, 9*10**17))}@xxx {m['date'].strftime('%a %b %d %H:%M:%S +0000 %Y')}",
                   f"X-GM-THRID: {m['thr']}",
                   f"X-Gmail-Labels: {enc_header(labels, 'utf-8')}",
                   f"Message-ID: {m['msgid']}"]
            if m.get("inreply"):
                hdr += [f"In-Reply-To: {m['inreply']}", f"References: {m['inreply']}"]
            hdr += [f"Date: {date_s}",
                    f"From: {fmt_addr(m['from_name'], m['from_addr'], hcharset)}",
                    f"To: {fmt_addr(m['to_name'], m['to_addr'], hcharset)}",
                    f"Subject: {enc_header(m['subject'], hcharset)}",
                    "MIME-Version: 1.0",
                    f"Content-Type: text/plain; charset=\"{charset}\"",
                    f"Content-Transfer-Encoding: {cte}"]
            lines = payload.split(b"\r\n")
            lines = [b">" + l if l.startswith(b"From ") else l for l in lines]
            chunk = ("\r\n".join(hdr) + "\r\n\r\n").encode("ascii") + b"\r\n".join(lines).rstrip(b"\r\n") + b"\r\n\r\n"
            chunks.append(chunk)
        d = os.path.join(W["exp"], "mail", box.split("@")[0], "Takeout", "Mail")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "All mail Including Spam and Trash.mbox"), "wb") as f:
            f.write(b"".join(chunks))


def name_variants(W, rng):
    for c in W["clients"]:
        crng = random.Random(W["seed"] * 31 + c["idx"])
        # CRM name
        v = crng.random()
        c["crm_name"] = c["name"] if v < 0.55 else (c["legal"] if v < 0.85 else c["name"].upper())
        # time tracker: short name (first distinctive word) for some
        words = c["name"].replace("&", " ").split()
        short = c["name"]
        if crng.random() < 0.35:
            cand = [w for w in words if len(w) > 4 and w not in ("Kancelaria", "Sklep", "Radca", "Prawna", "Apteka", "Notarialna", "Pracownia", "Laboratorium")]
            if cand:
                short = cand[0]
                # only if unique among clients
                if sum(1 for o in W["clients"] if short in o["name"].split()) > 1:
                    short = c["name"]
        c["short_time"] = short
        # invoices
        if c["currency"] == "PLN":
            v = crng.random()
            if v < 0.4:
                c["infakt_name"] = c["legal"]
            elif v < 0.7:
                c["infakt_name"] = c["legal"].upper()
            else:
                c["infakt_name"] = c["legal"].replace("Sp. z o.o.", "spółka z ograniczoną odpowiedzialnością") \
                    .replace("Sp. k.", "sp.k.").replace("S.A.", "Spółka Akcyjna")
            c["nip_fmt"] = fmt_nip(c["nip"], crng.randint(0, 2))
        else:
            c["stripe_name"] = c["legal"] if crng.random() < 0.7 else c["name"] + ", " + c["form"]
            c["stripe_id"] = "cus_" + hashlib.md5(c["domain"].encode()).hexdigest()[:14]
            c["card_payer"] = c["region"] == "US" and crng.random() < 0.6


def write_truth(W, out):
    notes_by = {
        "keep": "healthy: profitable, pays about on time, friendly/routine mail with owner and colleagues",
        "curt_owner_client": "",
        "slow_happy": "we answer slowly (1-4 business days) but the client is friendly and happy; business healthy",
        "late_big": "large client, pays 18-55 days after due but margin 40-55%; conduct fine",
        "seasonal": "silent in the same months each year (incl. the last ~2 months before as_of); not ghosting",
        "non_decision_maker": "a secondary contact grumbles (about service/person, demands); the main contact (decision-maker) praises; economics healthy",
        "hostile_profitable": "rude/hostile with everyone, but profitable (45-60% margin) and pays on time. Author's call: KEEP - 'not liking a client does not make them unprofitable'; set boundaries, protect staff, no release",
        "reset": "owner receives polite complaints about him/her personally only in the last 6-8 weeks after a long good history; colleagues fine; business healthy",
        "reassign": "for ~9 months most mail to the owner is about the owner personally; warm with the colleague who gets more of the mail; business healthy",
        "recover": "our service fails: slow first replies (1-6 business days), unanswered mails, repeated questions, complaints, slow Zendesk first replies, some threats to leave",
        "renegotiate": "scope creep, discounts, revision rounds; hours far above what revenue pays; margin low/negative; conduct fine",
        "release": "hostile/abusive with all staff, pays 30-90 days late, margin ~0 or negative",
        "watch_new": "new client: 1.5-3.5 months of history, few invoices and messages",
        "watch_mixed": "mixed signals: thin margin, some late payments, some complaints mixed with praise",
    }
    rows = []
    for c in W["clients"]:
        note = notes_by[c["arch"]]
        if c["curt_owner"]:
            note += ("; " if note else "") + f"owner {c['owner']['name']} is curt with all clients (confounder)"
        arch = c["arch"]
        if c["curt_owner"] and arch == "keep":
            arch = "curt_owner_client"
            note = notes_by["keep"] + f"; owner {c['owner']['name']} replies curtly to all clients (confounder)"
        note += f"; strength={c['strength']}"
        rows.append([c["legal"], c.get("nip_fmt", ""), c["domain"], c["decision"], arch, c["owner"]["name"], note])
        c["arch_label"] = arch
    w_csv(os.path.join(out, "truth.csv"), ["client_name", "tax_id", "domain", "expected_decision", "archetype",
                                          "owner_staff", "notes"], rows, crlf=False)
    tj = dict(seed=W["seed"], as_of=W["as_of"].isoformat(), window_start=W["window_start"].isoformat(),
              reporting_currency="PLN",
              agency=dict(name=W["agency"]["name"], domain=W["agency"]["domain"], nip=W["agency"]["nip"],
                          offices=["Warsaw", "Berlin"]),
              curt_staff=W["curt"]["name"],
              toggl_until=W["toggl_switch"].isoformat(),
              staff=[dict(name=s["name"], role=s["role"], email=s["email"], office=s["office"], cost_rate_pln=s["cost"]) for s in W["staff"]],
              clients=[dict(name=c["legal"], display=c["name"], names_in_files=dict(crm=c["crm_name"], time=c["short_time"],
                            invoices=c.get("infakt_name") or c.get("stripe_name")),
                            tax_id=c.get("nip_fmt", ""), tax_id_normalised=("PL" + c["nip"]) if c["nip"] else "", domain=c["domain"], region=c["region"],
                            currency=c["currency"], language=c["lang"], sector=c["sector"], kind=c["kind"],
                            archetype=c["arch_label"], expected_decision=c["decision"], strength=c["strength"],
                            owner=c["owner"]["name"], colleague=c["colleague"]["name"], team=c["team"],
                            start=c["start"].isoformat(), monthly_revenue_pln_target=c["monthly_pln"],
                            target_margin=c["target_margin"], revenue_pln=c["revenue_pln"], cost_pln=c["cost_pln"],
                            realised_margin=round(1 - c["cost_pln"] / c["revenue_pln"], 3) if c["revenue_pln"] else None,
                            contacts=c["contacts"], uses_portal=c["uses_portal"],
                            reset_from=c.get("reset_from"), reassign_from=c.get("reassign_from"),
                            recover_from=c.get("recover_from"), quiet_months=c.get("quiet_months"))
                       for c in W["clients"]])
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    W = simulate(a.seed, a.out)
    rng = random.Random(a.seed * 17 + 5)
    name_variants(W, rng)
    write_nbp(W["rates"], os.path.join(W["exp"], "rates"))
    write_ecb(W["rates"], os.path.join(W["exp"], "rates"))
    write_time(W)
    write_money(W, rng)
    write_crm(W, rng)
    write_zendesk(W, rng)
    write_mail(W, rng)
    write_truth(W, a.out)
    print(f"seed {a.seed}: {len(W['clients'])} clients, as_of {W['as_of']}, window {W['window_start']}")


if __name__ == "__main__":
    main()
