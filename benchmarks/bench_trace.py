"""Trace accuracy and speed on synthetic worlds.

    .venv/bin/python benchmarks/bench_trace.py --world DIR [--world DIR ...]
    .venv/bin/python benchmarks/bench_trace.py --orders 20000 --seeds 1,2,3 [--items N] [--keep DIR]
        [--synth-args '--illicit-share 0.05 --duplicate-rate 0.1']
    .venv/bin/python benchmarks/bench_trace.py --world DIR --misread digit,transpose,extra [--misread-seed 5]
        [--misread-field lot]

Each world is a `redtrace synth` output folder (DIR/dataset, DIR/truth/item_origins.csv); with
--seeds the worlds are generated first (into a temporary folder unless --keep). Prints, per world
and pooled: top-1 on unique items, top-3 on ambiguous ones (lot sold several times, truncated
serial), false traces (confidence >= 0.5 on a wrong or non-existent origin), top-1 / top-3 per
misreading kind, calibration and timings.

--misread KINDS: misreadings our generator never writes. The serials (--misread-field lot: the
lots) of each world's unique and no-origin items (and, for lots, ambiguous-lot items) are read
wrong in one way (seeded) and only those items are traced; prints, per kind and case, top-1 /
top-3 and false traces (confident wrong ones): none (as generated), digit (one digit read as
another), transpose (two neighbouring digits swapped), lower (read in lower case, 'l' for 1),
look (D for 0, A for 4, T for 7, 3 for 8), sep (separators changed), extra (one digit too many).
"""

from __future__ import annotations

import argparse
import random
import re
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
    t1, cpu = time.perf_counter(), time.process_time()
    result = trace_items(engine)
    t2, cpu = time.perf_counter(), time.process_time() - cpu
    truth = pd.read_csv(world / "truth" / "item_origins.csv", dtype={"item_id": str, "order_id": str})
    timing = {"read_s": t1 - t0, "trace_s": t2 - t1, "trace_cpu_s": cpu, "items": engine.count("items"), "lines": engine.count("order_lines")}
    return (evaluate_traces(result.traces, truth), result.traces.assign(world=world.name),
            result.readings.assign(world=world.name), truth.assign(world=world.name), timing)


def _digit(s: str, rng: random.Random) -> str:
    at = rng.choice([i for i, c in enumerate(s) if c.isdigit()])
    return s[:at] + rng.choice([d for d in "0123456789" if d != s[at]]) + s[at + 1 :]


def _transpose(s: str, rng: random.Random) -> str:
    pairs = [i for i in range(len(s) - 1) if s[i].isdigit() and s[i + 1].isdigit() and s[i] != s[i + 1]]
    if not pairs:
        return s
    at = rng.choice(pairs)
    return s[:at] + s[at + 1] + s[at] + s[at + 2 :]


def _look(s: str, rng: random.Random) -> str:
    read_as = {"0": "D", "4": "A", "7": "T", "8": "3"}
    at = [i for i, c in enumerate(s) if c in read_as]
    if not at:
        return s
    i = rng.choice(at)
    return s[:i] + read_as[s[i]] + s[i + 1 :]


def _extra(s: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(s))
    return s[:at] + rng.choice("0123456789") + s[at:]


MISREADINGS = {
    "none": lambda s, rng: s,
    "digit": _digit,
    "transpose": _transpose,
    "lower": lambda s, rng: s.replace("1", "l").lower(),
    "look": _look,
    "sep": lambda s, rng: re.sub("-", " / ", s) if "-" in s else s[:2] + " " + s[2:],
    "extra": _extra,
}


def misread_world(world: Path, kinds: list[str], seed: int, field: str = "serial") -> pd.DataFrame:
    """Per kind and case: the world's items marked with `field` read wrong that way, traced alone."""
    engine = create_engine()
    read_dataset(world / "dataset", engine)
    truth = pd.read_csv(world / "truth" / "item_origins.csv", dtype={"item_id": str, "order_id": str})
    cases = ["unique", "no_origin"] + (["ambiguous_lot"] if field == "lot" else [])
    items = engine.table("items")
    items = items[items["item_id"].astype(str).isin(truth.loc[truth["case"].isin(cases), "item_id"])
                  & items[field].fillna("").astype(str).ne("")]
    truth = truth[truth["item_id"].isin(items["item_id"].astype(str))]
    rows = []
    for kind in kinds:
        rng = random.Random(seed)
        read = items.assign(**{field: [MISREADINGS[kind](str(s), rng) for s in items[field]]})
        cpu = time.process_time()
        traces = trace_items(engine, read).traces
        cpu = time.process_time() - cpu
        figures = evaluate_traces(traces, truth)
        rows.append(figures[figures["case"] != "all"].drop(columns="confident").assign(
            world=world.name, kind=kind, cpu_ms_per_item=1000 * cpu / max(len(read), 1)))
    return pd.concat(rows)[["world", "kind", "case", "items", "top1", "top3", "false_traces", "cpu_ms_per_item"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", action="append", type=Path, default=[])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seeds", default="")
    parser.add_argument("--items", type=int, default=None, help="recovered items per generated world")
    parser.add_argument("--keep", type=Path, default=None, help="keep generated worlds in this folder")
    parser.add_argument("--synth-args", default="", help="more `redtrace synth` options, e.g. '--illicit-share 0.05'")
    parser.add_argument("--misread", default="", help=f"comma-separated kinds of {sorted(MISREADINGS)}, or 'all'")
    parser.add_argument("--misread-seed", type=int, default=5)
    parser.add_argument("--misread-field", choices=["serial", "lot"], default="serial")
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

    if args.misread:
        kinds = list(MISREADINGS) if args.misread == "all" else args.misread.split(",")
        figures = pd.concat([misread_world(world, kinds, args.misread_seed, args.misread_field) for world in worlds])
        print(figures.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        return
    all_traces, all_readings, all_truth = [], [], []
    pd.set_option("display.width", 120)
    for world in worlds:
        figures, traces, readings, truth, timing = run_world(world)
        all_traces.append(traces)
        all_readings.append(readings)
        all_truth.append(truth)
        print(f"\n{world}: {timing['items']} items, {timing['lines']} order lines; "
              f"read {timing['read_s']:.1f} s, trace {timing['trace_s']:.2f} s, CPU {timing['trace_cpu_s']:.2f} s "
              f"({1000 * timing['trace_cpu_s'] / max(timing['items'], 1):.2f} ms CPU/item)")
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
