"""net.linked_buyers: buyers that present as unrelated customers but share an address, phone,
e-mail or controller with other buyers.

FATF lists links between trading companies (same owners, same management) among the proliferation
indicators; in the CAR case one family's companies bought aluminium paste, drone parts and
surveillance kit separately. Splitting purchases across linked fronts also keeps each below a
supplier's attention.
"""

from __future__ import annotations

import pandas as pd

from redtrace.network.typologies import linked_buyers
from redtrace.rules.base import Rule

LINK_WORDS = {"address": "the address", "phone": "the phone", "email": "the e-mail", "controller": "the director/owner"}


def compute(engine) -> pd.DataFrame:
    links = linked_buyers(engine)
    if links.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    rows = []
    for buyer, g in links.groupby("buyer", sort=True):
        first = g.iloc[0]
        others = g.linked.nunique()
        own = set(filter(None, first.buyer_goods.split("; "))) if isinstance(first.buyer_goods, str) else set()
        theirs = set(filter(None, "; ".join(x for x in g.linked_goods if isinstance(x, str)).split("; ")))
        categories = int(first.buyer_categories) + int(g.linked_categories.max())
        sentence = (f"shares {LINK_WORDS.get(first.link, first.link)} '{first.detail}' with buyer '{first.linked_name}'"
                    + (f" and {others - 1} more linked buyers" if others > 1 else ""))
        if own or theirs:
            sentence += f"; together they bought controlled goods ({'; '.join(sorted(own | theirs))})"
        # Linked buyers of controlled goods of several kinds: the junction-point pattern.
        strength = 0.35 + 0.25 * bool(own or theirs) + 0.2 * (len(own | theirs) >= 2) + 0.05 * min(others - 1, 4)
        rows.append((buyer, min(1.0, strength), sentence))
    flagged = pd.DataFrame(rows, columns=["cluster_id", "strength", "evidence"])
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(flagged, on="cluster_id").rename(columns={"party_id": "target_id"})
    return out[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.linked_buyers",
    title="Buyer linked to other buyers by shared identifiers or controllers",
    target="party",
    severity="medium",
    indicators=("FATF08-09", "CAR20-05"),
    rationale=(
        "Customers that look independent but share an address, phone, e-mail or director act "
        "together; purchases split across them hide the whole."
    ),
    compute=compute,
)
