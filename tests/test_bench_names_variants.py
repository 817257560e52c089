"""The independent variant benchmark (benchmarks/bench_names_variants.py) builds the same queries
from the same seed, and every kind it reports on. Skips where shared/data is not beside the
repository."""

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SDN = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac-sdn-2024-05-03.csv"
pytestmark = pytest.mark.skipif(not SDN.is_file(), reason="shared/data not available")


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_names_variants
    finally:
        sys.path.remove(str(BENCHMARKS))
    from redtrace.io.watchlists import load_watchlists

    return bench_names_variants, load_watchlists([SDN])


def test_builder_is_deterministic_and_makes_every_kind(bench):
    module, watchlist = bench
    _, first = module.build_variants(per_kind=3, seed=5, watchlist=watchlist)
    _, again = module.build_variants(per_kind=3, seed=5, watchlist=watchlist)
    assert first == again
    kinds = {q.category for q in first}
    assert kinds == set(module.KINDS)
    ids = {e.entry_id for e in watchlist.entries}
    for q in first:
        assert q.name.strip() and q.split in ("dev", "test")
        if q.category in module.POSITIVE:
            assert q.expected in q.accept <= ids and q.name != q.source
        else:
            assert not q.expected and not q.accept


def test_rewritings_write_what_they_say():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_names_variants as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert module.cyrillic_word("Sergei") == "сергей"
    assert module.cyrillic_word("Oleksandrovych", "uk") == "олександрович"
    assert module.persian_word("Hosseinzadeh", __import__("random").Random(0)).startswith("حسین")
    assert module.accents("Jose Hernandez", ("MX",)) == "José Hernández"
    assert module.loose("Fyodorov") == module.loose("Fedorov")
