"""With and without a group of indicators: which rules are dropped, and the side-by-side table."""

import pandas as pd
import pytest

import redtrace.rules as rules
from redtrace.cli.console import console
from redtrace.cli.evaluate import print_comparison
from redtrace.evaluate import evaluate
from redtrace.evaluate.ablation import rule_modules_matching, rules_dropped


def test_the_network_indicators_are_the_net_modules():
    net = rule_modules_matching("net.")
    assert net and set(net) == {m for m in rules.RULE_MODULES if m.startswith("net_")}


def test_dropped_rules_come_back_even_after_an_error():
    registered = rules.RULE_MODULES
    with pytest.raises(RuntimeError):
        with rules_dropped(("watchlist_match",)):
            assert "watchlist_match" not in rules.RULE_MODULES
            raise RuntimeError
    assert rules.RULE_MODULES == registered


def _run(folder, scores):
    """Orders A-D (A, B illicit 'front'), parties P (illicit 'front'), Q, R (legit)."""
    folder.mkdir()
    pd.DataFrame({"order_id": list("ABCD"), "score": scores, "decision": "clear", "flags": ""}).to_csv(
        folder / "orders_scored.csv", index=False)
    pd.DataFrame({"party_id": list("PQR"), "score": [0.9, 0.5, 0.1], "flags": ""}).to_csv(
        folder / "parties_scored.csv", index=False)
    rows = [("order", o, "illicit" if o in "AB" else "legit", "front" if o in "AB" else "") for o in "ABCD"]
    rows += [("party", "P", "illicit", "front"), ("party", "Q", "legit", ""), ("party", "R", "legit", "")]
    pd.DataFrame(rows, columns=["target_kind", "target_id", "label", "typology"]).to_csv(folder.parent / "labels.csv", index=False)
    return folder


def test_both_runs_side_by_side(tmp_path):
    # Without: A .9, C .8, B .7 -> AP (1 + 2/3) / 2, budget 1 order: A only. With: A, B first -> AP 1.
    labels = tmp_path / "labels.csv"
    without = evaluate(_run(tmp_path / "without", [0.9, 0.7, 0.8, 0.1]), labels, budget=0.5)
    with_net = evaluate(_run(tmp_path / "with", [0.9, 0.8, 0.7, 0.1]), labels, budget=0.5)
    # P (.9) above both legitimate parties: the front typology alone is perfectly separated.
    assert with_net.party_typology_vs_legit == {"front": (1.0, 1.0)}
    with console.capture() as out:
        print_comparison(with_net, without, "net.")
    text = out.get()
    assert "With and without the net. indicators" in text
    assert "order average precision" in text and "0.833" in text and "1.000" in text and "+0.167" in text
    assert "order recall: front (2)" in text and "0.500" in text and "+0.500" in text
    assert "party AP vs legitimate: front" in text
