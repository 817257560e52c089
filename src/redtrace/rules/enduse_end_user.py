"""enduse.end_user_withheld: controlled goods ordered with an end user written as no one.

FinCEN and BIS (joint notice, 2023) list a customer that lacks or refuses to give details of the
end users among the red flags of export-control evasion; BIS counts reluctance to give end-use
information. A blank field is mostly a form that does not ask (most orders of most datasets leave
it empty) and says nothing here; a field filled in with a placeholder ('TBA', 'various', 'n/a',
'customer') is an answer that names no one. Placeholders are the generic phrases of reference
`generic_end_use.csv`, one- or two-character fillers, and the words for a customer in general
(`NO_ONE`).

A placeholder this dataset's buyers write routinely (at least `HABIT_SHARE` of the independent
buyers who fill the field in) is a form's default, and counts for half. The flag is stronger when
the buyer also takes the goods at the seller's door (EXW) through a forwarder it names: the buyer
then arranges the export itself, and the seller learns nothing of where the goods go (BIS: a
forwarder as the final destination, the routing left to the customer). Only orders carrying
controlled goods raise it, stronger for more severe goods.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine import Engine
from redtrace.reference.load import load
from redtrace.rules import _buyers
from redtrace.rules.base import Rule

# Words for a customer in general, not a named end user.
NO_ONE = ("customer", "customers", "client", "clients", "end user", "end-user", "end users", "user", "users",
          "buyer", "buyers", "consumer", "consumers", "third party", "third parties")
HABIT_SHARE = 0.2
# A placeholder alone, and one with the export left to the buyer's forwarder (EXW).
PLACEHOLDER, OWN_EXPORT = 0.7, 1.0
MIN_STRENGTH = 0.05
NEEDED = ("declared_end_user",)


def compute(engine: Engine) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["target_id", "strength", "evidence"])
    columns = set(engine.columns("orders_x"))
    if not set(NEEDED) <= columns:
        return empty
    _buyers.ensure(engine)
    phrases = pd.concat([load("generic_end_use")[["phrase"]], pd.DataFrame({"phrase": list(NO_ONE)})])
    phrases["phrase"] = phrases.phrase.str.strip().str.lower()
    engine.register("rt_no_end_user", phrases.drop_duplicates().astype("string"))
    exw = "upper(trim(coalesce(o.incoterm, ''))) = 'EXW'" if "incoterm" in columns else "FALSE"
    fwd = "trim(coalesce(o.freight_forwarder, '')) <> ''" if "freight_forwarder" in columns else "FALSE"
    frame = engine.df(
        f"""WITH o AS (
                SELECT o.order_id, o.buyer_id, o.buyer_name, o.controlled_labels, o.max_goods_severity, o.n_controlled_lines,
                       o.declared_end_user AS raw, lower(trim(o.declared_end_user)) AS t,
                       {exw} AS exw, {fwd} AS fwd,
                       {"o.freight_forwarder" if "freight_forwarder" in columns else "CAST(NULL AS STRING)"} AS forwarder
                FROM orders_x o WHERE trim(coalesce(o.declared_end_user, '')) <> ''),
            g AS (SELECT DISTINCT coalesce(g.grp, o.buyer_id) AS grp, o.t FROM o LEFT JOIN {_buyers.GROUP_TABLE} g ON g.party_id = o.buyer_id),
            filling AS (SELECT count(DISTINCT grp) AS n FROM g),
            habit AS (SELECT t, count(*) AS k FROM g GROUP BY t)
            SELECT o.*, h.k, f.n FROM o
            JOIN habit h ON h.t = o.t CROSS JOIN filling f
            WHERE o.n_controlled_lines > 0 AND (length(o.t) <= 2 OR o.t IN (SELECT phrase FROM rt_no_end_user))"""
    )
    engine.drop("rt_no_end_user")
    if frame.empty:
        return empty
    f = frame
    own = f.exw.astype(bool) & f.fwd.astype(bool)
    habit = (f.k - 1).clip(lower=0) / (f.n - 1).clip(lower=1) >= HABIT_SHARE
    strength = (own.map({True: OWN_EXPORT, False: PLACEHOLDER}) * habit.map({True: 0.5, False: 1.0})
                * (0.5 + 0.5 * f.max_goods_severity.fillna(0).astype(float)))
    evidence = ("declared end user '" + f.raw.astype(str).str.strip() + "' names no one, for " + f.controlled_labels.fillna("")
                + " ordered by '" + f.buyer_name.fillna("") + "'")
    evidence = evidence.where(~own, evidence + ", collected at the seller's door (EXW) by its forwarder '"
                              + f.forwarder.fillna("").astype(str) + "'")
    evidence = evidence.where(~habit, evidence + " (a placeholder many of this dataset's buyers write)")
    out = pd.DataFrame({"target_id": f.order_id, "strength": strength.astype(float), "evidence": evidence})
    return out[out.strength >= MIN_STRENGTH]


RULE = Rule(
    id="enduse.end_user_withheld",
    title="End user written as no one",
    target="order",
    severity="medium",
    indicators=("FINBIS-03", "BIS-02"),
    rationale=(
        "A customer that will not name the end user of controlled goods, least of all when it "
        "collects them through its own forwarder, is a red flag under the FinCEN/BIS joint notice "
        "and BIS guidance."
    ),
    compute=compute,
)
