"""`redtrace trace DATASET --out OUTDIR`: recovered items -> the sales they left the legal chain at."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redtrace.cli.app import app
from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset, read_file
from redtrace.model.contract import ITEMS
from redtrace.trace import evaluate_traces, targets_met, trace_items, trace_section_html
from redtrace.trace.evaluate import by_reading
from redtrace.trace.run import PASSES

console = Console(stderr=True)


def _numeric_score(table: pd.DataFrame) -> pd.DataFrame:
    if "score" in table.columns:
        table["score"] = pd.to_numeric(table["score"], errors="coerce")
    return table


@app.command("trace")
def trace(
    dataset: Path = typer.Argument(..., help="Dataset folder (contract CSV or Parquet files)."),
    out: Path = typer.Option(..., "--out", help="Folder for traces.csv, chains.csv, trace_readings.csv, trace.html."),
    items: Optional[Path] = typer.Option(None, "--items", help="Recovered items CSV to trace instead of the dataset's items.csv."),
    truth: Optional[Path] = typer.Option(None, "--truth", help="item_origins.csv (item_id, order_id, line_no, case): print accuracy figures."),
    top: int = typer.Option(5, "--top", min=1, help="Candidate sales kept per item."),
    network: Optional[Path] = typer.Option(None, "--network", help="Output folder of `redtrace network` on this dataset: its clusters.csv / communities.csv give buyers' resolved entities and communities."),
    scores: Optional[Path] = typer.Option(None, "--scores", help="Output folder of `redtrace screen` on this dataset: its orders_scored.csv / parties_scored.csv rank ambiguous sales by risk."),
) -> None:
    """Trace recovered items (serials, lots, makers as read in the field) to the order lines they
    came from, with a confidence, and read each top sale's chain of custody."""
    engine = create_engine()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        reading = progress.add_task("reading dataset", total=None)
        result = read_dataset(dataset, engine, progress=lambda stem: progress.update(reading, description=f"reading {stem}"))
        if items is not None:
            _, rejected = read_file(engine, ITEMS, items, "items")
            result.rejected = pd.concat([result.rejected, rejected], ignore_index=True)
        # Optional results of other stages on the same dataset, joined when present.
        for folder, names in ((scores, ("orders_scored", "parties_scored")), (network, ("clusters", "communities"))):
            for name in names if folder is not None else ():
                if (folder / f"{name}.csv").exists():
                    engine.register(name, pd.read_csv(folder / f"{name}.csv", dtype=str).pipe(_numeric_score))
        progress.remove_task(reading)
        n_items = engine.count("items")
        task = progress.add_task("tracing", total=PASSES * n_items)
        traced = trace_items(engine, top_k=top, advance=lambda n: progress.advance(task, n),
                             step=lambda what: progress.update(task, description=what))

    out.mkdir(parents=True, exist_ok=True)
    traced.traces.to_csv(out / "traces.csv", index=False)
    traced.chains.to_csv(out / "chains.csv", index=False)
    traced.readings.to_csv(out / "trace_readings.csv", index=False)
    (out / "trace.html").write_text(trace_section_html(traced.traces, traced.chains, traced.readings), encoding="utf-8")
    confident = int((traced.chains["confidence"] >= 0.5).sum()) if len(traced.chains) else 0
    console.print(
        f"{n_items} items: {traced.traces['item_id'].nunique()} with candidates, {confident} traced with confidence >= 0.5; "
        f"{len(result.rejected)} input rows rejected. Wrote {out}/traces.csv, chains.csv, trace_readings.csv, trace.html"
    )
    if truth is not None:
        known = pd.read_csv(truth, dtype={"order_id": str, "item_id": str})
        figures = evaluate_traces(traced.traces, known)
        _print_table("trace accuracy against truth", figures)
        _print_table("per misreading kind (an item counts under every kind its reading shows)",
                     by_reading(traced.traces, known, traced.readings))
        for target, ok in targets_met(figures).items():
            Console().print(f"{'PASS' if ok else 'FAIL'}  {target}")


def _print_table(title: str, frame: pd.DataFrame) -> None:
    table = Table(title=title)
    for c in frame.columns:
        table.add_column(c, justify="right")
    for row in frame.itertuples(index=False):
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    Console().print(table)
