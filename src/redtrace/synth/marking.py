"""Makers, models, lots and serial numbers of traceable goods, as sellers record them on order lines.

Each traceable good has a few makers; a seller stocks one maker per good. Serial numbers run up
per model across all sales in date order, so every line's range is disjoint from every other's;
a lot is shared by several consecutive sales of a model, which is what makes a lot ambiguous.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.synth import catalogue as cat


@dataclass
class Models:
    good: np.ndarray
    maker: list[str]
    code: list[str]
    serial_prefix: list[str]  # includes the separator, e.g. "KT-"
    serial_width: np.ndarray
    lot_prefix: list[str]
    lot_size: np.ndarray  # sales per lot
    has_serial: np.ndarray
    has_lot: np.ndarray


class Marker:
    def __init__(self, rng: random.Random) -> None:
        goods, maker, code, sp, sw, lp, ls, hs, hl = [], [], [], [], [], [], [], [], []
        self.offset = np.full(len(cat.GOODS), -1)
        self.count = np.zeros(len(cat.GOODS), dtype=np.int64)
        for g, good in enumerate(cat.GOODS):
            if good.trace == cat.NONE:
                continue
            makers = rng.sample(cat.MAKERS[good.category], k=min(len(cat.MAKERS[good.category]), rng.randint(2, 3)))
            self.offset[g] = len(goods)
            self.count[g] = len(makers)
            for name, stem, prefix in makers:
                goods.append(g)
                maker.append(name)
                code.append(f"{stem}-{rng.randint(10, 990)}{rng.choice(('', '', 'A', 'X', 'Pro', 'S'))}")
                serial = good.trace == cat.SERIAL
                digits_only = prefix.isdigit()
                sp.append(prefix if digits_only else prefix + rng.choice(("-", "", "-", "S")))
                sw.append(13 if digits_only else rng.choice((6, 6, 7, 8)))
                lp.append(f"{stem}{rng.randint(1, 9)}{rng.choice(('-', '', 'L'))}")
                bulk = good.category in ("chemicals", "agrochem")
                ls.append(rng.randint(3, 15) if bulk else rng.randint(1, 6) if not serial else rng.randint(1, 4))
                hs.append(serial)
                hl.append(not serial or rng.random() < 0.5)
        self.models = Models(np.array(goods), maker, code, sp, np.array(sw), lp, np.array(ls), np.array(hs), np.array(hl))
        n = len(goods)
        self.next_serial = np.array([rng.randint(100, 50_000) for _ in range(n)], dtype=np.int64)
        self.lot_base = np.array([rng.randint(100, 5_000) for _ in range(n)], dtype=np.int64)
        self.sales = np.zeros(n, dtype=np.int64)
        self.salt = rng.randrange(1_000)
        self._shown: dict[int, int] = {}
        self._ranges: list[np.ndarray] = []
        m = self.models
        self._maker = pa.array(m.maker)
        self._code = pa.array(m.code)
        self._sp = pa.array(m.serial_prefix)
        self._lp = pa.array(m.lot_prefix)

    def model_of(self, seller: np.ndarray, good: np.ndarray) -> np.ndarray:
        """The model each line's seller stocks for that good (-1 for untraceable goods)."""
        n = self.count[good]
        pick = (seller * 7 + good * 3 + self.salt) % np.maximum(n, 1)
        return np.where(n > 0, self.offset[good] + pick, -1)

    def mark(self, model: np.ndarray, qty: np.ndarray) -> dict[str, np.ndarray]:
        """Lot numbers and serial ranges for lines (in date order); advances the counters."""
        n = len(model)
        lot = np.full(n, -1, dtype=np.int64)
        first = np.full(n, -1, dtype=np.int64)
        traced = np.flatnonzero(model >= 0)
        if len(traced):
            order = traced[np.argsort(model[traced], kind="stable")]
            m = model[order]
            starts = np.r_[0, np.flatnonzero(np.diff(m)) + 1]
            group_start = np.repeat(starts, np.diff(np.r_[starts, len(m)]))
            rank = np.arange(len(m)) - group_start
            lot[order] = (self.sales[m] + rank) // self.models.lot_size[m]
            q = np.where(self.models.has_serial[m], qty[order], 0).astype(np.int64)
            cum = np.cumsum(q)
            before = cum - q - (cum - q)[group_start]
            first[order] = np.where(self.models.has_serial[m], self.next_serial[m] + before, -1)
            np.add.at(self.sales, m, 1)
            np.add.at(self.next_serial, m, q)
        return {"lot_index": lot, "serial_first": first}

    def record_lots(self, model: np.ndarray, lot_index: np.ndarray) -> None:
        """Count the order lines that show each lot (sellers that keep no records hide theirs)."""
        keys, counts = np.unique(model.astype(np.int64) * 1_000_000_000 + lot_index, return_counts=True)
        for key, count in zip(keys.tolist(), counts.tolist()):
            self._shown[key] = self._shown.get(key, 0) + count

    def record_serials(self, model: np.ndarray, first: np.ndarray, last: np.ndarray) -> None:
        """Keep the serial ranges order lines show, to tell later how many a partial serial fits."""
        self._ranges.append(np.stack([model, first, last]).astype(np.int64))

    def ranges_overlapping(self, model: int, lo: int, hi: int) -> int:
        """How many recorded ranges of a model share a serial with [lo, hi]."""
        if len(self._ranges) > 1:
            self._ranges = [np.concatenate(self._ranges, axis=1)]
        if not self._ranges:
            return 0
        m, first, last = self._ranges[0]
        return int(((m == model) & (first <= hi) & (last >= lo)).sum())

    def lot_sales(self, model: int, lot_index: int) -> int:
        """On how many order lines a lot appears, once every order is written."""
        return self._shown.get(model * 1_000_000_000 + lot_index, 0)

    def lot_text(self, model: np.ndarray, lot_index: np.ndarray) -> pa.Array:
        num = pc.utf8_lpad(pa.array(lot_index + self.lot_base[model]).cast(pa.string()), width=5, padding="0")
        return pc.binary_join_element_wise(self._lp.take(pa.array(model)), num, "")

    def serial_text(self, model: np.ndarray, number: np.ndarray) -> pa.Array:
        """Serial strings with each model's prefix and zero padding."""
        out = np.empty(len(model), dtype=object)
        width = self.models.serial_width[model]
        for w in np.unique(width):
            idx = np.flatnonzero(width == w)
            num = pc.utf8_lpad(pa.array(number[idx]).cast(pa.string()), width=int(w), padding="0")
            out[idx] = pc.binary_join_element_wise(self._sp.take(pa.array(model[idx])), num, "").to_numpy(zero_copy_only=False)
        return pa.array(out, type=pa.string())

    def maker_text(self, model: np.ndarray) -> pa.Array:
        return self._maker.take(pa.array(model))

    def code_text(self, model: np.ndarray) -> pa.Array:
        return self._code.take(pa.array(model))
