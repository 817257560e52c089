from datetime import date, timedelta

from rules_fixture import company, engine_with, flagged, line, order

from redtrace.rules.structuring_split_orders import RULE


def test_linked_buyers_splitting_across_sellers(tmp_path):
    parties = [company(f"S{i}", f"Seller {i}") for i in range(4)]
    parties += [company(f"P{i}", f"Peer {i}", nace="28.41", phone=f"+44 100{i}") for i in range(8)]
    # Three fronts sharing one phone number split engines across sellers.
    parties += [company(f"F{i}", f"Front {i}", "TR", "İstanbul", "İstanbul", "70.22", phone="+90 555 0000") for i in range(3)]
    orders, lines = [], []
    start = date(2016, 1, 1)
    for i in range(8):  # peers: one ordinary order a quarter, 3 engines each
        for q in range(4):
            oid = f"P{i}-{q}"
            orders.append(order(oid, f"P{i}", seller="S0", date=(start + timedelta(days=90 * q + i)).isoformat()))
            lines.append(line(oid, hs="8407.10", qty=3))
    for k in range(12):  # fronts: 12 orders of one engine in 60 days across 4 sellers
        oid = f"F-{k}"
        orders.append(order(oid, f"F{k % 3}", seller=f"S{k % 4}", date=(start + timedelta(days=5 * k)).isoformat(), country="TR"))
        lines.append(line(oid, hs="8407.10", qty=1))
    got = flagged(RULE, engine_with(tmp_path, parties, orders, lines))
    assert {f"F-{k}" for k in range(12)} <= set(got)
    assert not any(k.startswith("P") for k in got)
    strength, evidence = got["F-5"]
    assert strength >= 0.7 and "linked buyer" in evidence and "seller(s)" in evidence


def _slow_world(peer_gap_days):
    """Eight peers reorder 20 l of a precursor every `peer_gap_days`; three fronts sharing a phone
    split it into 2 l orders, one every 30 days for ten months, across three sellers."""
    parties = [company(f"S{i}", f"Seller {i}") for i in range(3)]
    parties += [company(f"P{i}", f"Peer {i}", nace="20.30", phone=f"+44 200{i}") for i in range(8)]
    parties += [company(f"F{i}", f"Front {i}", nace="20.30", phone="+44 777 0000") for i in range(3)]
    orders, lines = [], []
    start = date(2015, 1, 1)
    for i in range(8):
        for q in range(0, 1100 // peer_gap_days + 1):
            oid = f"P{i}-{q}"
            orders.append(order(oid, f"P{i}", seller="S0", date=(start + timedelta(days=peer_gap_days * q + 7 * i)).isoformat()))
            lines.append(line(oid, hs="2904.20", qty=20, unit="l"))
    for k in range(10):
        oid = f"F-{k}"
        orders.append(order(oid, f"F{k % 3}", seller=f"S{k % 3}", date=(start + timedelta(days=200 + 30 * k)).isoformat()))
        lines.append(line(oid, hs="2904.20", qty=2, unit="l"))
    return parties, orders, lines


def test_slow_split_of_a_good_reordered_twice_a_year_fires(tmp_path):
    got = flagged(RULE, engine_with(tmp_path, *_slow_world(peer_gap_days=180)))
    assert {f"F-{k}" for k in range(10)} <= set(got)
    assert not any(k.startswith("P") for k in got)
    assert "within 360 days" in got["F-5"][1] and "linked buyer" in got["F-5"][1]


def test_monthly_orders_of_a_good_everyone_reorders_monthly_do_not_fire(tmp_path):
    got = flagged(RULE, engine_with(tmp_path, *_slow_world(peer_gap_days=30)))
    assert not got
