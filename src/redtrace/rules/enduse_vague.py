"""enduse.vague: controlled goods ordered with a missing, empty-worded or borrowed end-use statement.

A buyer unwilling or unable to say what the goods are for is a red flag in every guidance (BIS:
'reluctant to offer end-use information'; EU 2019/1148 Art. 9: 'unclear about the intended use';
UK: 'does not want to say what the product is for'). Informativeness is measured on the data:

- *missing*: no statement at all (weighted down when most orders of the data lack one: then the
  field is simply not captured);
- *generic*: a phrase that names no use (reference `generic_end_use.csv`, several languages), a
  one- or two-character placeholder, or a text used across most lines of business in the data
  ('for resale' from bakeries, quarries and phone shops alike);
- *borrowed*: a specific statement that buyers of other activities make and buyers of this one
  never do (a phone shop ordering hydrogen peroxide for 'paint production'): the share of this
  division's independent buyers using the text (leave-one-out, shrunk toward its share among all
  buyers) against its share among all buyers.

A generic phrase that this buyer's own trade uses routinely ('stock' from wholesalers) counts for
half. Only orders carrying controlled goods raise the flag, stronger for more severe goods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redtrace.engine import Engine
from redtrace.reference.load import load
from redtrace.reference.lookup import nace_title
from redtrace.rules import _buyers
from redtrace.rules.base import Rule

# A text used by buyers in at least this share of the data's activity divisions says nothing specific.
SPREAD_FROM, SPREAD_FULL = 0.2, 0.5
MIN_DIVISIONS = 5  # fewer lines of business in the data say nothing about spread
# A borrowed text: its share among this division's buyers is this many times below its share overall.
LIFT_FULL = 20.0
MIN_OTHER_USERS = 3
M_TEXT = 4.0
# A generic phrase this share of the buyer's own division uses is that trade's habit.
HABIT_SHARE = 0.2
MIN_STRENGTH = 0.05
# How much each kind says. Measured on synthetic worlds (3 seeds): a borrowed statement marked an
# illicit order 4 times in 10, a generic phrase or a missing statement about 1 in 12 to 1 in 16
# (base rate 1 in 45), a merely widespread text no more often than chance. Vague wording is
# common among honest customers; what betrays a front is a purpose copied from another trade.
W_MISSING, W_LISTED, W_SPREAD, W_BORROWED = 0.35, 0.4, 0.15, 1.0


def compute(engine: Engine) -> pd.DataFrame:
    _buyers.ensure(engine)
    generic = load("generic_end_use")[["phrase"]].drop_duplicates()
    generic["phrase"] = generic.phrase.str.strip().str.lower()
    engine.register("rt_generic_end_use", generic.astype("string"))
    # Every count below is about which buyers write which text, so the orders are first reduced to
    # their distinct (buyer, statement as written) pairs: the million orders are hashed once, and
    # the joins to buyer groups and activities, the lower-casing and the counts run on those pairs.
    frame = engine.df(
        f"""WITH bw AS (
                SELECT buyer_id, coalesce(declared_end_use, '') AS raw,
                       sum(CASE WHEN n_controlled_lines > 0 THEN 1 ELSE 0 END) AS n_controlled
                FROM orders_x GROUP BY buyer_id, coalesce(declared_end_use, '')),
            e AS (
                SELECT bw.buyer_id, bw.raw, bw.n_controlled, g.grp, n.c2,
                       CASE WHEN trim(bw.raw) = '' THEN NULL ELSE lower(trim(bw.raw)) END AS t
                FROM bw
                LEFT JOIN {_buyers.GROUP_TABLE} g ON g.party_id = bw.buyer_id
                LEFT JOIN {_buyers.NACE_TABLE} n ON n.party_id = bw.buyer_id),
            u AS (SELECT DISTINCT grp, c2, t FROM e WHERE t IS NOT NULL AND grp IS NOT NULL),
            tt AS (SELECT t, count(DISTINCT grp) AS t_groups, count(DISTINCT c2) AS t_divs FROM u GROUP BY t),
            dd AS (SELECT c2, count(DISTINCT grp) AS d_groups FROM e WHERE c2 IS NOT NULL GROUP BY c2),
            dt AS (SELECT c2, t, count(DISTINCT grp) AS dt_groups FROM u WHERE c2 IS NOT NULL GROUP BY c2, t),
            tot AS (SELECT count(DISTINCT grp) AS groups, count(DISTINCT c2) AS divs,
                           CAST(sum(CASE WHEN t IS NULL THEN n_controlled ELSE 0 END) AS DOUBLE) / sum(n_controlled) AS missing_share
                    FROM e WHERE n_controlled > 0)
            , f AS (
            SELECT e.buyer_id, e.raw, e.c2, e.t,
                   tt.t_groups, tt.t_divs, dd.d_groups, coalesce(dt.dt_groups, 0) AS dt_groups,
                   tot.groups, tot.divs, tot.missing_share,
                   CASE WHEN gp.phrase IS NOT NULL OR length(e.t) <= 2 THEN 1 ELSE 0 END AS listed
            FROM e LEFT JOIN tt ON tt.t = e.t
            LEFT JOIN dd ON dd.c2 = e.c2
            LEFT JOIN dt ON dt.c2 = e.c2 AND dt.t = e.t
            LEFT JOIN rt_generic_end_use gp ON gp.phrase = e.t
            CROSS JOIN tot
            WHERE e.n_controlled > 0),
            g AS (
            SELECT f.*, t_groups - 1 AS others,
                   greatest((t_groups - 1.0) / greatest(groups - 1, 1), 1e-6) AS share_all,
                   CASE WHEN greatest(dt_groups - 1, 0) * 1.0 / greatest(d_groups - 1, 1) >= {HABIT_SHARE} THEN 0.5 ELSE 1.0 END AS habit,
                   CASE WHEN t IS NOT NULL THEN 0.0 WHEN missing_share <= 0.1 THEN 1.0
                        ELSE greatest(0.1, least(1.0, ln(greatest(missing_share, 1e-6)) / ln(0.1))) END AS s_missing,
                   CASE WHEN t_groups >= 5 AND divs >= {MIN_DIVISIONS}
                        THEN least(1.0, greatest(0.0, (t_divs * 1.0 / divs - {SPREAD_FROM}) / {SPREAD_FULL - SPREAD_FROM})) ELSE 0.0 END AS s_spread
            FROM f),
            h AS (
            SELECT g.*,
                   CASE WHEN others >= {MIN_OTHER_USERS} AND c2 IS NOT NULL AND listed = 0 THEN
                        least(1.0, greatest(0.0, -ln(((greatest(dt_groups - 1, 0) + {M_TEXT} * share_all) / (greatest(d_groups - 1, 0) + {M_TEXT}))
                                                 / share_all) / ln({LIFT_FULL})))
                        ELSE 0.0 END AS s_borrowed
            FROM g),
            k AS (
            SELECT h.*, {W_MISSING} * s_missing AS k0, {W_LISTED} * listed * habit AS k1, {W_SPREAD} * s_spread * habit AS k2,
                   {W_BORROWED} * s_borrowed AS k3
            FROM h),
            said AS (
            SELECT k.*, CASE WHEN k3 >= greatest(k0, k1, k2) THEN 3 WHEN k0 >= greatest(k1, k2) THEN 0 WHEN k1 >= k2 THEN 1 ELSE 2 END AS kind,
                   greatest(k0, k1, k2, k3) AS said
            FROM k WHERE greatest(k0, k1, k2, k3) > 0)
            SELECT o.order_id, o.buyer_name, o.controlled_labels, s.raw, s.c2, s.others, s.t_divs, s.divs, s.dt_groups, s.kind,
                   s.said * (0.5 + 0.5 * coalesce(o.max_goods_severity, 0)) AS strength
            FROM orders_x o JOIN said s ON s.buyer_id = o.buyer_id AND s.raw = coalesce(o.declared_end_use, '')
            WHERE o.n_controlled_lines > 0 AND s.said * (0.5 + 0.5 * coalesce(o.max_goods_severity, 0)) >= {MIN_STRENGTH}"""
    )
    if frame.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    f = frame
    divisions = f.c2.dropna().unique()  # a few dozen titles for many thousand orders
    quoted = lambda g: "declared end use '" + g.raw.fillna("") + "'"  # noqa: E731
    # Each kind's words are spelled for the orders of that kind only.
    words = pd.Series("", index=f.index)
    words[f.kind == 0] = "no declared end use"
    if (f.kind == 1).any():
        g = f[f.kind == 1]
        words[g.index] = quoted(g) + " names no use"
    if (f.kind == 2).any():
        g = f[f.kind == 2]
        words[g.index] = (
            quoted(g) + " is used by buyers in " + g.t_divs.fillna(0).astype(int).astype(str) + " of the "
            + g.divs.astype(int).astype(str) + " lines of business in the data"
        )
    if (f.kind == 3).any():
        g = f[f.kind == 3]
        division = g.c2.map({c: f"{c} ({nace_title(c)})" for c in divisions}).fillna("")
        words[g.index] = (
            quoted(g) + " is what " + g.others.fillna(0).astype(int).astype(str) + " other buyers declare, none of them in division "
            + division + " like this buyer"
        ).where(g.dt_groups <= 1, quoted(g) + " is rare in division " + division + " and common elsewhere")
    evidence = words + " for " + f.controlled_labels.fillna("") + " ordered by '" + f.buyer_name.fillna("") + "'"
    return pd.DataFrame({"target_id": f.order_id, "strength": f.strength, "evidence": evidence})


RULE = Rule(
    id="enduse.vague",
    title="End use missing, generic or not the buyer's own",
    target="order",
    severity="medium",
    indicators=("BIS-02", "EU-01", "UK-07", "FATF08-18"),
    rationale=(
        "A customer reluctant or unable to say what controlled goods are for is a red flag under BIS, "
        "Reg. (EU) 2019/1148 Art. 9 and UK Home Office guidance."
    ),
    compute=compute,
)
