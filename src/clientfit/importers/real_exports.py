"""Write a clientfit bundle (the demo portfolio) as the real exports people have.

`write_real_exports(bundle, out)` writes a Harvest detailed time report, HubSpot companies,
Stripe invoices and payments exports and a Gmail-style mbox, in the shapes the importers read
(FORMATS.md). `clientfit import auto OUT --our-domain DOMAIN` then rebuilds the same clients,
staff, time, money and mail. What these exports cannot carry is lost on that road: client kind
(retainer/project), end dates, milestones and assignments; the `demo --format real` surface
(issue 3) can call this function.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path

HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded",
           "Billable?", "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?",
           "Billable Rate", "Billable Amount", "Cost Rate", "Cost Amount", "Currency",
           "External Reference URL"]
COMPANIES = ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date"]
INVOICES = ["id", "Number", "Customer", "Customer Name", "Customer Email", "Status", "Currency",
            "Amount Due", "Amount Paid", "Subtotal", "Tax", "Total", "Date (UTC)",
            "Due Date (UTC)",
            "Paid At (UTC)"]
PAYMENTS = ["id", "Description", "Created (UTC)", "Amount", "Amount Refunded", "Currency",
            "Status", "Customer ID", "Customer Description", "Customer Email", "Captured",
            "Invoice ID"]


def _read(bundle: Path, name: str) -> list[dict[str, str]]:
    path = bundle / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def _contact(client: dict[str, str]) -> str:
    return f"contact@{client['email_domain']}" if client.get("email_domain") else \
        f"{client['client_id'].lower()}@gmail.com"


def write_real_exports(bundle: Path, out: Path) -> dict[str, int]:
    """The bundle's records as real export files in `out`; rows written per file."""
    out.mkdir(parents=True, exist_ok=True)
    staff = {row["staff_id"]: row for row in _read(bundle, "staff.csv")}
    clients = {row["client_id"]: row for row in _read(bundle, "clients.csv")}
    written: dict[str, int] = {}
    harvest = []
    for entry in _read(bundle, "time_entries.csv"):
        member, client = staff[entry["staff_id"]], clients[entry["client_id"]]
        first, _, last = member["name"].partition(" ")
        billable = entry["billable"].lower() in ("true", "1", "yes")
        harvest.append([entry["date"], client["name"], client["kind"].title(), "", "",
                        entry["description"], entry["hours"], entry["hours"],
                        "Yes" if billable else "No", "No", "No", first, last, "", "Yes", "", "",
                        member["hourly_cost"], "", member["currency"], ""])
    written["harvest_time.csv"] = _write(out / "harvest_time.csv", HARVEST, harvest)
    companies = [[c["client_id"], c["name"], c["email_domain"],
                  staff[c["owner_staff_id"]]["name"] if c.get("owner_staff_id") else "",
                  f"{c['started_on']} 09:00" if c.get("started_on") else ""]
                 for c in clients.values()]
    written["hubspot_companies.csv"] = _write(out / "hubspot_companies.csv", COMPANIES,
                                              companies)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    last_paid: dict[str, str] = {}
    payments = []
    for payment in _read(bundle, "payments.csv"):
        paid[payment["invoice_id"]] += Decimal(payment["amount"])
        last_paid[payment["invoice_id"]] = max(last_paid.get(payment["invoice_id"], ""),
                                               payment["paid_on"])
        payments.append(payment)
    invoices, by_invoice = [], {}
    for invoice in _read(bundle, "invoices.csv"):
        client = clients[invoice["client_id"]]
        by_invoice[invoice["invoice_id"]] = client
        net = invoice.get("net_amount") or invoice["amount"]  # the bundle's, else the gross
        settled = invoice["invoice_id"] in last_paid and \
            paid[invoice["invoice_id"]] >= Decimal(invoice["amount"])
        invoices.append([
            invoice["invoice_id"], invoice["number"], f"cus_{client['client_id']}",
            client["name"], _contact(client), "paid" if settled else "open",
            invoice["currency"].lower(), invoice["amount"], str(paid[invoice["invoice_id"]]),
            net, str(Decimal(invoice["amount"]) - Decimal(net)), invoice["amount"],
            f"{invoice['issue_date']} 09:00", f"{invoice['due_date']} 09:00",
            f"{last_paid[invoice['invoice_id']]} 12:00" if settled else ""])
    written["stripe_invoices.csv"] = _write(out / "stripe_invoices.csv", INVOICES, invoices)
    charges = []
    for payment in payments:
        client = by_invoice[payment["invoice_id"]]
        charges.append([payment["payment_id"], f"Invoice {payment['invoice_id']}",
                        f"{payment['paid_on']} 12:00", payment["amount"], "0.00",
                        payment["currency"].lower(), "Paid", f"cus_{client['client_id']}",
                        client["name"], _contact(client), "true", payment["invoice_id"]])
    written["stripe_payments.csv"] = _write(out / "stripe_payments.csv", PAYMENTS, charges)
    written["mail.mbox"] = _write_mbox(out / "mail.mbox", _read(bundle, "messages.csv"),
                                       staff, clients)
    return written


def _write_mbox(path: Path, messages: list[dict[str, str]], staff: dict[str, dict[str, str]],
                clients: dict[str, dict[str, str]]) -> int:
    from email.message import EmailMessage
    from email.policy import SMTP

    count = 0
    with path.open("wb") as out:
        for row in messages:
            if row["channel"] != "email" or not row.get("staff_id"):
                continue
            client, member = clients[row["client_id"]], staff[row["staff_id"]]
            ours = f"{member['name']} <{member['email']}>"
            theirs = f"{client['name']} <{_contact(client)}>"
            sender, recipient = (theirs, ours) if row["direction"] == "in" else (ours, theirs)
            sent = datetime.fromisoformat(row["sent_at"])
            message = EmailMessage()
            message["From"], message["To"] = sender, recipient
            message["Date"] = format_datetime(sent.replace(tzinfo=UTC))
            message["Subject"] = row["subject"]
            message["Message-ID"] = f"<{row['message_id']}@demo.example>"
            if row.get("in_reply_to"):
                message["In-Reply-To"] = f"<{row['in_reply_to']}@demo.example>"
            if row.get("thread_id"):
                message["X-GM-THRID"] = row["thread_id"]
            message.set_content(row["body"] or "", charset="utf-8")
            data = message.as_bytes(policy=SMTP)
            data = data.replace(b"\r\nFrom ", b"\r\n>From ")
            out.write(f"From {row['message_id']}@xxx {sent:%a %b %d %H:%M:%S +0000 %Y}\r\n"
                      .encode() + data + b"\r\n")
            count += 1
    return count


# A Polish agency with clients in PLN, USD and EUR (issue 12) -------------------------------------
SELLER_NIP = "5261040828"
ROLES = ("ksef_pln", "stripe_usd", "fakturownia_pln", "ksef_eur")
SCALE = {"ksef_pln": Decimal(4), "fakturownia_pln": Decimal(4), "stripe_usd": Decimal("1.1"),
         "ksef_eur": Decimal(1)}
FA3 = "http://crd.gov.pl/wzor/2025/06/25/13775/"


def nip(number: int) -> str:
    """A valid Polish NIP (checksum included) made from a number."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    base = 100_000_000 + number * 7919
    while True:
        digits = [int(d) for d in f"{base % 1_000_000_000:09d}"]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(check)
        base += 1


def nbp_rates(first: datetime, last: datetime) -> dict[str, dict[str, Decimal]]:
    """Deterministic NBP-like mid rates for every business day: day -> {USD, EUR}."""
    rates: dict[str, dict[str, Decimal]] = {}
    day = first
    while day <= last:
        if day.weekday() < 5:
            n = day.toordinal()
            rates[day.date().isoformat()] = {
                "USD": Decimal(3.9 + 0.12 * ((n * 37) % 100) / 100).quantize(Decimal("0.0001")),
                "EUR": Decimal(4.25 + 0.08 * ((n * 53) % 100) / 100).quantize(
                    Decimal("0.0001"))}
        day += timedelta(days=1)
    return rates


def _write_nbp_archive(out: Path, rates: dict[str, dict[str, Decimal]]) -> int:
    """One `archiwum_tab_a_YYYY.csv` per year, in the published layout (Windows-1250, `;`,
    decimal commas, a row of names under the header)."""
    by_year: dict[str, list[str]] = defaultdict(list)
    for day in sorted(rates):
        year = day[:4]
        number = len(by_year[year]) + 1
        usd, eur = (str(rates[day][c]).replace(".", ",") for c in ("USD", "EUR"))
        by_year[year].append(f"{day.replace('-', '')};{usd};{eur};{number:03d};"
                             f"{number:03d}/A/NBP/{year};")
    for year, lines in by_year.items():
        text = ("data;1USD;1EUR;nr tabeli;pełny numer tabeli;\r\n"
                ";dolar amerykański;euro;;;\r\n" + "\r\n".join(lines) + "\r\n")
        (out / f"archiwum_tab_a_{year}.csv").write_bytes(text.encode("cp1250"))
    return len(rates)


def _previous_rate(rates: dict[str, dict[str, Decimal]], day: str, code: str) -> Decimal:
    return rates[max(d for d in rates if d < day)][code]


def _ksef_xml(invoice: dict[str, str], client: dict[str, str], tax_id: str, currency: str,
              amount: Decimal, rate: Decimal | None) -> str:
    from xml.sax.saxutils import escape

    net = (amount / Decimal("1.23")).quantize(Decimal("0.01"))
    own_rate = f"\n    <KursWalutyZ>{rate}</KursWalutyZ>" if rate is not None else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="{FA3}">
  <Naglowek>
    <KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>
    <WariantFormularza>3</WariantFormularza>
    <DataWytworzeniaFa>{invoice['issue_date']}T09:00:00Z</DataWytworzeniaFa>
  </Naglowek>
  <Podmiot1>
    <DaneIdentyfikacyjne><NIP>{SELLER_NIP}</NIP><Nazwa>Studio Przykład Sp. z o.o.</Nazwa>
    </DaneIdentyfikacyjne>
    <Adres><KodKraju>PL</KodKraju><AdresL1>ul. Złota 1</AdresL1></Adres>
  </Podmiot1>
  <Podmiot2>
    <DaneIdentyfikacyjne><NIP>{tax_id}</NIP>
      <Nazwa>{escape(client.get('legal_name') or client['name'])}</Nazwa></DaneIdentyfikacyjne>
    <Adres><KodKraju>PL</KodKraju><AdresL1>ul. Prosta 2</AdresL1></Adres>
    <DaneKontaktowe><Email>{escape(_contact(client))}</Email></DaneKontaktowe>
    <JST>2</JST><GV>2</GV>
  </Podmiot2>
  <Fa>
    <KodWaluty>{currency}</KodWaluty>
    <P_1>{invoice['issue_date']}</P_1>
    <P_2>{escape(invoice['number'])}</P_2>
    <P_13_1>{net}</P_13_1>
    <P_14_1>{amount - net}</P_14_1>
    <P_15>{amount}</P_15>{own_rate}
    <Adnotacje><P_16>2</P_16><P_17>2</P_17><P_18>2</P_18><P_18A>2</P_18A>
      <Zwolnienie><P_19N>1</P_19N></Zwolnienie><NoweSrodkiTransportu><P_22N>1</P_22N>
      </NoweSrodkiTransportu><P_23>2</P_23><PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy>
    </Adnotacje>
    <RodzajFaktury>VAT</RodzajFaktury>
    <FaWiersz><NrWierszaFa>1</NrWierszaFa><P_7>Usługi agencji</P_7><P_11>{net}</P_11>
      <P_12>23</P_12></FaWiersz>
    <Platnosc><TerminPlatnosci><Termin>{invoice['due_date']}</Termin></TerminPlatnosci>
      <FormaPlatnosci>6</FormaPlatnosci></Platnosc>
  </Fa>
</Faktura>
"""


def write_agency_exports(bundle: Path, out: Path) -> dict[str, int]:
    """The bundle as a Polish agency's exports: Polish clients invoiced in PLN through KSeF
    FA(3) XML or Fakturownia JSON and paying by bank transfer (a payments CSV by invoice
    number), English clients in USD through Stripe, some clients in EUR through KSeF invoices
    that carry their own rate; Harvest time (costs in PLN), HubSpot companies, one mbox, and the
    NBP table A archive CSVs the conversion needs. Returns rows written per file."""
    import json

    written = write_real_exports(bundle, out)
    staff = {row["staff_id"]: row for row in _read(bundle, "staff.csv")}
    clients = {row["client_id"]: row for row in _read(bundle, "clients.csv")}
    role = {cid: ROLES[n % len(ROLES)] for n, cid in enumerate(sorted(clients))}
    tax = {cid: nip(n + 1) for n, cid in enumerate(sorted(clients))}
    invoices = _read(bundle, "invoices.csv")
    payments = _read(bundle, "payments.csv")
    days = sorted({i["issue_date"] for i in invoices} | {p["paid_on"] for p in payments})
    rates = nbp_rates(datetime.fromisoformat(days[0]) - timedelta(days=40),
                      datetime.fromisoformat(days[-1]))
    written["nbp"] = _write_nbp_archive(out, rates)
    by_invoice = {i["invoice_id"]: i for i in invoices}
    amount = {i["invoice_id"]: (Decimal(i["amount"]) * SCALE[role[i["client_id"]]]).quantize(
        Decimal("0.01")) for i in invoices}
    (out / "ksef").mkdir(exist_ok=True)
    fakturownia, bank = [], []
    for invoice in invoices:
        cid = invoice["client_id"]
        kind, client = role[cid], clients[cid]
        if kind.startswith("ksef"):
            currency = "PLN" if kind == "ksef_pln" else "EUR"
            rate = _previous_rate(rates, invoice["issue_date"], "EUR") if currency == "EUR" \
                else None
            name = invoice["number"].replace("/", "_") + ".xml"
            (out / "ksef" / name).write_text(_ksef_xml(invoice, client, tax[cid], currency,
                                                       amount[invoice["invoice_id"]], rate),
                                             encoding="utf-8")
        elif kind == "fakturownia_pln":
            fakturownia.append({
                "id": len(fakturownia) + 1, "kind": "vat", "number": invoice["number"],
                "issue_date": invoice["issue_date"], "sell_date": invoice["issue_date"],
                "payment_to": invoice["due_date"], "status": "issued",
                "buyer_name": client.get("legal_name") or client["name"],
                "buyer_tax_no": tax[cid], "buyer_email": _contact(client),
                "seller_tax_no": SELLER_NIP, "price_gross": str(amount[invoice["invoice_id"]]),
                "currency": "PLN"})
    for payment in payments:
        invoice = by_invoice[payment["invoice_id"]]
        if role[invoice["client_id"]] != "stripe_usd":
            paid = (Decimal(payment["amount"]) * SCALE[role[invoice["client_id"]]]).quantize(
                Decimal("0.01"))
            bank.append([invoice["number"], payment["paid_on"], str(paid)])
    (out / "fakturownia_invoices.json").write_text(json.dumps(fakturownia, ensure_ascii=False,
                                                              indent=1), encoding="utf-8")
    written["fakturownia_invoices.json"] = len(fakturownia)
    written["bank_payments.csv"] = _write(out / "bank_payments.csv",
                                          ["invoice_number", "paid_on", "amount"], bank)
    written["stripe_invoices.csv"], written["stripe_payments.csv"] = _stripe_usd(
        out, [i for i in invoices if role[i["client_id"]] == "stripe_usd"], amount, payments)
    _harvest_in(out, staff, "PLN", Decimal(4))
    return written


def _stripe_usd(out: Path, invoices: list[dict[str, str]], amount: dict[str, Decimal],
                payments: list[dict[str, str]]) -> tuple[int, int]:
    """Keep only the USD clients' rows of the Stripe exports, amounts and currency rewritten."""
    ids = {i["invoice_id"] for i in invoices}
    scale = SCALE["stripe_usd"]
    counts = []
    for name, header, amount_columns in (
            ("stripe_invoices.csv", INVOICES, ("Amount Due", "Amount Paid", "Subtotal", "Tax",
                                                    "Total")),
            ("stripe_payments.csv", PAYMENTS, ("Amount",))):
        kept = []
        for row in _read(out, name):
            invoice = row["id"] if name == "stripe_invoices.csv" else row["Invoice ID"]
            if invoice not in ids:
                continue
            for column in amount_columns:
                row[column] = str((Decimal(row[column]) * scale).quantize(Decimal("0.01")))
            row["Currency"] = "usd"
            kept.append([row[column] for column in header])
        counts.append(_write(out / name, header, kept))
    return counts[0], counts[1]


def _harvest_in(out: Path, staff: dict[str, dict[str, str]], currency: str,
                scale: Decimal) -> None:
    """Harvest's cost rates in the agency's own currency."""
    rows = _read(out, "harvest_time.csv")
    for row in rows:
        if row["Cost Rate"]:
            row["Cost Rate"] = str((Decimal(row["Cost Rate"]) * scale).quantize(Decimal("0.01")))
        row["Currency"] = currency
    _write(out / "harvest_time.csv", HARVEST, [[row[c] for c in HARVEST] for row in rows])
