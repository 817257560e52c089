"""goods.combination: a buyer, or a group of linked buyers, assembling the ingredients of an explosive.

A fuel and an oxidiser bought together (aluminium paste and ammonium nitrate; sorbitol and
potassium nitrate, the CAR rocket-propellant case), or a peroxide with acetone or hexamine and an
acid, is a 'strange combination of products' (UK Home Office) and the junction-point pattern CAR
describes: linked companies each buying one part. The recipes and the HS codes of their parts are
reference data (`precursor_combinations.csv`, each with its source).

A recipe is complete around an order when the buyer's linked group (see `_buyers`) bought every
part within `WINDOW_DAYS` days of it. Explosives makers, mines and chemical distributors buy such
sets every day, so the flag's strength is the rarity of the complete recipe among independent
buyers of the same activity (leave-one-group-out, shrunk toward its share among all buyers), as
in `fit.business_mismatch`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.reference.load import load
from redtrace.reference.lookup import nace_title
from redtrace.rules import _buyers
from redtrace.rules._lines import LINES, ORDER_KEY
from redtrace.rules.base import Rule
from redtrace.rules.fit_business_mismatch import FIT_TABLE, ensure_fit

WINDOW_DAYS = 365
M_DATA = 4.0
P_ORDINARY, P_RARE = 0.25, 0.002
MIN_STRENGTH = 0.05
UNPLACED = 0.6
# How odd the oddest part is for its buyer (0..1, from fit.business_mismatch); a part bought by a
# buyer without a known activity counts as half odd. Ordinary parts leave a fifth of the strength.
UNPLACED_PART, ODD_FLOOR = 0.5, 0.2


def compute(engine: Engine) -> pd.DataFrame:
    _buyers.ensure(engine)
    ensure_fit(engine)
    rarity = f"least(1.0, greatest(0.0, ({np.log(P_ORDINARY)} - ln(greatest(f.p, 1e-9))) / ({np.log(P_ORDINARY) - np.log(P_RARE)})))"
    parts = load("precursor_combinations")
    parts["n_parts"] = parts.groupby("recipe").component.transform("nunique")
    parts["part_no"] = parts.groupby("recipe").component.rank(method="dense").astype("int64")
    parts["rk"] = parts.recipe.rank(method="dense").astype("int64")
    max_parts = int(parts.n_parts.max())
    engine.register("rt_recipe_parts", parts[["recipe", "rk", "title", "component", "part_no", "hs_prefix", "n_parts"]].astype(
        {"recipe": "string", "rk": "int64", "title": "string", "component": "string", "part_no": "int64", "hs_prefix": "string",
         "n_parts": "int64"}))
    diff = engine.dialect.date_diff_days
    agg = engine.dialect.string_agg
    _buyers.ensure_group_keys(engine)
    buyers = _buyers.GROUP_KEY_TABLE
    # Groups (gk), buyers (bk), orders (ok) and recipes (rk) are integer keys (see `_lines`) until
    # the flagged orders get their ids and names back.
    # Equality joins on the 6- and 4-digit heads keep this a hash join over the order lines.
    # Only a group that bought every part of a recipe at some time can complete it; most buyers of
    # a part never buy the others (farms buy nitrate, bakeries sorbitol), so the windows below run
    # over a few purchases in a hundred.
    engine.create(
        "rt_recipe_bought",
        f"""WITH x AS (
                SELECT b.gk, l.ok, l.bk, l.order_date, l.hs6, l.goods_label, r.rk, r.part_no
                FROM {LINES} l JOIN rt_recipe_parts r ON r.hs_prefix = l.hs6 JOIN {buyers} b ON b.bk = l.bk
                WHERE length(r.hs_prefix) = 6
                UNION ALL
                SELECT b.gk, l.ok, l.bk, l.order_date, l.hs6, l.goods_label, r.rk, r.part_no
                FROM {LINES} l JOIN rt_recipe_parts r ON r.hs_prefix = substr(l.hs6, 1, 4) JOIN {buyers} b ON b.bk = l.bk
                WHERE length(r.hs_prefix) = 4),
            sets AS (
                SELECT x.gk, x.rk FROM x JOIN (SELECT DISTINCT rk, n_parts FROM rt_recipe_parts) p ON p.rk = x.rk
                GROUP BY x.gk, x.rk HAVING count(DISTINCT x.part_no) = max(p.n_parts))
            SELECT DISTINCT x.gk, x.bk, x.ok, x.order_date, x.rk, x.part_no, x.goods_label, x.hs6
            FROM x JOIN sets s ON s.gk = x.gk AND s.rk = x.rk""",
    )
    # For each order carrying a part, the group's latest purchase of every part up to that day and its
    # next one from that day on: window functions, so the cost grows with the purchases, not their pairs.
    windows = []
    for k in range(1, max_parts + 1):
        pick = f"CASE WHEN part_no = {k} THEN order_date END"
        windows.append(
            f"max({pick}) OVER (PARTITION BY gk, rk ORDER BY order_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_{k}, "
            f"min({pick}) OVER (PARTITION BY gk, rk ORDER BY order_date ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_{k}"
        )
    engine.create(
        "rt_recipe_windows",
        f"""SELECT gk, bk, ok, order_date, rk, {', '.join(windows)}
            FROM (SELECT DISTINCT gk, bk, ok, order_date, rk, part_no FROM rt_recipe_bought) b""",
    )
    near, have, widest = [], [], []
    for k in range(1, max_parts + 1):
        near.append(f"CASE WHEN max(prev_{k}) IS NULL THEN min(next_{k}) WHEN min(next_{k}) IS NULL THEN max(prev_{k}) "
                    f"WHEN {diff(f'max(prev_{k})', 'order_date')} <= {diff('order_date', f'min(next_{k})')} THEN max(prev_{k}) "
                    f"ELSE min(next_{k}) END AS near_{k}")
    engine.create(
        "rt_recipe_near",
        f"""SELECT gk, bk, ok, order_date, rk, {', '.join(near)}
            FROM rt_recipe_windows GROUP BY gk, bk, ok, order_date, rk""",
    )
    for k in range(1, max_parts + 1):
        have.append(f"CASE WHEN {k} > p.n_parts OR abs({diff('n.order_date', f'n.near_{k}')}) <= {WINDOW_DAYS} THEN 1 ELSE 0 END")
    engine.create(
        "rt_recipe_orders",
        f"""SELECT n.gk, n.bk, n.ok, n.rk, p.recipe, p.title, p.n_parts, {', '.join(f'n.near_{k}' for k in range(1, max_parts + 1))}
            FROM rt_recipe_near n
            JOIN (SELECT DISTINCT rk, recipe, title, n_parts FROM rt_recipe_parts) p ON p.rk = n.rk
            WHERE {' * '.join(have)} = 1""",
    )
    # How odd the oddest part of the recipe is for the group member that bought it.
    engine.create(
        "rt_recipe_odd",
        f"""SELECT b.gk, b.rk, max(coalesce({rarity}, {UNPLACED_PART})) AS odd_part
            FROM (SELECT DISTINCT gk, rk, bk, hs6 FROM rt_recipe_bought) b
            JOIN {buyers} rb ON rb.bk = b.bk
            LEFT JOIN {FIT_TABLE} f ON f.party_id = rb.party_id AND f.hs6 = b.hs6
            GROUP BY b.gk, b.rk""",
    )
    engine.create(
        "rt_recipe_done",
        f"""WITH done AS (SELECT d.*, x.odd_part FROM rt_recipe_orders d JOIN rt_recipe_odd x ON x.gk = d.gk AND x.rk = d.rk),
            buyers AS (SELECT b.bk, b.gk, n.nace
                       FROM {buyers} b LEFT JOIN {_buyers.NACE_TABLE} n ON n.party_id = b.party_id
                       WHERE b.bk IN (SELECT bk FROM {ORDER_KEY})),
            class_n AS (SELECT nace, count(DISTINCT gk) AS n FROM buyers WHERE nace IS NOT NULL GROUP BY nace),
            class_k AS (SELECT b.nace, d.rk, count(DISTINCT d.gk) AS k FROM done d
                        JOIN buyers b ON b.gk = d.gk WHERE b.nace IS NOT NULL GROUP BY b.nace, d.rk),
            all_k AS (SELECT rk, count(DISTINCT gk) AS k FROM done GROUP BY rk),
            all_n AS (SELECT count(DISTINCT gk) AS n FROM buyers)
            SELECT d.ok, d.bk, d.gk, d.rk, d.recipe, d.title, d.odd_part, b.nace,
                   {", ".join(f"d.near_{k}" for k in range(1, max_parts + 1))},
                   cn.n AS class_groups, ck.k AS class_with, ak.k AS all_with, an.n AS all_groups
            FROM done d
            LEFT JOIN buyers b ON b.bk = d.bk
            LEFT JOIN class_n cn ON cn.nace = b.nace
            LEFT JOIN class_k ck ON ck.nace = b.nace AND ck.rk = d.rk
            JOIN all_k ak ON ak.rk = d.rk
            CROSS JOIN all_n an""",
    )
    # Ids and names once the candidates are a table of known size: the joins hash them, not the orders.
    frame = engine.df(
        f"""SELECT d.*, k.order_id, o.buyer_name, o.max_goods_severity
            FROM rt_recipe_done d JOIN {ORDER_KEY} k ON k.ok = d.ok JOIN orders_x o ON o.order_id = k.order_id"""
    )
    if frame.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    f = frame
    # Leave the buyer's own group out, at both levels.
    p_all = ((f.all_with - 1).clip(lower=0) + M_DATA * 0.05) / ((f.all_groups - 1).clip(lower=0) + M_DATA)
    known = f.nace.notna()
    p_class = ((f.class_with.fillna(1) - 1).clip(lower=0) + M_DATA * p_all) / ((f.class_groups.fillna(1) - 1).clip(lower=0) + M_DATA)
    p = np.where(known, p_class, p_all)
    rarity = np.clip((np.log(P_ORDINARY) - np.log(np.maximum(p, 1e-9))) / (np.log(P_ORDINARY) - np.log(P_RARE)), 0, 1)
    # Without a line of business there are no peers to compare with: the set alone says less.
    # A set whose every part is ordinary for the group member that bought it (a farm-supply firm's
    # nitrate, its sister food plant's sorbitol) is explained by their trades.
    odd = ODD_FLOOR + (1 - ODD_FLOOR) * f.odd_part.fillna(UNPLACED_PART)
    f = f.assign(p=p, strength=rarity * odd * (0.6 + 0.4 * f.max_goods_severity.fillna(0)) * np.where(known, 1.0, UNPLACED))
    # Ties broken by the recipe, so every run and engine picks the same sentence for an order.
    f = f.sort_values(["order_id", "strength", "recipe"], ascending=[True, False, True]).drop_duplicates("order_id")
    f = f[f.strength >= MIN_STRENGTH]
    if f.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    # The purchases behind each flag, for the evidence: the part bought nearest in time, per part.
    engine.register("rt_recipe_flagged", f[["order_id", "gk", "rk", *[f"near_{k}" for k in range(1, max_parts + 1)]]])
    nearest = " UNION ALL ".join(
        f"""SELECT g.order_id, b.part_no, b.goods_label, b.ok AS part_order, b.order_date AS part_date, b.bk AS part_buyer
            FROM rt_recipe_flagged g JOIN rt_recipe_bought b
              ON b.gk = g.gk AND b.rk = g.rk AND b.part_no = {k} AND b.order_date = g.near_{k}"""
        for k in range(1, max_parts + 1)
    )
    # Keys follow id order, so the smallest key is the smallest id.
    found = engine.df(
        f"""SELECT t.order_id, count(DISTINCT t.part_buyer) AS buyers,
                   {agg("t.goods_label || ' (' || k.order_id || ', ' || CAST(t.part_date AS STRING) || ')'", '; ')} AS parts
            FROM (SELECT order_id, part_no, min(goods_label) AS goods_label, min(part_order) AS part_order,
                         min(part_date) AS part_date, min(part_buyer) AS part_buyer
                  FROM ({nearest}) n GROUP BY order_id, part_no) t
            JOIN {ORDER_KEY} k ON k.ok = t.part_order
            GROUP BY t.order_id"""
    ).set_index("order_id")
    f = f.join(found, on="order_id")
    who = ("'" + f.buyer_name.fillna("") + "'").where(f.buyers <= 1, "'" + f.buyer_name.fillna("") + "' and "
                                                      + (f.buyers - 1).astype(int).astype(str) + " linked buyer(s)")
    peers = (
        "; " + (f.class_with.fillna(1) - 1).astype(int).astype(str) + " of " + (f.class_groups.fillna(1) - 1).astype(int).astype(str)
        + " other independent buyers in " + f.nace.fillna("") + " (" + f.nace.map(lambda c: nace_title(c) or "" if isinstance(c, str) else "")
        + ") bought this combination"
    ).where(known, "; " + (f.all_with - 1).astype(int).astype(str) + " of " + (f.all_groups - 1).astype(int).astype(str)
            + " other independent buyers bought this combination")
    evidence = (
        who + " bought the parts of a " + f.title + " within " + str(WINDOW_DAYS) + " days: " + f.parts + peers
    )
    return pd.DataFrame({"target_id": f.order_id, "strength": f.strength, "evidence": evidence})


RULE = Rule(
    id="goods.combination",
    title="Ingredients of an explosive bought together",
    target="order",
    severity="high",
    indicators=("UK-04", "CAR20-05", "EU-03"),
    rationale=(
        "A strange combination of products (UK Home Office), combinations uncommon for legitimate use (EU 2019/1148 "
        "Art. 9) and linked companies buying the parts of one device (CAR 2020) point to home-made explosives."
    ),
    compute=compute,
    strength_is_degree=True,
)
