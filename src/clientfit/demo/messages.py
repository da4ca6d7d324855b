"""The demo's mail: inbound messages by archetype and phase, and our replies."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from clientfit.demo import text_bank as bank

if TYPE_CHECKING:
    from clientfit.demo.generator import _ClientSimulation, _Writers

TROUBLE_MIX = (("complaint", 0.35), ("repeat", 0.30), ("urgent", 0.15), ("question", 0.20))
# a retainer's tone souring in the months before it leaves (no failure of ours behind it)
SOURING_MIX = (("complaint", 0.40), ("discount", 0.20), ("urgent", 0.10), ("question", 0.30))
PAIR_FRICTION_MIX = (("complaint", 0.85), ("urgent", 0.05), ("question", 0.10))
PAIR_FRICTION_EXTRA = 4  # extra messages a month to the owner while the pair is in friction
PAIR_CALM_EXTRA = 2  # and to the colleague, with whom the client gets on fine
IMPATIENT_EXTRA_COMPLAINTS = 0.35


def add_business_hours(start: datetime, hours: float) -> datetime:
    """`start` plus working hours, counted Mon-Fri 9:00-17:00."""
    current = start
    remaining = hours
    while remaining > 0:
        if current.weekday() >= 5 or current.hour >= 17:
            current = (current + timedelta(days=1)).replace(hour=9, minute=0)
            continue
        if current.hour < 9:
            current = current.replace(hour=9, minute=0)
        end_of_day = current.replace(hour=17, minute=0)
        available = (end_of_day - current).total_seconds() / 3600
        step = min(available, remaining)
        current += timedelta(hours=step)
        remaining -= step
    return current


class MessageWriter:
    def __init__(self, simulation: _ClientSimulation, writers: _Writers) -> None:
        self.sim = simulation
        self.writers = writers
        self.language = simulation.language

    def month(self, month: int) -> None:
        sim = self.sim
        rng = sim.rng
        if sim.archetype.name == "churned" and month == sim.last_month:
            return  # gone quiet before leaving
        if sim.archetype.name == "former_retainer" and month == sim.last_month \
                and sim.lead_up is not None and sim.lead_up.start <= month:
            return  # gone quiet before leaving
        count = rng.randint(*sim.archetype.inbound_per_month)
        if sim.in_trouble(month):
            count += 1
        from clientfit.demo.generator import month_start

        start = month_start(month)
        extra = PAIR_FRICTION_EXTRA if sim.pair_friction(month) else 0
        calm = PAIR_CALM_EXTRA if sim.pair_friction(month) else 0
        for number in range(count + extra + calm):
            member_share = 0.45 if sim.archetype.name.startswith("pair_mismatch") else 0.3
            staff = sim.member if rng.random() < member_share else sim.owner
            if number >= count:  # the friction shows: more mail to the owner, and the colleague
                staff = sim.owner if number < count + extra else sim.member
            category = self._category(month, staff)
            after_hours = category in ("urgent", "threat") and rng.random() < 0.4
            sent = sim.sent_time(start + timedelta(days=rng.randrange(0, 27)), after_hours)
            self._exchange(month, staff, category, sent)

    def _category(self, month: int, staff: int) -> str:
        sim = self.sim
        mix = sim.archetype.mix
        if sim.in_trouble(month):
            mix = TROUBLE_MIX
        elif sim.souring(month):
            mix = SOURING_MIX
        elif sim.pair_friction(month) and staff == sim.owner:
            mix = PAIR_FRICTION_MIX
        weights = dict(mix)
        if staff == _impatient_staff():
            weights["complaint"] = weights.get("complaint", 0) + IMPATIENT_EXTRA_COMPLAINTS
        return sim.rng.choices(list(weights), list(weights.values()))[0]

    def _exchange(self, month: int, staff: int, category: str, sent: datetime) -> None:
        sim, rng, lang = self.sim, self.sim.rng, self.language
        topic = rng.choice(bank.TOPICS[lang])
        thread = sim.next_id("H")
        staff_first_name = _first_name(staff)
        body = rng.choice(bank.INBOUND[lang][category]).format(topic=topic, name=staff_first_name)
        body += bank.SIGNATURES[lang].format(client_person=sim.contact)
        subject_key = category if category in bank.SUBJECTS[lang] else "default"
        subject = bank.SUBJECTS[lang][subject_key].format(topic=topic)
        if lang == "pl" and rng.random() < 0.25:
            body, subject = bank.strip_diacritics(body), bank.strip_diacritics(subject)
        inbound_id = sim.next_id("M")
        self._write(inbound_id, staff, "in", sent, subject, body, thread, None)

        troubled = sim.in_trouble(month)
        if troubled and rng.random() < 0.25:
            return  # never answered
        delay = rng.uniform(16, 48) if troubled else rng.uniform(0.5, 6)
        replied = add_business_hours(sent, delay)
        curt_chance = 0.0
        if staff == _impatient_staff():
            curt_chance = 0.3
        if sim.pair_friction(month) and staff == sim.owner:
            curt_chance = 0.5
        if rng.random() < curt_chance:
            kind = "curt"
        elif category in ("complaint", "threat", "repeat") and rng.random() < 0.7:
            kind = "apology"
        else:
            kind = "reply"
        reply = rng.choice(bank.OUTBOUND[lang][kind]).format(topic=topic)
        if rng.random() < 0.4:
            reply += "\n\n" + _quote(lang, sent, sim.contact, body)
        self._write(sim.next_id("M"), staff, "out", replied, f"Re: {subject}", reply, thread,
                    inbound_id)

    def _write(self, message_id: str, staff: int, direction: str, sent: datetime, subject: str,
               body: str, thread: str, in_reply_to: str | None) -> None:
        from clientfit.demo.generator import PERIOD_END

        if sent.date() > PERIOD_END:
            return
        self.writers.write("messages.csv", [
            message_id, self.sim.client_id, f"S{staff + 1}", direction,
            sent.isoformat(timespec="minutes"), "email", self.language, subject, body, thread,
            in_reply_to,
        ])


def _quote(lang: str, sent: datetime, person: str, body: str) -> str:
    quoted = "\n".join(f"> {line}" for line in body.splitlines())
    if lang == "pl":
        return f"W dniu {sent:%d.%m.%Y} o {sent:%H:%M} {person} napisał(a):\n{quoted}"
    return f"On {sent:%a, %d %b %Y} at {sent:%H:%M}, {person} wrote:\n{quoted}"


def _first_name(staff: int) -> str:
    from clientfit.demo.names import STAFF

    return STAFF[staff][0].split()[0] if staff < len(STAFF) else f"Staff{staff + 1}"


def _impatient_staff() -> int:
    from clientfit.demo.generator import IMPATIENT_STAFF

    return IMPATIENT_STAFF
