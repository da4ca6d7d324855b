"""Quoted replies, signatures and footers; language identification."""

from __future__ import annotations

import pytest

from clientfit.text.language import detect_language
from clientfit.text.normalize import fold
from clientfit.text.strip import clean_subject, is_reply_subject, strip_message


@pytest.mark.parametrize("header", [
    "On Tue, 12 Mar 2024 at 09:14, Anna Nowak <anna@agency.com> wrote:",
    "On Tue, 12 Mar 2024 at 09:14, Anna Nowak <anna@agency.com>\nwrote:",
    "W dniu 12.03.2024 o 09:14, Anna Nowak <anna@agencja.pl> pisze:",
    "W dniu 3 maja 2024 16:40 Ola Kaczmarek <ola@firma.pl> napisał(a):",
    "-----Original Message-----",
    "-----Wiadomość oryginalna-----",
    "From: Anna Nowak <anna@agency.com>\nSent: Tuesday, March 12, 2024 9:14 AM\nTo: Jan",
    "Od: Anna Nowak <anna@agencja.pl>\nWysłano: wtorek, 12 marca 2024 09:14\nDo: Jan",
])
def test_quoted_reply_is_cut(header: str) -> None:
    body = f"Short answer: yes.\n\n{header}\nThe quoted text that must go.\n> and this"
    parts = strip_message(body)
    assert parts.own == "Short answer: yes."
    assert "must go" in parts.quoted


def test_quote_markers_anywhere_are_removed() -> None:
    parts = strip_message("> you are useless\nWe fixed it.\n> refund now\nAll good?")
    assert parts.own == "We fixed it.\nAll good?"


@pytest.mark.parametrize("sign_off", ["Best regards,", "Kind regards", "Cheers,", "Thanks,",
                                      "Pozdrawiam", "Pozdrawiam serdecznie,", "Z poważaniem,",
                                      "Z wyrazami szacunku", "Sent from my iPhone"])
def test_signature_is_cut(sign_off: str) -> None:
    parts = strip_message(f"The report is attached.\n{sign_off}\nAnna Nowak\nAccount Manager")
    assert parts.own == "The report is attached."
    assert "Account Manager" in parts.signature or sign_off.startswith("Sent")


@pytest.mark.parametrize("footer", [
    "This e-mail and any attachments are confidential and intended solely for the addressee.",
    "CONFIDENTIALITY NOTICE: The contents of this email message are privileged.",
    "Treść tej wiadomości jest poufna i przeznaczona wyłącznie dla adresata.",
    "Informacje zawarte w tej wiadomości są poufne i mogą być prawnie chronione.",
])
def test_legal_footer_is_cut(footer: str) -> None:
    parts = strip_message(f"Please call me.\n{footer}\nMore legal text.")
    assert parts.own == "Please call me." and fold("legal text") in fold(parts.footer)


def test_reply_subjects() -> None:
    assert is_reply_subject("Re: Re: Invoice") and is_reply_subject("ODP: Faktura")
    assert is_reply_subject("Fwd: x") and not is_reply_subject("Reminder")
    assert clean_subject("RE: Fwd: Faktura") == "Faktura"


@pytest.mark.parametrize("text, lang", [
    ("When will the corrected invoice arrive?", "en"),
    ("Kiedy dostaniemy poprawioną fakturę?", "pl"),
    ("Kiedy dostaniemy poprawiona fakture?", "pl"),
    ("prosze o szybka odpowiedz", "pl"),
    ("Dzięki", "pl"),
    ("Thanks!", "en"),
    ("Bonjour, nous avons un problème avec la facture de mars et la livraison", "other"),
    ("Guten Tag, wann kommt die Rechnung für den Monat März bei uns an?", "other"),
    ("Здравствуйте, когда будет счёт?", "other"),
])
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_short_text_uses_the_thread_language() -> None:
    assert detect_language("OK", fallback="pl") == "pl"
    assert detect_language("OK", fallback="en") == "en"


def test_own_text_is_what_strip_message_keeps() -> None:
    from pathlib import Path

    from clientfit.text.evaluation import load_labelled
    from clientfit.text.strip import own_text

    data = Path(__file__).resolve().parents[1] / "data"
    bodies = [m.body for name in ("text_eval", "text_tuning")
              for m in load_labelled(data / name / "messages.jsonl")]
    bodies += ["  one line  ", "", "a\r\nb\rc", "Thanks,\nAnna", "x\n> quoted", "Od: ktoś",
               "Hi\n\nBest regards\nAnna", "See below.\n__________\nold", "This is confidential."]
    for body in bodies:
        assert own_text(body) == strip_message(body).own, body



@pytest.mark.parametrize("text", [
    "@JetBlue Thanks for the THIRD gate change http://t.co/UfBdr5AxeO",
    "@JetBlue This is how you have me feeling.... http://t.co/esUu0hiAjM",
    "@united never flying United again! Worst experience ever",
    "@united we just left @flySFO (delayed). http://t.co/XzBAjMiekx",
])
def test_links_and_handles_do_not_make_english_polish(text: str) -> None:
    assert detect_language(text) == "en"


def test_language_words_are_the_regex_words() -> None:
    """Language id splits ASCII text by byte translation; the words must be the regex's."""
    import random

    from clientfit.text.language import _WORD, _word_list

    rng = random.Random(3)
    alphabet = ["a", "b", "z", "Q", "'", "'", " ", "-", "3", "_", ".", "\n", "@"]
    texts = ["don't 'quoted' clients' o''clock _x_ x2y", "", "'", "''a''", "zażółć"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
              for _ in range(3000)]
    for text in texts:
        assert _word_list(text) == _WORD.findall(text), repr(text)


@pytest.mark.parametrize(("body", "own"), [
    ("We still have no invoice for March. Please send it today.\n\nJan Kowalski\n"
     "Head of Marketing\ntel. +48 600 100 200\njan@firma.pl\nwww.firma.pl",
     "We still have no invoice for March. Please send it today."),
    ("Proszę o pilną poprawę faktury.\n\nWysłane z iPhone'a", "Proszę o pilną poprawę faktury."),
    ("Nadal czekamy na raport.\n\nAnna Nowak\nKierownik projektu\nul. Prosta 12, 00-850 Warszawa"
     "\nNIP: 525-000-00-00\n\nInformacja zawarta w tej wiadomości jest poufna i przeznaczona "
     "wyłącznie dla adresata.", "Nadal czekamy na raport."),
    ("The report is wrong again.\nSent from my iPhone\n\nThis message and any attachments are "
     "confidential. If you are not the intended recipient, please delete it.",
     "The report is wrong again."),
    ("Dzień dobry,\nfaktura nr 12/2024 jest błędna.\nPozdrawiam\nPiotr\n\nAdministratorem "
     "Pani/Pana danych osobowych jest Firma sp. z o.o.",
     "Dzień dobry,\nfaktura nr 12/2024 jest błędna."),
    ("Disclaimer: nothing here is advice.", ""),
    ("Call me at 600 100 200 tomorrow, the numbers are wrong.",
     "Call me at 600 100 200 tomorrow, the numbers are wrong."),
])
def test_footers_disclaimers_mobile_signatures_and_contact_blocks_are_cut(body: str,
                                                                          own: str) -> None:
    from clientfit.text.strip import own_text

    assert own_text(body) == own
    assert strip_message(body).own == own


def test_the_stored_body_keeps_the_original_text(tmp_path) -> None:
    """Cleaning is for the analysis only: an imported message keeps its whole body."""
    from clientfit.text import analyze

    body = "Still waiting.\n\nSent from my iPhone\n\nThis e-mail is confidential."
    result = analyze("", body, lang="en")
    assert result.text == "Still waiting." and body.endswith("confidential.")
