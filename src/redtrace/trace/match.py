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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from redtrace.model.contract import UNIT_TO_BASE
from redtrace.trace.context import Fit, LagModel, place_fit, risk_fit, sale_signs, time_fit
from redtrace.trace.implicate import PLACE_SHOWN, SHOWN, Implicated, place_key
from redtrace.trace.markings import canon, skeleton, skeletons, substitutions, text_array
from redtrace.trace.serials import READING_FACTORS, SerialHit, SerialIndex
from redtrace.trace.together import SHOWN as TOGETHER_SHOWN
from redtrace.trace.together import Companions
from redtrace.trace.units import Found

# Identity: a lot is shared by every drum of a batch, a serial by one item; a model alone says
# only what kind of thing it is.
LOT_IDENTITY = 0.6
MODEL_ONLY_IDENTITY = 0.02
# A lot read with characters lost at an end: at least this many left, and it counts this much less.
MIN_LOT_PART = 5
PARTIAL_LOT = 0.5
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

# The item's fields a candidate's markings and place are weighed on (see Catalogue._fixed).
_MARKED_FIELDS = ("serial", "lot", "manufacturer", "model", "hs_code", "description", "recovered_country", "recovered_place")
LINE_COLUMNS = (
    "order_id", "line_no", "manufacturer", "model", "lot", "serial_from", "serial_to",
    "order_date", "ship_to_country", "ship_to_region", "ship_to_city", "buyer_id",
    "consignee_id", "payer_id", "buyer_country", "hs_code", "description", "quantity", "unit",
)


@dataclass
class _Marks:
    """What a candidate owes to the item's markings and the line alone, the same in every ranking
    pass: worked out once per item and line."""

    marks: float  # identity x maker x model x goods x conflict
    place: Fit
    risk: Fit
    matched: list[str]  # tokens before the place, time and risk notes
    readings: list[str]
    units: float | None
    pool: tuple


@dataclass
class Candidate:
    line: int  # position in the catalogue's lines
    marks: float  # what the markings (and hard contradictions) say about this line
    context: float  # how well recovery place/time and buyer risk fit, in (0, 1]
    matched_on: list[str]  # short evidence tokens: serial_range, lot, model, manufacturer, ...
    readings: list[str]  # plain-words account of how each marking was read
    units: float | None = None  # units of the line the markings fit (serials in the reading, the lot's quantity)
    pool: tuple = ()  # candidates whose units compare: same serial reading space, or the lot
    serial: str = ""  # the shipped serial(s) the reading was taken as ('JT-000125', 'JT-00012?')
    weight: float = 0.0
    confidence: float = 0.0


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

    Lines stay in one Arrow table; keys are computed with Arrow kernels and indexed as positions.
    A line becomes a Python record only when some item points at it: at a million orders that is
    a few thousand records instead of millions."""

    def __init__(self, lines: pd.DataFrame | pa.Table, entities: dict[str, str] | None = None):
        """`lines`: order lines with their order's columns (LINE_COLUMNS, optional buyer_risk);
        `entities`: party_id -> resolved entity id, when entity resolution has run."""
        self.entities = entities or {}
        table = _traceable(lines)
        # Only lines that carry a marking can ever be told apart from any other sale.
        marked = functools.reduce(pc.or_, (pc.is_valid(table[c]) for c in ("lot", "serial_from", "serial_to", "model")))
        if not pc.all(marked).as_py():  # load_lines has kept only marked lines already: no copy then
            table = table.filter(marked)
        self.table = table.combine_chunks()  # take() on many chunks concatenates them each time
        self._records: dict[int, dict] = {}
        # A ranking pass looks up and weighs the same markings as the one before: both kept.
        self._hits: dict[str, dict[int, SerialHit]] = {}
        self._marks: dict[tuple, _Marks] = {}
        self.serials = SerialIndex(self.table["serial_from"], self.table["serial_to"])
        self.by_lot = _KeyIndex(skeletons(self.table["lot"]))
        self.by_model = _KeyIndex(skeletons(self.table["model"]))
        self.exposure = self._exposure()

    def _exposure(self) -> dict[str, float]:
        """Entity -> how much it bought of traceable goods: its lines, each as its quantity against
        the mean line of the same model (a line of unknown quantity counts as a mean one)."""
        amount = pd.Series(self.table["amount"].to_numpy(zero_copy_only=False))
        model = pd.Series(self.by_model.codes)
        relative = (amount / amount.groupby(model).transform("mean")).fillna(1.0)
        buyer, consignee = (self._entity(self.table[c]) for c in ("buyer_id", "consignee_id"))
        # A line counts once for an entity that is both its buyer and its consignee.
        keys = pd.concat([buyer, consignee.where(consignee != buyer, "")], ignore_index=True)
        shares = pd.concat([relative, relative], ignore_index=True)
        shares = shares[keys != ""]
        return shares.groupby(keys[keys != ""]).sum().to_dict()

    def _entity(self, ids: pa.ChunkedArray) -> pd.Series:
        """Party ids as parties() keys them: stripped, as their resolved entity when known. Each
        distinct id is looked up once: a catalogue has far fewer parties than lines."""
        text = pc.fill_null(pc.utf8_trim_whitespace(ids.cast(pa.string())), "")
        if self.entities:
            encoded = pc.dictionary_encode(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text)
            known = pa.array([self.entities.get(k, k) for k in encoded.dictionary.to_pylist()], type=pa.string())
            text = known.take(encoded.indices)
        return text.to_pandas()

    def record(self, i: int) -> dict:
        """Line `i` as a dict of its columns."""
        if i not in self._records:
            self._load([i])
        return self._records[i]

    def _load(self, lines) -> None:
        """Make records of the lines not made yet, in one take from the table."""
        missing = sorted(i for i in lines if i not in self._records)
        if missing:
            self._records.update(zip(missing, self.table.take(missing).to_pylist()))

    def parties(self, i: int) -> tuple[str, ...]:
        """Entity keys of the line's buyer and consignee (what other traces can implicate)."""
        line = self.record(i)
        ids = (_text(line["buyer_id"]), _text(line["consignee_id"]))
        return tuple(self.entities.get(p, p) for p in ids if p)

    def sold(self, keys: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        """`columns` of the lines named by `keys` (order_id, line_no), one row per key found."""
        wanted = self.table.filter(pc.is_in(self.table["order_id"], value_set=pa.array(keys["order_id"].astype(str).unique())))
        return wanted.select(list(dict.fromkeys(["order_id", "line_no", *columns]))).to_pandas().merge(
            keys[["order_id", "line_no"]].drop_duplicates(), on=["order_id", "line_no"])

    def rank(self, item: dict, limit: int | None = 5, implicated: Implicated | None = None,
             lags: LagModel | None = None, found_with: Companions | None = None,
             found: Found | None = None) -> list[Candidate]:
        """The item's candidate lines, best first, with confidences (at most `limit`).

        Second pass (see run.py): `implicated`, parties other items already trace to
        (implicate.py); `lags`, how long goods took from sale to recovery (context.py);
        `found_with`, the items documented with this one (together.py); `found`, serials other
        items account for (units.py)."""
        serial_read, lot_read = _text(item.get("serial")), _text(item.get("lot"))
        if serial_read not in self._hits:
            self._hits[serial_read] = {h.line: h for h in self.serials.lookup(serial_read)} if serial_read else {}
        hits = self._hits[serial_read]
        lot_lines = self._lot_lines(skeleton(lot_read))
        lines = set(hits) | set(lot_lines)
        # Without a serial or lot read, the model is all there is; with one that fits no line,
        # every line of the model conflicts with it and the item has no origin here.
        model_only = not serial_read and not lot_read
        if model_only:
            lines = set(self.by_model.get(skeleton(item.get("model")))[:MAX_MODEL_CANDIDATES])
        self._load(lines)  # one take for every line the item points at
        candidates = [self._score(item, i, hits.get(i), lot_lines.get(i), model_only, implicated, lags, found_with, found)
                      for i in lines]
        # Context compares candidates with each other; "origin not in the data" is given the
        # context of the sale the markings favour, so a serial read whole identifies its sale
        # however far from the shipping address the item turned up.
        top_marks = max((c.marks for c in candidates), default=0.0)
        reference = max((c.context for c in candidates if c.marks >= top_marks * 0.999), default=1.0)
        _weigh_volume(candidates)
        for c in candidates:
            c.weight = c.marks * c.context
        total = sum(c.weight for c in candidates) + NO_ORIGIN * reference * (1 + UNSOLD_WEIGHT * _unsold(hits))
        for c in candidates:
            c.confidence = c.weight / total
        candidates.sort(key=lambda c: (-c.weight, c.line))
        return candidates[:limit]

    def _lot_lines(self, lot: str) -> dict[int, bool]:
        """Lines whose lot the reading fits -> whether it fits only in part (ends lost)."""
        if len(lot) < 3:
            return {}
        if lot in self.by_lot:
            return dict.fromkeys(self.by_lot.get(lot), False)
        if len(lot) < MIN_LOT_PART:
            return {}
        return {i: True for full in self.by_lot.extending(lot) for i in self.by_lot.get(full)}

    def _score(self, item: dict, i: int, hit: SerialHit | None, lot_part: bool | None, model_only: bool,
               implicated: Implicated | None, lags: LagModel | None, found_with: Companions | None,
               found: Found | None) -> Candidate:
        line = self.record(i)
        fixed = self._fixed(item, i, hit, lot_part, model_only)
        readings = list(fixed.readings)
        when = time_fit(item.get("recovered_on"), line["order_date"], lags)
        matched = fixed.matched + list(fixed.place.notes + when.notes + fixed.risk.notes)
        sale = fixed.place.factor * fixed.risk.factor
        if implicated is not None:
            factor, strength, ratio = implicated.fit(self.parties(i), place_key(item.get("recovered_country"),
                                                                                  item.get("recovered_place")))
            # Where one sale was shipped and whether it shows signs of its own say whether its buyer
            # leaks; a buyer other items already show to leak can move any of its purchases on
            # (a front company's goods shipped home, then onwards), the more so the surer that is.
            sale += (1 - sale) * max(0.0, 1 - 1 / factor)
            sale *= factor
            if strength >= SHOWN:
                matched.append("buyer_implicated")
                readings.append(f"buyer or consignee of order {line['order_id']} is the traced origin of other "
                                f"recovered items (confidence sum {strength:.1f})")
                if ratio >= PLACE_SHOWN:
                    matched.append("buyer_recovery_place")
                    readings.append(f"its other items were found where this one was ({ratio:.1f} times the usual share)")
        context = sale * when.factor
        if found_with is not None:
            together = found_with.factor(i)
            context *= together
            if together >= TOGETHER_SHOWN:
                matched.append("found_with")
                readings.append(f"found on the same day at the same place as items that trace to order {line['order_id']} "
                                f"(weighs {together:.1f} times)")
        left = 1.0
        if found is not None and hit is not None and hit.space > 1:
            left = found.left(i, hit.matched, hit.consistent)
            if left < 1.0:
                matched.append("units_found_elsewhere")
                readings.append(f"{found.taken(i, hit.matched):.1f} of its {hit.consistent} serials in '{hit.matched}' "
                                f"were found on other items")
        marks = fixed.marks * when.hard * left
        return Candidate(i, marks, context, matched, readings, fixed.units, fixed.pool, hit.matched if hit is not None else "")

    def _fixed(self, item: dict, i: int, hit: SerialHit | None, lot_part: bool | None, model_only: bool) -> _Marks:
        """The item's markings and recovery place against line `i` (`hit`, `lot_part`, `model_only`
        follow from the markings), cached on the fields they read."""
        key = (i, *map(_text, map(item.get, _MARKED_FIELDS)))
        if key not in self._marks:
            self._marks[key] = self._weigh_marks(item, i, hit, lot_part, model_only)
        return self._marks[key]

    def _weigh_marks(self, item: dict, i: int, hit: SerialHit | None, lot_part: bool | None, model_only: bool) -> _Marks:
        line = self.record(i)
        matched, readings = [], []
        serial_id = lot_id = 0.0
        units, pool = None, ()
        if hit is not None:
            serial_id = READING_FACTORS[hit.reading]
            units, pool = float(hit.consistent), ("serial", hit.space)
            matched.append("serial_range")
            matched += [f"serial_{hit.reading}"] if hit.reading != "whole" else []
            readings.append(hit.describe(_text(item.get("serial"))) + f" of order {line['order_id']} line {line['line_no']}")
        lot_hit = lot_part is not None
        if lot_hit:
            lot_id = LOT_IDENTITY * (PARTIAL_LOT if lot_part else 1.0)
            if hit is None:
                units, pool = line["amount"], ("lot",)
            matched += ["lot", "lot_partial"] if lot_part else ["lot"]
            readings.append(_lot_reading(_text(item.get("lot")), _text(line["lot"]), lot_part))
        identity = 1 - (1 - serial_id) * (1 - lot_id) if not model_only else MODEL_ONLY_IDENTITY

        conflict = 1.0
        if hit is None and _text(item.get("serial")) and _text(line["serial_from"]):
            conflict *= SERIAL_CONFLICT
            matched.append("serial_conflict")
        if not lot_hit and _text(item.get("lot")) and _text(line["lot"]):
            conflict *= LOT_CONFLICT
            matched.append("lot_conflict")

        maker, maker_token = maker_fit(item.get("manufacturer"), line["manufacturer"])
        model, model_token = model_fit(item.get("model"), line["model"])
        goods, goods_token = goods_fit(item.get("hs_code"), item.get("description"), line["hs_code"], line["description"])
        matched += [t for t in (model_token, maker_token, goods_token) if t]

        place = place_fit(item.get("recovered_country"), item.get("recovered_place"),
                          line["ship_to_country"], line["ship_to_region"], line["ship_to_city"])
        signs = sale_signs(line["buyer_id"], line["consignee_id"], line["payer_id"], line["ship_to_country"], line["buyer_country"])
        risk = risk_fit(line.get("buyer_risk"), signs)
        return _Marks(identity * maker * model * goods * conflict, place, risk, matched, readings, units, pool)


def _weigh_volume(candidates: list[Candidate]) -> None:
    """Scale each candidate's marks by its units against the mean of its pool's known units."""
    pools: dict[tuple, list[float]] = defaultdict(list)
    for c in candidates:
        if c.pool and c.units is not None and c.units > 0:
            pools[c.pool].append(c.units)
    for c in candidates:
        known = pools.get(c.pool)
        if known and len(known) > 1 and c.units is not None and c.units > 0:
            low, high = VOLUME_BOUNDS
            c.marks *= min(high, max(low, c.units * len(known) / sum(known)))


class _KeyIndex:
    """Key -> positions of the lines with that key ('' keys left out), from one Arrow column.

    Positions are one sorted array cut per key, not a list per key: lots are nearly one per line."""

    def __init__(self, keys: pa.Array):
        encoded = pc.dictionary_encode(keys)
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self._order = np.argsort(self.codes, kind="stable")
        self._starts = np.concatenate([[0], np.cumsum(np.bincount(self.codes, minlength=len(encoded.dictionary)))])
        self._code = {k: n for n, k in enumerate(encoded.dictionary.to_pylist()) if k}

    def __contains__(self, key: str) -> bool:
        return key in self._code

    def get(self, key: str) -> list[int]:
        n = self._code.get(key)
        return [] if n is None else self._order[self._starts[n] : self._starts[n + 1]].tolist()

    def extending(self, part: str) -> list[str]:
        """Keys that begin or end with `part` and are longer: a reading with characters lost at an end."""
        return _with_prefix(self._sorted, part) + [k[::-1] for k in _with_prefix(self._reversed, part[::-1])]

    @functools.cached_property
    def _sorted(self) -> list[str]:
        return sorted(self._code)

    @functools.cached_property
    def _reversed(self) -> list[str]:
        return sorted(k[::-1] for k in self._code)


def _with_prefix(keys: list[str], part: str) -> list[str]:
    """The keys of sorted `keys` that start with `part` and are longer than it."""
    start = bisect_right(keys, part)
    stop = bisect_left(keys, part + "\U0010ffff", lo=start)
    return [k for k in keys[start:stop] if k.startswith(part)]


def _traceable(lines: pd.DataFrame | pa.Table) -> pa.Table:
    """The LINE_COLUMNS (missing ones null), buyer_risk when given, and `amount`: the quantity in
    its unit's base measure, because sellers write one good in kg or in tonnes."""
    if isinstance(lines, pd.DataFrame):
        lines = pa.Table.from_pandas(lines.astype(object).where(lines.notna(), None), preserve_index=False)
    columns = {c: lines[c] if c in lines.column_names else pa.nulls(lines.num_rows, pa.string()) for c in LINE_COLUMNS}
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


def _unsold(hits: dict[int, SerialHit]) -> float:
    """Share of the serials a partial reading stands for that no line here shipped (0 when whole)."""
    covered: dict[int, int] = defaultdict(int)
    for h in hits.values():
        covered[h.space] += h.consistent
    if not covered or 1 in covered:
        return 0.0
    return 1.0 - max(min(1.0, n / space) for space, n in covered.items())


def _lot_reading(read: str, shipped: str, partial: bool) -> str:
    if partial:
        return f"lot '{read}' read as part of '{shipped}' (characters missing at an end)"
    if read.strip().upper() == shipped.strip().upper():
        return f"lot '{read}' equal to lot shipped"
    how = substitutions(canon(read), canon(shipped)) if len(canon(read)) == len(canon(shipped)) else []
    if canon(read) == canon(shipped):
        how = ["separators differ"]
    return f"lot '{read}' read as '{shipped}'" + (f" ({', '.join(how)})" if how else "")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
