"""JSON from export files, with the nesting depth capped before the parser sees it.

Python's parser recurses once per level: a hostile file nested 100,000 deep would reach the
interpreter's recursion limit. No export we read nests more than a handful of levels, so a file
deeper than MAX_JSON_DEPTH is refused, naming the line where the limit was passed.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_JSON_DEPTH = 64

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class JsonTooDeep(ValueError):
    """The text nests arrays and objects deeper than the cap."""

    def __init__(self, line: int, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep")
        self.line = line


def check_depth(text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise JsonTooDeep at the first bracket that opens level `limit + 1` (strings ignored)."""
    if text.count("[") + text.count("{") <= limit:
        return
    blanked = _STRING.sub(lambda match: '"' + " " * (len(match.group()) - 2) + '"', text)
    depth = 0
    for match in _BRACKET.finditer(blanked):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            raise JsonTooDeep(blanked.count("\n", 0, match.start()) + 1, limit)


def load_json(data: str | bytes, **kwargs: Any) -> Any:
    """json.loads after the depth check; bytes are read as UTF-8 (a BOM is dropped)."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    check_depth(text)
    return json.loads(text, **kwargs)


_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def _skip_space(text: str, index: int) -> int:
    return _SPACE.match(text, index).end()  # type: ignore[union-attr]  # matches empty too


def line_at(text: str, index: int) -> int:
    """The 1-based line of `text` that character `index` is on."""
    return text.count("\n", 0, index) + 1


def lines_at(text: str, indexes: list[int]) -> list[int]:
    """`line_at` of each of the ascending `indexes`, counting the text once."""
    lines, line, last = [], 1, 0
    for index in indexes:
        line += text.count("\n", last, index)
        lines.append(line)
        last = index
    return lines


def array_starts(text: str, key: str | None = None, start: int = 0) -> list[int]:
    """Where each element of a JSON array starts in `text`: the array at `start` (the
    top-level one by default), or the one under member `key` of the object at `start`.
    Empty when there is no such array."""
    opening = None
    depth = 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "[{":
            if depth == 0 and token == "[" and key is None:
                opening = match.start()
                break
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return []
        elif depth == 1 and key is not None and _is_key(text, match, key):
            after = _skip_space(text, _skip_space(text, match.end()) + 1)
            if text.startswith("[", after):
                opening = after
                break
    if opening is None:
        return []
    starts: list[int] = []
    index = opening + 1
    while True:
        index = _skip_space(text, index)
        if text.startswith("]", index) or index >= len(text):
            return starts
        starts.append(index)
        _value, index = _DECODER.raw_decode(text, index)
        index = _skip_space(text, index)
        if text.startswith(",", index):
            index += 1


def member_line(text: str, start: int, name: str) -> int | None:
    """The line of member `name` of the JSON object starting at `start`, or None."""
    depth = 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif depth == 1 and _is_key(text, match, name):
            return line_at(text, match.start())
    return None


def _is_key(text: str, match: re.Match[str], name: str) -> bool:
    """The string token is an object member's name equal to `name`."""
    if not text.startswith(":", _skip_space(text, match.end())):
        return False
    try:
        return bool(json.loads(match.group()) == name)
    except ValueError:
        return False
