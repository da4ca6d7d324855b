"""Every reason code the assessment can give has a title in both UI catalogues."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clientfit.assessment.reasons import REASON_CODES

LOCALE = Path(__file__).parents[2] / "src" / "clientfit" / "web" / "locale"


@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_reason_code_has_a_title(language):
    with (LOCALE / language / "LC_MESSAGES" / "clientfit.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = [code for code in REASON_CODES
               if code not in catalog or not catalog[code].string]
    assert missing == []


def _catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "clientfit.po").open("rb") as handle:
        return read_po(handle)


def test_every_reason_code_has_a_sentence_and_a_polish_translation():
    from clientfit.web.reason_text import SENTENCES, placeholders

    assert [code for code in REASON_CODES if not SENTENCES.get(code)] == []
    assert [code for code in SENTENCES if code not in REASON_CODES] == []  # no stale ones
    polish = _catalogue("pl")
    untranslated, wrong_figures = [], []
    for code, templates in SENTENCES.items():
        for template in templates:
            message = polish.get(template)
            if message is None or not message.string or message.string == template:
                untranslated.append(code)
            elif sorted(placeholders(message.string)) != sorted(placeholders(template)):
                wrong_figures.append(code)
    assert untranslated == []
    assert wrong_figures == []


def test_the_hostile_but_profitable_sentence_says_keep_only_on_a_keep():
    from clientfit.web.reason_text import sentence

    counts = {"hostile_messages": 28, "hostile_inbound": 113, "hostile_staff": 3,
              "margin_pct": 0.66, "days_late": 1.0}
    kept = sentence("HOSTILE_BUT_PROFITABLE", {**counts, "paid_days_late": 1.0}, {},
                    currency="PLN", lang="en", fallback="")
    watched = sentence("HOSTILE_BUT_PROFITABLE", counts, {}, currency="PLN", lang="en",
                       fallback="")
    assert "keep, and set boundaries" in kept and "28 of 113 messages" in kept
    assert "keep" not in watched and "28 of 113 messages" in watched
