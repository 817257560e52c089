"""Party scores: own flags, orders by role, and the companies a person directs or owns."""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.scoring import ScoringModel, score

FLAG_COLUMNS = ["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]


def _world(flags, relations, clusters=None, addresses=None):
    """Orders: O1 bought by front F; O2 bought by L and paid by Q; O3 bought by parent G; O4 bought by L
    (no flag). Under 200 orders a flag weighs strength x severity (high 0.75, medium 0.45).
    `addresses`: party -> registered address (parties not above are added)."""
    e = create_engine()
    e.register("orders", pd.DataFrame({
        "order_id": ["O1", "O2", "O3", "O4"], "buyer_id": ["F", "L", "G", "L"],
        "consignee_id": [None, None, None, None], "payer_id": [None, "Q", None, None],
    }).astype("string"))  # ids are text, as the contract has them, even when all missing
    parties = pd.DataFrame({"party_id": ["F", "L", "Q", "G", "D", "E", "N"]})
    if addresses is not None:
        parties = parties.merge(pd.DataFrame(list(addresses.items()), columns=["party_id", "address"]), how="outer")
    e.register("parties", parties)
    e.register("flags", pd.DataFrame(flags, columns=FLAG_COLUMNS))
    e.register("relations", pd.DataFrame(relations, columns=["source_id", "target_id", "kind"]).astype("string"))
    if clusters is not None:
        e.register("clusters", pd.DataFrame(clusters, columns=["party_id", "cluster_id"]))
    score(e, ScoringModel(buyer_history=False))
    return e.df("SELECT * FROM party_scores").set_index("party_id").score


ODD_ORDERS = [("t.rule", "order", "O1", "high", 1.0, "x"), ("t.rule", "order", "O2", "high", 1.0, "x")]


def test_a_party_carries_its_riskiest_orders_in_any_role():
    s = _world(ODD_ORDERS, [])
    assert s["F"] == pytest.approx(0.75)
    assert s["Q"] == pytest.approx(0.75)  # paid for an odd order: as risky as its buyer
    assert s["L"] == pytest.approx(0.375)  # mean of its orders, one odd, one plain
    assert s["N"] == 0.0


def test_directors_carry_half_the_odds_of_what_their_company_buys_less_of_what_it_only_pays_for():
    s = _world(ODD_ORDERS, [("D", "F", "director"), ("E", "Q", "owner")])
    assert s["D"] == pytest.approx(1.5 / 2.5)  # F: 0.75 = odds 3; half the odds, 1.5
    assert s["E"] == pytest.approx(0.75 / 1.75)  # Q answers for 0.8 x 0.75 = 0.6 = odds 1.5
    assert s["D"] > s["E"]


def test_a_controller_ranks_as_its_company_does():
    # A front whose order scores 0.96 and a company whose order scores 0.88: a controller of the
    # front stays above a controller of the other, and above the other company itself
    # (probability x 0.8 would put them at 0.77 and 0.71, both under 0.88).
    flags = [("a.rule", "order", "O1", "high", 1.0, "x"), ("b.rule", "order", "O1", "medium", 1.0, "x"),
             ("c.rule", "order", "O1", "medium", 1.0, "x"), ("d.rule", "order", "O1", "medium", 1.0, "x"),
             ("a.rule", "order", "O3", "high", 1.0, "x"), ("b.rule", "order", "O3", "medium", 1.0, "x"),
             ("e.rule", "order", "O3", "low", 1.0, "x")]
    s = _world(flags, [("D", "F", "director"), ("E", "G", "director")])
    assert s["F"] > s["D"] > s["G"] > s["E"]


def test_own_orders_and_a_controlled_company_are_one_record_not_two_red_flags():
    flags = ODD_ORDERS + [("m.rule", "order", "O3", "medium", 1.0, "x")]
    s = _world(flags, [("G", "F", "owner")])
    assert s["G"] == pytest.approx(0.6)  # max(own order 0.45, half the odds of F's 0.75), not their noisy-OR 0.78


def test_a_controllers_own_flag_adds_to_what_their_company_answers_for():
    flags = ODD_ORDERS + [("w.rule", "party", "D", "high", 0.5, "x")]
    s = _world(flags, [("D", "F", "director")])
    assert s["D"] == pytest.approx(1 - (1 - 0.375) * (1 - 0.6))


def test_records_of_one_entity_share_its_score():
    s = _world(ODD_ORDERS, [], clusters=[("F", "K"), ("N", "K")])
    assert s["N"] == pytest.approx(0.75)


def test_a_nominee_director_does_not_answer_for_the_companies_on_the_agents_shelf():
    # D sits on the boards of F and four more companies registered at one office: the agent's
    # nominee. E directs F too, and four companies at addresses of their own. Both own nothing,
    # except that N, a nominee as well, owns F.
    office = {p: "Suite 4, 12 Baker Street" for p in ("F", "K1", "K2", "K3", "K4")}
    own = {f"M{i}": f"{i} Mill Lane" for i in range(1, 5)}
    relations = ([("D", c, "director") for c in office] + [("E", c, "director") for c in ["F", *own]]
                 + [("N", c, "director") for c in office] + [("N", "F", "owner")])
    s = _world(ODD_ORDERS, relations, addresses={**office, **own})
    assert s["D"] == 0.0
    assert s["E"] == pytest.approx(1.5 / 2.5)
    assert s["N"] == pytest.approx(1.5 / 2.5)
