"""Procurement typologies found in the resolved network, as tables the net_* rules turn into flags.

Each function returns a pandas DataFrame with the numbers its evidence sentence needs. All work on
clusters (resolved entities), so a front company written three ways counts once, and a buyer
shipping to itself under another spelling is not a third party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from redtrace.network.context import prepare, seed_weights
from redtrace.network.graph import MAX_CLIQUE

if TYPE_CHECKING:
    from redtrace.engine import Engine


def _cluster_info(engine: "Engine") -> str:
    """Table `net_cluster_info` (cluster_id, country, name), made once: typologies join it several
    times per query, and a materialised table gives the join planner true sizes."""
    if not engine.has("net_cluster_info"):
        cols = set(engine.columns("parties"))
        country = "max(p.country)" if "country" in cols else "CAST(NULL AS STRING)"
        engine.create(
            "net_cluster_info",
            f"""SELECT c.cluster_id, {country} AS country,
                       max(CASE WHEN p.party_id = c.cluster_id THEN p.name END) AS name
                FROM clusters c JOIN parties p ON p.party_id = c.party_id GROUP BY c.cluster_id""",
        )
    return "SELECT * FROM net_cluster_info"


def _order_goods(engine: "Engine") -> str:
    """Per order: controlled categories (labels joined) and total controlled lines."""
    agg = engine.dialect.string_agg("label", "; ")
    return f"""SELECT order_id, {agg} AS goods, count(*) AS controlled_lines,
                      count(DISTINCT category) AS categories
               FROM net_controlled_lines GROUP BY order_id"""


def chains(engine: "Engine") -> pd.DataFrame:
    """Goods routed through an intermediary across two borders.

    One order whose buyer has the goods shipped to a different party in a third country
    (seller A -> buyer B -> consignee C). Re-sale chains (A sells to B, B sells the same heading on
    to C abroad) are not searched: pairing every purchase of a distributor with every sale ran out
    of memory on a million orders and found none in our worlds. Columns: order_id,
    intermediary (cluster), partner clusters, countries, goods (controlled labels or NULL),
    shape ('consigned' | 'resold'), other_order_id."""
    prepare(engine)
    cols = set(engine.columns("orders"))
    info = _cluster_info(engine)
    goods = _order_goods(engine)
    if "consignee_id" not in cols:
        return pd.DataFrame()
    engine.create(
        "net_consigned_orders",
        """SELECT o.order_id, cs.cluster_id AS origin, cb.cluster_id AS intermediary, cc.cluster_id AS destination,
                  o.ship_to_country, o.order_date
           FROM orders o
           JOIN clusters cs ON cs.party_id = o.seller_id
           JOIN clusters cb ON cb.party_id = o.buyer_id
           JOIN clusters cc ON cc.party_id = o.consignee_id
           WHERE cc.cluster_id <> cb.cluster_id AND cc.cluster_id <> cs.cluster_id""",
    )
    return engine.df(
        f"""WITH info AS ({info}), goods AS ({goods}),
            ch AS (
                SELECT o.order_id, 'consigned' AS shape, o.intermediary, o.origin, o.destination,
                       si.country AS origin_country, bi.country AS intermediary_country,
                       coalesce(o.ship_to_country, ci.country) AS destination_country,
                       CAST(NULL AS STRING) AS other_order_id, o.order_date,
                       si.name AS origin_name, bi.name AS intermediary_name, ci.name AS destination_name
                FROM net_consigned_orders o
                JOIN info si ON si.cluster_id = o.origin
                JOIN info bi ON bi.cluster_id = o.intermediary
                JOIN info ci ON ci.cluster_id = o.destination
                WHERE si.country <> bi.country AND coalesce(o.ship_to_country, ci.country) <> bi.country)
            SELECT ch.*, g.goods, coalesce(g.controlled_lines, 0) AS controlled_lines
            FROM ch LEFT JOIN goods g ON g.order_id = ch.order_id
            ORDER BY ch.order_id"""
    )


def fan_in(engine: "Engine", min_sellers: int = 3) -> pd.DataFrame:
    """Receivers of controlled goods (the consignee, else the buyer) supplied by many sellers,
    especially through buyers other than themselves: one end user fed by many channels."""
    prepare(engine)
    receiver = "coalesce(o.consignee_id, o.buyer_id)" if "consignee_id" in engine.columns("orders") else "o.buyer_id"
    agg = engine.dialect.string_agg("cl.label", "; ")
    return engine.df(
        f"""WITH info AS ({_cluster_info(engine)}),
            flows AS (
                SELECT cr.cluster_id AS receiver, cs.cluster_id AS seller, cb.cluster_id AS buyer,
                       si.country AS seller_country, o.order_id, cl.category, cl.label
                FROM orders o
                JOIN net_controlled_lines cl ON cl.order_id = o.order_id
                JOIN clusters cr ON cr.party_id = {receiver}
                JOIN clusters cs ON cs.party_id = o.seller_id
                JOIN clusters cb ON cb.party_id = o.buyer_id
                JOIN info si ON si.cluster_id = cs.cluster_id)
            SELECT f.receiver, i.name AS receiver_name,
                   count(DISTINCT f.seller) AS sellers,
                   count(DISTINCT f.seller_country) AS seller_countries,
                   count(DISTINCT CASE WHEN f.buyer <> f.receiver THEN f.buyer END) AS other_buyers,
                   count(DISTINCT f.order_id) AS orders,
                   count(DISTINCT f.category) AS categories,
                   {agg.replace('cl.label', 'f.label')} AS goods
            FROM flows f JOIN info i ON i.cluster_id = f.receiver
            GROUP BY f.receiver, i.name
            HAVING count(DISTINCT f.seller) >= {min_sellers}
            ORDER BY f.receiver"""
    )


def linked_buyers(engine: "Engine") -> pd.DataFrame:
    """Buyers (clusters) linked to other buyers by a shared address, phone or e-mail, or by a
    common director/owner. One row per (buyer, linked buyer, link)."""
    prepare(engine)
    rel = ""
    if engine.has("relations") and engine.count("relations"):
        rel = f"""UNION ALL
            SELECT DISTINCT ca.cluster_id AS a, cb.cluster_id AS b, 'controller' AS link, pc.name AS detail
            FROM relations ra JOIN relations rb ON ra.source_id = rb.source_id
            JOIN clusters ca ON ca.party_id = ra.target_id JOIN clusters cb ON cb.party_id = rb.target_id
            JOIN parties pc ON pc.party_id = ra.source_id
            -- A person behind nominally unrelated buyers, not a parent company: sister
            -- subsidiaries of a group are on record as such and buy for the group's trade.
            WHERE lower(pc.kind) = 'person'
              AND ra.kind IN ('director', 'owner', 'shareholder', 'representative')
              AND rb.kind IN ('director', 'owner', 'shareholder', 'representative')
              AND ca.cluster_id <> cb.cluster_id
              -- A controller of dozens of companies is a formation agent's nominee (its own
              -- rule); pairing all its companies would swamp the table.
              AND ra.source_id IN (SELECT source_id FROM relations GROUP BY source_id
                                   HAVING count(*) <= {MAX_CLIQUE})"""
    return engine.df(
        f"""WITH info AS ({_cluster_info(engine)}),
            buyers AS (SELECT DISTINCT c.cluster_id FROM orders o JOIN clusters c ON c.party_id = o.buyer_id),
            buyer_goods AS (
                SELECT c.cluster_id, count(DISTINCT cl.category) AS categories,
                       {engine.dialect.string_agg('cl.label', '; ')} AS goods
                FROM orders o JOIN clusters c ON c.party_id = o.buyer_id
                JOIN net_controlled_lines cl ON cl.order_id = o.order_id GROUP BY c.cluster_id),
            links AS (
                SELECT source AS a, target AS b, replace(kind, 'same_', '') AS link, detail
                FROM net_edges WHERE kind LIKE 'same_%'
                UNION ALL
                SELECT target AS a, source AS b, replace(kind, 'same_', '') AS link, detail
                FROM net_edges WHERE kind LIKE 'same_%'
                {rel})
            SELECT l.a AS buyer, ia.name AS buyer_name, l.b AS linked, ib.name AS linked_name,
                   l.link, l.detail, ga.goods AS buyer_goods, gb.goods AS linked_goods,
                   coalesce(ga.categories, 0) AS buyer_categories, coalesce(gb.categories, 0) AS linked_categories
            FROM links l
            JOIN buyers ba ON ba.cluster_id = l.a JOIN buyers bb ON bb.cluster_id = l.b
            JOIN info ia ON ia.cluster_id = l.a JOIN info ib ON ib.cluster_id = l.b
            LEFT JOIN buyer_goods ga ON ga.cluster_id = l.a
            LEFT JOIN buyer_goods gb ON gb.cluster_id = l.b
            ORDER BY l.a, l.b, l.link, l.detail"""
    )


# Links through which suspicion travels: control and identifiers shared by a few parties. Not
# trade (a supplier that once sold to a listed party is not thereby close to it), and not a
# formation agent's address shared by hundreds (`registered_at`).
PROXIMITY_KINDS = ("director", "owner", "shareholder", "representative", "family", "associate",
                   "same_address", "same_phone", "same_email")


def seed_proximity(engine: "Engine", max_hops: int = 2) -> pd.DataFrame:
    """Clusters within `max_hops` control/identifier/consignment links of a seed party
    (table network_seeds): cluster_id, hops, seed (cluster), seed_name, seed_weight, path (words)."""
    from redtrace.network.graph import load_graph

    prepare(engine)
    empty = pd.DataFrame(columns=["cluster_id", "hops", "seed", "seed_name", "seed_weight", "path"])
    seeds = seed_weights(engine)
    if not seeds:
        return empty
    pg = load_graph(engine)
    g = pg.graph.subgraph_edges(pg.graph.es.select(kind_in=PROXIMITY_KINDS), delete_vertices=False)
    g = g.as_undirected(mode="each")
    names, labels, kinds = g.vs["name"], g.vs["label"], g.es["kind"]
    index = {n: i for i, n in enumerate(names)}
    seed_ids = [index[s] for s in seeds if s in index]
    if not seed_ids:
        return empty
    # Multi-source BFS: a virtual root joined to every seed; depth - 1 = hops to nearest seed.
    root = g.vcount()
    g.add_vertices(1)
    g.add_edges([(root, s) for s in seed_ids], attributes={"kind": ["seed"] * len(seed_ids)})
    order, _, parents = g.bfs(root)
    depth = {root: 0}
    rows = []
    for v in order[1:]:
        depth[v] = depth[parents[v]] + 1
        hops = depth[v] - 1
        if hops == 0 or hops > max_hops or not names[v] or ":" in names[v]:
            continue
        # Walk back to the seed, describing each link.
        steps, u = [], v
        while parents[u] != root:
            p = parents[u]
            kind = kinds[g.get_eid(u, p)]
            steps.append(f"{kind.replace('_', ' ')} '{labels[p]}'")
            u = p
        rows.append((names[v], hops, names[u], labels[u], seeds[names[u]], " -> ".join(steps)))
    return pd.DataFrame(rows, columns=empty.columns).sort_values("cluster_id").reset_index(drop=True)
