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
from collections.abc import Callable
from dataclasses import dataclass

from clientfit.text.analysis import LABELS, MessageAnalysis, new_analysis
from clientfit.text.language import best_guess, detect_language
from clientfit.text.lexicon import Hit, Lexicon, lexicon
from clientfit.text.normalize import fold
from clientfit.text.prefilter import WordScanner, ascii_bytes
from clientfit.text.rules import RuleHit, RuleSet, ruleset
from clientfit.text.strip import clean_subject, is_reply_subject, own_text_folded

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
# The same words, for scans that start where no word continues (faster: no look-behind).
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
# End punctuation and the spaces after it, or a run of line breaks. Written to start with one
# character class, so that the regex engine skips ahead to those characters (2x faster).
_SENTENCE_END = re.compile(r"[.!?\u2026\n](?:(?<=[.!?\u2026])\s+|(?<=\n)\n*)")
_CLAUSE_SPLIT = re.compile(r"[:;\u2013\u2014]\s+| - ")


class DefaultAnalyzer:
    """Fast, dependency-light analyzer (see the module docstring)."""

    name = "default"

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        text, folded, data = own_text_folded(body or "")
        subj = "" if not subject or is_reply_subject(subject) else clean_subject(subject)
        if subj:  # the text to score: a new subject (not "Re: ...") and the author's own words
            text = f"{subj}\n{text}" if text else subj
            folded = fold(text)
            data = ascii_bytes(folded)
        if lang != "en" and lang != "pl" and lang != "other":
            lang = detect_language(text or subject or "")
        rules_lang = lang if lang == "en" or lang == "pl" else best_guess(text)
        return _engine(rules_lang).run_folded(text, folded, data, lang)


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


class _Sentence:
    """One sentence of a text: a span and what was found in it (lists filled as needed)."""

    # The collections are created when their first item is added (most sentences have none).
    words: list[_Token] | None = None  # the listed words only
    values: list[tuple[_Token, float]] | None = None
    hits: list[RuleHit] | None = None
    negated_hits: list[RuleHit] | None = None
    sarcasm_evidence: list[str] | None = None
    negated_from: dict[int, int] | None = None
    contrast_at: int | None = None  # character offset of the first "but"
    apology: bool = False
    sarcastic: bool = False

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text


_ENGINES: dict[str, _Engine] = {}


def _engine(lang: str) -> _Engine:
    """The shared engine of "en" or "pl"."""
    engine = _ENGINES.get(lang)
    if engine is None:
        engine = _ENGINES[lang] = _Engine(ruleset(lang), lexicon(lang))
    return engine


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
        self._words: dict[str, _Word] = {}

    def word(self, folded: str) -> _Word:
        """The meaning of a folded word, `_NOTHING` when it has none (cached)."""
        rules = self.rules
        hit = self.lex.lookup(folded)
        info = _Word(hit if hit is not None and hit.score != 0 else None,
                     rules.is_negator(folded), folded in rules.contrast,
                     folded in rules.intensifiers, folded in rules.downtoners,
                     folded in rules.interjections)
        if info == _NOTHING:
            info = _NOTHING
        if len(self._words) < 200_000:
            self._words[folded] = info
        return info

    def tokens(self, folded: str, data: bytes) -> list[_Token]:
        """The listed words of a folded text (`data`: its ascii_bytes), in order."""
        out: list[_Token] = []
        known = self._words
        size = len(data)
        for start in self.scanner.starts(data):
            # A word of ASCII letters between two plain ASCII non-letters ends at the first
            # non-letter; anything else (an apostrophe, or "?", which may stand for a
            # non-ASCII letter) is left to the regular expression.
            end = start
            while end < size and _is_ascii_letter(data[end]):
                end += 1
            if (end < size and (data[end] == 39 or data[end] == 63)) or \
                    (start > 0 and (data[start - 1] == 39 or data[start - 1] == 63)):
                m = _WORD.match(folded, start)
                if m is None:
                    continue
                end = m.end()
            elif end == start:
                continue
            word = folded[start:end]
            info = known.get(word)
            if info is None:
                info = self.word(word)
            if info is not _NOTHING:
                out.append(_Token(start, end, word, info))
        return out

    def run(self, text: str, lang: str) -> MessageAnalysis:
        """Analyse one text (already stripped of quotes) in language `lang`."""
        folded = fold(text)
        return self.run_folded(text, folded, ascii_bytes(folded), lang)

    def run_folded(self, text: str, folded: str, data: bytes, lang: str) -> MessageAnalysis:
        """`run` when the caller has the folded text and its ascii_bytes already."""
        return self._analyze(text, folded, lang, self.tokens(folded, data),
                             self.rules.find(folded, data))

    def _analyze(self, text: str, folded: str, lang: str, words: list[_Token],
                 found: list[RuleHit]) -> MessageAnalysis:
        if not words and not found and "?" not in text:
            return new_analysis(lang, "neutral", 0.0, (), {}, {}, (), text)
        sents = _split(text)
        if not sents:
            return new_analysis(lang, "neutral", 0.0, (), {}, {}, (), text)
        if len(sents) == 1:
            only = sents[0]
            if words:
                only.words = words

            def sentence_of(pos: int) -> _Sentence:
                return only
        else:
            starts = [s.start for s in sents]

            def sentence_of(pos: int) -> _Sentence:
                return sents[max(0, bisect.bisect_right(starts, pos) - 1)]

            for t in words:
                s = sentence_of(t.start)
                if s.words:
                    s.words.append(t)
                else:
                    s.words = [t]

        blanked: list[tuple[int, int, bool]] = []  # (start, end, a formula to ignore)
        sarcasm = complains = False
        if found:
            sarcasm, complains = self._place_rule_hits(found, folded, text, sentence_of, blanked)
        values_negative = 0.0
        for s in sents:
            if s.words:
                values_negative += self._score_words(s, folded, text, blanked)
        if sarcasm:  # a sarcasm formula anywhere makes the message's praise ironic
            for s in sents:
                if not s.sarcastic:
                    for _, v in s.values or ():
                        if v > 0:
                            s.sarcastic = True
                            break
        if complains or values_negative <= _COMPLAINT_SENTENCE:
            for s in sents:
                if s.words and not s.sarcastic:
                    self._mark_interjection_sarcasm(s, folded, text)
        return _combine(text, lang, sents)

    def _place_rule_hits(self, found: list[RuleHit], folded: str, text: str,
                         sentence_of: Callable[[int], _Sentence],
                         blanked: list[tuple[int, int, bool]]) -> tuple[bool, bool]:
        """Attach rule hits to their sentences (formulae to ignore, sarcasm, negated hits);
        returns whether there was sarcasm, and a complaint or threat."""
        sarcasm = complains = False
        for h in found:
            label = h.rule.label
            if label == "ignore":
                blanked.append((h.start, h.end, True))
            elif label == "sarcasm":
                sentence = sentence_of(h.start)
                sentence.sarcastic = sarcasm = True
                if sentence.sarcasm_evidence:
                    sentence.sarcasm_evidence.append(text[h.start:h.end])
                else:
                    sentence.sarcasm_evidence = [text[h.start:h.end]]
                blanked.append((h.start, h.end, False))
        for hit in found:
            label = hit.rule.label
            if label == "ignore" or label == "sarcasm":
                continue
            sentence = sentence_of(hit.start)
            blanked.append((hit.start, hit.end, False))
            if hit.rule.negatable and sentence.words:
                first = _WORD.search(folded, hit.start, sentence.end)
                if first is not None and self._negator_before(
                        sentence, first.start(), folded, text) is not None:
                    if sentence.negated_hits:
                        sentence.negated_hits.append(hit)
                    else:
                        sentence.negated_hits = [hit]
                    continue
            if sentence.hits:
                sentence.hits.append(hit)
            else:
                sentence.hits = [hit]
            if label == "apology":
                sentence.apology = True
            elif label == "complaint" or label == "threat":
                complains = True
        return sarcasm, complains

    def _negator_before(self, s: _Sentence, pos: int, folded: str, text: str) -> _Token | None:
        """The negator within three words before the word at `pos` (not counting words such
        as "be", "very"), not across a comma or dash, in the same sentence."""
        negator = None
        for t in s.words or ():
            if t.start >= pos:
                break
            if t.info.negator:
                negator = t
        return self._negator_in_reach(negator, pos, folded, text)

    def _negator_in_reach(self, negator: _Token | None, pos: int, folded: str,
                          text: str) -> _Token | None:
        """`negator` (the last negator before `pos` in its sentence) when it negates the word
        at `pos`, else None."""
        if negator is None or _CLAUSE_BREAK.search(text, negator.end, pos):
            return None
        skip = self.rules.skip
        between = 0
        for w in _PLAIN_WORD.findall(folded, negator.end, pos):
            if w not in skip:
                between += 1
        return negator if between < _NEGATION_WINDOW else None

    def _score_words(self, s: _Sentence, folded: str, text: str,
                     blanked: list[tuple[int, int, bool]]) -> float:
        """Lexicon values of the sentence's words; returns the sum of the negative ones."""
        values: list[tuple[_Token, float]] = []
        negative = 0.0
        negated_any = False
        loose: _Token | None = None
        loose_count = 0
        previous: _Token | None = None
        last_negator: _Token | None = None
        for t in s.words or ():
            info = t.info
            if info.contrast and s.contrast_at is None and \
                    _LETTER.search(folded, s.start, t.start) is not None:
                s.contrast_at = t.start
            before, previous = previous, t
            negator_before, last_negator = last_negator, (t if info.negator else last_negator)
            if blanked and _blanked(t, blanked):
                continue
            hit = info.hit
            if hit is None:
                if info.negator:
                    loose_count += 1
                    if loose is None:
                        loose = t
                continue
            value = hit.score
            negator = negator_before and self._negator_in_reach(negator_before, t.start,
                                                                folded, text)
            if negator is not None:
                negated_any = True
                if s.negated_from:
                    s.negated_from[t.start] = negator.start
                else:
                    s.negated_from = {t.start: negator.start}
                value *= _NEGATE_POSITIVE if value > 0 else _NEGATE_NEGATIVE
            if before is not None:
                binfo = before.info
                if (binfo.intensifier or binfo.downtoner) and \
                        _LETTER.search(folded, before.end, t.start) is None:
                    value *= 1.3 if binfo.intensifier else 0.7
            if t.end - t.start >= 3 and text[t.start:t.end].isupper():
                value *= 1.2
            values.append((t, value))
            if value < 0:
                negative += value
        if loose is not None and not negated_any:
            # Something that did not happen, does not work, nobody did: a mild problem signal.
            value = _LOOSE_NEGATION * min(loose_count, 2)
            values.append((loose, value))
            negative += value
        if values:
            s.values = values
        return negative

    def _mark_interjection_sarcasm(self, s: _Sentence, folded: str, text: str) -> None:
        """Praise used as an interjection ("Great, another delay.", "Brilliant job.") or a short
        sentence of nothing but praise, in a message that complains, is sarcasm."""
        rules, lex = self.rules, self.lex
        maybe_interjection = any(t.info.interjection for t in s.words or ())
        maybe_short = not s.text.endswith("?") and any(
            t.info.hit is not None and t.info.hit.score >= 1.5 for t in s.words or ())
        if not (maybe_interjection or maybe_short):
            return
        words: list[re.Match[str]] = []  # the first four words that are not fillers
        for m in _PLAIN_WORD.finditer(folded, s.start, s.end):
            if m.group() not in _FILLERS:
                words.append(m)
                if len(words) > 3:
                    break
        if not words:
            return
        first = words[0]
        after = text[first.end():first.end() + 1] if first.end() < s.end else ""
        if first.group() in rules.interjections and (after in (",", ".", "!", "")
                                                     or len(words) <= 3):
            s.sarcastic = True
            s.sarcasm_evidence = [*(s.sarcasm_evidence or ()), text[first.start():first.end()]]
            return
        if maybe_short and len(words) <= 3:
            scored = [lex.lookup(m.group()) for m in words
                      if m.group() not in rules.intensifiers]
            if scored and all(h is not None and h.score > 0 for h in scored) and \
                    any(h is not None and h.score >= 1.5 for h in scored):
                s.sarcastic = True
                s.sarcasm_evidence = [*(s.sarcasm_evidence or ()), s.text]


_NOTHING = _Word(None, False, False, False, False, False)


def _is_ascii_letter(byte: int) -> bool:
    return 97 <= byte <= 122 or 65 <= byte <= 90


def _blanked(t: _Token, blanked: list[tuple[int, int, bool]]) -> bool:
    """A word inside a formula to ignore, or starting inside another rule hit."""
    start, end = t.start, t.end
    return any(a <= start < b or (ignore and a < end and start < b) for a, b, ignore in blanked)


def _split(text: str) -> list[_Sentence]:
    """Sentences at end punctuation and line breaks, as spans of `text` without the spaces
    around them."""
    out: list[_Sentence] = []
    pos = 0
    if "." in text or "!" in text or "?" in text or "\n" in text or "\u2026" in text:
        for m in _SENTENCE_END.finditer(text):
            cut = m.start()
            if text[cut] != "\n":
                cut += 1
            chunk = text[pos:cut]
            stripped = chunk.strip()
            if stripped:
                start = pos + chunk.find(stripped[0])
                out.append(_Sentence(start, start + len(stripped), stripped))
            pos = m.end()
    chunk = text[pos:] if pos else text
    stripped = chunk.strip()
    if stripped:
        start = pos + chunk.find(stripped[0])
        out.append(_Sentence(start, start + len(stripped), stripped))
    return out


def _combine(text: str, lang: str, sents: list[_Sentence]) -> MessageAnalysis:
    """Labels with evidence and the tone score from the scored sentences."""
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
            if h.rule.label == "complaint":
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
        if values and not apology and lexicon_negative <= _COMPLAINT_SENTENCE and not sarcastic:
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
            if label == "complaint" and apology:
                continue
            sentence_total += weight
            tone_words.append((weight, phrase))
            if label == "tone":
                continue
            _add(evidence, label, phrase)
            if rule.kind and (label == "threat" or label == "demand"):
                _add(kinds, label, rule.kind)
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
        labels = tuple([label for label in LABELS if label in evidence])
        ev = {label: _unique(evidence[label]) for label in labels}
    else:
        labels, ev = (), {}
    if len(tone_words) == 1:
        ev["tone"] = (tone_words[0][1],)
    elif tone_words:
        tone_words.sort(key=_strength)
        ev["tone"] = tuple(dict.fromkeys([w for _, w in tone_words[:5]]))
    kd = {k: _unique(v) for k, v in kinds.items()} if kinds else {}
    if len(kd) == 2 and next(iter(kd)) == "demand":
        kd = {"threat": kd["threat"], "demand": kd["demand"]}
    return new_analysis(lang, tone, score, labels, ev, kd, tuple(questions), text)


def _negated_start(s: _Sentence, t: _Token) -> int:
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
    if _CLAUSE_SPLIT.search(sentence) is not None:
        clause = _CLAUSE_SPLIT.split(sentence)[-1]
        if len(clause.split()) < 2:
            clause = sentence
    if len(clause) > 80:
        cut = clause[-80:]
        clause = cut[cut.find(" ") + 1:] if " " in cut else cut
    return clause
