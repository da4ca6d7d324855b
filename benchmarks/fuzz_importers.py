"""Seeded mutation fuzzer over every importer (issue 17): clean error or sane acceptance.

Each variant is a fixture export with one mutation (bytes cut, flipped, repeated or inserted;
a number replaced by 2**63, 1e9 or -1e12; a quote removed; a BOM, NUL or a 2 MB line added;
the file emptied or truncated). It is imported into a copy of a store that already holds data,
and one of three things must happen:

- a clean error (`InputError`, naming the file) and the store unchanged, byte for byte in
  content — counted as `clean`;
- success, and every stored value within its documented domain (limits.py) and the database's
  integrity check ok — counted as `accepted`;
- anything else: a traceback (`crash`) or a value outside its domain (`corrupt`). Both must be 0.

    python benchmarks/fuzz_importers.py --variants 1000 --seed 17
    python benchmarks/fuzz_importers.py --variants 200 --seed 5 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

The CI test (tests/importers/test_fuzz.py) runs a bounded subset with the same code.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "imports"
REAL = ROOT.parent.parent / "shared" / "formats"

# (source, fixture, options as keyword arguments of Options)
TARGETS: list[tuple[str, Path, dict]] = [
    ("harvest", DATA / "harvest_us.csv", {}),
    ("harvest", DATA / "harvest_pl_cp1250.csv", {}),
    ("clockify", DATA / "clockify_us.csv", {}),
    ("toggl", REAL / "real" / "toggl" / "toggl_detailed_bom.csv", {}),
    ("stripe-invoices", DATA / "stripe_invoices.csv", {}),
    ("stripe-payments", DATA / "stripe_payments_eu.csv", {}),
    ("quickbooks", DATA / "quickbooks_ar_aging_detail.csv", {"currency": "USD"}),
    ("xero", DATA / "xero_invoices.csv", {}),
    ("freshbooks", DATA / "freshbooks_invoice_details.csv", {}),
    ("fakturownia", DATA / "fakturownia_invoices.json", {}),
    ("infakt", DATA / "infakt_invoices.json", {}),
    ("ksef", DATA / "ksef" / "fa3_kor_credit_note.xml", {}),
    ("ksef", REAL / "sample_fa2.xml", {}),
    ("hubspot-companies", DATA / "hubspot_companies.csv", {}),
    ("hubspot-deals", DATA / "hubspot_deals.csv", {}),
    ("zendesk", DATA / "zendesk_tickets.csv", {}),
    ("freshdesk", DATA / "freshdesk_tickets.csv", {}),
    ("mbox", DATA / "mail" / "agency_takeout.mbox", {"our_domains": {"przykladowa.pl"}}),
    ("eml", DATA / "mail" / "eml" / "utf8_qp.eml", {"our_domains": {"przykladowa.pl"}}),
    ("generic", DATA / "generic_clients.csv", {"mapping": DATA / "generic_clients.toml"}),
    ("rates", DATA / "rates" / "eurofxref-hist.csv", {}),
    ("rates", DATA / "rates" / "nbp_api_tables.json", {}),
    ("payments", DATA / "payments" / "bank_payments.csv", {}),
]
SNAPSHOT_TABLES = ("clients", "staff", "time_entries", "invoices", "payments", "messages",
                   "client_identities", "staff_identities", "record_keys", "exchange_rates")


def _numbers(data: bytes, rng: random.Random) -> bytes:
    import re

    spots = [m for m in re.finditer(rb"\d+(?:[.,]\d+)?", data)]
    if not spots:
        return data
    spot = rng.choice(spots)
    value = rng.choice([str(2**63).encode(), b"1e9", b"-1000000000000", b"99999999999999999999",
                        b"NaN", b"-0", b"1e-30", b"25", b"-1"])
    return data[:spot.start()] + value + data[spot.end():]


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(0, max(len(data), 1))]


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _lines(data: bytes, rng: random.Random) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    position = rng.randrange(len(lines))
    return b"".join(lines[:position + 1] + [lines[position]] + lines[position + 1:])


def _drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data, rng)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def _drop_quote(data: bytes, rng: random.Random) -> bytes:
    quotes = [i for i, byte in enumerate(data) if byte == 0x22]
    if not quotes:
        return data + b'"'
    position = rng.choice(quotes)
    return data[:position] + data[position + 1:]


def _insert(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    piece = rng.choice([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b";;;", b"\"", b"<", b"{",
                        b"&amp;", b"<!ENTITY x 'y'>", "Zażółć".encode("cp1250"),
                        b"\xc3\x28", b"[" * 2000])
    return data[:position] + piece + data[position:]


def _prefix(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n", b"garbage line\n"]) + data


def _long_line(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    return data[:position] + b"x" * (2 << 20) + data[position:]


def _empty(data: bytes, rng: random.Random) -> bytes:
    return b""


def _utf16(data: bytes, rng: random.Random) -> bytes:
    try:
        return data.decode("utf-8-sig").encode("utf-16")
    except UnicodeDecodeError:
        return data


MUTATIONS = {
    "number": _numbers, "cut": _cut, "flip": _flip, "duplicate line": _duplicate_line,
    "drop line": _drop_line, "drop quote": _drop_quote, "insert": _insert, "prefix": _prefix,
    "long line": _long_line, "empty": _empty, "utf-16": _utf16,
}
WEIGHTS = {"number": 6, "cut": 3, "flip": 3, "duplicate line": 3, "drop line": 2,
           "drop quote": 2, "insert": 3, "prefix": 1, "long line": 1, "empty": 1, "utf-16": 1}


@dataclass
class Results:
    variants: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    fallbacks: Counter[str] = field(default_factory=Counter)  # parser exceptions caught late
    # clean errors that name no line or no field: (source, what is missing, reason) -> count
    unplaced: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    max_rss_mb: float = 0.0
    seconds: float = 0.0


def _content(path: Path | str) -> list:
    if isinstance(path, str):  # a PostgreSQL URL
        import sqlalchemy as sa

        engine = sa.create_engine(path)
        with engine.connect() as connection:
            found = [sorted(map(repr, connection.exec_driver_sql(f"SELECT * FROM {t}")))  # noqa: S608
                     for t in SNAPSHOT_TABLES]
        engine.dispose()
        return found
    with sqlite3.connect(path) as connection:
        return [sorted(map(repr, connection.execute(f"SELECT * FROM {t}")))  # noqa: S608
                for t in SNAPSHOT_TABLES]


def _insane(path: Path | str) -> list[str]:
    """Stored values outside their documented domains (importers/limits.py)."""
    from clientfit.importers import limits

    checks = {
        "minutes outside 0-24 h": "SELECT count(*) FROM time_entries WHERE minutes < 0 OR "
                                  f"minutes > {limits.MAX_DAY_MINUTES}",
        "amount beyond the bound": "SELECT (SELECT count(*) FROM invoices WHERE abs(amount_minor)"
                                   f" > {limits.MAX_AMOUNT_MINOR}) + (SELECT count(*) FROM "
                                   f"payments WHERE abs(amount_minor) > {limits.MAX_AMOUNT_MINOR})",
        "cost rate outside 0-1e6": "SELECT count(*) FROM staff WHERE hourly_cost_minor < 0 OR "
                                   f"hourly_cost_minor > {limits.MAX_COST_MINOR}",
        "language not en/pl": "SELECT count(*) FROM clients WHERE language NOT IN ('en', 'pl')",
    }
    if isinstance(path, str):
        import sqlalchemy as sa

        engine = sa.create_engine(path)
        with engine.connect() as connection:
            found = [name for name, sql in checks.items()
                     if connection.exec_driver_sql(sql).scalar()]
        engine.dispose()
        return found
    with sqlite3.connect(path) as connection:
        found = [name for name, sql in checks.items() if connection.execute(sql).fetchone()[0]]
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            found.append("integrity check failed")
    return found


def _workbook(csv_path: Path, path: Path) -> Path:
    """The CSV fixture as an .xlsx workbook, so zip and XML mutations are tried too."""
    import csv

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    workbook.save(path)
    return path


def _baseline(directory: Path, url: str | None = None) -> Path:
    from clientfit.importers.base import Options
    from clientfit.importing import import_paths
    from clientfit.store import open_store

    path = directory / "baseline.db"
    store = open_store(url or f"sqlite:///{path}")
    import_paths(store, "harvest", [DATA / "harvest_us.csv"])
    import_paths(store, "stripe-invoices", [DATA / "stripe_invoices.csv"])
    import_paths(store, "fakturownia", [DATA / "fakturownia_invoices.json"])
    import_paths(store, "rates", [DATA / "rates" / "eurofxref-hist.csv"], Options())
    if url is None:
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


class _Postgres:
    """Each variant in a fresh database copied from a baseline database (CREATE ... TEMPLATE)."""

    def __init__(self, admin_url: str) -> None:
        import uuid

        import sqlalchemy as sa

        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.url = sa.engine.make_url(admin_url)
        self.prefix = f"fuzz_{uuid.uuid4().hex[:8]}"
        self.names: list[str] = []

    def database(self, name: str) -> str:
        with self.admin.connect() as connection:
            template = f' TEMPLATE "{self.prefix}_base"' if name != "base" else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{self.prefix}_{name}"{template}')
        self.names.append(f"{self.prefix}_{name}")
        return self.url.set(database=f"{self.prefix}_{name}").render_as_string(
            hide_password=False)

    def drop(self, url: str) -> None:
        import sqlalchemy as sa

        name = sa.engine.make_url(url).database
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        with self.admin.connect() as connection:
            for name in self.names:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def run(variants: int, seed: int, log: bool = False, postgres: str | None = None) -> Results:
    """Import `variants` mutated files; the outcomes, with every failure described."""
    from clientfit.errors import InputError
    from clientfit.importers.base import Options
    from clientfit.importing import import_paths
    from clientfit.store import open_store

    rng = random.Random(seed)
    results = Results()
    started = time.perf_counter()
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        pg = _Postgres(postgres) if postgres else None
        base_url = pg.database("base") if pg else None
        baseline = _baseline(directory, base_url)
        targets = [t for t in TARGETS if t[1].exists()] + [
            ("harvest", _workbook(DATA / "harvest_us.csv", directory / "harvest.xlsx"), {})]
        if pg and base_url:
            import sqlalchemy as sa

            engine = sa.create_engine(base_url)  # no session may stay on a template
            engine.dispose()
        before = _content(base_url or baseline)
        for number in range(variants):
            source, fixture, extra = targets[number % len(targets)]
            mutation = rng.choices(names, weights)[0]
            data = MUTATIONS[mutation](fixture.read_bytes(), rng)
            variant = directory / f"v{number}{fixture.suffix}"
            variant.write_bytes(data)
            if pg:
                database: Path | str = pg.database(f"v{number}")
                store = open_store(str(database), migrate=False)
            else:
                database = directory / f"store{number}.db"  # never a stale WAL of another run
                shutil.copy(baseline, database)
                store = open_store(f"sqlite:///{database}", migrate=False)
            options = Options(**{k: frozenset(v) if isinstance(v, set) else v
                                 for k, v in extra.items()})
            what = f"{source} {fixture.name} [{mutation}] seed={seed} variant={number}"
            try:
                import_paths(store, source, [variant], options)
                problems = _insane(database)
                outcome = "corrupt" if problems else "accepted"
                if problems:
                    results.failures.append(f"{what}: {', '.join(problems)}")
            except InputError as error:
                changed = _content(database) != before
                outcome = "corrupt" if changed else "clean"
                if error.reason.startswith("unreadable ") and "Error:" in error.reason:
                    results.fallbacks[error.reason.split("(")[1].split(":")[0]] += 1
                if changed or not error.file:
                    results.failures.append(f"{what}: failed and changed the store: {error}")
                missing = " and ".join(name for name, value in (
                    ("line", error.line), ("field", error.field)) if not value)
                if missing:
                    results.unplaced[(source, missing, _reason_kind(error.reason))] += 1
            except Exception:  # noqa: BLE001 - what the fuzzer is here to find
                outcome = "crash"
                results.failures.append(f"{what}: {traceback.format_exc(limit=3)}")
            finally:
                store.dispose()
                variant.unlink()
                for leftover in directory.glob(f"store{number}.db*"):
                    leftover.unlink()
                if pg:
                    pg.drop(str(database))
            results.variants += 1
            results.outcomes[outcome] += 1
            results.by_source.setdefault(source, Counter())[outcome] += 1
            if log and outcome in ("crash", "corrupt"):
                print(results.failures[-1], file=sys.stderr)
        if pg:
            pg.close()
    results.seconds = time.perf_counter() - started
    results.max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _reason_kind(reason: str) -> str:
    """A reason without its quoted values and numbers, to group alike messages."""
    import re

    return re.sub(r"\d+", "N", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", reason))[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--postgres", metavar="ADMIN_URL",
                        help="run each variant in a PostgreSQL database copied from a baseline")
    arguments = parser.parse_args()
    results = run(arguments.variants, arguments.seed, log=True, postgres=arguments.postgres)
    print(f"variants {results.variants}  clean errors {results.outcomes['clean']}  "
          f"accepted {results.outcomes['accepted']}  tracebacks {results.outcomes['crash']}  "
          f"silent corruptions {results.outcomes['corrupt']}  "
          f"({results.seconds:.0f} s, peak RSS {results.max_rss_mb:.0f} MB)")
    print(f"  of the clean errors, parser exceptions reported by the catch-all: "
          f"{dict(results.fallbacks.most_common())}")
    for source, counts in sorted(results.by_source.items()):
        print(f"  {source:18} " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"  clean errors naming no line or no field: {sum(results.unplaced.values())}")
    for (source, missing, reason), count in sorted(results.unplaced.items()):
        print(f"    {count:4}  {source:18} no {missing}: {reason}")
    sys.exit(1 if results.outcomes["crash"] or results.outcomes["corrupt"] else 0)


if __name__ == "__main__":
    main()
