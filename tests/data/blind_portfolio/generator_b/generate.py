#!/usr/bin/env python3
"""Blind portfolio generator (author B): a Polish IT consultancy / software house.

python3 generate.py --seed N --out DIR

Writes DIR/exports/ (Clockify time, Fakturownia JSON + KSeF FA(3) XML, Stripe invoices and
payments, a bank payments CSV, HubSpot companies, per-person mbox files, NBP and ECB rates)
and DIR/truth.csv + DIR/truth.json.  Standard library only.  Deterministic per seed.
"""
import argparse
import base64
import csv
import datetime as dt
import io
import json
import math
import os
import quopri
import random
import shutil
import unicodedata
from collections import defaultdict
from email.header import Header
from email.utils import format_datetime, formataddr

import texts as T

D = dt.date
ONE = dt.timedelta(days=1)

# ----------------------------------------------------------------------------------------
# small helpers


def strip_pl(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def ascii_fold(s):
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    return strip_pl(s).encode("ascii", "ignore").decode()


def slug(s):
    s = strip_pl(s).lower()
    out = []
    for c in s:
        if c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def month_start(d):
    return D(d.year, d.month, 1)


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    return D(d.year + y, m + 1, 1)


def month_end(d):
    return add_months(d, 1) - ONE


def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return D(y, month, day)


def pl_holidays(y):
    e = easter(y)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if y >= 2025:
        fixed.append((12, 24))
    hs = {D(y, m, d) for m, d in fixed}
    hs |= {e, e + ONE, e + dt.timedelta(days=60)}
    return hs


_HOL = {}


def is_workday(d):
    if d.weekday() >= 5:
        return False
    if d.year not in _HOL:
        _HOL[d.year] = pl_holidays(d.year)
    return d not in _HOL[d.year]


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


def nip_checksum_ok(digits):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    s = sum(int(a) * b for a, b in zip(digits[:9], w)) % 11
    return s != 10 and s == int(digits[9])


def make_nip(rng, used):
    while True:
        prefix = rng.choice(["521", "525", "526", "527", "534", "555", "573", "586", "634", "676",
                             "679", "712", "749", "754", "774", "779", "811", "851", "894", "951",
                             "957", "967", "599", "661", "813", "872"])
        body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(6))
        w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        s = sum(int(a) * b for a, b in zip(body, w)) % 11
        if s == 10:
            continue
        nip = body + str(s)
        if nip not in used:
            used.add(nip)
            return nip


def fmt_nip(nip, style):
    if style == 0:
        return nip
    if style == 1:
        return "%s-%s-%s-%s" % (nip[:3], nip[3:6], nip[6:8], nip[8:])
    if style == 2:
        return "PL" + nip
    return "%s-%s-%s-%s" % (nip[:3], nip[3:5], nip[5:7], nip[7:])


def tz_offset_pl(d):
    # CEST from last Sunday of March to last Sunday of October
    def last_sunday(y, m):
        x = month_end(D(y, m, 1))
        while x.weekday() != 6:
            x -= ONE
        return x
    if last_sunday(d.year, 3) <= d < last_sunday(d.year, 10):
        return 2
    return 1


def tz_for(country, d):
    if country in ("PL", "DE", "NL", "SE", "NO", "DK", "AT", "CH"):
        return tz_offset_pl(d)
    if country == "FI":
        return tz_offset_pl(d) + 1
    if country in ("UK", "IE"):
        return tz_offset_pl(d) - 1
    if country == "US":
        return -5 if tz_offset_pl(d) == 1 else -4
    return 1


def money(x):
    return round(x + 1e-9, 2)


def dec(x, comma=False):
    s = "%.2f" % x
    return s.replace(".", ",") if comma else s


# ----------------------------------------------------------------------------------------
# world: agency and staff

AGENCIES = [
    ("Bitwarta Software Sp. z o.o.", "bitwarta.pl"),
    ("Kodostrada Sp. z o.o.", "kodostrada.pl"),
    ("Nadwiślańskie Studio Oprogramowania Sp. z o.o.", "nsoft.com.pl"),
    ("Warsztat Kodu Sp. z o.o.", "warsztatkodu.pl"),
    ("Pracownia Systemów Lipiec i Wspólnicy Sp. k.", "lipiec-systemy.pl"),
]

STAFF_BASE = [
    # first, last, vocative, role, owner, cost PLN/h, bill PLN/h, group
    ("Tomasz", "Wieczorek", "Tomaszu", "Founder, CEO", True, 240, 320, "Zarząd"),
    ("Agnieszka", "Lis", "Agnieszko", "Founder, CTO", True, 240, 320, "Zarząd"),
    ("Marta", "Kaczmarek", "Marto", "Account manager / project lead", True, 150, 240, "Delivery"),
    ("Paweł", "Sobczak", "Pawle", "Account manager / project lead", True, 150, 240, "Delivery"),
    ("Joanna", "Wróbel", "Joanno", "Account manager / project lead", True, 145, 240, "Delivery"),
    ("Kamil", "Nowicki", "Kamilu", "Senior developer", False, 170, 260, "Dev"),
    ("Łukasz", "Zając", "Łukaszu", "Developer", False, 135, 220, "Dev"),
    ("Ewelina", "Górska", "Ewelino", "Developer", False, 130, 220, "Dev"),
    ("Michał", "Pietrzak", "Michale", "Developer", False, 125, 220, "Dev"),
    ("Natalia", "Krupa", "Natalio", "QA engineer", False, 100, 180, "QA"),
    ("Zofia", "Malinowska", "Zofio", "UX/UI designer", False, 115, 200, "Design"),
    ("Bartosz", "Czerwiński", "Bartoszu", "DevOps engineer", False, 165, 260, "Ops"),
    ("Karolina", "Adamczyk", "Karolino", "Junior developer", False, 85, 160, "Dev"),
    ("Piotr", "Dudek", "Piotrze", "Developer (B2B contractor)", False, 145, 220, "Dev"),
]


def build_staff(rng, domain):
    base = list(STAFF_BASE)
    keep = base[:12]
    extra = base[12:]
    rng.shuffle(extra)
    keep += extra[: rng.randint(0, 2)]
    staff = []
    for (first, last, voc, role, owner, cost, bill, group) in keep:
        local = "%s.%s" % (strip_pl(first).lower(), strip_pl(last).lower())
        if rng.random() < 0.15 and not owner:
            local = strip_pl(first).lower()[0] + strip_pl(last).lower()
        staff.append(dict(first=first, last=last, name="%s %s" % (first, last), voc=voc, role=role,
                          owner=owner, cost=cost + rng.choice([-10, -5, 0, 0, 5, 10]), bill=bill,
                          group=group, email="%s@%s" % (local, domain)))
    return staff


# ----------------------------------------------------------------------------------------
# archetypes

# truth decision for each archetype
DECISION = {
    "keep": "KEEP", "keep_variation": "KEEP", "keep_curt_owner": "KEEP", "keep_slow_happy": "KEEP",
    "keep_big_late_payer": "KEEP", "keep_seasonal": "KEEP", "keep_contact_not_dm": "KEEP",
    "keep_hostile_profitable": "KEEP",
    "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "recover_dm": "RECOVER",
    "renegotiate": "RENEGOTIATE", "release": "RELEASE", "watch_new": "WATCH", "watch_mixed": "WATCH",
}


def plan_archetypes(rng):
    n = rng.randint(36, 50)
    arche = []
    arche += ["reset"] * rng.randint(3, 4)
    arche += ["reassign"] * rng.randint(3, 4)
    arche += ["release"] * rng.randint(3, 4)
    arche += ["recover"] * rng.randint(2, 4) + ["recover_dm"]
    arche += ["renegotiate"] * rng.randint(3, 5)
    arche += ["watch_new"] * rng.randint(2, 3) + ["watch_mixed"] * rng.randint(1, 2)
    arche += ["keep_slow_happy"] * rng.randint(1, 2)
    arche += ["keep_big_late_payer"] * rng.randint(1, 2)
    arche += ["keep_seasonal"] * rng.randint(1, 2)
    arche += ["keep_contact_not_dm"] * rng.randint(1, 2)
    arche += ["keep_hostile_profitable"]
    while len(arche) < n:
        arche.append(rng.choice(["keep", "keep", "keep_variation"]))
    rng.shuffle(arche)
    return arche


# ----------------------------------------------------------------------------------------
# clients

def pick_clients(rng, archetypes, used_nips):
    pools = {
        "pl_sme": list(T.PL_SME), "pl_pub": list(T.PL_PUBLIC), "eu": list(T.EU_FIRMS),
        "uk": list(T.UK_FIRMS), "us": list(T.US_FIRMS),
    }
    for p in pools.values():
        rng.shuffle(p)
    clients = []
    used_names = set()
    for i, a in enumerate(archetypes):
        if a == "keep_seasonal":
            seg = "pl_pub" if rng.random() < 0.7 else rng.choice(["eu", "pl_sme"])
        elif a == "keep_big_late_payer":
            seg = rng.choice(["pl_pub", "pl_sme", "eu", "us"])
        else:
            seg = rng.choices(["pl_sme", "pl_pub", "eu", "uk", "us"], [40, 12, 22, 13, 13])[0]
        if not pools[seg]:
            seg = max(pools, key=lambda k: len(pools[k]))
        rec = pools[seg].pop()
        clients.append(make_client(rng, i, a, seg, rec, used_nips))
    return clients


def make_client(rng, idx, archetype, seg, rec, used_nips):
    # rec: (legal name, short name, domain, country, project)
    legal, short, domain, country, project = rec
    c = dict(idx=idx, archetype=archetype, decision=DECISION[archetype], segment=seg,
             legal=legal, short=short, domain=domain, country=country, project=project)
    c["lang"] = "pl" if seg.startswith("pl") else "en"
    c["currency"] = {"pl_sme": "PLN", "pl_pub": "PLN", "eu": "EUR", "uk": "GBP", "us": "USD"}[seg]
    c["nip"] = make_nip(rng, used_nips) if c["lang"] == "pl" else ""
    c["nip_style"] = rng.choice([0, 0, 0, 1, 2]) if c["nip"] else 0
    # contacts
    n_contacts = rng.choice([1, 2, 2, 3])
    contacts = []
    used = set()
    for k in range(n_contacts):
        if c["lang"] == "pl":
            g = rng.choice("mf")
            first = rng.choice(T.PL_FIRST_M if g == "m" else T.PL_FIRST_F)
            last = rng.choice(T.PL_LAST)
            if g == "f" and last.endswith("ski"):
                last = last[:-1] + "a"
            if g == "f" and last.endswith("cki"):
                last = last[:-1] + "a"
            if g == "f" and last.endswith("dzki"):
                last = last[:-1] + "a"
        else:
            g = rng.choice("mf")
            pool = T.EN_NAMES[country] if country in T.EN_NAMES else T.EN_NAMES["UK"]
            first = rng.choice(pool[0] if g == "m" else pool[1])
            last = rng.choice(pool[2])
        if (first, last) in used:
            continue
        used.add((first, last))
        style = rng.choice(["fl", "fl", "f", "fil", "lf"])
        fa, la = ascii_fold(first).lower(), ascii_fold(last).lower().replace(" ", "")
        local = {"fl": fa + "." + la, "f": fa, "fil": fa[0] + la, "lf": la + "." + fa}[style]
        roles = T.ROLES_PL if c["lang"] == "pl" else T.ROLES_EN
        contacts.append(dict(first=first, last=last, name="%s %s" % (first, last), gender=g,
                             email="%s@%s" % (local, domain), role=roles[k % len(roles)] if k else rng.choice(roles),
                             charset=pick_charset(rng, c["lang"]), nodiac=(rng.random() < 0.18),
                             phone=phone(rng, country)))
    c["contacts"] = contacts
    c["billing_email"] = rng.choice(["faktury", "ksiegowosc", "billing", "accounts", "finance", "invoices"]) + "@" + domain \
        if c["lang"] == "pl" else rng.choice(["accounts", "billing", "finance", "ap"]) + "@" + domain
    return c


def pick_charset(rng, lang):
    if lang != "pl":
        return rng.choice(["utf-8", "utf-8", "utf-8", "us-ascii"])
    return rng.choices(["utf-8", "iso-8859-2", "windows-1250"], [55, 25, 20])[0]


def phone(rng, country):
    if country == "PL":
        return "+48 %d%02d %03d %03d" % (rng.randint(5, 8), rng.randint(0, 99), rng.randint(0, 999), rng.randint(0, 999))
    if country == "DE":
        return "+49 %d %d" % (rng.randint(30, 899), rng.randint(100000, 9999999))
    if country == "UK":
        return "+44 20 %04d %04d" % (rng.randint(0, 9999), rng.randint(0, 9999))
    if country == "US":
        return "+1 (%03d) %03d-%04d" % (rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999))
    cc = {"NL": 31, "SE": 46, "NO": 47, "DK": 45, "FI": 358, "AT": 43}.get(country, 31)
    return "+%d %d" % (cc, rng.randint(10000000, 99999999))


# ----------------------------------------------------------------------------------------
# per-client parameters


def parametrise(rng, c, as_of, window_start, staff, owners, curt_owner):
    a = c["archetype"]
    s = rng.uniform(0.2, 1.0)
    c["strength"] = round(s, 3)
    months_total = (as_of.year - window_start.year) * 12 + as_of.month - window_start.month + 1
    # start of the relationship (within the export window or before it)
    if a in ("watch_new",):
        weeks = int(6 + (1 - s) * 0 + rng.randint(0, 10))
        c["start"] = next_workday(as_of - dt.timedelta(weeks=weeks))
    elif a in ("reset", "reassign", "keep_big_late_payer", "keep_seasonal", "keep_hostile_profitable",
               "keep_curt_owner", "release", "renegotiate"):
        c["start"] = window_start if rng.random() < 0.85 else add_months(window_start, rng.randint(1, 3))
    else:
        r = rng.random()
        if r < 0.6:
            c["start"] = window_start
        else:
            c["start"] = add_months(window_start, rng.randint(1, max(1, months_total - 7)))
        c["start"] = next_workday(c["start"] + dt.timedelta(days=rng.randint(0, 20)))
    c["start"] = max(c["start"], window_start)
    # before-window history (CRM create date)
    c["crm_created"] = c["start"] if c["start"] > window_start else window_start - dt.timedelta(days=rng.randint(30, 900))
    # kind
    c["kind"] = "retainer" if rng.random() < 0.65 else "project"
    # size: monthly net revenue in PLN equivalent
    big = a in ("keep_big_late_payer",) or (a == "keep_hostile_profitable" and rng.random() < 0.6)
    base = rng.lognormvariate(math.log(6500), 0.5)
    if big:
        base = rng.uniform(28000, 50000)
    if a == "watch_new":
        base = rng.lognormvariate(math.log(5500), 0.4)
    if c["segment"] == "pl_pub":
        base *= 1.2
    c["rev_pln"] = round(base, -2)
    # profitability ratio (revenue / cost to serve)
    healthy = rng.uniform(1.55, 2.5)
    c["ratio_base"] = healthy
    # payment terms and lateness (days) per invoice
    c["terms"] = 30 if c["segment"] == "pl_pub" or c["lang"] == "en" else rng.choice([14, 14, 21, 30])
    c["late_mu"], c["late_sd"], c["late_p"] = 0, 4, 0.25
    # communication
    c["reply_h"] = rng.uniform(1.5, 5.0)  # median hours to our first reply
    c["unanswered"] = 0.02
    c["threads_pm"] = min(7.0, 2.0 + c["rev_pln"] / 6000.0) * rng.uniform(0.7, 1.2)
    c["silence"] = set()
    c["nonbill"] = rng.uniform(0.03, 0.1)
    c["discount"] = 0.0
    c["phase_start"] = None
    c["colleague_warm"] = None
    c["notes"] = ""
    c["hours_trend"] = None
    c["dm"] = None
    c["params"] = {}
    # team
    devs = [p for p in staff if not p["owner"]]
    if a == "keep_curt_owner" or (curt_owner and c.get("owner") == curt_owner):
        pass
    team = rng.sample(devs, rng.randint(2, 4))
    c["team"] = team
    # archetype specifics
    P = c["params"]
    if a == "reset":
        weeks = rng.randint(6, 8)
        c["phase_start"] = as_of - dt.timedelta(weeks=weeks)
        P.update(weeks=weeks, person_share=round(0.3 + 0.55 * s, 2))
        c["notes"] = ("long good history; in the last %d weeks the client's mail to the owner turns to the owner "
                      "personally (not listening, lecturing, broken promises; ~%d%% of their messages to the owner), "
                      "polite wording; colleagues get normal mail; margin and payments healthy" % (weeks, P["person_share"] * 100))
    elif a == "reassign":
        months = rng.randint(7, 11)
        c["phase_start"] = add_months(month_start(as_of), -months) + dt.timedelta(days=rng.randint(0, 20))
        P.update(months=months, person_share=round(0.5 + 0.4 * s, 2))
        c["notes"] = ("for ~%d months most of the client's messages to the owner are about the owner personally "
                      "(~%d%%); warm with colleague COLLEAGUE who gets friendly mail and praise; business side healthy"
                      % (months, P["person_share"] * 100))
    elif a in ("recover", "recover_dm"):
        months = rng.randint(2, 6)
        c["phase_start"] = add_months(month_start(as_of), -months) + dt.timedelta(days=rng.randint(0, 25))
        c["p_reply_h"] = 14 + 90 * s
        c["p_unanswered"] = 0.12 + 0.4 * s
        P.update(months=months, reply_median_h=round(c["p_reply_h"], 1), unanswered=round(c["p_unanswered"], 2),
                 service_share=round(0.2 + 0.5 * s, 2))
        c["notes"] = ("our service fails for the last ~%d months: first replies median ~%.0f h (others ~3 h), "
                      "~%d%% of questions unanswered and asked again, missed deadlines, complaints about service, "
                      "talk of other vendors; margin and payments fine" % (months, c["p_reply_h"], c["p_unanswered"] * 100))
        if a == "recover_dm":
            c["notes"] += ("; the day-to-day contact stays polite, the decision-maker (%s) writes the complaints "
                           "and the warning" % "second contact")
    elif a == "renegotiate":
        months = rng.randint(6, 12)
        c["phase_start"] = add_months(month_start(as_of), -months)
        c["p_ratio"] = 1.0 - 0.45 * s  # revenue / cost at the end of the creep
        c["ratio_base"] = rng.uniform(1.3, 1.7)
        c["discount"] = rng.choice([0.0, 0.05, 0.1, 0.15, 0.2]) if rng.random() < 0.7 else 0.0
        c["nonbill_p"] = 0.15 + 0.35 * s
        c["kind"] = "retainer" if rng.random() < 0.75 else "project"
        P.update(months=months, end_ratio=round(c["p_ratio"], 2), discount=c["discount"],
                 nonbillable_share=round(c["nonbill_p"], 2))
        c["notes"] = ("friendly and on time, but over ~%d months scope creep: hours grow against a fixed fee, "
                      "revenue/cost falls to ~%.2f, %d%% discount, ~%d%% non-billable out-of-scope work"
                      % (months, c["p_ratio"], c["discount"] * 100, c["nonbill_p"] * 100))
    elif a == "release":
        c["ratio_base"] = 1.05 - 0.3 * s
        c["late_mu"], c["late_sd"], c["late_p"] = 30 + 55 * s, 12, 0.9
        c["hostile_share"] = 0.25 + 0.5 * s
        P.update(ratio=round(c["ratio_base"], 2), mean_days_late=round(c["late_mu"]), hostile_share=round(c["hostile_share"], 2))
        c["notes"] = ("hostile/abusive with every staff member who writes to them (~%d%% of messages), pays ~%d days late, "
                      "revenue/cost ~%.2f; not recoverable" % (c["hostile_share"] * 100, c["late_mu"], c["ratio_base"]))
        c["nonbill"] = rng.uniform(0.1, 0.25)
    elif a == "watch_new":
        c["threads_pm"] *= 0.6
        P.update(weeks_of_history=(as_of - c["start"]).days // 7)
        c["notes"] = "new client, %d weeks of history: a few invoices and messages; too little data" % ((as_of - c["start"]).days // 7)
    elif a == "watch_mixed":
        c["ratio_base"] = rng.uniform(1.2, 1.45)
        c["late_mu"], c["late_sd"], c["late_p"] = 12, 6, 0.5
        c["phase_start"] = add_months(month_start(as_of), -rng.randint(3, 5))
        P.update(ratio=round(c["ratio_base"], 2))
        c["notes"] = ("mixed: a few service complaints and a personal remark alongside praise, pays 1-3 weeks late, "
                      "thin but positive margin; nothing decisive")
    elif a == "keep_slow_happy":
        c["reply_h"] = rng.uniform(30, 70)
        c["notes"] = "we answer slowly (median ~%.0f h) but the client is relaxed and happy; no complaints" % c["reply_h"]
    elif a == "keep_big_late_payer":
        c["late_mu"], c["late_sd"], c["late_p"] = rng.uniform(25, 55), 8, 0.95
        c["ratio_base"] = rng.uniform(1.8, 2.4)
        c["notes"] = ("largest account; pays %d days late on average (long internal approval) but profitable and friendly"
                      % c["late_mu"])
    elif a == "keep_seasonal":
        if c["segment"] == "pl_pub":
            c["silence"] = {7, 8}
            why = "university/hospital summer break (July-August)"
        else:
            c["silence"] = {7, 8} if rng.random() < 0.5 else {12, 1}
            why = "seasonal silence in months %s" % sorted(c["silence"])
        c["notes"] = "goes silent every year (%s): no mail and little work, then back to normal; healthy" % why
    elif a == "keep_contact_not_dm":
        c["notes"] = ("the day-to-day contact grumbles (demands, small complaints) but the decision-maker is happy, "
                      "renews and pays on time; decide by the relationship as a whole: KEEP")
    elif a == "keep_hostile_profitable":
        c["hostile_share"] = 0.2 + 0.35 * s
        c["ratio_base"] = rng.uniform(1.9, 2.7)
        c["notes"] = ("rude/hostile with everyone (~%d%% of messages) but highly profitable and pays on time. Author's call: KEEP - "
                      "RELEASE in this world needs chronic loss and late payment too; not liking a client does not make it "
                      "unprofitable; protect staff and set boundaries instead" % (c["hostile_share"] * 100))
    elif a == "keep_variation":
        c["late_mu"], c["late_sd"], c["late_p"] = rng.uniform(3, 12), 6, 0.4
        c["ratio_base"] = rng.uniform(1.4, 2.0)
        c["notes"] = "healthy with ordinary ups and downs: an occasional complaint, a late invoice, a quiet month"
    elif a == "keep_curt_owner":
        c["notes"] = ("healthy client of an owner who answers every client curtly; the client does not complain "
                      "about the person: KEEP (the curtness is the staff member's, not this relationship's)")
    else:
        c["notes"] = "healthy: profitable, pays on time, routine mail and praise"


def assign_owners(rng, clients, owners, curt_owner):
    # friction owners: avoid the curt owner for reset/reassign, spread across owners
    counts = defaultdict(int)
    special = [c for c in clients if c["archetype"] in ("reset", "reassign")]
    cand = [o for o in owners if o is not curt_owner]
    for i, c in enumerate(special):
        c["owner"] = cand[i % len(cand)] if i < len(cand) else rng.choice(cand)
        counts[c["owner"]["email"]] += 1
    for c in clients:
        if "owner" in c:
            continue
        w = [1.0 if "Founder" in o["role"] else 2.2 for o in owners]
        c["owner"] = rng.choices(owners, w)[0]
    mine = [c for c in clients if c["owner"] is curt_owner and c["archetype"] == "keep"]
    others = [c for c in clients if c["owner"] is not curt_owner and c["archetype"] == "keep"]
    rng.shuffle(others)
    while len(mine) < 3 and others:
        x = others.pop()
        x["owner"] = curt_owner
        mine.append(x)
    for c in clients:
        if c["owner"] is curt_owner and c["archetype"] == "keep":
            c["archetype"] = "keep_curt_owner"


# ----------------------------------------------------------------------------------------
# exchange rates


NBP_CCY = [("THB", 1, 0.112, "bat (Tajlandia)"), ("USD", 1, 3.72, "dolar amerykański"),
           ("AUD", 1, 2.42, "dolar australijski"), ("HKD", 1, 0.477, "dolar Hongkongu"),
           ("CAD", 1, 2.69, "dolar kanadyjski"), ("NZD", 1, 2.21, "dolar nowozelandzki"),
           ("SGD", 1, 2.86, "dolar singapurski"), ("EUR", 1, 4.26, "euro"),
           ("HUF", 100, 1.09, "forint (Węgry)"), ("CHF", 1, 4.55, "frank szwajcarski"),
           ("GBP", 1, 4.93, "funt szterling"), ("UAH", 1, 0.089, "hrywna (Ukraina)"),
           ("JPY", 100, 2.47, "jen (Japonia)"), ("CZK", 1, 0.172, "korona czeska"),
           ("DKK", 1, 0.571, "korona duńska"), ("ISK", 100, 2.95, "korona islandzka"),
           ("NOK", 1, 0.362, "korona norweska"), ("SEK", 1, 0.384, "korona szwedzka"),
           ("RON", 1, 0.842, "lej rumuński"), ("BGN", 1, 2.178, "lew (Bułgaria)"),
           ("TRY", 1, 0.094, "lira turecka"), ("ILS", 1, 1.04, "nowy izraelski szekel"),
           ("CLP", 100, 0.39, "peso chilijskie"), ("PHP", 1, 0.0645, "peso filipińskie"),
           ("MXN", 1, 0.198, "peso meksykańskie"), ("ZAR", 1, 0.206, "rand (Republika Południowej Afryki)"),
           ("BRL", 1, 0.672, "real (Brazylia)"), ("MYR", 1, 0.862, "ringgit (Malezja)"),
           ("IDR", 10000, 2.26, "rupia indonezyjska"), ("INR", 100, 4.32, "rupia indyjska"),
           ("KRW", 100, 0.266, "won południowokoreański"), ("CNY", 1, 0.512, "yuan renminbi (Chiny)"),
           ("XDR", 1, 4.98, "SDR (MFW)")]

ECB_COLS = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN", "ROL",
            "RON", "SEK", "SIT", "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD", "BRL", "CAD",
            "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]


def build_rates(rng, start, end):
    """Daily PLN-per-unit mid rates on Polish working days (random walks)."""
    lvl = {code: base * unit for code, unit, base, _ in NBP_CCY}
    days = []
    d = start
    rates = {}
    while d <= end:
        if d.weekday() < 5:
            for code in lvl:
                vol = 0.0035 if code in ("EUR", "CHF", "BGN", "DKK") else 0.006
                lvl[code] *= math.exp(rng.gauss(0, vol) - 0.0 * vol)
                # mean reversion
                base = [b * u for cc, u, b, _ in NBP_CCY if cc == code][0]
                lvl[code] += 0.01 * (base - lvl[code])
            rates[d] = dict(lvl)
            days.append(d)
        d += ONE
    return rates


def pln_per(rates, ccy, d):
    if ccy == "PLN":
        return 1.0
    x = d - ONE
    for _ in range(15):
        if x in rates and is_workday(x):
            unit = [u for cc, u, b, n in NBP_CCY if cc == ccy][0]
            return rates[x][ccy] / unit
        x -= ONE
    k = min(rates)
    unit = [u for cc, u, b, n in NBP_CCY if cc == ccy][0]
    return rates[k][ccy] / unit


def write_nbp(rates, folder):
    by_year = defaultdict(list)
    for d in sorted(rates):
        if is_workday(d):
            by_year[d.year].append(d)
    for y, ds in by_year.items():
        header = ["data"] + ["%d%s" % (u, cc) for cc, u, b, n in NBP_CCY] + ["nr tabeli", "pełny numer tabeli"]
        lines = [";".join(header)]
        for i, d in enumerate(ds, 1):
            row = [d.strftime("%Y%m%d")]
            for cc, u, b, n in NBP_CCY:
                v = rates[d][cc]
                row.append(("%.4f" % v).replace(".", ","))
            row += ["%d" % i, "%03d/A/NBP/%d" % (i, y)]
            lines.append(";".join(row))
        lines.append(";".join(["kod ISO"] + [cc for cc, u, b, n in NBP_CCY] + ["", ""]))
        lines.append(";".join(["nazwa waluty"] + [n for cc, u, b, n in NBP_CCY] + ["", ""]))
        lines.append(";".join(["liczba jednostek"] + [str(u) for cc, u, b, n in NBP_CCY] + ["", ""]))
        with open(os.path.join(folder, "archiwum_tab_a_%d.csv" % y), "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("cp1250"))


def ecb_day(d):
    if d.weekday() >= 5:
        return False
    e = easter(d.year)
    return d not in {D(d.year, 1, 1), e - 2 * ONE, e + ONE, D(d.year, 5, 1), D(d.year, 12, 25), D(d.year, 12, 26)}


def write_ecb(rates, folder):
    lines = ["Date," + ",".join(ECB_COLS) + ","]
    units = {cc: u for cc, u, b, n in NBP_CCY}
    for d in sorted(rates, reverse=True):
        if not ecb_day(d):
            continue
        r = rates[d]
        eurpln = r["EUR"]
        row = [d.isoformat()]
        for cc in ECB_COLS:
            if cc == "PLN":
                row.append("%.4f" % eurpln)
            elif cc in r:
                per_unit = r[cc] / units[cc]
                v = eurpln / per_unit
                row.append(("%.4f" % v) if v < 100 else ("%.2f" % v))
            else:
                row.append("N/A")
        lines.append(",".join(row) + ",")
    with open(os.path.join(folder, "eurofxref-hist.csv"), "w", newline="") as f:
        f.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------------------
# time entries, invoices, payments


def month_list(a, b):
    m = month_start(a)
    out = []
    while m <= b:
        out.append(m)
        m = add_months(m, 1)
    return out


def client_ratio(c, m, as_of):
    r = c["ratio_base"]
    if c["archetype"] == "renegotiate" and c["phase_start"] and m >= month_start(c["phase_start"]):
        total = max(1, (as_of.year - c["phase_start"].year) * 12 + as_of.month - c["phase_start"].month)
        k = ((m.year - c["phase_start"].year) * 12 + m.month - c["phase_start"].month + 1) / total
        r = r + (c["p_ratio"] - r) * min(1.0, k)
    return r


def gen_time(rng, c, as_of, staff_by_email):
    """Returns list of entries (date, staff, hours, billable, desc, task, tags) and monthly revenue dict."""
    entries = []
    monthly_rev = {}
    owner = c["owner"]
    members = [(owner, 0.16)]
    team = c["team"]
    shares = [rng.uniform(0.5, 1.5) for _ in team]
    tot = sum(shares)
    for p, sh in zip(team, shares):
        members.append((p, 0.84 * sh / tot))
    if c.get("colleague_warm") and c["colleague_warm"] not in [m[0] for m in members]:
        members.append((c["colleague_warm"], 0.08))
    avg_cost = sum(p["cost"] * w for p, w in members) / sum(w for _, w in members)
    for m in month_list(c["start"], as_of):
        a = max(m, c["start"])
        b = min(month_end(m), as_of)
        wd = workdays(a, b)
        if not wd:
            continue
        frac = len(wd) / max(1, len(workdays(m, month_end(m))))
        rev = c["rev_pln"] * frac * rng.uniform(0.85, 1.15)
        monthly_rev[m] = rev
        ratio = client_ratio(c, m, as_of)
        hours = rev / (ratio * avg_cost)
        if m.month in c["silence"]:
            hours *= 0.15
        if c["archetype"] in ("recover", "recover_dm") and c["phase_start"] and m >= month_start(c["phase_start"]):
            hours *= rng.uniform(0.75, 1.0)
        nonbill = c["nonbill"]
        if c["archetype"] == "renegotiate" and c["phase_start"] and m >= month_start(c["phase_start"]):
            nonbill = c["nonbill_p"]
        for p, w in members:
            h = hours * w
            while h > 0.2:
                d = rng.choice(wd)
                chunk = min(h, rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 4, 4, 5, 6, 7.5]))
                chunk = round(chunk * 4) / 4
                if chunk <= 0:
                    break
                h -= chunk
                billable = rng.random() >= nonbill
                task, desc, tags = T.time_desc(rng, c["lang"], p["group"], billable,
                                               c["archetype"] == "renegotiate" and not billable)
                entries.append(dict(date=d, staff=p, hours=chunk, billable=billable, task=task, desc=desc, tags=tags))
    return entries, monthly_rev


def gen_invoices(rng, c, as_of, monthly_rev, rates, counters):
    invs = []
    months = sorted(monthly_rev)
    ccy = c["currency"]
    fixed_fee = None
    if c["kind"] == "retainer":
        fixed_fee = c["rev_pln"]
    pending = 0.0
    skipped = 0
    for i, m in enumerate(months):
        if c["kind"] == "project":
            pending += monthly_rev[m]
        else:
            a_d = max(m, c["start"])
            fr = len(workdays(a_d, month_end(m))) / max(1, len(workdays(m, month_end(m))))
            pending += fixed_fee * fr
        issue = next_workday(add_months(m, 1) + dt.timedelta(days=rng.randint(0, 3)))
        if issue > as_of:
            break
        if c["kind"] == "project":
            # milestones every 1-2 months (a milestone invoice covers the work since the last one)
            if skipped == 0 and rng.random() < 0.4:
                skipped += 1
                continue
            skipped = 0
        net_pln = pending
        pending = 0.0
        disc = c["discount"] if (c["archetype"] == "renegotiate" and c["phase_start"] and m >= month_start(c["phase_start"])) else 0.0
        rate = pln_per(rates, ccy, issue)
        net = net_pln / rate
        net = round(net / 10) * 10 if net > 2000 else round(net, 2)
        gross_list = net
        discount_amt = money(net * disc)
        net = money(net - discount_amt)
        vat = money(net * 0.23) if c["lang"] == "pl" else 0.0
        gross = money(net + vat)
        due = issue + dt.timedelta(days=c["terms"])
        counters["n"] += 1
        invs.append(dict(client=c, issue=issue, sell=month_end(m), due=due, net=net, vat=vat, gross=gross,
                         currency=ccy, discount=discount_amt, list_net=gross_list, period=m))
    # payments
    for inv in invs:
        late = 0
        if rng.random() < c["late_p"]:
            late = max(1, int(rng.gauss(c["late_mu"] if c["late_mu"] else 6, c["late_sd"])))
        else:
            late = -rng.randint(0, min(10, c["terms"] - 1))
        if c["archetype"] in ("keep", "keep_curt_owner", "keep_slow_happy", "keep_seasonal", "keep_contact_not_dm",
                              "keep_hostile_profitable", "reset", "reassign", "recover", "recover_dm", "renegotiate") and rng.random() < 0.05:
            late = rng.randint(8, 25)
        paid_on = next_workday(inv["due"] + dt.timedelta(days=late))
        inv["payments"] = []
        if c["archetype"] == "release" and rng.random() < 0.25 and paid_on <= as_of:
            # partial payment first, rest later
            part = money(inv["gross"] * rng.choice([0.3, 0.5]))
            inv["payments"].append((paid_on, part))
            d2 = next_workday(paid_on + dt.timedelta(days=rng.randint(15, 40)))
            if d2 <= as_of:
                inv["payments"].append((d2, money(inv["gross"] - part)))
        elif paid_on <= as_of:
            inv["payments"].append((paid_on, inv["gross"]))
        inv["paid"] = money(sum(a for _, a in inv["payments"]))
        inv["kor"] = None
        # disputed invoices of Polish clients end in a correction invoice (faktura korygująca) and a reduced payment
        p_kor = 0.0
        if c["currency"] == "PLN":
            if c["archetype"] == "release":
                p_kor = 0.18
            elif c["archetype"] == "renegotiate" and c["phase_start"] and inv["period"] >= month_start(c["phase_start"]):
                p_kor = 0.15
        if p_kor and rng.random() < p_kor:
            k_issue = next_workday(inv["issue"] + dt.timedelta(days=rng.randint(6, 18)))
            if inv["payments"]:
                k_issue = min(k_issue, inv["payments"][0][0] - ONE)
            k_issue = max(k_issue, inv["issue"] + ONE)
            if k_issue <= as_of:
                share = rng.uniform(0.08, 0.3)
                k_net = -money(inv["net"] * share)
                k_vat = money(k_net * 0.23)
                k_gross = money(k_net + k_vat)
                inv["kor"] = dict(issue=k_issue, net=k_net, vat=k_vat, gross=k_gross,
                                  reason=rng.choice(["Rabat uzgodniony po reklamacji", "Korekta liczby godzin",
                                                     "Obniżenie wynagrodzenia za opóźnienie", "Błędna ilość godzin"]))
                if inv["payments"]:
                    due_total = money(inv["gross"] + k_gross)
                    prev = money(sum(a for _, a in inv["payments"][:-1]))
                    d_last, _ = inv["payments"][-1]
                    if due_total - prev > 0:
                        inv["payments"][-1] = (d_last, money(due_total - prev))
                    else:
                        inv["payments"] = inv["payments"][:-1]
                    inv["paid"] = money(sum(a for _, a in inv["payments"]))
    return invs


# ----------------------------------------------------------------------------------------
# messages


class Mail:
    __slots__ = ("mid", "when", "sender", "to", "cc", "subject", "body", "lang", "charset", "cte", "in_reply_to",
                 "refs", "outgoing", "client", "cat", "tz", "xmailer")


def person_tuple(p):
    return (p["name"], p["email"])


class MailGen:
    def __init__(self, rng, world):
        self.rng = rng
        self.w = world
        self.mails = []
        self.n = 0

    def mid(self, domain):
        self.n += 1
        return "<%s.%d.%s@%s>" % (format(self.rng.getrandbits(40), "x"), self.n, format(self.rng.getrandbits(24), "x"),
                                  "mail." + domain if self.rng.random() < 0.5 else domain)

    def add(self, when, sender, to, cc, subject, body, lang, charset, outgoing, client, cat, reply_to=None, tz=1):
        m = Mail()
        dom = sender[1].split("@")[1]
        m.mid = self.mid(dom)
        m.when = when
        m.sender = sender
        m.to = to
        m.cc = cc
        m.subject = subject
        m.body = body
        m.lang = lang
        m.charset = charset
        r = self.rng.random()
        if charset in ("utf-8",):
            m.cte = "quoted-printable" if r < 0.5 else ("base64" if r < 0.75 else "8bit")
        elif charset == "us-ascii":
            m.cte = "7bit"
        else:
            m.cte = "quoted-printable" if r < 0.55 else ("8bit" if r < 0.85 else "base64")
        m.in_reply_to = reply_to.mid if reply_to else None
        m.refs = ((reply_to.refs + " ") if reply_to and reply_to.refs else "") + (reply_to.mid if reply_to else "")
        m.refs = m.refs.strip()
        m.outgoing = outgoing
        m.client = client
        m.cat = cat
        m.tz = tz
        m.xmailer = None
        self.mails.append(m)
        return m


def business_time(rng, d, tzh):
    """A sending time on day d in local working hours; returns aware datetime."""
    h = rng.choices(range(7, 20), [2, 8, 10, 10, 9, 6, 8, 9, 8, 7, 4, 2, 1])[0]
    mi = rng.randint(0, 59)
    tz = dt.timezone(dt.timedelta(hours=tzh))
    return dt.datetime(d.year, d.month, d.day, h, mi, rng.randint(0, 59), tzinfo=tz)


def after_hours(rng, start, hours, country="PL"):
    """start + hours, then pushed into working hours of our office (PL)."""
    t = start + dt.timedelta(hours=hours, minutes=rng.randint(0, 40))
    tzh = tz_offset_pl(t.date())
    loc = t.astimezone(dt.timezone(dt.timedelta(hours=tzh)))
    while not is_workday(loc.date()) or loc.hour < 8 or loc.hour >= 18:
        if loc.hour >= 18 or not is_workday(loc.date()):
            nd = loc.date() + ONE
            while not is_workday(nd):
                nd += ONE
            loc = dt.datetime(nd.year, nd.month, nd.day, 8, rng.randint(0, 59), tzinfo=loc.tzinfo) + dt.timedelta(minutes=rng.randint(0, 90))
        else:
            loc = loc.replace(hour=8, minute=rng.randint(0, 59))
    return loc


def pick_cat(rng, weights):
    ks = list(weights)
    return rng.choices(ks, [weights[k] for k in ks])[0]


BASE_MIX = dict(routine=30, question=24, friendly=12, praise=6, service=3, demand=3, scope=5, ack=8)


def client_mix(c, when_d, to_owner, contact_idx):
    a = c["archetype"]
    w = dict(BASE_MIX)
    ps = c["phase_start"]
    in_phase = ps is not None and when_d >= ps
    s = c["strength"]
    if a == "keep_variation":
        w["service"] += 3
        w["demand"] += 2
        w["person"] = 0.6
        w["hostile"] = 0.3
    if a == "reset" and in_phase and to_owner:
        p = c["params"]["person_share"]
        tot = sum(w.values())
        w["person"] = tot * p / (1 - p)
    if a == "reassign" and in_phase:
        if to_owner:
            p = c["params"]["person_share"]
            tot = sum(w.values())
            w["person"] = tot * p / (1 - p)
    if a in ("recover", "recover_dm") and in_phase:
        dm = a == "recover_dm" and contact_idx == 1
        if a == "recover" or dm:
            sh = c["params"]["service_share"]
            tot = sum(w.values())
            w["service"] = tot * sh / (1 - sh)
            w["threat"] = tot * 0.05 * s + (tot * 0.25 if dm else 0)
            w["praise"] = 1
            w["friendly"] = 4
    if a == "renegotiate":
        w["scope"] += 8 if not in_phase else 25 + 30 * s
        w["demand"] += 2 if not in_phase else 6 + 6 * s
        w["friendly"] += 5
        w["praise"] += 3
    if a in ("release", "keep_hostile_profitable"):
        hs = c["hostile_share"]
        tot = sum(w.values())
        w["hostile"] = tot * hs / (1 - hs)
        w["threat"] = tot * (0.06 + 0.1 * s) if a == "release" else tot * 0.02
        w["demand"] += 10 if a == "release" else 3
        w["praise"] = 0.5
        w["friendly"] = 2
        if a == "release":
            w["service"] += 4
    if a == "watch_mixed" and in_phase:
        w["service"] += 8
        w["praise"] += 5
        w["person"] = 3
        w["demand"] += 3
    if a == "keep_slow_happy":
        w["friendly"] += 10
        w["praise"] += 6
    if a == "keep_contact_not_dm":
        if contact_idx == 0:
            w["demand"] += 10
            w["service"] += 6
            w["scope"] += 4
            w["friendly"] = 4
        else:
            w["praise"] += 15
            w["friendly"] += 8
    return w


def reply_type(rng, c, staff, cat, curt_owner):
    if staff is curt_owner or staff.get("curt"):
        if rng.random() < 0.6:
            return "curt"
    if cat in ("praise", "friendly", "warm"):
        return "thanks" if rng.random() < 0.85 else "normal"
    if cat in ("service", "threat", "repeat"):
        return rng.choices(["apologetic", "normal", "defensive"], [65, 20, 15])[0]
    if cat == "person":
        if c["archetype"] in ("reset", "reassign"):
            return rng.choices(["defensive", "apologetic", "curt", "normal"], [50, 30, 12, 8])[0]
        return rng.choices(["apologetic", "defensive"], [70, 30])[0]
    if cat == "hostile":
        return rng.choices(["apologetic", "defensive", "curt"], [50, 38, 12])[0]
    if cat == "demand":
        return rng.choices(["normal", "defensive", "apologetic"], [55, 30, 15])[0]
    return "normal"


def gen_mail(rng, mg, c, as_of, world, curt_owner):
    a = c["archetype"]
    owner = c["owner"]
    lang = c["lang"]
    contacts = c["contacts"]
    colleagues = list(c["team"])
    if c.get("colleague_warm") and c["colleague_warm"] not in colleagues:
        colleagues.append(c["colleague_warm"])
    country = c["country"]
    for m in month_list(c["start"], as_of):
        if m.month in c["silence"]:
            continue
        a_d = max(m, c["start"])
        b_d = min(month_end(m), as_of)
        wd = workdays(a_d, b_d)
        if not wd:
            continue
        frac = len(wd) / max(1, len(workdays(m, month_end(m))))
        lam = c["threads_pm"] * frac
        if c["archetype"] in ("reset", "reassign", "recover", "recover_dm") and c["phase_start"] and month_end(m) >= c["phase_start"]:
            lam *= 1.4
        if c["silence"] and (add_months(m, 1).month in c["silence"]):
            lam *= 0.6
        n_client = poisson(rng, lam)
        n_ours = poisson(rng, 0.45 * lam + 0.3)
        for _ in range(n_client):
            d = rng.choice(wd)
            ci = rng.randrange(len(contacts))
            contact = contacts[ci]
            # recipient
            p_owner = 0.55
            if a == "reassign" and c["phase_start"] and d >= c["phase_start"]:
                p_owner = 0.45
            to_staff = owner if rng.random() < p_owner else rng.choice(colleagues)
            if a == "reassign" and c["phase_start"] and d >= c["phase_start"] and to_staff is not owner and rng.random() < 0.6:
                to_staff = c["colleague_warm"]
            if a == "recover_dm" and ci == 1 and rng.random() < 0.6:
                to_staff = owner
            to_owner = to_staff is owner
            w = client_mix(c, d, to_owner, ci)
            cat = pick_cat(rng, w)
            if a == "reassign" and c["phase_start"] and d >= c["phase_start"] and to_staff is c["colleague_warm"]:
                cat = rng.choices(["warm", "friendly", "praise", "routine", "question"], [25, 20, 20, 20, 15])[0]
            client_thread(rng, mg, c, contact, to_staff, d, cat, curt_owner, world)
        if a in ("reset", "reassign") and c["phase_start"] and month_end(m) >= c["phase_start"]:
            pdays = [x for x in wd if x >= c["phase_start"]]
            if pdays:
                if a == "reset":
                    total = 2 + int(round(3 * c["strength"]))
                    span = max(1, (as_of - c["phase_start"]).days)
                    k = poisson(rng, total * len(pdays) * 7 / 5 / span)
                else:
                    k = poisson(rng, 0.8 + 1.2 * c["strength"])
                for _ in range(k):
                    d = rng.choice(pdays)
                    ci = rng.randrange(len(contacts))
                    client_thread(rng, mg, c, contacts[ci], owner, d, "person", curt_owner, world)
        for _ in range(n_ours):
            d = rng.choice(wd)
            st = owner if rng.random() < 0.5 else rng.choice(colleagues)
            contact = rng.choice(contacts)
            our_thread(rng, mg, c, contact, st, d, curt_owner, world)


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


def fill(rng, tmpl, ctx):
    class DD(dict):
        def __missing__(self, k):
            return "{" + k + "}"
    return tmpl.format_map(DD(ctx))


def ctx_for(rng, c, contact, staff, d):
    lang = c["lang"]
    ctx = dict(
        project=c["project"], client=c["short"], me=contact["first"], staff=staff["first"], staff_voc=staff["voc"],
        ticket="%s-%d" % (c["short"][:3].upper().replace(" ", ""), rng.randint(100, 999)),
        feature=rng.choice(T.FEATURES_PL if lang == "pl" else T.FEATURES_EN),
        date=(d + dt.timedelta(days=rng.randint(2, 12))).strftime("%d.%m" if lang == "pl" else "%d %b"),
        pastdate=(d - dt.timedelta(days=rng.randint(3, 20))).strftime("%d.%m" if lang == "pl" else "%d %B"),
        weekday=rng.choice(T.WEEKDAYS_PL if lang == "pl" else T.WEEKDAYS_EN),
        n=rng.randint(2, 5), hours=rng.choice([4, 6, 8, 12, 16, 20]),
        invoice="FV/%d/%02d/%d" % (rng.randint(1, 40), d.month, d.year),
        env=rng.choice(["staging", "preprod", "UAT"] if lang == "pl" else ["staging", "UAT", "test"]),
        version="%d.%d.%d" % (rng.randint(1, 4), rng.randint(0, 12), rng.randint(0, 9)),
        colleague=rng.choice([p for p in c["team"] + [c["owner"]] if p is not staff])["first"],
        owner=c["owner"]["first"],
    )
    fem = staff["first"].endswith("a")
    ctx.update(pan="Pani" if fem else "Pan", Pan_cap="Pani" if fem else "Pan", pana="Panią" if fem else "Pana",
               a="a" if fem else "", em="am" if fem else "em", es="aś" if fem else "eś", y="a" if fem else "y",
               cpan="Pani" if contact["gender"] == "f" else "Pan")
    return ctx


def greeting_client(rng, c, contact, staff):
    if c["lang"] == "pl":
        opts = ["Dzień dobry,", "Dzień dobry Pani %s," % staff["voc"] if staff["first"][-1] == "a" else "Dzień dobry Panie %s," % staff["voc"],
                "Cześć %s," % staff["voc"], "Witam,", "Dzien dobry,", "Pani %s," % staff["voc"] if staff["first"][-1] == "a" else "Panie %s," % staff["voc"],
                "Hej,", ""]
        return rng.choice(opts)
    return rng.choice(["Hi %s," % staff["first"], "Hello %s," % staff["first"], "Dear %s," % staff["first"], "%s," % staff["first"],
                       "Hi,", "Morning %s," % staff["first"], "Hi there,", ""])


def greeting_staff(rng, c, contact):
    if c["lang"] == "pl":
        formal = "Szanowna Pani," if contact["gender"] == "f" else "Szanowny Panie,"
        return rng.choice(["Dzień dobry,", formal, "Dzień dobry,", "Witam serdecznie,", "Dzień dobry,"])
    return rng.choice(["Hi %s," % contact["first"], "Hello %s," % contact["first"], "Dear %s," % contact["first"], "Hi %s," % contact["first"]])


def closing_client(rng, c, contact):
    lang = c["lang"]
    name = contact["name"]
    if lang == "pl":
        sign = rng.choice(["Pozdrawiam", "Pozdrawiam serdecznie", "Z poważaniem", "Pozdr.", "Pozdrawiam,", "Miłego dnia", "Dziękuję i pozdrawiam"])
        sig = rng.choice(["%s\n%s" % (sign, name), "%s\n%s\n%s\n%s\ntel. %s" % (sign, name, contact["role"], c["legal"], contact["phone"]),
                          "%s\n%s" % (sign, contact["first"]), "%s,\n%s | %s" % (sign, name, c["legal"])])
    else:
        sign = rng.choice(["Best", "Thanks", "Kind regards", "Cheers", "Best regards", "Regards", "Thanks,", "Many thanks"])
        sign = sign.rstrip(",")
        sig = rng.choice(["%s,\n%s" % (sign, contact["first"]), "%s,\n%s\n%s | %s\n%s" % (sign, name, contact["role"], c["legal"], contact["phone"]),
                          "%s\n%s" % (sign, name), "%s,\n%s\n\nSent from my iPhone" % (sign, contact["first"])])
    return sig


def closing_staff(rng, c, staff, world):
    if c["lang"] == "pl":
        sign = rng.choice(["Pozdrawiam", "Pozdrawiam serdecznie", "Pozdrawiam,", "Z pozdrowieniami"])
        sig = "%s\n%s\n\n--\n%s\n%s | %s\n%s" % (sign, staff["name"], staff["name"], staff["role"], world["agency"]["name"], "https://" + world["agency"]["domain"]) \
            if rng.random() < 0.5 else "%s\n%s" % (sign, staff["first"])
    else:
        sign = rng.choice(["Best", "Kind regards", "Best regards", "Thanks", "Cheers"])
        sig = "%s,\n%s\n\n--\n%s\n%s, %s" % (sign, staff["first"], staff["name"], staff["role"], world["agency"]["name"]) \
            if rng.random() < 0.5 else "%s,\n%s" % (sign, staff["first"])
    return sig


def maybe_typos(rng, text, p):
    if rng.random() >= p:
        return text
    words = text.split(" ")
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(words))
        wd = words[i]
        if len(wd) > 4 and wd.isalpha():
            j = rng.randrange(1, len(wd) - 2)
            wd = wd[:j] + wd[j + 1] + wd[j] + wd[j + 2:]
            words[i] = wd
    return " ".join(words)


def pl_gender(text, female):
    for m, f in T.PL_GENDER_PAIRS:
        text = text.replace(f, m) if not female else text.replace(m, f)
    return text


def join_sentences(a, b, rng):
    a = a.rstrip()
    if a and a[-1] not in ".!?:)":
        a += "."
    return a + (" " if rng.random() < 0.5 else "\n\n") + b


def client_body(rng, c, contact, staff, d, cat):
    lang = c["lang"]
    lib = T.CLIENT[lang][cat]
    picks = rng.sample(lib, 2)
    ctx = ctx_for(rng, c, contact, staff, d)
    core = fill(rng, picks[0], ctx)
    if cat not in ("ack", "repeat") and rng.random() < 0.35:
        core = join_sentences(core, fill(rng, picks[1], ctx), rng)
    if lang == "pl":
        core = pl_gender(core, contact["gender"] == "f")
    core = maybe_typos(rng, core, 0.15)
    body = "%s\n\n%s\n\n%s" % (greeting_client(rng, c, contact, staff), core, closing_client(rng, c, contact))
    body = body.lstrip("\n")
    if lang == "pl" and contact["nodiac"]:
        body = strip_pl(body)
    return body


def staff_body(rng, c, contact, staff, d, kind, world):
    lang = c["lang"]
    lib = T.STAFF[lang][kind]
    picks = rng.sample(lib, 2)
    ctx = ctx_for(rng, c, contact, staff, d)
    core = fill(rng, picks[0], ctx)
    if kind in ("normal", "update", "apologetic", "thanks") and rng.random() < 0.3:
        core = join_sentences(core, fill(rng, picks[1], ctx), rng)
    if lang == "pl":
        core = pl_gender(core, staff["first"].endswith("a"))
    if kind == "curt":
        return core + "\n" + staff["first"]
    return "%s\n\n%s\n\n%s" % (greeting_staff(rng, c, contact), core, closing_staff(rng, c, staff, world))


def quote(lang, prev, rng):
    when = prev.when
    name, addr = prev.sender
    if lang == "pl":
        hdr = rng.choice([
            "W dniu %s o %s, %s <%s> pisze:" % (when.strftime("%d.%m.%Y"), when.strftime("%H:%M"), name, addr),
            "Dnia %s %s napisał(a):" % (when.strftime("%d.%m.%Y %H:%M"), name),
            "-----Original Message-----\nFrom: %s <%s>\nSent: %s\nSubject: %s" % (name, addr, when.strftime("%d.%m.%Y %H:%M"), prev.subject),
        ])
    else:
        hdr = rng.choice([
            "On %s at %s, %s <%s> wrote:" % (when.strftime("%a, %d %b %Y"), when.strftime("%H:%M"), name, addr),
            "On %s, %s wrote:" % (when.strftime("%d/%m/%Y %H:%M"), name),
            "From: %s <%s>\nSent: %s\nSubject: %s" % (name, addr, when.strftime("%A, %B %d, %Y %I:%M %p"), prev.subject),
        ])
    if hdr.startswith("-----") or hdr.startswith("From:"):
        return "\n\n" + hdr + "\n\n" + prev.body
    return "\n\n" + hdr + "\n" + "\n".join("> " + l if l else ">" for l in prev.body.split("\n"))


def re_subject(lang, subj, rng):
    low = subj.lower()
    if low.startswith("re:") or low.startswith("odp:") or low.startswith("odp.:"):
        return subj
    return rng.choice(["Re: ", "Re: ", "RE: ", "Odp: "] if lang == "pl" else ["Re: ", "RE: "]) + subj


def staff_charset(rng, lang):
    if lang == "pl":
        return rng.choices(["utf-8", "windows-1250", "iso-8859-2"], [80, 12, 8])[0]
    return "utf-8"


def on_vacation(world, st, d):
    for a, b in world["vacations"].get(st["email"], []):
        if a <= d <= b:
            return b
    return None


def make_vacations(rng, staff, start, end):
    vac = {}
    for p in staff:
        out = []
        y = start.year
        while y <= end.year:
            for season in ((7, 8), (12, 12), (2, 5)):
                if season == (2, 5) and rng.random() < 0.5:
                    continue
                m = rng.randint(*season)
                day = rng.randint(1, 20) if m != 12 else rng.randint(20, 23)
                a = D(y, m, min(day, 28))
                length = rng.choice([7, 9, 11, 14]) if season != (12, 12) else rng.choice([8, 10])
                b = a + dt.timedelta(days=length)
                if a >= start and b <= end + dt.timedelta(days=30):
                    out.append((a, b))
            y += 1
        vac[p["email"]] = out
    return vac


def client_thread(rng, mg, c, contact, to_staff, d, cat, curt_owner, world):
    lang = c["lang"]
    tzh = tz_for(c["country"], d)
    when = business_time(rng, d, tzh)
    subj = fill(rng, rng.choice(T.SUBJECTS[lang][cat if cat in T.SUBJECTS[lang] else "routine"]), ctx_for(rng, c, contact, to_staff, d))
    cc = []
    if rng.random() < 0.2 and len(c["contacts"]) > 1:
        cc.append(person_tuple(rng.choice([x for x in c["contacts"] if x is not contact])))
    if to_staff is not c["owner"] and rng.random() < 0.25:
        cc.append(person_tuple(c["owner"]))
    body = client_body(rng, c, contact, to_staff, d, cat)
    m1 = mg.add(when, person_tuple(contact), [person_tuple(to_staff)], cc, subj, body, lang, contact["charset"], False, c, cat, tz=tzh)
    # our reply
    a = c["archetype"]
    in_phase = c["phase_start"] is not None and d >= c["phase_start"]
    med = c["reply_h"]
    p_un = c["unanswered"]
    if a in ("recover", "recover_dm") and in_phase:
        med = c["p_reply_h"]
        p_un = c["p_unanswered"]
    if cat == "ack":
        return
    if cat in ("question", "service", "repeat") and rng.random() < p_un:
        # unanswered: the client asks again
        prev = m1
        for k in range(rng.randint(1, 2)):
            gap = rng.randint(2, 6)
            d2 = prev.when.date() + dt.timedelta(days=gap)
            while not is_workday(d2):
                d2 += ONE
            if d2 > world["as_of"]:
                return
            w2 = business_time(rng, d2, tz_for(c["country"], d2))
            b2 = client_body(rng, c, contact, to_staff, d2, "repeat") + quote(lang, prev, rng)
            prev = mg.add(w2, person_tuple(contact), [person_tuple(to_staff)], cc, re_subject(lang, subj, rng), b2, lang,
                          contact["charset"], False, c, "repeat", reply_to=prev, tz=tz_for(c["country"], d2))
            if rng.random() < 0.5:
                break
        if rng.random() < 0.5:
            return
        m1 = prev
        med = med * 1.5
    delay = rng.lognormvariate(math.log(med), 0.6)
    responder = to_staff
    vac = on_vacation(world, to_staff, m1.when.date())
    if vac is not None:
        # out-of-office auto-reply at once, then a colleague answers or the person after coming back
        ar_t = m1.when + dt.timedelta(seconds=rng.randint(20, 200))
        ar_body = fill(rng, rng.choice(T.AUTOREPLY[lang]), dict(back=(vac + ONE).strftime("%d.%m.%Y" if lang == "pl" else "%d %B %Y"),
                                                                  deputy=c["owner"]["name"] if to_staff is not c["owner"] else rng.choice(c["team"])["name"],
                                                                  name=to_staff["name"]))
        mg.add(ar_t.astimezone(dt.timezone(dt.timedelta(hours=tz_offset_pl(ar_t.date())))), person_tuple(to_staff), [person_tuple(contact)], [],
               ("Automatyczna odpowiedź: " if lang == "pl" else "Automatic reply: ") + subj, ar_body, lang, staff_charset(rng, lang),
               True, c, "autoreply", reply_to=m1, tz=tz_offset_pl(ar_t.date()))
        if rng.random() < 0.5:
            responder = c["owner"] if to_staff is not c["owner"] else rng.choice(c["team"])
        else:
            back = vac + ONE
            delay += max(0.0, (dt.datetime(back.year, back.month, back.day, 9, tzinfo=m1.when.tzinfo) - m1.when).total_seconds() / 3600.0)
    rw = after_hours(rng, m1.when, delay)
    if rw.date() > world["as_of"]:
        return
    c.setdefault("reply_delays", []).append((rw.date(), (rw - m1.when).total_seconds() / 3600.0))
    kind = reply_type(rng, c, responder, cat, curt_owner)
    to_staff = responder
    body = staff_body(rng, c, contact, to_staff, rw.date(), kind, world)
    if delay > 40 and kind != "curt" and rng.random() < 0.7:
        body = body.replace("\n\n", "\n\n" + rng.choice(T.LATE_SORRY[lang]) + " ", 1)
    body += quote(lang, m1, rng)
    m2 = mg.add(rw, person_tuple(to_staff), [person_tuple(contact)], cc, re_subject(lang, subj, rng), body, lang,
                staff_charset(rng, lang), True, c, kind, reply_to=m1, tz=tz_offset_pl(rw.date()))
    # client follow-up
    if rng.random() < 0.3:
        d3 = rw.date() + dt.timedelta(days=rng.randint(0, 2))
        d3 = next_workday(d3)
        if d3 <= world["as_of"]:
            cat3 = "ack" if cat not in ("hostile", "person") else cat
            w3 = max(business_time(rng, d3, tz_for(c["country"], d3)), rw + dt.timedelta(minutes=rng.randint(20, 300)))
            b3 = client_body(rng, c, contact, to_staff, d3, cat3) + quote(lang, m2, rng)
            mg.add(w3, person_tuple(contact), [person_tuple(to_staff)], cc, re_subject(lang, subj, rng), b3, lang,
                   contact["charset"], False, c, cat3, reply_to=m2, tz=tz_for(c["country"], d3))


def our_thread(rng, mg, c, contact, st, d, curt_owner, world):
    lang = c["lang"]
    when = business_time(rng, d, tz_offset_pl(d))
    kind = "update"
    body = staff_body(rng, c, contact, st, d, kind, world)
    inv_words = ("Faktura", "faktura", "Invoice", "invoice")
    pool = [s for s in T.SUBJECTS[lang]["update"] if any(w in s for w in inv_words) == any(w in body.split("\n\n")[1] for w in inv_words)]
    subj = fill(rng, rng.choice(pool or T.SUBJECTS[lang]["update"]), ctx_for(rng, c, contact, st, d))
    m1 = mg.add(when, person_tuple(st), [person_tuple(contact)], [], subj, body, lang, staff_charset(rng, lang), True, c, kind,
                tz=tz_offset_pl(d))
    if rng.random() < 0.55:
        in_phase = c["phase_start"] is not None and d >= c["phase_start"]
        w = client_mix(c, d, st is c["owner"], c["contacts"].index(contact))
        for k in ("question", "scope"):
            w[k] = w.get(k, 0) * 0.5
        w["ack"] = w.get("ack", 0) + 15
        cat = pick_cat(rng, w)
        if c["archetype"] == "reassign" and in_phase and st is c.get("colleague_warm"):
            cat = rng.choice(["warm", "ack", "praise", "friendly"])
        if c["archetype"] == "keep_slow_happy":
            delay = rng.uniform(2, 30)
        else:
            delay = rng.lognormvariate(math.log(6), 0.9)
        w2 = when + dt.timedelta(hours=delay)
        if w2.date() > world["as_of"]:
            return
        if not is_workday(w2.date()):
            w2 = w2 + dt.timedelta(days=2 if w2.weekday() == 5 else 1)
        tzh = tz_for(c["country"], w2.date())
        w2 = w2.astimezone(dt.timezone(dt.timedelta(hours=tzh)))
        b = client_body(rng, c, contact, st, w2.date(), cat) + quote(lang, m1, rng)
        mg.add(w2, person_tuple(contact), [person_tuple(st)], [], re_subject(lang, subj, rng), b, lang, contact["charset"], False,
               c, cat, reply_to=m1, tz=tzh)


def encode_addr(pair, charset):
    name, addr = pair
    try:
        name.encode("ascii")
        if any(ch in name for ch in ',.;:"()<>@'):
            return '"%s" <%s>' % (name, addr)
        return "%s <%s>" % (name, addr)
    except UnicodeEncodeError:
        cs = charset if charset not in ("us-ascii",) else "utf-8"
        try:
            name.encode(cs)
        except (UnicodeEncodeError, LookupError):
            cs = "utf-8"
        return formataddr((name, addr), charset=cs)


def encode_payload(text, cs, cte):
    raw = text.encode(cs if cs != "us-ascii" else "ascii")
    if cte == "quoted-printable":
        return quopri.encodestring(raw.replace(b"\n", b"\r\n")).replace(b"\r\n", b"\n")
    if cte == "base64":
        return base64.encodebytes(raw.replace(b"\n", b"\r\n"))
    return raw


def html_of(text, cs):
    parts = []
    for line in text.split("\n"):
        parts.append(xml_esc(line) if line else "")
    return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + cs + "\"></head><body>"
            "<div style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">" + "<br>\n".join(parts) + "</div></body></html>\n")


def fake_file(rng, name):
    ext = name.rsplit(".", 1)[-1]
    n = rng.randint(600, 3000)
    blob = bytes(rng.getrandbits(8) for _ in range(n))
    head = {"pdf": b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", "png": b"\x89PNG\r\n\x1a\n", "zip": b"PK\x03\x04",
            "xlsx": b"PK\x03\x04", "docx": b"PK\x03\x04", "csv": b""}.get(ext, b"")
    if ext == "csv":
        blob = ("imie;nazwisko;email\n" + "\n".join("user%d;test;user%d@example.com" % (i, i) for i in range(20))).encode()
    ctype = {"pdf": "application/pdf", "png": "image/png", "zip": "application/zip", "csv": "text/csv",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[ext]
    return ctype, head + blob


def render(m, rng):
    cs = m.charset
    body = m.body
    try:
        body.encode(cs if cs != "us-ascii" else "ascii")
    except UnicodeEncodeError:
        cs = "utf-8"
        if m.cte == "7bit":
            m.cte = "quoted-printable"
    hdrs = []
    hdrs.append("Return-Path: <%s>" % m.sender[1])
    hdrs.append("From: " + encode_addr(m.sender, cs))
    hdrs.append("To: " + ", ".join(encode_addr(p, cs) for p in m.to))
    if m.cc:
        hdrs.append("Cc: " + ", ".join(encode_addr(p, cs) for p in m.cc))
    try:
        m.subject.encode("ascii")
        subj = m.subject
    except UnicodeEncodeError:
        scs = cs if cs != "us-ascii" else "utf-8"
        try:
            m.subject.encode(scs)
        except UnicodeEncodeError:
            scs = "utf-8"
        subj = Header(m.subject, scs).encode()
    hdrs.append("Subject: " + subj)
    hdrs.append("Date: " + format_datetime(m.when))
    hdrs.append("Message-ID: " + m.mid)
    if m.in_reply_to:
        hdrs.append("In-Reply-To: " + m.in_reply_to)
        hdrs.append("References: " + m.refs)
    hdrs.append("MIME-Version: 1.0")
    mailer = None
    if m.outgoing:
        mailer = rng.choice(["Microsoft Outlook 16.0", "Thunderbird 115.8.1", "Apple Mail (2.3774)"])
        hdrs.append("X-Mailer: " + mailer)
    if m.cat == "autoreply":
        hdrs.append("Auto-Submitted: auto-replied")
        hdrs.append("X-Auto-Response-Suppress: All")
    newest = body.split("\n\nW dniu ")[0].split("\n\nOn ")[0].split("\n\nDnia ")[0].split("\n\nFrom: ")[0].split("\n\n-----Original")[0]
    want_att = m.cat not in ("ack", "curt", "autoreply", "repeat") and any(w.lower() in newest.lower() for w in T.ATTACH_WORDS) and rng.random() < 0.75
    want_html = m.cat != "autoreply" and ((m.outgoing and mailer == "Microsoft Outlook 16.0" and rng.random() < 0.8) or
                                          (not m.outgoing and rng.random() < 0.25))
    text_part = ('Content-Type: text/plain; charset="%s"%s\nContent-Transfer-Encoding: %s\n\n' % (
        cs, "; format=flowed" if rng.random() < 0.15 else "", m.cte)).encode("ascii") + encode_payload(body, cs, m.cte)
    if not want_att and not want_html:
        head = ("\n".join(hdrs) + "\n" + 'Content-Type: text/plain; charset="%s"\nContent-Transfer-Encoding: %s\n\n' % (cs, m.cte)).encode("ascii")
        payload = encode_payload(body, cs, m.cte)
        return head + payload + (b"" if payload.endswith(b"\n") else b"\n")

    def boundary():
        return "----=_Part_%d_%d.%d" % (rng.randint(10000, 99999), rng.randint(100000000, 999999999), rng.randint(1000000000000, 9999999999999))
    content = text_part
    ctype = None
    if want_html:
        b1 = boundary()
        html_cte = "quoted-printable"
        html_part = ('Content-Type: text/html; charset="%s"\nContent-Transfer-Encoding: %s\n\n' % (cs, html_cte)).encode("ascii") + \
            encode_payload(html_of(body, cs), cs, html_cte)
        content = ("This is a multi-part message in MIME format.\n\n--%s\n" % b1).encode("ascii") + text_part.rstrip(b"\n") + \
            ("\n\n--%s\n" % b1).encode("ascii") + html_part.rstrip(b"\n") + ("\n\n--%s--\n" % b1).encode("ascii")
        ctype = 'multipart/alternative; boundary="%s"' % b1
        content = ("Content-Type: %s\n\n" % ctype).encode("ascii") + content
    if want_att:
        b2 = boundary()
        ym = m.when.strftime("%Y_%m")
        name = rng.choice(T.ATTACH_NAMES[m.lang]).replace("{ym}", ym).replace("{n}", str(rng.randint(1, 6)))
        att_ct, data = fake_file(rng, name)
        try:
            name.encode("ascii")
            disp = 'attachment; filename="%s"' % name
            ctn = 'name="%s"' % name
        except UnicodeEncodeError:
            from urllib.parse import quote as urlq
            disp = "attachment; filename*=utf-8''%s" % urlq(name)
            ctn = 'name="%s"' % Header(name, "utf-8").encode()
        att = ("Content-Type: %s; %s\nContent-Disposition: %s\nContent-Transfer-Encoding: base64\n\n" % (att_ct, ctn, disp)).encode("ascii") + \
            base64.encodebytes(data)
        first = content if want_html else text_part
        content = ("This is a multi-part message in MIME format.\n\n--%s\n" % b2).encode("ascii") + first.rstrip(b"\n") + \
            ("\n\n--%s\n" % b2).encode("ascii") + att.rstrip(b"\n") + ("\n\n--%s--\n" % b2).encode("ascii")
        ctype = 'multipart/mixed; boundary="%s"' % b2
        head = ("\n".join(hdrs) + "\nContent-Type: %s\n\n" % ctype).encode("ascii")
        return head + content
    # html only: content starts with its own Content-Type line; move it into the headers
    ct_line, rest = content.split(b"\n\n", 1)
    head = ("\n".join(hdrs) + "\n").encode("ascii") + ct_line + b"\n\n"
    return head + rest


def write_mboxes(rng, mails, staff, folder):
    boxes = defaultdict(list)
    by_email = {p["email"]: p for p in staff}
    for m in mails:
        owners = set()
        if m.sender[1] in by_email:
            owners.add(m.sender[1])
        for p in m.to + m.cc:
            if p[1] in by_email:
                owners.add(p[1])
        for o in owners:
            boxes[o].append(m)
    for email, ms in boxes.items():
        ms.sort(key=lambda x: x.when)
        p = by_email[email]
        local = email.split("@")[0]
        gmail = "Founder" in p["role"]
        if p.get("eml"):
            # exported from Thunderbird as single .eml files (CRLF)
            sub = os.path.join(folder, "eml-%s" % local)
            os.makedirs(sub, exist_ok=True)
            for k, m in enumerate(ms):
                raw = render(m, random.Random(hash_str(m.mid)))
                subj = slug(m.subject)[:40] or "bez-tematu"
                with open(os.path.join(sub, "%05d_%s.eml" % (k + 1, subj)), "wb") as f:
                    f.write(raw.replace(b"\n", b"\r\n"))
            continue
        if gmail:
            # founders use Google Workspace: a Gmail Takeout export (CRLF, X-GM-THRID, X-Gmail-Labels)
            sub = os.path.join(folder, "takeout-%s" % local, "Takeout", "Mail")
            os.makedirs(sub, exist_ok=True)
            path = os.path.join(sub, "All mail Including Spam and Trash.mbox")
        else:
            path = os.path.join(folder, "%s.mbox" % local)
        nl = b"\r\n" if gmail else b"\n"
        with open(path, "wb") as f:
            for m in ms:
                r2 = random.Random(hash_str(m.mid))
                raw = render(m, r2)
                u = m.when.astimezone(dt.timezone.utc)
                if gmail:
                    root = m.refs.split()[0] if m.refs else m.mid
                    thr = 1700000000000000000 + hash_str(root) % 99999999999999999
                    if m.sender[1] == email:
                        labels = "Wysłane" if r2.random() < 0.5 else "Sent"
                    else:
                        labels = r2.choice(["Odebrane,Otwarte", "Inbox,Opened", "Odebrane,Ważne,Otwarte", "Klienci,Otwarte", "Inbox,Important,Opened"])
                    f.write(("From %d@xxx %s" % (thr, u.strftime("%a %b %d %H:%M:%S +0000 %Y"))).encode("ascii") + nl)
                    extra = ("X-GM-THRID: %d\nX-Gmail-Labels: %s\n" % (thr, labels)).encode("utf-8")
                    raw = extra + raw
                else:
                    f.write(("From %s %s" % (m.sender[1], u.strftime("%a %b %d %H:%M:%S %Y"))).encode("ascii") + nl)
                for line in raw.split(b"\n")[:-1]:
                    if line.startswith(b"From ") or line.startswith(b">From "):
                        line = b">" + line
                    f.write(line + nl)
                f.write(nl)


def gen_noise(rng, mg, world, staff, clients, start, end):
    """Internal mail, tool notifications and enquiries from prospects: not about any client."""
    agency = world["agency"]
    ashort = agency["domain"].split(".")[0]
    days = workdays(start, end)
    n = 0
    for d in days:
        for _ in range(poisson(rng, 0.4)):
            kind = rng.random()
            t = business_time(rng, d, tz_offset_pl(d))
            if kind < 0.45:
                a, b = rng.sample(staff, 2)
                c = rng.choice(clients)
                subj, body = rng.choice(T.INTERNAL_PL)
                fem = a["first"].endswith("a")
                ctx = dict(month=rng.choice(T.MONTHS_PL).replace("ń", "niu") if False else rng.choice(["lipcu", "sierpniu", "maju", "październiku"]),
                           client=c["short"], me=a["first"], em="am" if fem else "em")
                mg.add(t, person_tuple(a), [person_tuple(b)], [], fill(rng, subj, ctx), fill(rng, body, ctx), "pl",
                       "utf-8", True, None, "internal", tz=tz_offset_pl(d))
            elif kind < 0.85:
                name, addr, subj, body = rng.choice(T.VENDORS)
                to = rng.choice(staff)
                ctx = dict(repo="%s/%s" % (ashort, slug(rng.choice(clients)["project"])), n=rng.randint(10, 900),
                           feature=rng.choice(T.FEATURES_EN), ticket="%s-%d" % (ashort[:3].upper(), rng.randint(100, 999)),
                           agency_short=ashort)
                mg.add(t, (name, fill(rng, addr, ctx)), [person_tuple(to)], [], fill(rng, subj, ctx), fill(rng, body, ctx), "en",
                       "utf-8", False, None, "vendor", tz=0)
            else:
                pl = rng.random() < 0.6
                subj, body = rng.choice(T.LEADS_PL if pl else T.LEADS_EN)
                if pl:
                    nm = "%s %s" % (rng.choice(T.PL_FIRST_M), rng.choice(T.PL_LAST))
                    dom = rng.choice(["handel-%s.pl" % rng.randint(10, 99), "grupa%s.com.pl" % rng.choice(["nova", "orion", "vega", "delta"]), "gmail.com", "wp.pl"])
                else:
                    nm = "%s %s" % (rng.choice(T.EN_NAMES["UK"][0]), rng.choice(T.EN_NAMES["US"][2]))
                    dom = rng.choice(["%slabs.io" % rng.choice(["nimbus", "quartz", "fable"]), "gmail.com", "outlook.com"])
                addr = "%s@%s" % (ascii_fold(nm.split()[0]).lower() + "." + ascii_fold(nm.split()[1]).lower(), dom)
                owner = rng.choice([p for p in staff if "Founder" in p["role"]])
                mg.add(t, (nm, addr), [person_tuple(owner)], [], subj, fill(rng, body, dict(name=nm)), "pl" if pl else "en",
                       rng.choice(["utf-8", "iso-8859-2"]) if pl else "utf-8", False, None, "lead", tz=1)
            n += 1
    return n


def hash_str(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % (2 ** 61 - 1)
    return h


# ----------------------------------------------------------------------------------------
# writers: time, invoices, payments, CRM


def write_clockify(rng, entries, path, date_style):
    cols = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
            "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (PLN)",
            "Billable Amount (PLN)", "Cost Rate (PLN)", "Cost Amount (PLN)"]
    entries = sorted(entries, key=lambda e: (e["date"], e["staff"]["name"], e["client"]["short"]))
    used = set()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for e in entries:
            st = e["staff"]
            start_h = rng.randint(8, 14)
            start = dt.datetime(e["date"].year, e["date"].month, e["date"].day, start_h, rng.choice([0, 0, 15, 30, 45]))
            while (st["email"], start) in used:  # one person does not start two entries at the same minute
                start += dt.timedelta(minutes=15)
            used.add((st["email"], start))
            end = start + dt.timedelta(hours=e["hours"])
            if date_style == "iso":
                sd, stt, ed, et = start.strftime("%Y-%m-%d"), start.strftime("%H:%M:%S"), end.strftime("%Y-%m-%d"), end.strftime("%H:%M:%S")
            else:
                sd, stt, ed, et = start.strftime("%m/%d/%Y"), start.strftime("%I:%M %p"), end.strftime("%m/%d/%Y"), end.strftime("%I:%M %p")
            hh = int(e["hours"])
            mm = int(round((e["hours"] - hh) * 60))
            bill_rate = st["bill"] if e["billable"] else 0
            w.writerow([e["client"]["project"], e["client"]["tt_name"], e["desc"], e["task"], st["name"], st["group"],
                        st["email"], e["tags"], "Yes" if e["billable"] else "No", sd, stt, ed, et, "%02d:%02d:00" % (hh, mm),
                        "%.2f" % e["hours"], "%.2f" % bill_rate, "%.2f" % (bill_rate * e["hours"]), "%.2f" % st["cost"],
                        "%.2f" % (st["cost"] * e["hours"])])


def write_toggl(rng, entries, path):
    cols = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time", "End date",
            "End time", "Duration", "Tags", "Amount (PLN)"]
    entries = sorted(entries, key=lambda e: (e["date"], e["staff"]["name"], e["client"]["short"]))
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(cols)
        used = set()
        for e in entries:
            st = e["staff"]
            start = dt.datetime(e["date"].year, e["date"].month, e["date"].day, rng.randint(8, 14), rng.randint(0, 59), rng.randint(0, 59))
            while (st["email"], start) in used:
                start += dt.timedelta(minutes=7)
            used.add((st["email"], start))
            end = start + dt.timedelta(hours=e["hours"])
            secs = int(round(e["hours"] * 3600))
            c = e["client"]
            w.writerow([st["name"], st["email"], c["tg_name"], c["project"], e["task"], e["desc"], "Yes" if e["billable"] else "No",
                        start.strftime("%Y-%m-%d"), start.strftime("%H:%M:%S"), end.strftime("%Y-%m-%d"), end.strftime("%H:%M:%S"),
                        "%02d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60), e["tags"],
                        "%.2f" % (st["bill"] * e["hours"]) if e["billable"] else "0.00"])


def write_fakturownia(rng, invs, path, world, comma):
    out = []
    for k, inv in enumerate(sorted(invs, key=lambda i: (i["issue"], i["number"]))):
        c = inv["client"]
        paid = inv["paid"]
        owed = money(inv["gross"] + (inv["kor"]["gross"] if inv.get("kor") else 0.0))
        if paid >= owed - 0.005 and inv["payments"]:
            status, paid_date = "paid", inv["payments"][-1][0].isoformat()
        elif paid > 0:
            status, paid_date = "partial", None
        else:
            status, paid_date = rng.choice(["sent", "issued"]), None
        v = (lambda x: dec(x, True)) if comma else (lambda x: dec(x))
        out.append({
            "id": 310000000 + k * 7 + rng.randint(0, 6),
            "kind": "vat",
            "number": inv["number"],
            "sell_date": inv["sell"].isoformat(),
            "issue_date": inv["issue"].isoformat(),
            "payment_to": inv["due"].isoformat(),
            "paid_date": paid_date,
            "status": status,
            "buyer_name": c["inv_name"],
            "buyer_tax_no": fmt_nip(c["nip"], c["nip_style"]),
            "buyer_email": c["billing_email"],
            "seller_name": world["agency"]["name"],
            "seller_tax_no": world["agency"]["nip"],
            "price_net": v(inv["net"]),
            "price_gross": v(inv["gross"]),
            "price_tax": v(inv["vat"]),
            "paid": v(paid),
            "currency": "PLN",
            "payment_type": "transfer",
            "lang": "pl",
            "description": "",
            "show_discount": bool(inv["discount"]),
            "positions": [dict({"name": inv["line"], "quantity": "1", "total_price_gross": v(inv["gross"]), "tax": "23"},
                               **({"discount_percent": "%d" % round(100 * inv["discount"] / max(0.01, inv["list_net"])),
                                   "discount": v(money(inv["discount"] * 1.23))} if inv["discount"] else {}))],
        })
    for k, inv in enumerate(sorted([i for i in invs if i.get("kor")], key=lambda i: i["kor"]["issue"])):
        c = inv["client"]
        kor = inv["kor"]
        v = (lambda x: dec(x, True)) if comma else (lambda x: dec(x))
        out.append({
            "id": 320000000 + k * 5 + rng.randint(0, 4),
            "kind": "correction",
            "number": kor["number"],
            "sell_date": inv["sell"].isoformat(),
            "issue_date": kor["issue"].isoformat(),
            "payment_to": kor["issue"].isoformat(),
            "paid_date": None,
            "status": "issued",
            "buyer_name": c["inv_name"],
            "buyer_tax_no": fmt_nip(c["nip"], c["nip_style"]),
            "buyer_email": c["billing_email"],
            "seller_name": world["agency"]["name"],
            "seller_tax_no": world["agency"]["nip"],
            "price_net": v(kor["net"]),
            "price_gross": v(kor["gross"]),
            "price_tax": v(kor["vat"]),
            "paid": v(0.0),
            "currency": "PLN",
            "payment_type": "transfer",
            "lang": "pl",
            "from_invoice_id": None,
            "invoice_id": None,
            "correction_reason": kor["reason"],
            "description": "Korekta do faktury %s z dnia %s" % (inv["number"], inv["issue"].isoformat()),
            "positions": [{"name": inv["line"], "quantity": "1", "total_price_gross": v(kor["gross"]), "tax": "23",
                           "kind": "correction"}],
        })
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_ksef(rng, inv, folder, world, kor_of=None):
    """inv: an invoice; with kor_of=the original invoice, inv is its correction (RodzajFaktury KOR)."""
    c = inv["client"]
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{created}</DataWytworzeniaFa>
    <SystemInfo>Fakturownia</SystemInfo>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne>
      <NIP>{seller_nip}</NIP>
      <Nazwa>{seller}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>{seller_addr}</AdresL1>
      <AdresL2>{seller_city}</AdresL2>
    </Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne>
      <NIP>{buyer_nip}</NIP>
      <Nazwa>{buyer}</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres>
      <KodKraju>PL</KodKraju>
      <AdresL1>{buyer_addr}</AdresL1>
    </Adres>
    <JST>{jst}</JST>
    <GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>PLN</KodWaluty>
    <P_1>{issue}</P_1>
    <P_2>{number}</P_2>
    <P_6>{sell}</P_6>
    <P_13_1>{net}</P_13_1>
    <P_14_1>{vat}</P_14_1>
    <P_15>{gross}</P_15>
    <Adnotacje>
      <P_16>2</P_16>
      <P_17>2</P_17>
      <P_18>2</P_18>
      <P_18A>{mpp}</P_18A>
      <Zwolnienie><P_19N>1</P_19N></Zwolnienie>
      <NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu>
      <P_23>2</P_23>
      <PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy>
    </Adnotacje>
    <RodzajFaktury>{kind}</RodzajFaktury>
{korblock}    <FaWiersz>
      <NrWierszaFa>1</NrWierszaFa>
      <P_7>{line}</P_7>
      <P_8A>usł.</P_8A>
      <P_8B>1</P_8B>
      <P_9A>{net}</P_9A>
      <P_11>{net}</P_11>
      <P_12>23</P_12>
    </FaWiersz>
    <Platnosc>
{termin}      <FormaPlatnosci>6</FormaPlatnosci>
      <RachunekBankowy>
        <NrRB>{nrb}</NrRB>
      </RachunekBankowy>
    </Platnosc>
  </Fa>
</Faktura>
"""
    korblock = ""
    if kor_of:
        ref = ("        <NrKSeF>1</NrKSeF>\n        <NrKSeFFaKorygowanej>%s</NrKSeFFaKorygowanej>\n" % kor_of["ksef_no"]) if kor_of.get("ksef_no") \
            else "        <NrKSeFN>1</NrKSeFN>\n"
        korblock = ("    <PrzyczynaKorekty>%s</PrzyczynaKorekty>\n    <TypKorekty>1</TypKorekty>\n    <DaneFaKorygowanej>\n"
                    "        <DataWystFaKorygowanej>%s</DataWystFaKorygowanej>\n        <NrFaKorygowanej>%s</NrFaKorygowanej>\n%s"
                    "    </DaneFaKorygowanej>\n") % (xml_esc(inv["reason"]), kor_of["issue"].isoformat(), xml_esc(kor_of["number"]), ref)
    if rng.random() < 0.8:
        termin = "      <TerminPlatnosci>\n        <Termin>%s</Termin>\n      </TerminPlatnosci>\n" % inv["due"].isoformat()
    else:
        termin = ("      <TerminPlatnosci>\n        <TerminOpis>\n          <Ilosc>%d</Ilosc>\n          <Jednostka>dni</Jednostka>\n"
                  "          <ZdarzeniePoczatkowe>wystawienie faktury</ZdarzeniePoczatkowe>\n        </TerminOpis>\n      </TerminPlatnosci>\n"
                  % (inv["due"] - inv["issue"]).days)
    s = xml.format(created=dt.datetime(inv["issue"].year, inv["issue"].month, inv["issue"].day, rng.randint(7, 16), rng.randint(0, 59)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   seller_nip=world["agency"]["nip"], seller=xml_esc(world["agency"]["name"]), seller_addr=xml_esc(world["agency"]["addr"]),
                   seller_city=world["agency"]["city"], buyer_nip=c["nip"], buyer=xml_esc(c["ksef_name"]),
                   buyer_addr=xml_esc(c["addr"]), jst="1" if c["segment"] == "pl_pub" and "Miej" in c["legal"] else "2",
                   issue=inv["issue"].isoformat(), number=xml_esc(inv["number"]), sell=inv["sell"].isoformat(),
                   net="%.2f" % inv["net"], vat="%.2f" % inv["vat"], gross="%.2f" % inv["gross"],
                   mpp="1" if inv["gross"] > 15000 else "2", line=xml_esc(inv["line"]), termin=termin,
                   nrb=world["agency"]["nrb"], kind="KOR" if kor_of else "VAT", korblock=korblock)
    ksef_no = "%s-%s-%s-%s" % (world["agency"]["nip"], inv["issue"].strftime("%Y%m%d"), format(rng.getrandbits(40), "010X"), format(rng.getrandbits(8), "02X"))
    inv["ksef_no"] = ksef_no
    with open(os.path.join(folder, ksef_no + ".xml"), "w", encoding="utf-8") as f:
        f.write(s)


def fmt_stripe_dt(t):
    return t.strftime("%Y-%m-%d %H:%M")


def write_stripe(rng, invs, inv_path, pay_path, rates):
    icols = ["id", "Number", "Customer", "Customer Name", "Customer Email", "Status", "Currency", "Amount Due", "Amount Paid",
             "Subtotal", "Tax", "Tax Percent", "Total", "Total Discount Amount", "Applied Coupons", "Starting Balance",
             "Ending Balance", "Date (UTC)", "Due Date (UTC)", "Paid At (UTC)", "Finalized At (UTC)", "Voided At (UTC)",
             "Marked Uncollectible At (UTC)", "Period Start (UTC)", "Period End (UTC)", "Paid", "Closed", "Forgiven",
             "Billing", "Charge", "Subscription", "Description"]
    pcols = ["id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Converted Amount",
             "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status", "Statement Descriptor",
             "Customer ID", "Customer Description", "Customer Email", "Captured", "Card ID", "Invoice ID", "Payment Source Type",
             "Transfer", "PaymentIntent ID"]
    irows, prows = [], []
    for inv in sorted(invs, key=lambda i: i["issue"], reverse=True):
        c = inv["client"]
        created = dt.datetime(inv["issue"].year, inv["issue"].month, inv["issue"].day, rng.randint(7, 15), rng.randint(0, 59))
        paid_full = inv["paid"] >= inv["gross"] - 0.005
        charge_ids = []
        for (pd, amt) in (inv["payments"] if not c.get("oob") else []):
            chid = "ch_3" + rand_id(rng, 23)
            charge_ids.append(chid)
            pt = dt.datetime(pd.year, pd.month, pd.day, rng.randint(6, 18), rng.randint(0, 59))
            conv = amt * pln_per(rates, inv["currency"], pd)
            method = rng.choice(["card", "customer_balance", "customer_balance", "sepa_debit" if inv["currency"] == "EUR" else "card"])
            fee = money(amt * 0.015 + 0.25) if method == "card" else money(min(5.0, amt * 0.008))
            prows.append([chid, "Invoice %s" % inv["number"], "Payment complete.", fmt_stripe_dt(pt), dec(amt), "0.00",
                          inv["currency"].lower(), dec(conv), "0.00", dec(fee * pln_per(rates, inv["currency"], pd)), "0.00", "pln",
                          "Live", "Paid", c["stmt"], c["cus"], c["inv_name"], c["billing_email"], "true",
                          ("pm_" + rand_id(rng, 24)) if method == "card" else "", inv["sid"], method, "", "pi_3" + rand_id(rng, 23)])
        status = "paid" if paid_full else "open"
        paid_at = ""
        if paid_full:
            pd = inv["payments"][-1][0]
            paid_at = fmt_stripe_dt(dt.datetime(pd.year, pd.month, pd.day, rng.randint(6, 18), rng.randint(0, 59)))
        irows.append([inv["sid"], inv["number"], c["cus"], c["inv_name"], c["billing_email"], status, inv["currency"].lower(),
                      dec(inv["gross"]), dec(inv["paid"]), dec(inv["net"] + inv["discount"]), "0.00", "", dec(inv["gross"]),
                      dec(inv["discount"]), "", "0.00", "0.00", fmt_stripe_dt(created),
                      fmt_stripe_dt(dt.datetime(inv["due"].year, inv["due"].month, inv["due"].day, created.hour, created.minute)),
                      paid_at, fmt_stripe_dt(created + dt.timedelta(minutes=rng.randint(1, 90))), "", "",
                      fmt_stripe_dt(dt.datetime(inv["period"].year, inv["period"].month, 1)),
                      fmt_stripe_dt(dt.datetime(inv["sell"].year, inv["sell"].month, inv["sell"].day, 23, 59)),
                      "true" if paid_full else "false", "true" if paid_full else "false", "false", "send_invoice",
                      charge_ids[-1] if charge_ids else "", "", inv["line"]])
    with open(inv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(icols)
        w.writerows(irows)
    prows.sort(key=lambda r: r[3], reverse=True)
    with open(pay_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(pcols)
        w.writerows(prows)


def rand_id(rng, n):
    al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(al) for _ in range(n))


def write_bank(rng, invs, path, since):
    rows = []
    for inv in invs:
        for (pd, amt) in inv["payments"]:
            if pd >= since:
                rows.append((pd, inv["number"], amt))
    rows.sort()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["invoice_number", "paid_on", "amount"])
        for pd, num, amt in rows:
            w.writerow([num, pd.isoformat(), dec(amt)])


def write_hubspot(rng, clients, path, last_activity):
    cols = ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date",
            "Country/Region", "City", "Industry", "Lifecycle Stage"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for c in sorted(clients, key=lambda c: c["hs_id"]):
            cd = c["crm_created"]
            la = last_activity.get(c["idx"])
            w.writerow([c["hs_id"], c["crm_name"], c["domain"], c["owner"]["email"],
                        "%s %02d:%02d" % (cd.isoformat(), rng.randint(8, 17), rng.randint(0, 59)),
                        (la.strftime("%Y-%m-%d %H:%M") if la else ""),
                        {"PL": "Poland", "DE": "Germany", "NL": "Netherlands", "SE": "Sweden", "NO": "Norway", "DK": "Denmark",
                         "FI": "Finland", "UK": "United Kingdom", "US": "United States", "AT": "Austria"}.get(c["country"], c["country"]),
                        c.get("city", ""), c.get("industry", ""), "Customer"])


def write_hubspot_deals(rng, clients, path, as_of, staff):
    cols = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Pipeline", "Create Date",
            "Associated Company IDs"]
    rows = []
    for c in clients:
        start = c["crm_created"]
        amount = c["rev_pln"] * (12 if c["kind"] == "retainer" else rng.randint(4, 9))
        name = "%s – %s" % (c["crm_name"], c["project"])
        created = start - dt.timedelta(days=rng.randint(14, 70))
        rows.append([c["hs_id"] + 7000000000 + rng.randint(0, 999999), name, "closedwon", "%.2f" % round(amount, -2),
                     "%s %02d:%02d" % (start.isoformat(), rng.randint(8, 17), rng.randint(0, 59)), c["owner"]["email"],
                     "Sales Pipeline", "%s %02d:%02d" % (created.isoformat(), rng.randint(8, 17), rng.randint(0, 59)), str(c["hs_id"])])
        # renewals / extensions of retainers
        d = D(start.year + 1, start.month, 1)
        while d <= as_of and c["kind"] == "retainer":
            if rng.random() < 0.8:
                rows.append([c["hs_id"] + 8000000000 + rng.randint(0, 999999), "%s – przedłużenie %d" % (c["crm_name"], d.year) if c["lang"] == "pl"
                             else "%s – renewal %d" % (c["crm_name"], d.year), "closedwon", "%.2f" % round(amount * rng.uniform(0.9, 1.1), -2),
                             "%s %02d:%02d" % (d.isoformat(), rng.randint(8, 17), rng.randint(0, 59)), c["owner"]["email"], "Sales Pipeline",
                             "%s %02d:%02d" % ((d - dt.timedelta(days=30)).isoformat(), rng.randint(8, 17), rng.randint(0, 59)), str(c["hs_id"])])
            d = D(d.year + 1, d.month, 1)
        # upsell offers that were lost or are still open
        if rng.random() < 0.3:
            cd = as_of - dt.timedelta(days=rng.randint(10, 200))
            stage = rng.choice(["closedlost", "appointmentscheduled", "qualifiedtobuy", "presentationscheduled"])
            rows.append([c["hs_id"] + 9000000000 + rng.randint(0, 999999), "%s – %s" % (c["crm_name"], rng.choice(["faza 2", "phase 2", "audyt", "audit"])),
                         stage, "%.2f" % round(c["rev_pln"] * rng.randint(2, 6), -2), "%s %02d:%02d" % (cd.isoformat(), 12, 0),
                         c["owner"]["email"], "Sales Pipeline", "%s %02d:%02d" % ((cd - dt.timedelta(days=20)).isoformat(), 10, 0), str(c["hs_id"])])
    rows.sort(key=lambda r: r[7])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows(rows)


# ----------------------------------------------------------------------------------------
# names across files


LEGAL_FORMS_STRIP = ["Sp. z o.o.", "S.A.", "Sp. j.", "Sp. k.", "GmbH", "Ltd", "Limited", "LLC", "Inc.", "Inc"]


def name_variants(rng, c):
    legal = c["legal"]
    base = legal
    form = ""
    for lf in LEGAL_FORMS_STRIP:
        if legal.endswith(" " + lf) or legal.endswith(", " + lf):
            base = legal[: -len(lf)].rstrip(" ,")
            form = lf
            break
    c["base"] = base
    # invoice name (Fakturownia / Stripe)
    inv = legal
    if form == "Sp. z o.o." and rng.random() < 0.25:
        inv = base + " Spółka z ograniczoną odpowiedzialnością"
    if form == "Sp. z o.o." and rng.random() < 0.15:
        inv = base + " sp. z o.o."
    c["inv_name"] = inv
    # KSeF: often upper case, full legal form
    k = legal
    if form == "Sp. z o.o.":
        k = base + " SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"
    if rng.random() < 0.6:
        k = k.upper()
    c["ksef_name"] = k
    # CRM: brand name without legal form, sometimes upper case / without diacritics
    crm = base if (form and rng.random() < 0.6) else legal
    r = rng.random()
    if r < 0.12:
        crm = crm.upper()
    elif r < 0.22:
        crm = strip_pl(crm)
    c["crm_name"] = crm


def norm_words(s):
    s = strip_pl(s).lower()
    for lf in ["sp. z o.o.", "s.a.", "sp. j.", "sp. k.", "gmbh", "ltd", "limited", "llc", "inc.", "inc", "b.v.", "spółka z ograniczoną odpowiedzialnością"]:
        s = s.replace(lf, " ")
    ws = "".join(ch if ch.isalnum() else " " for ch in s).split()
    stop = {"and", "i", "oraz", "und", "et", "w", "the", "of", "im", "sp", "z", "o", "oo"}
    return set(x for x in ws if x not in stop)


def choose_tt_names(rng, clients):
    allw = [norm_words(c["legal"]) for c in clients]
    for c in clients:
        r = rng.random()
        cand = c["short"]
        if r < 0.45:
            sw = norm_words(cand)
            hits = sum(1 for ws in allw if sw and sw <= ws)
            if hits == 1:
                c["tt_name"] = cand
                continue
        if r < 0.75:
            c["tt_name"] = c["base"]
        else:
            c["tt_name"] = c["legal"]
        # Clockify users sometimes type names without diacritics
        if rng.random() < 0.15:
            c["tt_name"] = strip_pl(c["tt_name"])
    for c in clients:
        # after the move to Toggl the clients were re-created, some under the CRM name
        c["tg_name"] = c["tt_name"] if rng.random() < 0.6 else c["crm_name"]


# ----------------------------------------------------------------------------------------


def margin_since(c, all_entries, rates, since):
    rev = sum((i["net"] + (i["kor"]["net"] if i.get("kor") else 0.0)) * pln_per(rates, i["currency"], i["issue"])
              for i in c["invoices"] if i["period"] >= since)
    cost = sum(e["hours"] * e["staff"]["cost"] for e in all_entries if e["client"] is c and e["date"] >= since)
    return round((rev - cost) / rev, 3) if rev else None


def med_delay(c, since):
    xs = sorted(h for d, h in c.get("reply_delays", []) if since is None or d >= since)
    return round(xs[len(xs) // 2], 1) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed * 7919 + 17)
    out = args.out
    exp = os.path.join(out, "exports")
    if os.path.exists(exp):
        shutil.rmtree(exp)
    for sub in ("time", "invoices/ksef", "payments", "crm", "mail", "rates"):
        os.makedirs(os.path.join(exp, sub), exist_ok=True)

    # as-of date and window
    as_of = D(2026, 2, 20) + dt.timedelta(days=random.Random(1000 + args.seed).randint(0, 260))
    as_of = next_workday(as_of)
    months_back = rng.randint(15, 24)
    window_start = add_months(month_start(as_of), -months_back)
    used_nips = set()
    an, adom = AGENCIES[args.seed % len(AGENCIES)]
    agency = dict(name=an, domain=adom, nip=make_nip(rng, used_nips), addr=rng.choice(["ul. Prosta 51", "ul. Marszałkowska 104/122", "ul. Wrocławska 7", "al. Grunwaldzka 472"]),
                  city=rng.choice(["00-850 Warszawa", "61-001 Poznań", "80-309 Gdańsk", "30-001 Kraków", "50-001 Wrocław"]),
                  nrb="".join(str(rng.randint(0, 9)) for _ in range(26)))
    staff = build_staff(rng, adom)
    owners = [p for p in staff if p["owner"]]
    curt_owner = rng.choice([p for p in owners if "Founder" not in p["role"]])
    curt_owner["curt"] = True
    rng.choice([p for p in staff if not p["owner"]])["eml"] = True
    world = dict(as_of=as_of, agency=agency, staff=staff)
    world["vacations"] = make_vacations(rng, staff, window_start, as_of)

    archetypes = plan_archetypes(rng)
    clients = pick_clients(rng, archetypes, used_nips)
    assign_owners(rng, clients, owners, curt_owner)
    for c in clients:
        parametrise(rng, c, as_of, window_start, staff, owners, curt_owner)
        if c["archetype"] == "reassign":
            cands = [o for o in owners if o is not c["owner"] and o is not curt_owner] + [p for p in c["team"] if p["role"].startswith("Senior")]
            c["colleague_warm"] = rng.choice(cands)
            c["notes"] = c["notes"].replace("COLLEAGUE", c["colleague_warm"]["name"])
            c["params"]["warm_colleague"] = c["colleague_warm"]["name"]
        if c["archetype"] == "recover_dm" and len(c["contacts"]) < 2:
            extra = dict(c["contacts"][0])
            extra.update(first="Dyrektor", last="")
            # make a proper second contact: the decision-maker
            if c["lang"] == "pl":
                extra = dict(first="Grzegorz", last="Majewski", name="Grzegorz Majewski", gender="m",
                             email="g.majewski@" + c["domain"], role="Prezes Zarządu", charset="windows-1250", nodiac=False,
                             phone=phone(rng, c["country"]))
            else:
                extra = dict(first="Caroline", last="Whitfield", name="Caroline Whitfield", gender="f",
                             email="caroline.whitfield@" + c["domain"], role="CEO", charset="utf-8", nodiac=False,
                             phone=phone(rng, c["country"]))
            c["contacts"].append(extra)
        if c["archetype"] in ("recover_dm", "keep_contact_not_dm"):
            if len(c["contacts"]) < 2:
                if c["lang"] == "pl":
                    c["contacts"].append(dict(first="Anna", last="Sadowska", name="Anna Sadowska", gender="f",
                                              email="anna.sadowska@" + c["domain"], role="Dyrektor Operacyjna", charset="utf-8",
                                              nodiac=False, phone=phone(rng, c["country"])))
                else:
                    c["contacts"].append(dict(first="Richard", last="Hale", name="Richard Hale", gender="m",
                                              email="richard.hale@" + c["domain"], role="Managing Director", charset="utf-8",
                                              nodiac=False, phone=phone(rng, c["country"])))
            c["dm"] = c["contacts"][1]["name"]
            c["contacts"][1]["role"] = "Prezes Zarządu" if c["lang"] == "pl" else "Managing Director"
            c["params"]["decision_maker"] = c["dm"]
            c["params"]["day_to_day_contact"] = c["contacts"][0]["name"]
            c["notes"] = c["notes"].replace("second contact", c["dm"])
        name_variants(rng, c)
        c["addr"] = "ul. %s %d" % (rng.choice(["Polna", "Lipowa", "Słoneczna", "Kościuszki", "Mickiewicza", "Przemysłowa", "Fabryczna", "Szpitalna", "Akademicka"]), rng.randint(1, 120))
        c["hs_id"] = 18000000000 + rng.randint(0, 999999999)
        c["cus"] = "cus_" + rand_id(rng, 14)
        c["stmt"] = strip_pl(agency["name"].split()[0]).upper()[:22]
        c["industry"] = rng.choice(["COMPUTER_SOFTWARE", "HOSPITAL_HEALTH_CARE", "LOGISTICS_AND_SUPPLY_CHAIN", "RETAIL", "HIGHER_EDUCATION",
                                    "UTILITIES", "FINANCIAL_SERVICES", "MANUFACTURING", ""])
    choose_tt_names(rng, clients)
    for c in clients:
        # some foreign clients pay by bank transfer; the Stripe invoice is then marked paid out of band
        c["oob"] = c["currency"] != "PLN" and rng.random() < 0.3

    rates = build_rates(rng, window_start - dt.timedelta(days=40), as_of)
    staff_by_email = {p["email"]: p for p in staff}

    # time + invoices
    all_entries = []
    all_invs = []
    counters = {"n": 0}
    for c in clients:
        ents, mrev = gen_time(rng, c, as_of, staff_by_email)
        for e in ents:
            e["client"] = c
        all_entries += ents
        c["invoices"] = gen_invoices(rng, c, as_of, mrev, rates, counters)
        all_invs += c["invoices"]
    # numbering
    all_invs.sort(key=lambda i: (i["issue"], i["client"]["idx"]))
    per_month = defaultdict(int)
    stripe_n = defaultdict(int)
    for inv in all_invs:
        c = inv["client"]
        if c["currency"] == "PLN":
            key = (inv["issue"].year, inv["issue"].month)
            per_month[key] += 1
            inv["number"] = "FV/%d/%02d/%d" % (per_month[key], inv["issue"].month, inv["issue"].year)
        else:
            stripe_n[c["idx"]] += 1
            inv["number"] = "%s-%04d" % (c["cus"][4:12].upper(), stripe_n[c["idx"]])
            inv["sid"] = "in_1" + rand_id(rng, 23)
        mname = T.MONTHS_PL[inv["period"].month - 1] if c["lang"] == "pl" else inv["period"].strftime("%B")
        if c["kind"] == "retainer":
            inv["line"] = ("Utrzymanie i rozwój systemu – %s %d" % (mname, inv["period"].year)) if c["lang"] == "pl" else \
                ("Maintenance & development retainer – %s %d" % (mname, inv["period"].year))
        else:
            inv["line"] = ("%s – etap rozliczeniowy (%s %d)" % (c["project"], mname, inv["period"].year)) if c["lang"] == "pl" else \
                ("%s – milestone (%s %d)" % (c["project"], mname, inv["period"].year))

    kor_n = defaultdict(int)
    for inv in sorted([i for i in all_invs if i.get("kor")], key=lambda i: i["kor"]["issue"]):
        k = inv["kor"]
        kor_n[(k["issue"].year, k["issue"].month)] += 1
        k["number"] = "KOR/%d/%02d/%d" % (kor_n[(k["issue"].year, k["issue"].month)], k["issue"].month, k["issue"].year)
    date_style = "iso" if args.seed % 2 else "us"
    switch = None
    if args.seed % 2 == 0 and as_of >= D(2026, 3, 1):
        switch = D(2026, 1, 1)  # the company moved from Clockify to Toggl Track on 1 January 2026
    ck = [e for e in all_entries if switch is None or e["date"] < switch]
    tg = [e for e in all_entries if switch is not None and e["date"] >= switch]
    ck_end = (switch - ONE) if switch else as_of
    write_clockify(rng, ck, os.path.join(exp, "time", "clockify_detailed_report_%s_%s.csv" % (window_start.isoformat(), ck_end.isoformat())), date_style)
    if tg:
        write_toggl(rng, tg, os.path.join(exp, "time", "Toggl_Track_time_entries_%s_to_%s.csv" % (switch.isoformat(), as_of.isoformat())))

    pl_invs = [i for i in all_invs if i["currency"] == "PLN"]
    fx_invs = [i for i in all_invs if i["currency"] != "PLN"]
    write_fakturownia(rng, pl_invs, os.path.join(exp, "invoices", "fakturownia_invoices.json"), world, comma=(args.seed % 3 == 0))
    ksef_from = D(2026, 2, 1)
    for inv in pl_invs:
        if inv["issue"] >= ksef_from:
            write_ksef(rng, inv, os.path.join(exp, "invoices", "ksef"), world)
    for inv in pl_invs:
        kor = inv.get("kor")
        if kor and kor["issue"] >= ksef_from:
            kinv = dict(client=inv["client"], issue=kor["issue"], sell=inv["sell"], due=kor["issue"], net=kor["net"], vat=kor["vat"],
                        gross=kor["gross"], number=kor["number"], line=inv["line"], reason=kor["reason"])
            write_ksef(rng, kinv, os.path.join(exp, "invoices", "ksef"), world, kor_of=inv)
    write_stripe(rng, fx_invs, os.path.join(exp, "invoices", "stripe_invoices.csv"), os.path.join(exp, "payments", "stripe_payments.csv"), rates)
    write_bank(rng, pl_invs, os.path.join(exp, "payments", "bank_payments_%d.csv" % as_of.year), D(as_of.year, 1, 1))

    # mail
    mg = MailGen(rng, world)
    for c in clients:
        gen_mail(rng, mg, c, as_of, world, curt_owner)
    gen_noise(rng, mg, world, staff, clients, window_start, as_of)
    last_act = {}
    for m in mg.mails:
        if m.client is None:
            continue
        i = m.client["idx"]
        t = m.when.astimezone(dt.timezone.utc).replace(tzinfo=None)
        if i not in last_act or t > last_act[i]:
            last_act[i] = t
    write_mboxes(rng, mg.mails, staff, os.path.join(exp, "mail"))
    write_hubspot(rng, clients, os.path.join(exp, "crm", "hubspot-crm-exports-all-companies-%s.csv" % as_of.isoformat()), last_act)
    write_hubspot_deals(rng, clients, os.path.join(exp, "crm", "hubspot-crm-exports-all-deals-%s.csv" % as_of.isoformat()), as_of, staff)

    # rates
    write_nbp(rates, os.path.join(exp, "rates"))
    write_ecb(rates, os.path.join(exp, "rates"))

    # truth
    msg_stats = defaultdict(lambda: defaultdict(int))
    for m in mg.mails:
        if m.client is None:
            continue
        msg_stats[m.client["idx"]][("out_" if m.outgoing else "in_") + m.cat] += 1
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
        for c in clients:
            w.writerow([c["legal"], c["nip"], c["domain"], c["decision"], c["archetype"], c["owner"]["name"], c["notes"]])
    tj = dict(
        seed=args.seed, generator="portfolio_b/generate.py", as_of=as_of.isoformat(), window_start=window_start.isoformat(),
        agency=dict(name=agency["name"], domain=agency["domain"], nip=agency["nip"]),
        staff=[dict(name=p["name"], role=p["role"], email=p["email"], cost_rate_pln=p["cost"], bill_rate_pln=p["bill"],
                    account_owner=p["owner"], curt_with_all_clients=bool(p.get("curt"))) for p in staff],
        currencies={"PLN": "Fakturownia JSON + KSeF FA(3) from 2026-02-01; bank CSV payments for the as-of year",
                    "EUR/GBP/USD": "Stripe invoices + Stripe payments"},
        clients=[],
    )
    for c in clients:
        invs = c["invoices"]
        rev = sum((i["net"] + (i["kor"]["net"] if i.get("kor") else 0.0)) * pln_per(rates, i["currency"], i["issue"]) for i in invs)
        ents = [e for e in all_entries if e["client"] is c]
        cost = sum(e["hours"] * e["staff"]["cost"] for e in ents)
        hours = sum(e["hours"] for e in ents)
        lates = [((i["payments"][-1][0] - i["due"]).days, i["gross"]) for i in invs if i["payments"]]
        wl = sum(max(0, d) * g for d, g in lates) / max(1e-9, sum(g for d, g in lates)) if lates else None
        tj["clients"].append(dict(
            client_name=c["legal"], names_in_files=dict(invoices=c["inv_name"], ksef=c["ksef_name"], crm=c["crm_name"], time=c["tt_name"]),
            tax_id=c["nip"], domain=c["domain"], country=c["country"], language=c["lang"], currency=c["currency"],
            segment=c["segment"], kind=c["kind"], expected_decision=c["decision"], archetype=c["archetype"], strength=c["strength"],
            owner=c["owner"]["name"], owner_email=c["owner"]["email"], team=[p["name"] for p in c["team"]],
            warm_colleague=c["colleague_warm"]["name"] if c.get("colleague_warm") else None,
            contacts=[dict(name=x["name"], email=x["email"], role=x["role"], charset=x["charset"]) for x in c["contacts"]],
            start=c["start"].isoformat(), phase_start=c["phase_start"].isoformat() if c["phase_start"] else None,
            params=c["params"], monthly_revenue_pln=c["rev_pln"], ratio_base=round(c["ratio_base"], 3), payment_terms_days=c["terms"],
            built=dict(revenue_net_pln=round(rev), cost_pln=round(cost), hours=round(hours, 1),
                       margin_last_6m=margin_since(c, all_entries, rates, add_months(month_start(as_of), -6)),
                       reply_median_h_all=med_delay(c, None), reply_median_h_last_90d=med_delay(c, as_of - dt.timedelta(days=90)),
                       margin=round((rev - cost) / rev, 3) if rev else None, invoices=len(invs),
                       weighted_days_late=round(wl, 1) if wl is not None else None,
                       messages=dict(msg_stats[c["idx"]])),
            notes=c["notes"]))
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=1)
    print("seed %d: as_of %s window_start %s clients %d mails %d entries %d invoices %d" % (
        args.seed, as_of, window_start, len(clients), len(mg.mails), len(all_entries), len(all_invs)))


if __name__ == "__main__":
    main()
