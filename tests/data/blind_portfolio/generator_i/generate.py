#!/usr/bin/env python3
"""Blind generator (author I): a market-research / UX-research firm with offices in Poznan and Lisbon.

Writes the exports such a firm's tools produce (Fakturownia JSON, KSeF FA(3) XML, a bank payments
CSV, Stripe invoices + payments CSV, Clockify and Harvest detailed time reports, HubSpot companies,
Freshdesk tickets, Gmail Takeout mbox per Poznan person, Outlook .eml folders per Lisbon person,
NBP table A archive CSV and ECB eurofxref-hist.csv) plus truth.csv / truth.json.

Usage: python3 generate.py --seed N --out DIR      (standard library only)
"""
import argparse
import csv
import datetime as dt
import email.utils
import hashlib
import io
import json
import mailbox
import math
import os
import random
import shutil
import unicodedata
from email.message import EmailMessage
from email.policy import default as email_default_policy

import texts

D = dt.date
TD = dt.timedelta

# ----------------------------------------------------------------------------------------------
# helpers


def strip_pl(s):
    tbl = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return s.translate(tbl)


def nip_valid(rng):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        c = sum(a * b for a, b in zip(w, d)) % 11
        if c != 10:
            return "".join(map(str, d)) + str(c)


def cz_dic(rng):
    # 8-digit legal-entity DIC (= ICO) with mod-11 check digit
    while True:
        d = [rng.randint(1, 8)] + [rng.randint(0, 9) for _ in range(6)]  # a leading 9 is not a legal-entity DIC
        s = sum(w * x for w, x in zip(range(8, 1, -1), d))
        c = (11 - s % 11) % 10
        return "".join(map(str, d)) + str(c)


def pt_nif(rng):
    while True:
        d = [5] + [rng.randint(0, 9) for _ in range(7)]
        s = sum(w * x for w, x in zip(range(9, 1, -1), d))
        c = 11 - s % 11
        if c >= 10:
            c = 0
        return "".join(map(str, d)) + str(c)


def month_add(d, n):
    y, m = d.year, d.month - 1 + n
    y += m // 12
    m = m % 12 + 1
    return D(y, m, 1)


def is_workday(d):
    return d.weekday() < 5


def next_workday(d):
    while not is_workday(d):
        d += TD(days=1)
    return d


def fmt_amount(x):
    return "%.2f" % x


def fmt_comma(x):
    return ("%.2f" % x).replace(".", ",")


SEASON = {1: 0.85, 2: 1.0, 3: 1.1, 4: 1.1, 5: 1.1, 6: 1.0, 7: 0.7, 8: 0.3, 9: 1.0, 10: 1.15, 11: 1.2, 12: 1.4}

# approximate conversion used only to size hours (the official rates are written separately)
PLN_PER = {"PLN": 1.0, "EUR": 4.28, "USD": 3.85, "CZK": 0.171}

AGENCY = {
    "name": "Pryzmat Research Sp. z o.o.",
    "name_pt": "Pryzmat Research Portugal, Unipessoal Lda",
    "domain": "pryzmat-research.eu",
}

PL_FIRST_F = ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Ewa", "Marta", "Aleksandra",
              "Karolina", "Natalia", "Dorota", "Justyna", "Paulina", "Zofia", "Beata", "Izabela", "Weronika"]
PL_FIRST_M = ["Piotr", "Tomasz", "Paweł", "Michał", "Krzysztof", "Marcin", "Jakub", "Łukasz", "Grzegorz",
              "Bartosz", "Wojciech", "Mateusz", "Adam", "Rafał", "Szymon", "Kamil", "Jacek", "Maciej"]
PL_LAST = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański",
           "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowska",
           "Grabowski", "Pawlak", "Michalska", "Król", "Wieczorek", "Jabłońska", "Nowicki", "Majewska",
           "Olszewski", "Stępień", "Malinowska", "Górecki", "Sikora", "Baran", "Rutkowska", "Zając", "Ostrowski"]
PT_FIRST = ["João", "Ana", "Miguel", "Inês", "Tiago", "Beatriz", "Rui", "Catarina", "Pedro", "Sofia", "Nuno",
            "Marta", "Diogo", "Rita", "Hugo", "Carla", "Bruno", "Filipa"]
PT_LAST = ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
           "Fernandes", "Gonçalves", "Lopes", "Marques", "Almeida", "Ribeiro", "Pinto", "Carvalho", "Teixeira"]
ES_FIRST = ["Javier", "Lucía", "Carlos", "Elena", "Pablo", "María", "Sergio", "Laura", "Álvaro", "Carmen", "Diego",
            "Marta", "Raúl", "Paula"]
ES_LAST = ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Moreno",
           "Álvarez", "Romero", "Navarro", "Torres"]
CZ_FIRST = ["Jan", "Petra", "Tomáš", "Lucie", "Martin", "Veronika", "Jakub", "Tereza", "Ondřej", "Kateřina"]
CZ_LAST = ["Novák", "Svobodová", "Dvořák", "Černá", "Procházka", "Kučerová", "Veselý", "Horáková", "Marek", "Pokorná"]
US_FIRST = ["Jennifer", "Michael", "Sarah", "David", "Emily", "Chris", "Jessica", "Brian", "Megan", "Kevin",
            "Rachel", "Tyler", "Lauren", "Jason"]
US_LAST = ["Miller", "Johnson", "Brooks", "Carter", "Hughes", "Bennett", "Reed", "Foster", "Sullivan", "Hayes",
           "Coleman", "Porter", "Graham", "Wallace"]

# client name pools: (distinctive word, full legal name pattern, domain stem, sector)
PL_CLIENTS = [
    ("Kowalczyk", "Sklepy Kowalczyk Sp. z o.o.", "sklepykowalczyk", "retail"),
    ("Morela", "Morela Foods S.A.", "morelafoods", "fmcg"),
    ("Pszczółka", "Pszczółka Słodycze Sp. z o.o.", "pszczolka", "fmcg"),
    ("Lazurbank", "Lazurbank S.A.", "lazurbank", "bank"),
    ("Kasztan", "Kasztan Meble Sp. z o.o. Sp. k.", "kasztanmeble", "retail"),
    ("Wiklina", "Wiklina Dom i Ogród Sp. z o.o.", "wiklina", "retail"),
    ("Finbit", "Finbit Sp. z o.o.", "finbit", "startup"),
    ("Żurawie", "Browar Żurawie Sp. z o.o.", "browarzurawie", "fmcg"),
    ("Okruszek", "Piekarnie Okruszek Sp. j.", "okruszek", "retail"),
    ("Polmleko", "Polmleko Spółdzielnia Mleczarska", "polmleko", "fmcg"),
    ("Zefir", "Zefir Kosmetyki Sp. z o.o.", "zefirkosmetyki", "fmcg"),
    ("Cyrkiel", "Cyrkiel Technologies Sp. z o.o.", "cyrkiel", "startup"),
    ("Grodzki", "Bank Grodzki S.A.", "bankgrodzki", "bank"),
    ("Rumianek", "Apteki Rumianek Sp. z o.o.", "rumianek", "retail"),
    ("Kolejka", "Kolejka.app Sp. z o.o.", "kolejka", "startup"),
    ("Sarna", "Sarna Obuwie S.A.", "sarnaobuwie", "retail"),
    ("Bławatek", "Bławatek Herbaty Sp. z o.o.", "blawatek", "fmcg"),
    ("Przystań", "Przystań Ubezpieczenia S.A.", "przystan", "bank"),
    ("Jantar", "Jantar Elektro Sp. z o.o.", "jantarelektro", "retail"),
    ("Tęcza", "Farby Tęcza Sp. z o.o.", "farbytecza", "fmcg"),
    ("Dziupla", "Dziupla Książki Sp. z o.o.", "dziupla", "retail"),
    ("Kredka", "Kredka Edukacja Sp. z o.o.", "kredka", "startup"),
    ("Wartka", "Wartka Woda Sp. z o.o.", "wartkawoda", "fmcg"),
    ("Sowa", "Sowa Leasing Sp. z o.o.", "sowaleasing", "bank"),
    ("Orzeł", "Orzeł Market S.A.", "orzelmarket", "retail"),
    ("Łasuch", "Łasuch Lody Sp. z o.o.", "lasuch", "fmcg"),
    ("Paprotka", "Paprotka Zdrowie Sp. z o.o.", "paprotka", "startup"),
    ("Skarbonka", "Skarbonka Finanse Sp. z o.o.", "skarbonka", "bank"),
    ("Mrówka", "Mrówka Logistyka Sp. z o.o.", "mrowkalog", "retail"),
    ("Kwadrans", "Kwadrans Delivery Sp. z o.o.", "kwadrans", "startup"),
    ("Goplana", "Cukiernia Goplana Sp. z o.o.", "goplanacukiernia", "fmcg"),
    ("Lotnik", "Lotnik Podróże Sp. z o.o.", "lotnikpodroze", "retail"),
    ("Bursztyn", "Bursztyn Ubezpieczenia Sp. z o.o.", "bursztyn-ubezpieczenia", "bank"),
    ("Kłos", "Młyny Kłos S.A.", "mlynyklos", "fmcg"),
    ("Migawka", "Migawka Foto Sp. z o.o.", "migawka", "retail"),
    ("Gil", "Delikatesy Gil Sp. z o.o.", "delikatesygil", "fmcg"),
    ("Żagiel", "Żagiel Travel Sp. z o.o.", "zagieltravel", "retail"),
    ("Szyszka", "Szyszka Eko Sp. z o.o.", "szyszka-eko", "fmcg"),
    ("Hopla", "Hopla Zabawki Sp. z o.o.", "hopla", "retail"),
    ("Lokata24", "Lokata24 S.A.", "lokata24", "bank"),
    ("Rowerownia", "Rowerownia Sp. z o.o.", "rowerownia", "startup"),
    ("Perełka", "Perełka Biżuteria Sp. j.", "perelka", "retail"),
]
PT_CLIENTS = [
    ("Atlântico", "Banco Atlântico Digital, S.A.", "atlanticodigital", "bank", "PT"),
    ("Sardinha", "Conservas Sardinha Real, Lda", "sardinhareal", "fmcg", "PT"),
    ("Azulejo", "Azulejo Retail, S.A.", "azulejoretail", "retail", "PT"),
    ("Tejo", "Tejo Seguros, S.A.", "tejoseguros", "bank", "PT"),
    ("Miradouro", "Miradouro Apps, Lda", "miradouro", "startup", "PT"),
    ("Cortiça", "Cortiça Viva, Lda", "corticaviva", "fmcg", "PT"),
    ("Ribeira", "Supermercados Ribeira, S.A.", "ribeira-super", "retail", "PT"),
    ("Galo", "Galo Telecom, S.A.", "galotelecom", "startup", "PT"),
    ("Pastelaria", "Pastelaria Nata Fina, Lda", "natafina", "fmcg", "PT"),
    ("Girasol", "Girasol Energía, S.L.", "girasolenergia", "startup", "ES"),
    ("Mercadal", "Mercadal Alimentación, S.A.", "mercadal", "fmcg", "ES"),
    ("Brújula", "Brújula Viajes, S.L.", "brujulaviajes", "retail", "ES"),
    ("Olivar", "Banca Olivar, S.A.", "bancaolivar", "bank", "ES"),
    ("Pimentón", "Pimentón Brands, S.L.", "pimentonbrands", "fmcg", "ES"),
    ("Faro", "Faro Moda, S.L.", "faromoda", "retail", "ES"),
]
CZ_CLIENTS = [
    ("Vltava", "Vltava Obchod s.r.o.", "vltavaobchod", "retail"),
    ("Kominík", "Kominík Pojišťovna a.s.", "kominik", "bank"),
    ("Pivovar", "Pivovar Zlatý Klas s.r.o.", "zlatyklas", "fmcg"),
    ("Lipa", "Lipa Software s.r.o.", "lipasoft", "startup"),
]
US_CLIENTS = [
    ("Bluefin", "Bluefin Analytics, Inc.", "bluefinanalytics", "startup"),
    ("Harborline", "Harborline Foods LLC", "harborlinefoods", "fmcg"),
    ("Quarrystone", "Quarrystone Bank, N.A.", "quarrystonebank", "bank"),
    ("Pinewood", "Pinewood Health, Inc.", "pinewoodhealth", "startup"),
]

SERVICES = {
    "quant": ("Badanie ilościowe", "Quantitative survey"),
    "qual": ("Wywiady pogłębione (IDI)", "In-depth interviews"),
    "ux": ("Testy użyteczności", "Usability testing"),
    "tracker": ("Brand tracker", "Brand tracker"),
}
PROJECT_TOPICS_PL = ["aplikacji mobilnej", "nowej linii produktów", "programu lojalnościowego", "sklepu internetowego",
                     "procesu onboardingu", "kampanii jesiennej", "opakowań", "bankowości mobilnej", "ścieżki zakupowej",
                     "cennika", "marki własnej", "obsługi klienta"]
PROJECT_TOPICS_PL_NOM = ["aplikacja mobilna", "nowa linia produktów", "program lojalnościowy", "sklep internetowy",
                         "onboarding", "kampania jesienna", "opakowania", "bankowość mobilna", "ścieżka zakupowa",
                         "cennik", "marka własna", "obsługa klienta"]
PROJECT_TOPICS_EN = ["mobile app", "new product line", "loyalty programme", "online store", "onboarding flow",
                     "autumn campaign", "packaging", "mobile banking", "checkout journey", "pricing page",
                     "private label", "customer service"]

TASKS_PL = {
    "quant": ["Projekt kwestionariusza", "Programowanie ankiety CAWI", "Kontrola jakości danych", "Analiza wyników",
              "Raport i prezentacja", "Tabele krzyżowe", "Ważenie próby", "Spotkanie z klientem"],
    "qual": ["Scenariusz wywiadu", "Rekrutacja respondentów", "Wywiady IDI", "Transkrypcje", "Analiza jakościowa",
             "Raport z wywiadów", "Spotkanie z klientem", "Zogniskowany wywiad grupowy (FGI)"],
    "ux": ["Scenariusz testu", "Rekrutacja uczestników", "Sesje testowe", "Analiza nagrań", "Raport UX",
           "Rekomendacje projektowe", "Spotkanie z klientem", "Heurystyczna ocena"],
    "tracker": ["Fala trackingu - fieldwork", "Kontrola danych fali", "Dashboard - aktualizacja", "Raport miesięczny",
                "Spotkanie statusowe", "Analiza trendów", "Przygotowanie fali"],
}
TASKS_EN = {
    "quant": ["Questionnaire design", "Survey scripting", "Data QA", "Analysis", "Report & debrief", "Cross-tabs",
              "Sample weighting", "Client call"],
    "qual": ["Discussion guide", "Participant recruitment", "Interviews", "Transcripts", "Qual analysis",
             "Interview report", "Client call", "Focus group"],
    "ux": ["Test script", "Participant recruitment", "Test sessions", "Video analysis", "UX report",
           "Design recommendations", "Client call", "Heuristic review"],
    "tracker": ["Tracker wave fieldwork", "Wave data QA", "Dashboard refresh", "Monthly report", "Status call",
                "Trend analysis", "Wave set-up"],
}
SCOPE_TASKS_PL = ["Dodatkowe wywiady (prośba klienta)", "Dodatkowa runda poprawek raportu", "Zmiana kwestionariusza po starcie",
                  "Dodatkowa prezentacja dla zarządu", "Doróbka analiz - segment dodatkowy", "Poprawki - wersja 4"]
SCOPE_TASKS_EN = ["Extra interviews (client request)", "Additional report revision round", "Questionnaire change after launch",
                  "Extra board presentation", "Additional segment analysis", "Revisions - v4"]


# ----------------------------------------------------------------------------------------------
# world building


def build_staff(rng):
    staff = []
    used = set()

    def pl_person(fem):
        while True:
            first = rng.choice(PL_FIRST_F if fem else PL_FIRST_M)
            last = rng.choice(PL_LAST)
            if fem and last.endswith("ski"):
                last = last[:-3] + "ska"
            if fem and last.endswith("cki"):
                last = last[:-3] + "cka"
            if not fem and last.endswith("ska"):
                last = last[:-3] + "ski"
            if not fem and last.endswith("cka"):
                last = last[:-3] + "cki"
            if (first, last) not in used and first not in [s["first"] for s in staff]:
                used.add((first, last))
                return first, last

    def pt_person():
        while True:
            first, last = rng.choice(PT_FIRST), rng.choice(PT_LAST)
            if first not in [s["first"] for s in staff]:
                return first, last

    def add(first, last, role, office, lead=False, cost=None):
        local = strip_pl(unicodedata.normalize("NFC", first)).lower()
        local = "".join(ch for ch in unicodedata.normalize("NFKD", local) if not unicodedata.combining(ch))
        lastl = "".join(ch for ch in unicodedata.normalize("NFKD", strip_pl(last).lower()) if not unicodedata.combining(ch))
        style = rng.random()
        addr = ("%s.%s" % (local, lastl)) if style < 0.7 else ("%s%s" % (local[0], lastl))
        staff.append(dict(first=first, last=last, name="%s %s" % (first, last), role=role, office=office,
                          email="%s@%s" % (addr, AGENCY["domain"]), lead=lead, cost=cost, curt=False,
                          reply_median_h=rng.uniform(1.5, 6.0)))

    f, l = pl_person(rng.random() < 0.5)
    add(f, l, "managing director", "Poznań", lead=True, cost=rng.choice([230, 240, 260]))
    n_pl_leads = rng.choice([2, 3])
    for i in range(n_pl_leads):
        f, l = pl_person(rng.random() < 0.6)
        add(f, l, rng.choice(["research lead (quantitative & brand tracking)", "research lead (qualitative)",
                              "research lead (UX research)"]), "Poznań", lead=True, cost=rng.choice([160, 170, 180, 190]))
    for i in range(rng.randint(1, 2)):
        f, l = pt_person()
        add(f, l, rng.choice(["research lead (UX research)", "research lead (qualitative)"]), "Lisboa", lead=True,
            cost=rng.choice([38, 42, 45, 48]))
    for i in range(rng.randint(4, 6)):
        f, l = pl_person(rng.random() < 0.6)
        add(f, l, rng.choice(["research analyst", "senior analyst", "data analyst", "UX researcher"]), "Poznań",
            cost=rng.choice([95, 105, 115, 125]))
    for i in range(rng.randint(2, 3)):
        f, l = pt_person()
        add(f, l, rng.choice(["research analyst", "UX researcher"]), "Lisboa", cost=rng.choice([24, 27, 30]))
    f, l = pl_person(True)
    add(f, l, "participant recruiter", "Poznań", cost=80)
    f, l = pl_person(True)
    add(f, l, "finance assistant", "Poznań", cost=75)
    # one lead (never the MD) is curt with everyone
    leads = [s for s in staff if s["lead"] and s["role"] != "managing director"]
    curt = rng.choice(leads)
    curt["curt"] = True
    return staff


ARCH_DECISION = {
    "keep": "KEEP", "keep_variation": "KEEP", "recover": "RECOVER", "renegotiate": "RENEGOTIATE", "watch_new": "WATCH",
    "watch_mixed": "WATCH", "reset": "RESET", "reassign": "REASSIGN", "release": "RELEASE",
    "conf_curt_owner": "KEEP", "conf_slow_happy": "KEEP", "conf_big_late": "KEEP", "conf_seasonal": "KEEP",
    "conf_non_decider": "KEEP", "conf_hostile_profitable": "KEEP",
}


def plan_archetypes(rng, n):
    arch = []
    for a in ["reset", "reassign", "release", "recover", "renegotiate"]:
        arch += [a] * rng.choice([3, 3, 4])
    arch += ["watch_new"] * rng.choice([2, 3]) + ["watch_mixed"] * rng.choice([1, 2])
    arch += ["conf_slow_happy", "conf_big_late", "conf_seasonal", "conf_non_decider", "conf_hostile_profitable"]
    if rng.random() < 0.5:
        arch.append("conf_big_late")
    while len(arch) < n:
        arch.append("keep_variation" if rng.random() < 0.3 else "keep")
    rng.shuffle(arch)
    return arch


def build_clients(rng, staff, as_of, window_start, n):
    arch = plan_archetypes(rng, n)
    leads_pl = [s for s in staff if s["lead"] and s["office"] == "Poznań"]
    leads_pt = [s for s in staff if s["lead"] and s["office"] == "Lisboa"]
    others_pl = [s for s in staff if not s["lead"] and s["office"] == "Poznań" and s["role"] not in ("finance assistant",)]
    others_pt = [s for s in staff if not s["lead"] and s["office"] == "Lisboa"]
    pl_pool = PL_CLIENTS[:]
    rng.shuffle(pl_pool)
    pt_pool = PT_CLIENTS[:]
    rng.shuffle(pt_pool)
    cz_pool = CZ_CLIENTS[:]
    rng.shuffle(cz_pool)
    us_pool = US_CLIENTS[:]
    rng.shuffle(us_pool)
    n_pt = max(8, int(n * 0.27))
    n_cz = rng.choice([2, 3])
    n_us = rng.choice([2, 3])
    n_pl = n - n_pt - n_cz - n_us
    markets = ["PL"] * n_pl + ["PT"] * n_pt + ["CZ"] * n_cz + ["US"] * n_us
    rng.shuffle(markets)
    # the reassign/reset/release need an owner with colleagues; any market works
    clients = []
    hist_days = (as_of - window_start).days
    for i in range(n):
        a = arch[i]
        mk = markets[i]
        if mk == "PL":
            word, legal, dom, sector = pl_pool.pop()
            country, cur, lang, tld = "PL", "PLN", "pl", ".pl"
        elif mk == "PT":
            word, legal, dom, sector, country = pt_pool.pop()
            cur, lang, tld = "EUR", "en", (".pt" if country == "PT" else ".es")
        elif mk == "CZ":
            word, legal, dom, sector = cz_pool.pop()
            country, cur, lang, tld = "CZ", "CZK", "en", ".cz"
        else:
            word, legal, dom, sector = us_pool.pop()
            country, cur, lang, tld = "US", "USD", "en", ".com"
        domain = dom + tld
        office = "Lisboa" if mk == "PT" else "Poznań"
        leads = leads_pt if office == "Lisboa" else leads_pl
        # the MD owns a few big accounts
        owner = rng.choice(leads)
        pool = [s for s in (leads + (others_pt if office == "Lisboa" else others_pl)) if s is not owner]
        colleagues = rng.sample(pool, 2)
        if a in ("reassign", "reset"):
            # make the warm colleague a lead or senior analyst: someone who could take the account
            colleagues[0] = rng.choice([s for s in pool if s["lead"]] or pool)
        strength = round(rng.uniform(0.25, 1.0), 2)
        # tax id
        if country == "PL":
            tax_id = nip_valid(rng)
        elif country == "CZ":
            tax_id = "CZ" + cz_dic(rng)
        else:
            tax_id = ""
        service = rng.choice(["quant", "qual", "ux", "tracker"])
        model = "retainer" if service == "tracker" or rng.random() < 0.25 else "waves"
        base_fee = {"PLN": rng.uniform(4000, 14000), "EUR": rng.uniform(1100, 3600), "USD": rng.uniform(1500, 4200),
                    "CZK": rng.uniform(28000, 85000)}[cur]
        if model == "waves":
            base_fee *= rng.uniform(1.6, 2.6)  # fee per wave, waves every 1-3 months
        start = window_start
        if a == "watch_new":
            start = as_of - TD(days=rng.randint(50, 110))
        elif a in ("keep", "keep_variation") and rng.random() < 0.25:
            start = window_start + TD(days=rng.randint(60, max(61, hist_days - 240)))
        c = dict(idx=i, word=word, legal=legal, domain=domain, country=country, currency=cur, lang=lang,
                 sector=sector, office=office, owner=owner, colleagues=colleagues, archetype=a,
                 decision=ARCH_DECISION[a], strength=strength, tax_id=tax_id, service=service, model=model,
                 fee=round(base_fee, -2), start=start, notes="")
        c["cost_ratio"] = rng.uniform(0.32, 0.55)
        c["delay_mu"], c["delay_sd"] = rng.uniform(-3, 4), rng.uniform(1, 5)
        c["msg_rate"] = rng.uniform(1.6, 4.2)  # threads per month
        c["reply_factor"] = 1.0
        c["ticket_user"] = rng.random() < 0.3
        s = strength
        if a == "keep_variation":
            c["cost_ratio"] = rng.uniform(0.45, 0.68)
            c["delay_mu"] = rng.uniform(3, 12)
            c["notes"] = "ordinary ups and downs: a complaint or two, some invoices a week or two late, margin fine"
        elif a == "recover":
            c["recent_days"] = int(60 + 70 * s)
            c["notes"] = ("our service failing: in the last %d days first replies ~%.0fx slower than to other clients, "
                          "missed deadlines, repeated unanswered questions, complaints about service; client hints at leaving"
                          % (c["recent_days"], 6 + 20 * s))
            c["ticket_user"] = rng.random() < 0.6
        elif a == "renegotiate":
            c["cost_ratio"] = 0.72 + 0.6 * s
            c["discount"] = round(0.05 + 0.15 * s, 2)
            c["notes"] = ("terms lose money: effort/revenue cost ratio %.2f, %d%% discount on invoices, scope creep "
                          "(extra interviews, revision rounds, non-billable), conduct friendly" % (c["cost_ratio"], c["discount"] * 100))
        elif a == "release":
            c["cost_ratio"] = 0.85 + 0.45 * s
            c["delay_mu"], c["delay_sd"] = 30 + 50 * s, 12
            c["notes"] = ("hostile with everyone (owner and colleagues), threats and demands, pays ~%d days late, cost ratio %.2f"
                          % (c["delay_mu"], c["cost_ratio"]))
        elif a == "reset":
            c["recent_days"] = int(rng.uniform(42, 56))
            c["notes"] = ("long good history; last %d days the client's mail to the owner is about the owner personally "
                          "(polite: not listening, lecturing, broken promises); fine with colleagues; business healthy"
                          % c["recent_days"])
        elif a == "reassign":
            c["recent_days"] = int(rng.uniform(250, 300))
            c["notes"] = ("persistent personal mismatch with owner for ~%d days (most mail to owner about owner), warm with "
                          "colleague %s; business healthy" % (c["recent_days"], colleagues[0]["name"]))
        elif a == "watch_new":
            c["notes"] = "new client: first contact %s, a couple of invoices and few messages" % start.isoformat()
            c["msg_rate"] = rng.uniform(1.5, 3.0)
        elif a == "watch_mixed":
            c["cost_ratio"] = rng.uniform(0.6, 0.8)
            c["delay_mu"] = rng.uniform(10, 22)
            c["notes"] = "mixed: praise and a couple of service complaints, some late payments, thin margin, one wobbly quarter"
        elif a == "conf_slow_happy":
            c["reply_factor"] = 8 + 10 * s
            c["notes"] = "confounder: we answer slowly (days) throughout, but the client is happy, praises work, pays on time"
        elif a == "conf_big_late":
            c["fee"] = round(c["fee"] * rng.uniform(2.6, 3.6), -2)
            c["delay_mu"], c["delay_sd"] = 20 + 30 * s, 8
            c["cost_ratio"] = rng.uniform(0.3, 0.45)
            c["notes"] = "confounder: big, profitable client (bank/FMCG procurement) pays ~%d days late by policy; otherwise healthy" % c["delay_mu"]
        elif a == "conf_seasonal":
            c["notes"] = "confounder: client goes quiet every year in the same season (budget cycle); silent now as a year ago"
            c["start"] = window_start
        elif a == "conf_non_decider":
            c["notes"] = ("confounder: day-to-day coordinator grumbles and complains (their own internal pressures), the "
                          "decision-maker (director) is satisfied, renews and pays; healthy economics")
        elif a == "conf_hostile_profitable":
            c["cost_ratio"] = rng.uniform(0.28, 0.4)
            c["delay_mu"] = rng.uniform(-2, 3)
            c["notes"] = ("confounder, my call KEEP: rude/hostile with everyone but very profitable, pays on time and the work "
                          "gets delivered; 'not liking a client doesn't make them unprofitable' - keep and set boundaries "
                          "(not RELEASE: no loss, no late pay; not RESET/REASSIGN: not about one person)")
        else:
            c["notes"] = "healthy: profitable, pays roughly on time, ordinary traffic"
        if owner["curt"] and a in ("keep", "keep_variation"):
            c["archetype_tag"] = "conf_curt_owner"
            c["notes"] += "; confounder: owner %s is curt with all clients, client stays KEEP" % owner["name"]
        # contacts at the client
        c["contacts"] = make_contacts(rng, c)
        clients.append(c)
    return clients


def ascii_fold(s):
    s = strip_pl(s)
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def make_contacts(rng, c):
    pools = {"PL": (PL_FIRST_F + PL_FIRST_M, PL_LAST), "PT": (PT_FIRST, PT_LAST), "CZ": (CZ_FIRST, CZ_LAST),
             "ES": (ES_FIRST, ES_LAST),
             "US": (US_FIRST, US_LAST)}
    if c["country"] == "PT" and c["domain"].endswith(".es"):
        firsts, lasts = ES_FIRST, ES_LAST
    else:
        firsts, lasts = pools[c["country"]]
    roles_pl = ["Kierownik ds. badań konsumenckich", "Brand Manager", "Head of Digital", "Product Owner",
                "Dyrektor Marketingu", "Insights Manager", "UX Lead", "Specjalista ds. zakupów"]
    roles_en = ["Consumer Insights Manager", "Brand Manager", "Head of Digital", "Product Owner", "Marketing Director",
                "Insights Lead", "UX Lead", "Procurement Specialist"]
    out = []
    k = 3 if c["archetype"] == "conf_non_decider" else rng.choice([1, 2, 2, 3])
    used = set()
    for j in range(k):
        while True:
            f, l = rng.choice(firsts), rng.choice(lasts)
            if f not in used:
                used.add(f)
                break
        if c["country"] == "PL":
            fem = f in PL_FIRST_F
            if fem and (l.endswith("ski") or l.endswith("cki")):
                l = l[:-1] + "a"
            if not fem and (l.endswith("ska") or l.endswith("cka")):
                l = l[:-1] + "i"
        lf, ll = ascii_fold(f).lower(), ascii_fold(l).lower()
        addr = rng.choice(["%s.%s", "%s.%s", "%s%s"]) % (lf, ll) if rng.random() < 0.8 else "%s.%s" % (lf[0], ll)
        role = rng.choice(roles_pl if c["lang"] == "pl" else roles_en)
        out.append(dict(first=f, last=l, name="%s %s" % (f, l), email="%s@%s" % (addr, c["domain"]), role=role))
    if c["archetype"] == "conf_non_decider":
        out[0]["role"] = "Koordynator projektu" if c["lang"] == "pl" else "Project Coordinator"
        out[1]["role"] = "Dyrektor ds. Marketingu i Badań" if c["lang"] == "pl" else "Director of Marketing & Insights"
    return out


# ----------------------------------------------------------------------------------------------
# money


def invoice_plan(rng, c, as_of, window_start):
    """Return list of invoices dicts: number-less, with issue date, net, description, kind."""
    invs = []
    start = c["start"]
    m = D(start.year, start.month, 1)
    end_m = D(as_of.year, as_of.month, 1)
    months = []
    while m <= end_m:
        months.append(m)
        m = month_add(m, 1)
    a = c["archetype"]
    next_wave = 0 if a == "watch_new" else rng.randint(0, 1)
    lang = c["lang"]
    wave_no = rng.randint(1, 4)
    for k, m in enumerate(months):
        season = SEASON[m.month]
        active = True
        if a == "conf_seasonal":
            # quiet in the ~10 weeks before as_of, every year
            for yback in (0, 1, 2):
                qa = as_of - TD(days=365 * yback)
                if qa - TD(days=75) <= m + TD(days=14) <= qa + TD(days=10):
                    active = False
        if not active:
            continue
        issue_base = month_add(m, 1)  # invoice for month m issued early next month
        issue = next_workday(issue_base + TD(days=rng.randint(0, 4)))
        if issue > as_of:
            # current month's work not yet invoiced
            continue
        if c["model"] == "retainer":
            fee = c["fee"] * rng.uniform(0.97, 1.03)
            if a == "recover" and (as_of - m).days < c.get("recent_days", 0) - 30 and rng.random() < 0.3 * c["strength"]:
                fee *= 0.6  # client cut the scope of the tracker
            invs.append(dict(issue=issue, net=round(fee, -1), kind="retainer", month=m,
                             desc=("Brand tracker - %s %d (abonament)" % (texts.PL_MONTHS[m.month], m.year)) if lang == "pl"
                             else "Brand tracking retainer - %s %d" % (texts.EN_MONTHS[m.month], m.year)))
        else:
            if k >= next_wave:
                p = season
                if rng.random() < min(1.0, 0.55 * p + 0.2):
                    fee = c["fee"] * rng.uniform(0.8, 1.25)
                    wave_no += 1
                    invs.append(dict(issue=issue, net=round(fee, -1), kind="wave", month=m,
                                     desc=("%s - fala %d" % (SERVICES[c["service"]][0], wave_no)) if lang == "pl"
                                     else "%s - wave %d" % (SERVICES[c["service"]][1], wave_no)))
                    next_wave = k + rng.choice([1, 2, 2, 3])
        # participant incentives re-billed at cost
        if c["service"] in ("qual", "ux") and rng.random() < 0.35:
            inc = {"PLN": 900, "EUR": 250, "USD": 300, "CZK": 5500}[c["currency"]] * rng.uniform(0.5, 2.0)
            invs.append(dict(issue=issue, net=round(inc, -1), kind="incentives", month=m, vat_exempt=True,
                             desc="Refaktura - zachęty dla uczestników badania" if lang == "pl"
                             else "Participant incentives (re-billed at cost)"))
        # urgent add-ons
        if rng.random() < 0.08 * season or (a == "renegotiate" and rng.random() < 0.1):
            n_more = rng.choice([5, 6, 8, 10, 12])
            add = c["fee"] * rng.uniform(0.08, 0.2)
            if a == "renegotiate":
                add *= 0.5
            invs.append(dict(issue=issue, net=round(add, -1), kind="addon", month=m,
                             desc=("Dodatkowe wywiady (%d) - pilne" % n_more) if lang == "pl"
                             else "Additional interviews (%d) - urgent" % n_more))
    if a == "watch_new":
        invs = invs[:3]
    return invs


# ----------------------------------------------------------------------------------------------
# writer


class World:
    def __init__(self, seed, out):
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 13)
        self.out = out
        self.exp = os.path.join(out, "exports")

    # -- top level
    def run(self):
        rng = self.rng
        if os.path.isdir(self.out):
            shutil.rmtree(self.out)
        os.makedirs(self.exp)
        as_of = D(2025, 9, 1) + TD(days=rng.randint(0, 440))
        while as_of.weekday() >= 5:
            as_of -= TD(days=1)
        hist_m = rng.randint(13, 24)
        window_start = month_add(D(as_of.year, as_of.month, 1), -hist_m)
        self.as_of, self.window_start = as_of, window_start
        self.staff = build_staff(rng)
        n = rng.randint(38, 52)
        self.clients = build_clients(rng, self.staff, as_of, window_start, n)
        self.agency_nip = nip_valid(rng)
        self.rates = self.make_rates()
        self.money()
        self.time()
        self.crm()
        self.mail()
        self.write_rates()
        self.truth()

    # -- exchange rates
    def make_rates(self):
        rng = self.rng
        rates = {}
        d = self.window_start - TD(days=40)
        eur_pln, usd_pln, czk_pln = rng.uniform(4.22, 4.36), rng.uniform(3.7, 4.1), rng.uniform(0.165, 0.177)
        while d <= self.as_of:
            if is_workday(d) and not (d.month == 1 and d.day == 1) and not (d.month == 12 and d.day in (25, 26)):
                eur_pln *= math.exp(rng.gauss(0, 0.0025))
                usd_pln *= math.exp(rng.gauss(0, 0.004))
                czk_pln *= math.exp(rng.gauss(0, 0.0025))
                rates[d] = {"EUR": round(eur_pln, 4), "USD": round(usd_pln, 4), "CZK": round(czk_pln, 4)}
            d += TD(days=1)
        return rates

    def write_rates(self):
        rng = random.Random(self.seed * 31 + 1)
        others = [("THB", 1, 0.11), ("AUD", 1, 2.55), ("HKD", 1, 0.5), ("CAD", 1, 2.8), ("NZD", 1, 2.3),
                  ("SGD", 1, 2.95), ("HUF", 100, 1.08), ("CHF", 1, 4.5), ("GBP", 1, 5.05), ("UAH", 1, 0.095),
                  ("JPY", 100, 2.6), ("DKK", 1, 0.57), ("ISK", 100, 2.9), ("NOK", 1, 0.36), ("SEK", 1, 0.37),
                  ("RON", 1, 0.85), ("BGN", 1, 2.18), ("TRY", 1, 0.1), ("ILS", 1, 1.05), ("CLP", 100, 0.41),
                  ("PHP", 1, 0.068), ("MXN", 1, 0.2), ("ZAR", 1, 0.21), ("BRL", 1, 0.7), ("MYR", 1, 0.86),
                  ("IDR", 10000, 2.4), ("INR", 100, 4.6), ("KRW", 100, 0.28), ("CNY", 1, 0.54), ("XDR", 1, 5.2)]
        order = ["THB", "USD", "AUD", "HKD", "CAD", "NZD", "SGD", "EUR", "HUF", "CHF", "GBP", "UAH", "JPY", "CZK",
                 "DKK", "ISK", "NOK", "SEK", "RON", "BGN", "TRY", "ILS", "CLP", "PHP", "MXN", "ZAR", "BRL", "MYR",
                 "IDR", "INR", "KRW", "CNY", "XDR"]
        units = {code: u for code, u, _ in others}
        units.update({"USD": 1, "EUR": 1, "CZK": 1})
        base = {code: v for code, _, v in others}
        names = {"THB": "bat (Tajlandia)", "USD": "dolar amerykański", "AUD": "dolar australijski",
                 "HKD": "dolar Hongkongu", "CAD": "dolar kanadyjski", "NZD": "dolar nowozelandzki",
                 "SGD": "dolar singapurski", "EUR": "euro", "HUF": "forint (Węgry)", "CHF": "frank szwajcarski",
                 "GBP": "funt szterling", "UAH": "hrywna (Ukraina)", "JPY": "jen (Japonia)", "CZK": "korona czeska",
                 "DKK": "korona duńska", "ISK": "korona islandzka", "NOK": "korona norweska", "SEK": "korona szwedzka",
                 "RON": "lej rumuński", "BGN": "lew (Bułgaria)", "TRY": "lira turecka", "ILS": "nowy izraelski szekel",
                 "CLP": "peso chilijskie", "PHP": "peso filipińskie", "MXN": "peso meksykańskie", "ZAR": "rand (Republika Południowej Afryki)",
                 "BRL": "real (Brazylia)", "MYR": "ringgit (Malezja)", "IDR": "rupia indonezyjska", "INR": "rupia indyjska",
                 "KRW": "won południowokoreański", "CNY": "yuan renminbi (Chiny)", "XDR": "SDR (MFW)"}
        years = sorted({d.year for d in self.rates})
        ecb_rows = []
        for y in years:
            lines = []
            hdr = ["data"] + ["%d%s" % (units[c], c) for c in order] + ["nr tabeli", "pełny numer tabeli"]
            lines.append(";".join(hdr))
            no = 0
            for d in sorted(k for k in self.rates if k.year == y):
                no += 1
                r = self.rates[d]
                vals = []
                for code in order:
                    if code in r:
                        v = r[code]
                    else:
                        base[code] *= math.exp(rng.gauss(0, 0.003))
                        v = base[code] * units[code]
                    vals.append(("%.4f" % v).replace(".", ","))
                lines.append(";".join([d.strftime("%Y%m%d")] + vals + [str(no), "%03d/A/NBP/%d" % (no, y)]))
                # ECB: units per EUR
                e = r["EUR"]
                ecb_rows.append((d, e / r["USD"], e / r["CZK"], e, e / (base["GBP"]), e / base["CHF"], e / (base["HUF"] / 100),
                                 e / base["SEK"], e / base["NOK"], e / base["DKK"], e / (base["JPY"] / 100)))
            lines.append(";".join(["kod ISO"] + order + ["", ""]))
            lines.append(";".join(["nazwa waluty"] + [names[c] for c in order] + ["", ""]))
            lines.append(";".join(["liczba jednostek"] + [str(units[c]) for c in order] + ["", ""]))
            with open(os.path.join(self.exp, "rates", "archiwum_tab_a_%d.csv" % y) if False else
                      self._p("rates/archiwum_tab_a_%d.csv" % y), "wb") as f:
                f.write(("\r\n".join(lines) + "\r\n").encode("cp1250"))
        hdr = "Date,USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,LTL,LVL,MTL,PLN,ROL,RON,SEK,SIT,SKK,CHF,ISK,NOK,HRK,RUB,TRL,TRY,AUD,BRL,CAD,CNY,HKD,IDR,ILS,INR,KRW,MXN,MYR,NZD,PHP,SGD,THB,ZAR,"
        out = [hdr]
        for (d, usd, czk, pln, gbp, chf, huf, sek, nok, dkk, jpy) in sorted(ecb_rows, reverse=True):
            row = [d.isoformat(), "%.4f" % usd, "%.2f" % jpy, "1.9558", "N/A", "%.3f" % czk, "%.4f" % dkk, "N/A",
                   "%.5f" % gbp, "%.2f" % huf, "N/A", "N/A", "N/A", "%.4f" % pln, "N/A", "%.4f" % (pln / 0.85 * 0.2),
                   "%.4f" % sek, "N/A", "N/A", "%.4f" % chf, "%.2f" % (pln / 0.029), "%.4f" % nok, "N/A", "N/A", "N/A",
                   "%.4f" % (pln / 0.1), "%.4f" % (pln / 2.55), "%.4f" % (pln / 0.7), "%.4f" % (pln / 2.8),
                   "%.4f" % (pln / 0.54), "%.4f" % (pln / 0.5), "%.2f" % (pln / 0.00024), "%.4f" % (pln / 1.05),
                   "%.4f" % (pln / 0.046), "%.2f" % (pln / 0.0028), "%.4f" % (pln / 0.2), "%.4f" % (pln / 0.86),
                   "%.4f" % (pln / 2.3), "%.3f" % (pln / 0.068), "%.4f" % (pln / 2.95), "%.3f" % (pln / 0.11),
                   "%.4f" % (pln / 0.21)]
            out.append(",".join(row) + ",")
        with open(self._p("rates/eurofxref-hist.csv"), "w", newline="") as f:
            f.write("\n".join(out) + "\n")

    def _p(self, rel):
        p = os.path.join(self.exp, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    # -- invoices & payments
    def money(self):
        rng = self.rng
        as_of = self.as_of
        self.invoices = []
        fakt, ksef, bank = [], [], []
        st_inv, st_pay = [], []
        seq_pl = {}
        seq_pt = {}
        for c in self.clients:
            c["cus"] = "cus_" + hashlib.sha1(("%d-%s" % (self.seed, c["legal"])).encode()).hexdigest()[:14]
            plan = invoice_plan(rng, c, as_of, self.window_start)
            c["invoices"] = []
            for inv in plan:
                net = inv["net"]
                if c["archetype"] == "renegotiate" and inv["kind"] in ("retainer", "wave"):
                    inv["discount"] = c["discount"]
                    net = round(net * (1 - c["discount"]), 2)
                if c["country"] == "PL":
                    vat = 0.0 if inv.get("vat_exempt") else 0.23
                elif c["country"] == "PT" and c["domain"].endswith(".pt"):
                    vat = 0.0 if inv.get("vat_exempt") else 0.23  # Lisbon entity charges IVA to Portuguese clients
                else:
                    vat = 0.0  # reverse charge / export
                gross = round(net * (1 + vat), 2)
                terms = 14 if c["country"] == "PL" else 30
                if c["archetype"] == "conf_big_late":
                    terms = 30
                due = inv["issue"] + TD(days=terms)
                delay = rng.gauss(c["delay_mu"], c["delay_sd"])
                if c["archetype"] == "watch_mixed" and rng.random() < 0.5:
                    delay = rng.uniform(-2, 5)
                if c["archetype"] in ("keep", "keep_variation", "reset", "reassign", "recover", "renegotiate") and rng.random() < 0.06:
                    delay += rng.uniform(10, 35)  # an ordinary slip
                paid = due + TD(days=int(round(delay)))
                if paid < inv["issue"]:
                    paid = inv["issue"] + TD(days=rng.randint(1, 5))
                paid = next_workday(paid)
                if paid > as_of:
                    paid = None
                inv.update(net=net, gross=gross, due=due, paid=paid, vat=vat, terms=terms)
                c["invoices"].append(inv)
            # numbering & writing
            for inv in c["invoices"]:
                y, mth = inv["issue"].year, inv["issue"].month
                if c["office"] == "Poznań" and c["country"] in ("PL", "CZ"):
                    seq_pl[(y, mth)] = seq_pl.get((y, mth), 0) + 1
                    inv["number"] = "FV/%d/%02d/%03d" % (y, mth, seq_pl[(y, mth)])
                    inv["road"] = "pl"
                else:
                    seq_pt[y] = seq_pt.get(y, 0) + 1
                    inv["number"] = "PRZ-%d-%04d" % (y, seq_pt[y])
                    inv["road"] = "stripe"
        # rename invoices by issue order inside a month for the PL road (tools number sequentially)
        pl_invs = sorted([(inv["issue"], c["idx"], inv) for c in self.clients for inv in c["invoices"] if inv["road"] == "pl"],
                         key=lambda t: (t[0], t[1]))
        cnt = {}
        for issue, _, inv in pl_invs:
            k = (issue.year, issue.month)
            cnt[k] = cnt.get(k, 0) + 1
            inv["number"] = "FV/%d/%02d/%03d" % (k[0], k[1], cnt[k])
        st_invs = sorted([(inv["issue"], c["idx"], inv) for c in self.clients for inv in c["invoices"] if inv["road"] == "stripe"],
                         key=lambda t: (t[0], t[1]))
        cnt = {}
        for issue, _, inv in st_invs:
            cnt[issue.year] = cnt.get(issue.year, 0) + 1
            inv["number"] = "PRZ-%d-%04d" % (issue.year, cnt[issue.year])
        fid = 180000000 + rng.randint(0, 999999)
        for c in self.clients:
            buyer_name_fakt = c["legal"]
            for inv in c["invoices"]:
                if inv["road"] == "pl":
                    fid += rng.randint(1, 40)
                    status = "paid" if inv["paid"] else ("issued" if rng.random() < 0.5 else "sent")
                    comma = rng.random() < 0.3
                    fa = lambda x: fmt_comma(x) if comma else fmt_amount(x)
                    fakt.append({
                        "id": fid, "number": inv["number"], "kind": "vat",
                        "issue_date": inv["issue"].isoformat(), "sell_date": (month_add(inv["month"], 1) - TD(days=1)).isoformat(),
                        "payment_to": inv["due"].isoformat(), "paid_date": inv["paid"].isoformat() if inv["paid"] else None,
                        "status": status, "buyer_name": buyer_name_fakt,
                        "buyer_tax_no": c["tax_id"] if c["country"] == "PL" else c["tax_id"],
                        "buyer_email": c["contacts"][-1]["email"] if rng.random() < 0.0 else None,
                        "price_net": fa(inv["net"]), "price_gross": fa(inv["gross"]), "price_tax": fa(inv["gross"] - inv["net"]),
                        "paid": fa(inv["gross"] if inv["paid"] else 0.0), "currency": c["currency"],
                        "description": inv["desc"] + ((" (rabat %d%%)" % round(inv["discount"] * 100)) if inv.get("discount") else ""),
                        "lang": "pl" if c["lang"] == "pl" else "pl/en",
                        "seller_name": AGENCY["name"], "seller_tax_no": self.agency_nip,
                        "payment_type": "transfer", "exchange_currency": "PLN" if c["currency"] != "PLN" else "",
                    })
                    if inv["paid"]:
                        bank.append([inv["number"], inv["paid"], inv["gross"], c["currency"], c])
                    # KSeF from Feb 2026 (mandatory e-invoicing)
                    if inv["issue"] >= D(2026, 2, 1) and c["country"] == "PL":
                        ksef.append((c, inv))
                else:
                    st_inv.append((c, inv))
            # a few proformas (skipped by importers, but real exports contain them)
            if c["country"] in ("PL", "CZ") and c["invoices"] and rng.random() < 0.15:
                inv = c["invoices"][-1]
                fid += 3
                fakt.append({"id": fid, "number": "PF/%d/%02d/%03d" % (inv["issue"].year, inv["issue"].month, rng.randint(1, 40)),
                             "kind": "proforma", "issue_date": inv["issue"].isoformat(), "sell_date": inv["issue"].isoformat(),
                             "payment_to": inv["due"].isoformat(), "paid_date": None, "status": "issued",
                             "buyer_name": c["legal"], "buyer_tax_no": c["tax_id"], "price_net": fmt_amount(inv["net"]),
                             "price_gross": fmt_amount(inv["gross"]), "paid": "0.00", "currency": c["currency"],
                             "description": "Proforma: " + inv["desc"]})
        fakt.sort(key=lambda r: (r["issue_date"], r["id"]))
        if self.seed % 5 in (0, 3):
            # this seed's Poznań office invoices in inFakt (API v3 list, amounts in integer grosze)
            ents = []
            for r in fakt:
                if r["kind"] != "vat":
                    continue
                g = lambda v: int(round(float(str(v).replace(",", ".")) * 100))
                gross, paidv = g(r["price_gross"]), g(r["paid"])
                ents.append({"id": r["id"], "uuid": hashlib.md5(str(r["id"]).encode()).hexdigest(), "number": r["number"],
                             "kind": "vat", "invoice_date": r["issue_date"], "sale_date": r["sell_date"],
                             "payment_date": r["payment_to"], "paid_date": r["paid_date"],
                             "status": "paid" if r["status"] == "paid" else rng.choice(["sent", "printed"]),
                             "net_price": g(r["price_net"]), "tax_price": gross - g(r["price_net"]), "gross_price": gross,
                             "left_to_pay": gross - paidv, "currency": r["currency"], "payment_method": "transfer",
                             "client_company_name": r["buyer_name"], "client_tax_code": r["buyer_tax_no"],
                             "notes": r["description"]})
            with open(self._p("infakt/infakt_invoices_%s.json" % self.as_of.strftime("%Y%m%d")), "w", encoding="utf-8") as f:
                json.dump({"metainfo": {"count": len(ents), "total_count": len(ents), "next": None, "previous": None},
                           "entities": ents}, f, ensure_ascii=False, indent=1)
        else:
            with open(self._p("fakturownia/faktury_api_export.json"), "w", encoding="utf-8") as f:
                json.dump(fakt, f, ensure_ascii=False, indent=1)
        for c, inv in ksef:
            self.write_ksef(c, inv)
        # bank statement export (mBank-like, mapped to invoice_number/paid_on/amount)
        bank.sort(key=lambda r: r[1])
        with open(self._p("bank/mbank_wplywy_%s.csv" % self.as_of.strftime("%Y%m%d")), "w", newline="", encoding="cp1250") as f:
            w = csv.writer(f)
            w.writerow(["id", "paid_on", "invoice_number", "amount", "currency", "counterparty", "title"])
            for k, (num, paid, gross, cur, c) in enumerate(bank):
                w.writerow(["TRX%09d" % (self.seed * 100000 + k), paid.isoformat(), num, fmt_amount(gross), cur,
                            c["legal"].upper() if rng.random() < 0.5 else c["legal"], "Zapłata za %s" % num])
        # Stripe invoices + payments
        with open(self._p("stripe/invoices.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "Number", "Customer", "Customer Name", "Customer Email", "Status", "Currency", "Amount Due",
                        "Amount Paid", "Subtotal", "Tax", "Tax Percent", "Total", "Total Discount Amount", "Applied Coupons",
                        "Starting Balance", "Ending Balance", "Date (UTC)", "Due Date (UTC)", "Paid At (UTC)",
                        "Finalized At (UTC)", "Voided At (UTC)", "Marked Uncollectible At (UTC)", "Period Start (UTC)",
                        "Period End (UTC)", "Paid", "Closed", "Forgiven", "Billing", "Charge", "Subscription", "Description"])
            pay_rows = []
            for c, inv in sorted(st_inv, key=lambda t: t[1]["issue"]):
                iid = "in_" + hashlib.sha1(("%d%s" % (self.seed, inv["number"])).encode()).hexdigest()[:24]
                ch = "ch_" + hashlib.sha1(("c%d%s" % (self.seed, inv["number"])).encode()).hexdigest()[:24]
                inv["stripe_id"] = iid
                t_issue = "%s %02d:%02d" % (inv["issue"].isoformat(), rng.randint(8, 17), rng.randint(0, 59))
                disc = inv.get("discount", 0)
                subtotal = round(inv["net"] / (1 - disc), 2) if disc else inv["net"]
                tax = round(inv["gross"] - inv["net"], 2)
                paid_at = "%s %02d:%02d" % (inv["paid"].isoformat(), rng.randint(7, 20), rng.randint(0, 59)) if inv["paid"] else ""
                cust_name = c["legal"] if rng.random() < 0.7 else c["legal"].upper()
                w.writerow([iid, inv["number"], c["cus"], c.get("stripe_name", c["legal"]), c["contacts"][-1]["email"],
                            "paid" if inv["paid"] else "open", c["currency"].lower(),
                            fmt_amount(inv["gross"]), fmt_amount(inv["gross"] if inv["paid"] else 0), fmt_amount(subtotal),
                            fmt_amount(tax) if tax else "", "23.0" if tax else "", fmt_amount(inv["gross"]),
                            fmt_amount(subtotal - inv["net"]) if disc else "0.00",
                            ("LOYAL%d" % int(disc * 100)) if disc else "", "0.00", "0.00", t_issue,
                            "%s 23:59" % inv["due"].isoformat(), paid_at, t_issue, "", "", t_issue,
                            t_issue, "true" if inv["paid"] else "false", "true" if inv["paid"] else "false", "false",
                            "send_invoice", ch if inv["paid"] else "", "", inv["desc"]])
                if inv["paid"]:
                    pay_rows.append((inv["paid"], c, inv, iid, ch))
        with open(self._p("stripe/payments.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency",
                        "Converted Amount", "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status",
                        "Statement Descriptor", "Customer ID", "Customer Description", "Customer Email", "Captured",
                        "Card ID", "Invoice ID", "Transfer"])
            for paid, c, inv, iid, ch in sorted(pay_rows, key=lambda t: t[0]):
                amt = inv["gross"]
                conv = amt if c["currency"] == "EUR" else amt * self.rate_on(paid, c["currency"]) / self.rate_on(paid, "EUR")
                fee = round(conv * 0.008 + 0.25, 2)
                w.writerow([ch, "Invoice %s" % inv["number"], "Payment complete.",
                            "%s %02d:%02d" % (paid.isoformat(), rng.randint(7, 20), rng.randint(0, 59)), fmt_amount(amt),
                            "0.00", c["currency"].lower(), fmt_amount(conv), "0.00", fmt_amount(fee), "0.00", "eur", "Live",
                            "Paid", "PRYZMAT RESEARCH", c["cus"], c["legal"], c["contacts"][-1]["email"], "true",
                            "src_" + ch[3:17] if rng.random() < 0.5 else "", iid, ""])

    def rate_on(self, d, cur):
        if cur == "PLN":
            return 1.0
        while d not in self.rates:
            d -= TD(days=1)
            if d < self.window_start - TD(days=40):
                return PLN_PER[cur]
        return self.rates[d][cur]

    def write_ksef(self, c, inv):
        rng = self.rng
        net, gross = inv["net"], inv["gross"]
        vat_amt = round(gross - net, 2)
        if inv["vat"] > 0:
            p13 = "<P_13_1>%.2f</P_13_1>\n    <P_14_1>%.2f</P_14_1>" % (net, vat_amt)
            p12 = "23"
        else:
            p13 = "<P_13_7>%.2f</P_13_7>" % net
            p12 = "zw"
        adn_zw = ("<Zwolnienie><P_19>1</P_19><P_19A>Art. 43 ust. 1 ustawy o VAT</P_19A></Zwolnienie>"
                  if inv["vat"] == 0 else "<Zwolnienie><P_19N>1</P_19N></Zwolnienie>")
        xml = """<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{ts}</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{snip}</NIP>
      <Nazwa>{sname}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>ul. Półwiejska 32</AdresL1>
      <AdresL2>61-888 Poznań</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{bnip}</NIP>
      <Nazwa>{bname}</Nazwa>
    </DaneIdentyfikacyjne>
    <JST>2</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>{cur}</KodWaluty>
    <P_1>{issue}</P_1>
    <P_2>{num}</P_2>
    <P_6>{sell}</P_6>
    {p13}
    <P_15>{gross:.2f}</P_15>
    <Adnotacje>
      <P_16>2</P_16>
      <P_17>2</P_17>
      <P_18>2</P_18>
      <P_18A>2</P_18A>
      {adn_zw}
      <NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu>
      <P_23>2</P_23>
      <PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy>
    </Adnotacje>
    <RodzajFaktury>VAT</RodzajFaktury>
    <FaWiersz>
      <NrWierszaFa>1</NrWierszaFa>
      <P_7>{desc}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{net:.2f}</P_9A>
      <P_11>{net:.2f}</P_11>
      <P_12>{p12}</P_12>
    </FaWiersz>
    <Platnosc>
      <TerminPlatnosci>
        <Termin>{due}</Termin>
      </TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>{nrb}</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
""".format(ts="%sT%02d:%02d:00Z" % (inv["issue"].isoformat(), rng.randint(7, 16), rng.randint(0, 59)),
           snip=self.agency_nip, sname=xml_esc(AGENCY["name"]), bnip=c["tax_id"], bname=xml_esc(c["legal"]),
           cur=c["currency"], issue=inv["issue"].isoformat(), num=inv["number"],
           sell=(month_add(inv["month"], 1) - TD(days=1)).isoformat(), p13=p13, gross=gross, adn_zw=adn_zw,
           desc=xml_esc(inv["desc"]), net=net, p12=p12, due=inv["due"].isoformat(), nrb="61109010140000071219812874")
        fn = "ksef/%s/%s_%s.xml" % (inv["issue"].strftime("%Y-%m"), self.agency_nip, inv["number"].replace("/", "_"))
        with open(self._p(fn), "w", encoding="utf-8") as f:
            f.write(xml)

    # -- time
    def time(self):
        rng = self.rng
        as_of = self.as_of
        clock_rows, harv_rows = [], []
        clockify_us = self.seed % 2 == 1
        for c in self.clients:
            a = c["archetype"]
            team = [c["owner"]] + c["colleagues"]
            analysts = [s for s in self.staff if s["office"] == c["office"] and not s["lead"]
                        and s["role"] not in ("finance assistant",)]
            recruiter = [s for s in self.staff if s["role"] == "participant recruiter"]
            lang = c["lang"]
            tasks = (TASKS_PL if lang == "pl" else TASKS_EN)[c["service"]]
            projects = self.projects_of(c)
            # hours follow invoiced net per month (shifted: work done in month m, invoiced next month)
            by_month = {}
            for inv in c["invoices"]:
                by_month.setdefault(inv["month"], 0.0)
                if inv["kind"] != "incentives":
                    by_month[inv["month"]] += inv["net"] / (1 - inv.get("discount", 0)) if inv.get("discount") else inv["net"]
            # current month: in progress
            cur_m = D(as_of.year, as_of.month, 1)
            if c["invoices"] and cur_m not in by_month and not (a == "conf_seasonal"):
                by_month[cur_m] = c["fee"] * 0.5 * (as_of.day / 30.0)
            for m, rev in sorted(by_month.items()):
                if rev <= 0:
                    continue
                ratio = c["cost_ratio"]
                if a == "renegotiate":
                    ratio = c["cost_ratio"] * rng.uniform(0.85, 1.15)
                rev_pln = rev * PLN_PER[c["currency"]]
                avg_cost = sum(s["cost"] * (PLN_PER["EUR"] if s["office"] == "Lisboa" else 1) for s in team) / len(team)
                hours = rev_pln * ratio / avg_cost * rng.uniform(0.9, 1.1)
                # model waves: spread work over this month and the previous
                days = []
                d = m
                while d.month == m.month:
                    if is_workday(d) and d <= as_of:
                        days.append(d)
                    d += TD(days=1)
                if not days:
                    continue
                left = hours
                while left > 0.2:
                    r = rng.random()
                    if r < 0.3:
                        s = c["owner"]
                    elif r < 0.55:
                        s = c["colleagues"][0]
                    elif r < 0.7:
                        s = c["colleagues"][1]
                    elif r < 0.8 and recruiter and c["office"] == "Poznań":
                        s = recruiter[0]
                    else:
                        s = rng.choice(analysts) if analysts else c["owner"]
                    h = min(left, rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7.5]))
                    left -= h
                    day = rng.choice(days)
                    task = rng.choice(tasks)
                    billable = True
                    if a == "renegotiate" and rng.random() < 0.25 + 0.3 * c["strength"]:
                        task = rng.choice(SCOPE_TASKS_PL if lang == "pl" else SCOPE_TASKS_EN)
                        billable = rng.random() < 0.3
                    elif rng.random() < 0.08:
                        billable = False
                        task = "Administracja konta" if lang == "pl" else "Account admin"
                    proj = rng.choice(projects)
                    ent = dict(day=day, staff=s, hours=h, task=task, billable=billable, project=proj, client=c)
                    c["hours"] = c.get("hours", 0.0) + h
                    c["cost_pln"] = c.get("cost_pln", 0.0) + h * s["cost"] * (PLN_PER["EUR"] if s["office"] == "Lisboa" else 1)
                    if s["office"] == "Lisboa":
                        harv_rows.append(ent)
                    else:
                        clock_rows.append(ent)
        # Clockify (Poznań workspace, PLN)
        with open(self._p("time/clockify_time_report_detailed_%s.csv" % self.as_of.strftime("%d_%m_%Y")), "w",
                  newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable",
                        "Start Date", "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)",
                        "Billable Rate (PLN)", "Billable Amount (PLN)", "Cost Rate (PLN)", "Cost Amount (PLN)"])
            for e in sorted(clock_rows, key=lambda e: (e["day"], e["staff"]["name"])):
                s, c = e["staff"], e["client"]
                st = dt.datetime.combine(e["day"], dt.time(rng.randint(8, 13), rng.choice([0, 15, 30, 45])))
                en = st + TD(hours=e["hours"])
                rate = 350 if s["lead"] else 220
                cname = c["word"] if (c["idx"] % 3 == 0 and c["country"] == "PL") else c["legal"]
                if clockify_us:
                    sd, stt, ed, ett = st.strftime("%m/%d/%Y"), st.strftime("%I:%M %p"), en.strftime("%m/%d/%Y"), en.strftime("%I:%M %p")
                else:
                    sd, stt, ed, ett = st.strftime("%Y-%m-%d"), st.strftime("%H:%M:%S"), en.strftime("%Y-%m-%d"), en.strftime("%H:%M:%S")
                hh = int(e["hours"])
                mm = int(round((e["hours"] - hh) * 60))
                w.writerow([e["project"], cname, e["task"], "", s["name"], s["office"], s["email"],
                            "dodatkowe" if "odatkow" in e["task"] or "xtra" in e["task"] else "", "Yes" if e["billable"] else "No",
                            sd, stt, ed, ett, "%02d:%02d:00" % (hh, mm), "%.2f" % e["hours"],
                            "%.2f" % rate if e["billable"] else "0.00", "%.2f" % (rate * e["hours"] if e["billable"] else 0),
                            "%.2f" % s["cost"], "%.2f" % (s["cost"] * e["hours"])])
        # Harvest (Lisbon account, EUR, day-first dates and decimal commas)
        with open(self._p("time/harvest_time_report_lisboa.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
                        "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
                        "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"])
            for e in sorted(harv_rows, key=lambda e: (e["day"], e["staff"]["name"])):
                s, c = e["staff"], e["client"]
                rate = 95 if s["lead"] else 65
                cname = c["word"] if c["idx"] % 2 == 0 else c["legal"]
                w.writerow([e["day"].strftime("%d.%m.%Y"), cname, e["project"], "PRZ-%03d" % (c["idx"] + 100), e["task"],
                            "", fmt_comma(e["hours"]).rstrip("0").rstrip(","), fmt_comma(math.ceil(e["hours"] * 4) / 4),
                            "Yes" if e["billable"] else "No", "Yes" if e["day"] < self.as_of - TD(days=35) else "No", "Yes",
                            s["first"], s["last"], s["role"], "Yes", fmt_comma(rate) if e["billable"] else "0,00",
                            fmt_comma(rate * e["hours"] if e["billable"] else 0), fmt_comma(s["cost"]),
                            fmt_comma(s["cost"] * e["hours"]), "Euro - EUR", ""])

    def projects_of(self, c):
        if "projects" in c:
            return c["projects"]
        rng = self.rng
        svc = SERVICES[c["service"]][0 if c["lang"] == "pl" else 1]
        out, tops = [], []
        for k in rng.sample(range(len(PROJECT_TOPICS_EN)), rng.randint(1, 3)):
            if c["lang"] == "pl":
                out.append("%s - %s: %s" % (c["word"], svc, PROJECT_TOPICS_PL_NOM[k]))
                tops.append(PROJECT_TOPICS_PL[k])
            else:
                out.append("%s %s - %s" % (c["word"], svc, PROJECT_TOPICS_EN[k]))
                tops.append(PROJECT_TOPICS_EN[k])
        c["projects"] = out
        c["topics"] = tops
        return out

    # -- CRM
    def crm(self):
        rng = self.rng
        with open(self._p("crm/hubspot-crm-exports-all-companies-%s.csv" % self.as_of.isoformat()), "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date",
                        "Last Activity Date", "Industry", "Country/Region", "Lifecycle Stage"])
            for c in self.clients:
                v = rng.random()
                if v < 0.2:
                    name = c["legal"].upper()
                elif v < 0.45:
                    name = strip_legal(c["legal"])
                elif v < 0.55:
                    name = ascii_fold(c["legal"])
                else:
                    name = c["legal"]
                c["crm_name"] = name
                c["record_id"] = str(5000000000 + self.seed * 100000 + c["idx"] * 137)
                own = c["owner"]["email"] if rng.random() < 0.6 else c["owner"]["name"]
                if c["start"] > self.window_start:
                    c["first_deal"] = c["start"] - TD(days=rng.randint(3, 20))
                else:
                    c["first_deal"] = self.window_start - TD(days=rng.randint(20, 900))
                create = dt.datetime.combine(c["first_deal"] - TD(days=rng.randint(30, 120)), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
                last = dt.datetime.combine(self.as_of - TD(days=rng.randint(0, 20)), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
                w.writerow([c["record_id"], name, c["domain"], own, create.strftime("%Y-%m-%d %H:%M"),
                            last.strftime("%Y-%m-%d %H:%M"), {"retail": "Retail", "fmcg": "Consumer Goods", "bank": "Banking",
                                                              "startup": "Computer Software"}[c["sector"]],
                            {"PL": "Poland", "PT": "Portugal", "ES": "Spain", "CZ": "Czech Republic",
                             "US": "United States"}[c["country"]], "Customer"])

        # deals: the won deal that opened each relationship (often before the exported history), renewals, a few lost
        with open(self._p("crm/hubspot-crm-exports-all-deals-%s.csv" % self.as_of.isoformat()), "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Pipeline",
                        "Create Date", "Associated Company IDs"])
            rid = 9100000000 + self.seed * 10000
            for c in self.clients:
                first = c["first_deal"]
                deals = [(first, "closedwon", c["fee"] * rng.choice([1, 2, 3, 6]))]
                d = first + TD(days=365)
                while d <= self.as_of:
                    if c["archetype"] != "conf_seasonal" or not (self.as_of - d).days < 80:
                        deals.append((d, "closedwon", c["fee"] * rng.choice([3, 6, 12])))
                    d += TD(days=365)
                if rng.random() < 0.3:
                    deals.append((self.as_of - TD(days=rng.randint(5, 200)), "closedlost", c["fee"] * 2))
                if rng.random() < 0.4:
                    deals.append((self.as_of + TD(days=rng.randint(10, 60)), rng.choice(["presentationscheduled", "contractsent"]),
                                  c["fee"] * rng.choice([2, 4])))
                for k, (d, stage, amt) in enumerate(deals):
                    rid += rng.randint(1, 9)
                    svc = SERVICES[c["service"]][1]
                    create = dt.datetime.combine(d - TD(days=rng.randint(10, 60)), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
                    own = c["owner"]["email"] if rng.random() < 0.6 else c["owner"]["name"]
                    w.writerow([str(rid), "%s - %s %d" % (c["word"], svc, d.year), stage, "%.2f" % round(amt * PLN_PER[c["currency"]], -2),
                                dt.datetime.combine(d, dt.time(rng.randint(9, 17), 0)).strftime("%Y-%m-%d %H:%M"), own,
                                "default", create.strftime("%Y-%m-%d %H:%M"), c["record_id"]])

    # -- mail
    def mail(self):
        import mailgen
        mailgen.generate(self)

    # -- truth
    def truth(self):
        with open(os.path.join(self.out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
            for c in self.clients:
                arch = c.get("archetype_tag", c["archetype"])
                w.writerow([c["legal"], c["tax_id"], c["domain"], c["decision"], arch, c["owner"]["name"], c["notes"]])
        js = {
            "seed": self.seed, "as_of": self.as_of.isoformat(), "window_start": self.window_start.isoformat(),
            "agency": {"name": AGENCY["name"], "name_lisbon_entity": AGENCY["name_pt"], "domain": AGENCY["domain"],
                       "nip": self.agency_nip, "offices": ["Poznań", "Lisboa"]},
            "staff": [{"name": s["name"], "role": s["role"], "email": s["email"], "office": s["office"],
                       "cost_rate": s["cost"], "cost_currency": "EUR" if s["office"] == "Lisboa" else "PLN",
                       "curt_with_everyone": s["curt"]} for s in self.staff],
            "exports": sorted(os.path.relpath(os.path.join(dp, fn), self.out) for dp, _, fns in os.walk(self.exp) for fn in fns
                              if not dp.endswith("ksef") and "/ksef/" not in dp + "/") + ["exports/ksef/*/*.xml"],
            "clients": [],
        }
        for c in self.clients:
            invs = c["invoices"]
            rev = sum(i["net"] for i in invs) * PLN_PER[c["currency"]]
            cost = c.get("cost_pln", 0.0)
            due = [i for i in invs if i["due"] < self.as_of]
            lates = [(max(0, ((i["paid"] or self.as_of) - i["due"]).days), i["gross"]) for i in due]
            wlate = sum(l * g for l, g in lates) / max(1e-9, sum(g for _, g in lates)) if lates else None
            js["clients"].append({
                "client_name": c["legal"], "names_in_files": sorted({c["legal"], c.get("crm_name", ""), c["word"]} - {""}),
                "tax_id": c["tax_id"], "domain": c["domain"], "country": c["country"], "currency": c["currency"],
                "language": c["lang"], "expected_decision": c["decision"], "archetype": c.get("archetype_tag", c["archetype"]),
                "base_archetype": c["archetype"], "strength": c["strength"], "owner_staff": c["owner"]["name"],
                "owner_email": c["owner"]["email"], "colleagues": [s["name"] for s in c["colleagues"]],
                "contacts": [{"name": p["name"], "email": p["email"], "role": p["role"]} for p in c["contacts"]],
                "start": c["start"].isoformat(), "service": c["service"], "billing_model": c["model"],
                "fee_per_period": c["fee"], "cost_ratio_target": round(c["cost_ratio"], 3),
                "payment_delay_mean_days": round(c["delay_mu"], 1), "recent_days": c.get("recent_days"),
                "discount": c.get("discount"), "reply_factor": round(c["reply_factor"], 2),
                "n_invoices": len(invs), "invoiced_net": round(sum(i["net"] for i in invs), 2),
                "n_messages": c.get("n_messages", 0), "n_tickets": c.get("n_tickets", 0), "notes": c["notes"],
                "realised": {"revenue_net_pln_approx": round(rev), "cost_pln": round(cost), "hours": round(c.get("hours", 0.0), 1),
                             "margin": round(1 - cost / rev, 3) if rev else None,
                             "amount_weighted_days_late": round(wlate, 1) if wlate is not None else None,
                             "share_invoices_late_over_7d": round(sum(1 for l, _ in lates if l > 7) / len(lates), 2) if lates else None,
                             "open_invoices": sum(1 for i in invs if not i["paid"])},
            })
        with open(os.path.join(self.out, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(js, f, ensure_ascii=False, indent=1)


LEGAL_FORMS = [" Sp. z o.o. Sp. k.", " Sp. z o.o.", " S.A.", " Sp. j.", ", S.A.", ", Lda", ", S.L.", " s.r.o.", " a.s.",
               ", Inc.", " LLC", ", N.A.", ", Unipessoal Lda"]


def strip_legal(n):
    for lf in LEGAL_FORMS:
        if n.endswith(lf):
            return n[: -len(lf)]
    return n


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    World(a.seed, a.out).run()


if __name__ == "__main__":
    main()
