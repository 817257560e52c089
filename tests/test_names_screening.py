"""Screening a dataset's parties: each distinct question asked once, every party answered."""

from __future__ import annotations

import pandas as pd
import pytest

from redtrace.io.watchlists import Watchlist, WatchlistEntry
from redtrace.names.matcher import Matcher
from redtrace.names.screening import screen_parties

ENTRIES = [
    WatchlistEntry("P1", "T", "SDGT", "person", "NASRALLAH, Hasan", birth_dates=("1960-08-31",), countries=("LB",)),
    WatchlistEntry("P2", "T", "SDGT", "person", "NASRALLAH, Hussein", countries=("LB",)),
    WatchlistEntry("C1", "T", "IRAN", "company", "GOLDEN STAR TRADING LLC", countries=("AE",)),
    WatchlistEntry("C2", "T", "IRAN", "company", "GOLDEN STAR SHIPPING LLC", countries=("AE",)),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(Watchlist(entries=ENTRIES))


def parties(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["party_id", "kind", "name", "aliases", "country", "birth_date"])


def test_duplicated_parties_get_the_hits_of_a_lone_one(matcher):
    lone = screen_parties(parties(("A", "person", "Hassan Nasrallah", "", "LB", "1960-08-31")), matcher)
    assert lone["entry_id"].tolist()[0] == "P1"
    many = screen_parties(parties(*[(f"A{i}", "person", "Hassan Nasrallah", "", "LB", "1960-08-31") for i in range(3)]),
                          matcher)  # fmt: skip
    for party_id, own in many.groupby("party_id"):
        pd.testing.assert_frame_equal(own.drop(columns="party_id").reset_index(drop=True),
                                      lone.drop(columns="party_id"))  # fmt: skip


def test_a_shared_name_keeps_each_partys_context(matcher, monkeypatch):
    asked = []
    original = Matcher.match
    monkeypatch.setattr(Matcher, "match", lambda self, queries, **kw: asked.append(len(queries)) or original(self, queries, **kw))
    out = screen_parties(parties(
        ("A", "person", "Hassan Nasrallah", "", "LB", "1960-08-31"),
        ("B", "person", "Hassan Nasrallah", "", "LB", "1960-08-31"),
        ("C", "person", "Hassan Nasrallah", "", "LB", "1990-01-01"),  # same name, born elsewhen
    ), matcher, threshold=0.0)  # fmt: skip
    assert asked == [2]  # two distinct questions for three parties
    best = out.drop_duplicates("party_id").set_index("party_id")
    assert best.loc["A", "score"] == best.loc["B", "score"] > best.loc["C", "score"]
    assert "born 1990" in best.loc["C", "explanation"]


def test_a_party_keeps_its_best_hit_per_entry_over_names_shared_with_others(matcher):
    out = screen_parties(parties(
        ("X", "company", "Blue Ocean", "Golden Star Trading LLC;Golden Star Trading", "AE", ""),
        ("Y", "company", "Golden Star Trading", "", "AE", ""),
    ), matcher)  # fmt: skip
    x = out[out.party_id == "X"]
    assert x["entry_id"].tolist()[0] == "C1" and x["entry_id"].is_unique
    assert x["explanation"].iloc[0].startswith("searched 'Golden Star Trading LLC'")  # the closer alias
    y = out[out.party_id == "Y"]
    assert y["explanation"].iloc[0].startswith("searched 'Golden Star Trading'")


def test_an_alignment_no_context_can_lift_to_the_threshold_is_not_returned(matcher):
    def aligned(name, kind, threshold):
        query = tuple(matcher._query_tokens(name, kind))
        return [matcher.index.record_name[rid] for rid, _, _ in matcher._score_batch([query], threshold)[0]]

    # Hussein for Hasan scores 0.35: below 0.78 whatever the birth date and country say.
    assert aligned("Hasan Nasrallah", "person", 0.0) == ["NASRALLAH, Hasan", "NASRALLAH, Hussein"]
    assert aligned("Hasan Nasrallah", "person", 0.78) == ["NASRALLAH, Hasan"]
    # Shipping for Trading scores 0.71, which a matching birth date and country would lift to 0.82.
    assert aligned("Golden Star Trading LLC", "company", 0.78) == ["GOLDEN STAR TRADING LLC", "GOLDEN STAR SHIPPING LLC"]


def test_the_collector_is_off_while_a_batch_is_matched_and_as_it_was_after(matcher, monkeypatch):
    import gc

    seen = []
    original = Matcher._match_items
    monkeypatch.setattr(Matcher, "_match_items", lambda self, *rest: seen.append(gc.isenabled()) or original(self, *rest))
    queries = pd.DataFrame({"query_id": [1], "name": ["Hasan Nasrallah"]})
    assert matcher.match(queries)["entry_id"].tolist() == ["P1"]
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        matcher.match(queries)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_name_asked_in_several_contexts_is_explained_alike_with_each_ones_notes(matcher):
    queries = pd.DataFrame({
        "query_id": [1, 2, 3], "name": ["Hasan Nasrallah", "Hasan Nasrallah", "HASAN NASRALLAH"], "kind": "person",
        "country": ["LB", "LB", "FR"], "birth_date": ["1960-08-31", "1990-01-01", ""],
    })  # fmt: skip
    out = matcher.match(queries, limit=1)
    names = "'Hasan' = 'Hasan'; 'Nasrallah' = 'Nasrallah'"
    assert out["explanation"].tolist() == [
        f"{names}; birth date matches; country matches (LB)",
        f"{names}; born 1990, listed 1960; country matches (LB)",
        f"{names}; country differs (FR vs listed LB)",
    ]
