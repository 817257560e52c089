"""Trace accuracy and speed on synthetic worlds.

    .venv/bin/python benchmarks/bench_trace.py --world DIR [--world DIR ...]
    .venv/bin/python benchmarks/bench_trace.py --orders 20000 --seeds 1,2,3 [--items N] [--keep DIR]
        [--synth-args '--illicit-share 0.05 --duplicate-rate 0.1']

Each world is a `redtrace synth` output folder (DIR/dataset, DIR/truth/item_origins.csv); with
--seeds the worlds are generated first (into a temporary folder unless --keep). Prints, per world
and pooled: top-1 on unique items, top-3 on ambiguous ones (lot sold several times, truncated
serial), false traces (confidence >= 0.5 on a wrong or non-existent origin), top-1 / top-3 per
misreading kind, calibration and timings.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.trace import evaluate_traces, targets_met, trace_items
from redtrace.trace.evaluate import by_reading, calibration


def generate(out: Path, orders: int, seed: int, items: int | None, extra: list[str]) -> Path:
    cli = Path(sys.executable).with_name("redtrace")
    cmd = [str(cli), "synth", "--out", str(out), "--orders", str(orders), "--seed", str(seed), *extra]
    if items:
        cmd += ["--items", str(items)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out


def run_world(world: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """(figures, traces, readings, truth, timing) of one world."""
    engine = create_engine()
    t0 = time.perf_counter()
    read_dataset(world / "dataset", engine)
    t1 = time.perf_counter()
    result = trace_items(engine)
    t2 = time.perf_counter()
    truth = pd.read_csv(world / "truth" / "item_origins.csv", dtype={"item_id": str, "order_id": str})
    timing = {"read_s": t1 - t0, "trace_s": t2 - t1, "items": engine.count("items"), "lines": engine.count("order_lines")}
    return (evaluate_traces(result.traces, truth), result.traces.assign(world=world.name),
            result.readings.assign(world=world.name), truth.assign(world=world.name), timing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", action="append", type=Path, default=[])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seeds", default="")
    parser.add_argument("--items", type=int, default=None, help="recovered items per generated world")
    parser.add_argument("--keep", type=Path, default=None, help="keep generated worlds in this folder")
    parser.add_argument("--synth-args", default="", help="more `redtrace synth` options, e.g. '--illicit-share 0.05'")
    args = parser.parse_args()

    worlds = list(args.world)
    tmp = None
    if args.seeds:
        base = args.keep or Path(tmp := tempfile.mkdtemp(prefix="bench_trace_"))
        for seed in (int(s) for s in args.seeds.split(",")):
            t = time.perf_counter()
            worlds.append(generate(base / f"world_{args.orders}_{seed}", args.orders, seed, args.items, args.synth_args.split()))
            print(f"generated seed {seed} ({args.orders} orders) in {time.perf_counter() - t:.1f} s")
    if not worlds:
        parser.error("give --world DIR or --seeds")

    all_traces, all_readings, all_truth = [], [], []
    pd.set_option("display.width", 120)
    for world in worlds:
        figures, traces, readings, truth, timing = run_world(world)
        all_traces.append(traces)
        all_readings.append(readings)
        all_truth.append(truth)
        print(f"\n{world}: {timing['items']} items, {timing['lines']} order lines; "
              f"read {timing['read_s']:.1f} s, trace {timing['trace_s']:.2f} s "
              f"({1000 * timing['trace_s'] / max(timing['items'], 1):.2f} ms/item)")
        print(figures.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    # Item ids repeat across worlds: key them by world before pooling.
    traces, readings, truth = (pd.concat(frames).assign(item_id=lambda d: d["world"] + "/" + d["item_id"].astype(str))
                               for frames in (all_traces, all_readings, all_truth))
    figures = evaluate_traces(traces, truth)
    if len(worlds) > 1:
        print("\npooled:")
        print(figures.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print("\nper misreading kind (items with an origin; an item counts under every kind its reading shows):")
    print(by_reading(traces, truth, readings).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print("\ncalibration of top-1 confidences (right = share of the bin's items whose top-1 is the true sale):")
    print(calibration(traces, truth).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    for target, ok in targets_met(figures).items():
        print(f"{'PASS' if ok else 'FAIL'}  {target}")
    if tmp:
        print(f"(generated worlds in {tmp})")


if __name__ == "__main__":
    main()
