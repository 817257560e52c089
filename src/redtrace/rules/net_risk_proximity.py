"""net.risk_proximity: a party one or two control, identifier or consignment links away from a
seed party (a watchlist hit or a confirmed case, table `network_seeds`).

Sanctioned networks replace a listed company with a new one at the same address, with the same
director or phone; the new one is not on any list yet. FATF counts a counterparty's links to
denied parties among the proliferation red flags.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.network.context import SEEDS_TABLE
from redtrace.network.typologies import seed_proximity
from redtrace.rules.base import RESOLVED, Rule

HOP_STRENGTH = {1: 0.8, 2: 0.45}
# A tie weaker than this (one of a dozen co-tenants two links from a namesake-prone seed) is not
# worth a reviewer's time.
MIN_STRENGTH = 0.1


def compute(engine) -> pd.DataFrame:
    near = seed_proximity(engine, max_hops=max(HOP_STRENGTH))
    # As strong as the seed is sure (a weak name match spreads little) and as the links are
    # specific (a nominee of many boards, an address of many tenants, say little).
    near = near.assign(strength=near.hops.map(HOP_STRENGTH) * near.seed_weight.astype(float) * near.specificity)
    near = near[near.strength >= MIN_STRENGTH]
    if near.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    # The strongest path to each entity is its evidence.
    near = near.sort_values(["cluster_id", "strength", "hops", "path"], ascending=[True, False, True, True])
    near = near.drop_duplicates("cluster_id")
    near = near.assign(
        evidence=[
            f"{'linked' if r.hops == 1 else str(r.hops) + ' links'} to listed/flagged '{r.seed_name}': {r.path}"
            for r in records(near)
        ],
    )
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(near, on="cluster_id").rename(columns={"party_id": "target_id"})
    return out[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.risk_proximity",
    title="Closely linked to a listed or flagged party",
    target="party",
    severity="medium",
    indicators=("FATF08-03", "BIS-01", "FATF08-09"),
    rationale=(
        "Parties sharing a director, address, phone or consignments with a listed party are "
        "likely its successors or fronts, before any list names them."
    ),
    compute=compute,
    reads=RESOLVED,
    about_links=True,
    needs=(SEEDS_TABLE,),
)
