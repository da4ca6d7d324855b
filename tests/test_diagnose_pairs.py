"""benchmarks/diagnose_pairs.py: the table of what the pair rules saw (issue 14, e14x)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import diagnose_pairs as diag  # noqa: E402

SEED = Path("/work/seeds_dev/seed_701")  # author G, dev: a seed with planted RESET / REASSIGN


def test_about_the_owner_reads_the_author_not_the_quote() -> None:
    assert diag.about_the_owner("Hi Gillian, I'd like fewer lectures on best practice. Carlos")
    assert diag.about_the_owner("Dzień dobry, czy Wojciech mógłby znowu dołączać do spotkań?")
    assert not diag.about_the_owner("Hi Shane, could you send the coverage log? Thanks")
    # a phrase only in the quoted reply below is not the author's
    assert not diag.about_the_owner("Thanks, noted.\n\nOn Mon, Anna wrote:\n> fewer lectures")


def test_cause_follows_the_stopping_condition_and_the_counterfactual() -> None:
    row = diag.Row("seed_701", "X", "RESET", "reset", "KEEP",
                   {"stopped": "about: chance 0.019 >= 0.01", "ab_rec": 4, "perfect": "RESET"})
    assert diag.cause(row).startswith("(a)")
    row.values["perfect"] = "KEEP"
    assert diag.cause(row).startswith("(b)")
    row.values["ab_rec"] = 1
    assert diag.cause(row).startswith("(e)")
    row.values.update(stopped="split: judged persistent", ab_rec=4)
    assert diag.cause(row).startswith("(d)")
    without = diag.Row("s", "Y", "REASSIGN", "reassign", "KEEP",
                       {"stopped": "span: 2 colleague msgs < 3"})
    assert diag.cause(without).startswith("(c)")


@pytest.mark.skipif(not SEED.is_dir(), reason="author G's dev seed 701 is not on this machine")
def test_the_table_on_a_dev_seed(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "diagnose_pairs.py"), str(SEED),
         "--work", str(tmp_path), "--keep", "1", "--oracle"],
        capture_output=True, text=True, timeout=1200,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("seed "))
    assert header.split() == list(diag.COLUMNS)
    rows = [line for line in lines if line.startswith("seed_701 ")]
    truths = [line.split()[line.split().index("seed_701") + 1:] for line in rows]
    assert any("RESET" in t for t in truths) and any("REASSIGN" in t for t in truths)
    # 7 pair clients on this seed, every one with a decision and a perfect-recall decision
    summary = lines[lines.index("=== all seeds") + 1]
    assert summary.startswith("pair clients 7, right ")
    assert any(line.startswith("with perfect recall") for line in lines)
