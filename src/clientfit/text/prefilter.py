"""Skip phrase rules that cannot match: index each pattern by how its first word can begin.

A pattern that starts at a word boundary with literal letters ("\\b(sorry|apolog\\w*)") can only
match where a word of the text starts with one of those letters (up to three: "sor", "apo").
`word_start_prefixes` reads them from the parsed pattern; `PatternIndex` returns, for a text's
set of word beginnings, only the patterns worth running. Patterns it cannot read always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as C  # noqa: N812
from re import _parser as P  # noqa: N812

PREFIX = 3
EXACT = "$"  # marks a whole short word rather than a word beginning
_Items = list[tuple[object, object]]


def _prefixes(items: _Items, budget: int) -> set[str] | None:
    """Literal strings (at most `budget` characters) every match of `items` starts with;
    "" in the set means "no constraint from here on"; None means unknown."""
    if budget == 0 or not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op in (C.AT, C.ASSERT_NOT):  # zero-width: look-behinds do not consume the text
        return _prefixes(rest, budget)
    if op is C.LITERAL:
        tail = _prefixes(rest, budget - 1)
        return {chr(av) + t for t in tail} if tail is not None else {chr(av)}  # type: ignore[arg-type]
    if op is C.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest, budget)  # type: ignore[index]
    if op is C.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:  # type: ignore[index]
            got = _prefixes(list(alternative) + rest, budget)
            if got is None:
                return None
            out |= got
        return out
    if op is C.IN:
        chars = [chr(v) for o, v in av if o is C.LITERAL]  # type: ignore[union-attr]
        if len(chars) != len(av) or len(chars) > 8:  # type: ignore[arg-type]
            return {""}
        tail = _prefixes(rest, budget - 1)
        return {c + t for c in chars for t in (tail or {""})}
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, _, item = av  # type: ignore[misc]
        if low == 0:
            a = _prefixes(list(item) + rest, budget)
            b = _prefixes(rest, budget)
            return None if a is None or b is None else a | b
        return _prefixes(list(item), budget)
    return {""}


def word_start_prefixes(pattern: str) -> frozenset[str] | None:
    """The beginnings (1–3 letters, or a whole short word marked with EXACT) one of which a
    word of the text must have for `pattern` to match, or None when the pattern does not
    start at a word with known letters."""
    parsed = list(P.parse(pattern))
    alternatives = [list(a) for a in parsed[0][1][1]] if len(parsed) == 1 and \
        parsed[0][0] is C.BRANCH else [parsed]
    out: set[str] = set()
    for alt in alternatives:
        if not alt or alt[0] != (C.AT, C.AT_BOUNDARY):
            return None
        got = _prefixes(alt, PREFIX)
        if got is None:
            return None
        for p in got:
            cut = re.match(r"[^\W\d_]*", p)
            word = cut.group() if cut else ""
            if not word:
                return None
            # A short word that ends inside the prefix ("no ", "i'm") must be the whole word.
            out.add(word + EXACT if len(word) < len(p) else word)
    return frozenset(out)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


MIN_FACTOR = 4


def _factors(items: _Items) -> list[frozenset[str]]:
    """Sets of literal strings of which `items` requires one each (every set is needed)."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_FACTOR:
            out.append(frozenset(["".join(run)]))
        run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))  # type: ignore[arg-type]
            continue
        if op in (C.AT, C.ASSERT_NOT):
            continue
        flush()
        if op is C.SUBPATTERN:
            out.extend(_factors(list(av[-1])))  # type: ignore[index]
        elif op is C.BRANCH:
            picks: set[str] = set()
            for alternative in av[1]:  # type: ignore[index]
                factors = _factors(list(alternative))
                if not factors:
                    picks = set()
                    break
                picks |= max(factors, key=lambda f: min(len(x) for x in f))
            if picks:
                out.append(frozenset(picks))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            out.extend(_factors(list(av[2])))  # type: ignore[index]
    flush()
    return out


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings (4+ characters) one of which any match of `pattern` contains, or None."""
    factors = _factors(list(P.parse(pattern)))
    if not factors:
        return None
    return max(factors, key=lambda f: (min(len(x) for x in f), -len(f)))


class PatternIndex:
    """Patterns grouped by the word beginnings that make them worth running.

    A leading `\b` makes Python's regex engine try every position of the text; it is taken off
    the compiled pattern (ten to twenty times faster for literal starts) and checked on each
    match instead.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.sources: list[str] = []
        self.patterns: list[re.Pattern[str]] = []
        self.boundary: list[bool] = []
        self.always: list[int] = []
        self.by_prefix: dict[str, list[int]] = {}
        self.required: list[frozenset[str] | None] = []
        for i, source in enumerate(patterns):
            self.sources.append(source)
            self.required.append(required_literals(source))
            lead = source.startswith("\\b") and "|" not in _top_level(source)
            self.patterns.append(re.compile(source[2:] if lead else source))
            self.boundary.append(lead)
            prefixes = word_start_prefixes(source)
            if prefixes is None:
                self.always.append(i)
            else:
                for p in prefixes:
                    self.by_prefix.setdefault(p, []).append(i)

    def finditer(self, text: str, starts: set[str] | None = None,
                 ) -> Iterator[tuple[int, int, int]]:
        """(pattern index, start, end) of every match; with `starts`, only candidate patterns."""
        ids = self.candidates(starts) if starts is not None else range(len(self.patterns))
        for i in ids:
            need = self.required[i]
            if need is not None:
                for literal in need:
                    if literal in text:
                        break
                else:
                    continue
            pattern = self.patterns[i]
            if not self.boundary[i]:
                for m in pattern.finditer(text):
                    if m.end() > m.start():
                        yield i, m.start(), m.end()
                continue
            pos = 0
            while True:
                m = pattern.search(text, pos)
                if m is None:
                    break
                start = m.start()
                if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                    pos = start + 1
                    continue
                if m.end() > start:
                    yield i, start, m.end()
                pos = max(m.end(), start + 1)

    def candidates(self, starts: set[str]) -> list[int]:
        """Indexes of the patterns to run for a text whose words begin with `starts`
        (each word's first one, two and three letters)."""
        found = set(self.always)
        for s in starts:
            hit = self.by_prefix.get(s)
            if hit:
                found.update(hit)
        return sorted(found)


def _top_level(source: str) -> str:
    """`source` with every parenthesised group and character class removed (to see whether
    it has a top-level alternation)."""
    out, depth, in_class, escaped = [], 0, False, False
    for ch in source:
        if escaped:
            escaped = False
            if depth == 0 and not in_class:
                out.append("\\" + ch)
            continue
        if ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def word_starts(folded_words: Iterable[str]) -> set[str]:
    """First one, two and three letters of each word, and each word of up to three letters
    (before an apostrophe) marked as a whole word."""
    words = set(folded_words)
    heads = {w.split("'", 1)[0] if "'" in w else w for w in words}
    return ({w[:3] for w in words} | {w[:2] for w in words} | {w[:1] for w in words}
            | {h + EXACT for h in heads if len(h) <= PREFIX})
