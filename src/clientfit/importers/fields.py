"""Field parsers shared by importers. Each raises ValueError with a reason a user can act on."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

TRUE_WORDS = frozenset({"true", "yes", "1", "y", "t", "tak"})
FALSE_WORDS = frozenset({"false", "no", "0", "n", "f", "nie"})


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def parse_iso_datetime(text: str) -> datetime:
    """An ISO 8601 timestamp; an offset is converted to naive UTC, as the store keeps time."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date and time") from None
    if value.tzinfo is not None:
        from datetime import UTC

        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number (use a dot as decimal separator)") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return value


def parse_money_minor(text: str) -> int:
    """A decimal amount in major units ("1234.50") as integer minor units (123450)."""
    value = parse_decimal(text)
    minor = value * 100
    if minor != minor.to_integral_value():
        raise ValueError(f"{text!r} has more than two decimal places")
    return int(minor)


def parse_hours_as_minutes(text: str) -> int:
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(f"{text!r} is a negative duration")
    return int((value * 60).to_integral_value())


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{text!r} is not true or false")


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError(f"{text!r} is not a three-letter currency code")
    return code
