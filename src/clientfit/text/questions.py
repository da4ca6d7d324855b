"""Repeated questions: a client asking again what it already asked."""

from __future__ import annotations

import re

from clientfit.text.normalize import fold

STEM_LENGTH = 5
MIN_SHARED = 2
MIN_JACCARD = 0.5
_STOP_WORDS = """the and you your our for with this that have has are was were will would
    can could when what where which who how why there their them they then than from about please
    just still again any some into does did not but also been being czy jest nie sie jak kiedy
    gdzie ktory ktora ktore prosze mozna moze mozecie mozemy panstwo pana pani dla przez jeszcze
    juz tego tej tym ten jaki jakie jakiej jaka"""
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
# The client says it is asking again (run on folded text).
REPEAT_MARKER = re.compile(
    r"\b(ask(ing)? (you )?(again|once more|for the (second|third|\w+th) time)|still waiting for "
    r"(an|a|your) (answer|reply|response)|as i (asked|wrote|said) (before|earlier|last)"
    r"|i (already )?asked (this|you|about this) (before|already|last|twice|earlier)"
    r"|following up (again|on my (question|email|e-mail))"
    r"|pytam (ponownie|jeszcze raz|po raz)|ponawiam (pytanie|prosbe)"
    r"|(nadal|wciaz|dalej|ciagle) czekam na odpowiedz|jak (pisal\w*|pytal\w*) wczesniej"
    r"|(juz )?pytal(em|am|ismy) (juz|o to|wczesniej))")


def question_key(question: str) -> frozenset[str]:
    """Content-word stems of a question (folded, first 5 letters, stop words removed), so
    "When will we get the report?" and "when do we get the monthly reports?" share stems."""
    return frozenset(w[:STEM_LENGTH] for w in _WORD.findall(fold(question))
                     if len(w) >= 3 and w not in _STOP)


def says_repeat(text: str) -> bool:
    """True when the text itself says it repeats a question ("I am asking again",
    "Pytam ponownie", "Nadal czekam na odpowiedź")."""
    return bool(REPEAT_MARKER.search(fold(text)))


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Near-duplicate questions: at least 2 shared stems and Jaccard similarity >= 0.5."""
    shared = len(a & b)
    return shared >= MIN_SHARED and shared / len(a | b) >= MIN_JACCARD
