"""Writes the fixtures beside it: the same e-mails as a Dublin colleague's Gmail Takeout mbox and
a Wrocław colleague's Outlook .eml folder (run from this folder; output is checked in).

Gmail puts X-GM-THRID and X-Gmail-Labels first and keeps the 8-bit body it received; Outlook
writes its own header order (Received, Content-Type or MIME-Version before From) and re-encodes
the body as quoted-printable in the same charset.
"""
import quopri
from pathlib import Path

HERE = Path(__file__).parent
POLISH = ("Proszę o pilną korektę faktury - źle naliczony rabat. Żółć, gęślą jaźń, "
          "Świętokrzyska, Ąę Źdźbło.")
JAN = "=?ISO-8859-2?Q?Jan_Kowalski_=A6wi=B1tek?= <jan@zolc.pl>"
ANNA = "Anna Nowak <anna@przykladowa.pl>"
AOIFE = "Aoife Byrne <aoife.byrne@przykladowa.pl>"
MESSAGES = {  # id: (headers, body text, charset, in the Gmail mbox, in the Outlook folder)
    "c1.zolc@zolc.pl": ([
        ("From", JAN), ("To", ANNA), ("Cc", AOIFE),
        ("Date", "Mon, 09 Mar 2026 09:15:00 +0100"),
        ("Subject", "=?ISO-8859-2?Q?Pilne:_korekta_faktury_FV/12/03/2026?="),
    ], POLISH + "\n\nPozdrawiam,\nJan\n", "windows-1250", "Inbox,Klienci", True),
    "c2.agency@przykladowa.pl": ([
        ("From", ANNA), ("To", JAN), ("Cc", AOIFE),
        ("Date", "Mon, 09 Mar 2026 11:40:00 +0100"),
        ("Subject", "Re: Pilne: korekta faktury FV/12/03/2026"),
        ("In-Reply-To", "<c1.zolc@zolc.pl>"), ("References", "<c1.zolc@zolc.pl>"),
    ], "Dzień dobry, korekta jutro rano. Przepraszamy za kłopot.\nAnna\n", "iso-8859-2",
        "Inbox", True),
    "c3.dublin@przykladowa.pl": ([
        ("From", AOIFE), ("To", "Billing <billing@acme.co.uk>"),
        ("Date", "Tue, 10 Mar 2026 10:05:00 +0000"), ("Subject", "Invoice ACME-0001"),
    ], "Hi, the corrected invoice is attached.\nAoife\n", "utf-8", "Sent", False),
    "c4@acme.co.uk": ([
        ("From", "Billing <billing@acme.co.uk>"), ("To", AOIFE), ("Cc", ANNA),
        ("Date", "Tue, 10 Mar 2026 16:05:00 +0000"), ("Subject", "Re: Invoice ACME-0001"),
        ("In-Reply-To", "<c3.dublin@przykladowa.pl>"),
        ("References", "<c3.dublin@przykladowa.pl>"),
    ], "Thanks, received. All fine now.\n", "utf-8", "Inbox", True),
}
OUTLOOK_FIRST = {  # the headers Outlook writes before From, per message
    "c1.zolc@zolc.pl": ["Content-Type", "MIME-Version", "Content-Transfer-Encoding"],
    "c2.agency@przykladowa.pl": ["MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
    "c4@acme.co.uk": ["Received", "Return-Path", "X-MS-Exchange-Organization-SCL",
                      "Thread-Topic", "Content-Type", "Content-Transfer-Encoding",
                      "MIME-Version"],
}
THREADS = {"c1.zolc@zolc.pl": "1861234500000000001", "c2.agency@przykladowa.pl":
           "1861234500000000001", "c3.dublin@przykladowa.pl": "1861234500000000002",
           "c4@acme.co.uk": "1861234500000000002"}


def _lines(pairs):
    return b"".join(f"{name}: {value}\r\n".encode("utf-8") for name, value in pairs)


def gmail(key, headers, body, charset, labels):
    first = [("X-GM-THRID", THREADS[key]), ("X-Gmail-Labels", labels),
             ("Delivered-To", "aoife.byrne@przykladowa.pl")]
    rest = [*headers, ("Message-ID", f"<{key}>"), ("MIME-Version", "1.0"),
            ("Content-Type", f"text/plain; charset={charset}"),
            ("Content-Transfer-Encoding", "8bit")]
    data = body.replace("\n", "\r\n").encode(charset)
    return _lines(first + rest) + b"\r\n" + data


def outlook(key, headers, body, charset):
    extra = {
        "Received": "from EX01.przykladowa.local (10.0.0.5) by EX02.przykladowa.local\r\n"
                    " (10.0.0.6) with Microsoft SMTP Server id 15.2.1118.40; Tue, 10 Mar 2026"
                    " 16:05:03 +0000",
        "Return-Path": "<billing@acme.co.uk>", "X-MS-Exchange-Organization-SCL": "-1",
        "Thread-Topic": "Invoice ACME-0001",
        "Content-Type": f'text/plain; charset="{charset}"', "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "quoted-printable",
    }
    first = [(name, extra[name]) for name in OUTLOOK_FIRST[key]]
    rest = [*headers, ("Message-ID", f"<{key}>"), ("Thread-Index", "AQHcABCDEF0123456789")]
    data = quopri.encodestring(body.encode(charset)).replace(b"\n", b"\r\n")
    return _lines(first + rest) + b"\r\n" + data


box = b""
for number, (key, (headers, body, charset, labels, _in_outlook)) in enumerate(MESSAGES.items()):
    box += (b"From 18612345000000%05d@xxx Mon Mar 09 09:15:00 +0000 2026\r\n" % number
            + gmail(key, headers, body, charset, labels) + b"\r\n")
(HERE / "takeout_aoife.byrne").mkdir(exist_ok=True)
(HERE / "takeout_aoife.byrne" / "All mail Including Spam and Trash.mbox").write_bytes(box)
folder = HERE / "outlook_anna.nowak"
folder.mkdir(exist_ok=True)
for number, (key, (headers, body, charset, _labels, in_outlook)) in enumerate(MESSAGES.items()):
    if in_outlook:
        (folder / f"2026031{number}_0000{number}.eml").write_bytes(
            outlook(key, headers, body, charset))
(folder / "desktop.ini").write_bytes(b"[.ShellClassInfo]\r\nIconResource=x\r\n")
(folder / "export_log.eml").write_bytes(  # not mail: the exporter's log under a .eml name
    b"Export started 2026-03-12 10:00\r\nExported 3 items\r\n")
