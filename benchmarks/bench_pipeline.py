"""Generation and screening time and peak memory for worlds of given sizes.

    .venv/bin/python benchmarks/bench_pipeline.py [--orders 100000 1000000] [--repeat 1] [--watchlist]
    .venv/bin/python benchmarks/bench_pipeline.py --dataset WORLD [--watchlist]   # an existing world

Each step runs in a fresh process, so its peak resident memory (with its child processes') is its own.
Prints one row per size and step: median wall and CPU time over repeats (CPU counts every thread;
on a shared machine it is the steadier figure), peak memory, orders per second.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REDTRACE = str(Path(sys.executable).with_name("redtrace"))


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (GiB) of one command. Memory is the resident
    total of the command and its child processes at each moment (`redtrace screen` screens names
    in a child process), sampled every 0.1 s."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)]))
        except psutil.Error:  # a process ended between listing and reading it
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, peak / 2**30


def screen_command(dataset: Path, out: Path, watchlist: Path | None) -> list[str]:
    cmd = [REDTRACE, "screen", str(dataset), "--out", str(out)]
    return cmd + ["--watchlist", str(watchlist)] if watchlist else cmd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--watchlist", action="store_true", help="also screen names against the world's watchlist")
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--dataset", type=Path, help="screen this world (DIR with dataset/ and watchlist.csv) instead of synthesising")
    args = parser.parse_args()
    print(f"{'orders':>10} {'step':<8} {'median s':>9} {'CPU s':>8} {'peak GiB':>9} {'orders/s':>10}")
    if args.dataset:
        runs = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="redtrace-bench-") as work:  # 1M orders: 1.4 GB of outputs
                runs.append(run(screen_command(args.dataset / "dataset", Path(work) / "o",
                                               args.dataset / "watchlist.csv" if args.watchlist else None)))
        report(count_orders(args.dataset / "dataset"), "screen", runs)
        return
    for n in args.orders:
        for step in ("synth", "screen"):
            runs = []
            for _ in range(args.repeat):
                work = Path(tempfile.mkdtemp(prefix="redtrace-bench-"))
                try:
                    synth = [REDTRACE, "synth", "--out", str(work / "w"), "--orders", str(n), "--seed", str(args.seed)]
                    if step == "synth":
                        runs.append(run(synth))
                    else:
                        subprocess.run(synth, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        runs.append(run(screen_command(work / "w" / "dataset", work / "o",
                                                       work / "w" / "watchlist.csv" if args.watchlist else None)))
                finally:
                    shutil.rmtree(work, ignore_errors=True)
            report(n, step, runs)


def count_orders(dataset: Path) -> int:
    if (dataset / "orders.parquet").exists():
        import pyarrow.parquet as pq

        return pq.ParquetFile(dataset / "orders.parquet").metadata.num_rows
    with (dataset / "orders.csv").open("rb") as handle:
        return sum(1 for _ in handle) - 1


def report(n: int, step: str, runs: list[tuple[float, float, float]]) -> None:
    median = statistics.median(t for t, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    peak = max(m for _, _, m in runs)
    print(f"{n:>10,} {step:<8} {median:>9.1f} {cpu:>8.1f} {peak:>9.2f} {n / median:>10,.0f}", flush=True)


if __name__ == "__main__":
    main()
