"""The demo generator: deterministic, every decision planted, clients stable across sizes."""

from __future__ import annotations

import csv
import filecmp

from clientfit.demo import generate_bundle
from clientfit.importers.bundle import FILES


def read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_gives_identical_files(tmp_path):
    a = generate_bundle(tmp_path / "a", clients=15, seed=4).directory
    b = generate_bundle(tmp_path / "b", clients=15, seed=4).directory
    names = [f.name for f in FILES] + ["ground_truth.csv", "manifest.json"]
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(names)


def test_other_seed_gives_other_data(tmp_path):
    a = generate_bundle(tmp_path / "a", clients=15, seed=4).directory
    b = generate_bundle(tmp_path / "b", clients=15, seed=5).directory
    assert (a / "invoices.csv").read_bytes() != (b / "invoices.csv").read_bytes()


def test_messages_are_in_english_and_polish_and_some_lose_diacritics(tmp_path):
    bundle = generate_bundle(tmp_path / "d", clients=40, seed=1).directory
    messages = read(bundle / "messages.csv")
    assert {m["language"] for m in messages} == {"en", "pl"}
    polish = [m["body"] for m in messages if m["language"] == "pl" and m["direction"] == "in"]
    assert any("ę" in b or "ą" in b or "ł" in b for b in polish)
    assert any("prosze" in b.lower() or "dzien dobry" in b.lower() for b in polish)


def test_planted_pairs_name_the_friction_and_the_better_fit(tmp_path):
    bundle = generate_bundle(tmp_path / "d", clients=30, seed=2).directory
    truth = read(bundle / "ground_truth.csv")
    mismatched = [t for t in truth if t["archetype"].startswith("pair_mismatch")]
    assert mismatched
    for row in mismatched:
        assert row["friction_staff_id"] == row["owner_staff_id"]
        assert row["better_fit_staff_id"] not in ("", row["owner_staff_id"])


def test_small_portfolio_still_plants_its_first_archetypes(tmp_path):
    bundle = generate_bundle(tmp_path / "d", clients=3, seed=2).directory
    assert len(read(bundle / "clients.csv")) == 3
    assert {t["archetype"] for t in read(bundle / "ground_truth.csv")} == {
        "star", "steady", "scope_creep"}


def test_parallel_chunks_write_the_same_bundle(tmp_path, monkeypatch):
    from clientfit.demo import generator

    whole = generate_bundle(tmp_path / "whole", clients=25, seed=9).directory
    monkeypatch.setattr(generator, "CHUNK_CLIENTS", 7)
    chunked = generate_bundle(tmp_path / "chunked", clients=25, seed=9).directory
    names = [f.name for f in FILES] + ["ground_truth.csv"]
    match, mismatch, errors = filecmp.cmpfiles(whole, chunked, names, shallow=False)
    assert mismatch == [] and errors == []
    assert not list(chunked.glob(".chunk-*"))
