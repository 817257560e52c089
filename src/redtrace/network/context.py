"""What every network rule needs, computed once per engine: clusters, graph, party features,
controlled order lines.

Rules call `prepare(engine)`; the first call resolves parties and builds the graph, later calls
find the tables already in the engine. Tables created:

- clusters(party_id, cluster_id), party_keys (see redtrace.resolve)
- net_nodes, net_edges (see redtrace.network.graph)
- net_party_features(party_id, cluster_id, community_id, community_size, degree, betweenness,
  broker_score, communities_bridged, risk_score)
- net_controlled_lines(order_id, line_no, category, label): order lines of controlled goods
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from redtrace.network.analytics import analyse, risk_propagation
from redtrace.network.graph import build_graph

if TYPE_CHECKING:
    from redtrace.engine import Engine
    from redtrace.network.graph import ProcurementGraph

# Seeds for risk propagation: party_id, weight in (0, 1] (watchlist hits, confirmed cases).
SEEDS_TABLE = "network_seeds"


def ensure_clusters(engine: "Engine") -> None:
    if not engine.has("clusters"):
        from redtrace.resolve import resolve_parties

        resolve_parties(engine)


def seed_vertices(engine: "Engine", pg: "ProcurementGraph") -> dict[int, float]:
    if not engine.has(SEEDS_TABLE) or engine.count(SEEDS_TABLE) == 0:
        return {}
    cols = engine.columns(SEEDS_TABLE)
    weight = "max(CAST(s.weight AS DOUBLE))" if "weight" in cols else "1.0"
    seeds = engine.df(
        f"""SELECT c.cluster_id, {weight} AS weight FROM {SEEDS_TABLE} s
            JOIN clusters c ON c.party_id = s.party_id GROUP BY c.cluster_id"""
    )
    index = pg.index()
    return {index[c]: float(w) for c, w in zip(seeds.cluster_id, seeds.weight) if c in index}


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


def controlled_goods_table(engine: "Engine") -> str | None:
    """Name of a table (hs_prefix, category, label) of controlled goods, or None.

    The package's reference list when it ships one; otherwise a `controlled_goods` table the
    caller registered."""
    if engine.has("net_ref_controlled_goods"):
        return "net_ref_controlled_goods"
    try:
        from redtrace.reference import load

        ref = load("controlled_goods")[["hs_prefix", "category", "label"]].astype(str)
    except (ImportError, FileNotFoundError, KeyError):
        return "controlled_goods" if engine.has("controlled_goods") else None
    engine.register("net_ref_controlled_goods", ref)
    return "net_ref_controlled_goods"


def ensure_controlled_lines(engine: "Engine") -> None:
    if engine.has("net_controlled_lines"):
        return
    table = controlled_goods_table(engine)
    if table is None or not engine.has("order_lines"):
        engine.create(
            "net_controlled_lines",
            "SELECT CAST(NULL AS STRING) AS order_id, CAST(NULL AS BIGINT) AS line_no, "
            "CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS label WHERE 1 = 0",
        )
        return
    # Longest matching prefix wins: '760310' is aluminium powder even where '7603' is listed too.
    engine.create(
        "net_controlled_lines",
        f"""SELECT order_id, line_no, category, label FROM (
                SELECT l.order_id, l.line_no, g.category, g.label,
                       row_number() OVER (PARTITION BY l.order_id, l.line_no
                                          ORDER BY length(g.hs_prefix) DESC) AS rk
                FROM order_lines l JOIN {table} g
                  ON CAST(l.hs_code AS STRING) LIKE g.hs_prefix || '%') t
            WHERE rk = 1""",
    )


def prepare(engine: "Engine", seed: int = 0) -> None:
    ensure_clusters(engine)
    ensure_controlled_lines(engine)
    if not engine.has("net_party_features"):
        pg = build_graph(engine)
        engine.register("net_party_features", party_feature_table(engine, pg, seed))


def reference_date_sql(engine: "Engine") -> str:
    """The dataset's 'now': its latest order date (a dataset is screened as of its own data)."""
    if engine.has("orders") and engine.count("orders"):
        return "(SELECT max(order_date) FROM orders)"
    return "CURRENT_DATE"
