"""People and company names, domains and the spelling variants real tools produce."""
from .util import ascii_fold, slug, strip_pl

# first name, gender, vocative (formal), vocative (informal/diminutive)
PL_FIRST = [
    ("Anna", "f", "Anno", "Aniu"), ("Katarzyna", "f", "Katarzyno", "Kasiu"), ("Magdalena", "f", "Magdaleno", "Magdo"),
    ("Agnieszka", "f", "Agnieszko", "Agnieszko"), ("Joanna", "f", "Joanno", "Asiu"), ("Marta", "f", "Marto", "Marto"),
    ("Ewa", "f", "Ewo", "Ewo"), ("Monika", "f", "Moniko", "Moniko"), ("Karolina", "f", "Karolino", "Karolino"),
    ("Aleksandra", "f", "Aleksandro", "Olu"), ("Natalia", "f", "Natalio", "Natalio"), ("Zofia", "f", "Zofio", "Zosiu"),
    ("Paulina", "f", "Paulino", "Paulino"), ("Justyna", "f", "Justyno", "Justyno"), ("Dorota", "f", "Doroto", "Doroto"),
    ("Beata", "f", "Beato", "Beato"), ("Małgorzata", "f", "Małgorzato", "Gosiu"), ("Weronika", "f", "Weroniko", "Weroniko"),
    ("Julia", "f", "Julio", "Julio"), ("Izabela", "f", "Izabelo", "Izo"), ("Agata", "f", "Agato", "Agato"),
    ("Tomasz", "m", "Tomaszu", "Tomku"), ("Piotr", "m", "Piotrze", "Piotrku"), ("Michał", "m", "Michale", "Michale"),
    ("Paweł", "m", "Pawle", "Pawle"), ("Krzysztof", "m", "Krzysztofie", "Krzysiu"), ("Marcin", "m", "Marcinie", "Marcinie"),
    ("Łukasz", "m", "Łukaszu", "Łukaszu"), ("Jakub", "m", "Jakubie", "Kuba"), ("Bartosz", "m", "Bartoszu", "Bartku"),
    ("Grzegorz", "m", "Grzegorzu", "Grzesiu"), ("Wojciech", "m", "Wojciechu", "Wojtku"), ("Adam", "m", "Adamie", "Adamie"),
    ("Marek", "m", "Marku", "Marku"), ("Rafał", "m", "Rafale", "Rafale"), ("Kamil", "m", "Kamilu", "Kamilu"),
    ("Mateusz", "m", "Mateuszu", "Mateuszu"), ("Andrzej", "m", "Andrzeju", "Andrzeju"), ("Jan", "m", "Janie", "Janku"),
    ("Szymon", "m", "Szymonie", "Szymonie"), ("Damian", "m", "Damianie", "Damianie"), ("Maciej", "m", "Macieju", "Maćku"),
]

PL_LAST = [
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"), ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"), ("Król", "Król"),
    ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"), ("Nowakowski", "Nowakowska"),
    ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Stępień", "Stępień"), ("Malinowski", "Malinowska"),
    ("Jaworski", "Jaworska"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Nowicki", "Nowicka"),
    ("Pietrzak", "Pietrzak"), ("Sikora", "Sikora"), ("Baran", "Baran"), ("Szewczyk", "Szewczyk"),
    ("Tomaszewski", "Tomaszewska"), ("Zalewski", "Zalewska"), ("Wróblewski", "Wróblewska"), ("Ostrowski", "Ostrowska"),
    ("Gajewski", "Gajewska"), ("Chmielewski", "Chmielewska"), ("Borkowski", "Borkowska"), ("Sadowski", "Sadowska"),
    ("Czarnecki", "Czarnecka"), ("Kubiak", "Kubiak"), ("Witkowski", "Witkowska"), ("Rutkowski", "Rutkowska"),
    ("Łuczak", "Łuczak"), ("Żak", "Żak"), ("Głowacki", "Głowacka"), ("Śliwiński", "Śliwińska"), ("Kaczmarek", "Kaczmarek"),
    ("Zając", "Zając"), ("Górski", "Górska"), ("Sobczak", "Sobczak"), ("Wilk", "Wilk"), ("Kołodziej", "Kołodziej"),
]

EN_FIRST = [("Sarah", "f"), ("Emily", "f"), ("Jessica", "f"), ("Laura", "f"), ("Rachel", "f"), ("Megan", "f"),
            ("Hannah", "f"), ("Olivia", "f"), ("Chloe", "f"), ("Sophie", "f"), ("Emma", "f"), ("Katie", "f"),
            ("Grace", "f"), ("Lisa", "f"), ("Claire", "f"), ("Nina", "f"), ("Ingrid", "f"), ("Marieke", "f"),
            ("Michael", "m"), ("David", "m"), ("James", "m"), ("Daniel", "m"), ("Ryan", "m"), ("Kevin", "m"),
            ("Brian", "m"), ("Jason", "m"), ("Mark", "m"), ("Chris", "m"), ("Tom", "m"), ("Ben", "m"),
            ("Lukas", "m"), ("Pieter", "m"), ("Sven", "m"), ("Niklas", "m"), ("Thomas", "m"), ("Aidan", "m"),
            ("Felix", "m"), ("Matteo", "m"), ("Julien", "m"), ("Oscar", "m")]
EN_LAST = ["Miller", "Johnson", "Carter", "Brooks", "Reed", "Hughes", "Foster", "Bennett", "Sullivan", "Murphy",
           "O'Brien", "Walsh", "Hoffmann", "Becker", "Schneider", "Keller", "Vogel", "de Vries", "Jansen", "Bakker",
           "Visser", "Lindqvist", "Dubois", "Moreau", "Rossi", "Ricci", "Novak", "Horvat", "Patel", "Nguyen",
           "Kim", "Garcia", "Thompson", "Ward", "Coleman", "Fischer", "Berg", "Holm", "Larsen", "Byrne"]

PL_ROOTS = ["Kormoran", "Bursztyn", "Zielona Dolina", "Pod Lipami", "Wrzos", "Jaskółka", "Sokół", "Nadwiślański",
            "Dębowy Dwór", "Złoty Kłos", "Biały Jeleń", "Kaszubski", "Warmia", "Srebrna Góra", "Orlik", "Lazur",
            "Modrzew", "Żuraw", "Brzask", "Koral", "Zorza", "Perła", "Szafran", "Rumianek", "Kalina", "Jarzębina",
            "Miedziany Kocioł", "Stara Przędzalnia", "Hetman", "Wisła", "Magnolia", "Sosnowy Las", "Amber", "Bałtyk",
            "Równina", "Polana", "Skowronek", "Kasztan", "Cis", "Oliwa"]
# (name pattern, industry word, tagline for HubSpot Industry)
PL_INDUSTRIES = [("Browar {r}", "Food & Beverages"), ("Piekarnia {r}", "Food Production"), ("Hotel {r}", "Hospitality"),
                 ("Wydawnictwo {r}", "Publishing"), ("Drukarnia {r}", "Printing"), ("Fundacja {r}", "Non-profit"),
                 ("Szkoła Językowa {r}", "Education"), ("Apteka {r}", "Pharmaceuticals"), ("{r} Meble", "Furniture"),
                 ("{r} Logistyka", "Logistics"), ("{r} Deweloper", "Real Estate"), ("{r} Kosmetyki", "Cosmetics"),
                 ("{r} Software", "Computer Software"), ("{r} Medical", "Medical Practice"), ("Klinika {r}", "Medical Practice"),
                 ("Winnica {r}", "Wine & Spirits"), ("{r} Okna", "Building Materials"), ("{r} Energia", "Renewables"),
                 ("Catering {r}", "Food & Beverages"), ("Pracownia {r}", "Architecture & Planning"), ("{r} Sport", "Sporting Goods"),
                 ("{r} Moda", "Apparel & Fashion"), ("Ogrody {r}", "Environmental Services"), ("{r} Travel", "Leisure & Travel")]
PL_FORMS = [("Sp. z o.o.", 50), ("S.A.", 10), ("sp.k.", 6), ("s.c.", 6), ("", 14), ("sp. j.", 4)]
PL_SOLE = ["Usługi Remontowe", "Pracownia Ceramiki", "Gabinet Fizjoterapii", "Studio Fotografii", "Biuro Rachunkowe",
           "Szkoła Tańca", "Kwiaciarnia", "Pracownia Krawiecka"]

US_ROOTS = ["Quill & Ink", "Northwind", "Harbor Lane", "Bluefin", "Cedar & Pine", "Bright Path", "Silver Creek",
            "Red Maple", "Stonebridge", "Blue Heron", "Copper Kettle", "Ironwood", "Lakeshore", "Tall Pines",
            "Wild Oak", "Sunset Ridge", "Evergreen", "Summit Peak", "Oak & Anchor", "Salt & Stone", "Maple Street",
            "Granite Hill", "Pioneer", "Riverbend"]
US_IND = [("Brewing", "Food & Beverages"), ("Outdoor Gear", "Sporting Goods"), ("Dental", "Medical Practice"),
          ("Analytics", "Computer Software"), ("Home Goods", "Retail"), ("Learning", "E-Learning"),
          ("Coffee Roasters", "Food & Beverages"), ("Software", "Computer Software"), ("Realty", "Real Estate"),
          ("Fitness", "Health, Wellness & Fitness"), ("Pet Supply", "Retail"), ("Skincare", "Cosmetics"),
          ("Robotics", "Machinery"), ("Media", "Online Media"), ("Bikes", "Sporting Goods"), ("Foods", "Food Production")]
US_FORMS = ["LLC", "Inc.", "Co.", "Inc.", "LLC", ""]

EU_FIRMS = [
    ("DE", "EUR", "Europe/Berlin", [("{s} Maschinenbau GmbH", "Machinery"), ("{s} Logistik GmbH", "Logistics"),
                                     ("{s} Möbelwerk GmbH", "Furniture"), ("{s} Medizintechnik GmbH", "Medical Devices"),
                                     ("Bäckerei {s} GmbH", "Food Production"), ("{s} Reisen GmbH", "Leisure & Travel")],
     ["Kessler", "Hoffmann", "Brandt", "Winter", "Lorenz", "Vogt", "Krämer", "Seidel"], "de"),
    ("NL", "EUR", "Europe/Amsterdam", [("{s} Bloemen B.V.", "Wholesale"), ("{s} Fietsen B.V.", "Sporting Goods"),
                                        ("{s} Koffie B.V.", "Food & Beverages"), ("{s} Software B.V.", "Computer Software")],
     ["Van Dijk", "De Boer", "Mulder", "Smit", "Bos", "Van Leeuwen"], "nl"),
    ("SE", "EUR", "Europe/Stockholm", [("{s} Design AB", "Design"), ("{s} Outdoor AB", "Sporting Goods"), ("{s} Hälsa AB", "Health")],
     ["Lindqvist", "Fjord", "Nordvik", "Ek", "Björk"], "se"),
    ("IE", "EUR", "Europe/Dublin", [("{s} Software Ltd", "Computer Software"), ("{s} Foods Ltd", "Food Production"),
                                     ("{s} Property Ltd", "Real Estate")],
     ["Liffey", "Dublin Bay", "Shannon", "Connemara", "Wicklow"], "ie"),
    ("FR", "EUR", "Europe/Paris", [("Atelier {s} SAS", "Design"), ("{s} Cosmétiques SAS", "Cosmetics"), ("Maison {s} SARL", "Retail")],
     ["Moreau", "Lefèvre", "Garnier", "Rousseau"], "fr"),
]
US_ZONES = ["America/New_York", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]

PL_CITIES = [("Warszawa", "00-"), ("Kraków", "30-"), ("Wrocław", "50-"), ("Poznań", "60-"), ("Gdańsk", "80-"),
             ("Łódź", "90-"), ("Katowice", "40-"), ("Lublin", "20-"), ("Szczecin", "70-"), ("Bydgoszcz", "85-"),
             ("Olsztyn", "10-"), ("Rzeszów", "35-"), ("Toruń", "87-"), ("Gdynia", "81-"), ("Zakopane", "34-")]
PL_STREETS = ["ul. Lipowa", "ul. Polna", "ul. Leśna", "ul. Słoneczna", "ul. Krótka", "ul. Szkolna", "ul. Ogrodowa",
              "ul. Kościuszki", "ul. Mickiewicza", "al. Jana Pawła II", "ul. Piłsudskiego", "ul. Kwiatowa", "ul. Długa"]

AGENCIES = [("Studio Kreska", "Studio Kreska Sp. z o.o."), ("Agencja Pion", "Pion Agencja Kreatywna Sp. z o.o."),
            ("Kompas Creative", "Kompas Creative Sp. z o.o."), ("Bursztyn Digital", "Bursztyn Digital Sp. z o.o."),
            ("Dobre Ziarno", "Dobre Ziarno Studio sp.k."), ("Papier & Piksel", "Papier i Piksel Sp. z o.o."),
            ("Latarnia Studio", "Latarnia Studio Sp. z o.o."), ("Nowa Fala", "Nowa Fala Agencja Sp. z o.o.")]

FREEMAIL = ["gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"]

PL_TITLES = ["Kierownik Marketingu", "Marketing Manager", "Prezes Zarządu", "Właściciel", "Dyrektor Sprzedaży",
             "Specjalista ds. marketingu", "Koordynator projektów", "Brand Manager", "Dyrektor Operacyjny", "Office Manager"]
EN_TITLES = ["Marketing Manager", "Head of Marketing", "CEO", "Founder", "Brand Manager", "Digital Lead",
             "Operations Director", "Communications Manager", "Product Marketing Lead", "VP Marketing"]


def pl_person(rng, gender=None, used=None):
    while True:
        f = rng.choice(PL_FIRST)
        if gender and f[1] != gender:
            continue
        ln = rng.choice(PL_LAST)
        last = ln[0] if f[1] == "m" else ln[1]
        key = (f[0], last)
        if used is not None:
            if key in used:
                continue
            used.add(key)
        return {"first": f[0], "last": last, "gender": f[1], "voc": f[2], "vocd": f[3]}


def en_person(rng, used=None):
    while True:
        f = rng.choice(EN_FIRST)
        last = rng.choice(EN_LAST)
        key = (f[0], last)
        if used is not None:
            if key in used:
                continue
            used.add(key)
        return {"first": f[0], "last": last, "gender": f[1], "voc": f[0], "vocd": f[0]}


def weighted(rng, pairs):
    tot = sum(w for _, w in pairs)
    x = rng.random() * tot
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def pl_company(rng, used_names, big=False):
    for _ in range(500):
        kind = rng.random()
        if kind < 0.1 and not big:
            p = pl_person(rng)
            trade = rng.choice(PL_SOLE)
            name = "%s %s %s" % (trade, p["first"], p["last"])
            short = "%s %s" % (trade, p["last"])
            industry = "Consumer Services"
            form = ""
            root = short
            owner = p
        else:
            root = rng.choice(PL_ROOTS)
            pat, industry = rng.choice(PL_INDUSTRIES)
            short = pat.format(r=root)
            form = weighted(rng, PL_FORMS)
            if big:
                form = rng.choice(["S.A.", "Sp. z o.o.", "Sp. z o.o."])
            name = (short + " " + form).strip()
            owner = None
        if short in used_names or ("root:" + root) in used_names:
            continue
        used_names.add(short)
        used_names.add("root:" + root)
        return {"legal": name, "short": short, "form": form, "industry": industry, "root": root, "owner": owner}
    raise RuntimeError("ran out of company names")


def us_company(rng, used_names):
    for _ in range(500):
        root = rng.choice(US_ROOTS)
        ind, industry = rng.choice(US_IND)
        short = "%s %s" % (root, ind)
        form = rng.choice(US_FORMS)
        if short in used_names or ("root:" + root) in used_names:
            continue
        used_names.add(short)
        used_names.add("root:" + root)
        return {"legal": (short + " " + form).strip(), "short": short, "form": form, "industry": industry, "root": root}
    raise RuntimeError("ran out of company names")


def eu_company(rng, used_names):
    for _ in range(500):
        country, cur, zone, pats, surnames, tld = rng.choice(EU_FIRMS)
        pat, industry = rng.choice(pats)
        s = rng.choice(surnames)
        legal = pat.format(s=s)
        short = legal
        for suf in (" GmbH", " B.V.", " AB", " Ltd", " SAS", " SARL"):
            if short.endswith(suf):
                short = short[: -len(suf)]
        form = legal[len(short):].strip()
        if short in used_names or ("root:" + s) in used_names:
            continue
        used_names.add(short)
        used_names.add("root:" + s)
        return {"legal": legal, "short": short, "form": form, "industry": industry, "country": country, "root": short,
                "currency": cur, "zone": zone, "tld": tld}
    raise RuntimeError("ran out of company names")


def domain_for(company, tld, rng, used):
    base = company["short"]
    cands = [slug(base), slug(base, "-")]
    words = slug(base, " ").split()
    if len(words) > 1:
        cands.append(slug(" ".join(words[:2])))
        cands.append(words[-1] + words[0] if rng.random() < 0.2 else slug(" ".join(words[::-1])))
    rng.shuffle(cands)
    for c in cands:
        if not c:
            continue
        d = "%s.%s" % (c, tld)
        if d not in used:
            used.add(d)
            return d
    d = "%s%d.%s" % (cands[0], rng.randint(2, 99), tld)
    used.add(d)
    return d


LEGAL_ALT = {
    "Sp. z o.o.": ["sp. z o.o.", "SP. Z O.O.", "Sp. z o. o.", "spółka z ograniczoną odpowiedzialnością", "sp z oo"],
    "S.A.": ["SA", "S.A", "Spółka Akcyjna"],
    "sp.k.": ["Sp. k.", "spółka komandytowa", "sp. k."],
    "s.c.": ["S.C.", "spółka cywilna", "s. c."],
    "sp. j.": ["Sp.j.", "spółka jawna"],
    "LLC": ["L.L.C.", "llc"], "Inc.": ["Inc", "Incorporated"], "Co.": ["Company", "Co"],
    "GmbH": ["GMBH", "Gmbh"], "B.V.": ["BV", "B.V"], "AB": ["Aktiebolag"], "Ltd": ["Limited", "Ltd."],
    "SAS": ["S.A.S."], "SARL": ["S.A.R.L."],
}


def name_variant(company, kind, rng):
    legal, short, form = company["legal"], company["short"], company.get("form", "")
    if kind == "exact":
        return legal
    if kind == "short":
        return short
    if kind == "upper":
        return ascii_fold(short).upper().replace("&", "AND")
    if kind == "upper_legal":
        return legal.upper()
    if kind == "lower":
        return short.lower()
    if kind == "nodiac":
        return strip_pl(legal)
    if kind == "legal_alt":
        alts = LEGAL_ALT.get(form)
        if not alts:
            return short
        return (short + " " + rng.choice(alts)).strip()
    if kind == "amp":
        if "&" in short:
            return short.replace("&", "and")
        if " i " in short:
            return short.replace(" i ", " & ")
        return short
    if kind == "comma_legal":
        return (short + ", " + form).strip(", ") if form else short
    if kind == "trade":
        # a trade name a person would type: drop the generic industry word
        return company.get("root", short)
    return legal
