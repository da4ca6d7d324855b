"""Language, tone and labels of English and Polish client messages (see docs/communication.md);
pure: the signals built from them live in `clientfit.signals`."""

from clientfit.text.analysis import LABELS, TONES, Analyzer, MessageAnalysis
from clientfit.text.registry import get_analyzer

__all__ = ["LABELS", "TONES", "Analyzer", "MessageAnalysis", "get_analyzer", "analyze"]


def analyze(subject: str, body: str, lang: str | None = None, direction: str | None = None,
            analyzer: str = "default") -> MessageAnalysis:
    """Analyse one message with the named analyzer (see `get_analyzer`)."""
    return get_analyzer(analyzer).analyze(subject, body, lang=lang, direction=direction)
