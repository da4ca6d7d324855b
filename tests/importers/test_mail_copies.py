"""One e-mail in two mailboxes (a Dublin colleague's Gmail Takeout and a Wrocław colleague's
Outlook .eml folder) is one message, stored the same whichever copy is read first; .eml files
are recognised by their RFC 5322 header block in any order (found by the blind author G)."""

from __future__ import annotations

import shutil

import pytest

from clientfit.errors import InputError
from clientfit.importers import loading
from clientfit.importers.message_copies import one_copy
from clientfit.importing import import_paths, plan
from tests.importers.helpers import count, fresh_store, rows, snapshot
from tests.importers.test_messages import MAIL, OURS, POLISH, _known_clients

COPIES = MAIL / "copies"
TAKEOUT = COPIES / "takeout_aoife.byrne"
OUTLOOK = COPIES / "outlook_anna.nowak"
NOT_MAIL = "file of no known export kind (in a folder)"


def _messages(store):
    return {r["message_id"]: r for r in rows(store, "SELECT * FROM messages")}


def _content(store):
    found = snapshot(store)
    found["imports"] = []
    return found


def test_a_message_in_gmail_and_outlook_is_one_message_and_its_copy_unchanged(db_url):
    store = fresh_store(db_url)
    _known_clients(store)
    report = import_paths(store, "auto", [COPIES], OURS)
    messages = report.count("messages")
    # 4 in the mbox, 3 copies of them among the .eml; desktop.ini and the log are no mail
    assert (messages.read, messages.added, messages.updated, messages.unchanged) == (7, 4, 0, 3)
    assert report.skipped == {NOT_MAIL: 1}  # export_log.eml (desktop.ini has no mail suffix)
    found = _messages(store)
    first, reply = found["mail:c1.zolc@zolc.pl"], found["mail:c2.agency@przykladowa.pl"]
    # one conversation, named by its first Message-ID: not Gmail's per-mailbox X-GM-THRID
    assert first["thread_id"] == reply["thread_id"] == "c1.zolc@zolc.pl"
    assert found["mail:c4@acme.co.uk"]["thread_id"] == "c3.dublin@przykladowa.pl"
    assert first["body"] == POLISH + "\n\nPozdrawiam,\nJan"  # Windows-1250, 8-bit and QP
    assert reply["body"] == "Dzień dobry, korekta jutro rano. Przepraszamy za kłopot.\nAnna"
    assert first["subject"] == "Pilne: korekta faktury FV/12/03/2026"
    assert first["direction"] == "in" and reply["direction"] == "out"

    again = import_paths(store, "auto", [COPIES], OURS)
    assert (again.added, again.updated) == (0, 0)
    assert again.count("messages").unchanged == 7


def test_the_store_is_the_same_whichever_mailbox_is_read_first(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "CHUNK", 1)  # every copy in a chunk of its own
    stores = {}
    for name, runs in {"together": [[TAKEOUT, OUTLOOK]], "gmail first": [[TAKEOUT], [OUTLOOK]],
                       "outlook first": [[OUTLOOK], [TAKEOUT]]}.items():
        store = stores[name] = fresh_store(f"sqlite:///{tmp_path / (name + '.db')}")
        _known_clients(store)
        for paths in runs:
            report = import_paths(store, "auto", paths, OURS)
            assert report.updated == 0
    together = _content(stores["together"])
    assert _content(stores["gmail first"]) == together
    assert _content(stores["outlook first"]) == together
    assert count(stores["together"], "messages") == 4


def _copy_of(source: bytes, body: bytes) -> bytes:
    head, _sep, _body = source.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n" + body


def test_copies_that_differ_are_combined_the_same_in_either_order(tmp_path, monkeypatch):
    """Exporters can keep different parts of one message (a footer cut, a header dropped):
    the copies are combined field by field, so the order of the folders changes nothing."""
    monkeypatch.setattr(loading, "CHUNK", 1)
    source = (OUTLOOK / "20260313_00003.eml").read_bytes()
    longer = _copy_of(source, b"Thanks, received. All fine now.\r\n")
    short = _copy_of(source, b"Thanks, received.\r\n").replace(  # and no References
        b"References: <c3.dublin@przykladowa.pl>\r\n", b"")
    assert b"References" not in short and b"In-Reply-To" in short
    stored = {}
    for order in ((short, longer), (longer, short)):
        root = tmp_path / f"order{len(stored)}"
        for folder, data in zip(("a", "b"), order, strict=True):
            (root / folder).mkdir(parents=True)
            (root / folder / "message.eml").write_bytes(data)
        shutil.copyfile(OUTLOOK / "20260310_00000.eml", root / "a" / "other.eml")
        store = fresh_store(f"sqlite:///{tmp_path / f'{len(stored)}.db'}")
        _known_clients(store)
        report = import_paths(store, "auto", [root], OURS)
        assert report.count("messages").unchanged == 1 and report.updated == 0
        stored[order] = _messages(store)["mail:c4@acme.co.uk"]
    first, second = stored.values()
    assert first == second
    assert first["body"] == "Thanks, received. All fine now."
    assert first["thread_id"] == "c3.dublin@przykladowa.pl"
    assert one_copy({"thread_id": None, "body": "a"}, {"thread_id": "t", "body": "ab"}) == \
        one_copy({"thread_id": "t", "body": "ab"}, {"thread_id": None, "body": "a"})


FIRST_HEADERS = [
    b"Content-Type: text/plain; charset=windows-1250",
    b"MIME-Version: 1.0",
    b"Received: from EX01.local (10.0.0.5) by EX02.local (10.0.0.6) with Microsoft SMTP\r\n"
    b" Server id 15.2.1118.40; Thu, 12 Mar 2026 10:00:03 +0100",
    b"Return-Path: <jan@zolc.pl>",
    b"X-MS-Exchange-Organization-AuthAs: Internal",
    b"Thread-Topic: Wariant",
    b"Delivered-To: anna@przykladowa.pl",
    b"From jan@zolc.pl Thu Mar 12 10:00:00 2026",  # an mbox envelope line some tools keep
]


@pytest.mark.parametrize("first", FIRST_HEADERS)
@pytest.mark.parametrize(("charset", "codec", "encoding"), [
    ("windows-1250", "cp1250", "8bit"), ("iso-8859-2", "iso8859_2", "8bit")])
def test_an_eml_is_mail_whatever_header_comes_first(tmp_path, sqlite_url, first, charset,
                                                     codec, encoding):
    path = tmp_path / "mail" / "message.eml"
    path.parent.mkdir()
    subject = "Zażółć gęślą jaźń".encode(codec)  # raw 8-bit, as some Outlook versions write
    path.write_bytes(
        first + b"\r\nFrom: Jan Kowalski <jan@zolc.pl>\r\nTo: anna@przykladowa.pl\r\n"
        b"Subject: " + subject + b"\r\nDate: Thu, 12 Mar 2026 10:00:00 +0100\r\n"
        b"Message-ID: <order@zolc.pl>\r\n"
        + f"Content-Type: text/plain; charset={charset}\r\n"
          f"Content-Transfer-Encoding: {encoding}\r\n\r\n".encode()
        + POLISH.encode(codec) + b"\r\n")
    assert [i.name for i, _p in plan("auto", [path])] == ["eml"]
    store = fresh_store(sqlite_url)
    _known_clients(store)
    report = import_paths(store, "auto", [path.parent], OURS)
    assert report.count("messages").added == 1 and not report.skipped
    (message,) = _messages(store).values()
    assert message["body"] == POLISH and message["subject"] == "Zażółć gęślą jaźń"


def test_a_header_block_longer_than_the_sniffed_head_is_still_mail(tmp_path):
    received = b"".join(b"Received: from relay%d.example by mx.example; Thu, 12 Mar 2026 "
                        b"10:00:00 +0100\r\n" % n for n in range(400))  # ~30 KB of trace
    path = tmp_path / "long.eml"
    path.write_bytes(received + b"From: jan@zolc.pl\r\nSubject: x\r\n\r\nbody\r\n")
    assert [i.name for i, _p in plan("auto", [path])] == ["eml"]


NOT_MAIL_FILES = {
    "log.eml": b"Export started 2026-03-12 10:00\r\nExported 3 items\r\n",
    "table.eml": b"From,To,Subject\r\njan@zolc.pl,anna@przykladowa.pl,x\r\n",
    "page.eml": b"<!DOCTYPE html>\n<html><head><title>Mail</title></head></html>\n",
    "part.eml": b"Content-Type: text/plain\r\nMIME-Version: 1.0\r\n\r\nonly a MIME part\r\n",
    "http.eml": b"POST /mail HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\r\nx",
    "blank_first.eml": b"\r\nFrom: jan@zolc.pl\r\nSubject: x\r\n\r\nbody",
    "binary.eml": bytes(range(256)) * 64,
    "empty.eml": b"",
}


def test_files_that_are_not_mail_are_refused_clearly(tmp_path, sqlite_url):
    folder = tmp_path / "outlook"
    folder.mkdir()
    for name, data in NOT_MAIL_FILES.items():
        (folder / name).write_bytes(data)
    store = fresh_store(sqlite_url)
    report = import_paths(store, "auto", [folder], OURS)
    assert report.skipped == {NOT_MAIL: len(NOT_MAIL_FILES)}
    assert count(store, "messages") == 0
    with pytest.raises(InputError) as caught:
        import_paths(store, "auto", [folder / "part.eml"], OURS)
    assert caught.value.file.endswith("part.eml")
    assert "cannot tell which export this is" in str(caught.value)
