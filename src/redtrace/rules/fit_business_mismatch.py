"""fit.business_mismatch: controlled goods that the buyer's line of business has no use for.

The heart of redtrace: a mobile-phone shop ordering six tonnes of aluminium paste, a farm-supply
firm ordering 78 t of sorbitol (CAR 2020). What each activity normally buys is learned from the
dataset itself and anchored on the curated prior (reference `activity_goods_prior.csv`):

- evidence is counted in *independent buyers*: linked companies (shared controller, phone, e-mail,
  address; see `_buyers`) count once, and the buyer's own group is left out (leave-one-out), so a
  network of fronts cannot make its own purchases look normal;
- the share of an activity's buyers that buy a goods code (HS-6) is estimated with Bayesian
  shrinkage down the NACE hierarchy: all buyers -> section -> division -> group -> class, each level
  shrunk toward its parent; at the buyer's own level the curated prior, when it has a row for the
  pair (or for goods of the same category), replaces the parent as the target, with the weight of
  a few dozen buyers, so a small dataset or a barely covered activity still gets an answer;
- the flag grows with the rarity of the pair (log of the estimated share, from 25 % down to
  0.2 %), the severity of the goods and the size of the line among all lines of those goods;
- without a curated prior, the flag is only as strong as what the data know of businesses like the
  buyer: its weight is s / (s + M_DATA), s the other independent buyers in its NACE section. The
  only university of a dataset, judged against shops and factories alone, buys 'rare' goods
  (oscilloscopes, drones) that say nothing about whether universities use them.

A buyer without a NACE code is placed by its free-text activity (learned from parties that give
both, or by similarity to NACE titles). A buyer with neither raises nothing here.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.reference.load import load
from redtrace.reference.lookup import activity_fit, controlled_category, digits, nace_title
from redtrace.rules import _buyers
from redtrace.rules._lines import LINES, ORDER_KEY, PARTY_KEY, ensure_lines
from redtrace.rules.base import Rule, per_value

FIT_TABLE = "rt_fit"

# Share of an activity's buyers that buy a goods code, as the curated prior states it.
PRIOR_RATE = {"expected": 0.5, "plausible": 0.15, "implausible": 0.003}
# Weight of a prior, in buyers. 'Implausible' says what an activity has no use for and takes a body
# of independent buyers to overturn; 'expected' and 'plausible' say what it may use, and the data
# shows which of those it really buys. A row about a whole chapter or division says less about one
# HS-6 code of one class than a row about that very pair, and a judgement inferred from goods of
# the same category weighs less again. Rings of similar businesses in the data weigh a few buyers.
PRIOR_WEIGHT = {"expected": 8.0, "plausible": 8.0, "implausible": 24.0}
CATEGORY_SHARE = 0.5
M_DATA = 4.0
# Share of all buyers that buy a given goods code before any evidence.
BASE_RATE = 0.05
# Estimated share at or above which a pair is ordinary, and at or below which it is as rare as it gets.
P_ORDINARY, P_RARE = 0.25, 0.002
MIN_STRENGTH = 0.05
# Other independent buyers of the buyer's own activity (class, or the nearest level with others)
# that bought goods the curated prior says the trade may use ('expected', 'plausible'), from which
# on the data confirm the prior and the goods are no mismatch, whatever a thin class's share shrunk
# toward it says. Not against an 'implausible' prior or without one: a network's unlinked fronts
# of one trade buying the same odd goods would make each other look normal.
MIN_PEERS_BUYING = 3


@lru_cache(maxsize=1)
def _prior_categories() -> list[tuple[str, str, str, str]]:
    """Prior rows as (nace_prefix, category, fit, reason) for every controlled category their goods cover."""
    goods = list(load("controlled_goods")[["hs_prefix", "category"]].itertuples(index=False))
    out = []
    for row in load("activity_goods_prior").to_dict("records"):
        hp = digits(row["hs_prefix"])
        cats = {c for g, c in goods if g.startswith(hp) or hp.startswith(g)}
        for c in sorted(cats):
            out.append((digits(row["nace_prefix"]), c, row["fit"], row["reason"]))
    return out


def prior_for(nace: str, hs6: str) -> tuple[float, float, str, str] | None:
    """(rate, weight, fit, reason) the curated prior gives the pair, or None when it is silent."""
    row = activity_fit(nace, hs6)
    if row is not None:
        return PRIOR_RATE[row["fit"]], _weight(row), row["fit"], row["reason"]
    hit = controlled_category(hs6)
    if hit is None:
        return None
    n = digits(nace)
    rows = [r for r in _prior_categories() if r[1] == hit["category"] and n.startswith(r[0])]
    if not rows:
        return None
    deepest = max(len(r[0]) for r in rows)
    rows = [r for r in rows if len(r[0]) == deepest]
    # The most specific activity's rows speak for the whole category only when they agree: 'precursor'
    # spans acids, nitrates and peroxides, and a food maker's use for one says nothing of the others.
    if len({r[2] for r in rows}) != 1:
        return None
    fit, reason = rows[0][2], rows[0][3]
    weight = PRIOR_WEIGHT[fit] * CATEGORY_SHARE * _specificity(rows[0][0], "")
    return PRIOR_RATE[fit], weight, fit, f"{reason} (said of other {hit['category'].replace('_', ' ')} goods)"


def _specificity(nace_prefix: str, hs_prefix: str) -> float:
    """1 for a row about one NACE class and one HS-6 code; less for divisions, groups, chapters, headings."""
    nace = {2: 0.6, 3: 0.8}.get(len(nace_prefix), 1.0)
    hs = {0: 1.0, 2: 0.25, 4: 0.6}.get(len(hs_prefix), 1.0)
    return nace * hs


def _weight(row: dict) -> float:
    return PRIOR_WEIGHT[row["fit"]] * _specificity(digits(row["nace_prefix"]), digits(row["hs_prefix"]))


def _shrink(k: str, n: str, target: str, m: str | float) -> str:
    # Leave-one-out: the buyer's own group is one of the k groups that bought and of the n groups.
    return f"(({k} - 1) + {m} * {target}) / (({n} - 1) + {m})"


def ensure_fit(engine: Engine) -> None:
    """Create `rt_fit`: one row per (buyer, controlled HS-6 it bought) with the estimated share of
    independent buyers of its activity that buy those goods, and the counts behind it."""
    if engine.has(FIT_TABLE):
        return
    _buyers.ensure(engine)
    ensure_lines(engine)
    # Buyers carry their integer key (see `_lines`) to read the lines and orders by it.
    engine.create(
        "rt_fit_buyers",
        f"""SELECT o.party_id, k.pk AS bk, g.grp, n.c4, n.c3, n.c2, n.c1, n.nace, n.nace_source, n.nace_note
            FROM (SELECT DISTINCT buyer_id AS party_id FROM orders) o JOIN {_buyers.NACE_TABLE} n ON n.party_id = o.party_id
            JOIN {_buyers.GROUP_TABLE} g ON g.party_id = o.party_id
            JOIN {PARTY_KEY} k ON k.party_id = o.party_id""",
    )
    engine.create(
        "rt_fit_bought",
        f"""SELECT k.party_id, b.hs6, b.controlled
            FROM (SELECT DISTINCT bk, hs6, controlled FROM {LINES}) b JOIN {PARTY_KEY} k ON k.pk = b.bk""",
    )
    levels = ["c1", "c2", "c3", "c4"]
    for lv in levels:
        engine.create(f"rt_fit_n_{lv}", f"SELECT {lv} AS key, count(DISTINCT grp) AS n FROM rt_fit_buyers WHERE {lv} IS NOT NULL GROUP BY {lv}")
        engine.create(
            f"rt_fit_k_{lv}",
            f"""SELECT b.{lv} AS key, p.hs6, count(DISTINCT b.grp) AS k
                FROM rt_fit_buyers b JOIN rt_fit_bought p ON p.party_id = b.party_id
                WHERE b.{lv} IS NOT NULL GROUP BY b.{lv}, p.hs6""",
        )
    engine.create(
        "rt_fit_k_all",
        "SELECT p.hs6, count(DISTINCT b.grp) AS k FROM rt_fit_buyers b JOIN rt_fit_bought p ON p.party_id = b.party_id GROUP BY p.hs6",
    )
    n_all = engine.scalar("SELECT count(DISTINCT grp) AS n FROM rt_fit_buyers") or 0
    # The curated prior for each (activity, goods) pair that occurs: Python over distinct pairs only.
    pairs = engine.df(
        """SELECT DISTINCT b.nace, p.hs6 FROM rt_fit_buyers b JOIN rt_fit_bought p ON p.party_id = b.party_id
           WHERE p.controlled"""
    )
    rows = []
    for nace, hs6 in zip(pairs.nace, pairs.hs6):
        hit = prior_for(nace, hs6)
        if hit is not None:
            rows.append((nace, hs6, *hit))
    engine.register(
        "rt_fit_prior",
        pd.DataFrame(rows, columns=["nace", "hs6", "prior_rate", "prior_m", "prior_fit", "prior_reason"]).astype(
            {"nace": "string", "hs6": "string", "prior_rate": "float64", "prior_m": "float64", "prior_fit": "string", "prior_reason": "string"}
        ),
    )
    joins = "\n".join(
        f"""LEFT JOIN rt_fit_n_{lv} n_{lv} ON n_{lv}.key = b.{lv}
            LEFT JOIN rt_fit_k_{lv} k_{lv} ON k_{lv}.key = b.{lv} AND k_{lv}.hs6 = p.hs6"""
        for lv in levels
    )
    # One row per (buyer, goods) with its counts, its rings and its share: one table, since each
    # row carries its activity's and its prior's texts, which copying into a table per step costs.
    counts = f"""SELECT b.party_id, b.grp, b.nace, b.nace_source, b.nace_note, p.hs6,
                   CAST({n_all} AS DOUBLE) AS n_all, CAST(ka.k AS DOUBLE) AS k_all,
                   {", ".join(f"CAST(n_{lv}.n AS DOUBLE) AS n_{lv}, CAST(coalesce(k_{lv}.k, 1) AS DOUBLE) AS k_{lv}" for lv in levels)},
                   pr.prior_rate, pr.prior_m, pr.prior_fit, pr.prior_reason
            FROM rt_fit_buyers b JOIN rt_fit_bought p ON p.party_id = b.party_id AND p.controlled
            JOIN rt_fit_k_all ka ON ka.hs6 = p.hs6
            {joins}
            LEFT JOIN rt_fit_prior pr ON pr.nace = b.nace AND pr.hs6 = p.hs6"""
    # Similar businesses in rings that share no buyer: everyone outside the buyer's section, its
    # section outside its division, ... its group outside its class. Each ring's share is shrunk
    # toward the next ring out, so the nearest ring with data speaks; a level the buyer lacks is an
    # empty ring. The buyer's own class (less its own group) is shrunk toward the curated prior when
    # there is one, else toward the rings.
    n_lv, k_lv = {"all": "n_all"}, {"all": "k_all"}
    parent = "all"
    for lv in levels:
        n_lv[lv] = f"coalesce(n_{lv}, {n_lv[parent]})"
        k_lv[lv] = f"coalesce(CASE WHEN n_{lv} IS NOT NULL THEN k_{lv} END, {k_lv[parent]})"
        parent = lv
    chain = ["all", *levels]
    t = str(BASE_RATE)
    for outer, inner in zip(chain, chain[1:]):
        n_ring = f"greatest({n_lv[outer]} - {n_lv[inner]}, 0)"
        k_ring = f"greatest({k_lv[outer]} - {k_lv[inner]}, 0)"
        t = f"(({k_ring}) + {M_DATA} * {t}) / (({n_ring}) + {M_DATA})"
    rings = f"SELECT *, {t} AS p_rings, {n_lv['c4']} AS n_own, {k_lv['c4']} AS k_own FROM ({counts}) c"
    # Other independent buyers in the buyer's section: how much the data know of businesses like it.
    known = f"CASE WHEN prior_rate IS NOT NULL THEN 1.0 ELSE (coalesce(n_c1, 1) - 1) / (coalesce(n_c1, 1) - 1 + {M_DATA}) END"
    engine.create(
        FIT_TABLE,
        f"""SELECT party_id, grp, nace, nace_source, nace_note, hs6, prior_fit, prior_reason,
                   n_own - 1 AS peers, k_own - 1 AS peers_buying, p_rings, coalesce(n_c1, 1) - 1 AS section_peers, {known} AS known,
                   {_shrink("k_own", "n_own", "coalesce(prior_rate, p_rings)", f"coalesce(prior_m, {M_DATA})")} AS p
            FROM ({rings}) r""",
    )


def _order_counts(engine: Engine) -> None:
    """`rt_fit_cand`: the pairs rare enough to flag, with the orders behind their counts (those of
    the activity's other groups, and how many of them carried the goods), for the evidence."""
    engine.create("rt_fit_cand", f"SELECT * FROM {FIT_TABLE} WHERE p < {P_ORDINARY}")
    engine.create("rt_fit_cand_keys", "SELECT DISTINCT nace, hs6 FROM rt_fit_cand")
    engine.create(
        "rt_fit_orders",
        f"""SELECT b.nace, b.grp, count(DISTINCT o.ok) AS n_orders FROM {ORDER_KEY} o
           JOIN rt_fit_buyers b ON b.bk = o.bk
           WHERE b.nace IN (SELECT nace FROM rt_fit_cand_keys) GROUP BY b.nace, b.grp""",
    )
    engine.create(
        "rt_fit_orders_hs",
        f"""SELECT b.nace, b.grp, l.hs6, count(DISTINCT l.ok) AS n_orders FROM {LINES} l
           JOIN rt_fit_buyers b ON b.bk = l.bk
           JOIN rt_fit_cand_keys k ON k.nace = b.nace AND k.hs6 = l.hs6
           GROUP BY b.nace, b.grp, l.hs6""",
    )
    engine.create(
        "rt_fit_cand_counts",
        """SELECT r.*, coalesce(ot.n, 0) - coalesce(oo.n_orders, 0) AS peer_orders,
                  coalesce(ht.n, 0) - coalesce(ho.n_orders, 0) AS peer_orders_buying
           FROM rt_fit_cand r
           LEFT JOIN (SELECT nace, sum(n_orders) AS n FROM rt_fit_orders GROUP BY nace) ot ON ot.nace = r.nace
           LEFT JOIN rt_fit_orders oo ON oo.nace = r.nace AND oo.grp = r.grp
           LEFT JOIN (SELECT nace, hs6, sum(n_orders) AS n FROM rt_fit_orders_hs GROUP BY nace, hs6) ht
                  ON ht.nace = r.nace AND ht.hs6 = r.hs6
           LEFT JOIN rt_fit_orders_hs ho ON ho.nace = r.nace AND ho.grp = r.grp AND ho.hs6 = r.hs6""",
    )


def _fmt(x: pd.Series) -> pd.Series:
    return per_value(x, lambda v: f"{v:,.0f}")


def compute(engine: Engine) -> pd.DataFrame:
    ensure_fit(engine)
    lo, hi = np.log(P_RARE), np.log(P_ORDINARY)
    _order_counts(engine)
    # Size of the line against the median line of the same goods: a hundredfold scores as much as
    # it can, the median line 7/8 of it, a hundredth 3/4.
    lines = engine.df(
        f"""WITH typical AS (
                SELECT hs6, base_unit, median(ln(base_quantity)) AS med FROM lines_x
                WHERE controlled AND base_quantity > 0 AND hs6 IN (SELECT hs6 FROM rt_fit_cand_keys) GROUP BY hs6, base_unit),
            s AS (
                SELECT l.ok, l.hs6, l.goods_label, l.base_quantity, l.base_unit, f.nace, f.nace_source, f.nace_note,
                       f.prior_fit, f.prior_reason, f.peers, f.peers_buying, f.peer_orders, f.peer_orders_buying, f.p,
                       f.section_peers, f.known * least(1.0, greatest(0.0, ({hi} - ln(greatest(f.p, 1e-9))) / ({hi - lo})))
                         * (0.6 + 0.4 * l.goods_severity)
                         * (0.75 + 0.25 * coalesce(least(1.0, greatest(0.0, 0.5 + (ln(greatest(l.base_quantity, 1e-9)) - t.med) / {2 * 2 * np.log(10)})), 0.5)) AS strength
                FROM {LINES} l JOIN rt_fit_buyers b ON b.bk = l.bk
                JOIN rt_fit_cand_counts f ON f.party_id = b.party_id AND f.hs6 = l.hs6
                LEFT JOIN typical t ON t.hs6 = l.hs6 AND t.base_unit = l.base_unit
                WHERE l.controlled
                  AND NOT (f.peers_buying >= {MIN_PEERS_BUYING} AND coalesce(f.prior_fit, '') IN ('expected', 'plausible')))
            SELECT t.*, k.order_id FROM (
                SELECT s.*, row_number() OVER (PARTITION BY ok ORDER BY strength DESC, hs6) AS r FROM s) t
            JOIN {ORDER_KEY} k ON k.ok = t.ok
            WHERE r = 1 AND strength >= {MIN_STRENGTH}"""
    )
    if lines.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    title = per_value(lines.nace, lambda c: nace_title(c) or "NACE code not in Rev. 2")
    prior = np.where(
        lines.prior_fit.notna(),
        " (prior: " + lines.prior_fit.fillna("") + " — " + lines.prior_reason.fillna("") + ")",
        " (no curated prior for this pair; " + _fmt(lines.section_peers) + " other independent buyers in its NACE section)",
    )
    placed = np.where(lines.nace_source == "declared", "", " [" + lines.nace_note.fillna("") + "]")
    hs = lines.hs6.str.slice(0, 4) + "." + lines.hs6.str.slice(4, 6)
    evidence = (
        "buyers in " + lines.nace + " (" + title + ")" + placed + " bought " + lines.goods_label + " (HS " + hs + ") in "
        + _fmt(lines.peers_buying) + " of " + _fmt(lines.peers) + " other independent buyers ("
        + _fmt(lines.peer_orders_buying) + " of " + _fmt(lines.peer_orders) + " orders)"
        + prior + "; estimated share " + per_value(lines.p * 100, lambda v: f"{v:.2g}") + "%; this buyer ordered "
        + _fmt(lines.base_quantity) + " " + lines.base_unit
    )
    return pd.DataFrame({"target_id": lines.order_id, "strength": lines.strength, "evidence": evidence})


RULE = Rule(
    id="fit.business_mismatch",
    title="Goods do not fit the buyer's line of business",
    target="order",
    severity="high",
    indicators=("BIS-03", "FATF08-04", "CAR20-01", "EU-02", "UK-01"),
    rationale=(
        "Products whose use does not match the buyer's business are the first red flag of BIS, FATF and EU 2019/1148; "
        "CAR found a phone shop buying tonnes of aluminium paste and a farm-supply firm buying sorbitol for rockets."
    ),
    compute=compute,
)
