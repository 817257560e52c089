from rules_fixture import company, engine_with, line, order

from redtrace.rules._buyers import GROUP_KEY_TABLE, ensure_group_keys
from redtrace.rules._lines import LINES, ORDER_KEY, PARTY_KEY, UNIT_KEY, ensure_lines


def _engine(tmp_path):
    parties = [company("S", "Seller"), company("B2", "Buyer two"), company("B1", "Buyer one")]
    orders = [order("O2", "B1", date="2016-02-01"), order("O1", "B2", date="2016-01-01")]
    lines = [
        line("O2", hs="3102.30", qty=2, unit="t", no=1),  # tonnes become kilograms
        line("O2", hs="8407.10", qty=1, unit="pcs", no=2),
        line("O1", hs="3102.30", qty=5, unit="kg", no=1),
    ]
    return engine_with(tmp_path, parties, orders, lines)


def test_keys_follow_id_order(tmp_path):
    engine = _engine(tmp_path)
    ensure_lines(engine)
    assert engine.df(f"SELECT order_id, ok FROM {ORDER_KEY} ORDER BY ok").order_id.tolist() == ["O1", "O2"]
    assert engine.df(f"SELECT party_id FROM {PARTY_KEY} ORDER BY pk").party_id.tolist() == ["B1", "B2", "S"]
    units = engine.df(f"SELECT hs6, base_unit FROM {UNIT_KEY} ORDER BY uk")
    assert list(units.itertuples(index=False, name=None)) == [("310230", "kg"), ("840710", "pcs")]


def test_every_line_carries_its_order(tmp_path):
    engine = _engine(tmp_path)
    ensure_lines(engine)
    got = engine.df(
        f"""SELECT o.order_id, l.line_no, u.hs6, l.base_quantity, b.party_id AS buyer,
                   s.party_id AS seller, CAST(l.order_date AS VARCHAR) AS day
            FROM {LINES} l JOIN {ORDER_KEY} o ON o.ok = l.ok
            JOIN {PARTY_KEY} b ON b.pk = l.bk JOIN {PARTY_KEY} s ON s.pk = l.sk
            JOIN {UNIT_KEY} u ON u.uk = l.uk
            ORDER BY o.order_id, l.line_no"""
    )
    assert list(got.itertuples(index=False, name=None)) == [
        ("O1", 1, "310230", 5.0, "B2", "S", "2016-01-01"),
        ("O2", 1, "310230", 2000.0, "B1", "S", "2016-02-01"),
        ("O2", 2, "840710", 1.0, "B1", "S", "2016-02-01"),
    ]


def test_made_once(tmp_path):
    engine = _engine(tmp_path)
    ensure_lines(engine)
    engine.create(LINES, f"SELECT * FROM {LINES} WHERE 1 = 0")
    ensure_lines(engine)
    assert engine.count(LINES) == 0


def test_group_keys(tmp_path):
    # Two buyers sharing a phone are one group, keyed after its first name ('B1'); the seller is its own.
    parties = [company("S", "Seller"), company("B2", "Buyer two", phone="+44 20 7946 0000"),
               company("B1", "Buyer one", phone="+44 20 7946 0000")]
    engine = engine_with(tmp_path, parties, [order("O1", "B1")], [line("O1")])
    ensure_group_keys(engine)
    got = engine.df(f"SELECT party_id, gk, bk FROM {GROUP_KEY_TABLE} ORDER BY party_id")
    assert list(got.itertuples(index=False, name=None)) == [("B1", 1, 1), ("B2", 1, 2), ("S", 2, 3)]
