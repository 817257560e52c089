"""net.linked_buyers: buyers that present as unrelated customers but share an address, phone,
e-mail or controller with other buyers.

FATF lists links between trading companies (same owners, same management) among the proliferation
indicators; in the CAR case one family's companies bought aluminium paste, drone parts and
surveillance kit separately. Splitting purchases across linked fronts also keeps each below a
supplier's attention.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.engine.base import records
from redtrace.network.typologies import linked_buyers
from redtrace.rules.base import RESOLVED, Rule

LINK_WORDS = {"address": "the address", "phone": "the phone", "email": "the e-mail", "controller": "the director/owner"}


def _labels(pairs: pd.DataFrame) -> pd.DataFrame:
    """`buyer, label`, each once, from rows `buyer, goods` whose goods are '; '-joined labels.

    Each distinct goods text is split once: at a million orders tens of thousands of links name a
    few hundred texts."""
    pairs = pairs.dropna().drop_duplicates()
    texts = pd.Series(pairs.goods.unique(), dtype=object)
    parts = texts.str.split("; ").explode()
    labels = pd.DataFrame({"goods": texts[parts.index].to_numpy(), "label": parts.to_numpy()})
    labels = labels[labels.label.notna() & (labels.label != "")]
    return pairs.merge(labels, on="goods")[["buyer", "label"]].drop_duplicates()


def _joined(goods: pd.DataFrame) -> pd.Series:
    """Each buyer's labels sorted and '; '-joined, by buyer; one vectorised join, not one per buyer."""
    goods = goods.sort_values(["buyer", "label"])
    buyer = goods.buyer.to_numpy()
    starts = np.flatnonzero(np.r_[True, buyer[1:] != buyer[:-1]]) if len(buyer) else np.array([], dtype=np.int64)
    lists = pa.ListArray.from_arrays(np.r_[starts, len(buyer)].astype(np.int32), pa.array(goods.label.to_numpy(object), pa.string()))
    return pd.Series(pc.binary_join(lists, "; ").to_pylist(), index=buyer[starts], dtype=object)


def compute(engine) -> pd.DataFrame:
    links = linked_buyers(engine)
    if links.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    # Rows come ordered by buyer, linked buyer, link: a buyer's first row names its first link.
    first = links.drop_duplicates("buyer").set_index("buyer")
    others = links.groupby("buyer").linked.nunique()
    goods = _labels(pd.DataFrame({
        "buyer": np.r_[first.index.to_numpy(object), links.buyer.to_numpy(object)],
        "goods": np.r_[first.buyer_goods.to_numpy(object), links.linked_goods.to_numpy(object)],
    }))
    together = _joined(goods).reindex(first.index)
    kinds = goods.groupby("buyer").size().reindex(first.index, fill_value=0)
    sentences = []
    for f, n, all_goods in zip(records(first[["link", "detail", "linked_name"]]),
                               others.reindex(first.index).tolist(), together.tolist()):
        sentence = (f"shares {LINK_WORDS.get(f.link, f.link)} '{f.detail}' with buyer '{f.linked_name}'"
                    + (f" and {n - 1} more linked buyers" if n > 1 else ""))
        if isinstance(all_goods, str):
            sentence += f"; together they bought controlled goods ({all_goods})"
        sentences.append(sentence)
    # Linked buyers of controlled goods of several kinds: the junction-point pattern.
    strength = (0.35 + 0.25 * (kinds > 0) + 0.2 * (kinds >= 2) + 0.05 * (others.reindex(first.index) - 1).clip(upper=4)).clip(upper=1.0)
    flagged = pd.DataFrame({"cluster_id": first.index, "strength": strength.to_numpy(), "evidence": sentences})
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
    reads=RESOLVED,
    about_links=True,
)
