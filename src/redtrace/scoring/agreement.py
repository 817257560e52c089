"""How far each indicator agrees with the others in this dataset, as a factor on its default weight.

The red flags of a diversion come together (FATF 2008, CAR 2020: a company formed weeks before,
an end use that fits nothing, a stranger paying, on one order), while a trait of ordinary business
(a large customer's large orders, a distributor's exports to a hub) is not followed by other
evidence. If indicators are independent given the truth, the chance that the *other* indicators
find an order odd is a on illicit orders and b on legitimate ones, so on the orders of a rule of
precision p it is p a + (1 - p) b: its lift over the orders the rule leaves alone grows with how
much better than the base rate the rule is, and a rule no better than chance has no lift. Weak
supervision estimates labellers' accuracies from the same identity (Dawid & Skene 1979; Ratner et
al. 2016, data programming).

Two indicators can also fire together on the same honest cases (a name like a listed one, from a
country under embargo), and then vouch only for each other: a family's lift is measured without
the one other family that vouches for it most (the least of those lifts), so corroboration must
come from more than one witness.

A family whose orders draw other evidence at least `CORROBORATED` times as often as the rest keeps
its weight; below, it keeps log(lift) / log(CORROBORATED) of it, at least `FLOOR`. This matters
when a dataset lacks the columns an indicator needs to tell honest cases apart (peers by activity,
links between parties, where a buyer is registered): the indicator then fires on routine orders
that nothing else finds odd, and should not outweigh the ones still telling. With every column,
indicators are corroborated and keep their weights.

A family whose flags weigh as their strength (Rule.strength_is_confidence: a name match, whose
strength is the chance that the party is the listed one) is measured on its orders weighted by
what it counts for on each: a list screening finds a few listed buyers and
hundreds of weak namesakes, and the namesakes, which weigh next to nothing, must not make the
hits look uncorroborated. Other families count each order once, as before.

Measured per family of rules (`scoring.order_families.family`): a rule is not corroborated by its
own restatement. A family on most orders keeps its weight (the orders without it are the odd
minority, no yardstick; rarity already weighs it down), and so does one on too few orders to
measure (`MIN_ORDERS`).
"""

from __future__ import annotations

import math

import pandas as pd

from redtrace.engine import Engine

FLOOR = 0.1  # even a rule nothing corroborates keeps a tenth of its weight: its evidence still shows
MIN_ORDERS = 30  # orders a family must touch for its agreement to be measured
CORROBORATED = 2.0  # lift at which a family keeps its whole weight: its orders draw other evidence twice as often
MOST = 0.5  # share of orders above which a family has no orders without it to compare with
MAX_CONTRIBUTION = 0.999  # as in scoring: keeps log(1 - c) finite


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def agreement_factors(engine: Engine, families: str = "order_families", graded: frozenset[str] = frozenset()) -> dict[str, float]:
    """family -> factor (< 1) on its contributions, from `families` (order_id, family, counted: what
    the family counts for on the order, one row per order and family); families absent keep
    their weight. The orders of a family in `graded` (one whose flags weigh as their strength,
    Rule.strength_is_confidence) count as much as the family counts on them."""
    n = int(engine.scalar("SELECT count(*) FROM orders") or 0)
    engine.create(
        "rt_agree_totals",
        f"SELECT order_id, sum(ln(1 - least(counted, {MAX_CONTRIBUTION}))) AS tot FROM {families} GROUP BY order_id",
    )
    one = "CAST(1 AS DOUBLE)"
    weight = f"CASE WHEN f.family IN ({', '.join(_q(f) for f in sorted(graded))}) THEN CAST(f.counted AS DOUBLE) ELSE {one} END" if graded else one
    engine.create(
        "rt_agree_orders",
        f"""SELECT f.order_id, f.family, ln(1 - least(f.counted, {MAX_CONTRIBUTION})) AS lg, t.tot, {weight} AS w
            FROM {families} f JOIN rt_agree_totals t ON t.order_id = f.order_id""",
    )
    # Per family: orders, other evidence on them, their scores, and what it adds to all scores.
    fam = engine.df(
        """SELECT family, count(*) AS k, sum(1 - exp(tot - lg)) AS other, sum(1 - exp(tot)) AS score,
                  sum(exp(tot - lg) - exp(tot)) AS adds, sum(w) AS wk, sum(w * (1 - exp(tot - lg))) AS wother
           FROM rt_agree_orders GROUP BY family""")
    # Per pair (r, s) on shared orders: what s adds to r's other evidence (a) and to their scores
    # (b); only for the families measured (below).
    measured = [f for f, k in zip(fam.family, fam.k) if MIN_ORDERS <= k < MOST * n]
    pairs = engine.df(
        f"""SELECT r.family AS r, s.family AS s, sum(r.w * (exp(r.tot - r.lg - s.lg) - exp(r.tot - r.lg))) AS a,
                   sum(exp(r.tot - s.lg) - exp(r.tot)) AS b
            FROM rt_agree_orders r JOIN rt_agree_orders s ON s.order_id = r.order_id AND s.family <> r.family
            WHERE r.family IN ({', '.join(_q(f) for f in measured)})
            GROUP BY r.family, s.family""") if measured else pd.DataFrame(columns=["r", "s", "a", "b"])
    all_score = float(engine.scalar("SELECT sum(1 - exp(tot)) FROM rt_agree_totals") or 0.0)
    engine.drop("rt_agree_totals", "rt_agree_orders")
    fam = fam.set_index("family")
    lifts = {}
    for family, row in fam.iterrows():
        if family not in measured:
            continue
        k = int(row.k)
        # Lift of the family in the evidence of every other family but one, for the one that
        # vouches for it most (none left out: as measured); orders without it are the yardstick.
        candidates = [(0.0, 0.0, 0.0)] + [(p.a, p.b, fam.adds[p.s]) for p in pairs[pairs.r == family].itertuples(index=False)]
        worst = None
        for a, b, adds in candidates:
            off = (all_score - adds - (row.score - b)) / (n - k)
            if off > 0 and row.wk > 0:
                lift = ((row.wother - a) / row.wk) / off
                worst = lift if worst is None else min(worst, lift)
        if worst is not None:
            lifts[family] = worst
    return {f: max(FLOOR, math.log(max(lift, 1.0)) / math.log(CORROBORATED)) for f, lift in lifts.items() if lift < CORROBORATED}
