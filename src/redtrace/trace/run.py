"""Tracing over the engine's canonical tables: items in, traces and chains of custody out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import pyarrow as pa

from redtrace.engine import Engine
from redtrace.model.contract import TRACES_COLUMNS
from redtrace.trace.chain import build_chains, clusters
from redtrace.trace.context import learn_lags
from redtrace.trace.implicate import EVIDENCE_FLOOR, Implicated, contributions, place_key, totals
from redtrace.trace.match import Catalogue
from redtrace.trace.together import companions, find_key, finds, shipment_share
from redtrace.trace.units import Found
from redtrace.trace.volume import PER_UNIT, learn_power
from redtrace.trace.upstream import upstream_hops

# Candidates reported per item, and the confidence below which a candidate is noise.
TOP_K = 5
CONFIDENCE_FLOOR = 0.01
# Ranking passes: the first on markings and context alone, the second with implicated parties.
PASSES = 2
# Traces sure enough to teach how long goods take from sale to recovery.
LAG_EVIDENCE = 0.9
ITEM_COLUMNS = ("item_id", "manufacturer", "model", "serial", "lot", "hs_code", "description",
                "recovered_on", "recovered_country", "recovered_place")


@dataclass
class TraceResult:
    traces: pd.DataFrame  # TRACES_COLUMNS
    chains: pd.DataFrame  # chain.CHAINS_COLUMNS, one per item's top candidate
    readings: pd.DataFrame  # item_id, rank, reading: the plain-words account behind matched_on


def load_lines(engine: Engine) -> pa.Table:
    """Every marked order line with what finds its candidates, what its buyer and consignee
    bought, and who sold it when (match.KEY_COLUMNS: a distributor's resales, upstream.py); the rest is read for candidates only (`line_details`)."""
    line_cols = set(engine.columns("order_lines"))
    amounts = ", ".join(f"l.{c}" if c in line_cols else f"NULL AS {c}" for c in ("quantity", "unit"))
    return engine.arrow(
        f"""
        SELECT l.order_id, l.line_no, l.model, l.lot, l.serial_from, l.serial_to, o.buyer_id, o.consignee_id, {amounts},
               o.seller_id, o.order_date AS ordered_on
        FROM order_lines l JOIN orders o ON o.order_id = l.order_id
        WHERE l.lot IS NOT NULL OR l.serial_from IS NOT NULL OR l.serial_to IS NOT NULL OR l.model IS NOT NULL
        """
    )


def line_details(engine: Engine, keys: pa.Table) -> pa.Table:
    """What the lines named by `keys` (order_id, line_no, at) say about what they sold, when, where
    and to whom (match.DETAIL_COLUMNS), in the keys' order.

    The sale's risk is the higher of the order's and the buyer's screening score, when the
    screen's `orders_scored` / `parties_scored` tables are in the engine."""
    joins, risks = [], []
    if engine.has("orders_scored") and "score" in engine.columns("orders_scored"):
        joins.append("LEFT JOIN orders_scored os ON os.order_id = o.order_id")
        risks.append("coalesce(os.score, 0)")
    if engine.has("parties_scored") and "score" in engine.columns("parties_scored"):
        joins.append("LEFT JOIN parties_scored ps ON ps.party_id = o.buyer_id")
        risks.append("coalesce(ps.score, 0)")
    risk = f"greatest({', '.join(risks)})" if len(risks) > 1 else risks[0] if risks else "NULL"
    # Canonical tables have every contract column; hand-made ones may lack the optional ones.
    line_cols, order_cols = set(engine.columns("order_lines")), set(engine.columns("orders"))
    goods = ", ".join(f"l.{c}" if c in line_cols else f"NULL AS {c}" for c in ("manufacturer", "hs_code", "description"))
    payer = "o.payer_id" if "payer_id" in order_cols else "NULL"
    engine.register("trace_candidates", keys)
    try:
        return engine.arrow(
            f"""
            SELECT {goods}, o.order_date, o.ship_to_country, o.ship_to_region, o.ship_to_city,
                   {payer} AS payer_id, b.country AS buyer_country, {risk} AS buyer_risk
            FROM trace_candidates k
            JOIN order_lines l ON l.order_id = k.order_id AND l.line_no = k.line_no
            JOIN orders o ON o.order_id = l.order_id
            LEFT JOIN parties b ON b.party_id = o.buyer_id {' '.join(joins)}
            ORDER BY k.at
            """
        )
    finally:
        engine.drop("trace_candidates")


def rank_items(
    catalogue: Catalogue, items: pd.DataFrame, top_k: int = TOP_K, advance: Callable[[int], None] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(traces, readings) for every item: up to `top_k` candidates above the confidence floor.

    Two passes: the second ranks again with the parties the first one implicates (implicate.py).
    `advance` is called with the number of items done, per pass."""
    records = items.to_dict("records")
    catalogue.prepare(records)
    own: list[dict[str, float]] = [{} for _ in records]
    seen: list[dict[int, float]] = [{} for _ in records]  # first-pass candidates worth counting
    lags: list[tuple[float, float]] = []
    traced: list[int] = []  # the line of each confident first-pass trace
    groups = finds(find_key(r.get("recovered_on"), r.get("recovered_country"), r.get("recovered_place")) for r in records)
    together = {}
    found = Found()  # serials read whole on confidently traced items
    for rounds in range(PASSES):
        implicated = totals(own) if rounds else None
        learned = learn_lags(lags) if rounds else None
        power = learn_power(catalogue.amount, catalogue.model_group, traced) if rounds else PER_UNIT
        if rounds and groups:
            together = companions(groups, seen, shipment_share(groups, seen))
        last = rounds == PASSES - 1
        rows, readings = [], []
        for n, item in enumerate(records):
            view = Implicated(implicated, own[n], catalogue.exposure, catalogue.bought) if implicated is not None else None
            ranking = catalogue.weigh(item, view, learned, together.get(n), found if rounds else None, power)
            if last:
                ranked = [c for c in ranking.candidates(top_k) if c.confidence >= CONFIDENCE_FLOOR]
                for rank, c in enumerate(ranked, start=1):
                    line = catalogue.record(c.line)
                    rows.append((item["item_id"], rank, line["order_id"], int(line["line_no"]),
                                 round(c.confidence, 4), ";".join(dict.fromkeys(c.matched_on))))
                    readings.append((item["item_id"], rank, " | ".join(c.readings)))
            else:
                own[n] = contributions(zip(ranking.parties(), ranking.confidence),
                                       place_key(item.get("recovered_country"), item.get("recovered_place")))
                seen[n] = {line: c for line, c in zip(ranking.lines, ranking.confidence) if c >= EVIDENCE_FLOOR}
                if len(ranking) and ranking.confidence[0] >= LAG_EVIDENCE:
                    found.add(ranking.lines[0], ranking.serial(0), ranking.confidence[0])
                    lags.append((ranking.days(0), ranking.confidence[0]))
                    traced.append(ranking.lines[0])
            _tick(advance, n)
        if advance:
            advance(len(records) % 100)
    return (pd.DataFrame(rows, columns=list(TRACES_COLUMNS)),
            pd.DataFrame(readings, columns=["item_id", "rank", "reading"]))


def _tick(advance: Callable[[int], None] | None, n: int) -> None:
    if advance and n % 100 == 99:
        advance(100)


def trace_items(
    engine: Engine, items: pd.DataFrame | None = None, top_k: int = TOP_K,
    advance: Callable[[int], None] | None = None, step: Callable[[str], None] | None = None,
    lines: pa.Table | None = None,
) -> TraceResult:
    """Trace every item (the engine's `items` table unless `items` is given) to the sales it can
    have left the legal chain at; `lines`: the marked lines (`load_lines`), when read already.
    For progress bars: `step(what)` names each stage, `advance(n)` counts items ranked (PASSES
    times each)."""
    step = step or (lambda _what: None)
    if items is None:
        items = engine.table("items")
    for c in ITEM_COLUMNS:
        if c not in items.columns:
            items[c] = None
    step("indexing order lines")
    catalogue = Catalogue(load_lines(engine) if lines is None else lines, clusters(engine), lambda keys: line_details(engine, keys))
    step(f"ranking candidate sales ({PASSES} passes)")
    traces, readings = rank_items(catalogue, items, top_k, advance)
    step("reading chains of custody")
    top = traces[traces["rank"] == 1][["item_id", "order_id", "line_no", "confidence"]]
    top = top.merge(catalogue.sold(top, ["manufacturer", "model"]), on=["order_id", "line_no"], how="left").merge(
        items[["item_id", "recovered_on", "recovered_country", "recovered_place"]], on="item_id", how="left"
    )
    # The distributor's purchase the sale was resold from, when the data holds it (upstream.py).
    top = top.merge(upstream_hops(catalogue, top), on=["order_id", "line_no"], how="left")
    return TraceResult(traces, build_chains(engine, top, catalogue.entities), readings)
