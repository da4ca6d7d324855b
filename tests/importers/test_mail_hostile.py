"""Mail files as editors and broken tools leave them (issue 17): a UTF-8 BOM is accepted,
a pathological single-line file is refused before parsing."""

from __future__ import annotations

import pytest

from clientfit.errors import InputError
from clientfit.importing import import_paths, plan
from tests.importers.helpers import fresh_store, snapshot
from tests.importers.test_messages import MAIL, OURS, _known_clients

BOM = b"\xef\xbb\xbf"


def _with_bom(tmp_path, source, name):
    path = tmp_path / name
    path.write_bytes(BOM + source.read_bytes())
    return path


@pytest.mark.parametrize(("source", "kind", "name"), [
    (MAIL / "agency_takeout.mbox", "mbox", "bom.mbox"),
    (MAIL / "eml" / "utf8_qp.eml", "eml", "bom.eml"),
])
def test_a_bom_at_the_start_imports_like_the_file_without(tmp_path, source, kind, name):
    plain = fresh_store(f"sqlite:///{tmp_path / 'plain.db'}")
    _known_clients(plain)
    import_paths(plain, kind, [source], OURS)
    store = fresh_store(f"sqlite:///{tmp_path / 'bom.db'}")
    _known_clients(store)
    path = _with_bom(tmp_path, source, name)
    assert [i.name for i, _p in plan("auto", [path])] == [kind]
    import_paths(store, kind, [path], OURS)
    mine, theirs = snapshot(store), snapshot(plain)
    mine["imports"] = theirs["imports"] = []
    assert mine == theirs


@pytest.mark.parametrize(("kind", "name", "head"), [
    ("mbox", "one_line.mbox", b"From x@y.pl Mon Jan  5 10:00:00 2026\nSubject: "),
    ("eml", "one_line.eml", b"From: a@zolc.pl\nSubject: "),
])
def test_a_single_enormous_line_is_refused_before_parsing(tmp_path, kind, name, head):
    store = fresh_store(f"sqlite:///{tmp_path / 's.db'}")
    _known_clients(store)
    before = snapshot(store)
    path = tmp_path / name
    path.write_bytes(head + b"x" * (3 << 20) + b"\n")
    with pytest.raises(InputError) as caught:
        import_paths(store, kind, [path], OURS)
    assert "longer than 1 MB" in str(caught.value)
    assert snapshot(store) == before
