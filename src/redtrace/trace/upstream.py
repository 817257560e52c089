"""Resales: a distributor's purchase is not where the units it sold on left the legal chain.

CAR asks the manufacturer whom it sold to, then that distributor whom it sold to. When the data
holds both hops — a maker's sale U of a batch to distributor D (CM5S/00176..00183, or lot
L0187-14), and D's sale R of part of it to a buyer B (CM5S/00178..00180, or the same lot) — both
lines carry the item's marking, but a unit D passed on did not leave the chain at U: it left at
R or later. U is an *upstream* link of R when

- U's buyer is R's seller (as resolved entities when `clusters` exist),
- R was ordered on or after U,
- R's marking is inside U's: its serial range inside U's range (same prefix, suffix and width as
  the serial index parses them, look-alikes folded), or the same lot key,
- and the model agrees (the same model skeleton, or one of them unrecorded).

U then keeps only the share of what the item's reading stands for that D did not resell: for a
serial reading, U's serials consistent with the reading that none of D's downstream lines holds;
for a lot, D's quantity of the lot bought less what it resold after U (in base units, as the
catalogue's `amount`), never below RESOLD_FLOOR — records are incomplete, and a resale on paper
may not be where the unit went. A line without a downstream line is unchanged.

Everything is indexed once, over the lines whose buyer also sells (a distributor's purchases)
and the lines whose seller also buys (its resales); an item looks up only its candidates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.trace.context import ordinal
from redtrace.trace.markings import text_array

# The share of a purchase a distributor resold in full keeps: its resale records may be
# incomplete or wrong (as EXHAUSTED for units found on other items, units.py).
RESOLD_FLOOR = 0.05
# Resales named in a candidate's reading.
RESALES_SHOWN = 3


@dataclass
class Resold:
    """What a candidate purchase keeps after its buyer's resales, and which resales."""

    kept: float  # share of the reading's units in the line its buyer did not resell
    resold: float  # those units resold (serials, or base units of a lot)
    of: float  # the reading's units in the line
    lines: list[int]  # the downstream lines that hold them


class Upstream:
    """Purchases of parties that resold (part of) them, and the resales, indexed once.

    `catalogue`: the Catalogue (its serial index, lot and model keys, amounts, entity codes);
    `sellers`, `dates`: each line's seller id and order date, aligned with its lines."""

    def __init__(self, catalogue, sellers, dates):
        self.catalogue = catalogue
        n = catalogue.table.num_rows
        keys = catalogue.keys  # sorted entity keys; buyers are codes into them
        seller = pc.dictionary_encode(pc.fill_null(pc.utf8_trim_whitespace(text_array(sellers)), ""))
        entities = catalogue.entities
        names = [entities.get(s, s) for s in seller.dictionary.to_pylist()]
        at = np.searchsorted(np.asarray(keys, dtype=object), np.asarray(names, dtype=object)) if keys else np.zeros(len(names), int)
        found = np.array([bool(s) and k < len(keys) and keys[k] == s for s, k in zip(names, at.tolist())], dtype=bool)
        code = np.where(found, at, -1).astype(np.int64) if len(names) else np.zeros(0, np.int64)
        self.seller = code[seller.indices.to_numpy(zero_copy_only=False)] if n else np.zeros(0, np.int64)
        buyer = catalogue.buyer
        resales = np.flatnonzero(self.seller >= 0)
        purchases = np.flatnonzero(np.isin(buyer, np.unique(self.seller[resales])))
        # purchase -> the resales holding part of its serial range / of its lot, by date
        self.down_serial: dict[int, list[int]] = {}
        self.down_lot: dict[int, list[int]] = {}
        self.up: dict[int, list[int]] = defaultdict(list)  # resale -> purchases it came from
        self.bought: dict[tuple[int, int], float] = {}  # (buyer, lot key) -> amount bought of it
        self._cache: dict[tuple, Resold | None] = {}
        self.has_down = np.zeros(n, dtype=bool)
        if not len(resales) or not len(purchases):
            return
        related = np.union1d(resales, purchases)
        self.date = dict(zip(related.tolist(), (ordinal(v) for v in dates.take(pa.array(related)).to_pylist())))
        lot, model = catalogue.by_lot.codes, catalogue.by_model.codes
        blank_lot, blank_model = _blank_code(catalogue.by_lot), _blank_code(catalogue.by_model)
        index = catalogue.serials
        self._lo, self._hi = index._lo, index._hi
        group = {}  # line -> (prefix skeleton, suffix skeleton, width) of a range parsed as such
        for i in related.tolist():
            f = int(index._form_id[i])
            if f >= 0:
                group[i] = (index._forms[f].prefix_skeleton, index._forms[f].suffix_skeleton, int(index._width[i]))
        by_lot, by_group = defaultdict(list), defaultdict(list)
        for r in resales.tolist():
            s = int(self.seller[r])
            if lot[r] != blank_lot:
                by_lot[s, int(lot[r])].append(r)
            if r in group:
                by_group[s, group[r]].append(r)
        for u in purchases.tolist():
            d = int(buyer[u])

            def fits(r: int) -> bool:
                models = (model[u], model[r])
                return r != u and self._after(u, r) and (blank_model in models or models[0] == models[1])

            if lot[u] != blank_lot:
                self.bought[d, int(lot[u])] = self.bought.get((d, int(lot[u])), 0.0) + _amount(catalogue.amount[u])
                down = [r for r in by_lot.get((d, int(lot[u])), []) if fits(r)]
                if down:
                    self.down_lot[u] = down
            if u in group:
                down = [r for r in by_group.get((d, group[u]), [])
                        if fits(r) and self._lo[u] <= self._lo[r] and self._hi[r] <= self._hi[u]]
                if down:
                    self.down_serial[u] = down
            for r in dict.fromkeys(self.down_lot.get(u, []) + self.down_serial.get(u, [])):
                self.up[r].append(u)
        self.has_down[list(self.down_lot) + list(self.down_serial)] = True


    def _after(self, u: int, r: int) -> bool:
        """Whether resale r was ordered on or after purchase u (an unknown date does not rule it out)."""
        a, b = self.date[u], self.date[r]
        return not (a == a and b == b and b < a)

    def resold(self, lines: np.ndarray, hits: list, lot_how: list) -> list[Resold | None]:
        """For each candidate line: what its buyer resold of what the item's reading stands for
        (None: no downstream line, or nothing of the reading resold)."""
        out: list[Resold | None] = [None] * len(lines)
        for k in np.flatnonzero(self.has_down[lines]).tolist():
            u, hit = int(lines[k]), hits[k]
            key = (u, hit.matched if hit is not None else None, hit.consistent if hit is not None else 0, lot_how[k])
            if key not in self._cache:
                self._cache[key] = self._resold(u, hit, lot_how[k])
            out[k] = self._cache[key]
        return out

    def _resold(self, u: int, hit, lot_how) -> Resold | None:
        catalogue = self.catalogue
        if hit is not None and u in self.down_serial:
            lo, hi = int(self._lo[u]), int(self._hi[u])
            spans = _merge([(int(self._lo[r]), int(self._hi[r])) for r in self.down_serial[u]])
            pattern = _digits_of(hit.matched, catalogue.serials._form(u))
            if pattern is None:  # a reading not written as a number pattern: the share of the range
                resold, of = float(sum(b - a + 1 for a, b in spans)), float(hi - lo + 1)
            else:
                resold, of = sum(_count(pattern, a, b) for a, b in spans), float(max(hit.consistent, 1))
            held = [r for r in self.down_serial[u]
                    if pattern is None or _count(pattern, int(self._lo[r]), int(self._hi[r])) > 0]
            if not held or resold <= 0:
                return None
            return Resold(max(RESOLD_FLOOR, 1.0 - min(1.0, resold / of)), resold, of, held)
        if lot_how is None or u not in self.down_lot:
            return None
        held = self.down_lot[u]
        amounts = [catalogue.amount[r] for r in held]
        bought = self.bought.get((int(catalogue.buyer[u]), int(catalogue.by_lot.codes[u])), 0.0)
        if bought > 0 and all(a == a for a in amounts):
            resold = float(sum(amounts))
            return Resold(max(RESOLD_FLOOR, 1.0 - min(1.0, resold / bought)), resold, bought, held)
        # Quantities unknown: each resale counts as much as the purchase's unsold rest.
        return Resold(max(RESOLD_FLOOR, 1.0 / (len(held) + 1)), float("nan"), float("nan"), held)

    def upstream_of(self, line: int) -> int | None:
        """The purchase line `line` was resold from: the latest one dated on or before it."""
        ups = self.up.get(line) if self.up else None
        if not ups:
            return None
        return max(ups, key=lambda u: (self.date[u] if self.date[u] == self.date[u] else -np.inf, u))


def _amount(value) -> float:
    return float(value) if value == value else 0.0


def _blank_code(keys) -> int:
    """The code of '' in a catalogue key index (-1 when every line has a key)."""
    dictionary = keys._dictionary.to_pylist()
    return dictionary.index("") if "" in dictionary else -1


def _digits_of(matched: str, form) -> str | None:
    """The number part of a reading as the serial index rendered it in the line's form
    ('CM5S/0017?' -> '0017?'); None when it is not digits and '?' (then counted as a share)."""
    if not matched or form is None:
        return None
    start, end = len(form.prefix), len(matched) - len(form.suffix)
    if not matched.startswith(form.prefix) or not matched.endswith(form.suffix) or end <= start:
        return None
    digits = matched[start:end]
    return digits if all(c.isdigit() or c == "?" for c in digits) else None


def _count(pattern: str, a: int, b: int) -> float:
    """Numbers in [a, b] a reading's number pattern ('0017?', '??178', '00178') stands for."""
    if b < a:
        return 0.0
    known = pattern.rstrip("?")
    tail = len(pattern) - len(known)
    if "?" not in known:  # last digits lost (or none): a window of numbers
        first = int(known or "0") * 10 ** tail
        return float(max(0, min(b, first + 10 ** tail - 1) - max(a, first) + 1))
    head = pattern.lstrip("?")
    if "?" not in head:  # first digits lost: numbers ending in `head`
        m, t = 10 ** len(head), int(head)
        return float((b - t) // m - (a - 1 - t) // m)
    # '?' inside: as many as its share of the numbers of its width
    return float(b - a + 1) * 10.0 ** (pattern.count("?") - len(pattern))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


UPSTREAM_COLUMNS = ("upstream_order_id", "upstream_line_no", "upstream_seller_id", "upstream_order_date")


def upstream_hops(catalogue, keys):
    """For the lines named by `keys` (order_id, line_no; lines the catalogue reported), the
    purchase each was resold from (`Upstream.upstream_of`): UPSTREAM_COLUMNS, '' where none."""
    up = catalogue.upstream
    at = {(str(r["order_id"]), int(r["line_no"])): i for i, r in catalogue._records.items() if i in up.up}
    rows = []
    for order_id, line_no in zip(keys["order_id"].astype(str), keys["line_no"].astype(int)):
        u = up.upstream_of(at[order_id, line_no]) if (order_id, line_no) in at else None
        if u is None:
            rows.append((order_id, line_no, "", None, "", ""))
            continue
        record = catalogue.record(u)
        seller = catalogue.table["seller_id"][u].as_py()
        day = catalogue.table["ordered_on"][u].as_py()
        rows.append((order_id, line_no, str(record["order_id"]), int(record["line_no"]),
                     "" if seller is None else str(seller).strip(), "" if day is None else str(day)[:10]))
    return pd.DataFrame(rows, columns=["order_id", "line_no", *UPSTREAM_COLUMNS]).drop_duplicates(["order_id", "line_no"])
