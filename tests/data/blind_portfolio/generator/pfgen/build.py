"""Orchestration: world -> simulation -> exports -> truth."""
import csv
import datetime as dt
import io
import json
import random
import shutil
import statistics
from pathlib import Path

from . import rates as R
from . import sim
from . import textgen as T
from . import writers as W
from .util import D, DT, UTC, hid, rfc2822, stripe_id, strip_pl, to_local
from .world import Obj, build_world


def generate(seed, out):
    out = Path(out)
    exp = out / "exports"
    if exp.exists():
        shutil.rmtree(exp)  # a re-run must not leave files of an earlier run behind
    for f in ("truth.csv", "truth.json"):
        if (out / f).exists():
            (out / f).unlink()
    for sub in ("time", "invoices", "payments", "crm", "mail", "rates"):
        (exp / sub).mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    world = build_world(seed, rng)
    rates = R.Rates(world, random.Random(seed * 7919 + 1))
    money_rng = random.Random(seed * 7919 + 2)
    time_rng = random.Random(seed * 7919 + 3)
    mail_rng = random.Random(seed * 7919 + 4)
    text_rng = random.Random(seed * 7919 + 5)
    S = {s.id: s for s in world.staff}
    C = {c.id: c for c in world.clients}

    for c in world.clients:
        c.shares = sim.staff_shares(money_rng, world, c)
        c.blended = sim.blended_cost(world, c.shares)
        # a healthy relationship earns well above what the work costs, whoever staffs it
        if c.archetype not in ("renegotiate", "release"):
            c.p.value_rate = max(c.p.value_rate, c.blended * money_rng.uniform(1.7, 2.3))
        elif c.archetype == "renegotiate":
            c.p.value_rate = max(c.p.value_rate, c.blended * money_rng.uniform(1.6, 1.9))
        if c.archetype == "reassign" and c.p.took_over:
            cands = [s for s in world.staff if s.owner_capable and s.id not in (c.owner, c.colleague) and not s.curt]
            if cands:
                c.prev_owner = money_rng.choice(cands).id
            else:
                c.prev_owner = None
                c.p.took_over = False
        else:
            c.prev_owner = None
        bank = T.PL if c.lang == "pl" else T.EN
        ps = list(bank.PROJECTS)
        money_rng.shuffle(ps)
        c.projects = ps[: money_rng.randint(1, 3)]
        c.hubspot_id = 10000000000 + int(hid("hs", seed, c.id, n=8), 16) % 9000000000
        c.stripe_customer = stripe_id("cus", seed, c.id, n=14)

    # ---- money
    invoices = {}
    for c in world.clients:
        xs = sim.make_invoices(money_rng, world, c, rates)
        sim.make_payments(money_rng, world, c, xs)
        invoices[c.id] = xs
    number_invoices(world, invoices, money_rng)
    world.last_invoice_date = {cid: max((x.issue for x in xs if x.kind == "vat"), default=None) for cid, xs in invoices.items()}

    # ---- time
    entries = []
    for c in world.clients:
        entries += sim.make_time(time_rng, world, c, rates)

    # ---- mail
    mailer = sim.Mailer(world, mail_rng, rates)
    for c in world.clients:
        sim.simulate_mail(mail_rng, world, c, invoices[c.id], mailer)
    events = sorted(mailer.events, key=lambda e: (e.when, e.seq))
    mbox_info = write_mbox(world, events, invoices, text_rng, exp / "mail" / "agency_mailbox.mbox")

    # ---- exports
    counts = {}
    counts["harvest_rows"] = W.write_harvest(world, entries, exp / "time" / "harvest_detailed_time_report.csv")
    if any(s.tool == "toggl_switch" for s in world.staff):
        counts["toggl_rows"] = W.write_toggl(world, entries, exp / "time" / "Toggl_time_entries_detailed.csv")
    if any(s.tool == "clockify" for s in world.staff):
        counts["clockify_rows"] = W.write_clockify(world, entries, exp / "time" / "Clockify_Time_Report_Detailed.csv")
    pl_inv = sorted([x for c in world.clients if c.invoice_channel == "pl" for x in invoices[c.id]], key=lambda x: x.issue)
    counts.update(W.write_polish(world, [c for c in world.clients if c.invoice_channel == "pl"], pl_inv, exp))
    st_inv = [x for c in world.clients if c.invoice_channel == "stripe" for x in invoices[c.id]]
    counts.update(W.write_stripe(world, [c for c in world.clients if c.invoice_channel == "stripe"], st_inv, rates, exp))
    ev_by_client = {}
    for e in events:
        ev_by_client.setdefault(e.client, []).append(e)
    counts["hubspot_companies"] = W.write_hubspot(world, world.clients, ev_by_client, exp / "crm" / "hubspot_companies.csv")
    R.write_nbp(rates, exp / "rates", world.as_of)
    R.write_ecb(rates, exp / "rates")
    counts.update(mbox_info)

    # ---- truth
    stats = client_stats(world, invoices, entries, events, rates)
    write_truth(world, stats, counts, out)
    return world, counts


def number_invoices(world, invoices, rng):
    style = rng.choice(["FV/{k}/{mm}/{yyyy}", "{k}/{mm}/{yyyy}", "FV {k}/{mm}/{yyyy}"])
    pl = sorted([x for cid, xs in invoices.items() for x in xs if world_client(world, cid).invoice_channel == "pl"],
                key=lambda x: (x.issue, x.client, x.kind))
    counters = {}
    world.proformas = []
    for x in pl:
        key = (x.kind, x.issue.year, x.issue.month)
        counters[key] = counters.get(key, 0) + 1
        k = counters[key]
        num = style.format(k=k, mm="%02d" % x.issue.month, yyyy=x.issue.year)
        if x.kind == "correction":
            num = "KOR/%d/%02d/%d" % (k, x.issue.month, x.issue.year)
        x.number = num
    # proformas before some project invoices (Fakturownia only; the importer should skip them)
    for cid, xs in invoices.items():
        c = world_client(world, cid)
        if c.invoice_channel != "pl" or c.kind != "project" or int(hid(cid, "pro", n=2), 16) % 3:
            continue
        for x in xs:
            if x.kind != "vat":
                continue
            pi = x.issue - dt.timedelta(days=5 + int(hid(x.number, n=2), 16) % 6)
            key = ("proforma", pi.year, pi.month)
            counters[key] = counters.get(key, 0) + 1
            world.proformas.append(Obj(client=cid, issue=pi, sell=pi, due=pi + dt.timedelta(days=7), net=x.net, net_after=x.net_after,
                                       tax=x.tax, gross=x.gross, expected=x.gross, discount=0.0, kind="proforma", period=x.period,
                                       desc_month=x.desc_month, payments=[], refund=None,
                                       number="PRO/%d/%02d/%d" % (counters[key], pi.month, pi.year)))
    for cid, xs in invoices.items():
        c = world_client(world, cid)
        if c.invoice_channel != "stripe":
            continue
        prefix = hid("stp", world.seed, cid, n=8).upper()
        k = 0
        for x in xs:
            if x.kind == "vat":
                k += 1
                x.number = "%s-%04d" % (prefix, k)
                x.stripe_id = stripe_id("in", world.seed, cid, k)
            else:
                x.number = "CN-%s-%02d" % (prefix, k)
                x.stripe_id = stripe_id("cn", world.seed, cid, k)


def world_client(world, cid):
    if "cmap" not in world:
        world["cmap"] = {c.id: c for c in world.clients}
    return world["cmap"][cid]


# ------------------------------------------------------------------------------------------
# mbox
# ------------------------------------------------------------------------------------------
XMAILER = {"outlook": "Microsoft Outlook 16.0", "thunderbird": None, "apple": "Apple Mail (2.3774.600.62)",
           "webmail": None, "gmail": None}
UA = {"thunderbird": "Mozilla Thunderbird", "webmail": None}


def msg_id(kind, key, domain):
    h = hid("mid", key, n=28, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    if kind == "gmail":
        return "<CA%s+%s@mail.gmail.com>" % (h[:18], h[18:28])
    if kind == "outlook":
        return "<%sMB%s@%s.eurprd0%d.prod.outlook.com>" % ("AM9PR0", h[:14].upper(), "AM9PR0" + h[14:20].upper(), int(h[20], 36) % 9 + 1)
    if kind == "apple":
        u = hid("uuid", key, n=32).upper()
        return "<%s-%s-%s-%s-%s@%s>" % (u[:8], u[8:12], u[12:16], u[16:20], u[20:32], domain)
    return "<%s.%s@%s>" % (h[:12], h[12:20], domain or "poczta.onet.pl")


def write_mbox(world, events, invoices, rng, path):
    S = {s.id: s for s in world.staff}
    C = {c.id: c for c in world.clients}
    inv_by_client = invoices
    writer = T.Writer(world, rng, inv_by_client)
    nl = "\r\n" if world.habits.mbox_crlf else "\n"
    chunks = []
    n_msgs, n_pl_8bit, n_mislabel = 0, 0, 0
    charsets = {}
    for ev in events:
        c = C[ev.client]
        prev = ev.parent
        subj, text, sender, lang = writer.compose(ev, prev)
        ev.subject = subj
        ev.text = text
        # quoting
        full = text
        depth = 0
        if prev is not None and getattr(prev, "text", None) is not None:
            if ev.direction == "out":
                style = "gmail"
                qlang = S[ev.sender].mail_locale
            else:
                style = sender.get("client", "gmail")
                qlang = "pl" if c.lang == "pl" else "en"
                if style in ("webmail", "thunderbird") and c.lang != "pl":
                    style = "gmail"
            if style == "outlook" or rng.random() < 0.82:
                pname, paddr = person_name_addr(prev, S, C)
                pzone = "Europe/Warsaw" if prev.direction == "out" else c.zone
                pto = ", ".join(person_name_addr_simple(r, S) for r in prev.to)
                hdr, prefix = T.quote_header(style, qlang, prev.when, pzone, pname, paddr, pto, prev.subject)
                quoted = prev.full if getattr(prev, "depth", 0) < 2 else prev.text
                full = T.build_quoted(text, quoted, hdr, prefix)
                depth = getattr(prev, "depth", 0) + 1
        ev.full = full
        ev.depth = depth
        # envelope
        if ev.direction == "out":
            st = S[ev.sender]
            from_name, from_addr, zone = "%s %s" % (st.first, st.last), st.email, "Europe/Warsaw"
            kind = "gmail"
            mid_domain = world.agency.domain
        else:
            ct = ev.sender
            from_name = ("%s %s" % (ct.first, ct.last)).strip() if ct.get("role") != "ap" else ct.title
            from_addr, zone = ct.email, c.zone
            kind = ct.get("client", "gmail")
            mid_domain = c.domain or from_addr.split("@")[1]
        if lang == "pl":
            charset, cte = T.pick_encoding(rng, kind if ev.direction == "in" else "gmail", full)
        else:
            charset, cte = ("utf-8", "quoted-printable") if rng.random() < 0.7 else ("us-ascii", "7bit")
            try:
                full.encode("ascii")
            except UnicodeEncodeError:
                charset, cte = "utf-8", ("quoted-printable" if rng.random() < 0.6 else "base64")
        try:
            full.encode("ascii" if charset == "us-ascii" else charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        mislabel = None
        if lang == "pl" and ev.direction == "in" and kind in ("webmail", "thunderbird") and cte == "8bit" and rng.random() < 0.08:
            charset, mislabel = "utf-8", "iso-8859-2"
            n_mislabel += 1
        charsets[(charset, cte)] = charsets.get((charset, cte), 0) + 1
        ev.msgid = msg_id(kind, (world.seed, ev.seq), mid_domain)
        hcs = charset if charset != "us-ascii" else "utf-8"
        to_list = [person_addr(r, S, C, c, hcs) for r in ev.to]
        cc_list = [person_addr(r, S, C, c, hcs) for r in ev.cc]
        headers = []
        if ev.direction == "out":
            headers.append(("X-GM-THRID", str(1700000000000000000 + int(hid("thr", world.seed, ev.thread, n=12), 16) % 99999999999999999)))
            headers.append(("X-Gmail-Labels", "Sent" if ev.direction == "out" else "Inbox"))
        else:
            headers.append(("X-GM-THRID", str(1700000000000000000 + int(hid("thr", world.seed, ev.thread, n=12), 16) % 99999999999999999)))
            headers.append(("X-Gmail-Labels", "Inbox,Opened" if rng.random() < 0.9 else "Inbox,Unread"))
        headers += [("Date", rfc2822(zone, ev.when)),
                    ("From", T.addr(from_name, from_addr, hcs)),
                    ("To", ", ".join(to_list))]
        if cc_list:
            headers.append(("Cc", ", ".join(cc_list)))
        headers.append(("Subject", T.hdr_encode(subj, hcs).replace("\n", nl)))
        headers.append(("Message-ID", ev.msgid))
        if prev is not None:
            headers.append(("In-Reply-To", prev.msgid))
            refs = getattr(prev, "refs", []) + [prev.msgid]
            ev.refs = refs[-8:]
            headers.append(("References", (nl + " ").join(ev.refs)))
        else:
            ev.refs = []
        if XMAILER.get(kind) and ev.direction == "in":
            headers.append(("X-Mailer", XMAILER[kind]))
        if kind == "thunderbird" and ev.direction == "in":
            headers.append(("User-Agent", "Mozilla Thunderbird"))
        if kind == "outlook" and ev.direction == "in" and lang == "pl":
            headers.append(("Content-Language", "pl-PL"))
        with_html = (kind in ("gmail", "outlook", "apple")) and rng.random() < 0.45
        body = T.build_message(headers, full, charset, cte, nl, with_html, rng, mislabel)
        lines = body.split(nl)
        lines = [(">" + ln) if ln.startswith("From ") or (ln.startswith(">") and ln.lstrip(">").startswith("From ")) else ln for ln in lines]
        body = nl.join(lines)
        when = ev.when
        env = "From %s %s %2d %s" % (from_addr, when.strftime("%a %b"), when.day, when.strftime("%H:%M:%S %Y"))
        enc = charset if cte == "8bit" else "ascii"
        if cte == "7bit":
            enc = "ascii"
        if cte == "8bit" and lang == "pl":
            n_pl_8bit += 1
        chunks.append((env + nl).encode("ascii") + body.encode(enc) + (nl + nl).encode("ascii"))
        n_msgs += 1
    path.write_bytes(b"".join(chunks))
    return {"mbox_messages": n_msgs, "mbox_pl_8bit": n_pl_8bit, "mbox_mislabelled": n_mislabel,
            "mbox_charsets": {"%s/%s" % k: v for k, v in sorted(charsets.items())}}


def person_name_addr(ev, S, C):
    if ev.direction == "out":
        s = S[ev.sender]
        return "%s %s" % (s.first, s.last), s.email
    ct = ev.sender
    name = ("%s %s" % (ct.first, ct.last)).strip() if ct.get("role") != "ap" else ct.title
    return name, ct.email


def person_name_addr_simple(r, S):
    if isinstance(r, str):
        s = S[r]
        return "%s %s <%s>" % (s.first, s.last, s.email)
    name = ("%s %s" % (r.first, r.last)).strip() if r.get("role") != "ap" else r.title
    return "%s <%s>" % (name, r.email)


def person_addr(r, S, C, c, cs):
    if isinstance(r, str):
        s = S[r]
        return T.addr("%s %s" % (s.first, s.last), s.email, cs)
    name = ("%s %s" % (r.first, r.last)).strip() if r.get("role") != "ap" else r.title
    return T.addr(name, r.email, cs)


# ------------------------------------------------------------------------------------------
# truth
# ------------------------------------------------------------------------------------------
def client_stats(world, invoices, entries, events, rates):
    S = {s.id: s for s in world.staff}
    as_of = world.as_of
    out = {}
    hours = {}
    for e in entries:
        h = hours.setdefault(e.client, {"hours": 0.0, "nonbill": 0.0, "cost": 0.0, "by_staff": {}, "last6_hours": 0.0, "last6_cost": 0.0})
        h["hours"] += e.hours
        h["cost"] += e.hours * S[e.staff].cost_rate
        if not e.billable:
            h["nonbill"] += e.hours
        h["by_staff"][e.staff] = h["by_staff"].get(e.staff, 0.0) + e.hours
        if e.date > as_of - dt.timedelta(days=183):
            h["last6_hours"] += e.hours
            h["last6_cost"] += e.hours * S[e.staff].cost_rate
    evs = {}
    for e in events:
        evs.setdefault(e.client, []).append(e)
    for c in world.clients:
        xs = invoices[c.id]
        rev = sum(x.net_pln for x in xs)
        rev6 = sum(x.net_pln for x in xs if x.sell > as_of - dt.timedelta(days=183))
        h = hours.get(c.id, {"hours": 0.0, "nonbill": 0.0, "cost": 0.0, "by_staff": {}, "last6_hours": 0.0, "last6_cost": 0.0})
        lates, weights, late_n, n_paid = 0.0, 0.0, 0, 0
        open_overdue = 0.0
        for x in xs:
            if x.kind != "vat":
                continue
            if x.payments and sim.fully_paid(x):
                d = x.payments[-1][0]
                days = (d - x.due).days
                lates += max(0, days) * x.gross
                weights += x.gross
                late_n += days > 3
                n_paid += 1
            elif x.due < as_of:
                open_overdue += (x.expected - sum(a for _, a in x.payments)) * x.pln_rate
        E = evs.get(c.id, [])
        inbound = [e for e in E if e.direction == "in"]
        cats = {}
        for e in inbound:
            cats[e.category] = cats.get(e.category, 0) + 1
        to_owner = [e for e in inbound if e.to and e.to[0] == c.owner]
        recent8 = [e for e in to_owner if e.when.date() > as_of - dt.timedelta(days=56)]
        recent270 = [e for e in to_owner if e.when.date() > as_of - dt.timedelta(days=270)]
        # first-reply times: client-initiated thread starters and follow-ups answered by us
        reply_h = []
        for e in E:
            if e.direction == "out" and e.parent is not None and e.parent.direction == "in":
                reply_h.append((e.when - e.parent.when).total_seconds() / 3600.0)
        unanswered = sum(1 for e in inbound if e.category in ("question", "complaint_service", "followup") and
                         not any(x.parent is e and x.direction == "out" for x in E))
        hostile_by_staff = {}
        for e in inbound:
            if e.category in ("hostile", "threat_X", "demand_R"):
                hostile_by_staff[e.to[0]] = hostile_by_staff.get(e.to[0], 0) + 1
        out[c.id] = {
            "revenue_pln_net": round(rev, 2), "revenue_pln_net_last6m": round(rev6, 2),
            "cost_pln": round(h["cost"], 2), "cost_pln_last6m": round(h["last6_cost"], 2),
            "margin": round((rev - h["cost"]) / rev, 3) if rev else None,
            "margin_last6m": round((rev6 - h["last6_cost"]) / rev6, 3) if rev6 else None,
            "hours": round(h["hours"], 2), "nonbillable_share": round(h["nonbill"] / h["hours"], 3) if h["hours"] else None,
            "revenue_per_hour_pln": round(rev / h["hours"], 1) if h["hours"] else None,
            "invoices": sum(1 for x in xs if x.kind == "vat"), "credit_notes": sum(1 for x in xs if x.kind == "correction"),
            "paid_invoices": n_paid, "amount_weighted_days_late": round(lates / weights, 1) if weights else None,
            "share_paid_late_gt3d": round(late_n / n_paid, 3) if n_paid else None,
            "open_overdue_pln": round(open_overdue, 2),
            "messages_total": len(E), "messages_inbound": len(inbound), "inbound_by_category": dict(sorted(cats.items())),
            "to_owner_last8w": len(recent8), "person_complaints_to_owner_last8w": sum(1 for e in recent8 if e.category == "complaint_person"),
            "to_owner_last9m": len(recent270), "person_complaints_to_owner_last9m": sum(1 for e in recent270 if e.category == "complaint_person"),
            "median_reply_hours": round(statistics.median(reply_h), 1) if reply_h else None,
            "unanswered_inbound": unanswered,
            "hostile_msgs_by_staff": {S[k].email: v for k, v in sorted(hostile_by_staff.items())},
            "hours_by_staff": {S[k].email: round(v, 1) for k, v in sorted(h["by_staff"].items())},
        }
    return out


def describe(world, c, st):
    S = {s.id: s for s in world.staff}
    a, p = c.archetype, c.p
    own = S[c.owner]
    ownn = "%s %s" % (own.first, own.last)
    col = S[c.colleague]
    coln = "%s %s" % (col.first, col.last)
    m = st["margin"]
    ms = ("margin %.0f%%" % (m * 100)) if m is not None else "no revenue yet"
    late = st["amount_weighted_days_late"]
    ls = ("pays %.0f days late on average (amount-weighted)" % late) if late is not None else "no paid invoice yet"
    base = "%s, %s" % (ms, ls)
    if a == "keep":
        v = (" Ordinary variation: " + ", ".join(c.variation) + ".") if c.variation else ""
        return "Valuable and healthy: %s; friendly, work delivered.%s" % (base, v)
    if a == "keep_curt_owner":
        return ("Confounder: owner %s answers curtly to all of their clients, but this client stays friendly and "
                "healthy (%s). Staff style, not a pair problem: KEEP." % (ownn, base))
    if a == "keep_slow_replies":
        return ("Confounder: our replies are slow (median %s h calendar, target %.0f business hours) yet the client is "
                "patient, friendly, never complains; %s. KEEP." % (st["median_reply_hours"], p.reply_target_h, base))
    if a == "keep_big_late":
        return ("Confounder: big client (%.0f PLN net in the window) paying late through a corporate AP cycle "
                "(mean %.0f days late), but profitable and friendly: %s. KEEP." % (st["revenue_pln_net"], p.late_mean, base))
    if a == "keep_seasonal":
        mn = ",".join(str(x) for x in p.season_months)
        return ("Confounder: seasonal business, silent every year in months %s (no mail, no work, no invoices)%s; "
                "otherwise healthy (%s). KEEP." % (mn, "; the as-of date falls in this year's quiet season" if p.season_now else "", base))
    if a == "keep_contact_not_dm":
        return ("Confounder: the day-to-day contact is a grumbling coordinator (internal pressure, occasional rude "
                "demands, not about us), the decision-maker writes rarely and warmly; business healthy (%s). Judged "
                "on the relationship as a whole: KEEP." % base)
    if a == "reset":
        return ("Since %s (last %d days), after a long good history, %d of %d messages to owner %s are about %s "
                "personally (not listening, lecturing, broken promises); warm with %s; business healthy (%s). "
                "Strength %.2f -> person share %.2f. RESET." % (p.window_start.isoformat(), p.window_days,
                                                                st["person_complaints_to_owner_last8w"], st["to_owner_last8w"],
                                                                ownn, own.first, coln, base, c.s, p.person_share))
    if a == "reassign":
        prev = (" (%s %s owned the account before %s)" % (S[c.prev_owner].first, S[c.prev_owner].last, p.mismatch_start.isoformat())) if c.prev_owner else ""
        return ("Persistent personal mismatch since %s: %d of %d messages to owner %s in the last 9 months are about "
                "%s personally; the client is warm with %s, who should take the account%s; business healthy (%s). "
                "Strength %.2f -> person share %.2f. REASSIGN." % (p.mismatch_start.isoformat(),
                                                                   st["person_complaints_to_owner_last9m"], st["to_owner_last9m"],
                                                                   ownn, own.first, coln, prev, base, c.s, p.person_share))
    if a == "recover":
        return ("Our service is failing since %s: first replies take a median %.0f business hours (our usual: 1-5), %.0f%% of questions "
                "unanswered and asked again, complaints about delays/missed deadlines (share %.2f), %d threat(s) to "
                "leave%s; %s. Strength %.2f. RECOVER." % (p.fail_start.isoformat(), p.reply_target_fail_h,
                                                         p.unanswered_fail * 100, p.complaint_service_fail, p.threats,
                                                         ", client gone quiet in the last %d days" % p.ghost_days if p.ghost_days else "",
                                                         base, c.s))
    if a == "recover_dm_escalation":
        return ("Contact is not the decision-maker: the coordinator stays friendly, but since %s the decision-maker "
                "escalates about our slow replies (median %.0f business hours), unanswered questions and missed deadlines, "
                "with %d threat(s) to leave; %s. Judged on the relationship as a whole: RECOVER." % (
                    p.fail_start.isoformat(), p.reply_target_fail_h, p.threats, base))
    if a == "renegotiate":
        return ("Worth keeping (friendly, pays on time) but the terms lose money: since %s scope creep (%.0f%% of "
                "messages are extra requests), non-billable share rising to %.0f%%, revenue per hour falling to %.2f x "
                "blended cost%s; %s. Strength %.2f. RENEGOTIATE." % (
                    p.creep_start.isoformat(), p.scope_share * 100, p.nonbillable_end * 100, p.value_end_vs_cost,
                    (", %.0f%% loyalty discount" % (p.discount * 100)) if p.discount else "", base, c.s))
    if a == "release":
        hb = ", ".join("%s: %d" % (k.split("@")[0], v) for k, v in st["hostile_msgs_by_staff"].items())
        return ("Difficult with everyone (hostile/abusive messages to every staff member they deal with: %s), rude "
                "demands and payment threats, pays %.0f days late on average (mean target %.0f), revenue per hour "
                "%.2f x blended cost; %s. Not recoverable. Strength %.2f. RELEASE." % (
                    hb, late or 0, p.late_mean, p.value_vs_cost, base, c.s))
    if a == "watch_hostile_profitable":
        hb = ", ".join("%s: %d" % (k.split("@")[0], v) for k, v in st["hostile_msgs_by_staff"].items())
        return ("Hostile with everyone (%s) but profitable and pays on time (%s). Author's decision: WATCH, not "
                "RELEASE (no chronic loss, no late payment - the seeds: 'not liking a client doesn't make them "
                "unprofitable') and not KEEP (not healthy: abuse of staff is a real cost). A human must decide after a "
                "frank conversation about conduct; re-assess." % (hb, base))
    if a == "watch_new":
        return "New client since %s: too little history (%d invoices, %d messages); %s. WATCH." % (
            c.start.isoformat(), st["invoices"], st["messages_total"], base)
    if a == "watch_mixed_pay":
        return ("Mixed: long good history, but since %s invoices are paid 20-45 days late while tone and margin stay "
                "fine (%s). Could be cash trouble; too early to call. WATCH." % (p.late_from.isoformat(), base))
    if a == "watch_mixed_tone":
        return ("Mixed: since %s complaints about service alternate with praise; replies and delivery normal (%s). "
                "Genuinely mixed signals. WATCH." % (p.mixed_from.isoformat(), base))
    if a == "watch_sparse":
        return ("Very little data: a small occasional client (%d invoices, %d messages in the window); %s. WATCH." % (
            st["invoices"], st["messages_total"], base))
    return base


def write_truth(world, stats, counts, out):
    S = {s.id: s for s in world.staff}
    rows = []
    clients_json = []
    for c in world.clients:
        st = stats[c.id]
        note = describe(world, c, st)
        own = S[c.owner]
        rows.append([c.name, c.nip, c.domain, c.decision, c.archetype, "%s %s" % (own.first, own.last), note])
        pj = {k: (v.isoformat() if isinstance(v, (dt.date,)) else v) for k, v in c.p.items()}
        clients_json.append({
            "id": c.id, "client_name": c.name, "tax_id": c.nip, "domain": c.domain, "expected_decision": c.decision,
            "archetype": c.archetype, "strength": c.s, "language": c.lang, "country": c.country, "currency": c.currency,
            "owner": own.email, "colleague": S[c.colleague].email,
            "previous_owner": S[c.prev_owner].email if c.prev_owner else None,
            "reassign_to": S[c.colleague].email if c.archetype == "reassign" else None,
            "kind": c.kind, "start": c.start.isoformat(), "in_crm": c.in_crm, "freemail_contacts": c.freemail,
            "invoice_channel": c.invoice_channel, "names_in_exports": c.name_in, "stripe_customer": c.stripe_customer,
            "hubspot_record_id": c.hubspot_id, "contacts": [{"name": ("%s %s" % (x.first, x.last)).strip(), "email": x.email,
                                                          "role": x.role, "register": x.register, "no_diacritics": x.nodiac}
                                                         for x in c.contacts],
            "params": pj, "variation": c.variation, "blended_cost_pln_h": round(c.blended, 1), "stats": st, "notes": note,
        })
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["client_name", "tax_id", "domain", "expected_decision", "archetype", "owner_staff", "notes"])
    w.writerows(rows)
    (out / "truth.csv").write_text(buf.getvalue(), encoding="utf-8")
    summary = {}
    for c in world.clients:
        summary[c.decision] = summary.get(c.decision, 0) + 1
    arche = {}
    for c in world.clients:
        arche[c.archetype] = arche.get(c.archetype, 0) + 1
    a = world.agency
    truth = {
        "seed": world.seed, "as_of": world.as_of.isoformat(), "history_months": world.months,
        "window_start": world.start.isoformat(),
        "agency": {"name": a.short, "legal_name": a.legal, "domain": a.domain, "nip": a.nip,
                   "ksef_from": a.ksef_from.isoformat()},
        "import_hint": "clientfit import auto exports --our-domain %s --our-tax-id %s" % (a.domain, a.nip),
        "decision_counts": dict(sorted(summary.items())), "archetype_counts": dict(sorted(arche.items())),
        "staff": [{"id": s.id, "name": "%s %s" % (s.first, s.last), "email": s.email, "role": s.role, "title": s.title,
                   "cost_rate_pln": s.cost_rate, "curt": s.curt, "time_tool": s.tool,
                   "toggl_from": s.toggl_from.isoformat() if s.get("toggl_from") else None,
                   "employee": s.employee} for s in world.staff],
        "export_habits": dict(world.habits), "file_counts": counts, "clients": clients_json,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
