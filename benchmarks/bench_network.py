"""Network analytics at scale: a random graph of 1M nodes / 5M edges by default.

    .venv/bin/python benchmarks/bench_network.py [--nodes 1000000 --edges 5000000]

The graph mixes a power-law degree sequence with planted communities, so Leiden and the
broker search face hubs and structure rather than a uniform random graph. Prints the time of
each step and the peak memory (target: analytics <= 60 s on 2 cores).
"""

from __future__ import annotations

import argparse
import resource
import time

import igraph as ig
import numpy as np

from redtrace.network.analytics import betweenness, betweenness_samples, communities, communities_bridged, risk_propagation


def random_graph(nodes: int, edges: int, seed: int) -> ig.Graph:
    rng = np.random.default_rng(seed)
    # Preferential endpoints (Zipf-like weights) inside planted blocks of ~200 nodes, plus 20%
    # of edges between random blocks: hubs, communities and bridges.
    weights = 1.0 / np.arange(1, nodes + 1) ** 0.6
    weights /= weights.sum()
    src = rng.choice(nodes, size=edges, p=weights)
    block = 200
    local = (src // block) * block + rng.integers(0, block, size=edges)
    far = rng.choice(nodes, size=edges, p=weights)
    dst = np.where(rng.random(edges) < 0.8, np.minimum(local, nodes - 1), far)
    keep = src != dst
    perm = rng.permutation(nodes)  # hubs spread over blocks
    g = ig.Graph(n=nodes, edges=np.stack([perm[src[keep]], perm[dst[keep]]], axis=1).tolist(), directed=False)
    g.es["weight"] = 1.0
    return g


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--nodes", type=int, default=1_000_000)
    p.add_argument("--edges", type=int, default=5_000_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--samples", type=int, default=None, help="betweenness source samples")
    args = p.parse_args()

    t = time.perf_counter()
    g = random_graph(args.nodes, args.edges, args.seed)
    print(f"graph: {g.vcount():,} nodes, {g.ecount():,} edges (generated + built in {time.perf_counter() - t:.1f} s)")

    steps = []

    def timed(label, fn):
        # CPU time next to wall time: on a shared machine the wall clock measures the neighbours.
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        steps.append((label, time.perf_counter() - t, time.process_time() - c))
        print(f"  {label:<44} {steps[-1][1]:6.1f} s wall {steps[-1][2]:6.1f} s CPU", flush=True)
        return result

    membership = timed("communities (Leiden)", lambda: communities(g, args.seed))
    k = args.samples or betweenness_samples(g)
    bt = timed(f"brokers (betweenness, {k} sampled sources)", lambda: betweenness(g, args.seed, k))
    timed("bridging (communities per neighbourhood)", lambda: communities_bridged(g, membership))
    seeds = {v: 1.0 for v in range(0, g.vcount(), max(1, g.vcount() // 100))}
    timed(f"risk propagation (PageRank, {len(seeds)} seeds)", lambda: risk_propagation(g, seeds))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(set(membership)):,} communities; top broker has degree {g.degree(int(bt.argmax()))}")
    print(f"analytics total: {sum(s[1] for s in steps):.1f} s wall, {sum(s[2] for s in steps):.1f} s CPU; "
          f"peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
