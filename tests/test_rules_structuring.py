from datetime import date, timedelta

import pytest
from rules_fixture import company, engine_with, flagged, line, order, person

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


def _paced_world(buyers, sellers, qty, every, n=20, shared_phone=True, peer_sizes=(20,)):
    """Eight peers reorder a precursor every 20 days for a year (about five orders in any window of
    the good), `peer_sizes` l in turn; `buyers` companies, sharing one phone number when more than
    one (unless not `shared_phone`), place `n` orders of `qty` l, one every `every` days, at
    `sellers` sellers in turn."""
    parties = [company(f"S{i}", f"Seller {i}") for i in range(4)]
    parties += [company(f"P{i}", f"Peer {i}", nace="20.30", phone=f"+44 300{i}") for i in range(8)]
    parties += [company(f"F{i}", f"Buyer {i}", nace="20.30", phone="+44 888 0000" if shared_phone else f"+44 888 000{i}")
                for i in range(buyers)]
    orders, lines = [], []
    start = date(2015, 1, 1)
    for i in range(8):
        for q in range(19):
            oid = f"P{i}-{q}"
            orders.append(order(oid, f"P{i}", seller="S0", date=(start + timedelta(days=20 * q + i)).isoformat()))
            lines.append(line(oid, hs="2904.20", qty=peer_sizes[q % len(peer_sizes)], unit="l"))
    for k in range(n):
        oid = f"F-{k}"
        orders.append(order(oid, f"F{k % buyers}", seller=f"S{k % sellers}", date=(start + timedelta(days=30 + every * k)).isoformat()))
        lines.append(line(oid, hs="2904.20", qty=qty, unit="l"))
    return parties, orders, lines


def test_linked_group_splitting_across_sellers_at_the_peers_pace_fires(tmp_path):
    # As many orders in a window as a peer places (no burst), each a tenth of a peer's order,
    # from three linked buyers at three sellers: the peers' purchase cut into pieces.
    got = flagged(RULE, engine_with(tmp_path, *_paced_world(buyers=3, sellers=3, qty=2, every=20)))
    assert {f"F-{k}" for k in range(2, 18)} <= set(got)
    assert not any(k.startswith("P") for k in got)
    strength, evidence = got["F-10"]
    assert strength >= 0.7 and "2 linked buyer(s)" in evidence and "3 seller(s)" in evidence


@pytest.mark.parametrize(
    "buyers, sellers, qty, every",
    [
        (3, 3, 20, 20),  # a linked group ordering at the peers' pace and size
        (1, 4, 20, 5),  # one buyer's burst of ordinary orders at four sellers: restocking
        (1, 2, 2, 5),  # one buyer's burst of small orders at two sellers
    ],
)
def test_no_split_without_small_orders_or_a_group(tmp_path, buyers, sellers, qty, every):
    assert not flagged(RULE, engine_with(tmp_path, *_paced_world(buyers, sellers, qty, every)))


def test_lone_buyer_bursting_small_orders_across_sellers_fires(tmp_path):
    got = flagged(RULE, engine_with(tmp_path, *_paced_world(buyers=1, sellers=4, qty=2, every=5)))
    assert {f"F-{k}" for k in range(20)} <= set(got)
    assert not any(k.startswith("P") for k in got)
    strength, evidence = got["F-10"]
    assert strength < 0.7 and "linked buyer" not in evidence and "4 seller(s)" in evidence


@pytest.mark.parametrize(
    "ties",
    [
        [("D0", "F0", "director"), ("D1", "F1", "director"), ("D0", "D1", "family")],  # relatives' companies
        [("D0", "F0", "director"), ("D0", "F1", "associate")],  # a director of one, an associate of the other
    ],
)
def test_buyers_linked_through_relatives_or_associates_split_as_a_group(tmp_path, ties):
    # Two buyers with nothing in common on file, each placing one small order every 40 days (too
    # few to be many on its own), split the good between them.
    parties, orders, lines = _paced_world(buyers=2, sellers=3, qty=2, every=20, shared_phone=False)
    parties += [person("D0", "Dana Roe"), person("D1", "Dora Roe")]
    relations = [(a, b, kind, None) for a, b, kind in ties]
    got = flagged(RULE, engine_with(tmp_path / "linked", parties, orders, lines, relations))
    assert {f"F-{k}" for k in range(2, 18)} <= set(got) and "1 linked buyer(s)" in got["F-10"][1]
    unlinked = [(a, b, kind, None) for a, b, kind in ties if kind == "director"]
    assert not flagged(RULE, engine_with(tmp_path / "unlinked", parties, orders, lines, unlinked))


@pytest.mark.parametrize("qty, fires", [(30, True), (200, False)])
def test_a_group_burst_of_ordinary_orders_is_split_larger_ones_are_not(tmp_path, qty, fires):
    # Peers buy 10 l three times in four and 100 l once: 30 l is three times the median order
    # and still an ordinary one; 200 l is larger than any peer's.
    world = _paced_world(buyers=3, sellers=3, qty=qty, every=5, n=12, peer_sizes=(10, 10, 10, 100))
    got = flagged(RULE, engine_with(tmp_path, *world))
    assert ({f"F-{k}" for k in range(12)} <= set(got)) if fires else not got
    assert not any(k.startswith("P") for k in got)
