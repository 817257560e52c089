"""How well any ranking of one item at a time can do on a synthetic world's ambiguous items.

    .venv/bin/python benchmarks/bench_trace_ceiling.py [--world DIR ...] [--orders 20000]

For each ambiguous item (lot sold several times, truncated serial) the candidate lines are those
its markings fit (the tracer's own lookups); an oracle that knows the item's true network
(truth/networks.csv) ranks that network's candidates by the generator's own likelihood: units of
the line the reading stands for (the lot's quantity, the serials inside a partial reading) times
the density of the sale-to-recovery lag as `synth/items.py` draws it. Items are drawn independently
of each other given their sale, so beyond items found together nothing else in the data can tell
these sales apart: the oracle's top-3 is the ceiling for ranking items one by one. Prints it per
case and by how many of the network's sales fit the item. Without --world, a world of --orders
orders is synthesised first.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.synth import SynthConfig, generate
from redtrace.synth.items import TRANSIT_DAYS, USE_MEDIAN_DAYS, USE_SIGMA
from redtrace.trace.markings import skeleton
from redtrace.trace.match import Catalogue
from redtrace.trace.run import load_lines

MAX_LAG = 20_000


def lag_density() -> np.ndarray:
    """Density per whole day of transit (uniform) + time in use (log-normal), as the generator draws it."""
    days = np.arange(1, MAX_LAG, dtype=float)
    use = np.exp(-((np.log(days) - math.log(USE_MEDIAN_DAYS)) ** 2) / (2 * USE_SIGMA**2)) / (days * USE_SIGMA * math.sqrt(2 * math.pi))
    use = np.r_[0.0, use]
    transit = range(TRANSIT_DAYS[0], TRANSIT_DAYS[1] + 1)
    return sum(np.r_[np.zeros(t), use[: MAX_LAG - t]] for t in transit) / len(transit)


def world_rows(world: Path, density: np.ndarray) -> list[dict]:
    engine = create_engine()
    read_dataset(world / "dataset", engine)
    catalogue = Catalogue(load_lines(engine))
    lines = catalogue.table.to_pandas()
    truth = pd.read_csv(world / "truth" / "item_origins.csv", dtype=str)
    items = pd.read_csv(world / "dataset" / "items.csv", dtype=str).merge(truth, on="item_id")
    networks = pd.read_csv(world / "truth" / "networks.csv", dtype=str)
    network_of = dict(zip(networks["party_id"], networks["network_id"]))
    position = {(o, int(n)): i for i, (o, n) in enumerate(zip(lines["order_id"], lines["line_no"]))}
    rows = []
    for item in items[items["case"].isin(["ambiguous_lot", "truncated_serial"])].itertuples():
        serial = item.serial if isinstance(item.serial, str) else ""
        lot = item.lot if isinstance(item.lot, str) else ""
        hits = {h.line: h for h in catalogue.serials.lookup(serial)} if serial else {}
        candidates = set(hits) | set(catalogue._lot_lines(skeleton(lot)))
        true = position.get((item.order_id, int(item.line_no)))

        def network(i: int):
            return network_of.get(lines["buyer_id"][i]) or network_of.get(lines["consignee_id"][i])

        own = [i for i in candidates if true is not None and network(i) == network(true)]
        found = pd.Timestamp(item.recovered_on)

        def likelihood(i: int) -> float:
            units = hits[i].consistent if i in hits else lines["amount"][i]
            units = 1.0 if units != units else units
            lag = (found - pd.Timestamp(lines["order_date"][i])).days
            return units * (density[lag] if 0 <= lag < MAX_LAG else 0.0)

        ranked = sorted(own, key=lambda i: (-likelihood(i), i))
        rows.append({"case": item.case, "network_sales": len(own), "top3": true in ranked[:3]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", action="append", type=Path, default=[])
    parser.add_argument("--orders", type=int, default=20_000, help="orders of the world synthesised without --world")
    args = parser.parse_args()
    density = lag_density()
    with tempfile.TemporaryDirectory() as tmp:
        worlds = args.world
        if not worlds:
            worlds = [Path(tmp) / "world"]
            generate(worlds[0], SynthConfig(orders=args.orders))
        out = pd.DataFrame([r for world in worlds for r in world_rows(world, density)])
    print("oracle top-3 per case (true network known, generator's likelihood, one item at a time):")
    print(out.groupby("case")["top3"].agg(["size", "mean"]).to_string(float_format=lambda v: f"{v:.3f}"))
    print(f"both: {out['top3'].mean():.3f} ({len(out)} items)")
    bins = pd.cut(out["network_sales"], [0, 3, 5, 10, 1000], labels=["1-3", "4-5", "6-10", ">10"])
    print("\nby the number of the true network's sales the item's markings fit:")
    print(out.groupby(bins, observed=False)["top3"].agg(["size", "mean"]).to_string(float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
