"""What the person running an import can say about the files (shared by every importer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Options:
    """What the person running the import can say about the files."""

    date_format: str | None = None  # iso, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy; None: sniff
    encoding: str | None = None  # None: detect
    our_domains: frozenset[str] = frozenset()  # mail from these is "out"
    our_tax_id: str | None = None  # KSeF invoices from another seller are purchases: skipped
    mapping: Path | None = None  # the generic CSV importer's column mapping
    on_read: Callable[[int], None] | None = None  # bytes read, for a progress bar
