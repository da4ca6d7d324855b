"""Schema 2 categories of the default analyzer (issue 13), in English and Polish: one message
per construction, written for these tests (not taken from any evaluation or tuning corpus)."""

from __future__ import annotations

import pytest

from clientfit.text import get_analyzer
from clientfit.text.analysis import CATEGORIES, CATEGORIES_IN, CATEGORIES_OUT, LEGACY_LABEL

A = get_analyzer("default")


def cats(body: str, direction: str = "in") -> tuple[str, ...]:
    return A.analyze("", body, direction=direction).categories


def test_the_contract() -> None:
    assert CATEGORIES == CATEGORIES_IN + CATEGORIES_OUT
    assert set(LEGACY_LABEL) <= set(CATEGORIES)
    assert {LEGACY_LABEL["complaint_service"], LEGACY_LABEL["complaint_person"]} == {"complaint"}


@pytest.mark.parametrize(("body", "category"), [
    ("Honestly, Greg never listens to what we ask for in the calls.", "complaint_person"),
    ("I have asked Ola three times now for the export and she keeps forgetting.",
     "complaint_person"),
    ("Pani Ewa traktuje nas z góry i w ogóle nie słucha, co mówimy.", "complaint_person"),
    ("The report still shows last quarter's figures and two links are broken.",
     "complaint_service"),
    ("Formularz od tygodnia nie wysyła powiadomień.", "complaint_service"),
    ("You people are a bunch of amateurs.", "hostile"),
    ("Co za partactwo, banda amatorów.", "hostile"),
    ("We won't be renewing in June.", "threat"),
    ("Rozważamy zapytanie ofertowe do innych agencji.", "threat"),
    ("Our lawyer will be in touch about the breach of contract.", "threat"),
    ("We expect this month free of charge.", "demand"),
    ("Nie zamierzam płacić za ten miesiąc.", "demand"),
    ("Could you also add a French version of the landing page?", "scope_request"),
    ("Czy moglibyście dorobić jeszcze jedną podstronę z cennikiem?", "scope_request"),
    ("What time does the webinar start on Thursday?", "question"),
])
def test_client_categories(body: str, category: str) -> None:
    assert category in cats(body)


@pytest.mark.parametrize(("body", "category"), [
    ("Noted.", "curt"),
    ("See attached.", "curt"),
    ("Jak pisałem wcześniej, w załączniku.", "curt"),
    ("That was never part of the agreed scope, as you know.", "defensive"),
    ("Materiały dostaliśmy dopiero w piątek, więc termin nie był możliwy.", "defensive"),
    ("We're very sorry about the delay, that's on us.", "apology"),
])
def test_our_reply_categories(body: str, category: str) -> None:
    result = A.analyze("", body, direction="out")
    assert category in result.categories
    assert set(result.categories) <= set(CATEGORIES_OUT) | {"question"}


def test_a_warm_short_reply_is_not_curt() -> None:
    assert "curt" not in cats("Done - the file is attached. Have a good day!", "out")
    assert "curt" not in cats("Thanks, all sorted now.", "out")


def test_a_request_for_action_is_not_a_question_and_a_complaint_is_negative() -> None:
    result = A.analyze("", "Thanks for the update. Could you reissue the invoice? It still shows"
                       " the old rate, although we agreed a lower one.", direction="in")
    assert "question" not in result.categories and "praise" not in result.categories
    assert "complaint_service" in result.categories and result.tone == "negative"
    assert "complaint" in result.labels  # schema 1 kept


def test_categories_are_chosen_by_direction() -> None:
    body = "Sorry, see attached. We never agreed to that, as you know."
    assert not set(cats(body, "in")) & {"apology", "curt", "defensive"}
    assert "defensive" in cats(body, "out")
