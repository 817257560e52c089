"""Rules that restate one red flag count once per order; the buyer-history pass; the order
flags.jsonl lists flags in (`store.flags.write_flags`).

Under 200 orders a flag weighs strength x severity (high 0.75, medium 0.45, low 0.15)."""

import json

import pandas as pd
import pytest

import redtrace.scoring as scoring
from redtrace.engine import bitsets, create_engine
from redtrace.scoring import HISTORY_RULE, ScoringModel, score
from redtrace.store.flags import write_flags
from redtrace.store.outputs import rule_catalogue

FLAG_COLUMNS = ["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"]
# a.high and a.medium cite two indicators in common: one red flag. b.other shares one with them only.
CITED = {"a.high": ("I1", "I2"), "a.medium": ("I1", "I2", "I3"), "b.other": ("I3",)}


def _engine(flags, buyers=("B1", "B2", "B3", "B4")):
    e = create_engine()
    ids = [f"O{i}" for i in range(1, len(buyers) + 1)]
    e.register("orders", pd.DataFrame({"order_id": ids, "buyer_id": list(buyers), "consignee_id": None,
                                       "payer_id": None}).astype("string"))
    e.register("parties", pd.DataFrame({"party_id": sorted(set(buyers))}))
    e.register("flags", pd.DataFrame(flags, columns=FLAG_COLUMNS))
    return e


@pytest.fixture
def cited(monkeypatch):
    monkeypatch.setattr(scoring, "_cited_indicators", lambda: dict(CITED))


def _scores(e):
    return e.df("SELECT order_id, score FROM order_scores").set_index("order_id").score


def _written_flags(e, tmp_path):
    """flags.jsonl as `redtrace screen` writes it, as a frame in the file's order."""
    path = tmp_path / "flags.jsonl"
    write_flags(e, rule_catalogue([]), path)
    return pd.DataFrame([json.loads(line) for line in path.read_text().splitlines()])


def test_one_red_flag_restated_by_two_rules_counts_once(cited):
    e = _engine([
        ("a.high", "order", "O1", "high", 1.0, "x"),
        ("a.medium", "order", "O1", "medium", 1.0, "x"),
        ("b.other", "order", "O1", "medium", 1.0, "x"),
        ("a.medium", "party", "B2", "medium", 1.0, "x"),  # O2's buyer: same family, through the party
        ("a.high", "order", "O2", "high", 1.0, "x"),
    ])
    score(e, ScoringModel(buyer_history=False))
    s = _scores(e)
    assert s["O1"] == pytest.approx(1 - (1 - 0.75) * (1 - 0.45))  # a.medium counts with a.high once; b.other adds
    assert s["O2"] == pytest.approx(0.75)
    assert s["O3"] == 0.0
    flags = e.df("SELECT order_id, flags FROM order_scores").set_index("order_id")["flags"]
    assert flags["O1"] == "a.high;a.medium;b.other"  # every flag stays listed


def test_a_party_flag_reaching_an_order_in_two_roles_counts_once():
    e = _engine([("t.party", "party", "B1", "high", 1.0, "x")], buyers=("B1", "B2"))
    e.register("orders", pd.DataFrame({"order_id": ["O1", "O2"], "buyer_id": ["B1", "B2"], "consignee_id": [None, None],
                                       "payer_id": ["B1", "B1"]}).astype("string"))
    score(e, ScoringModel(buyer_history=False))
    s = _scores(e)
    assert s["O1"] == pytest.approx(0.75)  # as buyer (1.0) and payer (0.8): the stronger counts
    assert s["O2"] == pytest.approx(0.75 * 0.8)


def test_another_order_worth_reviewing_raises_the_buyer_history_flag():
    # B1 bought O1 (a high flag) and O2 (none): O2 inherits O1's score as the history flag's strength.
    e = _engine([("t.odd", "order", "O1", "high", 1.0, "x")], buyers=("B1", "B1", "B2", "B3"))
    score(e)
    s = _scores(e)
    assert s["O1"] == pytest.approx(0.75)  # O1's other order scores 0: no flag
    assert s["O2"] == pytest.approx(0.45 * 0.75)
    assert s["O3"] == 0.0
    history = e.df(f"SELECT target_id, strength FROM flags WHERE rule_id = '{HISTORY_RULE}'")
    assert history.values.tolist() == [["O2", pytest.approx(0.75)]]
    rows = e.df(f"SELECT order_id, contribution FROM ({scoring.contribution_rows_sql()}) r WHERE rule_id = '{HISTORY_RULE}'")
    assert rows.values.tolist() == [["O2", pytest.approx(0.45 * 0.75)]]


@pytest.mark.parametrize("history", [True, False])
def test_flags_are_listed_strongest_first(history, tmp_path):
    e = _engine([
        ("t.weak", "order", "O4", "low", 1.0, "x"),
        ("t.odd", "order", "O3", "high", 1.0, "x"),
        ("t.mid", "order", "O2", "medium", 1.0, "x"),
        ("t.odd", "order", "O1", "high", 1.0, "x"),
        ("t.party", "party", "B1", "high", 1.0, "x"),
    ], buyers=("B1", "B1", "B2", "B3"))
    score(e, ScoringModel(buyer_history=history))
    rows = _written_flags(e, tmp_path)[["contribution", "target_kind", "target_id", "rule_id"]]
    assert HISTORY_RULE in set(rows.rule_id) or not history
    expected = rows.sort_values(["contribution", "target_kind", "target_id", "rule_id"],
                                ascending=[False, True, True, True], kind="stable")
    assert rows.values.tolist() == expected.values.tolist()
    assert rows.iloc[:3][["target_kind", "target_id"]].values.tolist() == [["order", "O1"], ["order", "O3"], ["party", "B1"]]


def test_an_orders_flag_list_is_its_rules_sorted_once_each_however_many_words_they_take(monkeypatch):
    monkeypatch.setattr(bitsets, "WORD_BITS", 2)  # five rules: three words of bits
    e = _engine([
        ("e.five", "order", "O1", "low", 1.0, "x"),
        ("a.one", "order", "O1", "low", 1.0, "x"),
        ("c.three", "party", "B1", "low", 1.0, "x"),  # through the buyer
        ("d.four", "order", "O1", "low", 1.0, "x"),
        ("d.four", "order", "O2", "low", 1.0, "x"),
        ("b.two", "order", "O2", "low", 1.0, "x"),
        ("c.three", "order", "O1", "low", 1.0, "x"),  # and again on the order: listed once
    ], buyers=("B1", "B1", "B2"))
    score(e)  # O2 is listed again by the history pass: O1, the same buyer's, is at the review cut
    flags = e.df("SELECT order_id, flags FROM order_scores").set_index("order_id")["flags"].to_dict()
    assert flags == {"O1": "a.one;c.three;d.four;e.five", "O2": f"b.two;c.three;{HISTORY_RULE};d.four", "O3": ""}


def test_every_flag_keeps_its_contribution_whatever_its_level_shares(tmp_path):
    # Contributions are worked out once per (rule, severity, strength) and joined back to the flags:
    # two flags of one level get the same, a flag without severity its own, none is lost.
    e = _engine([
        ("t.odd", "order", "O1", "high", 1.0, "first"),
        ("t.odd", "order", "O2", "high", 1.0, "second"),
        ("t.odd", "order", "O3", "high", 0.5, "weaker"),
        ("t.odd", "order", "O4", None, 1.0, "no severity"),
    ])
    score(e, ScoringModel(weights={"t.odd": 0.4}, buyer_history=False))
    rows = _written_flags(e, tmp_path)[["target_id", "evidence", "contribution"]]
    assert rows.values.tolist() == [["O1", "first", 0.4], ["O2", "second", 0.4], ["O4", "no severity", 0.4],
                                    ["O3", "weaker", 0.2]]
