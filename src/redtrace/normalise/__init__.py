"""Normalise the canonical tables into the shapes detectors read.

Creates, in the engine:
- `goods`: one row per distinct HS code in the order lines, with its controlled-goods category
  (longest-prefix match on the shipped reference table) and plain-words label;
- `lines_x`: each order line's key (`order_id`, `line_no`) and HS code with hs6, quantity in a
  base unit (tonnes become kg), value, and the goods columns; the line as given is in
  `order_lines`, on the same key;
- `orders_x`: orders with their buyer's name, country, NACE class, activity and incorporation
  date, their seller's name and country, and per-order totals of controlled goods.

Only what some later step reads is carried: copying a text column into a table costs more than
computing it (a million orders: seconds per table), and these are built on every screen.

Reference lookups run on the few distinct codes in Python and join back as tables, so the
per-row work stays in the engine.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine import Engine
from redtrace.engine.bitsets import bit_words, spelled_sets
from redtrace.reference import controlled_category
from redtrace.reference.lookup import nace_code


def normalise(engine: Engine) -> None:
    columns, words = _goods(engine)
    _activities(engine)
    engine.create(
        "lines_x",
        """
        SELECT l.order_id, l.line_no, l.hs_code, substr(l.hs_code, 1, 6) AS hs6,
               CASE l.unit WHEN 't' THEN 'kg' ELSE l.unit END AS base_unit,
               CASE l.unit WHEN 't' THEN l.quantity * 1000 ELSE l.quantity END AS base_quantity,
               l.quantity * l.unit_price AS line_value,
               g.category, g.goods_label, coalesce(g.severity, 0.0) AS goods_severity,
               g.category IS NOT NULL AS controlled
        FROM order_lines l LEFT JOIN goods g ON g.hs_code = l.hs_code
        """,
    )
    _order_totals(engine, columns, words)
    engine.create(
        "orders_x",
        f"""
        SELECT o.*,
               b.buyer_name, b.buyer_country, b.buyer_nace, b.buyer_activity, b.buyer_incorporated_on,
               s.country AS seller_country, s.name AS seller_name,
               t.n_lines, t.n_controlled_lines, t.controlled_kg, t.order_value, t.max_goods_severity,
               coalesce(ls.controlled_labels, '') AS controlled_labels
        FROM orders o
        -- The buyer's profile is put together per party (far fewer than orders), then joined once.
        JOIN (
            SELECT p.party_id, p.name AS buyer_name, p.country AS buyer_country, a.nace AS buyer_nace,
                   p.activity AS buyer_activity, p.incorporated_on AS buyer_incorporated_on
            FROM parties p LEFT JOIN party_activity a ON a.party_id = p.party_id
        ) b ON b.party_id = o.buyer_id
        JOIN parties s ON s.party_id = o.seller_id
        JOIN order_totals t ON t.order_id = o.order_id
        LEFT JOIN label_sets ls ON {" AND ".join(f"ls.{c} = t.{c}" for c in columns)}
        """,
    )
    engine.drop("order_totals", "label_sets")


def _goods(engine: Engine) -> tuple[list[str], list[list[str]]]:
    """Tables `goods` and `label_bits`: each labelled code's label as one bit of the sorted labels
    (`engine.bitsets`); returns the bit words' column names and their labels."""
    codes = engine.df("SELECT DISTINCT hs_code FROM order_lines").hs_code.tolist()
    rows = []
    for code in codes:
        hit = controlled_category(code)
        if hit:
            rows.append((code, hit["category"], hit["label"], hit["control"], float(hit["severity"])))
    goods = pd.DataFrame(rows, columns=["hs_code", "category", "goods_label", "control", "severity"]).astype(
        {"hs_code": "string", "category": "string", "goods_label": "string", "control": "string", "severity": "float64"}
    )
    engine.register("goods", goods)
    labelled = goods[goods.goods_label.notna()]
    words = bit_words(sorted(set(labelled.goods_label)))
    columns = [f"_labels{n}" for n in range(len(words))]
    masks = {c: [{label: 1 << b for b, label in enumerate(word)}.get(label, 0) for label in labelled.goods_label]
             for c, word in zip(columns, words)}
    engine.register("label_bits", pd.DataFrame({"hs_code": labelled.hs_code, **masks}).astype({c: "int64" for c in columns}))
    return columns, words


def _order_totals(engine: Engine, columns: list[str], words: list[list[str]]) -> None:
    """Tables `order_totals`: each order's count of lines, of controlled lines, its controlled
    kilograms, value and most severe goods, and the labels of its controlled goods as bits
    (`engine.bitsets`; NULL without any); `label_sets`: each set of labels spelled out, sorted
    and joined with '; '. One pass over the lines gathers both."""
    engine.create(
        "order_totals",
        f"""SELECT l.order_id, count(*) AS n_lines,
                   sum(CASE WHEN l.controlled THEN 1 ELSE 0 END) AS n_controlled_lines,
                   sum(CASE WHEN l.controlled AND l.base_unit = 'kg' THEN l.base_quantity ELSE 0 END) AS controlled_kg,
                   sum(l.line_value) AS order_value,
                   max(l.goods_severity) AS max_goods_severity,
                   {', '.join(f'bit_or(b.{c}) AS {c}' for c in columns)}
            FROM lines_x l LEFT JOIN label_bits b ON b.hs_code = l.hs_code GROUP BY l.order_id""",
    )
    # A labelled code has a value in every word, so one word tells the orders with labels.
    labelled = f"(SELECT {', '.join(columns)} FROM order_totals WHERE {columns[0]} IS NOT NULL) AS t"
    sets = spelled_sets(engine, labelled, columns, words, "; ").rename(columns={"spelled": "controlled_labels"})
    engine.register("label_sets", sets)
    engine.drop("label_bits")


def _activities(engine: Engine) -> None:
    """Each party's declared activity as a canonical NACE code ('4742' -> '47.42')."""
    parties = engine.df("SELECT party_id, activity_code FROM parties WHERE activity_code IS NOT NULL")
    # Parties share a few hundred classes: each spelling is read once.
    nace = {code: nace_code(code) for code in parties.activity_code.unique()}
    parties["nace"] = parties.activity_code.map(nace)
    engine.register("party_activity", parties[["party_id", "nace"]].astype("string"))
