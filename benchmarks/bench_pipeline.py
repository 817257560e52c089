"""Generation and screening time and peak memory for worlds of given sizes.

    .venv/bin/python benchmarks/bench_pipeline.py [--orders 100000 1000000] [--repeat 1] [--watchlist]

Each step runs in a fresh process so its peak resident memory is its own.
Prints one row per size and step: median wall and CPU time over repeats (CPU counts every thread;
on a shared machine it is the steadier figure), peak memory, orders per second.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REDTRACE = str(Path(sys.executable).with_name("redtrace"))


# A fresh intermediate process per measurement, so the peak it reports is that command's alone
# (ru_maxrss of RUSAGE_CHILDREN is a maximum over every child a process ever had).
_MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); print(u.ru_maxrss, u.ru_utime + u.ru_stime)"
)


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (GiB) of one command."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True)
    rss, cpu = out.stdout.split()
    return time.perf_counter() - start, float(cpu), int(rss) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--watchlist", action="store_true", help="also screen names against the world's watchlist")
    parser.add_argument("--seed", type=int, default=101)
    args = parser.parse_args()
    print(f"{'orders':>10} {'step':<8} {'median s':>9} {'CPU s':>8} {'peak GiB':>9} {'orders/s':>10}")
    for n in args.orders:
        for step in ("synth", "screen"):
            times, cpus, peaks = [], [], []
            for _ in range(args.repeat):
                work = Path(tempfile.mkdtemp(prefix="redtrace-bench-"))
                try:
                    synth = [REDTRACE, "synth", "--out", str(work / "w"), "--orders", str(n), "--seed", str(args.seed)]
                    if step == "synth":
                        t, c, m = run(synth)
                    else:
                        subprocess.run(synth, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        cmd = [REDTRACE, "screen", str(work / "w" / "dataset"), "--out", str(work / "o")]
                        if args.watchlist:
                            cmd += ["--watchlist", str(work / "w" / "watchlist.csv")]
                        t, c, m = run(cmd)
                finally:
                    shutil.rmtree(work, ignore_errors=True)
                times.append(t)
                cpus.append(c)
                peaks.append(m)
            median = statistics.median(times)
            print(f"{n:>10,} {step:<8} {median:>9.1f} {statistics.median(cpus):>8.1f} {max(peaks):>9.2f} {n / median:>10,.0f}",
                  flush=True)


if __name__ == "__main__":
    main()
