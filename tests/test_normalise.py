"""Normalised orders: per-order totals and the labels of their controlled goods."""

import csv
from pathlib import Path

import redtrace.reference as reference
from redtrace.reference import controlled_category
from rules_fixture import company, engine_with, line, order

REFERENCE = Path(reference.__file__).parent / "data" / "controlled_goods.csv"


def labelled_codes() -> dict[str, str]:
    """An HS code for each label of the shipped controlled-goods table."""
    codes: dict[str, str] = {}
    for row in csv.DictReader(REFERENCE.open(encoding="utf-8")):
        code = row["hs_prefix"].ljust(6, "0")
        hit = controlled_category(code)
        if hit and hit["label"] not in codes.values():
            codes[code] = hit["label"]
    return codes


def test_an_orders_labels_are_its_distinct_controlled_labels_sorted(tmp_path):
    codes = labelled_codes()
    assert len(codes) > 62  # more labels than one word of bits holds
    every = list(codes)
    lines = [line("ALL", hs=code, no=i) for i, code in enumerate(every, 1)]
    (a, la), (b, lb) = sorted(codes.items(), key=lambda kv: kv[1])[:2]
    lines += [line("TWO", hs=b, no=1), line("TWO", hs=a, no=2), line("TWO", hs=b, no=3), line("TWO", hs="940360", no=4)]
    lines += [line("LAST", hs=every[-1], no=1), line("NONE", hs="940360", no=1)]
    orders = [order(o, "B") for o in ("ALL", "TWO", "LAST", "NONE")]
    engine = engine_with(tmp_path, [company("B", "Buyer Ltd"), company("S", "Seller Ltd")], orders, lines)
    got = dict(engine.df("SELECT order_id, controlled_labels FROM orders_x").itertuples(index=False))
    assert got["ALL"] == "; ".join(sorted(codes.values()))
    assert got["TWO"] == f"{la}; {lb}"
    assert got["LAST"] == codes[every[-1]]
    assert got["NONE"] == ""
    totals = engine.df("SELECT order_id, n_lines, n_controlled_lines, order_value FROM orders_x WHERE order_id = 'TWO'")
    assert totals.to_dict("records") == [{"order_id": "TWO", "n_lines": 4, "n_controlled_lines": 3, "order_value": 4000.0}]
