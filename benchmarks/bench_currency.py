"""What converting a portfolio in several currencies costs `assess` (issue 12).

Builds one demo bundle of N clients and loads it twice into SQLite: as generated (one
currency, EUR: nothing to convert, the peer) and relabelled (every third client's invoices and
payments in USD, half the staff's cost rates in PLN) with ECB reference rates for every business
day (`eurofxref-hist.csv` layout, imported with `clientfit import rates`). Each store is
assessed once to store the message analyses, then timed `--repeat` times, interleaved; the
table gives the best time of each and the ratio (mixed / single), plus the records converted.

    .venv/bin/python benchmarks/bench_currency.py --clients 2000
    .venv/bin/python benchmarks/bench_currency.py --work /tmp/bench-currency-XXXX  # reuse
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def relabel(bundle: Path, out: Path) -> None:
    """The bundle with every third client in USD and half the staff's cost rates in PLN."""
    import shutil

    shutil.copytree(bundle, out)
    clients = sorted(r["client_id"] for r in csv.DictReader((bundle / "clients.csv").open()))
    usd = set(clients[1::3])
    invoices: dict[str, str] = {}

    def rewrite(name: str, change) -> None:
        with (bundle / name).open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = [change(row) for row in reader]
            fields = reader.fieldnames or []
        with (out / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)

    def invoice(row):
        invoices[row["invoice_id"]] = row["client_id"]
        if row["client_id"] in usd:
            row["currency"] = "USD"
        return row

    def payment(row):
        if invoices.get(row["invoice_id"]) in usd:
            row["currency"] = "USD"
        return row

    def client(row):
        if row["client_id"] in usd:
            row["currency"] = "USD"
        return row

    def staff(row):
        if int(row["staff_id"].lstrip("S") or 0) % 2:
            row["currency"] = "PLN"
            row["hourly_cost"] = f"{float(row['hourly_cost']) * 4.3:.2f}"
        return row

    rewrite("clients.csv", client)
    rewrite("invoices.csv", invoice)
    rewrite("payments.csv", payment)
    rewrite("staff.csv", staff)


def ecb_rates(path: Path, first: date, last: date) -> int:
    lines = ["Date,USD,JPY,PLN,"]
    day, count = last, 0
    while day >= first:
        if day.weekday() < 5:
            n = day.toordinal()
            lines.append(f"{day.isoformat()},{1.05 + (n * 37 % 100) / 1000:.4f},N/A,"
                         f"{4.25 + (n * 53 % 100) / 1000:.4f},")
            count += 1
        day -= timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder of an earlier run's stores to reuse")
    args = parser.parse_args()

    from clientfit import importing, service
    from clientfit.demo import generate_bundle
    from clientfit.store import open_store

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-currency-"))
    reuse = (work / "mixed.db").exists()
    if not reuse:
        generate_bundle(work / "single", clients=args.clients, seed=7)
        relabel(work / "single", work / "mixed")
    days = [r["issue_date"] for r in csv.DictReader((work / "single" / "invoices.csv").open())]
    rates = ecb_rates(work / "eurofxref-hist.csv",
                      date.fromisoformat(min(days)) - timedelta(days=40), date.today())
    stores = {}
    for name in ("single", "mixed"):
        store = open_store(f"sqlite:///{work / name}.db")
        if not reuse:
            service.import_bundle(store, work / name)
            if name == "mixed":
                importing.import_paths(store, "rates", [work / "eurofxref-hist.csv"])
            service.assess(store)  # stores the message analyses
        stores[name] = store
    print(f"stores in {work}")
    best = {name: float("inf") for name in stores}
    converted, reporting = 0, ""
    for _ in range(args.repeat):
        for name, store in stores.items():
            started = time.perf_counter()
            run = service.assess(store)
            best[name] = min(best[name], time.perf_counter() - started)
            if name == "mixed":
                converted = len(run.conversion.quotes)
                reporting = f"{run.currency} ({run.conversion.chosen_by})"
    clients = len(list(csv.DictReader((work / "single" / "clients.csv").open())))
    print(f"clients {clients}, ECB rate days {rates}, best of {args.repeat}")
    print("| store | currencies | records converted | assess seconds | ratio |")
    print("|---|---|---|---|---|")
    print(f"| single | EUR | 0 | {best['single']:.2f} | 1.00x |")
    print(f"| mixed | USD, PLN -> {reporting} | {converted:,} | {best['mixed']:.2f} | "
          f"{best['mixed'] / best['single']:.2f}x |")


if __name__ == "__main__":
    main()
