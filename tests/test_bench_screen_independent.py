"""The independent screening world (benchmarks/indworld.py) is deterministic per seed, holds every
kind of label it claims, and the reader accepts every row of it (0 rejected)."""

import sys
from pathlib import Path

import pytest

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def indworld():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import indworld
    finally:
        sys.path.remove(str(BENCHMARKS))
    return indworld


@pytest.mark.parametrize("seed", [2, 3])
def test_small_world_loads_without_rejected_rows(indworld, tmp_path, seed):
    world = indworld.build_world(seed, orders=1500)
    again = indworld.build_world(seed, orders=1500)
    assert world.orders == again.orders and world.parties == again.parties
    paths = indworld.write_world(world, tmp_path)
    result = read_dataset(paths["dataset"], create_engine())
    assert len(result.rejected) == 0, result.rejected.head().to_dict("records")
    assert result.counts["orders"].accepted == len(world.orders)
    assert result.counts["parties"].accepted == len(world.parties)
    labels = {(x["target_kind"], x["label"]) for x in world.labels}
    assert labels == {("order", "illicit"), ("order", "legit"), ("party", "illicit"), ("party", "legit")}
    assert len(world.watchlist) > 300
