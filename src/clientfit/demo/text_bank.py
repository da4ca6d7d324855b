"""Message templates for the demo, in English and Polish, by category.

`{topic}` and `{name}` are filled in by the generator. Polish texts sometimes lose their
diacritics in the generator, as real mail typed on an English keyboard does.
"""

from __future__ import annotations

INBOUND: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "question": (
            "Hi {name}, quick question about the {topic}: when can we expect the next draft?",
            "Could you tell me where we are with the {topic}? Thanks.",
            "Hello, is the {topic} still on track for this month?",
            "Hi, what do you need from us to move the {topic} forward?",
        ),
        "info": (
            "Hi {name}, attaching the figures for the {topic}. Let me know if anything is missing.",
            "FYI: our board meets next week, the {topic} will be on the agenda.",
            "Sending over the signed documents for the {topic}.",
        ),
        "praise": (
            "Thank you {name}, the {topic} looks great. The team is really happy with it.",
            "Great work on the {topic}, much appreciated!",
            "Just wanted to say thanks, the {topic} went down very well with our management.",
        ),
        "complaint": (
            "{name}, I am not happy with the {topic}. This is the second time it arrives late.",
            "Frankly the {topic} is disappointing. We expected much better quality.",
            "This is unacceptable. The {topic} still has the same mistakes we pointed out.",
            "We are frustrated: nobody answered my last two e-mails about the {topic}.",
        ),
        "threat": (
            "If the {topic} is not fixed by Friday I will call your manager.",
            "We are seriously considering moving to another supplier. Fix the {topic} now.",
            "Unless this is sorted today we will leave a bad review and talk to our lawyer.",
            "I want to escalate this. Put me through to your director about the {topic}.",
        ),
        "discount": (
            "Given the delays on the {topic} we expect a discount on this invoice.",
            "Your rates are too high. We want 20% off the {topic} or we stop.",
            "Can you do the {topic} for free this time? You owe us after last month.",
        ),
        "urgent": (
            "We need the {topic} by tomorrow morning. Drop everything else, it is urgent.",
            "ASAP please: the {topic} must be done tonight, I don't care how.",
            "Urgent! Call me immediately about the {topic}.",
        ),
        "scope": (
            "Small change to the {topic}: can you also add three more versions? Same budget.",
            "We changed our minds again, please redo the {topic} from scratch.",
            "One more round of revisions on the {topic}, and a few extra pages while you're at it.",
        ),
        "repeat": (
            "I am asking again: when will the {topic} be ready?",
            "Still waiting for an answer about the {topic}. When will it be ready?",
        ),
    },
    "pl": {
        "question": (
            "Dzień dobry {name}, pytanie o {topic}: kiedy możemy spodziewać się kolejnej wersji?",
            "Czy może Pan/Pani napisać, na jakim etapie jest {topic}? Dziękuję.",
            "Dzień dobry, czy {topic} jest nadal zgodnie z planem w tym miesiącu?",
            "Co jeszcze potrzebujecie od nas, żeby ruszyć z tematem: {topic}?",
        ),
        "info": (
            "Dzień dobry, w załączniku przesyłam dane do tematu: {topic}.",
            "Informacyjnie: zarząd spotyka się w przyszłym tygodniu, {topic} będzie omawiany.",
            "Przesyłam podpisane dokumenty dotyczące tematu: {topic}.",
        ),
        "praise": (
            "Dziękuję {name}, {topic} wygląda świetnie. Zespół jest bardzo zadowolony.",
            "Świetna robota przy temacie {topic}, bardzo dziękujemy!",
            "Chciałem podziękować, {topic} bardzo spodobał się naszemu zarządowi.",
        ),
        "complaint": (
            "{name}, nie jestem zadowolony z tematu {topic}. To już drugi raz z opóźnieniem.",
            "Szczerze mówiąc {topic} to rozczarowanie. Oczekiwaliśmy dużo lepszej jakości.",
            "To jest nie do przyjęcia. W temacie {topic} nadal są te same błędy.",
            "Jesteśmy sfrustrowani: nikt nie odpowiedział na moje dwa ostatnie maile.",
        ),
        "threat": (
            "Jeśli {topic} nie będzie poprawiony do piątku, zadzwonię do Pana przełożonego.",
            "Poważnie rozważamy zmianę dostawcy. Proszę natychmiast poprawić: {topic}.",
            "Jeżeli to nie zostanie dziś załatwione, wystawimy negatywną opinię i "
            "skontaktujemy się z prawnikiem.",
            "Chcę to eskalować. Proszę o kontakt z dyrektorem w sprawie: {topic}.",
        ),
        "discount": (
            "Biorąc pod uwagę opóźnienia ({topic}), oczekujemy rabatu na tę fakturę.",
            "Wasze stawki są za wysokie. Chcemy 20% zniżki albo kończymy współpracę.",
            "Czy możecie tym razem zrobić {topic} za darmo? Po zeszłym miesiącu nam się należy.",
        ),
        "urgent": (
            "Potrzebujemy tego na jutro rano ({topic}). Proszę rzucić wszystko inne, to pilne.",
            "Proszę pilnie: {topic} musi być gotowy dziś wieczorem.",
            "Pilne! Proszę natychmiast zadzwonić w sprawie: {topic}.",
        ),
        "scope": (
            "Mała zmiana: czy możecie dodać jeszcze trzy wersje ({topic})? W tym samym budżecie.",
            "Znowu zmieniliśmy zdanie, proszę zrobić {topic} od nowa.",
            "Jeszcze jedna runda poprawek ({topic}) i przy okazji kilka dodatkowych stron.",
        ),
        "repeat": (
            "Pytam ponownie: kiedy {topic} będzie gotowy?",
            "Nadal czekam na odpowiedź w sprawie: {topic}. Kiedy będzie gotowe?",
        ),
    },
}

OUTBOUND: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "reply": (
            "Thanks for your message. The {topic} is on track, you will have it by Thursday.",
            "Good question. We will send the {topic} draft early next week.",
            "Thank you, noted. I will come back to you on the {topic} tomorrow.",
        ),
        "apology": (
            "I am sorry about the delay on the {topic}. We will fix it and update you tomorrow.",
            "Apologies, you are right to be frustrated. The {topic} is our priority now.",
        ),
        "curt": (
            "As I said before, the {topic} will be ready when it is ready.",
            "Please read my previous e-mail about the {topic}.",
        ),
    },
    "pl": {
        "reply": (
            "Dziękuję za wiadomość. {topic} idzie zgodnie z planem, będzie w czwartek.",
            "Dobre pytanie. Wersję roboczą ({topic}) wyślemy na początku tygodnia.",
            "Dziękuję, przyjąłem. Wrócę jutro z informacją w sprawie: {topic}.",
        ),
        "apology": (
            "Przepraszam za opóźnienie ({topic}). Poprawimy to i jutro dam znać.",
            "Przepraszamy, ma Pan rację, że jest Pan zirytowany. {topic} to teraz nasz priorytet.",
        ),
        "curt": (
            "Jak już pisałem, {topic} będzie gotowy, kiedy będzie gotowy.",
            "Proszę przeczytać mój poprzedni mail w sprawie: {topic}.",
        ),
    },
}

TOPICS = {
    "en": ("website redesign", "quarterly report", "campaign", "tax return", "audit file",
           "brand guide", "contract review", "newsletter", "landing page", "payroll"),
    "pl": ("nowa strona", "raport kwartalny", "kampania", "deklaracja VAT", "audyt",
           "księga znaku", "umowa", "newsletter", "landing page", "lista płac"),
}

SUBJECTS = {
    "en": {"default": "Re: {topic}", "complaint": "Problem with the {topic}",
           "threat": "Escalation: {topic}", "urgent": "URGENT: {topic}"},
    "pl": {"default": "Re: {topic}", "complaint": "Problem: {topic}",
           "threat": "Eskalacja: {topic}", "urgent": "PILNE: {topic}"},
}

SIGNATURES = {"en": "\n\nBest regards,\n{client_person}", "pl": "\n\nPozdrawiam,\n{client_person}"}
WORK_DESCRIPTIONS = {
    "normal": ("Design work", "Account management", "Analysis", "Meeting", "Drafting"),
    "revision": ("Revision round", "Rework after change request", "Extra version", "Poprawki"),
}

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def strip_diacritics(text: str) -> str:
    return text.translate(_FOLD)
