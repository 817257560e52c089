"""An independent world for entity resolution: companies and people written the ways real files differ.

Written from the data contract and from how registries and customer files duplicate parties, before
reading redtrace's generator or resolver. `build(seed)` returns parties, relations and the truth:
`entity` (party_id -> entity id), `dup_pairs` ((a, b, kind): two records of one entity and how the
second differs from the first) and `neg_pairs` ((a, b, kind): two different entities that look alike).
"""

from __future__ import annotations

import csv
import random
import string
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path

# ----------------------------------------------------------------------------------------------
# Vocabulary

TR_WORDS = ["Yıldız", "Güneş", "Doğan", "Çelik", "Özgür", "Şahin", "Kuzey", "Ege", "Işık", "Anadolu",
            "Boğaziçi", "Karadeniz", "Gökyüzü", "Akdeniz", "Ünal", "Öztürk", "Aydın", "Başak", "Çağdaş",
            "Ilgaz", "Toros", "Fırat", "Gümüş", "Kılıç", "Ertuğrul", "Sönmez", "Üçgen", "Şimşek"]
TR_SECTORS = ["Makina", "Elektronik", "Dış Ticaret", "Kimya", "Mühendislik", "Teknoloji", "Lojistik",
              "Endüstriyel Ürünler", "Otomasyon", "Savunma", "Metal", "Enerji"]
TR_FORMS = {  # canonical full, abbreviations, english
    "ltd": ("Sanayi ve Ticaret Limited Şirketi",
            ["San. ve Tic. Ltd. Şti.", "San. Tic. Ltd. Şti.", "Ltd. Şti.", "SAN. VE TİC. LTD. ŞTİ."],
            ["Industry and Trade Co. Ltd.", "Ltd", "Limited"]),
    "as": ("Sanayi ve Ticaret Anonim Şirketi", ["San. ve Tic. A.Ş.", "A.Ş.", "AŞ"], ["Inc.", "JSC"]),
}

RU_WORDS = ["Техносфера", "Промснаб", "Электроника", "Северный", "Волга", "Сибирь", "Энергомаш",
            "Спецтехника", "Радиокомплект", "Балтика", "Уралмаш", "Аврора", "Вектор", "Импульс",
            "Квант", "Спектр", "Магистраль", "Гранит", "Меридиан", "Феникс", "Альянс", "Восход"]
RU_SECTORS = ["", "Трейд", "Групп", "Снаб", "Импорт", "Техно", "Сервис"]
RU_FORMS = {
    "ooo": ("Общество с ограниченной ответственностью", ["ООО"], ["OOO", "LLC", "Limited Liability Company"]),
    "ao": ("Акционерное общество", ["АО"], ["AO", "JSC", "Joint Stock Company"]),
}
CYR = {  # two transliteration schemes: BGN/PCGN-like and an informal one
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("g", "g"), "д": ("d", "d"),
    "е": ("e", "e"), "ё": ("yo", "e"), "ж": ("zh", "j"), "з": ("z", "z"), "и": ("i", "i"),
    "й": ("y", "i"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"),
    "у": ("u", "u"), "ф": ("f", "f"), "х": ("kh", "h"), "ц": ("ts", "c"), "ч": ("ch", "ch"),
    "ш": ("sh", "sh"), "щ": ("shch", "sch"), "ъ": ("", ""), "ы": ("y", "i"), "ь": ("", "'"),
    "э": ("e", "e"), "ю": ("yu", "iu"), "я": ("ya", "ia"),
}

AR_WORDS = [("النور", ["Al Noor", "Al-Nour", "Alnoor", "Al Nur", "El Nour"]),
            ("الأمل", ["Al Amal", "Al-Amal", "Alamal"]),
            ("السلام", ["Al Salam", "As-Salam", "Assalam", "Al Salaam"]),
            ("الفجر", ["Al Fajr", "Al-Fajer", "Alfajr"]),
            ("البركة", ["Al Baraka", "Al-Barakah", "Albaraka"]),
            ("الرشيد", ["Al Rasheed", "Al-Rashid", "Alrasheed"]),
            ("النجم", ["Al Najm", "An-Najm", "Alnajm"]),
            ("الصقر", ["Al Saqr", "Al-Sakr", "Alsaqer", "Al Saqer"]),
            ("الهدى", ["Al Huda", "Al-Hoda", "Alhuda"]),
            ("الفرات", ["Al Furat", "Al-Forat", "Alfurat"]),
            ("الريان", ["Al Rayyan", "Al-Rayan", "Alrayyan"]),
            ("الخليج", ["Al Khaleej", "Al-Khalij", "Alkhaleej"]),
            ("الواحة", ["Al Waha", "Al-Wahah", "Alwaha"]),
            ("الشروق", ["Al Shorouq", "Ash-Shuruq", "Alshorouk"]),
            ("الجزيرة", ["Al Jazeera", "Al-Jazira", "Aljazeera"]),
            ("الإمارات", ["Al Emarat", "Al-Imarat", "Emirates"])]
AR_SECTORS = [("للتجارة العامة", "General Trading", "Gen. Trading"),
              ("للإلكترونيات", "Electronics", "Elec."),
              ("للمعدات الصناعية", "Industrial Equipment", "Ind. Equipment"),
              ("للتكنولوجيا", "Technology", "Tech"),
              ("للشحن", "Shipping", "Shpg"),
              ("للمقاولات", "Contracting", "Contg"),
              ("لقطع الغيار", "Spare Parts", "Spare Pts")]
AR_FORMS = {
    "llc": ("Limited Liability Company", ["LLC", "L.L.C", "L.L.C."], ["ش.ذ.م.م"]),
    "fze": ("Free Zone Establishment", ["FZE", "F.Z.E."], ["م.م.ح"]),
    "fzco": ("Free Zone Company", ["FZCO", "FZ-CO", "FZC"], ["ش.م.ح"]),
}

CN_BRANDS = ["Huaxin", "Jinpeng", "Hengtong", "Xinda", "Tianyu", "Zhongke", "Haitai", "Ruifeng",
             "Dongfang", "Longsheng", "Kaida", "Yongxin", "Shengda", "Hongyuan", "Jiahe", "Boyuan"]
CN_CITIES = ["Shenzhen", "Guangzhou", "Shanghai", "Ningbo", "Dongguan", "Xiamen"]
CN_SECTORS = [("Electronic Technology", "Electronic Tech"), ("Trading", "Trading"),
              ("Import and Export", "Imp. & Exp."), ("Precision Machinery", "Precision Mach."),
              ("Intelligent Technology", "Intelligent Tech"), ("Industrial", "Ind.")]
CN_FORMS = {"coltd": ("Company Limited", ["Co., Ltd.", "Co. Ltd", "Co.,Ltd", "CO LTD"], ["Limited"])}

LAT_BRANDS = ["Delta", "Orion", "Nordic", "Apex", "Vertex", "Sigma", "Atlas", "Falcon", "Meridian",
              "Polaris", "Titan", "Zenith", "Helix", "Quantum", "Summit", "Pioneer", "Eurasia",
              "Baltic", "Aurora", "Kestrel", "Corvus", "Lumen", "Stratos", "Argon", "Boreal",
              "Cobalt", "Halcyon", "Ionix", "Keystone", "Northgate", "Osprey", "Redwood"]
LAT_SECTORS = [("International Trading", "Intl Trading"), ("Electronics", "Electronics"),
               ("Industrial Supplies", "Ind. Supplies"), ("Technologies", "Tech"),
               ("Engineering", "Eng."), ("Logistics", "Logistics"),
               ("Components and Systems", "Components & Systems"),
               ("Precision Instruments", "Precision Instr."), ("Machinery", "Mach.")]
DE_SECTORS = [("Handelsgesellschaft", "Handelsges."), ("Elektronik", "Elektronik"),
              ("Maschinenbau", "Maschinenbau"), ("Industriebedarf", "Ind.-Bedarf"),
              ("Technik und Vertrieb", "Technik & Vertrieb")]
LAT_FORMS = {
    "GB": ("Limited", ["Ltd", "Ltd.", "LTD"], ["Private Limited Company"]),
    "DE": ("Gesellschaft mit beschränkter Haftung", ["GmbH", "G.m.b.H."], ["Ltd", "LLC"]),
    "US": ("Limited Liability Company", ["LLC", "L.L.C."], ["Company"]),
    "FR": ("Société à responsabilité limitée", ["SARL", "S.A.R.L."], ["Ltd"]),
    "IT": ("Società a responsabilità limitata", ["S.r.l.", "SRL"], ["Ltd"]),
    "CY": ("Limited", ["Ltd", "LTD"], ["Λίμιτεδ"]),
}

GENERIC_COMPANIES = ["Global Trading", "Star Electronics", "United Trading", "New Star International",
                     "Best Technology", "Golden Gate Trading", "Smart Solutions", "Prime Industrial"]

# persons: (native, [latin spellings])
P_TR_GIVEN = ["Mehmet", "Ahmet", "Mustafa", "Ayşe", "Fatma", "Hüseyin", "Emine", "Çağlar", "Gökhan",
              "Şükrü", "Özlem", "İbrahim", "Oğuz", "Ümit", "Yusuf", "Gülşen", "Ercüment", "Tuğba"]
P_TR_SUR = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir",
            "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özkan", "Şimşek", "Güler"]
P_RU_GIVEN_M = ["Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Юрий", "Евгений", "Вячеслав"]
P_RU_GIVEN_F = ["Наталья", "Ольга", "Татьяна", "Юлия"]
P_RU_PATR = ["Иван", "Сергее", "Петр", "Александр", "Юрье", "Николае"]
P_RU_SUR = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
            "Морозов", "Волков", "Жуков", "Щербаков", "Федоров", "Зайцев"]
P_AR_GIVEN = [("محمد", ["Mohammed", "Muhammad", "Mohamed", "Mohammad"]), ("أحمد", ["Ahmed", "Ahmad"]),
              ("علي", ["Ali"]), ("حسن", ["Hassan", "Hasan"]), ("حسين", ["Hussein", "Hussain", "Husain"]),
              ("خالد", ["Khaled", "Khalid"]), ("عمر", ["Omar", "Umar"]), ("يوسف", ["Youssef", "Yousef", "Yusuf"]),
              ("إبراهيم", ["Ibrahim", "Ebrahim"]), ("عبد الله", ["Abdullah", "Abdallah", "Abd Allah"]),
              ("سامر", ["Samer", "Samir"]), ("فيصل", ["Faisal", "Faysal"])]
P_AR_SUR = [("الحسيني", ["Al Husseini", "Al-Hosseini", "Alhusseini"]), ("الخطيب", ["Al Khatib", "Al-Khateeb", "Alkhatib"]),
            ("المنصوري", ["Al Mansouri", "Al-Mansoori", "Almansouri"]), ("الشامي", ["Al Shami", "Al-Shamy"]),
            ("حداد", ["Haddad", "Hadad"]), ("الزعبي", ["Al Zoubi", "Al-Zu'bi", "Alzoubi"]),
            ("قاسم", ["Qasem", "Kassem", "Qassim"]), ("عثمان", ["Othman", "Osman", "Uthman"]),
            ("الأحمد", ["Al Ahmad", "Al-Ahmed"]), ("سليمان", ["Suleiman", "Sulaiman", "Soliman"]),
            ("الكعبي", ["Al Kaabi", "Al-Ka'bi"]), ("ناصر", ["Nasser", "Naser"])]
P_FA_GIVEN = [["Reza"], ["Hossein", "Hosein", "Hussein"], ["Mohammad", "Mohamad", "Mohammed"], ["Ali"],
              ["Mehdi", "Mahdi"], ["Saeed", "Said", "Saied"], ["Majid", "Madjid"], ["Farhad"],
              ["Masoud", "Masood"], ["Gholamreza", "Gholam Reza", "Gholam-Reza"]]
P_FA_SUR = [["Hosseini", "Hoseini", "Husseini"], ["Rezaei", "Rezaie", "Rezayi"], ["Mohammadi", "Mohamadi"],
            ["Karimi"], ["Jafari", "Jaafari", "Ja'fari"], ["Ahmadi"], ["Rahimi"], ["Moradi"],
            ["Sadeghi", "Sadeqi"], ["Ghasemi", "Qasemi"], ["Tehrani"], ["Esfahani", "Isfahani"]]
P_CN_GIVEN = ["Wei", "Fang", "Lei", "Jun", "Min", "Jing", "Hao", "Yan", "Qiang", "Xiaoming", "Zhiwei", "Jianguo"]
P_CN_SUR = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu", "Xu", "Sun"]
P_DE_GIVEN = ["Thomas", "Michael", "Andreas", "Stefan", "Jürgen", "Klaus", "Sabine", "Petra", "Björn", "Günter"]
P_DE_SUR = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer",
            "Köhler", "Krüger", "Groß"]
P_GB_GIVEN = ["James", "John", "David", "Robert", "Sarah", "Emma", "William", "Richard", "Helen", "Mark"]
P_GB_MID = ["Edward", "Alan", "James", "Louise", "Anne", "Peter"]
P_GB_SUR = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
            "Thomas", "Roberts", "Walker"]

COMMON_PERSONS = {"ar": (0, 2), "tr": ("Mehmet", "Yılmaz"), "cn": ("Wei", "Wang"), "ru": ("Сергей", "Иванов")}

CITIES = {  # country -> [(canonical, variants)]
    "TR": [("İstanbul", ["Istanbul", "ISTANBUL", "Ist."]), ("Ankara", ["ANKARA"]), ("İzmir", ["Izmir"]),
           ("Gaziantep", ["G.Antep", "Antep"]), ("Mersin", ["MERSIN"])],
    "RU": [("Москва", ["Moscow", "Moskva", "г. Москва"]), ("Санкт-Петербург", ["Saint Petersburg", "St. Petersburg", "Sankt-Peterburg"]),
           ("Екатеринбург", ["Yekaterinburg", "Ekaterinburg"])],
    "AE": [("Dubai", ["DUBAI", "Dubayy", "دبي"]), ("Sharjah", ["SHARJAH", "Al Sharjah"]), ("Ajman", ["AJMAN"])],
    "OM": [("Muscat", ["Masqat"])], "SA": [("Riyadh", ["Ar Riyad"])], "IQ": [("Baghdad", ["BAGHDAD"])],
    "CN": [("Shenzhen", ["ShenZhen", "SHENZHEN"]), ("Guangzhou", ["Canton", "GuangZhou"]), ("Shanghai", ["SHANGHAI"])],
    "HK": [("Hong Kong", ["HONG KONG", "Kowloon", "HK"])],
    "DE": [("München", ["Muenchen", "Munich"]), ("Hamburg", ["HAMBURG"]), ("Köln", ["Koeln", "Cologne"]),
           ("Frankfurt am Main", ["Frankfurt", "Frankfurt a.M."])],
    "GB": [("London", ["LONDON"]), ("Manchester", ["MANCHESTER"]), ("Birmingham", ["B'ham"])],
    "US": [("New York", ["NYC", "New York City"]), ("Miami", ["MIAMI"]), ("Houston", ["HOUSTON"])],
    "FR": [("Paris", ["PARIS"]), ("Lyon", ["LYON"])], "IT": [("Milano", ["Milan"]), ("Torino", ["Turin"])],
    "CY": [("Limassol", ["Lemesos"]), ("Nicosia", ["Lefkosia"])],
    "IR": [("Tehran", ["Teheran", "TEHRAN"]), ("Isfahan", ["Esfahan"])],
    "KZ": [("Almaty", ["Alma-Ata"])], "AM": [("Yerevan", ["Erevan"])], "GE": [("Tbilisi", ["TBILISI"])],
}
DIAL = {"TR": "90", "RU": "7", "AE": "971", "OM": "968", "SA": "966", "IQ": "964", "CN": "86", "HK": "852",
        "DE": "49", "GB": "44", "US": "1", "FR": "33", "IT": "39", "CY": "357", "IR": "98", "KZ": "7",
        "AM": "374", "GE": "995"}
TLD = {"TR": ".com.tr", "RU": ".ru", "AE": ".ae", "OM": ".om", "SA": ".sa", "IQ": ".iq", "CN": ".cn",
       "HK": ".com.hk", "DE": ".de", "GB": ".co.uk", "US": ".com", "FR": ".fr", "IT": ".it", "CY": ".com.cy",
       "IR": ".ir", "KZ": ".kz", "AM": ".am", "GE": ".ge"}
STREETS = ["Atatürk", "Cumhuriyet", "İstiklal", "Lenina", "Sheikh Zayed", "Al Maktoum", "Nanshan",
           "Hauptstraße", "High", "Church", "Park", "Victoria", "Market", "Station", "Bahnhof", "Mira"]
FREE_ZONES = [("AE", "Dubai", "Office 1203, JAFZA One Tower A, Jebel Ali Free Zone", "", "48 881 2000"),
              ("AE", "Sharjah", "Executive Suite Z2-45, SAIF Zone", "", "6 557 8000"),
              ("GB", "London", "Suite 2, 27 Old Gloucester Street", "WC1N 3AX", "20 3000 1234"),
              ("HK", "Hong Kong", "Flat 1503, 15/F, Lucky Centre, 165-171 Wan Chai Road, Wan Chai", "", "2520 1234"),
              ("CY", "Limassol", "Arch. Makariou III 155, Proteas House, 5th floor", "3026", "25 100 200")]


def fold(s: str) -> str:
    """Drop diacritics the way an ASCII-only system does (Turkish dotless i too)."""
    s = s.replace("ı", "i").replace("İ", "I").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold_de(s: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        s = s.replace(a, b)
    return s


def translit(s: str, scheme: int) -> str:
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in CYR:
            t = CYR[lo][scheme % 2]
            out.append(t.capitalize() if ch != lo and t else t)
        else:
            out.append(ch)
    return "".join(out)


def typo(rng: random.Random, s: str) -> str:
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 4:
        return s
    i = rng.choice(idx[1:])
    op = rng.random()
    if op < 0.3:
        return s[:i] + s[i + 1:]
    if op < 0.55 and i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if op < 0.8:
        return s[:i] + s[i] + s[i:]
    return s[:i] + rng.choice(string.ascii_lowercase) + s[i + 1:]


# ----------------------------------------------------------------------------------------------
# Entities

class World:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        r = self.rng
        self.params = {
            "dup_rate": round(r.uniform(0.15, 0.40), 3),
            "miss_rate": round(r.uniform(0.10, 0.45), 3),  # per optional field on duplicate records
            "base_miss": round(r.uniform(0.05, 0.30), 3),  # per optional field on first records
            "hardneg_rate": round(r.uniform(0.08, 0.25), 3),
            "reg_other_scheme": round(r.uniform(0.0, 0.15), 3),
            "n_entities": r.randint(1500, 2500),
        }
        self.entities = []  # dicts
        self.records = []  # party rows
        self.entity_of = {}
        self.dup_pairs = []
        self.neg_pairs = []
        self.relations = []
        self.used_keys = set()
        self.slugs = set()
        self.records_of = defaultdict(list)

    # -- identifiers --------------------------------------------------------------------------
    def _phone(self, cc):
        r = self.rng
        n = 10 if cc in ("TR", "DE", "US", "IR", "RU", "KZ") else 9
        return str(r.randint(2, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))

    def _regid(self, cc):
        r = self.rng
        d = lambda k: "".join(str(r.randint(0, 9)) for _ in range(k))  # noqa: E731
        if cc == "TR":
            return {"main": d(10), "other": "0" + d(15)}  # tax number vs MERSIS
        if cc == "RU":
            return {"main": "1" + d(12), "other": "77" + d(8)}  # OGRN vs INN
        if cc == "CN":
            return {"main": "91440300" + d(10), "other": "4403" + d(11)}  # USCC vs old licence
        if cc == "DE":
            return {"main": "HRB " + str(r.randint(1000, 250000)), "other": "DE" + d(9)}  # register vs VAT
        if cc == "GB":
            return {"main": "0" + d(7), "other": "GB" + d(9)}
        if cc in ("AE", "OM", "SA"):
            return {"main": str(r.randint(100000, 999999)), "other": "100" + d(12)}  # licence vs TRN
        return {"main": d(9), "other": ""}

    def _address(self, cc, city):
        r = self.rng
        street = r.choice(STREETS)
        no = r.randint(1, 250)
        fl = r.randint(1, 25)
        unit = r.randint(1, 40)
        pc = {"TR": lambda: "34" + str(r.randint(100, 999)), "DE": lambda: str(r.randint(10000, 99999)),
              "GB": lambda: r.choice(["EC1V", "SW1A", "M1", "B2", "E14"]) + " " + str(r.randint(1, 9)) + r.choice("ABDEFG") + r.choice("HJLNPQ"),
              "RU": lambda: "1" + str(r.randint(10000, 29999)), "CN": lambda: "518" + str(r.randint(0, 999)).zfill(3),
              "US": lambda: str(r.randint(10000, 99999)), "FR": lambda: "75" + str(r.randint(1, 20)).zfill(3),
              "IT": lambda: "201" + str(r.randint(10, 99))}.get(cc, lambda: "")()
        return {"street": street, "no": no, "floor": fl, "unit": unit, "cc": cc, "postal": pc, "fixed": None}

    def render_address(self, a, style):
        """style 0 = as registered; 1 = rewritten (abbreviations, floor/suite dropped or added)."""
        if a["fixed"] is not None:
            txt = a["fixed"]
            if style:
                txt = txt.replace("Office", "Off.").replace("Suite", "Ste").replace("Street", "St")
                txt = txt.replace("Flat", "Rm").replace(", 5th floor", "").replace("Free Zone", "FZ")
            return txt
        cc, s, no, fl, u = a["cc"], a["street"], a["no"], a["floor"], a["unit"]
        r = self.rng
        if cc == "TR":
            return (f"{s} Caddesi No:{no} Kat:{fl} Daire:{u}" if not style else
                    r.choice([f"{fold(s)} Cad. No.{no} K.{fl} D.{u}", f"{s} Cd. No: {no}/{u}", f"{s.upper()} CAD. NO:{no}"]))
        if cc == "RU":
            return (f"ул. {s}, д. {no}, оф. {u}" if not style else
                    r.choice([f"ul. {s}, {no}, office {u}", f"{s} street {no}-{u}", f"ул {s} {no}"]))
        if cc == "DE":
            return (f"{s}straße {no}" if not style else r.choice([f"{s}str. {no}", f"{s}strasse {no}", f"{s} Str. {no}, {fl}. OG"]))
        if cc == "CN" or cc == "HK":
            return (f"Room {u}, {fl}/F, {s} Building, No. {no} {s} Road" if not style else
                    r.choice([f"Rm {u}, {fl}th Floor, {s} Bldg, {no} {s} Rd", f"{s} Building Room {fl}{u:02d}, {s} Road No.{no}"]))
        if cc in ("AE", "OM", "SA", "IQ"):
            return (f"Office {u}, {s} Tower, Floor {fl}, {s} Street" if not style else
                    r.choice([f"Off. {u}, {s} Twr, Fl {fl}", f"{s} Tower {fl}{u:02d}, {s} St.", f"P.O. Box {no * 37}, {s} Tower"]))
        return (f"{no} {s} Street, Suite {u}" if not style else r.choice([f"{no} {s} St", f"Ste {u}, {no} {s} St.", f"{no}, {s} Street"]))

    def _contact(self, e, slug):
        cc = e["country"]
        # Two entities never hold one domain or mailbox: namesakes get e.g. "delta-trading2".
        base, i = slug, 1
        while slug in self.slugs:
            i += 1
            slug = f"{base}{i}" if e["kind"] == "company" else f"{base}{i}"
        self.slugs.add(slug)
        dom = slug + TLD.get(cc, ".com")
        r = self.rng
        e["phone"] = self._phone(cc)
        e["website"] = dom if r.random() < 0.7 else ""
        e["email"] = (r.choice(["info", "sales", "office", "export"]) + "@" + dom if e["website"] else
                      slug.replace("-", "") + str(r.randint(1, 99)) + "@" + r.choice(["gmail.com", "yahoo.com", "mail.ru", "hotmail.com"]))

    def _city(self, cc):
        return self.rng.randrange(len(CITIES.get(cc, [("", [])])))

    # -- company ------------------------------------------------------------------------------
    def new_company(self, fam=None, cc=None, brand=None, sector=None, generic=None, city=None):
        r = self.rng
        fam = fam or r.choices(["tr", "ru", "ar", "cn", "lat", "de"], [0.25, 0.12, 0.2, 0.13, 0.2, 0.1])[0]
        e = {"kind": "company", "fam": fam, "id": len(self.entities)}
        for _ in range(50):
            if fam == "tr":
                e.update(country="TR", brand=brand or r.choice(TR_WORDS), sector=sector if sector is not None else r.randrange(len(TR_SECTORS)),
                         form=r.choice(["ltd", "ltd", "ltd", "as"]))
            elif fam == "ru":
                e.update(country=cc or r.choice(["RU", "RU", "RU", "KZ"]), brand=brand or r.choice(RU_WORDS),
                         sector=sector if sector is not None else r.randrange(len(RU_SECTORS)), form=r.choice(["ooo", "ooo", "ao"]))
            elif fam == "ar":
                e.update(country=cc or r.choice(["AE", "AE", "AE", "OM", "SA", "IQ"]), brand=brand if brand is not None else r.randrange(len(AR_WORDS)),
                         sector=sector if sector is not None else r.randrange(len(AR_SECTORS)), form=r.choice(["llc", "llc", "fze", "fzco"]))
            elif fam == "cn":
                e.update(country=cc or r.choice(["CN", "CN", "HK"]), brand=brand or r.choice(CN_BRANDS),
                         sector=sector if sector is not None else r.randrange(len(CN_SECTORS)), form="coltd", prefix=r.choice(CN_CITIES))
            elif fam == "de":
                e.update(country="DE", brand=brand or r.choice(LAT_BRANDS), sector=sector if sector is not None else r.randrange(len(DE_SECTORS)), form="DE")
            else:
                c = cc or r.choice(["GB", "GB", "US", "FR", "IT", "CY"])
                e.update(country=c, brand=brand or r.choice(LAT_BRANDS), sector=sector if sector is not None else r.randrange(len(LAT_SECTORS)), form=c)
            if generic:
                e["generic"] = generic
                break
            key = (fam, e["brand"], e["sector"], e.get("prefix"))
            if brand is not None or key not in self.used_keys:
                break
        self.used_keys.add((fam, e["brand"], e["sector"], e.get("prefix")))
        e["city"] = city if city is not None else self._city(e["country"])
        e["addr"] = self._address(e["country"], e["city"])
        e["reg"] = self._regid(e["country"])
        e["inc"] = f"{r.randint(1995, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        slug = fold(self.render_company(e, {"lf": "drop", "script": "latin", "tr": 0})).lower()
        slug = "".join(c if c.isalnum() else "-" for c in slug).strip("-")[:24].strip("-")
        self._contact(e, slug)
        e["trading"] = None
        if r.random() < 0.25:
            b = e["brand"] if isinstance(e["brand"], str) else AR_WORDS[e["brand"]][1][0]
            b = fold(translit(b, 0)).replace(" ", "").replace("-", "")
            e["trading"] = b[:1].upper() + b[1:].lower() + r.choice(["Tech", "Tek", " Group", " Export", "Line", "Trade"])
        self.entities.append(e)
        return e

    def render_company(self, e, o):
        """o: lf in full/abbrev/drop/local, script latin/native, tr scheme, fold, abbrev, order."""
        fam, lf = e["fam"], o.get("lf", "abbrev")
        forms = {"tr": TR_FORMS, "ru": RU_FORMS, "ar": AR_FORMS, "cn": CN_FORMS}.get(fam, LAT_FORMS)[e["form"]]
        alt = o.get("alt", 0)
        form = {"full": forms[0], "abbrev": forms[1][alt % len(forms[1])], "drop": "",
                "local": forms[2][alt % len(forms[2])]}[lf]
        if e.get("generic"):
            name = e["generic"]
            if o.get("abbrev"):
                name = name.replace("International", "Intl").replace("Technology", "Tech").replace("Trading", "Trdg")
            return f"{name} {form}".strip()
        if fam == "tr":
            core = f"{e['brand']} {TR_SECTORS[e['sector']]}"
            if o.get("abbrev"):
                core = core.replace("Mühendislik", "Müh.").replace("Dış Ticaret", "Dış Tic.").replace("Endüstriyel", "End.").replace("Elektronik", "Elk.")
            if lf == "local":  # english rendering of a Turkish company
                core = fold(core)
            name = f"{core} {form}".strip()
            if o.get("order"):
                name = f"{TR_SECTORS[e['sector']]} {e['brand']} {form}".strip()
            return fold(name) if o.get("fold") else name
        if fam == "ru":
            core = e["brand"] + (("-" if o.get("abbrev") else " ") + RU_SECTORS[e["sector"]] if RU_SECTORS[e["sector"]] else "")
            if o.get("script") == "native" and lf != "local":
                if lf == "drop":
                    return core
                return f"{form} «{core}»" if lf == "abbrev" else f"{form} \"{core}\""
            lat = translit(core, o.get("tr", 0))
            if lf == "abbrev":  # the Cyrillic ООО written with Latin letters
                form = forms[2][0]
            if o.get("order") or lf == "abbrev":
                return f"{form} {lat}".strip() if not o.get("order") else f"{lat} {form}".strip()
            if lf == "full":
                form = translit(forms[0], o.get("tr", 0))
            return f"{lat} {form}".strip() if lf != "full" else f"{form} \"{lat}\""
        if fam == "ar":
            word, lats = AR_WORDS[e["brand"]]
            sec = AR_SECTORS[e["sector"]]
            if o.get("script") == "native":
                return f"{word} {sec[0]} {forms[2][0] if lf != 'drop' else ''}".strip()
            lat = lats[o.get("tr", 0) % len(lats)]
            s = sec[2] if o.get("abbrev") else sec[1]
            if lf == "local":
                form = forms[1][0]
            name = f"{lat} {s} {form}".strip()
            if o.get("order"):
                name = f"{s} {lat} {form}".strip() if e["sector"] else f"{form} {lat} {s}".strip()
            return name
        if fam == "cn":
            sec = CN_SECTORS[e["sector"]][1 if o.get("abbrev") else 0]
            if lf == "local":
                form = forms[2][0]
            if o.get("order"):
                return f"{e['brand']} {sec} ({e['prefix']}) {form}".strip()
            if o.get("noprefix"):
                return f"{e['brand']} {sec} {form}".strip()
            return f"{e['prefix']} {e['brand']} {sec} {form}".strip()
        secs = DE_SECTORS if fam == "de" else LAT_SECTORS
        sec = secs[e["sector"]][1 if o.get("abbrev") else 0]
        if o.get("amp"):
            sec = sec.replace(" and ", " & ") if " and " in sec else sec.replace(" & ", " and ").replace(" und ", " & ")
        name = f"{e['brand']} {sec} {form}".strip()
        if o.get("order"):
            name = f"{sec} {e['brand']} {form}".strip()
        return fold_de(name) if o.get("fold") else name

    # -- person -------------------------------------------------------------------------------
    def new_person(self, fam=None, given=None, sur=None, cc=None, addr=None):
        r = self.rng
        fam = fam or r.choices(["tr", "ru", "ar", "fa", "cn", "de", "gb"], [0.25, 0.15, 0.2, 0.12, 0.1, 0.08, 0.1])[0]
        e = {"kind": "person", "fam": fam, "id": len(self.entities), "mid": None}
        for _ in range(50):
            if fam == "tr":
                e.update(country="TR", given=given or r.choice(P_TR_GIVEN), sur=sur or r.choice(P_TR_SUR))
            elif fam == "ru":
                fem = r.random() < 0.3
                g = given or r.choice(P_RU_GIVEN_F if fem else P_RU_GIVEN_M)
                fem = g in P_RU_GIVEN_F
                s = sur or r.choice(P_RU_SUR)
                e.update(country=cc or r.choice(["RU", "RU", "KZ", "AM"]), given=g, sur=s + ("а" if fem and not s.endswith("а") else ""),
                         mid=r.choice(P_RU_PATR) + ("вна" if fem else "вич"))
            elif fam == "ar":
                e.update(country=cc or r.choice(["AE", "AE", "IQ", "SA", "OM"]), given=given if given is not None else r.randrange(len(P_AR_GIVEN)),
                         sur=sur if sur is not None else r.randrange(len(P_AR_SUR)), mid=r.randrange(len(P_AR_GIVEN)) if r.random() < 0.5 else None)
            elif fam == "fa":
                e.update(country=cc or "IR", given=given if given is not None else r.randrange(len(P_FA_GIVEN)),
                         sur=sur if sur is not None else r.randrange(len(P_FA_SUR)))
            elif fam == "cn":
                e.update(country=cc or r.choice(["CN", "CN", "HK"]), given=given or r.choice(P_CN_GIVEN), sur=sur or r.choice(P_CN_SUR))
            elif fam == "de":
                e.update(country="DE", given=given or r.choice(P_DE_GIVEN), sur=sur or r.choice(P_DE_SUR))
            else:
                e.update(country=cc or r.choice(["GB", "GB", "US", "CY"]), given=given or r.choice(P_GB_GIVEN), sur=sur or r.choice(P_GB_SUR),
                         mid=r.choice(P_GB_MID) if r.random() < 0.4 else None)
            key = (fam, e["given"], e["sur"], e["country"])
            if given is not None or key not in self.used_keys:
                break
        self.used_keys.add((fam, e["given"], e["sur"], e["country"]))
        e["city"] = self._city(e["country"])
        e["addr"] = addr or self._address(e["country"], e["city"])
        e["dob"] = f"{r.randint(1950, 1998)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        e["reg"] = {"main": "".join(str(r.randint(0, 9)) for _ in range(11)) if e["country"] == "TR" and r.random() < 0.3 else "", "other": ""}
        e["inc"] = ""
        self._contact(e, fold(translit(self.render_person(e, {}), 0)).lower().replace(" ", ".").replace("'", ""))
        e["website"] = ""
        if r.random() < 0.5:
            e["email"] = ""
        self.entities.append(e)
        return e

    def render_person(self, e, o):
        fam = e["fam"]
        t = o.get("tr", 0)
        if fam == "ar":
            gn, gl = P_AR_GIVEN[e["given"]]
            sn, sl = P_AR_SUR[e["sur"]]
            mid = P_AR_GIVEN[e["mid"]] if e["mid"] is not None else None
            if o.get("script") == "native":
                parts = [gn] + ([mid[0]] if mid and not o.get("nomid") else []) + [sn]
                return " ".join(parts)
            g, s = gl[t % len(gl)], sl[t % len(sl)]
            m = mid[1][t % len(mid[1])] if mid and not o.get("nomid") else None
        elif fam == "fa":
            gl, sl = P_FA_GIVEN[e["given"]], P_FA_SUR[e["sur"]]
            g, s, m = gl[t % len(gl)], sl[t % len(sl)], None
        elif fam == "ru":
            if o.get("script") == "native":
                if o.get("order"):
                    return f"{e['sur']} {e['given']} {e['mid']}"
                return f"{e['given']} {'' if o.get('nomid') else e['mid'] + ' '}{e['sur']}".replace("  ", " ")
            g, s, m = translit(e["given"], t), translit(e["sur"], t), translit(e["mid"], t)
            if not o.get("withmid"):
                m = None
        else:
            g, s, m = e["given"], e["sur"], e.get("mid")
            if fam == "cn" and o.get("spacing") and len(g) > 4:
                g = {"Xiaoming": "Xiao Ming", "Zhiwei": "Zhi-Wei", "Jianguo": "Jian Guo"}.get(g, g)
        if o.get("nomid"):
            m = None
        if o.get("fold"):
            g, s, m = ((fold_de(x) if fam == "de" and o.get("fold") == 2 else fold(x)) if x else x for x in (g, s, m))
        if o.get("initials"):
            g = g[0] + "."
            m = m[0] + "." if m else None
        if o.get("order") == "comma":
            return f"{s}, {g}" + (f" {m}" if m else "")
        if o.get("order"):
            return f"{s.upper()} {g}" + (f" {m}" if m else "")
        if fam == "cn" and not o.get("western"):
            return f"{s} {g}"  # Chinese order is surname first
        return " ".join(x for x in (g, m, s) if x)

    # -- records ------------------------------------------------------------------------------
    def record(self, e, o, first: bool, kind: str = "first"):
        r = self.rng
        p = self.params["base_miss"] if first else self.params["miss_rate"]
        keep = lambda: r.random() >= p  # noqa: E731
        name = self.render_company(e, o) if e["kind"] == "company" else self.render_person(e, o)
        aliases = ""
        if o.get("trading"):
            legal = name
            name = e["trading"]
            aliases = legal if r.random() < 0.5 else ""
        elif e["kind"] == "company" and e["trading"] and r.random() < 0.2:
            aliases = e["trading"]
        if o.get("typo"):
            name = typo(r, name)
        if o.get("caps") or (not first and r.random() < 0.15):
            name = name.upper()
        cc = e["country"]
        city_i = e["city"]
        cities = CITIES.get(cc, [("", [])])
        city = cities[city_i][0]
        addr_style = 0
        postal = e["addr"]["postal"]
        if not first:
            if r.random() < 0.5:
                addr_style = 1
            if r.random() < 0.35 and cities[city_i][1]:
                city = r.choice(cities[city_i][1])
            if r.random() < 0.4:
                postal = ""
        phone = e["phone"]
        ph = ""
        if phone and keep():
            dial = DIAL.get(cc, "1")
            style = 0 if first else r.randrange(5)
            ph = [f"+{dial} {phone[:3]} {phone[3:6]} {phone[6:]}", f"00{dial}{phone}", f"0{phone[:3]} {phone[3:]}",
                  f"+{dial}-{phone}", f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"][style]
        reg = ""
        if e["reg"]["main"] and keep():
            reg = e["reg"]["main"]
            if not first:
                x = r.random()
                if x < self.params["reg_other_scheme"] and e["reg"]["other"]:
                    reg = e["reg"]["other"]
                    kind = kind + "+other_id"
                elif x < 0.35:
                    reg = reg.replace("HRB ", "HRB").lstrip("0") if r.random() < 0.5 else " ".join(reg[i:i + 3] for i in range(0, len(reg), 3))
        web = e.get("website", "")
        if web and keep():
            web = web if first else r.choice([web, "www." + web, "https://www." + web + "/", "http://" + web])
        else:
            web = ""
        dob = e.get("dob", "") if e["kind"] == "person" and keep() else ""
        if dob and not first and r.random() < 0.03 and int(dob[8:]) <= 12 and dob[8:] != dob[5:7]:
            dob = f"{dob[:4]}-{dob[8:]}-{dob[5:7]}"
            kind = kind + "+dob_swapped"
        row = {
            "party_id": "", "kind": e["kind"], "name": name, "aliases": aliases,
            "country": cc if (first or r.random() > 0.05) else "",
            "address": self.render_address(e["addr"], addr_style) if keep() else "",
            "city": city if keep() else "", "postal_code": postal if keep() else "",
            "registration_id": reg, "incorporated_on": e.get("inc", "") if keep() else "",
            "birth_date": dob, "phone": ph, "email": e["email"] if e["email"] and keep() else "", "website": web,
        }
        pid = f"P{len(self.records) + 1:05d}"
        row["party_id"] = pid
        self.records.append(row)
        self.entity_of[pid] = e["id"]
        self.records_of[e["id"]].append((pid, kind))
        return pid

    def first_opts(self, e):
        r = self.rng
        if e["kind"] == "company":
            o = {"lf": r.choice(["abbrev", "abbrev", "abbrev", "full"]), "script": "latin", "tr": 0, "alt": 0}
            if e["fam"] == "ru" and r.random() < 0.5:
                o["script"] = "native"
            return o
        o = {"tr": 0}
        if e["fam"] == "ru" and r.random() < 0.4:
            o["script"] = "native"
        return o

    COMPANY_KINDS = ["legal_form_spelled", "legal_form_dropped", "legal_form_local", "diacritics", "translit",
                     "script", "word_order", "typo", "abbreviation", "trading_name", "fields_only"]
    PERSON_KINDS = ["name_order", "initials", "middle_name", "diacritics", "translit", "script", "typo", "fields_only"]

    def dup_opts(self, e, base):
        r = self.rng
        o = dict(base)
        fam = e["fam"]
        if e["kind"] == "company":
            ok = list(self.COMPANY_KINDS)
            if fam not in ("tr", "de"):
                ok.remove("diacritics")
            if fam not in ("ru", "ar"):
                ok.remove("translit"), ok.remove("script")
            if not e["trading"]:
                ok.remove("trading_name")
            if e.get("generic"):
                ok = ["legal_form_spelled", "legal_form_dropped", "typo", "abbreviation", "fields_only"]
            k = r.choice(ok)
            if k == "legal_form_spelled":
                o["lf"] = "full" if o["lf"] != "full" else "abbrev"
                if o["lf"] == "abbrev" and r.random() < 0.5:
                    o["alt"] = r.randrange(1, 4)
            elif k == "legal_form_dropped":
                o["lf"] = "drop"
            elif k == "legal_form_local":
                o["lf"] = "local"
                o["script"] = "latin"
            elif k == "diacritics":
                o["fold"] = 1
            elif k == "translit":
                o["script"] = "latin"
                o["tr"] = 1 + r.randrange(3) if fam == "ar" else 1 - base.get("tr", 0)
            elif k == "script":
                o["script"] = "latin" if base.get("script") == "native" else "native"
                o["tr"] = r.randrange(2)
            elif k == "word_order":
                if fam == "cn" and r.random() < 0.5:
                    o["noprefix"] = True
                else:
                    o["order"] = True
            elif k == "typo":
                o["typo"] = True
            elif k == "abbreviation":
                o["abbrev"] = True
                o["amp"] = True
            elif k == "trading_name":
                o["trading"] = True
            return o, k
        ok = list(self.PERSON_KINDS)
        if fam not in ("tr", "de"):
            ok.remove("diacritics")
        if fam not in ("ru", "ar", "fa"):
            ok.remove("translit")
        if fam not in ("ru", "ar"):
            ok.remove("script")
        if fam not in ("ru", "ar", "gb") or (fam != "ru" and e.get("mid") is None):
            ok.remove("middle_name")
        k = r.choice(ok)
        if k == "name_order":
            o["order"] = r.choice(["comma", "upper"]) if fam != "cn" else None
            if fam == "cn":
                o["western"] = True
            o["script"] = "latin" if fam != "ru" else base.get("script")
        elif k == "initials":
            o["initials"] = True
            o["script"] = "latin"
        elif k == "middle_name":
            if fam == "ru":
                o["withmid"] = True
                o["script"] = "latin"
            else:
                o["nomid"] = True
        elif k == "diacritics":
            o["fold"] = r.choice([1, 2]) if fam == "de" else 1
        elif k == "translit":
            o["script"] = "latin"
            o["tr"] = 1 if fam == "ru" else 1 + r.randrange(3)
        elif k == "script":
            o["script"] = "latin" if base.get("script") == "native" else "native"
        elif k == "typo":
            o["typo"] = True
        return o, k

    def emit(self, e, dup=True):
        r = self.rng
        base = self.first_opts(e)
        first = self.record(e, base, True)
        if dup and r.random() < self.params["dup_rate"]:
            for _ in range(r.choices([1, 2, 3], [0.65, 0.27, 0.08])[0]):
                o, k = self.dup_opts(e, base)
                self.record(e, o, False, k)
        recs = self.records_of[e["id"]]
        for (a, _), (b, kb) in combinations(recs, 2):
            self.dup_pairs.append((a, b, kb if a == first else "dup_vs_dup"))
        return first

    # -- the world ----------------------------------------------------------------------------
    def build(self):
        r = self.rng
        P = self.params
        n = P["n_entities"]
        companies, persons = [], []
        groups = []  # (kind, [entities])
        n_comp = int(n * 0.6)
        for _ in range(n_comp):
            companies.append(self.new_company())
        # hard negatives among companies
        n_hn = int(n_comp * P["hardneg_rate"])
        for _ in range(n_hn):
            e = r.choice(companies[:n_comp])
            k = r.choice(["namesake_country", "namesake_city", "group_company", "group_company", "generic_name"])
            if k == "namesake_country":
                other = {"tr": ("lat", "CY"), "ru": ("ru", "KZ" if e["country"] == "RU" else "RU"),
                         "ar": ("ar", "OM" if e["country"] != "OM" else "AE"), "cn": ("cn", "HK" if e["country"] == "CN" else "CN"),
                         "lat": ("lat", "US" if e["country"] != "US" else "GB"), "de": ("lat", "GB")}[e["fam"]]
                if e["fam"] == "tr":
                    continue
                f = self.new_company(fam=other[0], cc=other[1], brand=e["brand"], sector=e["sector"] if other[0] == e["fam"] else 0)
                if e["fam"] == "cn":
                    f["prefix"] = e["prefix"]
                groups.append((k, [e, f]))
            elif k == "namesake_city":
                cities = CITIES.get(e["country"], [])
                if len(cities) < 2:
                    continue
                f = self.new_company(fam=e["fam"], cc=e["country"], brand=e["brand"], sector=e["sector"],
                                     city=(e["city"] + 1) % len(cities))
                f["form"] = e["form"]
                if e["fam"] == "cn":
                    f["prefix"] = e["prefix"]
                groups.append((k, [e, f]))
            elif k == "group_company":
                secs = {"tr": TR_SECTORS, "ru": RU_SECTORS, "ar": AR_SECTORS, "cn": CN_SECTORS, "de": DE_SECTORS}.get(e["fam"], LAT_SECTORS)
                f = self.new_company(fam=e["fam"], cc=e["country"], brand=e["brand"], sector=(e["sector"] + 1 + r.randrange(len(secs) - 1)) % len(secs),
                                     city=e["city"])
                if e["fam"] == "cn":
                    f["prefix"] = e["prefix"]
                f["addr"] = e["addr"]
                if r.random() < 0.7:
                    f["phone"] = e["phone"]
                if e["website"] and r.random() < 0.6:
                    f["website"] = e["website"]
                    f["email"] = r.choice(["info", "sales", "accounts", "logistics"]) + "@" + e["website"]
                self.relations.append((f, e, "owner"))
                groups.append((k, [e, f]))
            else:
                g = r.choice(GENERIC_COMPANIES)
                fam = r.choice(["ar", "lat", "cn"])
                cc = {"ar": "AE", "lat": "GB", "cn": "HK"}[fam]
                grp = [self.new_company(fam=fam, cc=cc, generic=g) for _ in range(r.randint(2, 4))]
                for x in grp:
                    x["form"] = grp[0]["form"]
                groups.append(("generic_name", grp))
        # formation agents / free-zone business centres
        for fz in r.sample(FREE_ZONES, 3):
            cc, city, fixed, pc, phone = fz
            fam = {"AE": "ar", "GB": "lat", "HK": "cn", "CY": "lat"}[cc]
            grp = []
            for _ in range(r.randint(15, 70)):
                f = self.new_company(fam=fam, cc=cc)
                f["addr"] = {"street": "", "no": 0, "floor": 0, "unit": 0, "cc": cc, "postal": pc, "fixed": fixed}
                f["city"] = [c for c, _ in CITIES[cc]].index(city)
                if r.random() < 0.4:
                    f["phone"] = phone.replace(" ", "")
                grp.append(f)
            groups.append(("shared_address_agent", grp))
        # persons
        n_pers = n - len(self.entities)
        for _ in range(max(n_pers, 100)):
            persons.append(self.new_person())
        base_persons = list(persons)
        for _ in range(int(len(base_persons) * P["hardneg_rate"])):
            p = r.choice(base_persons)
            k = r.choice(["family", "family", "family_same_name", "common_name"])
            if k == "family":
                gi = p["given"]
                for _ in range(20):
                    q = self.new_person(fam=p["fam"], sur=p["sur"] if p["fam"] != "ru" else p["sur"].rstrip("а"), cc=p["country"], addr=p["addr"])
                    if q["given"] != gi:
                        break
                q["phone"] = p["phone"] if r.random() < 0.6 else q["phone"]
                q["city"] = p["city"]
                self.relations.append((q, p, "family"))
                groups.append((k, [p, q]))
            elif k == "family_same_name":
                q = self.new_person(fam=p["fam"], given=p["given"], sur=p["sur"], cc=p["country"], addr=p["addr"])
                q["mid"] = p["mid"]
                q["city"] = p["city"]
                y = int(p["dob"][:4])
                q["dob"] = f"{y + 25 + r.randint(0, 8) if y < 1972 else y - 25 - r.randint(0, 8)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
                q["phone"] = p["phone"] if r.random() < 0.5 else q["phone"]
                self.relations.append((q, p, "family"))
                groups.append((k, [p, q]))
            else:
                fam = r.choice(list(COMMON_PERSONS))
                g, s = COMMON_PERSONS[fam]
                cc = {"ar": "AE", "tr": "TR", "cn": "CN", "ru": "RU"}[fam]
                grp = [self.new_person(fam=fam, given=g, sur=s, cc=cc) for _ in range(r.randint(2, 4))]
                groups.append(("common_name", grp))
        # directors: persons direct companies
        comps = [e for e in self.entities if e["kind"] == "company"]
        pers = [e for e in self.entities if e["kind"] == "person"]
        for c in comps:
            if r.random() < 0.6:
                same = [p for p in pers if p["country"] == c["country"]] or pers
                self.relations.append((r.choice(same), c, r.choice(["director", "director", "owner", "shareholder"])))
        # records
        order = list(self.entities)
        r.shuffle(order)
        for e in order:
            self.emit(e)
        # hard-negative pairs between the first records of the entities
        firsts = {e["id"]: self.records_of[e["id"]][0][0] for e in self.entities}
        labelled = set()
        for k, grp in groups:
            for a, b in combinations(grp, 2):
                if a["id"] == b["id"]:
                    continue
                for pa, _ in self.records_of[a["id"]]:
                    for pb, _ in self.records_of[b["id"]]:
                        key = tuple(sorted((pa, pb)))
                        if key not in labelled:
                            labelled.add(key)
                            self.neg_pairs.append((key[0], key[1], k))
        # namesakes the draw made by chance (name pools are small) are hard negatives too
        by_key = defaultdict(list)
        for e in self.entities:
            if e["kind"] == "company":
                key = ("c", e["fam"], e.get("generic") or e["brand"], e["sector"] if not e.get("generic") else "", e.get("prefix"))
            else:
                key = ("p", e["fam"], e["given"], e["sur"])
            by_key[key].append(e)
        for grp in by_key.values():
            for a, b in combinations(grp, 2):
                for pa_, _ in self.records_of[a["id"]]:
                    for pb, _ in self.records_of[b["id"]]:
                        key = tuple(sorted((pa_, pb)))
                        if key not in labelled:
                            labelled.add(key)
                            self.neg_pairs.append((key[0], key[1], "namesake_by_chance"))
        # relation rows: each relation points from one record of the source to one of the target
        rel_rows = []
        for s, t, kind in self.relations:
            ps = r.choice(self.records_of[s["id"]])[0]
            pt = r.choice(self.records_of[t["id"]])[0]
            if ps != pt:
                rel_rows.append({"source_id": ps, "target_id": pt, "kind": kind, "share": "", "start_date": "", "end_date": ""})
        self.rel_rows = rel_rows
        del firsts
        return self


PARTY_COLS = ["party_id", "kind", "name", "aliases", "country", "address", "city", "postal_code",
              "registration_id", "incorporated_on", "birth_date", "phone", "email", "website"]


def build(seed: int) -> World:
    return World(seed).build()


def write(w: World, out: Path) -> None:
    out = Path(out)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    r = random.Random(len(w.records))
    seller = {c: "" for c in PARTY_COLS}
    seller.update(party_id="SELLER", kind="company", name="Independent Test Exporter GmbH", country="DE")
    with open(out / "parties.csv", "w", newline="", encoding="utf-8") as f:
        wr = csv.DictWriter(f, PARTY_COLS)
        wr.writeheader()
        wr.writerow(seller)
        wr.writerows(w.records)
    with open(out / "relations.csv", "w", newline="", encoding="utf-8") as f:
        wr = csv.DictWriter(f, ["source_id", "target_id", "kind", "share", "start_date", "end_date"])
        wr.writeheader()
        wr.writerows(w.rel_rows)
    buyers = [x for x in w.records if r.random() < 0.3]
    with open(out / "orders.csv", "w", newline="", encoding="utf-8") as f, \
            open(out / "order_lines.csv", "w", newline="", encoding="utf-8") as g:
        wo = csv.writer(f)
        wl = csv.writer(g)
        wo.writerow(["order_id", "order_date", "seller_id", "buyer_id", "ship_to_country", "currency"])
        wl.writerow(["order_id", "line_no", "hs_code", "description", "quantity", "unit", "unit_price"])
        for i, b in enumerate(buyers):
            oid = f"O{i + 1:05d}"
            wo.writerow([oid, f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "SELLER", b["party_id"], b["country"] or "TR", "EUR"])
            wl.writerow([oid, 1, "847150", "computer", r.randint(1, 20), "pcs", r.randint(100, 2000)])
    with open(out / "truth" / "entities.csv", "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["party_id", "entity_id"])
        wr.writerow(["SELLER", "SELLER"])
        for pid, e in w.entity_of.items():
            wr.writerow([pid, f"E{e}"])
    for name, rows in (("dup_pairs", w.dup_pairs), ("neg_pairs", w.neg_pairs)):
        with open(out / "truth" / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            wr = csv.writer(f)
            wr.writerow(["a", "b", "kind"])
            wr.writerows(rows)
