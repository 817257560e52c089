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
    assert "2 parties in this dataset match this entry" in flags.loc["P2", "evidence"]
    assert len(flags) == 2


def test_network_seeds_weigh_what_the_match_is_worth(tmp_path):
    from redtrace.pipeline import screen_watchlists

    engine = create_engine()
    engine.register("parties", pd.DataFrame({
        "party_id": ["P1", "P2", "P3"], "kind": ["person"] * 3, "name": ["Hamzah Altikriti", "Jan Kowalski", "Zzyx Qorblat"],
        "aliases": [[], [], []], "country": ["IQ", "PL", "FR"], "birth_date": [None] * 3}))
    listed = tmp_path / "list.csv"
    listed.write_text("entry_id,kind,name,aliases,country,birth_date,program,list_name\n"
                      "E1,person,Hamzah Altikriti,,IQ,,SDGT,SDN\n")
    screen_watchlists(engine, [listed])
    run_rules(engine, [RULE])
    seeds = dict(engine.df("SELECT party_id, weight FROM network_seeds").itertuples(index=False))
    flag = engine.table("flags").set_index("target_id")
    assert set(seeds) == set(flag.index) == {"P1"}
    assert seeds["P1"] == pytest.approx(flag.loc["P1", "strength"])
