"""net.risk_proximity weighs each link by how specific it is, on a hand-made register around two
listed parties: a company (L) and a person (LP).

- LP owns A, B and C: companies of a listed person are its instruments, however many it has.
- O owns L, and nothing else: the owner of a listed company is close to it.
- N sits on the boards of L and four other companies (K1-K4): a nominee, one of five.
- T1-T5 are registered at L's address (six holders): a business centre, one of five neighbours each.
- Y shares L's phone, and only Y: as close as an owner. Q directs Y and Z: two links from L, one of two.
- K1-K4 are two links from L through the nominee: one of five, too weak to flag.
"""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.network.context import SEEDS_TABLE
from redtrace.resolve import resolve_parties
from redtrace.rules import net_risk_proximity

HUB = "1 Harbour Tower, Dubai"
COMPANIES = {
    "L": ("Crescent Listed Industries LLC", HUB, "+971 4 111 1111"),
    "A": ("Amber Valve Trading", "5 Rue Lafayette, Paris", None),
    "B": ("Boreal Pump Supply", "9 Via Roma, Milano", None),
    "C": ("Cobalt Sensor Works", "3 Calle Sol, Madrid", None),
    "K1": ("Kestrel Foods FZE", "11 Creek Road, Dubai", None),
    "K2": ("Lantern Textiles FZE", "12 Creek Road, Dubai", None),
    "K3": ("Marble Tiles FZE", "13 Creek Road, Dubai", None),
    "K4": ("Nimbus Travel FZE", "14 Creek Road, Dubai", None),
    "T1": ("Orchid Perfumes LLC", HUB, None),
    "T2": ("Pelican Shipping LLC", HUB, None),
    "T3": ("Quartz Jewellery LLC", HUB, None),
    "T4": ("Raven Software LLC", HUB, None),
    "T5": ("Saffron Catering LLC", HUB, None),
    "Y": ("Yarrow Electronics", "40 Sheikh Zayed Road, Dubai", "+971 4 111 1111"),
    "Z": ("Zephyr Motors", "41 Sheikh Zayed Road, Dubai", None),
}
PERSONS = {"LP": "Omar Haddad Rashidi", "O": "Selim Tawfik Barakat", "N": "Grace Olamide Bello",
           "Q": "Ivan Petrovich Sorokin"}
RELATIONS = ([("LP", c, "owner") for c in ("A", "B", "C")] + [("O", "L", "owner")]
             + [("N", c, "director") for c in ("L", "K1", "K2", "K3", "K4")]
             + [("Q", "Y", "director"), ("Q", "Z", "director")])


@pytest.fixture(scope="module")
def near(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register")
    parties = [(p, "company", n, "AE", a, ph, f"R{i:04d}") for i, (p, (n, a, ph)) in enumerate(COMPANIES.items())]
    parties += [(p, "person", n, "AE", None, None, None) for p, n in PERSONS.items()]
    pd.DataFrame(parties, columns=["party_id", "kind", "name", "country", "address", "phone", "registration_id"]
                 ).to_csv(folder / "parties.csv", index=False)
    pd.DataFrame(RELATIONS, columns=["source_id", "target_id", "kind"]).to_csv(folder / "relations.csv", index=False)
    pd.DataFrame([("O1", "2020-01-05", "Y", "A", "FR")],
                 columns=["order_id", "order_date", "seller_id", "buyer_id", "ship_to_country"]
                 ).to_csv(folder / "orders.csv", index=False)
    pd.DataFrame([("O1", 1, "8481.80", 10, "pcs")], columns=["order_id", "line_no", "hs_code", "quantity", "unit"]
                 ).to_csv(folder / "order_lines.csv", index=False)
    engine = create_engine()
    assert len(read_dataset(folder, engine).rejected) == 0
    resolve_parties(engine)
    engine.register(SEEDS_TABLE, pd.DataFrame({"party_id": ["L", "LP"], "weight": [1.0, 1.0]}))
    return net_risk_proximity.compute(engine).set_index("target_id")


def test_a_listed_persons_companies_are_close_however_many(near):
    assert [near.loc[c, "strength"] for c in ("A", "B", "C")] == pytest.approx([0.8, 0.8, 0.8])


def test_the_sole_owner_of_a_listed_company_is_close(near):
    assert near.loc["O", "strength"] == pytest.approx(0.8)
    assert "owner of 'Crescent Listed Industries LLC'" in near.loc["O", "evidence"]


def test_a_nominee_is_one_of_five(near):
    assert near.loc["N", "strength"] == pytest.approx(0.8 / 5)
    assert "director of 'Crescent Listed Industries LLC' (one of 5 companies)" in near.loc["N", "evidence"]


def test_tenants_of_a_business_centre_are_one_of_five(near):
    assert [near.loc[t, "strength"] for t in ("T1", "T2", "T3", "T4", "T5")] == pytest.approx([0.8 / 5] * 5)
    assert "(shared by 6)" in near.loc["T1", "evidence"]


def test_a_phone_shared_by_two_is_as_close_as_ownership(near):
    assert near.loc["Y", "strength"] == pytest.approx(0.8)
    assert near.loc["Q", "strength"] == pytest.approx(0.45 / 2)
    assert "director of 'Yarrow Electronics' (one of 2 companies) -> same phone as 'Crescent Listed Industries LLC'" in near.loc["Q", "evidence"]


def test_weak_and_distant_ties_are_not_flagged(near):
    # The nominee's other clients (0.45 x 1/5 < 0.1), Z (three links), the seeds themselves.
    assert not {"K1", "K2", "K3", "K4", "Z", "L", "LP"} & set(near.index)
