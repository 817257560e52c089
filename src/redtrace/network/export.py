"""Writing the network for other tools: GraphML (networkx, yEd, Cytoscape), GEXF (Gephi), and
FollowTheMoney entities (OpenSanctions, Aleph, nomenklatura)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pandas as pd
from followthemoney import model

if TYPE_CHECKING:
    from redtrace.engine import Engine
    from redtrace.network.graph import ProcurementGraph

NODE_ATTRS = ("node_type", "label", "country", "size")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def write_graphml(pg: "ProcurementGraph", path: Path, features: pd.DataFrame | None = None) -> None:
    g = pg.graph.copy()
    nodes = _node_table(pg, features)
    for col in nodes.columns:
        if col == "node_id":
            continue
        numeric = pd.api.types.is_numeric_dtype(nodes[col])
        g.vs[col] = nodes[col].fillna(0).tolist() if numeric else [_text(v) for v in nodes[col]]
    g.es["detail"] = [_text(v) for v in pg.edges.detail]
    g.write_graphml(str(path))


def _node_table(pg: "ProcurementGraph", features: pd.DataFrame | None) -> pd.DataFrame:
    nodes = pg.nodes[["node_id", *NODE_ATTRS]].copy()
    if features is not None and len(features):
        per_cluster = features.drop(columns=["party_id"]).drop_duplicates("cluster_id")
        nodes = nodes.merge(per_cluster.rename(columns={"cluster_id": "node_id"}), on="node_id", how="left")
    return nodes


def write_gexf(pg: "ProcurementGraph", path: Path, features: pd.DataFrame | None = None) -> None:
    """GEXF 1.3 written directly: the format is small, and going through networkx would build a
    second copy of the graph in Python objects."""
    nodes = _node_table(pg, features)
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    attrs = [c for c in nodes.columns if c not in ("node_id", "label")]
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for i, col in enumerate(attrs):
        kind = "double" if pd.api.types.is_numeric_dtype(nodes[col]) else "string"
        ET.SubElement(node_attrs, "attribute", {"id": str(i), "title": col, "type": kind})
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    ET.SubElement(edge_attrs, "attribute", {"id": "0", "title": "kind", "type": "string"})
    ET.SubElement(edge_attrs, "attribute", {"id": "1", "title": "detail", "type": "string"})
    xml_nodes = ET.SubElement(graph, "nodes")
    for row in nodes.itertuples(index=False):
        d = row._asdict()
        n = ET.SubElement(xml_nodes, "node", {"id": str(d["node_id"]), "label": _text(d["label"])})
        values = ET.SubElement(n, "attvalues")
        for i, col in enumerate(attrs):
            if _text(d[col]):
                ET.SubElement(values, "attvalue", {"for": str(i), "value": _text(d[col])})
    xml_edges = ET.SubElement(graph, "edges")
    for i, e in enumerate(pg.edges.itertuples(index=False)):
        el = ET.SubElement(xml_edges, "edge", {"id": str(i), "source": e.source, "target": e.target,
                                               "weight": str(float(e.weight)), "label": e.kind})
        values = ET.SubElement(el, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": e.kind})
        if _text(e.detail):
            ET.SubElement(values, "attvalue", {"for": "1", "value": _text(e.detail)})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


# relation kind -> (FtM schema, property of the relation's source, property of its target)
RELATION_SCHEMATA = {
    "director": ("Directorship", "director", "organization"),
    "owner": ("Ownership", "owner", "asset"),
    "shareholder": ("Ownership", "owner", "asset"),
    "representative": ("Representation", "agent", "client"),
    "family": ("Family", "person", "relative"),
    "associate": ("Associate", "person", "associate"),
}
PARTY_PROPS = {
    "registration_id": "registrationNumber", "incorporated_on": "incorporationDate", "birth_date": "birthDate",
    "email": "email", "website": "website", "phone": "phone",
}


def _add(proxy, prop: str, value) -> None:
    text = _text(value).strip()
    if not text:
        return
    before = len(proxy.get(prop))
    proxy.add(prop, text, quiet=True)
    if len(proxy.get(prop)) == before and prop == "phone":
        # The phone cleaner keeps only numbers valid in a numbering plan; keep others as written
        # rather than lose a linking identifier.
        proxy.add(prop, text, cleaned=True)


def ftm_entities(engine: "Engine") -> Iterator:
    """One FtM entity per resolved party (id = cluster_id; every record's names, identifiers and
    addresses merged in), one per relation, and Address entities for shared addresses."""
    parties = engine.df(
        "SELECT p.*, c.cluster_id FROM parties p JOIN clusters c ON c.party_id = p.party_id ORDER BY c.cluster_id, p.party_id"
    )
    entities: dict[str, object] = {}
    for row in parties.to_dict("records"):
        cid = row["cluster_id"]
        if cid not in entities:
            schema = {"company": "Company", "person": "Person"}.get(row.get("kind"), "LegalEntity")
            proxy = model.make_entity(schema)
            proxy.id = cid
            entities[cid] = proxy
        proxy = entities[cid]
        prop = "name" if row["party_id"] == cid else "alias"
        _add(proxy, prop, row.get("name"))
        aliases = row.get("aliases")
        for alias in (aliases if isinstance(aliases, (list, tuple)) else []) or []:
            _add(proxy, "alias", alias)
        _add(proxy, "country", _text(row.get("country")).lower())
        address = ", ".join(_text(row.get(k)) for k in ("address", "postal_code", "city") if _text(row.get(k)))
        _add(proxy, "address", address)
        for col, prop_name in PARTY_PROPS.items():
            if prop_name in proxy.schema.properties:
                _add(proxy, prop_name, row.get(col))
        proxy.add("sourceUrl", f"redtrace:party:{row['party_id']}", quiet=True)
    yield from entities.values()
    if engine.has("relations") and engine.count("relations"):
        rel = engine.df(
            """SELECT cs.cluster_id AS source, ct.cluster_id AS target, r.kind, r.share, r.start_date, r.end_date
               FROM relations r JOIN clusters cs ON cs.party_id = r.source_id JOIN clusters ct ON ct.party_id = r.target_id
               ORDER BY 1, 2, 3"""
        )
        for i, r in enumerate(rel.itertuples(index=False)):
            schema, src_prop, dst_prop = RELATION_SCHEMATA.get(r.kind, ("UnknownLink", "subject", "object"))
            src, dst = entities.get(r.source), entities.get(r.target)
            # Family and Associate join people only; anything else falls back to UnknownLink.
            if schema in ("Family", "Associate") and not (src.schema.name == dst.schema.name == "Person"):
                schema, src_prop, dst_prop = "UnknownLink", "subject", "object"
            link = model.make_entity(schema)
            link.id = f"{r.source}-{r.kind}-{r.target}-{i}"
            link.add(src_prop, r.source)
            link.add(dst_prop, r.target)
            link.add("role", r.kind, quiet=True)
            if schema == "Ownership" and pd.notna(r.share):
                link.add("percentage", f"{100 * float(r.share):g}")
            _add(link, "startDate", r.start_date)
            _add(link, "endDate", r.end_date)
            yield link
    if engine.has("net_identifier_groups"):
        shared = engine.df(
            f"""SELECT h.id_value, min(p.address) AS full, min(p.city) AS city, min(p.country) AS country,
                      {engine.dialect.distinct_list("h.cluster_id")} AS holders
               FROM net_identifier_holders h JOIN party_keys k ON k.address_key = h.id_value
               JOIN parties p ON p.party_id = k.party_id
               JOIN net_identifier_groups g ON g.id_type = h.id_type AND g.id_value = h.id_value
               WHERE h.id_type = 'address' GROUP BY h.id_value ORDER BY h.id_value"""
        )
        for r in shared.itertuples(index=False):
            addr = model.make_entity("Address")
            addr.id = "addr-" + "-".join(r.id_value.split())
            _add(addr, "full", r.full)
            _add(addr, "city", r.city)
            _add(addr, "country", _text(r.country).lower())
            yield addr
            for holder in sorted(r.holders):
                entity = entities.get(holder)
                if entity is not None and "addressEntity" in entity.schema.properties:
                    entity.add("addressEntity", addr.id)


def write_ftm(engine: "Engine", path: Path) -> int:
    """FtM JSON lines; returns the number of entities written."""
    entities = list(ftm_entities(engine))  # Address links are added while iterating; write after.
    with open(path, "w", encoding="utf-8") as fh:
        for e in entities:
            fh.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return len(entities)
