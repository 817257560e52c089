"""net.transshipment_intermediary: a party that stands in the middle of cross-border
transshipment chains (it buys, and the goods go on to someone else in another country)."""

from __future__ import annotations

import pandas as pd

from redtrace.network.typologies import chains
from redtrace.rules.base import Rule
from redtrace.rules.net_transshipment_chain import chain_strength


def compute(engine) -> pd.DataFrame:
    ch = chains(engine)
    if ch.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    ch["strength"] = chain_strength(ch)
    rows = []
    for cluster, g in ch.groupby("intermediary", sort=True):
        controlled = g[g.controlled_lines > 0]
        goods = sorted({x for gs in controlled.goods.dropna() for x in gs.split("; ")})
        n_dest = g.destination.nunique()
        sentence = (f"bought from suppliers in {', '.join(sorted(set(g.origin_country.dropna())))} and the goods went on to "
                    f"{n_dest} other {'party' if n_dest == 1 else 'parties'} in {', '.join(sorted(set(g.destination_country.dropna())))} "
                    f"({g.order_id.nunique()} orders"
                    + (f", {controlled.order_id.nunique()} with controlled goods: {'; '.join(goods)})" if goods else ")"))
        # More chains through the same middleman: a route, not an accident.
        strength = min(1.0, float(g.strength.max()) + 0.05 * (g.order_id.nunique() - 1))
        rows.append((cluster, strength, sentence))
    flagged = pd.DataFrame(rows, columns=["cluster_id", "strength", "evidence"])
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(flagged, on="cluster_id").rename(columns={"party_id": "target_id"})
    return out[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.transshipment_intermediary",
    title="Intermediary of cross-border transshipment chains",
    target="party",
    severity="low",
    indicators=("FATF08-10", "CAR20-03", "CAR20-06"),
    rationale=(
        "A buyer whose purchases go on to third parties in other countries acts as a front "
        "between suppliers and the real end users."
    ),
    compute=compute,
)
