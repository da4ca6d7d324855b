"""Offline language identification for English and Polish mail.

lingua-language-detector restricted to English and Polish, in its low-accuracy (trigram) mode:
loads in milliseconds, four times faster, and no different on the evaluation set.
lingua only ever answers one of the languages it was given, so "other" is decided here: text in
a non-Latin script, or a text of 8+ words without Polish letters in which fewer than 8% of the
words are common English or Polish words. A text with a Polish letter in a word that is not a
name (not capitalised mid-sentence) is Polish; a short text (under 8 words) with a common
English word and no common Polish one is English. Links, @handles and e-mail domains are taken out
first. Very short texts ("OK", "Dzięki") are unreliable: a
caller that knows the thread's language passes it as `fallback`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from clientfit.text.normalize import fold
from clientfit.text.prefilter import WORD_BYTES

LANGUAGES: Final = ("en", "pl")
OTHER: Final = "other"



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common function words, folded (see the module docstring for how "other" uses them).
_COMMON: Final = {
    "en": _words("""the a an and or but to of in on at for with from by is are was were be been am
        i you we they he she it this that these those my your our their me us them not no do does
        did have has had will would can could should please thanks thank hi hello dear as if so
        what when where why how who which there here all any some just also about up out"""),
    "pl": _words("""i w z na do nie sie ze to jest sa byl byla jak co czy ale a o po za od przez dla
        juz jeszcze tak ten ta te tego tej tym moj nasz wasz pan pani panstwo prosze dziekuje dzieki
        dzien dobry bardzo tylko ktory ktora ktore jesli gdy kiedy gdzie dlaczego mamy macie sa
        bedzie moze mozemy czesc pozdrawiam wam nam nas was przy oraz lub albo bo by jego jej ich
        pod nad przed u jako mnie mi ci go mu jestem jestesmy bylo sie mam ma maja tu tam tez
        wiec aby zeby gdyby bardzo juz dzis jutro wczoraj"""),
}
# Common words of one language that are not words of the other ("i", "a", "to", "nie" ...
# are both), for the quick decision before lingua.
_ONLY: Final = {"en": _COMMON["en"] - _COMMON["pl"], "pl": _COMMON["pl"] - _COMMON["en"]}
# Each listed word -> bits: 1 only English, 2 only Polish, 4 common English, 8 common Polish.
_KINDS: Final[dict[str, int]] = {
    w: (w in _ONLY["en"]) | (w in _ONLY["pl"]) << 1 | (w in _COMMON["en"]) << 2
    | (w in _COMMON["pl"]) << 3 for w in _COMMON["en"] | _COMMON["pl"]}
_CLEAR_HITS: Final = 2
_CLEAR_RATIO: Final = 4
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_SHORT_HINTS: Final = {
    "en": {"ok", "okay", "yes", "no", "thanks", "thx", "thank", "great", "fine", "sure", "noted",
           "done", "paid", "cheers", "perfect", "agreed", "approved", "confirmed"},
    "pl": {"tak", "nie", "dzieki", "dziekuje", "dziekujemy", "jasne", "super", "zgoda", "pasuje",
           "zrobione", "zaplacone", "potwierdzam", "przyjalem", "przyjelam", "oczywiscie", "spoko"},
}
_NON_LATIN: Final = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u3040-\u9fff\uac00-\ud7af]")
_MIN_WORDS: Final = 3
_MIN_WORDS_OTHER: Final = 8
_MIN_COMMON_SHARE: Final = 0.08
_POLISH_LETTERS: Final = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# Links, @handles and the domain of e-mail addresses: no language's words, and they mislead
# lingua's trigrams. (Each alternative starts with a literal, so the regex engine skips ahead.)
_ADDRESSES: Final = re.compile(r"(?:https?://|www\.)\S+|@\S*")


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.POLISH)
            .with_low_accuracy_mode().build())


def detect_language(text: str, fallback: str | None = None) -> str:
    """Return "en", "pl" or "other" for `text`.

    `fallback` (e.g. the thread's language) is returned for texts too short to judge; without
    one, a short text is judged by a list of common one-word replies, else "other".
    """
    return detect_language_certainty(text, fallback)[0]


def detect_language_certainty(text: str, fallback: str | None = None,
                              folded: str | None = None) -> tuple[str, bool]:
    """`detect_language(text, fallback)`, and whether the text left no doubt (Polish letters,
    or common words of one language only); False when lingua or a short-text guess decided.
    `folded` is `normalize.fold(text)` when the caller has it already."""
    if "/" in text or "@" in text or "www." in text:
        stripped = _ADDRESSES.sub(" ", text)
        if stripped != text:
            text, folded = stripped, None
    words = _word_list(fold(text) if folded is None else folded)
    if not text.isascii() and _NON_LATIN.search(text) and \
            sum(1 for c in text if _NON_LATIN.match(c)) > len(text) / 4:
        return OTHER, True
    if len(words) < _MIN_WORDS:
        if fallback in LANGUAGES:
            return str(fallback), False
        if any(w in _SHORT_HINTS["pl"] or any(c in "ąćęłńóśźż" for c in text.lower())
               for w in words):
            return "pl", False
        if any(w in _SHORT_HINTS["en"] for w in words):
            return "en", False
        if not words:
            return fallback or OTHER, False
    polish_letters = not text.isascii() and _POLISH_LETTERS.search(text) is not None
    if polish_letters and _polish_words(text):
        return "pl", True  # Polish letters in a word that is not a name: Polish
    # One look-up a word counts the words of each list (`_KINDS`).
    only_en = only_pl = common_en = common_pl = 0
    kinds = _KINDS
    for w in words:
        kind = kinds.get(w, 0)
        if kind:
            only_en += kind & 1
            only_pl += (kind >> 1) & 1
            common_en += (kind >> 2) & 1
            common_pl += (kind >> 3) & 1
    clear = _clear_case(only_en, only_pl, len(words))
    if len(words) >= _MIN_WORDS_OTHER and not polish_letters and \
            max(common_en / len(words), common_pl / len(words)) < _MIN_COMMON_SHARE:
        return OTHER, False
    if clear is not None:
        return clear, True
    return best_guess(text), False


_POLISH_WORD: Final = re.compile(r"(?<![^\W\d_])[^\W\d_]*[ąćęłńóśźż][^\W\d_]*")


def _polish_words(text: str) -> bool:
    """Whether a word of `text` that is not capitalised (names are: "Mr Wałęsa") has a
    Polish letter."""
    if not _POLISH_LETTERS.search(text):
        return False
    for m in _POLISH_WORD.finditer(text):
        if not m.group()[0].isupper() or m.start() == 0 or text[m.start() - 2:m.start()] in (
                ". ", "\n", "! ", "? "):
            return True
    return False


def _word_list(folded: str) -> list[str]:
    """`_WORD.findall(folded)`; an ASCII text is split by byte translation, which is several
    times faster, and only its words with an apostrophe go through the regex."""
    if not folded.isascii():
        return _WORD.findall(folded)
    words = folded.encode("ascii").translate(WORD_BYTES).decode("ascii").split()
    if "'" not in folded:
        return words
    out: list[str] = []
    for word in words:
        if "'" in word:
            out.extend(_WORD.findall(word))
        else:
            out.append(word)
    return out


def _clear_case(en: int, pl: int, n_words: int) -> str | None:
    """English or Polish when the common words leave no doubt (at least three of one
    language and four times as many as of the other), else None (then lingua decides);
    `en` and `pl` count the words of `_ONLY` of each language among `n_words` words."""
    if en and not pl and n_words < _MIN_WORDS_OTHER:
        return "en"  # a short text with English words and no Polish one
    if en >= _CLEAR_HITS and en >= _CLEAR_RATIO * pl:
        return "en"
    if pl >= _CLEAR_HITS and pl >= _CLEAR_RATIO * en:
        return "pl"
    return None


def best_guess(text: str) -> str:
    """English or Polish, whichever lingua finds closer (for choosing rules on "other" text)."""
    found = _detector().detect_language_of(text) if text.strip() else None
    return "pl" if found is not None and found.name == "POLISH" else "en"
