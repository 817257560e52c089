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
in `fit.business_mismatch`. Without the buyer's line of business there is nothing to tell a
quarry's or an explosives maker's routine set from a bomb maker's, and a complete set is rare among
all buyers of any dataset, the legitimate users being a small trade: a group whose activity is
unknown is flagged only when its parts were bought by several of its members, the junction pattern
that no trade explains.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.reference.load import load
from redtrace.reference.lookup import nace_title
from redtrace.rules import _buyers
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
    max_parts = int(parts.n_parts.max())
    engine.register("rt_recipe_parts", parts[["recipe", "title", "component", "part_no", "hs_prefix", "n_parts"]].astype(
        {"recipe": "string", "title": "string", "component": "string", "part_no": "int64", "hs_prefix": "string", "n_parts": "int64"}))
    diff = engine.dialect.date_diff_days
    agg = engine.dialect.string_agg
    # Equality joins on the 6- and 4-digit heads keep this a hash join over the order lines.
    engine.create(
        "rt_recipe_bought",
        f"""WITH x AS (
                SELECT l.order_id, l.hs6, l.goods_label, r.recipe, r.part_no
                FROM lines_x l JOIN rt_recipe_parts r ON r.hs_prefix = l.hs6 WHERE length(r.hs_prefix) = 6
                UNION ALL
                SELECT l.order_id, l.hs6, l.goods_label, r.recipe, r.part_no
                FROM lines_x l JOIN rt_recipe_parts r ON r.hs_prefix = l.hs4 WHERE length(r.hs_prefix) = 4)
            SELECT DISTINCT g.grp, o.buyer_id, o.order_id, o.order_date, x.recipe, x.part_no, x.goods_label, x.hs6
            FROM x JOIN orders o ON o.order_id = x.order_id
            JOIN {_buyers.GROUP_TABLE} g ON g.party_id = o.buyer_id""",
    )
    # For each order carrying a part, the group's latest purchase of every part up to that day and its
    # next one from that day on: window functions, so the cost grows with the purchases, not their pairs.
    windows = []
    for k in range(1, max_parts + 1):
        pick = f"CASE WHEN part_no = {k} THEN order_date END"
        windows.append(
            f"max({pick}) OVER (PARTITION BY grp, recipe ORDER BY order_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_{k}, "
            f"min({pick}) OVER (PARTITION BY grp, recipe ORDER BY order_date ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_{k}"
        )
    engine.create(
        "rt_recipe_windows",
        f"""SELECT grp, buyer_id, order_id, order_date, recipe, {', '.join(windows)}
            FROM (SELECT DISTINCT grp, buyer_id, order_id, order_date, recipe, part_no FROM rt_recipe_bought) b""",
    )
    near, have, widest = [], [], []
    for k in range(1, max_parts + 1):
        near.append(f"CASE WHEN max(prev_{k}) IS NULL THEN min(next_{k}) WHEN min(next_{k}) IS NULL THEN max(prev_{k}) "
                    f"WHEN {diff(f'max(prev_{k})', 'order_date')} <= {diff('order_date', f'min(next_{k})')} THEN max(prev_{k}) "
                    f"ELSE min(next_{k}) END AS near_{k}")
    engine.create(
        "rt_recipe_near",
        f"""SELECT grp, buyer_id, order_id, order_date, recipe, {', '.join(near)}
            FROM rt_recipe_windows GROUP BY grp, buyer_id, order_id, order_date, recipe""",
    )
    for k in range(1, max_parts + 1):
        have.append(f"CASE WHEN {k} > p.n_parts OR abs({diff('n.order_date', f'n.near_{k}')}) <= {WINDOW_DAYS} THEN 1 ELSE 0 END")
    engine.create(
        "rt_recipe_orders",
        f"""SELECT n.grp, n.buyer_id, n.order_id, n.recipe, p.title, p.n_parts, {', '.join(f'n.near_{k}' for k in range(1, max_parts + 1))}
            FROM rt_recipe_near n
            JOIN (SELECT DISTINCT recipe, title, n_parts FROM rt_recipe_parts) p ON p.recipe = n.recipe
            WHERE {' * '.join(have)} = 1""",
    )
    # How odd the oddest part of the recipe is for the group member that bought it.
    engine.create(
        "rt_recipe_odd",
        f"""SELECT b.grp, b.recipe, max(coalesce({rarity}, {UNPLACED_PART})) AS odd_part, count(DISTINCT b.buyer_id) AS part_buyers
            FROM (SELECT DISTINCT grp, recipe, buyer_id, hs6 FROM rt_recipe_bought) b
            LEFT JOIN {FIT_TABLE} f ON f.party_id = b.buyer_id AND f.hs6 = b.hs6
            GROUP BY b.grp, b.recipe""",
    )
    frame = engine.df(
        f"""WITH done AS (SELECT d.*, x.odd_part, x.part_buyers FROM rt_recipe_orders d JOIN rt_recipe_odd x ON x.grp = d.grp AND x.recipe = d.recipe),
            buyers AS (SELECT DISTINCT o.buyer_id AS party_id, g.grp, n.nace
                       FROM orders o JOIN {_buyers.GROUP_TABLE} g ON g.party_id = o.buyer_id
                       LEFT JOIN {_buyers.NACE_TABLE} n ON n.party_id = o.buyer_id),
            class_n AS (SELECT nace, count(DISTINCT grp) AS n FROM buyers WHERE nace IS NOT NULL GROUP BY nace),
            class_k AS (SELECT b.nace, d.recipe, count(DISTINCT d.grp) AS k FROM done d
                        JOIN buyers b ON b.grp = d.grp WHERE b.nace IS NOT NULL GROUP BY b.nace, d.recipe),
            all_k AS (SELECT recipe, count(DISTINCT grp) AS k FROM done GROUP BY recipe),
            all_n AS (SELECT count(DISTINCT grp) AS n FROM buyers)
            SELECT d.order_id, d.grp, d.recipe, d.title, d.odd_part, d.part_buyers, b.nace, o.buyer_name, o.max_goods_severity,
                   {", ".join(f"d.near_{k}" for k in range(1, max_parts + 1))},
                   cn.n AS class_groups, ck.k AS class_with, ak.k AS all_with, an.n AS all_groups
            FROM done d JOIN orders_x o ON o.order_id = d.order_id
            LEFT JOIN buyers b ON b.party_id = d.buyer_id
            LEFT JOIN class_n cn ON cn.nace = b.nace
            LEFT JOIN class_k ck ON ck.nace = b.nace AND ck.recipe = d.recipe
            JOIN all_k ak ON ak.recipe = d.recipe
            CROSS JOIN all_n an"""
    )
    f = frame[frame.nace.notna() | (frame.part_buyers > 1)]
    if f.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
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
    engine.register("rt_recipe_flagged", f[["order_id", "grp", "recipe", *[f"near_{k}" for k in range(1, max_parts + 1)]]])
    nearest = " UNION ALL ".join(
        f"""SELECT g.order_id, b.part_no, b.goods_label, b.order_id AS part_order, b.order_date AS part_date, b.buyer_id AS part_buyer
            FROM rt_recipe_flagged g JOIN rt_recipe_bought b
              ON b.grp = g.grp AND b.recipe = g.recipe AND b.part_no = {k} AND b.order_date = g.near_{k}"""
        for k in range(1, max_parts + 1)
    )
    found = engine.df(
        f"""SELECT order_id, count(DISTINCT part_buyer) AS buyers,
                   {agg("goods_label || ' (' || part_order || ', ' || CAST(part_date AS STRING) || ')'", '; ')} AS parts
            FROM (SELECT order_id, part_no, min(goods_label) AS goods_label, min(part_order) AS part_order,
                         min(part_date) AS part_date, min(part_buyer) AS part_buyer
                  FROM ({nearest}) n GROUP BY order_id, part_no) t
            GROUP BY order_id"""
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
)
