"""`redtrace screen DATASET --out OUTDIR [--watchlist FILE ...]`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from redtrace.cli.app import app
from redtrace.cli.console import console, fail, steps
from redtrace.io.dataset import DatasetError


def print_counts(read) -> None:
    table = Table(title="Input rows", title_justify="left")
    for column in ("file", "input", "accepted", "rejected"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for c in read.counts.values():
        table.add_row(c.file, f"{c.input_rows:,}", f"{c.accepted:,}", f"{c.rejected:,}")
    table.add_row("[b]all", f"[b]{read.input_rows:,}", f"[b]{read.accepted_rows:,}", f"[b]{read.input_rows - read.accepted_rows:,}")
    console.print(table)


def engine_for(name: str, spark_master: str | None):
    from redtrace.engine import ENGINES, create_engine

    if name not in ENGINES:
        fail(f"--engine must be one of {', '.join(ENGINES)}, not {name!r}")
    if name == "spark":
        return create_engine("spark", master=spark_master)
    if spark_master:
        fail("--spark-master needs --engine spark")
    return create_engine(name)


@app.command("screen")
def screen_command(
    dataset: Path = typer.Argument(..., help="Dataset folder (CSV or Parquet files per the data contract)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for orders_scored.csv, parties_scored.csv, flags.jsonl, rejected.csv, report.html."),
    watchlist: list[Path] = typer.Option([], "--watchlist", "-w", help="Watchlist file (OFAC SDN CSV, FollowTheMoney JSON lines, or simple CSV); repeatable."),
    model: Path | None = typer.Option(None, "--model", help="Scoring model from `redtrace train` (default: transparent severity weights)."),
    budget: float | None = typer.Option(None, "--budget", help="Share of orders a team can review (default 0.02)."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (one machine, default) or spark (a cluster; see docs/engines.md)."),
    spark_master: str | None = typer.Option(None, "--spark-master", help="Spark master URL (default: $REDTRACE_SPARK_MASTER, else spark-submit's master, else local[*])."),
) -> None:
    """Screen every order and party of a dataset for red flags, explain each, and decide clear/review/hold."""
    from redtrace.pipeline import screen
    from redtrace.scoring import ScoringModel

    for path in watchlist:
        if not path.exists():
            fail(f"watchlist {path} does not exist")
    scoring = ScoringModel.load(model) if model else ScoringModel()
    if budget is not None:
        scoring.budget = budget
    try:
        with steps("screening") as step:
            step(f"starting {engine}")
            # One screen per process: a worker builds the name matcher while this process reads.
            result = screen(dataset, out, watchlist, scoring, engine=engine_for(engine, spark_master), progress=step,
                            names_in_worker=True)
    except DatasetError as exc:
        fail(str(exc))
    print_counts(result.read)
    d = result.decisions
    console.print(f"Orders: [red]{d['hold']:,} hold[/red], [yellow]{d['review']:,} review[/yellow], [green]{d['clear']:,} clear[/green]")
    if result.skipped_rules:
        console.print(f"Indicators skipped for lack of input: {', '.join(result.skipped_rules)}")
    console.print(f"Report: {(result.out / 'report.html').resolve()}")
