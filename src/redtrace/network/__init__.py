"""The procurement network: resolved parties linked by control, trade and shared identifiers.

`build_graph(engine)` after `redtrace.resolve.resolve_parties(engine)`; analytics in
`analytics`, typologies in `typologies` (turned into flags by `redtrace.rules.net_*`), files in
`export`, pictures in `pictures`. `write_outputs` does all of it for the `network` command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd

from redtrace.network.graph import ProcurementGraph, build_graph, load_graph

if TYPE_CHECKING:
    from redtrace.engine import Engine

NET_RULE_MODULES = (
    "net_formation_agent_hub", "net_transshipment_chain", "net_transshipment_party",
    "net_controlled_fan_in", "net_linked_buyers", "net_risk_proximity",
)


def network_rules() -> list:
    from importlib import import_module

    return [import_module(f"redtrace.rules.{m}").RULE for m in NET_RULE_MODULES]


def network_flags(engine: "Engine") -> pd.DataFrame:
    """Flags of every network rule: rule_id, target_kind, target_id, severity, strength, evidence."""
    frames = []
    for rule in network_rules():
        if any(not engine.has(t) for t in rule.needs):
            continue
        f = rule.compute(engine)
        if len(f):
            frames.append(f.assign(rule_id=rule.id, target_kind=rule.target, severity=rule.severity))
    cols = ["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    return out.assign(strength=out.strength.astype(float).round(3))


def top_cases(pg: ProcurementGraph, flags: pd.DataFrame, clusters: pd.DataFrame, n: int = 5) -> list[tuple[str, str]]:
    """The clusters with the most flag strength, each with a caption made of its evidence."""
    party = flags[flags.target_kind == "party"].merge(clusters, left_on="target_id", right_on="party_id")
    if party.empty:
        return []
    per = party.groupby("cluster_id").agg(strength=("strength", "sum")).sort_values("strength", ascending=False)
    cases = []
    labels = dict(zip(pg.nodes.node_id, pg.nodes.label))
    for cid in per.index[:n]:
        reasons = party[party.cluster_id == cid].drop_duplicates("rule_id")
        caption = f"{labels.get(cid, cid)} ({cid}): " + "; ".join(f"{r.rule_id}: {r.evidence}" for r in reasons.itertuples())
        cases.append((cid, caption))
    return cases


def report_fragment(engine: "Engine", cases: int = 5) -> str:
    """HTML for the report: pictures of the entities with the most flag strength (the screen's
    `flags` table when there is one, else the network rules' flags), captions escaped."""
    from redtrace.network.context import prepare
    from redtrace.network.pictures import network_html

    prepare(engine)
    pg = load_graph(engine)
    flags = engine.df("SELECT * FROM flags") if engine.has("flags") else network_flags(engine)
    clusters = engine.df("SELECT party_id, cluster_id FROM clusters")
    return network_html(pg, top_cases(pg, flags, clusters, cases))


def write_outputs(engine: "Engine", out: Path, progress: Callable[[str], None] | None = None, pictures: int = 5) -> dict:
    """Resolve, build, analyse and write every network file into `out`. Returns counts."""
    from redtrace.network.context import ensure_party_features
    from redtrace.network.export import write_ftm, write_gexf, write_graphml
    from redtrace.network.pictures import case_svg, network_html

    step = progress or (lambda _m: None)
    out.mkdir(parents=True, exist_ok=True)
    step("resolving parties and building the graph")
    ensure_party_features(engine)
    pg = load_graph(engine)
    features = engine.df("SELECT * FROM net_party_features ORDER BY party_id")
    clusters = features[["party_id", "cluster_id"]]
    step("writing tables")
    clusters.to_csv(out / "clusters.csv", index=False)
    features.to_csv(out / "party_features.csv", index=False)
    per_cluster = features.drop(columns="party_id").drop_duplicates("cluster_id")
    named = per_cluster.merge(pg.nodes[["node_id", "label", "node_type", "country"]], left_on="cluster_id", right_on="node_id")
    named[["cluster_id", "label", "node_type", "country", "community_id", "community_size"]].sort_values(
        ["community_id", "cluster_id"]).to_csv(out / "communities.csv", index=False)
    brokers = named[named.broker_score > 0].sort_values(["broker_score", "cluster_id"], ascending=[False, True])
    brokers[["cluster_id", "label", "node_type", "country", "broker_score", "betweenness", "communities_bridged",
             "degree", "community_id"]].to_csv(out / "brokers.csv", index=False)
    step("writing GraphML, GEXF and FollowTheMoney")
    write_graphml(pg, out / "graph.graphml", features)
    write_gexf(pg, out / "graph.gexf", features)
    n_ftm = write_ftm(engine, out / "entities.ftm.json")
    step("running network rules")
    flags = network_flags(engine)
    flags.to_csv(out / "network_flags.csv", index=False)
    step("drawing the top cases")
    cases = top_cases(pg, flags, clusters, pictures)
    (out / "pictures").mkdir(exist_ok=True)
    for cid, _ in cases:
        (out / "pictures" / f"{cid}.svg").write_text(case_svg(pg, cid), encoding="utf-8")
    (out / "network.html").write_text(network_html(pg, cases), encoding="utf-8")
    return {
        "parties": len(clusters), "clusters": clusters.cluster_id.nunique(),
        "nodes": pg.graph.vcount(), "edges": pg.graph.ecount(),
        "communities": named.community_id.nunique(), "ftm_entities": n_ftm,
        "flags": len(flags), "pictures": len(cases),
    }


__all__ = ["ProcurementGraph", "build_graph", "load_graph", "network_flags", "network_rules", "report_fragment",
           "top_cases", "write_outputs"]
