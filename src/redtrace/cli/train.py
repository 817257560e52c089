"""`redtrace train OUT --labels labels.csv --model model.json`: learn rule weights from outcomes."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from redtrace.cli.app import app
from redtrace.cli.console import console, fail


def _reliability_table(title: str, rel) -> Table:
    t = Table(title=title, title_justify="left")
    for c in ("score bin", "orders", "mean score", "observed illicit share"):
        t.add_column(c, justify="left" if c == "score bin" else "right")
    for r in rel.itertuples(index=False):
        t.add_row(str(r.bin), f"{r.orders:,}", f"{r.predicted:.3f}", f"{r.observed:.3f}")
    return t


@app.command("train")
def train_command(
    out: Path = typer.Argument(..., help="Output folder of `redtrace screen` over a labelled dataset."),
    labels: Path = typer.Option(..., "--labels", "-l", help="labels.csv (target_kind, target_id, label, typology)."),
    model: Path = typer.Option(..., "--model", "-m", help="Where to write the scoring model (JSON) for `redtrace screen --model`."),
    dataset: Path | None = typer.Option(None, "--dataset", help="The screened dataset, so flags of buyers, consignees and payers reach their orders exactly."),
    l2: float = typer.Option(1.0, "--l2", help="L2 penalty on the weights."),
    budget: float = typer.Option(0.02, "--budget", help="Review budget kept in the model (share of orders)."),
    holdout: Path | None = typer.Option(None, "--holdout", help="Output folder of another screened, labelled dataset to check calibration on."),
    holdout_labels: Path | None = typer.Option(None, "--holdout-labels", help="Labels of the holdout."),
    holdout_dataset: Path | None = typer.Option(None, "--holdout-dataset", help="The holdout's dataset folder."),
) -> None:
    """Learn each indicator's weight from known outcomes (logistic, non-negative, regularised) and save the model."""
    from redtrace.evaluate import load_labels
    from redtrace.scoring import ScoringModel
    from redtrace.scoring.train import labelled, model_predict, order_features, reliability, train

    if not (out / "orders_scored.csv").exists():
        fail(f"{out} holds no orders_scored.csv: run `redtrace screen` first")
    try:
        fitted, x, y = train(out, load_labels(labels), dataset, l2, ScoringModel(budget=budget))
    except ValueError as exc:
        fail(str(exc))
    fitted.save(model)
    t = Table(title=f"Learned log-odds ({fitted.source}); intercept {fitted.intercept:.2f}", title_justify="left")
    for c in ("indicator", "orders raised", "if raised", "per unit of strength"):
        t.add_column(c, justify="left" if c == "indicator" else "right")
    for rule in sorted(fitted.weights, key=lambda r: -(fitted.offsets.get(r, 0) + fitted.weights[r])):
        t.add_row(rule, f"{int((x[rule] > 0).sum()):,}", f"{fitted.offsets.get(rule, 0.0):.2f}", f"{fitted.weights[rule]:.2f}")
    console.print(t)
    console.print(_reliability_table("Calibration on the training orders", reliability(model_predict(fitted, x), y)))
    if holdout is not None:
        if holdout_labels is None:
            fail("--holdout needs --holdout-labels")
        hx, hy = labelled(order_features(holdout, holdout_dataset), load_labels(holdout_labels))
        console.print(_reliability_table(f"Calibration on the holdout {holdout}", reliability(model_predict(fitted, hx), hy)))
    console.print(f"Model: {model.resolve()}")
