"""Sentence constructions that carry a complaint about a person without a negative word: the
reader's category heads read them as features (`features.CATEGORY_FEATURES`).

A polite complaint about a staff member is mostly said through a construction, not a word:
asking for someone else to join, take over or come back ("would it be possible for Rachel to
join our calls again?", "czy Wojciech mógłby znowu dołączać do naszych spotkań?"); comparing
with how it was before ("when Anna was handling it…", "kiedy prowadziła to pani Marta…"); a
promise of the person's recalled ("you said you'd…", "as agreed with you", "mówił Pan, że…");
feeling unheard or talked down to ("I feel we're not being heard", "mam wrażenie, że…"); a
person as the subject of what went wrong ("you never…", "Pan znowu…"); and repetition ("again",
"znowu", "for the third time"). The mean of subword vectors (`subwords.SubwordBag`) does not
carry these constructions: "join our calls again" reads like a scheduling note.

Each family is a set of general patterns of the language over the folded text (lower case, no
diacritics: `normalize.fold`), read in the message's language (both when it is not known). A
family's value is the number of its matches, at most CAP. Nothing here decides a category: the
heads learn how much each family counts, next to the sentence vector and the rules' findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from clientfit.text.normalize import fold

CAP: Final = 3

# Who: a pronoun of a third person, a title with a name, or any single word in a name slot
# (folded text has no capitals; the heads weigh the family, not one match).
_THIRD_EN = r"(?:he|she|they|someone|somebody|[a-z][a-z'-]+)"
_ASK_VERBS_EN = (r"(?:join|rejoin|come back|be back|step in|take over|take (?:this|it|the \w+) "
                 r"over|handle|look after|lead|run|cover|attend|sit in|stay on|pick (?:this |it )?"
                 r"up|be (?:on|in|at|involved|our|the|more involved|present|copied)|get involved|"
                 r"work on|manage|deal with|be in charge)")
_WORK_PL = (r"(?:dolacz\w*|przej\w*|prowadz\w*|poprowadz\w*|zaj\w* sie|zajmow\w* sie|"
            r"uczestnicz\w*|wr[oa]c\w*|wraca\w*|(?:brac|wziac|wzial\w*|bral\w*) udzial|"
            r"przyjecha\w*|przyjezdza\w*|obslugiwa\w*|opiekowa\w* sie|by[cl]\w* (?:obecn\w*|na))")

FAMILIES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    # Asking for another person to join, take over, come back or be the contact.
    "ask_other": {
        "en": (
            rf"\b(?:could|can|would|will|might|may) (?!you\b|we\b|i\b|us\b){_THIRD_EN}"
            rf"(?: \w+)? (?:please |also |perhaps |maybe |possibly )?{_ASK_VERBS_EN}\b",
            rf"\bpossible (?:for|to have|to get) (?!you\b|us\b|me\b){_THIRD_EN}"
            rf"(?: \w+)? (?:to )?(?:{_ASK_VERBS_EN}|back|again)\b",
            r"\b(?:loop|bring|brought|get|have|put|pull|copy|copied|include) "
            r"(?!you\b|it\b|this\b|that\b)\w+(?: \w+)? (?:in|back|into|on (?:the|our|this) "
            r"(?:account|project|calls?|meetings?|thread|emails?))\b",
            r"\b(?:someone|somebody|anyone|anybody) (?:else|more senior|senior|different|new)\b",
            r"\b(?:another|a different|a new|a second|a more senior|a senior|an extra|other) "
            r"(?:person|contact|account manager|consultant|engineer|pair of eyes|perspective|"
            r"point of contact|lead|manager|voice)\b",
            r"\b(?:main|primary|single|day-to-day|first) (?:point of )?contact\b",
            r"\b(?:back on|back to|return to|rejoin(?:ed)?) (?:the|our|this) "
            r"(?:account|project|calls?|meetings?|team|work)\b",
        ),
        "pl": (
            rf"\bczy (?:\w+ ){{0,3}}(?:moglby|moglaby|mogliby|moglyby|moze|mogl|mogla|"
            rf"bylaby mozliwosc|byloby mozliwe|daloby sie)\b[^.?!\n]{{0,40}}\b{_WORK_PL}",
            rf"\b(?:zeby|aby|by|prosze|prosimy|prosil\w*|chcial\w*|wolal\w*)\b[^.?!\n]{{0,40}}"
            rf"\b(?:(?:pan|pani)(?: \w+)? (?:\w+ )?{_WORK_PL}|{_WORK_PL}(?: \w+)?"
            rf" (?:pan|pani)\b)",
            r"\b(?:ktos|kogos|komus) (?:inny|innego|innemu|jeszcze|z (?:wiekszym|dluzszym) "
            r"doswiadczeniem|starszy|bardziej doswiadczony)\b",
            r"\binn(?:a|ej|y|ego|ym|a) (?:osob\w*|opiekun\w*|konsultant\w*|kontakt\w*|"
            r"spojrzeni\w*|perspektyw\w*|kierownik\w*)\b",
            r"\bzmian\w* (?:opiekuna|osoby|konsultanta|kontaktu|prowadzacego|prowadzacej)\b",
            r"\b(?:glown\w*|stal\w*|jedyn\w*|bezposredni\w*) (?:kontakt\w*|opiekun\w*|"
            r"osob\w* kontaktow\w*)\b",
            r"\b(?:widzial\w*|widziec|miec|mial\w*) (?:pania|pana|ja|jego) (?:\w+ )?"
            r"(?:czesciej|znowu|z powrotem|ponownie)\b",
            r"\bz powrotem\b",
        ),
    },
    # Comparing with how a person or the work was before.
    "before": {
        "en": (
            r"\bwhen (?:\w+ ){1,2}(?:was|were) (?:handling|running|looking after|managing|doing|"
            r"in charge|on|our|leading|with us|looking at)\b",
            r"\b(?:used to|back when|in the past|previously|not like before|like before|"
            r"as before|than before|the old days|the way it was|the way (?:\w+ )?(?:it )?used)\b",
            r"\b(?:before|since|until|after) (?:\w+ ){1,2}(?:took over|joined|started|left|"
            r"moved|came on board|was replaced|handed over)\b",
            r"\b(?:was|were|used to be) (?:much |so |always |far |a lot )?(?:better|easier|"
            r"smoother|quicker|clearer|simpler|more \w+)\b",
            r"\b(?:last|previous|former|old|original) (?:account manager|contact|consultant|"
            r"team|person|lead)\b",
        ),
        "pl": (
            r"\b(?:kiedy|gdy|jak|dopoki) (?:\w+ ){1,3}(?:prowadzil\w*|zajmowal\w*|odpowiadal\w*|"
            r"obslugiwal\w*|opiekowal\w*|przejal\w*|byl\w* (?:z nami|naszym|nasza|odpowiedz\w*))",
            r"\b(?:wczesniej|kiedys|dawniej|poprzednio|przedtem|za czasow|odkad|od kiedy|"
            r"do tej pory|jak dotad|jak kiedys|jak dawniej|jak wczesniej|jak na poczatku|"
            r"na poczatku wspolpracy)\b",
            r"\b(?:bylo|szlo|dzialalo|wygladalo)(?: nam)? "
            r"(?:duzo |znacznie |o wiele |zdecydowanie )?"
            r"(?:lepiej|latwiej|sprawniej|prosciej|szybciej|inaczej)\b",
            r"\b(?:poprzedni\w*|wczesniejsz\w*|dawn\w*) (?:opiekun\w*|konsultant\w*|osob\w*|"
            r"kontakt\w*|zespol\w*)\b",
        ),
    },
    # A person's promise or an agreement recalled.
    "promise": {
        "en": (
            r"\b(?:you|he|she|they|\w+) (?:said|told (?:me|us|our \w+)|promised|assured (?:me|us)|"
            r"agreed|committed|confirmed|mentioned|wrote|undertook)\b",
            r"\b(?:as|like|what) (?:was |we |you )?(?:agreed|discussed|promised|said|"
            r"confirmed|arranged)\b",
            r"\bwe (?:agreed|discussed|talked about|went over|asked for|asked you|arranged|"
            r"settled on)\b",
            r"\b(?:you|he|she|they) (?:were|was|are|is) (?:going|supposed|meant|due) to\b",
            r"\b(?:you'?d|you would|he'?d|he would|she'?d|she would) (?:send|do|call|get back|"
            r"come back|look|check|fix|update|sort|have|let)\b",
            r"\b(?:your|his|her) (?:promise|word|commitment|assurance)\b",
        ),
        "pl": (
            r"\b(?:mowil\w*|obiecal\w*|obiecywal\w*|zapewnial\w*|zapewnil\w*|deklarowal\w*|"
            r"zadeklarowal\w*|potwierdzil\w*|twierdzil\w*|zobowiazal\w*|zapowiadal\w*|"
            r"zapowiedzial\w*|pisal\w*|napisal\w*|powiedzial\w*)(?: (?:pan|pani|panstwo))?\b",
            r"\b(?:umawialismy|umowilismy|umawialam|umawialem|ustalilismy|ustalalismy|"
            r"ustalone|ustalen\w*|zgodnie z (?:ustaleniami|umowa|tym|naszymi|pana|pani)|"
            r"jak (?:sie )?umawialismy|jak ustalilismy)\b",
            r"\bmial(?:a|)? (?:pan|pani|panstwo)? ?(?:\w+ )?(?:wyslac|przeslac|zadzwonic|"
            r"sprawdzic|odezwac|przygotowac|poprawic|zrobic|dac znac)\b",
            r"\b(?:pana|pani|panstwa) (?:obietnic\w*|deklaracj\w*|zapewnien\w*|slow\w*)\b",
        ),
    },
    # Repetition: again, the n-th time, still not.
    "again": {
        "en": (
            r"\b(?:again|once more|(?:second|third|fourth|fifth|another|umpteenth) time|twice|"
            r"three times|several times|(?:every|each) time|keeps? \w+ing|kept \w+ing|"
            r"still (?:hasn'?t|haven'?t|isn'?t|aren'?t|not|no|waiting|nothing|don'?t|doesn'?t))\b",
        ),
        "pl": (
            r"\b(?:znowu|znow|ponownie|po raz (?:kolejny|drugi|trzeci|czwarty|piaty|ktorys|"
            r"enty)|kolejny raz|dwukrotnie|trzykrotnie|kilkukrotnie|kilka razy|wielokrotnie|"
            r"za kazdym razem|wciaz|nadal nie|ciagle|caly czas|juz (?:drugi|trzeci|kolejny))\b",
        ),
    },
    # Feeling unheard, talked down to, not taken seriously; a wish said as "I'd like".
    "unheard": {
        "en": (
            r"\b(?:i|we) (?:\w+ ){0,2}(?:feel|felt|feeling|sense|sensed)\b",
            r"\b(?:get|got|have|had|getting) the (?:sense|impression|feeling)\b",
            r"\b(?:heard|listened to|listening|taken seriously|talked down|talking down|"
            r"lectured|lecturing|patroni[sz]\w*|condescend\w*|dismiss\w*|brushed (?:off|aside)|"
            r"landing|getting through|being (?:sensitive|difficult|awkward|fussy|picky)|"
            r"(?:the|your|his|her) tone|as if (?:i|we)|spoken to|talked to like|"
            r"explain(?:ed|ing)? to me|corrected|interrupt\w*)\b",
            r"\b(?:i'?d|i would|we'?d|we would) (?:have )?(?:appreciate|appreciated|like|liked|"
            r"prefer|preferred|rather|welcome|hoped|expected)\b",
            r"\b(?:starting|beginning) to (?:feel|wonder|think|lose)\b",
            r"\b(?:i'?m|i am|we'?re|we are) (?:not sure|conscious|aware|wondering|"
            r"a bit|a little|slightly)\b",
        ),
        "pl": (
            r"\b(?:mam|mamy|mialam|mialem|mielismy|odnosze|odnosimy|odnioslam|odnioslem|"
            r"odnieslismy) (?:\w+ )?(?:wrazenie|poczucie)\b",
            r"\b(?:czuje|czujemy|czulam|czulem|czulismy|poczulam|poczulem|poczulismy) sie\b",
            r"\b(?:slysz\w*|uslysz\w*|slucha\w*|wysluch\w*|traktowan\w*|traktuje\w*|"
            r"potraktowan\w*|poucza\w*|pouczen\w*|protekcjonaln\w*|z gory|zbyw\w*|zbyl\w*|"
            r"zbyci\w*|lekcewaz\w*|oschl\w*|przerywa\w*|popraw\w* mnie|tlumaczy\w* mi|"
            r"tonem|ton (?:pana|pani|maila|wiadomosci|rozmowy)|jak (?:do )?(?:dziecka|dziecko|"
            r"laika|laik)|bez (?:zrozumienia|odzewu))\b",
            r"\b(?:wolal\w*bym|wolelibysmy|chcial\w*bym|chcielibysmy|bylabym|bylbym|"
            r"bylibysmy|prosil\w*bym|prosilibysmy|oczekiwal\w*bym|liczyl\w*bym)\b",
            r"\b(?:zaczynam|zaczynamy) (?:sie )?(?:czuc|zastanawiac|miec|watpic|tracic)\b",
        ),
    },
    # A person as the subject of what went wrong: "you never…", "Pan znowu…".
    "person_did": {
        "en": (
            r"\b(?:you|he|she) (?:never|always|keep|kept|didn'?t|don'?t|haven'?t|hasn'?t|"
            r"wasn'?t|weren'?t|won'?t|forgot|ignored|interrupted|dismissed|corrected|insisted|"
            r"decided|chose|went ahead|just|simply|only|clearly|obviously)\b",
            r"\b(?:your|his|her) (?:reply|replies|answer|answers|response|comment|comments|"
            r"remark|email|message|approach|attitude|manner|tone|behaviou?r|decision|way)\b",
        ),
        "pl": (
            r"\b(?:pan|pani) (?:\w+ )?(?:nigdy|zawsze|ciagle|nie|znowu|znow|wciaz|zapomnial\w*|"
            r"zignorowal\w*|przerwal\w*|poprawil\w*|uznal\w*|zdecydowal\w*|stwierdzil\w*|"
            r"odpowiedzial\w*|odpisal\w*|zbyl\w*|po prostu|jednak)\b",
            r"\b(?:pana|pani|jego|jej) (?:ostatni\w*|komentarz\w*|odpowiedz\w*|uwag\w*|ton\w*|"
            r"mail\w*|decyzj\w*|zachowani\w*|podejsci\w*|slow\w*|reakcj\w*|sposob\w*)\b",
        ),
    },
}
NAMES: Final[tuple[str, ...]] = tuple(FAMILIES)
LANGS: Final = ("en", "pl")
_COMPILED: Final = {(name, lang): re.compile("|".join(f"(?:{p})" for p in spec[lang]))
                    for name, spec in FAMILIES.items() for lang in LANGS}


def _langs(lang: str | None) -> tuple[str, ...]:
    return (lang,) if lang in LANGS else LANGS


def constructions(text: str, lang: str | None = None) -> list[float]:
    """Per family of NAMES, the number of its matches in `text` (the author's own text) in
    language `lang` (both when None), at most CAP."""
    folded = fold(text)
    langs = _langs(lang)
    return [float(min(sum(len(_COMPILED[name, k].findall(folded)) for k in langs), CAP))
            for name in NAMES]


def matches(text: str, lang: str | None = None, families: Sequence[str] = NAMES,
            ) -> dict[str, list[str]]:
    """The matched spans of each family in `text` (for reading what a family found)."""
    folded = fold(text)
    return {name: [text[m.start():m.end()] for k in _langs(lang)
                   for m in _COMPILED[name, k].finditer(folded)] for name in families}
