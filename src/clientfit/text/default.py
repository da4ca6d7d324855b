"""The default analyzer: lexicon + phrase rules + inflected forms, English and Polish.

Steps for one message (each documented in docs/communication.md):
1. strip quoted replies, signature and footer; drop a subject inherited from the thread ("Re:");
2. detect the language (unless given);
3. fold the text (lower case, no diacritics) and run the phrase rules of that language;
4. score the remaining words with the lexicon, with negation, intensifiers, "but"-contrast and
   damping inside our own apologies;
5. detect sarcasm (sarcasm formulae, or praise interjections in a message that complains);
6. combine into labels with evidence and a tone score squashed into [-1, 1].
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from clientfit.text.analysis import LABELS, MessageAnalysis
from clientfit.text.language import best_guess, detect_language
from clientfit.text.lexicon import Lexicon, lexicon
from clientfit.text.normalize import Token, fold, sentences, tokens
from clientfit.text.prefilter import word_starts
from clientfit.text.rules import RuleHit, RuleSet, ruleset
from clientfit.text.strip import clean_subject, is_reply_subject, strip_message

NEGATIVE_AT = -0.15
POSITIVE_AT = 0.25
_ALPHA = 8.0  # score = x / sqrt(x^2 + alpha)
_NEGATE_POSITIVE = -0.74
_NEGATE_NEGATIVE = -0.5
_COMPLAINT_SENTENCE = -1.6  # lexicon sum of a sentence that makes it a complaint
_COMPLAINT_WORD = -1.4
_PRAISE_WORD = 2.5
_SARCASM_WEIGHT = -2.0
_APOLOGY_DAMPING = 0.2
_NEGATION_WINDOW = 3
_LOOSE_NEGATION = -0.5
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]| - ")


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    values: list[tuple[Token, float]] = field(default_factory=list)
    hits: list[RuleHit] = field(default_factory=list)
    negated_hits: list[RuleHit] = field(default_factory=list)
    contrast_at: int | None = None  # character offset of the first "but"
    apology: bool = False
    sarcastic: bool = False
    sarcasm_evidence: list[str] = field(default_factory=list)
    negated_from: dict[int, int] = field(default_factory=dict)  # word start -> negator start


class DefaultAnalyzer:
    """Fast, dependency-light analyzer (see the module docstring)."""

    name = "default"

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        own = strip_message(body or "").own
        subj = "" if is_reply_subject(subject or "") else clean_subject(subject or "")
        text = f"{subj}\n{own}" if subj and own else (subj or own)
        if lang not in ("en", "pl", "other"):
            lang = detect_language(text or subject or "")
        rules_lang = lang if lang in ("en", "pl") else best_guess(text)
        return _analyze_text(text, lang, ruleset(rules_lang), lexicon(rules_lang))


def _mask(folded: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return folded
    chars = list(folded)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _split(text: str) -> list[_Sentence]:
    out = []
    for s in sentences(text):
        out.append(_Sentence(s.start, s.start + len(s.text), s.text))
    return out


def _preceding_negator(toks: list[Token], i: int, rules: RuleSet, text: str) -> Token | None:
    """The negator within three words before token i, not across a comma or dash."""
    seen = 0
    j = i - 1
    while j >= 0 and seen < _NEGATION_WINDOW:
        if _CLAUSE_BREAK.search(text, toks[j].end, toks[j + 1].start):
            return None
        if rules.is_negator(toks[j].folded):
            return toks[j]
        if toks[j].folded not in rules.skip:
            seen += 1
        j -= 1
    return None


def _analyze_text(text: str, lang: str, rules: RuleSet, lex: Lexicon) -> MessageAnalysis:
    folded = fold(text)
    sents = _split(text)
    if not sents:
        return MessageAnalysis(lang, "neutral", 0.0, (), {}, {}, (), text)
    starts = [s.start for s in sents]

    def sentence_of(pos: int) -> _Sentence:
        return sents[max(0, bisect.bisect_right(starts, pos) - 1)]

    toks = tokens(text)
    for t in toks:
        sentence_of(t.start).tokens.append(t)
    found = rules.find(folded, word_starts(t.folded for t in toks))
    masked = _mask(folded, [(h.start, h.end) for h in found if h.rule.label == "ignore"])
    covered: list[tuple[int, int]] = []
    for h in found:
        if h.rule.label == "sarcasm":
            sentence = sentence_of(h.start)
            sentence.sarcastic = True
            sentence.sarcasm_evidence.append(text[h.start:h.end])
            covered.append((h.start, h.end))
    for hit in found:
        if hit.rule.label in ("ignore", "sarcasm"):
            continue
        sentence = sentence_of(hit.start)
        if hit.rule.negatable:
            first = next((k for k, t in enumerate(sentence.tokens) if t.start >= hit.start), None)
            if first is not None and _preceding_negator(sentence.tokens, first, rules, text) \
                    is not None:
                sentence.negated_hits.append(hit)
                covered.append((hit.start, hit.end))
                continue
        sentence.hits.append(hit)
        covered.append((hit.start, hit.end))
        if hit.rule.label == "apology":
            sentence.apology = True
    covered.sort()

    def is_covered(t: Token) -> bool:
        k = bisect.bisect_right(covered, (t.start, 10**9)) - 1
        return k >= 0 and covered[k][0] <= t.start < covered[k][1]

    for s in sents:
        negated_any = False
        loose_negators: list[Token] = []
        for i, t in enumerate(s.tokens):
            if t.folded in rules.contrast and s.contrast_at is None and i > 0:
                s.contrast_at = t.start
            if masked[t.start:t.end] != t.folded or is_covered(t):
                continue
            hit = lex.lookup(t.folded)
            if hit is None or hit.score == 0:
                if rules.is_negator(t.folded):
                    loose_negators.append(t)
                continue
            value = hit.score
            negator = _preceding_negator(s.tokens, i, rules, text)
            if negator is not None:
                negated_any = True
                s.negated_from[t.start] = negator.start
                value *= _NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE
            if i > 0 and s.tokens[i - 1].folded in rules.intensifiers:
                value *= 1.3
            elif i > 0 and s.tokens[i - 1].folded in rules.downtoners:
                value *= 0.7
            if len(t.text) >= 3 and t.text.isupper():
                value *= 1.2
            s.values.append((t, value))
        if loose_negators and not negated_any:
            # Something that did not happen, does not work, nobody did: a mild problem signal.
            s.values.append((loose_negators[0], _LOOSE_NEGATION * min(len(loose_negators), 2)))

    # Sarcasm: praise words in a message that otherwise complains.
    if any(s.sarcastic and s.sarcasm_evidence for s in sents):
        for s in sents:  # a sarcasm formula anywhere makes the message's praise ironic
            s.sarcastic = s.sarcastic or any(v > 0 for _, v in s.values)
    complains = any(h.rule.label in ("complaint", "threat") for s in sents for h in s.hits) or \
        sum(v for s in sents for _, v in s.values if v < 0) <= _COMPLAINT_SENTENCE
    if complains:
        for s in sents:
            _mark_interjection_sarcasm(s, rules, lex)

    evidence: dict[str, list[str]] = {label: [] for label in LABELS}
    kinds: dict[str, list[str]] = {"threat": [], "demand": []}
    tone_words: list[tuple[float, str]] = []
    questions: list[str] = []
    total = 0.0
    for s in sents:
        negative_complaint = any(h.rule.label == "complaint" for h in s.hits)
        sentence_total = 0.0
        for t, value in s.values:
            if s.sarcastic and value > 0:
                value = -value
            if s.apology and value < 0:
                value *= _APOLOGY_DAMPING
            if s.contrast_at is not None:
                value *= 0.5 if t.start < s.contrast_at else 1.5
            sentence_total += value
            tone_words.append((value, t.text))
        lexicon_negative = sum(v for _, v in s.values if v < 0 and not s.apology)
        if not s.apology and lexicon_negative <= _COMPLAINT_SENTENCE and not s.sarcastic:
            evidence["complaint"].extend(text[s.negated_from.get(t.start, t.start):t.end]
                                         for t, v in s.values if v <= _COMPLAINT_WORD)
        if not s.sarcastic and not negative_complaint:
            evidence["praise"].extend(t.text for t, v in s.values
                                      if v >= _PRAISE_WORD and not s.text.endswith("?"))
        for h in s.hits:
            label, phrase = h.rule.label, text[h.start:h.end].strip(" ,.")
            weight = h.rule.weight
            if s.contrast_at is not None:
                weight *= 0.5 if h.start < s.contrast_at else 1.5
            ironic = s.sarcastic or (negative_complaint and s.contrast_at is None)
            if label == "praise" and ironic:
                evidence["complaint"].append(phrase)
                sentence_total -= abs(weight)
                continue
            if label == "complaint" and s.apology:
                continue
            sentence_total += weight
            tone_words.append((weight, phrase))
            if label == "tone":
                continue
            evidence[label].append(phrase)
            if h.rule.kind and label in kinds:
                kinds[label].append(h.rule.kind)
        for h in s.negated_hits:
            phrase = text[h.start:h.end].strip(" ,.")
            if h.rule.label == "praise":
                evidence["complaint"].append(phrase)
                sentence_total -= abs(h.rule.weight) * 0.8
            else:
                sentence_total += abs(h.rule.weight) * 0.5
        if s.sarcastic:
            sentence_total += _SARCASM_WEIGHT
            evidence["complaint"].extend(s.sarcasm_evidence)
        if s.text.endswith("?"):
            evidence["question"].append(_question_words(s.text))
            questions.append(s.text)
        total += sentence_total

    exclaims = min(text.count("!"), 3)
    if exclaims and total:
        total *= 1 + 0.1 * exclaims
    score = total / math.sqrt(total * total + _ALPHA)
    tone = "negative" if score <= NEGATIVE_AT else "positive" if score >= POSITIVE_AT else "neutral"
    labels = tuple(label for label in LABELS if evidence[label])
    ev = {label: tuple(dict.fromkeys(evidence[label])) for label in labels}
    strongest = sorted(tone_words, key=lambda p: -abs(p[0]))[:5]
    if strongest:
        ev["tone"] = tuple(dict.fromkeys(w for _, w in strongest))
    kd = {k: tuple(dict.fromkeys(v)) for k, v in kinds.items() if v}
    return MessageAnalysis(lang, tone, score, labels, ev, kd, tuple(questions), text)


def _question_words(sentence: str) -> str:
    """The asking clause of a question sentence: after the last colon/semicolon/dash, and at
    most the last 80 characters (cut at a word boundary)."""
    clause = re.split(r"[:;\u2013\u2014]\s+| - ", sentence)[-1]
    if len(clause.split()) < 2:
        clause = sentence
    if len(clause) > 80:
        cut = clause[-80:]
        clause = cut[cut.find(" ") + 1:] if " " in cut else cut
    return clause


def _mark_interjection_sarcasm(s: _Sentence, rules: RuleSet, lex: Lexicon) -> None:
    """Praise used as an interjection ("Great, another delay.", "Brilliant job.") or a short
    sentence of nothing but praise, in a message that complains, is sarcasm."""
    words = [t for t in s.tokens if t.folded not in ("oh", "no", "just", "well", "och", "ach")]
    if not words:
        return
    first = words[0]
    after = s.text[first.end - s.start:first.end - s.start + 1]
    if s.sarcastic:
        return
    if first.folded in rules.interjections and (after in (",", ".", "!", "") or len(words) <= 3):
        s.sarcastic = True
        s.sarcasm_evidence.append(first.text)
        return
    if len(words) <= 3 and not s.text.endswith("?"):
        scored = [lex.lookup(t.folded) for t in words if t.folded not in rules.intensifiers]
        if scored and all(h is not None and h.score > 0 for h in scored) and \
                any(h is not None and h.score >= 1.5 for h in scored):
            s.sarcastic = True
            s.sarcasm_evidence.append(s.text)
