from rules_fixture import company, engine_with, flagged, line, order, person

from redtrace.rules.payment_third_party import RULE


def test_unrelated_payer_is_flagged_and_group_payer_is_not(tmp_path):
    parties = [company("S", "Seller"), company("B", "Albion Motion Ltd", nace="70.22"),
               company("CAR", "Boğaziçi Lüks Araç Kiralama", "TR", "İstanbul", "İstanbul", "77.11", "luxury car hire"),
               company("PARENT", "Albion Holdings", nace="70.10"), company("M", "Machine Works", nace="28.41"),
               person("DIR", "J Smith")]
    orders = [order("O1", "B", payer_id="CAR"), order("O2", "M", payer_id="PARENT"),
              order("O3", "B", payer_id="DIR"), order("O4", "M"), order("O5", "M", payment_method="third_party")]
    relations = [("PARENT", "M", "owner", 1.0), ("DIR", "B", "director", None)]
    e = engine_with(tmp_path, parties, orders, [line(o["order_id"]) for o in orders], relations)
    got = flagged(RULE, e)
    assert set(got) == {"O1", "O5"}
    strength, evidence = got["O1"]
    assert strength > 0.8
    assert "Boğaziçi Lüks Araç Kiralama" in evidence and "third country (TR" in evidence and "luxury car hire" in evidence
    assert got["O5"][0] < strength and "unnamed third party" in got["O5"][1]


def test_ordinary_goods_weigh_less(tmp_path):
    parties = [company("S", "Seller"), company("B", "Buyer"), company("P", "Stranger Trading", "AE", "Dubai", "Dubai", "46.90")]
    orders = [order("O1", "B", payer_id="P"), order("O2", "B", payer_id="P")]
    lines = [line("O1", hs="8537.10"), line("O2", hs="9403.30")]  # control boards vs office furniture
    got = flagged(RULE, engine_with(tmp_path, parties, orders, lines))
    assert got["O2"][0] < got["O1"][0]
