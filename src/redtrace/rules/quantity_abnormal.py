"""quantity.abnormal: a controlled-goods quantity out of proportion to the buyer.

EU 2019/1148 Art. 9 and UK guidance name 'quantities uncommon for legitimate use'; BIS asks
whether an order fits the purchaser's needs; CAR (2020) traced tonnes of aluminium paste and
sorbitol bought by firms of a few people. Three yardsticks, each a robust z-score of the log
quantity (median and MAD, so the illicit minority does not move the yardstick):

- *size*: quantity per head (employees + 1) against all lines of the same goods (HS-6, unit);
- *peers*: quantity against the lines of the same goods bought by the same activity (NACE class),
  when at least `MIN_PEER_GROUPS` independent buyers of that activity buy them; else against
  every buyer of the goods;
- *history*: the jump against the buyer's own previous lines of the same goods.

The flag grows from a z of 2.5 to a z of 6 (or a tenfold jump), and with the severity of the goods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.rules import _buyers
from redtrace.rules.base import Rule

Z_FROM, Z_FULL = 2.5, 6.0
JUMP_FROM, JUMP_FULL = np.log(4.0), np.log(20.0)
MIN_PEER_GROUPS = 5
MIN_STRENGTH = 0.05
# Least log-quantity spread a yardstick may have: orders of 1-3 pieces or of standard pack sizes
# have a MAD near 0, which would make every other size look extreme.
MAD_FLOOR = 0.35


def compute(engine: Engine) -> pd.DataFrame:
    _buyers.ensure(engine)
    frame = engine.df(
        f"""WITH l AS (
                SELECT x.order_id, x.hs6, x.base_unit, x.base_quantity, ln(x.base_quantity) AS lq, x.goods_label, x.goods_severity,
                       o.buyer_id, o.order_date, o.buyer_employees AS emp, o.buyer_name, n.nace, g.grp
                FROM lines_x x JOIN orders_x o ON o.order_id = x.order_id
                LEFT JOIN {_buyers.NACE_TABLE} n ON n.party_id = o.buyer_id
                LEFT JOIN {_buyers.GROUP_TABLE} g ON g.party_id = o.buyer_id
                WHERE x.controlled AND x.base_quantity > 0),
            goods AS (SELECT hs6, base_unit, median(lq) AS med, count(*) AS n FROM l GROUP BY hs6, base_unit),
            goods_mad AS (SELECT l.hs6, l.base_unit, median(abs(l.lq - g.med)) AS mad
                          FROM l JOIN goods g ON g.hs6 = l.hs6 AND g.base_unit = l.base_unit GROUP BY l.hs6, l.base_unit),
            peer AS (SELECT nace, hs6, base_unit, median(lq) AS med, count(DISTINCT grp) AS groups
                     FROM l WHERE nace IS NOT NULL GROUP BY nace, hs6, base_unit),
            peer_mad AS (SELECT l.nace, l.hs6, l.base_unit, median(abs(l.lq - p.med)) AS mad
                         FROM l JOIN peer p ON p.nace = l.nace AND p.hs6 = l.hs6 AND p.base_unit = l.base_unit
                         GROUP BY l.nace, l.hs6, l.base_unit),
            head AS (SELECT hs6, base_unit, median(lq - ln(emp + 1)) AS med FROM l WHERE emp IS NOT NULL AND emp >= 0
                     GROUP BY hs6, base_unit),
            head_mad AS (SELECT l.hs6, l.base_unit, median(abs(l.lq - ln(l.emp + 1) - h.med)) AS mad
                         FROM l JOIN head h ON h.hs6 = l.hs6 AND h.base_unit = l.base_unit
                         WHERE l.emp IS NOT NULL AND l.emp >= 0 GROUP BY l.hs6, l.base_unit),
            hist AS (SELECT order_id, hs6, base_unit,
                            avg(lq) OVER (PARTITION BY buyer_id, hs6, base_unit ORDER BY order_date, order_id
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev,
                            count(*) OVER (PARTITION BY buyer_id, hs6, base_unit ORDER BY order_date, order_id
                                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS n_prev
                     FROM l)
            SELECT l.order_id, l.hs6, l.base_unit, l.base_quantity, l.goods_label, l.goods_severity, l.emp, l.nace, l.buyer_name,
                   exp(h.med + ln(l.emp + 1)) AS typical_for_size,
                   (l.lq - ln(l.emp + 1) - h.med) / (1.4826 * greatest(hm.mad, {MAD_FLOOR})) AS z_size,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN exp(p.med) ELSE exp(g.med) END AS typical_peer,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN (l.lq - p.med) / (1.4826 * greatest(pm.mad, {MAD_FLOOR}))
                        ELSE (l.lq - g.med) / (1.4826 * greatest(gm.mad, {MAD_FLOOR})) END AS z_peer,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN 1 ELSE 0 END AS by_activity,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN p.groups ELSE NULL END AS peer_groups,
                   l.lq - hi.prev AS jump, exp(hi.prev) AS typical_own, hi.n_prev
            FROM l
            JOIN hist hi ON hi.order_id = l.order_id AND hi.hs6 = l.hs6 AND hi.base_unit = l.base_unit
            JOIN goods g ON g.hs6 = l.hs6 AND g.base_unit = l.base_unit
            JOIN goods_mad gm ON gm.hs6 = l.hs6 AND gm.base_unit = l.base_unit
            LEFT JOIN peer p ON p.nace = l.nace AND p.hs6 = l.hs6 AND p.base_unit = l.base_unit
            LEFT JOIN peer_mad pm ON pm.nace = l.nace AND pm.hs6 = l.hs6 AND pm.base_unit = l.base_unit
            LEFT JOIN head h ON h.hs6 = l.hs6 AND h.base_unit = l.base_unit
            LEFT JOIN head_mad hm ON hm.hs6 = l.hs6 AND hm.base_unit = l.base_unit"""
    )
    if frame.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    f = frame
    ramp = lambda z, lo, hi: np.clip((z.fillna(-np.inf) - lo) / (hi - lo), 0.0, 1.0)  # noqa: E731
    s_size = ramp(f.z_size, Z_FROM, Z_FULL)
    s_peer = ramp(f.z_peer, Z_FROM, Z_FULL)
    s_jump = ramp(f.jump.where(f.n_prev >= 2), JUMP_FROM, JUMP_FULL)
    parts = np.vstack([s_size, 0.8 * s_peer, 0.6 * s_jump])
    f = f.assign(kind=parts.argmax(axis=0), strength=parts.max(axis=0) * (0.5 + 0.5 * f.goods_severity))
    # One flag per order: its most abnormal line.
    f = f.sort_values(["order_id", "strength"], ascending=[True, False]).drop_duplicates("order_id")
    f = f[f.strength >= MIN_STRENGTH]
    if f.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    qty = f.base_quantity.map("{:,.0f}".format) + " " + f.base_unit + " of " + f.goods_label
    num = lambda s: s.fillna(0).map(lambda v: f"{v:,.0f}" if v >= 10 else f"{v:.2g}")  # noqa: E731
    size = (
        "'" + f.buyer_name.fillna("") + "' (" + f.emp.fillna(0).astype(int).astype(str) + " employees) ordered " + qty
        + "; a buyer of its size typically orders " + num(f.typical_for_size) + " " + f.base_unit
        + " (robust z " + f.z_size.round(1).astype(str) + ")"
    )
    peers = (
        "'" + f.buyer_name.fillna("") + "' ordered " + qty + "; "
        + ("buyers in " + f.nace.fillna("") + " (" + f.peer_groups.fillna(0).astype(int).astype(str) + " independent) typically order ")
        .where(f.by_activity == 1, "buyers of these goods typically order ")
        + num(f.typical_peer) + " " + f.base_unit + " (robust z " + f.z_peer.round(1).astype(str) + ")"
    )
    jump = (
        "'" + f.buyer_name.fillna("") + "' ordered " + qty + ", against " + num(f.typical_own) + " " + f.base_unit
        + " typical of its " + f.n_prev.fillna(0).astype(int).astype(str) + " previous orders of these goods"
    )
    evidence = size.where(f.kind == 0, peers.where(f.kind == 1, jump))
    return pd.DataFrame({"target_id": f.order_id, "strength": f.strength, "evidence": evidence})


RULE = Rule(
    id="quantity.abnormal",
    title="Quantity out of proportion to the buyer",
    target="order",
    severity="medium",
    indicators=("EU-03", "UK-03", "CAR20-09", "BIS-KYC-a"),
    rationale=(
        "Quantities uncommon for legitimate use (EU 2019/1148 Art. 9, UK Home Office) and orders inconsistent with the "
        "purchaser's needs (BIS KYC guidance); CAR traced tonnes of precursors bought by firms of a few people."
    ),
    compute=compute,
)
