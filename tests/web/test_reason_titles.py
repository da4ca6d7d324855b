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
