"""watchlist.match: strong hits flag, weak hits do not, namesakes weigh less."""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.rules import run_rules
from redtrace.rules.watchlist_match import RULE


def flags_for(hits):
    engine = create_engine()
    engine.register("watchlist_hits", pd.DataFrame(hits, columns=["party_id", "entry_id", "list_name", "program", "matched_name", "score", "explanation"]))
    run_rules(engine, [RULE])
    return engine.table("flags").set_index("target_id")


def test_strong_unique_hit_flags_fully():
    flags = flags_for([("P1", "E1", "SDN", "SDGT", "Hamzah Altikriti", 1.0, "all parts equal")])
    assert flags.loc["P1", "strength"] == pytest.approx(1.0)
    assert "SDN entry E1 'Hamzah Altikriti' (SDGT, score 1.0)" in flags.loc["P1", "evidence"]


def test_weak_hit_raises_nothing():
    assert flags_for([("P1", "E1", "SDN", "SDGT", "Hamzah Altikriti", 0.75, "")]).empty


def test_namesakes_share_the_weight_and_best_hit_wins():
    flags = flags_for(
        [
            ("P1", "E1", "SDN", "X", "Daniel Smith", 1.0, ""),
            ("P2", "E1", "SDN", "X", "Daniel Smith", 1.0, ""),
            ("P2", "E2", "SDN", "X", "Dan Smithers", 0.9, ""),
        ]
    )
    assert flags.loc["P1", "strength"] == pytest.approx(1 / 2**0.5)
    assert "2 parties in this dataset match this entry about as well or better" in flags.loc["P2", "evidence"]
    assert len(flags) == 2


def test_a_clearly_better_match_is_not_a_namesake_of_weaker_ones():
    flags = flags_for(
        [
            ("P1", "E1", "SDN", "X", "Daniel Smith", 1.0, ""),
            ("P2", "E1", "SDN", "X", "Daniel Smith", 0.97, ""),
            ("P3", "E1", "SDN", "X", "Daniel Smith", 0.9, ""),
        ]
    )
    # P1 and P2 match about equally well: namesakes of each other. P3 matches worse than both, so
    # it does not dilute them, but they dilute it.
    assert flags.loc["P1", "strength"] == pytest.approx(2**-0.5)
    assert flags.loc["P2", "strength"] == pytest.approx(0.85**2 * 2**-0.5)
    assert flags.loc["P3", "strength"] == pytest.approx(0.5**2 / 3**0.5)
    assert "3 parties in this dataset match this entry about as well or better" in flags.loc["P3", "evidence"]


def test_a_person_without_a_birth_date_shares_the_entry_with_every_namesake():
    hits = [("P1", "E1", "SDN", "X", "Ammar Khalil", 1.0, ""), ("P2", "E1", "SDN", "X", "Ammar Khalil", 0.9, ""),
            ("C1", "E2", "SDN", "X", "Khalil Trading", 1.0, ""), ("C2", "E2", "SDN", "X", "Khalil Trading", 0.9, "")]
    engine = create_engine()
    engine.register("watchlist_hits", pd.DataFrame(hits, columns=["party_id", "entry_id", "list_name", "program", "matched_name", "score", "explanation"]))
    engine.register("parties", pd.DataFrame({"party_id": ["P1", "P2", "C1", "C2"], "kind": ["person", "person", "company", "company"],
                                             "birth_date": pd.to_datetime([None, "1970-01-01", None, None])}))
    run_rules(engine, [RULE])
    flags = engine.table("flags").set_index("target_id")
    # P1 spells the listed name exactly, but with no birth date that does not set it apart from P2.
    assert flags.loc["P1", "strength"] == pytest.approx(2**-0.5)
    assert "no birth date tells them apart" in flags.loc["P1", "evidence"]
    # A company's exact name does set it apart from a near one.
    assert flags.loc["C1", "strength"] == pytest.approx(1.0)


def test_one_entity_recorded_twice_is_not_two_namesakes():
    hits = [("P1", "E1", "SDN", "X", "Daniel Smith", 1.0, ""), ("P2", "E1", "SDN", "X", "Daniel Smith", 1.0, ""),
            ("P3", "E1", "SDN", "X", "Daniel Smith", 1.0, "")]
    engine = create_engine()
    engine.register("watchlist_hits", pd.DataFrame(hits, columns=["party_id", "entry_id", "list_name", "program", "matched_name", "score", "explanation"]))
    # Entity resolution found P1 and P2 to be one person; P3 is another.
    engine.register("clusters", pd.DataFrame({"party_id": ["P1", "P2", "P3"], "cluster_id": ["P1", "P1", "P3"]}))
    run_rules(engine, [RULE])
    strength = dict(engine.df("SELECT target_id, strength FROM flags").itertuples(index=False))
    assert strength == {"P1": pytest.approx(2**-0.5), "P2": pytest.approx(2**-0.5), "P3": pytest.approx(2**-0.5)}


def test_only_convincing_matches_seed_the_network():
    from redtrace.pipeline import seed_network

    engine = create_engine()
    engine.register("watchlist_hits", pd.DataFrame(
        [("P1", "E1", "SDN", "X", "Hamzah Altikriti", 1.0, ""), ("P2", "E2", "SDN", "X", "Jan Kowal", 0.85, ""),
         ("P3", "E3", "SDN", "X", "Daniel Smith", 1.0, ""), ("P4", "E3", "SDN", "X", "Daniel Smith", 1.0, "")],
        columns=["party_id", "entry_id", "list_name", "program", "matched_name", "score", "explanation"]))
    seed_network(engine)
    seeds = dict(engine.df("SELECT party_id, weight FROM network_seeds").itertuples(index=False))
    # P2 is a weak match (confidence 1/16); P3 and P4 share one entry (1/sqrt(2) each).
    assert seeds == {"P1": pytest.approx(1.0), "P3": pytest.approx(2**-0.5), "P4": pytest.approx(2**-0.5)}
