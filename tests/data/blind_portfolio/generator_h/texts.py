# -*- coding: utf-8 -*-
"""Message composition for generator H: greetings, signatures, quoting, typos, Polish gender forms."""
import re

from texts_en import EN, EN_SUBJ
from texts_pl import PL, PL_SUBJ

BANK = {k: {"en": EN[k], "pl": PL[k]} for k in EN}
SUBJ = {"en": EN_SUBJ, "pl": PL_SUBJ}

TIMEDESC_PL = ["{doc} - rewizja {n}", "Aktualizacja: {doc}", "Koordynacja międzybranżowa", "Narada na budowie",
               "Sprawdzenie rysunków warsztatowych", "{doc}", "Odpowiedzi na pytania wykonawcy",
               "Przygotowanie do odbioru", "Telekonferencja z inwestorem", "{doc} - uwagi sprawdzającego"]
TIMEDESC_EN = ["{doc} rev {n}", "Update {doc}", "Design coordination", "Site meeting", "Shop drawing review",
               "{doc}", "Contractor RFIs", "Inspection prep", "Client call", "{doc} - checker comments"]
NONBILL_PL = ["Poprawki wg uwag klienta - poza zakresem", "Kolejny wariant na prośbę inwestora",
              "Zmiana układu - bez aneksu", "Dodatkowe spotkanie (w ryczałcie)", "Przeprojektowanie po zmianie siatki",
              "Rabat - godziny nierozliczane"]
NONBILL_EN = ["Client revisions - out of scope", "Another option requested by client", "Layout change - no CO",
              "Extra meeting (within retainer)", "Redesign after grid change", "Discounted - not billed"]

GREET = {
    "en": ["Hi {to},", "Hello {to},", "Dear {to},", "{to},", "Morning {to},", "Hi,", "Hello,", "Hi {to}"],
    "pl": ["Dzień dobry,", "Witam,", "Dzień dobry Panie/Pani,", "Cześć {to},", "Hej,", "Dzień dobry!",
           "Witam serdecznie,", "Szanowni Państwo,"],
}
CLOSE = {
    "en": ["Best regards", "Kind regards", "Cheers", "Thanks", "BR", "Regards", "Best", "Many thanks"],
    "pl": ["Pozdrawiam", "Z poważaniem", "Pozdrawiam serdecznie", "pozdr.", "Serdecznie pozdrawiam",
           "Łączę pozdrowienia", "Dziękuję i pozdrawiam"],
}
TITLES = {"main": ("Kierownik projektu", "Project Manager"), "director": ("Dyrektor ds. inwestycji", "Development Director"),
          "site": ("Koordynator budowy", "Site Coordinator")}


def female(first):
    return first.endswith("a") and first not in ("Kuba", "Barnaba")


def gender_pl(text, sender_first, addressee_first):
    """Fix Polish gendered forms for the sender (1st person) and addressee (Pan/Pani)."""
    if addressee_first and female(addressee_first):
        text = re.sub(r"(\w+)ł Pan\b", r"\1ła Pani", text)
        text = re.sub(r"\bPana\b", "Pani", text)
        text = re.sub(r"\bPanu\b", "Pani", text)
        text = re.sub(r"\bPan\b", "Pani", text)
    elif addressee_first:
        text = re.sub(r"\bPani (\w+)", r"Panie \1", text)
    if sender_first and female(sender_first):
        text = text.replace("ąłem", "ęłam").replace("łbym", "łabym")
        text = re.sub(r"łem\b", "łam", text)
        text = text.replace("powinienem był", "powinnam była").replace("zaskoczony", "zaskoczona") \
            .replace("pouczany", "pouczana")
    elif sender_first:
        text = text.replace("łabym", "łbym")
        text = re.sub(r"(\w{3,})łam\b", r"\1łem", text)
    return text


class Safe(dict):
    def __missing__(self, k):
        return "{" + k + "}"


def typo(rng, text):
    words = text.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not cand:
        return text
    i = rng.choice(cand)
    w = words[i]
    j = rng.randint(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.6 else w[:j] + w[j + 1:]
    return " ".join(words)


STRIP = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def signature(rng, lang, person, company, ours, staff=None):
    if ours:
        role = staff["role"]
        if lang == "pl":
            role = {"managing partner": "Partner zarządzający", "office manager": "Office manager",
                    "BIM coordinator": "Koordynator BIM", "engineer": "Inżynier konstruktor",
                    "architect": "Architekt", "project lead (structural)": "Kierownik projektu - konstrukcje",
                    "project lead (architecture)": "Kierownik projektu - architektura",
                    "project lead (MEP)": "Kierownik projektu - instalacje",
                    "project lead (BIM)": "Kierownik projektu - BIM"}.get(role, role)
            city = "ul. Długie Ogrody 12, 80-765 Gdańsk" if staff["office"] == "GD" else "Großer Burstah 31, 20457 Hamburg"
            return f"--\n{person['name']}\n{role}\nBryza Engineering Sp. z o.o.\n{city}\ntel. +48 58 {rng.randint(300, 399)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        city = "Długie Ogrody 12, 80-765 Gdańsk, Poland" if staff["office"] == "GD" else "Großer Burstah 31, 20457 Hamburg"
        ent = "Bryza Engineering Sp. z o.o." if staff["office"] == "GD" else "Bryza Engineering GmbH"
        return f"--\n{person['name']} | {role}\n{ent}\n{city}"
    t = TITLES[person["role"]][0 if lang == "pl" else 1]
    if rng.random() < 0.3:
        return person["first"]
    if rng.random() < 0.2:
        return f"{person['name']}\nSent from my iPhone" if lang == "en" else f"{person['name']}\nWysłane z iPhone'a"
    return f"{person['name']}\n{t}\n{company}"


def quote_block(rng, lang, prev):
    when = prev["when"]
    sender = prev["contact"] if prev["incoming"] else prev["staff"]
    if lang == "pl":
        hdr = rng.choice([
            f"W dniu {when.strftime('%d.%m.%Y')} o {when.strftime('%H:%M')}, {sender['name']} pisze:",
            f"{when.strftime('%d.%m.%Y %H:%M')} {sender['name']} <{sender['email']}> napisał(a):",
            f"-----Wiadomość oryginalna-----\nOd: {sender['name']} <{sender['email']}>\nWysłano: {when.strftime('%d.%m.%Y %H:%M')}\nTemat: {prev['subject']}",
        ])
    else:
        hdr = rng.choice([
            f"On {when.strftime('%a, %d %b %Y at %H:%M')}, {sender['name']} <{sender['email']}> wrote:",
            f"-----Original Message-----\nFrom: {sender['name']} <{sender['email']}>\nSent: {when.strftime('%d %B %Y %H:%M')}\nSubject: {prev['subject']}",
        ])
    if hdr.startswith("-----"):
        return "\n\n" + hdr + "\n\n" + prev["body"]
    return "\n\n" + hdr + "\n" + "\n".join("> " + ln if ln else ">" for ln in prev["body"].split("\n"))


def compose(rng, lang, cat, ctx, incoming, sender, client, staff, reply_to):
    ctx = Safe(ctx)
    bank = BANK[cat][lang]
    core = rng.choice(bank).format_map(ctx)
    if lang == "pl":
        core = gender_pl(core, sender["first"], ctx["first"] if incoming else ctx["client_first"])
    to = ctx["first"] if incoming else ctx["client_first"]
    company = client["legal"]
    parts = []
    if cat != "reminder" and not (cat.startswith("reply_curt") and rng.random() < 0.6) and cat != "status_curt":
        parts.append(rng.choice(GREET[lang]).format(to=to))
        parts.append("")
    parts.append(core)
    if cat not in ("reply_curt", "status_curt", "thanks") and rng.random() < 0.5:
        parts.append("")
        parts.append(rng.choice(CLOSE[lang]) + ("," if rng.random() < 0.5 else ""))
    parts.append(signature(rng, lang, sender, company, not incoming, staff))
    body = "\n".join(parts)
    if incoming and rng.random() < 0.15:
        body = typo(rng, body)
    if lang == "pl" and incoming and rng.random() < 0.2:
        body = body.translate(STRIP)
    if reply_to is not None:
        prev_subj = reply_to["subject"]
        base = re.sub(r"^((re|odp|aw|sv|fw|fwd|pd)\s*:\s*)+", "", prev_subj, flags=re.I)
        pref = rng.choice(["Re: ", "RE: ", "Odp: ", "ODP: "] if lang == "pl" else ["Re: ", "RE: ", "AW: " if client["region"] == "DE" else "Re: "])
        subj = pref + base
        if rng.random() < 0.65:
            body += quote_block(rng, lang, reply_to)
    else:
        key = cat if cat in SUBJ[lang] else ("routine" if cat not in ("reply_normal",) else "routine")
        if cat in ("reminder_ack", "thanks"):
            key = "routine"
        subj = rng.choice(SUBJ[lang][key]).format_map(ctx)
        if lang == "pl" and incoming and rng.random() < 0.15:
            subj = subj.translate(STRIP)
    return subj, body
