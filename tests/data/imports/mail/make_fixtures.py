import quopri, base64
POLISH = "Proszę o pilną korektę faktury - źle naliczony rabat. Żółć, gęślą jaźń, Świętokrzyska, Ąę Źdźbło."
def qp(text, cs): return quopri.encodestring(text.encode(cs)).decode("ascii")
def msg(headers, body_bytes, cs, cte):
    h = "\r\n".join(headers + [f"MIME-Version: 1.0", f"Content-Type: text/plain; charset={cs}", f"Content-Transfer-Encoding: {cte}"])
    return h.encode("utf-8") + b"\r\n\r\n" + body_bytes + b"\r\n"
m1 = msg(["X-GM-THRID: 1790000000000000001", "X-Gmail-Labels: Skrzynka odbiorcza,Klienci",
          "From: =?ISO-8859-2?Q?Jan_Kowalski_=A6wi=B1tek?= <jan@zolc.pl>",
          "To: Anna Nowak <anna@przykladowa.pl>", "Date: Mon, 09 Mar 2026 09:15:00 +0100",
          "Subject: =?ISO-8859-2?Q?Pilne:_korekta_faktury_FV/12/03/2026?=",
          "Message-ID: <m1.zolc@zolc.pl>"],
         qp(POLISH + "\n\nPozdrawiam,\nJan\n\nDnia 2 marca 2026 10:00 Anna Nowak <anna@przykladowa.pl> napisał(a):\n> W załączeniu faktura.\n> Pozdrawiam\n", "iso8859_2").replace("\n","\r\n").encode(), "iso-8859-2", "quoted-printable")
m2 = msg(["X-GM-THRID: 1790000000000000001", "X-Gmail-Labels: Wysłane",
          "From: Anna Nowak <anna@przykladowa.pl>", "To: =?UTF-8?Q?Jan_Kowalski_=C5=9Awi=C4=85tek?= <jan@zolc.pl>",
          "Date: Mon, 09 Mar 2026 11:40:00 +0100", "Subject: Re: Pilne: korekta faktury FV/12/03/2026",
          "Message-ID: <m2.agency@przykladowa.pl>", "In-Reply-To: <m1.zolc@zolc.pl>", "References: <m1.zolc@zolc.pl>"],
         base64.encodebytes("Dzień dobry, korekta jutro rano.\nAnna\n".encode()).replace(b"\n", b"\r\n").rstrip(), "utf-8", "base64")
m3 = msg(["From: Billing <billing@acme.co.uk>", "To: anna@przykladowa.pl", "Date: Tue, 10 Mar 2026 16:05:00 +0000",
          "Subject: Invoice ACME-0001 is wrong", "Message-ID: <m3@acme.co.uk>"],
         "This is the third time I ask — the discount is missing. I’m escalating to your manager.\r\n\r\nOn Mon, 9 Mar 2026 at 10:00, Anna Nowak <anna@przykladowa.pl> wrote:\r\n> Please find the invoice attached.\r\n".encode("utf-8"),
         "iso-8859-1", "8bit")  # mislabelled: UTF-8 bytes declared as Latin-1
m4 = msg(["From: Sklep <newsletter@randomshop.com>", "To: anna@przykladowa.pl", "Date: Tue, 10 Mar 2026 17:00:00 +0000",
          "Subject: Promocja", "Message-ID: <m4@randomshop.com>"], b"Promocja!", "us-ascii", "7bit")
m5 = msg(["From: Kasia <kasia.prywatnie@gmail.com>", "To: anna@przykladowa.pl", "Date: Wed, 11 Mar 2026 08:00:00 +0000",
          "Subject: Pytanie", "Message-ID: <m5@mail.gmail.com>"], b"Czy jest wolny termin?", "us-ascii", "7bit")
box = b""
for i, m in enumerate([m1, m2, m3, m4, m5]):
    box += b"From 1790000000000000%03d@xxx Mon Mar 09 09:15:00 +0000 2026\r\n" % i + m + b"\r\n"
open("agency_takeout.mbox", "wb").write(box)
common = ["From: Jan Kowalski <jan@zolc.pl>", "To: anna@przykladowa.pl", "Date: Thu, 12 Mar 2026 10:00:00 +0100"]
variants = {
  "utf8_qp.eml": (qp(POLISH, "utf-8").encode(), "utf-8", "quoted-printable"),
  "iso8859-2_qp.eml": (qp(POLISH, "iso8859_2").encode(), "iso-8859-2", "quoted-printable"),
  "cp1250_8bit.eml": (POLISH.encode("cp1250"), "windows-1250", "8bit"),
  "mislabelled_cp1250_as_utf8.eml": (POLISH.encode("cp1250"), "utf-8", "8bit"),
  "mislabelled_iso8859-2_as_latin1.eml": (POLISH.encode("iso8859_2"), "iso-8859-1", "8bit"),
  "unknown_8bit.eml": (POLISH.encode("cp1250"), "unknown-8bit", "8bit"),
}
for i, (name, (body, cs, cte)) in enumerate(sorted(variants.items())):
    open(f"eml/{name}", "wb").write(msg(common + [f"Subject: Wariant {i}", f"Message-ID: <variant{i}@zolc.pl>"], body, cs, cte))
open("bad_no_sender.eml", "wb").write(msg(["To: anna@przykladowa.pl", "Date: Thu, 12 Mar 2026 10:00:00 +0100", "Subject: ?"], b"x", "us-ascii", "7bit"))
open("bad_date.eml", "wb").write(msg(["From: jan@zolc.pl", "To: anna@przykladowa.pl", "Date: someday", "Subject: ?"], b"x", "us-ascii", "7bit"))
