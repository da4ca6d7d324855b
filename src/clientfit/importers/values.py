"""Values as exports write them: dates decided per file, amounts with any separators, durations.

A file's date format is sniffed once from its values (ISO, DD.MM.YYYY, MM/DD/YYYY, DD/MM/YYYY)
and then applied to every row: a value that does not fit is an error, never re-guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from clientfit.importers.fields import parse_currency


@dataclass(frozen=True)
class DateFormat:
    name: str
    pattern: re.Pattern[str]
    order: tuple[str, str, str]  # which group is year, month, day

    def parse(self, text: str) -> date:
        match = self.pattern.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a date in the file's format {self.name}")
        parts = dict(zip(self.order, (int(g) for g in match.groups()[:3]), strict=True))
        try:
            return date(parts["y"], parts["m"], parts["d"])
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid date in the file's format {self.name} "
                             f"({exc})") from None

    def parse_datetime(self, text: str) -> datetime:
        """A date with an optional time after it ("2021-02-03 13:12", "09/15/2026 2:00 PM")."""
        text = text.strip()
        day = self.parse(text)
        match = self.pattern.match(text)
        assert match is not None
        rest = text[match.end():].strip().lstrip("T").strip()
        offset = _OFFSET.search(rest)
        shift = timedelta()
        if offset:
            rest = rest[:offset.start()].strip()
            if offset.group(2):
                sign = -1 if offset.group(2) == "-" else 1
                shift = sign * timedelta(hours=int(offset.group(3)), minutes=int(offset.group(4)))
        moment = datetime.combine(day, parse_time(rest) if rest else time())
        return moment - shift  # naive UTC, as the store keeps time


_OFFSET = re.compile(r"\s*(?:(Z|UTC|GMT)|([+-])(\d{2}):?(\d{2}))$")


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[ T])")
_DOT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?=$|[ T])")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?=$|[ T,])")

DATE_FORMATS: dict[str, DateFormat] = {
    "iso": DateFormat("YYYY-MM-DD", _ISO, ("y", "m", "d")),
    "dd.mm.yyyy": DateFormat("DD.MM.YYYY", _DOT, ("d", "m", "y")),
    "mm/dd/yyyy": DateFormat("MM/DD/YYYY", _SLASH, ("m", "d", "y")),
    "dd/mm/yyyy": DateFormat("DD/MM/YYYY", _SLASH, ("d", "m", "y")),
}


def date_format_named(name: str) -> DateFormat:
    """The format for a `--date-format` value."""
    try:
        return DATE_FORMATS[name.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown date format {name!r}; use one of {', '.join(DATE_FORMATS)}"
        ) from None


def sniff_date_format(values: Iterable[str], slash_default: str | None = None) -> DateFormat:
    """Decide a file's date format from its values.

    Slashed dates are MM/DD when some first part exceeds 12, DD/MM when some second part does;
    when every value fits both, `slash_default` (the source's documented habit) decides, and
    without one the file is refused as ambiguous.
    """
    seen = [v.strip() for v in values if v and v.strip()]
    families = {
        "iso": sum(bool(_ISO.match(v)) for v in seen),
        "dd.mm.yyyy": sum(bool(_DOT.match(v)) for v in seen),
        "slash": sum(bool(_SLASH.match(v)) for v in seen),
    }
    family = max(families, key=lambda name: families[name])
    if not families[family]:
        if seen:
            raise ValueError(f"{seen[0]!r} is not a date in a known format (ISO, DD.MM.YYYY, "
                             "MM/DD/YYYY, DD/MM/YYYY)")
        return DATE_FORMATS["iso"]
    if family != "slash":
        return DATE_FORMATS[family]
    slashed = [m for v in seen if (m := _SLASH.match(v))]
    firsts = {int(m.group(1)) for m in slashed if m}
    seconds = {int(m.group(2)) for m in slashed if m}
    if max(firsts) > 12 and max(seconds) > 12:
        raise ValueError("the file mixes DD/MM/YYYY and MM/DD/YYYY dates")
    if max(firsts) > 12:
        return DATE_FORMATS["dd/mm/yyyy"]
    if max(seconds) > 12:
        return DATE_FORMATS["mm/dd/yyyy"]
    if slash_default:
        return DATE_FORMATS[slash_default]
    raise ValueError("every date fits both DD/MM/YYYY and MM/DD/YYYY: pass --date-format")


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?$")


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a time of day")
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} is not a 12-hour time")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise ValueError(f"{text!r} is not a valid time of day") from None


_AMOUNT_JUNK = re.compile(r"[\s\u00a0\u202f'$€£]|zł|PLN|USD|EUR|GBP", re.IGNORECASE)


def sniff_decimal_comma(values: Iterable[str]) -> bool:
    """True when a file's amounts use a decimal comma ("7,5", "1.234,50", "399,00")."""
    for value in values:
        text = _AMOUNT_JUNK.sub("", value or "")
        if re.search(r"\d,\d{1,2}$", text) or re.search(r"\.\d{3},\d", text):
            return True
        if re.search(r"\d\.\d{1,2}$", text) or re.search(r",\d{3}\.\d", text):
            return False
    return False


def parse_amount(text: str, decimal_comma: bool = False) -> Decimal:
    """"1,000.00", "1 234,56", "$1,000.00", "(12.00)", "-5" as a Decimal."""
    raw = text
    text = _AMOUNT_JUNK.sub("", text.strip())
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not an amount") from None
    if not value.is_finite():
        raise ValueError(f"{raw!r} is not a finite amount")
    return -value if negative else value


def to_minor(value: Decimal) -> int:
    """Major units to integer minor units (cents, grosze), rounding half-cents away."""
    return int((value * 100).to_integral_value(rounding="ROUND_HALF_UP"))


def amount_minor(text: str, decimal_comma: bool = False) -> int:
    return to_minor(parse_amount(text, decimal_comma))


def parse_duration_minutes(text: str, decimal_comma: bool = False) -> int:
    """"01:15:00", "1:15" (h:mm) or decimal hours "1.25" / "1,25" as whole minutes."""
    text = text.strip()
    if ":" in text:
        parts = text.split(":")
        if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
            raise ValueError(f"{text!r} is not a duration in hh:mm:ss or h:mm form")
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = int(parts[2]) if len(parts) == 3 else 0
        return round((timedelta(hours=hours, minutes=minutes, seconds=seconds)).total_seconds()
                     / 60)
    hours = parse_amount(text, decimal_comma)
    if hours < 0:
        raise ValueError(f"{text!r} is a negative duration")
    return int((hours * 60).to_integral_value(rounding="ROUND_HALF_UP"))


_CURRENCY_IN_TEXT = re.compile(r"\b([A-Za-z]{3})\b\s*$")


def currency_code(text: str) -> str:
    """"usd", "PLN", "Euro - EUR", "Amount (USD)" → an upper-case ISO code."""
    text = text.strip().rstrip(")")
    match = _CURRENCY_IN_TEXT.search(text)
    if match is None:
        raise ValueError(f"{text!r} is not a three-letter currency code")
    return parse_currency(match.group(1))
