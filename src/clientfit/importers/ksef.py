"""KSeF e-invoices, FA(2) and FA(3) XML (FORMATS.md ✔), a file or a folder of them.

Parsed with lxml under a hardened parser (no entities, no network, no huge trees), with
namespace-agnostic paths, so FA(2) and FA(3) share one reader. The invoice's identity across
sources is seller tax ID + buyer tax ID + number: the same invoice exported by Fakturownia or
inFakt merges into this one. The gross amount is `P_15` (what the buyer pays), the net one the
sum of the `P_13_x` (net per VAT rate). FA(3) may give only a relative due date (`TerminOpis`:
a quantity, a unit and the starting event); it is turned into a date from the issue or the sale
date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from lxml import etree

from clientfit.importers.base import Importer, Options, register
from clientfit.importers.fields import parse_iso_date
from clientfit.importers.identity import client_domain, normalise_tax_id
from clientfit.importers.records import ClientRef, InvoiceRecord, Item, Problem, Skipped
from clientfit.importers.values import currency_code, parse_amount, to_minor

NAMESPACES = {
    "http://crd.gov.pl/wzor/2023/06/29/12648/": "FA(2)",
    "http://crd.gov.pl/wzor/2025/06/25/13775/": "FA(3)",
}
KINDS = {"VAT", "KOR", "ZAL", "ROZ", "UPR", "KOR_ZAL", "KOR_ROZ"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True)


class _Bad(Exception):
    def __init__(self, field: str, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.line = line


def _line(root: etree._Element, path: str) -> int | None:
    """The line of the element at `path`; when it is absent, of its nearest present ancestor
    (where it should be)."""
    parts = path.split("/")
    while parts:
        found = root.find("/".join(f"{{*}}{part}" for part in parts))
        if found is not None:
            return found.sourceline
        parts.pop()
    return root.sourceline


def invoice_aliases(seller: str | None, buyer: str | None, number: str) -> tuple[str, ...]:
    """Cross-source keys of a Polish invoice: with the seller's tax ID and without it."""
    if not buyer:
        return ()
    number = re.sub(r"\s+", "", number).upper()
    keys = (f"invoice:*|{buyer}|{number}",)
    return ((f"invoice:{seller}|{buyer}|{number}",) + keys) if seller else keys


def _text(root: etree._Element, path: str, required: bool = False) -> str | None:
    found = root.find("/".join(f"{{*}}{part}" for part in path.split("/")))
    value = (found.text or "").strip() if found is not None else ""
    if not value and required:
        raise _Bad(path, "is missing", _line(root, path))
    return value or None


def _date(root: etree._Element, path: str, required: bool = False) -> date | None:
    value = _text(root, path, required)
    if value is None:
        return None
    try:
        return parse_iso_date(value[:10])
    except ValueError as exc:
        raise _Bad(path, str(exc), _line(root, path)) from None


def _amount(root: etree._Element, path: str) -> Decimal:
    value = _text(root, path, required=True)
    assert value is not None
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise _Bad(path, str(exc), _line(root, path)) from None


def _tax_id(root: etree._Element, party: str) -> str | None:
    base = f"{party}/DaneIdentyfikacyjne"
    nip = _text(root, f"{base}/NIP")
    try:
        if nip:
            return normalise_tax_id(nip, "PL")
        vat = _text(root, f"{base}/NrVatUE")
        if vat:
            return normalise_tax_id((_text(root, f"{base}/KodUE") or "") + vat, None)
    except ValueError as exc:
        field = f"{base}/{'NIP' if nip else 'NrVatUE'}"
        raise _Bad(field, str(exc), _line(root, field)) from None
    return None


UNITS = {"dz": 1, "dn": 1, "day": 1, "ty": 7, "week": 7, "mi": 30, "mon": 30}


def _relative_due(fa: etree._Element, issued: date, sold: date | None) -> date | None:
    """`TerminOpis` (FA(3)): quantity + unit + starting event, as a date."""
    described = fa.find("{*}Platnosc/{*}TerminPlatnosci/{*}TerminOpis")
    if described is None:
        return None
    quantity = _text(described, "Ilosc") or ""
    unit = (_text(described, "Jednostka") or "").lower()
    event = (_text(described, "ZdarzeniePoczatkowe") or "").lower()
    if not quantity and described.text:  # a free-text description: "14 dni od wystawienia"
        match = re.match(r"\s*(\d+)\s*(\w+)\s*(.*)", described.text)
        if match:
            quantity, unit, event = match.group(1), match.group(2).lower(), match.group(3).lower()
    if not quantity.isdigit():
        raise _Bad("Fa/Platnosc/TerminPlatnosci/TerminOpis/Ilosc", "is not a whole number",
                   _line(described, "Ilosc"))
    days = next((factor for prefix, factor in UNITS.items() if unit.startswith(prefix)), None)
    if days is None:
        raise _Bad("Fa/Platnosc/TerminPlatnosci/TerminOpis/Jednostka",
                   f"{unit!r} is not a unit of days, weeks or months",
                   _line(described, "Jednostka"))
    start = sold if sold and any(w in event for w in ("dostaw", "wykonan", "sprzeda")) else issued
    return start + timedelta(days=int(quantity) * days)


def parse_invoice(path: Path, options: Options) -> InvoiceRecord | Skipped:
    """One KSeF XML file as an invoice record; raises _Bad naming the element at fault."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except etree.XMLSyntaxError as exc:
        raise _Bad("", f"not well-formed XML: {exc.msg}", exc.lineno) from None
    namespace = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Faktura" or namespace not in NAMESPACES:
        raise _Bad("Faktura", f"not a KSeF FA(2)/FA(3) invoice (namespace {namespace!r})",
                   root.sourceline)
    seller = _tax_id(root, "Podmiot1")
    if seller is None:
        raise _Bad("Podmiot1/DaneIdentyfikacyjne/NIP", "is missing",
                   _line(root, "Podmiot1/DaneIdentyfikacyjne/NIP"))
    if options.our_tax_id and seller != normalise_tax_id(options.our_tax_id):
        return Skipped(str(path), None, "purchase invoice: the seller is not us")
    buyer = _tax_id(root, "Podmiot2")
    fa = root.find("{*}Fa")
    if fa is None:
        raise _Bad("Fa", "is missing", root.sourceline)
    number = _text(root, "Fa/P_2", True)
    assert number is not None
    issued = _date(root, "Fa/P_1", True)
    assert issued is not None
    sold = _date(root, "Fa/P_6")
    kind = (_text(root, "Fa/RodzajFaktury") or "VAT").upper()
    if kind not in KINDS:
        raise _Bad("Fa/RodzajFaktury", f"{kind!r} is not one of {', '.join(sorted(KINDS))}",
                   _line(root, "Fa/RodzajFaktury"))
    try:
        currency = currency_code(_text(root, "Fa/KodWaluty", True) or "")
    except ValueError as exc:
        raise _Bad("Fa/KodWaluty", str(exc), _line(root, "Fa/KodWaluty")) from None
    gross = to_minor(_amount(root, "Fa/P_15"))
    net = _net(fa)
    doc_rate = _document_rate(fa) if currency != "PLN" else None
    due = _date(root, "Fa/Platnosc/TerminPlatnosci/Termin") or _relative_due(fa, issued, sold)
    paid_minor, paid_on = None, None
    if _text(fa, "Platnosc/Zaplacono") == "1":
        paid_minor, paid_on = gross, _date(root, "Fa/Platnosc/DataZaplaty", True)
    elif _text(fa, "Platnosc/ZnacznikZaplatyCzesciowej") == "1":
        parts = fa.findall("{*}Platnosc/{*}ZaplataCzesciowa")
        paid_minor = sum(to_minor(_amount(p, "KwotaZaplatyCzesciowej")) for p in parts)
        dates = [d for p in parts if (d := _date(p, "DataZaplatyCzesciowej"))]
        paid_on = max(dates) if dates else None
    name = _text(root, "Podmiot2/DaneIdentyfikacyjne/Nazwa")
    email = _text(root, "Podmiot2/DaneKontaktowe/Email")
    country = _text(root, "Podmiot2/Adres/KodKraju")
    client = ClientRef(name=name, tax_id=buyer, domain=client_domain(email) if email else None,
                       country=country)
    if client.is_empty():
        raise _Bad("Podmiot2/DaneIdentyfikacyjne", "names no buyer",
                   _line(root, "Podmiot2/DaneIdentyfikacyjne"))
    return InvoiceRecord(
        # checks of the whole record (the net against the gross, limits.py) point at the gross
        key=f"ksef:{seller}|{buyer or name}|{number}"[:400], line=_line(root, "Fa/P_15"),
        client=client,
        number=number, issue_date=issued, due_date=due, amount_minor=gross, currency=currency,
        seller_tax_id=seller, buyer_tax_id=buyer,
        kind="credit_note" if kind.startswith("KOR") else kind.lower(),
        status="paid" if paid_minor == gross and paid_on else None,
        paid_minor=paid_minor, paid_on=paid_on,
        aliases=invoice_aliases(seller, buyer, number),
        doc_rate=doc_rate, net_minor=net,
    )


NET_SUM = re.compile(r"^P_13_\d+(_\d+)?$")  # P_13_1 … P_13_11, P_13_6_1 …: net per VAT rate


def _net(fa: etree._Element) -> int | None:
    """The invoice's net amount: the sum of its `P_13_x` (net sales at each VAT rate, exempt,
    reverse charge, outside Poland; in the invoice's currency), or None when it gives none
    (net = gross then)."""
    total, found = 0, False
    for element in fa:
        if not isinstance(element.tag, str) or not NET_SUM.match(etree.QName(element).localname):
            continue
        field = f"Fa/{etree.QName(element).localname}"
        try:
            total += to_minor(parse_amount((element.text or "").strip()))
        except ValueError as exc:
            raise _Bad(field, str(exc), element.sourceline) from None
        found = True
    return total if found else None


def _document_rate(fa: etree._Element) -> Decimal | None:
    """The invoice's own PLN rate: `Fa/KursWalutyZ` (one rate for the whole invoice), else the
    lines' `FaWiersz/KursWaluty` when they all agree (FA(2)/FA(3) schemas, TKursWaluty)."""
    rates = [_text(fa, "KursWalutyZ")] if _text(fa, "KursWalutyZ") else sorted(
        {(row.text or "").strip() for row in fa.findall("{*}FaWiersz/{*}KursWaluty")} - {""})
    if len(rates) != 1:
        return None
    try:
        value = parse_amount(rates[0] or "")
    except ValueError:
        raise _Bad("Fa/KursWalutyZ", f"{rates[0]!r} is not an exchange rate",
                   _line(fa, "KursWalutyZ")) from None
    if value <= 0:
        raise _Bad("Fa/KursWalutyZ", f"{rates[0]!r} is not a positive exchange rate",
                   _line(fa, "KursWalutyZ"))
    return value


def read(path: Path, options: Options) -> Iterator[Item]:
    try:
        yield parse_invoice(path, options)
    except _Bad as bad:
        yield Problem(str(path), bad.line, bad.field or None, bad.reason)


def sniff(path: Path, head: str) -> bool:
    return "<Faktura" in head and any(ns in head for ns in NAMESPACES)


register(Importer(name="ksef", kind="money", help="KSeF e-invoices FA(2)/FA(3) (file or folder)",
                  read=read, sniff=sniff, suffixes=(".xml",)))
