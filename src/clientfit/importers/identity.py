"""How one client is recognised across sources: tax IDs, e-mail domains, normalised legal names.

Pure functions, no store access. Tax IDs are validated with python-stdnum (NIP and every EU VAT
scheme, checksums included) and written in one canonical form: `PL7740001454`.
"""

from __future__ import annotations

import re
import unicodedata
from email.utils import getaddresses
from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.pl import nip as pl_nip

FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "outlook.com",
    "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
    "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.com", "zoho.com",
    "wp.pl", "o2.pl", "onet.pl", "onet.eu", "interia.pl", "interia.eu", "poczta.fm", "tlen.pl",
    "op.pl", "gazeta.pl", "vp.pl", "go2.pl", "autograf.pl", "buziaczek.pl", "spoko.pl",
})

LEGAL_FORMS = (
    "spolka z ograniczona odpowiedzialnoscia", "spolka akcyjna", "spolka komandytowa",
    "spolka komandytowo akcyjna", "spolka jawna", "spolka cywilna", "spolka partnerska",
    "sp z o o", "sp zoo", "sp z oo", "sp k", "sp j", "sp p", "s k a", "ska", "s c", "sc",
    "s a", "sa", "ltd", "limited", "llc", "l l c", "llp", "l l p", "lp", "pllc",
    "inc", "incorporated", "corp", "corporation", "co", "company", "gmbh", "ag", "plc", "bv",
    "nv", "b v", "n v", "bvba", "sprl", "srl", "s r l", "sarl", "s a r l", "sas", "s a s",
    "sasu", "kg", "ohg", "ug", "e k", "oy", "ab", "as", "a s", "aps", "sro", "s r o", "kft",
    "zrt", "p s a", "psa", "pty", "pte", "pvt", "private", "lda", "sl", "s l",
)
# "&", "+" and the words for "and" (EN, PL, DE, FR) are one and the same in a company name
_AND = re.compile(r"[&+]")
CONJUNCTIONS = frozenset({"and", "i", "oraz", "und", "et"})
_LEGAL_TAIL = re.compile(r"(?:\s+(?:" + "|".join(re.escape(f) for f in sorted(
    LEGAL_FORMS, key=len, reverse=True)) + r"))+$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_EXTRA_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, diacritics removed (ł → l too), punctuation to single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NOT_WORD.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """"ACME Sp. z o.o." and "Acme" → "acme"; "Klient Żółć S.A." → "klient zolc";
    "QUILL AND INK BREWING" and "Quill & Ink Brewing LLC" → "quill ink brewing"."""
    folded = fold_words(name)
    stripped = _LEGAL_TAIL.sub("", folded).strip()
    return stripped or folded or fold(name)


@lru_cache(maxsize=65536)
def fold_words(name: str) -> str:
    """`fold`, with "&", "+" and "and" / "i" / "oraz" / "und" / "et" left out."""
    return " ".join(w for w in fold(_AND.sub(" and ", name)).split() if w not in CONJUNCTIONS)


def normalise_tax_id(value: str, country_hint: str | None = "PL") -> str:
    """A checked tax ID as country code + number; raises ValueError naming what is wrong.

    A bare ten-digit number is read as a Polish NIP (`country_hint`); anything with a country
    prefix is checked as an EU VAT number.
    """
    raw = value
    compact = re.sub(r"[\s.\-/]", "", value).upper()
    if not compact:
        raise ValueError("empty tax ID")
    try:
        if compact[:2].isalpha():
            number = eu_vat.validate(compact)
            return number
        if country_hint == "PL":
            return "PL" + pl_nip.validate(compact)
        if country_hint:
            return eu_vat.validate(country_hint + compact)
    except stdnum_errors.InvalidChecksum:
        raise ValueError(f"{raw!r} fails the tax ID checksum") from None
    except stdnum_errors.ValidationError as exc:
        raise ValueError(f"{raw!r} is not a valid tax ID ({exc.message})") from None
    raise ValueError(f"{raw!r} has no country prefix")


@lru_cache(maxsize=65536)
def email_address(value: str) -> str | None:
    """The bare lower-case address in "Name <a@b.pl>" or "a@b.pl", or None."""
    for _name, address in getaddresses([value]):
        if "@" in address:
            return address.strip().lower()
    return None


def email_domain(address: str) -> str | None:
    address = email_address(address) or ""
    if "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip(".")


def client_domain(address_or_domain: str) -> str | None:
    """The organisation domain behind an address or URL, None for free-mail providers."""
    text = address_or_domain.strip().lower()
    if "@" in text:
        domain = email_domain(text)
    else:
        domain = re.sub(r"^[a-z]+://", "", text).split("/")[0].split(":")[0]
        domain = domain.removeprefix("www.")
    if not domain or "." not in domain or domain in FREE_MAIL_DOMAINS:
        return None
    return domain


def slug(text: str, limit: int = 40) -> str:
    return fold(text).replace(" ", "-")[:limit].strip("-") or "x"
