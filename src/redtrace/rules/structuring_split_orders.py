"""structuring.split_orders: a buyer, or a group of linked buyers, splits a controlled good into
many small orders, often across several sellers, placed closer together than buyers of that
good usually reorder it or each a fraction of a usual order.

UK Home Office guidance asks sellers to notice unusual amounts; procurement networks keep each
purchase ordinary by splitting it across time, suppliers and front companies (CAR: one family's
companies bought separately what one buyer would have). Everything is relative to the peers that
buy the same good (HS subheading):
- burst: orders of the good by the group within one usual reorder interval either side, against
  the peers' median. The interval is the good's own (the median over independent buyers of each
  one's median gap between two orders of it), between 45 days and a year: a precursor that
  workshops reorder twice a year is split over many months, which a fixed quarter never sees;
- size: the group's average order against the peers' median; a split keeps each order ordinary,
  no larger than the peers' upper quartile (a fixed multiple of the median is ordinary for goods
  bought in all sizes and large for goods bought in one);
- spread: how many sellers and how many of the group's buyers took part.
A group splits in time (a burst, 2x the peers' count or more) or across its members and sellers:
as many orders as a peer places, each well under a peer's (3/4 of the median or less), from two
buyers or more at two sellers or more. One buyer's burst counts only in small orders at three
sellers or more; at ordinary size it is a busy workshop restocking.
Groups join buyers that entity resolution put together, that share a phone, e-mail or address,
a director, owner or associate, or are run by relatives; identifiers and controllers shared by
many parties (business centres, formation agents) are left out, since they join strangers.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.rules._buyers import MAX_SHARED, MAX_SHARED_ADDRESS, link_groups
from redtrace.rules._lines import LINES, ORDER_KEY, PARTY_KEY, UNIT_KEY, create_group_keys
from redtrace.rules.base import RESOLVED, Rule

COLUMNS = ["target_id", "strength", "evidence"]
# Bounds of the half-window: never under a quarter's span (goods bought weekly), never over a year.
MIN_HALF_WINDOW_DAYS, MAX_HALF_WINDOW_DAYS = 45, 365
MIN_ORDERS = 4  # orders of the good by the group within one window
MIN_BURST = 2.0  # those orders against the peers' median count in a window
SMALL = 0.75  # the group's average order against the peers' median order: at most this, smaller than usual
MIN_PEER_GROUPS = 5  # independent buyers of the good it takes to say what is usual


def buyer_groups(engine) -> pd.DataFrame:
    """`party_id, group_id` for every buyer: connected components of the links above."""
    buyers = engine.df("SELECT DISTINCT buyer_id AS party_id FROM orders").party_id
    sets = []
    if engine.has("clusters"):
        sets.append("SELECT cluster_id AS k, party_id FROM clusters")
    if engine.has("party_keys"):
        for col in ("phone_key", "email_key", "address_key"):
            sets.append(f"SELECT '{col}:' || {col} AS k, party_id FROM party_keys WHERE {col} IS NOT NULL AND {col} <> ''")
    else:  # no entity resolution ran: the identifiers as written, trimmed and lower-cased
        for col in ("phone", "email", "address"):
            sets.append(f"SELECT '{col}:' || lower(trim({col})) AS k, party_id FROM parties WHERE {col} IS NOT NULL AND trim({col}) <> ''")
    # A person runs, or is an associate of, each company they link; relatives link the companies
    # either of them runs (CAR: one family's companies bought what one buyer would have).
    ties = "kind IN ('director', 'owner', 'shareholder', 'representative', 'associate')"
    sets.append(f"SELECT 'ctl:' || source_id AS k, target_id AS party_id FROM relations WHERE {ties}")
    sets.append(f"""SELECT 'fam:' || f.source_id || '|' || f.target_id AS k, c.target_id AS party_id
                    FROM relations f JOIN relations c ON c.source_id IN (f.source_id, f.target_id) AND c.{ties}
                    WHERE f.kind = 'family'""")
    # Only buyers are joined: a party that never buys does not bridge two buyers' keys.
    keyed = engine.df(
        f"""SELECT k AS link, party_id FROM ({' UNION ALL '.join(sets)}) s
            WHERE k IN (SELECT k FROM ({' UNION ALL '.join(sets)}) t GROUP BY k
                        HAVING count(DISTINCT party_id) BETWEEN 2
                               AND CASE WHEN k LIKE 'address%' THEN {MAX_SHARED_ADDRESS} ELSE {MAX_SHARED} END)
              AND party_id IN (SELECT buyer_id FROM orders)"""
    )
    groups = link_groups(buyers, keyed)
    return pd.DataFrame({"party_id": groups.party_id, "group_id": groups.grp}, dtype="string")


def compute(engine) -> pd.DataFrame:
    engine.register("buyer_groups", buyer_groups(engine))
    d = engine.dialect
    day = d.date_diff_days("DATE '1970-01-01'", "x.order_date")
    # Groups, goods, orders, buyers and sellers travel as integer keys (see `_lines`), a group's
    # purchases of one good as one number (`part`); ids, names and labels are put back on the
    # candidate bursts only.
    create_group_keys(engine, "structuring_groups", "buyer_groups", "group_id")
    goods = (engine.scalar(f"SELECT max(uk) FROM {UNIT_KEY}") or 0) + 1
    # One row per order of a controlled good by a group (lines of one good on one order add up).
    engine.create(
        "structuring_group_orders",
        f"""SELECT g.gk * {goods} + x.uk AS part, x.uk, x.ok, x.sk, x.bk, {day} AS day, x.q
            FROM (SELECT ok, uk, bk, sk, order_date, sum(base_quantity) AS q
                  FROM {LINES} WHERE controlled AND uk IS NOT NULL GROUP BY ok, uk, bk, sk, order_date) x
            JOIN structuring_groups g ON g.bk = x.bk""",
    )
    # The good's usual reorder interval; each independent buyer has one vote, so busy buyers do not
    # make it short and a splitting group does not make it anything.
    engine.create(
        "structuring_cadence",
        f"""SELECT uk, least({MAX_HALF_WINDOW_DAYS}, greatest({MIN_HALF_WINDOW_DAYS}, median(gap))) AS half
            FROM (SELECT part, uk, median(gap) AS gap FROM (
                      SELECT part, uk, day - lag(day) OVER (PARTITION BY part ORDER BY day, ok) AS gap
                      FROM structuring_group_orders) d
                  WHERE gap IS NOT NULL GROUP BY part, uk) g
            GROUP BY uk""",
    )
    # Time in units of the good's half-window, so one RANGE frame of 1 serves every good.
    engine.create(
        "structuring_orders",
        f"""SELECT s.*, CAST(coalesce(c.half, {MIN_HALF_WINDOW_DAYS}) AS DOUBLE) AS half,
                   s.day / CAST(coalesce(c.half, {MIN_HALF_WINDOW_DAYS}) AS DOUBLE) AS t,
                   CAST(floor(s.day / CAST(coalesce(c.half, {MIN_HALF_WINDOW_DAYS}) AS DOUBLE)) AS BIGINT) AS bucket
            FROM structuring_group_orders s LEFT JOIN structuring_cadence c ON c.uk = s.uk""",
    )
    engine.drop("structuring_group_orders", "structuring_cadence")
    # Each order's window, and the peers of its good: everyone's orders of it (their usual burst) and
    # lines (their usual size). Only the candidate bursts leave the engine: at a million orders the
    # windows of every controlled order are millions of rows.
    hit = engine.df(
        f"""WITH w AS (
                SELECT part, uk, ok, bk, q, half,
                       count(*) OVER near AS n_orders, sum(q) OVER near AS total_q
                FROM structuring_orders
                WINDOW near AS (PARTITION BY part ORDER BY t RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING)),
            peers AS (SELECT uk, median(n_orders) AS peer_n, count(DISTINCT part) AS peer_groups FROM w GROUP BY uk),
            sizes AS (SELECT uk, median(base_quantity) AS peer_q,
                             percentile_cont(0.75) WITHIN GROUP (ORDER BY base_quantity) AS peer_q75
                      FROM {LINES} WHERE controlled AND uk IS NOT NULL GROUP BY uk),
            r AS (
                SELECT w.*, p.peer_n, p.peer_groups, s.peer_q, s.peer_q75, w.total_q / w.n_orders AS avg_q,
                       w.n_orders / greatest(p.peer_n, 1) AS burst, w.total_q / w.n_orders / s.peer_q AS size_ratio
                FROM w JOIN peers p ON p.uk = w.uk JOIN sizes s ON s.uk = w.uk)
            SELECT r.*, o.order_id, b.party_id AS buyer_id, u.hs6, u.base_unit
            FROM r JOIN {ORDER_KEY} o ON o.ok = r.ok JOIN {PARTY_KEY} b ON b.pk = r.bk JOIN {UNIT_KEY} u ON u.uk = r.uk
            WHERE n_orders >= {MIN_ORDERS} AND avg_q <= peer_q75 AND peer_groups >= {MIN_PEER_GROUPS}
              AND (burst >= {MIN_BURST} OR size_ratio <= {SMALL})"""
    )
    if hit.empty:
        return pd.DataFrame(columns=COLUMNS)
    # Sellers and buyers in each window, for the few bursts only. Orders within the window of an
    # order sit in its time bucket (one half-window wide) or the two beside it; joining on the bucket keeps the join
    # linear in a busy buyer's history.
    engine.register("structuring_bursts", hit[["ok", "uk"]])
    near = " UNION ALL ".join(f"SELECT ok, uk, part, t, bucket + {k} AS probe FROM bursts" for k in (-1, 0, 1))
    spread = engine.df(
        f"""WITH bursts AS (SELECT s.* FROM structuring_orders s JOIN structuring_bursts h ON h.ok = s.ok AND h.uk = s.uk)
            SELECT a.ok, a.uk, count(DISTINCT b.sk) AS n_sellers, count(DISTINCT b.bk) AS n_buyers
            FROM ({near}) a
            JOIN structuring_orders b ON b.part = a.part AND b.bucket = a.probe
            WHERE b.t BETWEEN a.t - 1 AND a.t + 1
            GROUP BY a.ok, a.uk"""
    )
    labels = engine.df(
        f"""SELECT h.ok, h.uk, min(l.goods_label) AS goods_label
            FROM structuring_bursts h JOIN {LINES} l ON l.ok = h.ok AND l.uk = h.uk
            WHERE l.controlled GROUP BY h.ok, h.uk"""
    )
    hit = hit.merge(spread, on=["ok", "uk"]).merge(labels, on=["ok", "uk"])
    # A linked group splits in time (more orders than peers place) or across its members and
    # sellers in orders smaller than the peers' (as many orders as a peer, each a fraction of one).
    # A lone buyer's burst at normal size, even at several sellers, is a lab or workshop
    # restocking: one buyer splits when its orders are small and go to three sellers or more.
    group, small, burst = hit.n_buyers >= 2, hit.size_ratio <= SMALL, hit.burst >= MIN_BURST
    hit = hit[(group & (burst | (small & (hit.n_sellers >= 2)))) | (~group & burst & small & (hit.n_sellers >= 3))].copy()
    if hit.empty:
        return pd.DataFrame(columns=COLUMNS)
    # Splitting across linked buyers and several sellers is the scheme.
    hit["strength"] = (0.2 + 0.25 * (hit.n_sellers >= 3) + 0.25 * (hit.n_buyers >= 2) + 0.1 * (hit.size_ratio <= SMALL)
                       + 0.1 * (hit.burst >= 4)).clip(upper=0.9)
    # Ties broken by the good, so every engine picks the same sentence for an order; the sentences
    # are written for the bursts kept.
    hit = hit.sort_values(["strength", "order_id", "hs6", "base_unit"], ascending=[False, True, True, True]).drop_duplicates("order_id")
    parties = engine.arrow("SELECT party_id, name FROM parties")
    names = dict(zip(parties["party_id"].to_pylist(), parties["name"].to_pylist()))
    hit["evidence"] = [
        (f"'{names.get(r.buyer_id, r.buyer_id)}'"
         + (f" and {r.n_buyers - 1} linked buyer(s)" if r.n_buyers > 1 else "")
         + f" placed {r.n_orders} orders of {r.goods_label} with {r.n_sellers} seller(s) within {2 * r.half:.0f} days"
         f" (buyers of this good usually place {r.peer_n:g}); on average {r.avg_q:,.4g} {r.base_unit} per order against"
         f" a usual {r.peer_q:,.4g} {r.base_unit}, {r.total_q:,.6g} {r.base_unit} in all")
        for r in records(hit)
    ]
    return hit.rename(columns={"order_id": "target_id"})[COLUMNS]


RULE = Rule(
    id="structuring.split_orders",
    title="Controlled goods split into many small orders",
    target="order",
    severity="medium",
    indicators=("FATF08-17", "CAR20-05", "UK-03"),
    rationale=(
        "Splitting a purchase across many small orders, suppliers or linked front companies keeps "
        "each one below a supplier's attention while the total is what a network needs."
    ),
    compute=compute,
    reads=RESOLVED,
)
