"""Recovered item -> the order lines it can have come from, ranked, with a confidence.

Retrieval never compares an item with every line: lines are indexed once by serial range
(`serials.SerialIndex`), by lot skeleton and by model skeleton, and an item looks up only its own
markings. Each candidate line then gets a weight, a product of factors in [0, 1]:

    identity   how specifically the markings point at this line (serial reading, lot)
  x volume     how many of the units the markings stand for the line shipped, against the
               item's other candidates of the same marking: every unit diverted is as likely
               to be found, so a sale of forty drums of a lot is the likelier origin of one
               of its drums than a sale of two
  x maker      manufacturer and model agree / unknown / disagree
  x conflict   a serial or lot the line also has, and that does not fit
  x context    near where it was shipped, months after, risky buyer (context.py), buyer
               implicated by other items' confident traces (implicate.py)
  x hard       recovered before the sale was made

and confidence = weight / (sum of the item's weights + NO_ORIGIN x context of the line the
markings favour). NO_ORIGIN is the weight of "this item left the legal chain through a sale that
is not in the data": it keeps a weak or ambiguous reading from claiming a trace, so items without
an origin in the data get low confidence rather than a false trace. Context enters both sides, so
it reorders candidates without making a reading more or less sure than the markings allow.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from redtrace.model.contract import UNIT_TO_BASE
from redtrace.trace.context import Fit, LagModel, ordinal, place_fit, sale_risk, time_fits, time_notes
from redtrace.trace.implicate import PLACE_SHOWN, SHOWN, Implicated, place_key
from redtrace.trace.markings import (canon, marking, one_edit, one_edit_neighbours, skeleton, skeletons, substitutions,
                                    text_array, without_notes)
from redtrace.trace.serials import READING_FACTORS, SerialHit, SerialIndex
from redtrace.trace.together import SHOWN as TOGETHER_SHOWN
from redtrace.trace.together import Companions
from redtrace.trace.units import Found
from redtrace.trace.volume import PER_UNIT
from redtrace.trace.upstream import RESALES_SHOWN, Resold, Upstream

# Identity: a lot is shared by every drum of a batch, a serial by one item; a model alone says
# only what kind of thing it is.
LOT_IDENTITY = 0.6
MODEL_ONLY_IDENTITY = 0.02
# A lot read with characters lost at an end: at least this many left ('196-M' of '2016-196-M'),
# and it counts this much less. A reading tried one error away needs one more: a 4-character lot
# has 160-odd neighbours, most of them some catalogue's lot.
MIN_LOT_PART = 4
MIN_LOT_EDIT = 5
PARTIAL_LOT = 0.5
# How a lot reading fits a line's lot, against reading it whole: one error away counts as a serial
# one error away does.
# Characters lost at both ends ('0202-1*' of 'L0202-19'): two departures, each as likely as alone;
# looked up only when no lot fits the reading whole or with one end lost, from this many characters.
INFIX_LOT = PARTIAL_LOT * PARTIAL_LOT
MIN_LOT_INFIX = 5
LOT_READINGS = {"whole": 1.0, "partial": PARTIAL_LOT, "infix": INFIX_LOT, "one_edit": READING_FACTORS["one_edit"]}
# Weight of "the origin is not in the data" against a line's weight.
NO_ORIGIN = 0.08
# A partial serial stands for many serials; the share of them no line here shipped is the chance
# the item was sold elsewhere, and weighs that much more on "origin not in the data".
UNSOLD_WEIGHT = 4.0
# Maker agreement. Unknown (missing in the field or in the records) is neutral-ish; a clear
# disagreement all but rules the line out.
MAKER_MATCH, MAKER_PARTIAL, MAKER_UNKNOWN, MAKER_MISMATCH = 1.0, 0.6, 0.75, 0.05
# What the item is (HS code, description) against what the line sold: agreement is expected and
# adds nothing; a clear difference (a lot number shared by two products of one maker) counts
# against the line.
# A different HS heading is a different product; free-text descriptions differ in wording more.
HS_MISMATCH, DESCRIPTION_MISMATCH = 0.05, 0.2
# The line has a serial range / lot and the item's serial / lot does not fit it.
SERIAL_CONFLICT = 0.02
LOT_CONFLICT = 0.1
# A line's units against the mean of the item's candidates, kept within these bounds: a typing
# slip in a quantity must not decide a trace.
VOLUME_BOUNDS = (0.1, 10.0)
# An item read with a model only: the lines of that model scored, at most this many (the
# confidence of each is tiny anyway; the list only shows who sold that model).
MAX_MODEL_CANDIDATES = 500
_LEGAL_FORMS = frozenset(
    "LTD LIMITED GMBH AG INC CORP CORPORATION CO COMPANY LLC SA SAS SRL SPA BV NV AS AB OY PLC KG SL "
    "LTDSTI STI TIC SANAYI VE".split()
)

# The item's fields its candidates' markings and places are weighed on (see Catalogue._marked).
_MARKED_FIELDS = ("serial", "lot", "manufacturer", "model", "hs_code", "description", "recovered_country", "recovered_place")
_RECORD_COLUMNS = ("order_id", "line_no", "lot")
# What every marked line is read with: its markings (to find candidates), and its buyer,
# consignee and quantity (what each party bought, against which other items implicate it), and
# its seller and order date (which purchases a distributor resold, upstream.py).
KEY_COLUMNS = ("order_id", "line_no", "model", "lot", "serial_from", "serial_to", "buyer_id", "consignee_id",
               "quantity", "unit", "seller_id", "ordered_on")
# What only candidates are weighed on (and buyer_risk, when the screen has scored the sales).
DETAIL_COLUMNS = ("manufacturer", "hs_code", "description", "order_date", "ship_to_country", "ship_to_region",
                  "ship_to_city", "payer_id", "buyer_country")
LINE_COLUMNS = KEY_COLUMNS + DETAIL_COLUMNS


@dataclass
class Candidate:
    line: int  # position in the catalogue's lines
    confidence: float
    matched_on: list[str]  # short evidence tokens: serial_range, lot, model, manufacturer, ...
    readings: list[str]  # plain-words account of how each marking was read
    serial: str = ""  # the shipped serial(s) the reading was taken as ('JT-000125', 'JT-00012?')


def maker_key(name) -> str:
    """Manufacturer name without case, accents, punctuation or legal form ('JetCat GmbH' -> 'JETCAT')."""
    words = [w for w in canon_words(name) if w not in _LEGAL_FORMS]
    return " ".join(words)


def canon_words(text) -> list[str]:
    return [canon(w) for w in _text(text).replace("-", " ").replace(".", " ").split() if canon(w)]


def maker_fit(read, shipped) -> tuple[float, str | None]:
    """Factor and evidence token for the manufacturer read against the one shipped."""
    return _maker_fit(_text(read), _text(shipped))


def model_fit(read, shipped) -> tuple[float, str | None]:
    return _model_fit(_text(read), _text(shipped))


# A catalogue has few makers and models: each pair is compared once.
@functools.lru_cache(maxsize=1 << 16)
def _maker_fit(read: str, shipped: str) -> tuple[float, str | None]:
    a, b = maker_key(read), maker_key(shipped)
    if not a or not b:
        return MAKER_UNKNOWN, None
    if skeleton(a) == skeleton(b):
        return MAKER_MATCH, "manufacturer"
    # token_set_ratio: a maker read as part of its name ('JETCAT' vs 'JETCAT USA') still agrees.
    score = max(fuzz.token_set_ratio(a, b), fuzz.ratio(skeleton(a), skeleton(b)))
    if score >= 90:
        return MAKER_MATCH, "manufacturer~"
    if score >= 75:
        return MAKER_PARTIAL, "manufacturer~"
    return MAKER_MISMATCH, None


@functools.lru_cache(maxsize=1 << 16)
def _model_fit(read: str, shipped: str) -> tuple[float, str | None]:
    a, b = skeleton(read), skeleton(shipped)
    if not a or not b:
        return MAKER_UNKNOWN, None
    if a == b:
        return MAKER_MATCH, "model"
    if min(len(a), len(b)) >= 3 and (a in b or b in a):
        return MAKER_PARTIAL, "model~"
    if fuzz.ratio(a, b) >= 80:
        return MAKER_PARTIAL, "model~"
    return MAKER_MISMATCH, None


def goods_fit(item_hs, item_description, line_hs, line_description) -> tuple[float, str | None]:
    """Factor and evidence token for what the item is against what the line sold."""
    return _goods_fit(_digits(item_hs), _text(item_description).lower(), _digits(line_hs), _text(line_description).lower())


@functools.lru_cache(maxsize=1 << 16)
def _goods_fit(item_hs: str, item_text: str, line_hs: str, line_text: str) -> tuple[float, str | None]:
    if len(item_hs) >= 6 and len(line_hs) >= 6:
        if item_hs[:6] == line_hs[:6]:
            return 1.0, "hs_code"
        return (1.0, None) if item_hs[:4] == line_hs[:4] else (HS_MISMATCH, "goods_mismatch")
    if item_text and line_text:
        score = fuzz.token_set_ratio(item_text, line_text, processor=default_process)
        if score >= 90:
            return 1.0, "description"
        if score < 50:
            return DESCRIPTION_MISMATCH, "goods_mismatch"
    return 1.0, None


def _digits(value) -> str:
    return "".join(ch for ch in _text(value) if ch.isdigit())


class Catalogue:
    """The order lines an item can be traced to, indexed by every marking items are read with.

    Lines stay in one Arrow table; keys are computed with Arrow kernels and indexed as positions,
    and what the ranking reads of a line is held as arrays over all lines (text as codes of its
    distinct values: taking a handful of rows from an Arrow table costs more than indexing ten
    arrays). An item's candidates are scored as arrays, each maker, model, goods and place
    compared with the item's reading once; a line becomes a Python record only when reported.
    What a line sold, when, where and to whom is read only once it is some item's candidate."""

    def __init__(self, lines: pd.DataFrame | pa.Table, entities: dict[str, str] | None = None,
                 details: Callable[[pa.Table], pa.Table] | None = None):
        """`lines`: order lines with their order's columns (KEY_COLUMNS, and the DETAIL_COLUMNS and
        optional buyer_risk unless `details` is given); `entities`: party_id -> resolved entity id,
        when entity resolution has run; `details(keys)`: the DETAIL_COLUMNS (and buyer_risk) of the
        lines named by `keys` (order_id, line_no), in their order. Details are read only for the
        candidates of the items traced (`prepare`): a catalogue has millions of lines, a few
        thousand items reach a small share of them."""
        self.entities = entities or {}
        table = _traceable(lines, KEY_COLUMNS if details else LINE_COLUMNS)
        # Only lines that carry a marking can ever be told apart from any other sale.
        marked = functools.reduce(pc.or_, (pc.is_valid(table[c]) for c in ("lot", "serial_from", "serial_to", "model")))
        if not pc.all(marked).as_py():  # load_lines has kept only marked lines already: no copy then
            table = table.filter(marked)
        self.table = table.combine_chunks()  # take() on many chunks concatenates them each time
        self._details = details or (lambda keys: self.table.take(keys["at"]).select(
            [c for c in self.table.column_names if c in DETAIL_COLUMNS or c == "buyer_risk"]))
        self._records: dict[int, dict] = {}
        # A ranking pass looks up and weighs the same markings as the one before: both kept.
        self._hits: dict[tuple[str, str], dict[int, SerialHit]] = {}
        self._found: dict[tuple, tuple] = {}
        self._marks: dict[tuple, _Marked] = {}
        self.serials = SerialIndex(self.table["serial_from"], self.table["serial_to"])
        self.by_lot = _KeyIndex(skeletons(without_notes(self.table["lot"])))
        self.by_model = _KeyIndex(skeletons(self.table["model"]))
        self.has_serial, self.has_lot = (pc.not_equal(_blank(self.table[c]), "").to_numpy(zero_copy_only=False)
                                         for c in ("serial_from", "lot"))
        # Each line's model as a code, -1 for none: which sales a traced one compares with (volume.py).
        self.model_group = np.where(pc.not_equal(_blank(self.table["model"]), "").to_numpy(zero_copy_only=False),
                                    self.by_model.codes, -1)
        self.amount = self.table["amount"].to_numpy(zero_copy_only=False)
        # Entity keys of each line's buyer and consignee (what other traces can implicate), as
        # codes into `self.keys`; '' where the line names none.
        self.keys, self.buyer, self.consignee = self._entities()
        self.exposure = self._exposure()
        self.bought = sum(self.exposure.values())
        # Purchases a distributor resold in part, and the resales (upstream.py).
        self.upstream = Upstream(self, self.table["seller_id"], self.table["ordered_on"])
        # The candidates read in detail so far: line -> row of `self.detail` (-1: not read).
        self._row = np.full(self.table.num_rows, -1, dtype=np.int64)
        self.detail: pa.Table | None = None

    def prepare(self, items: list[dict]) -> None:
        """Find every item's candidates and read the details of all of them in one take."""
        lines = [self._candidates(*(_text(item.get(f)) for f in ("serial", "lot", "model")))[0] for item in items]
        self._read(np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *lines])))

    def _read(self, lines: np.ndarray) -> None:
        """Read the details of the lines not read yet, and what candidates are weighed on with them."""
        lines = lines[self._row[lines] < 0]
        if not len(lines) and self.detail is not None:
            return
        keys = self.table.select(["order_id", "line_no"]).take(lines).append_column("at", pa.array(lines, pa.int64()))
        details = self._details(keys)
        if details.num_rows != len(lines):  # order lines are keyed by (order_id, line_no)
            raise ValueError(f"details of {details.num_rows} order lines for {len(lines)} keys")
        more = self.table.select([c for c in self.table.column_names if c not in details.column_names]).take(lines)
        for c in details.column_names:
            more = more.append_column(c, details[c])
        more = more.append_column("at", keys["at"])
        self.detail = more if self.detail is None else pa.concat_tables([self.detail, more]).combine_chunks()
        self._row[self.detail["at"].to_numpy()] = np.arange(self.detail.num_rows)
        self._weighed_on()

    def _weighed_on(self) -> None:
        """What items are weighed on, per row of `self.detail`."""
        detail = self.detail  # one table for every candidate read: rebuilt when more are read
        self.makers = _Distinct(detail["manufacturer"])
        self.models = _Distinct(detail["model"])
        self.goods = _Distinct(detail["hs_code"], detail["description"])
        self.heading = _Distinct(detail["hs_code"], read=lambda v: _digits(v)[:6]).table(object)
        self.places = _Distinct(detail["ship_to_country"], detail["ship_to_region"], detail["ship_to_city"])
        self.sold_on = _Distinct(detail["order_date"], read=ordinal).table(float)
        self.risk = sale_risk(detail)

    def _entities(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Party ids as their resolved entity when known, stripped; both roles coded alike, in
        the keys' sorted order. Each distinct id is looked up once: a catalogue has far fewer
        parties than lines."""
        ids = pa.chunked_array([_blank(self.table[c]) for c in ("buyer_id", "consignee_id")]).combine_chunks()
        encoded = pc.dictionary_encode(ids)
        keys = pa.array([self.entities.get(k, k) for k in encoded.dictionary.to_pylist()], type=pa.string())
        distinct, code = np.unique(np.asarray(keys.to_pylist(), dtype=object), return_inverse=True)
        codes = code[encoded.indices.to_numpy(zero_copy_only=False)]
        return distinct.tolist(), codes[: self.table.num_rows], codes[self.table.num_rows :]

    def _exposure(self) -> dict[str, float]:
        """Entity -> how much it bought of traceable goods: its lines, each as its quantity against
        the mean line of the same model (a line of unknown quantity counts as a mean one)."""
        amount = pd.Series(self.amount)
        model = pd.Series(self.by_model.codes)
        relative = (amount / amount.groupby(model).transform("mean")).fillna(1.0)
        # A line counts once for an entity that is both its buyer and its consignee.
        keys = np.concatenate([self.buyer, np.where(self.consignee != self.buyer, self.consignee, -1)])
        shares = pd.concat([relative, relative], ignore_index=True)
        named = np.asarray([bool(k) for k in self.keys] + [False])[keys]  # -1: the last, not named
        sums = shares[named].groupby(keys[named]).sum()
        return dict(zip((self.keys[k] for k in sums.index), sums.tolist()))

    def record(self, i: int) -> dict:
        """What line `i` is reported by: order_id, line_no, lot."""
        if i not in self._records:
            self._load([i])
        return self._records[i]

    def _load(self, lines) -> None:
        """Make records of the lines not made yet, in one take from the table."""
        missing = sorted(i for i in lines if i not in self._records)
        if missing:
            self._records.update(zip(missing, self.table.select(_RECORD_COLUMNS).take(missing).to_pylist()))

    def parties(self, lines: np.ndarray) -> list[tuple[str, ...]]:
        """Entity keys of each line's buyer and consignee."""
        return [tuple(self.keys[k] for k in pair if self.keys[k])
                for pair in zip(self.buyer[lines].tolist(), self.consignee[lines].tolist())]

    def sold(self, keys: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        """`columns` of the lines named by `keys` (order_id, line_no), one row per key found."""
        wanted = self.detail.filter(pc.is_in(self.detail["order_id"], value_set=pa.array(keys["order_id"].astype(str).unique())))
        return wanted.select(list(dict.fromkeys(["order_id", "line_no", *columns]))).to_pandas().merge(
            keys[["order_id", "line_no"]].drop_duplicates(), on=["order_id", "line_no"])

    def rank(self, item: dict, limit: int | None = 5, implicated: Implicated | None = None,
             lags: LagModel | None = None, found_with: Companions | None = None,
             found: Found | None = None, power: float = PER_UNIT) -> list[Candidate]:
        """The item's candidate lines, best first, with confidences and what they matched on (at
        most `limit`). See `weigh` for the rest."""
        return self.weigh(item, implicated, lags, found_with, found, power).candidates(limit)

    def weigh(self, item: dict, implicated: Implicated | None = None, lags: LagModel | None = None,
              found_with: Companions | None = None, found: Found | None = None, power: float = PER_UNIT) -> Ranking:
        """Every candidate line of the item with its weight and confidence, best first.

        Second pass (see run.py): `implicated`, parties other items already trace to
        (implicate.py); `lags`, how long goods took from sale to recovery (context.py);
        `found_with`, the items documented with this one (together.py); `found`, serials other
        items account for (units.py); `power`, how much a lot's sales count by their size
        (volume.py: 1 per unit, 0 not at all)."""
        m = self._marked(item)
        lines = m.lines
        rows = self._row[lines]
        days = ordinal(item.get("recovered_on")) - self.sold_on[rows]
        when, hard = time_fits(days, lags)
        sale = m.place * self.risk.factor[rows]
        lift = strength = ratio = None
        if implicated is not None:
            where = place_key(item.get("recovered_country"), item.get("recovered_place"))
            fits = {p: implicated.fit(p, where) for p in set(m.parties)}
            lift, strength, ratio = (np.array([fits[p][n] for p in m.parties], dtype=float) for n in range(3))
            # Where one sale was shipped and whether it shows signs of its own say whether its buyer
            # leaks; a buyer other items already show to leak can move any of its purchases on
            # (a front company's goods shipped home, then onwards), the more so the surer that is.
            sale = sale + (1 - sale) * np.maximum(0.0, 1 - 1 / lift)
            sale = sale * lift
        context = sale * when
        together = None
        if found_with is not None:
            together = np.array([found_with.factor(i) for i in lines.tolist()], dtype=float)
            context = context * together
        left = np.ones(len(lines))
        if found is not None:
            for k, (i, hit) in enumerate(zip(lines.tolist(), m.hits)):
                if hit is not None and hit.space > 1:
                    left[k] = found.left(i, hit.matched, hit.consistent)
        # A unit of a purchase its buyer resold did not leave the chain at the purchase.
        resold = self.upstream.resold(lines, m.hits, m.lot_how)
        kept = np.array([1.0 if r is None else r.kept for r in resold])
        marks = m.marks * hard * left * kept
        # Context compares candidates with each other; "origin not in the data" is given the
        # context of the sale the markings favour, so a serial read whole identifies its sale
        # however far from the shipping address the item turned up.
        reference = context[marks >= marks.max() * 0.999].max() if len(lines) else 1.0
        weight = _by_volume(marks, m.units, m.pool, power, m.sizes) * context
        # Summed in candidate order, one by one (as the ranking has always summed them).
        total = sum(weight.tolist()) + NO_ORIGIN * reference * (1 + UNSOLD_WEIGHT * m.unsold)
        order = np.lexsort((lines, -weight))
        return Ranking(self, m, order, weight / total, days, strength, ratio, together, left, found, resold)

    def _lot_lines(self, lot: str, model: str) -> dict[int, str]:
        """Lines whose lot the reading fits -> how (a LOT_READINGS key): whole, in part (ends lost),
        or, fitting neither, one reading error away. Each reading of the lot (`Marking.texts`:
        without a note word, as written) is tried; the best fit of a line is kept."""
        read = marking(lot)
        found: dict[int, str] = {}
        for text in read.texts:
            for i, how in self._lot_reading_lines(skeleton(text), model, read.lost).items():
                if i not in found or LOT_READINGS[how] > LOT_READINGS[found[i]]:
                    found[i] = how
        return found

    def _lot_reading_lines(self, lot: str, model: str, lost: frozenset[str]) -> dict[int, str]:
        """`_lot_lines` of one reading (a skeleton). A fragment too short to look up among all
        lots (3 or 4 characters, '196-M' of '2016-196-M') is looked up among the lots of the
        model read, a handful. A reading marked cut at an end stands for a longer lot, and is never
        tried one error away; only when no longer lot fits is it taken as read."""
        if len(lot) < 3:
            return {}
        whole = dict.fromkeys(self.by_lot.get(lot), "whole")
        if whole and not lost:
            return whole
        if len(lot) < MIN_LOT_PART:
            of_model = self.by_model.get(skeleton(model)) if skeleton(model) else []
            return {i: "partial" for i, key in zip(of_model, self.by_lot.keys_at(of_model))
                    if len(key) > len(lot) and (key.startswith(lot) or key.endswith(lot))}
        partial = {i: "partial" for full in self.by_lot.extending(lot) for i in self.by_lot.get(full)}
        if not partial and not whole and len(lot) >= MIN_LOT_INFIX:
            partial = {i: "infix" for full in self.by_lot.containing(lot) for i in self.by_lot.get(full)}
        if partial or lost or len(lot) < MIN_LOT_EDIT:
            return partial or whole
        return {i: "one_edit" for near in sorted(one_edit_neighbours(lot)) if near in self.by_lot
                for i in self.by_lot.get(near)}

    def _lot_unsold(self, lot: str, lot_lines: dict[int, str]) -> float:
        """Share of the lots a reading one error away stands for that no line here shipped (0 when
        the lot fits as read or in part): as `_unsold` for a serial."""
        edited = [i for i, how in lot_lines.items() if how == "one_edit"]
        if not edited:
            return 0.0
        return 1.0 - len(np.unique(self.by_lot.codes[edited])) / len(one_edit_neighbours(skeleton(marking(lot).texts[0])))

    def _marked(self, item: dict) -> _Marked:
        """What the item's markings and recovery place say about each of its candidate lines,
        cached on the fields they read."""
        key = tuple(_text(item.get(f)) for f in _MARKED_FIELDS)
        if key not in self._marks:
            self._marks[key] = self._weigh_marks(*key)
        return self._marks[key]

    def _candidates(self, serial: str, lot: str, model: str) -> tuple[np.ndarray, dict[int, SerialHit], dict[int, bool]]:
        """(lines, serial hits, lot lines) of an item read with `serial`, `lot`, `model`; kept."""
        key = (serial, lot, model)
        if key not in self._found:
            if (serial, model) not in self._hits:
                self._hits[serial, model] = self._serial_hits(serial, model) if serial else {}
            hits = self._hits[serial, model]
            lot_lines = self._lot_lines(lot, model)
            candidates = set(hits) | set(lot_lines)
            # Without a serial or lot read, the model is all there is; with one that fits no line,
            # every line of the model conflicts with it and the item has no origin here.
            if not serial and not lot:
                candidates = set(self.by_model.get(skeleton(model))[:MAX_MODEL_CANDIDATES])
            # Set order, as the ranking has always visited candidates (their weights are summed in it).
            lines = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
            self._found[key] = lines, hits, lot_lines
        return self._found[key]

    def _serial_hits(self, serial: str, model: str) -> dict[int, SerialHit]:
        """Line -> how the serial reading fits it. A reading that fits no sale of the model read
        (or nothing, the model unread) is tried one reading error away too: a sale of the item's
        own model one error away explains it better than a chance fit elsewhere. One that fits a
        sale of its model is not: every serial read whole has sales of its model one error away
        (all 519 in the synthetic world measured, 12 lines at the median), and a reading that
        lands on a shipped serial is far likelier read right than wrong in just that way; weighed
        so, they barely moved wrong traces and cost confident right ones (docs/tracing.md)."""
        read = marking(serial)
        hits: dict[int, SerialHit] = {}
        for text in read.texts:  # without a note word, then as written: the best fit of a line kept
            for h in self.serials.lookup(text, read.lost):
                if h.line not in hits or h.strength > hits[h.line].strength:
                    if text == read.bare:
                        h.notes.append(f"'{read.note}' taken as a note, not part of the serial")
                    hits[h.line] = h
        # A reading cut at a marked end already stands for many serials: one error on top is not tried.
        if read.lost or (hits and (not skeleton(model) or self._of_model(list(hits), model))):
            return hits
        for h in self.serials.near(read.texts[0]):
            hits.setdefault(h.line, h)
        return hits

    def _of_model(self, lines: list[int], model: str) -> bool:
        """Whether any of `lines` sold the model read (in full or in part)."""
        return any(model_fit(model, shipped)[0] >= MAKER_PARTIAL for shipped in self.by_model.keys_of(lines))

    def _weigh_marks(self, serial: str, lot: str, maker: str, model: str, hs_code: str, description: str,
                     country: str, place: str) -> _Marked:
        lines, hits, lot_lines = self._candidates(serial, lot, model)
        self._read(lines)
        rows = self._row[lines]
        model_only = not serial and not lot
        found = [hits.get(i) for i in lines.tolist()]
        lot_how = [lot_lines.get(i) for i in lines.tolist()]
        edited = np.array([h is not None and h.one_error_away for h in found], dtype=bool)
        serial_id = np.array([0.0 if h is None else READING_FACTORS[h.reading] for h in found])
        lot_id = np.array([0.0 if how is None else LOT_IDENTITY * LOT_READINGS[how] for how in lot_how])
        identity = np.full(len(lines), MODEL_ONLY_IDENTITY) if model_only else 1 - (1 - serial_id) * (1 - lot_id)
        # A serial that fits the line only one error away speaks against it as much as for it: it
        # scales what the lot says, as a serial that does not fit does (SERIAL_CONFLICT), not adds.
        with_lot = edited & (lot_id > 0)
        identity[with_lot] = lot_id[with_lot] * serial_id[with_lot]
        # The line has a serial / lot and the item's does not fit it.
        serial_conflict = np.array([h is None for h in found], dtype=bool) & self.has_serial[lines] & bool(serial)
        lot_conflict = np.array([how is None for how in lot_how], dtype=bool) & self.has_lot[lines] & bool(lot)
        conflict = np.ones(len(lines))
        conflict[serial_conflict] *= SERIAL_CONFLICT
        conflict[lot_conflict] *= LOT_CONFLICT
        # Candidates share makers, models, goods and places: each is compared with the reading once.
        makers = self.makers.each(rows, lambda shipped: maker_fit(maker, shipped))
        models = self.models.each(rows, lambda shipped: model_fit(model, shipped))
        goods = _same_goods_alike(self.heading[rows], self.goods.each(rows, lambda hs, text: goods_fit(hs_code, description, hs, text)))
        places = self.places.each(rows, lambda *ship_to: place_fit(country, place, *ship_to))
        marks = identity * _factors(makers) * _factors(models) * _factors(goods) * conflict
        # Units of each line the markings stand for, compared within a pool: the serials of one
        # reading space, or the quantity of a lot.
        units = np.array([np.nan if h is None else float(h.consistent) for h in found])
        sizes = np.array([np.nan if h is None else float(h.size) for h in found])
        pool = np.array([_NO_POOL if h is None else h.pool for h in found], dtype=np.int64)
        lot_only = np.array([h is None and how is not None for h, how in zip(found, lot_how)], dtype=bool)
        units[lot_only] = self.amount[lines[lot_only]]
        pool[lot_only] = [_LOT_EDIT_POOL if lot_how[k] == "one_edit" else _LOT_POOL for k in np.flatnonzero(lot_only)]
        # What share of what the markings stand for was never shipped here: the serial's, or with
        # no serial fitting, the lot's.
        unsold = _unsold(hits) if hits else self._lot_unsold(lot, lot_lines)
        return _Marked(serial, lot, lines, found, lot_how, marks, units, sizes, pool, np.array([f.factor for f in places]),
                       self.parties(lines), serial_conflict, lot_conflict, makers, models, goods, places, unsold)


# Pool of the units of a lot, of none, and of a lot read one error away (serial readings pool by
# their reading space, `SerialHit.pool`: negative for one error away).
_LOT_POOL, _NO_POOL, _LOT_EDIT_POOL = 0, -1, -2


@dataclass
class _Marked:
    """What an item's markings and recovery place say about its candidate lines, the same in every
    ranking pass; each list and array is aligned with `lines`."""

    serial: str  # the item's serial and lot as read
    lot: str
    lines: np.ndarray  # catalogue positions, in the order candidates are visited
    hits: list[SerialHit | None]
    lot_how: list[str | None]  # how the lot fits (a LOT_READINGS key; None: not)
    marks: np.ndarray  # identity x maker x model x goods x conflict
    units: np.ndarray  # units of the line the markings fit (NaN: unknown)
    sizes: np.ndarray  # serials the line shipped, where a serial reading fits it (NaN: none)
    pool: np.ndarray  # candidates whose units compare share a pool (-1: none)
    place: np.ndarray
    parties: list[tuple[str, ...]]
    serial_conflict: np.ndarray
    lot_conflict: np.ndarray
    makers: list[tuple[float, str | None]]
    models: list[tuple[float, str | None]]
    goods: list[tuple[float, str | None]]
    places: list[Fit]
    unsold: float  # share of the serials of a partial reading no line here shipped


class Ranking:
    """An item's candidates weighed, best first (`order` indexes the aligned arrays)."""

    def __init__(self, catalogue: Catalogue, marked: _Marked, order: np.ndarray, confidence: np.ndarray,
                 days: np.ndarray, strength, ratio, together, left: np.ndarray, found: Found | None,
                 resold: list[Resold | None] | None = None):
        """`strength`, `ratio`: how strongly other items implicate each candidate's buyer, and
        how much likelier the item's recovery place is among them (None in a first pass);
        `together`: what the item's find says (None: found alone); `left`: share of the serials
        not found on other items; `resold`: what each candidate's buyer resold of the reading."""
        self.catalogue, self.marked, self.order = catalogue, marked, order
        self._confidence, self._days = confidence, days
        self._strength, self._ratio, self._together, self._left = strength, ratio, together, left
        self._found = found
        self._resold = resold or [None] * len(marked.lines)
        self.lines: list[int] = marked.lines[order].tolist()
        self.confidence: list[float] = confidence[order].tolist()

    def __len__(self) -> int:
        return len(self.lines)

    def parties(self) -> list[tuple[str, ...]]:
        return [self.marked.parties[k] for k in self.order.tolist()]

    def serial(self, rank: int) -> str:
        """The shipped serial(s) the reading was taken as, for the candidate at `rank` (0: best)."""
        hit = self.marked.hits[self.order[rank]]
        return "" if hit is None else hit.matched

    def days(self, rank: int) -> int | None:
        """Days from the sale to the recovery, for the candidate at `rank`."""
        days = self._days[self.order[rank]]
        return None if days != days else int(days)

    def candidates(self, limit: int | None = None) -> list[Candidate]:
        """The best `limit` candidates, each with what it matched on and how each marking was read."""
        top = self.order[:limit].tolist()
        self.catalogue._load(self.marked.lines[top].tolist())  # one take for the lines reported
        return [self._explain(k) for k in top]

    def _explain(self, k: int) -> Candidate:
        m, i = self.marked, int(self.marked.lines[k])
        line = self.catalogue.record(i)
        hit, lot_how = m.hits[k], m.lot_how[k]
        matched, readings = [], []
        if hit is not None:
            matched.append("serial_range")
            matched += [f"serial_{hit.reading}"] if hit.reading != "whole" else []
            readings.append(hit.describe(m.serial) + f" of order {line['order_id']} line {line['line_no']}")
        if lot_how is not None:
            matched += ["lot"] if lot_how == "whole" else ["lot", f"lot_{lot_how}"]
            readings.append(_lot_reading(m.lot, _text(line["lot"]), lot_how))
        matched += ["serial_conflict"] if m.serial_conflict[k] else []
        matched += ["lot_conflict"] if m.lot_conflict[k] else []
        matched += [t for _, t in (m.models[k], m.makers[k], m.goods[k]) if t]
        matched += [*m.places[k].notes, *time_notes(self._days[k]), *self.catalogue.risk.notes(self.catalogue._row[i])]
        if self._strength is not None and self._strength[k] >= SHOWN:
            matched.append("buyer_implicated")
            readings.append(f"buyer or consignee of order {line['order_id']} is the traced origin of other "
                            f"recovered items (confidence sum {self._strength[k]:.1f})")
            if self._ratio[k] >= PLACE_SHOWN:
                matched.append("buyer_recovery_place")
                readings.append(f"its other items were found where this one was ({self._ratio[k]:.1f} times the usual share)")
        if self._together is not None and self._together[k] >= TOGETHER_SHOWN:
            matched.append("found_with")
            readings.append(f"found on the same day at the same place as items that trace to order {line['order_id']} "
                            f"(weighs {self._together[k]:.1f} times)")
        if self._left[k] < 1.0:
            matched.append("units_found_elsewhere")
            readings.append(f"{self._found.taken(i, hit.matched):.1f} of its {hit.consistent} serials in '{hit.matched}' "
                            f"were found on other items")
        if self._resold[k] is not None:
            matched.append("resold_downstream")
            readings.append(self._resold_reading(i, line, hit, self._resold[k]))
        return Candidate(i, float(self._confidence[k]), matched, readings, "" if hit is None else hit.matched)

    def _resold_reading(self, i: int, line: dict, hit: SerialHit | None, resold: Resold) -> str:
        """'serials CM5S/00178..CM5S/00180 resold by PT-9 on order SO-12 ...', in words."""
        catalogue, shown = self.catalogue, resold.lines[:RESALES_SHOWN]
        catalogue._load(shown)
        buyer = catalogue.keys[catalogue.buyer[i]] or "its buyer"
        what = ("serials " + ", ".join(catalogue.serials.range_text(r) for r in shown) if hit is not None
                else f"lot {_text(line['lot'])}")
        orders = ", ".join(f"order {catalogue.record(r)['order_id']} line {catalogue.record(r)['line_no']}" for r in shown)
        more = f" and {len(resold.lines) - len(shown)} more" if len(resold.lines) > len(shown) else ""
        share = (f"{resold.resold:g} of {resold.of:g}" if resold.of == resold.of else f"{len(resold.lines)} resales")
        return (f"{what} resold by {buyer}, the buyer of order {line['order_id']}, on {orders}{more} ({share} of what the "
                f"reading stands for in this purchase): it keeps {resold.kept:.2f} of its weight")


def _same_goods_alike(headings: np.ndarray, goods: list[tuple[float, str | None]]) -> list[tuple[float, str | None]]:
    """Goods fits with one product written in other words let off: sellers describe the same
    goods their own way ('Ammonium nitrate 34.4% N, prilled', 'Ammonium nitrate fertiliser, 50 kg
    bags', both HS 3102.30), so a description that fits one candidate line of an HS subheading
    fits every candidate of that subheading. An HS code read on the item is compared as it is."""
    fitting = {h for h, (factor, _) in zip(headings.tolist(), goods) if h and factor == 1.0}
    return [(1.0, None) if h in fitting and token == "goods_mismatch" else (factor, token)
            for h, (factor, token) in zip(headings.tolist(), goods)]


def _factors(fits: list) -> np.ndarray:
    return np.array([f[0] for f in fits], dtype=float)


def _by_volume(marks: np.ndarray, units: np.ndarray, pool: np.ndarray, power: float = PER_UNIT,
               sizes: np.ndarray | None = None) -> np.ndarray:
    """Marks scaled by each candidate's units against the mean of its pool's known units; in a
    pool of readings one error away, by its share of the pool's units.

    Below the per-unit `power` (volume.py), a sale's size counts less: a lot's sales by their
    quantity ** power; a partial serial's lines by the serials they hold in the reading times
    their size ** (power - 1) — the sale's chance, size ** power, times the chance that the
    item is one of those serials of it."""
    if power != PER_UNIT and sizes is not None:
        serial = (pool > _LOT_POOL) & (sizes > 0)
        units = units.copy()
        units[serial] *= sizes[serial] ** (power - 1)
    marks = _by_share(marks, units, pool)
    if len(marks) < 2:  # nothing to compare with
        return marks
    known = (pool >= _LOT_POOL) & (units > 0)
    for p in np.unique(pool[known]).tolist():
        members = known & (pool == p)
        if members.sum() > 1:
            low, high = VOLUME_BOUNDS
            # Summed in candidate order, one by one (as the ranking has always summed them).
            total = sum(units[members].tolist())
            ratio = np.minimum(high, np.maximum(low, units[members] * int(members.sum()) / total))
            marks[members] *= ratio if p != _LOT_POOL or power == PER_UNIT else ratio**power
    return marks


def _by_share(marks: np.ndarray, units: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Marks of readings one error away (pools below _NO_POOL) scaled by the line's share of its
    pool's units (an unknown quantity counts as the pool's mean): the error stands for one
    serial or lot misread, whichever it was, so its lines share one reading's weight and no
    number of sales one error away adds up to a trace."""
    marks = marks.copy()
    for p in np.unique(pool[pool < _NO_POOL]).tolist():
        members = pool == p
        held = units[members]
        known = held[held > 0]
        held = np.where(held > 0, held, known.mean() if len(known) else 1.0)
        marks[members] *= held / held.sum()
    return marks


class _Distinct:
    """Lines' values of one or more columns as one code per distinct combination, so what depends
    on those values only is worked out once per distinct combination, not once per line."""

    def __init__(self, *columns, read=None):
        """`read`: how a value is read (default: as text, stripped, '' when missing)."""
        read = read or _text
        self._values: list[list] = []
        self.codes = np.zeros(len(columns[0]), dtype=np.int64)
        for column in columns:
            encoded = pc.dictionary_encode(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column)
            values = [read(v) for v in encoded.dictionary.to_pylist()] + [read(None)]  # the last: missing
            self.codes = self.codes * len(values) + pc.fill_null(encoded.indices, len(values) - 1).to_numpy(zero_copy_only=False)
            self._values.append(values)

    def _decode(self, code: int) -> list:
        out = []
        for values in reversed(self._values):
            code, n = divmod(code, len(values))
            out.append(values[n])
        return out[::-1]

    def each(self, lines: np.ndarray, fit) -> list:
        """fit(*values) of each of `lines`, computed once per distinct combination among them."""
        codes = self.codes[lines].tolist()
        done = {c: fit(*self._decode(c)) for c in set(codes)}
        return [done[c] for c in codes]

    def table(self, dtype) -> np.ndarray:
        """The value of every line, as an array (one column)."""
        (values,) = self._values
        return np.asarray(values, dtype=dtype)[self.codes]


class _KeyIndex:
    """Key -> positions of the lines with that key ('' keys left out), from one Arrow column.

    Positions are one sorted array cut per key, not a list per key: lots are nearly one per line.
    A key is found by bisection in the sorted keys, which a reading with characters lost needs
    anyway: a dict of every lot cost more than sorting them (a few thousand items look keys up)."""

    def __init__(self, keys: pa.Array):
        encoded = pc.dictionary_encode(keys)
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self._order = np.argsort(self.codes, kind="stable")
        self._starts = np.concatenate([[0], np.cumsum(np.bincount(self.codes, minlength=len(encoded.dictionary)))])
        named = pc.not_equal(encoded.dictionary, "")
        self._dictionary = encoded.dictionary
        self._keys = pc.filter(encoded.dictionary, named)
        self._key_codes = np.flatnonzero(named.to_numpy(zero_copy_only=False))  # code of each of `_keys`

    def _code(self, key: str) -> int | None:
        keys, codes = self._by_key
        i = bisect_left(keys, key)
        return int(codes[i]) if i < len(keys) and keys[i] == key else None

    def keys_at(self, lines: list[int]) -> list[str]:
        """The key of each of `lines`, in their order."""
        return self._dictionary.take(self.codes[lines]).to_pylist() if len(lines) else []

    def keys_of(self, lines: list[int]) -> list[str]:
        """The distinct keys of `lines`."""
        return self._dictionary.take(np.unique(self.codes[lines])).to_pylist()

    def __contains__(self, key: str) -> bool:
        return self._code(key) is not None

    def get(self, key: str) -> list[int]:
        n = self._code(key)
        return [] if n is None else self._order[self._starts[n] : self._starts[n + 1]].tolist()

    def extending(self, part: str) -> list[str]:
        """Keys that begin or end with `part` and are longer: a reading with characters lost at an end."""
        return _with_prefix(self._by_key[0], part) + [k[::-1] for k in _with_prefix(self._reversed, part[::-1])]

    def containing(self, part: str) -> list[str]:
        """Keys holding `part` with characters before and after it: a reading with both ends lost."""
        suffixes, owner = self._suffixes
        start = bisect_right(suffixes, part)
        stop = bisect_left(suffixes, part + "\U0010ffff", lo=start)
        keys = self._by_key[0]
        return [keys[k] for k in dict.fromkeys(owner[start:stop].tolist()) if len(keys[k]) > len(part)]

    @functools.cached_property
    def _suffixes(self) -> tuple[np.ndarray, np.ndarray]:
        """(every suffix of every key but the key itself, sorted; the sorted key it is of), built
        on the first reading cut at both ends, by Arrow kernels: a catalogue has a few hundred
        thousand lots of a few characters each."""
        keys = pa.array(self._by_key[0], type=pa.string())
        longest = pc.max(pc.utf8_length(keys)).as_py() or 0
        parts, owners = [], []
        for start in range(1, longest):
            cut = pc.utf8_slice_codeunits(keys, start)
            kept = pc.greater(pc.utf8_length(cut), 0)
            parts.append(pc.filter(cut, kept))
            owners.append(np.flatnonzero(kept.to_numpy(zero_copy_only=False)))
        if not parts:
            return np.array([], dtype=object), np.zeros(0, dtype=np.int64)
        suffixes = pa.concat_arrays(parts)
        order = pc.sort_indices(suffixes)
        return suffixes.take(order).to_numpy(zero_copy_only=False), np.concatenate(owners)[order.to_numpy()]

    # Sorted by Arrow kernels, on first use. Keys are skeletons (ASCII), so Arrow's byte order is
    # Python's string order.
    @functools.cached_property
    def _by_key(self) -> tuple[np.ndarray, np.ndarray]:
        """(the keys sorted, the code of each)."""
        order = pc.sort_indices(self._keys)
        return self._keys.take(order).to_numpy(zero_copy_only=False), self._key_codes[order.to_numpy()]

    @functools.cached_property
    def _reversed(self) -> np.ndarray:
        return _in_order(pc.utf8_reverse(self._keys))


def _in_order(keys: pa.Array) -> np.ndarray:
    return keys.take(pc.sort_indices(keys)).to_numpy(zero_copy_only=False)


def _with_prefix(keys: np.ndarray, part: str) -> list[str]:
    """The keys of sorted `keys` that start with `part` and are longer than it."""
    start = bisect_right(keys, part)
    stop = bisect_left(keys, part + "\U0010ffff", lo=start)
    return [k for k in keys[start:stop] if k.startswith(part)]


def _traceable(lines: pd.DataFrame | pa.Table, names: tuple[str, ...]) -> pa.Table:
    """The columns `names` (missing ones null), buyer_risk when given, and `amount`: the quantity in
    its unit's base measure, because sellers write one good in kg or in tonnes."""
    if isinstance(lines, pd.DataFrame):
        lines = pa.Table.from_pandas(lines.astype(object).where(lines.notna(), None), preserve_index=False)
    columns = {c: lines[c] if c in lines.column_names else pa.nulls(lines.num_rows, pa.string()) for c in names}
    if "ordered_on" not in lines.column_names and "order_date" in lines.column_names:  # hand-made lines
        columns["ordered_on"] = lines["order_date"]
    if "buyer_risk" in lines.column_names:
        columns["buyer_risk"] = lines["buyer_risk"]
    unit = pc.dictionary_encode(pc.utf8_lower(pc.utf8_trim_whitespace(text_array(columns["unit"]))))
    factors = pa.array([UNIT_TO_BASE.get(u, (None, None))[1] for u in unit.dictionary.to_pylist()], type=pa.float64())
    scale = factors.take(unit.indices).to_numpy(zero_copy_only=False)  # unknown units: NaN
    quantity = columns["quantity"]
    if pa.types.is_integer(quantity.type) or pa.types.is_floating(quantity.type):
        quantity = quantity.cast(pa.float64()).to_numpy(zero_copy_only=False)
    else:
        quantity = pd.to_numeric(pd.Series(quantity.to_numpy(zero_copy_only=False)), errors="coerce").to_numpy(dtype=float)
    columns["amount"] = pa.array(quantity * scale, type=pa.float64(), from_pandas=True)
    return pa.table(columns)


def _blank(column) -> pa.Array:
    """Text stripped, '' where missing."""
    return pc.fill_null(pc.utf8_trim_whitespace(text_array(column)), "")


def _unsold(hits: dict[int, SerialHit]) -> float:
    """Share of the serials a partial reading stands for that no line here shipped (0 when whole).
    A reading tried one error away fitted no sale of its model as read: the share is of its
    neighbours."""
    covered: dict[int, int] = defaultdict(int)
    for h in [h for h in hits.values() if h.one_error_away] or hits.values():
        covered[h.pool] += h.consistent
    if not covered or 1 in covered:
        return 0.0
    return 1.0 - max(min(1.0, n / abs(pool)) for pool, n in covered.items())


def _lot_reading(read: str, shipped: str, how: str) -> str:
    if how == "partial":
        return f"lot '{read}' read as part of '{shipped}' (characters missing at an end)"
    if how == "infix":
        return f"lot '{read}' read as part of '{shipped}' (characters missing at both ends)"
    if how == "one_edit":
        return f"lot '{read}' read as '{shipped}' (one character differs: {one_edit(canon(read), canon(shipped))})"
    if read.strip().upper() == shipped.strip().upper():
        return f"lot '{read}' equal to lot shipped"
    how = substitutions(canon(read), canon(shipped)) if len(canon(read)) == len(canon(shipped)) else []
    if canon(read) == canon(shipped):
        how = ["separators differ"]
    return f"lot '{read}' read as '{shipped}'" + (f" ({', '.join(how)})" if how else "")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
