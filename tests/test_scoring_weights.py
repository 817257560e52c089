"""Default weights (severity x rarity), decisions, and the trained noisy-OR model."""

import json

import numpy as np
import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.scoring import ScoringModel, contribution_rows_sql, rarity_factor, rule_weights, score
from redtrace.scoring.train import fit, model_predict, predict, reliability, train


def _engine(n_orders=1000, common_share=0.5, rare=2):
    e = create_engine()
    ids = [f"O{i:04d}" for i in range(n_orders)]
    e.register("orders", pd.DataFrame({"order_id": ids, "buyer_id": "B", "consignee_id": None, "payer_id": None}).astype("object"))
    e.register("parties", pd.DataFrame({"party_id": ["B"]}))
    rows = [("common.rule", "order", i, "high", 1.0, "x") for i in ids[: int(common_share * n_orders)]]
    rows += [("rare.rule", "order", i, "high", 1.0, "y") for i in ids[:rare]]
    e.register("flags", pd.DataFrame(rows, columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    return e


def test_rarity_factor():
    assert rarity_factor(0.002) == 1.0
    assert rarity_factor(0.1) == pytest.approx(np.log(0.1) / np.log(0.003))
    assert rarity_factor(0.9) == 0.1  # floor


def test_common_rules_weigh_less_than_rare_ones_of_the_same_severity():
    e = _engine()
    w = rule_weights(e, ScoringModel())
    assert w["rare.rule"] == pytest.approx(0.75)
    assert w["common.rule"] < 0.2
    assert rule_weights(e, ScoringModel(rarity=False))["common.rule"] == pytest.approx(0.75)
    assert rule_weights(e, ScoringModel(weights={"common.rule": 0.3}))["common.rule"] == 0.3


def test_scores_decompose_and_budget_decides():
    e = _engine()
    score(e, ScoringModel())
    s = e.df("SELECT * FROM order_scores").set_index("order_id")
    c = e.df(f"SELECT order_id, contribution FROM ({contribution_rows_sql()}) r")
    expected = 1 - c.groupby("order_id").contribution.apply(lambda x: np.prod(1 - x))
    assert np.allclose(s.loc[expected.index, "score"], expected)
    assert set(s.loc[["O0000", "O0001"], "decision"]) == {"hold"}
    assert s.loc["O0999", "decision"] == "clear"


def test_fit_recovers_noisy_or_weights_and_is_calibrated():
    rng = np.random.default_rng(0)
    n = 20000
    x = pd.DataFrame({"a": (rng.random(n) < 0.05) * 1.0, "b": (rng.random(n) < 0.3) * 1.0, "c": (rng.random(n) < 0.02) * 0.5})
    p_true = 1 - (1 - 0.01) * (1 - 0.8 * x.a) * (1 - 0.02 * x.b) * (1 - 0.6 * x.c)
    y = (rng.random(n) < p_true).astype(float)
    w, base = fit(x, y, l2=0.1)
    assert w["a"] == pytest.approx(0.8, abs=0.05) and w["b"] < 0.06 and w["c"] == pytest.approx(0.6, abs=0.15)
    assert base == pytest.approx(0.01, abs=0.005)
    rel = reliability(predict(x, w, base), y)
    big = rel[rel.orders > 200]
    assert np.allclose(big.predicted, big.observed, atol=0.06)
    assert all(v >= 0 for v in w.values())


def test_train_reads_screen_outputs(tmp_path):
    orders = pd.DataFrame({"order_id": [f"O{i}" for i in range(400)], "score": 0.0, "decision": "clear", "flags": ""})
    orders.loc[:39, "flags"] = "payment.third_party"
    orders.to_csv(tmp_path / "orders_scored.csv", index=False)
    with open(tmp_path / "flags.jsonl", "w") as fh:
        for i in range(40):
            fh.write(json.dumps({"rule_id": "payment.third_party", "target_kind": "order", "target_id": f"O{i}", "strength": 1.0}) + "\n")
    labels = pd.DataFrame({"target_kind": "order", "target_id": orders.order_id,
                           "label": ["illicit" if i < 30 or i == 100 else "legit" for i in range(400)]})
    model, x, y = train(tmp_path, labels, l2=0.01)
    assert model.kind == "logistic" and model.rarity is False
    p = model_predict(model, x)
    assert p[0] == pytest.approx(30 / 40, abs=0.05) and p[-1] == pytest.approx(1 / 360, abs=0.003)
    assert model.weights["payment.third_party"] >= 0 and model.offsets["payment.third_party"] >= 0
    model.save(tmp_path / "m.json")
    assert ScoringModel.load(tmp_path / "m.json").weights == model.weights


def test_logistic_model_scores_decompose_in_log_odds():
    e = _engine()
    model = ScoringModel(kind="logistic", weights={"rare.rule": 2.0, "common.rule": 0.5}, offsets={"rare.rule": 1.0}, intercept=-4.0,
                         buyer_history=False)
    score(e, model)
    s = e.df("SELECT * FROM order_scores").set_index("order_id")
    assert s.loc["O0000", "score"] == pytest.approx(1 / (1 + np.exp(-(-4.0 + 3.0 + 0.5))))
    assert s.loc["O0999", "score"] == pytest.approx(1 / (1 + np.exp(4.0)))


def test_default_weighs_a_flag_by_how_rare_evidence_this_strong_is():
    e = create_engine()
    ids = [f"O{i:04d}" for i in range(1000)]
    e.register("orders", pd.DataFrame({"order_id": ids, "buyer_id": "B", "consignee_id": None, "payer_id": None}).astype("object"))
    e.register("parties", pd.DataFrame({"party_id": ["B"]}))
    # one rule: weak on 300 orders, strong on 2
    rows = [("r", "order", i, "high", 0.9 if k < 2 else 0.3, "e") for k, i in enumerate(ids[:302])]
    e.register("flags", pd.DataFrame(rows, columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    # Rarity alone: a rule no other corroborates would keep a tenth of its weight (scoring.agreement).
    score(e, ScoringModel(buyer_history=False, agreement=False))
    c = e.df(f"SELECT order_id, contribution FROM ({contribution_rows_sql()}) r").set_index("order_id").contribution
    assert c["O0000"] == pytest.approx(0.75)
    assert c["O0100"] == pytest.approx(0.75 * np.log(0.302) / np.log(0.003))


def test_a_rare_weak_name_match_weighs_as_weak_as_it_is():
    e = create_engine()
    ids = [f"O{i:04d}" for i in range(1000)]
    buyers = ["B1", "B2"] + ["C"] * 998
    e.register("orders", pd.DataFrame({"order_id": ids, "buyer_id": buyers, "consignee_id": None, "payer_id": None}).astype("string"))
    e.register("parties", pd.DataFrame({"party_id": ["B1", "B2", "C"]}))
    # Both rules are rare (one order each at each strength); only the name match's strength is a
    # chance that the fact holds (Rule.strength_is_confidence), so only it keeps strength as a factor.
    rows = [("watchlist.match", "party", "B1", "high", 0.2, "weak"), ("watchlist.match", "party", "B2", "high", 1.0, "strong"),
            ("rare.rule", "order", "O0000", "high", 0.2, "weak"), ("rare.rule", "order", "O0001", "high", 1.0, "strong")]
    e.register("flags", pd.DataFrame(rows, columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    score(e, ScoringModel(buyer_history=False))
    c = e.df(f"SELECT order_id, rule_id, contribution FROM ({contribution_rows_sql()}) r").set_index(["order_id", "rule_id"]).contribution
    assert c["O0000", "watchlist.match"] == pytest.approx(0.75 * 0.2)
    assert c["O0001", "watchlist.match"] == pytest.approx(0.75)
    assert c["O0000", "rare.rule"] == pytest.approx(0.75)


def test_a_rare_combination_the_rule_rates_near_ordinary_weighs_as_its_grade():
    # goods.combination grades its flags by how odd the set is for the buyers' trades
    # (Rule.strength_is_degree): a rare flag it rates 0.1 (every part ordinary for its buyer)
    # keeps 0.1 / DEGREE_FULL of the weight; one at DEGREE_FULL or above keeps it whole.
    from redtrace.scoring import DEGREE_FULL

    e = create_engine()
    ids = [f"O{i:04d}" for i in range(1000)]
    e.register("orders", pd.DataFrame({"order_id": ids, "buyer_id": "C", "consignee_id": None, "payer_id": None}).astype("string"))
    e.register("parties", pd.DataFrame({"party_id": ["C"]}))
    rows = [("goods.combination", "order", "O0000", "high", 0.1, "weak"), ("goods.combination", "order", "O0001", "high", 0.8, "strong"),
            ("rare.rule", "order", "O0002", "high", 0.1, "weak")]
    e.register("flags", pd.DataFrame(rows, columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    score(e, ScoringModel(buyer_history=False))
    c = e.df(f"SELECT order_id, contribution FROM ({contribution_rows_sql()}) r").set_index("order_id").contribution
    assert c["O0000"] == pytest.approx(0.75 * 0.1 / DEGREE_FULL)
    assert c["O0001"] == pytest.approx(0.75)
    assert c["O0002"] == pytest.approx(0.75)
