"""quantity.abnormal and goods.combination on hand-made rows that must and must not trigger them."""

from __future__ import annotations

from rules_fixture import company, engine_with, flagged, line, order, person
from redtrace.rules.goods_combination import RULE as COMBO
from redtrace.rules.quantity_abnormal import RULE as QTY


def trade(parties, orders, lines, stem, nace, goods, n=10, employees=50, months=6):
    """`n` buyers of one activity, each ordering its goods (hs, unit, quantity) every month."""
    for b in range(n):
        pid = f"{stem}{b}"
        parties.append(company(pid, f"{stem} {b}", nace=nace, employees=employees, phone=f"+44 20 7{b:03d} {hash(stem) % 9000 + 1000}"))
        for m in range(months):
            oid = f"{pid}-{m}"
            orders.append(order(oid, pid, date=f"2016-{m + 1:02d}-{b + 1:02d}"))
            for k, (hs, unit, qty) in enumerate(goods, 1):
                lines.append(line(oid, hs=hs, qty=qty * (1 + 0.05 * ((b + m) % 5)), unit=unit, no=k))


def economy():
    parties, orders, lines = [company("S", "Distributor", nace="46.75")], [], []
    trade(parties, orders, lines, "PAINT", "20.30", [("3212.90", "kg", 800), ("2914.11", "l", 400)], employees=60)
    trade(parties, orders, lines, "FARM", "01.13", [("3102.30", "kg", 5000), ("3105.20", "kg", 3000)], employees=12)
    trade(parties, orders, lines, "MINE", "08.11", [("3102.30", "kg", 40000)], employees=200)
    trade(parties, orders, lines, "EXPL", "20.51", [("3102.30", "kg", 30000), ("7603.10", "kg", 2000)], n=6, employees=150)
    return parties, orders, lines


# ---------------------------------------------------------------- quantity.abnormal

def test_tonnes_for_a_tiny_firm_fire_and_ordinary_sizes_do_not(tmp_path):
    parties, orders, lines = economy()
    parties.append(company("TINY", "Tiny Paints", nace="20.30", employees=1))
    orders.append(order("BIG", "TINY", date="2016-08-01")); lines.append(line("BIG", hs="3212.90", qty=60, unit="t"))
    orders.append(order("USUAL", "PAINT3", date="2016-08-02")); lines.append(line("USUAL", hs="3212.90", qty=850, unit="kg"))
    flags = flagged(QTY, engine_with(tmp_path, parties, orders, lines))
    strength, evidence = flags["BIG"]
    assert strength > 0.5 and "'Tiny Paints' (1 employees) ordered 60,000 kg of aluminium paste" in evidence
    assert "USUAL" not in flags
    assert not [o for o in flags if "-" in o]  # the trades' own monthly orders


def test_quantity_far_above_the_activitys_peers_fires(tmp_path):
    parties, orders, lines = economy()
    orders.append(order("HUGE", "FARM2", date="2016-08-01")); lines.append(line("HUGE", hs="3102.30", qty=900, unit="t"))
    flags = flagged(QTY, engine_with(tmp_path, parties, orders, lines))
    assert flags["HUGE"][0] > 0.4
    assert "buyers in 01.13" in flags["HUGE"][1] or "a buyer of its size" in flags["HUGE"][1]


def test_a_jump_against_the_buyers_own_history_fires(tmp_path):
    parties, orders, lines = economy()
    orders.append(order("JUMP", "MINE4", date="2016-08-01")); lines.append(line("JUMP", hs="3102.30", qty=2000, unit="t"))
    flags = flagged(QTY, engine_with(tmp_path, parties, orders, lines))
    assert "JUMP" in flags and flags["JUMP"][0] > 0.3


# ---------------------------------------------------------------- goods.combination

def test_phone_shop_buying_fuel_and_oxidiser_fires_but_explosives_makers_do_not(tmp_path):
    parties, orders, lines = economy()
    trade(parties, orders, lines, "SHOP", "47.42", [("8517.13", "pcs", 40)], n=10, employees=4)
    orders.append(order("OX", "SHOP1", date="2016-08-01")); lines.append(line("OX", hs="3102.30", qty=6, unit="t"))
    orders.append(order("FUEL", "SHOP1", date="2016-09-15")); lines.append(line("FUEL", hs="3212.90", qty=2, unit="t"))
    flags = flagged(COMBO, engine_with(tmp_path, parties, orders, lines))
    for oid in ("OX", "FUEL"):
        strength, evidence = flags[oid]
        assert strength > 0.3
        assert "metal-fuelled ammonium nitrate charge" in evidence and "0 of 9 other independent buyers in 47.42" in evidence
    assert not [o for o in flags if o.startswith("EXPL")]  # explosives makers buy both every month


def test_linked_companies_splitting_a_recipe_fire(tmp_path):
    parties, orders, lines = economy()
    trade(parties, orders, lines, "FOOD", "10.82", [("2905.44", "kg", 3000)], n=10, employees=30)
    parties += [person("BOSS", "Common Owner"), company("A1", "Agro One", nace="46.21"), company("A2", "Agro Two", nace="46.21")]
    relations = [dict(source_id="BOSS", target_id="A1", kind="owner", share=1.0),
                 dict(source_id="BOSS", target_id="A2", kind="owner", share=1.0)]
    orders.append(order("KNO3", "A1", date="2016-08-01")); lines.append(line("KNO3", hs="2834.21", qty=20, unit="t"))
    orders.append(order("SORB", "A2", date="2016-08-20")); lines.append(line("SORB", hs="2905.44", qty=40, unit="t"))
    flags = flagged(COMBO, engine_with(tmp_path, parties, orders, lines, relations))
    assert "SORB" in flags and "KNO3" in flags
    assert "and 1 linked buyer(s)" in flags["SORB"][1] and "sorbitol / nitrate rocket propellant" in flags["SORB"][1]
    assert not [o for o in flags if o.startswith("FOOD")]


def test_parts_bought_years_apart_do_not_combine(tmp_path):
    parties, orders, lines = economy()
    trade(parties, orders, lines, "SHOP", "47.42", [("8517.13", "pcs", 40)], n=10, employees=4)
    orders.append(order("OLD", "SHOP1", date="2012-01-01")); lines.append(line("OLD", hs="3102.30", qty=1, unit="t"))
    orders.append(order("NEW", "SHOP1", date="2016-09-15")); lines.append(line("NEW", hs="3212.90", qty=1, unit="t"))
    flags = flagged(COMBO, engine_with(tmp_path, parties, orders, lines))
    assert "OLD" not in flags and "NEW" not in flags


def test_all_five_rules_run_on_the_bare_required_columns(tmp_path):
    """No activity, employees, incorporation date, end use, contacts or relations: nothing breaks."""
    from redtrace.rules.customer_new import RULE as NEW
    from redtrace.rules.enduse_vague import RULE as VAGUE
    from redtrace.rules.fit_business_mismatch import RULE as FIT

    parties = [dict(party_id=p, kind="company", name=p) for p in ("S", "A", "B")]
    orders = [dict(order_id=f"O{i}", order_date=f"2016-0{i + 1}-01", seller_id="S", buyer_id="AB"[i % 2], ship_to_country="GB")
              for i in range(6)]
    lines = [dict(order_id=f"O{i}", line_no=1, hs_code="3102.30" if i % 2 else "7603.10", quantity=100 + i, unit="kg")
             for i in range(6)]
    engine = engine_with(tmp_path, parties, orders, lines)
    for rule in (FIT, QTY, NEW, VAGUE, COMBO):
        out = rule.compute(engine)
        assert {"target_id", "strength", "evidence"} <= set(out.columns), rule.id


def test_one_buyer_with_many_huge_orders_does_not_become_its_peers_yardstick(tmp_path):
    """Ten farms each order 5 t a month; a farm as big as a mine places eighty orders of 40 t, a
    mine's usual size (so neither all buyers of the goods nor its head count find it odd). Counted
    by lines its orders would be most of the farms' lines and set their median; counted by buyer
    they are one vote of eleven."""
    parties, orders, lines = economy()
    parties.append(company("BULK", "Bulk Farm", nace="01.13", employees=200))
    for i in range(80):
        oid = f"BULK{i}"
        orders.append(order(oid, "BULK", date=f"2016-{i % 12 + 1:02d}-{i // 12 + 1:02d}"))
        lines.append(line(oid, hs="3102.30", qty=40 + i % 3, unit="t"))
    flags = flagged(QTY, engine_with(tmp_path, parties, orders, lines))
    bulk = [o for o in flags if o.startswith("BULK")]
    assert len(bulk) == 80 and all("buyers in 01.13 (11 independent) typically order 5," in flags[o][1] for o in bulk)
    assert not [o for o in flags if o.startswith(("FARM", "MINE"))]  # the usual farms and mines stay clear
