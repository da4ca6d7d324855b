"""Labels with evidence and the tone score of a text, from its scored sentences."""

from __future__ import annotations

import math
import re
from typing import Final

from clientfit.text.analysis import (
    CATEGORIES,
    CATEGORIES_IN,
    CATEGORIES_OUT,
    LABELS,
    LEGACY_LABEL,
    MessageAnalysis,
)
from clientfit.text.rules import COMPLAINING
from clientfit.text.sentences import ListedWord, SentenceSpan

NEGATIVE_AT: Final = -0.15
POSITIVE_AT: Final = 0.25
_ALPHA: Final = 8.0  # score = x / sqrt(x^2 + alpha)
COMPLAINT_SENTENCE: Final = -1.6  # lexicon sum of a sentence that makes it a complaint
_COMPLAINT_WORD: Final = -1.4
_PRAISE_WORD: Final = 2.5
_SARCASM_WEIGHT: Final = -2.0
_APOLOGY_DAMPING: Final = 0.2
_CLAUSE_SPLIT: Final = re.compile(r"[:;\u2013\u2014]\s+| - ")


def combine(text: str, lang: str, sents: list[SentenceSpan], direction: str = ""
            ) -> MessageAnalysis:
    """Labels with evidence and the tone score from the scored sentences; `direction` ("in",
    "out" or "" when not known) chooses which categories may be reported."""
    evidence: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    tone_words: list[tuple[float, str]] = []
    questions: list[str] = []
    total = 0.0
    for s in sents:
        question = s.text[-1] == "?"
        if question:
            _add(evidence, "question", _question_words(s.text))
            questions.append(s.text)
        values, hits, sarcastic, apology = s.values, s.hits, s.sarcastic, s.apology
        if not (values or hits or s.negated_hits or sarcastic):
            continue
        contrast_at = s.contrast_at
        negative_complaint = False
        for h in hits or ():
            if h.rule.label in COMPLAINING:
                negative_complaint = True
                break
        sentence_total = 0.0
        lexicon_negative = 0.0
        for t, value in values or ():
            if value < 0 and not apology:
                lexicon_negative += value
            if sarcastic and value > 0:
                value = -value
            if apology and value < 0:
                value *= _APOLOGY_DAMPING
            if contrast_at is not None:
                value *= 0.5 if t.start < contrast_at else 1.5
            sentence_total += value
            tone_words.append((value, text[t.start:t.end]))
        if values and not apology and lexicon_negative <= COMPLAINT_SENTENCE and not sarcastic:
            for t, v in values:
                if v <= _COMPLAINT_WORD:
                    _add(evidence, "complaint", text[_negated_start(s, t):t.end])
        if values and not sarcastic and not negative_complaint and not question:
            for t, v in values:
                if v >= _PRAISE_WORD:
                    _add(evidence, "praise", text[t.start:t.end])
        ironic = sarcastic or (negative_complaint and contrast_at is None)
        for h in hits or ():
            rule = h.rule
            label, phrase = rule.label, text[h.start:h.end].strip(" ,.")
            weight = rule.weight
            if contrast_at is not None:
                weight *= 0.5 if h.start < contrast_at else 1.5
            if label == "praise" and ironic:
                _add(evidence, "complaint", phrase)
                sentence_total -= abs(weight)
                continue
            if apology and label in COMPLAINING:
                continue
            sentence_total += weight
            tone_words.append((weight, phrase))
            if label == "tone":
                continue
            _add(evidence, label, phrase)
            if rule.kind and (label == "threat" or label == "demand"):
                _add(kinds, label, rule.kind)
                if rule.kind == "scope":
                    _add(evidence, "scope_request", phrase)
        for h in s.negated_hits or ():
            phrase = text[h.start:h.end].strip(" ,.")
            if h.rule.label == "praise":
                _add(evidence, "complaint", phrase)
                sentence_total -= abs(h.rule.weight) * 0.8
            else:
                sentence_total += abs(h.rule.weight) * 0.5
        if sarcastic:
            sentence_total += _SARCASM_WEIGHT
            for phrase in s.sarcasm_evidence or ():
                _add(evidence, "complaint", phrase)
        total += sentence_total

    if total:
        exclaims = text.count("!")
        if exclaims:
            total *= 1 + 0.1 * min(exclaims, 3)
    score = total / math.sqrt(total * total + _ALPHA)
    tone = "negative" if score <= NEGATIVE_AT else "positive" if score >= POSITIVE_AT else "neutral"
    if evidence:
        labels, categories, ev = _labels(evidence, direction)
    else:
        labels, categories, ev = (), (), {}
    if len(tone_words) == 1:
        ev["tone"] = (tone_words[0][1],)
    elif tone_words:
        tone_words.sort(key=_strength)
        ev["tone"] = tuple(dict.fromkeys([w for _, w in tone_words[:5]]))
    kd = {k: _unique(v) for k, v in kinds.items()} if kinds else {}
    if len(kd) == 2 and next(iter(kd)) == "demand":
        kd = {"threat": kd["threat"], "demand": kd["demand"]}
    return new_analysis(lang, tone, score, labels, ev, kd, tuple(questions), text, categories)


def _labels(evidence: dict[str, list[str]], direction: str
            ) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Schema 1 labels, schema 2 categories and the evidence of each, from the evidence
    gathered under rule labels (schema 1 labels or categories)."""
    # A complaint not placed by a complaint_person rule is about the service.
    general = evidence.get("complaint")
    if general and "complaint_service" not in evidence:
        evidence["complaint_service"] = general
    allowed = CATEGORIES_IN if direction == "in" else \
        CATEGORIES_OUT if direction == "out" else CATEGORIES
    categories = tuple([c for c in allowed if c in evidence])
    for c in categories:  # each category also sets its schema 1 label
        legacy = LEGACY_LABEL.get(c)
        if legacy is not None and legacy not in evidence:
            evidence[legacy] = evidence[c]
    labels = tuple([label for label in LABELS if label in evidence])
    ev = {label: _unique(evidence[label]) for label in labels}
    for c in categories:
        if c not in ev:
            ev[c] = _unique(evidence[c])
    return labels, categories, ev


def _negated_start(s: SentenceSpan, t: ListedWord) -> int:
    """Where the evidence of a scored word starts: at its negator when it was negated."""
    return s.negated_from.get(t.start, t.start) if s.negated_from else t.start


def _unique(items: list[str]) -> tuple[str, ...]:
    return (items[0],) if len(items) == 1 else tuple(dict.fromkeys(items))


def _add(groups: dict[str, list[str]], key: str, value: str) -> None:
    got = groups.get(key)
    if got is None:
        groups[key] = [value]
    else:
        got.append(value)


def _strength(pair: tuple[float, str]) -> float:
    return -abs(pair[0])


def _question_words(sentence: str) -> str:
    """The asking clause of a question sentence: after the last colon/semicolon/dash, and at
    most the last 80 characters (cut at a word boundary)."""
    clause = sentence
    if (":" in sentence or ";" in sentence or " - " in sentence or "\u2013" in sentence
            or "\u2014" in sentence) and _CLAUSE_SPLIT.search(sentence) is not None:
        clause = _CLAUSE_SPLIT.split(sentence)[-1]
        if len(clause.split()) < 2:
            clause = sentence
    if len(clause) > 80:
        cut = clause[-80:]
        clause = cut[cut.find(" ") + 1:] if " " in cut else cut
    return clause


def new_analysis(lang: str, tone: str, tone_score: float, labels: tuple[str, ...],
                 evidence: dict[str, tuple[str, ...]], kinds: dict[str, tuple[str, ...]],
                 questions: tuple[str, ...], text: str, categories: tuple[str, ...] = ()
                 ) -> MessageAnalysis:
    """`MessageAnalysis(...)` with every field given, without the frozen dataclass's
    per-field `object.__setattr__` (a third of the cost of analysing a short message): the
    instance gets its attribute dictionary whole (built here, in compiled code)."""
    result = object.__new__(MessageAnalysis)
    object.__setattr__(result, "__dict__", {
        "lang": lang, "tone": tone, "tone_score": tone_score, "labels": labels,
        "evidence": evidence, "kinds": kinds, "questions": questions, "text": text,
        "categories": categories})
    return result
