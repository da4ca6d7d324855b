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
_APOLOGY_MESSAGE_DAMPING: Final = 0.5  # the other sentences of a message that apologises
_QUESTION_DAMPING: Final = 0.15  # praise words in a question are asked about, not said
_THANKS: Final = re.compile(r"(?i)(many |big |huge |a big |just )?(thank|thx|cheers|appreciat|"
                            r"much appreciated|dzi[eę]k|podzi[eę]k|docen|z g[oó]ry)")
_COMPLAINING_TONE: Final = -0.2
# Our replies' categories, and the questions we ask in them.
_OUT_AND_QUESTION: Final = (*CATEGORIES_OUT, "question")
_THANKS_WEIGHT: Final = 0.8
_OUR_STRONG_TONE: Final = 0.7
_OUR_DAMPING: Final = 0.3
_CURT_WORDS: Final = 16  # our reply this short, with nothing warm in it, is curt
_WARM: Final = re.compile(
    r"(?i)\b(thanks?|thank you|cheers|happy to|glad|sorry|apolog\w*|hope|let me know|"
    r"have a (good|great|nice)|dzi[eę]kuj\w*|dzi[eę]ki|przepraszam|ch[eę]tnie|mi[lł]ego|"
    r"daj(cie)? zna[cć]|w razie pyta[nń])\b|[!?]|:\)")
# Complaint evidence that is a single lexicon word (not a complaint rule's phrase).
_LEXICON_ONLY: Final = re.compile(r"^[^\W\d_]+$")
# A question sentence that is a request for action, not for an answer ("Could you reissue?",
# "Czy mogliby Państwo poprawić…?"), unless it asks to be told or sent something.
_REQUEST: Final = re.compile(
    r"(?i)^\W*(please |so |and |hi \w+,? |hey \w+,? )?((can|could|would|will|can't|couldn't) "
    r"(you|we|u|your team|someone|somebody)|czy (moglib\w*|mozecie|możecie|moze pan\w*|może pan\w*"
    r"|mogliby|mogłaby|moglaby|mógłby|moglby|daloby sie|dałoby się|da sie|da się|mozna|można"
    r"|moge prosic|mogę prosić))\b(?!.{0,30}\b(send|tell|confirm|let (me|us) know|share|explain"
    r"|clarify|advise|estimate|quote|przesłać|przeslac|wysłać|wyslac|potwierdzić|potwierdzic"
    r"|podać|podac|wyjaśnić|wyjasnic|powiedzieć|powiedziec|podesłać|podeslac|udostępnić"
    r"|udostepnic|wycenić|wycenic)\b)")
_RHETORICAL: Final = re.compile(
    r"(?i)^\W*(why|how (is|are|was|can|could|come|hard|on earth|dare|many times|long do)|are you"
    r" (serious|kidding|joking)|seriously|really|is this (a joke|acceptable|normal|really)|what is"
    r" (going on|wrong)|dlaczego|czemu|jak (to|można|mozna|długo jeszcze|dlugo jeszcze)|serio"
    r"|naprawdę|naprawde|czy (to jest )?(normalne|poważne|powazne|żart|zart))\b")
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
    apologising = False  # a message that apologises describes the problem it apologises for
    for s in sents:
        if s.apology:
            apologising = True
            break
    for s in sents:
        question = s.text[-1] == "?"
        if question:
            _add(evidence, "question", _question_words(s.text))
            questions.append(s.text)
            if _asks(s.text):
                _add(evidence, "_asks", _question_words(s.text))
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
            elif question and value > 0:
                value *= _QUESTION_DAMPING
            if value < 0 and apologising:
                value *= _APOLOGY_DAMPING if apology else _APOLOGY_MESSAGE_DAMPING
            if contrast_at is not None:
                value *= 0.5 if t.start < contrast_at else 1.5
            sentence_total += value
            tone_words.append((value, text[t.start:t.end]))
        if values and not apology and lexicon_negative <= COMPLAINT_SENTENCE and not sarcastic:
            for t, v in values:
                hit = t.info.hit
                if v <= _COMPLAINT_WORD and hit is not None and hit.curated:
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
            if label == "praise" and _THANKS.match(phrase) is not None:
                weight *= _THANKS_WEIGHT  # thanks is half politeness
            sentence_total += weight
            tone_words.append((weight, phrase))
            if label == "tone":
                continue
            if label == "praise" and _THANKS.match(phrase) is None:
                _add(evidence, "_praise_rule", phrase)
            if rule.kind == "scope" and label == "demand":
                _add(evidence, "scope_request", phrase)  # schema 1: demand of kind scope
            else:
                _add(evidence, label, phrase)
            if rule.kind and (label == "threat" or label == "demand"):
                _add(kinds, label, rule.kind)
            elif label == "scope_request":
                _add(kinds, "demand", "scope")
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
    if direction == "out" and "apology" not in evidence and _is_curt(text, evidence):
        _add(evidence, "curt", text if len(text) <= 60 else text[:60])
    score = total / math.sqrt(total * total + _ALPHA)
    if score > _COMPLAINING_TONE and ("complaint_person" in evidence or "hostile" in evidence
                                      or "threat" in evidence or "complaint" in evidence
                                      or "complaint_service" in evidence
                                      or (direction == "out" and ("curt" in evidence
                                                                  or "defensive" in evidence))):
        # A message that complains, insults or threatens is negative about the relationship
        # however politely it is put.
        score = _COMPLAINING_TONE
    elif direction == "out" and "curt" not in evidence and "defensive" not in evidence and (
            "apology" in evidence or abs(score) < _OUR_STRONG_TONE):
        # Our own business reply, apologies included, is neutral unless strongly worded.
        score *= _OUR_DAMPING
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
    if general and "complaint_service" not in evidence and \
            "complaint_person" not in evidence and "hostile" not in evidence and (
                not ("threat" in evidence or "demand" in evidence)
                or any(not _LEXICON_ONLY.match(g) for g in general)):
        # The general complaint rules and words speak of the service unless the message is
        # about a person or contempt (then only the service rules' own phrases count).
        evidence["complaint_service"] = general
    praise = evidence.get("praise")
    if praise and ("complaint" in evidence or "complaint_person" in evidence
                   or "hostile" in evidence or "threat" in evidence
                   or "complaint_service" in evidence):
        # Thanks inside a complaint is a politeness formula, not praise.
        kept = [p for p in praise if not _THANKS.match(p)]
        if kept:
            evidence["praise"] = kept
        else:
            del evidence["praise"]
    complaining = "complaint" in evidence or "complaint_person" in evidence or \
        "hostile" in evidence or "threat" in evidence or "complaint_service" in evidence
    asks = evidence.pop("_asks", None)
    if asks and complaining:  # in a complaint, "why …?", "are you serious?" ask for nothing
        asks = [q for q in asks if _RHETORICAL.match(q) is None]
    praise_rules = evidence.pop("_praise_rule", None)
    allowed = CATEGORIES_IN if direction == "in" else \
        _OUT_AND_QUESTION if direction == "out" else CATEGORIES
    praise_ok = False
    praise = evidence.get("praise")
    if praise and "hostile" not in evidence:
        if complaining:
            praise_ok = bool(praise_rules)
        else:
            # Thanks alone is praise only in a message that asks or demands nothing else
            # ("Thanks, all sorted!"), not in "Thanks for the quote. Could we also add…?".
            praise_ok = any(_THANKS.match(p) is None for p in praise) or not (
                asks or "scope_request" in evidence or "demand" in evidence)
    categories = tuple([c for c in allowed if c in evidence and (
        (c != "question" or asks) and (c != "praise" or praise_ok))])
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


def _asks(sentence: str) -> bool:
    """A question sentence that asks for an answer (not a request for action, not rhetorical)."""
    return _REQUEST.match(sentence) is None


def _is_curt(text: str, evidence: dict[str, list[str]]) -> bool:
    """Our reply is curt: it says "as I said"/"see attached" (a curt rule), or it is short and
    has nothing warm in it (no greeting, thanks, apology, question or offer to help)."""
    if "curt" in evidence:
        return True
    words = text.split()
    return 0 < len(words) <= _CURT_WORDS and _WARM.search(text) is None


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


def plain_analysis(text: str, lang: str, direction: str) -> MessageAnalysis:
    """The analysis of a text with no listed word, rule or question: neutral, or, for our
    reply, curt when it is short and has nothing warm in it."""
    if direction == "out" and _is_curt(text, {}):
        curt = text if len(text) <= 60 else text[:60]
        return new_analysis(lang, "negative", _COMPLAINING_TONE, (), {"curt": (curt,)}, {}, (),
                            text, ("curt",))
    return new_analysis(lang, "neutral", 0.0, (), {}, {}, (), text)


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
        "categories": categories, "probabilities": {}})
    return result
