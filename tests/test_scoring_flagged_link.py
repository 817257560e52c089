"""net.flagged_link (scoring's second pass, `scoring.flagged_link_flags`) on a hand-made register:
risk spreads from companies the other indicators caught, never from a link alone.

- F1 is caught (its orders score 0.9 without link flags). D directs F1 and T: T is as suspect as F1.
- Y shares F1's phone, and only Y: as suspect as F1.
- M directs F2 (caught, 0.8) and G1-G4: each of those is one of his four other companies.
- Company P owns F3 (caught) and S: a group's subsidiary, not flagged.
- H directs W1 and W2, neither caught: a family business, nothing.
- U shares T's address: T is flagged, not caught, and the flag does not pass on.
"""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.network.context import ensure_graph
from redtrace.resolve import resolve_parties
from redtrace.scoring import ScoringModel, flagged_link_flags, score

COMPANIES = {
    "F1": ("Crescent Trading FZE", "1 Harbour Tower, Dubai", "+971 4 111 1111"),
    "T": ("Amber Valve Trading", "5 Rue Lafayette, Paris", None),
    "Y": ("Yarrow Electronics", "40 Sheikh Zayed Road, Dubai", "+971 4 111 1111"),
    "F2": ("Boreal Pump Supply", "9 Via Roma, Milano", None),
    "G1": ("Kestrel Foods FZE", "11 Creek Road, Dubai", None),
    "G2": ("Lantern Textiles FZE", "12 Creek Road, Dubai", None),
    "G3": ("Marble Tiles FZE", "13 Creek Road, Dubai", None),
    "G4": ("Nimbus Travel FZE", "14 Creek Road, Dubai", None),
    "P": ("Cobalt Holdings SA", "3 Calle Sol, Madrid", None),
    "F3": ("Cobalt Sensor Works", "4 Calle Sol, Madrid", None),
    "S": ("Cobalt Pumps", "6 Calle Sol, Madrid", None),
    "W1": ("Orchid Perfumes LLC", "20 Market Street, Leeds", None),
    "W2": ("Pelican Bakery Ltd", "22 Market Street, Leeds", None),
    "U": ("Raven Software", "5 Rue Lafayette, Paris", None),
}
PERSONS = {"D": "Omar Haddad Rashidi", "M": "Selim Tawfik Barakat", "H": "Grace Olamide Bello"}
RELATIONS = ([("D", c, "director") for c in ("F1", "T")] + [("M", c, "director") for c in ("F2", "G1", "G2", "G3", "G4")]
             + [("P", c, "owner") for c in ("F3", "S")] + [("H", c, "director") for c in ("W1", "W2")])
CAUGHT = {"F1": 0.9, "F2": 0.8, "F3": 0.9}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register")
    parties = [(p, "company", n, "AE", a, ph, f"R{i:04d}") for i, (p, (n, a, ph)) in enumerate(COMPANIES.items())]
    parties += [(p, "person", n, "AE", None, None, None) for p, n in PERSONS.items()]
    pd.DataFrame(parties, columns=["party_id", "kind", "name", "country", "address", "phone", "registration_id"]
                 ).to_csv(folder / "parties.csv", index=False)
    pd.DataFrame(RELATIONS, columns=["source_id", "target_id", "kind"]).to_csv(folder / "relations.csv", index=False)
    buyers = list(COMPANIES)
    pd.DataFrame([(f"O{b}", "2020-01-05", "W1", b, "FR") for b in buyers],
                 columns=["order_id", "order_date", "seller_id", "buyer_id", "ship_to_country"]).to_csv(folder / "orders.csv", index=False)
    pd.DataFrame([(f"O{b}", 1, "8481.80", 10, "pcs") for b in buyers],
                 columns=["order_id", "line_no", "hs_code", "quantity", "unit"]).to_csv(folder / "order_lines.csv", index=False)
    e = create_engine()
    assert len(read_dataset(folder, e).rejected) == 0
    resolve_parties(e)
    ensure_graph(e)
    # The first pass's order scores: the caught companies' orders score high on their own evidence.
    e.register("order_raw_scores", pd.DataFrame({
        "order_id": [f"O{b}" for b in buyers], "score": [CAUGHT.get(b, 0.05) for b in buyers],
        "deeds": [CAUGHT.get(b, 0.05) for b in buyers], "buyer_id": buyers, "consignee_id": None, "payer_id": None,
    }).astype({"consignee_id": "object", "payer_id": "object"}))
    return e


@pytest.fixture(scope="module")
def flagged(engine):
    return flagged_link_flags(engine, cut=0.5).set_index("target_id")


def test_a_caught_companys_sister_under_one_director_is_as_suspect(flagged):
    assert flagged.loc["T", "strength"] == pytest.approx(0.9)
    assert "its director/owner 'Omar Haddad Rashidi' also controls 'Crescent Trading FZE'" in flagged.loc["T", "evidence"]
    assert set(flagged.rule_id) == {"net.flagged_link"} and set(flagged.target_kind) == {"party"}


def test_a_phone_shared_by_two_passes_the_whole_score(flagged):
    assert flagged.loc["Y", "strength"] == pytest.approx(0.9)
    assert "shares the phone with 'Crescent Trading FZE'" in flagged.loc["Y", "evidence"]


def test_a_directors_other_companies_share_in_what_he_was_caught_at(flagged):
    assert [flagged.loc[g, "strength"] for g in ("G1", "G2", "G3", "G4")] == pytest.approx([0.8 / 4] * 4)


def test_no_spread_from_a_link_alone_a_parent_company_or_a_flag(flagged):
    # S: a group's subsidiary; W1, W2: nothing caught; U: linked to T, which is flagged, not caught;
    # the caught companies themselves gain nothing from their own director.
    assert not {"S", "W1", "W2", "U", "F1", "F2", "F3", "D", "M", "H", "P"} & set(flagged.index)


def test_scoring_adds_the_flags_in_a_second_pass(engine):
    flags = pd.DataFrame([("fit.business_mismatch", "order", f"O{b}", "high", 1.0, "x") for b in CAUGHT],
                         columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"])
    engine.register("flags", flags)
    score(engine, ScoringModel(buyer_history=False))
    scores = engine.df("SELECT order_id, score, flags FROM order_scores").set_index("order_id")
    assert scores.loc["OT", "flags"] == "net.flagged_link" and scores.loc["OT", "score"] > 0.3
    assert scores.loc["OW1", "score"] == 0.0 and scores.loc["OS", "score"] == 0.0
    engine.register("flags", flags)
    score(engine, ScoringModel(buyer_history=False, flagged_links=False))
    assert engine.scalar("SELECT score FROM order_scores WHERE order_id = 'OT'") == 0.0


def test_a_caught_companys_sister_weighs_as_a_high_severity_flag_at_its_confidence(engine):
    """The flag's strength is already its doubt (the source's score times how specific the link
    is); what it says when it holds, a company run by the people of one caught procuring (CAR20-05,
    high), weighs as high severity: T's order, whose only flag is its sister's 0.75, scores
    0.75 x 0.75 (under 200 orders the weight is strength x severity)."""
    flags = pd.DataFrame([("fit.business_mismatch", "order", "OF1", "high", 1.0, "x")],
                         columns=["rule_id", "target_kind", "target_id", "severity", "strength", "evidence"])
    engine.register("flags", flags)
    score(engine, ScoringModel(buyer_history=False))
    scores = engine.df("SELECT order_id, score, flags FROM order_scores").set_index("order_id")
    assert scores.loc["OF1", "score"] == pytest.approx(0.75)
    assert scores.loc["OT", "flags"] == "net.flagged_link"
    assert scores.loc["OT", "score"] == pytest.approx(0.75 * 0.75, abs=1e-3)
