"""`redtrace network DATASET --out OUTDIR`: resolve parties, build and analyse the procurement
network, write it for Gephi / networkx / FollowTheMoney, draw the top cases."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from redtrace.cli.app import app


@app.command("network")
def network(
    dataset: Path = typer.Argument(..., help="dataset folder (parties.csv, orders.csv, order_lines.csv, relations.csv ...)"),
    out: Path = typer.Option(..., "--out", help="output folder"),
    seeds: Path = typer.Option(None, "--seeds", help="CSV of seed parties (party_id[, weight]) for risk propagation"),
    pictures: int = typer.Option(5, "--pictures", help="how many top cases to draw"),
    engine_name: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark; see docs/engines.md"),
    spark_master: str | None = typer.Option(None, "--spark-master", help="Spark master URL (as for redtrace screen)"),
) -> None:
    """Resolve entities and map the procurement network: clusters, communities, brokers, graph files, flags."""
    import pandas as pd

    from redtrace.cli.screen import engine_for
    from redtrace.io.dataset import read_dataset
    from redtrace.network import write_outputs
    from redtrace.network.context import SEEDS_TABLE
    from redtrace.resolve import resolve_parties

    console = Console(stderr=True)
    engine = engine_for(engine_name, spark_master)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("reading dataset", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message)

        read = read_dataset(dataset, engine, progress=lambda stem: step(f"reading {stem}"))
        if seeds:
            engine.register(SEEDS_TABLE, pd.read_csv(seeds, dtype={"party_id": str}))
        resolve_parties(engine, progress=lambda m: step(f"resolving parties: {m}"))
        counts = write_outputs(engine, out, progress=step, pictures=pictures)
    if len(read.rejected):
        console.print(f"[yellow]{len(read.rejected)} input rows rejected (see redtrace screen's rejected.csv)")
    console.print(
        f"{counts['parties']:,} parties -> {counts['clusters']:,} entities; graph {counts['nodes']:,} nodes, "
        f"{counts['edges']:,} edges, {counts['communities']:,} communities; {counts['flags']:,} network flags; "
        f"{counts['ftm_entities']:,} FtM entities; wrote {out}"
    )
