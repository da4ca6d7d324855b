"""Labels and triggering words of client messages, when the text analysis is available."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

log = logging.getLogger(__name__)
_cache: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 5000


def finest(phrases: set[str]) -> list[str]:
    """The phrases without those containing another one, sorted: a learned head quotes the
    whole sentence it scores highest, and marking that would hide the triggering words the
    rules found inside it (a sentence without any keeps its quote)."""
    lowered = {p: p.lower() for p in phrases if p and p.strip()}
    return sorted(p for p, low in lowered.items()
                  if not any(other != low and other in low for other in lowered.values()))


def analysis(message: dict[str, Any], analyzer: str = "default") -> dict[str, Any] | None:
    """{"labels": [...], "tone": ..., "phrases": [...]} for a stored message as `analyzer` (the
    one the assessment used: the policy's `[communication] analyzer`) reads it, or None when
    `clientfit.text` is not installed or fails (the page then shows the message unmarked)."""
    key = repr((analyzer, message.get("message_id"), message.get("language"),
                message.get("subject"), message.get("body")))
    with _lock:
        if key in _cache:
            return _cache[key]
    result: dict[str, Any] | None
    try:
        from clientfit.text import analyze

        found = analyze(message.get("subject") or "", message.get("body") or "",
                        lang=message.get("language"), direction=message.get("direction"),
                        analyzer=analyzer)
        phrases = finest({p for label, words in found.evidence.items() if label != "tone"
                          for p in words} | set(found.evidence.get("tone", ())))
        result = {"labels": list(found.labels), "tone": found.tone, "phrases": phrases}
    except Exception:  # the analysis is an optional layer: never break the page over it
        log.debug("message analysis unavailable", exc_info=True)
        result = None
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def policy_analyzer(run: Any) -> str:
    """The analyzer the run's policy names (`default` without a run)."""
    if run is None:
        return "default"
    return str(run.policy.get("communication", "analyzer"))
