"""The literal strings a regular expression's matches must contain or start with, read from
Python's parsed pattern (used to build the automata of `prefilter`)."""

from __future__ import annotations

from collections.abc import Iterable
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812
from re import _parser as P  # type: ignore[attr-defined]  # noqa: N812

_Items = list[tuple[object, object]]
_MAX_SET = 64  # most alternative strings one factor may expand to
_IN_CHARS = 8  # largest character class expanded into alternatives


def _expand(run: set[str], options: Iterable[str]) -> set[str] | None:
    out = {s + o for s in run for o in options}
    return out if len(out) <= _MAX_SET else None


def _options(op: object, av: object) -> list[str] | None:
    """Every string one item can match, when there are few (a literal, a small class of
    literals, a group or alternation of such, an optional one), else None."""
    if op is C.LITERAL:
        return [chr(av)]  # type: ignore[arg-type]
    if op is C.IN:
        chars = [chr(v) for o, v in av if o is C.LITERAL]  # type: ignore[attr-defined]
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
        if op is C.SUBPATTERN or op is C.BRANCH:
            # A group after a literal start ("n(aruszeni|iewykonani)", as the parser factors
            # common prefixes out of alternatives): the longer strings select far fewer places.
            rest = _prefix(items[k:])
            if rest is not None:
                grown = _expand(run, rest)
                if grown is not None:
                    run = grown
        break
    return run if all(run) else None


def prefix_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` starts with, or None when unknown."""
    got = _prefix(list(P.parse(pattern)))
    return frozenset(got) if got else None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None when none is known."""
    return _best(_factors(list(P.parse(pattern))))


def top_level(source: str) -> str:
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
