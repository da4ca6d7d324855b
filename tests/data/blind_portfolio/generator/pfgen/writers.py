"""Export layouts: Harvest, Toggl, Clockify, KSeF FA(3), Fakturownia, Stripe, bank CSV, HubSpot, mbox."""
import csv
import datetime as dt
import io
import json
from xml.sax.saxutils import escape

from . import bank_en as EN
from . import bank_pl as PL
from .util import D, DT, UTC, fmt_nip, hid, local_to_utc, rfc2822, stripe_id, to_local


def _num(x, comma=False, nd=2):
    s = ("%." + str(nd) + "f") % x
    return s.replace(".", ",") if comma else s


def _csv_text(rows, header, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------
# time tracking
# ------------------------------------------------------------------------------------------
HARVEST_HEADER = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
                  "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
                  "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]
CUR_LABEL = {"PLN": "Polish Zloty - PLN", "USD": "US Dollar - USD", "EUR": "Euro - EUR"}


def project_for(world, c, d, rng_key):
    if c.kind == "retainer":
        return ("Retainer %d" % d.year if c.lang == "en" else "Abonament %d" % d.year), "%s-R%d" % (c.id, d.year % 100)
    names = c.projects
    idx = int(hid(c.id, d.year, d.month // 4, n=4), 16) % len(names)
    return names[idx], "%s-P%02d" % (c.id, idx + 1)


def write_harvest(world, entries, path):
    S = {s.id: s for s in world.staff}
    C = {c.id: c for c in world.clients}
    h = world.habits
    comma = h.harvest_decimal_comma
    header = list(HARVEST_HEADER)
    if h.harvest_employee_id:
        header.insert(header.index("Roles"), "Employee Id")
    rows = []
    last_inv = world.last_invoice_date
    for e in sorted(entries, key=lambda e: (e.date, S[e.staff].last, e.client)):
        st = S[e.staff]
        if st.tool == "clockify" or (st.tool == "toggl_switch" and e.date >= st.toggl_from):
            continue
        c = C[e.client]
        cur = c.currency if h.harvest_client_currency else "PLN"
        rate = c.bill_rate_nominal if h.harvest_client_currency else (
            c.bill_rate_nominal if c.currency == "PLN" else st.bill_rate)
        proj, code = project_for(world, c, e.date, None)
        date = e.date.isoformat() if h.harvest_date == "iso" else e.date.strftime("%d.%m.%Y")
        notes_bank = PL.NOTES if e.lang == "pl" else EN.NOTES
        note = notes_bank[int(hid(e.client, e.staff, e.date, e.hours, n=4), 16) % len(notes_bank)]
        if not e.billable:
            note = PL.NOTES[15] if e.lang == "pl" else EN.NOTES[15]
        rounded = round(e.hours * 4 + 0.4999) / 4.0
        invoiced = "Yes" if e.billable and last_inv.get(c.id) and e.date <= last_inv[c.id] else "No"
        approved = "Yes" if e.date <= world.as_of - dt.timedelta(days=10) else ("Yes" if int(hid(e.date, e.staff, n=2), 16) % 2 else "No")
        row = [date, c.name_in["harvest"], proj, code, e.task, note, _num(e.hours, comma), _num(rounded, comma),
               "Yes" if e.billable else "No", invoiced, approved, st.first, st.last, st.title,
               "Yes" if st.employee else "No",
               _num(rate, comma), _num(rate * e.hours if e.billable else 0.0, comma),
               _num(st.cost_rate, comma), _num(st.cost_rate * e.hours, comma), CUR_LABEL[cur], ""]
        if h.harvest_employee_id:
            row.insert(header.index("Employee Id"), st.employee_id)
        rows.append(row)
    path.write_text(_csv_text(rows, header), encoding="utf-8")
    return len(rows)


def _schedule(entries, with_seconds):
    """Lay a person's entries of one day end to end, as a timer would record them."""
    days = {}
    for i, e in enumerate(entries):
        days.setdefault((e.staff, e.date), []).append((i, e))
    start = {}
    for (sid, d), lst in days.items():
        k = int(hid(sid, d, "day", n=4), 16)
        t = DT(d.year, d.month, d.day, 8, 0) + dt.timedelta(minutes=15 + k % 75, seconds=(k // 75) % 60 if with_seconds else 0)
        for i, e in lst:
            start[i] = t
            gap = int(hid(sid, d, i, "gap", n=4), 16)
            t = t + dt.timedelta(seconds=int(round(e.hours * 3600))) + dt.timedelta(
                minutes=(gap % 35) + (45 if t.hour == 12 else 0), seconds=(gap // 35) % 60 if with_seconds else 0)
    return start


def write_toggl(world, entries, path):
    S = {s.id: s for s in world.staff}
    C = {c.id: c for c in world.clients}
    rows = []
    mine = sorted([e for e in entries if S[e.staff].tool == "toggl_switch" and e.date >= S[e.staff].toggl_from],
                  key=lambda e: (e.date, e.client, e.hours))
    starts = _schedule(mine, True)
    for i, e in enumerate(mine):
        st = S[e.staff]
        c = C[e.client]
        start = starts[i]
        end = start + dt.timedelta(seconds=int(round(e.hours * 3600)))
        dur = int(round(e.hours * 3600))
        proj, _ = project_for(world, c, e.date, None)
        notes_bank = PL.NOTES if e.lang == "pl" else EN.NOTES
        note = notes_bank[int(hid(e.client, e.staff, e.date, e.hours, n=4), 16) % len(notes_bank)]
        rows.append([st.first, st.email, c.name_in["toggl"], proj, e.task if e.billable else "", note,
                     "Yes" if e.billable else "No", start.date().isoformat(), start.strftime("%H:%M:%S"),
                     end.date().isoformat(), end.strftime("%H:%M:%S"),
                     "%02d:%02d:%02d" % (dur // 3600, dur % 3600 // 60, dur % 60), "", ""])
    header = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
              "End date", "End time", "Duration", "Tags", "Amount ()"]
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, header).encode("utf-8"))
    return len(rows)


def write_clockify(world, entries, path):
    S = {s.id: s for s in world.staff}
    C = {c.id: c for c in world.clients}
    rows = []
    mine = sorted([e for e in entries if S[e.staff].tool == "clockify"], key=lambda e: (e.date, e.client, e.hours))
    starts = _schedule(mine, False)
    for i, e in enumerate(mine):
        st = S[e.staff]
        c = C[e.client]
        start = starts[i]
        end = start + dt.timedelta(seconds=int(round(e.hours * 3600)))
        dur = int(round(e.hours * 3600))
        proj, _ = project_for(world, c, e.date, None)
        brate = st.bill_rate
        notes_bank = PL.NOTES if e.lang == "pl" else EN.NOTES
        note = notes_bank[int(hid(e.client, e.staff, e.date, e.hours, n=4), 16) % len(notes_bank)]
        rows.append([proj, c.name_in["clockify"], note, e.task, "%s %s" % (st.first, st.last), "Freelancers", st.email, "",
                     "Yes" if e.billable else "No", start.strftime("%m/%d/%Y"), start.strftime("%I:%M %p"),
                     end.strftime("%m/%d/%Y"), end.strftime("%I:%M %p"),
                     "%02d:%02d:%02d" % (dur // 3600, dur % 3600 // 60, dur % 60), "%.2f" % (dur / 3600.0),
                     "%.2f" % brate, "%.2f" % (brate * e.hours if e.billable else 0), "%.2f" % st.cost_rate,
                     "%.2f" % (st.cost_rate * e.hours)])
    header = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
              "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (PLN)",
              "Billable Amount (PLN)", "Cost Rate (PLN)", "Cost Amount (PLN)"]
    path.write_text(_csv_text(rows, header), encoding="utf-8")
    return len(rows)


# ------------------------------------------------------------------------------------------
# Polish invoices: KSeF FA(3) and Fakturownia; bank payments
# ------------------------------------------------------------------------------------------
NS3 = "http://crd.gov.pl/wzor/2025/06/25/13775/"


def ksef_number(world, x):
    return "%s-%s-%s-%s" % (world.agency.nip, x.issue.strftime("%Y%m%d"), hid("ksef", x.number, n=12).upper(),
                            hid("ksefc", x.number, n=2).upper())


def ksef_xml(world, c, x, relative_due):
    a = world.agency
    e = escape
    created = local_to_utc("Europe/Warsaw", x.issue, 9 + int(hid(x.number, n=2), 16) % 8, int(hid(x.number, "m", n=2), 16) % 60)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<Faktura xmlns="%s">' % NS3, "  <Naglowek>",
           '    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>',
           "    <WariantFormularza>3</WariantFormularza>",
           "    <DataWytworzeniaFa>%s</DataWytworzeniaFa>" % created.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "    <SystemInfo>Fakturownia</SystemInfo>", "  </Naglowek>", "  <Podmiot1>", "    <DaneIdentyfikacyjne>",
           "      <NIP>%s</NIP>" % a.nip, "      <Nazwa>%s</Nazwa>" % e(a.legal), "    </DaneIdentyfikacyjne>",
           "    <Adres>", "      <KodKraju>PL</KodKraju>", "      <AdresL1>%s</AdresL1>" % e(a.street),
           "      <AdresL2>%s %s</AdresL2>" % (a.zip, e(a.city)), "    </Adres>", "    <DaneKontaktowe>",
           "      <Email>biuro@%s</Email>" % a.domain, "      <Telefon>%s</Telefon>" % a.phone.replace(" ", ""),
           "    </DaneKontaktowe>", "  </Podmiot1>", "  <Podmiot2>", "    <DaneIdentyfikacyjne>",
           "      <NIP>%s</NIP>" % c.nip, "      <Nazwa>%s</Nazwa>" % e(c.name_in["invoice"]),
           "    </DaneIdentyfikacyjne>", "    <Adres>", "      <KodKraju>PL</KodKraju>",
           "      <AdresL1>%s</AdresL1>" % e(c.address[0]), "      <AdresL2>%s</AdresL2>" % e(c.address[1]), "    </Adres>"]
    main = [ct for ct in c.contacts if ct.role == "main"][0]
    if c.freemail or int(hid(c.id, "dk", n=2), 16) % 3 == 0:
        out += ["    <DaneKontaktowe>", "      <Email>%s</Email>" % e(main.email), "    </DaneKontaktowe>"]
    out += ["    <JST>2</JST>", "    <GV>2</GV>", "  </Podmiot2>", "  <Fa>", "    <KodWaluty>PLN</KodWaluty>",
            "    <P_1>%s</P_1>" % x.issue.isoformat(), "    <P_1M>%s</P_1M>" % e(a.city),
            "    <P_2>%s</P_2>" % e(x.number)]
    if x.period[0] != x.period[1] and c.kind == "retainer" and x.kind == "vat":
        out += ["    <OkresFa>", "      <P_6_Od>%s</P_6_Od>" % x.period[0].isoformat(),
                "      <P_6_Do>%s</P_6_Do>" % x.period[1].isoformat(), "    </OkresFa>"]
    else:
        out.append("    <P_6>%s</P_6>" % x.sell.isoformat())
    out += ["    <P_13_1>%.2f</P_13_1>" % x.net_after, "    <P_14_1>%.2f</P_14_1>" % x.tax, "    <P_15>%.2f</P_15>" % x.gross,
            "    <Adnotacje>", "      <P_16>2</P_16>", "      <P_17>2</P_17>", "      <P_18>2</P_18>", "      <P_18A>2</P_18A>",
            "      <Zwolnienie>", "        <P_19N>1</P_19N>", "      </Zwolnienie>", "      <NoweSrodkiTransportu>",
            "        <P_22N>1</P_22N>", "      </NoweSrodkiTransportu>", "      <P_23>2</P_23>", "      <PMarzy>",
            "        <P_PMarzyN>1</P_PMarzyN>", "      </PMarzy>", "    </Adnotacje>"]
    if x.kind == "correction":
        b = x.corrects
        out += ["    <RodzajFaktury>KOR</RodzajFaktury>",
                "    <PrzyczynaKorekty>%s</PrzyczynaKorekty>" % ("Rabat przyznany po reklamacji" if x.reason == "goodwill" else "Obniżenie ceny - uzgodnienie stron"),
                "    <TypKorekty>1</TypKorekty>", "    <DaneFaKorygowanej>",
                "      <DataWystFaKorygowanej>%s</DataWystFaKorygowanej>" % b.issue.isoformat(),
                "      <NrFaKorygowanej>%s</NrFaKorygowanej>" % e(b.number)]
        if b.issue >= world.agency.ksef_from:
            out += ["      <NrKSeF>1</NrKSeF>", "      <NrKSeFFaKorygowanej>%s</NrKSeFFaKorygowanej>" % ksef_number(world, b)]
        else:
            out += ["      <NrKSeFN>1</NrKSeFN>"]
        out += ["    </DaneFaKorygowanej>"]
    else:
        out.append("    <RodzajFaktury>VAT</RodzajFaktury>")
    desc = line_desc(c, x)
    out += ["    <FaWiersz>", "      <NrWierszaFa>1</NrWierszaFa>", "      <P_7>%s</P_7>" % e(desc),
            "      <P_8A>usł.</P_8A>", "      <P_8B>1</P_8B>", "      <P_9A>%.2f</P_9A>" % x.net_after,
            "      <P_11>%.2f</P_11>" % x.net_after, "      <P_12>23</P_12>", "    </FaWiersz>"]
    if x.kind == "vat":
        out += ["    <Platnosc>"]
        if relative_due:
            out += ["      <TerminPlatnosci>", "        <TerminOpis>", "          <Ilosc>%d</Ilosc>" % c.terms,
                    "          <Jednostka>dni</Jednostka>",
                    "          <ZdarzeniePoczatkowe>od daty wystawienia faktury</ZdarzeniePoczatkowe>",
                    "        </TerminOpis>", "      </TerminPlatnosci>"]
        else:
            out += ["      <TerminPlatnosci>", "        <Termin>%s</Termin>" % x.due.isoformat(), "      </TerminPlatnosci>"]
        out += ["      <FormaPlatnosci>6</FormaPlatnosci>", "      <RachunekBankowy>",
                "        <NrRB>%s</NrRB>" % world.agency.iban[2:], "      </RachunekBankowy>", "    </Platnosc>"]
    out += ["  </Fa>", "</Faktura>", ""]
    return "\n".join(out)


def line_desc(c, x):
    m = x.desc_month
    months_pl = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
                 "październik", "listopad", "grudzień"]
    if x.kind == "correction":
        return "Korekta wartości usług do faktury %s" % x.corrects.number
    if c.kind == "retainer":
        return "Obsługa marketingowa - abonament %s %d" % (months_pl[m.month - 1], m.year)
    return "Usługi projektowe i wdrożeniowe zgodnie z zamówieniem (%s %d)" % (months_pl[m.month - 1], m.year)


def write_polish(world, clients, invoices, out_dir):
    """KSeF XML files, the Fakturownia JSON export and the bank payments CSV."""
    rng_key = world.seed
    h = world.habits
    ksef_dir = out_dir / "invoices" / "ksef"
    ksef_dir.mkdir(parents=True, exist_ok=True)
    export_day = world.as_of - dt.timedelta(days=h.fakturownia_stale_days)
    fk, bank, nksef = [], [], 0
    C = {c.id: c for c in clients}
    for x in invoices:
        c = C[x.client]
        if x.kind in ("vat", "correction") and x.issue >= world.agency.ksef_from:
            rel = (int(hid(x.number, "rel", n=4), 16) % 1000) / 1000.0 < h.ksef_relative_due_share
            (ksef_dir / (ksef_number(world, x) + ".xml")).write_text(ksef_xml(world, c, x, rel), encoding="utf-8")
            nksef += 1
        in_fk = x.issue <= export_day
        unsynced = (int(hid(x.number, "uns", n=4), 16) % 1000) / 1000.0 < h.fakturownia_unsynced_share
        fk_paid = []
        if in_fk:
            fk_paid = [] if unsynced else [(d, a) for d, a in x.payments if d <= export_day]
            fk.append(fakturownia_record(world, c, x, fk_paid, export_day))
        for d, a in x.payments:
            shown = (d, a) in fk_paid
            if not shown or (int(hid(x.number, d, "bank", n=4), 16) % 1000) / 1000.0 < h.bank_share_of_paid:
                bank.append((x.number, d, a))
        if x.refund is not None:
            bank.append((x.credit_note.number, x.refund[0], -x.refund[1]))
    for p in world.proformas:
        if p.issue <= export_day:
            fk.append(fakturownia_record(world, C[p.client], p, [], export_day))
    fk.sort(key=lambda r: (r["issue_date"], r["id"]))
    (out_dir / "invoices").mkdir(parents=True, exist_ok=True)
    (out_dir / "invoices" / "fakturownia_invoices.json").write_text(json.dumps(fk, ensure_ascii=False, indent=1),
                                                                    encoding="utf-8")
    bank.sort(key=lambda r: (r[1], r[0]))
    lines = ["invoice_number,paid_on,amount"] + ["%s,%s,%.2f" % (n, d.isoformat(), a) for n, d, a in bank]
    (out_dir / "payments").mkdir(parents=True, exist_ok=True)
    (out_dir / "payments" / "bank_payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"ksef_files": nksef, "fakturownia_records": len(fk), "bank_rows": len(bank), "fakturownia_export_date": export_day.isoformat()}


def fakturownia_record(world, c, x, paid, export_day):
    a = world.agency
    main = [ct for ct in c.contacts if ct.role == "main"][0]
    paid_sum = round(sum(v for _, v in paid), 2)
    if x.kind == "proforma":
        status = "issued"
    elif x.kind == "correction":
        status = "paid"
        paid_sum = x.gross
        paid = [(x.issue, x.gross)]
    elif paid_sum >= x.expected - 0.01:
        status = "paid"
    elif paid_sum > 0:
        status = "partial"
    else:
        status = "sent" if int(hid(x.number, "st", n=2), 16) % 4 else "issued"
    fid = 300000000 + int(hid("fk", x.number, n=6), 16) % 99999999
    created = local_to_utc("Europe/Warsaw", x.issue, 9 + int(hid(x.number, n=2), 16) % 8, int(hid(x.number, "c", n=2), 16) % 60)
    rec = {
        "id": fid, "kind": x.kind, "number": x.number, "income": "1", "user_id": 1042377,
        "issue_date": x.issue.isoformat(), "sell_date": x.sell.isoformat(), "place": a.city,
        "payment_to": x.due.isoformat(), "payment_to_kind": str(c.terms),
        "paid_date": (paid[-1][0].isoformat() if status == "paid" and paid else None),
        "status": status, "paid": "%.2f" % paid_sum,
        "buyer_name": c.name_in["invoice"], "buyer_tax_no": fmt_nip(c.nip, c.nip_style),
        "buyer_email": main.email, "buyer_street": c.address[0], "buyer_post_code": c.address[1].split(" ")[0],
        "buyer_city": " ".join(c.address[1].split(" ")[1:]), "buyer_country": "PL",
        "seller_name": a.legal, "seller_tax_no": a.nip, "seller_bank_account": a.iban,
        "price_net": "%.2f" % x.net_after, "price_tax": "%.2f" % x.tax, "price_gross": "%.2f" % x.gross,
        "currency": "PLN", "lang": "pl", "payment_type": "transfer", "description": "",
        "exchange_currency": "", "discount_kind": "percent_total" if x.discount else "",
        "discount": ("%.0f" % (x.discount / x.net * 100)) if x.discount else "",
        "created_at": to_local("Europe/Warsaw", created)[0].strftime("%Y-%m-%dT%H:%M:%S.000") + "+%02d:00" % to_local("Europe/Warsaw", created)[1],
        "gov_status": ("ok" if x.issue >= world.agency.ksef_from and x.kind != "proforma" else None),
        "gov_id": (ksef_number(world, x) if x.issue >= world.agency.ksef_from and x.kind != "proforma" else None),
        "invoice_id": None, "from_invoice_id": None,
        "positions": [{"name": line_desc(c, x) if x.kind != "proforma" else line_desc(c, x), "quantity": "1.0",
                       "quantity_unit": "usł.", "tax": "23", "total_price_gross": "%.2f" % x.gross}],
    }
    if x.kind == "correction":
        rec["invoice_id"] = 300000000 + int(hid("fk", x.corrects.number, n=6), 16) % 99999999
        rec["from_invoice_id"] = rec["invoice_id"]
    if x.kind == "proforma":
        rec["payment_to"] = (x.issue + dt.timedelta(days=7)).isoformat()
    return rec


# ------------------------------------------------------------------------------------------
# Stripe
# ------------------------------------------------------------------------------------------
STRIPE_INV_HEADER = ["id", "Number", "Customer", "Customer Name", "Customer Email", "Status", "Currency", "Amount Due",
                     "Amount Paid", "Subtotal", "Tax", "Tax Percent", "Total", "Total Discount Amount", "Applied Coupons",
                     "Starting Balance", "Ending Balance", "Date (UTC)", "Due Date (UTC)", "Paid At (UTC)",
                     "Finalized At (UTC)", "Voided At (UTC)", "Marked Uncollectible At (UTC)", "Period Start (UTC)",
                     "Period End (UTC)", "Paid", "Closed", "Forgiven", "Billing", "Charge", "Subscription", "Description"]
STRIPE_PAY_HEADER = ["id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency",
                     "Converted Amount", "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status",
                     "Statement Descriptor", "Customer ID", "Customer Description", "Customer Email", "Captured", "Card ID",
                     "Card Last4", "Card Brand", "Card Funding", "Card Exp Month", "Card Exp Year", "Card Name",
                     "Card Address Line1", "Card Address Line2", "Card Address City", "Card Address State",
                     "Card Address Country", "Card Address Zip", "Card Issue Country", "Card Fingerprint",
                     "Card CVC Status", "Card AVS Zip Status", "Card AVS Line1 Status", "Card Tokenization Method",
                     "Disputed Amount", "Dispute Status", "Dispute Reason", "Dispute Date (UTC)",
                     "Dispute Evidence Due (UTC)", "Invoice ID", "Invoice Number", "Payment Source Type", "Destination",
                     "Transfer", "Transfer Group", "PaymentIntent ID"]


def _ts(d, h, m):
    return "%s %02d:%02d" % (d.isoformat(), h, m)


def write_stripe(world, clients, invoices, rates, out_dir):
    C = {c.id: c for c in clients}
    inv_rows, pay_rows = [], []
    by_client = {}
    for x in invoices:
        by_client.setdefault(x.client, []).append(x)
    acct_desc = world.agency.short.upper()[:22]
    for cid, xs in by_client.items():
        c = C[cid]
        main = [ct for ct in c.contacts if ct.role in ("main",)][0]
        bill_email = ([ct for ct in c.contacts if ct.role == "ap"] or [main])[0].email
        sub = stripe_id("sub", c.id) if c.kind == "retainer" else ""
        corrections = [x for x in xs if x.kind == "correction"]
        for x in xs:
            if x.kind != "vat":
                continue
            paid_amt = round(sum(a for _, a in x.payments), 2)
            paid = bool(x.payments) and paid_amt >= x.expected - 0.01
            paid_at = x.payments[-1][0] if paid else None
            k = int(hid(x.number, "t", n=4), 16)
            ph, pm = 8 + k % 12, k // 12 % 60
            oob = (k % 100) < 18 or c.archetype == "keep_big_late" and (k % 100) < 60
            charge = ""
            if paid and not oob:
                charge = stripe_id("ch", x.number)
            status = "paid" if paid else ("uncollectible" if c.archetype == "release" and x.due < world.as_of - dt.timedelta(days=100) else "open")
            desc = ("Retainer - %s %d" % (EN_MONTH(x.desc_month.month), x.desc_month.year)) if c.kind == "retainer" else "Project work - %s %d" % (EN_MONTH(x.desc_month.month), x.desc_month.year)
            inv_rows.append([x.stripe_id, x.number, c.stripe_customer, c.name_in["stripe"], bill_email, status, c.currency.lower(),
                             "%.2f" % x.expected, "%.2f" % (paid_amt if paid else 0.0), "%.2f" % x.net, "0.00", "",
                             "%.2f" % x.gross, "%.2f" % x.discount, x.coupon, "0.00", "0.00",
                             _ts(x.issue, 9, 0), _ts(x.due, 9, 0), _ts(paid_at, ph, pm) if paid_at else "",
                             _ts(x.issue, 9, 5), "", _ts(x.due + dt.timedelta(days=100), 0, 0) if status == "uncollectible" else "",
                             _ts(x.period[0], 0, 0), _ts(x.period[1], 23, 59), "true" if paid else "false",
                             "true" if paid or status == "uncollectible" else "false", "false", "send_invoice", charge, sub, desc])
            # failed card attempts before a late payment
            if c.archetype in ("release",) and (k % 3 == 0):
                fd = x.due + dt.timedelta(days=3 + k % 10)
                if fd <= world.as_of:
                    pay_rows.append(_pay_row(world, c, x, stripe_id("ch", x.number, "failed"), fd, 10 + k % 7, k % 60,
                                             x.gross, 0.0, rates, "Failed", "Your card was declined.", main, acct_desc))
            if charge:
                refunded = round(x.refund[1], 2) if x.refund is not None else 0.0
                pay_rows.append(_pay_row(world, c, x, charge, paid_at, ph, pm, paid_amt, refunded, rates, "Paid",
                                         "Payment complete.", main, acct_desc))
        # a voided duplicate and a draft for next month, as real accounts have
        vats = [x for x in xs if x.kind == "vat"]
        if vats and int(hid(c.id, "void", n=2), 16) % 5 == 0:
            v = vats[len(vats) // 2]
            inv_rows.append([stripe_id("in", v.number, "void"), v.number.rsplit("-", 1)[0] + "-V%s" % v.number.rsplit("-", 1)[1],
                             c.stripe_customer, c.name_in["stripe"], bill_email, "void", c.currency.lower(), "%.2f" % v.gross,
                             "0.00", "%.2f" % v.net, "0.00", "", "%.2f" % v.gross, "0.00", "", "0.00", "0.00",
                             _ts(v.issue - dt.timedelta(days=1), 8, 30), _ts(v.due, 8, 30), "", _ts(v.issue - dt.timedelta(days=1), 8, 31),
                             _ts(v.issue, 8, 55), "", _ts(v.period[0], 0, 0), _ts(v.period[1], 23, 59), "false", "true", "false",
                             "send_invoice", "", sub, "Wrong amount - voided"])
        if vats and c.kind == "retainer" and c.archetype != "keep_seasonal":
            inv_rows.append([stripe_id("in", c.id, "draft"), "", c.stripe_customer, c.name_in["stripe"], bill_email, "draft",
                             c.currency.lower(), "%.2f" % vats[-1].gross, "0.00", "%.2f" % vats[-1].net, "0.00", "",
                             "%.2f" % vats[-1].gross, "0.00", "", "0.00", "0.00", _ts(world.as_of, 12, 0), "", "", "", "", "",
                             "", "", "false", "false", "false", "send_invoice", "", sub, "Retainer - next period"])
    inv_rows.sort(key=lambda r: r[17], reverse=True)
    pay_rows.sort(key=lambda r: r[3], reverse=True)
    (out_dir / "invoices").mkdir(parents=True, exist_ok=True)
    (out_dir / "payments").mkdir(parents=True, exist_ok=True)
    (out_dir / "invoices" / "stripe_invoices.csv").write_text(_csv_text(inv_rows, STRIPE_INV_HEADER), encoding="utf-8")
    (out_dir / "payments" / "stripe_payments.csv").write_text(_csv_text(pay_rows, STRIPE_PAY_HEADER), encoding="utf-8")
    return {"stripe_invoices": len(inv_rows), "stripe_payments": len(pay_rows)}


def EN_MONTH(m):
    return ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"][m - 1]


def _pay_row(world, c, x, chid, d, h, m, amount, refunded, rates, status, msg, main, acct_desc):
    k = int(hid(chid, n=6), 16)
    rate = rates.nbp_before(c.currency, d + dt.timedelta(days=1))[0] * 0.992
    conv = round(amount * rate, 2)
    conv_ref = round(refunded * rate, 2)
    src = ["card", "card", "card", "sepa_debit" if c.currency == "EUR" else "ach_credit_transfer"][k % 4]
    fee = round(conv * (0.015 if c.currency == "EUR" else 0.0325) + (1.0 if src == "card" else 0.0), 2) if status == "Paid" else 0.0
    card = src == "card"
    brand = ["Visa", "MasterCard", "American Express"][k % 3]
    return [chid, "Invoice %s" % x.number, msg, _ts(d, h, m), "%.2f" % amount, "%.2f" % refunded, c.currency.lower(),
            "%.2f" % conv, "%.2f" % conv_ref, "%.2f" % fee, "0.00", "pln", "Live", status, acct_desc,
            c.stripe_customer, c.name_in["stripe"], main.email, "true" if status == "Paid" else "false",
            (stripe_id("card", c.id) if card else stripe_id("src", chid)), ("%04d" % (k % 10000)) if card else "",
            brand if card else "", "credit" if card else "", str(1 + k % 12) if card else "", str(2027 + k % 4) if card else "",
            ("%s %s" % (main.first, main.last)) if card else "", "", "", "", "", c.country if card else "", "",
            c.country if card else "", hid("fp", c.id, n=16, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") if card else "",
            "pass" if card else "", "pass" if card else "", "", "", "", "", "", "", "", x.stripe_id, x.number, src, "", "", "",
            stripe_id("pi", chid)]


# ------------------------------------------------------------------------------------------
# HubSpot companies
# ------------------------------------------------------------------------------------------
def write_hubspot(world, clients, events_by_client, path):
    S = {s.id: s for s in world.staff}
    rows = []
    for c in clients:
        if not c.in_crm:
            continue
        ev = events_by_client.get(c.id, [])
        last = max((e.when for e in ev), default=None)
        created = c.crm_created
        k = int(hid(c.id, "hs", n=4), 16)
        country = {"PL": "Poland", "US": "United States", "DE": "Germany", "NL": "Netherlands", "SE": "Sweden",
                   "IE": "Ireland", "FR": "France"}[c.country]
        city = c.address[1].split(" ", 1)[1] if c.country == "PL" else ""
        rows.append([str(c.hubspot_id), c.name_in["crm"], c.domain, S[c.owner].email,
                     "%s %02d:%02d" % (created.isoformat(), 8 + k % 9, k % 60),
                     ("%s %02d:%02d" % (to_local("Europe/Warsaw", last)[0].date().isoformat(),
                                        to_local("Europe/Warsaw", last)[0].hour, to_local("Europe/Warsaw", last)[0].minute)) if last else "",
                     [ct for ct in c.contacts if ct.role == "main"][0].phone, city, country, c.industry,
                     "Customer", ""])
    rows.sort(key=lambda r: int(r[0]))
    header = ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date", "Last Activity Date",
              "Phone Number", "City", "Country/Region", "Industry", "Lifecycle Stage", "Annual Revenue"]
    path.write_text(_csv_text(rows, header), encoding="utf-8")
    return len(rows)
