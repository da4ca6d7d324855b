"""Mail (mbox / .eml) and Freshdesk tickets for generate.py."""
import csv
import datetime as dt
import email.utils
import email.header
import hashlib
import mailbox
import math
import os
import random
from email.message import EmailMessage
from email import policy

import texts

TD = dt.timedelta


class SafeDict(dict):
    def __missing__(self, k):
        return "{" + k + "}"


def fold(s):
    tbl = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return s.translate(tbl)


def typo(rng, s):
    words = s.split(" ")
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


import re

_ADJ = [("zdziwiona", "zdziwiony"), ("rozczarowana", "rozczarowany"), ("pewna", "pewny"), ("wdzięczna", "wdzięczny"), ("dostępna", "dostępny")]


def is_fem(first):
    return first.endswith("a")


def gender_pl(text, sender_first, addressee_first):
    """make Polish first-person past forms agree with the sender and second-person ones with the addressee"""
    sf = is_fem(sender_first)
    af = is_fem(addressee_first) if addressee_first else None
    if sf:
        text = text.replace("Przyjąłem", "Przyjęłam").replace("powinienem był", "powinnam była")
        text = text.replace("zaskoczony", "zaskoczona")
        text = re.sub(r"(\w)łem\b", r"\1łam", text)
        text = re.sub(r"\b(prowadzi|odpowiada|dawa|oddzwania)ł\b", r"\1ła", text)
        text = re.sub(r"(\w)łbym\b", r"\1łabym", text)
        for f, m in _ADJ:
            text = re.sub(r"\b%s\b" % m, f, text)
    else:
        text = text.replace("Przyjęłam", "Przyjąłem").replace("powinnam była", "powinienem był")
        text = text.replace("zaskoczona", "zaskoczony")
        text = re.sub(r"(\w)łam\b", r"\1łem", text)
        text = re.sub(r"(\w)łabym\b", r"\1łbym", text)
        for f, m in _ADJ:
            text = re.sub(r"\b%s\b" % f, m, text)
    if af is not None:
        if af:
            text = re.sub(r"(\w)łeś\b", r"\1łaś", text)
            text = text.replace("być zirytowany", "być zirytowana")
        else:
            text = re.sub(r"(\w)łaś\b", r"\1łeś", text)
            text = text.replace("być zirytowana", "być zirytowany")
    return text


def pick_weighted(rng, d):
    tot = sum(d.values())
    r = rng.random() * tot
    for k, v in d.items():
        r -= v
        if r <= 0:
            return k
    return k


def to_work_time(rng, t):
    """push a datetime into working hours (8-19, Mon-Fri), with a little evening mail allowed"""
    if t.hour >= 19 and rng.random() < 0.8:
        t = (t + TD(days=1)).replace(hour=rng.randint(8, 10), minute=rng.randint(0, 59))
    if t.hour < 7:
        t = t.replace(hour=rng.randint(8, 9), minute=rng.randint(0, 59))
    while t.weekday() >= 5:
        t = (t + TD(days=1)).replace(hour=rng.randint(8, 10), minute=rng.randint(0, 59))
    return t


def tz_for(office_or_country, d):
    summer = 4 <= d.month <= 10 or (d.month == 3 and d.day > 27)
    if office_or_country in ("Lisboa", "PT"):
        return dt.timezone(TD(hours=1 if summer else 0))
    if office_or_country == "US":
        return dt.timezone(TD(hours=-4 if summer else -5))
    return dt.timezone(TD(hours=2 if summer else 1))


class MailGen:
    def __init__(self, w):
        self.w = w
        self.rng = random.Random(w.seed * 104729 + 7)
        self.msgs = []  # dicts
        self.tickets = []
        self.mid_n = 0

    # ------------------------------------------------------------------ texts
    def text(self, cat, lang, fill, avoid=None):
        rng = self.rng
        pool = texts.T[cat][lang]
        t = rng.choice(pool)
        if avoid and t in avoid and len(pool) > 1:
            t = rng.choice(pool)
        return t.format_map(SafeDict(fill)), t

    def fill(self, c, staff, contact, when):
        rng = self.rng
        topics = c.get("topics") or ["badania"]
        lang = c["lang"]
        months = texts.PL_MONTHS if lang == "pl" else texts.EN_MONTHS
        d1 = when.date() + TD(days=rng.randint(2, 9))
        d0 = when.date() - TD(days=rng.randint(3, 12))
        if lang == "pl":
            fmt = lambda d: "%d.%02d" % (d.day, d.month) if rng.random() < 0.5 else "%d %s" % (d.day, texts.PL_MONTHS_GEN[d.month])
        else:
            fmt = lambda d: "%s %d" % (texts.EN_MONTHS[d.month][:3], d.day) if rng.random() < 0.5 else "%d %s" % (d.day, texts.EN_MONTHS[d.month])
        others = [s for s in c["colleagues"] if s is not staff] + ([c["owner"]] if c["owner"] is not staff else [])
        col = others[0] if others else staff
        return dict(name=(staff["first"] if staff else ""), client=contact["first"], project=rng.choice(c["projects"]),
                    topic=rng.choice(topics), date=fmt(d1), deadline=fmt(d0), n=rng.choice([5, 6, 8, 10, 12, 15]),
                    wave=rng.randint(2, 9), colleague=col["first"], company=c["word"], month=months[when.month],
                    owner=c["owner"]["first"], month_gen=texts.PL_MONTHS_GEN[when.month], pct=rng.choice([10, 15, 20, 25]), sample=rng.choice([300, 400, 500, 800, 1000, 1200]))

    # ------------------------------------------------------------------ categories
    def client_cat(self, c, staff, contact, when, in_reply_to_us=False):
        a, s = c["archetype"], c["strength"]
        age = (self.w.as_of - when.date()).days
        recent = age <= c.get("recent_days", -1)
        base = {"routine": 0.34, "question": 0.24, "friendly": 0.18, "praise": 0.08, "demand": 0.05,
                "complaint_service": 0.04}
        owner = staff is c["owner"]
        if a == "keep_variation":
            base.update(complaint_service=0.09, demand=0.07)
        elif a == "reset":
            base.update(praise=0.12, complaint_service=0.02)
            if recent and owner:
                p = 0.4 + 0.5 * s
                base = {k: v * (1 - p) for k, v in base.items()}
                base["complaint_person"] = p
        elif a == "reassign":
            if owner and recent:
                p = 0.45 + 0.4 * s
                base = {k: v * (1 - p) for k, v in base.items()}
                base["complaint_person"] = p
            elif owner and age <= c["recent_days"] + 60:
                base["complaint_person"] = 0.1
            elif not owner:
                base.update(friendly=0.3, praise=0.18, complaint_service=0.01)
        elif a == "recover":
            if recent:
                base = {"complaint_service": 0.2 + 0.35 * s, "question": 0.3, "threat": 0.04 + 0.1 * s,
                        "routine": 0.2, "friendly": 0.05, "demand": 0.03}
        elif a == "renegotiate":
            base.update(demand=0.15 + 0.25 * s, friendly=0.22, praise=0.1, complaint_service=0.02)
        elif a == "release":
            base = {"hostile": 0.2 + 0.35 * s, "threat": 0.05 + 0.15 * s, "demand": 0.15, "complaint_service": 0.12,
                    "routine": 0.2, "question": 0.15}
        elif a == "conf_hostile_profitable":
            base = {"hostile": 0.25 + 0.3 * s, "demand": 0.1, "complaint_service": 0.06, "routine": 0.3, "question": 0.2,
                    "threat": 0.03}
        elif a == "conf_non_decider":
            if contact is c["contacts"][0]:
                base = {"complaint_service": 0.22 + 0.15 * s, "demand": 0.1, "question": 0.3, "routine": 0.3, "hostile": 0.03}
            elif contact is c["contacts"][1]:
                base = {"praise": 0.35, "friendly": 0.3, "routine": 0.3, "question": 0.05}
        elif a == "conf_slow_happy":
            base.update(praise=0.2, friendly=0.3, complaint_service=0.0)
        elif a == "watch_mixed":
            base.update(complaint_service=0.14, praise=0.14, demand=0.08)
        elif a == "watch_new":
            base.update(question=0.35, friendly=0.2)
        return pick_weighted(self.rng, base)

    def our_cat(self, c, staff, client_cat, when):
        rng = self.rng
        a, s = c["archetype"], c["strength"]
        age = (self.w.as_of - when.date()).days
        recent = age <= c.get("recent_days", -1)
        if staff["curt"] and rng.random() < 0.7:
            return "curt"
        if client_cat == "complaint_service":
            return pick_weighted(rng, {"apologetic": 0.7, "defensive": 0.3})
        if client_cat == "complaint_person":
            return "person_reply"
        if client_cat in ("hostile", "threat"):
            return pick_weighted(rng, {"apologetic": 0.45, "defensive": 0.45, "normal": 0.1})
        if a == "recover" and recent:
            return pick_weighted(rng, {"apologetic": 0.45, "normal": 0.45, "defensive": 0.1})
        if a == "reassign" and staff is c["owner"] and recent:
            return pick_weighted(rng, {"normal": 0.6, "defensive": 0.25, "curt": 0.15})
        return "normal"

    def reply_delay_h(self, c, staff, when):
        rng = self.rng
        med = staff["reply_median_h"] * c["reply_factor"]
        a, s = c["archetype"], c["strength"]
        age = (self.w.as_of - when.date()).days
        if a == "recover" and age <= c.get("recent_days", -1):
            med *= 6 + 20 * s
        elif a == "recover" and age <= c.get("recent_days", -1) + 45:
            med *= 2.5
        return min(24 * 20, rng.lognormvariate(math.log(med), 0.6))

    # ------------------------------------------------------------------ message creation
    def new_mid(self, when, ours):
        self.mid_n += 1
        h = hashlib.sha1(("%d-%d" % (self.w.seed, self.mid_n)).encode()).hexdigest()
        if ours:
            return "<%s.%s@%s>" % (when.strftime("%Y%m%d%H%M%S"), h[:12], "mail.gmail.com" if self.rng.random() < 0.7 else "pryzmat-research.eu")
        return "<%s@%s>" % (h[:20], self.rng.choice(["mail.gmail.com", "eurprd04.prod.outlook.com", "mx.example-mail.net",
                                                     "namprd11.prod.outlook.com", "smtp.%s" % "mailhost"]))

    def add(self, c, frm, to, cc, subject, body, when, ours, cat, parent=None, staff=None, contact=None, tmpl=None):
        mid = self.new_mid(when, ours)
        refs = []
        if parent:
            refs = parent["refs"] + [parent["mid"]]
        m = dict(client=c, frm=frm, to=to, cc=cc, subject=subject, body=body, when=when, ours=ours, cat=cat,
                 mid=mid, refs=refs, parent=parent, staff=staff, contact=contact, tmpl=tmpl)
        self.msgs.append(m)
        c["n_messages"] = c.get("n_messages", 0) + 1
        return m

    def sig_client(self, c, p):
        rng = self.rng
        st = p.setdefault("sigstyle", rng.randint(0, 3))
        if st == 0:
            return "\n\n%s" % p["first"]
        if st == 1:
            return "\n\nPozdrawiam,\n%s" % p["first"] if c["lang"] == "pl" else "\n\nBest,\n%s" % p["first"]
        company = c["legal"]
        phone = p.setdefault("phone", "+48 %d %03d %03d" % (rng.randint(500, 799), rng.randint(0, 999), rng.randint(0, 999))
                             if c["country"] == "PL" else "+%s %d %03d %03d" % ({"PT": "351", "CZ": "420", "US": "1"}.get(c["country"], "34"),
                                                                             rng.randint(200, 999), rng.randint(0, 999), rng.randint(0, 999)))
        if st == 2:
            return "\n\n%s\n\n--\n%s\n%s\n%s\n%s" % (("Pozdrawiam" if c["lang"] == "pl" else "Kind regards"), p["name"],
                                                   p["role"], company, phone)
        return "\n\n%s\n%s | %s | %s\nM: %s\nwww.%s" % (("Serdecznie pozdrawiam" if c["lang"] == "pl" else "Thanks"), p["name"],
                                                   p["role"], company, phone, c["domain"])

    def sig_staff(self, s, lang):
        addr = "ul. Półwiejska 32, 61-888 Poznań" if s["office"] == "Poznań" else "Rua da Prata 80, 1100-415 Lisboa"
        if s["curt"]:
            return "\n\n%s" % s["first"]
        greet = "Pozdrawiam serdecznie" if lang == "pl" else "Best regards"
        return "\n\n%s,\n%s\n\n--\n%s\n%s | Pryzmat Research\n%s\nwww.pryzmat-research.eu" % (greet, s["first"], s["name"], s["role"], addr)

    def greet(self, lang, name, ours=False):
        rng = self.rng
        if lang == "pl":
            return rng.choice(["Dzień dobry %s,\n\n", "Cześć %s,\n\n", "Pani/Panie %s,\n\n" if False else "Hej %s,\n\n",
                               "Dzień dobry,\n\n", "%s,\n\n", "Witam,\n\n"]).replace("%s", name)
        return rng.choice(["Hi %s,\n\n", "Hello %s,\n\n", "Dear %s,\n\n", "%s,\n\n", "Hi,\n\n", "Morning %s,\n\n"]).replace("%s", name)

    def quote(self, parent, lang, outlook):
        pw = parent["when"]
        name, addr = parent["frm"]
        lines = parent["body"].split("\n")
        if outlook:
            head = "\n\n-----Original Message-----\nFrom: %s <%s>\nSent: %s\nTo: %s\nSubject: %s\n\n" % (
                name, addr, pw.strftime("%A, %B %d, %Y %I:%M %p"), ", ".join(n for n, _ in parent["to"]), parent["subject"])
            return head + "\n".join(lines[:25])
        if lang == "pl":
            head = "\n\nW dniu %s o %s %s <%s> napisał(a):\n" % (pw.strftime("%d.%m.%Y"), pw.strftime("%H:%M"), name, addr)
        else:
            head = "\n\nOn %s at %s, %s <%s> wrote:\n" % (pw.strftime("%a, %b %d, %Y"), pw.strftime("%H:%M"), name, addr)
        return head + "\n".join("> " + l if l else ">" for l in lines[:25])

    def client_body(self, c, contact, staff, cat, when, repeat_of=None):
        rng = self.rng
        lang = c["lang"]
        f = self.fill(c, staff, contact, when)
        if repeat_of is not None:
            pre, _ = self.text("followup", lang, f)
            core = pre + "\n\n" + repeat_of
            tmpl = repeat_of
        else:
            core, tmpl = self.text(cat, lang, f)
        if lang == "pl":
            core = gender_pl(core, contact["first"], staff["first"])
        body = self.greet(lang, staff["first"]) + core + self.sig_client(c, contact)
        if contact.setdefault("nodiacritics", rng.random() < 0.3) and lang == "pl":
            body = fold(body)
        if rng.random() < 0.12:
            body = typo(rng, body)
        return body, (tmpl if repeat_of is None else core), f

    def staff_body(self, c, staff, contact, cat, when):
        f = self.fill(c, staff, contact, when)
        core, tmpl = self.text(cat, c["lang"], f)
        if c["lang"] == "pl":
            core = gender_pl(core, staff["first"], contact["first"])
        if cat == "curt":
            return (contact["first"] + ",\n\n" if self.rng.random() < 0.5 else "") + core + self.sig_staff(staff, c["lang"]), tmpl
        return self.greet(c["lang"], contact["first"], True) + core + self.sig_staff(staff, c["lang"]), tmpl

    def subject(self, c, when):
        rng = self.rng
        p = rng.choice(c["projects"])
        if c["lang"] == "pl":
            return rng.choice(["%s", "%s - pytanie", "%s - harmonogram", "%s: raport", "Re: %s", "%s - fala %d" % ("%s", rng.randint(2, 9)),
                               "%s / ustalenia", "[%s] wyniki", "Spotkanie - %s"]) .replace("%s", p, 1)
        return rng.choice(["%s", "%s - question", "%s - timeline", "%s: report", "%s - wave %d" % ("%s", rng.randint(2, 9)),
                           "%s / next steps", "[%s] results", "Call re %s"]).replace("%s", p, 1)

    # ------------------------------------------------------------------ threads
    def pick_staff(self, c, when):
        rng = self.rng
        a = c["archetype"]
        r = rng.random()
        owner_share = 0.6
        if a in ("reassign",):
            owner_share = 0.5
        if r < owner_share:
            return c["owner"]
        if r < owner_share + (1 - owner_share) * 0.65:
            return c["colleagues"][0]
        return c["colleagues"][1]

    def pick_contact(self, c):
        rng = self.rng
        if c["archetype"] == "conf_non_decider":
            return c["contacts"][pick_weighted(rng, {0: 0.6, 1: 0.28, 2: 0.12})]
        return rng.choice(c["contacts"]) if rng.random() < 0.4 else c["contacts"][0]

    def thread(self, c, start, force_staff=None, force_cat=None):
        rng = self.rng
        w = self.w
        staff = force_staff or self.pick_staff(c, start)
        contact = self.pick_contact(c)
        subj = self.subject(c, start)
        tz_c = tz_for(c["country"], start.date())
        tz_s = tz_for(staff["office"], start.date())
        lang = c["lang"]
        outlook = staff["office"] == "Lisboa"
        cc = []
        if rng.random() < 0.2:
            cc = [rng.choice([s for s in [c["owner"]] + c["colleagues"] if s is not staff])]
        cc_addr = [(s["name"], s["email"]) for s in cc]
        t = start
        if rng.random() < 0.3 and not force_cat:
            # we start: an update
            body, tmpl = self.staff_body(c, staff, contact, "update", t)
            parent = self.add(c, (staff["name"], staff["email"]), [(contact["name"], contact["email"])], cc_addr, subj, body,
                              t.replace(tzinfo=tz_s), True, "update", staff=staff, contact=contact, tmpl=tmpl)
            if rng.random() < 0.45:
                return
            t = to_work_time(rng, t + TD(hours=rng.lognormvariate(math.log(8), 0.8)))
            if t.date() > w.as_of:
                return
        else:
            parent = None
        rounds = 1 + (rng.random() < 0.35) + (rng.random() < 0.15)
        after_hours = c["archetype"] in ("release", "conf_hostile_profitable", "renegotiate") and rng.random() < 0.3
        if after_hours and parent is None:
            # late-evening or weekend demands
            t = t.replace(hour=rng.choice([20, 21, 22, 23, 6]), minute=rng.randint(0, 59))
            if rng.random() < 0.4:
                t = t + TD(days=(5 - t.weekday()) % 7)
            if t.date() > w.as_of:
                return
        for rnd in range(rounds):
            cat = self.client_cat(c, staff, contact, t)
            if force_cat and rnd == 0:
                cat = force_cat
            body, tmpl, f = self.client_body(c, contact, staff, cat, t)
            s2 = ("Re: " + subj) if parent else subj
            full = body + (self.quote(parent, lang, False) if parent and rng.random() < 0.7 else "")
            cm = self.add(c, (contact["name"], contact["email"]), [(staff["name"], staff["email"])], cc_addr, s2, full,
                          t.replace(tzinfo=tz_c), False, cat, parent=parent, staff=staff, contact=contact, tmpl=tmpl)
            cm["core"] = body
            # our reply?
            a, s = c["archetype"], c["strength"]
            age = (w.as_of - t.date()).days
            p_noreply = 0.04
            if a == "recover" and age <= c.get("recent_days", -1):
                p_noreply = 0.15 + 0.3 * s
            if a == "conf_slow_happy":
                p_noreply = 0.08
            tries = 0
            while rng.random() < p_noreply and cat in ("question", "complaint_service", "routine", "demand") and tries < 3:
                # unanswered: the client asks again days later
                tries += 1
                t = to_work_time(rng, t + TD(days=rng.uniform(2, 7)))
                if t.date() > w.as_of:
                    return
                rep_text = tmpl.format_map(SafeDict(f))
                body2, _, _ = self.client_body(c, contact, staff, cat, t, repeat_of=rep_text)
                cm2 = self.add(c, (contact["name"], contact["email"]), [(staff["name"], staff["email"])], cc_addr,
                               "Re: " + subj if not subj.startswith("Re:") else subj, body2 + self.quote(cm, lang, False),
                               t.replace(tzinfo=tz_c), False, "question_repeat", parent=cm, staff=staff, contact=contact)
                cm2["core"] = body2
                cm = cm2
            if rng.random() < p_noreply and a == "recover":
                return
            delay = self.reply_delay_h(c, staff, t)
            t = to_work_time(rng, t + TD(hours=delay))
            if t.date() > w.as_of:
                return
            rcat = self.our_cat(c, staff, cat, t)
            rbody, rtmpl = self.staff_body(c, staff, contact, rcat, t)
            full = rbody + self.quote(cm, lang, outlook)
            parent = self.add(c, (staff["name"], staff["email"]), [(contact["name"], contact["email"])], cc_addr,
                              "Re: " + subj if not subj.startswith("Re:") else subj, full, t.replace(tzinfo=tz_s), True,
                              rcat, parent=cm, staff=staff, contact=contact, tmpl=rtmpl)
            parent["core"] = rbody
            t = to_work_time(rng, t + TD(hours=rng.lognormvariate(math.log(20), 0.9)))
            if t.date() > w.as_of:
                return

    def run(self):
        rng = self.rng
        w = self.w
        for c in w.clients:
            w.projects_of(c)
            d = c["start"]
            while d <= w.as_of:
                age = (w.as_of - d).days
                rate = c["msg_rate"] / 4.3 * (0.6 + 0.4 * w_season(d))
                if c["archetype"] == "conf_seasonal" and seasonal_quiet(w.as_of, d):
                    rate *= 0.03
                if c["archetype"] == "recover" and age <= c.get("recent_days", -1):
                    rate *= 1.3
                if c["archetype"] == "release":
                    rate *= 1.3
                if c["archetype"] in ("reset", "reassign") and age <= c.get("recent_days", -1):
                    rate *= 1.25
                n = poisson(rng, rate)
                for _ in range(n):
                    day = d + TD(days=rng.randint(0, 6))
                    if day > w.as_of or day.weekday() >= 5:
                        continue
                    t = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))
                    self.thread(c, t)
                d += TD(days=7)
            if c["archetype"] in ("reset", "reassign"):
                # the friction always leaves at least a couple of traces in the recent window
                k = 2 if c["archetype"] == "reset" else 4
                for j in range(k):
                    day = w.as_of - TD(days=rng.randint(3, c["recent_days"] - 3))
                    while day.weekday() >= 5:
                        day -= TD(days=1)
                    t = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))
                    self.thread(c, t, force_staff=c["owner"], force_cat="complaint_person")
            self.reminders(c)
            # tickets
            if c["ticket_user"]:
                self.tickets_for(c)
        self.write()

    def reminders(self, c):
        """the finance assistant chases overdue invoices; the client's payables contact answers"""
        rng = self.rng
        w = self.w
        fin = [s for s in w.staff if s["role"] == "finance assistant"][0]
        contact = c["contacts"][-1]
        lang = c["lang"]
        for inv in c["invoices"]:
            paid = inv["paid"] or (w.as_of + TD(days=365))
            for k, after in enumerate((rng.randint(5, 10), rng.randint(25, 35), rng.randint(50, 60))):
                day = inv["due"] + TD(days=after)
                if day >= paid or day > w.as_of:
                    break
                if rng.random() < 0.15:
                    continue  # busy week, no reminder sent
                t = to_work_time(rng, dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59))))
                if t.date() > w.as_of:
                    break
                cur = c["currency"]
                amt = ("%.2f" % inv["gross"]).replace(".", ",") + " " + cur if lang == "pl" else "%s %s" % (cur, "{:,.2f}".format(inv["gross"]))
                duef = inv["due"].strftime("%d.%m.%Y") if lang == "pl" else inv["due"].strftime("%d %b %Y")
                f = self.fill(c, fin, contact, t)
                f.update(inv=inv["number"], amount=amt, due=duef, days=(t.date() - inv["due"]).days, fin=fin["first"])
                core, tmpl = self.text("reminder", lang, f)
                if lang == "pl":
                    core = gender_pl(core, fin["first"], contact["first"])
                subj = ("Przypomnienie o płatności - faktura %s" if lang == "pl" else "Payment reminder - invoice %s") % inv["number"]
                body = self.greet(lang, contact["first"]) + core + self.sig_staff(fin, lang)
                tz_s = tz_for(fin["office"], t.date())
                pm = self.add(c, (fin["name"], fin["email"]), [(contact["name"], contact["email"])], [], subj, body,
                              t.replace(tzinfo=tz_s), True, "reminder", staff=fin, contact=contact, tmpl=tmpl)
                if rng.random() < 0.6:
                    t2 = to_work_time(rng, t + TD(hours=rng.lognormvariate(math.log(10), 0.8)))
                    if t2.date() > w.as_of:
                        break
                    cat = "payment_reply"
                    if c["archetype"] in ("release", "conf_hostile_profitable") and rng.random() < 0.4:
                        cat = rng.choice(["hostile", "demand"])
                    f2 = self.fill(c, fin, contact, t2)
                    f2.update(inv=inv["number"], fin=fin["first"])
                    core2, tmpl2 = self.text(cat, lang, f2)
                    if lang == "pl":
                        core2 = gender_pl(core2, contact["first"], fin["first"])
                    body2 = self.greet(lang, fin["first"]) + core2 + self.sig_client(c, contact)
                    if contact.get("nodiacritics") and lang == "pl":
                        body2 = fold(body2)
                    self.add(c, (contact["name"], contact["email"]), [(fin["name"], fin["email"])], [], "Re: " + subj,
                             body2 + self.quote(pm, lang, False), t2.replace(tzinfo=tz_for(c["country"], t2.date())), False,
                             cat, parent=pm, staff=fin, contact=contact, tmpl=tmpl2)

    def tickets_for(self, c):
        rng = self.rng
        w = self.w
        d = c["start"]
        recruiter = [s for s in w.staff if s["role"] == "participant recruiter"][0]
        while d <= w.as_of:
            age = (w.as_of - d).days
            n = poisson(rng, 0.9 * w_season(d))
            if c["archetype"] == "conf_seasonal" and seasonal_quiet(w.as_of, d):
                n = 0
            for _ in range(n):
                day = d + TD(days=rng.randint(0, 27))
                if day > w.as_of:
                    continue
                t = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59)))
                contact = self.pick_contact(c)
                agent = rng.choice([recruiter, c["colleagues"][1], c["owner"]])
                cat = self.client_cat(c, agent, contact, t)
                if cat in ("update", "friendly", "praise", "routine"):
                    cat = "question"  # the help desk gets panel questions and problems, not small talk
                f = self.fill(c, agent, contact, t)
                body, _ = self.text(cat, c["lang"], f)
                frt = self.reply_delay_h(c, agent, t)
                resolved = t + TD(hours=frt + rng.uniform(2, 72))
                status = "Closed" if resolved.date() < w.as_of else "Open"
                self.tickets.append(dict(client=c, contact=contact, agent=agent, when=t, body=body, cat=cat, frt=frt,
                                         resolved=resolved if status == "Closed" else None, status=status,
                                         subject=texts.ticket_subject(rng, c["lang"], cat, f)))
                c["n_tickets"] = c.get("n_tickets", 0) + 1
            d += TD(days=28)

    # ------------------------------------------------------------------ writing
    def build(self, m):
        rng = self.rng
        c = m["client"]
        msg = EmailMessage(policy=policy.SMTP)
        msg["From"] = email.utils.formataddr(m["frm"])
        msg["To"] = ", ".join(email.utils.formataddr(x) for x in m["to"])
        if m["cc"]:
            msg["Cc"] = ", ".join(email.utils.formataddr(x) for x in m["cc"])
        msg["Subject"] = m["subject"]
        msg["Date"] = email.utils.format_datetime(m["when"])
        msg["Message-ID"] = m["mid"]
        if m["refs"]:
            msg["In-Reply-To"] = m["refs"][-1]
            msg["References"] = " ".join(m["refs"][-8:])
        body = m["body"]
        cs = "utf-8"
        if c["lang"] == "pl" and not m["ours"]:
            r = rng.random()
            if r < 0.2:
                cs = "iso-8859-2"
            elif r < 0.4:
                cs = "windows-1250"
        try:
            body.encode(cs)
        except UnicodeEncodeError:
            cs = "utf-8"
        cte = rng.choice(["quoted-printable", "8bit", "base64"]) if cs != "utf-8" else rng.choice(["quoted-printable", "base64", "8bit"])
        msg.set_content(body, charset=cs, cte=cte)
        return msg

    def write(self):
        w = self.w
        rng = self.rng
        # per staff mailbox
        boxes = {}
        for m in sorted(self.msgs, key=lambda m: m["when"]):
            people = set()
            for _, addr in [m["frm"]] + m["to"] + m["cc"]:
                if addr.endswith("@" + "pryzmat-research.eu"):
                    people.add(addr)
            for p in people:
                boxes.setdefault(p, []).append(m)
        staff_by_mail = {s["email"]: s for s in w.staff}
        built = {}
        for addr, ms in sorted(boxes.items()):
            s = staff_by_mail[addr]
            local = addr.split("@")[0]
            if s["office"] == "Poznań":
                path = w._p("mail/takeout-%s/Takeout/Mail/All mail Including Spam and Trash.mbox" % local)
                if os.path.exists(path):
                    os.remove(path)
                crlf = (w.seed + len(local)) % 2 == 0
                with open(path, "wb") as fh:
                    for m in ms:
                        if m["mid"] not in built:
                            built[m["mid"]] = self.build(m)
                        raw = built[m["mid"]].as_bytes(policy=policy.SMTP)
                        tid = hashlib.sha1((addr + (m["refs"][0] if m["refs"] else m["mid"])).encode()).hexdigest()[:15]
                        lab = "Wys\u0142ane" if m["ours"] and m["frm"][1] == addr else "Skrzynka odbiorcza"
                        lab += (",Otwarte" if rng.random() < 0.3 else "") + (",%s" % m["client"]["word"] if rng.random() < 0.3 else "")
                        gm = ("X-GM-THRID: %d\r\nX-Gmail-Labels: %s\r\n" % (int(tid, 16), email.header.Header(lab, "utf-8").encode() if not lab.isascii() else lab)).encode()
                        raw = gm + raw
                        lines = raw.replace(b"\r\n", b"\n").split(b"\n")
                        lines = [(b">" + l) if l.startswith(b"From ") else l for l in lines]
                        ts = m["when"].astimezone(dt.timezone.utc).strftime("%a %b %d %H:%M:%S +0000 %Y")
                        env = ("From %s@xxx %s" % (int(tid, 16), ts)).encode()
                        nl = b"\r\n" if crlf else b"\n"
                        fh.write(env + nl + nl.join(lines).rstrip(nl) + nl + nl)
            else:
                folder = w._p("mail/outlook-%s/x" % local)
                folder = os.path.dirname(folder)
                for i, m in enumerate(ms):
                    if m["mid"] not in built:
                        built[m["mid"]] = self.build(m)
                    data = built[m["mid"]].as_bytes(policy=policy.SMTP)
                    safe = "".join(ch if ch.isalnum() else "_" for ch in m["subject"])[:50]
                    with open(os.path.join(folder, "%05d_%s.eml" % (i, safe)), "wb") as fh:
                        fh.write(data)
        # Freshdesk
        with open(w._p("helpdesk/freshdesk_tickets_export.csv"), "w", newline="", encoding="utf-8") as f:
            wr = csv.writer(f)
            wr.writerow(["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
                         "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
                         "Initial response time", "Time tracked", "First response time (in hrs)", "Resolution time (in hrs)",
                         "Agent interactions", "Customer interactions", "Resolution status", "First response status", "Tags",
                         "Survey results", "Product", "Full name", "Email", "Company Name"])
            for i, tk in enumerate(sorted(self.tickets, key=lambda t: t["when"])):
                c = tk["client"]
                tcr = tk["when"]
                fr = tcr + TD(hours=tk["frt"])
                res = tk["resolved"]
                fmt = lambda x: x.strftime("%Y-%m-%d %H:%M:%S") if x else ""
                wr.writerow([1000 + i, tk["subject"], tk["body"], tk["status"], rng.choice(["Low", "Medium", "Medium", "High"]),
                             rng.choice(["Email", "Portal", "Email"]), rng.choice(["Question", "Incident", "Problem", "Feature Request"]) if tk["cat"] != "question" else "Question",
                             tk["agent"]["name"], "Panel & rekrutacja" if c["lang"] == "pl" else "Participant panel",
                             fmt(tcr), fmt(tcr + TD(days=3)), fmt(res), fmt(res + TD(hours=24)) if res else "", fmt(res or fr),
                             fmt(fr), "", "%.2f" % tk["frt"], "%.2f" % ((res - tcr).total_seconds() / 3600) if res else "",
                             rng.randint(1, 4), rng.randint(1, 4), "Within SLA" if tk["frt"] < 24 else "SLA Violated",
                             "Within SLA" if tk["frt"] < 8 else "SLA Violated", "", "", "Panel", tk["contact"]["name"],
                             tk["contact"]["email"], c["legal"] if rng.random() < 0.6 else c["word"]])


def w_season(d):
    from generate import SEASON
    return SEASON[d.month]


def seasonal_quiet(as_of, d):
    for yback in (0, 1, 2):
        qa = as_of - TD(days=365 * yback)
        if qa - TD(days=70) <= d <= qa + TD(days=10):
            return True
    return False


def poisson(rng, lam):
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def generate(world):
    MailGen(world).run()
