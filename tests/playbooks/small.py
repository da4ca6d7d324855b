"""A tiny hand-made portfolio for the case tests: two Polish clients, two staff members."""

from __future__ import annotations

from pathlib import Path

from tests.bundles import client, write_bundle

STAFF = [
    {"staff_id": "S1", "name": "Anna Kowalska", "email": "anna@studio.example",
     "hourly_cost": "60.00", "currency": "EUR"},
    {"staff_id": "S2", "name": "Ben Smith", "email": "ben@studio.example",
     "hourly_cost": "50.00", "currency": "EUR"},
]


def small_bundle(directory: Path, *, secret: str = "nothing-secret") -> Path:
    """C1 (pl) and C2 (en); `secret` is planted in C1's message body and e-mail domain."""
    clients = [client("C1", language="pl", email_domain=f"{secret}.example",
                      legal_name="Klient Jeden Sp. z o.o.", tax_id="5260250274"),
               client("C2", language="en")]
    invoices = [{"invoice_id": f"I{c}{n}", "client_id": c, "number": f"FV/{c}/{n}",
                 "issue_date": f"2025-0{n}-01", "due_date": f"2025-0{n}-15",
                 "amount": "1000.00", "currency": "EUR"}
                for c in ("C1", "C2") for n in range(1, 7)]
    entries = [{"entry_id": f"T{c}{n}", "client_id": c, "staff_id": "S1",
                "date": f"2025-0{n}-10", "hours": "10", "billable": "true",
                "description": "monthly work"} for c in ("C1", "C2") for n in range(1, 7)]
    messages = [{"message_id": f"<m{n}@{secret}.example>", "client_id": "C1",
                 "staff_id": f"S{n % 2 + 1}", "direction": "in",
                 "sent_at": f"2025-0{n}-05T10:00", "channel": "email", "language": "pl",
                 "subject": f"Pytanie {n}",
                 "body": f"Dzień dobry, tu Jan z firmy {secret}. Proszę o kontakt."}
                for n in range(1, 7)]
    messages += [{"message_id": f"<c2-{n}@client2.example>", "client_id": "C2",
                  "staff_id": f"S{n % 2 + 1}", "direction": "in",
                  "sent_at": f"2025-0{n}-06T10:00", "channel": "email", "language": "en",
                  "subject": f"Question {n}", "body": "Could you send the report, please?"}
                 for n in range(1, 7)]
    return write_bundle(directory, staff=STAFF, clients=clients, invoices=invoices,
                        time_entries=entries, messages=messages)
