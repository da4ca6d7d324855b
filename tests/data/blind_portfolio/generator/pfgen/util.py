"""Small deterministic helpers: calendars, time zones, identifiers, text folding."""
import datetime as dt
import hashlib
import re
import unicodedata

D = dt.date
DT = dt.datetime
UTC = dt.timezone.utc


def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return D(year, month, day)


_pl_cache = {}


def pl_holidays(year):
    if year in _pl_cache:
        return _pl_cache[year]
    e = easter(year)
    days = {D(year, 1, 1), D(year, 1, 6), e, e + dt.timedelta(days=1), D(year, 5, 1), D(year, 5, 3),
            e + dt.timedelta(days=49), e + dt.timedelta(days=60), D(year, 8, 15), D(year, 11, 1),
            D(year, 11, 11), D(year, 12, 25), D(year, 12, 26)}
    if year >= 2025:
        days.add(D(year, 12, 24))  # Wigilia is a public holiday in Poland from 2025
    _pl_cache[year] = days
    return days


def target_holidays(year):
    e = easter(year)
    return {D(year, 1, 1), e - dt.timedelta(days=2), e + dt.timedelta(days=1), D(year, 5, 1),
            D(year, 12, 25), D(year, 12, 26)}


def is_pl_business_day(d):
    return d.weekday() < 5 and d not in pl_holidays(d.year)


def next_pl_business_day(d):
    while not is_pl_business_day(d):
        d += dt.timedelta(days=1)
    return d


def add_business_days(d, n):
    step = 1 if n >= 0 else -1
    k = 0
    while k < abs(n):
        d += dt.timedelta(days=step)
        if is_pl_business_day(d):
            k += 1
    return d


def month_start(d):
    return D(d.year, d.month, 1)


def month_end(d):
    nxt = D(d.year + (d.month // 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = month_end(D(y, m, 1)).day
    return D(y, m, min(d.day, last))


def months_between(a, b):
    """List of first-of-month dates from month of a to month of b inclusive."""
    out = []
    cur = month_start(a)
    while cur <= b:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def _last_sunday(year, month):
    d = month_end(D(year, month, 1))
    while d.weekday() != 6:
        d -= dt.timedelta(days=1)
    return d


def _nth_sunday(year, month, n):
    d = D(year, month, 1)
    while d.weekday() != 6:
        d += dt.timedelta(days=1)
    return d + dt.timedelta(days=7 * (n - 1))


def utc_offset_hours(zone, when_utc):
    """Offset in hours for a few zones, by their DST rules (EU and US)."""
    y = when_utc.year
    if zone in ("Europe/Warsaw", "Europe/Berlin", "Europe/Amsterdam", "Europe/Paris", "Europe/Stockholm", "Europe/Vienna"):
        start = DT(y, 3, _last_sunday(y, 3).day, 1, tzinfo=UTC)
        end = DT(y, 10, _last_sunday(y, 10).day, 1, tzinfo=UTC)
        return 2 if start <= when_utc < end else 1
    if zone in ("Europe/Dublin", "Europe/London"):
        start = DT(y, 3, _last_sunday(y, 3).day, 1, tzinfo=UTC)
        end = DT(y, 10, _last_sunday(y, 10).day, 1, tzinfo=UTC)
        return 1 if start <= when_utc < end else 0
    base = {"America/New_York": -5, "America/Chicago": -6, "America/Denver": -7, "America/Los_Angeles": -8}[zone]
    s = _nth_sunday(y, 3, 2)
    e = _nth_sunday(y, 11, 1)
    start = DT(y, 3, s.day, 2 - base, tzinfo=UTC)
    end = DT(y, 11, e.day, 1 - base, tzinfo=UTC)
    return base + 1 if start <= when_utc < end else base


def local_to_utc(zone, d, hour, minute, second=0):
    guess = DT(d.year, d.month, d.day, hour, minute, second, tzinfo=UTC)
    off = utc_offset_hours(zone, guess)
    return guess - dt.timedelta(hours=off)


def to_local(zone, when_utc):
    off = utc_offset_hours(zone, when_utc)
    return when_utc + dt.timedelta(hours=off), off


def rfc2822(zone, when_utc):
    loc, off = to_local(zone, when_utc)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    sign = "+" if off >= 0 else "-"
    return "%s, %d %s %d %02d:%02d:%02d %s%02d00" % (days[loc.weekday()], loc.day, months[loc.month - 1], loc.year,
                                                     loc.hour, loc.minute, loc.second, sign, abs(off))


PL_MAP = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def strip_pl(s):
    return s.translate(PL_MAP)


def ascii_fold(s):
    s = strip_pl(s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def slug(s, sep=""):
    s = ascii_fold(s).lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return sep.join(s.split())


def nip_checksum_ok(n):
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    c = sum(int(a) * b for a, b in zip(n[:9], w)) % 11
    return c != 10 and c == int(n[9])


def make_nip(rng, prefix=None):
    offices = ["521", "522", "524", "525", "526", "527", "113", "118", "951", "676", "677", "679", "894",
               "898", "899", "777", "778", "779", "583", "584", "586", "954", "634", "969", "712", "739", "851", "872"]
    while True:
        p = prefix or rng.choice(offices)
        body = p + "".join(str(rng.randint(0, 9)) for _ in range(6))
        w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        c = sum(int(a) * b for a, b in zip(body, w)) % 11
        if c != 10:
            return body + str(c)


def fmt_nip(nip, style):
    if style == "dashes":
        return "%s-%s-%s-%s" % (nip[:3], nip[3:6], nip[6:8], nip[8:])
    if style == "pl":
        return "PL" + nip
    if style == "spaces":
        return "%s %s %s %s" % (nip[:3], nip[3:6], nip[6:8], nip[8:])
    return nip


def hid(*parts, n=16, alphabet="0123456789abcdef"):
    """Deterministic id from parts (hashlib, never hash())."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    out = []
    num = int.from_bytes(h, "big")
    for _ in range(n):
        num, r = divmod(num, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def stripe_id(prefix, *parts, n=24):
    return prefix + "_" + hid(prefix, *parts, n=n, alphabet=B62)


def money(x):
    """Round to 2 decimals half-up on cents."""
    return round(x + (1e-9 if x >= 0 else -1e-9), 2)


def clamp(x, a, b):
    return max(a, min(b, x))


def lerp(a, b, t):
    return a + (b - a) * t
