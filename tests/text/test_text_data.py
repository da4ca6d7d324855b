"""The shipped data files: form tables in sync with simplemma, rules load, baseline gap."""

from __future__ import annotations

import pytest

from clientfit.text import analyze
from clientfit.text.lexicon import lexicon, read_table
from clientfit.text.rules import ruleset


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_form_tables_are_what_simplemma_gives(lang: str) -> None:
    pytest.importorskip("simplemma")
    from clientfit.text.forms import build_forms

    shipped = {form: lemma for form, lemma, *_ in read_table(f"forms_{lang}.txt")}
    fresh = build_forms(lang)
    assert shipped == fresh, "run: python -m clientfit.text.forms"


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_lexicon_lemma_is_reachable(lang: str) -> None:
    lex = lexicon(lang)
    for term, score, *_ in read_table(f"lexicon_{lang}.txt"):
        probe = term.rstrip("*")
        hit = lex.lookup(lex_fold(probe))
        assert hit is not None, term
        assert hit.score != 0 or float(score) == 0, term


def lex_fold(word: str) -> str:
    from clientfit.text.normalize import fold

    return fold(word)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_rules_compile_and_every_rule_has_patterns(lang: str) -> None:
    rules = ruleset(lang)
    assert {r.label for r in rules.rules} >= {"complaint", "threat", "demand", "praise",
                                              "apology"}
    assert rules.negators and rules.contrast


def test_friction_that_vader_misses() -> None:
    pytest.importorskip("vaderSentiment")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    for text in ("I will call your manager.", "Give us a discount.",
                 "Our lawyer will contact you."):
        ours = analyze("", text, lang="en")
        assert ours.tone == "negative" and ours.labels
        assert vader.polarity_scores(text)["compound"] > -0.05  # VADER: not negative


def test_prefiltered_rules_find_exactly_what_plain_regexes_find() -> None:
    import re
    from pathlib import Path

    from clientfit.text.evaluation import load_labelled
    from clientfit.text.normalize import fold

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [f"{m.subject}\n{m.body}" for name in ("text_eval", "text_tuning")
             for m in load_labelled(data / name / "messages.jsonl")]
    texts += ["Żółć :-( :/ ?! ?? xd lol <3 50% off, 3 % discount", "", "x" * 300,
              "We 'd like a refund. O'Neil'escalated it to your manager", "Thanks!!!???",
              # rules that start at a group after a factored-out letter, or are gated by a
              # literal after their start
              "naruszenie warunkow umowy, narusza sla; niewykonanie umowy. nie dziala.",
              "We are now seriously reconsidering our contract. I'm reviewing the options."]
    texts += [f"{m.subject}\n{m.body}" for path in sorted((data / "blind_text" / "tuning")
                                                          .glob("*.jsonl"))
              for m in load_labelled(path)[::10]]
    for lang in ("en", "pl"):
        index = ruleset(lang)._index
        assert not index.always  # every pattern has literals the automaton looks for
        plain = [re.compile(source) for source in index.sources]
        for text in texts:
            folded = fold(text)
            fast = set(index.finditer(folded))
            slow = {(i, m.start(), m.end()) for i, p in enumerate(plain)
                    for m in p.finditer(folded) if m.end() > m.start()}
            assert fast == slow, text


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_word_scanner_finds_every_word_the_analyzer_knows(lang: str) -> None:
    from pathlib import Path

    from clientfit.text.default import _engine
    from clientfit.text.evaluation import load_labelled
    from clientfit.text.normalize import fold, tokens
    from clientfit.text.prefilter import ascii_bytes
    from clientfit.text.sentences import NOTHING

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [f"{m.subject}\n{m.body}" for name in ("text_eval", "text_tuning")
             for m in load_labelled(data / name / "messages.jsonl")]
    texts += ["'Terrible' (awful) -bad- NOT happy,don't;didn't\u2026wasn't",
              "ŻAŁOSNE!nie-zadowolony"]
    engine = _engine(lang)
    for text in texts:
        folded = fold(text)
        starts = set(engine.scanner.starts(ascii_bytes(folded)))
        for t in tokens(text):
            if engine.word(t.folded) is not NOTHING:
                assert t.start in starts, (text, t)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_words_read_from_bytes_are_the_regex_words(lang: str) -> None:
    """`tokens` reads plain ASCII words from the bytes and leaves the rest to the regex; both
    must give the words the regex alone gives, at the same spans."""
    from pathlib import Path

    from clientfit.text.default import _WORD, _engine
    from clientfit.text.evaluation import load_labelled
    from clientfit.text.normalize import fold
    from clientfit.text.prefilter import ascii_bytes
    from clientfit.text.sentences import NOTHING

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [f"{m.subject}\n{m.body}" for name in ("text_eval", "text_tuning")
             for m in load_labelled(data / name / "messages.jsonl")]
    texts += ["'Terrible' (awful) -bad- NOT happy,don't;didn't\u2026wasn't clients' bad",
              "ŻAŁOSNE!nie-zadowolony", "bad\u0436 \u0436bad bad\U0001f620 \U0001f620bad",
              "bad2 2bad bad_x x_bad o'bad bad'", "świetnie, źle;zły?fatalnie!", "bad"]
    engine = _engine(lang)
    for text in texts:
        folded = fold(text)
        expected = []
        for start in engine.scanner.starts(ascii_bytes(folded)):
            m = _WORD.match(folded, start)
            if m is not None and engine.word(m.group()) is not NOTHING:
                expected.append((m.start(), m.end(), m.group()))
        got = [(t.start, t.end, t.folded) for t in engine.tokens(folded, ascii_bytes(folded))]
        assert got == expected, text


def test_sentence_split_finds_the_ends_the_regex_defines() -> None:
    """`split_sentences` finds sentence ends with `str.find`; on any text it must give the
    spans that splitting at every `SENTENCE_END` match gives."""
    import random

    from clientfit.text.sentences import SENTENCE_END, split_sentences

    def by_regex(text: str) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for m in SENTENCE_END.finditer(text):
            cut = m.start() if text[m.start()] == "\n" else m.start() + 1
            chunk = text[pos:cut]
            if chunk.strip():
                start = pos + chunk.find(chunk.strip()[0])
                out.append((start, start + len(chunk.strip()), chunk.strip()))
            pos = m.end()
        chunk = text[pos:]
        if chunk.strip():
            start = pos + chunk.find(chunk.strip()[0])
            out.append((start, start + len(chunk.strip()), chunk.strip()))
        return out

    rng = random.Random(7)
    alphabet = ["a", "b", " ", " ", ".", "!", "?", "\u2026", "\n", "\t", "\u00a0", "3"]
    texts = ["", " ", "\n\n", "One. Two!  Three?\n\nFour\u2026 five", "www.x.pl 3.5 ?! ok.",
             "No end", "End.", " lead and trail \n"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
              for _ in range(3000)]
    for text in texts:
        got = [(s.start, s.end, s.text) for s in split_sentences(text)]
        assert got == by_regex(text), repr(text)
