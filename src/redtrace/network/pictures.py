"""Network pictures of single cases, as self-contained SVG (no cairo, no JavaScript).

The neighbourhood of a flagged party is laid out with igraph (Fruchterman-Reingold, seeded) and
drawn by hand: companies as squares, persons as circles, shared addresses/phones as diamonds;
edges coloured by kind (control, trade, shared identifier).
"""

from __future__ import annotations

import random
from html import escape
from typing import TYPE_CHECKING, Iterable

from redtrace.network.analytics import seeded

if TYPE_CHECKING:
    from redtrace.network.graph import ProcurementGraph

EDGE_COLOURS = {
    "director": "#7b3294", "owner": "#7b3294", "shareholder": "#7b3294", "representative": "#7b3294",
    "family": "#c2a5cf", "associate": "#c2a5cf",
    "sells_to": "#1a9641", "ships_to": "#d7191c", "pays_for": "#fdae61",
    "same_address": "#2c7bb6", "same_phone": "#2c7bb6", "same_email": "#2c7bb6", "registered_at": "#2c7bb6",
}
LEGEND = (("control", "#7b3294"), ("sale", "#1a9641"), ("shipped to", "#d7191c"), ("paid for", "#fdae61"),
          ("shared identifier", "#2c7bb6"))


def neighbourhood(pg: "ProcurementGraph", center: str, hops: int = 2, max_nodes: int = 25) -> list[int]:
    """Vertices within `hops` of `center`, nearest and most-used links first, at most
    `max_nodes`. Past the first hop only control and shared-identifier links are followed: a
    supplier's other hundred customers say nothing about the case and bury the picture."""
    g = pg.graph
    start = pg.index()[center]
    seen, frontier = [start], [start]
    for hop in range(hops):
        nxt = []
        for v in frontier:
            # A supplier has thousands of links: their weights and kinds are read in one call
            # each, and an edge is looked at only until the picture is full.
            ids = g.incident(v, mode="all")
            if not ids:
                continue
            weight, kind = g.es[ids]["weight"], g.es[ids]["kind"]
            for i in sorted(range(len(ids)), key=lambda i: (-weight[i], ids[i])):
                if len(seen) >= max_nodes:
                    return seen
                if hop > 0 and kind[i] == "sells_to":
                    continue
                source, target = g.es[ids[i]].tuple
                u = target if source == v else source
                if u not in seen:
                    seen.append(u)
                    nxt.append(u)
        frontier = nxt
    return seen


def case_svg(pg: "ProcurementGraph", center: str, hops: int = 2, max_nodes: int = 25,
             highlight: Iterable[str] = (), width: int = 640, height: int = 440, seed: int = 0) -> str:
    vids = neighbourhood(pg, center, hops, max_nodes)
    sub = pg.graph.induced_subgraph(vids)
    with seeded(seed):
        random.seed(seed)
        layout = sub.layout_fruchterman_reingold(niter=500) if sub.vcount() > 1 else None
    coords = layout.coords if layout else [(0.0, 0.0)]
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    pad = 60
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def pos(i: int) -> tuple[float, float]:
        # Labels run to the right of their node: leave them room.
        return (pad + (xs[i] - min(xs)) / span_x * (width - 2 * pad - 120),
                pad + (ys[i] - min(ys)) / span_y * (height - 2 * pad - 30))

    marked = set(highlight) | {center}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="10" role="img" aria-label="network around {escape(center)}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#777"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    for e in sub.es:
        (x1, y1), (x2, y2) = pos(e.source), pos(e.target)
        colour = EDGE_COLOURS.get(e["kind"], "#999")
        # A shared identifier has no direction; control, trade and payment do.
        arrow = "" if e["kind"].startswith("same_") else ' marker-end="url(#arrow)"'
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{1 + min(3.0, e["weight"] ** 0.5):.1f}" stroke-opacity="0.7"{arrow}>'
                   f'<title>{escape(e["kind"])} ({e["weight"]:g})</title></line>')
    for v in sub.vs:
        x, y = pos(v.index)
        fill = "#d7191c" if v["name"] in marked else "#f7f7f7"
        kind, label = v["node_type"], v["label"] or v["name"]
        title = f"<title>{escape(label)} [{escape(v['name'])}]</title>"
        if kind == "company":
            shape = f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{fill}" stroke="#333">{title}</rect>'
        elif kind == "person":
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{fill}" stroke="#333">{title}</circle>'
        else:
            shape = (f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} {x - 8:.1f},{y:.1f}" '
                     f'fill="#abd9e9" stroke="#333">{title}</polygon>')
        short = label if len(label) <= 28 else label[:27] + "…"
        out.append(shape)
        out.append(f'<text x="{x + 10:.1f}" y="{y + 3:.1f}" fill="#222">{escape(short)}</text>')
    for i, (name, colour) in enumerate(LEGEND):
        x = 10 + i * 120
        out.append(f'<line x1="{x}" y1="{height - 12}" x2="{x + 20}" y2="{height - 12}" stroke="{colour}" stroke-width="3"/>'
                   f'<text x="{x + 24}" y="{height - 9}" fill="#222">{name}</text>')
    out.append("</svg>")
    return "\n".join(out)


def network_html(pg: "ProcurementGraph", cases: list[tuple[str, str]], hops: int = 2) -> str:
    """HTML fragment for the report: one figure per (cluster_id, caption), captions escaped."""
    index = pg.index()
    figures = []
    for cluster_id, caption in cases:
        if cluster_id not in index:
            continue
        figures.append(f'<figure class="network-case">{case_svg(pg, cluster_id, hops)}'
                       f"<figcaption>{escape(caption)}</figcaption></figure>")
    if not figures:
        return ""
    return '<section class="network"><h2>Procurement network around the top cases</h2>' + "".join(figures) + "</section>"
