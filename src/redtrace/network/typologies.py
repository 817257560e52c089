"""Procurement typologies found in the resolved network, as tables the net_* rules turn into flags.

Each function returns a pandas DataFrame with the numbers its evidence sentence needs. All work on
clusters (resolved entities), so a front company written three ways counts once, and a buyer
shipping to itself under another spelling is not a third party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from redtrace.network.context import CONTROLLED_LINES, prepare, seed_weights
from redtrace.network.graph import MAX_CLIQUE
from redtrace.rules._lines import LINES, ORDER_KEY, PARTY_KEY, ensure_lines

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


def _order_goods(engine: "Engine", orders: str) -> str:
    """Per order of the query `orders` (its order_id): controlled categories (labels joined) and
    total controlled lines. Only those orders: joining labels for every order costs seconds at a
    million orders."""
    agg = engine.dialect.string_agg("label", "; ")
    return f"""SELECT order_id, {agg} AS goods, count(*) AS controlled_lines,
                      count(DISTINCT category) AS categories
               FROM {CONTROLLED_LINES} cl WHERE order_id IN ({orders}) GROUP BY order_id"""


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
        f"""WITH info AS ({info}),
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
                WHERE si.country <> bi.country AND coalesce(o.ship_to_country, ci.country) <> bi.country),
            goods AS ({_order_goods(engine, "SELECT order_id FROM ch")})
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
                JOIN {CONTROLLED_LINES} cl ON cl.order_id = o.order_id
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
    common director/owner. One row per (buyer, linked buyer, link); `buyer_goods`, `linked_goods`
    name each one's kinds of controlled goods, each once."""
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
    # Orders, lines and buyers are read by their integer keys (`rules._lines`): at a million
    # orders, joining the lines to their orders by id, then to their buyers' clusters, was most of
    # this query.
    ensure_lines(engine)
    return engine.df(
        f"""WITH info AS ({_cluster_info(engine)}),
            buyer_keys AS (
                SELECT k.pk AS bk, c.cluster_id FROM {PARTY_KEY} k JOIN clusters c ON c.party_id = k.party_id
                WHERE k.pk IN (SELECT bk FROM {ORDER_KEY})),
            buyers AS (SELECT DISTINCT cluster_id FROM buyer_keys),
            links AS (
                SELECT source AS a, target AS b, replace(kind, 'same_', '') AS link, detail
                FROM net_edges WHERE kind LIKE 'same_%'
                UNION ALL
                SELECT target AS a, source AS b, replace(kind, 'same_', '') AS link, detail
                FROM net_edges WHERE kind LIKE 'same_%'
                {rel}),
            -- Each kind of goods once: a busy buyer's every line would make a string per link
            -- row as long as its order book. Only the lines of linked buyers are read for them:
            -- the others' goods are never named.
            buyer_goods AS (
                SELECT cluster_id, {engine.dialect.string_agg('label', '; ')} AS goods
                FROM (SELECT DISTINCT b.cluster_id, l.goods_label AS label
                      FROM {LINES} l JOIN buyer_keys b ON b.bk = l.bk
                      WHERE l.controlled AND b.cluster_id IN (SELECT a FROM links)) g
                GROUP BY cluster_id)
            SELECT l.a AS buyer, ia.name AS buyer_name, l.b AS linked, ib.name AS linked_name,
                   l.link, l.detail, ga.goods AS buyer_goods, gb.goods AS linked_goods
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
CONTROL_KINDS = ("director", "owner", "shareholder", "representative")
PROXIMITY_KINDS = CONTROL_KINDS + ("family", "associate", "same_address", "same_phone", "same_email")


def proximity_links(engine: "Engine") -> pd.DataFrame:
    """Every way suspicion can pass from an entity (`frm`) to a neighbour (`to`), with how specific
    the link is to the two (`specificity` in (0, 1]); `kind` and `n` (holders of the identifier,
    companies of the controller) are for the words (`step_words`). A pair may have several
    (`steps` keeps the most specific).

    A link says as much as it is rare, as an identifier does in record linkage: an address or
    phone shared by k entities ties each to the k - 1 others only as one of them (a business
    centre, a switchboard); a director or owner of n companies is tied to any one of them only as
    one of n (a formation agent's nominee sits on dozens of boards for clients he never meets).
    The other way, a company controlled by a suspect party is its instrument however many others
    that party controls, so control passes down in full."""
    kinds = ", ".join(f"'{k}'" for k in PROXIMITY_KINDS)
    e = engine.df(f"SELECT source, target, kind, detail FROM net_edges WHERE kind IN ({kinds})")
    if e.empty:
        return pd.DataFrame(columns=["frm", "to", "kind", "n", "specificity"])
    shared = e[e.kind.str.startswith("same_")]
    holders = pd.concat([shared[["kind", "detail", "source"]].rename(columns={"source": "c"}),
                         shared[["kind", "detail", "target"]].rename(columns={"target": "c"})])
    holders = holders.drop_duplicates().groupby(["kind", "detail"]).size().rename("holders").reset_index()
    shared = shared.merge(holders, on=["kind", "detail"])
    control = e[e.kind.isin(CONTROL_KINDS)]
    control = control.join(control.groupby("source").target.nunique().rename("companies"), on="source")
    ties = e[~e.kind.isin(CONTROL_KINDS) & ~e.kind.str.startswith("same_")]
    what = shared.kind.str.replace("_", " ")
    return pd.concat([
        pd.DataFrame({"frm": shared.source, "to": shared.target, "kind": what, "n": shared.holders,
                      "specificity": 1.0 / (shared.holders - 1)}),
        pd.DataFrame({"frm": shared.target, "to": shared.source, "kind": what, "n": shared.holders,
                      "specificity": 1.0 / (shared.holders - 1)}),
        pd.DataFrame({"frm": control.source, "to": control.target, "kind": control.kind, "n": 1, "specificity": 1.0}),
        pd.DataFrame({"frm": control.target, "to": control.source, "kind": control.kind + " of", "n": control.companies,
                      "specificity": 1.0 / control.companies}),
        pd.DataFrame({"frm": ties.source, "to": ties.target, "kind": ties.kind, "n": 1, "specificity": 1.0}),
        pd.DataFrame({"frm": ties.target, "to": ties.source, "kind": ties.kind, "n": 1, "specificity": 1.0}),
    ], ignore_index=True)


def steps(links: pd.DataFrame, frm: set) -> pd.DataFrame:
    """The steps out of the entities `frm`, one per neighbour: of two links between one pair
    (director and owner, address and phone) the most specific counts. Only the links out of the
    entities a walk has reached are sorted, not every link of the graph."""
    out = links[links.frm.isin(frm)].sort_values(["frm", "to", "specificity", "kind"], ascending=[True, True, False, True])
    return out.drop_duplicates(["frm", "to"]).reset_index(drop=True)


def step_words(steps: pd.DataFrame, labels: pd.Series) -> pd.Series:
    """What `to` is to `frm`, in words naming `frm` ("director of 'X' (one of 5 companies)")."""
    named = steps.kind + " '" + steps.frm.map(labels).fillna("") + "'"
    same = steps.kind.str.startswith("same ")
    named = named.where(~same, steps.kind + " as '" + steps.frm.map(labels).fillna("") + "'")
    n = steps.n.astype(int).astype(str)
    many = same & (steps.n > 2)
    named = named.where(~many, named + " (shared by " + n + ")")
    boards = steps.kind.str.endswith(" of") & (steps.n > 1)
    return named.where(~boards, named + " (one of " + n + " companies)")


def seed_proximity(engine: "Engine", max_hops: int = 2) -> pd.DataFrame:
    """Every path of up to `max_hops` control/identifier links from a seed party (table
    network_seeds) to another entity: cluster_id, hops, seed (cluster), seed_name, seed_weight,
    specificity (the product of its links', see `proximity_links`), path (words, from the entity
    towards the seed)."""
    prepare(engine)
    empty = pd.DataFrame(columns=["cluster_id", "hops", "seed", "seed_name", "seed_weight", "specificity", "path"])
    seeds = seed_weights(engine)
    if not seeds:
        return empty
    labels = engine.df("SELECT node_id, label FROM net_nodes").set_index("node_id").label.fillna("")
    links = proximity_links(engine)
    front = steps(links, set(seeds))
    front = pd.DataFrame({"seed": front.frm, "cluster_id": front.to, "hops": 1,
                          "specificity": front.specificity, "path": step_words(front, labels)})
    paths = [front]
    for hops in range(2, max_hops + 1):
        step = front.merge(steps(links, set(front.cluster_id)), left_on="cluster_id", right_on="frm", suffixes=("", "_step"))
        step = step[step.to != step.seed]
        front = pd.DataFrame({"seed": step.seed, "cluster_id": step.to, "hops": hops,
                              "specificity": step.specificity * step.specificity_step,
                              "path": step_words(step, labels) + " -> " + step.path})
        paths.append(front)
    out = pd.concat(paths, ignore_index=True)
    # A seed is not "near" a seed, and an identifier node is not a party.
    out = out[~out.cluster_id.isin(set(seeds)) & ~out.cluster_id.str.contains(":", regex=False)]
    out = out.assign(seed_name=out.seed.map(labels), seed_weight=out.seed.map(seeds))
    return out[empty.columns].sort_values(["cluster_id", "hops", "seed", "path"]).reset_index(drop=True)
