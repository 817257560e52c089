"""Order lines joined to their orders once per engine, keyed by integers, for the indicators that
read the lines by buyer, seller or date (structuring, quantity, fit, combination).

At a million orders, each of those rules joining the lines to their orders on string ids, then
carrying the ids through every table, grouping and sort that follows, was most of their cost;
integers are a fraction of the work to copy, hash and sort. The first rule that asks creates:

- `rt_party_key(party_id, pk)`: parties numbered in id order;
- `rt_order_key(order_id, ok, bk, sk, order_date)`: orders numbered in id order, so ordering by
  `ok` orders by id (rules break ties by it), with their buyer's and seller's `pk`;
- `rt_unit_key(hs6, base_unit, uk)`: the goods (HS subheading) in a unit, numbered: the peer
  groups of quantities and reorder intervals;
- `rt_lines(ok, line_no, hs6, base_unit, uk, controlled, goods_severity, goods_label, base_quantity,
  bk, sk, order_date)`: every order line with its order's keys and date. `uk` is NULL when the code or
  the unit is missing: joins on them never match such lines, so they are no one's peers.

`create_group_keys` numbers a rule's groups of buyers the same way.

Strings go back on at the end, on the rows a rule flags.
"""

from __future__ import annotations

from redtrace.engine import Engine

LINES = "rt_lines"
ORDER_KEY = "rt_order_key"
PARTY_KEY = "rt_party_key"
UNIT_KEY = "rt_unit_key"


def ensure_lines(engine: Engine) -> None:
    if engine.has(LINES):
        return
    engine.create(PARTY_KEY, "SELECT party_id, row_number() OVER (ORDER BY party_id) AS pk FROM parties")
    engine.create(
        ORDER_KEY,
        f"""SELECT o.order_id, row_number() OVER (ORDER BY o.order_id) AS ok, b.pk AS bk, s.pk AS sk, o.order_date
            FROM orders o
            LEFT JOIN {PARTY_KEY} b ON b.party_id = o.buyer_id
            LEFT JOIN {PARTY_KEY} s ON s.party_id = o.seller_id""",
    )
    engine.create(
        UNIT_KEY,
        """SELECT hs6, base_unit, row_number() OVER (ORDER BY hs6, base_unit) AS uk
           FROM (SELECT DISTINCT hs6, base_unit FROM lines_x WHERE hs6 IS NOT NULL AND base_unit IS NOT NULL) u""",
    )
    engine.create(
        LINES,
        f"""SELECT o.ok, l.line_no, l.hs6, l.base_unit, u.uk, l.controlled, l.goods_severity, l.goods_label, l.base_quantity,
                   o.bk, o.sk, o.order_date
            FROM lines_x l JOIN {ORDER_KEY} o ON o.order_id = l.order_id
            LEFT JOIN {UNIT_KEY} u ON u.hs6 = l.hs6 AND u.base_unit = l.base_unit""",
    )


def create_group_keys(engine: Engine, into: str, groups: str, group: str) -> None:
    """Create `into(bk, party_id, gk)`: the parties of table `groups` with their integer key and
    their group (column `group`) numbered in the groups' order."""
    ensure_lines(engine)
    engine.create(
        into,
        f"""SELECT k.pk AS bk, k.party_id, dense_rank() OVER (ORDER BY g.{group}) AS gk
            FROM {PARTY_KEY} k JOIN {groups} g ON g.party_id = k.party_id""",
    )
