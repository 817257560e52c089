"""A company that states no activity is placed by a word of its name that names one trade in the
data, so fit.business_mismatch still judges it; a name that names no trade places nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from rules_fixture import company, engine_with, flagged, line, order
from redtrace.rules import _buyers
from redtrace.rules.fit_business_mismatch import RULE

# Phone shops and paint makers, each named after its trade; 'Atlas' is a brand of both.
SHOPS = ["Atlas Mobile", "Kaya Mobile", "Nova Mobile", "Orion Mobile", "Delta Mobile"]
PAINTERS = ["Atlas Boya", "Kaya Boya", "Nova Boya", "Orion Boya", "Delta Boya"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    parties, orders, lines = [company("S", "Big Chemicals", nace="46.75")], [], []
    for i, name in enumerate(SHOPS):
        parties.append(company(f"M{i}", f"{name} Ltd", nace="47.42"))
        orders.append(order(f"OM{i}", f"M{i}", date=f"2016-01-1{i}"))
        lines.append(line(f"OM{i}", hs="8517.13", qty=40 + i, unit="pcs"))
    for i, name in enumerate(PAINTERS):
        parties.append(company(f"P{i}", f"{name} Sanayi A.S.", nace="20.30"))
        orders.append(order(f"OP{i}", f"P{i}", date=f"2016-01-1{i}"))
        lines.append(line(f"OP{i}", hs="3212.90", qty=800 + i, unit="kg"))
    # No code, no activity text: a phone shop by its name, and two names that name no trade.
    for pid, name in [("NAMED", "Meridian Mobile LLP"), ("BRAND", "Atlas Holdings Ltd"), ("MIXED", "Kaya Mobile Boya Ltd")]:
        parties.append(company(pid, name, nace=None))
        orders.append(order(f"CASE-{pid}", pid, date="2016-06-01"))
        lines.append(line(f"CASE-{pid}", hs="3212.90", qty=6, unit="t"))
    engine = engine_with(tmp_path_factory.mktemp("fitnames"), parties, orders, lines)
    return engine, flagged(RULE, engine)


def test_phone_shop_known_only_by_its_name_buying_aluminium_paste_fires(world):
    _, flags = world
    strength, evidence = flags["CASE-NAMED"]
    assert strength > 0.3
    assert "47.42" in evidence and "'mobile' is in the names of 5 of 5 companies declaring 47.42" in evidence


def test_names_that_name_no_trade_or_two_place_nothing(world):
    engine, flags = world
    placed = set(engine.df(f"SELECT party_id FROM {_buyers.NACE_TABLE}").party_id)
    assert "NAMED" in placed and "BRAND" not in placed and "MIXED" not in placed
    assert "CASE-BRAND" not in flags and "CASE-MIXED" not in flags


def test_a_word_needs_enough_companies_that_agree():
    named = pd.DataFrame({"name": [f"{c} Mobile" for c in "ABCDEFGHI"] + ["J Mobile Boya"] + [f"{c} Boya" for c in "KLMN"],
                          "nace": ["47.42"] * 9 + ["20.30"] * 5})
    unplaced = pd.DataFrame({"party_id": ["X", "Y"], "name": ["Z Mobile", "Z Boya"]})
    out = _buyers.activity_from_names(unplaced, named).set_index("party_id")
    # 'mobile': 9 of 10 companies are phone shops; 'boya': all 5 paint makers.
    assert out.loc["X", "nace"] == "47.42" and out.loc["Y", "nace"] == "20.30"
    # 4 of 5 phone shops, 4 paint makers: neither word is sure enough.
    assert _buyers.activity_from_names(unplaced, named.iloc[[0, 1, 2, 3, 9, 10, 11, 12]]).empty
