"""The default analyzer against the held-out evaluation set (tests/data/text_eval/GUIDE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientfit.text import LABELS, get_analyzer
from clientfit.text.evaluation import evaluate, load_labelled
from clientfit.text.normalize import fold

DATA = Path(__file__).resolve().parents[1] / "data"
EVAL = load_labelled(DATA / "text_eval" / "messages.jsonl")
TUNING = load_labelled(DATA / "text_tuning" / "messages.jsonl")

# Floors set a little below the figures measured when the set was first scored
# (benchmarks/RESULTS.md, "## Text"); a drop below them is a regression.
TONE_FLOOR = 0.85
LABEL_F1_FLOOR = {"complaint": 0.80, "threat": 0.85, "demand": 0.85, "praise": 0.80,
                  "apology": 0.90, "question": 0.95}


@pytest.fixture(scope="module")
def scored():
    return evaluate(get_analyzer("default"), EVAL)


def test_eval_set_is_as_documented() -> None:
    assert len(EVAL) >= 400
    assert sum(m.lang == "pl" for m in EVAL) * 2 >= len(EVAL)
    tags = {t for m in EVAL for t in m.tags}
    assert {"quoted", "sarcasm", "negation", "mixed", "nodiac"} <= tags
    assert {label for m in EVAL for label in m.labels} == set(LABELS)
    assert len({m.id for m in EVAL}) == len(EVAL)


def test_tuning_data_is_apart_from_the_eval_set() -> None:
    eval_bodies = {fold(m.body) for m in EVAL}
    assert not eval_bodies & {fold(m.body) for m in TUNING}
    assert not {m.id for m in EVAL} & {m.id for m in TUNING}


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_tone_accuracy_floor_per_language(scored, lang: str) -> None:
    groups, _ = scored
    assert groups[lang].tone_accuracy >= TONE_FLOOR
    assert groups[lang].lang_correct / groups[lang].n >= 0.97


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("label", LABELS)
def test_label_f1_floor_per_language(scored, lang: str, label: str) -> None:
    s = scored[0][lang]
    p, r = s.precision(label), s.recall(label)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    assert f1 >= LABEL_F1_FLOOR[label], (p, r)


def test_every_label_has_evidence_words_from_the_message(scored) -> None:
    _, pairs = scored
    for gold, got in pairs:
        source = fold(gold.subject + "\n" + gold.body)
        for label in got.labels:
            assert got.evidence.get(label), (gold.id, label)
            for words in got.evidence[label]:
                assert fold(words) in source, (gold.id, label, words)


def test_subsets_quoted_negation_sarcasm_nodiac(scored) -> None:
    _, pairs = scored
    for tag in ("quoted", "negation", "sarcasm", "nodiac", "mixed"):
        sub = [(g, a) for g, a in pairs if tag in g.tags]
        accuracy = sum(a.tone == g.tone for g, a in sub) / len(sub)
        assert accuracy >= 0.75, (tag, accuracy)


def test_polish_eval_messages_read_the_same_without_diacritics() -> None:
    analyzer = get_analyzer("default")
    same = total = 0
    for m in EVAL:
        if m.lang != "pl" or "nodiac" in m.tags:
            continue
        plain_body = "".join(fold(c).upper() if c.isupper() else fold(c) for c in m.body)
        plain_subject = "".join(fold(c).upper() if c.isupper() else fold(c) for c in m.subject)
        a = analyzer.analyze(m.subject, m.body, lang="pl")
        b = analyzer.analyze(plain_subject, plain_body, lang="pl")
        total += 1
        same += a.labels == b.labels and a.tone == b.tone
    assert same / total >= 0.95
