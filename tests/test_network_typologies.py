"""The procurement network on a hand-made case modelled on the CAR findings, with known answers.

Suppliers in Spain, Sweden and Germany sell controlled goods to UK front companies (one written
two ways) registered at a formation agent's address and run by one director; the goods go on to
a phone shop on the Turkish-Syrian border that shares a phone with a listed company. A UK paint
maker buying aluminium powder for itself is the legitimate twin.
"""

import json

import networkx as nx
import pandas as pd
import pytest
from followthemoney import model

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.network import network_flags, report_fragment, write_outputs
from redtrace.network.context import SEEDS_TABLE
from redtrace.resolve import resolve_parties

PARTIES = [
    # party_id, kind, name, country, address, phone, email, registration_id, incorporated_on
    ("S1", "company", "Iberia Metal Powders SA", "ES", "Calle Mayor 5, Bilbao", "+34 944 000 111", "ventas@iberiapowders.es", "A4811", "1990-03-01"),
    ("S2", "company", "Nordic Motion Control AB", "SE", "Storgatan 9, Malmo", "+46 40 555 1212", "sales@nordicmotion.se", "556677", "1998-06-01"),
    ("S3", "company", "Praha Chemicals sro", "CZ", "Vodickova 3, Praha", "+420 222 333 444", "obchod@prahachem.cz", "CZ7788", "2001-01-01"),
    ("S4", "company", "Rhein Aero Parts GmbH", "DE", "Hafenstrasse 2, Koln", "+49 221 777 888", "info@rheinaero.de", "HRB991", "1995-05-05"),
    ("B1", "company", "Sky Falcon Trading Ltd", "GB", "12 Baker Street, London", "+44 20 7946 0101", "skyfalcon.trading@gmail.com", "09000001", "2015-12-01"),
    ("B1b", "company", "SKY FALCON TRADING LIMITED", "GB", "12 Baker St, London", "02079460101", "skyfalcon.trading@gmail.com", None, None),
    ("B2", "company", "Delta Star Imports Ltd", "GB", "40 Kings Road, Leeds", "+44 113 496 0202", "deltastar.imports@hotmail.com", "09000002", "2015-02-20"),
    # Shares Delta Star's e-mail, buys only paint: a linked buyer without controlled goods of its own.
    ("B3", "company", "Westgate Coatings Ltd", "GB", "3 Canal Street, Leeds", None, "deltastar.imports@hotmail.com", "09000003", "2010-01-01"),
    ("F1", "company", "Quickform Holdings Ltd", "GB", "12 Baker Street, London", None, None, "09000011", "2015-08-01"),
    ("F2", "company", "Bluewater Ventures Ltd", "GB", "12 Baker Street, London", None, None, "09000012", "2015-09-01"),
    ("F3", "company", "Orion Global Supply Ltd", "GB", "12 Baker Street, London", None, None, "09000013", "2015-10-01"),
    ("F4", "company", "Redline Commerce Ltd", "GB", "12 Baker Street, London", None, None, "09000014", "2015-11-01"),
    ("F5", "company", "Tamarind Exports Ltd", "GB", "12 Baker Street, London", None, None, "09000015", "2015-12-01"),
    ("D1", "person", "Ahmed Hassan Al-Ali", "GB", "7 Elm Grove, Leeds", "+44 7700 900 303", None, None, None),
    ("C1", "company", "Akcakale Telekom Cep Telefonu", "TR", "Ataturk Caddesi 21, Akcakale", "+90 414 318 0404", None, "TR5501", "2014-08-01"),
    ("C2", "company", "Gaziantep Kimya Ltd. Şti.", "TR", "Sanayi Mah. 8, Gaziantep", "+90 342 555 0505", None, "TR5502", "2013-01-01"),
    ("W1", "company", "Al-Noor General Trading", "SY", "Raqqa", "+90 414 318 0404", None, None, None),
    ("L1", "company", "Manchester Paints Ltd", "GB", "1 Mill Lane, Manchester", "+44 161 496 0606", "buying@mancpaints.co.uk", "01234567", "1978-01-01"),
    # A quarrying group: two subsidiaries of one parent buy ammonium nitrate for blasting.
    ("M0", "company", "Keystone Mining Holdings plc", "GB", "1 Quarry Road, Sheffield", "+44 114 496 0700", "group@keystonemining.co.uk", "00700700", "1962-01-01"),
    ("M1", "company", "Keystone Quarrying Ltd", "GB", "8 Granite Way, Aberdeen", "+44 1224 496 071", "buying@keystonequarrying.co.uk", "00700701", "1970-01-01"),
    ("M2", "company", "Keystone Blasting Services Ltd", "GB", "2 Valley Road, Cardiff", "+44 29 496 0720", "orders@keystoneblasting.co.uk", "00700702", "1981-01-01"),
]
RELATIONS = [("D1", "B1", "director"), ("D1", "B2", "director"), ("D1", "B2", "owner"),
             ("M0", "M1", "owner"), ("M0", "M2", "owner")]
ORDERS = [
    # order_id, date, seller, buyer, consignee, ship_to_country, hs_code, quantity, unit
    ("O1", "2016-01-05", "S1", "B1", "C1", "TR", "7603.10", 6000, "kg"),
    ("O2", "2016-02-10", "S2", "B2", "C1", "TR", "8411.11", 2, "pcs"),
    ("O3", "2016-03-15", "S4", "B1b", "C1", "TR", "8411.91", 10, "pcs"),
    ("O4", "2016-01-20", "S1", "L1", None, "GB", "7603.10", 500, "kg"),
    ("O6", "2016-04-01", "S3", "B2", None, "GB", "2847.00", 2000, "kg"),
    ("O7", "2016-05-01", "B2", "C2", None, "TR", "2847.00", 2000, "kg"),
    ("O8", "2016-05-10", "S3", "L1", None, "GB", "3208.10", 100, "l"),
    ("O9", "2016-05-10", "S3", "B3", None, "GB", "3208.10", 50, "l"),
    ("O10", "2016-06-01", "S3", "M1", None, "GB", "3102.30", 20000, "kg"),
    ("O11", "2016-06-15", "S3", "M2", None, "GB", "3102.30", 15000, "kg"),
]


def write_dataset(folder):
    folder.mkdir()
    cols = ["party_id", "kind", "name", "country", "address", "phone", "email", "registration_id", "incorporated_on"]
    pd.DataFrame(PARTIES, columns=cols).to_csv(folder / "parties.csv", index=False)
    pd.DataFrame(RELATIONS, columns=["source_id", "target_id", "kind"]).to_csv(folder / "relations.csv", index=False)
    o = pd.DataFrame(ORDERS, columns=["order_id", "order_date", "seller_id", "buyer_id", "consignee_id",
                                      "ship_to_country", "hs_code", "quantity", "unit"])
    o.drop(columns=["hs_code", "quantity", "unit"]).to_csv(folder / "orders.csv", index=False)
    o[["order_id", "hs_code", "quantity", "unit"]].assign(line_no=1).to_csv(folder / "order_lines.csv", index=False)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("world") / "dataset"
    write_dataset(folder)
    engine = create_engine()
    read = read_dataset(folder, engine)
    assert len(read.rejected) == 0, read.rejected
    engine.register(SEEDS_TABLE, pd.DataFrame({"party_id": ["W1"], "weight": [1.0]}))
    resolve_parties(engine)
    return engine


@pytest.fixture(scope="module")
def flags(engine):
    return network_flags(engine)


def flagged(flags, rule_id):
    return set(flags[flags.rule_id == rule_id].target_id)


def test_the_front_company_written_twice_is_one_entity(engine):
    c = dict(engine.df("SELECT party_id, cluster_id FROM clusters").itertuples(index=False))
    assert c["B1"] == c["B1b"] == "B1"
    assert len(set(c.values())) == len(PARTIES) - 1


def test_formation_agent_hub(flags):
    assert flagged(flags, "net.formation_agent_hub") == {"B1", "B1b", "F1", "F2", "F3", "F4", "F5"}
    ev = flags[(flags.rule_id == "net.formation_agent_hub") & (flags.target_id == "B1")].evidence.iloc[0]
    assert "shares the address '12 Baker Street, London' with 5 other companies" in ev
    assert "(6 of the 6 formed less than a year before trading)" in ev
    assert "it was incorporated 1 month before its first order" in ev


def test_transshipment_chains(flags):
    # O6 -> O7 is a re-sale through B2; re-sales are not searched (see typologies.chains).
    assert flagged(flags, "net.transshipment_chain") == {"O1", "O2", "O3"}
    assert flagged(flags, "net.transshipment_intermediary") == {"B1", "B1b", "B2"}
    o1 = flags[flags.target_id == "O1"].iloc[0]
    assert "aluminium powders" in o1.evidence and "'Akcakale Telekom Cep Telefonu', in TR" in o1.evidence
    assert o1.strength == pytest.approx(1.0)


def test_fan_in_of_controlled_goods(flags):
    assert flagged(flags, "net.controlled_fan_in") == {"C1"}
    ev = flags[flags.rule_id == "net.controlled_fan_in"].evidence.iloc[0]
    assert "from 3 different sellers in 3 countries in 3 orders, 2 of the buyers being other companies" in ev


def test_linked_buyers(flags):
    assert flagged(flags, "net.linked_buyers") == {"B1", "B1b", "B2", "B3"}
    b3 = flags[(flags.rule_id == "net.linked_buyers") & (flags.target_id == "B3")].iloc[0]
    assert "the e-mail 'deltastar.imports@hotmail.com' with buyer 'Delta Star Imports Ltd'" in b3.evidence
    ev = flags[(flags.rule_id == "net.linked_buyers") & (flags.target_id == "B2")].evidence.iloc[0]
    assert "the director/owner 'Ahmed Hassan Al-Ali'" in ev


def test_subsidiaries_of_one_parent_are_not_linked_buyers(flags):
    # The parent owns both on record: a group, not a person hiding behind unrelated fronts.
    assert not {"M0", "M1", "M2"} & flagged(flags, "net.linked_buyers")


def test_risk_proximity_from_seeds(flags):
    near = flags[flags.rule_id == "net.risk_proximity"].set_index("target_id")
    assert near.loc["C1", "strength"] == pytest.approx(0.8)
    assert "same phone as 'Al-Noor General Trading'" in near.loc["C1", "evidence"]
    # Trade is not a link of suspicion: the fronts that shipped to C1 and the suppliers are not
    # "near" the listed company; nor is the seed near itself.
    assert set(near.index) == {"C1"}


def test_legitimate_twin_is_clean(flags):
    assert not {"L1", "O4", "O8"} & set(flags.target_id)


def test_outputs_open_in_networkx_and_followthemoney(engine, tmp_path):
    counts = write_outputs(engine, tmp_path)
    clusters = pd.read_csv(tmp_path / "clusters.csv")
    assert len(clusters) == len(PARTIES) and list(clusters.columns) == ["party_id", "cluster_id"]
    g = nx.read_graphml(tmp_path / "graph.graphml")
    assert g.number_of_nodes() == counts["nodes"] and g.number_of_edges() == counts["edges"]
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert {"director", "owner", "sells_to", "ships_to", "same_address", "same_phone"} <= kinds
    gx = nx.read_gexf(tmp_path / "graph.gexf")
    assert gx.number_of_nodes() == counts["nodes"]
    lines = (tmp_path / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    entities = [model.get_proxy(json.loads(line)) for line in lines]
    by_id = {e.id: e for e in entities}
    for e, line in zip(entities, lines):
        assert e.to_dict() == json.loads(line)  # round trip
    assert by_id["B1"].schema.name == "Company"
    assert set(by_id["B1"].get("alias")) == {"SKY FALCON TRADING LIMITED"}
    assert by_id["D1"].schema.name == "Person"
    directorships = [e for e in entities if e.schema.name == "Directorship"]
    assert {(d.first("director"), d.first("organization")) for d in directorships} == {("D1", "B1"), ("D1", "B2")}
    assert any(e.schema.name == "Ownership" for e in entities)
    assert any(e.schema.name == "Address" for e in entities)
    svgs = list((tmp_path / "pictures").glob("*.svg"))
    assert svgs and svgs[0].read_text().startswith("<svg")
    assert "<figure" in (tmp_path / "network.html").read_text()
    brokers = pd.read_csv(tmp_path / "brokers.csv")
    assert brokers.broker_score.max() == pytest.approx(1.0)


def test_report_fragment_draws_the_top_cases(engine):
    html = report_fragment(engine, cases=2)
    assert html.count("<figure") == 2 and html.count("<svg") == 2
    assert "Sky Falcon Trading Ltd" in html


def test_a_weak_seed_spreads_little(engine):
    from redtrace.rules import net_risk_proximity

    engine.register(SEEDS_TABLE, pd.DataFrame({"party_id": ["W1"], "weight": [0.25]}))
    try:
        near = net_risk_proximity.compute(engine).set_index("target_id")
    finally:
        engine.register(SEEDS_TABLE, pd.DataFrame({"party_id": ["W1"], "weight": [1.0]}))
    assert near.loc["C1", "strength"] == pytest.approx(0.8 * 0.25)
