"""Graph analytics that feed detection: communities, brokers, risk propagated from seeds.

All take an undirected igraph (`ProcurementGraph.undirected()`, or any graph in benchmarks) and
return plain lists indexed like its vertices. Randomised steps (Leiden, sampled betweenness) run
on a seeded generator, so the same input gives the same output.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import numpy as np

# Exact betweenness costs one shortest-path search per vertex: fine up to a few thousand
# vertices, days at a million. Past EXACT_BETWEENNESS_MAX it is estimated from a sample of
# source vertices, as many as fit a fixed amount of work (vertices + edges visited), so the
# cost stays bounded and the result does not depend on the machine's speed.
EXACT_BETWEENNESS_MAX = 5_000
BETWEENNESS_WORK = 3e7
MIN_SAMPLES, MAX_SAMPLES = 4, 256


@contextmanager
def seeded(seed: int):
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def communities(g: ig.Graph, seed: int = 0, weights: str | None = "weight") -> list[int]:
    """Leiden communities (modularity). Isolated vertices are communities of one."""
    w = weights if weights and weights in g.es.attributes() else None
    # A second Leiden pass refines small graphs cheaply; on a million vertices it doubles a
    # minute-long run for a sliver of modularity.
    passes = 2 if g.vcount() <= 200_000 else 1
    with seeded(seed):
        part = g.community_leiden(objective_function="modularity", weights=w, n_iterations=passes)
    return part.membership


def betweenness_samples(g: ig.Graph) -> int:
    work = g.vcount() + g.ecount()
    return int(min(MAX_SAMPLES, max(MIN_SAMPLES, BETWEENNESS_WORK // max(work, 1))))


def betweenness(g: ig.Graph, seed: int = 0, samples: int | None = None) -> np.ndarray:
    """Betweenness, exact on small graphs, else estimated from `samples` random sources and
    scaled up by n / samples (an unbiased estimate of the exact value)."""
    n = g.vcount()
    if n <= EXACT_BETWEENNESS_MAX and samples is None:
        return np.asarray(g.betweenness(directed=False), dtype=float)
    samples = samples or betweenness_samples(g)
    sources = random.Random(seed).sample(range(n), min(samples, n))
    # Both directions of an undirected path are counted once each from sampled sources; exact
    # undirected betweenness counts each pair once, hence the halving.
    partial = np.asarray(g.betweenness(directed=False, sources=sources), dtype=float)
    return partial * (n / len(sources)) / 2


def communities_bridged(g: ig.Graph, membership: list[int]) -> np.ndarray:
    """For each vertex, how many communities other than its own its neighbours belong to."""
    m = np.asarray(membership)
    edges = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if not len(edges):
        return np.zeros(g.vcount(), dtype=np.int64)
    # Every (vertex, neighbour's community) once, from both ends of each edge.
    ends = np.concatenate([edges, edges[:, ::-1]])
    other = m[ends[:, 1]]
    keep = other != m[ends[:, 0]]
    # One int64 key per (vertex, community): a 1-D unique is an order of magnitude faster than
    # unique rows of a 2-D array.
    width = int(m.max()) + 1
    keys = np.unique(ends[keep, 0].astype(np.int64) * width + other[keep])
    return np.bincount(keys // width, minlength=g.vcount())


def risk_propagation(g: ig.Graph, seeds: dict[int, float], damping: float = 0.85) -> np.ndarray:
    """Personalised PageRank restarting at the seed vertices (weight = how bad the seed is).

    The score is the share of time a walker that keeps returning to the seeds spends at each
    vertex: high for parties a few strong links away from several seeds. Divided by the score
    an average vertex would get, so 1 means "no closer to the seeds than anyone"."""
    n = g.vcount()
    if not seeds or n == 0:
        return np.zeros(n)
    reset = np.zeros(n)
    for v, w in seeds.items():
        reset[v] += w
    w = "weight" if "weight" in g.es.attributes() else None
    pr = np.asarray(g.personalized_pagerank(damping=damping, reset=reset.tolist(), weights=w, directed=False))
    return pr * n


@dataclass
class Analytics:
    community: list[int]
    community_size: np.ndarray
    degree: np.ndarray
    betweenness: np.ndarray
    broker_score: np.ndarray  # betweenness / the largest betweenness, in [0, 1]
    communities_bridged: np.ndarray


def analyse(g: ig.Graph, seed: int = 0, samples: int | None = None) -> Analytics:
    membership = communities(g, seed)
    sizes = np.bincount(membership) if membership else np.zeros(0, dtype=np.int64)
    bt = betweenness(g, seed, samples)
    top = bt.max() if len(bt) else 0.0
    return Analytics(
        community=membership,
        community_size=sizes[membership] if len(membership) else np.zeros(0, dtype=np.int64),
        degree=np.asarray(g.degree()),
        betweenness=bt,
        broker_score=bt / top if top > 0 else np.zeros_like(bt),
        communities_bridged=communities_bridged(g, membership),
    )
