"""`redtrace synth`: write a synthetic world (dataset, labels, watchlist, truth) for tests and demos."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from redtrace.cli.app import app

console = Console(stderr=True)


@app.command("synth")
def synth_command(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write: dataset/, labels.csv, watchlist.csv, truth/."),
    orders: int = typer.Option(None, "--orders", "-n", help="Number of orders (default 10,000)."),
    seed: int = typer.Option(None, "--seed", "-s", help="Random seed (default 0): the same seed gives the same files."),
    config: Path = typer.Option(None, "--config", help="JSON object of SynthConfig knobs; the options below override it."),
    illicit_share: float = typer.Option(None, "--illicit-share", help="Share of orders placed by illicit networks (default 0.02)."),
    networks: int = typer.Option(None, "--networks", help="Networks per typology (default: sized from the illicit share)."),
    duplicate_rate: float = typer.Option(None, "--duplicate-rate", help="Share of parties also recorded under other ids (default 0.05)."),
    malformed_rate: float = typer.Option(None, "--malformed-rate", help="Share of rows made malformed per file (default 0.001)."),
    items: int = typer.Option(None, "--items", help="Number of recovered items (default: sized from orders)."),
) -> None:
    """Generate a synthetic world: a legitimate economy with planted illicit procurement networks."""
    from redtrace.synth import SynthConfig, generate

    knobs = {"orders": orders, "seed": seed, "illicit_share": illicit_share, "networks_per_typology": networks,
             "duplicate_rate": duplicate_rate, "malformed_rate": malformed_rate, "items": items}
    try:
        cfg = SynthConfig.from_file(config, **knobs) if config else SynthConfig(**{k: v for k, v in knobs.items() if v is not None})
    except (ValueError, TypeError, OSError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--config" if config else None) from exc
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:  # fmt: skip
        task = progress.add_task("orders", total=cfg.orders)
        summary = generate(out, cfg, progress=lambda done: progress.update(task, completed=done))
    console.print(f"wrote {out}: {summary.orders:,} orders ({summary.illicit_orders:,} illicit), {summary.order_lines:,} lines, "
                  f"{summary.parties:,} parties, {summary.items:,} items, {summary.watchlist:,} watchlist entries "
                  f"in {summary.seconds:.1f} s")
    console.print("networks: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.networks.items())))
