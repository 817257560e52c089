"""Items recovered in the field, with markings as an investigator read them, and their true origin.

An item comes from an illicit order line that recorded a lot or serial range. The markings are
read realistically badly (O/0, I/1, S/5, B/8, dashes and prefixes dropped, the maker missing);
some point at a lot sold several times, some at a serial too truncated to match one range, and
some items have no origin in the data at all.

Where and when an item turns up follows from the sale it was diverted after (CAR, 'Procurement
networks behind Islamic State improvised weapon programmes', 2020): each network feeds one front,
across the border from where its goods were shipped when that borders the war (Turkish border
provinces into Syria and Iraq), and its goods are mostly used there, some carried elsewhere; they
are found weeks to a few years after the sale (components reached IS within one to two months of
export in the fastest cases CAR documented).

Items are documented in finds: an investigator visiting a workshop or cache records what is there
on one day, and what is there is mostly one shipment (a stack of drums of one lot, a box of
detonators of one serial run), sometimes mixed with the network's other purchases. Each unit is
found at most once: a sale of two detonators cannot turn up three times.
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.economy import EPOCH
from redtrace.synth.marking import Marker

# Countries whose land border the goods shipped there cross into the war.
FRONTS = {"TR": ("SY", "IQ"), "JO": ("SY", "IQ"), "LB": ("SY",), "IR": ("IQ",), "KW": ("IQ",), "SA": ("IQ",),
          "SY": ("SY",), "IQ": ("IQ",)}
# Share of a network's items found on its own front; the rest were moved or captured elsewhere.
ON_FRONT = 0.8
# Days from the sale until the item leaves the ship-to address, then until it is found
# (log-normal: median and spread).
TRANSIT_DAYS = (14, 60)
USE_MEDIAN_DAYS, USE_SIGMA = 120.0, 0.8
# A find holds one more item with this chance (geometric: two items on average); each further
# item comes from the same sale with SAME_SHIPMENT, otherwise from another sale of the network.
FIND_MORE = 0.5
SAME_SHIPMENT = 0.7

_MISREADS = (("0", "O"), ("O", "0"), ("1", "I"), ("I", "1"), ("5", "S"), ("S", "5"), ("8", "B"), ("B", "8"))


@dataclass
class TracedLine:
    """An illicit order line whose seller recorded its marks."""

    order_id: str
    line_no: int
    model: int
    day: int
    lot_index: int  # -1 when no lot recorded
    serial_first: int  # -1 when no serials recorded
    qty: int
    amount: float  # quantity in the good's own unit, whatever unit the seller wrote
    network: int
    ship_country: str


def misread(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return text
    swaps = [(a, b) for a, b in _MISREADS if a in text]
    if swaps:
        a, b = rng.choice(swaps)
        pos = [i for i, ch in enumerate(text) if ch == a]
        i = rng.choice(pos)
        text = text[:i] + b + text[i + 1 :]
    if rng.random() < 0.3:
        text = text.replace("-", "")
    return text


def theatres(lines: list[TracedLine], rng: random.Random) -> dict[int, list[tuple[str, str]]]:
    """Each network's front: one to three recovery places across a border from where it shipped."""
    shipped: dict[int, set[str]] = defaultdict(set)
    for line in lines:
        shipped[line.network].add(line.ship_country)
    out = {}
    for network, countries in sorted(shipped.items()):
        fronts = sorted({f for c in countries for f in FRONTS.get(c, ())}) or sorted({c for c, _ in vocab.RECOVERY_PLACES})
        front = rng.choice(fronts)
        places = [p for p in vocab.RECOVERY_PLACES if p[0] == front]
        out[network] = rng.sample(places, k=min(len(places), rng.randint(1, 3)))
    return out


def recovery(origin: TracedLine, theatre: list[tuple[str, str]], rng: random.Random) -> tuple[date, str, str]:
    """(date, country, place) an item diverted after the origin sale is found."""
    lag = rng.randint(*TRANSIT_DAYS) + round(rng.lognormvariate(math.log(USE_MEDIAN_DAYS), USE_SIGMA))
    country, place = rng.choice(theatre) if rng.random() < ON_FRONT else rng.choice(vocab.RECOVERY_PLACES)
    return EPOCH + timedelta(days=origin.day + lag), country, place


class Stock:
    """The units of the traced lines not found yet: each unit turns up at most once."""

    def __init__(self, lines: list[TracedLine]):
        self.lines = lines
        # Serial lines hold their serials; lot lines their quantity in the good's own unit.
        self.size = [max(1, line.qty if line.serial_first >= 0 else round(line.amount)) for line in lines]
        self.taken: list[set[int]] = [set() for _ in lines]

    def left(self, i: int) -> int:
        return self.size[i] - len(self.taken[i])

    def draw(self, pool: list[int], weights: list[float], rng: random.Random) -> int | None:
        """A line of `pool`, each as likely as its weight x the share of its units still unfound."""
        w = [weight * self.left(i) / self.size[i] for i, weight in zip(pool, weights)]
        return rng.choices(pool, weights=w)[0] if sum(w) > 0 else None

    def take(self, i: int, rng: random.Random) -> int:
        """An unfound unit of line i (its offset in the line's serial range)."""
        unit = rng.randrange(self.size[i])
        while unit in self.taken[i]:
            unit = rng.randrange(self.size[i])
        self.taken[i].add(unit)
        return unit


def build_items(lines: list[TracedLine], marker: Marker, n: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """(items rows, truth rows)."""
    models = marker.models
    fronts = theatres(lines, rng)
    stock = Stock(lines)
    # Every unit diverted is as likely to be found: a sale of many drums leaves more of them
    # (against the good's usual quantity, so the mix of goods does not turn on their units).
    weight = [line.amount / cat.GOODS[int(models.good[line.model])].median_qty for line in lines]
    serialised = [i for i, line in enumerate(lines) if line.serial_first >= 0]
    everything = list(range(len(lines)))
    by_network: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        by_network[line.network].append(i)
    items, truth = [], []
    find: list = []  # the find being documented: its line, date, country and place
    for k in range(n):
        item_id = f"IT-{k + 1:05d}"
        origin = None
        traced = lines and rng.random() < 0.88  # the rest have no origin in the data
        if traced and find and rng.random() < FIND_MORE:
            same = find[0] if rng.random() < SAME_SHIPMENT and stock.left(find[0]) else None
            if same is None:
                # The network's other purchases that could have reached the site by then.
                arrived = (find[1] - EPOCH).days - TRANSIT_DAYS[0]
                mates = [i for i in by_network[lines[find[0]].network] if lines[i].day <= arrived]
                same = stock.draw(mates, [weight[i] for i in mates], rng)
            origin = same
        if origin is None:
            find = []
            if traced:  # half from serialised goods when there are any: they trace best
                pool = serialised if serialised and rng.random() < 0.5 else everything
                origin = stock.draw(pool, [weight[i] for i in pool], rng)
        if origin is None:
            row, case, order_id, line_no = _no_origin(marker, rng), "no_origin", None, None
        else:
            line = lines[origin]
            if not find:
                find = [origin, *recovery(line, fronts[line.network], rng)]
            row, case = _marked(line, stock.take(origin, rng), marker, rng)
            row["recovered_on"], row["recovered_country"], row["recovered_place"] = find[1:]
            order_id, line_no = line.order_id, line.line_no
        row["item_id"] = item_id
        items.append(row)
        truth.append({"item_id": item_id, "order_id": order_id, "line_no": line_no, "case": case})
    return items, truth


def _marked(origin: TracedLine, unit: int, marker: Marker, rng: random.Random) -> tuple[dict, str]:
    """(item row without its recovery, case) for unit `unit` of the origin line, markings as read."""
    m = origin.model
    good = cat.GOODS[int(marker.models.good[m])]
    row = {"manufacturer": marker.models.maker[m], "model": marker.models.code[m], "serial": None, "lot": None}
    if origin.serial_first >= 0:
        number = origin.serial_first + unit
        serial = marker.serial_text(_arr(m), _arr(number))[0].as_py()
        case = "unique"
        if rng.random() < 0.3:
            cut = rng.randint(1, 2)
            serial = serial[:-cut]
            lo = number // 10**cut * 10**cut
            # Truncated markings that still fit one sale only are as good as unique.
            if marker.ranges_overlapping(m, lo, lo + 10**cut - 1) > 1:
                case = "truncated_serial"
        row["serial"] = misread(serial, rng)
        if origin.lot_index >= 0 and rng.random() < 0.3:
            row["lot"] = marker.lot_text(_arr(m), _arr(origin.lot_index))[0].as_py()
    else:
        row["lot"] = misread(marker.lot_text(_arr(m), _arr(origin.lot_index))[0].as_py(), rng)
        case = "ambiguous_lot" if marker.lot_sales(m, origin.lot_index) > 1 else "unique"
    row["manufacturer"] = _maker(row["manufacturer"], rng)
    row["model"] = None if rng.random() < 0.1 else misread(row["model"], rng)
    if row["serial"] and row["model"] and rng.random() < 0.15:
        row["serial"] = re.sub(r"^[A-Za-z]+-?", "", row["serial"])  # the maker's prefix left off
    row["hs_code"] = good.hs if rng.random() < 0.5 else None
    row["description"] = good.description
    chemical = good.category in ("chemicals", "agrochem")
    row["context"] = rng.choice(vocab.RECOVERY_CONTEXT["chemical" if chemical else "device"])
    return row, case


def _no_origin(marker: Marker, rng: random.Random) -> dict:
    """An item of a known model whose serial or lot was never sold here, or of a maker absent altogether."""
    models = marker.models
    m = rng.randrange(len(models.good))
    good = cat.GOODS[int(models.good[m])]
    row = {"manufacturer": models.maker[m], "model": models.code[m], "serial": None, "lot": None,
           "hs_code": good.hs if rng.random() < 0.5 else None, "description": good.description,
           "recovered_on": date(2016, 1, 1) + timedelta(days=rng.randint(0, 1300)),
           "context": rng.choice(vocab.RECOVERY_CONTEXT["device"])}
    row["recovered_country"], row["recovered_place"] = rng.choice(vocab.RECOVERY_PLACES)
    if rng.random() < 0.3:
        row.update(manufacturer=rng.choice(("Zhenjiang Motor", "Hobbyking", "Alfa Kimya", "Unknown")), model=f"X{rng.randint(100, 999)}")
    if models.has_serial[m]:
        unsold = int(marker.next_serial[m]) + rng.randint(10**4, 10**5)  # beyond every serial sold
        row["serial"] = marker.serial_text(_arr(m), _arr(unsold))[0].as_py()
    else:
        unsold = int(marker.sales[m]) // int(models.lot_size[m]) + rng.randint(50, 500)
        row["lot"] = marker.lot_text(_arr(m), _arr(unsold))[0].as_py()
    return row


def _maker(name: str, rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.2:
        return None
    if roll < 0.35:
        return name.upper()
    if roll < 0.5:
        return name.split()[0]
    return name


def _arr(value: int) -> np.ndarray:
    return np.array([value], dtype=np.int64)
