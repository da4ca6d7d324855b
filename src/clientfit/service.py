"""Use cases the surfaces call: import a bundle, assess the portfolio, explain one client."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from clientfit.assessment import Policy, load_policy
from clientfit.domain import Assessment, Decision, EvidenceRef, Window
from clientfit.errors import ClientfitError, InputError, NotFound
from clientfit.fx import RateBook
from clientfit.importers import bundle
from clientfit.importers.resolve import remember_identities
from clientfit.signals.conversion import Conversion
from clientfit.signals.friction import staff_on_clients
from clientfit.stages import Inputs, Progress, no_progress, run_stages
from clientfit.store import Store, decisions, queries, schema
from clientfit.store.loader import LoadCounts, existing_ids, upsert
from clientfit.windows import window_ending


@dataclass
class ImportSummary:
    source: str
    path: str
    per_file: dict[str, LoadCounts] = field(default_factory=dict)

    @property
    def total(self) -> LoadCounts:
        total = LoadCounts()
        for counts in self.per_file.values():
            total += counts
        return total


def import_bundle(store: Store, directory: str | Path) -> ImportSummary:
    """Load a bundle in one transaction: all of it, or (on any bad row) nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), None, None, "not a directory")
    bundle.check_manifest(directory)
    summary = ImportSummary(source="bundle", path=str(directory))
    with store.transaction() as connection:
        known: dict[str, set[Any]] = {}
        for bundle_file in bundle.FILES:
            path = directory / bundle_file.name
            if not path.exists():
                continue
            rows = _checked_rows(connection, path, bundle_file, known)
            summary.per_file[bundle_file.name] = upsert(connection, bundle_file.table, rows)
        remember_identities(connection, "bundle")  # later exports find these clients and staff
        total = summary.total
        connection.execute(sa.insert(schema.imports).values(
            source="bundle",
            path=str(directory.resolve()),
            fingerprint=_fingerprint(directory),
            imported_at=datetime.now(UTC).replace(tzinfo=None),
            rows_read=total.read,
            added=total.added,
            updated=total.updated,
            unchanged=total.unchanged,
        ))
    return summary


REFERENCED_TABLES = {"staff": schema.staff, "clients": schema.clients, "invoices": schema.invoices}


def _checked_rows(
    connection: sa.Connection,
    path: Path,
    bundle_file: bundle.BundleFile,
    known: dict[str, set[Any]],
) -> Iterator[dict[str, Any]]:
    """Rows of one file, each checked to refer only to records that exist."""
    table_name = bundle_file.table.name
    own_ids = None
    if table_name in REFERENCED_TABLES:
        if table_name not in known:
            known[table_name] = existing_ids(connection, REFERENCED_TABLES[table_name])
        own_ids = known[table_name]
    for line, row in bundle.read_rows(path, bundle_file):
        for item in bundle_file.fields:
            value = row.get(item.target)
            if item.references is None or value is None:
                continue
            if item.references not in known:
                known[item.references] = existing_ids(
                    connection, REFERENCED_TABLES[item.references]
                )
            if value not in known[item.references]:
                raise InputError(
                    str(path), line, item.column, f"refers to unknown {item.references} {value!r}"
                )
        if own_ids is not None:
            own_ids.add(row[bundle_file.key[0]])
        yield row


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for bundle_file in bundle.FILES:
        path = directory / bundle_file.name
        if path.exists():
            digest.update(bundle_file.name.encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


@dataclass
class AssessmentRun:
    window: Window
    currency: str | None
    policy: Policy
    assessments: list[Assessment]
    staff: dict[str, str]
    conversion: Conversion | None = None

    def owner_name(self, assessment: Assessment) -> str | None:
        return self.staff.get(assessment.owner or "", assessment.owner)


def resolve_as_of(store: Store, as_of: date | None) -> date:
    if as_of is not None:
        return as_of
    with store.reading() as connection:
        latest = queries.latest_record_date(connection)
    if latest is None:
        raise ClientfitError("the store holds no dated records yet: import some data first")
    return latest


def assess(
    store: Store,
    *,
    as_of: date | None = None,
    window: str = "12m",
    policy: Policy | None = None,
    reuse_analyses: bool = True,
    currency: str | None = None,
    progress: Progress = no_progress,
) -> AssessmentRun:
    """Signals and a decision for every active client over the window ending on `as_of`.

    Each message's text analysis is stored once and reused (`reuse_analyses=False` analyses
    every message again without storing anything: the reference path for benchmarks).
    Money is in `currency`, else the policy's `currency.reporting`, else the currency with the
    most revenue (signals.conversion). `progress(stage, done, total)` hears each stage start
    and end (the CLI draws bars with it). The stages themselves are `stages.run_stages`,
    shared with the engines."""
    policy = policy or load_policy()
    period = window_ending(resolve_as_of(store, as_of), window)
    with store.reading() as sql:
        staff = queries.staff_names(sql)
        assigned = staff_on_clients(queries.assignment_pairs(sql))
        overrides = decisions.active_overrides(sql)

    def rate_book(currencies: set[str]) -> RateBook:
        with store.reading() as sql:
            rates = queries.exchange_rates(sql, currencies | {"PLN", "EUR"})
        return RateBook(rates, str(policy.get("currency", "rate_day")),
                        int(policy.get("currency", "max_rate_age_days")))

    raw = store.ibis()
    try:
        result = run_stages(raw, period, policy, Inputs(staff, assigned, overrides, rate_book),
                            currency=currency, analyses_sink=store,
                            reuse_analyses=reuse_analyses, progress=progress)
    finally:
        raw.disconnect()
    return AssessmentRun(result.window, result.currency, policy, result.assessments, staff,
                         result.conversion)


def override_decision(
    store: Store, client_id: str, decision: Decision | str, *, reason: str, actor: str,
    computed: Decision | None = None,
) -> int:
    """Record a person's decision for a client, with the reason; it shows in every later
    assessment until revoked. Nothing is acted on automatically."""
    decision = _decision(decision)
    if not reason or not reason.strip():
        raise ClientfitError("an override needs a reason: say why the decision is different")
    if not actor or not actor.strip():
        raise ClientfitError("an override needs the name of the person making it")
    with store.transaction() as connection:
        _require_client(connection, client_id)
        decisions.revoke_overrides(connection, client_id=client_id, actor=actor,
                                   reason=f"replaced by a new override: {reason.strip()}")
        return decisions.insert_override(
            connection, client_id=client_id, decision=decision.value, reason=reason.strip(),
            actor=actor.strip(), original_decision=computed.value if computed else None,
        )


def revoke_override(store: Store, client_id: str, *, reason: str, actor: str) -> int:
    if not reason or not reason.strip():
        raise ClientfitError("revoking an override needs a reason")
    with store.transaction() as connection:
        _require_client(connection, client_id)
        return decisions.revoke_overrides(connection, client_id=client_id, reason=reason.strip(),
                                          actor=actor)


def _decision(value: Decision | str) -> Decision:
    try:
        return Decision(str(value).upper())
    except ValueError:
        valid = ", ".join(d.value for d in Decision)
        raise ClientfitError(f"unknown decision {value!r}; valid: {valid}") from None


def _require_client(connection: sa.Connection, client_id: str) -> None:
    if not queries.client_exists(connection, client_id):
        raise NotFound(f"no client with id {client_id!r}")


def explain(store: Store, client: str, **options: Any) -> tuple[Assessment, AssessmentRun,
                                                                 dict[EvidenceRef, dict]]:
    """One client's assessment, with the stored records behind each reason."""
    with store.reading() as connection:
        matches = queries.find_clients(connection, client)
    if not matches:
        raise NotFound(f"no client with id or name {client!r}")
    if len(matches) > 1:
        listed = ", ".join(f"{row['client_id']} ({row['name']})" for row in matches[:10])
        raise NotFound(f"{client!r} matches {len(matches)} clients: {listed}; use the id")
    client_id = matches[0]["client_id"]
    run = assess(store, **options)
    found = [a for a in run.assessments if a.client_id == client_id]
    if not found:
        raise NotFound(
            f"client {client_id} ({matches[0]['name']}) is not active on {run.window.as_of}"
        )
    assessment = found[0]
    refs = [ref for reason in assessment.reasons for ref in reason.evidence]
    with store.reading() as connection:
        records = queries.evidence_records(connection, refs)
    return assessment, run, records
