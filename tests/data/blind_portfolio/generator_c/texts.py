"""Glue for the message banks (texts_pl, texts_en) and the truth notes."""
import texts_en
import texts_pl

_B = {"pl": texts_pl, "en": texts_en}
MSG = {k: v.MSG for k, v in _B.items()}
OUR = {k: v.OUR for k, v in _B.items()}
CLOSE = {k: v.CLOSE for k, v in _B.items()}
REPEAT = {k: v.REPEAT for k, v in _B.items()}
MISSED = {k: v.MISSED for k, v in _B.items()}
SUBJ = {k: v.SUBJ for k, v in _B.items()}
MONTHS = {k: v.MONTHS for k, v in _B.items()}
DOCS = {k: v.DOCS for k, v in _B.items()}
TIME_DESC = texts_pl.TIME_DESC

TITLE_EN = {"partner": "Managing Partner", "manager": "Senior Accountant / Client Manager", "accountant": "Accountant",
            "payroll": "Payroll Specialist", "tax_adviser": "Tax Adviser", "lawyer": "Legal Counsel",
            "assistant": "Office Assistant"}


class Ctx(dict):
    def __init__(self, female=None, **kw):
        super().__init__(**kw)
        f = bool(female)
        self.update(Pan="Pani" if f else "Pan", pan="pani" if f else "pan", Pana="Pani" if f else "Pana",
                    Panu="Pani" if f else "Panem", a="a" if f else "")

    def __missing__(self, k):
        return ""


def greeting(rng, lang, contact):
    g = rng.choice(_B[lang].GREET)
    if "{first}" in g and (contact["name"].startswith("Dział") or contact["name"].startswith("Accounts")):
        g = "Dzień dobry,\n\n" if lang == "pl" else "Hello,\n\n"
    if lang == "pl" and "{first}" in g:
        g = "Dzień dobry,\n\n"   # Polish address needs the vocative; offices write a neutral greeting
    out = g.format(first=contact["first"])
    return out[0].upper() + out[1:]


def client_signature(rng, contact, c):
    b = _B[c["lang"]]
    s = rng.choice(b.SIGN_CLIENT)
    if contact["name"].startswith("Dział") or contact["name"].startswith("Accounts"):
        s = "{name}\n{company}"
    return s.format(name=contact["name"], first=contact["first"], company=c["name"], p1=rng.randint(10, 99),
                    p2=rng.randint(100, 999), p3=rng.randint(100, 999))


def staff_signature(rng, st, lang, agency):
    s = rng.choice(_B[lang].SIGN_STAFF)
    return s.format(name=st["name"], first=st["first"], title=st["title"] if lang == "pl" else TITLE_EN[st["role"]],
                    agency=agency["name"], domain=agency["domain"], p1=rng.randint(10, 99), p2=rng.randint(10, 99),
                    p3=rng.randint(10, 99))


def quote_header(lang, t, who):
    q = _B[lang].QUOTE[(t.day + t.hour) % len(_B[lang].QUOTE)]
    date = t.strftime("%d.%m.%Y, o %H:%M") if lang == "pl" else t.strftime("%a, %d %b %Y at %H:%M")
    return q.format(date=date, name=who["name"], email=who["email"])


def truth_note(c, w):
    a, s, p = c["archetype"], c["strength"], c["params"]
    o = c["owner"]["name"]
    if a == "keep" and c.get("hard_variant"):
        return ("Healthy retainer client. Name trap: HubSpot has it as '" + c["hub_name"] + "' (with its domain) while invoices say '"
                + c["name"] + "' (with NIP); a correct import links them only through mail domain/merge suggestion.")
    if a == "keep":
        return "Healthy retainer client: margin positive, pays near due date, routine mail with ordinary ups and downs."
    if a == "keep_curt_owner":
        return (f"Confounder: owner {o} answers curtly to ALL clients (staff-level trait, not a pair mismatch); "
                "this client is healthy and not complaining -> KEEP.")
    if a == "keep_slow_happy":
        return ("Confounder: our first replies are slow ({:.1f}-{:.1f} days) for the whole history, but the client stays "
                "friendly, praises the work and never complains -> KEEP.").format(*p["reply_delay_days"])
    if a == "keep_big_late_payer":
        return ("Confounder: large client that consistently pays {}-{} days late but is clearly profitable and friendly; "
                "lateness is its AP cycle, not a dispute -> KEEP.").format(*p["late_days"])
    if a == "keep_seasonal_silence":
        return ("Confounder: seasonal business; no mail in months {} every year (invoices continue at a reduced fee); "
                "silence near as_of matches its own pattern from the previous year -> KEEP.").format(p["silent_months"])
    if a == "keep_non_decision_maker":
        return ("Confounder: an office contact (not the decision-maker) grumbles about deadlines/extra requests, while the "
                "owner/finance contact is satisfied and the business is healthy -> KEEP (decide on the relationship as a whole).")
    if a == "keep_hostile_profitable":
        return ("Author's decision: hostile/rude with every staff member (p_hostile={}) but clearly profitable and pays on "
                "time. Not liking a client does not make it unprofitable; RELEASE needs chronic loss/late pay as well. "
                "KEEP, with staff-wellbeing caveat (a partner may set boundaries).").format(p["p_hostile"])
    if a == "reset":
        return (f"Long good history; in the last {p['weeks']} weeks the client's messages to owner {o} turn to "
                f"complaints about {o} personally (not listening, lecturing, broken promises; p={p['p_person']}); "
                "fine with colleagues; business healthy -> RESET (frank conversation).")
    if a == "reassign":
        return (f"Persistent pair mismatch for ~{p['months']} months: most messages to owner {o} are about {o} personally "
                f"(p={p['p_person']}); warm with colleague {c['colleague']['name']} who writes to them regularly; "
                f"business healthy -> REASSIGN to {c['colleague']['name']}.")
    if a == "recover":
        return (f"Our service failing for the last {p['months']} months: slow first replies "
                f"({p['reply_delay_days'][0]:.1f}-{p['reply_delay_days'][1]:.1f} days vs hours for others), "
                f"{p['missed_deadlines']} missed deadlines, unanswered repeated questions (p_no_reply={p['p_no_reply']}), "
                f"service complaints and threats to leave; money side fine -> RECOVER.")
    if a == "renegotiate":
        return (f"Conduct fine but terms lose money: effective rate {c['eff_rate']:.0f} PLN/h earned vs staff cost ~95-150, "
                f"scope creep x{p['scope_growth']} over the window, discount {int(p['discount'] * 100)}%, frequent "
                "extra-work requests -> RENEGOTIATE.")
    if a == "release":
        return (f"Hostile/abusive with everyone (p_hostile={p['p_hostile']}), threats, discount demands, after-hours mail; "
                f"pays {p['late_days'][0]}-{p['late_days'][1]} days late, partial payments; effective rate "
                f"{c['eff_rate']:.0f} PLN/h -> margin around zero or negative -> RELEASE.")
    if a == "watch_new":
        return f"New client since {c['start']}: only a few months of invoices and mail -> WATCH (too little data)."
    if a == "watch_sparse":
        return "Very few messages and quarterly invoices only; not enough evidence either way -> WATCH."
    if a == "watch_mixed":
        return ("Genuinely mixed: occasional personal remarks to owner and service complaints mixed with praise, some late "
                "payments, middling margin; none strong enough for a decision -> WATCH.")
    return ""
