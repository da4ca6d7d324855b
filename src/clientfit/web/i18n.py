"""English and Polish: gettext catalogues read from the .po files at start, and money, dates
and numbers formatted for the user's locale by Babel."""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "clientfit"
BABEL_LOCALES = {"en": "en_US", "pl": "pl_PL"}
DEFAULT = "en"

current_lang: ContextVar[str] = ContextVar("current_lang", default=DEFAULT)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for `lang`, compiled in memory from its .po file (no build step)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():  # English needs no catalogue but may title codes in one
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_(message: str) -> str:
    return translations(current_lang.get()).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    return translations(current_lang.get()).ngettext(singular, plural, n)


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES.get(lang or current_lang.get(), BABEL_LOCALES[DEFAULT])


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(babel_locale(lang))


def money(minor: float | int | None, currency: str | None, lang: str | None = None) -> str:
    """Minor units (cents, grosze) as money: "$1,234.56" in English, "1 234,56 zł" in Polish.
    (babel.numbers.format_currency, with the locale and its pattern parsed once.)"""
    if minor is None:
        return "–"
    # the language is part of the cache key: the page's language when none is given
    return _money(minor, currency, lang or current_lang.get())


@cache
def _money(minor: float | int, currency: str | None, lang: str) -> str:
    # the store keeps every currency in hundredths (importers.values.to_minor), JPY included
    amount = Decimal(round(minor)) / 100
    locale = _locale(lang)
    if not currency:  # no money records: a plain number, never a made-up currency
        return babel_numbers.format_decimal(amount, format="#,##0.00", locale=locale)
    return locale.currency_formats["standard"].apply(amount, locale, currency=currency,
                                                     currency_digits=True)


def number(value: float | int | None, digits: int = 1, lang: str | None = None) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=babel_locale(lang))


def percent(value: float | None, digits: int = 1, lang: str | None = None) -> str:
    """A fraction (0.25) as a percentage ("25.0%", "25,0%")."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return babel_numbers.format_percent(value, format=pattern, locale=babel_locale(lang))


def day(value: date | datetime | str | None, lang: str | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return babel_dates.format_datetime(value, format="medium", locale=babel_locale(lang))
    return babel_dates.format_date(value, format="medium", locale=babel_locale(lang))


def pick_language(accept_language: str | None) -> str:
    """The first of our languages named in an Accept-Language header, else English."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in BABEL_LOCALES:
            return tag
    return DEFAULT
