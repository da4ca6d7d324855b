"""The default analyzer: lexicon + phrase rules + inflected forms, English and Polish.

Steps for one message (each documented in docs/communication.md):
1. strip quoted replies, signature and footer; drop a subject inherited from the thread ("Re:");
2. detect the language (unless given);
3. fold the text (lower case, no diacritics) and run the phrase rules of that language;
4. score the remaining words with the lexicon, with negation, intensifiers, "but"-contrast and
   damping inside our own apologies;
5. detect sarcasm (sarcasm formulae, or praise interjections in a message that complains);
6. combine into labels with evidence and a tone score squashed into [-1, 1].

Speed: the C automata of `prefilter` find the phrase rules worth running and the words worth
looking up, so Python touches only those words (~2 a tweet), never every word; the sentences,
the negation window and the word before a scored word are read from the text around a hit.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from clientfit.text.analysis import LABELS, MessageAnalysis
from clientfit.text.language import best_guess, detect_language
from clientfit.text.lexicon import Hit, Lexicon, lexicon
from clientfit.text.normalize import fold
from clientfit.text.prefilter import WordScanner, ascii_bytes
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
_FILLERS = frozenset(("oh", "no", "just", "well", "och", "ach"))  # skipped before interjections
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]| - ")
# A word: letters joined by apostrophes, starting where no word continues (folded text).
_WORD = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]')[^\W\d_]+(?:'[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?\u2026]\s+|\n+")
_SENTENCE_CHARS = frozenset(".!?\u2026\n")


class DefaultAnalyzer:
    """Fast, dependency-light analyzer (see the module docstring)."""

    name = "default"

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        own = strip_message(body or "").own
        subj = "" if not subject or is_reply_subject(subject) else clean_subject(subject)
        text = f"{subj}\n{own}" if subj and own else (subj or own)
        if lang not in ("en", "pl", "other"):
            lang = detect_language(text or subject or "")
        rules_lang = lang if lang in ("en", "pl") else best_guess(text)
        return _engine(rules_lang).run(text, lang)

    def analyze_many(self, items: list[tuple[str, str, str | None, str | None]],
                     ) -> list[MessageAnalysis]:
        """Analyse (subject, body, lang, direction) tuples."""
        analyze = self.analyze
        return [analyze(s, b, lang, d) for s, b, lang, d in items]


@dataclass(frozen=True, slots=True)
class _Word:
    """What one folded word is to the analyzer (None in the cache: nothing)."""

    hit: Hit | None  # the lexicon entry, when its score is not 0
    negator: bool
    contrast: bool
    intensifier: bool
    downtoner: bool
    interjection: bool


class _Token:
    __slots__ = ("start", "end", "folded", "info")

    def __init__(self, start: int, end: int, folded: str, info: _Word) -> None:
        self.start, self.end, self.folded, self.info = start, end, folded, info


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    words: list[_Token] = field(default_factory=list)  # the listed words only
    values: list[tuple[_Token, float]] = field(default_factory=list)
    hits: list[RuleHit] = field(default_factory=list)
    negated_hits: list[RuleHit] = field(default_factory=list)
    contrast_at: int | None = None  # character offset of the first "but"
    apology: bool = False
    sarcastic: bool = False
    sarcasm_evidence: list[str] = field(default_factory=list)
    negated_from: dict[int, int] = field(default_factory=dict)  # word start -> negator start


@lru_cache(maxsize=4)
def _engine(lang: str) -> _Engine:
    return _Engine(ruleset(lang), lexicon(lang))


class _Engine:
    """The rules, lexicon and word scanner of one language, and the analysis of one text."""

    def __init__(self, rules: RuleSet, lex: Lexicon) -> None:
        self.rules, self.lex = rules, lex
        listed = (set(lex.terms) | set(lex.forms) | set(lex.stems) | rules.negators
                  | rules.contrast | rules.intensifiers | rules.downtoners | rules.interjections)
        if lex.lang == "pl":
            listed.add("nie")  # "nie-" + a lexicon word
        self.scanner = WordScanner((w for w in listed if _WORD.fullmatch(w)),
                                   [rules.negator_suffix] if rules.negator_suffix else [])
        self._words: dict[str, _Word | None] = {}

    def word(self, folded: str) -> _Word | None:
        """The (cached) meaning of a folded word, or None when it has none."""
        try:
            return self._words[folded]
        except KeyError:
            pass
        rules = self.rules
        hit = self.lex.lookup(folded)
        info = _Word(hit if hit is not None and hit.score != 0 else None,
                     rules.is_negator(folded), folded in rules.contrast,
                     folded in rules.intensifiers, folded in rules.downtoners,
                     folded in rules.interjections)
        if not (info.hit or info.negator or info.contrast or info.intensifier or info.downtoner
                or info.interjection):
            info = None  # type: ignore[assignment]
        if len(self._words) < 200_000:
            self._words[folded] = info
        return info

    def run(self, text: str, lang: str) -> MessageAnalysis:
        sents = _split(text)
        if not sents:
            return MessageAnalysis(lang, "neutral", 0.0, (), {}, {}, (), text)
        folded = fold(text)
        data = ascii_bytes(folded)
        rules = self.rules
        starts = [s.start for s in sents]
        single = len(sents) == 1

        def sentence_of(pos: int) -> _Sentence:
            return sents[0] if single else sents[max(0, bisect.bisect_right(starts, pos) - 1)]

        words: list[_Token] = []
        word_re, info_of = _WORD.match, self.word
        for start in self.scanner.starts(data):
            m = word_re(folded, start)
            if m is None:
                continue
            info = info_of(m.group())
            if info is not None:
                t = _Token(start, m.end(), m.group(), info)
                words.append(t)
                sentence_of(start).words.append(t)

        found = rules.find(folded, data)
        ignored = [(h.start, h.end) for h in found if h.rule.label == "ignore"]
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
                first = _WORD.search(folded, hit.start, sentence.end)
                if first is not None and self._negator_before(
                        sentence, first.start(), folded, text) is not None:
                    sentence.negated_hits.append(hit)
                    covered.append((hit.start, hit.end))
                    continue
            sentence.hits.append(hit)
            covered.append((hit.start, hit.end))
            if hit.rule.label == "apology":
                sentence.apology = True

        for s in sents:
            if s.words:
                self._score_words(s, folded, text, ignored, covered)

        # Sarcasm: praise words in a message that otherwise complains.
        if any(s.sarcastic and s.sarcasm_evidence for s in sents):
            for s in sents:  # a sarcasm formula anywhere makes the message's praise ironic
                s.sarcastic = s.sarcastic or any(v > 0 for _, v in s.values)
        complains = any(h.rule.label in ("complaint", "threat") for s in sents for h in s.hits) \
            or sum(v for s in sents for _, v in s.values if v < 0) <= _COMPLAINT_SENTENCE
        if complains:
            for s in sents:
                if s.words and not s.sarcastic:
                    self._mark_interjection_sarcasm(s, folded, text)
        return _combine(text, lang, sents)

    def _negator_before(self, s: _Sentence, pos: int, folded: str, text: str) -> _Token | None:
        """The negator within three words before the word at `pos` (not counting words such
        as "be", "very"), not across a comma or dash, in the same sentence."""
        negator = None
        for t in s.words:
            if t.start >= pos:
                break
            if t.info.negator:
                negator = t
        if negator is None or _CLAUSE_BREAK.search(text, negator.end, pos):
            return None
        skip = self.rules.skip
        between = sum(1 for w in _WORD.findall(folded, negator.end, pos) if w not in skip)
        return negator if between < _NEGATION_WINDOW else None

    def _score_words(self, s: _Sentence, folded: str, text: str,
                     ignored: list[tuple[int, int]], covered: list[tuple[int, int]]) -> None:
        negated_any = False
        loose_negators: list[_Token] = []
        previous: _Token | None = None
        for t in s.words:
            info = t.info
            if info.contrast and s.contrast_at is None and \
                    _LETTER.search(folded, s.start, t.start) is not None:
                s.contrast_at = t.start
            adjacent = previous is not None and \
                _LETTER.search(folded, previous.end, t.start) is None
            before, previous = (previous if adjacent else None), t
            if any(a < t.end and t.start < b for a, b in ignored) or \
                    any(a <= t.start < b for a, b in covered):
                continue
            hit = info.hit
            if hit is None:
                if info.negator:
                    loose_negators.append(t)
                continue
            value = hit.score
            negator = self._negator_before(s, t.start, folded, text)
            if negator is not None:
                negated_any = True
                s.negated_from[t.start] = negator.start
                value *= _NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE
            if before is not None and before.info.intensifier:
                value *= 1.3
            elif before is not None and before.info.downtoner:
                value *= 0.7
            if t.end - t.start >= 3 and text[t.start:t.end].isupper():
                value *= 1.2
            s.values.append((t, value))
        if loose_negators and not negated_any:
            # Something that did not happen, does not work, nobody did: a mild problem signal.
            s.values.append((loose_negators[0], _LOOSE_NEGATION * min(len(loose_negators), 2)))

    def _mark_interjection_sarcasm(self, s: _Sentence, folded: str, text: str) -> None:
        """Praise used as an interjection ("Great, another delay.", "Brilliant job.") or a short
        sentence of nothing but praise, in a message that complains, is sarcasm."""
        rules, lex = self.rules, self.lex
        maybe_interjection = any(t.info.interjection for t in s.words)
        maybe_short = not s.text.endswith("?") and any(
            t.info.hit is not None and t.info.hit.score >= 1.5 for t in s.words)
        if not (maybe_interjection or maybe_short):
            return
        words = [m for m in _WORD.finditer(folded, s.start, s.end) if m.group() not in _FILLERS]
        if not words:
            return
        first = words[0]
        after = text[first.end():first.end() + 1] if first.end() < s.end else ""
        if first.group() in rules.interjections and (after in (",", ".", "!", "")
                                                     or len(words) <= 3):
            s.sarcastic = True
            s.sarcasm_evidence.append(text[first.start():first.end()])
            return
        if maybe_short and len(words) <= 3:
            scored = [lex.lookup(m.group()) for m in words
                      if m.group() not in rules.intensifiers]
            if scored and all(h is not None and h.score > 0 for h in scored) and \
                    any(h is not None and h.score >= 1.5 for h in scored):
                s.sarcastic = True
                s.sarcasm_evidence.append(s.text)


def _split(text: str) -> list[_Sentence]:
    """Sentences at end punctuation and line breaks, as spans of `text` without the spaces
    around them."""
    out: list[_Sentence] = []
    if _SENTENCE_CHARS.isdisjoint(text):
        stripped = text.strip()
        if stripped:
            start = len(text) - len(text.lstrip())
            out.append(_Sentence(start, start + len(stripped), stripped))
        return out
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        cut = m.start() + 1 if text[m.start()] != "\n" else m.start()
        _add_sentence(out, text, pos, cut)
        pos = m.end()
    _add_sentence(out, text, pos, len(text))
    return out


def _add_sentence(out: list[_Sentence], text: str, a: int, b: int) -> None:
    chunk = text[a:b]
    stripped = chunk.strip()
    if stripped:
        start = a + len(chunk) - len(chunk.lstrip())
        out.append(_Sentence(start, start + len(stripped), stripped))


def _combine(text: str, lang: str, sents: list[_Sentence]) -> MessageAnalysis:
    """Labels with evidence and the tone score from the scored sentences."""
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
            tone_words.append((value, text[t.start:t.end]))
        lexicon_negative = sum(v for _, v in s.values if v < 0 and not s.apology)
        if not s.apology and lexicon_negative <= _COMPLAINT_SENTENCE and not s.sarcastic:
            evidence["complaint"].extend(text[s.negated_from.get(t.start, t.start):t.end]
                                         for t, v in s.values if v <= _COMPLAINT_WORD)
        if not s.sarcastic and not negative_complaint:
            evidence["praise"].extend(text[t.start:t.end] for t, v in s.values
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
