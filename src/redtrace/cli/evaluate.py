"""`redtrace evaluate OUTDIR --labels labels.csv`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import typer
from rich.table import Table

from redtrace.cli.app import app
from redtrace.cli.console import console


def _pct(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def print_evaluation(ev) -> None:
    summary = Table(title="Detection against labels", title_justify="left")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    summary.add_row("orders scored and labelled (illicit)", f"{ev.orders:,} ({ev.illicit_orders:,})")
    summary.add_row("order average precision", _pct(ev.order_ap))
    summary.add_row(f"recall within review budget ({ev.budget:.0%} = {ev.budget_orders:,} orders)", _pct(ev.recall_at_budget))
    summary.add_row("  best possible recall within that budget", _pct(ev.best_recall_at_budget))
    summary.add_row("decision precision (review+hold)", _pct(ev.decision_precision))
    summary.add_row("decision recall (review+hold)", _pct(ev.decision_recall))
    summary.add_row("parties scored and labelled (illicit)", f"{ev.parties:,} ({ev.illicit_parties:,})")
    summary.add_row("party average precision", _pct(ev.party_ap))
    if ev.unlabelled_orders:
        summary.add_row("orders without a label (left out)", f"{ev.unlabelled_orders:,}")
    console.print(summary)
    typ = Table(title="Recall per typology (within the review budget)", title_justify="left")
    for c in ("typology", "illicit orders", "order recall", "vs legit: recall", "vs legit: AP", "illicit parties", "party recall"):
        typ.add_column(c, justify="left" if c == "typology" else "right")
    for t in sorted(set(ev.typology_recall) | set(ev.party_typology_recall)):
        on, orc = ev.typology_recall.get(t, (0, float("nan")))
        lrc, lap = ev.typology_vs_legit.get(t, (float("nan"), float("nan")))
        pn, prc = ev.party_typology_recall.get(t, (0, float("nan")))
        typ.add_row(t, str(on), _pct(orc), _pct(lrc), _pct(lap), str(pn), _pct(prc))
    console.print(typ)
    base = Table(title="Single indicators as baselines (AP of 'rule fired on the order')", title_justify="left")
    for c in ("indicator", "orders flagged", "AP"):
        base.add_column(c, justify="left" if c == "indicator" else "right")
    for rule, (n, ap) in sorted(ev.indicator_ap.items(), key=lambda kv: -(kv[1][1] if not math.isnan(kv[1][1]) else -1)):
        base.add_row(rule, f"{n:,}", _pct(ap))
    base.add_row("[b]combined score", f"{ev.orders:,}", f"[b]{_pct(ev.order_ap)}")
    console.print(base)


@app.command("evaluate")
def evaluate_command(
    out: Path = typer.Argument(..., help="Output folder of `redtrace screen`."),
    labels: Path = typer.Option(..., "--labels", "-l", help="labels.csv (target_kind, target_id, label, typology)."),
    budget: float = typer.Option(0.02, "--budget", help="Review budget as a share of orders."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the metrics as JSON here."),
) -> None:
    """Measure detection against known outcomes: AP, recall within a review budget, per typology, per indicator."""
    from redtrace.evaluate import evaluate

    ev = evaluate(out, labels, budget)
    print_evaluation(ev)
    if json_out:
        json_out.write_text(json.dumps(ev.as_dict(), indent=2, default=float))
