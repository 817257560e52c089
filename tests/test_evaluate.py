"""The evaluator against values computed by hand."""

import pandas as pd
import pytest

from redtrace.evaluate import evaluate


@pytest.fixture
def run(tmp_path):
    # 10 orders; illicit: A (score .9), B (.8), E (.3). Budget 20% = 2 orders: A, B.
    orders = pd.DataFrame(
        {
            "order_id": list("ABCDEFGHIJ"),
            "score": [0.9, 0.8, 0.7, 0.5, 0.3, 0.2, 0.1, 0.0, 0.0, 0.0],
            "decision": ["hold", "review", "review", "clear", "clear", "clear", "clear", "clear", "clear", "clear"],
            "flags": ["x;y", "x", "y", "", "x", "", "", "", "", ""],
        }
    )
    parties = pd.DataFrame({"party_id": ["P", "Q", "R"], "score": [0.9, 0.1, 0.5], "flags": ["", "", ""], "watchlist_matches": ["", "", ""]})
    out = tmp_path / "out"
    out.mkdir()
    orders.to_csv(out / "orders_scored.csv", index=False)
    parties.to_csv(out / "parties_scored.csv", index=False)
    rows = [("order", o, "illicit" if o in "ABE" else "legit", {"A": "front", "B": "front", "E": "mismatch"}.get(o, "")) for o in "ABCDEFGHIJ"]
    rows += [("party", "P", "illicit", "front"), ("party", "Q", "illicit", "mismatch"), ("party", "R", "legit", ""), ("order", "Z", "illicit", "front")]
    pd.DataFrame(rows, columns=["target_kind", "target_id", "label", "typology"]).to_csv(tmp_path / "labels.csv", index=False)
    return out, tmp_path / "labels.csv"


def test_hand_computed_metrics(run):
    ev = evaluate(*run, budget=0.2)
    assert ev.orders == 10 and ev.illicit_orders == 3
    # AP: hits at ranks 1, 2, 5 -> (1/1 + 2/2 + 3/5) / 3
    assert ev.order_ap == pytest.approx((1 + 1 + 0.6) / 3)
    assert ev.budget_orders == 2
    assert ev.recall_at_budget == pytest.approx(2 / 3)
    assert ev.best_recall_at_budget == pytest.approx(2 / 3)  # 2 slots for 3 illicit orders
    # raised = A, B, C: 2 of 3 illicit; recall 2 of 3 illicit
    assert ev.decision_precision == pytest.approx(2 / 3)
    assert ev.decision_recall == pytest.approx(2 / 3)
    assert ev.typology_recall == {"front": (2, 1.0), "mismatch": (1, 0.0)}
    # Against the 7 legitimate orders alone: front A, B rank 1-2 (recall 1, AP 1); mismatch E ranks
    # third behind C (.7) and D (.5): outside the 2 orders, AP 1/3.
    assert ev.typology_vs_legit == {"front": (1.0, 1.0), "mismatch": (0.0, pytest.approx(1 / 3))}
    # parties ranked P (.9, illicit), R (.5), Q (.1, illicit): AP = (1 + 2/3) / 2
    assert ev.party_ap == pytest.approx((1 + 2 / 3) / 2)
    # rule x fired on A, B, E (all illicit): AP 1; rule y on A, C: precision 1/2 at recall 1/3
    assert ev.indicator_ap["x"] == (3, pytest.approx(1.0))
    assert ev.indicator_ap["y"][0] == 2
    assert ev.unlabelled_orders == 0


def test_bad_labels_are_reported(run, tmp_path):
    out, _ = run
    bad = tmp_path / "bad.csv"
    bad.write_text("target_kind,target_id,label\norder,A,maybe\n")
    with pytest.raises(ValueError, match=r"row 2 column label"):
        evaluate(out, bad)
