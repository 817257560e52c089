import pytest
from rules_fixture import company, engine_with, flagged, line, order

from redtrace.rules import destination_diverted, destination_high_risk_place


def _world(tmp_path):
    parties = [company("S", "Seller"),
               company("UK", "Sky Dynamics Ltd", nace="70.22"),
               company("SHOP", "Akçakale Telefon", "TR", "Şanlıurfa", "Şanlıurfa", "47.42", "mobile phone shop"),
               company("GZ", "Antep Boya", "TR", "Gaziantep", "Gaziantep", "20.30", "paint maker"),
               company("FWD", "Hızlı Lojistik", "TR", "Mersin", "Mersin", "49.41", "road haulage"),
               company("SUB", "Sky Dynamics Polska", "PL", "Poznań", "Wielkopolskie", "28.41")]
    orders = [
        order("B1", "UK", country="TR", ship_to_city="Sanliurfa", consignee_id="SHOP"),  # CAR case
        order("L1", "GZ", country="TR", ship_to_city="Gaziantep", ship_to_region="Gaziantep"),  # local border business
        order("F1", "UK", country="TR", consignee_id="FWD"),  # forwarder as consignee
        order("S1", "UK", country="PL", consignee_id="SUB"),  # own subsidiary abroad
        order("X1", "UK", country="FR"),  # shipped abroad, no consignee
        order("H1", "UK", country="GB"),  # at home
        order("IR", "UK", country="IR"),  # embargoed country
    ]
    lines = [line(o["order_id"], hs="8411.11", qty=2, price=40000.0) for o in orders]
    return engine_with(tmp_path, parties, orders, lines, [("UK", "SUB", "owner", 1.0)])


def test_high_risk_place_spares_local_border_businesses(tmp_path):
    got = flagged(destination_high_risk_place.RULE, _world(tmp_path))
    assert "B1" in got and "Şanlıurfa" in got["B1"][1] and "registered in GB" in got["B1"][1]
    assert "L1" not in got and "H1" not in got
    assert got["IR"][0] >= got["B1"][0]
    # A province is named with its country, a country once.
    assert "go to Şanlıurfa, TR (" in got["B1"][1] and "go to IR (" in got["IR"][1]


def test_buyer_of_unknown_registration_counts_only_for_an_embargoed_country(tmp_path):
    # The same deliveries by a buyer whose country (and region) the data does not give: a border
    # province cannot be said to be foreign to it, an embargoed country counts for anyone.
    parties = [company("S", "Seller"), dict(party_id="ANON", kind="company", name="Anon Trading")]
    orders = [order("B1", "ANON", country="TR", ship_to_city="Sanliurfa", ship_to_region="Şanlıurfa"),
              order("IR", "ANON", country="IR")]
    lines = [line(o["order_id"], hs="8411.11", qty=2, price=40000.0) for o in orders]
    got = flagged(destination_high_risk_place.RULE, engine_with(tmp_path, parties, orders, lines))
    assert "B1" not in got
    assert "IR" in got and "registered in an unknown country" in got["IR"][1]


def test_diverted_consignees(tmp_path):
    got = flagged(destination_diverted.RULE, _world(tmp_path))
    assert {"B1", "F1", "X1"} <= set(got)
    assert "S1" not in got and "H1" not in got and "L1" not in got
    assert "consumer business" in got["B1"][1]
    assert "forwarder" in got["F1"][1] and got["F1"][0] >= got["X1"][0]


def test_local_buyer_under_a_targeted_embargo_counts_less(tmp_path):
    parties = [company("S", "Seller"), company("BG", "Baghdad Coatings", "IQ", "Baghdad", "Baghdad", "20.30"),
               company("UK", "Sky Dynamics Ltd", nace="70.22")]
    orders = [order("L", "BG", country="IQ", ship_to_city="Baghdad"), order("F", "UK", country="IQ", ship_to_city="Baghdad")]
    lines = [line(o["order_id"], hs="3212.90", qty=500, unit="kg", price=9.0) for o in orders]
    got = flagged(destination_high_risk_place.RULE, engine_with(tmp_path, parties, orders, lines))
    assert got["L"][0] < got["F"][0] / 2


def test_a_routine_receiver_counts_less_a_conduits_only_receiver_in_full(tmp_path):
    # DIST buys 12 orders, 3 of them shipped to its customer abroad; CONDUIT sends 10 of 12 to one
    # unrelated receiver abroad; ONCE sends 1 of 12 there.
    parties = [company("S", "Seller"), company("DIST", "Nordwerk GmbH", "DE", nace="46.69"),
               company("CONDUIT", "Apex Trading Ltd", nace="46.90"), company("ONCE", "Once Trading Ltd", nace="46.90"),
               company("CUST", "Anatolia Makina", "TR", "Izmir", "Izmir", "28.41")]
    orders = [order(f"D{i}", "DIST", country="TR" if i < 3 else "DE", consignee_id="CUST" if i < 3 else None) for i in range(12)]
    orders += [order(f"C{i}", "CONDUIT", country="TR" if i < 10 else "GB", consignee_id="CUST" if i < 10 else None) for i in range(12)]
    orders += [order(f"O{i}", "ONCE", country="TR" if i < 1 else "GB", consignee_id="CUST" if i < 1 else None) for i in range(12)]
    lines = [line(o["order_id"], hs="8411.11", qty=2, price=40000.0) for o in orders]
    got = flagged(destination_diverted.RULE, engine_with(tmp_path, parties, orders, lines))
    assert "routine receiver" in got["D0"][1] and "3 of its 12" in got["D0"][1]
    assert "routine" not in got["C0"][1] and "routine" not in got["O0"][1]
    assert got["D0"][0] == pytest.approx(0.6 * got["C0"][0])
    assert got["O0"][0] == got["C0"][0]
