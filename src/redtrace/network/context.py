"""What every network rule needs, computed once per engine: clusters, graph, party features;
and the controlled order lines, read from the normalised lines (`CONTROLLED_LINES`).

Rules call `prepare(engine)`; the first call resolves parties and builds the graph, later calls
find the tables already in the engine. Tables created (the features and communities only by
`ensure_party_features` / `ensure_communities`):

- clusters(party_id, cluster_id), party_keys (see redtrace.resolve)
- net_nodes, net_edges (see redtrace.network.graph)
- net_party_features(party_id, cluster_id, community_id, community_size, degree, betweenness,
  broker_score, communities_bridged, risk_score)
- communities(cluster_id, community_id)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from redtrace.network.analytics import analyse, communities, risk_propagation
from redtrace.network.graph import build_edges, load_graph

if TYPE_CHECKING:
    from redtrace.engine import Engine
    from redtrace.network.graph import ProcurementGraph

# Seeds for risk propagation: party_id, weight in (0, 1] (watchlist hits, confirmed cases).
SEEDS_TABLE = "network_seeds"


def ensure_clusters(engine: "Engine") -> None:
    if not engine.has("clusters"):
        from redtrace.resolve import resolve_parties

        resolve_parties(engine)


def seed_weights(engine: "Engine") -> dict[str, float]:
    """Seed clusters (see SEEDS_TABLE) and how bad each is, 1.0 where the table gives no weight."""
    if not engine.has(SEEDS_TABLE) or engine.count(SEEDS_TABLE) == 0:
        return {}
    weight = "max(CAST(s.weight AS DOUBLE))" if "weight" in engine.columns(SEEDS_TABLE) else "1.0"
    seeds = engine.df(
        f"""SELECT c.cluster_id, {weight} AS weight FROM {SEEDS_TABLE} s
            JOIN clusters c ON c.party_id = s.party_id GROUP BY c.cluster_id"""
    )
    return {c: float(w) for c, w in zip(seeds.cluster_id, seeds.weight) if w > 0}


def seed_vertices(engine: "Engine", pg: "ProcurementGraph") -> dict[int, float]:
    index = pg.index()
    return {index[c]: w for c, w in seed_weights(engine).items() if c in index}


def party_feature_table(engine: "Engine", pg: "ProcurementGraph", seed: int = 0) -> pd.DataFrame:
    g = pg.undirected()
    a = analyse(g, seed=seed)
    risk = risk_propagation(g, seed_vertices(engine, pg))
    per_node = pd.DataFrame(
        {
            "cluster_id": g.vs["name"],
            "community_id": a.community,
            "community_size": a.community_size,
            "degree": a.degree,
            "betweenness": a.betweenness,
            "broker_score": a.broker_score,
            "communities_bridged": a.communities_bridged,
            "risk_score": risk if len(risk) else np.zeros(g.vcount()),
        }
    )
    clusters = engine.df("SELECT party_id, cluster_id FROM clusters ORDER BY party_id")
    return clusters.merge(per_node, on="cluster_id", how="left")


# Order lines of controlled goods (order_id, line_no, category, label), as a subquery: the normalised
# lines already carry each line's controlled-goods category (longest HS prefix, see
# redtrace.normalise), and the typologies read the lines of a few orders, so a copy of every
# controlled line (most lines, in a world of controlled goods) would cost more than it saves.
CONTROLLED_LINES = "(SELECT order_id, line_no, category, goods_label AS label FROM lines_x WHERE controlled)"


def ensure_controlled_lines(engine: "Engine") -> None:
    """The normalised lines `CONTROLLED_LINES` reads."""
    if not engine.has("lines_x"):
        from redtrace.normalise import normalise

        normalise(engine)


def prepare(engine: "Engine") -> None:
    """What the network rules read: clusters, the graph (`net_nodes`, `net_edges`), controlled lines."""
    ensure_controlled_lines(engine)
    ensure_graph(engine)


def ensure_graph(engine: "Engine") -> None:
    """Clusters and the graph's tables (`net_nodes`, `net_edges`); the rules never read the igraph object."""
    ensure_clusters(engine)
    if not engine.has("net_edges"):
        build_edges(engine)


def ensure_party_features(engine: "Engine", seed: int = 0) -> None:
    """`net_party_features`: communities, brokers and propagated risk per party, for `redtrace
    network`. The screen's rules do not read them, so the screen does not pay for betweenness."""
    prepare(engine)
    if not engine.has("net_party_features"):
        engine.register("net_party_features", party_feature_table(engine, load_graph(engine), seed))


def ensure_communities(engine: "Engine", graph: "ProcurementGraph | None" = None, seed: int = 0) -> None:
    """`communities(cluster_id, community_id)`: each resolved entity's Leiden community, the
    same communities `redtrace network` writes. Only the graph is needed (pass it when it is
    loaded already): after the screen's indicators the normalised lines are gone, and controlled
    lines would mean normalising again."""
    ensure_graph(engine)
    if not engine.has("communities"):
        g = (graph or load_graph(engine)).undirected()
        engine.register("communities", pd.DataFrame({"cluster_id": g.vs["name"], "community_id": communities(g, seed)}))


def reference_date_sql(engine: "Engine") -> str:
    """The dataset's 'now': its latest order date (a dataset is screened as of its own data)."""
    if engine.has("orders") and engine.count("orders"):
        return "(SELECT max(order_date) FROM orders)"
    return "CURRENT_DATE"
