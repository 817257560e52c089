"""enduse.end_user_withheld on hand-made rows that must and must not trigger it."""

from __future__ import annotations

import pytest

from rules_fixture import company, engine_with, flagged, line, order
from redtrace.rules.enduse_end_user import RULE as END_USER


def regulars(n=10, end_user=""):
    """Paint makers ordering aluminium paste every quarter, end user as given."""
    parties, orders, lines = [company("S", "Chem Distributor", nace="46.75")], [], []
    for b in range(n):
        pid = f"P{b}"
        parties.append(company(pid, f"Paints {b}", nace="20.30", incorporated_on="2001-03-01"))
        for q in range(4):
            oid = f"O{b}-{q}"
            orders.append(order(oid, pid, date=f"2015-{1 + 3 * q:02d}-1{b % 10}", declared_end_user=end_user or f"Paints {b}"))
            lines.append(line(oid, hs="3212.90", qty=500 + b, unit="kg", price=9.0))
    return parties, orders, lines


def test_an_end_user_written_as_no_one_fires_strongest_with_the_buyers_own_export(tmp_path):
    parties, orders, lines = regulars()
    parties.append(company("X", "Toros Ticaret", nace="46.90", country="TR", city="Mersin", region="Mersin"))
    orders.append(order("TBA", "X", date="2016-05-15", declared_end_user="TBA"))
    orders.append(order("EXW", "X", date="2016-06-15", declared_end_user="various", incoterm="EXW", freight_forwarder="Mersin Freight"))
    orders.append(order("CUST", "X", date="2016-07-15", declared_end_user=" Customer ", incoterm="CIF"))
    for oid in ("TBA", "EXW", "CUST"):
        lines.append(line(oid, hs="3212.90", qty=500, unit="kg", price=9.0))
    flags = flagged(END_USER, engine_with(tmp_path, parties, orders, lines))
    assert set(flags) == {"TBA", "EXW", "CUST"}
    assert flags["TBA"][0] == pytest.approx(flags["CUST"][0]) and flags["EXW"][0] > flags["TBA"][0]
    assert "declared end user 'TBA' names no one" in flags["TBA"][1]
    assert "(EXW) by its forwarder 'Mersin Freight'" in flags["EXW"][1]


def test_named_and_blank_end_users_and_uncontrolled_goods_do_not_fire(tmp_path):
    parties, orders, lines = regulars()
    parties.append(company("X", "Toros Ticaret", nace="46.90", country="TR"))
    orders.append(order("BLANK", "X", date="2016-05-15", incoterm="EXW", freight_forwarder="Mersin Freight"))
    orders.append(order("SUGAR", "X", date="2016-06-15", declared_end_user="TBA"))
    lines.append(line("BLANK", hs="3212.90", qty=500, unit="kg", price=9.0))
    lines.append(line("SUGAR", hs="1701.99", qty=2000, unit="kg"))  # not controlled
    assert flagged(END_USER, engine_with(tmp_path, parties, orders, lines)) == {}


def test_a_placeholder_most_buyers_write_is_a_forms_default_and_counts_half(tmp_path):
    parties, orders, lines = regulars(end_user="n/a")
    flags = flagged(END_USER, engine_with(tmp_path, parties, orders, lines))
    assert len(flags) == 40
    strength, evidence = flags["O0-0"]
    assert "a placeholder many of this dataset's buyers write" in evidence
    parties, orders, lines = regulars()
    parties.append(company("X", "Toros Ticaret", nace="46.90", country="TR"))
    orders.append(order("NA", "X", date="2016-05-15", declared_end_user="n/a"))
    lines.append(line("NA", hs="3212.90", qty=500, unit="kg", price=9.0))
    alone = flagged(END_USER, engine_with(tmp_path / "alone", parties, orders, lines))
    assert strength == pytest.approx(alone["NA"][0] / 2)
