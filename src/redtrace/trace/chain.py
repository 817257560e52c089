"""Chain of custody of a traced item: manufacturer -> [upstream seller ->] seller -> buyer ->
consignee -> recovery.

CAR's method: find the item, read its markings, ask the manufacturer whom it sold to, ask that
distributor whom it sold to, until the hop where the item left the legal chain. Here the sale is
the traced order line; the chain is read off the order and its parties, and the diversion point is
the first hop that carries a diversion sign:

- goods shipped to a consignee other than the buyer (CAR20-03);
- shipped to a country other than the buyer's own;
- shipped to, or next to, the country the item was recovered in (CAR20-04, border proximity);
- paid by a party other than the buyer (CAR20-02).

The last legitimate holder is the last party in the chain before the diversion that is not
itself flagged: the seller unless flags say the seller is compromised too. "Flagged" comes from
the screen's `parties_scored` table when it exists (score >= FLAGGED_SCORE); without scores every
party after the seller is suspect, since that is where the item was sold out of sight.

Optional joins (tables made by other stages, used when present): `clusters(party_id, cluster_id)`
for the buyer's resolved entity, `communities(party_id or cluster_id, community_id)` for its network community.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine import Engine
from redtrace.trace.context import border_region, land_borders

FLAGGED_SCORE = 0.5
# Other orders of the same buyer: a few ids are enough to pull the thread.
OTHER_ORDERS_SHOWN = 10

CHAINS_COLUMNS = (
    "item_id", "order_id", "line_no", "confidence", "manufacturer", "model",
    "seller_id", "seller_name", "seller_country",
    "buyer_id", "buyer_name", "buyer_country",
    "consignee_id", "consignee_name", "consignee_country",
    "payer_id", "order_date", "ship_to_country", "ship_to_region", "ship_to_city",
    "recovered_on", "recovered_country", "recovered_place",
    "last_legitimate_holder", "diversion_point", "diversion_signs",
    "buyer_other_orders", "buyer_other_order_count", "buyer_cluster_id", "cluster_other_orders",
    "buyer_community",
    # The purchase the traced sale's seller (a distributor) bought the item on, when the data
    # holds it (upstream.py): manufacturer -> upstream seller -> seller -> buyer.
    "upstream_order_id", "upstream_line_no", "upstream_seller_id", "upstream_seller_name", "upstream_order_date",
)


def _text(value) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value)[:10] if hasattr(value, "isoformat") else str(value).strip()


def _order_parties(engine: Engine, order_ids: list[str]) -> pd.DataFrame:
    engine.register("__trace_orders", pd.DataFrame({"order_id": pd.Series(order_ids, dtype="string")}))
    cols = set(engine.columns("orders"))
    payer = "o.payer_id" if "payer_id" in cols else "NULL"
    return engine.df(
        f"""
        SELECT o.order_id, o.order_date, o.seller_id, o.buyer_id, o.consignee_id, {payer} AS payer_id,
               o.ship_to_country, o.ship_to_region, o.ship_to_city,
               s.name AS seller_name, s.country AS seller_country,
               b.name AS buyer_name, b.country AS buyer_country,
               c.name AS consignee_name, c.country AS consignee_country
        FROM orders o
        JOIN __trace_orders t ON t.order_id = o.order_id
        LEFT JOIN parties s ON s.party_id = o.seller_id
        LEFT JOIN parties b ON b.party_id = o.buyer_id
        LEFT JOIN parties c ON c.party_id = o.consignee_id
        """
    )


def _names(engine: Engine, party_ids) -> dict[str, str]:
    """party_id -> name, for the ids given (blank ones left out)."""
    ids = sorted({_text(p) for p in party_ids} - {""})
    if not ids:
        return {}
    engine.register("__trace_named", pd.DataFrame({"party_id": pd.Series(ids, dtype="string")}))
    rows = engine.df("SELECT p.party_id, p.name FROM parties p JOIN __trace_named t ON t.party_id = p.party_id")
    return {str(k): _text(v) for k, v in zip(rows["party_id"], rows["name"])}


def _flagged(engine: Engine) -> set[str] | None:
    if not engine.has("parties_scored") or "score" not in engine.columns("parties_scored"):
        return None
    rows = engine.df(f"SELECT party_id FROM parties_scored WHERE score >= {FLAGGED_SCORE}")
    return set(rows["party_id"].astype(str))


def _orders_of(engine: Engine, by_cluster: bool) -> dict[str, list[str]]:
    """Order ids (by date) per traced buyer (`__trace_buyers`), or per traced buyer's resolved entity (clusters)."""
    if by_cluster:
        rows = engine.df(
            "SELECT c.cluster_id AS k, o.order_id FROM orders o JOIN clusters c ON c.party_id = o.buyer_id "
            "WHERE c.cluster_id IN (SELECT c2.cluster_id FROM clusters c2 JOIN __trace_buyers t ON t.party_id = c2.party_id) "
            "ORDER BY o.order_date, o.order_id"
        )
    else:
        rows = engine.df(
            "SELECT o.buyer_id AS k, o.order_id FROM orders o JOIN __trace_buyers t ON t.party_id = o.buyer_id "
            "ORDER BY o.order_date, o.order_id"
        )
    return rows.groupby(rows["k"].astype(str))["order_id"].apply(list).to_dict()


def clusters(engine: Engine) -> dict[str, str]:
    """party_id -> resolved entity (issue 5's `clusters` table), empty when it has not run."""
    if not engine.has("clusters") or not {"party_id", "cluster_id"} <= set(engine.columns("clusters")):
        return {}
    # Every party: Python strings straight from Arrow (iterating pandas' Arrow-backed columns
    # goes through pandas per value).
    rows = engine.arrow("SELECT CAST(party_id AS STRING) AS p, CAST(cluster_id AS STRING) AS c FROM clusters")
    return dict(zip(rows["p"].to_pylist(), rows["c"].to_pylist()))


def _communities(engine: Engine) -> dict[str, str]:
    """party_id -> network community of the traced buyers (`__trace_buyers`), from a
    `communities` table keyed by party or by resolved entity (the network stage writes one row
    per cluster_id)."""
    if not engine.has("communities") or "community_id" not in engine.columns("communities"):
        return {}
    cols = engine.columns("communities")
    if "party_id" in cols:
        rows = engine.df("SELECT m.party_id, m.community_id FROM communities m JOIN __trace_buyers t ON t.party_id = m.party_id")
    elif "cluster_id" in cols and engine.has("clusters"):
        rows = engine.df(
            "SELECT c.party_id, m.community_id FROM clusters c JOIN __trace_buyers t ON t.party_id = c.party_id "
            "JOIN communities m ON m.cluster_id = c.cluster_id"
        )
    else:
        return {}
    return dict(zip(rows["party_id"].astype(str), rows["community_id"].astype(str)))


def _party(role: str, party_id: str, name: str) -> str:
    label = " ".join(p for p in (party_id, f"({name})" if name and party_id else name) if p)
    return f"{role} {label}".strip()


def diversion(row: dict, flagged: set[str] | None) -> tuple[str, str, list[str]]:
    """(last legitimate holder, diversion hop, signs) for one traced sale."""
    seller, buyer = _text(row["seller_id"]), _text(row["buyer_id"])
    consignee = _text(row["consignee_id"]) or buyer
    ship, recovered = _text(row["ship_to_country"]).upper(), _text(row["recovered_country"]).upper()
    buyer_country = _text(row["buyer_country"]).upper()
    signs_sale, signs_delivery = [], []
    if consignee != buyer:
        signs_sale.append(f"shipped to consignee {consignee} instead of buyer {buyer}")
    if buyer_country and ship and ship != buyer_country:
        signs_sale.append(f"shipped to {ship}, buyer registered in {buyer_country}")
    payer = _text(row.get("payer_id"))
    if payer and payer != buyer:
        signs_sale.append(f"paid by third party {payer}")
    if recovered and ship:
        if ship == recovered:
            signs_delivery.append(f"shipped into {ship}, the country of recovery")
        elif (ship, recovered) in land_borders():
            region = border_region(ship, row["ship_to_region"], row["ship_to_city"])
            where = ", ".join(dict.fromkeys(p for p in (_text(row["ship_to_city"]), _text(row["ship_to_region"])) if p))
            if region:
                signs_delivery.append(f"shipped into the border region {region} ({ship}), next to {recovered} where it was recovered")
            else:
                signs_delivery.append(f"shipped to {ship}{' (' + where + ')' if where else ''}, bordering {recovered} where it was recovered")
    chain = [("manufacturer", "", _text(row.get("manufacturer")))]
    upstream = _text(row.get("upstream_seller_id"))
    if upstream and upstream != seller:  # the seller bought the item on a line of the data (upstream.py)
        chain.append(("upstream seller", upstream, _text(row.get("upstream_seller_name"))))
    chain += [("seller", seller, _text(row["seller_name"])), ("buyer", buyer, _text(row["buyer_name"]))]
    if consignee != buyer:
        chain.append(("consignee", consignee, _text(row["consignee_name"])))
    if flagged is None:
        at = [role for role, _, _ in chain].index("seller")  # no scores: the seller is the last party known to act lawfully
    else:
        at = 0
        while at + 1 < len(chain) and chain[at + 1][1] not in flagged:
            at += 1
    holder = _party(*chain[at])
    nxt = _party(*chain[at + 1]) if at + 1 < len(chain) else f"recovery in {recovered or 'unknown country'}"
    hop = f"{holder} -> {nxt}"
    return holder, hop, signs_sale + signs_delivery


def build_chains(engine: Engine, top: pd.DataFrame, entity: dict[str, str] | None = None) -> pd.DataFrame:
    """One chain per row of `top`: item_id, order_id, line_no, confidence, and the item's recovery
    columns (recovered_on, recovered_country, recovered_place) plus the line's manufacturer/model.
    `entity`: `clusters(engine)`, when the caller has it already."""
    if top.empty:
        return pd.DataFrame(columns=list(CHAINS_COLUMNS))
    parties = _order_parties(engine, sorted(set(top["order_id"].astype(str))))
    merged = top.merge(parties, on="order_id", how="left")
    upstream = _names(engine, merged["upstream_seller_id"] if "upstream_seller_id" in merged else [])
    flagged = _flagged(engine)
    buyers = sorted(set(merged["buyer_id"].dropna().astype(str)))
    engine.register("__trace_buyers", pd.DataFrame({"party_id": pd.Series(buyers, dtype="string")}))
    by_buyer = _orders_of(engine, by_cluster=False)
    entity = clusters(engine) if entity is None else entity
    by_cluster = _orders_of(engine, by_cluster=True) if entity else {}
    communities = _communities(engine)
    rows = []
    for row in merged.to_dict("records"):
        holder, hop, signs = diversion(row, flagged)
        buyer, order = _text(row["buyer_id"]), _text(row["order_id"])
        others = [o for o in by_buyer.get(buyer, []) if o != order]
        cluster = entity.get(buyer, "")
        cluster_others = [o for o in by_cluster.get(cluster, []) if o != order and o not in others] if cluster else []
        rows.append({
            **{c: _text(row.get(c)) for c in CHAINS_COLUMNS if c in row},
            "confidence": row["confidence"],
            "line_no": row["line_no"],
            "last_legitimate_holder": holder,
            "diversion_point": hop,
            "diversion_signs": "; ".join(signs),
            "buyer_other_orders": ";".join(others[:OTHER_ORDERS_SHOWN]),
            "buyer_other_order_count": len(others),
            "buyer_cluster_id": cluster,
            "cluster_other_orders": ";".join(cluster_others[:OTHER_ORDERS_SHOWN]),
            "buyer_community": communities.get(buyer, ""),
            "upstream_line_no": "" if _text(row.get("upstream_line_no")) == "" else int(row["upstream_line_no"]),
            "upstream_seller_name": upstream.get(_text(row.get("upstream_seller_id")), ""),
        })
    return pd.DataFrame(rows, columns=list(CHAINS_COLUMNS))
