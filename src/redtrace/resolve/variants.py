"""Labelled party records for measuring entity resolution: true entities written several ways.

Each true entity yields one to four records. Variants are the ones seen in procurement files:
Turkish letters dropped, "Ltd"/"Limited"/"Ltd. Şti.", one-letter typos, reordered words, Arabic
names in Arabic script or in different Latin transliterations, phones written with or without
the country prefix, fields missing. Distinct entities sometimes share a name (a common person
name, the same trade name in two countries) or an address (a formation agent's office), the
cases that tempt a resolver to over-merge.

This is an evaluation tool (tests, benchmarks); nothing in the resolver reads it.
"""

from __future__ import annotations

import random

import pandas as pd

# Arabic-script name -> Latin spellings in use.
ARABIC_GIVEN = {
    "محمد": ["Mohammed", "Muhammad", "Mohamed"], "أحمد": ["Ahmed", "Ahmad"], "علي": ["Ali"],
    "حسن": ["Hassan", "Hasan"], "حسين": ["Hussein", "Hussain", "Husain"], "خالد": ["Khalid", "Khaled"],
    "عمر": ["Omar", "Umar"], "يوسف": ["Yusuf", "Youssef", "Yousef"], "إبراهيم": ["Ibrahim", "Ebrahim"],
    "سعيد": ["Saeed", "Said"], "محمود": ["Mahmoud", "Mahmud"], "مصطفى": ["Mustafa", "Mostafa"],
    "طارق": ["Tariq", "Tarek"], "ماجد": ["Majid", "Maged"], "سامي": ["Sami", "Samy"], "فيصل": ["Faisal", "Faysal"],
}
ARABIC_FAMILY = {
    "الأحمد": ["Al-Ahmad", "Alahmad"], "الخطيب": ["Al-Khatib", "Alkhatib"], "الشامي": ["Al-Shami", "Alshami"],
    "النعيمي": ["Al-Nuaimi", "Al-Nuaimy"], "الجبوري": ["Al-Jubouri", "Al-Juburi"], "العبيدي": ["Al-Obeidi", "Al-Ubaidi"],
    "حداد": ["Haddad"], "قاسم": ["Qasim", "Kassem"], "درويش": ["Darwish", "Darwiche"], "سليمان": ["Suleiman", "Sulaiman"],
    "منصور": ["Mansour", "Mansur"], "شريف": ["Sharif", "Sherif"], "رشيد": ["Rashid", "Rasheed"], "عثمان": ["Othman", "Osman"],
}
TURKISH_SURNAMES = ["Öztürk", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Özdemir", "Arslan",
                    "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Güneş", "Erdoğan"]
TURKISH_GIVEN = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Ömer", "Yusuf",
                 "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Murat", "Emre", "Burak", "Gökhan"]
ENGLISH_GIVEN = ["James", "John", "Robert", "Michael", "David", "Richard", "Thomas", "Sarah", "Emma", "Laura", "Peter", "Paul"]
ENGLISH_FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Green", "Walker"]
SECTORS_TR = ["Kimya", "Elektronik", "Tekstil", "Gıda", "İnşaat", "Lojistik", "Otomotiv", "Tarım", "Makina", "Enerji", "İletişim", "Dış Ticaret"]
WORDS_EN = ["Global", "Northern", "Atlas", "Crown", "Bridge", "Summit", "Pioneer", "Harbour", "Falcon", "Meridian", "Apex",
            "Union", "Orient", "Phoenix", "Delta", "Sterling", "Vector", "Horizon", "Liberty", "Oak", "Silver", "Eagle"]
SECTORS_EN = ["Trading", "Logistics", "Electronics", "Chemicals", "Engineering", "Supplies", "Industries", "Technologies", "Imports", "Exports"]
STREETS = ["Baker Street", "High Street", "Station Road", "Atatürk Caddesi", "İnönü Sokak", "Cumhuriyet Mahallesi", "King Street",
           "Mill Lane", "Church Road", "Gazi Caddesi", "Harbour Road", "Park Avenue"]
CITIES = {"GB": ["London", "Manchester", "Birmingham", "Leeds"], "TR": ["Şanlıurfa", "Gaziantep", "İstanbul", "Mersin", "Akçakale"],
          "AE": ["Dubai", "Sharjah"], "SY": ["Aleppo", "Raqqa"], "IQ": ["Mosul", "Erbil"], "DE": ["Hamburg", "Berlin"]}
PHONE_PREFIX = {"GB": "44", "TR": "90", "AE": "971", "SY": "963", "IQ": "964", "DE": "49"}
UK_FORMS = [("Ltd", "Limited", "Ltd."), ("LLP", "LLP", "L.L.P.")]
TR_FORMS = [("Ltd. Şti.", "Limited Şirketi", "Ltd Sti"), ("A.Ş.", "Anonim Şirketi", "AS")]


_ONSETS = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "tr", "st", "g", "h", "p", "f", "x", "qu"]
_NUCLEI = ["a", "e", "i", "o", "u", "ar", "en", "or", "ex", "on", "al", "is"]


def _coined(rng: random.Random) -> str:
    """A made-up brand or family word ("Zantrex", "Brimor"): real registers are full of names
    no word list holds, and a resolver must not lean on a small vocabulary."""
    return "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) for _ in range(rng.randint(2, 3))).capitalize()


def _drop_turkish(text: str) -> str:
    return text.translate(str.maketrans("ıİşŞğĞçÇöÖüÜ", "iIsSgGcCoOuU"))


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) > 4]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.choice(("swap", "drop", "double"))
    if op == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif op == "drop":
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def _entity(rng: random.Random, i: int) -> dict:
    country = rng.choice(list(CITIES))
    kind = "company" if rng.random() < 0.6 else "person"
    if kind == "company":
        if country == "TR":
            owner = rng.choice(TURKISH_SURNAMES) if rng.random() < 0.3 else _coined(rng)
            base, forms = f"{owner} {rng.choice(SECTORS_TR)}", rng.choice(TR_FORMS)
            style = "tr"
        else:
            first = rng.choice(WORDS_EN) if rng.random() < 0.3 else _coined(rng)
            base, forms = f"{first} {rng.choice(WORDS_EN)} {rng.choice(SECTORS_EN)}", rng.choice(UK_FORMS)
            style = "en"
        names = {"base": base, "forms": forms, "style": style}
    else:
        if country in ("SY", "IQ", "AE"):
            # Given name, father's name, family name, as Arabic names are usually written.
            g, father, f = rng.choice(list(ARABIC_GIVEN)), rng.choice(list(ARABIC_GIVEN)), rng.choice(list(ARABIC_FAMILY))
            latin = [f"{a} {b} {c}" for a in ARABIC_GIVEN[g] for b in ARABIC_GIVEN[father] for c in ARABIC_FAMILY[f]]
            names = {"style": "ar", "arabic": f"{g} {father} {f}", "latin": latin}
        elif country == "TR":
            family = rng.choice(TURKISH_SURNAMES) if rng.random() < 0.5 else _coined(rng)
            names = {"style": "tr", "base": f"{rng.choice(TURKISH_GIVEN)} {family}"}
        else:
            family = rng.choice(ENGLISH_FAMILY) if rng.random() < 0.5 else _coined(rng)
            names = {"style": "en", "base": f"{rng.choice(ENGLISH_GIVEN)} {family}"}
    city = rng.choice(CITIES[country])
    return {
        "entity": f"E{i:07d}", "kind": kind, "country": country, "names": names,
        "address": f"{rng.randint(1, 250)} {rng.choice(STREETS)}", "city": city,
        "postal_code": f"{rng.randint(10000, 99999)}",
        "phone": f"{rng.randint(200, 999)}{rng.randint(1000000, 9999999)}",
        "email": f"info{i}@{rng.choice(['gmail.com', 'hotmail.com', 'mail.' + country.lower()])}",
        "registration_id": f"{rng.randint(1000000, 99999999)}" if kind == "company" else None,
        "birth_date": f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if kind == "person" else None,
    }


def _name_variant(rng: random.Random, e: dict, first: bool) -> str:
    n = e["names"]
    if n["style"] == "ar":
        name = rng.choice(n["latin"]) if first or rng.random() < 0.6 else n["arabic"]
        if first:
            return name
    elif e["kind"] == "company":
        name = f"{n['base']} {rng.choice(n['forms'])}" if not first else f"{n['base']} {n['forms'][0]}"
        if first:
            return name
    else:
        name = n["base"]
        if first:
            return name
    r = rng.random()
    if r < 0.3:
        name = _drop_turkish(name)
    elif r < 0.5:
        name = _typo(rng, name)
    elif r < 0.65:
        words = name.split()
        if e["kind"] == "person" or n.get("style") == "ar":
            name = " ".join(reversed(words))
        else:
            base = n["base"].split()
            name = " ".join(list(reversed(base)) + words[len(base):])
    elif r < 0.75:
        name = name.upper()
    return name


def _field(rng: random.Random, value, keep: float):
    return value if value is not None and rng.random() < keep else None


def _phone_variant(rng: random.Random, e: dict) -> str:
    number = e["phone"]
    return rng.choice([f"+{PHONE_PREFIX[e['country']]} {number[:3]} {number[3:]}", f"0{number}", f"00{PHONE_PREFIX[e['country']]}{number}"])


def generate_parties(n_entities: int, seed: int = 0, duplicate_rate: float = 0.35) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(parties, truth): parties in the contract's columns; truth = party_id, cluster_id."""
    rng = random.Random(seed)
    rows, truth = [], []
    shared_addresses = [(f"{rng.randint(1, 99)} {rng.choice(STREETS)}", "GB") for _ in range(max(1, n_entities // 500))]
    pid = 0
    for i in range(n_entities):
        e = _entity(rng, i)
        if e["kind"] == "company" and rng.random() < 0.05:
            # Registered at a formation agent's office: many distinct companies, one address.
            e["address"], e["country"] = rng.choice(shared_addresses)
            e["city"] = "London"
        n_records = 1
        while n_records < 4 and rng.random() < duplicate_rate:
            n_records += 1
        for r in range(n_records):
            pid += 1
            party_id = f"P{pid:07d}"
            first = r == 0
            keep = 1.0 if first else 0.7
            rows.append({
                "party_id": party_id, "kind": e["kind"], "name": _name_variant(rng, e, first),
                "country": e["country"] if first or rng.random() < 0.9 else None,
                "address": _field(rng, e["address"], keep), "city": _field(rng, e["city"], keep),
                "postal_code": _field(rng, e["postal_code"], keep * 0.8),
                "registration_id": _field(rng, e["registration_id"], 0.8 if first else 0.4),
                "phone": _phone_variant(rng, e) if rng.random() < keep else None,
                "email": _field(rng, e["email"], keep * 0.8),
                "birth_date": _field(rng, e["birth_date"], keep),
            })
            truth.append({"party_id": party_id, "cluster_id": e["entity"]})
    parties = pd.DataFrame(rows)
    parties["aliases"] = [[] for _ in range(len(parties))]
    return parties, pd.DataFrame(truth)
