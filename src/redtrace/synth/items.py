"""Items recovered in the field, with markings as an investigator read them, and their true origin.

An item comes from an illicit order line that recorded a lot or serial range. The markings are
read realistically badly (O/0, I/1, S/5, B/8, dashes and prefixes dropped, the maker missing);
some point at a lot sold several times, some at a serial too truncated to match one range, and
some items have no origin in the data at all.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.economy import EPOCH
from redtrace.synth.marking import Marker

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


def build_items(lines: list[TracedLine], marker: Marker, n: int, end: date, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """(items rows, truth rows)."""
    models = marker.models
    items, truth = [], []
    serialised = [line for line in lines if line.serial_first >= 0]
    for k in range(n):
        item_id = f"IT-{k + 1:05d}"
        origin = None
        if lines and rng.random() < 0.88:  # half from serialised goods when there are any: they trace best
            pool = serialised if serialised and rng.random() < 0.5 else lines
            origin = rng.choice(pool)
        if origin is None:
            row, case, order_id, line_no = _no_origin(marker, rng), "no_origin", None, None
        else:
            m = origin.model
            good = cat.GOODS[int(models.good[m])]
            row = {"manufacturer": models.maker[m], "model": models.code[m], "serial": None, "lot": None}
            if origin.serial_first >= 0:
                number = origin.serial_first + rng.randrange(max(1, origin.qty))
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
            when = EPOCH + timedelta(days=origin.day + rng.randint(60, 1200))
            row["recovered_on"] = min(when, end)
            chemical = good.category in ("chemicals", "agrochem")
            row["context"] = rng.choice(vocab.RECOVERY_CONTEXT["chemical" if chemical else "device"])
            order_id, line_no = origin.order_id, origin.line_no
        country, place = rng.choice(vocab.RECOVERY_PLACES)
        row.update(item_id=item_id, recovered_country=country, recovered_place=place)
        items.append(row)
        truth.append({"item_id": item_id, "order_id": order_id, "line_no": line_no, "case": case})
    return items, truth


def _no_origin(marker: Marker, rng: random.Random) -> dict:
    """An item of a known model whose serial or lot was never sold here, or of a maker absent altogether."""
    models = marker.models
    m = rng.randrange(len(models.good))
    good = cat.GOODS[int(models.good[m])]
    row = {"manufacturer": models.maker[m], "model": models.code[m], "serial": None, "lot": None,
           "hs_code": good.hs if rng.random() < 0.5 else None, "description": good.description,
           "recovered_on": date(2016, 1, 1) + timedelta(days=rng.randint(0, 1300)),
           "context": rng.choice(vocab.RECOVERY_CONTEXT["device"])}
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
