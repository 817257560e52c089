"""The independent tracing benchmark (benchmarks/bench_trace_independent.py) writes a world the
dataset reader accepts whole, the same world for the same seed, with every item's truth."""

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_trace_independent
    finally:
        sys.path.remove(str(BENCHMARKS))
    return bench_trace_independent


def test_world_is_accepted_whole_and_deterministic(bench, tmp_path):
    from redtrace.engine import create_engine
    from redtrace.io.dataset import read_dataset

    world = bench.build_world(2)
    again = bench.build_world(2)
    assert world.items == again.items and world.truth == again.truth
    world.write(tmp_path)
    read = read_dataset(tmp_path, create_engine())
    assert len(read.rejected) == 0
    assert read.counts["items"].accepted == len(world.items) == len(world.truth)
    cases = {t["case"] for t in world.truth}
    assert {"unique", "ambiguous_lot", "no_origin"} <= cases
    lines = {(r["order_id"], r["line_no"]) for r in world.line_rows}
    for t in world.truth:
        assert (t["case"] == "no_origin") == (t["order_id"] == "")
        assert t["case"] == "no_origin" or (t["order_id"], t["line_no"]) in lines
