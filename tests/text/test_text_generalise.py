"""The default analyzer on phrasing nobody tuned it for: lexicon coverage, negation without
anything to negate, idioms, business words, politeness inside complaints, threats that are
only mentions, and the language of short or Polish-lettered text (issue 13)."""

from __future__ import annotations

import pytest

from clientfit.text import get_analyzer
from clientfit.text.language import detect_language
from clientfit.text.lexicon import lexicon

A = get_analyzer("default")


def run(body: str, lang: str | None = None, direction: str | None = "in"):
    return A.analyze("", body, lang=lang, direction=direction)


def test_large_lexicons_are_loaded_and_hand_entries_win() -> None:
    en, pl = lexicon("en"), lexicon("pl")
    assert len(en.terms) > 5000 and len(pl.terms) > 1500
    assert en.lookup("abysmal") is not None and en.lookup("abysmal").score < -2
    assert en.lookup("please") is None and en.lookup("kind") is None  # politeness dropped
    assert pl.lookup("fatalny").score == -3.0  # the hand-written value


@pytest.mark.parametrize("body", [
    "It couldn't have been simpler.", "Done without effort.", "Couldn't be happier with it.",
])
def test_a_negator_with_nothing_to_negate_is_not_negative(body: str) -> None:
    assert run(body).tone != "negative"


@pytest.mark.parametrize("body", [
    "Don't waste your money.", "The service was fair at best.", "Never buy from them, awful.",
])
def test_idioms_read_negative(body: str) -> None:
    assert run(body).tone == "negative"


@pytest.mark.parametrize("body", [
    "The outstanding balance is 300 EUR.", "The account is in good standing.",
    "Great Lakes Logistics sent the documents on Monday, please file them.",
])
def test_business_words_and_names_are_not_praise(body: str) -> None:
    result = run(body)
    assert "praise" not in result.categories and result.tone != "positive"
    assert "threat" not in result.categories


def test_perfect_payment_history_is_not_praise_in_a_complaint() -> None:
    result = run("I have a perfect payment history and you still reported me late.")
    assert result.tone == "negative" and "praise" not in result.categories


def test_thanks_inside_a_complaint_is_not_praise() -> None:
    result = run("Thank you for your help, but the report is still wrong and nobody answers.")
    assert "complaint_service" in result.categories and "praise" not in result.categories
    pl = run("Dziękuję za pomoc, ale raport nadal jest błędny i nikt nie odpowiada.")
    assert "praise" not in pl.categories


def test_court_is_a_threat_only_with_intent() -> None:
    assert "threat" not in run("The court date for the other case is irrelevant to us.").categories
    assert "threat" not in run("Our lawyer reviewed the NDA, all fine.").categories
    assert "threat" in run("If this is not fixed by Friday we will take you to court.").categories
    assert "threat" in run("We are seriously reconsidering our contract.").categories


def test_polish_letters_make_polish_and_names_do_not() -> None:
    assert detect_language("Zrobione, faktura w załączniku") == "pl"
    assert detect_language("Dear Mr Wałęsa, the invoice is attached.") == "en"


@pytest.mark.parametrize("body", ["Sounds good to me", "Noted, thanks", "We need it now"])
def test_short_english_is_english(body: str) -> None:
    assert detect_language(body) == "en"


def test_nothing_found_reads_again_in_the_other_language() -> None:
    # Polish without diacritics that the language check may take for English.
    result = A.analyze("", "Fatalnie, nikt nie odpisuje", direction="in")
    assert result.lang == "pl" and result.tone == "negative"


def test_questions_do_not_praise() -> None:
    result = run("Is this really the best level of service you can provide?")
    assert result.tone != "positive" and "praise" not in result.categories
