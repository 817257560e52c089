"""Does a sale fit where and when the item was found?

When markings fit several sales (a lot sold to several customers, a truncated serial inside
several ranges), the recovery decides between them: the item was found after it was shipped, and
diverted goods turn up in or next to the country they were shipped to (CAR: goods shipped to
Sanliurfa and Akcakale on the Syrian border, recovered in Syria and Iraq).

Each factor is in (0, 1]: 1 means the context fits as well as it can, so context reorders
candidates and lowers confidence in sales that do not fit, but never raises confidence above what
the markings alone support.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.reference.lookup import place_risk
from redtrace.trace.markings import canon

# Shipped to the recovery country / a bordering one / elsewhere / one of the two unknown.
SAME_COUNTRY = 1.0
BORDERING = 0.8
BORDER_REGION = 0.95  # shipped into a listed border region (Akcakale, Kilis...) of a bordering country
ELSEWHERE = 0.3
UNKNOWN_PLACE = 0.6
# An item cannot be recovered before it was sold; allow a little for wrong dates in records.
RECOVERED_BEFORE_SALE = 0.02
# A sale showing no diversion sign against one that does, when no risk scores exist.
NO_SIGNS = 0.7
# Time for goods to travel from the ship-to address to where they are used.
TRANSIT_DAYS = 30
# Half the weight after this many years between sale and recovery: stock moves within years.
HALF_LIFE_YEARS = 6.0
# Learned lags: at least this many confident traces; the weight of a lag never seen; the
# narrowest kernel on log(1 + days) (a tenth: lags within ~10 % of each other look alike).
MIN_LAGS = 30
LAG_FLOOR = 0.05
MIN_LAG_BANDWIDTH = 0.1


@lru_cache(maxsize=1)
def land_borders() -> frozenset[tuple[str, str]]:
    """Pairs of countries sharing a land border (both orders), from the package's reference CSV."""
    text = resources.files("redtrace.trace").joinpath("data/land_borders.csv").read_text(encoding="utf-8")
    pairs = set()
    for row in csv.DictReader(text.splitlines()):
        a, b = row["country_a"].strip().upper(), row["country_b"].strip().upper()
        pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


@dataclass(frozen=True)
class Fit:
    factor: float  # relative fit: orders candidates
    notes: tuple[str, ...]  # for matched_on: 'ship_to_country', 'border_country', 'ship_to_place'
    hard: float = 1.0  # a contradiction that lowers confidence whatever the other candidates


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _day(value) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@lru_cache(maxsize=65536)
def border_region(country, region, city) -> str | None:
    """The listed conflict-border region a ship-to address lies in (reference data places.csv).
    Cached: an ambiguous item has thousands of candidate lines, shipped to a few hundred places."""
    place = " ".join(_text(p) for p in (city, region) if _text(p))
    if not place:
        return None
    rows = [r for r in place_risk(_text(country), place) if r["kind"] == "conflict_border"]
    return rows[0]["region"] if rows else None


# Cached: items are found in few places, and sales shipped to a few thousand.
@lru_cache(maxsize=1 << 16)
def place_fit(recovered_country, recovered_place, ship_to_country, ship_to_region, ship_to_city) -> Fit:
    rc, sc = _text(recovered_country).upper(), _text(ship_to_country).upper()
    place = canon(recovered_place)
    named = [p for p in (_text(ship_to_city), _text(ship_to_region)) if len(canon(p)) >= 4]
    if place and any(canon(p) in place for p in named):
        return Fit(SAME_COUNTRY, ("ship_to_place",))
    if not rc or not sc:
        return Fit(UNKNOWN_PLACE, ())
    if rc == sc:
        return Fit(SAME_COUNTRY, ("ship_to_country",))
    if (rc, sc) in land_borders():
        if border_region(sc, ship_to_region, ship_to_city):
            return Fit(BORDER_REGION, ("border_region",))
        return Fit(BORDERING, ("border_country",))
    return Fit(ELSEWHERE, ())


class LagModel:
    """How long goods took from sale to recovery, learned from the items traced with confidence.

    A smoothed density of log(1 + days) (Gaussian kernel, Silverman's bandwidth), scaled to 1 at
    its peak and mixed with LAG_FLOOR so an unusual delay lowers a sale's weight without ruling it
    out. Supply chains differ (a workshop next to the border uses components within weeks, a
    stockpile holds them for years), so the lag is read from the data rather than fixed."""

    def __init__(self, days: list[float], weights: list[float]):
        x = np.log1p(np.asarray(days, dtype=float))
        w = np.asarray(weights, dtype=float)
        self.x, self.w = x, w / w.sum()
        mean = float(np.sum(self.w * x))
        spread = float(np.sqrt(np.sum(self.w * (x - mean) ** 2)))
        self.bandwidth = max(1.06 * spread * len(x) ** -0.2, MIN_LAG_BANDWIDTH)
        # Ranking asks for many lags: tabulate whole days once, up to the longest lag seen and a
        # few bandwidths beyond it (past that the density is nil).
        top = int(np.expm1(x.max() + 4 * self.bandwidth)) + 1
        density = self._density(np.log1p(np.arange(top + 1)))
        self.table = LAG_FLOOR + (1 - LAG_FLOOR) * density / density.max()

    def _density(self, at: np.ndarray) -> np.ndarray:
        out = np.empty(len(at))
        for start in range(0, len(at), 4096):  # bounded memory: (chunk x lags) at a time
            z = (at[start:start + 4096, None] - self.x[None, :]) / self.bandwidth
            out[start:start + 4096] = np.exp(-0.5 * z * z) @ self.w
        return out

    def factor(self, days: int) -> float:
        return float(self.factors(np.array([days]))[0])

    def factors(self, days: np.ndarray) -> np.ndarray:
        return self.table[np.clip(days, 0, len(self.table) - 1).astype(np.int64)]


def learn_lags(lags: list[tuple[float, float]]) -> LagModel | None:
    """A LagModel from (days, confidence) of confident traces; None when too few to say."""
    kept = [(d, w) for d, w in lags if d is not None and d >= 0]
    if len(kept) < MIN_LAGS:
        return None
    return LagModel([d for d, _ in kept], [w for _, w in kept])


def days_between(recovered_on, order_date) -> int | None:
    found, sold = _day(recovered_on), _day(order_date)
    return None if found is None or sold is None else (found - sold).days


def ordinal(value) -> float:
    """A date as its day number (date.toordinal), NaN when unknown: days between dates of many
    sales are then one subtraction."""
    day = _day(value)
    return float("nan") if day is None else float(day.toordinal())


def time_fit(recovered_on, order_date, lags: LagModel | None = None) -> Fit:
    """`time_fits` for one sale."""
    days = days_between(recovered_on, order_date)
    factor, hard = time_fits(np.array([np.nan if days is None else days], dtype=float), lags)
    return Fit(float(factor[0]), time_notes(days), float(hard[0]))


def time_fits(days: np.ndarray, lags: LagModel | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(factor, hard) of sales recovered `days` after they were made (NaN: a date unknown, no
    evidence either way)."""
    factor, hard = np.ones(len(days)), np.ones(len(days))
    hard[days < 0] = RECOVERED_BEFORE_SALE
    after = days >= 0
    if lags is not None:
        factor[after] = lags.factors(days[after])
    else:
        # Diverted goods take time to ship, cross a border and reach a workshop: a sale days
        # before the recovery is a less likely origin than one months before.
        transit = np.minimum(1.0, (days[after] + 1) / TRANSIT_DAYS)
        factor[after] = transit * 0.5 ** (days[after] / 365.25 / HALF_LIFE_YEARS)
    return factor, hard


def time_notes(days: float | None) -> tuple[str, ...]:
    if days is None or days != days:
        return ()
    return ("recovered_before_sale",) if days < 0 else ("recovered_after_sale",)


# Diversion signs on a sale itself: CAR20-03 other consignee, CAR20-02 third-party payer, goods
# shipped away from the buyer's own country.
SIGNS = ("other_consignee", "third_party_payer", "shipped_abroad")


@dataclass
class SaleRisk:
    """How likely a leak each sale (order line) is. The screen's score says how risky when it has
    run; otherwise the sale's own diversion signs do (a sale without any is the less likely leak)."""

    factor: np.ndarray
    signs: np.ndarray  # lines x SIGNS, bool
    scored: np.ndarray  # the screen has scored the sale (bool)
    risky: np.ndarray  # scored 0.5 or more (bool)

    def notes(self, line: int) -> tuple[str, ...]:
        if self.scored[line]:
            return ("buyer_risk",) if self.risky[line] else ()
        return tuple(s for s, shown in zip(SIGNS, self.signs[line]) if shown)


def sale_risk(lines: pa.Table) -> SaleRisk:
    """SaleRisk of every line of a table with buyer_id, consignee_id, payer_id, ship_to_country,
    buyer_country and, when the screen has scored the sales, buyer_risk. Arrow kernels over the
    whole table: a catalogue has millions of lines."""

    def text(column: str, upper: bool = False) -> pa.Array:
        values = pc.fill_null(pc.utf8_trim_whitespace(lines[column].cast(pa.string())), "")
        return pc.utf8_upper(values) if upper else values

    buyer, consignee, payer = text("buyer_id"), text("consignee_id"), text("payer_id")
    ship, home = text("ship_to_country", upper=True), text("buyer_country", upper=True)
    signs = [
        pc.and_(pc.not_equal(consignee, ""), pc.not_equal(consignee, buyer)),
        pc.and_(pc.not_equal(payer, ""), pc.not_equal(payer, buyer)),
        pc.and_(pc.and_(pc.not_equal(ship, ""), pc.not_equal(home, "")), pc.not_equal(ship, home)),
    ]
    signs = np.column_stack([s.to_numpy(zero_copy_only=False) for s in signs])
    if "buyer_risk" in lines.column_names:
        risk = lines["buyer_risk"].cast(pa.float64()).to_numpy(zero_copy_only=False)
    else:
        risk = np.full(lines.num_rows, np.nan)
    scored = ~np.isnan(risk)
    risk = np.clip(risk, 0.0, 1.0)
    factor = np.where(scored, 0.5 + 0.5 * risk, np.where(signs.any(axis=1), 1.0, NO_SIGNS))
    return SaleRisk(factor, signs, scored, scored & (risk >= 0.5))
