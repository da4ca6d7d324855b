"""The shared machinery: tax IDs, names, domains, encodings, date formats, amounts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientfit.importers.encoding import decode_text, detect_encoding
from clientfit.importers.identity import (
    client_domain,
    normalise_name,
    normalise_tax_id,
)
from clientfit.importers.values import (
    DATE_FORMATS,
    amount_minor,
    currency_code,
    parse_amount,
    parse_duration_minutes,
    sniff_date_format,
    sniff_decimal_comma,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("7740001454", "PL7740001454"), ("774-000-14-54", "PL7740001454"),
    ("PL 774 000 14 54", "PL7740001454"), ("DE136695976", "DE136695976"),
    ("FR 40 303 265 045", "FR40303265045"), ("ATU13585627", "ATU13585627"),
])
def test_tax_ids_are_canonical(raw, expected):
    assert normalise_tax_id(raw) == expected


@pytest.mark.parametrize("raw", ["7740001455", "DE136695977", "12345", "#nip#"])
def test_bad_tax_ids_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_tax_id(raw)


@pytest.mark.parametrize(("left", "right"), [
    ("ACME Sp. z o.o.", "Acme"), ("Acme Ltd.", "ACME LLC"), ("Klient Żółć S.A.", "klient zolc"),
    ("Łódź Media GmbH", "LODZ MEDIA"), ("Wydawnictwo Ósemka Sp. z o.o.", "Wydawnictwo Osemka"),
])
def test_legal_names_normalise_to_one(left, right):
    assert normalise_name(left) == normalise_name(right)


def test_different_names_stay_different():
    assert normalise_name("Acme Ltd") != normalise_name("Acme Media Ltd")
    assert normalise_name("S.A.") == "s a"  # a legal form alone is not stripped to nothing


@pytest.mark.parametrize(("value", "domain"), [
    ("Jan <jan@Acme.pl>", "acme.pl"), ("kasia@gmail.com", None), ("ola@wp.pl", None),
    ("x@o2.pl", None), ("y@onet.pl", None), ("z@interia.pl", None),
    ("https://www.acme.co.uk/about", "acme.co.uk"), ("acme.pl", "acme.pl"), ("nonsense", None),
])
def test_client_domains_ignore_free_mail(value, domain):
    assert client_domain(value) == domain


POLISH = "Zażółć gęślą jaźń – Świętokrzyska, Ąę, ŹDŹBŁO"


@pytest.mark.parametrize("codec", ["cp1250", "iso8859_2"])
def test_single_byte_polish_is_told_apart(codec):
    text = POLISH.replace("–", "-")
    data = text.encode(codec)
    assert detect_encoding(data) == codec
    assert decode_text(data) == text
    assert decode_text(data, "iso-8859-1") == text  # a Latin-1 label is not believed
    assert decode_text(data, "utf-8") == text  # nor a UTF-8 one on bytes that are not


def test_short_names_decode_identically():
    for name in ("Łukasz Świątek", "Źdźbło", "Ścisło", "Ąbc"):
        assert decode_text(name.encode("cp1250")) == name
        assert decode_text(name.encode("iso8859_2")) == name


def test_bom_and_utf8():
    assert detect_encoding("\ufeffUser".encode()) == "utf-8-sig"
    assert detect_encoding(POLISH.encode()) == "utf-8"
    assert detect_encoding(POLISH.encode()[:-1]) == "utf-8"  # a sample cut mid-character


@pytest.mark.parametrize(("values", "name"), [
    (["2026-03-02", "2026-12-31"], "YYYY-MM-DD"),
    (["02.03.2026", "26.01.2015"], "DD.MM.YYYY"),
    (["03/16/2026", "03/04/2026"], "MM/DD/YYYY"),
    (["16/03/2026", "04/03/2026"], "DD/MM/YYYY"),
])
def test_date_format_is_sniffed_per_file(values, name):
    assert sniff_date_format(values).name == name


def test_ambiguous_slashes_need_a_default_or_an_override():
    with pytest.raises(ValueError, match="--date-format"):
        sniff_date_format(["03/04/2026", "05/06/2026"])
    assert sniff_date_format(["03/04/2026"], "dd/mm/yyyy").parse("03/04/2026") == date(2026, 4, 3)
    with pytest.raises(ValueError, match="mixes"):
        sniff_date_format(["13/04/2026", "04/13/2026"])


def test_date_times_with_offsets_and_twelve_hour_clock():
    assert DATE_FORMATS["iso"].parse_datetime("2026-03-10 16:10:00 +0100") == datetime(
        2026, 3, 10, 15, 10)
    assert DATE_FORMATS["mm/dd/yyyy"].parse_datetime("09/15/2026 12:30 AM") == datetime(
        2026, 9, 15, 0, 30)


@pytest.mark.parametrize(("text", "comma", "minor"), [
    ("1,000.00", False, 100000), ("$1,000.00", False, 100000), ("(12.50)", False, -1250),
    ("-$150.00", False, -15000), ("399,00", True, 39900), ("1.234,56", True, 123456),
    ("1 234,56 zł", True, 123456), ("7,5", True, 750), ("10", False, 1000),
])
def test_amounts(text, comma, minor):
    assert amount_minor(text, comma) == minor


def test_decimal_comma_is_sniffed_per_file():
    assert sniff_decimal_comma(["", "7,5", "1,25"])
    assert not sniff_decimal_comma(["1,000.00", "7,5"])
    assert not sniff_decimal_comma(["12.50"])


@pytest.mark.parametrize(("text", "minutes"), [
    ("01:15:00", 75), ("1:15", 75), ("1.25", 75), ("0,75", 45), ("00:00:30", 0)])
def test_durations(text, minutes):
    assert parse_duration_minutes(text, "," in text) == minutes


@pytest.mark.parametrize(("text", "code"), [
    ("usd", "USD"), ("Euro - EUR", "EUR"), ("Polish Złoty - PLN", "PLN"), ("Amount (USD)", "USD")])
def test_currency_codes_in_any_case(text, code):
    assert currency_code(text) == code


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_amount_round_trip_in_both_conventions(value):
    us = f"{value:,.2f}"
    pl = us.replace(",", " ").replace(".", ",")
    assert parse_amount(us) == value == parse_amount(pl, decimal_comma=True) == Decimal(us.replace(
        ",", ""))
