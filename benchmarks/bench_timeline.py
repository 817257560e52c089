"""Where the wall time of one `redtrace screen` goes: the screen's own progress messages, timed.

    .venv/bin/python benchmarks/bench_timeline.py [WORLD] [--orders 20000] [--out DIR]

WORLD is a folder as `redtrace synth` writes it (dataset/, watchlist.csv); without one, a world
of --orders orders is synthesised first (not timed). Each line shows the
wall and CPU seconds since the start and since the previous message; a message names the step
about to run, so each delta belongs to the line before it. CPU is this process's (all its
threads); the name-screening worker's is not included. Names are screened in the worker, as on
the command line.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from redtrace.pipeline import screen
from redtrace.synth import SynthConfig, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", nargs="?", type=Path)
    parser.add_argument("--orders", type=int, default=20_000, help="orders of the world synthesised without WORLD")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = args.world
        if world is None:
            world = Path(tmp) / "world"
            generate(world, SynthConfig(orders=args.orders))
        timeline(world, args.out or Path(tmp) / "out")


def timeline(world: Path, out: Path) -> None:
    watchlist = world / "watchlist.csv"
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    last = [start_wall, start_cpu]

    def say(message: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        print(f"{wall - start_wall:7.1f} s wall (+{wall - last[0]:5.1f})  {cpu - start_cpu:7.1f} s CPU (+{cpu - last[1]:5.1f})  {message}",
              flush=True)
        last[:] = [wall, cpu]

    screen(world / "dataset", out, [watchlist] if watchlist.exists() else [], progress=say, names_in_worker=True)
    say("done")


if __name__ == "__main__":
    main()
