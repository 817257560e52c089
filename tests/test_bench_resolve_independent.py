"""The independent entity-resolution world (benchmarks/resolveworld.py) is deterministic per seed,
holds the duplicate and hard-negative kinds it claims, and the reader accepts every row (0 rejected)."""

import sys
from pathlib import Path

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_world_loads_without_rejected_rows(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import resolveworld
    finally:
        sys.path.remove(str(BENCHMARKS))
    world = resolveworld.build(1)
    assert world.records == resolveworld.build(1).records
    resolveworld.write(world, tmp_path)
    result = read_dataset(tmp_path, create_engine())
    assert len(result.rejected) == 0, result.rejected.head().to_dict("records")
    assert result.counts["parties"].accepted == len(world.records) + 1  # + the seller
    dup_kinds = {k.split("+")[0] for *_, k in world.dup_pairs}
    assert {"legal_form_local", "script", "translit", "trading_name", "initials", "abbreviation"} <= dup_kinds
    neg_kinds = {k for *_, k in world.neg_pairs}
    assert {"namesake_country", "group_company", "shared_address_agent", "family", "common_name"} <= neg_kinds
