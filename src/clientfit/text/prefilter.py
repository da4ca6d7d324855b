"""Find in one pass over a message where the analyzer has work to do.

Python's regex engine spends ~25 ns on every character it scans, which is most of a tweet's
budget; an Aho-Corasick automaton (`ahocorasick_rs`, Rust) scans all keys at once for ~1 µs a
message. Two scanners are built on it:

- `PatternIndex`: every phrase pattern is reduced to literal strings one of which any match
  must contain (`required_literals`, read from the parsed pattern); one automaton pass finds the
  literals present, and only the patterns they belong to run. Each pattern still finds every
  match a plain `finditer` would (a test checks this on the evaluation and tuning sets).
- `WordScanner`: the starts of the words of a text that begin with a listed word (lexicon
  terms, forms and stems, negators, ...), a superset the caller narrows with a dictionary.

Both read the text as ASCII bytes (`ascii_bytes`): a non-ASCII character becomes one "?" byte,
so byte offsets stay character offsets; every key is ASCII, so no occurrence is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as C  # noqa: N812
from re import _parser as P  # noqa: N812

from ahocorasick_rs import BytesAhoCorasick, MatchKind

_Items = list[tuple[object, object]]
_MAX_SET = 64  # most alternative strings one factor may expand to
_IN_CHARS = 8  # largest character class expanded into alternatives


def ascii_bytes(text: str) -> bytes:
    """`text` as bytes of the same length: every non-ASCII character becomes "?"."""
    return text.encode("ascii", "replace")


def _expand(run: set[str], options: Iterable[str]) -> set[str] | None:
    out = {s + o for s in run for o in options}
    return out if len(out) <= _MAX_SET else None


def _options(op: object, av: object) -> list[str] | None:
    """Every string one item can match, when there are few (a literal, a small class of
    literals, a group or alternation of such, an optional one), else None."""
    if op is C.LITERAL:
        return [chr(av)]  # type: ignore[arg-type]
    if op is C.IN:
        chars = [chr(v) for o, v in av if o is C.LITERAL]  # type: ignore[union-attr]
        return chars if len(chars) == len(av) and len(chars) <= _IN_CHARS else None  # type: ignore[arg-type]
    if op is C.SUBPATTERN:
        return _sequence_options(list(av[-1]))  # type: ignore[index]
    if op is C.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:  # type: ignore[index]
            got = _sequence_options(list(alternative))
            if got is None or len(out) + len(got) > _MAX_SET:
                return None
            out.update(got)
        return sorted(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:  # type: ignore[index]
        inner = _sequence_options(list(av[2]))  # type: ignore[index]
        return None if inner is None else [""] + inner
    return None


def _sequence_options(items: _Items) -> list[str] | None:
    run: set[str] | None = {""}
    for op, av in items:
        if op in (C.AT, C.ASSERT_NOT, C.ASSERT):
            continue
        options = _options(op, av)
        run = None if options is None or run is None else _expand(run, options)
        if run is None:
            return None
    return sorted(run)  # type: ignore[arg-type]


def _factors(items: _Items) -> list[frozenset[str]]:
    """Sets of strings of which every match of `items` contains one each."""
    out: list[frozenset[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if run and all(run):
            out.append(frozenset(run))
        run = {""}

    for op, av in items:
        if op in (C.AT, C.ASSERT_NOT, C.ASSERT):
            continue  # zero width: the strings on both sides are adjacent
        options = _options(op, av)
        if options is not None:
            grown = _expand(run, options)
            if grown is None:
                flush()
                grown = set(options)
            run = grown
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            # The first `min` repetitions follow the run; what comes after them may not.
            inner = _sequence_options(list(av[2]))  # type: ignore[index]
            if inner is not None and av[0] <= 16:  # type: ignore[index]
                grown = _expand(run, [x * av[0] for x in inner])  # type: ignore[index, operator]
                if grown is not None:
                    run = grown
                    flush()
                    continue
            flush()
            out.extend(_factors(list(av[2])))  # type: ignore[index]
            continue
        flush()
        if op is C.SUBPATTERN:
            out.extend(_factors(list(av[-1])))  # type: ignore[index]
        elif op is C.BRANCH:
            picks: set[str] = set()
            for alternative in av[1]:  # type: ignore[index]
                best = _best(_factors(list(alternative)))
                if best is None:
                    picks = set()
                    break
                picks |= best
            if picks:
                out.append(frozenset(picks))
    flush()
    return out


def _best(factors: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective factor: longest shortest string, then fewest strings."""
    if not factors:
        return None
    return max(factors, key=lambda f: (min(len(x) for x in f), -len(f)))


def _prefix(items: _Items) -> set[str] | None:
    """Strings one of which every match of `items` starts with, or None."""
    run: set[str] = {""}
    for k, (op, av) in enumerate(items):
        if op in (C.AT, C.ASSERT_NOT, C.ASSERT):
            continue
        options = _options(op, av)
        if options is not None:
            grown = _expand(run, options)
            if grown is None:
                break
            run = grown
            continue
        if run == {""} and op is C.SUBPATTERN:
            return _prefix(list(av[-1]) + items[k + 1:])  # type: ignore[index]
        if run == {""} and op is C.BRANCH:
            out: set[str] = set()
            for alternative in av[1]:  # type: ignore[index]
                got = _prefix(list(alternative) + items[k + 1:])
                if got is None:
                    return None
                out |= got
            return out
        break
    return run if all(run) else None


def prefix_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` starts with, or None when unknown."""
    got = _prefix(list(P.parse(pattern)))
    return frozenset(got) if got else None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None when none is known."""
    return _best(_factors(list(P.parse(pattern))))


class LiteralGate:
    """Whether a text may match any of some patterns: one of each pattern's required literals
    occurs in it (never False when a pattern matches)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        literals: set[str] = set()
        for source in patterns:
            need = required_literals(source)
            if need is None or not all(x.isascii() for x in need):
                raise ValueError(f"no ASCII literal is required by {source!r}")
            literals |= need
        self._automaton = BytesAhoCorasick([x.encode() for x in sorted(literals)])

    def may_match(self, data: bytes) -> bool:
        """False when no pattern can match the text whose ascii_bytes are `data`."""
        return bool(self._automaton.find_matches_as_indexes(data))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PatternIndex:
    """Patterns that run only where the automaton finds their literals.

    A pattern whose every match starts with one of a few literals ("thank you ", "on hold")
    is tried only at those places (`match` at each occurrence); any other pattern runs over
    the whole text when one of its required literals occurs. A leading `\b` makes Python's
    regex engine try every position of the text; for a whole-text run it is taken off the
    compiled pattern (much faster for literal starts) and checked on each match instead.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.sources: list[str] = []
        self.patterns: list[re.Pattern[str]] = []
        self.boundary: list[bool] = []
        self.anchored: list[bool] = []
        self.always: list[int] = []
        self.required: list[frozenset[str] | None] = []
        by_literal: dict[str, list[int]] = {}
        for i, source in enumerate(patterns):
            self.sources.append(source)
            need = prefix_literals(source)
            anchored = need is not None and all(x.isascii() for x in need)
            if not anchored:
                need = required_literals(source)
                if need is not None and not all(x.isascii() for x in need):
                    need = None
            lead = not anchored and source.startswith("\\b") and "|" not in _top_level(source)
            self.patterns.append(re.compile(source[2:] if lead else source))
            self.boundary.append(lead)
            self.anchored.append(anchored)
            self.required.append(need)
            if need is None:
                self.always.append(i)
            else:
                for literal in need:
                    by_literal.setdefault(literal, []).append(i)
        self._literals = list(by_literal)
        self._owners = [tuple(by_literal[x]) for x in self._literals]
        self._automaton = BytesAhoCorasick([x.encode() for x in self._literals])

    def candidates(self, data: bytes) -> dict[int, list[int]]:
        """Pattern index -> where its literals start in `data` (ascii_bytes of the text),
        for the patterns worth running."""
        found: dict[int, list[int]] = {i: [] for i in self.always}
        owners = self._owners
        for k, start, _ in self._automaton.find_matches_as_indexes(data, overlapping=True):
            for i in owners[k]:
                at = found.get(i)
                if at is None:
                    found[i] = [start]
                else:
                    at.append(start)
        return found

    def finditer(self, text: str, data: bytes | None = None) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every non-empty match, pattern by pattern; `data`
        is `ascii_bytes(text)` when the caller has it already."""
        found = self.candidates(ascii_bytes(text) if data is None else data)
        out: list[tuple[int, int, int]] = []
        for i in (sorted(found) if len(found) > 1 else found):
            pattern = self.patterns[i]
            if self.anchored[i]:
                at = found[i]
                if len(at) == 1:
                    m = pattern.match(text, at[0])
                    if m is not None:
                        out.append((i, at[0], m.end()))
                    continue
                end = 0
                for start in sorted(set(at)):
                    if start >= end:
                        m = pattern.match(text, start)
                        if m is not None:
                            end = m.end()
                            out.append((i, start, end))
                continue
            if not self.boundary[i]:
                out.extend((i, m.start(), m.end()) for m in pattern.finditer(text)
                           if m.end() > m.start())
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
                    out.append((i, start, m.end()))
                pos = max(m.end(), start + 1)
        return out


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


# Letters and the apostrophe stay, everything else becomes a space (ASCII bytes).
_WORD_BYTES = bytes(c if (97 <= c <= 122 or 65 <= c <= 90 or c == 39) else 32 for c in range(256))


class WordScanner:
    """Where words that begin with one of `words` (folded, ASCII) may start in a text.

    Each word is a key after a space and after an apostrophe, matched in the text with every
    byte that is not a letter or an apostrophe made a space, so keys meet only word
    beginnings. `suffixes` ("n't") are keys anywhere; their hit is reported at the start of
    the letters before them. The answer is a superset: the caller checks each start. Matches
    do not overlap (leftmost, longest): a key never spans two words, so one match per word
    beginning is found, in order.
    """

    def __init__(self, words: Iterable[str], suffixes: Iterable[str] = ()) -> None:
        keys: list[str] = []
        for word in sorted(set(words)):
            if not word or not word.isascii():
                raise ValueError(f"word list entries must be folded ASCII: {word!r}")
            keys += [" " + word, "'" + word]
        self._prefix_keys = len(keys)
        keys += sorted(set(suffixes))
        self._automaton = BytesAhoCorasick([k.encode() for k in keys],
                                           matchkind=MatchKind.LeftmostLongest)

    def starts(self, data: bytes) -> list[int]:
        """Candidate word starts, in order, in the text whose ascii_bytes are `data`."""
        haystack = b" " + data.translate(_WORD_BYTES)
        hits = self._automaton.find_matches_as_indexes(haystack)
        n = self._prefix_keys
        out = [start for k, start, _ in hits if k < n]  # the key's space is haystack[start]
        if len(out) == len(hits):
            return out
        out += [_word_start(haystack, start) - 1 for k, start, _ in hits if k >= n]
        return sorted(set(out))


def _word_start(haystack: bytes, pos: int) -> int:
    """The start of the letters (joined by apostrophes) that end at `pos`."""
    while pos > 0:
        c = haystack[pos - 1]
        letter = 97 <= c <= 122 or 65 <= c <= 90
        if not letter and not (c == 39 and pos > 1 and haystack[pos - 2] not in (32, 39)):
            break
        pos -= 1
    return pos
