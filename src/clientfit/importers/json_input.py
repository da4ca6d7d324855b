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
