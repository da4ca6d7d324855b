"""Mail (mbox, .eml) and tickets (Zendesk, Freshdesk): charsets, quoted replies, clients."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from clientfit.errors import InputError
from clientfit.importers.base import Options
from clientfit.importers.mail import header_text
from clientfit.importing import import_paths, plan
from tests.importers.helpers import DATA, REAL, count, fresh_store, rows, snapshot

MAIL = DATA / "mail"
OURS = Options(our_domains=frozenset({"przykladowa.pl"}))
POLISH = ("Proszę o pilną korektę faktury - źle naliczony rabat. Żółć, gęślą jaźń, "
          "Świętokrzyska, Ąę Źdźbło.")


def _known_clients(store):
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])  # zolc.pl
    import_paths(store, "stripe-invoices", [DATA / "stripe_invoices.csv"])  # acme.co.uk


def test_mbox_takeout_messages_go_to_known_clients(db_url):
    store = fresh_store(db_url)
    _known_clients(store)
    report = import_paths(store, "mbox", [MAIL / "agency_takeout.mbox"], OURS)
    assert report.count("messages").added == 3
    assert report.skipped == {"no known client among the correspondents": 2}
    found = {r["message_id"]: r for r in rows(store, "SELECT * FROM messages")}
    first = found["mail:m1.zolc@zolc.pl"]
    # the thread is the conversation's first Message-ID, not Gmail's per-mailbox X-GM-THRID
    assert first["direction"] == "in" and first["thread_id"] == "m1.zolc@zolc.pl"
    assert first["subject"] == "Pilne: korekta faktury FV/12/03/2026"
    assert first["body"] == POLISH + "\n\nPozdrawiam,\nJan"  # quoted history cut off
    reply = found["mail:m2.agency@przykladowa.pl"]
    assert reply["direction"] == "out" and reply["in_reply_to"] == "m1.zolc@zolc.pl"
    assert reply["thread_id"] == first["thread_id"]
    assert reply["client_id"] == first["client_id"]
    assert reply["staff_id"] == first["staff_id"]  # Anna, by name in To: and From:
    assert str(first["sent_at"]).startswith("2026-03-09 08:15")  # +0100 to UTC
    acme = found["mail:m3@acme.co.uk"]
    assert acme["body"] == ("This is the third time I ask — the discount is missing. "
                            "I’m escalating to your manager.")  # UTF-8 labelled Latin-1
    assert count(store, "staff") == 1


def test_mbox_reimport_adds_nothing(db_url):
    store = fresh_store(db_url)
    _known_clients(store)
    import_paths(store, "mbox", [MAIL / "agency_takeout.mbox"], OURS)
    before = snapshot(store)
    again = import_paths(store, "mbox", [MAIL / "agency_takeout.mbox"], OURS)
    assert again.added == 0 and again.updated == 0
    after = snapshot(store)
    before["imports"] = after["imports"] = []
    assert after == before


def test_polish_text_identical_from_every_encoding(sqlite_url):
    store = fresh_store(sqlite_url)
    _known_clients(store)
    report = import_paths(store, "eml", [MAIL / "eml"], OURS)
    assert report.count("messages").added == 6
    bodies = {r["body"] for r in rows(store, "SELECT body FROM messages")}
    assert bodies == {POLISH}


def test_real_polish_headers_decode():
    parser = BytesParser(policy=policy.default)
    real = REAL / "real" / "mail_pl"
    autoreply = parser.parsebytes((real / "windows-1250_subject_autoreply_issue212.eml")
                                  .read_bytes())
    assert header_text(autoreply, "Subject") == (
        "Automatyczna odpowiedź: Piotrze, test z 6 miesięcy nauki ciągle na Ciebie czeka")
    laminas = parser.parsebytes((real / "iso-8859-2_polish_to_displayname_laminas.eml")
                                .read_bytes())
    assert "nicpoń" in header_text(laminas, "To")


def test_real_polish_eml_without_date_or_sender_is_rejected(sqlite_url):
    real = REAL / "real" / "mail_pl"
    report = import_paths(fresh_store(sqlite_url), "eml", [real], dry_run=True)
    problems = {p.file.rsplit("/", 1)[-1]: p.field for p in report.problems}
    assert problems == {"iso-8859-2_from_displayname_issue-511.eml": "Date",
                        "windows-1250_subject_autoreply_issue212.eml": "From"}
    assert report.skipped == {"no known client among the correspondents": 2}


@pytest.mark.parametrize(("name", "field"), [("bad_no_sender.eml", "From"),
                                             ("bad_date.eml", "Date")])
def test_malformed_mail_fails_and_changes_nothing(db_url, name, field):
    store = fresh_store(db_url)
    _known_clients(store)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        import_paths(store, "eml", [MAIL / "eml", MAIL / name], OURS)
    assert caught.value.file.endswith(name) and caught.value.field == field
    assert snapshot(store) == before


def test_zendesk_and_freshdesk_tickets(db_url):
    store = fresh_store(db_url)
    _known_clients(store)
    zendesk = import_paths(store, "zendesk", [DATA / "zendesk_tickets.csv"])
    freshdesk = import_paths(store, "freshdesk", [DATA / "freshdesk_tickets.csv"])
    assert zendesk.count("messages").added == 2 and freshdesk.count("messages").added == 1
    tickets = {r["message_id"]: r for r in rows(store, "SELECT m.*, c.name AS client, "
                                                       "s.name AS staff FROM messages m JOIN "
                                                       "clients c USING (client_id) LEFT JOIN "
                                                       "staff s USING (staff_id)")}
    assert tickets["zendesk:4501"]["client"] == "Acme Ltd"  # by domain acme.co.uk
    assert tickets["zendesk:4501"]["staff"] == "Łukasz Świątek"
    assert tickets["zendesk:4502"]["client"] == "kasia.prywatnie@gmail.com"  # free mail: a person
    assert tickets["freshdesk:7001"]["client"] == "Klient Żółć S.A."
    assert tickets["freshdesk:7001"]["body"].startswith("Dzień dobry, proszę o korektę")
    assert str(tickets["zendesk:4502"]["sent_at"]).startswith("2026-03-11 07:05")


def test_zendesk_bad_date(sqlite_url):
    with pytest.raises(InputError) as caught:
        import_paths(fresh_store(sqlite_url), "zendesk", [DATA / "zendesk_bad.csv"])
    assert (caught.value.line, caught.value.field) == (2, "Created at")


def test_auto_sniffs_mail_and_tickets():
    found = {p.name: i.name for i, p in plan("auto", [
        MAIL / "agency_takeout.mbox", MAIL / "eml" / "utf8_qp.eml",
        DATA / "zendesk_tickets.csv", DATA / "freshdesk_tickets.csv"])}
    assert found == {"agency_takeout.mbox": "mbox", "utf8_qp.eml": "eml",
                     "zendesk_tickets.csv": "zendesk", "freshdesk_tickets.csv": "freshdesk"}


def test_mbox_without_our_domain_finds_it_and_attaches_the_same_mail(db_url, tmp_path):
    """The agency's own domain is on one side of most messages: no flag needed."""
    from clientfit.importing import mail_notes

    flagged = fresh_store(db_url)
    _known_clients(flagged)
    import_paths(flagged, "mbox", [MAIL / "agency_takeout.mbox"], OURS)
    store = fresh_store(db_url.replace("clientfit.db", "noflag.db")) if "sqlite" in db_url \
        else None
    if store is None:
        return
    _known_clients(store)
    report = import_paths(store, "auto", [MAIL / "agency_takeout.mbox"])
    assert report.our_domains == {"przykladowa.pl": "on one side of 5 of 5 messages read first"}
    assert snapshot(store)["messages"] == snapshot(flagged)["messages"]
    notes = mail_notes(report, "clientfit import auto MAIL")
    assert notes[0].startswith("Our mail domain: przykladowa.pl")
    assert any(n.startswith("WARNING: 2 of 5 messages (40%)") for n in notes)


def test_known_staff_addresses_give_our_domain(sqlite_url):
    store = fresh_store(sqlite_url)
    _known_clients(store)
    import_paths(store, "mbox", [MAIL / "agency_takeout.mbox"], OURS)  # Anna's address known
    report = import_paths(store, "mbox", [MAIL / "agency_takeout.mbox"])
    assert report.our_domains == {"przykladowa.pl": "staff e-mail addresses already known"}
