"""net.controlled_fan_in: one receiver fed controlled goods by many sellers, often through
buyers other than itself.

Procurement networks spread their orders over many suppliers and several buying fronts so that
no supplier sees the whole; the goods converge on one consignee near the end user (aluminium
paste, sorbitol and drone parts bought by different companies, delivered to the same shops on
the Turkish-Syrian border).
"""

from __future__ import annotations

import pandas as pd

from redtrace.network.typologies import fan_in
from redtrace.rules.base import RESOLVED, Rule

MIN_SELLERS = 3


def compute(engine) -> pd.DataFrame:
    f = fan_in(engine, MIN_SELLERS)
    # Buying from several suppliers is normal for a real plant; receiving what *other* buyers
    # ordered is what makes a fan-in a network's junction point.
    f = f[f.other_buyers >= 1]
    if f.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    f = f.assign(
        strength=(0.35 + 0.15 * f.other_buyers.clip(upper=3) + 0.1 * (f.categories - 1).clip(upper=2)
                  + 0.03 * (f.sellers - MIN_SELLERS).clip(upper=5)).clip(upper=1.0),
        evidence=[
            f"received controlled goods ({r.goods}) from {r.sellers} different sellers in {r.seller_countries} "
            f"countries in {r.orders} orders" + (f", {r.other_buyers} of the buyers being other companies" if r.other_buyers else "")
            for r in f.itertuples()
        ],
    )
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(f, left_on="cluster_id", right_on="receiver").rename(columns={"party_id": "target_id"})
    return out[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.controlled_fan_in",
    title="Controlled goods converge on one receiver from many sellers",
    target="party",
    severity="low",
    indicators=("CAR20-05", "CAR20-10", "FATF08-13"),
    rationale=(
        "Controlled goods from many suppliers, ordered by several fronts, delivered to one "
        "consignee: the junction point of a procurement network."
    ),
    compute=compute,
    reads=RESOLVED,
)
