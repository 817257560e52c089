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


def print_comparison(ev, without, dropped: str) -> None:
    """Both runs side by side: what the dropped indicators add, overall and per typology."""
    t = Table(title=f"With and without the {dropped} indicators", title_justify="left")
    for c in ("metric", "without", "with", "change"):
        t.add_column(c, justify="left" if c == "metric" else "right")

    def row(name, a, b):
        t.add_row(name, _pct(a), _pct(b), "n/a" if math.isnan(a) or math.isnan(b) else f"{b - a:+.3f}")

    row("order average precision", without.order_ap, ev.order_ap)
    row("party average precision", without.party_ap, ev.party_ap)
    row("order recall within review budget", without.recall_at_budget, ev.recall_at_budget)
    for kind, a, b in (("order", without.typology_recall, ev.typology_recall),
                       ("party", without.party_typology_recall, ev.party_typology_recall)):
        for typ in sorted(set(a) | set(b)):
            n = b.get(typ, a.get(typ, (0, 0.0)))[0]
            row(f"  {kind} recall: {typ} ({n})", a.get(typ, (n, float("nan")))[1], b.get(typ, (n, float("nan")))[1])
    # Within the budget typologies crowd each other out when illicit parties outnumber it; each
    # typology's AP against the legitimate parties alone is what a gain in separation looks like.
    a, b = without.party_typology_vs_legit, ev.party_typology_vs_legit
    for typ in sorted(set(a) | set(b)):
        row(f"  party AP vs legitimate: {typ}", a.get(typ, (0.0, float("nan")))[1], b.get(typ, (0.0, float("nan")))[1])
    console.print(t)


@app.command("evaluate")
def evaluate_command(
    out: Path = typer.Argument(..., help="Output folder of `redtrace screen`."),
    labels: Path = typer.Option(..., "--labels", "-l", help="labels.csv (target_kind, target_id, label, typology)."),
    budget: float = typer.Option(0.02, "--budget", help="Review budget as a share of orders."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the metrics as JSON here."),
    without: str | None = typer.Option(None, "--without", help="Also screen DATASET again without the indicators whose id starts with this (e.g. 'net.') and show both runs."),
    dataset: Path | None = typer.Option(None, "--dataset", help="The dataset OUTDIR was screened from (for --without)."),
    watchlist: list[Path] = typer.Option([], "--watchlist", "-w", help="The watchlists OUTDIR was screened with (for --without); repeatable."),
) -> None:
    """Measure detection against known outcomes: AP, recall within a review budget, per typology, per indicator."""
    import tempfile

    from redtrace.evaluate import evaluate
    from redtrace.evaluate.ablation import evaluate_without, rule_modules_matching

    ev = evaluate(out, labels, budget)
    print_evaluation(ev)
    result = ev.as_dict()
    if without:
        if dataset is None:
            raise typer.BadParameter("--without needs --dataset (and the same --watchlist as the screen)")
        with tempfile.TemporaryDirectory() as tmp:
            other = evaluate_without(rule_modules_matching(without), dataset, Path(tmp), labels, watchlist, budget)
        print_comparison(ev, other, without)
        result["without"] = {"indicators": without, **other.as_dict()}
    if json_out:
        json_out.write_text(json.dumps(result, indent=2, default=float))
