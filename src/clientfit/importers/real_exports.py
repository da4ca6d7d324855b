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
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path

HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded",
           "Billable?", "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?",
           "Billable Rate", "Billable Amount", "Cost Rate", "Cost Amount", "Currency",
           "External Reference URL"]
COMPANIES = ["Record ID", "Company name", "Company Domain Name", "Company owner", "Create Date"]
INVOICES = ["id", "Number", "Customer", "Customer Name", "Customer Email", "Status", "Currency",
            "Amount Due", "Amount Paid", "Total", "Date (UTC)", "Due Date (UTC)",
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
        settled = invoice["invoice_id"] in last_paid and \
            paid[invoice["invoice_id"]] >= Decimal(invoice["amount"])
        invoices.append([
            invoice["invoice_id"], invoice["number"], f"cus_{client['client_id']}",
            client["name"], _contact(client), "paid" if settled else "open",
            invoice["currency"].lower(), invoice["amount"], str(paid[invoice["invoice_id"]]),
            invoice["amount"], f"{invoice['issue_date']} 09:00", f"{invoice['due_date']} 09:00",
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
