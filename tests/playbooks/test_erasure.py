"""GDPR / RODO erasure at the end of an offboarding: export first, then erase the client's
message bodies and contact data from every table, keeping what accounting law requires.
Checked by scanning the database itself (the SQLite file bytes; every text column)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from clientfit import cases, service
from clientfit.errors import InvalidTransition
from clientfit.store import cases as case_rows
from clientfit.store import open_store
from tests.playbooks.small import small_bundle

pytestmark = pytest.mark.slow  # real stores and an assessment per test

SECRET = "zx81-planted-7q3k"
START = date(2026, 7, 1)


def text_hits(store) -> list[str]:
    """table.column of every stored text value containing the secret."""
    hits = []
    with store.reading() as connection:
        metadata = sa.MetaData()
        metadata.reflect(connection)
        for table in metadata.tables.values():
            for column in table.columns:
                if not isinstance(column.type, sa.String | sa.Text):
                    continue
                found = connection.execute(sa.select(sa.func.count()).select_from(table).where(
                    column.contains(SECRET))).scalar()
                if found:
                    hits.append(f"{table.name}.{column.name}")
    return sorted(set(hits))


def file_bytes(store) -> bytes:
    path = Path(sa.engine.make_url(store.url).database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal"))
                    if p.exists())


@pytest.fixture
def store(db_url, tmp_path):
    store = open_store(db_url)
    service.import_bundle(store, small_bundle(tmp_path / "bundle", secret=SECRET))
    yield store
    store.dispose()


def test_every_table_holding_client_rows_is_in_the_erasure_plan(store):
    with store.reading() as connection:
        assert case_rows.unclassified_tables(connection) == []


def test_erasure_exports_then_removes_personal_data_everywhere(store, tmp_path):
    case = cases.open_case(store, "C1", actor="anna", playbook="RELEASE", start_date=START,
                           contact_name="Jan Nowak", contact_email=f"jan@{SECRET}.example")
    due = case.step("erase_personal_data").due_date
    with pytest.raises(InvalidTransition, match=f"scheduled for {due}"):
        cases.erase_personal_data(store, case.case_id, actor="ben", export_dir=tmp_path / "x",
                                  today=date.fromordinal(due.toordinal() - 1))
    assert not (tmp_path / "x").exists()
    # message_analyses: each message's stored analysis (keyed by the message id, which names
    # the client's domain) goes with its message; the reader may also quote a sentence of the
    # message as its evidence
    hits = set(text_hits(store))
    must = {"cases.contact_email", "client_identities.value", "clients.email_domain",
            "message_analyses.message_id", "messages.body", "messages.message_id"}
    assert must <= hits <= must | {"message_analyses.evidence"}
    if store.dialect == "sqlite":
        assert SECRET.encode() in file_bytes(store)  # the scan can see it before erasure

    erasure = cases.erase_personal_data(store, case.case_id, actor="ben",
                                        export_dir=tmp_path / "gdpr", today=due)

    exported = json.loads(erasure.export.read_text(encoding="utf-8"))
    assert len(exported["messages"]) == 6 and SECRET in exported["messages"][0]["body"]
    assert text_hits(store) == []
    if store.dialect == "sqlite":
        assert SECRET.encode() not in file_bytes(store)
    with store.reading() as connection:
        def count(table: str, client_id: str) -> int:
            return connection.execute(sa.text(
                f"SELECT count(*) FROM {table} WHERE client_id = :c"), {"c": client_id}).scalar()
        remaining = {(t, c): count(t, c) for t in ("messages", "invoices") for c in ("C1", "C2")}
        client = case_rows.client_row(connection, "C1")
    assert erasure.rows["messages"] == 6
    assert remaining == {("messages", "C1"): 0, ("messages", "C2"): 6,  # others' mail stays
                         ("invoices", "C1"): 6, ("invoices", "C2"): 6}  # accounting law
    assert (client["legal_name"], client["tax_id"]) == ("Klient Jeden Sp. z o.o.", "5260250274")
    assert client["email_domain"] is None
    case = cases.get_case(store, case.case_id)
    assert case.erased_at is not None and case.contact_email is None
    assert {case.step(k).status for k in ("export_personal_data", "erase_personal_data")} == \
        {"done"}
    actions = [e["action"] for e in cases.case_history(store, case.case_id)]
    assert actions[-2:] == ["data.export", "data.erase"]
    with pytest.raises(InvalidTransition, match="already done"):
        cases.erase_personal_data(store, case.case_id, actor="ben", export_dir=tmp_path, today=due)
