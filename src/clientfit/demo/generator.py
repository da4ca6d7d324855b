"""Simulate a service business's last 24 months and write it as a clientfit bundle.

Deterministic: the same seed gives byte-identical files, and client number i is the same client
whatever the portfolio size (each client draws from its own seeded generator).

Beyond the `clients` clients of the book (ids C00001...), the demo writes a series of former
clients (ids F00001..., one for every four clients by default): retainers that left during the
period after a few months of worse tone, later payments or our slipping service — the
portfolio's own history the churn model learns from — and, every fifth, one still leaving.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from clientfit.demo import names
from clientfit.demo.archetypes import ARCHETYPES, FORMER_SHARE, GUARANTEED, Archetype, former_plan
from clientfit.demo.messages import MessageWriter
from clientfit.demo.text_bank import WORK_DESCRIPTIONS
from clientfit.importers.bundle import BUNDLE_FORMAT, BUNDLE_VERSION, FILES, GROUND_TRUTH, MANIFEST

PERIOD_START = date(2024, 7, 1)
MONTHS = 24
PERIOD_END = date(2026, 6, 30)
CURRENCY = "EUR"
IMPATIENT_STAFF = 1  # staff index with friction across many clients (a staff effect)
CHUNK_CLIENTS = 2000  # clients simulated per worker task

DAY_QUARTERS = 24 * 4  # quarter hours in a day: the most one time entry holds


@dataclass
class DemoSummary:
    directory: Path
    clients: int
    staff: int
    rows: dict[str, int] = field(default_factory=dict)
    archetypes: dict[str, int] = field(default_factory=dict)
    former: int = 0  # former clients (series F) written beyond the `clients` of the book


def month_start(index: int) -> date:
    year, month = divmod(PERIOD_START.month - 1 + index, 12)
    return date(PERIOD_START.year + year, month + 1, 1)


def money(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return f"{sign}{minor // 100}.{minor % 100:02d}"


def archetype_plan(clients: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}/plan")
    plan = list(GUARANTEED[:clients])
    weighted = [a for a in ARCHETYPES.values() if a.weight > 0]
    plan += rng.choices(
        [a.name for a in weighted], [a.weight for a in weighted], k=clients - len(plan)
    )
    rng.shuffle(plan)
    return plan


def generate_bundle(
    out: str | Path, *, clients: int = 60, seed: int = 7, staff: int | None = None,
    former: int | None = None,
) -> DemoSummary:
    """Write a demo portfolio of `clients` clients as a bundle directory at `out`, plus
    `former` former clients (default: one for every four clients; see the module doc)."""
    if clients < 1:
        raise ValueError("a portfolio needs at least one client")
    former = clients // FORMER_SHARE if former is None else former
    if former < 0:
        raise ValueError("the number of former clients cannot be negative")
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    staff_count = staff or max(len(names.STAFF), clients // 10)
    writers = _Writers(directory)
    try:
        staff_rates = _write_staff(writers, staff_count, seed)
    finally:
        writers.close()
    plan = archetype_plan(clients, seed)
    chunks = [(start, plan[start:start + CHUNK_CLIENTS])
              for start in range(0, clients, CHUNK_CLIENTS)]
    jobs = [(directory / f".chunk-{number:05d}", start, part, staff_rates, seed, "C")
            for number, (start, part) in enumerate(chunks)]
    former_archetypes = former_plan(former)
    jobs += [(directory / f".chunk-F{number:05d}", start,
              former_archetypes[start:start + CHUNK_CLIENTS], staff_rates, seed, "F")
             for number, start in enumerate(range(0, former, CHUNK_CLIENTS))]
    counts: Counter[str] = Counter(writers.counts)
    truth_rows: list[dict[str, Any]] = []
    if clients + former <= CHUNK_CLIENTS:
        results = [_simulate_chunk(*job) for job in jobs]
    else:  # clients are independent: simulate chunks in parallel, concatenate in order
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            results = list(pool.map(_simulate_chunk, *zip(*jobs, strict=True)))
    for (chunk_dir, *_), (chunk_counts, chunk_truth) in zip(jobs, results, strict=True):
        _append_chunk(directory, chunk_dir)
        counts.update(chunk_counts)
        truth_rows.extend(chunk_truth)
    _write_ground_truth(directory, truth_rows)
    summary = DemoSummary(directory, clients, staff_count, dict(counts),
                          dict(Counter(plan + former_archetypes)), former)
    (directory / MANIFEST).write_text(json.dumps({
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "generator": {"name": "clientfit demo", "seed": seed, "clients": clients,
                      "former_clients": former, "staff": staff_count},
        "period": {"start": PERIOD_START.isoformat(), "end": PERIOD_END.isoformat()},
        "currency": CURRENCY,
    }, indent=2) + "\n", encoding="utf-8")
    return summary


def _simulate_chunk(
    chunk_dir: Path, start: int, archetypes: list[str], staff_rates: list[int], seed: int,
    series: str = "C",
) -> tuple[Counter[str], list[dict[str, Any]]]:
    chunk_dir.mkdir(exist_ok=True)
    writers = _Writers(chunk_dir, header=False)
    truth = []
    try:
        for offset, name in enumerate(archetypes):
            index = start + offset
            stream = f"{seed}/{index}" if series == "C" else f"{seed}/{series}/{index}"
            simulation = _ClientSimulation(
                index, ARCHETYPES[name], staff_rates, random.Random(stream), series
            )
            truth.append(simulation.run(writers))
    finally:
        writers.close()
    return writers.counts, truth


def _append_chunk(directory: Path, chunk_dir: Path) -> None:
    for bundle_file in FILES:
        part = chunk_dir / bundle_file.name
        if bundle_file.name != "staff.csv":
            with (directory / bundle_file.name).open("ab") as target, part.open("rb") as source:
                shutil.copyfileobj(source, target, 1 << 20)
        part.unlink()
    chunk_dir.rmdir()


class _Writers:
    def __init__(self, directory: Path, header: bool = True) -> None:
        self._handles = {}
        self._writers: dict[str, Any] = {}
        self.counts: Counter[str] = Counter()
        for bundle_file in FILES:
            handle = (directory / bundle_file.name).open("w", newline="", encoding="utf-8")
            writer = csv.writer(handle)
            if header:
                writer.writerow([f.column for f in bundle_file.fields])
            self._handles[bundle_file.name] = handle
            self._writers[bundle_file.name] = writer

    def write(self, name: str, row: list[Any]) -> None:
        self._writers[name].writerow(["" if value is None else value for value in row])
        self.counts[name] += 1

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()


def _write_staff(writers: _Writers, count: int, seed: int) -> list[int]:
    rng = random.Random(f"{seed}/staff")
    rates = []
    for index in range(count):
        if index < len(names.STAFF):
            name, login = names.STAFF[index]
        else:
            name, login = f"Staff Member {index + 1}", f"staff{index + 1}"
        rate = rng.randrange(40, 76) * 100
        rates.append(rate)
        writers.write("staff.csv", [f"S{index + 1}", name, f"{login}@studio.example",
                                    money(rate), CURRENCY])
    return rates


RETAINERS = ("scope_creep", "toxic_loss", "former_retainer", "leaving_retainer")
LEAD_UP = ("former_retainer", "leaving_retainer")


@dataclass(frozen=True)
class _LeadUp:
    """The months before a retainer leaves: which signals worsen, from which month on.

    A former retainer leaves for one or more of: its tone souring, paying later, our service
    slipping (slow replies, missed milestones); one in eight leaves with no warning at all. A
    leaving retainer (still a client) shows a souring tone and later payments, not our failures.
    """

    start: int  # first month of the lead-up
    tone: bool
    payments: bool
    service: bool
    extra_days_late: tuple[int, int] = (12, 40)

    @classmethod
    def draw(cls, sim: _ClientSimulation) -> _LeadUp:
        rng = sim.rng
        if sim.archetype.name == "leaving_retainer":
            return cls(MONTHS - rng.randint(3, 4), tone=True, payments=True, service=False)
        length = rng.randint(3, 5)
        if rng.random() < 0.125:
            return cls(sim.last_month + 1, tone=False, payments=False, service=False)
        causes = [rng.random() < p for p in (0.75, 0.6, 0.5)]
        if not any(causes):
            causes[rng.randrange(3)] = True
        return cls(sim.last_month + 1 - length, *causes)

    def sours(self, month: int) -> bool:
        return self.tone and month >= self.start

    def pays_later(self, month: int) -> bool:
        return self.payments and month >= self.start

    def service_fails(self, month: int) -> bool:
        return self.service and month >= self.start


def _write_ground_truth(directory: Path, rows: list[dict[str, Any]]) -> None:
    with (directory / GROUND_TRUTH).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


class _ClientSimulation:
    """One client's 24 months: work, invoices, payments, milestones and mail."""

    def __init__(
        self, index: int, archetype: Archetype, staff_rates: list[int], rng: random.Random,
        series: str = "C",
    ) -> None:
        self.rng = rng
        self.archetype = archetype
        self.client_id = f"{series}{index + 1:05d}"
        # record ids: C00007 -> I00007-0001 (as always); F00007 -> IF00007-0001
        self.id_stem = self.client_id[1:] if series == "C" else self.client_id
        self.language = "pl" if rng.random() < 0.5 else "en"
        self.name, self.legal_name, self.domain = names.company(rng, self.language, index + 1)
        self.contact = names.person(rng, self.language)
        self.owner, self.member = rng.sample(range(len(staff_rates)), 2)
        self.rates = staff_rates
        name = archetype.name
        self.kind = "retainer" if name in RETAINERS or rng.random() < 0.6 else "project"
        self.first_month = rng.choice((MONTHS - 2, MONTHS - 1)) if name == "newcomer" else 0
        self.last_month = rng.randrange(8, 21) if name == "churned" else MONTHS - 1
        if name == "former_retainer":
            self.last_month = rng.randrange(3, MONTHS - 1)
        self.lead_up = _LeadUp.draw(self) if name in LEAD_UP else None
        self.markup = rng.uniform(*archetype.markup)
        self.planned_hours = rng.uniform(*archetype.monthly_hours)
        self.owner_share = 0.4
        self.cost_per_hour = (self.owner_share * staff_rates[self.owner]
                              + (1 - self.owner_share) * staff_rates[self.member])
        self.counter = Counter()

    def next_id(self, prefix: str) -> str:
        self.counter[prefix] += 1
        return f"{prefix}{self.id_stem}-{self.counter[prefix]:04d}"

    def run(self, writers: _Writers) -> dict[str, Any]:
        rng, archetype = self.rng, self.archetype
        if self.first_month > 0:
            started = month_start(self.first_month)
        else:
            started = PERIOD_START - timedelta(days=30 * rng.randrange(0, 36))
        ended = None
        if archetype.name in ("churned", "former_retainer"):
            ended = month_start(self.last_month + 1) - timedelta(days=1)
        writers.write("clients.csv", [
            self.client_id, self.name, self.legal_name,
            names.nip(rng) if self.language == "pl" else None, self.domain,
            "PL" if self.language == "pl" else "GB", self.language, CURRENCY, self.kind,
            started.isoformat(), ended.isoformat() if ended else None, f"S{self.owner + 1}",
        ])
        for staff_index, role in ((self.owner, "owner"), (self.member, "member")):
            writers.write("assignments.csv", [
                self.client_id, f"S{staff_index + 1}", role, started.isoformat(),
                ended.isoformat() if ended else None,
            ])
        mail = MessageWriter(self, writers)
        unbilled_minor = 0
        for month in range(self.first_month, self.last_month + 1):
            hours = self._work(writers, month)
            unbilled_minor += round(hours * self.cost_per_hour * self.markup / 100) * 100
            if self.kind == "retainer":
                fee = round(self.planned_hours * self.cost_per_hour * self.markup / 1000) * 1000
                self._invoice(writers, month, fee)
                unbilled_minor = 0
            elif month == self.last_month or rng.random() < 0.5:
                self._invoice(writers, month, unbilled_minor)
                unbilled_minor = 0
            self._milestones(writers, month)
            mail.month(month)
        friction_staff = None
        if archetype.name.startswith("pair_mismatch"):
            friction_staff = f"S{self.owner + 1}"
        return {
            "client_id": self.client_id,
            "archetype": archetype.name,
            "expected_decision": archetype.expected.value if archetype.expected else "",
            "owner_staff_id": f"S{self.owner + 1}",
            "friction_staff_id": friction_staff or "",
            "better_fit_staff_id": f"S{self.member + 1}" if friction_staff else "",
            "description": archetype.description,
        }

    def _work(self, writers: _Writers, month: int) -> float:
        rng, archetype = self.rng, self.archetype
        ramp = 1 + (archetype.hours_ramp - 1) * month / (MONTHS - 1)
        hours = self.planned_hours * ramp * rng.uniform(0.85, 1.15)
        start = month_start(month)
        logged = 0.0
        for staff_index, share in ((self.owner, self.owner_share),
                                   (self.member, 1 - self.owner_share)):
            parts = rng.randint(2, 4)
            for _ in range(parts):
                quarter_hours = max(1, round(hours * share / parts * 4))
                billable = rng.random() >= archetype.nonbillable_share
                kind = "normal" if billable else "revision"
                description = rng.choice(WORK_DESCRIPTIONS[kind])
                day = (start + timedelta(days=rng.randrange(0, 28))).isoformat()
                left = quarter_hours
                while left > 0:  # an entry holds at most one day's hours (docs/bundle.md)
                    piece = min(left, DAY_QUARTERS)
                    writers.write("time_entries.csv", [
                        self.next_id("T"), self.client_id, f"S{staff_index + 1}", day,
                        f"{piece / 4:.2f}", "true" if billable else "false", description,
                    ])
                    left -= piece
                logged += quarter_hours / 4
        return logged

    def _invoice(self, writers: _Writers, month: int, amount_minor: int) -> None:
        if amount_minor <= 0:
            return
        rng, archetype = self.rng, self.archetype
        issued = month_start(month) + timedelta(days=27)
        due = issued + timedelta(days=rng.choice((14, 30)))
        invoice_id = self.next_id("I")
        number = f"FV/{issued.year}/{issued.month:02d}/{invoice_id[1:]}"
        # no net_amount: the demo's invoices carry no sales tax (net = gross, docs/bundle.md)
        writers.write("invoices.csv", [invoice_id, self.client_id, number, issued.isoformat(),
                                       due.isoformat(), money(amount_minor), CURRENCY, None])
        recent = month >= MONTHS - 4
        if recent and rng.random() < archetype.unpaid_share:
            return
        paid_on = due + timedelta(days=rng.randint(*archetype.days_late))
        if self.lead_up is not None and self.lead_up.pays_later(month):
            paid_on += timedelta(days=rng.randint(*self.lead_up.extra_days_late))
        paid_on = max(paid_on, issued)
        if rng.random() < 0.12:  # paid in two instalments
            first = amount_minor * rng.randint(5, 7) // 10
            first_on = max(issued, paid_on - timedelta(days=rng.randint(5, 20)))
            self._payment(writers, invoice_id, first_on, first)
            amount_minor -= first
        self._payment(writers, invoice_id, paid_on, amount_minor)
        if archetype.name != "toxic_loss" and rng.random() < 0.03:
            credit_id = self.next_id("I")
            credited_on = (issued + timedelta(days=10)).isoformat()
            writers.write("invoices.csv", [
                credit_id, self.client_id, f"KOR/{number}", credited_on, credited_on,
                money(-(amount_minor // 1000) * 100), CURRENCY, None,
            ])

    def _payment(self, writers: _Writers, invoice_id: str, paid_on: date, amount: int) -> None:
        if paid_on > PERIOD_END:
            return
        writers.write("payments.csv", [self.next_id("P"), invoice_id, paid_on.isoformat(),
                                       money(amount), CURRENCY])

    def _milestones(self, writers: _Writers, month: int) -> None:
        rng = self.rng
        every = 2 if self.kind == "project" else 3
        if month % every:
            return
        due = month_start(month) + timedelta(days=14)
        late_share = self.archetype.late_milestone_share
        if self.in_trouble(month):
            late_share = 0.75
        if rng.random() < late_share:
            delivered = due + timedelta(days=rng.randint(7, 25))
        else:
            delivered = due - timedelta(days=rng.randint(0, 3))
        writers.write("milestones.csv", [
            self.next_id("D"), self.client_id, f"Milestone {month + 1}", due.isoformat(),
            delivered.isoformat() if delivered <= PERIOD_END else None,
        ])

    def in_trouble(self, month: int) -> bool:
        """Our service failing this client this month (planted for RECOVER and churn)."""
        name = self.archetype.name
        if name == "service_failure":
            return month >= MONTHS - 5
        if name == "churned":
            return month >= self.last_month - 4
        if self.lead_up is not None:
            return self.lead_up.service_fails(month)
        return False

    def souring(self, month: int) -> bool:
        """The client's tone souring before it leaves (former and leaving retainers)."""
        return self.lead_up is not None and self.lead_up.sours(month)

    def pair_friction(self, month: int) -> bool:
        name = self.archetype.name
        if name == "pair_mismatch_recent":
            return month >= MONTHS - 3
        if name == "pair_mismatch_persistent":
            return month >= MONTHS - 18
        return False

    def sent_time(self, day: date, after_hours: bool) -> datetime:
        rng = self.rng
        if after_hours:
            return datetime.combine(day, time(rng.randint(20, 22), rng.randrange(60)))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return datetime.combine(day, time(rng.randint(8, 16), rng.randrange(60)))

