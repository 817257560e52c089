"""Time and peak memory of `redtrace synth` for a world of N orders (default 100,000).

    .venv/bin/python benchmarks/bench_synth.py [ORDERS] [--seed S] [--keep DIR]

Prints wall time, orders per second, output size and peak resident memory (getrusage).
The brief's targets: 10,000 orders in a few seconds; 1,000,000 in a few minutes, memory bounded.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from redtrace.synth import SynthConfig, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", nargs="?", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the world here and keep it")
    args = parser.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="bench_synth_"))
    try:
        started = time.perf_counter()
        summary = generate(out, SynthConfig(orders=args.orders, seed=args.seed))
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"orders            {summary.orders:,} ({summary.illicit_orders:,} illicit), {summary.order_lines:,} lines")
    print(f"parties           {summary.parties:,}; items {summary.items:,}; watchlist {summary.watchlist:,}")
    print(f"generation time   {seconds:.2f} s  ({summary.orders / seconds:,.0f} orders/s)")
    print(f"output size       {size / 2**20:.1f} MiB")
    print(f"peak memory (RSS) {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
