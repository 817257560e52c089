"""Where `redtrace screen` spends its time and memory: wall, CPU and peak resident memory per stage
and per indicator, on one dataset.

    .venv/bin/python benchmarks/bench_stages.py DATASET [--watchlist FILE]
    .venv/bin/python benchmarks/bench_stages.py [--orders 100000]   # synthesises a world first

CPU counts every thread of the process and its child processes; on a shared machine it is the steadier figure. Peak is
sampled every 0.2 s, so it is the stage's peak to within that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.normalise import normalise
from redtrace.pipeline import report_sections, run_indicators, screen_watchlists
from redtrace.resolve import resolve_parties
from redtrace.rules import all_rules
from redtrace.scoring import score
from redtrace.store.outputs import write_outputs


def cpu_seconds() -> float:
    """CPU of this process and of the child processes it has waited for (names are screened in one)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Meter:
    """Prints a row per stage: wall seconds, CPU seconds, peak RSS since the stage began."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = 0
        self.start = (time.perf_counter(), cpu_seconds())
        threading.Thread(target=self._sample, daemon=True).start()
        print(f"{'stage':<38} {'wall s':>8} {'CPU s':>8} {'peak GiB':>9}")

    def rss(self) -> int:
        """Resident memory of this process and its children (names are screened in a child)."""
        total = 0
        for p in [self.process, *self.process.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:  # ended between listing and reading
                pass
        return total

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.2)

    def mark(self, name: str) -> None:
        wall, cpu = time.perf_counter() - self.start[0], cpu_seconds() - self.start[1]
        print(f"{name:<38} {wall:>8.1f} {cpu:>8.1f} {self.peak / 2**30:>9.2f}", flush=True)
        self.peak = self.rss()
        self.start = (time.perf_counter(), cpu_seconds())

    def stage(self, name: str, fn):
        result = fn()
        self.mark(name)
        return result


def profile(dataset: Path, watchlists: list[Path], out: Path) -> None:
    engine = create_engine()
    meter = Meter()
    total = time.perf_counter(), cpu_seconds()
    read = meter.stage("read + validate", lambda: read_dataset(dataset, engine))
    meter.stage("normalise", lambda: normalise(engine))
    meter.stage("resolve entities", lambda: resolve_parties(engine))
    if watchlists:
        meter.stage("screen names", lambda: screen_watchlists(engine, watchlists))
    current: list[str] = []

    def next_rule(rule) -> None:
        if current:
            meter.mark(f"  {current[0]}")
        current[:] = [rule.id]

    run_indicators(engine, progress=next_rule)
    meter.mark(f"  {current[0]} (and merging flags)"[:38])
    meter.stage("score", lambda: score(engine))
    sections = meter.stage("report sections (pictures, traces)", lambda: report_sections(engine, lambda _: None))
    out.mkdir(parents=True, exist_ok=True)
    meter.stage("write outputs", lambda: write_outputs(engine, read, out, all_rules(), sections))
    print(f"{'total':<38} {time.perf_counter() - total[0]:>8.1f} {cpu_seconds() - total[1]:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", nargs="?", type=Path)
    parser.add_argument("--orders", type=int, help="synthesise a world of this many orders (default 100,000 without DATASET)")
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--watchlist", type=Path, action="append", default=[])
    args = parser.parse_args()
    if args.dataset is not None and args.orders is not None:
        parser.error("give a DATASET or --orders N, not both")
    work = Path(tempfile.mkdtemp(prefix="redtrace-stages-"))
    try:
        dataset = args.dataset
        if dataset is None:
            redtrace = str(Path(sys.executable).with_name("redtrace"))
            orders = args.orders or 100_000
            subprocess.run([redtrace, "synth", "--out", str(work / "w"), "--orders", str(orders), "--seed", str(args.seed)],
                           check=True, stdout=subprocess.DEVNULL)
            dataset = work / "w" / "dataset"
        profile(dataset, args.watchlist, work / "out")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
