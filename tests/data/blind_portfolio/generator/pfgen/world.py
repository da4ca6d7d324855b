"""The agency, its staff and its clients, with each client's archetype and signal strengths."""
import datetime as dt
import math

from . import names as N
from .util import D, add_months, clamp, make_nip, month_end, slug, strip_pl

DECISION = {
    "keep": "KEEP", "keep_curt_owner": "KEEP", "keep_slow_replies": "KEEP", "keep_big_late": "KEEP",
    "keep_seasonal": "KEEP", "keep_contact_not_dm": "KEEP",
    "reset": "RESET", "reassign": "REASSIGN", "recover": "RECOVER", "recover_dm_escalation": "RECOVER",
    "renegotiate": "RENEGOTIATE", "release": "RELEASE",
    "watch_new": "WATCH", "watch_mixed_pay": "WATCH", "watch_mixed_tone": "WATCH", "watch_sparse": "WATCH",
    "watch_hostile_profitable": "WATCH",
}

AS_OF_CHOICES = [D(2026, 6, 30), D(2026, 7, 31), D(2026, 8, 31), D(2026, 9, 30), D(2026, 10, 31), D(2026, 11, 30)]


class Obj(dict):
    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k)

    def __setattr__(self, k, v):
        self[k] = v


def build_world(seed, rng):
    as_of = rng.choice(AS_OF_CHOICES)
    months = rng.randint(12, 24)
    start = add_months(D(as_of.year, as_of.month, 1), -(months - 1))
    ag_short, ag_legal = N.AGENCIES[(seed * 5 + 3) % len(N.AGENCIES)]
    ag_domain = slug(ag_short) + rng.choice([".pl", ".pl", ".studio", ".com.pl"])
    city, zipp = rng.choice(N.PL_CITIES[:6])
    agency = Obj(short=ag_short, legal=ag_legal, domain=ag_domain, nip=make_nip(rng),
                 street="%s %d" % (rng.choice(N.PL_STREETS), rng.randint(1, 120)),
                 city=city, zip=zipp + "%03d" % rng.randint(1, 999), phone="+48 22 %03d %02d %02d" % (
                     rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)),
                 iban="PL%02d1090%020d" % (rng.randint(10, 99), rng.randint(10 ** 18, 10 ** 19)),
                 ksef_from=rng.choice([D(2026, 2, 1), D(2026, 4, 1), D(2026, 4, 1)]))
    world = Obj(seed=seed, as_of=as_of, months=months, start=start, agency=agency)
    world.staff = build_staff(rng, agency, start, as_of)
    world.clients = build_clients(rng, world)
    # per-seed export habits
    world.habits = Obj(
        harvest_date=rng.choice(["iso", "dmy_dots", "iso"]),
        harvest_decimal_comma=rng.random() < 0.4,
        harvest_client_currency=rng.random() < 0.5,   # Harvest clients carry their own currency
        harvest_employee_id=rng.random() < 0.4,
        fakturownia_stale_days=(rng.randint(20, 55) if rng.random() < 0.4 else 0),
        ksef_relative_due_share=rng.choice([0.0, 0.15, 0.3]),
        mbox_crlf=rng.random() < 0.3,
        bank_share_of_paid=rng.uniform(0.15, 0.35),
        fakturownia_unsynced_share=rng.uniform(0.15, 0.3),
    )
    return world


ROLE_DEFS = {
    "founder": ("Managing Partner", "Account Director", (165, 190), (300, 340), True),
    "am": ("Account Manager", "Account Manager", (105, 135), (240, 280), True),
    "senior_designer": ("Senior Designer", "Design", (115, 145), (250, 290), True),
    "designer": ("Designer", "Design", (80, 110), (200, 240), False),
    "developer": ("Developer", "Development", (120, 160), (240, 290), False),
    "copywriter": ("Copywriter", "Content", (75, 100), (180, 220), False),
    "pm": ("Project Manager", "Project Management", (90, 120), (200, 240), True),
}


def build_staff(rng, agency, start, as_of):
    n = rng.randint(5, 8)
    # at least three account owners besides the curt one, so no owner collects several pair frictions
    roles = ["founder", "am", "am", "senior_designer", "developer"]
    extra = ["designer", "copywriter", "pm", "developer"]
    rng.shuffle(extra)
    if n > 5:
        extra.remove("designer")
        extra = ["designer"] + extra
    roles += extra[: n - 5]
    used = set()
    staff = []
    for i, role in enumerate(roles):
        p = N.pl_person(rng, used=used)
        title, dept, cost_r, bill_r, owner_capable = ROLE_DEFS[role]
        local = rng.choice(["{f}", "{f}.{l}", "{f}.{l}", "{fi}{l}"]).format(
            f=slug(p["first"]), l=slug(p["last"]), fi=slug(p["first"])[0])
        if any(x.email.split("@")[0] == local for x in staff):
            local = "%s.%s" % (slug(p["first"]), slug(p["last"]))
        s = Obj(p)
        s.update(id="S%d" % (i + 1), role=role, title=title, dept=dept,
                 cost_rate=float(rng.randint(cost_r[0] // 5, cost_r[1] // 5) * 5),
                 bill_rate=float(rng.randint(bill_r[0] // 10, bill_r[1] // 10) * 10),
                 owner_capable=owner_capable, email="%s@%s" % (local, agency.domain),
                 curt=False, mail_locale=("en" if rng.random() < 0.2 else "pl"),
                 reply_median_h=rng.uniform(1.2, 4.5), employee=True, tool="harvest",
                 nodiac=rng.random() < 0.15, phone="+48 %d %03d %03d" % (rng.choice([501, 502, 600, 601, 602, 660, 691, 722, 781, 795]),
                                                                         rng.randint(100, 999), rng.randint(100, 999)),
                 employee_id=str(rng.randint(1000000, 4999999)))
        staff.append(s)
    # a curt account owner (confounder): replies curtly to all of their clients
    candidates = [s for s in staff if s.owner_capable and s.role != "founder"]
    curt = rng.choice(candidates)
    curt.curt = True
    # a developer who moved from Harvest to Toggl part-way; a contractor who logs in Clockify
    devs = [s for s in staff if s.role == "developer"]
    if devs and rng.random() < 0.75:
        d = devs[-1]
        d.tool = "toggl_switch"
        span = (as_of - start).days
        d.toggl_from = start + dt.timedelta(days=int(span * rng.uniform(0.35, 0.75)))
    prod = [s for s in staff if s.role in ("copywriter", "designer") and s.tool == "harvest"]
    if prod and rng.random() < 0.55:
        c = prod[-1]
        c.tool = "clockify"
        c.employee = False
        c.title = "Freelance " + c.title
    return staff


def _lognorm(rng, median, sigma, lo, hi):
    return clamp(median * math.exp(rng.gauss(0, sigma)), lo, hi)


def archetype_plan(rng, n, n_owners):
    plan = []
    # pair frictions: one RESET and one REASSIGN per account owner at most, so that a pair problem
    # never looks like a problem of the staff member with many clients
    plan += ["reset"] * (3 if n_owners <= 3 else rng.randint(3, min(4, n_owners)))
    plan += ["reassign"] * (3 if n_owners <= 3 else rng.randint(3, min(4, n_owners)))
    plan += ["release"] * rng.randint(3, 4)
    plan += ["recover"] * rng.randint(3, 4)
    plan += ["renegotiate"] * rng.randint(3, 5)
    plan += ["watch_new"] * rng.randint(2, 3)
    mixed = ["watch_mixed_pay", "watch_mixed_tone"]
    rng.shuffle(mixed)
    plan += mixed[: rng.randint(1, 2)]
    plan += ["watch_sparse"] * rng.randint(0, 1)
    plan += ["watch_hostile_profitable"]
    plan += ["keep_slow_replies"] * rng.randint(1, 2)
    plan += ["keep_big_late"] * rng.randint(1, 2)
    plan += ["keep_seasonal"] * rng.randint(1, 2)
    plan += ["keep_contact_not_dm"]
    if rng.random() < 0.6:
        plan += ["recover_dm_escalation"]
    plan += ["keep_curt_owner"] * rng.randint(3, 4)
    n = max(n, len(plan) + 8)
    plan += ["keep"] * (n - len(plan))
    rng.shuffle(plan)
    return plan


def build_clients(rng, world):
    staff = world.staff
    as_of, start = world.as_of, world.start
    n = rng.randint(40, 60)
    owners = [s for s in staff if s.owner_capable and not s.curt]
    plan = archetype_plan(rng, n, len(owners))
    curt = [s for s in staff if s.curt][0]
    production = [s for s in staff if not s.owner_capable or s.role in ("senior_designer", "pm")]
    used_names, used_domains, used_people = set(), set(), set()
    clients = []
    # spread the pair-friction archetypes over owners so no owner collects all of them
    pair_queue = owners[:]
    rng.shuffle(pair_queue)
    pair_i = {"reset": 0, "reassign": 0}
    for i, arch in enumerate(plan):
        c = Obj(id="C%02d" % (i + 1), archetype=arch, decision=DECISION[arch], s=round(rng.random(), 3))
        is_pl = rng.random() < (0.6 if arch != "keep_big_late" else 0.5)
        c.lang = "pl" if is_pl else "en"
        if is_pl:
            comp = N.pl_company(rng, used_names, big=(arch == "keep_big_late"))
            c.country, c.currency, c.zone, tld = "PL", "PLN", "Europe/Warsaw", rng.choice(["pl", "pl", "pl", "com.pl", "com"])
        elif rng.random() < 0.55:
            comp = N.us_company(rng, used_names)
            c.country, c.currency, c.zone, tld = "US", "USD", rng.choice(N.US_ZONES), rng.choice(["com", "com", "co", "io"])
        else:
            comp = N.eu_company(rng, used_names)
            c.country, c.currency, c.zone, tld = comp["country"], comp["currency"], comp["zone"], comp["tld"]
            if tld == "ie" and rng.random() < 0.5:
                tld = "com"
        c.company = comp
        c.name = comp["legal"]
        c.short = comp["short"]
        c.industry = comp["industry"]
        c.nip = make_nip(rng) if is_pl else ""
        c.freemail = False
        if is_pl and comp["form"] in ("", "s.c.") and arch in ("keep", "watch_new", "watch_sparse", "renegotiate") and rng.random() < 0.45:
            c.freemail = True
        c.domain = "" if c.freemail else N.domain_for(comp, tld, rng, used_domains)
        pcity = rng.choice(N.PL_CITIES)
        c.address = ("%s %d" % (rng.choice(N.PL_STREETS), rng.randint(1, 200)), "%s%03d %s" % (pcity[1], rng.randint(1, 999), pcity[0]))
        # owner and colleague
        if arch == "keep_curt_owner":
            owner = curt
        elif arch in ("reset", "reassign"):
            owner = pair_queue[pair_i[arch] % len(pair_queue)]
            pair_i[arch] += 1
        else:
            owner = rng.choice(owners + ([owners[0]] if rng.random() < 0.3 else []))
        c.owner = owner.id
        if arch == "reassign" and rng.random() < 0.7:
            pool = [s for s in staff if s.id != owner.id and s.owner_capable and not s.curt] or [s for s in production if s.id != owner.id]
        else:
            pool = [s for s in production if s.id != owner.id]
        colleague = rng.choice(pool)
        c.colleague = colleague.id
        others = [s for s in staff if s.id not in (owner.id, colleague.id) and not (s.curt and arch in ("reset", "reassign"))]
        rng.shuffle(others)
        c.others = [s.id for s in others[: rng.randint(1, 2)]]
        # contacts
        c.contacts = make_contacts(rng, c, arch, used_people)
        # tenure
        if arch == "watch_new":
            c.start = as_of - dt.timedelta(days=rng.randint(35, 115))
        elif arch in ("keep", "keep_curt_owner", "watch_mixed_tone") and rng.random() < 0.25:
            latest = as_of - dt.timedelta(days=220)
            span = max(1, (latest - start).days)
            c.start = start + dt.timedelta(days=rng.randint(0, span)) if latest > start else start
        else:
            c.start = start - dt.timedelta(days=rng.randint(30, 1400))
        c.crm_created = max(c.start - dt.timedelta(days=rng.randint(5, 60)), D(2019, 1, 1))
        # money
        c.kind = "retainer" if rng.random() < 0.6 else "project"
        if arch in ("keep_big_late", "renegotiate", "keep_seasonal"):
            c.kind = "retainer" if rng.random() < 0.85 else "project"
        if arch in ("watch_sparse",):
            c.kind = "project"
        pl_median = 7000
        if arch == "keep_big_late":
            rev_pln = rng.uniform(38000, 80000)
        elif arch == "renegotiate":
            rev_pln = _lognorm(rng, 11000, 0.45, 4000, 40000)
        elif arch == "watch_sparse":
            rev_pln = _lognorm(rng, 2500, 0.3, 1200, 5000)
        elif arch == "watch_new":
            rev_pln = _lognorm(rng, 6000, 0.5, 2000, 20000)
        else:
            rev_pln = _lognorm(rng, pl_median, 0.6, 1800, 35000)
        c.rev_pln = rev_pln
        fx = {"PLN": 1.0, "USD": 3.75, "EUR": 4.28}[c.currency]
        step = 100 if c.currency == "PLN" else 50
        c.base_rev = max(step, round(rev_pln / fx / step) * step)
        c.terms = 14 if c.currency == "PLN" else 30
        if c.currency == "PLN" and rng.random() < 0.3:
            c.terms = rng.choice([7, 21, 30])
        if c.currency != "PLN" and rng.random() < 0.3:
            c.terms = rng.choice([15, 45])
        if arch == "keep_big_late":
            c.terms = 30 if c.currency == "PLN" else 45
        c.vat = 0.23 if c.currency == "PLN" else 0.0
        c.bill_rate_nominal = {"PLN": rng.choice([220, 240, 250, 260, 280, 300]), "USD": rng.choice([65, 70, 75, 80, 85, 90]),
                               "EUR": rng.choice([60, 65, 70, 75, 80])}[c.currency]
        set_signal_params(rng, c, world)
        c.in_crm = True
        clients.append(c)
    # a few small clients never made it into the CRM
    small = [c for c in clients if c.archetype in ("keep", "watch_new", "watch_sparse") and c.rev_pln < 5000]
    rng.shuffle(small)
    for c in small[: rng.randint(0, 2)]:
        c.in_crm = False
    assign_channels(rng, world, clients)
    return clients


def make_contacts(rng, c, arch, used):
    contacts = []
    n = 1 + (rng.random() < 0.55) + (rng.random() < 0.15)
    if arch in ("keep_contact_not_dm", "recover_dm_escalation"):
        n = max(n, 1)
    sole = c.company.get("owner")
    for k in range(n):
        if k == 0 and sole:
            # a sole trader writes themselves; their name is the company's name
            p = dict(sole)
            used.add((p["first"], p["last"]))
        else:
            p = N.pl_person(rng, used=used) if c.lang == "pl" else N.en_person(rng, used=used)
        ct = Obj(p)
        ct.role = "main" if k == 0 else "second"
        ct.title = rng.choice(N.PL_TITLES if c.lang == "pl" else N.EN_TITLES)
        if sole:
            ct.title = ("Właściciel" if p["gender"] == "m" else "Właścicielka") if k == 0 else rng.choice(["Asystentka", "Biuro", "Koordynator projektów"])
        contacts.append(ct)
    if arch in ("keep_contact_not_dm", "recover_dm_escalation"):
        p = N.pl_person(rng, used=used) if c.lang == "pl" else N.en_person(rng, used=used)
        dm = Obj(p)
        dm.role = "dm"
        dm.title = ("Prezes Zarządu" if c.lang == "pl" else "CEO") if rng.random() < 0.6 else (
            "Dyrektor Marketingu" if c.lang == "pl" else "CMO")
        contacts.append(dm)
        contacts[0].title = rng.choice(["Specjalista ds. marketingu", "Koordynator projektów", "Młodszy specjalista"]
                                       if c.lang == "pl" else ["Marketing Coordinator", "Marketing Assistant", "Project Coordinator"])
    if arch == "keep_big_late":
        ap = Obj(first="Accounts", last="Payable", gender="n", voc="", vocd="", role="ap",
                 title="Accounts Payable" if c.lang == "en" else "Dział Księgowości")
        if c.lang == "pl":
            ap.first, ap.last = "Księgowość", ""
        contacts.append(ap)
    for ct in contacts:
        if c.freemail:
            dom = rng.choice(N.FREEMAIL)
            ct.email = "%s.%s%d@%s" % (slug(ct.first), slug(ct.last), rng.randint(1, 99), dom) if ct.role != "ap" else ""
        elif ct.role == "ap":
            ct.email = "%s@%s" % (rng.choice(["ap", "invoices", "accounts.payable"]) if c.lang == "en" else rng.choice(["faktury", "ksiegowosc"]), c.domain)
        else:
            pat = rng.choice(["{f}.{l}", "{f}", "{fi}.{l}", "{f}{l}", "{fi}{l}"])
            ct.email = pat.format(f=slug(ct.first), l=slug(ct.last).replace("'", ""), fi=slug(ct.first)[0]) + "@" + c.domain
            if any(x.get("email") == ct.email for x in contacts if x is not ct):
                ct.email = "%s.%s@%s" % (slug(ct.first), slug(ct.last), c.domain)
        ct.register = "T"
        if c.lang == "pl" and (c.company["form"] in ("S.A.",) or ct.role in ("dm", "ap") or rng.random() < 0.3):
            ct.register = "F"
        ct.nodiac = c.lang == "pl" and rng.random() < 0.25
        ct.typo_rate = rng.choice([0.0, 0.0, 0.01, 0.02, 0.04])
        ct.client = rng.choice(["gmail", "outlook", "apple", "thunderbird", "webmail"] if c.lang == "pl"
                               else ["gmail", "outlook", "outlook", "apple"])
        if c.freemail:
            ct.client = "webmail" if not ct.email.endswith("gmail.com") else "gmail"
        ct.mobile = rng.random() < 0.25
        ct.phone = phone_for(rng, c.country)
    return contacts


def phone_for(rng, country):
    r = lambda a, b: rng.randint(a, b)
    if country == "PL":
        return "+48 %d %03d %03d" % (rng.choice([501, 600, 606, 691, 724, 882]), r(100, 999), r(100, 999))
    if country == "US":
        return "+1 (%03d) %03d-%04d" % (r(201, 989), r(200, 999), r(0, 9999))
    if country == "DE":
        return "+49 %d %d %04d" % (rng.choice([30, 40, 89, 69, 221]), r(100, 999), r(0, 9999))
    if country == "NL":
        return "+31 %d %03d %04d" % (rng.choice([20, 10, 30, 70]), r(100, 999), r(0, 9999))
    if country == "SE":
        return "+46 8 %03d %02d %02d" % (r(100, 999), r(10, 99), r(10, 99))
    if country == "IE":
        return "+353 1 %03d %04d" % (r(100, 999), r(0, 9999))
    return "+33 1 %02d %02d %02d %02d" % (r(10, 99), r(10, 99), r(10, 99), r(10, 99))


def set_signal_params(rng, c, world):
    """Strength s in [0,1] maps onto the archetype's signal ranges (documented in README)."""
    s = c.s
    as_of, start = world.as_of, world.start
    p = Obj()
    p.value_rate = rng.uniform(210, 340)           # PLN of revenue per hour of work
    p.value_rate_end = p.value_rate
    p.nonbillable = rng.uniform(0.04, 0.12)
    p.delay_profile = "keep"
    p.reply_factor = 1.0
    p.unanswered = 0.03
    p.msg_rate = clamp(1.0 + c.rev_pln / 6500.0, 1.2, 4.5)
    p.complaint_service = 0.03
    p.complaint_person = 0.004 if c.archetype == "keep" else 0.0   # a rare personal remark: ordinary ups and downs
    a = c.archetype
    if a == "reset":
        p.window_days = int(rng.uniform(42, 56))
        p.window_start = as_of - dt.timedelta(days=p.window_days)
        p.person_share = round(0.35 + 0.45 * s, 3)
        p.min_person_msgs = 3 + int(round(4 * s))
    elif a == "reassign":
        days = int(rng.uniform(255, 330))
        p.mismatch_start = max(as_of - dt.timedelta(days=days), start + dt.timedelta(days=20))
        p.person_share = round(0.5 + 0.35 * s, 3)
        p.colleague_share = round(0.4 + 0.3 * s, 3)
        p.took_over = rng.random() < 0.5
        p.min_person_msgs = 6 + int(round(5 * s))
    elif a in ("recover", "recover_dm_escalation"):
        p.fail_start = as_of - dt.timedelta(days=int(rng.uniform(90, 200)))
        p.reply_target_fail_h = round(16 + 30 * s, 1)       # median first reply, business hours (2-6 working days)
        p.min_complaints = 3 + int(round(4 * s))
        p.min_repeats = 2 + int(round(3 * s))
        p.unanswered_fail = round(0.15 + 0.35 * s, 3)
        p.complaint_service_fail = round(0.25 + 0.35 * s, 3)
        p.threats = 1 + int(round(2 * s)) if s > 0.25 else 0
        p.ghost_days = int(20 + 25 * s) if s > 0.6 else 0
        p.hours_drop = round(0.15 + 0.25 * s, 3)
    elif a == "renegotiate":
        p.creep_start = max(as_of - dt.timedelta(days=int(rng.uniform(200, 420))), start)
        p.value_rate = rng.uniform(200, 270)
        p.value_end_vs_cost = round(1.15 - 0.55 * s, 3)      # revenue per hour / blended cost at the end
        p.scope_share = round(0.2 + 0.25 * s, 3)
        p.discount = round(rng.uniform(0.08, 0.2), 3) if s > 0.45 else 0.0
        p.nonbillable_end = round(0.25 + 0.35 * s, 3)
    elif a == "release":
        p.value_vs_cost = round(1.15 - 0.45 * s, 3)
        p.late_mean = round(30 + 50 * s, 1)
        p.hostile_share = round(0.25 + 0.35 * s, 3)
        p.partial = s > 0.4
        p.nonbillable = rng.uniform(0.2, 0.4)
        p.msg_rate *= 1.25
    elif a == "watch_hostile_profitable":
        p.value_rate = rng.uniform(270, 380)
        p.hostile_share = round(0.25 + 0.3 * s, 3)
    elif a == "keep_slow_replies":
        p.reply_target_h = round(12 + 14 * s, 1)            # median first reply, business hours (1.5-3.5 working days)
    elif a == "keep_big_late":
        p.late_mean = round(25 + 30 * s, 1)
        p.value_rate = rng.uniform(240, 330)
    elif a == "keep_seasonal":
        p.season_len = rng.randint(2, 3)
        if world.months >= 15 and rng.random() < 0.55:
            # the as-of date falls inside this year's quiet season; last year's is in the data too
            k = rng.randint(1, p.season_len)       # silent months elapsed up to and including the as-of month
            first = ((as_of.month - 1 - (k - 1)) % 12) + 1
            p.season_months = [((first - 1 + j) % 12) + 1 for j in range(p.season_len)]
            p.season_now = True
        else:
            first = rng.randint(1, 12)
            p.season_months = [((first - 1 + j) % 12) + 1 for j in range(p.season_len)]
            if as_of.month in p.season_months:
                p.season_months = [((m + 5) % 12) + 1 for m in p.season_months]
            p.season_now = False
    elif a == "watch_mixed_pay":
        p.late_from = as_of - dt.timedelta(days=int(rng.uniform(90, 130)))
    elif a == "watch_mixed_tone":
        p.mixed_from = as_of - dt.timedelta(days=int(rng.uniform(60, 100)))
    elif a == "watch_sparse":
        p.msg_rate = 0.35
    elif a == "watch_new":
        p.msg_rate = clamp(p.msg_rate * 0.8, 1.0, 3.0)
    c.p = p
    # ordinary variation for plain KEEP clients
    c.variation = []
    if a in ("keep", "keep_curt_owner"):
        for v, prob in (("one_late_invoice", 0.3), ("complaint_blip", 0.3), ("revenue_step", 0.25), ("discount_declined", 0.15)):
            if rng.random() < prob:
                c.variation.append(v)
        if "complaint_blip" in c.variation:
            span = max(30, (as_of - max(start, c.start)).days - 60)
            p.blip_at = max(start, c.start) + dt.timedelta(days=rng.randint(15, span))
        if "revenue_step" in c.variation:
            p.step_at = max(start, c.start) + dt.timedelta(days=rng.randint(60, max(61, (as_of - max(start, c.start)).days - 30)))
            p.step_factor = rng.choice([0.7, 0.8, 1.25, 1.4])


def assign_channels(rng, world, clients):
    """Which tools carry a client's invoices, and how its name is spelt in each export."""
    for c in clients:
        c.name_in = {}
        if c.lang == "pl" or c.currency == "PLN":
            c.invoice_channel = "pl"
        else:
            c.invoice_channel = "stripe"
        # invoices carry the legal name
        c.name_in["invoice"] = c.name
        r = rng.random()
        c.name_in["crm"] = c.name if r < 0.45 else N.name_variant(c.company, rng.choice(["short", "short", "comma_legal", "legal_alt"]), rng)
        r = rng.random()
        if r < 0.35:
            hv = c.name_in["crm"]
        elif r < 0.6:
            hv = N.name_variant(c.company, "short", rng)
        elif r < 0.72:
            hv = N.name_variant(c.company, "upper", rng)
        elif r < 0.8:
            hv = N.name_variant(c.company, "nodiac", rng) if c.lang == "pl" else N.name_variant(c.company, "amp", rng)
        elif r < 0.88:
            hv = N.name_variant(c.company, "legal_alt", rng)
        elif r < 0.94:
            hv = N.name_variant(c.company, "lower", rng)
        else:
            hv = N.name_variant(c.company, "trade", rng)
        c.name_in["harvest"] = hv
        c.name_in["toggl"] = N.name_variant(c.company, rng.choice(["short", "lower", "trade", "short"]), rng)
        c.name_in["clockify"] = N.name_variant(c.company, rng.choice(["short", "exact", "short"]), rng)
        c.name_in["stripe"] = c.name if rng.random() < 0.7 else N.name_variant(c.company, rng.choice(["short", "legal_alt", "amp"]), rng)
        c.nip_style = rng.choice(["plain", "plain", "plain", "dashes", "pl"])
