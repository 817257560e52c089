"""Entity resolution: which party records of one dataset are the same company or person.

`resolve_parties(engine)` creates the table `clusters(party_id, cluster_id)`: one row per party,
singletons included; `cluster_id` is the smallest party_id of the cluster, so it is stable
across runs and readable. Splink (Fellegi-Sunter, trained without labels) scores candidate
pairs; pairs above the threshold are joined into connected components. Every blocking rule
includes `kind`, so a person and a company never merge.

Splink runs on its own backend and receives the features through Arrow; the result goes back
into the engine as a table, so nothing here depends on which engine runs the pipeline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import igraph as ig
import pandas as pd
import pyarrow as pa

from redtrace.resolve.features import party_features
from redtrace.resolve.model import add_block_columns, settings, train

if TYPE_CHECKING:
    from redtrace.engine import Engine

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.9


@dataclass
class Resolution:
    clusters: pa.Table  # party_id, cluster_id
    pairs: pa.Table  # party_id_l, party_id_r, match_probability (accepted pairs only)


def _components(ids: list[str], left: list[str], right: list[str]) -> list[str]:
    """Connected components; each party gets the smallest party_id of its component."""
    index = {pid: i for i, pid in enumerate(ids)}
    g = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in zip(left, right)])
    membership = g.connected_components().membership
    smallest: dict[int, str] = {}
    for pid, comp in zip(ids, membership):
        if comp not in smallest or pid < smallest[comp]:
            smallest[comp] = pid
    return [smallest[c] for c in membership]


def _prior(n: int) -> float:
    # Before training, assume a few duplicates per hundred records; EM refines the m values,
    # and this prior only shifts every pair's weight by the same amount.
    return min(0.5, max(1e-7, 0.5 / max(n - 1, 1)))


def resolve_features(
    features: pa.Table,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
) -> Resolution:
    """Resolve a features table (see `features.party_features`)."""
    from splink import DuckDBAPI, Linker

    step = progress or (lambda _msg: None)
    ids = features["party_id"].to_pylist()
    if len(ids) < 2:
        return Resolution(
            clusters=pa.table({"party_id": ids, "cluster_id": ids}),
            pairs=pa.table({"party_id_l": [], "party_id_r": [], "match_probability": []}),
        )
    data = add_block_columns(features)
    db = DuckDBAPI()
    sdf = db.register(data, table_name="redtrace_parties")
    linker = Linker(sdf, settings(_prior(len(ids))), log_level=logging.ERROR)
    step("training (EM)")
    train(linker, len(ids), seed)
    step("scoring pairs")
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    pairs = db.duckdb_con.sql(
        f"SELECT party_id_l, party_id_r, match_probability FROM {predictions.physical_name} "
        "ORDER BY party_id_l, party_id_r"
    ).arrow()
    if isinstance(pairs, pa.RecordBatchReader):
        pairs = pairs.read_all()
    step("clustering")
    cluster_ids = _components(ids, pairs["party_id_l"].to_pylist(), pairs["party_id_r"].to_pylist())
    return Resolution(clusters=pa.table({"party_id": ids, "cluster_id": cluster_ids}), pairs=pairs)


def resolve_parties(
    engine: "Engine",
    table: str = "parties",
    out: str = "clusters",
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
) -> Resolution:
    """Create table `out` (party_id, cluster_id) from the parties in `table`."""
    step = progress or (lambda _msg: None)
    step("building match keys")
    features = party_features(engine, table)
    result = resolve_features(features, threshold=threshold, seed=seed, progress=progress)
    # The match keys serve the network too (shared addresses, phones, e-mails).
    engine.register("party_keys", features)
    engine.register(out, result.clusters)
    engine.register(f"{out}_pairs", result.pairs)
    return result


def resolve_dataframe(parties: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, seed: int = 42) -> pd.DataFrame:
    """pandas in, pandas out: `party_id, cluster_id` for a DataFrame with the parties columns."""
    from redtrace.engine import create_engine

    engine = create_engine()
    engine.register("parties", parties)
    return resolve_parties(engine, threshold=threshold, seed=seed).clusters.to_pandas()


__all__ = ["Resolution", "resolve_parties", "resolve_features", "resolve_dataframe", "DEFAULT_THRESHOLD"]
