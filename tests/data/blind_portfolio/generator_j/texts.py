"""Hand-written message bank for generator J (events agency). English and Polish.

Each category holds messages written by hand; slots in braces are filled per message:
{first} recipient's first name, {event} event name, {venue}, {date}, {n}, {guests}, {colleague},
{client}, {day}, {time}, {amount}, {city}; reminders: {number}, {amount}, {due}.
"""
import datetime as dt
import random

from texts_bank import BANK, SUBJECTS, TICKETS

WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_PL = ["poniedziałek", "wtorek", "środę", "czwartek", "piątek"]


class _Safe(dict):
    def __missing__(self, k):
        return "{" + k + "}"


# Polish agrees verbs with the speaker's and the addressee's gender. The banks are written in
# one form; these pairs switch them. (first person: female form, male form)
FIRST_PERSON = [("chciałam", "chciałem"), ("byłabym", "byłbym"), ("wolałabym", "wolałbym"),
                ("chciałabym", "chciałbym"), ("zauważyłam", "zauważyłem"), ("dowiedziałam", "dowiedziałem"),
                ("wiedziałam", "wiedziałem"), ("omawiałam", "omawiałem"), ("prosiłam", "prosiłem"),
                ("pytałam", "pytałem"), ("wysłałam", "wysłałem"), ("wrzuciłam", "wrzuciłem"),
                ("dostałam", "dostałem"), ("miałam", "miałem"), ("przyjęłam", "przyjąłem"),
                ("musiałam", "musiałem"), ("przekazałam", "przekazałem"), ("dałam", "dałem"),
                ("wypadłam", "wypadłem"), ("wróciłam", "wróciłem"), ("poprosiłam", "poprosiłem"),
                ("otrzymałam", "otrzymałem"), ("ponagliłam", "ponagliłem"), ("rozmawiałam", "rozmawiałem"),
                ("zapytałam", "zapytałem"), ("prosiłabym", "prosiłbym"), ("szczera", "szczery"),
                ("widziałam", "widziałem"), ("sprawdziłam", "sprawdziłem"), ("znalazłam", "znalazłem"),
                ("wpisałam", "wpisałem"), ("zrozumiałam", "zrozumiałem"), ("wprowadziłam", "wprowadziłem"),
                ("oczekiwałam", "oczekiwałem"), ("poleciłam", "poleciłem"), ("sama zadzwonię", "sam zadzwonię"),
                ("będę musiała", "będę musiał"), ("przejęłam", "przejąłem"),
                ("ogarniać sama", "ogarniać sam"), ("przyjęłam", "przyjąłem"),
                ("dopisałam", "dopisałem"), ("tłumaczyłam", "tłumaczyłem"), ("chciałam zaoszczędzić", "chciałem zaoszczędzić"),
                ("powinnam była", "powinienem był"), ("byłam przekonana", "byłem przekonany"), ("potwierdziłam", "potwierdziłem"),
                ("nie jestem pewna", "nie jestem pewien"), ("będę dodawała", "będę dodawał")]
SECOND_PERSON = [("pozwoliła", "pozwolił"), ("notowała", "notował"), ("wspominałaś", "wspominałeś"),
                 ("będziesz pewna", "będziesz pewien"), ("mogłabyś", "mógłbyś"), ("dodawała mnie", "dodawał mnie"),
                 ("mówiłaś", "mówiłeś"), ("prosiłaś", "prosiłeś"), ("byłaś spokojna", "byłeś spokojny"),
                 ("miałaś", "miałeś"), ("masz prawo być zirytowana", "masz prawo być zirytowany"),
                 ("Pani współpracownikiem", "Pana współpracownikiem"), ("tak to Pani widzi", "tak to Pan widzi"),
                 ("odbierasz", "odbierasz"), ("żebyś była w kopii", "żebyś był w kopii")]


def _swap(text, pairs, to_female):
    for f, m in pairs:
        src, dst = (m, f) if to_female else (f, m)
        text = text.replace(src, dst).replace(src[0].upper() + src[1:], dst[0].upper() + dst[1:])
    return text


def pick(r, lang, cat, ctx):
    pool = BANK[lang].get(cat) or BANK[lang]["routine"]
    text = r.choice(pool).format_map(_Safe(ctx)).strip()
    if lang == "pl":
        # addressee first (its pairs are second-person only), then the speaker
        if "_rf" in ctx:
            text = _swap(text, SECOND_PERSON, ctx["_rf"])
        if "_sf" in ctx:
            text = _swap(text, FIRST_PERSON, ctx["_sf"])
    return text


def subject(r, lang, cat, ctx):
    pool = SUBJECTS[lang].get(cat) or SUBJECTS[lang]["routine"]
    return r.choice(pool).format_map(_Safe(ctx))


GREET_EN = ["Hi {f},", "Hello {f},", "Dear {f},", "{f},", "Hi {f}", "Hey {f},", "Good morning {f},", "Hi there,"]
GREET_PL = ["Cześć {f},", "Dzień dobry,", "Witam,", "Hej {f},", "{f},", "Dzień dobry {f},", "Cześć,",
            "Dzien dobry,", "Witam serdecznie,"]
CLOSE_EN = ["Best,", "Thanks,", "Kind regards,", "Cheers,", "Regards,", "BR,", "Best regards,", "Many thanks,", "Thank you,", "--"]
CLOSE_PL = ["Pozdrawiam,", "Pozdrawiam serdecznie,", "Z poważaniem,", "Dzięki,", "Pozdr.", "Serdeczności,",
            "Pozdrawiam i dziękuję,", "Miłego dnia,", "Z wyrazami szacunku,", "--"]


def greeting(r, lang, first, incoming):
    g = r.choice(GREET_PL if lang == "pl" else GREET_EN)
    return g.format(f=first)


def closing(r, lang):
    return r.choice(CLOSE_PL if lang == "pl" else CLOSE_EN)


def typos(r, body, rate):
    """Introduce a few keyboard slips: swapped letters, doubled letters, dropped letters."""
    words = body.split(" ")
    out = []
    for wd in words:
        if len(wd) > 4 and wd.isalpha() and r.random() < rate * 0.12:
            i = r.randrange(1, len(wd) - 2)
            k = r.random()
            if k < 0.4:
                wd = wd[:i] + wd[i + 1] + wd[i] + wd[i + 2:]
            elif k < 0.7:
                wd = wd[:i] + wd[i + 1:]
            else:
                wd = wd[:i] + wd[i] + wd[i:]
        out.append(wd)
    return " ".join(out)


MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DAYS_PL = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."]


def quote(r, lang, name, email, ts, body):
    body = body.strip()
    # keep only the newest part of the earlier body (clients rarely keep the full chain)
    cut = body.find("\n\nOn ")
    if cut < 0:
        cut = body.find("\n\nW dniu ")
    if cut < 0:
        cut = body.find("\n\n-----Original")
    if cut > 0:
        body = body[:cut]
    quoted = "\n".join("> " + ln if ln else ">" for ln in body.split("\n"))
    k = r.random()
    if lang == "pl":
        if k < 0.5:
            hdr = f"W dniu {ts.day}.{ts.month:02d}.{ts.year} o {ts.hour:02d}:{ts.minute:02d}, {name} <{email}> pisze:"
        elif k < 0.8:
            hdr = f"Dnia {ts.strftime('%d.%m.%Y')} o godz. {ts.strftime('%H:%M')} {name} napisał(a):"
        else:
            return ("\n-----Original Message-----\nFrom: " + f"{name} <{email}>\nSent: {ts.strftime('%d.%m.%Y %H:%M')}\n"
                    "Subject: \n\n" + body + "\n")
    else:
        if k < 0.6:
            hdr = (f"On {DAYS_EN[ts.weekday()]}, {ts.day} {MONTHS_EN[ts.month - 1]} {ts.year} at "
                   f"{ts.strftime('%H:%M')}, {name} <{email}> wrote:")
        elif k < 0.85:
            hdr = f"On {ts.strftime('%d/%m/%Y %H:%M')}, {name} wrote:"
        else:
            return ("\n-----Original Message-----\nFrom: " + f"{name} <{email}>\nSent: {ts.strftime('%d %B %Y %H:%M')}\n"
                    "Subject: \n\n" + body + "\n")
    return hdr + "\n" + quoted + "\n"


def ticket(r, lang, ctx, complaint=False):
    pool = TICKETS[lang]["complaint" if complaint else "normal"]
    s, d = r.choice(pool)
    return s.format_map(_Safe(ctx)), d.format_map(_Safe(ctx))
