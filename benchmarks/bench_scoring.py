"""Time the destination, payment and structuring indicators and the scoring stage on a synthetic world.

    .venv/bin/redtrace synth --out /tmp/bench/w --orders 20000 --seed 11
    .venv/bin/python benchmarks/bench_scoring.py /tmp/bench/w

Prints seconds per indicator and for scoring (both passes), with the orders per second.
"""

from __future__ import annotations

import sys
import time
from importlib import import_module
from pathlib import Path

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.normalise import normalise
from redtrace.resolve import resolve_parties
from redtrace.rules import all_rules, run_rules
from redtrace.scoring import ScoringModel, score

MINE = ("payment_third_party", "destination_high_risk_place", "destination_diverted", "structuring_split_orders")


def main(world: Path) -> None:
    engine = create_engine()
    read_dataset(world / "dataset", engine)
    normalise(engine)
    resolve_parties(engine)
    n = engine.count("orders")
    for name in MINE:
        rule = import_module(f"redtrace.rules.{name}").RULE
        start = time.perf_counter()
        flagged = len(rule.compute(engine))
        took = time.perf_counter() - start
        print(f"{rule.id:32s} {took:6.2f} s  {n / took:10,.0f} orders/s  {flagged:6,d} flags")
    run_rules(engine, all_rules())
    start = time.perf_counter()
    score(engine, ScoringModel())
    took = time.perf_counter() - start
    print(f"{'scoring (default, two passes)':32s} {took:6.2f} s  {n / took:10,.0f} orders/s")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
