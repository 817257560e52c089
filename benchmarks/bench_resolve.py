"""Entity resolution: speed on many party records, and pairwise precision/recall.

    .venv/bin/python benchmarks/bench_resolve.py --entities 650000      # ~1M party records
    .venv/bin/python benchmarks/bench_resolve.py --world DIR            # a synthetic world: DIR/dataset, DIR/truth/clusters.csv

Prints the time of each phase, peak memory, and pairwise precision/recall against the truth.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import pandas as pd

from redtrace.engine import create_engine
from redtrace.resolve import resolve_features
from redtrace.resolve.evaluate import pairwise_scores
from redtrace.resolve.features import party_features
from redtrace.resolve.variants import generate_parties


def _load(args, engine) -> pd.DataFrame:
    if args.world:
        from redtrace.io.dataset import read_dataset

        read_dataset(Path(args.world) / "dataset", engine)
        return pd.read_csv(Path(args.world) / "truth" / "clusters.csv", dtype=str)
    parties, truth = generate_parties(args.entities, seed=args.seed)
    engine.register("parties", parties)
    return truth


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=65_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--world", help="synthetic world folder (overrides --entities)")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()

    engine = create_engine()
    t0 = time.perf_counter()
    truth = _load(args, engine)
    n = engine.count("parties")
    print(f"party records: {n:,}  (load {time.perf_counter() - t0:.1f} s)")

    # CPU time next to wall time: on a shared machine the wall clock measures the neighbours.
    # Each mark starts the phase it names: match keys, set-up, prior, u, m, scoring, clustering.
    def mark(label: str) -> None:
        marks.append((label, time.perf_counter(), time.process_time()))

    marks: list = []
    mark("match keys")
    features = party_features(engine)
    mark("model set-up")
    kwargs = {"threshold": args.threshold} if args.threshold else {}
    result = resolve_features(features, progress=mark, **kwargs)
    mark("end")
    for (label, a, ca), (_, b, cb) in zip(marks, marks[1:]):
        print(f"  {label:<28} {b - a:7.1f} s wall {cb - ca:7.1f} s CPU")
    total = marks[-1][1] - marks[0][1]
    print(f"CPU time of resolve: {marks[-1][2] - marks[0][2]:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total resolve: {total:.1f} s for {n:,} records; peak RSS {peak:,.0f} MiB")
    clusters = result.clusters.to_pandas()
    print(f"clusters: {clusters.cluster_id.nunique():,}; accepted pairs: {result.pairs.num_rows:,}")
    s = pairwise_scores(clusters, truth)
    print(f"pairwise precision {s.precision:.4f}  recall {s.recall:.4f}  F1 {s.f1:.4f}  "
          f"(true pairs {s.true_pairs:,}, predicted {s.predicted_pairs:,})")


if __name__ == "__main__":
    main()
