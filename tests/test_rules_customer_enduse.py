"""customer.new and enduse.vague on hand-made rows that must and must not trigger them."""

from __future__ import annotations

from rules_fixture import company, engine_with, flagged, line, order
from redtrace.rules.customer_new import RULE as NEW
from redtrace.rules.enduse_vague import RULE as VAGUE


def regulars(n=10, end_uses=("paint production", "metallic coatings")):
    """Established paint makers ordering aluminium paste every quarter of 2014-2016."""
    parties, orders, lines = [company("S", "Chem Distributor", nace="46.75")], [], []
    for b in range(n):
        pid = f"P{b}"
        parties.append(company(pid, f"Paints {b}", nace="20.30", incorporated_on="2001-03-01"))
        for q in range(12):
            oid = f"O{b}-{q}"
            month = 1 + 3 * (q % 4)
            orders.append(order(oid, pid, date=f"{2014 + q // 4}-{month:02d}-1{b % 10}",
                                declared_end_use=end_uses[(b + q) % len(end_uses)]))
            lines.append(line(oid, hs="3212.90", qty=500 + b, unit="kg", price=9.0))
    return parties, orders, lines


# ---------------------------------------------------------------- customer.new

def test_company_formed_weeks_before_a_controlled_order_fires(tmp_path):
    parties, orders, lines = regulars()
    parties.append(company("NEW", "Fresh Trading Ltd", nace="46.90", incorporated_on="2016-04-01"))
    orders.append(order("FRONT", "NEW", date="2016-05-15"))
    lines.append(line("FRONT", hs="3102.30", qty=20000, unit="kg", price=0.4))
    flags = flagged(NEW, engine_with(tmp_path, parties, orders, lines))
    strength, evidence = flags["FRONT"]
    assert strength > 0.5
    assert "incorporated 44 days before this order" in evidence and "its first order" in evidence


def test_old_company_new_to_the_data_fires_weakly_and_fades(tmp_path):
    parties, orders, lines = regulars()
    parties.append(company("LATE", "Old Coatings", nace="20.30", incorporated_on="1990-01-01"))
    for oid, date in (("LATE-1", "2016-01-10"), ("LATE-2", "2016-03-10"), ("LATE-3", "2016-12-20")):
        orders.append(order(oid, "LATE", date=date))
        lines.append(line(oid, hs="3212.90", qty=500, unit="kg", price=9.0))
    flags = flagged(NEW, engine_with(tmp_path, parties, orders, lines))
    assert 0 < flags["LATE-1"][0] < 0.5
    assert flags["LATE-2"][0] < flags["LATE-1"][0]
    assert "LATE-3" not in flags or flags["LATE-3"][0] < 0.1


def test_established_customers_and_the_opening_of_the_data_do_not_fire(tmp_path):
    parties, orders, lines = regulars()
    parties.append(company("NEWX", "New Bakery", nace="10.71", incorporated_on="2016-04-01"))
    orders.append(order("SUGAR", "NEWX", date="2016-05-15"))
    lines.append(line("SUGAR", hs="1701.99", qty=2000, unit="kg"))  # not controlled
    flags = flagged(NEW, engine_with(tmp_path, parties, orders, lines))
    assert not [o for o in flags if o.startswith("O")]  # first orders in the opening stretch
    assert "SUGAR" not in flags


# ---------------------------------------------------------------- enduse.vague

def vague_world(tmp_path, end_use, buyer_nace="47.42"):
    parties, orders, lines = regulars()
    for b in range(20):  # phone shops with their own end uses, ordering phones
        pid = f"T{b}"
        parties.append(company(pid, f"Phones {b}", nace="47.42"))
        for q in range(3):
            oid = f"T{b}-{q}"
            orders.append(order(oid, pid, date=f"2015-0{q + 1}-{b + 1:02d}", declared_end_use="retail sale"))
            lines.append(line(oid, hs="8517.13", qty=40))
    parties.append(company("X", "Buyer X", nace=buyer_nace))
    orders.append(order("CASE", "X", date="2016-06-01", declared_end_use=end_use))
    lines.append(line("CASE", hs="2847.00", qty=900, unit="l", price=1.0))
    return flagged(VAGUE, engine_with(tmp_path, parties, orders, lines))


def test_missing_end_use_fires(tmp_path):
    strength, evidence = vague_world(tmp_path, None)["CASE"]
    assert strength > 0.2 and "no declared end use for hydrogen peroxide" in evidence


def test_generic_phrases_in_other_languages_fire(tmp_path):
    for i, text in enumerate(("N/A", "genel amaçlı", "Wiederverkauf", "-")):
        strength, evidence = vague_world(tmp_path / str(i), text)["CASE"]
        assert strength > 0.1 and "names no use" in evidence, text


def test_end_use_borrowed_from_another_trade_fires_hardest(tmp_path):
    strength, evidence = vague_world(tmp_path, "paint production")["CASE"]
    assert strength > 0.5
    assert "'paint production' is what 10 other buyers declare, none of them in division 47" in evidence
    assert strength > vague_world(tmp_path / "na", "N/A")["CASE"][0]


def test_specific_end_use_of_the_buyers_own_trade_does_not_fire(tmp_path):
    flags = vague_world(tmp_path, "paint production", buyer_nace="20.30")
    assert "CASE" not in flags
    assert not [o for o in flags if o.startswith("O")]
    flags = vague_world(tmp_path / "own", "bleaching of pulp for our paper machine")
    assert "CASE" not in flags


def test_uncontrolled_goods_never_fire(tmp_path):
    flags = vague_world(tmp_path, None)
    assert not [o for o in flags if o.startswith("T")]  # phones with 'retail sale'
