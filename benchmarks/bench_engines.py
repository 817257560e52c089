"""Screening time per engine (DuckDB, Spark in local mode) on synthetic worlds of given sizes.

    .venv/bin/python benchmarks/bench_engines.py [--orders 20000 100000] [--repeat 1] [--master local[*]]

Worlds are generated first (not timed). Every screen runs in this process, so the Spark session
is started once; its start-up is printed on its own line. CPU is this process's plus, for Spark,
the JVM's (from /proc), so it counts every core the engine used. Prints medians over repeats.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from redtrace.engine import create_engine
from redtrace.pipeline import screen
from redtrace.synth import SynthConfig, generate


def jvm_cpu_seconds(engine) -> float:
    if engine.name != "spark":
        return 0.0
    pid = engine.spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, engine) -> tuple[float, float]:
    wall, cpu, jvm = time.perf_counter(), time.process_time(), jvm_cpu_seconds(engine)
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu + jvm_cpu_seconds(engine) - jvm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--master", default="local[*]", help="Spark master URL")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="redtrace-bench-engines-"))
    for n in args.orders:
        generate(work / f"w{n}", SynthConfig(orders=n, seed=args.seed))
    spark = None
    if "spark" in args.engines:
        start = time.perf_counter()
        spark = create_engine("spark", master=args.master)
        print(f"spark session start: {time.perf_counter() - start:.1f} s wall")
    print(f"{'orders':>8} {'engine':<7} {'median wall s':>13} {'median CPU s':>12} {'orders/s':>9}  decisions")
    for n in args.orders:
        for name in args.engines:
            walls, cpus = [], []
            for i in range(args.repeat):
                engine = spark if name == "spark" else create_engine(name)
                out = work / f"o{n}-{name}-{i}"
                result = {}

                def run():
                    result["r"] = screen(work / f"w{n}" / "dataset", out, engine=engine)

                wall, cpu = timed(run, engine)
                walls.append(wall)
                cpus.append(cpu)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(f"{n:>8} {name:<7} {wall:>13.1f} {cpu:>12.1f} {n / wall:>9,.0f}  {result['r'].decisions}", flush=True)


if __name__ == "__main__":
    main()
