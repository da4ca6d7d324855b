"""Simulation of the world: time worked, invoices and payments, and the mail traffic."""
import datetime as dt
import math

from .util import (D, DT, UTC, add_business_days, add_months, clamp, is_pl_business_day, local_to_utc,
                   month_end, months_between, next_pl_business_day, to_local)
from .world import Obj

TASKS = {
    "founder": ["Account Management", "Strategy", "Meetings"],
    "am": ["Account Management", "Project Management", "Meetings"],
    "senior_designer": ["Design", "Art Direction", "Meetings"],
    "designer": ["Design", "Production"],
    "developer": ["Development", "QA", "DevOps"],
    "copywriter": ["Copywriting", "Content"],
    "pm": ["Project Management", "Meetings"],
}
NONBILL_TASK = {"en": "Internal revisions", "pl": "Poprawki wewnętrzne"}


def staff_by_id(world):
    return {s.id: s for s in world.staff}


def active_months(world, c):
    first = max(world.start, c.start)
    out = []
    for m in months_between(first, world.as_of):
        if c.archetype == "keep_seasonal" and m.month in c.p.season_months:
            continue
        out.append(m)
    return out


def is_silent(c, d):
    return c.archetype == "keep_seasonal" and d.month in c.p.season_months


def business_days_in(m, lo, hi):
    d = max(m, lo)
    end = min(month_end(m), hi)
    out = []
    while d <= end:
        if is_pl_business_day(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


# ------------------------------------------------------------------------------------------
# staff mix and value rate
# ------------------------------------------------------------------------------------------
def staff_shares(rng, world, c):
    S = staff_by_id(world)
    owner = S[c.owner]
    own = rng.uniform(0.1, 0.22) if owner.role == "founder" else rng.uniform(0.15, 0.32)
    if c.archetype in ("release", "renegotiate", "watch_hostile_profitable"):
        own += 0.08
    col = rng.uniform(0.35, 0.55)
    rest = max(0.05, 1.0 - own - col)
    shares = {c.owner: own, c.colleague: col}
    for i, o in enumerate(c.others):
        shares[o] = shares.get(o, 0) + rest * (0.65 if i == 0 and len(c.others) > 1 else 1.0 / len(c.others))
    tot = sum(shares.values())
    return {k: v / tot for k, v in shares.items()}


def blended_cost(world, shares):
    S = staff_by_id(world)
    return sum(S[k].cost_rate * v for k, v in shares.items())


def value_rate_at(c, m, world):
    p = c.p
    if c.archetype == "renegotiate":
        end_rate = c.blended * p.value_end_vs_cost
        if m < p.creep_start:
            return p.value_rate
        span = max(1.0, (world.as_of - p.creep_start).days)
        t = clamp((m - p.creep_start).days / span, 0, 1)
        return p.value_rate + (end_rate - p.value_rate) * t
    if c.archetype == "release":
        return c.blended * p.value_vs_cost
    if c.archetype in ("recover", "recover_dm_escalation") and m >= p.fail_start:
        return p.value_rate / (1 - p.hours_drop)
    return p.value_rate


# ------------------------------------------------------------------------------------------
# invoices and payments
# ------------------------------------------------------------------------------------------
def make_invoices(rng, world, c, rates):
    inv = []
    months = active_months(world, c)
    as_of = world.as_of
    p = c.p
    if c.kind == "retainer":
        for m in months:
            fee = c.base_rev
            if "revenue_step" in c.variation and m >= p.step_at:
                fee = round(c.base_rev * p.step_factor / 50) * 50
            if m < D(c.start.year, c.start.month, 1) or (m.year, m.month) == (c.start.year, c.start.month) and c.start.day > 10:
                frac = (month_end(m) - max(m, c.start)).days / float(month_end(m).day)
                fee = round(fee * max(0.2, frac) / 10) * 10
            issue = next_pl_business_day(month_end(m) + dt.timedelta(days=1 + rng.randint(0, 3)))
            if issue > as_of:
                continue
            inv.append(Obj(client=c.id, issue=issue, sell=month_end(m), net=float(fee), period=(m, month_end(m)),
                           desc_month=m, kind="vat"))
    else:
        acc = 0.0
        gap = rng.randint(1, 3)
        k = 0
        for m in months:
            v = c.base_rev * math.exp(rng.gauss(0, 0.35))
            acc += v
            k += 1
            if k >= gap:
                issue = next_pl_business_day(month_end(m) + dt.timedelta(days=rng.randint(1, 12)) - dt.timedelta(days=rng.randint(0, 20)))
                if issue <= as_of and issue >= c.start:
                    step = 10 if c.currency == "PLN" else 5
                    inv.append(Obj(client=c.id, issue=issue, sell=min(issue, month_end(m)), net=float(round(acc / step) * step),
                                   period=(add_months(m, -(k - 1)), month_end(m)), desc_month=m, kind="vat"))
                    acc, k = 0.0, 0
                    gap = rng.randint(1, 3) if c.archetype != "watch_sparse" else rng.randint(3, 5)
    # discounts
    for x in inv:
        x.discount = 0.0
        x.coupon = ""
        if c.archetype == "renegotiate" and p.discount and x.issue >= p.creep_start + dt.timedelta(days=60):
            x.discount = round(x.net * p.discount, 2)
            x.coupon = "LOYALTY%d" % int(round(p.discount * 100))
        if c.archetype == "release" and rng.random() < 0.12 + 0.15 * c.s:
            x.discount = round(x.net * rng.choice([0.1, 0.15, 0.2, 0.25]), 2)
            x.coupon = "GOODWILL"
        x.net_after = round(x.net - x.discount, 2)
        x.tax = round(x.net_after * c.vat, 2)
        x.gross = round(x.net_after + x.tax, 2)
        x.currency = c.currency
        x.due = x.issue + dt.timedelta(days=c.terms)
    # credit notes (corrections): goodwill for a failing service, a demanded cut for RELEASE
    credits = []
    if c.archetype in ("recover", "recover_dm_escalation") and c.s > 0.5:
        cands = [x for x in inv if x.issue >= p.fail_start]
        if cands:
            base = rng.choice(cands)
            credits.append((base, rng.choice([0.1, 0.15, 0.2]), "goodwill"))
    if c.archetype == "release" and rng.random() < 0.5:
        cands = inv[-8:]
        if cands:
            credits.append((rng.choice(cands), rng.choice([0.2, 0.3]), "dispute"))
    for base, share, why in credits:
        issue = next_pl_business_day(base.issue + dt.timedelta(days=rng.randint(10, 40)))
        if issue > as_of:
            continue
        net = -round(base.net_after * share, 2)
        tax = round(net * c.vat, 2)
        inv.append(Obj(client=c.id, issue=issue, sell=base.sell, net=net, period=base.period, desc_month=base.desc_month,
                       kind="correction", discount=0.0, coupon="", net_after=net, tax=tax, gross=round(net + tax, 2),
                       currency=c.currency, due=issue + dt.timedelta(days=c.terms), corrects=base, reason=why))
    inv.sort(key=lambda x: x.issue)
    for x in inv:
        x.pln_rate, x.rate_date = rates.nbp_before(c.currency, x.issue)
        x.net_pln = round(x.net_after * x.pln_rate, 2)
    return inv


def payment_delay(rng, c, x, world):
    a, p = c.archetype, c.p
    if x.kind == "correction":
        return None
    if a == "release":
        return clamp(rng.gauss(p.late_mean, 12), 18, 120)
    if a == "keep_big_late":
        return clamp(rng.gauss(p.late_mean, 8), 12, 75)
    if a == "watch_mixed_pay" and x.issue >= p.late_from:
        return rng.uniform(20, 45)
    r = rng.random()
    if a in ("renegotiate", "watch_hostile_profitable"):
        return rng.uniform(-4, 4)
    if r < 0.78:
        return rng.uniform(-6, 3)
    if r < 0.95:
        return rng.uniform(3, 11)
    return rng.uniform(11, 22)


def make_payments(rng, world, c, invoices):
    as_of = world.as_of
    late_one = None
    if "one_late_invoice" in c.variation:
        cands = [x for x in invoices if x.kind == "vat"]
        if cands:
            late_one = rng.choice(cands)
    for x in invoices:
        x.credit, x.credit_note, x.refund = 0.0, None, None
    for cr in invoices:
        if cr.kind == "correction":
            cr.corrects.credit += -cr.gross
            cr.corrects.credit_note = cr
    for x in invoices:
        x.payments = []
        x.expected = x.gross
        delay = payment_delay(rng, c, x, world)
        if delay is None:
            continue
        if x is late_one:
            delay = rng.uniform(22, 38)
        pay_day = x.due + dt.timedelta(days=int(round(delay)))
        if c.invoice_channel != "stripe":
            pay_day = next_pl_business_day(pay_day)
        if pay_day < x.issue:
            pay_day = x.issue
        if x.credit_note is not None:
            if pay_day >= x.credit_note.issue:
                x.expected = round(x.gross - x.credit, 2)
            elif pay_day <= as_of:
                rd = next_pl_business_day(x.credit_note.issue + dt.timedelta(days=rng.randint(1, 5)))
                if rd <= as_of:
                    x.refund = (rd, round(x.credit, 2))
        if c.archetype == "release" and c.p.partial and c.invoice_channel != "stripe" and rng.random() < 0.35:
            first = round(x.expected * rng.choice([0.3, 0.4, 0.5]), 2)
            d1 = next_pl_business_day(x.due + dt.timedelta(days=int(round(delay * rng.uniform(0.4, 0.7)))))
            if d1 <= as_of:
                x.payments.append((d1, first))
                if pay_day <= as_of:
                    x.payments.append((pay_day, round(x.expected - first, 2)))
            continue
        if pay_day <= as_of:
            x.payments.append((pay_day, x.expected))
    return invoices


def fully_paid(x, by=None):
    got = sum(a for d, a in x.payments if by is None or d <= by)
    return got >= x.expected - 0.01


# ------------------------------------------------------------------------------------------
# time entries
# ------------------------------------------------------------------------------------------
ENTRY_SIZES = [0.25, 0.5, 0.5, 0.75, 1.0, 1.0, 1.5, 1.5, 2.0, 2.0, 2.5, 3.0, 3.5, 4.0]


def make_time(rng, world, c, rates):
    S = staff_by_id(world)
    entries = []
    shares = c.shares
    monthly_hours = {}
    for m in active_months(world, c):
        rev = c.base_rev
        if "revenue_step" in c.variation and m >= c.p.step_at:
            rev = c.base_rev * c.p.step_factor
        if c.kind == "project":
            rev = c.base_rev * math.exp(rng.gauss(0, 0.3))
        if m <= c.start <= month_end(m):
            rev *= max(0.2, (month_end(m) - c.start).days / float(month_end(m).day))
        fxd = min(month_end(m), world.as_of)
        rev_pln = rates.to_pln(rev, c.currency, fxd)
        vr = value_rate_at(c, m, world) * math.exp(rng.gauss(0, 0.08))
        hours = rev_pln / vr
        if m.year == world.as_of.year and m.month == world.as_of.month:
            hours *= min(1.0, world.as_of.day / float(month_end(m).day))
        monthly_hours[m] = hours
        days = business_days_in(m, max(c.start, world.start), world.as_of)
        if not days:
            continue
        if c.archetype in ("recover", "recover_dm_escalation") and c.p.ghost_days:
            pass
        for sid, sh in shares.items():
            st = S[sid]
            h = hours * sh * math.exp(rng.gauss(0, 0.12))
            while h > 0.12:
                size = min(rng.choice(ENTRY_SIZES), max(0.25, round(h * 4) / 4))
                if rng.random() < 0.3:
                    size = round(size * rng.uniform(0.85, 1.15), 2)
                day = rng.choice(days)
                nb = c.p.nonbillable
                if c.archetype == "renegotiate" and m >= c.p.creep_start:
                    span = max(1.0, (world.as_of - c.p.creep_start).days)
                    nb = nb + (c.p.nonbillable_end - nb) * clamp((m - c.p.creep_start).days / span, 0, 1)
                billable = rng.random() >= nb
                entries.append(Obj(client=c.id, staff=sid, date=day, hours=size, billable=billable,
                                   task=(rng.choice(TASKS[st.role]) if billable else NONBILL_TASK["en"]),
                                   lang=("pl" if (c.lang == "pl" or rng.random() < 0.4) else "en")))
                h -= size
    c.monthly_hours = monthly_hours
    return entries


# ------------------------------------------------------------------------------------------
# mail traffic (events; text is written in textgen)
# ------------------------------------------------------------------------------------------
BASE_MIX = {"routine": 0.30, "question": 0.25, "friendly": 0.17, "praise": 0.07, "scope_polite": 0.05, "demand_P": 0.03}
WARM_MIX = {"friendly": 0.25, "praise": 0.18, "routine": 0.27, "question": 0.25, "scope_polite": 0.05}
HOSTILE_MIX = {"demand_R": 0.14, "complaint_service": 0.12, "routine": 0.16, "question": 0.16, "threat_X": 0.0}


def pick(rng, mix):
    tot = sum(mix.values())
    x = rng.random() * tot
    for k, v in mix.items():
        x -= v
        if x <= 0:
            return k
    return list(mix)[-1]


def client_mix(c, d, staff_id, contact, world, is_reply=False):
    a, p = c.archetype, c.p
    mix = dict(BASE_MIX)
    mix["complaint_service"] = p.complaint_service
    mix["complaint_person"] = p.complaint_person
    if is_reply:
        mix["ack"] = 0.5
    if a in ("keep", "keep_curt_owner") and "complaint_blip" in c.variation and p.blip_at <= d <= p.blip_at + dt.timedelta(days=20):
        mix["complaint_service"] = 0.45
    if "discount_declined" in c.variation and rng_hash(c.id, d) < 0.02:
        mix["demand_P"] = 0.3
    if a == "reset" and d >= p.window_start and staff_id == c.owner:
        share = p.person_share
        mix = scale_mix(mix, 1 - share)
        mix["complaint_person"] = share
    elif a == "reset" and d >= p.window_start:
        mix = dict(WARM_MIX)
        if is_reply:
            mix["ack"] = 0.5
    elif a == "reassign" and d >= p.mismatch_start:
        if staff_id == c.owner:
            share = p.person_share
            mix = scale_mix(mix, 1 - share)
            mix["complaint_person"] = share
        else:
            mix = dict(WARM_MIX)
            if is_reply:
                mix["ack"] = 0.4
    elif a in ("recover", "recover_dm_escalation") and d >= p.fail_start:
        if a == "recover_dm_escalation" and contact.role != "dm":
            pass
        else:
            cs = p.complaint_service_fail
            mix = {"complaint_service": cs, "question": 0.3, "routine": 0.2, "friendly": 0.03, "ack": 0.15 if is_reply else 0.0}
            mix = scale_mix(mix, 1.0)
    elif a == "renegotiate":
        if d >= p.creep_start:
            mix["scope_polite"] = p.scope_share
            mix["demand_P"] = 0.06 + 0.05 * c.s
        mix["complaint_service"] = 0.02
    elif a in ("release", "watch_hostile_profitable"):
        hs = p.hostile_share
        mix = dict(HOSTILE_MIX)
        mix["hostile"] = hs
        mix["threat_X"] = 0.04 + 0.06 * c.s
        if is_reply:
            mix["ack"] = 0.12
            mix["hostile"] = hs + 0.1
    elif a == "keep_contact_not_dm":
        if contact.role == "dm":
            mix = {"praise": 0.4, "friendly": 0.35, "routine": 0.25}
        else:
            mix = {"grumble": 0.22, "demand_R": 0.07, "complaint_service": 0.05, "routine": 0.3, "question": 0.26,
                   "ack": 0.3 if is_reply else 0.0}
    elif a == "watch_mixed_tone" and d >= p.mixed_from:
        mix["complaint_service"] = 0.2
        mix["praise"] = 0.15
    elif a == "keep_slow_replies":
        mix["complaint_service"] = 0.0
        mix["friendly"] = 0.25
    return mix


def scale_mix(mix, f):
    return {k: v * f for k, v in mix.items()}


def rng_hash(*parts):
    from .util import hid
    return int(hid(*parts, n=8), 16) / float(16 ** 8)


class Mailer:
    """Collects mail events: (when, from, to, cc, category, thread, reply-to)."""

    def __init__(self, world, rng, rates):
        self.world, self.rng = world, rng
        self.events = []
        self.S = staff_by_id(world)
        self.n = 0

    def new_event(self, **kw):
        self.n += 1
        e = Obj(kw)
        e.seq = self.n
        self.events.append(e)
        return e


def biz_hours_after(start_utc, hours, rng, allow_evening=0.04):
    """Move forward by `hours` of Warsaw business time (8:00-18:00, working days)."""
    zone = "Europe/Warsaw"
    loc, off = to_local(zone, start_utc)
    t = loc.replace(tzinfo=None)
    remaining = hours * 60.0
    if rng.random() < allow_evening and hours < 6:
        return start_utc + dt.timedelta(minutes=max(5, hours * 60))
    while remaining > 0:
        day_start = t.replace(hour=8, minute=0, second=0)
        day_end = t.replace(hour=18, minute=0, second=0)
        if not is_pl_business_day(t.date()) or t >= day_end:
            nd = t.date() + dt.timedelta(days=1)
            while not is_pl_business_day(nd):
                nd += dt.timedelta(days=1)
            t = DT(nd.year, nd.month, nd.day, 8, rng.randint(0, 59))
            continue
        if t < day_start:
            t = day_start + dt.timedelta(minutes=rng.randint(0, 40))
        avail = (day_end - t).total_seconds() / 60.0
        if remaining <= avail:
            t = t + dt.timedelta(minutes=remaining)
            remaining = 0
        else:
            remaining -= avail
            t = day_end
    res = local_to_utc(zone, t.date(), t.hour, t.minute, rng.randint(0, 59))
    return res


def client_send_time(rng, c, d, evening_prob=0.0):
    zone = c.zone
    if rng.random() < evening_prob:
        h = rng.choice([19, 20, 21, 22, 23])
    else:
        h = int(clamp(rng.gauss(11.5, 2.6), 7, 18))
    return local_to_utc(zone, d, h, rng.randint(0, 59), rng.randint(0, 59))


def reply_delay_hours(rng, staff, c, d):
    p = c.p
    med = staff.reply_median_h
    if c.archetype == "keep_slow_replies":
        med = p.reply_target_h
    if c.archetype in ("recover", "recover_dm_escalation") and d >= p.fail_start:
        med = p.reply_target_fail_h
    return med * math.exp(rng.gauss(0, 0.7))


def reply_category(rng, staff, c, inbound, d):
    a, p = c.archetype, c.p
    if staff.curt:
        return "reply_curt" if rng.random() < 0.72 else ("reply_apologetic" if inbound in ("complaint_service", "followup") and rng.random() < 0.5 else "reply_normal")
    if inbound == "complaint_person":
        r = rng.random()
        if a == "reassign":
            return "reply_curt" if r < 0.35 else ("reply_defensive" if r < 0.8 else "reply_apologetic")
        return "reply_defensive" if r < 0.45 else ("reply_curt" if r < 0.7 else "reply_apologetic")
    if a == "reset" and d >= p.window_start and staff.id == c.owner and rng.random() < 0.35:
        return "reply_curt"
    if a == "reassign" and d >= p.mismatch_start and staff.id == c.owner and rng.random() < 0.35:
        return "reply_curt"
    if inbound in ("complaint_service", "hostile", "threat_L", "threat_X", "followup"):
        return "reply_apologetic" if rng.random() < 0.9 else "reply_normal"
    if inbound == "demand_R":
        return "reply_normal" if rng.random() < 0.6 else "reply_apologetic"
    return "reply_normal"


def pick_contact(rng, c, d):
    mains = [x for x in c.contacts if x.role in ("main", "second")]
    dm = [x for x in c.contacts if x.role == "dm"]
    if c.archetype == "keep_contact_not_dm" and dm and rng.random() < 0.1:
        return dm[0]
    if c.archetype == "recover_dm_escalation" and dm and d >= c.p.fail_start and rng.random() < 0.35:
        return dm[0]
    if len(mains) > 1 and rng.random() < 0.2:
        return mains[1]
    return mains[0]


def pick_recipient(rng, c, d, contact):
    a, p = c.archetype, c.p
    owner = c.owner
    if a == "reassign":
        if d >= p.mismatch_start:
            return c.colleague if rng.random() < p.colleague_share else owner
        if p.took_over:
            return c.prev_owner if rng.random() < 0.65 else c.colleague
    if a == "reset" and d >= p.window_start:
        return owner if rng.random() < 0.7 else c.colleague
    if contact.role == "dm":
        return owner
    r = rng.random()
    if r < 0.58:
        return owner
    if r < 0.9:
        return c.colleague
    return rng.choice(c.others) if c.others else c.colleague


def simulate_mail(rng, world, c, invoices, mailer):
    S = mailer.S
    p = c.p
    as_of = world.as_of
    first = max(world.start, c.start)
    d = first
    lam = p.msg_rate
    evening = 0.22 if c.archetype in ("release", "watch_hostile_profitable") else 0.03
    while d <= as_of:
        if is_silent(c, d):
            d += dt.timedelta(days=1)
            continue
        rate = lam
        if c.archetype == "reset" and d >= p.window_start:
            rate *= 1.7
        if c.archetype in ("recover", "recover_dm_escalation") and d >= p.fail_start:
            rate *= 1.15
            if p.ghost_days and d >= as_of - dt.timedelta(days=p.ghost_days):
                rate *= 0.15
        if c.archetype == "release":
            rate *= 1.1
        bday = is_pl_business_day(d) if c.country == "PL" else d.weekday() < 5
        daily = rate / 21.0 if bday else (rate / 21.0 * (0.5 if c.archetype in ("release", "watch_hostile_profitable") else 0.05))
        if rng.random() < daily:
            client_thread(rng, world, c, d, mailer, evening)
        # our own proactive updates
        if bday and rng.random() < rate * 0.45 / 21.0:
            staff_thread(rng, world, c, d, mailer)
        d += dt.timedelta(days=1)
    # RESET: make sure the recent window carries the person-directed complaints
    if c.archetype == "reset":
        have = sum(1 for e in mailer.events if e.client == c.id and e.direction == "in" and e.category == "complaint_person")
        while have < p.min_person_msgs:
            day = p.window_start + dt.timedelta(days=rng.randint(0, p.window_days - 1))
            if day.weekday() >= 5:
                continue
            client_thread(rng, world, c, day, mailer, evening, force_cat="complaint_person", force_to=c.owner)
            have += 1
    # REASSIGN: the mismatch runs through the whole period, not only a few weeks of it
    if c.archetype == "reassign":
        span = (as_of - p.mismatch_start).days
        have = sum(1 for e in mailer.events if e.client == c.id and e.direction == "in" and e.category == "complaint_person")
        k = 0
        while have < p.min_person_msgs and k < 50:
            k += 1
            day = p.mismatch_start + dt.timedelta(days=int(span * (have + rng.random()) / p.min_person_msgs))
            if day.weekday() >= 5 or day > as_of:
                continue
            client_thread(rng, world, c, day, mailer, evening, force_cat="complaint_person", force_to=c.owner)
            have += 1
    # RECOVER: the failure must show - complaints about service and questions asked again without answer
    if c.archetype in ("recover", "recover_dm_escalation"):
        span = max(10, (as_of - p.fail_start).days - (p.ghost_days or 0))
        dm = [x for x in c.contacts if x.role == "dm"]
        who = dm[0] if (c.archetype == "recover_dm_escalation" and dm) else None
        mine = [e for e in mailer.events if e.client == c.id and e.direction == "in" and e.when.date() >= p.fail_start]
        have_c = sum(1 for e in mine if e.category == "complaint_service")
        have_r = sum(1 for e in mine if e.category == "followup")
        k = 0
        while (have_c < p.min_complaints or have_r < p.min_repeats) and k < 60:
            k += 1
            day = p.fail_start + dt.timedelta(days=rng.randint(0, span))
            if day.weekday() >= 5 or day > as_of:
                continue
            if have_c < p.min_complaints:
                client_thread(rng, world, c, day, mailer, 0.0, force_cat="complaint_service", force_to=c.owner, force_contact=who)
                have_c += 1
            else:
                before = len(mailer.events)
                client_thread(rng, world, c, day, mailer, 0.0, force_cat="question", force_to=c.owner,
                              force_contact=who, force_unanswered=True)
                have_r += sum(1 for e in mailer.events[before:] if e.category == "followup")
    # RECOVER: threats to leave in the last two months
    if c.archetype in ("recover", "recover_dm_escalation") and p.threats:
        for _ in range(p.threats):
            day = as_of - dt.timedelta(days=rng.randint(3, 60))
            if p.ghost_days and day >= as_of - dt.timedelta(days=p.ghost_days):
                day = as_of - dt.timedelta(days=p.ghost_days + rng.randint(1, 10))
            day = next_pl_business_day(day)
            if day > as_of:
                continue
            who = [x for x in c.contacts if x.role == "dm"] if c.archetype == "recover_dm_escalation" else None
            client_thread(rng, world, c, day, mailer, 0.0, force_cat="threat_L", force_to=c.owner,
                          force_contact=who[0] if who else None)
    # payment reminders and AP traffic
    for x in invoices:
        if x.kind != "vat":
            continue
        paid_on = x.payments[-1][0] if x.payments and fully_paid(x) else None
        for k, after in enumerate((8, 22, 40)):
            rd = add_business_days(x.due, int(after * 5 / 7))
            if rd > as_of or (paid_on and paid_on <= rd):
                break
            if is_silent(c, rd):
                continue
            sender = S[c.owner] if rng.random() < 0.7 else S[world.staff[0].id]
            t = local_to_utc("Europe/Warsaw", rd, rng.randint(9, 15), rng.randint(0, 59))
            contact = [y for y in c.contacts if y.role == "ap"] or [y for y in c.contacts if y.role == "main"]
            e = mailer.new_event(client=c.id, when=t, direction="out", sender=sender.id, to=[contact[0]], cc=[],
                                 category="reminder", thread=None, parent=None, invoice=x, staff=sender.id, contact=contact[0])
            e.thread = e.seq
            if c.archetype in ("release", "watch_hostile_profitable") and rng.random() < 0.55:
                cat = "threat_X" if rng.random() < 0.35 else ("hostile" if rng.random() < 0.6 else "ack")
                rt = client_send_time(rng, c, rd + dt.timedelta(days=rng.randint(0, 3)), 0.2)
                if rt > t and rt.date() <= as_of:
                    mailer.new_event(client=c.id, when=rt, direction="in", sender=contact[0], to=[sender.id], cc=[],
                                     category=cat, thread=e.thread, parent=e, contact=contact[0], staff=sender.id, invoice=x)
            elif contact[0].role == "ap" or rng.random() < 0.5:
                rt = client_send_time(rng, c, next_pl_business_day(rd + dt.timedelta(days=rng.randint(0, 4))))
                if rt > t and rt.date() <= as_of:
                    mailer.new_event(client=c.id, when=rt, direction="in", sender=contact[0], to=[sender.id], cc=[],
                                     category="ap" if contact[0].role == "ap" else "ack", thread=e.thread, parent=e,
                                     contact=contact[0], staff=sender.id, invoice=x)
        if c.archetype == "keep_big_late" and rng.random() < 0.5:
            ap = [y for y in c.contacts if y.role == "ap"]
            day = next_pl_business_day(x.issue + dt.timedelta(days=rng.randint(2, 10)))
            if ap and day <= as_of:
                mailer.new_event(client=c.id, when=client_send_time(rng, c, day), direction="in", sender=ap[0],
                                 to=[c.owner], cc=[], category="ap", thread=None, parent=None, contact=ap[0],
                                 staff=c.owner, invoice=x)
                mailer.events[-1].thread = mailer.events[-1].seq


def client_thread(rng, world, c, d, mailer, evening, force_cat=None, force_to=None, force_contact=None,
                  force_unanswered=False):
    S = mailer.S
    p = c.p
    as_of = world.as_of
    contact = force_contact or pick_contact(rng, c, d)
    to = force_to or pick_recipient(rng, c, d, contact)
    cat = force_cat or pick(rng, client_mix(c, d, to, contact, world))
    if cat == "ack":
        cat = "routine"
    t = client_send_time(rng, c, d, evening)
    if t.date() > as_of:
        return
    cc = []
    other = c.colleague if to == c.owner else c.owner
    if rng.random() < 0.18 and cat not in ("complaint_person",):
        cc = [other]
    e = mailer.new_event(client=c.id, when=t, direction="in", sender=contact, to=[to], cc=cc, category=cat,
                         thread=None, parent=None, contact=contact, staff=to)
    e.thread = e.seq
    answer_prob = 1 - p.unanswered
    if c.archetype in ("recover", "recover_dm_escalation") and d >= p.fail_start:
        answer_prob = 1 - p.unanswered_fail
    if cat in ("praise", "friendly") and rng.random() < 0.35:
        answer_prob *= 0.5  # nothing to answer
    last = e
    follow_round = 0
    while True:
        staff = S[to]
        if force_unanswered and follow_round < 2:
            answer_prob_now = 0.0
        else:
            answer_prob_now = answer_prob
        if rng.random() < answer_prob_now:
            delay = reply_delay_hours(rng, staff, c, d)
            rt = biz_hours_after(last.when, delay, rng)
            if rt.date() > as_of:
                return
            rcat = reply_category(rng, staff, c, last.category, d)
            r = mailer.new_event(client=c.id, when=rt, direction="out", sender=to, to=[contact], cc=[], category=rcat,
                                 thread=e.thread, parent=last, contact=contact, staff=to)
            # the client may answer back
            if rng.random() < 0.35:
                ct = client_send_time(rng, c, next_pl_business_day(rt.date() + dt.timedelta(days=rng.randint(0, 2))), evening)
                if ct > rt and ct.date() <= as_of:
                    ccat = pick(rng, client_mix(c, ct.date(), to, contact, world, is_reply=True))
                    mailer.new_event(client=c.id, when=ct, direction="in", sender=contact, to=[to], cc=[], category=ccat,
                                     thread=e.thread, parent=r, contact=contact, staff=to)
            return
        # unanswered: the client may ask again
        if cat in ("praise", "friendly", "routine", "ack") or follow_round >= 3:
            return
        if not force_unanswered and rng.random() > (0.85 if follow_round == 0 else 0.65):
            return
        follow_round += 1
        nd = add_business_days(last.when.date(), rng.randint(2, 6))
        ft = client_send_time(rng, c, nd, evening)
        if ft.date() > as_of:
            return
        f = mailer.new_event(client=c.id, when=ft, direction="in", sender=contact, to=[to], cc=[], category="followup",
                             thread=e.thread, parent=last, contact=contact, staff=to, round=follow_round, origin=e)
        last = f
        answer_prob = min(0.95, answer_prob + 0.1)


def staff_thread(rng, world, c, d, mailer):
    S = mailer.S
    p = c.p
    as_of = world.as_of
    contact = [x for x in c.contacts if x.role == "main"][0]
    sender = c.owner if rng.random() < 0.6 else c.colleague
    if c.archetype == "reassign" and p.took_over and d < p.mismatch_start and sender == c.owner:
        sender = c.prev_owner
    t = local_to_utc("Europe/Warsaw", d, int(clamp(rng.gauss(12, 2.5), 8, 18)), rng.randint(0, 59))
    e = mailer.new_event(client=c.id, when=t, direction="out", sender=sender, to=[contact], cc=[], category="update",
                         thread=None, parent=None, contact=contact, staff=sender)
    e.thread = e.seq
    if rng.random() < 0.5:
        ct = client_send_time(rng, c, next_pl_business_day(d + dt.timedelta(days=rng.randint(0, 3))))
        if ct > t and ct.date() <= as_of:
            cat = pick(rng, client_mix(c, ct.date(), sender, contact, world, is_reply=True))
            r = mailer.new_event(client=c.id, when=ct, direction="in", sender=contact, to=[sender], cc=[], category=cat,
                                 thread=e.thread, parent=e, contact=contact, staff=sender)
            if cat not in ("ack", "praise", "friendly") and rng.random() < 0.75:
                st = S[sender]
                delay = reply_delay_hours(rng, st, c, ct.date())
                rt = biz_hours_after(ct, delay, rng)
                if rt.date() <= as_of:
                    mailer.new_event(client=c.id, when=rt, direction="out", sender=sender, to=[contact], cc=[],
                                     category=reply_category(rng, st, c, cat, ct.date()), thread=e.thread, parent=r,
                                     contact=contact, staff=sender)
