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

The automata are contiguous NFAs, not DFAs: a DFA of the ~100,000 keys is ~35 MB, and in the
analyzer, between the other stages, its random reads miss the cache; the contiguous NFA is a
tenth of the size and made the whole default path 10-15 % faster (docs/decisions.md).

Both read the text as ASCII bytes (`ascii_bytes`): a non-ASCII character becomes one "?" byte,
so byte offsets stay character offsets; every key is ASCII, so no occurrence is lost.

This module is on the hot path and compiled with mypyc in built wheels (docs/decisions.md);
reading the literals out of a pattern happens once, in `regex_literals`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from clientfit.text.regex_literals import prefix_literals, required_literals, top_level


def ascii_bytes(text: str) -> bytes:
    """`text` as bytes of the same length: every non-ASCII character becomes "?"."""
    return text.encode("ascii", "replace")


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
        self._automaton = BytesAhoCorasick([x.encode() for x in sorted(literals)],
                                           implementation=Implementation.ContiguousNFA)

    def may_match(self, data: bytes) -> bool:
        """False when no pattern can match the text whose ascii_bytes are `data`."""
        return bool(self._automaton.find_matches_as_indexes(data))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PatternIndex:
    """Patterns that run only where the automaton finds their literals.

    A pattern whose every match starts with one of a few literals ("thank you ", "on hold")
    is tried only at those places (`match` at each occurrence), and only when one of the
    literals every match contains occurs as well; any other pattern runs over
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
        # An anchored pattern whose required literals are not its prefixes ("i " ... "our
        # contract") is tried only when one of them occurs too (`gated`).
        self.gated: list[bool] = []
        by_literal: dict[str, list[int]] = {}
        gates: dict[str, list[int]] = {}
        for i, source in enumerate(patterns):
            self.sources.append(source)
            need = prefix_literals(source)
            anchored = need is not None and all(x.isascii() for x in need)
            required = required_literals(source)
            if required is not None and not all(x.isascii() for x in required):
                required = None
            gated = anchored and required is not None and required != need
            if not anchored:
                need = required
            lead = not anchored and source.startswith("\\b") and "|" not in top_level(source)
            self.patterns.append(re.compile(source[2:] if lead else source))
            self.boundary.append(lead)
            self.anchored.append(anchored)
            self.gated.append(gated)
            if need is None:
                self.always.append(i)
            else:
                for literal in need:
                    by_literal.setdefault(literal, []).append(i)
            if gated and required is not None:
                for literal in required:
                    gates.setdefault(literal, []).append(i)
        self._literals = list(by_literal) + [x for x in gates if x not in by_literal]
        # Per literal (automaton key): the patterns it starts, admits to a whole-text run, opens.
        self._anchored_owners: list[list[int]] = [
            [i for i in by_literal.get(x, ()) if self.anchored[i]] for x in self._literals]
        self._other_owners: list[list[int]] = [
            [i for i in by_literal.get(x, ()) if not self.anchored[i]] for x in self._literals]
        self._gate_owners: list[list[int]] = [list(gates.get(x, ())) for x in self._literals]
        self._automaton = BytesAhoCorasick([x.encode() for x in self._literals],
                                           implementation=Implementation.ContiguousNFA)

    def finditer(self, text: str, data: bytes | None = None) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every non-empty match, pattern by pattern; `data`
        is `ascii_bytes(text)` when the caller has it already."""
        found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(
            ascii_bytes(text) if data is None else data, overlapping=True)
        out: list[tuple[int, int, int]] = []
        if not found and not self.always:
            return out
        at_literal: list[tuple[int, int]] = []  # (pattern, literal start), anchored patterns
        whole: set[int] = set(self.always)  # patterns to run over the whole text
        anchored_owners, other_owners = self._anchored_owners, self._other_owners
        gate_owners, gated = self._gate_owners, self.gated
        opened: set[int] = set()  # gated patterns one of whose required literals occurs
        for hit in found:
            gates = gate_owners[hit[0]]
            if gates:
                opened.update(gates)
        for hit in found:
            k = hit[0]
            for i in anchored_owners[k]:
                if not gated[i] or i in opened:
                    at_literal.append((i, hit[1]))
            others = other_owners[k]
            if others:
                whole.update(others)
        if len(at_literal) > 1:
            at_literal.sort()
        last, last_start, end = -1, -1, 0
        patterns = self.patterns
        for i, start in at_literal:
            if i != last:
                last, end = i, 0
            elif start == last_start or start < end:
                continue  # the same place again, or inside this pattern's previous match
            last_start = start
            m = patterns[i].match(text, start)
            if m is not None:
                end = m.end()
                out.append((i, start, end))
        for i in whole:
            self._run_whole(i, text, out)
        if whole and len(out) > 1:
            out.sort()
        return out

    def _run_whole(self, i: int, text: str, out: list[tuple[int, int, int]]) -> None:
        """Append every non-empty match of pattern `i` in `text`."""
        pattern = self.patterns[i]
        if not self.boundary[i]:
            out.extend((i, m.start(), m.end()) for m in pattern.finditer(text)
                       if m.end() > m.start())
            return
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


# Letters and the apostrophe stay, everything else becomes a space (ASCII bytes).
WORD_BYTES: Final = bytes(c if (97 <= c <= 122 or 65 <= c <= 90 or c == 39) else 32
                          for c in range(256))


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
                                           matchkind=MatchKind.LeftmostLongest,
                                           implementation=Implementation.ContiguousNFA)

    def starts(self, data: bytes) -> list[int]:
        """Candidate word starts, in order, in the text whose ascii_bytes are `data`."""
        haystack = b" " + data.translate(WORD_BYTES)
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
