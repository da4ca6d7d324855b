"""The default analyzer: lexicon + phrase rules + inflected forms, English and Polish.

Steps for one message (each documented in docs/communication.md):
1. strip quoted replies, signature and footer; drop a subject inherited from the thread ("Re:");
2. detect the language (unless given);
3. fold the text (lower case, no diacritics) and run the phrase rules of that language;
4. score the remaining words with the lexicon, with negation, intensifiers, "but"-contrast and
   damping inside our own apologies;
5. detect sarcasm (sarcasm formulae, or praise interjections in a message that complains);
6. combine into labels with evidence and a tone score squashed into [-1, 1] (`combine`).

The words and sentence spans it works with are in `sentences`. These modules are compiled with
mypyc in built wheels (setup.py; docs/decisions.md), so they are fully typed and avoid
sentinel objects of another type.

Speed: the C automata of `prefilter` find the phrase rules worth running and the words worth
looking up, so Python touches only those words (~2 a tweet), never every word; the sentences,
the negation window and the word before a scored word are read from the text around a hit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Final

from clientfit.text.analysis import MessageAnalysis
from clientfit.text.combine import COMPLAINT_SENTENCE, combine, plain_analysis
from clientfit.text.language import best_guess, detect_language_certainty
from clientfit.text.lexicon import Lexicon, lexicon
from clientfit.text.normalize import CONTEXT_FOLDED, fold
from clientfit.text.prefilter import WordScanner, ascii_bytes
from clientfit.text.rules import COMPLAINING, RuleHit, RuleSet, ruleset
from clientfit.text.sentences import NOTHING, ListedWord, SentenceSpan, WordMeaning, split_sentences
from clientfit.text.strip import is_reply_subject, own_text_folded

_NEGATE_POSITIVE: Final = -0.74
_NEGATE_NEGATIVE: Final = -0.5
_NEGATION_WINDOW: Final = 3
_LOOSE_NEGATION: Final = -0.4
# Negators that negate nothing on their own: "without effort", "bez problemu" (a negative noun
# after them is flipped like any negated word; alone they are not a problem signal).
# A negative imperative keeps a negative word negative ("Don't waste your money", "Never buy
# from them"), except the words it reassures about ("Don't worry", "Never fear").
_IMPERATIVE_NEGATORS: Final = frozenset(("don't", "dont", "never"))
_REASSURANCE: Final = frozenset(("worry", "worried", "hesitate", "panic", "fear", "stress",
                                 "apologise", "apologize", "mind", "bother"))
_PREPOSITION_NEGATORS: Final = frozenset(("without", "bez"))
_CAPITALISED_WORD: Final = re.compile(r"[A-Z\u00c0-\u017f][^\W\d_]*")
# Skipped before interjections.
_FILLERS: Final = frozenset(("oh", "no", "just", "well", "och", "ach"))
_CLAUSE_BREAK: Final = re.compile(r"[,;:()\u2013\u2014]| - ")
# A word: letters joined by apostrophes, starting where no word continues (folded text).
_WORD: Final = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]')[^\W\d_]+(?:'[^\W\d_]+)*")
# The same words, for scans that start where no word continues (faster: no look-behind).
_PLAIN_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LETTER: Final = re.compile(r"[^\W\d_]")
class DefaultAnalyzer:
    """Fast, dependency-light analyzer (see the module docstring)."""

    name = "default"

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        text, folded, data = own_text_folded(body or "")
        # Not a reply subject, so there is no prefix for `clean_subject` to take off.
        subj = "" if not subject or is_reply_subject(subject) else subject.strip()
        if subj:  # the text to score: a new subject (not "Re: ...") and the author's own words
            if CONTEXT_FOLDED in subj or CONTEXT_FOLDED in text:
                text = f"{subj}\n{text}" if text else subj
                folded = fold(text)
                data = ascii_bytes(folded)
            else:  # the body is folded already (see normalize.CONTEXT_FOLDED)
                subj_folded = fold(subj)
                subj_data = ascii_bytes(subj_folded)
                if text:
                    text, folded = f"{subj}\n{text}", f"{subj_folded}\n{folded}"
                    data = subj_data + b"\n" + data
                else:
                    text, folded, data = subj, subj_folded, subj_data
        given = lang == "en" or lang == "pl" or lang == "other"
        certain = True
        if lang is not None and given:
            found_lang = lang
        else:
            found_lang, certain = detect_language_certainty(text, None, folded) if text \
                else detect_language_certainty(subject or "")
        rules_lang = found_lang if found_lang == "en" or found_lang == "pl" else \
            best_guess(text)
        result = _engine(rules_lang).run_folded(text, folded, data, found_lang,
                                                direction or "")
        if certain or result.labels or result.tone_score != 0.0 or not text:
            return result
        # The language was a guess and its rules found nothing: read again in the other
        # language, and keep that reading (and language) when it finds something.
        other = "pl" if rules_lang == "en" else "en"
        again = _engine(other).run_folded(text, folded, data, other, direction or "")
        return again if again.labels or again.tone_score != 0.0 else result


_ENGINES: Final[dict[str, _Engine]] = {}


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
        self._words: dict[str, WordMeaning] = {}

    def word(self, folded: str) -> WordMeaning:
        """The meaning of a folded word, `NOTHING` when it has none (cached)."""
        rules = self.rules
        hit = self.lex.lookup(folded)
        info = WordMeaning(hit if hit is not None and hit.score != 0 else None,
                     rules.is_negator(folded), folded in rules.contrast,
                     folded in rules.intensifiers, folded in rules.downtoners,
                     folded in rules.interjections)
        if info == NOTHING:
            info = NOTHING
        if len(self._words) < 200_000:
            self._words[folded] = info
        return info

    def tokens(self, folded: str, data: bytes) -> list[ListedWord]:
        """The listed words of a folded text (`data`: its ascii_bytes), in order."""
        out: list[ListedWord] = []
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
            if info is not NOTHING:
                out.append(ListedWord(start, end, word, info))
        return out

    def run_folded(self, text: str, folded: str, data: bytes, lang: str,
                   direction: str = "") -> MessageAnalysis:
        """Analyse one text (already stripped of quotes) in language `lang`, given its folded
        form and that form's ascii_bytes; `direction` is "in", "out" or "" (not known)."""
        return self._analyze(text, folded, lang, self.tokens(folded, data),
                             self.rules.find(folded, data), direction)

    def _analyze(self, text: str, folded: str, lang: str, words: list[ListedWord],
                 found: list[RuleHit], direction: str) -> MessageAnalysis:
        if not words and not found and "?" not in text:
            return plain_analysis(text, lang, direction)
        sents = split_sentences(text)
        if not sents:
            return plain_analysis(text, lang, direction)
        if len(sents) == 1:
            only = sents[0]
            if words:
                only.words = words

            def sentence_of(pos: int) -> SentenceSpan:
                return only
        else:
            starts = [s.start for s in sents]

            def sentence_of(pos: int) -> SentenceSpan:
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
        if complains or values_negative <= COMPLAINT_SENTENCE:
            for s in sents:
                if s.words and not s.sarcastic:
                    self._mark_interjection_sarcasm(s, folded, text)
        return combine(text, lang, sents, direction)

    def _place_rule_hits(self, found: list[RuleHit], folded: str, text: str,
                         sentence_of: Callable[[int], SentenceSpan],
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
            elif label == "threat" or label in COMPLAINING:
                complains = True
        return sarcasm, complains

    def _negator_before(self, s: SentenceSpan, pos: int, folded: str,
                        text: str) -> ListedWord | None:
        """The negator within three words before the word at `pos` (not counting words such
        as "be", "very"), not across a comma or dash, in the same sentence."""
        negator = None
        for t in s.words or ():
            if t.start >= pos:
                break
            if t.info.negator:
                negator = t
        return self._negator_in_reach(negator, pos, folded, text)

    def _negator_in_reach(self, negator: ListedWord | None, pos: int, folded: str,
                          text: str) -> ListedWord | None:
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

    def _score_words(self, s: SentenceSpan, folded: str, text: str,
                     blanked: list[tuple[int, int, bool]]) -> float:
        """Lexicon values of the sentence's words; returns the sum of the negative ones."""
        values: list[tuple[ListedWord, float]] = []
        negative = 0.0
        negated_any = False
        loose: ListedWord | None = None
        loose_count = 0
        previous: ListedWord | None = None
        last_negator: ListedWord | None = None
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
                if info.negator and t.folded not in _PREPOSITION_NEGATORS and \
                        _WORD.search(folded, t.end, s.end) is not None:
                    loose_count += 1
                    if loose is None:
                        loose = t
                continue
            if t.start > 0 and text[t.start - 1] == "@" or _is_name(text, t, s):
                continue
            value = hit.score
            negator = negator_before and self._negator_in_reach(negator_before, t.start,
                                                                folded, text)
            if negator is not None and value < 0 and \
                    _imperative(folded, s.start, negator) and t.folded not in _REASSURANCE:
                negator = None  # "Don't waste your money": a warning, still negative
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

    def _mark_interjection_sarcasm(self, s: SentenceSpan, folded: str, text: str) -> None:
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


def _imperative(folded: str, start: int, negator: ListedWord) -> bool:
    """Whether `negator` opens its sentence as a negative imperative ("Don't ...", "Do not
    ...", "Never ...")."""
    head = folded[start:negator.start].strip(" \t\"'(-")
    return (head == "" and negator.folded in _IMPERATIVE_NEGATORS) or \
        (head == "do" and negator.folded == "not")


def _is_name(text: str, t: ListedWord, s: SentenceSpan) -> bool:
    """A capitalised word inside a run of capitalised words, in a sentence written in lower
    case ("Great Lakes", "United Airlines", "Best Buy"): a name, not an evaluation."""
    if not text[t.start].isupper() or text[t.start:t.end].isupper():
        return False
    after = _CAPITALISED_WORD.match(text, t.end + 1) if text[t.end:t.end + 1] == " " else None
    before = t.start >= 2 and text[t.start - 1] == " " and text[t.start - 2].isalpha() and \
        text[s.start:t.start].rstrip().rsplit(" ", 1)[-1][:1].isupper()
    if after is None and not before:
        return False
    words = s.text.split()
    if len(words) < 4:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    if capitalised * 2 > len(words):  # a title-case line ("Great Service Today")
        return False
    return t.start != s.start or after is not None


def _is_ascii_letter(byte: int) -> bool:
    return 97 <= byte <= 122 or 65 <= byte <= 90


def _blanked(t: ListedWord, blanked: list[tuple[int, int, bool]]) -> bool:
    """A word inside a formula to ignore, or starting inside another rule hit."""
    start, end = t.start, t.end
    return any(a <= start < b or (ignore and a < end and start < b) for a, b, ignore in blanked)


