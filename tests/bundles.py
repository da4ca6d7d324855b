"""Write tiny hand-made bundles for tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from clientfit.importers.bundle import FILES_BY_NAME

DEFAULT_STAFF = [{"staff_id": "S1", "name": "Anna", "hourly_cost": "60.00", "currency": "EUR"}]


def client(client_id: str = "C1", **fields: Any) -> dict[str, Any]:
    row = {"client_id": client_id, "name": f"Client {client_id}", "language": "en",
           "currency": "EUR", "kind": "retainer", "started_on": "2024-01-01",
           "owner_staff_id": "S1"}
    row.update(fields)
    return row


def write_bundle(directory: Path, **files: list[dict[str, Any]]) -> Path:
    """write_bundle(path, clients=[...], invoices=[...]) -> path; staff defaults to one person."""
    directory.mkdir(parents=True, exist_ok=True)
    files.setdefault("staff", DEFAULT_STAFF)
    for stem, rows in files.items():
        spec = FILES_BY_NAME[f"{stem}.csv"]
        with (directory / f"{stem}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[f.column for f in spec.fields])
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
    return directory
