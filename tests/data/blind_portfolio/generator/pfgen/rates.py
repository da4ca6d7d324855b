"""Made-up but plausible exchange rates, consistent between NBP (PLN per unit) and ECB (per EUR).

One daily random walk per currency against EUR; NBP mid = EURPLN / EURxxx with a small fixing
difference (NBP fixes at ~11:45 Warsaw, ECB at 14:15 CET). Written as the NBP table A yearly
archive (archiwum_tab_a_YYYY.csv, cp1250, ';', decimal commas) and as ECB eurofxref-hist.csv.
"""
import datetime as dt
import math

from .util import D, is_pl_business_day, target_holidays

# code, units in NBP table, EUR-cross start level, daily vol, daily drift, Polish name
NBP_CURRENCIES = [
    ("THB", 1, 37.6, 0.004, 0.0, "bat (Tajlandia)"), ("USD", 1, 1.085, 0.0035, 0.00009, "dolar amerykański"),
    ("AUD", 1, 1.66, 0.005, 0.0, "dolar australijski"), ("HKD", 1, 8.45, 0.0036, 0.00009, "dolar Hongkongu"),
    ("CAD", 1, 1.50, 0.004, 0.00005, "dolar kanadyjski"), ("NZD", 1, 1.82, 0.005, 0.0, "dolar nowozelandzki"),
    ("SGD", 1, 1.45, 0.003, 0.00003, "dolar singapurski"), ("EUR", 1, 1.0, 0.0, 0.0, "euro"),
    ("HUF", 100, 402.0, 0.004, 0.00002, "forint (Węgry)"), ("CHF", 1, 0.945, 0.003, -0.00004, "frank szwajcarski"),
    ("GBP", 1, 0.845, 0.003, 0.00003, "funt szterling"), ("UAH", 1, 44.5, 0.005, 0.0002, "hrywna (Ukraina)"),
    ("JPY", 100, 161.0, 0.005, 0.0001, "jen (Japonia)"), ("CZK", 1, 25.1, 0.002, -0.00002, "korona czeska"),
    ("DKK", 1, 7.459, 0.0002, 0.0, "korona duńska"), ("ISK", 100, 149.0, 0.003, -0.00002, "korona islandzka"),
    ("NOK", 1, 11.6, 0.004, 0.00002, "korona norweska"), ("SEK", 1, 11.35, 0.004, -0.00003, "korona szwedzka"),
    ("RON", 1, 4.975, 0.001, 0.00003, "lej rumuński"), ("BGN", 1, 1.95583, 0.0, 0.0, "lew (Bułgaria)"),
    ("TRY", 1, 35.2, 0.005, 0.0005, "lira turecka"), ("ILS", 1, 4.02, 0.005, 0.0, "nowy izraelski szekel"),
    ("CLP", 100, 1010.0, 0.006, 0.0, "peso chilijskie"), ("PHP", 1, 62.5, 0.004, 0.0, "peso filipińskie"),
    ("MXN", 1, 20.6, 0.006, 0.0001, "peso meksykańskie"), ("ZAR", 1, 20.1, 0.006, 0.0, "rand (Republika Południowej Afryki)"),
    ("BRL", 1, 6.25, 0.006, 0.0001, "real (Brazylia)"), ("MYR", 1, 4.95, 0.003, 0.0, "ringgit (Malezja)"),
    ("IDR", 10000, 17500.0, 0.004, 0.0, "rupia indonezyjska"), ("INR", 100, 92.0, 0.003, 0.0001, "rupia indyjska"),
    ("KRW", 100, 1500.0, 0.004, 0.0, "won południowokoreański"), ("CNY", 1, 7.85, 0.003, 0.00006, "yuan renminbi (Chiny)"),
    ("XDR", 1, 0.815, 0.002, 0.00003, "SDR (MFW)"),
]
ECB_COLUMNS = ["USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN", "ROL",
               "RON", "SEK", "SIT", "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD", "BRL", "CAD",
               "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]
ECB_DEAD = {"CYP", "EEK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "HRK", "RUB", "TRL"}
ECB_DECIMALS = {"JPY": 2, "HUF": 2, "ISK": 2, "IDR": 2, "KRW": 2, "INR": 4, "PHP": 3, "THB": 3, "CZK": 3, "MXN": 4,
                "ZAR": 4, "TRY": 4, "BRL": 4, "CNY": 4, "HKD": 4, "SEK": 4, "NOK": 4, "DKK": 4, "RON": 4, "BGN": 4,
                "PLN": 4}


class Rates:
    def __init__(self, world, rng):
        first_year = world.start.year - (1 if world.start.month <= 2 else 0)
        self.first = D(first_year, 1, 1)
        self.last = world.as_of
        self.days = []
        d = self.first
        while d <= self.last:
            self.days.append(d)
            d += dt.timedelta(days=1)
        self.eur = {}  # code -> {date: per-EUR}
        levels = {}
        for code, unit, lvl, vol, drift, _ in NBP_CURRENCIES:
            levels[code] = math.log(lvl * rng.uniform(0.985, 1.015)) if vol else math.log(lvl)
        levels["PLN"] = math.log(rng.uniform(4.22, 4.33))
        vols = {code: vol for code, unit, lvl, vol, drift, _ in NBP_CURRENCIES}
        drifts = {code: drift for code, unit, lvl, vol, drift, _ in NBP_CURRENCIES}
        vols["PLN"], drifts["PLN"] = 0.0022, -0.00001
        anchors = dict(levels)
        for code in list(levels):
            self.eur[code] = {}
        for d in self.days:
            for code in levels:
                v = vols[code]
                if v:
                    # a random walk pulled back towards a slowly drifting anchor keeps levels plausible
                    anchors[code] += drifts[code]
                    levels[code] += rng.gauss(0, v) + 0.02 * (anchors[code] - levels[code])
                self.eur[code][d] = math.exp(levels[code])
        self.nbp_noise = {d: rng.gauss(0, 0.0006) for d in self.days}

    def nbp_days(self):
        return [d for d in self.days if is_pl_business_day(d)]

    def ecb_days(self):
        return [d for d in self.days if d.weekday() < 5 and d not in target_holidays(d.year)]

    def nbp_mid(self, code, d):
        """PLN per 1 unit on the NBP table of date d (d must be an NBP business day)."""
        if code == "PLN":
            return 1.0
        return self.eur["PLN"][d] / self.eur[code][d] * (1 + self.nbp_noise[d])

    def nbp_before(self, code, d):
        """Rate of the last NBP table before d (Polish VAT practice for invoices)."""
        x = d - dt.timedelta(days=1)
        while x >= self.first and not is_pl_business_day(x):
            x -= dt.timedelta(days=1)
        if x < self.first:
            x = self.first
            while not is_pl_business_day(x):
                x += dt.timedelta(days=1)
        return round(self.nbp_mid(code, x), 4), x

    def to_pln(self, amount, code, d):
        if code == "PLN":
            return amount
        return amount * self.nbp_before(code, d)[0]


def write_nbp(rates, out_dir, as_of):
    files = []
    years = sorted({d.year for d in rates.days})
    for y in years:
        cur = [c for c in NBP_CURRENCIES if not (c[0] == "BGN" and y >= 2026)]
        header = ["data"] + ["%d%s" % (u, code) for code, u, *_ in cur] + ["nr tabeli", "pełny numer tabeli"]
        lines = [";".join(header)]
        k = 0
        for d in rates.nbp_days():
            if d.year != y:
                continue
            k += 1
            row = [d.strftime("%Y%m%d")]
            for code, u, *_ in cur:
                row.append(("%.4f" % (rates.nbp_mid(code, d) * u)).replace(".", ","))
            row += [str(k), "%03d/A/NBP/%d" % (k, y)]
            lines.append(";".join(row))
        lines.append(";".join(["kod ISO"] + [code for code, *_ in cur] + ["", ""]))
        lines.append(";".join(["nazwa waluty"] + [c[5] for c in cur] + ["", ""]))
        lines.append(";".join(["liczba jednostek"] + [str(c[1]) for c in cur] + ["", ""]))
        path = out_dir / ("archiwum_tab_a_%d.csv" % y)
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1250"))
        files.append(path)
    return files


def write_ecb(rates, out_dir):
    lines = ["Date," + ",".join(ECB_COLUMNS) + ","]
    for d in reversed(rates.ecb_days()):
        row = [d.isoformat()]
        for code in ECB_COLUMNS:
            if code in ECB_DEAD or (code == "BGN" and d.year >= 2026):
                row.append("N/A")
                continue
            v = rates.eur[code][d]
            row.append(("%." + str(ECB_DECIMALS.get(code, 4)) + "f") % v)
        lines.append(",".join(row) + ",")
    path = out_dir / "eurofxref-hist.csv"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path
