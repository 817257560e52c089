"""`redtrace match`: screen a file of names against one or more watchlists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from redtrace.cli.app import app
from redtrace.model.contract import MATCH_RESULT_COLUMNS

console = Console(stderr=True)
BATCH = 20_000  # queries per progress step (each step forks its workers afresh)


@app.command("match")
def match_command(
    watchlist: list[Path] = typer.Option(..., "--watchlist", "-w", help="Watchlist file (OFAC SDN CSV, FtM JSON lines, or simple CSV); repeat for several."),
    queries: Path = typer.Option(..., "--queries", "-q", help="CSV with query_id, name (and optionally kind, country, birth_date)."),
    out: Path = typer.Option(..., "--out", "-o", help="Result CSV: query_id, rank, entry_id, matched_name, score."),
    watchlist_format: str = typer.Option("auto", "--format", help="Force the watchlist format: auto, sdn, ftm, csv."),
    threshold: float = typer.Option(None, "--threshold", help="Lowest score reported (default: the matcher's)."),
    limit: int = typer.Option(5, "--limit", help="Candidates per query."),
    explain: bool = typer.Option(False, "--explain", help="Add list_name, program and explanation columns."),
    workers: int = typer.Option(2, "--workers", help="Processes for large batches."),
) -> None:
    """Match names against watchlists; a query with no candidate above the threshold has no row."""
    from redtrace.io.watchlists import WatchlistError, load_watchlists
    from redtrace.names.matcher import DEFAULT_THRESHOLD, Matcher

    try:
        table = _read_queries(queries)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--queries") from exc
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:  # fmt: skip
        step = progress.add_task("loading watchlists", total=None)
        try:
            wl = load_watchlists(watchlist, format=watchlist_format)
        except WatchlistError as exc:
            raise typer.BadParameter(str(exc), param_hint="--watchlist") from exc
        progress.update(step, description=f"indexing {len(wl):,} entries")
        matcher = Matcher(wl)
        progress.update(step, description="matching", total=len(table), completed=0)
        parts = []
        for start in range(0, len(table), BATCH):
            chunk = table.iloc[start : start + BATCH]
            parts.append(matcher.match(chunk, limit=limit, threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                                       workers=workers))  # fmt: skip
            progress.update(step, advance=len(chunk))
    result = pd.concat(parts, ignore_index=True)
    columns = list(result.columns) if explain else list(MATCH_RESULT_COLUMNS)
    out.parent.mkdir(parents=True, exist_ok=True)
    result[columns].to_csv(out, index=False)

    for list_name, count in wl.counts().items():
        console.print(f"watchlist {list_name}: {count:,} entries")
    for issue in wl.errors[:20]:
        console.print(f"[red]rejected[/red] {issue}")
    if wl.errors or wl.warnings:
        console.print(f"{len(wl.errors):,} watchlist rows rejected, {len(wl.warnings):,} warnings")
    matched = result["query_id"].nunique()
    console.print(f"{len(table):,} queries, {matched:,} with a candidate, {len(result):,} rows written to {out}")


def _read_queries(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("query_id", "name") if c not in table.columns]
    if missing:
        raise ValueError(f"{path.name}: missing required column(s) {', '.join(missing)}")
    empty = table.index[table["name"].str.strip() == ""]
    if len(empty):
        raise ValueError(f"{path.name}: row {empty[0] + 2}, column name: empty name ({len(empty)} such rows)")
    return table
