"""Turns mail events into message texts (EN/PL) and RFC 5322 bytes in realistic encodings."""
import base64
import datetime as dt
import html
import quopri
import re
from email.header import Header
from email.utils import formataddr

from . import bank_en as EN
from . import bank_pl as PL
from .util import hid, rfc2822, strip_pl, to_local

CAT_MAP = {"demand_R": ("demand", "R"), "demand_P": ("demand", "P"), "threat_L": ("threat", "L"),
           "threat_X": ("threat", "X")}
HOSTILE_CATS = {"hostile", "threat_X", "demand_R"}

PL_MONTHS_GEN = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
                 "października", "listopada", "grudnia"]
PL_MONTHS_ABBR = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]
PL_DAYS = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
PL_DAYS_ABBR = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def parse_tags(t):
    if t.startswith("#"):
        sp = t.index(" ")
        return set(t[1:sp]), t[sp + 1:]
    return set(), t


def gender_fill(text, a, s, c):
    def rep(m):
        who, opts = m.group(1), m.group(2).split("|")
        g = {"a": a, "s": s, "c": c}[who]
        return opts[1] if g == "f" and len(opts) > 1 else opts[0]
    return re.sub(r"\[([asc]):([^\]]*)\]", rep, text)


class Deck:
    """Per (client, category, language) shuffled decks, so texts do not repeat until a deck is used up."""

    def __init__(self, rng):
        self.rng = rng
        self.decks = {}

    def draw(self, key, items):
        d = self.decks.get(key)
        if not d:
            d = list(items)
            self.rng.shuffle(d)
            self.decks[key] = d
        return d.pop()


def typo(rng, text, rate):
    if rate <= 0:
        return text
    words = text.split(" ")
    out = []
    for w in words:
        if len(w) > 3 and w.isalpha() and rng.random() < rate:
            i = rng.randint(0, len(w) - 2)
            k = rng.random()
            if k < 0.4:
                w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            elif k < 0.7:
                w = w[:i] + w[i + 1:]
            else:
                w = w[:i] + w[i] + w[i:]
        out.append(w)
    text = " ".join(out)
    if rng.random() < rate * 5 and text[:1].isupper():
        text = text[0].lower() + text[1:]
    return text


class Writer:
    def __init__(self, world, rng, invoices_by_client):
        self.world, self.rng = world, rng
        self.deck = Deck(rng)
        self.S = {s.id: s for s in world.staff}
        self.C = {c.id: c for c in world.clients}
        self.inv = invoices_by_client
        self.projects = {c.id: c.projects for c in world.clients}

    # -------------------------------------------------------------------------------------
    def person_of(self, who):
        if isinstance(who, str):
            s = self.S[who]
            return s, "staff"
        return who, "contact"

    def fill(self, text, ev, c, sender, recipient, lang):
        rng = self.rng
        when = ev.when.date()
        wd = rng.randint(0, 4)
        invs = [x for x in self.inv.get(c.id, []) if x.issue <= when and x.kind == "vat"]
        if getattr(ev, "invoice", None) is not None:
            inv_no = ev.invoice.number
        elif invs:
            inv_no = invs[-1].number
        else:
            inv_no = "FV/%d/%02d/%d" % (rng.randint(1, 40), when.month, when.year) if c.lang == "pl" else "INV-%04d" % rng.randint(1, 999)
        past = when - dt.timedelta(days=rng.randint(3, 20))
        # a colleague of the addressee (for client mail) or of the sender (for our mail)
        staff_side = recipient if isinstance(recipient, dict) and recipient.get("role") in self.S_roles() else None
        base_staff = ev.staff
        col_id = self.C[c.id].colleague if base_staff != self.C[c.id].colleague else self.C[c.id].owner
        col = self.S[col_id]
        amount = ""
        if getattr(ev, "invoice", None) is not None:
            x = ev.invoice
            left = x.gross - sum(a for d, a in x.payments if d <= when)
            amount = fmt_amount(left, x.currency, lang)
        else:
            amount = fmt_amount(c.base_rev * 1.23 if c.currency == "PLN" else c.base_rev, c.currency, lang)
        bank = PL if lang == "pl" else EN
        if "_pt" not in ev:
            ev["_pt"] = (self.rng.choice(self.projects[c.id]), rng.choice(bank.THINGS), wd)
        proj, thing, wd = ev["_pt"]
        vals = {
            "name": recipient.get("first", ""), "voc": recipient.get("voc", ""), "vocd": recipient.get("vocd", ""),
            "nom": recipient.get("first", ""),
            "project": proj, "thing": thing,
            "by_day": (PL.WEEKDAYS_BY[wd] if lang == "pl" else "by " + EN.WEEKDAYS[wd]),
            "on_day": (PL.WEEKDAYS_ON[wd] if lang == "pl" else "on " + EN.WEEKDAYS[wd]),
            "date": (past.strftime("%d.%m") if lang == "pl" else "%s %d" % (EN_MONTHS[past.month - 1][:3], past.day)),
            "colleague": col.first, "inv": inv_no, "company": c.short, "agency": self.world.agency.short,
            "amount": amount, "n": (rng.choice(PL.ORDINALS) if lang == "pl" else rng.choice(["third", "fourth", "second"])),
            "domain": c.domain or "firma.pl",
        }
        if lang == "en" and vals["by_day"] == "by Friday" and rng.random() < 0.3:
            vals["by_day"] = "by end of week"
        try:
            text = text.format(**vals)
        except (KeyError, IndexError):
            pass
        a_g = recipient.get("gender", "m")
        s_g = sender.get("gender", "m")
        a_g = a_g if a_g in ("m", "f") else "m"
        s_g = s_g if s_g in ("m", "f") else "m"
        return gender_fill(text, a_g, s_g, col.gender)

    def S_roles(self):
        return set()

    def choose(self, c, cat, lang, register, key_extra=""):
        bank = PL if lang == "pl" else EN
        base, sub = CAT_MAP.get(cat, (cat, None))
        items = bank.BODIES[base]
        ok = []
        for t in items:
            tags, txt = parse_tags(t)
            if lang == "pl":
                if "T" in tags and register != "T":
                    continue
                if "F" in tags and register != "F":
                    continue
            if sub and sub not in tags:
                continue
            if base == "followup" and key_extra == "noq" and "Q" in tags:
                continue
            ok.append((tags, txt))
        if not ok:
            ok = [parse_tags(t) for t in items]
        tags, txt = self.deck.draw((c.id, cat, lang, register, key_extra), ok)
        return tags, txt

    # -------------------------------------------------------------------------------------
    def compose(self, ev, prev):
        """Return (subject, body_new, body_full, sender_person, lang)."""
        rng = self.rng
        c = self.C[ev.client]
        lang = c.lang
        bank = PL if lang == "pl" else EN
        if ev.direction == "in":
            sender = ev.sender
            recip = self.S[ev.to[0]]
            register = sender.get("register", "T")
        else:
            sender = self.S[ev.sender]
            recip = ev.to[0]
            register = recip.get("register", "T")
        cat = ev.category
        # body
        if cat == "followup":
            origin = getattr(ev, "origin", None)
            tags, txt = self.choose(c, cat, lang, register)
            body = self.fill(txt, ev, c, sender, recip, lang)
            if "Q" in tags and origin is not None and getattr(origin, "core", None):
                body = body + " " + origin.core
        else:
            tags, txt = self.choose(c, cat, lang, register)
            body = self.fill(txt, ev, c, sender, recip, lang)
            if cat in ("routine", "question", "update", "reply_normal") and rng.random() < 0.18:
                cat2 = rng.choice(["routine", "question"]) if ev.direction == "in" else "reply_normal"
                t2, txt2 = self.choose(c, cat2, lang, register, "extra")
                body = body + (" " if rng.random() < 0.5 else "\n\n") + self.fill(txt2, ev, c, sender, recip, lang)
        body = re.sub(r"(^|[.!?]\s+)([a-ząćęłńóśźż])", lambda m: m.group(1) + m.group(2).upper(), body)
        ev.core = body
        # writer habits
        if ev.direction == "in":
            body = typo(rng, body, sender.get("typo_rate", 0))
        hostile = cat in HOSTILE_CATS
        greet = self.greeting(lang, register, recip, hostile, ev.direction,
                              personal=cat in ("complaint_person", "reply_defensive", "praise"))
        sign = self.signoff(lang, register, hostile, sender, ev.direction, c)
        parts = []
        if greet:
            parts.append(greet)
        parts.append(body)
        if sign:
            parts.append(sign)
        text = "\n\n".join(parts)
        nodiac = sender.get("nodiac", False)
        if lang == "pl" and nodiac:
            text = strip_pl(text)
        # subject
        if prev is None:
            subj_cat = CAT_MAP.get(cat, (cat, None))[0]
            subs = bank.SUBJECTS.get(subj_cat) or bank.SUBJECTS["routine"]
            subj = self.fill(rng.choice(subs), ev, c, sender, recip, lang)
            subj = subj[:1].upper() + subj[1:]
            if lang == "pl" and nodiac:
                subj = strip_pl(subj)
        else:
            base = prev.subject
            while True:
                m = re.match(r"^(re|odp|fwd|aw|sv|fw|pd)\s*:\s*", base, re.I)
                if not m:
                    break
                base = base[m.end():]
            mc = self.mail_client(ev, sender)
            if mc == "outlook":
                pre = "RE: " if lang == "en" or rng.random() < 0.5 else "Odp: "
            else:
                pre = "Re: "
            subj = pre + base
        return subj, text, sender, lang

    def greeting(self, lang, register, recip, hostile, direction, personal=False):
        rng = self.rng
        if recip.get("role") == "ap":
            return rng.choice(["Dzień dobry,", "Szanowni Państwo,", "Dzień dobry Państwu,"] if lang == "pl"
                              else ["Hello,", "Dear Accounts Payable team,", "Hi,", "Good morning,"])
        if lang == "pl":
            if hostile:
                g = rng.choice(PL.GREETINGS_HOSTILE)
            elif register == "F":
                g = rng.choice([x for x in PL.GREETINGS_F if not (personal and "Państw" in x)])
            elif direction == "out":
                g = rng.choice(PL.GREETINGS_T_STAFF)
            else:
                g = rng.choice(PL.GREETINGS_T)
            if recip.get("role") == "ap" and "{" in g:
                g = "Dzień dobry,"
            if direction == "out" and g.startswith("Siema"):
                g = "Cześć,"
            g = g.format(voc=recip.get("voc", ""), vocd=recip.get("vocd", ""), nom=recip.get("first", ""))
            return gender_fill(g, recip.get("gender", "m") if recip.get("gender") in ("m", "f") else "m", "m", "m")
        if hostile:
            g = rng.choice(EN.GREETINGS_HOSTILE)
        else:
            g = rng.choice(EN.GREETINGS)
        if recip.get("role") == "ap" and "{name}" in g:
            g = "Hello,"
        return g.format(name=recip.get("first", ""))

    def signoff(self, lang, register, hostile, sender, direction, c):
        rng = self.rng
        if lang == "pl":
            so = rng.choice(PL.SIGNOFFS_HOSTILE if hostile else (PL.SIGNOFFS_F if register == "F" else PL.SIGNOFFS_T))
        else:
            so = rng.choice(EN.SIGNOFFS_HOSTILE if hostile else EN.SIGNOFFS)
        if direction == "out":
            s = sender
            sig = "%s\n\n-- \n%s %s\n%s | %s\n%s\n%s" % (s.first, s.first, s.last, s.title, self.world.agency.short,
                                                       s.phone, "www." + self.world.agency.domain)
            return ((so + "\n") if so else "") + sig
        ct = sender
        if ct.get("role") == "ap":
            return (so + "\n" if so else "") + ct.get("title", "") + "\n" + c.short
        r = rng.random()
        if r < 0.45:
            sig = "%s %s\n%s\n%s\n%s" % (ct.first, ct.last, ct.title, c.name, ct.phone)
        elif r < 0.8:
            sig = ct.first
        else:
            sig = "%s %s" % (ct.first, ct.last)
        out = ((so + "\n") if so else "") + sig
        if ct.get("mobile") and rng.random() < 0.5:
            out += "\n\n" + rng.choice(PL.MOBILE if lang == "pl" else EN.MOBILE)
        return out

    def mail_client(self, ev, sender):
        if ev.direction == "out":
            return "gmail"
        return sender.get("client", "gmail")


def fmt_amount(x, cur, lang):
    if lang == "pl":
        s = "{:,.2f}".format(x).replace(",", " ").replace(".", ",")
        return "%s %s" % (s, "zł" if cur == "PLN" else cur)
    sym = {"USD": "$", "EUR": "€", "PLN": "PLN "}[cur]
    return "%s%s" % (sym, "{:,.2f}".format(x))


# ------------------------------------------------------------------------------------------
# quoting and MIME
# ------------------------------------------------------------------------------------------
def quote_header(style, lang, prev_when, prev_zone, prev_from_name, prev_from_addr, prev_to, prev_subject):
    loc, off = to_local(prev_zone, prev_when)
    if style == "gmail":
        if lang == "pl":
            return "W dniu %s %d %s %d o %02d:%02d %s <%s> napisał(a):" % (
                PL_DAYS_ABBR[loc.weekday()], loc.day, PL_MONTHS_ABBR[loc.month - 1], loc.year, loc.hour, loc.minute,
                prev_from_name, prev_from_addr), ">"
        return "On %s, %d %s %d at %02d:%02d, %s <%s> wrote:" % (
            EN_DAYS[loc.weekday()][:3], loc.day, EN_MONTHS[loc.month - 1][:3], loc.year, loc.hour, loc.minute,
            prev_from_name, prev_from_addr), ">"
    if style == "apple":
        if lang == "pl":
            return "Wiadomość napisana przez %s <%s> w dniu %d %s %d, o godz. %02d:%02d:" % (
                prev_from_name, prev_from_addr, loc.day, PL_MONTHS_ABBR[loc.month - 1], loc.year, loc.hour, loc.minute), ">"
        return "On %d %s %d, at %02d:%02d, %s <%s> wrote:" % (loc.day, EN_MONTHS[loc.month - 1][:3], loc.year, loc.hour,
                                                              loc.minute, prev_from_name, prev_from_addr), ">"
    if style == "thunderbird":
        if lang == "pl":
            return "W dniu %d.%02d.%d o %02d:%02d, %s pisze:" % (loc.day, loc.month, loc.year, loc.hour, loc.minute,
                                                                prev_from_name), ">"
        return "On %d/%d/%d %d:%02d, %s wrote:" % (loc.month, loc.day, loc.year, loc.hour, loc.minute, prev_from_name), ">"
    if style == "webmail":
        return "Dnia %d %s %d %02d:%02d %s <%s> napisał(a):" % (loc.day, PL_MONTHS_GEN[loc.month - 1], loc.year,
                                                                loc.hour, loc.minute, prev_from_name, prev_from_addr), ">"
    # outlook
    if lang == "pl":
        hdr = "Od: %s <%s>\nWysłano: %s, %d %s %d %02d:%02d\nDo: %s\nTemat: %s" % (
            prev_from_name, prev_from_addr, PL_DAYS[loc.weekday()], loc.day, PL_MONTHS_GEN[loc.month - 1], loc.year,
            loc.hour, loc.minute, prev_to, prev_subject)
    else:
        h12 = loc.hour % 12 or 12
        hdr = "From: %s <%s>\nSent: %s, %s %d, %d %d:%02d %s\nTo: %s\nSubject: %s" % (
            prev_from_name, prev_from_addr, EN_DAYS[loc.weekday()], EN_MONTHS[loc.month - 1], loc.day, loc.year,
            h12, loc.minute, "AM" if loc.hour < 12 else "PM", prev_to, prev_subject)
    return "________________________________\n" + hdr, ""


def build_quoted(text_new, prev_text, hdr, prefix):
    if prefix:
        q = "\n".join((prefix + " " + ln) if ln else prefix for ln in prev_text.split("\n"))
        return text_new + "\n\n" + hdr + "\n" + q + "\n"
    return text_new + "\n\n" + hdr + "\n\n" + prev_text + "\n"


CHARSET_BY_CLIENT = {
    "gmail": [("utf-8", "quoted-printable", 0.6), ("utf-8", "base64", 0.4)],
    "outlook": [("windows-1250", "quoted-printable", 0.55), ("iso-8859-2", "quoted-printable", 0.2), ("utf-8", "base64", 0.25)],
    "apple": [("utf-8", "quoted-printable", 1.0)],
    "thunderbird": [("iso-8859-2", "8bit", 0.5), ("utf-8", "8bit", 0.5)],
    "webmail": [("iso-8859-2", "quoted-printable", 0.6), ("iso-8859-2", "8bit", 0.2), ("utf-8", "quoted-printable", 0.2)],
}


def pick_encoding(rng, client_kind, text):
    try:
        text.encode("ascii")
        ascii_only = True
    except UnicodeEncodeError:
        ascii_only = False
    opts = CHARSET_BY_CLIENT.get(client_kind, CHARSET_BY_CLIENT["gmail"])
    x = rng.random()
    for cs, cte, w in opts:
        x -= w
        if x <= 0:
            break
    if ascii_only and rng.random() < 0.5:
        return "us-ascii" if client_kind != "outlook" else cs, "7bit"
    return cs, cte


def encode_body(text, charset, cte, nl):
    cs = "ascii" if charset == "us-ascii" else charset
    if cte == "base64":
        raw = text.replace("\n", "\r\n").encode(cs)
        return base64.encodebytes(raw).decode("ascii").rstrip("\n").replace("\n", nl)
    if cte == "quoted-printable":
        raw = text.encode(cs)
        return quopri.encodestring(raw).decode("ascii").replace("\n", nl)
    return text.replace("\n", nl)


def hdr_encode(value, charset):
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        cs = charset if charset not in ("us-ascii",) else "utf-8"
        try:
            value.encode(cs)
        except (UnicodeEncodeError, LookupError):
            cs = "utf-8"
        return Header(value, cs).encode()


def addr(name, email, charset):
    try:
        name.encode("ascii")
        return formataddr((name, email))
    except UnicodeEncodeError:
        cs = charset if charset not in ("us-ascii",) else "utf-8"
        try:
            name.encode(cs)
        except (UnicodeEncodeError, LookupError):
            cs = "utf-8"
        return formataddr((name, email), charset=cs)


def to_html(text):
    parts = []
    for para in text.split("\n\n"):
        parts.append("<div>" + "<br>".join(html.escape(l) for l in para.split("\n")) + "</div>")
    return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\"></head><body>" + "<div><br></div>".join(parts) + "</body></html>"


def build_message(headers, text, charset, cte, nl, with_html, rng, mislabel=None):
    """Return the message as text lines joined with nl (bytes for 8bit are produced by the caller)."""
    lines = []
    for k, v in headers:
        lines.append("%s: %s" % (k, v))
    lines.append("MIME-Version: 1.0")
    label = mislabel or charset
    if with_html:
        boundary = "000000000000" + hid(text[:40], headers[0][1], n=16)
        lines.append('Content-Type: multipart/alternative; boundary="%s"' % boundary)
        lines.append("")
        lines.append("--" + boundary)
        lines.append('Content-Type: text/plain; charset="%s"' % label)
        lines.append("Content-Transfer-Encoding: %s" % cte)
        lines.append("")
        lines.append(encode_body(text, charset, cte, nl))
        lines.append("--" + boundary)
        lines.append('Content-Type: text/html; charset="%s"' % label)
        lines.append("Content-Transfer-Encoding: %s" % cte)
        lines.append("")
        lines.append(encode_body(to_html(text), charset, cte, nl))
        lines.append("--" + boundary + "--")
        lines.append("")
    else:
        lines.append('Content-Type: text/plain; charset="%s"' % label)
        lines.append("Content-Transfer-Encoding: %s" % cte)
        lines.append("")
        lines.append(encode_body(text, charset, cte, nl))
    return nl.join(lines)
