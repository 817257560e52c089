"""A distributor's purchase is not where the units it resold left the legal chain (upstream.py)."""

from datetime import date

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.trace import trace_items
from redtrace.trace.match import Catalogue
from redtrace.trace.upstream import RESOLD_FLOOR, _count

# The maker M sells CM5S/00176..00183 to distributor D (shipped to Shenzhen); D resells
# CM5S/00178..00180 to B (Gothenburg). An item read as CM5S/00178 fits both lines.
WHOLESALE = dict(order_id="W", line_no=1, seller_id="M", buyer_id="D", serial_from="CM5S/00176",
                 serial_to="CM5S/00183", order_date=date(2014, 8, 31), ship_to_country="CN", quantity=8)
RESALE = dict(order_id="R", line_no=1, seller_id="D", buyer_id="B", serial_from="CM5S/00178",
              serial_to="CM5S/00180", order_date=date(2014, 10, 17), ship_to_country="SE", quantity=3)
COMMON = dict(manufacturer="Xanros", model="CM 5S", lot=None, consignee_id=None, payer_id=None, ship_to_region=None,
              ship_to_city=None, buyer_country=None, unit="pcs")


def lines(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{**COMMON, **r} for r in rows])


def item(serial=None, lot=None, country="UA") -> dict:
    return dict(item_id="I1", manufacturer="Xanros", model="CM5S", serial=serial, lot=lot,
                recovered_on=date(2015, 6, 1), recovered_country=country, recovered_place=None)


def ranked(catalogue: Catalogue, it: dict) -> dict[str, object]:
    return {catalogue.record(c.line)["order_id"]: c for c in catalogue.rank(it, limit=None)}


def test_the_resale_ranks_first_and_the_wholesale_is_discounted():
    # Recovered in Sweden, where the resale was shipped: without the resale known, the
    # wholesale line (8 units against 3) and the resale compare on volume and place only.
    both = ranked(Catalogue(lines(WHOLESALE, RESALE)), item("CM5S/00178", country="SE"))
    alone = ranked(Catalogue(lines(WHOLESALE, {**RESALE, "seller_id": "X"})), item("CM5S/00178", country="SE"))
    assert "resold_downstream" in both["W"].matched_on and "resold_downstream" not in both["R"].matched_on
    assert both["W"].confidence < alone["W"].confidence * 0.1
    assert both["R"].confidence > 0.9 > alone["R"].confidence
    assert any("CM5S/00178..CM5S/00180 resold by D" in r and "order R line 1" in r for r in both["W"].readings)


def test_the_wholesale_keeps_the_serials_its_buyer_did_not_resell():
    # 'CM5S/0018?' (last digit lost) stands for 00180..00183 of the wholesale line: D resold
    # 00180 only, so the wholesale keeps 3 of its 4.
    cat = Catalogue(lines(WHOLESALE, RESALE))
    wholesale = ranked(cat, item("CM5S/0018"))["W"]
    r = cat.upstream.resold(cat._marked(item("CM5S/0018")).lines, *_hits(cat, item("CM5S/0018")))
    (share,) = [x.kept for x in r if x is not None]
    assert share == pytest.approx(3 / 4) and "resold_downstream" in wholesale.matched_on


def _hits(cat, it):
    m = cat._marked(it)
    return m.hits, m.lot_how


LOT_BUY = dict(order_id="W", line_no=1, seller_id="M", buyer_id="D", serial_from=None, serial_to=None,
               lot="L0187-14", order_date=date(2014, 8, 24), ship_to_country="CN", quantity=6, unit="t")


def test_a_distributor_that_resold_part_of_a_lot_keeps_the_unresold_share():
    # D bought 6 t of the lot and resold 1,500 kg of it: the wholesale line keeps 4.5 of 6.
    resale = dict(LOT_BUY, order_id="R", seller_id="D", buyer_id="B", order_date=date(2015, 1, 10),
                  ship_to_country="SA", quantity=1500, unit="kg")
    cat = Catalogue(lines(LOT_BUY, resale))
    by = ranked(cat, item(lot="L0187-14"))
    assert "resold_downstream" in by["W"].matched_on
    r = [x for x in cat.upstream.resold(cat._marked(item(lot="L0187-14")).lines, *_hits(cat, item(lot="L0187-14")))
         if x is not None]
    assert len(r) == 1 and r[0].kept == pytest.approx(0.75) and r[0].resold == pytest.approx(1500.0)
    # All of it resold: the floor, not nothing (records are incomplete).
    everything = Catalogue(lines(LOT_BUY, {**resale, "quantity": 7, "unit": "t"}))
    (r,) = [x for x in everything.upstream.resold(everything._marked(item(lot="L0187-14")).lines,
                                                  *_hits(everything, item(lot="L0187-14"))) if x is not None]
    assert r.kept == RESOLD_FLOOR


def test_a_sale_dated_before_the_purchase_is_not_a_resale():
    early = {**RESALE, "order_date": date(2014, 8, 1)}
    cat = Catalogue(lines(WHOLESALE, early))
    by = ranked(cat, item("CM5S/00178"))
    assert "resold_downstream" not in by["W"].matched_on
    assert not cat.upstream.has_down.any()
    # The same resale on the day of the purchase is one.
    same_day = Catalogue(lines(WHOLESALE, {**RESALE, "order_date": WHOLESALE["order_date"]}))
    assert "resold_downstream" in ranked(same_day, item("CM5S/00178"))["W"].matched_on


def test_a_line_without_a_downstream_line_is_unchanged():
    # A sale of the range by someone who never bought it, and one by D of another model (no
    # resale of this range either): the wholesale line weighs the same with either.
    other = {**RESALE, "seller_id": "X", "model": "TJ-80"}
    plain = ranked(Catalogue(lines(WHOLESALE, other)), item("CM5S/0017"))
    model = ranked(Catalogue(lines(WHOLESALE, {**RESALE, "model": "TJ-80"})), item("CM5S/0017"))
    assert plain["W"].confidence == pytest.approx(model["W"].confidence)
    assert all("resold_downstream" not in c.matched_on for by in (plain, model) for c in by.values())
    # D's resale of the range itself does change it, against the same sale made by X.
    by_x = ranked(Catalogue(lines(WHOLESALE, {**RESALE, "seller_id": "X"})), item("CM5S/0017"))
    by_d = ranked(Catalogue(lines(WHOLESALE, RESALE)), item("CM5S/0017"))
    assert by_d["W"].confidence < by_x["W"].confidence * 0.8


def test_counting_a_readings_numbers_in_a_span():
    assert _count("0017?", 176, 183) == 4 and _count("00178", 178, 180) == 1 and _count("00178", 179, 180) == 0
    assert _count("??8", 170, 200) == 3 and _count("0?78", 0, 9999) == 10


def test_the_chain_shows_the_purchase_the_sale_was_resold_from():
    e = create_engine()
    e.register("parties", pd.DataFrame({"party_id": ["M", "D", "B"], "name": ["Xanros Jet Engines", "Weskor Distribution",
                                                                              "Kormidyor Trading"],
                                        "country": ["CN", "CN", "SE"]}))
    rows = lines(WHOLESALE, RESALE)
    rows = rows.astype({c: "string" for c in ("consignee_id", "payer_id", "ship_to_region", "ship_to_city", "lot")})
    e.register("orders", rows[["order_id", "order_date", "seller_id", "buyer_id", "consignee_id", "payer_id",
                               "ship_to_country", "ship_to_region", "ship_to_city"]])
    e.register("order_lines", rows[["order_id", "line_no", "manufacturer", "model", "lot", "serial_from", "serial_to",
                                    "quantity", "unit"]])
    result = trace_items(e, pd.DataFrame([item("CM5S/00178", country="SE")]))
    chain = result.chains.iloc[0]
    assert chain["order_id"] == "R" and chain["upstream_order_id"] == "W" and chain["upstream_line_no"] == 1
    assert (chain["upstream_seller_id"], chain["upstream_seller_name"], chain["upstream_order_date"]) == (
        "M", "Xanros Jet Engines", "2014-08-31")
    assert chain["last_legitimate_holder"] == "seller D (Weskor Distribution)"
    assert chain["diversion_point"] == "seller D (Weskor Distribution) -> buyer B (Kormidyor Trading)"
