"""Automatic replies (out of office, auto-responders) are recognised at import and skipped: not
the client's conduct, not our reply, not one of a pair's messages (issue 14)."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from clientfit.importers.auto_reply import SKIPPED_AUTOMATIC, automatic_reply
from clientfit.importers.base import Options
from clientfit.importers.mail import header_text
from clientfit.importing import import_paths
from tests.importers.helpers import DATA, REAL, fresh_store, rows, snapshot

AUTO = DATA / "mail" / "auto_replies"
OURS = Options(our_domains=frozenset({"przykladowa.pl"}))


def _headers(**fields: str):
    found = {name.replace("_", "-").lower(): value for name, value in fields.items()}
    return lambda name: found.get(name.lower(), "")


@pytest.mark.parametrize("fields", [
    {"Auto_Submitted": "auto-replied"},
    {"Auto_Submitted": "auto-generated; owner-email=\"jan@zolc.pl\""},
    {"X_Autoreply": "yes"},
    {"X_Autorespond": "Out of office"},
    {"Precedence": "auto_reply"},
    {"Precedence": "bulk"},
    {"X_Precedence": "junk"},
    {"X_MS_Exchange_Inbox_Rules_Loop": "anna@przykladowa.pl"},
    {"X_MS_Exchange_Generated_Message_Source": "Mailbox Rules Agent"},
    {"Subject": "Automatic reply: Campaign plan"},
    {"Subject": "Out of Office: Campaign plan"},
    {"Subject": "AutoReply: Campaign plan"},
    {"Subject": "Automatyczna odpowiedź: Harmonogram"},
    {"Subject": "Nieobecność: Harmonogram"},
    {"Subject": "Abwesenheitsnotiz: Kampagne"},
])
def test_automatic_reply_evidence(fields):
    assert automatic_reply(_headers(**fields)) is not None


@pytest.mark.parametrize("fields", [
    {"Auto_Submitted": "no"},
    {"X_Autoreply": "no"},
    {"Precedence": "list"},
    {"X_Auto_Response_Suppress": "All"},  # Outlook asks responders not to answer: ordinary mail
    {"Subject": "Re: Out of office next week?"},  # a person writing about an absence
    {"Subject": "Automatic reporting of the campaign"},
    {"Subject": "Harmonogram kampanii"},
])
def test_ordinary_mail_is_not_automatic(fields):
    assert automatic_reply(_headers(**fields)) is None


def test_real_exchange_autoreply_subject_is_recognised():
    parser = BytesParser(policy=policy.default)
    real = REAL / "real" / "mail_pl" / "windows-1250_subject_autoreply_issue212.eml"
    message = parser.parsebytes(real.read_bytes())
    assert automatic_reply(lambda name: header_text(message, name)) == (
        "Subject: Automatyczna odpowiedź: Piotrze, test z 6 miesięcy nauki ciągle na Ciebie "
        "czeka")


def _client(store):
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])  # zolc.pl


def test_autoreplies_are_skipped_from_mbox_and_eml(db_url):
    store = fresh_store(db_url)
    _client(store)
    report = import_paths(store, "mbox", [AUTO / "takeout_with_autoreplies.mbox"], OURS)
    # the client's question, Marek's answer and the client's own message about an absence are
    # kept; our out-of-office (X-Autoreply) and the client's (Auto-Submitted, Exchange's rules
    # loop, a Polish subject) are not
    assert report.count("messages").added == 3
    assert report.skipped[SKIPPED_AUTOMATIC] == 2
    eml = import_paths(store, "eml", [AUTO / "outlook_automatic_reply.eml"], OURS)
    assert eml.count("messages").added == 0 and eml.skipped[SKIPPED_AUTOMATIC] == 1
    stored = {r["message_id"]: r for r in rows(store, "SELECT * FROM messages")}
    assert set(stored) == {"mail:a1.zolc@zolc.pl", "mail:a3.marek@przykladowa.pl",
                           "mail:a5.zolc@zolc.pl"}
    # our first reply to the client is Marek's the next day, not the responder's four seconds
    replies = [r for r in stored.values() if r["direction"] == "out"]
    assert [str(r["sent_at"])[:16] for r in replies] == ["2026-03-10 13:02"]


def test_autoreplies_reimport_harmlessly(sqlite_url):
    store = fresh_store(sqlite_url)
    _client(store)
    paths = [AUTO / "takeout_with_autoreplies.mbox"]
    import_paths(store, "mbox", paths, OURS)
    before = snapshot(store)
    again = import_paths(store, "mbox", paths, OURS)
    assert again.added == 0 and again.updated == 0
    assert again.skipped[SKIPPED_AUTOMATIC] == 2
    after = snapshot(store)
    before["imports"] = after["imports"] = []
    assert after == before
