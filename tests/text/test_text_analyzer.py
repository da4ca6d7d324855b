"""The default analyzer on hand-picked cases: negation, diacritics, inflection, sarcasm, quotes."""

from __future__ import annotations

import pytest

from clientfit.text import LABELS, TONES, analyze, get_analyzer
from clientfit.text.analysis import Analyzer, MessageAnalysis
from clientfit.text.normalize import fold


def run(body: str, subject: str = "", lang: str | None = None) -> MessageAnalysis:
    return analyze(subject, body, lang=lang)


@pytest.mark.parametrize("positive, negated", [
    ("I am happy with the report.", "I am not happy with the report."),
    ("The training was useful.", "The training wasn't useful."),
    ("We are satisfied with the service.", "We are not satisfied with the service."),
    ("Jestem zadowolony z raportu.", "Nie jestem zadowolony z raportu."),
    ("Jestem zadowolony z raportu.", "Jestem niezadowolony z raportu."),
    ("Jesteśmy zadowoleni z obsługi.", "Nie jesteśmy do końca zadowoleni z obsługi."),
    ("Szkolenie było przydatne.", "Szkolenie nie było przydatne."),
])
def test_negation_flips_tone(positive: str, negated: str) -> None:
    pos, neg = run(positive), run(negated)
    assert pos.tone == "positive"
    assert neg.tone == "negative"
    assert neg.tone_score < 0 < pos.tone_score
    assert "praise" not in neg.labels


@pytest.mark.parametrize("body", ["Not bad at all, thanks for the quick turnaround.",
                                  "No complaints, everything works.",
                                  "Nie najgorzej, dzięki za szybką realizację.",
                                  "Żadnych zastrzeżeń, wszystko działa bez zarzutu."])
def test_negated_negative_is_not_a_complaint(body: str) -> None:
    result = run(body)
    assert result.tone == "positive"
    assert "complaint" not in result.labels


@pytest.mark.parametrize("with_diacritics", [
    "Proszę o rabat, jestem bardzo niezadowolona z obsługi.",
    "Jeśli nie dostanę odpowiedzi, skieruję sprawę na drogę sądową.",
    "Dziękuję za szybką odpowiedź, świetna robota!",
    "Rozważamy wypowiedzenie umowy. Błędów jest coraz więcej.",
    "Czy możecie przesłać fakturę jeszcze raz?",
    "Przepraszamy za opóźnienie, poprawiony plik w załączeniu.",
])
def test_polish_without_diacritics_reads_the_same(with_diacritics: str) -> None:
    plain = "".join(fold(c).upper() if c.isupper() else fold(c) for c in with_diacritics)
    assert plain != with_diacritics
    a, b = run(with_diacritics, lang="pl"), run(plain, lang="pl")
    assert a.labels == b.labels and a.labels
    assert a.tone == b.tone
    assert a.tone_score == pytest.approx(b.tone_score)


@pytest.mark.parametrize("body, label, kind, word", [
    ("If this isn't fixed I will escalate it to your manager.", "threat", "manager", "manager"),
    ("Our lawyer will be in touch.", "threat", "legal", "lawyer"),
    ("We'll leave a one-star review on Google.", "threat", "review", "review"),
    ("We are cancelling our contract at the end of the month.", "threat", "cancel", "contract"),
    ("Porozmawiam z Pana przełożonym.", "threat", "manager", "przełożonym"),
    ("Sprawę przekażemy naszemu prawnikowi.", "threat", "legal", "prawnikowi"),
    ("Wystawię wam negatywną opinię w Google.", "threat", "review", "opini"),
    ("Wypowiadamy umowę ze skutkiem na koniec miesiąca.", "threat", "cancel", "umow"),
    ("We expect a 20% discount on this invoice.", "demand", "discount", "discount"),
    ("Oczekujemy rabatu za opóźnienia.", "demand", "discount", "rabatu"),
    ("I need this ASAP.", "demand", "urgency", "ASAP"),
    ("Potrzebuję tego na wczoraj.", "demand", "urgency", "na wczoraj"),
    ("Make an exception for us and skip the deposit.", "demand", "special", "exception"),
])
def test_threats_and_demands_have_kind_and_evidence(body: str, label: str, kind: str,
                                                    word: str) -> None:
    result = run(body)
    assert label in result.labels
    assert kind in result.kinds[label]
    assert any(fold(word) in fold(e) for e in result.evidence[label])
    assert result.tone == "negative"


@pytest.mark.parametrize("body", [
    "Oh great, another missed deadline.",
    "Thanks for nothing.",
    "Wonderful. The checkout now crashes on every phone. Brilliant job.",
    "No super, kolejny przesunięty termin.",
    "Dzięki za nic.",
    "Brawo, kolejna faktura z błędem.",
])
def test_sarcasm_is_negative_and_not_praise(body: str) -> None:
    result = run(body)
    assert result.tone == "negative"
    assert "praise" not in result.labels
    assert "complaint" in result.labels


def test_sincere_praise_stays_praise() -> None:
    for body in ("Great work on the report, thank you!", "Brawo, świetna robota przy raporcie."):
        result = run(body)
        assert result.tone == "positive" and "praise" in result.labels


def test_quoted_angry_message_does_not_make_the_reply_angry() -> None:
    angry = "This is the worst service ever. I want a refund and I'll call my lawyer!"
    direct = run(angry)
    assert {"threat", "demand"} <= set(direct.labels) and direct.tone == "negative"
    for body in (
        f"Thanks, noted.\n\nOn Mon, 4 Mar 2024 at 16:02, Client <c@x.com> wrote:\n> {angry}",
        f"Przyjąłem.\n\nW dniu 4.03.2024 o 16:02, Klient <k@x.pl> pisze:\n> {angry}",
        f"Noted.\n\n-----Original Message-----\nFrom: Client\nSent: Monday\nSubject: x\n{angry}",
        f"Ok.\n\nOd: Klient <k@x.pl>\nWysłano: poniedziałek\nDo: my\nTemat: x\n{angry}",
    ):
        result = run(body, subject="Re: Terrible service")
        assert result.tone == "neutral", body
        assert not ({"threat", "demand", "complaint"} & set(result.labels))
        assert "lawyer" not in result.text


def test_signature_titles_are_not_threats() -> None:
    body = "Please find the minutes attached.\n\nBest regards,\nAnna\nAccount Manager | Director"
    assert "threat" not in run(body).labels
    body = "W załączeniu notatka.\n\nPozdrawiam\nAnna\nKierownik projektu"
    assert "threat" not in run(body).labels


def test_reply_subject_is_ignored_but_a_new_subject_counts() -> None:
    assert "demand" in run("Please send the deck.", subject="URGENT").labels
    assert "demand" not in run("Thanks, got it.", subject="Re: URGENT").labels


def test_our_apology_is_an_apology_and_not_a_complaint() -> None:
    for body in ("Sorry for the delay, the corrected invoice is attached.",
                 "Przepraszamy za błąd na fakturze, korekta w załączeniu."):
        result = analyze("", body, direction="out")
        assert result.labels == ("apology",)
        assert result.tone == "neutral"


def test_inflected_polish_forms_match_the_lemma() -> None:
    for form in ("rozczarowany", "rozczarowana", "rozczarowani", "rozczarowanych"):
        result = run(f"Jesteśmy {form} wynikami." if form.endswith("i") else f"Jestem {form}.")
        assert result.tone == "negative", form
        assert any(fold(form) == fold(e) for e in result.evidence["complaint"])


def test_result_shape() -> None:
    result = run("Why is the report late again? We expect a discount.")
    assert isinstance(get_analyzer("default"), Analyzer)
    assert result.tone in TONES and -1.0 <= result.tone_score <= 1.0
    assert set(result.labels) <= set(LABELS)
    assert list(result.labels) == sorted(result.labels, key=LABELS.index)
    assert result.questions == ("Why is the report late again?",)
    assert set(result.to_dict()) == {"lang", "tone", "tone_score", "labels", "evidence", "kinds",
                                     "schema", "categories"}


def test_unknown_analyzer_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="default"):
        get_analyzer("nope")


@pytest.mark.parametrize("body, label", [
    ("Thanks, the quarterly report went down very well with our management.", "threat"),
    ("Quick question: when can we expect the next draft?", "demand"),
    ("Dziękuję za wiadomość. Raport będzie w czwartek.", "praise"),
    ("Thank you for your email, the report is on track.", "praise"),
    ("Przepraszamy, strona to teraz nasz priorytet.", "demand"),
    ("I'll review it with our legal team this week.", "threat"),
    ("Przejrzę umowę z naszym prawnikiem w tym tygodniu.", "threat"),
])
def test_ordinary_phrases_are_not_friction(body: str, label: str) -> None:
    assert label not in run(body).labels


def test_negated_word_evidence_includes_the_negator() -> None:
    assert run("I am not happy with the report.").evidence["complaint"] == ("not happy",)
    assert run("Nie jestem zadowolony z raportu.").evidence["complaint"] == (
        "Nie jestem zadowolony",)


@pytest.mark.parametrize("body, label, kind", [
    ("Can you also add three more versions? Same budget.", "demand", "scope"),
    ("We changed our minds again, please redo the report from scratch.", "demand", "scope"),
    ("Czy możecie dodać jeszcze trzy wersje? W tym samym budżecie.", "demand", "scope"),
    ("Jeszcze jedna runda poprawek i przy okazji kilka dodatkowych stron.", "demand", "scope"),
    ("We are seriously considering moving to another supplier.", "threat", "cancel"),
    ("Jeśli to nie będzie poprawione, zadzwonię do Pana przełożonego.", "threat", "manager"),
])
def test_scope_creep_and_more_threat_phrasings(body: str, label: str, kind: str) -> None:
    result = run(body)
    assert label in result.labels and kind in result.kinds[label]


def test_by_the_way_is_not_scope_creep() -> None:
    assert "demand" not in run("Przy okazji, w załączeniu faktura za maj.").labels
