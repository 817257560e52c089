"""Agreement factors (scoring.agreement) on hand-made order families, and their place in scoring."""

import math

import pandas as pd
import pytest

import redtrace.scoring as scoring
from redtrace.engine import create_engine
from redtrace.scoring import ScoringModel, contribution_rows_sql, rarity_factor, score
from redtrace.scoring.agreement import agreement_factors

IDS = [f"O{i:03d}" for i in range(400)]


def _engine(spans=None):
    """400 orders; `spans`: family -> (what it counts for, (first order, last order + 1), ...) as order families."""
    e = create_engine()
    e.register("orders", pd.DataFrame({"order_id": IDS, "buyer_id": "X", "consignee_id": None, "payer_id": None}).astype("object"))
    e.register("parties", pd.DataFrame({"party_id": ["X"]}))
    if spans:
        rows = [(IDS[i], f, c) for f, (c, *ranges) in spans.items() for a, b in ranges for i in range(a, b)]
        e.register("order_families", pd.DataFrame(rows, columns=["order_id", "family", "counted"]))
    return e


def test_lift_is_measured_without_the_partner_that_vouches_most():
    # N (40 orders) comes with P on half of them and with Q on the other half (P, Q: too few
    # orders to be measured themselves); L comes alone; X and Y only ever come together; D is on
    # half the orders, too common to measure. Order scores: N+P or N+Q 0.75 (40), D 0.1 (200),
    # L 0.5 (40), X+Y 0.75 (40): 100 in all.
    e = _engine({"N": (0.5, (0, 40)), "P": (0.5, (0, 20)), "Q": (0.5, (20, 40)), "L": (0.5, (200, 240)),
                 "X": (0.5, (300, 340)), "Y": (0.5, (300, 340)), "D": (0.1, (40, 200), (240, 280))})
    # N without P: other evidence (20 - 10) / 40 over the rest's (100 - 5 - (30 - 5)) / 360: lift 9/7.
    assert agreement_factors(e) == pytest.approx({"N": math.log(9 / 7) / math.log(2), "L": 0.1, "X": 0.1, "Y": 0.1})


def test_a_rule_corroborated_by_several_others_keeps_its_weight():
    e = _engine({"K": (0.5, (0, 60)), "R1": (0.5, (0, 20)), "R2": (0.5, (20, 40)), "R3": (0.5, (40, 60)), "L": (0.5, (200, 240))})
    # K without R1: (20 / 60) / ((65 - 5 - 40) / 340) = 5.7, at least twice the rest: kept.
    assert agreement_factors(e) == {"L": 0.1}


def test_scoring_scales_contributions_by_agreement():
    e = _engine()
    flags = [("lone.rule", i) for i in IDS[200:240]] + [("new.rule", i) for i in IDS[:60]]
    flags += [(f"odd{k}.rule", i) for k in range(3) for i in IDS[20 * k:20 * k + 20]]
    e.register("flags", pd.DataFrame([(r, "order", i, "medium", 1.0, "x") for r, i in flags],
                                     columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    score(e, ScoringModel(buyer_history=False))
    with_agreement = e.df(f"SELECT rule_id, max(contribution) AS c FROM ({contribution_rows_sql()}) r GROUP BY rule_id").set_index("rule_id").c
    scores = e.df("SELECT * FROM order_scores").set_index("order_id").score
    score(e, ScoringModel(buyer_history=False, agreement=False))
    without = e.df(f"SELECT rule_id, max(contribution) AS c FROM ({contribution_rows_sql()}) r GROUP BY rule_id").set_index("rule_id").c
    assert with_agreement["lone.rule"] == pytest.approx(0.1 * without["lone.rule"])
    assert with_agreement["new.rule"] == pytest.approx(without["new.rule"])
    assert scores[IDS[200]] == pytest.approx(with_agreement["lone.rule"])


def test_a_family_that_mixes_a_weight_the_model_sets_with_a_scaled_one_counts_its_strongest_flag_as_weighed(monkeypatch):
    # lone.rule and lone.twin restate one red flag on orders nothing else finds odd: the family
    # keeps a tenth of lone.rule's default weight (0.45 x rarity of 10 %), while the model sets
    # lone.twin's at 0.05, which is then the stronger of the two.
    monkeypatch.setattr(scoring, "_cited_indicators", lambda: {"lone.rule": ("I1", "I2"), "lone.twin": ("I1", "I2")})
    e = _engine()
    flags = [(r, i) for r in ("lone.rule", "lone.twin") for i in IDS[200:240]] + [("new.rule", i) for i in IDS[:60]]
    flags += [(f"odd{k}.rule", i) for k in range(3) for i in IDS[20 * k:20 * k + 20]]
    e.register("flags", pd.DataFrame([(r, "order", i, "medium", 1.0, "x") for r, i in flags],
                                     columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    score(e, ScoringModel(weights={"lone.twin": 0.05}, buyer_history=False))
    weighed = e.df(f"SELECT rule_id, contribution FROM ({contribution_rows_sql()}) r WHERE order_id = '{IDS[200]}'")
    assert dict(weighed.values.tolist()) == pytest.approx({"lone.rule": 0.1 * 0.45 * rarity_factor(0.1), "lone.twin": 0.05})
    assert e.scalar(f"SELECT score FROM order_scores WHERE order_id = '{IDS[200]}'") == pytest.approx(0.05)


def test_a_graded_family_is_measured_on_its_orders_as_weighed():
    # W is a name match: 20 sure hits, each corroborated by R1 and R2, and 150 weak namesakes
    # (0.006 each) nothing else finds odd; L is a rule alone on 40 orders, the yardstick.
    rows = [(IDS[i], f, 0.5) for i in range(20) for f in ("R1", "R2")] + [(IDS[i], "W", 0.6) for i in range(20)]
    rows += [(IDS[i], "W", 0.006) for i in range(20, 170)] + [(IDS[i], "L", 0.5) for i in range(240, 280)]
    e = _engine()
    e.register("order_families", pd.DataFrame(rows, columns=["order_id", "family", "counted"]))
    # Counted once per order, the namesakes make W look uncorroborated: other evidence on 20 of
    # its 170 orders, less often than on the rest.
    assert agreement_factors(e)["W"] == 0.1
    # Weighed as they count, the sure hits speak: W keeps its weight; the others are as before.
    graded = agreement_factors(e, graded=frozenset({"W"}))
    assert "W" not in graded
    assert graded == {f: x for f, x in agreement_factors(e).items() if f != "W"}


def test_scoring_measures_a_confidence_rules_agreement_on_its_weighed_flags(monkeypatch):
    # watchlist.match's strength is a confidence (Rule.strength_is_confidence): its 150 weak
    # namesakes must not make its 20 sure, corroborated hits weigh a tenth.
    monkeypatch.setattr(scoring, "_cited_indicators", lambda: {})
    e = _engine()
    flags = [("watchlist.match", i, 0.9) for i in IDS[:20]] + [("watchlist.match", i, 0.01) for i in IDS[20:170]]
    flags += [(r, i, 1.0) for r in ("odd1.rule", "odd2.rule") for i in IDS[:20]] + [("lone.rule", i, 1.0) for i in IDS[240:280]]
    e.register("flags", pd.DataFrame([(r, "order", i, "high", s, "x") for r, i, s in flags],
                                     columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]))
    score(e, ScoringModel(buyer_history=False))
    agreed = dict(e.df("SELECT rule_id, factor FROM rule_agreement").itertuples(index=False))
    assert "watchlist.match" not in agreed
    assert agreed["lone.rule"] == 0.1
