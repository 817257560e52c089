"""A second, independent benchmark of tracing: recovered items traced back to the sale they came
from, in worlds built by people who did not write the tracer nor its generator.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_trace_independent.py [--seeds 1,2,3]
                                        [--keep DIR] [--examples 12] [--failures failures.csv]

For every seed a small world is written in the data contract's CSV format (parties, relations,
orders, order_lines, items), read with `redtrace.io.dataset.read_dataset` and traced with
`redtrace.trace.trace_items`; the figures are computed here, against this file's own truth, not
with the tracer's evaluation code. Nothing here was taken from `redtrace.synth`, from
`redtrace.trace` beyond its public entry points, nor from the other trace benchmarks.

The world, its shape drawn per seed (so seeds differ in shape, not only in noise):
  * sellers: manufacturers of explosives precursors (aluminium paste and powder, ammonium
    nitrate, potassium chlorate, nitromethane, hydrogen peroxide, detonating cord), of drone
    parts (small turbojets, two-stroke engines, servos, flight controllers) and of electronics
    (GNSS modules, radio modems, phones), and distributors reselling them; HS codes from
    shared/reference (EU 2019/1148, the drone-component list, the CHPL);
  * serial formats drawn per seed and product (`SN 2019-004512`, `4512-B`, `A0012345`,
    `PX7/000451`, `00451`, `19KX004512`, `TJ80 12345`, `KR-19-04512`), shipped as ranges
    serial_from..serial_to; lot formats drawn likewise (`LOT 23/117`, `B230117`,
    `2023-117-A`, `L117-23`, `CH.23.0117`, `230117-2`, `K23117`); chemical batches split
    between several customers; distributors that bought their stock on a line of the same
    dataset (the item then sits on two lines: the wholesale one and the sale it left the legal
    chain at, which is the truth);
  * buyers: ordinary customers in many countries (some of them in the countries bordering a
    conflict) and procurement networks: front companies in bordering or transit countries, with
    a director in common, shared phones, a consignee other than the buyer, a third-party payer,
    a business that does not fit the goods, ship-to in a border town; some networks clean on
    paper (a fitting business, its own city, a bank transfer);
  * recovered items: mostly from the networks' purchases, some from ordinary sales (stolen or
    lost), recovered in SY, IQ, YE, LY or UA after a lag drawn per seed; markings read the way a
    field researcher writes them: the manufacturer as a brand, misspelt, upper case or missing,
    the model without dashes or missing, the serial and lot with look-alike characters (O/0,
    I/1, S/5, B/8, Z/2), lower case, separators dropped, the prefix dropped, a note (`S/N:`)
    added, the last or first characters illegible (marked `??`, `**`, `...` or only in the
    context); items with no origin in the data (serials outside every sold range, other
    makers' goods, lots never sold), their formats close to the dataset's.

Cases (from this world's own reading of the markings; a line's serial is compared with the
reading after upper-casing, mapping look-alikes to digits and dropping separators and note
words; a reading with an illegible end may sit anywhere in the serial):
  * unique         the markings fit exactly one sale line (the wholesale line the true sale's
                   stock came from aside);
  * ambiguous_lot  a lot (no serial) that fits several lines;
  * ambiguous_trunc a truncated serial that fits several lines;
  * ambiguous_other whole markings that fit several lines (a model not read, two products'
                   formats alike);
  * no_origin      nothing in the data fits.
Figures: unique top-1, ambiguous top-3, no-origin false traces (confidence >= 0.5 at rank 1),
confident wrong traces (rank 1 wrong with confidence >= 0.5), top-1/top-3 per misreading
kind, and an oracle-ish reference for ambiguous items: how many lines the markings allow, and
how often the true sale is the only candidate sold before the recovery and shipped to the
recovery country or one bordering it ("place+date"), or else the only such one bought by a
network ("+network").
"""

from __future__ import annotations

import argparse
import bisect
import csv
import math
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

# --- places -------------------------------------------------------------------------------------

# Conflict countries and the countries bordering them (this benchmark's own table).
NEAR = {
    "SY": {"TR", "LB", "JO", "IQ", "IL"},
    "IQ": {"TR", "SY", "JO", "IR", "KW", "SA"},
    "YE": {"SA", "OM"},
    "LY": {"TN", "EG", "DZ", "NE", "SD", "TD"},
    "UA": {"PL", "RO", "MD", "SK", "HU", "BY", "RU"},
}
RECOVERY_TOWNS = {
    "SY": ["Raqqa", "Deir ez-Zor", "Al-Bab", "Manbij", "Tabqa", "Kobani", "Palmyra", "Al-Mayadin", "Hajin", "Idlib"],
    "IQ": ["Mosul", "Tal Afar", "Ramadi", "Fallujah", "Tikrit", "Bayji", "Hawija", "Qayyarah", "Sinjar", "Rawa"],
    "YE": ["Marib", "Hodeidah", "Taiz", "Al Bayda", "Mocha", "Saada"],
    "LY": ["Sirte", "Derna", "Benghazi", "Sabratha", "Bani Walid"],
    "UA": ["Kherson", "Bakhmut", "Izium", "Kupiansk", "Zaporizhzhia", "Kharkiv"],
}
# Theatres of the procurement networks: conflict countries, front countries, transit countries.
THEATRES = {
    "levant": (["SY", "IQ"], ["TR", "TR", "TR", "LB", "JO"], ["AE", "GB"]),
    "yemen": (["YE"], ["OM", "SA"], ["AE"]),
    "libya": (["LY"], ["TN", "EG"], ["AE", "MT"]),
    "ukraine": (["UA"], ["RU"], ["AM", "KZ", "KG", "AE", "TR"]),
}
BORDER_TOWNS = {
    "TR": [("Gaziantep", "Gaziantep"), ("Kilis", "Kilis"), ("Sanliurfa", "Sanliurfa"), ("Akcakale", "Sanliurfa"),
           ("Reyhanli", "Hatay"), ("Antakya", "Hatay"), ("Nusaybin", "Mardin"), ("Cizre", "Sirnak"),
           ("Ceylanpinar", "Sanliurfa")],
    "LB": [("Tripoli", "North"), ("Baalbek", "Baalbek-Hermel"), ("Hermel", "Baalbek-Hermel"), ("Arsal", "Baalbek-Hermel")],
    "JO": [("Mafraq", "Mafraq"), ("Ramtha", "Irbid"), ("Irbid", "Irbid"), ("Ruwaished", "Mafraq")],
    "OM": [("Salalah", "Dhofar"), ("Al Mazyunah", "Dhofar")],
    "SA": [("Najran", "Najran"), ("Jizan", "Jizan"), ("Sharurah", "Najran")],
    "TN": [("Ben Gardane", "Medenine"), ("Tataouine", "Tataouine"), ("Medenine", "Medenine")],
    "EG": [("Salloum", "Matruh"), ("Marsa Matruh", "Matruh")],
    "RU": [("Belgorod", "Belgorod"), ("Rostov-on-Don", "Rostov"), ("Kursk", "Kursk")],
}
CITIES = {
    "DE": ["Hamburg", "Munich", "Stuttgart", "Duisburg", "Leipzig"], "FR": ["Lyon", "Toulouse", "Lille", "Paris"],
    "IT": ["Milan", "Turin", "Bologna"], "ES": ["Valencia", "Bilbao", "Zaragoza"], "PL": ["Krakow", "Gdansk", "Lodz"],
    "NL": ["Rotterdam", "Eindhoven"], "GB": ["Birmingham", "Leeds", "London", "Manchester"],
    "US": ["Houston", "Denver", "Phoenix", "Atlanta"], "CA": ["Calgary", "Toronto"], "BR": ["Campinas", "Curitiba"],
    "IN": ["Pune", "Chennai", "Nagpur"], "CN": ["Shenzhen", "Ningbo", "Chengdu"], "JP": ["Nagoya", "Osaka"],
    "KR": ["Busan", "Incheon"], "ZA": ["Johannesburg", "Durban"], "AU": ["Perth", "Brisbane"],
    "TR": ["Istanbul", "Ankara", "Izmir", "Bursa", "Gaziantep", "Mersin"], "JO": ["Amman", "Zarqa", "Irbid"],
    "LB": ["Beirut", "Sidon", "Tripoli"], "AE": ["Dubai", "Sharjah", "Ajman"], "SA": ["Riyadh", "Jeddah", "Dammam"],
    "EG": ["Cairo", "Alexandria"], "TN": ["Tunis", "Sfax"], "MA": ["Casablanca"], "KZ": ["Almaty", "Astana"],
    "OM": ["Muscat", "Sohar"], "AM": ["Yerevan"], "KG": ["Bishkek"], "MT": ["Valletta"], "RU": ["Moscow", "Kazan"],
    "RO": ["Cluj-Napoca"], "CZ": ["Brno", "Ostrava"], "SE": ["Gothenburg"], "MX": ["Monterrey"], "CL": ["Antofagasta"],
}
ORDINARY_COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "GB", "US", "CA", "BR", "IN", "CN", "JP", "KR", "ZA", "AU",
                      "TR", "TR", "JO", "LB", "AE", "SA", "EG", "TN", "MA", "KZ", "RO", "CZ", "SE", "MX", "CL", "OM"]  # fmt: skip
CURRENCY = {"DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "NL": "EUR", "MT": "EUR", "GB": "GBP", "US": "USD",
            "CN": "CNY", "JP": "JPY", "TR": "TRY", "IN": "INR", "CH": "CHF", "TW": "TWD", "KR": "KRW", "CZ": "CZK"}
LEGAL = {"DE": ["GmbH", "AG", "GmbH & Co. KG"], "FR": ["SAS", "SA"], "IT": ["S.r.l.", "S.p.A."], "ES": ["S.L.", "S.A."],
         "PL": ["Sp. z o.o."], "NL": ["B.V."], "GB": ["Ltd", "Limited", "LLP"], "US": ["Inc.", "LLC", "Corp."],
         "CN": ["Co., Ltd."], "TW": ["Co., Ltd."], "JP": ["K.K.", "Co., Ltd."], "KR": ["Co., Ltd."],
         "TR": ["Ltd. Sti.", "A.S.", "San. ve Tic. Ltd. Sti."], "AE": ["FZE", "LLC", "FZCO", "General Trading LLC"],
         "JO": ["Co.", "LLC"], "LB": ["SARL", "SAL"], "IN": ["Pvt Ltd"], "CH": ["AG", "SA"], "CZ": ["s.r.o."],
         "SE": ["AB"], "NO": ["AS"], "RU": ["OOO", "AO"], "OM": ["LLC", "SAOC"], "SA": ["Est.", "Co. Ltd"],
         "EG": ["S.A.E.", "Co."], "TN": ["SARL"], "KZ": ["TOO", "LLP"], "AM": ["LLC"], "KG": ["OsOO"], "MT": ["Ltd"]}

SYLL = ["ar", "ben", "cor", "dal", "el", "fen", "gar", "hol", "ist", "jan", "kor", "lem", "mar", "nor", "ost", "pra",
        "quin", "ros", "sel", "tar", "ul", "ven", "wes", "xan", "yor", "zel", "mid", "tor", "kap", "lin", "dor", "sar"]  # fmt: skip

# --- goods ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    key: str
    hs: tuple[str, ...]
    unit: str
    line_text: tuple[str, ...]  # the seller's description
    field_text: tuple[str, ...]  # what a researcher writes
    serial: bool  # serialised units (else lot-tracked bulk)
    qty: tuple[int, int]  # units (serialised) or quantity in `unit` per line
    makers: tuple[str, ...]  # sector words in makers' names
    fitting: tuple[str, ...]  # activities of ordinary buyers of it
    context: tuple[str, ...]


CATS = [
    Category("al_paste", ("760320", "321290"), "kg", ("Aluminium paste, leafing grade, 65% solids", "Aluminium flake pigment paste"),
             ("aluminium paste drum", "drum of aluminium paste", "aluminium paste container, 25 kg"), False, (200, 6000),
             ("Metallpigmente", "Pigments", "Metal Powders"), ("paint manufacturer", "coatings producer", "roofing coatings"),
             ("IED main charge additive",)),
    Category("al_powder", ("760310",), "kg", ("Atomised aluminium powder 45 um", "Aluminium powder, non-lamellar"),
             ("aluminium powder bag", "sack of aluminium powder"), False, (100, 4000),
             ("Powder Metallurgy", "Pulvermetall"), ("thermite welding supplier", "foundry", "pyrotechnics producer"),
             ("IED charge component",)),
    Category("an", ("310230",), "kg", ("Ammonium nitrate 34.4% N, prilled", "Ammonium nitrate fertiliser, 50 kg bags"),
             ("ammonium nitrate bag", "fertiliser sack (AN)"), False, (2000, 40000),
             ("Fertilizers", "Agrochem", "Nitrogen"), ("farm supply cooperative", "agricultural wholesaler", "quarry"),
             ("bulk explosive precursor store",)),
    Category("kclo3", ("282919",), "kg", ("Potassium chlorate 99.5%", "Potassium chlorate, technical grade"),
             ("potassium chlorate bag", "potassium chlorate container"), False, (100, 3000),
             ("Chlorates", "Chemie", "Chemicals"), ("match factory", "pyrotechnics producer", "laboratory supplier"),
             ("IED initiator workshop",)),
    Category("nm", ("290420",), "l", ("Nitromethane 99%", "Nitromethane, racing grade"),
             ("nitromethane drum", "drum marked nitromethane"), False, (50, 2000),
             ("Solvents", "Chemicals"), ("motorsport fuel dealer", "chemical distributor"), ("explosives workshop",)),
    Category("h2o2", ("284700",), "l", ("Hydrogen peroxide 50%", "Hydrogen peroxide 35% technical"),
             ("hydrogen peroxide jerrycan", "H2O2 container"), False, (200, 5000),
             ("Peroxide", "Chemicals"), ("pulp mill", "water treatment company", "textile finisher"),
             ("TATP laboratory",)),
    Category("detcord", ("360320",), "m", ("Detonating cord 10 g/m PETN", "Detonating cord, 12 g/m"),
             ("detonating cord reel", "reel of det cord"), False, (500, 20000),
             ("Explosives", "Blasting"), ("quarry", "mining company", "demolition contractor"), ("IED firing chain",)),
    Category("turbojet", ("841111",), "pcs", ("Small turbojet engine, 160 N thrust", "Model turbojet 220 N, with ECU"),
             ("small turbojet engine", "turbojet, partially burnt", "jet engine from UAV"), True, (1, 4),
             ("Turbines", "Jet Engines", "Aero"), ("model aircraft shop", "university aerospace lab", "target drone maker"),
             ("recovered from downed UAV", "found in drone workshop")),
    Category("twostroke", ("840710",), "pcs", ("Two-stroke UAV engine 50 cc", "Twin-cylinder two-stroke engine 100 cc"),
             ("two-stroke engine", "small piston engine", "UAV engine"), True, (1, 20),
             ("Motoren", "Engines", "Power"), ("model aircraft shop", "agricultural drone operator", "flying club"),
             ("recovered from downed UAV", "found in drone workshop")),
    Category("servo", ("850131", "850110"), "pcs", ("Digital servo 25 kg.cm metal gear", "High-voltage servo, coreless"),
             ("servo", "servo motor", "control surface servo"), True, (10, 200),
             ("RC", "Servo", "Hobby"), ("model aircraft shop", "robotics retailer"), ("found in drone workshop",)),
    Category("fc", ("853710", "903289"), "pcs", ("Flight controller, STM32, with IMU", "Autopilot board with GNSS input"),
             ("flight controller", "autopilot board", "control board from drone"), True, (1, 50),
             ("Avionics", "Autopilot", "Drones"), ("drone service company", "university robotics lab", "model aircraft shop"),
             ("recovered from downed UAV",)),
    Category("gnss", ("852691",), "pcs", ("GNSS receiver module, multi-band", "GPS module with active antenna"),
             ("GPS module", "GNSS receiver", "navigation module"), True, (10, 400),
             ("Positioning", "Navigation", "Geo"), ("vehicle tracking company", "electronics distributor", "survey equipment maker"),
             ("recovered from downed UAV", "IED remote initiation kit")),
    Category("radio", ("851762", "851769"), "pcs", ("Radio modem 900 MHz", "Long-range telemetry radio 433 MHz"),
             ("radio module", "telemetry radio", "radio modem"), True, (5, 200),
             ("Wireless", "Radio", "Telemetry"), ("SCADA integrator", "telecom installer", "electronics distributor"),
             ("IED remote initiation kit", "recovered from downed UAV")),
    Category("phone", ("851713", "851712"), "pcs", ("Mobile phone, dual SIM", "Feature phone 2G, black"),
             ("mobile phone", "handset", "phone used as trigger"), True, (5, 150),
             ("Mobile", "Telecom", "Phones"), ("mobile phone shop", "electronics retailer"),
             ("IED remote initiation kit", "radio-controlled IED receiver")),
]
CAT = {c.key: c for c in CATS}
MISMATCH_ACTIVITIES = ["mobile phone shop", "textile trader", "food import", "car rental", "travel agency", "furniture shop",
                       "cosmetics wholesaler", "construction materials trader", "general trading"]  # fmt: skip
NACE = {"mobile phone shop": "47.42", "textile trader": "46.41", "food import": "46.39", "car rental": "77.11",
        "travel agency": "79.11", "furniture shop": "47.59", "cosmetics wholesaler": "46.45",
        "construction materials trader": "46.73", "general trading": "46.90", "paint manufacturer": "20.30",
        "model aircraft shop": "47.65", "quarry": "08.11", "mining company": "08.99", "farm supply cooperative": "46.75",
        "electronics distributor": "46.52", "pyrotechnics producer": "20.51"}  # fmt: skip

LOOK = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8", "2": "Z", "Z": "2"}
CANON_MAP = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2", "Q": "0"})
NOTE_WORDS = re.compile(r"^\s*(?:S/N|SN|SER(?:IAL)?(?:\s*NO)?|NO|LOT(?:\s*NO)?|L/N|BATCH|CH-B|#|№)[\s.:#-]*", re.I)
TAIL_MARK = re.compile(r"(\?+|\*+|\.\.\.|…|_+|\[\.\.\])\s*$")
HEAD_MARK = re.compile(r"^\s*(\?+|\*+|\.\.\.|…|_+|\[\.\.\])")


def canon(text: str) -> str:
    """This benchmark's reading of a serial or lot: note words off, upper case, look-alikes as
    digits, only letters and digits."""
    t = strip_notes(text)
    return re.sub(r"[^0-9A-Z]", "", t.upper().translate(CANON_MAP))


def strip_notes(text: str) -> str:
    t, prev = text.strip(), None
    while t != prev:
        prev, t = t, NOTE_WORDS.sub("", t)
    return t


# --- formats -------------------------------------------------------------------------------------


def serial_format(rng: random.Random, model: str) -> tuple[str, callable]:
    """(name, fn(n, year) -> serial) drawn for one product."""
    kind = rng.choice(["sn_year", "num_suffix", "letter_pad", "model_slash", "plain_pad", "year_letters",
                       "model_space", "code_year"])  # fmt: skip
    w = rng.randint(5, 7)
    letter = rng.choice("ABCDEFGHKLMNPRTUVWXY")
    code = re.sub(r"[^A-Z0-9]", "", model.upper())[:rng.randint(2, 4)] or "PX"
    two = "".join(rng.choice("ABCDEFGHJKLMNPRTUVWXY") for _ in range(2))
    sep = rng.choice(["-", "-", "/", " "])
    if kind == "sn_year":
        head = rng.choice(["SN ", "SN", "S/N ", "No."])
        return kind, lambda n, y: f"{head}{y}{sep}{n:0{w}d}"
    if kind == "num_suffix":
        w4 = rng.randint(4, 6)
        return kind, lambda n, y: f"{n:0{w4}d}-{letter}"
    if kind == "letter_pad":
        return kind, lambda n, y: f"{letter}{n:0{w + 1}d}"
    if kind == "model_slash":
        return kind, lambda n, y: f"{code}/{n:0{w}d}"
    if kind == "plain_pad":
        return kind, lambda n, y: f"{n:0{w}d}"
    if kind == "year_letters":
        return kind, lambda n, y: f"{y % 100:02d}{two}{n:0{w}d}"
    if kind == "model_space":
        return kind, lambda n, y: f"{code} {n}"
    return kind, lambda n, y: f"{two}{sep}{y % 100:02d}{sep}{n:0{w}d}"


def lot_format(rng: random.Random) -> tuple[str, callable]:
    """(name, fn(batch_no, day) -> lot)."""
    kind = rng.choice(["lot_slash", "b_yyjjj", "yyyy_n_l", "l_n_yy", "ch_dots", "date_k", "plant_yyjjj"])
    letter = rng.choice("ABCDKMRX")
    plant = rng.choice("KMPRTW")
    if kind == "lot_slash":
        return kind, lambda b, d: f"LOT {d.year % 100:02d}/{b:03d}"
    if kind == "b_yyjjj":
        return kind, lambda b, d: f"B{d.year % 100:02d}{d.timetuple().tm_yday:03d}{b % 10}"
    if kind == "yyyy_n_l":
        return kind, lambda b, d: f"{d.year}-{b:03d}-{letter}"
    if kind == "l_n_yy":
        return kind, lambda b, d: f"L{b:04d}-{d.year % 100:02d}"
    if kind == "ch_dots":
        return kind, lambda b, d: f"CH.{d.year % 100:02d}.{b:04d}"
    if kind == "date_k":
        return kind, lambda b, d: f"{d:%y%m%d}-{b % 9 + 1}"
    return kind, lambda b, d: f"{plant}{d.year % 100:02d}{d.timetuple().tm_yday:03d}{b % 100:02d}"


# --- world ---------------------------------------------------------------------------------------


@dataclass
class Product:
    pid: str
    cat: Category
    maker: dict
    model: str
    hs: str
    fmt_name: str = ""
    fmt: callable = None
    lot_name: str = ""
    lotf: callable = None
    lot_share: float = 0.0  # chance a line carries its lot
    batch_units: int = 0  # serialised: units per lot
    counter: int = 0
    batch_no: int = 0


@dataclass
class Line:
    order_id: str
    line_no: int
    product: Product
    date: date
    seller: str
    buyer: str
    ship_country: str
    ship_city: str
    wholesale: bool = False
    serials: list[str] = field(default_factory=list)
    lot: str = ""
    parent: tuple | None = None  # the wholesale line its stock came from

    @property
    def key(self) -> tuple[str, int]:
        return (self.order_id, self.line_no)


class World:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = rng = random.Random(seed * 7919 + 13)
        # shape of this seed
        self.p = dict(
            n_makers=rng.randint(7, 11), n_dists=rng.randint(3, 6), n_ordinary=rng.randint(250, 600),
            n_networks=rng.randint(3, 6), n_sales=rng.randint(1400, 2600), net_sales=rng.randint(120, 300),
            n_items=rng.randint(500, 1300), no_origin=rng.uniform(0.08, 0.22), stolen=rng.uniform(0.04, 0.18),
            lag_median=rng.uniform(40, 420), lag_sigma=rng.uniform(0.4, 1.1), wholesale=rng.uniform(0.0, 0.5),
            batch_customers=rng.uniform(1.5, 7.0), start=date(rng.randint(2012, 2019), rng.randint(1, 12), 1),
            years=rng.uniform(2.0, 5.0), look=rng.uniform(0.08, 0.35), lower=rng.uniform(0.03, 0.2),
            dropsep=rng.uniform(0.08, 0.3), dropprefix=rng.uniform(0.04, 0.2), trunc_tail=rng.uniform(0.05, 0.2),
            trunc_head=rng.uniform(0.02, 0.1), note=rng.uniform(0.05, 0.3), no_maker=rng.uniform(0.1, 0.4),
            no_model=rng.uniform(0.1, 0.4), clean_networks=rng.uniform(0.15, 0.5), field_hs=rng.uniform(0.05, 0.4),
        )  # fmt: skip
        self.parties: list[dict] = []
        self.relations: list[dict] = []
        self.orders: list[dict] = []
        self.lines: list[Line] = []
        self.line_rows: list[dict] = []
        self.items: list[dict] = []
        self.truth: list[dict] = []
        self.network_of: dict[str, int] = {}  # party -> network
        self._n = Counter()
        self._names: set[str] = set()
        self.lot_cache: dict[tuple, str] = {}

    # ids and names
    def nid(self, prefix: str) -> str:
        self._n[prefix] += 1
        return f"{prefix}{self.seed}-{self._n[prefix]:05d}"

    def stem(self) -> str:
        while True:
            s = "".join(self.rng.choice(SYLL) for _ in range(self.rng.choice([2, 2, 3]))).capitalize()
            if s not in self._names:
                self._names.add(s)
                return s

    def day(self) -> date:
        return self.p["start"] + timedelta(days=int(self.rng.uniform(0, self.p["years"] * 365)))

    def party(self, kind: str, name: str, country: str, city: str, activity: str = "", **extra) -> str:
        pid = self.nid("PT")
        rng = self.rng
        row = dict(party_id=pid, kind=kind, name=name, country=country, city=city, activity=activity,
                   activity_code=NACE.get(activity, ""), address=f"{rng.randint(1, 240)} {self.stem()} Street",
                   registration_id=f"{country}{rng.randint(10**6, 10**8)}" if kind == "company" else "",
                   incorporated_on=str(date(rng.randint(1970, 2016), rng.randint(1, 12), rng.randint(1, 28))) if kind == "company" else "",
                   phone=f"+{rng.randint(10, 99)} {rng.randint(10**7, 10**9)}", email="", employees=rng.choice(["", rng.randint(2, 900)]))  # fmt: skip
        row.update(extra)
        self.parties.append(row)
        return pid

    def company_name(self, country: str, words: str) -> str:
        return f"{self.stem()} {words} {self.rng.choice(LEGAL.get(country, ['Ltd']))}"

    def build(self) -> None:
        rng, p = self.rng, self.p
        # makers and their products
        maker_countries = ["DE", "FR", "IT", "GB", "US", "CN", "CN", "TW", "JP", "IN", "TR", "CH", "CZ", "KR", "NO", "SE"]
        cats = list(CATS)
        rng.shuffle(cats)
        self.products: list[Product] = []
        makers = []
        for i in range(p["n_makers"]):
            country = rng.choice(maker_countries)
            own = [cats[i % len(cats)]] + rng.sample(cats, rng.choice([0, 0, 1]))
            sector = own[0].makers[rng.randrange(len(own[0].makers))]
            brand = self.stem()
            name = f"{brand} {sector} {rng.choice(LEGAL.get(country, ['Ltd']))}"
            mid = self.party("company", name, country, rng.choice(CITIES.get(country, ["Capital"])), "manufacturer")
            m = dict(id=mid, name=name, brand=brand, sector=sector, country=country)
            makers.append(m)
            for c in {c.key: c for c in own}.values():
                for _ in range(rng.choice([1, 1, 2, 3])):
                    model = self.model_name(c)
                    pr = Product(f"PR{len(self.products)}", c, m, model, rng.choice(c.hs))
                    if c.serial:
                        pr.fmt_name, pr.fmt = serial_format(rng, model)
                        pr.counter = rng.choice([0, rng.randint(1, 400), rng.randint(1000, 60000)])
                        pr.lot_share = rng.choice([0.0, 0.0, rng.uniform(0.3, 1.0)])
                        pr.batch_units = rng.choice([50, 100, 250, 500, 1000])
                    else:
                        pr.lot_share = rng.uniform(0.75, 1.0)
                    pr.lot_name, pr.lotf = lot_format(rng)
                    pr.batch_no = rng.randint(1, 300)
                    self.products.append(pr)
        self.makers = makers
        # distributors, each reselling some products
        self.dists = []
        for _ in range(p["n_dists"]):
            country = rng.choice(["DE", "GB", "NL", "US", "AE", "TR", "CN", "PL", "IT"])
            did = self.party("company", self.company_name(country, rng.choice(["Trading", "Supply", "Industrial Supply", "Distribution"])),
                             country, rng.choice(CITIES.get(country, ["Capital"])), "wholesale distributor")  # fmt: skip
            prods = rng.sample(self.products, min(len(self.products), rng.randint(3, 8)))
            self.dists.append(dict(id=did, country=country, products=prods, upstream=rng.random() < p["wholesale"] * 2))
        # ordinary buyers
        self.ordinary = []
        for _ in range(p["n_ordinary"]):
            c = rng.choice(CATS)
            country = rng.choice(ORDINARY_COUNTRIES)
            act = rng.choice(c.fitting)
            if rng.random() < 0.08:
                pid = self.party("person", f"{self.stem()} {self.stem()}", country, rng.choice(CITIES[country]), "")
            else:
                pid = self.party("company", self.company_name(country, rng.choice(["Industries", "Services", "Group", "Works", "Trading"])),
                                 country, rng.choice(CITIES[country]), act)  # fmt: skip
            self.ordinary.append(dict(id=pid, country=country, city=next(r for r in self.parties if r["party_id"] == pid)["city"], cat=c.key))
        # networks
        self.networks = []
        for k in range(p["n_networks"]):
            theatre = rng.choice(["levant", "levant", "levant", "yemen", "libya", "ukraine"])
            conflict, fronts_c, transit = THEATRES[theatre]
            clean = rng.random() < p["clean_networks"]
            director = self.party("person", f"{self.stem()} {self.stem()}", rng.choice(fronts_c), "", "")
            phone = f"+{rng.randint(10, 99)} {rng.randint(10**7, 10**9)}"
            fronts = []
            for j in range(rng.randint(2, 5)):
                country = rng.choice(fronts_c + transit) if j else rng.choice(fronts_c)
                if clean:
                    act = rng.choice(rng.choice(CATS).fitting)
                    city = rng.choice(CITIES.get(country, ["Capital"]))
                else:
                    act = rng.choice(MISMATCH_ACTIVITIES)
                    city = rng.choice(BORDER_TOWNS[country])[0] if country in BORDER_TOWNS and rng.random() < 0.7 else rng.choice(CITIES.get(country, ["Capital"]))
                fid = self.party("company", self.company_name(country, rng.choice(["Trading", "General Trading", "Import Export", "Commercial", "Logistics"])),
                                 country, city, act, phone=phone if not clean and rng.random() < 0.6 else "",
                                 incorporated_on=str(self.day() - timedelta(days=rng.randint(30, 500))))  # fmt: skip
                self.relations.append(dict(source_id=director, target_id=fid, kind=rng.choice(["director", "owner"]), share=""))
                fronts.append(dict(id=fid, country=country, city=city))
                self.network_of[fid] = k
            self.network_of[director] = k
            self.networks.append(dict(k=k, theatre=theatre, conflict=conflict, fronts=fronts, clean=clean))
        self.sales()
        self.recover()

    def model_name(self, c: Category) -> str:
        rng = self.rng
        if not c.serial:
            return rng.choice(["", "", f"{rng.choice(['STD', 'PG', 'TG', 'X'])}-{rng.randint(10, 99)}"])
        letters = "".join(rng.choice("ABCDEFGHKMPRSTVX") for _ in range(rng.randint(1, 3)))
        return rng.choice([f"{letters}{rng.randint(20, 400)}", f"{letters}-{rng.randint(20, 400)}{rng.choice(['', 'R', 'X', ' Pro'])}",
                           f"{letters} {rng.randint(2, 9)}{rng.choice(['', 'S', 'M'])}"])  # fmt: skip

    # sales
    def sales(self) -> None:
        rng, p = self.rng, self.p
        plans = []  # (date, product, seller, buyer dict, network or None)
        for _ in range(p["n_sales"]):
            b = rng.choice(self.ordinary)
            choices = [pr for pr in self.products if pr.cat.key == b["cat"]] or self.products
            if rng.random() < 0.25:
                choices = self.products
            plans.append((self.day(), rng.choice(choices), b, None))
        for _ in range(p["net_sales"]):
            net = rng.choice(self.networks)
            prefer = [pr for pr in self.products if pr.cat.key in ("al_paste", "an", "kclo3", "turbojet", "twostroke", "servo", "fc", "gnss", "radio", "phone", "detcord", "nm", "h2o2", "al_powder")]
            plans.append((self.day(), rng.choice(prefer), rng.choice(net["fronts"]), net))
        plans.sort(key=lambda t: t[0])
        stock: dict[tuple, list] = {}  # (dist id, product) -> [remaining serial numbers or kg, lot, wholesale line, year]
        batch_left: dict[str, list] = {}  # product -> [lot, remaining qty]
        for d, pr, b, net in plans:
            sellers = [m for m in [pr.maker] if rng.random() < 0.5] + [x for x in self.dists if pr in x["products"]]
            seller = rng.choice(sellers) if sellers else pr.maker
            is_dist = seller is not pr.maker
            qty = self.quantity(pr, net is not None)
            order = self.order(d, seller["id"], b, net)
            line = Line(order["order_id"], 1, pr, d, seller["id"], b["id"], order["ship_to_country"], order["ship_to_city"])
            if is_dist and seller["upstream"]:
                self.from_stock(line, qty, stock, (seller["id"], pr.pid), seller, d)
            else:
                self.fresh(line, qty, batch_left, d)
            self.add_line(line, order, qty)
            # a second, untraced line now and then (packing, spare parts)
            if rng.random() < 0.3:
                extra = rng.choice(self.products)
                l2 = Line(order["order_id"], 2, extra, d, seller["id"], b["id"], order["ship_to_country"], order["ship_to_city"])
                self.fresh(l2, self.quantity(extra, False), batch_left, d)
                self.add_line(l2, order, None)

    def quantity(self, pr: Product, network: bool) -> int:
        lo, hi = pr.cat.qty
        q = int(math.exp(self.rng.uniform(math.log(lo), math.log(hi))))
        if pr.cat.serial and self.rng.random() < 0.15:
            q = 1
        return max(1, q if not network else max(1, int(q * self.rng.uniform(0.3, 1.2))))

    def fresh(self, line: Line, qty: int, batch_left: dict, d: date) -> None:
        """Stock straight from the maker (its own sale, or a distributor's stock bought outside the data)."""
        pr = line.product
        if pr.cat.serial:
            pr.counter += self.rng.choice([0, 0, 0, self.rng.randint(1, 30)])
            nums = list(range(pr.counter + 1, pr.counter + qty + 1))
            pr.counter += qty
            line.serials = [pr.fmt(n, d.year) for n in nums]
            if self.rng.random() < pr.lot_share:
                line.lot = self.unit_lot(pr, nums[0], d)
        else:
            left = batch_left.get(pr.pid)
            if left is None or left[1] < qty * 0.5 or left[2] >= left[3]:
                pr.batch_no += 1
                size = qty * self.rng.uniform(1.0, 2 * self.p["batch_customers"])
                left = batch_left[pr.pid] = [pr.lotf(pr.batch_no, d - timedelta(days=self.rng.randint(3, 40))), size, 0, self.batch_cap()]
            left[1] -= qty
            left[2] += 1
            if self.rng.random() < pr.lot_share:
                line.lot = left[0]

    def batch_cap(self) -> int:
        """How many customers one batch of bulk goods is split between: 1 to 10."""
        return self.rng.randint(1, min(10, max(2, round(2 * self.p["batch_customers"]))))

    def unit_lot(self, pr: Product, n: int, d: date) -> str:
        """The lot of serialised unit n: one production batch every batch_units units, dated when first sold."""
        b = pr.batch_no + n // pr.batch_units
        key = (pr.pid, b)
        if key not in self.lot_cache:
            self.lot_cache[key] = pr.lotf(b, d - timedelta(days=self.rng.randint(5, 60)))
        return self.lot_cache[key]

    def from_stock(self, line: Line, qty: int, stock: dict, key: tuple, seller: dict, d: date) -> None:
        pr = line.product
        st = stock.get(key)
        need = qty if pr.cat.serial else qty * 0.5
        if st is None or st[0] < need or (not pr.cat.serial and st[3] >= st[4]):
            # the distributor buys a wholesale lot from the maker, on a line of this dataset
            wd = d - timedelta(days=self.rng.randint(10, 150))
            wq = max(qty, qty * self.rng.randint(3, 12)) if pr.cat.serial else max(qty * 2, int(qty * self.rng.uniform(2, 8)))
            wb = dict(id=seller["id"], country=seller["country"], city=next(r["city"] for r in self.parties if r["party_id"] == seller["id"]))
            order = self.order(wd, pr.maker["id"], wb, None, wholesale=True)
            wl = Line(order["order_id"], 1, pr, wd, pr.maker["id"], seller["id"], seller["country"], wb["city"], wholesale=True)
            if pr.cat.serial:
                pr.counter += self.rng.randint(0, 20)
                wl.serials = [pr.fmt(n, wd.year) for n in range(pr.counter + 1, pr.counter + wq + 1)]
                wl.lot = self.unit_lot(pr, pr.counter + 1, wd) if self.rng.random() < pr.lot_share else ""
                pr.counter += wq
            else:
                pr.batch_no += 1
                wl.lot = pr.lotf(pr.batch_no, wd - timedelta(days=self.rng.randint(3, 40)))
            self.add_line(wl, order, wq)
            st = stock[key] = [wq, wl, 0, 0, self.batch_cap()]
        wl = st[1]
        if pr.cat.serial:
            line.serials = wl.serials[st[2]:st[2] + qty]
            st[2] += qty
            st[0] -= qty
            line.lot = wl.lot if self.rng.random() < 0.8 else ""
        else:
            st[0] -= qty
            st[3] += 1
            line.lot = wl.lot if self.rng.random() < pr.lot_share else ""
        line.parent = wl.key

    def order(self, d: date, seller: str, b: dict, net: dict | None, wholesale: bool = False) -> dict:
        rng = self.rng
        o = dict(order_id=self.nid("SO"), order_date=str(d), seller_id=seller, buyer_id=b["id"], consignee_id="", payer_id="",
                 ship_to_address="", ship_to_city=b["city"], ship_to_region="", ship_to_country=b["country"],
                 payment_method=rng.choice(["bank_transfer", "bank_transfer", "letter_of_credit", "card"]),
                 currency=CURRENCY.get(b["country"], "USD"), declared_end_use="", declared_end_user="",
                 freight_forwarder="", incoterm=rng.choice(["EXW", "DAP", "CIF", "FCA"]))  # fmt: skip
        if wholesale:
            o["declared_end_use"] = "resale"
        elif net is not None and not net["clean"]:
            fronts = net["fronts"]
            if rng.random() < 0.6:
                cons = rng.choice(fronts)
                o["consignee_id"] = cons["id"] if cons["id"] != b["id"] else ""
            if rng.random() < 0.5:
                o["payment_method"] = rng.choice(["third_party", "cash", "third_party"])
                payer = rng.choice(fronts)
                o["payer_id"] = payer["id"] if payer["id"] != b["id"] else ""
            country = rng.choice([f["country"] for f in fronts])
            if country in BORDER_TOWNS and rng.random() < 0.75:
                city, region = rng.choice(BORDER_TOWNS[country])
                o.update(ship_to_country=country, ship_to_city=city, ship_to_region=region)
            o["declared_end_use"] = rng.choice(["", "", "resale", "construction", "mining", "agriculture", "own use"])
            o["freight_forwarder"] = rng.choice(["", f"{self.stem()} Cargo", f"{self.stem()} Logistics"])
            o["currency"] = rng.choice(["USD", "USD", "EUR"])
        elif net is not None:
            o["declared_end_use"] = rng.choice(["resale", "production", "own use"])
        else:
            o["declared_end_use"] = rng.choice(["", "production", "resale", "maintenance", "research"])
        self.orders.append(o)
        return o

    def add_line(self, line: Line, order: dict, qty) -> None:
        pr = line.product
        rng = self.rng
        if pr.cat.serial:
            quantity = len(line.serials)
        else:
            quantity = qty if qty is not None else self.quantity(pr, False)
        self.lines.append(line)
        self.line_rows.append(dict(
            order_id=line.order_id, line_no=line.line_no, hs_code=pr.hs if rng.random() < 0.7 else f"{pr.hs[:4]}.{pr.hs[4:]}",
            description=rng.choice(pr.cat.line_text), sku=f"{pr.maker['brand'][:3].upper()}-{pr.pid}",
            quantity=quantity, unit=pr.cat.unit, unit_price=round(rng.uniform(2, 4000 if pr.cat.serial else 9), 2),
            manufacturer=pr.maker["name"] if rng.random() < 0.85 else pr.maker["brand"], model=pr.model,
            lot=line.lot, serial_from=line.serials[0] if line.serials else "", serial_to=line.serials[-1] if line.serials else ""))

    # recovered items
    def recover(self) -> None:
        rng, p = self.rng, self.p
        retail = [ln for ln in self.lines if not ln.wholesale and ln.line_no == 1]
        net_lines = [ln for ln in retail if ln.buyer in self.network_of]
        ord_lines = [ln for ln in retail if ln.buyer not in self.network_of]
        self.index()
        n = p["n_items"]
        n_none = int(n * p["no_origin"])
        n_stolen = int((n - n_none) * p["stolen"])
        picks = [(rng.choice(net_lines), "network") for _ in range(n - n_none - n_stolen)]
        picks += [(rng.choice(ord_lines), "ordinary") for _ in range(n_stolen)]
        for ln, src in picks:
            self.origin_item(ln, src)
        tries = 0
        made = 0
        while made < n_none and tries < n_none * 20:
            tries += 1
            made += self.no_origin_item()
        rng.shuffle(self.items)

    def lag(self) -> int:
        return max(5, int(self.p["lag_median"] * math.exp(self.rng.gauss(0, self.p["lag_sigma"]))))

    def recovery_place(self, ln: Line | None) -> tuple[str, str]:
        rng = self.rng
        if ln is not None and ln.buyer in self.network_of:
            net = self.networks[self.network_of[ln.buyer]]
            c = rng.choice(net["conflict"])
        else:
            c = rng.choice(list(RECOVERY_TOWNS))
        return c, rng.choice(RECOVERY_TOWNS[c])

    def origin_item(self, ln: Line, src: str) -> None:
        rng = self.rng
        pr = ln.product
        kinds: list[str] = []
        serial = lot = ""
        if pr.cat.serial:
            serial, kinds = self.misread(rng.choice(ln.serials), kinds, "serial")
            if ln.lot and rng.random() < 0.35:
                lot, kinds = self.misread(ln.lot, kinds, "lot", light=True)
            if ln.lot and rng.random() < 0.08:  # plate gone, only the lot label left
                serial, kinds = "", kinds + ["serial_missing"]
                lot, kinds = self.misread(ln.lot, kinds, "lot", light=True)
        else:
            if not ln.lot:
                return  # a bulk line without a lot leaves nothing to read
            lot, kinds = self.misread(ln.lot, kinds, "lot")
        if not serial and not lot:
            return
        country, place = self.recovery_place(ln)
        rec = ln.date + timedelta(days=self.lag())
        item = self.item_row(pr, serial, lot, rec, country, place, kinds)
        cands = self.candidates(item)
        cands_wo = {k for k in cands if k != ln.parent}
        if ln.key not in cands:
            raise AssertionError(f"true line lost: {item} {ln.key} {ln.serials[:2]} {ln.lot}")
        if len(cands_wo) == 1:
            case = "unique"
        elif not serial:
            case = "ambiguous_lot"
        elif "trunc_tail" in kinds or "trunc_head" in kinds:
            case = "ambiguous_trunc"
        else:
            case = "ambiguous_other"
        if ln.parent and ln.parent in cands:
            kinds.append("via_distributor")
        self.items.append(item)
        self.truth.append(dict(item_id=item["item_id"], order_id=ln.order_id, line_no=ln.line_no, case=case, source=src,
                               kinds=";".join(sorted(set(kinds))) or "clean", candidates=len(cands_wo),
                               oracle=self.oracle(ln, cands_wo, rec, country)))  # fmt: skip

    def item_row(self, pr: Product, serial: str, lot: str, rec: date, country: str, place: str, kinds: list[str], maker=None) -> dict:
        rng, p = self.rng, self.p
        maker = maker or pr.maker
        r = rng.random()
        if r < p["no_maker"]:
            man = ""
            kinds.append("maker_missing")
        else:
            man = rng.choice([maker["name"], maker["brand"].upper(), f"{maker['brand']} {maker['sector']}", maker["brand"],
                              misspell(rng, maker["brand"])])  # fmt: skip
        model = pr.model
        if model and rng.random() < p["no_model"]:
            model = ""
            kinds.append("model_missing")
        elif model and rng.random() < 0.3:
            model = rng.choice([model.replace("-", "").replace(" ", ""), model.lower(), model.replace(" ", "-")])
        context = f"{rng.choice(pr.cat.context)}, {place}"
        if "silent_trunc" in kinds:
            context += "; marking partly illegible"
        return dict(item_id=self.nid("IT"), manufacturer=man, model=model, serial=serial, lot=lot,
                    hs_code=pr.hs if rng.random() < p["field_hs"] else "",
                    description=rng.choice(pr.cat.field_text) if rng.random() < 0.85 else "",
                    recovered_on=str(rec), recovered_country=country, recovered_place=place, context=context,
                    _product=pr.pid, _cat=pr.cat.key, _maker=maker.get("id", ""))  # fmt: skip

    def misread(self, text: str, kinds: list[str], what: str, light: bool = False) -> tuple[str, list[str]]:
        rng, p = self.rng, self.p
        kinds = list(kinds)
        t = text
        scale = 0.5 if light else 1.0
        if rng.random() < p["look"] * scale:
            keep = len(t) - len(strip_notes(t))  # a note word stays as written
            pos = [i for i, ch in enumerate(t) if ch in LOOK and i >= keep]
            if pos:
                for i in rng.sample(pos, min(len(pos), rng.choice([1, 1, 2]))):
                    t = t[:i] + LOOK[t[i]] + t[i + 1:]
                kinds.append(f"{what}_lookalike")
        if rng.random() < p["dropprefix"] * scale:
            body = strip_notes(t)
            toks = re.split(r"([\s/.\-]+)", body)
            if len(toks) >= 3 and len(re.sub(r"[^0-9A-Za-z]", "", "".join(toks[2:]))) >= 4:
                t = "".join(toks[2:])
                kinds.append(f"{what}_prefix_dropped")
            elif re.match(r"^[A-Za-z]+\d{4,}", body):
                t = re.sub(r"^[A-Za-z]+", "", body)
                kinds.append(f"{what}_prefix_dropped")
            elif body != t:
                t = body
                kinds.append(f"{what}_prefix_dropped")
        if rng.random() < p["dropsep"] * scale and re.search(r"[\s/.\-]", t):
            t = re.sub(r"[\s/.\-]", "", t)
            kinds.append(f"{what}_separators_dropped")
        if rng.random() < p["lower"] * scale and re.search(r"[A-Z]", t):
            t = t.lower()
            kinds.append(f"{what}_lower")
        alnum = len(re.sub(r"[^0-9A-Za-z]", "", strip_notes(t)))  # a truncation leaves at least 4 of them
        if rng.random() < p["trunc_tail"] * scale and alnum >= 6:
            k = min(rng.choice([1, 1, 2, 2, 3]), alnum - 4)
            t = cut_tail(t, k)
            mark = rng.choice(["??", "**", "...", "…", "_", "[..]", ""])
            if mark:
                t = t + ("?" * k if mark == "??" else "*" * k if mark == "**" else mark)
            else:
                kinds.append("silent_trunc")
            kinds.append("trunc_tail")
        elif rng.random() < p["trunc_head"] * scale and alnum >= 6:
            k = min(rng.choice([1, 2, 2, 3]), alnum - 4)
            t = cut_head(strip_notes(t), k)  # the first characters of the number, a note word before them gone too
            t = rng.choice(["??", "**", "...", "…", "[..]"]).replace("??", "?" * k).replace("**", "*" * k) + t
            kinds.append("trunc_head")
        if rng.random() < p["note"] * scale:
            t = rng.choice(["S/N: ", "S/N ", "No. ", "Serial no. ", "# "] if what == "serial" else ["Lot: ", "LOT NO. ", "Batch ", "L/N "]) + t
            kinds.append(f"{what}_note")
        return t, kinds

    # this world's own reading of markings
    def index(self) -> None:
        self.blob: dict[str, tuple[str, list[int], list[tuple]]] = {}
        self.lot_ix: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        per: dict[str, list] = defaultdict(list)
        for ln in self.lines:
            for s in ln.serials:
                per[ln.product.pid].append((canon(s), ln.key))
            if ln.lot:
                self.lot_ix[ln.product.pid][canon(ln.lot)].add(ln.key)
        for pid, rows in per.items():
            parts, starts, keys, pos = [], [], [], 1
            for cs, key in rows:
                starts.append(pos)
                keys.append(key)
                parts.append(cs)
                pos += len(cs) + 1
            self.blob[pid] = ("\n" + "\n".join(parts) + "\n", starts, keys)
        self.line_by_key = {ln.key: ln for ln in self.lines}

    def scope(self, item: dict) -> list[Product]:
        """Products the markings may be: the model if read, else the maker if read, else the kind of good."""
        if item["model"]:
            m = canon(item["model"])
            return [pr for pr in self.products if pr.model and canon(pr.model) == m and pr.cat.key == item["_cat"]]
        if item["manufacturer"] and item["_maker"]:
            return [pr for pr in self.products if pr.maker["id"] == item["_maker"] and pr.cat.key == item["_cat"]]
        return [pr for pr in self.products if pr.cat.key == item["_cat"]]

    def candidates(self, item: dict) -> set[tuple]:
        out: set[tuple] | None = None
        for text, which in ((item["serial"], "serial"), (item["lot"], "lot")):
            if not text:
                continue
            head_open = bool(HEAD_MARK.search(strip_notes(text)))
            tail_open = bool(TAIL_MARK.search(text)) or "illegible" in item["context"]
            v = canon(TAIL_MARK.sub("", HEAD_MARK.sub("", strip_notes(text))))
            found: set[tuple] = set()
            for pr in self.scope(item):
                if which == "lot":
                    for cl, keys in self.lot_ix.get(pr.pid, {}).items():
                        if cl == v or (tail_open and v in cl) or cl.endswith(v):
                            found |= keys
                    continue
                blob = self.blob.get(pr.pid)
                if not blob:
                    continue
                s, starts, keys = blob
                needle = v if tail_open else v + "\n"
                i = s.find(needle)
                while i >= 0:
                    found.add(keys[bisect.bisect_right(starts, i) - 1])
                    i = s.find(needle, i + 1)
            out = found if out is None else (out & found if found else out)
        return out or set()

    def oracle(self, ln: Line, cands: set[tuple], rec: date, country: str) -> str:
        if len(cands) <= 1:
            return ""
        near = NEAR.get(country, set()) | {country}
        fit = [k for k in cands if not self.line_by_key[k].wholesale and self.line_by_key[k].date <= rec
               and self.line_by_key[k].ship_country in near]  # fmt: skip
        if fit == [ln.key]:
            return "place_date"
        pool = fit if ln.key in fit else [k for k in cands if self.line_by_key[k].date <= rec]
        net = [k for k in pool if self.line_by_key[k].buyer in self.network_of]
        if net == [ln.key]:
            return "network"
        return "undecided"

    def no_origin_item(self) -> int:
        rng = self.rng
        pr = rng.choice(self.products)
        kinds = ["no_origin"]
        serial = lot = ""
        maker = None
        way = rng.random()
        d = self.day()
        if pr.cat.serial and way < 0.45:  # the maker's own product, a unit sold to someone outside these records
            serial = pr.fmt(pr.counter + rng.randint(50, 5000), d.year)
            kinds.append("unsold_serial")
        elif pr.cat.serial and way < 0.8:  # another maker's goods of the same kind, a format close to the dataset's
            _, fmt = serial_format(rng, self.model_name(pr.cat))
            serial = fmt(rng.randint(1, 90000), d.year)
            maker = dict(id="", name=self.company_name("CN", rng.choice(pr.cat.makers)), brand=self.stem(), sector=pr.cat.makers[0])
            kinds.append("other_maker")
        else:  # a lot never sold here
            lot = pr.lotf(pr.batch_no + rng.randint(3, 90), d)
            kinds.append("unsold_lot")
        if serial:
            serial, kinds = self.misread(serial, kinds, "serial", light=True)
        else:
            lot, kinds = self.misread(lot, kinds, "lot", light=True)
        country = rng.choice(list(RECOVERY_TOWNS))
        rec = d + timedelta(days=self.lag())
        item = self.item_row(pr, serial, lot, rec, country, rng.choice(RECOVERY_TOWNS[country]), kinds, maker=maker)
        if maker is not None:
            item["model"] = rng.choice(["", self.model_name(pr.cat)])
        # with the model unknown to the data the scope is the kind of good: nothing of it may fit
        # nothing of this kind of good may fit, whoever made it
        if self.candidates(dict(item, model="", manufacturer="", _maker="")):
            return 0
        self.items.append(item)
        self.truth.append(dict(item_id=item["item_id"], order_id="", line_no="", case="no_origin", source="none",
                               kinds=";".join(sorted(set(kinds))), candidates=0, oracle=""))  # fmt: skip
        return 1

    # writing
    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        pcols = ["party_id", "kind", "name", "aliases", "country", "address", "city", "region", "postal_code",
                 "registration_id", "incorporated_on", "activity_code", "activity", "employees", "phone", "email"]  # fmt: skip
        write_csv(folder / "parties.csv", pcols, self.parties)
        write_csv(folder / "relations.csv", ["source_id", "target_id", "kind", "share"], self.relations)
        write_csv(folder / "orders.csv", list(self.orders[0]), self.orders)
        write_csv(folder / "order_lines.csv", list(self.line_rows[0]), self.line_rows)
        icols = ["item_id", "manufacturer", "model", "serial", "lot", "hs_code", "description", "recovered_on",
                 "recovered_country", "recovered_place", "context"]  # fmt: skip
        write_csv(folder / "items.csv", icols, self.items)


def misspell(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word.upper()
    i = rng.randrange(1, len(word) - 1)
    return rng.choice([word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word[:i] + word[i + 1] + word[i] + word[i + 2:]])


def cut_tail(t: str, k: int) -> str:
    out = t
    while k > 0 and out:
        if out[-1].isalnum():
            k -= 1
        out = out[:-1]
    return out.rstrip(" -/.")


def cut_head(t: str, k: int) -> str:
    out = t
    while k > 0 and out:
        if out[0].isalnum():
            k -= 1
        out = out[1:]
    return out.lstrip(" -/.")


def write_csv(path: Path, cols: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})


def build_world(seed: int) -> World:
    w = World(seed)
    w.build()
    return w


# --- measuring -----------------------------------------------------------------------------------

CASES = ("unique", "ambiguous_lot", "ambiguous_trunc", "ambiguous_other", "no_origin")


def run_seed(seed: int, keep: Path | None) -> dict:
    from redtrace.engine import create_engine
    from redtrace.io.dataset import read_dataset
    from redtrace.trace import trace_items

    t0 = time.perf_counter()
    world = build_world(seed)
    gen_s = time.perf_counter() - t0
    tmp = None
    folder = keep / f"seed{seed}" if keep else Path(tmp := tempfile.mkdtemp(prefix=f"trace_ind{seed}_"))
    world.write(folder)
    truth = pd.DataFrame(world.truth).astype(str)
    if keep:  # next to the dataset, not in it: the truth is no input
        truth.to_csv(keep / f"item_origins_seed{seed}.csv", index=False)
    engine = create_engine()
    t1 = time.perf_counter()
    read = read_dataset(folder, engine)
    read_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    result = trace_items(engine)
    trace_s = time.perf_counter() - t2
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return dict(seed=seed, world=world, truth=truth, traces=result.traces, readings=result.readings,
                rejected=read.rejected, read_s=read_s, trace_s=trace_s, gen_s=gen_s,
                lines=len(world.line_rows), orders=len(world.orders))  # fmt: skip


def score(run: dict) -> pd.DataFrame:
    """One row per item: its truth, rank of the true line, rank-1 line and confidence."""
    truth = run["truth"].copy()
    tr = run["traces"].copy()
    tr["line_no"] = pd.to_numeric(tr["line_no"], errors="coerce").astype("Int64").astype(str)
    tr["order_id"] = tr["order_id"].astype(str)
    top = tr[tr["rank"] == 1].set_index("item_id")
    truth["top_order"] = truth["item_id"].map(top["order_id"]).fillna("")
    truth["top_line"] = truth["item_id"].map(top["line_no"]).fillna("")
    truth["top_conf"] = truth["item_id"].map(top["confidence"]).fillna(0.0).astype(float)
    truth["top_matched"] = truth["item_id"].map(top["matched_on"]).fillna("")
    hit = tr.merge(truth[["item_id", "order_id", "line_no"]], on=["item_id", "order_id", "line_no"])
    truth["true_rank"] = truth["item_id"].map(hit.groupby("item_id")["rank"].min()).fillna(99).astype(int)
    truth["top1"] = truth["true_rank"] == 1
    truth["top3"] = truth["true_rank"] <= 3
    has = truth["case"] != "no_origin"
    truth["confident_wrong"] = has & ~truth["top1"] & (truth["top_conf"] >= 0.5)
    truth["false_trace"] = ~has & (truth["top_conf"] >= 0.5)
    truth["seed"] = run["seed"]
    return truth


def rate(s: pd.Series) -> str:
    return f"{s.mean():.3f} ({int(s.sum())}/{len(s)})" if len(s) else "-"


def figures(s: pd.DataFrame) -> dict[str, str]:
    amb = s[s["case"].str.startswith("ambiguous")]
    orig = s[s["case"] != "no_origin"]
    noted = s["kinds"].str.contains("_note")  # 'S/N:', 'Lot:', 'Batch' ... written before the marking
    return {
        "unique top-1": rate(s.loc[s["case"] == "unique", "top1"]),
        "ambiguous top-3": rate(amb["top3"]),
        "  lot top-3": rate(s.loc[s["case"] == "ambiguous_lot", "top3"]),
        "  truncated top-3": rate(s.loc[s["case"] == "ambiguous_trunc", "top3"]),
        "  other top-3": rate(s.loc[s["case"] == "ambiguous_other", "top3"]),
        "unique top-1, no note word": rate(s.loc[(s["case"] == "unique") & ~noted, "top1"]),
        "ambiguous top-3, no note word": rate(amb.loc[~noted[amb.index], "top3"]),
        "no-origin false traces": rate(s.loc[s["case"] == "no_origin", "false_trace"]),
        "confident wrong (origin)": rate(orig["confident_wrong"]),
        "stolen/lost top-1": rate(s.loc[s["source"] == "ordinary", "top1"]),
    }


def print_table(rows: dict[str, dict[str, str]]) -> None:
    names = list(next(iter(rows.values())))
    width = max(len(n) for n in names) + 2
    cols = list(rows)
    colw = max(20, *(len(v) + 2 for r in rows.values() for v in r.values()))
    print(" " * width + "".join(f"{c:>{colw}}" for c in cols))
    for n in names:
        print(f"{n:<{width}}" + "".join(f"{rows[c][n]:>{colw}}" for c in cols))


def by_kind(s: pd.DataFrame) -> pd.DataFrame:
    orig = s[s["case"] != "no_origin"]
    rows = []
    for kind in sorted({k for ks in orig["kinds"] for k in ks.split(";")}):
        sub = orig[orig["kinds"].str.split(";").apply(lambda ks, k=kind: k in ks)]
        rows.append(dict(kind=kind, items=len(sub), top1=round(sub["top1"].mean(), 3), top3=round(sub["top3"].mean(), 3)))
    return pd.DataFrame(rows)


def oracle_table(s: pd.DataFrame) -> pd.DataFrame:
    amb = s[s["case"].str.startswith("ambiguous")]
    rows = []
    for case, sub in amb.groupby("case"):
        c = pd.to_numeric(sub["candidates"])
        rows.append(dict(case=case, items=len(sub), median_candidates=float(c.median()), max_candidates=int(c.max()),
                         place_date=round((sub["oracle"] == "place_date").mean(), 3),
                         plus_network=round(sub["oracle"].isin(["place_date", "network"]).mean(), 3),
                         top3=round(sub["top3"].mean(), 3), top3_when_decidable=round(sub.loc[sub["oracle"] != "undecided", "top3"].mean(), 3)))  # fmt: skip
    return pd.DataFrame(rows)


def examples(run: dict, s: pd.DataFrame, n: int, out: list[dict]) -> None:
    world = run["world"]
    items = {it["item_id"]: it for it in world.items}
    rows = {(r["order_id"], str(r["line_no"])): r for r in world.line_rows}
    orders = {o["order_id"]: o for o in world.orders}
    tr = run["traces"]
    rd = run["readings"]
    fail = s[((s["case"] == "unique") & ~s["top1"]) | (s["case"].str.startswith("ambiguous") & ~s["top3"])
             | ((s["case"] == "no_origin") & s["false_trace"])]  # fmt: skip
    for _, f in fail.iterrows():
        it = items[f["item_id"]]
        true = rows.get((f["order_id"], str(f["line_no"])), {})
        top = rows.get((f["top_order"], f["top_line"]), {})
        to, oo = orders.get(f["order_id"], {}), orders.get(f["top_order"], {})
        rec = dict(seed=run["seed"], item_id=f["item_id"], case=f["case"], kinds=f["kinds"], candidates=f["candidates"],
                   oracle=f["oracle"], source=f["source"], top_is_upstream=(f["top_order"], int(f["top_line"] or 0)) == (
                       (world.line_by_key[(f["order_id"], int(f["line_no"]))].parent or ("", 0)) if f["order_id"] else ("", 0)),
                   read_maker=it["manufacturer"], read_model=it["model"], read_serial=it["serial"],
                   read_lot=it["lot"], recovered=f"{it['recovered_country']} {it['recovered_place']} {it['recovered_on']}",
                   true_line=f"{f['order_id']}/{f['line_no']}", true_model=true.get("model", ""),
                   true_serials=f"{true.get('serial_from', '')}..{true.get('serial_to', '')}", true_lot=true.get("lot", ""),
                   true_ship=f"{to.get('ship_to_country', '')} {to.get('ship_to_city', '')} {to.get('order_date', '')}",
                   true_rank=f["true_rank"], top_line=f"{f['top_order']}/{f['top_line']}", top_conf=round(f["top_conf"], 3),
                   top_model=top.get("model", ""), top_serials=f"{top.get('serial_from', '')}..{top.get('serial_to', '')}",
                   top_lot=top.get("lot", ""), top_ship=f"{oo.get('ship_to_country', '')} {oo.get('ship_to_city', '')} {oo.get('order_date', '')}",
                   matched_on=f["top_matched"],
                   readings=" | ".join(rd.loc[(rd["item_id"] == f["item_id"]) & (rd["rank"] == 1), "reading"].astype(str)),
                   n_rows=int((tr["item_id"] == f["item_id"]).sum()))  # fmt: skip
        out.append(rec)
    for r in [r for r in out if r["seed"] == run["seed"]][:n]:
        print(f"  {r['item_id']} [{r['case']}; {r['kinds']}; {r['candidates']} cand; oracle {r['oracle'] or '-'}]"
              f" read maker={r['read_maker']!r} model={r['read_model']!r} serial={r['read_serial']!r} lot={r['read_lot']!r}"
              f" at {r['recovered']}\n      true {r['true_line']} model={r['true_model']!r} {r['true_serials']} lot={r['true_lot']!r}"
              f" ship {r['true_ship']} (rank {r['true_rank']})\n      top  {r['top_line']} conf {r['top_conf']} model={r['top_model']!r}"
              f" {r['top_serials']} lot={r['top_lot']!r} ship {r['top_ship']} on {r['matched_on']!r}\n      reading: {r['readings'][:200]}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--keep", type=Path, help="write each seed's dataset (and item_origins_seedN.csv) here")
    ap.add_argument("--examples", type=int, default=6, help="failed items printed per seed")
    ap.add_argument("--failures", type=Path, help="write every failed item to this CSV")
    args = ap.parse_args(argv)
    seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    scored, table, fails = [], {}, []
    for seed in seeds:
        run = run_seed(seed, args.keep)
        s = score(run)
        scored.append(s)
        w = run["world"]
        p = w.p
        print(f"\n== seed {seed}: {run['orders']} orders, {run['lines']} lines, {len(s)} items "
              f"({', '.join(f'{c} {n}' for c, n in s['case'].value_counts().items())}); "
              f"{len(w.networks)} networks ({sum(n['clean'] for n in w.networks)} clean), lag median {p['lag_median']:.0f} d, "
              f"wholesale {p['wholesale']:.2f}; rejected rows {len(run['rejected'])}; "
              f"generate {run['gen_s']:.1f}s, read {run['read_s']:.1f}s, trace {run['trace_s']:.1f}s")  # fmt: skip
        if len(run["rejected"]):
            print(run["rejected"].head(10).to_string())
        table[f"seed {seed}"] = figures(s) | {"rejected rows": str(len(run["rejected"])), "trace s": f"{run['trace_s']:.1f}"}
        if args.examples:
            print(" failed items:")
        examples(run, s, args.examples, fails)
    pooled = pd.concat(scored, ignore_index=True)
    table["pooled"] = figures(pooled) | {"rejected rows": str(sum(int(table[k]["rejected rows"]) for k in table)),
                                         "trace s": f"{sum(float(table[k]['trace s']) for k in table):.1f}"}  # fmt: skip
    print("\n== figures (targets: unique top-1 >= 0.95, ambiguous top-3 >= 0.95, no-origin false traces <= 0.05)")
    print_table(table)
    print("\n== per misreading kind (items with an origin; an item counts under every kind it shows), pooled")
    print(by_kind(pooled).to_string(index=False))
    print("\n== ambiguous items: how decidable the world is (oracle-ish reference), pooled")
    print(oracle_table(pooled).to_string(index=False))
    if args.failures:
        pd.DataFrame(fails).to_csv(args.failures, index=False)
        print(f"\n{len(fails)} failed items written to {args.failures}")


if __name__ == "__main__":
    main()
