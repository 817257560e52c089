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
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd
import pyarrow as pa

from redtrace.resolve.features import party_features
from redtrace.resolve.model import (
    SINGLE_VALUED, UNRELATED_NAMES, add_block_columns, name_frequencies, same_scheme, settings, train,
)

if TYPE_CHECKING:
    from redtrace.engine import Engine

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.99


@dataclass
class Resolution:
    clusters: pa.Table  # party_id, cluster_id
    pairs: pa.Table  # party_id_l, party_id_r, match_probability (accepted pairs only)


def _cluster(ids: list[str], pairs: pa.Table, facts: dict[str, list], related: list | None = None) -> list[str]:
    """Greedy clustering of accepted pairs, strongest first, that never joins two clusters
    holding different values of a single-valued fact, nor two records that relations.csv
    relates to each other (a person is not their own father, spouse or associate: father and
    son of one name at one address, one record without a birth date, are two people).

    Plain connected components chain namesakes through a record that lacks the fact ("Ji-hoon
    Kim" born 1960 - "Kim Ji-hoon" - "Ji hoon Kim" born 1980); here the middle record joins the
    better match and the second merge is refused. Each party gets the smallest party_id of its
    cluster."""
    index = {pid: i for i, pid in enumerate(ids)}
    parent = list(range(len(ids)))
    held = [{k: {facts[k][i]} for k in SINGLE_VALUED if facts[k][i] is not None} for i in range(len(ids))]

    def clash(k: str, a: set, b: set) -> bool:
        # Registration numbers of two schemes (register / tax number) do not clash.
        return any(x != y and (k != "registration_key" or same_scheme(x, y)) for x in a for y in b)
    # Per cluster root: its members and the records they are related to (only where any are).
    members: dict[int, set[int]] = {}
    apart: dict[int, set[int]] = {}
    for i, others in enumerate(related or []):
        linked = {index[o] for o in others or () if o in index and index[o] != i}
        if linked:
            apart[i] = linked
            for j in linked:
                apart.setdefault(j, set()).add(i)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(
        zip(pairs["match_probability"].to_pylist(), pairs["party_id_l"].to_pylist(), pairs["party_id_r"].to_pylist()),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for _, a, b in order:
        ra, rb = root(index[a]), root(index[b])
        if ra == rb:
            continue
        fa, fb = held[ra], held[rb]
        if any(k in fb and clash(k, v, fb[k]) for k, v in fa.items()):
            continue
        if ra in apart and rb in apart:
            mb = members.get(rb, {rb})
            if apart[ra] & mb or apart[rb] & members.get(ra, {ra}):
                continue
        ra, rb = min(ra, rb), max(ra, rb)
        parent[rb] = ra
        held[ra] = {k: fa.get(k, set()) | fb.get(k, set()) for k in {*fa, *fb}}
        if ra in apart or rb in apart:
            members[ra] = members.pop(ra, {ra}) | members.pop(rb, {rb})
            apart[ra] = apart.pop(ra, set()) | apart.pop(rb, set())
    smallest: dict[int, str] = {}
    roots = [root(i) for i in range(len(ids))]
    for pid, r in zip(ids, roots):
        if r not in smallest or pid < smallest[r]:
            smallest[r] = pid
    return [smallest[r] for r in roots]


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
    # One thread: training reads a sample of about a thousand records or the few thousand pairs
    # that share a phone or a number, too little to split between threads, and in a screen the
    # other core is busy screening names meanwhile. Two threads cost 40-60 % more CPU for the
    # training and 30-60 % more for scoring 110k blocked pairs, and no less wall time.
    db.duckdb_con.execute("SET threads = 1")
    sdf = db.register(data, table_name="redtrace_parties")
    linker = Linker(sdf, settings(_prior(len(ids)), len(ids)), log_level=logging.ERROR)
    linker.table_management.register_term_frequency_lookup(name_frequencies(db, "redtrace_parties"), "name_key")
    train(linker, len(ids), seed, step)
    step("scoring pairs")
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    pairs = db.duckdb_con.sql(
        f"SELECT party_id_l, party_id_r, match_probability FROM {predictions.physical_name} "
        f"WHERE NOT ({UNRELATED_NAMES}) ORDER BY party_id_l, party_id_r"
    ).arrow()
    if isinstance(pairs, pa.RecordBatchReader):
        pairs = pairs.read_all()
    step("clustering")
    facts = {k: features[k].to_pylist() for k in SINGLE_VALUED}
    related = features["related_ids"].to_pylist() if "related_ids" in features.column_names else None
    cluster_ids = _cluster(ids, pairs, facts, related)
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
    _keep(engine, features, result, out)
    return result


def _keep(engine: "Engine", features: pa.Table, result: Resolution, out: str) -> None:
    # The match keys serve the network too (shared addresses, phones, e-mails).
    engine.register("party_keys", features)
    engine.register(out, result.clusters)
    engine.register(f"{out}_pairs", result.pairs)


def resolving_parties(engine: "Engine", table: str = "parties", out: str = "clusters") -> Callable[[], Resolution]:
    """Start `resolve_parties` on another thread; returns a function that waits for it and then
    creates the tables (once; call it from the thread that uses `engine`).

    The thread reads `table` and `relations` through a cursor, so they must be final, and
    Splink runs on its own connection: on a large dataset resolution is a single-threaded
    quarter of a screen, which the other core can hide behind reading the orders and the first
    indicators. An error in the thread is raised by the returned function."""
    cursor = engine.cursor()
    done: dict[str, object] = {}

    def run() -> None:
        try:
            features = party_features(cursor, table)
            done["result"] = (features, resolve_features(features))
        except Exception as error:  # re-raised on the caller's thread by wait()
            done["error"] = error

    # A daemon thread: a screen that fails on its orders does not wait for resolution to exit.
    thread = threading.Thread(target=run, name="resolve", daemon=True)
    thread.start()
    kept: list[Resolution] = []

    def wait() -> Resolution:
        if not kept:
            thread.join()
            if "error" in done:
                raise done["error"]
            features, result = done["result"]
            _keep(engine, features, result, out)
            kept.append(result)
        return kept[0]

    return wait


def resolve_dataframe(parties: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, seed: int = 42) -> pd.DataFrame:
    """pandas in, pandas out: `party_id, cluster_id` for a DataFrame with the parties columns."""
    from redtrace.engine import create_engine

    engine = create_engine()
    engine.register("parties", parties)
    return resolve_parties(engine, threshold=threshold, seed=seed).clusters.to_pandas()


__all__ = ["Resolution", "resolve_parties", "resolving_parties", "resolve_features", "resolve_dataframe", "DEFAULT_THRESHOLD"]
