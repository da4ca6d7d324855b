"""The person constructions the `reader` category heads read (text/constructions.py)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from clientfit.text.analysis import MessageAnalysis
from clientfit.text.constructions import CAP, NAMES, constructions, matches
from clientfit.text.default import DefaultAnalyzer
from clientfit.text.features import (
    CATEGORY_FEATURES,
    FEATURE_SETS,
    READER_FEATURES,
    category_features,
)


def found(text: str, lang: str) -> set[str]:
    return {name for name, spans in matches(text, lang).items() if spans}


@pytest.mark.parametrize(("text", "lang", "family"), [
    ("Would it be possible for Rachel to join our calls again?", "en", "ask_other"),
    ("Could Tomasz maybe take over the reporting from next month?", "en", "ask_other"),
    ("I think it would help to bring someone more senior in.", "en", "ask_other"),
    ("Czy Wojciech mógłby znowu dołączać do naszych spotkań?", "pl", "ask_other"),
    ("Prosilibyśmy, żeby od stycznia sprawę prowadziła pani Ewa.", "pl", "ask_other"),
    ("When Anna was handling the account we heard back the same day.", "en", "before"),
    ("Kiedy projekt prowadził pan Adam, wszystko szło o wiele sprawniej.", "pl", "before"),
    ("You said you'd send the revised plan on Monday.", "en", "promise"),
    ("Mówił Pan, że stawki się nie zmienią.", "pl", "promise"),
    ("I'm raising the same point for the third time.", "en", "again"),
    ("Po raz kolejny proszę o te same poprawki.", "pl", "again"),
    ("I feel our questions are not being heard.", "en", "unheard"),
    ("Mam wrażenie, że nasze uwagi są zbywane.", "pl", "unheard"),
    ("You never reply to the points we raise.", "en", "person_did"),
    ("Pani ostatnia odpowiedź była dla nas niezrozumiała.", "pl", "person_did"),
])
def test_each_family_reads_its_construction(text: str, lang: str, family: str) -> None:
    assert family in found(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Please find attached the invoice for March. Let me know if anything is missing.", "en"),
    ("Could you send the report by Friday?", "en"),
    ("W załączniku faktura za marzec. Pozdrawiam", "pl"),
    ("Czy raport kwartalny jest gotowy?", "pl"),
])
def test_plain_business_mail_has_none(text: str, lang: str) -> None:
    assert found(text, lang) == set()


def test_counts_are_capped_and_read_in_the_message_language() -> None:
    again = constructions("again and again, again, again and once more", "en")
    assert again[NAMES.index("again")] == CAP
    assert constructions("znowu to samo", "en")[NAMES.index("again")] == 0
    assert constructions("znowu to samo", "pl")[NAMES.index("again")] == 1
    assert constructions("znowu to samo", None)[NAMES.index("again")] == 1  # both languages


def test_category_features_extend_the_reader_features() -> None:
    analysis: MessageAnalysis = DefaultAnalyzer().analyze(
        "Re: calls", "Would it be possible for Rachel to join our calls again?", lang="en",
        direction="in")
    values = category_features(analysis)
    assert len(values) == len(CATEGORY_FEATURES) == len(READER_FEATURES) + len(NAMES)
    assert values[:len(READER_FEATURES)] == FEATURE_SETS[READER_FEATURES](analysis)
    assert values[CATEGORY_FEATURES.index("says_ask_other")] == 1.0


@pytest.mark.parametrize("resource", ["heads/reader_categories.json",
                                      "heads/reader_categories_use.json"])
def test_shipped_category_heads_read_the_constructions(resource: str) -> None:
    spec = json.loads(resources.files("clientfit.text").joinpath(resource).read_text(
        encoding="utf-8"))
    assert tuple(spec["rule_features"]) == CATEGORY_FEATURES
    assert {"k", "l"} <= set(spec["authors"])
    assert len(spec["coef"][0]) == 512 + len(CATEGORY_FEATURES) + 2
