"""The procurement graph: resolved parties as nodes; control, trade and shared identifiers as edges.

Nodes are clusters (resolved entities), so three records of one front company are one node.
Edges, each with a `kind` and a `weight` (how many rows support it):

- relations: `director`, `owner`, ... from relations.csv, source -> target;
- trade, per order: `sells_to` (seller -> buyer), `ships_to` (buyer -> consignee, when they
  differ), `pays_for` (payer -> buyer, when they differ);
- shared identifiers across different clusters: `same_address`, `same_phone`, `same_email`.

A shared identifier links every pair of its holders while they are few. Past MAX_CLIQUE holders
(a formation agent's office, a switchboard) the pairs would swamp the graph, so the identifier
becomes a node of its own (kind `address`/`phone`/`email`) with a `registered_at` edge to each
holder: the same connectivity with n edges instead of n^2/2.

Edges are computed in SQL in the engine (tables `net_nodes`, `net_edges`); igraph gets them
through Arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import igraph as ig
import pandas as pd

from redtrace.resolve.features import party_features

if TYPE_CHECKING:
    from redtrace.engine import Engine

MAX_CLIQUE = 25

IDENTIFIERS = {"address_key": "address", "phone_key": "phone", "email_key": "email"}


@dataclass
class ProcurementGraph:
    graph: ig.Graph  # directed multigraph; vertex attr `name` = node id, edge attrs kind, weight
    nodes: pd.DataFrame  # node_id, node_type ('company'|'person'|'address'|'phone'|'email'), label, country, size
    edges: pd.DataFrame  # source, target, kind, weight, detail

    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.graph.vs["name"])}

    def undirected(self) -> ig.Graph:
        """One edge per linked pair, weight summed: the view communities and brokers use."""
        return self.graph.as_undirected(mode="collapse", combine_edges={"weight": "sum"})


def ensure_party_keys(engine: "Engine", table: str = "parties") -> None:
    """Table `party_keys`: normalised name, address, phone and e-mail per party."""
    if not engine.has("party_keys"):
        engine.register("party_keys", party_features(engine, table))


def _has_rows(engine: "Engine", table: str) -> bool:
    return engine.has(table) and engine.count(table) > 0


def _columns(engine: "Engine", table: str) -> set[str]:
    return set(engine.columns(table)) if engine.has(table) else set()


def build_edges(engine: "Engine", clusters: str = "clusters") -> None:
    """Create `net_nodes` and `net_edges` in the engine from the canonical tables and clusters."""
    ensure_party_keys(engine)
    parts = []
    if _has_rows(engine, "relations"):
        parts.append(
            f"""SELECT cs.cluster_id AS source, ct.cluster_id AS target, r.kind AS kind,
                       count(*) AS weight, CAST(NULL AS STRING) AS detail
                FROM relations r JOIN {clusters} cs ON cs.party_id = r.source_id
                JOIN {clusters} ct ON ct.party_id = r.target_id
                WHERE cs.cluster_id <> ct.cluster_id GROUP BY 1, 2, 3"""
        )
    order_cols = _columns(engine, "orders")
    trade = [("seller_id", "buyer_id", "sells_to")]
    if "consignee_id" in order_cols:
        trade.append(("buyer_id", "consignee_id", "ships_to"))
    if "payer_id" in order_cols:
        trade.append(("payer_id", "buyer_id", "pays_for"))
    if _has_rows(engine, "orders"):
        for src, dst, kind in trade:
            parts.append(
                f"""SELECT a.cluster_id AS source, b.cluster_id AS target, '{kind}' AS kind,
                           count(*) AS weight, CAST(NULL AS STRING) AS detail
                    FROM orders o JOIN {clusters} a ON a.party_id = o.{src}
                    JOIN {clusters} b ON b.party_id = o.{dst}
                    WHERE a.cluster_id <> b.cluster_id GROUP BY 1, 2, 3"""
            )
    # Holders of each identifier, one row per (identifier, cluster).
    engine.create(
        "net_identifier_holders",
        " UNION ALL ".join(
            f"""SELECT DISTINCT '{label}' AS id_type, k.{col} AS id_value, c.cluster_id
                FROM party_keys k JOIN {clusters} c ON c.party_id = k.party_id
                WHERE k.{col} IS NOT NULL"""
            for col, label in IDENTIFIERS.items()
        ),
    )
    engine.create(
        "net_identifier_groups",
        """SELECT id_type, id_value, count(*) AS holders FROM net_identifier_holders
           GROUP BY id_type, id_value HAVING count(*) > 1""",
    )
    parts.append(
        f"""SELECT a.cluster_id AS source, b.cluster_id AS target, 'same_' || a.id_type AS kind,
                   1 AS weight, a.id_value AS detail
            FROM net_identifier_holders a
            JOIN net_identifier_groups g ON g.id_type = a.id_type AND g.id_value = a.id_value
            JOIN net_identifier_holders b ON b.id_type = a.id_type AND b.id_value = a.id_value
            WHERE g.holders <= {MAX_CLIQUE} AND a.cluster_id < b.cluster_id"""
    )
    parts.append(
        f"""SELECT h.cluster_id AS source, h.id_type || ':' || h.id_value AS target,
                   'registered_at' AS kind, 1 AS weight, h.id_value AS detail
            FROM net_identifier_holders h
            JOIN net_identifier_groups g ON g.id_type = h.id_type AND g.id_value = h.id_value
            WHERE g.holders > {MAX_CLIQUE}"""
    )
    engine.create("net_edges", " UNION ALL ".join(f"({p})" for p in parts))
    party_cols = _columns(engine, "parties")
    country = "max(p.country)" if "country" in party_cols else "CAST(NULL AS STRING)"
    engine.create(
        "net_nodes",
        f"""SELECT c.cluster_id AS node_id, max(p.kind) AS node_type,
                   max(CASE WHEN p.party_id = c.cluster_id THEN p.name END) AS label,
                   {country} AS country, count(*) AS size
            FROM {clusters} c JOIN parties p ON p.party_id = c.party_id
            GROUP BY c.cluster_id
            UNION ALL
            SELECT id_type || ':' || id_value AS node_id, id_type AS node_type, id_value AS label,
                   CAST(NULL AS STRING) AS country, holders AS size
            FROM net_identifier_groups WHERE holders > {MAX_CLIQUE}""",
    )


def load_graph(engine: "Engine") -> ProcurementGraph:
    """igraph from `net_nodes` / `net_edges` (see build_edges)."""
    nodes = engine.df("SELECT * FROM net_nodes ORDER BY node_id")
    edges = engine.df("SELECT * FROM net_edges ORDER BY source, target, kind, detail")
    index = pd.Index(nodes.node_id)
    g = ig.Graph(
        n=len(nodes),
        edges=list(zip(index.get_indexer(edges.source).tolist(), index.get_indexer(edges.target).tolist())),
        directed=True,
    )
    g.vs["name"] = nodes.node_id.tolist()
    g.vs["node_type"] = nodes.node_type.tolist()
    g.vs["label"] = nodes.label.fillna("").tolist()
    g.es["kind"] = edges.kind.tolist()
    g.es["weight"] = edges.weight.astype(float).tolist()
    return ProcurementGraph(graph=g, nodes=nodes, edges=edges)


def build_graph(engine: "Engine", clusters: str = "clusters") -> ProcurementGraph:
    """Resolve parties first (`redtrace.resolve.resolve_parties`) so `clusters` exists."""
    build_edges(engine, clusters)
    return load_graph(engine)
