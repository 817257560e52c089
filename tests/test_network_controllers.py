"""What a director or owner inherits of the network flags of their companies (scoring._party_scores).

A hand-made register, under 200 orders (a flag weighs strength x severity: medium 0.45, high 0.75):
- X directs fronts F1 and F2, which net.linked_buyers flagged for sharing him; F1 also placed an
  odd order (O1, high). X answers for the odd order, not for the link he is himself.
- Y directs F3 alone, which net.risk_proximity flagged (its address is a listed party's); F3's
  order O3 carries that flag. A sole company's links run through others: Y answers for them.
"""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.rules import net_formation_agent_hub, net_linked_buyers, net_risk_proximity, net_transshipment_chain
from redtrace.scoring import ScoringModel, score

FLAG_COLUMNS = ["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]
FLAGS = [
    ("t.odd_order", "order", "O1", "high", 1.0, "x"),
    ("net.linked_buyers", "party", "F1", "medium", 1.0, "shares the director X with buyer F2"),
    ("net.linked_buyers", "party", "F2", "medium", 1.0, "shares the director X with buyer F1"),
    ("net.risk_proximity", "party", "F3", "medium", 1.0, "same address as listed L"),
]
RELATIONS = [("X", "F1", "director"), ("X", "F2", "director"), ("Y", "F3", "director")]


@pytest.fixture(scope="module")
def scored():
    e = create_engine()
    e.register("orders", pd.DataFrame({
        "order_id": ["O1", "O2", "O3"], "buyer_id": ["F1", "F2", "F3"],
        "consignee_id": [None] * 3, "payer_id": [None] * 3,
    }).astype("object"))
    e.register("parties", pd.DataFrame({"party_id": ["F1", "F2", "F3", "X", "Y"]}))
    e.register("flags", pd.DataFrame(FLAGS, columns=FLAG_COLUMNS))
    e.register("relations", pd.DataFrame(RELATIONS, columns=["source_id", "target_id", "kind"]).astype("string"))
    score(e, ScoringModel(buyer_history=False))
    return (e.df("SELECT * FROM party_scores").set_index("party_id").score,
            e.df("SELECT * FROM order_scores").set_index("order_id").score)


def test_a_director_shared_by_companies_does_not_inherit_the_link_he_is(scored):
    parties, _ = scored
    # F1 answers for O1 alone (0.75, odds 3): half the odds, 1.5. With F1's link flag and O1's
    # copy of it, X would inherit 0.924 (odds 12.2 -> 6.1, 0.86).
    assert parties["X"] == pytest.approx(1.5 / 2.5)


def test_the_companies_keep_their_link_flags(scored):
    parties, orders = scored
    assert orders["O1"] == pytest.approx(1 - 0.25 * 0.55)  # its own flag and its buyer's link
    assert orders["O2"] == pytest.approx(0.45)
    assert parties["F1"] == pytest.approx(1 - 0.55 * (0.25 * 0.55))


def test_a_sole_companys_controller_answers_for_its_links(scored):
    parties, _ = scored
    answered = 1 - 0.55 * 0.55  # F3's flag, and O3 carrying it
    odds = 0.5 * answered / (1 - answered)
    assert parties["Y"] == pytest.approx(odds / (1 + odds))


def test_link_rules_are_the_ones_about_links():
    assert all(m.RULE.about_links for m in (net_formation_agent_hub, net_linked_buyers, net_risk_proximity))
    assert not net_transshipment_chain.RULE.about_links  # an order's route is what it did
