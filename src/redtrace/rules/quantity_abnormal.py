"""quantity.abnormal: a controlled-goods quantity out of proportion to the buyer.

EU 2019/1148 Art. 9 and UK guidance name 'quantities uncommon for legitimate use'; BIS asks
whether an order fits the purchaser's needs; CAR (2020) traced tonnes of aluminium paste and
sorbitol bought by firms of a few people. Three yardsticks, each a robust z-score of the log
quantity (median and MAD, so the illicit minority does not move the yardstick; each independent
buyer, a group of linked buyers, has one vote, so neither does one buyer with many orders):

- *size*: quantity per head (employees + 1) against all lines of the same goods (HS-6, unit);
- *peers*: quantity against the lines of the same goods bought by the same activity (NACE class),
  when at least `MIN_PEER_GROUPS` independent buyers of that activity buy them; else against
  every buyer of the goods;
- *history*: the jump against the buyer's own other lines of the same goods (their mean log
  quantity; a hash aggregate rather than a running window, so it stays cheap at millions of lines).

The flag grows from a z of 2.5 to a z of 6 (or a tenfold jump), and with the severity of the goods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.rules import _buyers
from redtrace.rules._lines import LINES, ORDER_KEY, PARTY_KEY, UNIT_KEY
from redtrace.rules.base import Rule

Z_FROM, Z_FULL = 2.5, 6.0
JUMP_FROM, JUMP_FULL = np.log(4.0), np.log(20.0)
MIN_PEER_GROUPS = 5
MIN_STRENGTH = 0.05
# Least log-quantity spread a yardstick may have: orders of 1-3 pieces or of standard pack sizes
# have a MAD near 0, which would make every other size look extreme.
MAD_FLOOR = 0.35


def ramp(z: str, lo: float, hi: float) -> str:
    return f"coalesce(least(1.0, greatest(0.0, ({z} - {lo}) / {hi - lo})), 0.0)"


def compute(engine: Engine) -> pd.DataFrame:
    _buyers.ensure(engine)
    _buyers.ensure_group_keys(engine)
    # The controlled lines with their buyer, materialised once: every yardstick below reads them.
    # Orders, buyers, groups and goods are integer keys (see `_lines`); names and labels are joined
    # to the lines flagged only, at the end. Lines without a unit have no peers (see `_lines`).
    engine.create(
        "rt_qty_buyers",
        f"""SELECT g.bk, p.employees AS emp, n.nace, g.gk AS grp
            FROM {_buyers.GROUP_KEY_TABLE} g JOIN parties p ON p.party_id = g.party_id
            LEFT JOIN {_buyers.NACE_TABLE} n ON n.party_id = g.party_id""",
    )
    engine.create(
        "rt_qty_lines",
        f"""SELECT x.ok, x.line_no, x.uk, x.base_quantity, ln(x.base_quantity) AS lq, x.goods_severity, x.bk, b.emp, b.nace, b.grp
            FROM {LINES} x JOIN rt_qty_buyers b ON b.bk = x.bk
            WHERE x.controlled AND x.base_quantity > 0 AND x.uk IS NOT NULL""",
    )
    yardsticks = {  # name: (keys, value, rows), all over the lines as `l`
        "goods": (["uk"], "l.lq", "TRUE"),
        "peer": (["nace", "uk"], "l.lq", "l.nace IS NOT NULL"),
        "head": (["uk"], "l.lq - ln(l.emp + 1)", "l.emp IS NOT NULL AND l.emp >= 0"),
    }
    # Each yardstick's median and spread, as small tables. Every independent buyer (group of linked
    # buyers) has one vote: its median line, then its median distance from the yardstick. Counted by
    # lines, one buyer placing dozens of huge orders becomes the yardstick it should stand out from.
    # Yardsticks over the same keys share their two passes over the lines, each taking its own rows.
    by_keys: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for name, (keys, value, rows) in yardsticks.items():
        by_keys.setdefault(tuple(keys), []).append((name, f"CASE WHEN {rows} THEN {value} END"))
    for keys, members in by_keys.items():
        plain, cols = ", ".join(keys), ", ".join(f"l.{k}" for k in keys)
        on = " AND ".join(f"m.{k} = l.{k}" for k in keys)
        engine.create(
            "rt_qty_med",
            f"""SELECT {plain}, {", ".join(f"median(gmed_{n}) AS med_{n}, count(gmed_{n}) AS groups_{n}" for n, _ in members)}
                FROM (SELECT {cols}, l.grp, {", ".join(f"median({v}) AS gmed_{n}" for n, v in members)}
                      FROM rt_qty_lines l GROUP BY {cols}, l.grp) g
                GROUP BY {plain}""",
        )
        engine.create(
            "rt_qty_mad",
            f"""SELECT {plain}, {", ".join(f"median(gdev_{n}) AS mad_{n}" for n, _ in members)}
                FROM (SELECT {cols}, l.grp, {", ".join(f"median(abs({v} - m.med_{n})) AS gdev_{n}" for n, v in members)}
                      FROM rt_qty_lines l JOIN rt_qty_med m ON {on} GROUP BY {cols}, l.grp) g
                GROUP BY {plain}""",
        )
        for n, _ in members:
            engine.create(
                f"rt_qty_{n}",
                f"""SELECT {", ".join(f"m.{k}" for k in keys)}, m.med_{n} AS med, m.groups_{n} AS groups, d.mad_{n} AS mad
                    FROM rt_qty_med m JOIN rt_qty_mad d ON {on.replace("l.", "d.")} WHERE m.groups_{n} > 0""",
            )
        engine.drop("rt_qty_med", "rt_qty_mad")
    # The buyer's own yardstick: the mean log quantity of its other lines of the same goods.
    engine.create(
        "rt_qty_own",
        "SELECT bk, uk, sum(lq) AS s, count(*) AS n FROM rt_qty_lines GROUP BY bk, uk",
    )
    engine.create(
        "rt_qty_flagged",
        f"""WITH l AS (SELECT r.*, CASE WHEN w.n > 1 THEN (w.s - r.lq) / (w.n - 1) END AS prev, w.n - 1 AS n_prev
                       FROM rt_qty_lines r JOIN rt_qty_own w ON w.bk = r.bk AND w.uk = r.uk)
            , z AS (
            SELECT l.ok, l.line_no, l.uk, l.bk, l.base_quantity, l.goods_severity, l.emp, l.nace,
                   exp(h.med + ln(l.emp + 1)) AS typical_for_size,
                   (l.lq - ln(l.emp + 1) - h.med) / (1.4826 * greatest(h.mad, {MAD_FLOOR})) AS z_size,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN exp(p.med) ELSE exp(g.med) END AS typical_peer,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN (l.lq - p.med) / (1.4826 * greatest(p.mad, {MAD_FLOOR}))
                        ELSE (l.lq - g.med) / (1.4826 * greatest(g.mad, {MAD_FLOOR})) END AS z_peer,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN 1 ELSE 0 END AS by_activity,
                   CASE WHEN p.groups >= {MIN_PEER_GROUPS} THEN p.groups ELSE NULL END AS peer_groups,
                   l.lq - l.prev AS jump, exp(l.prev) AS typical_own, l.n_prev
            FROM l
            JOIN rt_qty_goods g ON g.uk = l.uk
            LEFT JOIN rt_qty_peer p ON p.nace = l.nace AND p.uk = l.uk
            LEFT JOIN rt_qty_head h ON h.uk = l.uk),
            s AS (
            SELECT z.*, {ramp("z.z_size", Z_FROM, Z_FULL)} AS s_size, 0.8 * {ramp("z.z_peer", Z_FROM, Z_FULL)} AS s_peer,
                   CASE WHEN z.n_prev >= 2 THEN 0.6 * {ramp("z.jump", JUMP_FROM, JUMP_FULL)} ELSE 0.0 END AS s_jump
            FROM z),
            k AS (
            SELECT s.*, greatest(s_size, s_peer, s_jump) * (0.5 + 0.5 * goods_severity) AS strength,
                   CASE WHEN s_size >= s_peer AND s_size >= s_jump THEN 0 WHEN s_peer >= s_jump THEN 1 ELSE 2 END AS kind
            FROM s)
            SELECT * FROM (SELECT k.*, row_number() OVER (PARTITION BY ok ORDER BY strength DESC, uk) AS r
                           FROM k WHERE strength >= {MIN_STRENGTH}) t
            WHERE r = 1""",
    )
    # Ids, names and labels for the lines flagged, once they are a table of known (small) size: the
    # joins then hash them, not the million orders and lines they are looked up in.
    frame = engine.df(
        f"""SELECT t.*, u.hs6, u.base_unit, o.order_id, x.goods_label, p.name AS buyer_name
            FROM rt_qty_flagged t
            JOIN {UNIT_KEY} u ON u.uk = t.uk
            JOIN {ORDER_KEY} o ON o.ok = t.ok
            JOIN {LINES} x ON x.ok = t.ok AND x.line_no = t.line_no
            JOIN {PARTY_KEY} k ON k.pk = t.bk JOIN parties p ON p.party_id = k.party_id"""
    )
    if frame.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    f = frame
    num = lambda s: s.fillna(0).map(lambda v: f"{v:,.0f}" if v >= 10 else f"{v:.2g}")  # noqa: E731
    ordered = lambda g: "'" + g.buyer_name.fillna("") + "'"  # noqa: E731
    qty = lambda g: g.base_quantity.map("{:,.0f}".format) + " " + g.base_unit + " of " + g.goods_label  # noqa: E731
    words = {  # kind: the sentence of the yardstick that flagged the line
        0: lambda g: (
            ordered(g) + " (" + g.emp.fillna(0).astype(int).astype(str) + " employees) ordered " + qty(g)
            + "; a buyer of its size typically orders " + num(g.typical_for_size) + " " + g.base_unit
            + " (robust z " + g.z_size.round(1).astype(str) + ")"),
        1: lambda g: (
            ordered(g) + " ordered " + qty(g) + "; "
            + ("buyers in " + g.nace.fillna("") + " (" + g.peer_groups.fillna(0).astype(int).astype(str) + " independent) typically order ")
            .where(g.by_activity == 1, "buyers of these goods typically order ")
            + num(g.typical_peer) + " " + g.base_unit + " (robust z " + g.z_peer.round(1).astype(str) + ")"),
        2: lambda g: (
            ordered(g) + " ordered " + qty(g) + ", against " + num(g.typical_own) + " " + g.base_unit
            + " typical of its " + g.n_prev.fillna(0).astype(int).astype(str) + " other orders of these goods"),
    }
    # Each line's sentence is built for the lines of its kind only.
    evidence = pd.concat([say(f[f.kind == k]) for k, say in words.items() if (f.kind == k).any()]).reindex(f.index)
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
