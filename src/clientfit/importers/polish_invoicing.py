"""Fakturownia and inFakt: their API JSON (FORMATS.md ✔; UI exports ✘ are not read).

Both know what KSeF does not: whether and when an invoice was paid. Each invoice carries the
cross-source keys of ksef.invoice_aliases (seller + buyer tax ID + number), so an invoice already
imported from KSeF XML is completed, not duplicated. Their KSeF XML downloads go through `ksef`.
Fakturownia writes amounts as decimal strings ("1230,00" or "1230.00"); inFakt in integer grosze.
The gross amount (`price_gross`, `gross_price`) is what the buyer pays; the net one (`price_net`,
`net_price`) is the revenue.
A response is a JSON list of invoices or an object holding one ({"invoices": [...]},
{"entities": [...]}). API responses are paged and small, so a file is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from clientfit.importers.base import Importer, Options, register
from clientfit.importers.fields import parse_iso_date
from clientfit.importers.identity import client_domain, email_address, normalise_tax_id
from clientfit.importers.json_input import (
    JsonTooDeep,
    array_starts,
    lines_at,
    load_json,
    member_line,
)
from clientfit.importers.ksef import invoice_aliases
from clientfit.importers.records import ClientRef, InvoiceRecord, Item, Problem, Skipped
from clientfit.importers.values import amount_minor, currency_code


class _Bad(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def _get(item: dict[str, Any], name: str, required: bool = False) -> str:
    value = item.get(name)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise _Bad(name, "is missing")
    return text


def _date(item: dict[str, Any], name: str, required: bool = False) -> date | None:
    text = _get(item, name, required)
    if not text:
        return None
    try:
        return parse_iso_date(text[:10])
    except ValueError as exc:
        raise _Bad(name, str(exc)) from None


def _tax(item: dict[str, Any], name: str) -> str | None:
    text = _get(item, name)
    if not text:
        return None
    try:
        return normalise_tax_id(text, "PL")
    except ValueError as exc:
        raise _Bad(name, str(exc)) from None


def _money(item: dict[str, Any], name: str, grosze: bool, required: bool = True) -> int | None:
    text = _get(item, name, required)
    if not text:
        return None
    try:
        if grosze:
            if not text.lstrip("-").isdigit():
                raise ValueError(f"{text!r} is not a whole number of grosze")
            return int(text)
        return amount_minor(text, decimal_comma="," in text and "." not in text)
    except ValueError as exc:
        raise _Bad(name, str(exc)) from None


def _client(item: dict[str, Any], name: str, tax: str, email: str) -> ClientRef:
    address = email_address(_get(item, email)) if _get(item, email) else None
    domain = client_domain(address) if address else None
    return ClientRef(name=_get(item, name) or None, tax_id=_tax(item, tax), domain=domain,
                     email=address if address and not domain else None)


def _currency(item: dict[str, Any], name: str) -> str:
    try:
        given = _get(item, name)
        return currency_code(given) if given else ""  # "": the home currency
    except ValueError as exc:
        raise _Bad(name, str(exc)) from None


FAKTUROWNIA_SKIP = {"proforma", "estimate", "receipt", "wz", "pw", "kp", "kw", "order"}


def _fakturownia(item: dict[str, Any]) -> InvoiceRecord | str:
    kind = _get(item, "kind").lower() or "vat"
    if kind in FAKTUROWNIA_SKIP:
        return f"fakturownia document of kind {kind}"
    number = _get(item, "number", True)
    seller, client = _tax(item, "seller_tax_no"), _client(item, "buyer_name", "buyer_tax_no",
                                                          "buyer_email")
    gross = _money(item, "price_gross", grosze=False)
    assert gross is not None
    net = _money(item, "price_net", grosze=False, required=False)
    status = _get(item, "status").lower() or None
    paid = _money(item, "paid", grosze=False, required=False)
    if status == "paid" and not paid:
        paid = gross
    return InvoiceRecord(
        f"fakturownia:{_get(item, 'id') or number}", None, client, number,
        _date(item, "issue_date", True) or date.min, _date(item, "payment_to"), gross,
        _currency(item, "currency"), seller_tax_id=seller, buyer_tax_id=client.tax_id,
        kind="credit_note" if kind == "correction" else kind, status=status,
        paid_minor=paid or None, paid_on=_date(item, "paid_date"),
        aliases=invoice_aliases(seller, client.tax_id, number), net_minor=net,
    )


def _infakt(item: dict[str, Any]) -> InvoiceRecord | str:
    status = _get(item, "status").lower() or None
    if status == "draft":
        return "inFakt draft"
    number = _get(item, "number", True)
    client = _client(item, "client_company_name", "client_tax_code", "client_email")
    seller = _tax(item, "seller_tax_code")
    gross = _money(item, "gross_price", grosze=True)
    assert gross is not None
    net = _money(item, "net_price", grosze=True, required=False)
    left = _money(item, "left_to_pay", grosze=True, required=False)
    paid = gross - left if left is not None else (gross if status == "paid" else None)
    kind = _get(item, "kind").lower()
    return InvoiceRecord(
        f"infakt:{_get(item, 'uuid') or _get(item, 'id') or number}", None, client, number,
        _date(item, "invoice_date", True) or date.min, _date(item, "payment_date"), gross,
        _currency(item, "currency"), seller_tax_id=seller, buyer_tax_id=client.tax_id,
        kind="credit_note" if "correct" in kind else "invoice", status=status,
        paid_minor=paid or None, paid_on=_date(item, "paid_date"),
        aliases=invoice_aliases(seller, client.tax_id, number), net_minor=net,
    )


def _reader(make: Callable[[dict[str, Any]], InvoiceRecord | str], keys: tuple[str, ...]):
    def read(path: Path, options: Options) -> Iterator[Item]:
        try:
            text = path.read_bytes().decode("utf-8-sig")
            data = load_json(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Problem(str(path), getattr(exc, "lineno", None), None, f"not JSON: {exc}")
            return
        except JsonTooDeep as exc:
            yield Problem(str(path), exc.line, None, str(exc))
            return
        items, key = data, None
        if isinstance(data, dict):
            key = next((k for k in keys if isinstance(data.get(k), list)), None)
            items = data[key] if key is not None else [data]
        if not isinstance(items, list):
            yield Problem(str(path), 1, None, "expected a list of invoices")
            return
        starts = [0] if isinstance(data, dict) and key is None else array_starts(text, key)
        lines = lines_at(text, starts) if len(starts) == len(items) else [None] * len(items)
        for position, (item, line) in enumerate(zip(items, lines, strict=True), start=1):
            where = f"{path} [invoice {position}]"
            if not isinstance(item, dict):
                yield Problem(where, line, None, "not a JSON object")
                continue
            try:
                made = make(item)
            except _Bad as bad:
                field_line = member_line(text, starts[position - 1], bad.field) \
                    if line is not None else None
                yield Problem(where, field_line or line, bad.field, bad.reason)
                continue
            yield Skipped(where, line, made) if isinstance(made, str) else replace(made, line=line)

    return read


def _json_sniffer(*fields: str) -> Callable[[Path, str], bool]:
    def sniff(path: Path, head: str) -> bool:
        return all(f'"{field}"' in head for field in fields)

    return sniff


register(Importer(
    name="fakturownia", kind="money", help="Fakturownia invoices (API JSON)",
    read=_reader(_fakturownia, ("invoices", "data")), suffixes=(".json",),
    sniff=_json_sniffer("buyer_tax_no", "price_gross"),
))
register(Importer(
    name="infakt", kind="money", help="inFakt invoices (API v3 JSON, amounts in grosze)",
    read=_reader(_infakt, ("entities", "invoices", "data")), suffixes=(".json",),
    sniff=_json_sniffer("client_tax_code", "gross_price"),
))
