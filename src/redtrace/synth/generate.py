"""Write a synthetic world: a dataset folder per the data contract, its labels, a watchlist, the truth.

    OUT/dataset/{parties,relations,orders,order_lines,items}.csv
    OUT/labels.csv              every order and party: illicit / legit, and the scheme
    OUT/watchlist.csv           simple watchlist CSV
    OUT/truth/clusters.csv      the true entity behind every party id
    OUT/truth/item_origins.csv  the order line every recovered item came from
    OUT/truth/networks.csv      members of each planted network, with their role
    OUT/truth/malformed.csv     every row made malformed on purpose (file, row, column, kind)
    OUT/truth/config.json       the knobs the world was made with
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from redtrace.model.contract import CLUSTERS_COLUMNS, ITEMS, LABELS_FILE, ORDER_LINES, ORDERS, PARTIES, RELATIONS
from redtrace.synth import noise
from redtrace.synth.config import SynthConfig
from redtrace.synth.economy import Economy, EconomyBuilder, days
from redtrace.synth.items import TracedLine, build_items
from redtrace.synth.marking import Marker
from redtrace.synth.networks import Network, plant_networks
from redtrace.synth.orders import Batch, Formatter, LegitOrders, PartyColumns, illicit_batch
from redtrace.synth.parties import PartyBook
from redtrace.synth.watchlist import WATCHLIST_COLUMNS, build_watchlist
from redtrace.synth.writer import Sink

ITEM_TRUTH_COLUMNS = ("item_id", "order_id", "line_no", "case")
NETWORK_COLUMNS = ("network_id", "typology", "signals", "party_id", "role")
MALFORMED_COLUMNS = ("file", "row", "column", "kind")


@dataclass
class Summary:
    orders: int = 0
    illicit_orders: int = 0
    order_lines: int = 0
    parties: int = 0
    relations: int = 0
    items: int = 0
    watchlist: int = 0
    networks: dict[str, int] = field(default_factory=dict)
    malformed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def generate(out: Path, config: SynthConfig, progress: Callable[[int], None] | None = None) -> Summary:
    """Build and write one world; `progress` is called with the number of orders written so far."""
    started = time.perf_counter()
    out = Path(out)
    # Children of a SeedSequence do not depend on how many are spawned: adding one keeps the others.
    world_seq, order_seq, noise_seq, items_seq = np.random.SeedSequence(config.seed).spawn(4)
    rng = random.Random(config.seed)
    builder = EconomyBuilder(config, rng, np.random.default_rng(world_seq))
    eco = builder.build()
    networks = plant_networks(builder, eco)
    marker = Marker(random.Random(rng.getrandbits(64)))
    noise_rng = np.random.default_rng(noise_seq)
    book = eco.book
    ids = _party_ids(len(book.rows), eco.nprng)
    summary = Summary(parties=len(book.rows), relations=len(book.relations),
                      networks=dict(Counter(n.typology for n in networks)))
    damages: list[tuple[str, noise.Damage, int]] = []

    dataset = out / "dataset"
    with Sink(out / "labels.csv", LABELS_FILE.column_names) as labels:
        damages += _write_parties(dataset, book, ids, set(eco.seller_party.tolist()), rng, noise_rng, config, labels)
        traced, orders_written = _write_orders(out, config, eco, networks, marker, ids, order_seq, noise_rng, labels,
                                               damages, summary, progress)
    summary.orders = orders_written

    items, truth = build_items(traced, marker, config.n_items, random.Random(int(items_seq.generate_state(1)[0])))
    with Sink(dataset / "items.csv", ITEMS.column_names) as sink:
        sink.write(_columns(items, ITEMS.column_names))
    with Sink(out / "truth" / "item_origins.csv", ITEM_TRUTH_COLUMNS) as sink:
        sink.write(_columns(truth, ITEM_TRUTH_COLUMNS))
    summary.items = len(items)

    watch = build_watchlist([e for n in networks for e in n.watch], eco.decoys, rng)
    with Sink(out / "watchlist.csv", WATCHLIST_COLUMNS) as sink:
        sink.write(_columns(watch, WATCHLIST_COLUMNS))
    summary.watchlist = len(watch)

    with Sink(out / "truth" / "clusters.csv", CLUSTERS_COLUMNS) as sink:
        entity = eco.nprng.permutation(book.n_clusters)
        order = sorted(range(len(ids)), key=ids.__getitem__)
        sink.write({"party_id": [ids[i] for i in order], "cluster_id": [f"E{entity[book.cluster[i]] + 1:07d}" for i in order]})
    with Sink(out / "truth" / "networks.csv", NETWORK_COLUMNS) as sink:
        rows = [{"network_id": f"N{n.number + 1:04d}", "typology": n.typology, "signals": ";".join(sorted(n.signals)),
                 "party_id": ids[p], "role": role} for n in networks for p, role in n.members.items()]
        sink.write(_columns(rows, NETWORK_COLUMNS))
    with Sink(out / "truth" / "malformed.csv", MALFORMED_COLUMNS) as sink:
        sink.write(_columns([{"file": f, "row": first + d.row, "column": d.column, "kind": d.kind} for f, d, first in damages],
                            MALFORMED_COLUMNS))
    summary.malformed = dict(Counter(f"{f}:{d.kind}" for f, d, _ in damages))
    (out / "truth" / "config.json").write_text(config.to_json() + "\n", encoding="utf-8")
    summary.seconds = time.perf_counter() - started
    return summary


def _party_ids(n: int, nprng: np.random.Generator) -> list[str]:
    """Ids in random order, so neither an id nor its neighbours tell a party's role."""
    perm = nprng.permutation(n)
    return [f"P{1_000_000 + int(k):07d}" for k in perm]


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _columns(rows: list[dict], columns: tuple[str, ...]) -> dict[str, list]:
    return {c: [_text(r.get(c)) for r in rows] for c in columns}


def _write_parties(dataset: Path, book: PartyBook, ids: list[str], sellers: set[int], rng: random.Random,
                   noise_rng: np.random.Generator, config: SynthConfig, labels: Sink) -> list[tuple[str, noise.Damage, int]]:
    # Rows in id order: the order parties were made in (networks last) must not show in the file.
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rows = []
    for i in order:
        row = dict(book.rows[i], party_id=ids[i])
        name = book.names[i]
        if name is not None and row["kind"] == "company" and rng.random() < 0.05:
            row["aliases"] = name.variant(rng, 0)  # a trading name on record
        rows.append(row)
    columns = _columns(rows, PARTIES.column_names)
    # A rejected party takes its orders down with it: never a seller, whose orders include illicit ones.
    legit_companies = np.array([k for k, i in enumerate(order)
                                if book.rows[i]["kind"] == "company" and book.typology[i] is None and i not in sellers])
    columns, party_damage = noise.damage(columns, legit_companies, noise.PARTY_DAMAGE, config.malformed_rate, noise_rng,
                                         config.malformed_rate > 0)
    out = []
    with Sink(dataset / "parties.csv", PARTIES.column_names) as sink:
        first = sink.write(columns)
        out += [("parties.csv", d, first) for d in party_damage]

    relations = sorted(book.relations, key=lambda r: (ids[r.target], ids[r.source], r.kind))
    rel = {"source_id": [ids[r.source] for r in relations], "target_id": [ids[r.target] for r in relations],
           "kind": [r.kind for r in relations], "share": [_text(r.share) for r in relations],
           "start_date": [_text(r.start) for r in relations], "end_date": [None] * len(relations)}
    legit = np.array([k for k, r in enumerate(relations) if book.typology[r.target] is None])
    rel, rel_damage = noise.damage(rel, legit, noise.RELATION_DAMAGE, config.malformed_rate, noise_rng, config.malformed_rate > 0)
    with Sink(dataset / "relations.csv", RELATIONS.column_names) as sink:
        first = sink.write(rel)
        out += [("relations.csv", d, first) for d in rel_damage]

    labels.write({"target_kind": ["party"] * len(ids), "target_id": [ids[i] for i in order],
                  "label": ["legit" if book.typology[i] is None else "illicit" for i in order],
                  "typology": [book.typology[i] for i in order]})
    return out


def _write_orders(out: Path, config: SynthConfig, eco: Economy, networks: list[Network], marker: Marker, ids: list[str],
                  order_seq: np.random.SeedSequence, noise_rng: np.random.Generator, labels: Sink,
                  damages: list, summary: Summary, progress: Callable[[int], None] | None) -> tuple[list[TracedLine], int]:
    rng = np.random.default_rng(order_seq)
    illicit = sorted((o for n in networks for o in n.orders), key=lambda o: o.day)
    summary.illicit_orders = len(illicit)
    n_legit = max(0, config.orders - len(illicit))
    n_chunks = max(1, math.ceil(config.orders / config.chunk_orders))
    lo, hi = days(config.start), days(config.end)
    edges = np.linspace(lo, hi + 1, n_chunks + 1).round().astype(int)
    legit_counts = np.diff(np.linspace(0, n_legit, n_chunks + 1).round().astype(int))
    ill_days = np.array([o.day for o in illicit], dtype=np.int64)
    ill_chunk = np.clip(np.searchsorted(edges, ill_days, side="right") - 1, 0, n_chunks - 1)

    rows = eco.book.rows
    parties = PartyColumns(pa.array(ids), *(pa.array([r[k] for r in rows], type=pa.string()) for k in ("address", "city", "region", "country")))
    formatter = Formatter(eco, marker, parties, first_order_number=int(rng.integers(1_000_000, 5_000_000)))
    legit = LegitOrders(eco)
    traced: list[TracedLine] = []
    network_of = {o.buyer: n.number for n in networks for o in n.orders}
    written = 0
    dataset = out / "dataset"
    with Sink(dataset / "orders.csv", ORDERS.column_names) as orders_sink, \
         Sink(dataset / "order_lines.csv", ORDER_LINES.column_names) as lines_sink:
        for c in range(n_chunks):
            batch = legit.batch(int(legit_counts[c]), int(edges[c]), int(edges[c + 1]) - 1)
            mine = [illicit[i] for i in np.flatnonzero(ill_chunk == c)]
            if mine:
                batch = Batch.concat(batch, illicit_batch(mine))
            batch = batch.in_date_order(rng)
            orders, lines, info = formatter.format(batch, rng)
            order_ids = orders["order_id"].to_pylist()
            typ = batch.typology
            labels.write({"target_kind": ["order"] * len(batch), "target_id": order_ids,
                          "label": np.where(typ == None, "legit", "illicit"), "typology": typ})  # noqa: E711
            line_typ = typ[batch.line_order]
            traced += _traced(batch, info, order_ids, line_typ, network_of, rows)

            first_chunk = c == 0
            orders, order_damage = noise.damage(orders, np.flatnonzero(typ == None), noise.ORDER_DAMAGE,  # noqa: E711
                                                config.malformed_rate, noise_rng, first_chunk and config.malformed_rate > 0)
            lines, line_damage = noise.damage(lines, np.flatnonzero(line_typ == None), noise.LINE_DAMAGE,  # noqa: E711
                                              config.malformed_rate, noise_rng, first_chunk and config.malformed_rate > 0)
            first = orders_sink.write(orders)
            damages.extend(("orders.csv", d, first) for d in order_damage)
            first = lines_sink.write(lines)
            damages.extend(("order_lines.csv", d, first) for d in line_damage)
            summary.order_lines += len(batch.line_good)
            written += len(batch)
            if progress:
                progress(written)
    return traced, written


def _traced(batch: Batch, info: dict, order_ids: list[str], line_typ: np.ndarray, network_of: dict[int, int],
            rows: list[dict]) -> list[TracedLine]:
    keep = np.flatnonzero((line_typ != None) & (info["has_lot"] | info["has_serial"]))  # noqa: E711
    out = []
    for j in keep:
        o = int(batch.line_order[j])
        out.append(TracedLine(order_ids[o], int(info["line_no"][j]), int(info["model"][j]), int(batch.day[o]),
                              int(info["lot_index"][j]) if info["has_lot"][j] else -1,
                              int(info["serial_first"][j]) if info["has_serial"][j] else -1, int(info["qty"][j]),
                              float(info["amount"][j]), network_of[int(batch.buyer[o])], rows[int(batch.ship[o])]["country"]))
    return out
